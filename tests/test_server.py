"""``kg serve``: a real server on a loopback port, queried with SPARQLWrapper
and httpx, on a copy of the demo graph."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from typer.testing import CliRunner

import kg
from kg.errors import QueryError
from kg.graph.answer import has_service
from kg.server import create_app, running
from kg.workers import Limits, Workers

CHIPS = "SELECT DISTINCT ?chip WHERE { res:Nvidia air:produces ?chip }"
SLOW = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f }"  # millions of solutions: seconds to read
TOKEN = "s3cret-token"


def copy_of(graph) -> kg.KnowledgeGraph:
    copy = kg.KnowledgeGraph.open()
    copy.store.raw.extend(list(graph.store.raw))
    return copy


@pytest.fixture(scope="module")
def served(demo_graph):
    return copy_of(demo_graph)


@pytest.fixture(scope="module")
def url(served):
    with running(create_app(served, Limits(timeout=20, max_rows=500, workers=2))) as base:
        yield base


@pytest.fixture(scope="module")
def http(url):
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client


def wrapper(url, query, fmt=JSON, method=None, request_method=None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    if request_method:
        sparql.setRequestMethod(request_method)
    return sparql


def test_sparqlwrapper_select_by_get_and_both_posts(url):
    for method, request_method in ((None, None), (POST, None), (POST, POSTDIRECTLY)):
        result = wrapper(url, CHIPS, JSON, method, request_method).query().convert()
        chips = {b["chip"]["value"].rsplit("/", 1)[-1] for b in result["results"]["bindings"]}
        assert {"H100", "H800", "H20"} <= chips, (method, request_method)


def test_sparqlwrapper_other_formats(url):
    xml = wrapper(url, CHIPS, XML).query().convert()  # a minidom document
    assert xml.getElementsByTagName("uri")
    csv = wrapper(url, CHIPS, CSV).query().convert().decode()
    assert csv.splitlines()[0] == "chip" and "resource/H100" in csv
    tsv = wrapper(url, CHIPS, TSV).query().convert().decode()
    assert tsv.splitlines()[0] == "?chip" and "<https://w3id.org/airace/resource/H100>" in tsv
    assert wrapper(url, "ASK { res:Nvidia air:produces res:H100 }").query().convert()["boolean"] is True
    graph = wrapper(url, "CONSTRUCT { res:Nvidia air:produces ?c } WHERE { res:Nvidia air:produces ?c }", TURTLE).query().convert()
    assert isinstance(graph, (bytes, rdflib.Graph))
    graph = graph if isinstance(graph, rdflib.Graph) else rdflib.Graph().parse(data=graph.decode(), format="turtle")
    assert len(graph) >= 3


@pytest.mark.parametrize("accept, media", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values;q=0.9, text/csv;q=0.2", "text/tab-separated-values; charset=utf-8"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
])
def test_select_content_negotiation(http, accept, media):
    response = http.get("/sparql", params={"query": CHIPS}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.headers["content-type"] == media


@pytest.mark.parametrize("accept, media, parse", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_and_describe_content_negotiation(http, accept, media, parse):
    for query in ("CONSTRUCT WHERE { res:Nvidia air:produces ?c }", "DESCRIBE res:H800"):
        response = http.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query", "Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
        assert len(rdflib.Graph().parse(data=response.text, format=parse)) > 0


def test_form_post_format_parameter_and_dataset_parameters(http):
    response = http.post("/sparql", data={"query": CHIPS, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv") and "H100" in response.text
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = http.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
    reference = http.get("/sparql", params={"query": count, "default-graph-uri": "https://w3id.org/airace/graph/reference"})
    assert 0 < int(reference.json()["results"]["bindings"][0]["n"]["value"]) < int(union)


@pytest.mark.parametrize("request_args, status, code", [
    ({"params": {"query": "SELECT WHERE {"}}, 400, "E020"),
    ({"params": {}}, 400, "E106"),
    ({"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}}, 403, "E105"),
    ({"params": {"query": CHIPS}, "headers": {"Accept": "image/png"}}, 406, "E107"),
    ({"params": {"query": "SELECT * WHERE { ?s ?p ?o }"}}, 422, "E101"),
])
def test_clear_one_line_errors(http, request_args, status, code):
    response = http.get("/sparql", **request_args)
    assert response.status_code == status and response.text.startswith(code) and response.text.count("\n") == 1


def test_row_cap_lets_a_limited_query_through(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 500"})
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 500
    bad = http.post("/sparql", content=b"SELECT", headers={"Content-Type": "text/plain"})
    assert bad.status_code == 415 and bad.text.startswith("E108")


def test_updates_are_refused_by_default(url, http, served):
    before = served.store.count()
    for response in (
        http.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}),
        http.post("/sparql", data={"update": "DROP ALL"}),
        http.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update",
                                                           "Authorization": f"Bearer {TOKEN}"}),
    ):
        assert response.status_code == 403 and response.text.startswith("E103")
    assert http.get("/sparql", params={"update": "DROP ALL"}).status_code == 405
    sparql = wrapper(url, "INSERT DATA { res:x air:produces res:y }", method=POST)
    with pytest.raises(Exception):
        sparql.query()
    assert served.store.count() == before


def test_updates_need_the_option_and_the_token(demo_graph):
    graph = copy_of(demo_graph)
    with pytest.raises(kg.KGError, match="E110"):
        create_app(graph, allow_update=True)
    insert = "INSERT DATA { GRAPH <urn:x:g> { res:Zorbex air:produces res:Z1 } }"
    with running(create_app(graph, allow_update=True, token=TOKEN)) as base:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            refused = httpx.post(base + "/sparql", data={"update": insert}, headers=headers)
            assert refused.status_code == 403 and refused.text.startswith("E104")
        ok = httpx.post(base + "/sparql", content=insert, headers={"Content-Type": "application/sparql-update",
                                                                    "Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        ask = httpx.get(base + "/sparql", params={"query": "ASK { res:Zorbex air:produces res:Z1 }"}).json()
        assert ask["boolean"] is True


def test_time_limit_answers_503_and_the_server_recovers(demo_graph):
    with running(create_app(copy_of(demo_graph), Limits(timeout=0.5, max_rows=10**9, workers=1))) as base:
        start = time.monotonic()
        response = httpx.get(base + "/sparql", params={"query": SLOW}, timeout=30)
        assert response.status_code == 503 and response.text.startswith("E100")
        assert time.monotonic() - start < 1.5
        for _ in range(100):  # the abandoned query stops at its next solution and frees its slot
            if httpx.get(base + "/sparql", params={"query": CHIPS}, timeout=30).status_code == 200:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the server did not recover")


def test_workers_give_up_at_the_time_limit_and_keep_the_slot_until_the_thread_ends():
    async def scenario():
        workers = Workers(Limits(timeout=0.2, workers=1))
        release, seen = threading.Event(), []

        def slow(cancel):
            release.wait(5)
            seen.append(cancel.is_set())
            return "late"

        with pytest.raises(QueryError, match="E100"):
            await workers.run(slow)
        with pytest.raises(QueryError, match="E102"):  # its slot is still taken
            await workers.run(lambda cancel: "quick")
        release.set()
        await asyncio.sleep(0.2)
        assert await workers.run(lambda cancel: "quick") == "quick"
        assert seen == [True]

    asyncio.run(scenario())


def test_named_queries_over_http(http, served):
    listing = http.get("/queries").json()
    chips_of = next(q for q in listing if q["name"] == "chips-of")
    assert chips_of["params"][0]["name"] == "entity" and chips_of["example"] == "/queries/chips-of?entity=DeepSeek"
    result = http.get(chips_of["example"]).json()
    assert {b["chipLabel"]["value"] for b in result["results"]["bindings"]} == {"H800"}
    assert "H800" in http.get("/queries/chips-of", params={"entity": "deepseek", "format": "csv"}).text
    before = served.store.count()
    for params, status, code in (({"entity": 'x"} ; DROP ALL ; #'}, 404, "E022"), ({}, 400, "E042"),
                                 ({"entity": "DeepSeek", "colour": "red"}, 400, "E041"),
                                 ({"entity": "https://x> } ; DROP ALL"}, 400, "E043")):
        response = http.get("/queries/chips-of", params=params)
        assert response.status_code == status and response.text.startswith(code), params
    assert http.get("/queries/nope").status_code == 404
    assert served.store.count() == before


def test_viz_serves_the_real_viewer_with_url_filters(http, served):
    whole = http.get("/viz")
    assert whole.status_code == 200 and whole.headers["content-type"].startswith("text/html")
    focused = http.get("/viz", params={"focus": "DeepSeek", "depth": "1", "classes": "Chip,Company", "min_confidence": "0.5"})
    assert focused.status_code == 200
    import kg.viz  # the same selection through the API gives the same entities

    expected = kg.viz.view_of(served, focus="DeepSeek", depth=1, classes=["Chip", "Company"], min_confidence=0.5)
    assert 0 < len(expected.nodes) < len(kg.viz.view_of(served).nodes)
    assert all(node.label in focused.text for node in expected.nodes if node.label.isascii())
    assert http.get("/viz", params={"depth": "two"}).text.startswith("E112")
    unknown = http.get("/viz", params={"focus": "Nobody-at-all"})
    assert unknown.status_code >= 400 and "E070" in unknown.text


def test_yasgui_page_works_offline(http):
    page = http.get("/")
    assert page.status_code == 200 and "new Yasgui(" in page.text and '"/sparql"' in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "").split("<script>")[0]  # no CDN
    for asset in ("/static/yasgui/yasgui.min.js", "/static/yasgui/yasgui.min.css", "/static/yasgui/LICENSE"):
        response = http.get(asset)
        assert response.status_code == 200 and len(response.content) > 1000, asset


@pytest.mark.parametrize("query, federated", [
    ("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }", True),
    ("select * { service silent ?e { ?s ?p ?o } }", True),
    ("SELECT * { \\u0053ERVICE <http://x/> { } }", True),
    ("SELECT * { ?s ex:a\\#b ?o . SERVICE <http://x/> { } }", True),
    ("# it's\nSELECT * { SERVICE <http://x/> { } } # '''", True),
    ('SELECT * { ?s ?p "the SERVICE sector" } # a SERVICE comment', False),
    ("SELECT * { ?s ex:SERVICE ?SERVICE }", False),
    ("SELECT * { ?s ?p '''a\nSERVICE''' }", False),
])
def test_federated_queries_are_detected(query, federated):
    assert has_service(query) is federated


def test_serve_help_and_loopback_default():
    from kg.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--allow-update" in result.stdout and "127.0.0.1" in result.stdout
    refused = CliRunner().invoke(app, ["serve", "--allow-update"], env={"KG_TOKEN": ""})
    assert refused.exit_code == 1 and "E110" in refused.stderr
