"""Reasoning: owlrl's consequences in their own graph, plain queries that
need them, named queries that do not."""

from __future__ import annotations

import pytest

import kg
import kg.queries
from kg.namespaces import INFERRED_GRAPH

RES = "https://w3id.org/airace/resource/"
INFERRED = f"<{INFERRED_GRAPH}>"


@pytest.fixture(scope="module")
def inferred(demo_graph) -> kg.KnowledgeGraph:
    """A copy of the demo graph, with inference (the demo graph stays as it is)."""
    graph = kg.KnowledgeGraph.open()
    graph.store.raw.extend(list(demo_graph.store.raw))
    assert graph.infer() > 0
    return graph


def column(graph, sparql):
    return {row[0] for row in graph.query(sparql).rows}


def test_a_plain_query_for_organization_finds_companies(demo_graph, inferred):
    query = "SELECT ?x WHERE { ?x a air:Organization }"
    assert RES + "Nvidia" not in column(demo_graph, query)
    assert {RES + "Nvidia", RES + "DeepSeek", RES + "Huawei"} <= column(inferred, query)


def test_a_plain_query_for_affiliation_finds_founders(demo_graph, inferred):
    query = "SELECT ?p WHERE { ?p air:affiliatedWith res:Nvidia }"
    assert column(demo_graph, query) == set()
    assert column(inferred, query) == {RES + "Jensen_Huang"}
    assert RES + "Huawei" in column(inferred, "SELECT ?x WHERE { ?x air:produces res:Ascend_910C }")  # designs ⇒ produces


def test_inferred_triples_stay_in_their_graph_and_are_useful(demo_graph, inferred):
    for graph in demo_graph.store.graphs():
        assert inferred.store.count(graph) == demo_graph.store.count(graph)
    assert str(INFERRED_GRAPH) not in inferred.store.document_graphs()
    junk = inferred.query(f"""
        SELECT * WHERE {{ GRAPH {INFERRED} {{ ?s ?p ?o }}
          FILTER(?s = ?o || !STRSTARTS(STR(?s), STR(res:)) || isBlank(?o)
                 || ?o IN (owl:Thing, rdfs:Resource) || (?p != rdf:type && !STRSTARTS(STR(?o), STR(res:)))) }}""")
    assert junk.rows == []


def test_inference_is_recomputed_not_piled_up_and_a_write_drops_it(inferred):
    count = inferred.store.count(str(INFERRED_GRAPH))
    assert inferred.infer() == count
    assert inferred.store.count(str(INFERRED_GRAPH)) == count
    copy = kg.KnowledgeGraph.open()
    copy.store.raw.extend(list(inferred.store.raw))
    copy.remove_document(copy.store.document_graphs()[0])
    assert str(INFERRED_GRAPH) not in copy.store.graphs()  # stale consequences go


def _answers(graph, name, params):
    return sorted(map(repr, graph.run_named_query(name, **params).rows))


@pytest.mark.parametrize("name", kg.queries.names())
def test_named_queries_do_not_depend_on_inference(demo_graph, inferred, name):
    query = kg.queries.load(name)
    runs = [query.example()] + ([{}] if all(p.optional for p in query.params) else [])
    for params in runs:
        assert _answers(demo_graph, name, params) == _answers(inferred, name, params), (name, params)
