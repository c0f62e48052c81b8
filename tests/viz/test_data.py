"""The viewer's data layer: what is read from the graph and what a view keeps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import ViewError
from kg.viz import resolve, view_of
from kg.viz.data import read_graph

RES = "https://w3id.org/airace/resource/"
DOC1 = "https://w3id.org/airace/document/toy1"
DOC2 = "https://w3id.org/airace/document/toy2"
REFERENCE = "https://w3id.org/airace/graph/reference"


def labels(view):
    return sorted(n.label for n in view.nodes)


def relations(view):
    return sorted((e.source[len(RES):], e.prop, e.target[len(RES):]) for e in view.edges)


def test_read_graph_collects_entities_relations_evidence_documents(toy_graph):
    data = read_graph(toy_graph)
    assert sorted(n.label for n in data.nodes.values()) == ["Alpha", "B100", "Cland", "Model-M", "Pat", "Zed"]
    alpha = data.nodes[RES + "Alpha"]
    assert (alpha.cls, alpha.aliases, alpha.graphs) == ("Company", ["Alpha Corp"], [DOC1, DOC2, REFERENCE])
    produces = next(e for e in data.edges if e.prop == "produces")
    assert {(ev.graph, ev.sentence, ev.confidence) for ev in produces.evidence} == {
        (DOC1, "Alpha fabrique la puce B100.", 0.9), (REFERENCE, None, 1.0)}
    assert produces.confidence == 1.0
    assert data.documents[DOC1].title == "Alpha et ses puces" and data.documents[REFERENCE].reference


def test_whole_view_keeps_every_entity_even_alone(toy_graph):
    view = view_of(toy_graph)
    assert labels(view) == ["Alpha", "B100", "Cland", "Model-M", "Pat", "Zed"]
    assert len(view.edges) == 5
    assert view.nodes[0].label == "Alpha"  # most central first


@pytest.mark.parametrize("depth, expected", [
    (0, ["Cland"]),
    (1, ["Alpha", "Cland"]),
    (2, ["Alpha", "B100", "Cland", "Model-M", "Pat"]),
])
def test_focus_and_depth_give_the_neighbourhood(toy_graph, depth, expected):
    view = view_of(toy_graph, focus="Cland", depth=depth)
    assert labels(view) == expected
    assert view.focus == RES + "Cland"
    assert all(e.source in {n.id for n in view.nodes} and e.target in {n.id for n in view.nodes} for e in view.edges)


def test_focus_by_alias_iri_or_case(toy_graph):
    data = read_graph(toy_graph)
    assert resolve(toy_graph, data, "alpha corp") == RES + "Alpha"
    assert resolve(toy_graph, data, RES + "Pat") == RES + "Pat"
    with pytest.raises(ViewError, match="E070 cannot focus on 'Nobody'"):
        view_of(toy_graph, focus="Nobody")


def test_max_nodes_keeps_the_most_central(toy_graph):
    assert labels(view_of(toy_graph, max_nodes=1)) == ["Alpha"]
    assert labels(view_of(toy_graph, max_nodes=3)) == ["Alpha", "B100", "Model-M"]
    assert relations(view_of(toy_graph, max_nodes=2)) == [("Alpha", "produces", "B100")]
    # the focus stays even when it is not central
    assert labels(view_of(toy_graph, focus="Pat", depth=2, max_nodes=2)) == ["Alpha", "Pat"]


def test_pagerank_ranks_the_chip_everyone_points_to(toy_graph):
    view = view_of(toy_graph, size_by="pagerank", max_nodes=1)
    assert labels(view) == ["B100"]


def test_filters_by_class_property_document_confidence(toy_graph):
    assert labels(view_of(toy_graph, classes=["Company"])) == ["Alpha", "Zed"]
    assert labels(view_of(toy_graph, classes=["Organization", "Chip"])) == ["Alpha", "B100", "Zed"]
    assert relations(view_of(toy_graph, properties=["produces", "leads"])) == [
        ("Alpha", "produces", "B100"), ("Pat", "leads", "Alpha")]
    assert relations(view_of(toy_graph, min_confidence=0.7)) == [
        ("Alpha", "basedIn", "Cland"), ("Alpha", "develops", "Model-M"), ("Alpha", "produces", "B100")]
    by_doc = view_of(toy_graph, documents=[DOC2])
    assert relations(by_doc) == [("Model-M", "usesChip", "B100"), ("Pat", "leads", "Alpha")]
    assert labels(by_doc) == ["Alpha", "B100", "Model-M", "Pat", "Zed"]
    # evidence from other documents is left out of the view
    assert {ev.graph for e in view_of(toy_graph, documents=[DOC1]).edges for ev in e.evidence} == {DOC1}


@pytest.mark.parametrize("options, code", [
    ({"classes": ["Chipz"]}, "E071"), ({"properties": ["makes"]}, "E071"), ({"size_by": "fame"}, "E071"),
    ({"depth": -1}, "E072"), ({"max_nodes": 0}, "E072"), ({"min_confidence": 2}, "E072"),
])
def test_bad_options_are_one_line_errors(toy_graph, options, code):
    with pytest.raises(ViewError, match=code):
        view_of(toy_graph, **options)


def test_demo_view_draws_every_entity_and_relation(demo_graph):
    view = view_of(demo_graph)
    entities = demo_graph.query("""
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c .
          FILTER(?c IN (air:Organization, air:Company, air:ResearchInstitution, air:GovernmentBody, air:Person,
                        air:Chip, air:AIModel, air:Policy, air:Country)) }""").rows[0][0]
    assert len(view.nodes) == entities > 50
    assert len(view.edges) > 50 and all(e.evidence for e in view.edges)
    assert any(ev.sentence for e in view.edges for ev in e.evidence)


def test_viz_path_does_not_import_spacy(toy_graph, tmp_path):
    toy_graph.save(tmp_path / "toy.trig")
    code = ("import sys, kg; g = kg.KnowledgeGraph.open(); g.store.load(sys.argv[1]); "
            "kg.viz.write_html(g, sys.argv[2], focus='Alpha'); print('spacy' in sys.modules)")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", "import kg.viz; " + code, str(tmp_path / "toy.trig"),
                           str(tmp_path / "v.html")], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert (tmp_path / "v.html").stat().st_size > 100_000
