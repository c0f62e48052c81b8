"""Shared fixtures: the real French pipeline (loaded once), the real articles
of ../shared/corpus when present, and graphs built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.resources import data_dir

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not any(CORPUS.glob("*.txt")):
        pytest.skip("../shared/corpus is not here")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_graph(corpus_dir) -> kg.KnowledgeGraph:
    graph = kg.KnowledgeGraph.open()
    graph.load_reference()
    report = graph.add_files([corpus_dir])
    assert not report.failures
    return graph


@pytest.fixture(scope="session")
def demo_graph() -> kg.KnowledgeGraph:
    graph = kg.KnowledgeGraph.open()
    graph.load_reference()
    report = graph.add_files([data_dir() / "articles"])
    assert not report.failures and len(report.documents) >= 8
    return graph
