"""The embedded store: atomic replacement, export formats, bound parameters."""

import json

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import QueryError, StoreError
from kg.graph.store import Store

G = "https://w3id.org/airace/document/test"


def quad(s, o, g=G):
    return ox.Quad(ox.NamedNode(f"https://w3id.org/airace/resource/{s}"), ox.NamedNode("https://w3id.org/airace/ontology#produces"),
                   ox.NamedNode(f"https://w3id.org/airace/resource/{o}"), ox.NamedNode(g))


def test_replace_graph_replaces(tmp_path):
    store = Store(tmp_path / "store")
    store.replace_graph(G, [quad("Nvidia", "H100"), quad("Nvidia", "H800")])
    store.replace_graph(G, [quad("Nvidia", "H20")])
    assert store.count() == 1
    reopened = None
    del store
    reopened = Store(tmp_path / "store")
    assert reopened.count() == 1


def test_a_failed_write_keeps_what_was_there():
    store = Store()
    store.replace_graph(G, [quad("Nvidia", "H100")])
    bad = ox.Quad(ox.NamedNode("https://w3id.org/airace/resource/x"), ox.NamedNode("https://w3id.org/airace/ontology#p"),
                  ox.Literal("x"), ox.NamedNode(G))
    # A literal in subject position cannot be written: the update fails as a whole.
    with pytest.raises((StoreError, TypeError, ValueError)):
        store.replace_graph(G, [quad("Nvidia", "H20"), ox.Quad(ox.Literal("x"), bad.predicate, bad.object, bad.graph_name)])
    assert store.count() == 1


@pytest.mark.parametrize("name", ["Nvidia\" } ; DROP ALL ; #", "a'b", "x}\n{ ?s ?p ?o", "<script>"])
def test_bound_parameters_cannot_change_the_query(name):
    store = Store()
    store.replace_graph(G, [quad("Nvidia", "H100")])
    result = store.query("SELECT ?s ?name WHERE { ?s ?p ?o . FILTER(STR(?s) = ?name) }", {"name": name})
    assert list(result) == []
    assert store.count() == 1


def test_bad_query_is_one_line():
    with pytest.raises(QueryError) as info:
        Store().query("SELECT WHERE {")
    assert "\n" not in str(info.value) and str(info.value).startswith("E020")


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def test_export_formats_read_back(tmp_path, suffix):
    store = Store()
    store.replace_graph(G, [quad("Nvidia", "H100")])
    store.replace_graph(G + "2", [quad("Huawei", "Ascend_910B", G + "2")])
    path = store.dump(tmp_path / f"all{suffix}")
    if suffix in (".trig", ".nq", ".jsonld"):
        dataset = rdflib.Dataset()
        dataset.parse(path, format={".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}[suffix])
        graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert {G, G + "2"} <= graphs
    else:
        graph = rdflib.Graph().parse(path, format={".ttl": "turtle", ".nt": "nt"}[suffix])
        assert len(graph) == 2
    if suffix == ".jsonld":
        json.loads(path.read_text())


def test_unknown_export_format(tmp_path):
    with pytest.raises(StoreError, match="unknown export format"):
        Store().dump(tmp_path / "x.csv")
