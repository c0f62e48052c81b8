"""The networkx projection: nodes, edges, core properties, countries, evidence."""

from __future__ import annotations

import pytest

from conftest import DOC1, REFERENCE, RES
from kg.analytics import to_networkx
from kg.analytics.projection import CORE, add_entity, add_relation, assign_countries, new_graph
from kg.errors import AnalysisError
from kg.resources import ontology_dir


def test_text_becomes_nodes_and_edges_with_their_sentences(race_graph):
    G = race_graph.to_networkx()
    assert sorted((d["label"], d["class"], d["country"]) for _, d in G.nodes(data=True)) == [
        ("China", "Country", "China"), ("DeepSeek", "Company", "China"),
        ("DeepSeek-V3", "AIModel", "China"),            # its developer's country
        ("H800", "Chip", "United States"),              # its producer's country
        ("Nvidia", "Company", "United States"),
        ("US export controls", "Policy", "United States"),  # its issuer's country
        ("United States", "Country", "United States")]
    edges = sorted((G.nodes[u]["label"], k, G.nodes[v]["label"]) for u, v, k in G.edges(keys=True))
    assert edges == [
        ("DeepSeek", "basedIn", "China"), ("DeepSeek", "develops", "DeepSeek-V3"), ("DeepSeek", "usesChip", "H800"),
        ("DeepSeek-V3", "usesChip", "H800"), ("Nvidia", "basedIn", "United States"), ("Nvidia", "produces", "H800"),
        ("US export controls", "issuedBy", "United States"), ("US export controls", "targets", "H800")]
    designs = G.edges[RES + "Nvidia", RES + "H800", "produces"]
    assert designs["property"] == "produces" and designs["asserted"] == ["designs"]
    assert designs["sentences"] == ["Le groupe américain Nvidia conçoit la puce H800."]
    assert designs["sources"] == designs["graphs"] and designs["sources"][0].startswith("https://w3id.org/airace/document/")
    assert 0 < designs["confidence"] <= 1 and not designs["reference"]
    assert G.graph["documents"][designs["sources"][0]]["title"] == "Puces et contrôles"


def test_relations_are_merged_across_graphs_with_the_best_confidence_and_every_source(toy_graph):
    G = to_networkx(toy_graph)
    produces = G.edges[RES + "Alpha", RES + "B100", "produces"]
    assert produces["confidence"] == 1.0
    assert produces["sources"] == ["https://example.org/b100", DOC1]
    assert produces["graphs"] == [DOC1, REFERENCE]
    assert produces["sentences"] == ["Alpha fabrique la puce B100."]
    assert produces["evidence"][0]["sentence"] == "Alpha fabrique la puce B100."  # a sentence before a reference fact
    assert G.edges[RES + "Pat", RES + "Alpha", "affiliatedWith"]["asserted"] == ["leads"]
    assert G.nodes[RES + "Alpha"]["aliases"] == ["Alpha Corp"] and G.nodes[RES + "Zed"]["country"] is None
    assert G.nodes[RES + "Pat"]["country"] == "Cland"  # the country of the organisation Pat leads
    assert {G.nodes[n]["country"] for n in (RES + "B100", RES + "Model-M")} == {"Cland"}
    assert G.number_of_nodes() == 6 and G.number_of_edges() == 5


def test_min_confidence_drops_weak_relations_not_entities(toy_graph):
    G = toy_graph.to_networkx(min_confidence=0.7)
    assert sorted(k for _, _, k in G.edges(keys=True)) == ["basedIn", "develops", "produces"]
    assert G.number_of_nodes() == 6
    with pytest.raises(AnalysisError, match="E083 min_confidence"):
        toy_graph.to_networkx(min_confidence=1.5)


def test_subproperties_are_those_of_the_ontology():
    import rdflib

    onto = rdflib.Graph().parse(ontology_dir() / "airace.ttl")
    air = "https://w3id.org/airace/ontology#"
    declared = {str(s)[len(air):]: str(o)[len(air):] for s, o in onto.subject_objects(rdflib.RDFS.subPropertyOf)
                if str(s).startswith(air) and str(o).startswith(air)}
    assert declared == CORE


def test_designer_gives_a_chip_its_country_before_the_foundry():
    G = new_graph()
    for name, cls in (("Nvidia", "Company"), ("TSMC", "Company"), ("US", "Country"), ("TW", "Country"), ("H100", "Chip")):
        add_entity(G, name, name, cls)
    for s, p, o, c in (("Nvidia", "basedIn", "US", 1.0), ("TSMC", "basedIn", "TW", 1.0),
                       ("TSMC", "manufactures", "H100", 1.0), ("Nvidia", "produces", "H100", 0.5)):
        add_relation(G, s, p, o, graph="g", source="g", confidence=c)
    assign_countries(G)
    assert G.nodes["H100"]["country"] == "US"
    assert sorted(G.edges["TSMC", "H100", "produces"]["asserted"]) == ["manufactures"]


def test_analyses_do_not_import_spacy(toy_graph, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    toy_graph.save(tmp_path / "toy.trig")
    code = ("import sys, kg; g = kg.KnowledgeGraph.open(); g.store.load(sys.argv[1]); g.centrality(); "
            "g.supply_chains(); g.exposure(); g.blocs(); g.explain('Alpha Corp', 'Pat'); g.export(sys.argv[2]); "
            "print('spacy' in sys.modules)")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "toy.trig"), str(tmp_path / "toy.gexf")],
                          cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
