"""GraphML, GEXF, CSV and node-link JSON: read back by networkx (and by csv/json)
with the same nodes, edges and attributes."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from conftest import RES
from kg.analytics import export
from kg.analytics.export import SEPARATOR
from kg.errors import AnalysisError


@pytest.fixture(scope="module")
def G(later_graph):
    return later_graph.to_networkx()


def _edge(H, u, v, prop):
    """The attributes of the edge u → v with that property, whatever kind of graph H is."""
    found = [d for a, b, d in H.edges(data=True) if (a, b) == (u, v) and d["property"] == prop]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("fmt, read", [
    ("graphml", lambda p: nx.read_graphml(p, force_multigraph=True)),
    ("gexf", nx.read_gexf),
])
def test_graphml_and_gexf_read_back_with_the_same_counts_and_attributes(G, tmp_path, fmt, read):
    [path] = export(G, tmp_path / f"race.{fmt}")
    H = read(path)
    assert H.is_directed()
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert set(H) == set(G)
    nvidia = H.nodes[RES + "Nvidia"]
    assert (nvidia["label"], nvidia["class"], nvidia["country"], nvidia["iri"]) == (
        "Nvidia", "Company", "United States", RES + "Nvidia")
    original = G.edges[RES + "DeepSeek", RES + "H800", "usesChip"]
    edge = _edge(H, RES + "DeepSeek", RES + "H800", "usesChip")
    assert edge["confidence"] == pytest.approx(original["confidence"]) == pytest.approx(edge["weight"])
    assert edge["sources"] == SEPARATOR.join(original["sources"]) and edge["n_sources"] == 2
    assert edge["sentences"].split(SEPARATOR) == original["sentences"]
    assert _edge(H, RES + "Nvidia", RES + "H800", "produces")["asserted"] == "designs"


def test_csv_writes_a_folder_of_node_and_edge_lists(G, tmp_path):
    nodes_csv, edges_csv = export(G, tmp_path / "tables", "csv")
    assert (nodes_csv.name, edges_csv.name) == ("nodes.csv", "edges.csv")
    with nodes_csv.open(encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with edges_csv.open(encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert {r["id"]: r["country"] for r in nodes}[RES + "H800"] == "United States"
    row = next(r for r in edges if r["source"] == RES + "Jensen_Huang")
    assert (row["target"], row["property"], row["asserted"], row["sentences"], row["reference"]) == (
        RES + "Nvidia", "affiliatedWith", "leads", "Jensen Huang dirige Nvidia.", "false")


def test_json_is_node_link_data_for_d3(G, tmp_path):
    [path] = export(G, tmp_path / "race.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "links"} and data["multigraph"] and data["directed"]
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["links"]) == G.number_of_edges()
    link = next(x for x in data["links"] if x["source"] == RES + "Nvidia" and x["key"] == "produces")
    assert link["asserted"] == ["designs"] and link["evidence"][0]["sentence"] == "Le groupe américain Nvidia conçoit la puce H800."
    H = nx.node_link_graph(data, edges="links")
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())


def test_unknown_format_and_unwritable_path_are_errors(G, tmp_path):
    with pytest.raises(AnalysisError, match="E082 unknown export format 'xlsx'"):
        export(G, tmp_path / "g.xlsx")
    (tmp_path / "file").write_text("x")
    with pytest.raises(AnalysisError, match="E085"):
        export(G, tmp_path / "file" / "g.graphml")
