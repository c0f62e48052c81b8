"""A SPARQL server as the store: a real ``oxigraph serve`` on a loopback port
(from the PyPI package ``oxigraph``), built through the API, answering as the
embedded store built from the same articles does."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sysconfig
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import QueryError, StoreError
from kg.graph import remote
from kg.graph.infer import inferred_quads
from kg.graph.remote import RemoteStore
from kg.graph.store import Store, open_store
from kg.resources import data_dir
from kg.server import create_app, running

RES = "https://w3id.org/airace/resource/"
NOTE = ("Huawei et ses puces\n\nLa puce Ascend 910B de Huawei rivalise avec le H100 de Nvidia.\n",
        "Huawei et ses puces\n\nLa puce Ascend 910B de Huawei est gravée par SMIC.\n")


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` program the PyPI package installs beside this Python's scripts."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    """``oxigraph serve`` on a free loopback port, with its data in a temporary folder."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the Oxigraph server is not installed (python -m pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve stopped: {(folder / 'server.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 20 s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def remote_graph(server_url) -> kg.KnowledgeGraph:
    graph = kg.KnowledgeGraph.open(server_url)
    assert isinstance(graph.store, RemoteStore)
    graph.load_reference()
    report = graph.add_files([data_dir() / "articles"])
    assert not report.failures and len(report.documents) >= 8
    return graph


def same_rows(a, b) -> bool:
    """Same variables and the same rows, in any order (ties of ORDER BY may differ)."""
    return a.variables == b.variables and sorted(map(repr, a.rows)) == sorted(map(repr, b.rows))


# -- identical answers ------------------------------------------------------------
def test_every_named_query_answers_as_the_embedded_store(remote_graph, demo_graph):
    for query in remote_graph.named_queries():
        runs = [query.example()]
        if all(p.optional for p in query.params) and query.params:
            runs.append({})
        for params in runs:
            there, here = remote_graph.run_named_query(query.name, **params), demo_graph.run_named_query(query.name, **params)
            assert here.rows, (query.name, params)
            assert same_rows(there, here), (query.name, params)


def test_stats_entity_find_and_validate_are_identical(remote_graph, demo_graph):
    assert remote_graph.stats() == demo_graph.stats()
    assert remote_graph.entity("DeepSeek") == demo_graph.entity("DeepSeek")
    assert remote_graph.find("deepseek") == demo_graph.find("deepseek")
    there, here = remote_graph.validate(), demo_graph.validate()
    assert (there.conforms, there.violations) == (here.conforms, here.violations)
    assert remote_graph.store.graphs() == demo_graph.store.graphs()


def test_construct_ask_and_bound_values(remote_graph, demo_graph):
    construct = "CONSTRUCT { ?s air:produces ?o } WHERE { ?s air:produces ?o }"
    assert set(remote_graph.query(construct).triples) == set(demo_graph.query(construct).triples)
    assert remote_graph.query("ASK { res:Huawei ?p ?o }").boolean is True
    labels = "SELECT ?e ?label WHERE { ?e rdfs:label ?label }"
    deepseek = ox.NamedNode(RES + "DeepSeek")
    assert same_rows(remote_graph.query(labels, e=deepseek), demo_graph.query(labels, e=deepseek))
    by_label = "SELECT DISTINCT ?e ?label WHERE { ?e rdfs:label ?label }"
    assert remote_graph.query(by_label, label="DeepSeek").rows == [[RES + "DeepSeek", "DeepSeek"]]


@pytest.mark.parametrize("name", ["Nvidia\" } ; DROP ALL ; #", "a'b", "x}\n{ ?s ?p ?o", "<script>", "\\\"\u2028"])
def test_bound_values_cannot_change_the_query(remote_graph, name):
    before = remote_graph.store.count()
    result = remote_graph.query("SELECT ?s ?name WHERE { ?s ?p ?o . FILTER(STR(?s) = ?name) }", name=name)
    assert result.rows == []
    assert remote_graph.store.count() == before


def test_inferences_and_the_endpoint_over_it_are_the_same(remote_graph, demo_graph):
    assert set(inferred_quads(remote_graph.store)) == set(inferred_quads(demo_graph.store))
    query = "SELECT ?chip WHERE { res:Huawei air:produces ?chip } ORDER BY ?chip"
    with running(create_app(remote_graph)) as url:
        answer = httpx.get(url + "/sparql", params={"query": query}, timeout=30).json()
        named = httpx.get(url + "/queries/chips-of", params={"entity": "DeepSeek"}, timeout=30)
    assert [b["chip"]["value"] for b in answer["results"]["bindings"]] == [r[0] for r in demo_graph.query(query).rows]
    assert named.status_code == 200 and "H800" in named.text


def test_save_and_load(remote_graph, demo_graph, tmp_path):
    there, here = remote_graph.save(tmp_path / "remote.nq"), demo_graph.save(tmp_path / "embedded.nq")
    named = lambda path: {q for q in ox.parse(path=str(path)) if not any(  # noqa: E731
        isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}
    assert named(there) == named(here) and len(list(ox.parse(path=str(there)))) == demo_graph.store.count()
    toy = tmp_path / "toy.nq"
    toy.write_text('<urn:kg:a> <urn:kg:p> "x" <urn:kg:g1> .\n<urn:kg:a> <urn:kg:p> "y" <urn:kg:g1> .\n'
                   '<urn:kg:b> <urn:kg:p> <urn:kg:a> <urn:kg:g2> .\n', encoding="utf-8")
    remote_graph.store.load(toy)
    assert (remote_graph.store.count("urn:kg:g1"), remote_graph.store.count("urn:kg:g2")) == (2, 1)
    for g in ("urn:kg:g1", "urn:kg:g2"):
        remote_graph.store.remove_graph(g)
    assert remote_graph.store.count() == demo_graph.store.count()


# -- writes ------------------------------------------------------------------------
def test_rebuild_and_replace_a_document(remote_graph, demo_graph):
    report = remote_graph.add_files([data_dir() / "articles"])
    assert len(report.documents) >= 8
    assert remote_graph.store.count() == demo_graph.store.count()
    first = remote_graph.add_text(NOTE[0], source="remote-note.txt")
    second = remote_graph.add_text(NOTE[1], source="remote-note.txt")  # same source, new text: replaces
    assert first != second
    assert remote_graph.store.graphs_with_source("remote-note.txt") == [second]
    assert remote_graph.store.count(first) == 0 and remote_graph.store.count(second) > 0
    remote_graph.remove_document(second)
    assert remote_graph.store.count() == demo_graph.store.count()


def test_a_failed_replace_changes_nothing(remote_graph, monkeypatch):
    g = "https://w3id.org/airace/document/remote-atomic"
    old = [ox.Quad(ox.NamedNode(RES + "Nvidia"), ox.NamedNode("https://w3id.org/airace/ontology#produces"),
                   ox.NamedNode(RES + "H100"), ox.NamedNode(g))]
    remote_graph.store.replace_graph(g, old)
    failing = remote.replace_update  # drops, inserts, then fails at run time: all or nothing
    monkeypatch.setattr(remote, "replace_update", lambda *a: failing(*a) + " ;\nDROP GRAPH <urn:kg:no-such-graph>")
    new = [ox.Quad(ox.NamedNode(RES + "Nvidia"), old[0].predicate, ox.NamedNode(RES + "H20"), ox.NamedNode(g))]
    with pytest.raises(StoreError, match="E091 .*HTTP 500"):
        remote_graph.store.replace_graph(g, new)
    assert [q.object.value for q in remote_graph.store.quads() if q.graph_name.value == g] == [RES + "H100"]
    monkeypatch.undo()
    remote_graph.store.remove_graph(g)
    assert remote_graph.store.count(g) == 0


# -- errors ------------------------------------------------------------------------
def test_a_bad_query_is_the_same_one_line_error(remote_graph):
    messages = []
    for store in (remote_graph.store, Store()):
        with pytest.raises(QueryError) as info:
            store.query("SELECT ?x\nWHERE {")
        messages.append(str(info.value))
    assert messages[0] == messages[1] and messages[0].startswith("E020 ") and "\n" not in messages[0]
    with pytest.raises(QueryError, match="E020"):
        remote_graph.update("INSERT DATA { oops")


def test_server_down_slow_or_wrong_gives_one_line_errors(server_url):
    with pytest.raises(StoreError, match=r"^E090 http://127\.0\.0\.1:\d+: the SPARQL server cannot be reached"):
        kg.KnowledgeGraph.open(f"http://127.0.0.1:{free_port()}")
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with pytest.raises(StoreError, match="^E092 .* did not answer within 0.3 s$"):
            RemoteStore(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.3)
    with pytest.raises(StoreError, match=r"^E091 .*/nothing/query: the SPARQL server answered HTTP 404"):
        RemoteStore(server_url + "/nothing")
    with pytest.raises(StoreError, match="^E093"):
        open_store("http://")


@pytest.mark.parametrize("content_type, body, code", [
    ("application/sparql-results+json", b'{"head": {}, "boolean": true}', "E094"),  # "not a union" check says yes
    ("text/html", b"<html>hello</html>", "E095"),
])
def test_a_server_that_is_not_fit_is_named(content_type, body, code):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    try:
        with pytest.raises(StoreError, match=f"^{code} "):
            RemoteStore(f"http://127.0.0.1:{fake.server_address[1]}/query")
    finally:
        fake.shutdown()
        fake.server_close()


def test_the_url_is_the_root_of_the_endpoints():
    assert RemoteStore("http://127.0.0.1:7878/query", check=False).url == "http://127.0.0.1:7878"
    assert RemoteStore("https://example.org/ds/", check=False).location == "https://example.org/ds"
    assert isinstance(open_store(None), Store)


# -- the command line -----------------------------------------------------------------
def test_commands_take_a_server_url(remote_graph, server_url, monkeypatch):
    runner = CliRunner()
    build = runner.invoke(app, ["build", str(data_dir() / "articles"), "--store", server_url])
    assert build.exit_code == 0 and f"({server_url})" in build.stdout
    stats = runner.invoke(app, ["stats", "--store", server_url])
    assert stats.exit_code == 0 and f"{remote_graph.store.count()} quads" in stats.stdout
    named = runner.invoke(app, ["query", "--name", "chips-of", "-p", "entity=DeepSeek", "--format", "csv", "--store", server_url])
    assert named.exit_code == 0 and "H800" in named.stdout
    monkeypatch.setenv("KG_STORE", server_url)
    assert "Nvidia" in runner.invoke(app, ["entity", "H800"]).stdout
    down = runner.invoke(app, ["stats", "--store", f"http://127.0.0.1:{free_port()}"])
    assert down.exit_code == 1 and "E090" in down.stderr and len(down.stderr.strip().splitlines()) == 1
