"""Extraction on worker processes (--jobs) and on a Dask LocalCluster of two
workers gives the same graph as the single-process build."""

from __future__ import annotations

import pytest

import kg
from kg.errors import StoreError
from kg.resources import data_dir


def graph_of(**options) -> kg.KnowledgeGraph:
    graph = kg.KnowledgeGraph.open()
    graph.load_reference()
    report = graph.add_files([data_dir() / "articles"], **options)
    assert not report.failures and len(report.documents) == 10
    return graph


def same_graph(a: kg.KnowledgeGraph, b: kg.KnowledgeGraph) -> None:
    assert sorted(a.store.document_graphs()) == sorted(b.store.document_graphs())
    for name in a.store.document_graphs():
        assert set(a.store.raw.quads_for_pattern(None, None, None, _node(name))) == \
            set(b.store.raw.quads_for_pattern(None, None, None, _node(name))), name


def _node(iri):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


@pytest.fixture(scope="module")
def single(demo_graph):
    return demo_graph


def test_two_processes_give_the_same_graph(single):
    same_graph(single, graph_of(jobs=2))


def test_dask_local_cluster_gives_the_same_graph(single):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        same_graph(single, graph_of(dask=cluster.scheduler_address))


def test_unreachable_scheduler_is_one_clear_error():
    pytest.importorskip("distributed")
    from kg.documents import Document
    from kg.parallel import with_dask

    document = Document.from_file(data_dir() / "articles" / "01_nvidia_controles_export.txt")
    with pytest.raises(StoreError, match="E120 tcp://127.0.0.1:9: the Dask scheduler cannot be reached"):
        list(with_dask([document], "tcp://127.0.0.1:9", timeout="2s"))
