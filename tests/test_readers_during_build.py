"""Readers keep working while another process builds into the store: a
server opened for reading, and ``kg query``, answer from the last published
state during the build and see the new one after it; neither blocks it."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

import kg
from kg.errors import StoreError
from kg.graph.store import Store
from kg.resources import data_dir
from kg.server import create_app, running

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def copies(folder, n, tag):
    folder.mkdir()
    sources = sorted((data_dir() / "articles").glob("*.txt"))
    for i in range(n):
        source = sources[i % len(sources)]
        (folder / f"{i:03d}_{source.name}").write_text(source.read_text(encoding="utf-8") + f"\n({tag} {i})\n",
                                                     encoding="utf-8")
    return folder


def served_count(http) -> int:
    response = http.get("/sparql", params={"query": COUNT}, headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_server_and_kg_query_answer_during_a_build_and_see_it_after(tmp_path):
    store = tmp_path / "store"
    with kg.KnowledgeGraph.open(store) as graph:  # a first build, published on closing
        graph.add_files([copies(tmp_path / "first", 2, "avant")])
        before = graph.query(COUNT).rows[0][0]
    reader = kg.KnowledgeGraph.open(store, read_only=True)
    build = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(copies(tmp_path / "more", 40, "pendant")),
                              "--store", str(store), "--verbose"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             text=True)
    with running(create_app(reader)) as url, httpx.Client(base_url=url, timeout=30) as http:
        for line in build.stderr:  # the build holds the store and is writing
            if line.startswith("written:"):
                break
        assert served_count(http) == before
        cli = subprocess.run([sys.executable, "-m", "kg.cli", "query", COUNT, "--store", str(store), "--format", "csv"],
                             capture_output=True, text=True, timeout=120)
        assert cli.returncode == 0, cli.stderr
        assert cli.stdout.split()[-1] == str(before)
        assert build.poll() is None  # all of this happened during the build
        build.stderr.read()
        assert build.wait(timeout=600) == 0  # and did not stop it
        after = served_count(http)  # the server moved to the state the build published
    with kg.KnowledgeGraph.open(store) as graph:
        assert after == graph.query(COUNT).rows[0][0] > before
        assert len(graph.store.document_graphs()) == 42
    reader.close()


def test_a_reader_cannot_write_and_a_second_writer_is_told_clearly(tmp_path):
    writer = kg.KnowledgeGraph.open(tmp_path / "s")
    writer.add_text("Huawei produit la puce Ascend 910B.", source="a")
    writer.store.flush()
    reader = kg.KnowledgeGraph.open(tmp_path / "s", read_only=True)
    assert reader.find("Ascend 910B")
    with pytest.raises(StoreError, match="E014"):
        reader.add_text("Nvidia produit la puce H100.", source="b")
    with pytest.raises(StoreError, match="E016.*another process holds the store"):
        Store(tmp_path / "s", wait=0.2)
    writer.add_text("Nvidia produit la puce H100.", source="b")
    assert not reader.find("H100")
    writer.store.flush()
    assert reader.refresh() and reader.find("H100")
    writer.close()
    reader.close()
