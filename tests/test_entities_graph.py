"""The entities graph (kg.graph.entities): each entity described once, and
always what a full rebuild from the documents would give."""

from __future__ import annotations

import pyoxigraph as ox

import kg
from kg.graph.entities import rebuild_update
from kg.namespaces import ENTITIES_GRAPH

RES = "https://w3id.org/airace/resource/"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
AIR = "https://w3id.org/airace/ontology#"
COMPANY = ox.NamedNode(AIR + "Company")


def described(graph) -> set:
    """What the entities graph says about entities (its version marker left out)."""
    return {(q.subject.value, q.predicate.value, q.object.value)
            for q in graph.store.raw.quads_for_pattern(None, None, None, ox.NamedNode(str(ENTITIES_GRAPH)))
            if q.subject.value.startswith(RES)}


def rebuilt(graph) -> set:
    """What a full rebuild gives, in a copy of the store."""
    copy = kg.KnowledgeGraph.open()
    copy.store.raw.extend(q for q in graph.store.quads() if q.graph_name.value != str(ENTITIES_GRAPH))
    copy.store.update(rebuild_update())
    return described(copy)


def document(graph, name: str, entities: dict[str, list[str]], relations: tuple = ()) -> None:
    """Write a hand-made document graph mentioning ``entities`` (name: aliases)
    and stating ``relations`` (subject, air: property, object) through the API."""
    g = ox.NamedNode(f"https://w3id.org/airace/document/{name}")
    quads = []
    for entity, aliases in entities.items():
        e = ox.NamedNode(RES + entity.replace(" ", "_"))
        quads += [ox.Quad(e, TYPE, COMPANY, g), ox.Quad(e, RDFS_LABEL, ox.Literal(entity), g)]
        quads += [ox.Quad(e, ALT, ox.Literal(alias), g) for alias in aliases]
    quads += [ox.Quad(ox.NamedNode(RES + s), ox.NamedNode(AIR + p), ox.NamedNode(RES + o), g) for s, p, o in relations]
    quads.append(ox.Quad(ox.NamedNode(RES + "Zhipu"), ox.NamedNode(AIR + "mentionCount"), ox.Literal("2"), g))  # not a relation
    graph._replace(g.value, quads)


def test_each_entity_is_described_once_however_many_documents_restate_it(demo_graph):
    labels = [t for t in described(demo_graph) if t[0] == RES + "DeepSeek" and t[1] == RDFS_LABEL.value]
    assert labels == [(RES + "DeepSeek", RDFS_LABEL.value, "DeepSeek")]
    restated = demo_graph.query("SELECT ?g WHERE { GRAPH ?g { res:DeepSeek rdfs:label ?l } }")
    assert len(restated) > 2
    assert described(demo_graph) == rebuilt(demo_graph)


def test_adding_replacing_and_removing_documents_keeps_it_in_step():
    graph = kg.KnowledgeGraph.open()
    document(graph, "a", {"Zhipu": ["Z.ai"], "Moore Threads": []})
    document(graph, "b", {"Zhipu": ["智谱"]})
    assert {t[2] for t in described(graph) if t[0] == RES + "Zhipu" and t[1] == ALT.value} == {"Z.ai", "智谱"}
    document(graph, "a", {"Biren": []})  # a new version of a: Moore Threads and the alias Z.ai are gone
    assert described(graph) == rebuilt(graph)
    assert not [t for t in described(graph) if t[0] == RES + "Moore_Threads"]
    assert {t[2] for t in described(graph) if t[0] == RES + "Zhipu" and t[1] == ALT.value} == {"智谱"}
    graph.remove_document("https://w3id.org/airace/document/b")
    assert described(graph) == rebuilt(graph)
    assert {t[0] for t in described(graph)} == {RES + "Biren"}
    assert graph.find("智谱") == []


def test_each_relation_between_entities_is_stated_once_and_goes_with_its_last_source():
    graph = kg.KnowledgeGraph.open()
    uses = ("Zhipu", "usesChip", "Ascend_910B")
    document(graph, "a", {"Zhipu": [], "Ascend 910B": []}, (uses, ("Zhipu", "basedIn", "China")))
    document(graph, "b", {"Zhipu": [], "Ascend 910B": []}, (uses,))
    relations = {t for t in described(graph) if t[1].startswith(AIR)}
    assert relations == {(RES + "Zhipu", AIR + "usesChip", RES + "Ascend_910B"), (RES + "Zhipu", AIR + "basedIn", RES + "China")}
    assert len(graph.query("SELECT ?g WHERE { GRAPH ?g { res:Zhipu air:usesChip res:Ascend_910B } }")) == 3  # a, b, entities
    document(graph, "a", {"Zhipu": []})  # a no longer says where Zhipu is based
    assert {t[1] for t in described(graph) if t[0] == RES + "Zhipu"} >= {AIR + "usesChip"}
    assert not [t for t in described(graph) if t[1] == AIR + "basedIn"]
    assert described(graph) == rebuilt(graph)
    graph.remove_document("https://w3id.org/airace/document/b")
    assert not [t for t in described(graph) if t[1].startswith(AIR)]
    assert described(graph) == rebuilt(graph)


def test_a_write_behind_the_api_is_caught_up_before_the_next_named_query():
    graph = kg.KnowledgeGraph.open()
    document(graph, "a", {"Zhipu": []})
    assert graph.find("Zhipu") == [RES + "Zhipu"]
    g = ox.NamedNode("https://w3id.org/airace/document/raw")
    graph.store.raw.add(ox.Quad(ox.NamedNode(RES + "Cambricon"), RDFS_LABEL, ox.Literal("Cambricon"), g))
    assert graph.find("cambricon") == [RES + "Cambricon"]
    assert described(graph) == rebuilt(graph)
    graph.update("DELETE WHERE { GRAPH ?g { res:Zhipu ?p ?o } }")  # a user's SPARQL Update
    assert graph.find("Zhipu") == []
    assert described(graph) == rebuilt(graph)


def test_a_store_without_it_gets_it_before_being_written_to(tmp_path):
    """A store built by an older version: the first write describes what was
    already there, not only what it adds."""
    old = kg.KnowledgeGraph.open(tmp_path / "store")
    document(old, "a", {"Zhipu": []})
    old.store.remove_graph(str(ENTITIES_GRAPH))  # as an older version left it
    old.close()
    graph = kg.KnowledgeGraph.open(tmp_path / "store")
    document(graph, "b", {"Biren": []})
    assert {t[0] for t in described(graph)} == {RES + "Zhipu", RES + "Biren"}
    graph.close()


def test_a_graph_in_an_older_layout_is_rebuilt(tmp_path):
    """Version 1 held descriptions only: without the version marker, the
    relations would be missing from every named query."""
    old = kg.KnowledgeGraph.open(tmp_path / "store")
    document(old, "a", {"Zhipu": [], "Ascend 910B": []}, (("Zhipu", "usesChip", "Ascend_910B"),))
    old.store.update(f"DELETE WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ <{ENTITIES_GRAPH}> ?p ?o }} }} ;"
                     f"DELETE WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s <{AIR}usesChip> ?o }} }}")
    old.close()
    graph = kg.KnowledgeGraph.open(tmp_path / "store")
    assert [row["chipLabel"] for row in graph.run_named_query("chips-of", entity="Zhipu")] == ["Ascend 910B"]
    assert described(graph) == rebuilt(graph)
    graph.close()
