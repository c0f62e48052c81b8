"""The viewer page as text: self-contained, escaped, and the same from the API and the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import re

from typer.testing import CliRunner

from conftest import PAYLOAD_LABEL, PAYLOAD_SENTENCE
from kg.cli import app
from kg.viz import render_html, view_of
from kg.viz.data import Edge, GraphData, Node
from kg.viz.html import network_data, render_page, safe_json
from kg.viz.select import select


def json_block(page: str, block: str):
    text = re.search(f'<script type="application/json" id="{block}">(.*?)</script>', page, re.S).group(1)
    return json.loads(text)


def test_safe_json_cannot_close_a_script_and_reads_back():
    value = {"s": PAYLOAD_SENTENCE, "t": "a\u2029b <!-- x --> &amp;"}
    text = safe_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_page_is_self_contained(toy_graph):
    page = render_html(toy_graph)
    markup = re.sub(r"<script>.*?</script>|<style>.*?</style>", "", page, flags=re.S)
    # every script and style is inline; nothing names another host
    assert not re.search(r"<(link|img|iframe|object|embed)\b", markup)
    assert not re.search(r"\b(src|href)\s*=", markup)
    assert markup.count("<script") == 2 and page.count("</script>") == 4  # our two JSON blocks, two scripts
    assert not re.search(r"cdnjs|jsdelivr|unpkg|googleapis|bootstrap", page, re.I)
    assert all(u.startswith("data:") for u in re.findall(r"url\(\s*[\"']?([^\"')]*)", page))
    assert "sourceMappingURL" not in page
    # the Content-Security-Policy forbids any fetch and allows exactly the two inline scripts
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    for script in re.findall(r"<script>(.*?)</script>", page, re.S):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_article_strings_are_escaped_in_the_page(hostile_graph):
    page = render_html(hostile_graph)
    for raw in (PAYLOAD_LABEL, "<script>window.__pwned", "<img src=x", "<b onmouseover"):
        assert raw not in page
    data = json_block(page, "kg-data-json")
    assert PAYLOAD_LABEL in {n["label"] for n in data["nodes"].values()}
    assert PAYLOAD_SENTENCE in {ev["sentence"] for e in data["edges"].values() for ev in e["evidence"]}
    assert page.count("</script>") == 4
    titled = render_html(hostile_graph, focus=PAYLOAD_LABEL)
    assert "<title>airace-kg — around &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;</title>" in titled


def test_network_carries_no_html_titles(toy_graph):
    network = network_data(view_of(toy_graph))
    assert not any("title" in n for n in network["nodes"] + network["edges"])
    by_label = {n["label"]: n for n in network["nodes"]}
    assert by_label["B100"]["shape"] == "diamond" and by_label["Alpha"]["value"] == 4
    assert {e["label"] for e in network["edges"]} == {"produces", "develops", "basedIn", "usesChip", "leads"}
    assert all(e["arrows"] == "to" for e in network["edges"])
    dashed = {e["label"] for e in network["edges"] if e["dashes"]}
    assert dashed == {"basedIn"}  # only the reference graph says it


def test_physics_stabilises_then_stops_or_positions_are_precomputed(toy_graph):
    options = network_data(view_of(toy_graph))["options"]
    assert options["physics"]["enabled"] and options["physics"]["stabilization"]["iterations"] <= 200
    nodes = {f"n{i}": Node(f"n{i}", f"N{i}", "Company") for i in range(400)}
    edges = [Edge(f"n{i}", "competesWith", f"n{(i * 7 + 1) % 400}") for i in range(400)]
    page = render_page(select(GraphData(nodes, edges, {})))
    network = json_block(page, "kg-network-json")
    assert network["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in network["nodes"])
    assert json_block(page, "kg-data-json")["view"]["fixed_layout"] is True


def test_api_and_cli_write_the_page(toy_graph, tmp_path):
    view = toy_graph.viz(tmp_path / "a.html", focus="Cland", depth=1)
    assert sorted(n.label for n in view.nodes) == ["Alpha", "Cland"]
    assert "airace-kg — around Cland" in (tmp_path / "a.html").read_text(encoding="utf-8")
    store = tmp_path / "store"
    graph = type(toy_graph).open(store)
    graph.store.load(_saved(toy_graph, tmp_path))
    graph.close()
    runner = CliRunner()
    result = runner.invoke(app, ["viz", "--out", str(tmp_path / "b.html"), "--store", str(store),
                                 "--focus", "Alpha", "--depth", "1", "--max-nodes", "3"])
    assert result.exit_code == 0, result.output
    assert "3 entities" in result.stdout and (tmp_path / "b.html").is_file()
    result = runner.invoke(app, ["viz", "--out", str(tmp_path / "c.html"), "--store", str(store), "--focus", "Nobody"])
    assert result.exit_code == 1 and "E070" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c.html").exists()


def _saved(graph, tmp_path):
    path = tmp_path / "toy.trig"
    graph.save(path)
    return path
