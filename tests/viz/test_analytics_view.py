"""Analyses in the viewer: node size by betweenness, a policy's exposure highlighted."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from conftest import DOC1, PAYLOAD_LABEL, RES, graph_from
from kg.analytics import centrality
from kg.cli import app
from kg.errors import KGError
from kg.viz import render_html, view_of
from kg.viz.html import EXPOSURE_COLOR, network_data, page_data
from test_html import json_block


def test_size_by_betweenness_matches_the_analysis(race_graph):
    view = view_of(race_graph, size_by="betweenness")
    expected = {c.iri: c.betweenness for c in centrality(race_graph.to_networkx(), by="betweenness")}
    assert view.scores == pytest.approx(expected)
    assert view.nodes[0].label == "H800"


def test_highlight_exposure_borders_what_the_policy_reaches(race_graph):
    view = view_of(race_graph, highlight_exposure="us export controls")
    assert view.exposure["label"] == "US export controls"
    assert {RES + k: v for k, v in (("H800", ["US export controls", "H800"]),
                                    ("DeepSeek", ["US export controls", "H800", "DeepSeek"]))}.items() \
        <= view.exposure["paths"].items()
    nodes = {n["label"]: n for n in network_data(view)["nodes"]}
    flagged = {label for label, n in nodes.items() if n["color"]["border"] == EXPOSURE_COLOR}
    assert flagged == {"H800", "DeepSeek", "DeepSeek-V3", "US export controls"}
    assert nodes["DeepSeek"]["borderWidth"] == 4 and "shapeProperties" not in nodes["DeepSeek"]
    assert nodes["US export controls"]["shapeProperties"] == {"borderDashes": [5, 3]}  # the policy itself
    data = page_data(view)
    assert data["exposure"] == {"policy": RES + "US_export_controls", "label": "US export controls", "count": 3,
                                "color": EXPOSURE_COLOR}
    assert data["nodes"][RES + "DeepSeek-V3"]["exposure"] == ["US export controls", "H800", "DeepSeek-V3"]
    assert data["nodes"][RES + "Nvidia"]["exposure"] is None


def test_only_entities_in_the_view_are_flagged(race_graph):
    view = view_of(race_graph, classes=["Chip", "Policy"], highlight_exposure="US export controls")
    assert set(view.exposure["paths"]) == {RES + "H800"}


@pytest.mark.parametrize("name, code", [("H800", "E081"), ("Nothing Like It", "E080")])
def test_highlight_needs_a_policy(race_graph, name, code):
    with pytest.raises(KGError, match=code):
        view_of(race_graph, highlight_exposure=name)


def test_highlighted_policy_label_is_escaped():
    graph = graph_from([("Evil_Rule", "Policy", PAYLOAD_LABEL, [], DOC1), ("Chip1", "Chip", "Chip1", [], DOC1)],
                       [("Evil_Rule", "targets", "Chip1", DOC1, "La règle vise Chip1.", 0.9, DOC1)],
                       [(DOC1, "Titre", "toy1.txt")])
    page = render_html(graph, highlight_exposure=PAYLOAD_LABEL)
    assert PAYLOAD_LABEL not in page
    assert json_block(page, "kg-data-json")["exposure"]["label"] == PAYLOAD_LABEL
    assert re.search(r'<p id="kg-exposure" class="kg-note" hidden>', page)


def test_cli_highlights_exposure(race_graph, tmp_path):
    store = tmp_path / "store"
    race_graph.save(tmp_path / "race.trig")
    with type(race_graph).open(store) as graph:
        graph.store.load(tmp_path / "race.trig")
    result = CliRunner().invoke(app, ["viz", "--out", str(tmp_path / "v.html"), "--store", str(store),
                                      "--highlight-exposure", "US export controls", "--size-by", "betweenness"])
    assert result.exit_code == 0, result.output
    data = json_block((tmp_path / "v.html").read_text(encoding="utf-8"), "kg-data-json")
    assert data["exposure"]["count"] == 3 and data["view"]["size_by"] == "betweenness"
