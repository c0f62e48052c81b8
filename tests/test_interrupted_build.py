"""A build killed halfway leaves a usable store holding only whole documents,
and the next build completes to the same graph as a clean one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import kg
from kg.resources import data_dir


def test_killed_build_leaves_whole_documents_and_the_next_build_completes(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for source in sorted((data_dir() / "articles").glob("*.txt")):
        for copy in range(3):
            text = source.read_text(encoding="utf-8") + f"\n(copie {copy})\n"
            (articles / f"{copy}_{source.name}").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    command = [sys.executable, "-m", "kg.cli", "build", str(articles), "--store", str(store)]
    process = subprocess.Popen(command + ["--verbose"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    written_lines = 0
    for line in process.stderr:  # kill it once a few documents are in
        written_lines += line.startswith("written:")
        if written_lines == 3:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    clean = kg.KnowledgeGraph.open()
    clean.load_reference()
    clean.add_files([articles])
    with kg.KnowledgeGraph.open(store, read_only=True) as reader:  # publishes what the killed build wrote, and reads it
        assert reader.store.read_only and 3 <= len(reader.store.document_graphs()) < 30
    with kg.KnowledgeGraph.open(store) as graph:  # opens, and answers queries
        written = graph.store.document_graphs()
        assert 3 <= len(written) < 30  # killed halfway
        for name in written:  # each document graph is whole: the same quads as in a clean build
            assert graph.store.count(name) == clean.store.count(name), name
        assert graph.query("ASK { ?s ?p ?o }").boolean or not written
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    with kg.KnowledgeGraph.open(store) as graph:
        assert sorted(graph.store.document_graphs()) == sorted(clean.store.document_graphs())
        assert graph.store.count() == clean.store.count()
