"""``kg analyze ...`` and ``kg export``, run as a user would, over a store on disk."""

from __future__ import annotations

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.cli_analyze import analyze_app

runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory, race_graph, later_graph):
    """The two graphs as TriG files, and the later one as a store folder."""
    folder = tmp_path_factory.mktemp("analyze")
    race_graph.save(folder / "race.trig")
    later_graph.save(folder / "later.nq")
    with kg.KnowledgeGraph.open(folder / "store") as graph:
        graph.store.load(folder / "later.nq")
    return folder


def run(*args):
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    return result


def test_centrality_table(files):
    result = run("analyze", "centrality", "--by", "degree", "--top", "3", "--store", files / "store")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert [line.split("│")[2].strip() for line in lines] == ["H800", "China", "DeepSeek"]
    per_class = run("analyze", "centrality", "--per-class", "--top", "1", "--class", "Chip", "--store", files / "store")
    assert per_class.exit_code == 0 and "Chip" in per_class.stdout and "Company" not in per_class.stdout


def test_supply_exposure_blocs_explain_tables(files):
    store = ("--store", files / "store")
    supply = run("analyze", "supply", "--cross-border", *store)
    assert supply.exit_code == 0 and "Nvidia" in supply.stdout and "Huawei" not in supply.stdout
    assert "2 dependencies, 2 across a border" in supply.stdout
    exposure = run("analyze", "exposure", "US export controls", *store)
    assert exposure.exit_code == 0
    assert "US export controls —targets→ H800 ←usesChip— DeepSeek" in exposure.stdout
    assert "US sanctions" not in exposure.stdout
    blocs = run("analyze", "blocs", "--method", "greedy", *store)
    assert blocs.exit_code == 0 and "modularity" in blocs.stdout
    explain = run("analyze", "explain", "DeepSeek", "Nvidia", *store)
    assert explain.exit_code == 0
    assert "path 1: DeepSeek → H800 → Nvidia" in explain.stdout and "← designs" in explain.stdout
    assert "Le groupe américain Nvidia conçoit la puce H800." in explain.stdout


def test_compare_two_files_and_a_store(files):
    result = run("analyze", "compare", files / "race.trig", files / "store")
    assert result.exit_code == 0, result.output
    assert "added relations" in result.stdout and "Huawei" in result.stdout and "removed relations" not in result.stdout
    assert "entities +6 -0; relations +7 -0; 1 relations with new sources" in result.stdout
    back = run("analyze", "compare", files / "later.nq", files / "race.trig")
    assert "entities +0 -6; relations +0 -7" in back.stdout


@pytest.mark.parametrize("args, code", [
    (("analyze", "exposure", "H800"), "E081"),
    (("analyze", "explain", "Zorglub", "Nvidia"), "E080"),
    (("analyze", "centrality", "--by", "fame"), "E082"),
    (("analyze", "blocs", "--method", "spectral"), "E082"),
    (("export", "--out", "x.xlsx"), "E082"),
    (("export", "--out", "x.graphml", "--format", "trig"), "E086"),
])
def test_errors_are_one_line(files, args, code):
    result = run(*args, "--store", files / "store")
    assert result.exit_code == 1 and code in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_compare_refuses_what_is_neither_store_nor_rdf(files, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    result = run("analyze", "compare", tmp_path / "notes.txt", files / "race.trig")
    assert result.exit_code == 1 and "E084" in result.stderr


def test_export_formats_from_the_command_line(files, tmp_path):
    store = ("--store", files / "store")
    assert run("export", "--out", tmp_path / "g.gexf", *store).exit_code == 0
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == 7 + 6
    assert run("export", "--out", tmp_path / "tables", "--format", "csv", *store).exit_code == 0
    assert (tmp_path / "tables" / "edges.csv").read_text(encoding="utf-8").count("\n") == 1 + 8 + 7
    assert run("export", "--out", tmp_path / "g.trig", *store).exit_code == 0  # RDF, beside the rest
    copy = kg.KnowledgeGraph.open()
    copy.store.load(tmp_path / "g.trig")
    assert copy.stats()["documents"] == 2
    low = run("export", "--out", tmp_path / "strong.json", "--min-confidence", "0.7", *store)
    assert low.exit_code == 0 and "wrote" in low.stdout


def test_every_analyze_command_has_help():
    for command in analyze_app.registered_commands:
        assert command.callback.__doc__, command.name


def test_compare_does_not_make_a_store_in_a_plain_folder(files, tmp_path):
    (tmp_path / "notes").mkdir()
    result = run("analyze", "compare", tmp_path / "notes", files / "race.trig")
    assert result.exit_code == 1 and "E084" in result.stderr and list((tmp_path / "notes").iterdir()) == []


def test_labels_are_not_read_as_markup(tmp_path):
    from conftest import DOC1, graph_from

    graph = graph_from([("Bold", "Company", "[bold]Evil[/bold] Corp", [], DOC1), ("C1", "Chip", "[red]C1", [], DOC1)],
                       [("Bold", "usesChip", "C1", DOC1, "[link=x]phrase[/link]", 0.9, DOC1)], [(DOC1, "T", "t.txt")])
    graph.save(tmp_path / "g.trig")
    with kg.KnowledgeGraph.open(tmp_path / "store") as store:
        store.store.load(tmp_path / "g.trig")
    for args in (("analyze", "centrality"), ("analyze", "supply"), ("analyze", "explain", "[red]C1", "[bold]Evil[/bold] Corp")):
        result = run(*args, "--store", tmp_path / "store")
        assert result.exit_code == 0 and "[bold]Evil[/bold] Corp" in result.stdout, (args, result.output)
    assert "[link=x]phrase[/link]" in result.stdout
    unknown = run("analyze", "explain", "[bold]Nobody[/bold]", "[red]C1", "--store", tmp_path / "store")
    assert "E080 no entity has the label, alias or IRI '[bold]Nobody[/bold]'" in unknown.stderr
