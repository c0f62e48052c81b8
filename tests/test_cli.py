"""The ``kg`` command, run as a user would (typer's runner, real store on disk)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()

ARTICLE = ("Nvidia et ses puces\nDate : 2025-01-27\n\n"
           "La puce Ascend 910B de Huawei rivalise avec le H100 de Nvidia. "
           "Liang Wenfeng, fondateur de DeepSeek, a entraîné le modèle DeepSeek-V3 sur des GPU H800.\n")


@pytest.fixture()
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    return folder


def kg(*args, store):
    return runner.invoke(app, [*args, "--store", str(store)])


def test_build_reports_bad_files_and_keeps_the_good_one(tmp_path, articles):
    store = tmp_path / "store"
    out = tmp_path / "g.trig"
    result = runner.invoke(app, ["build", str(articles), "--out", str(out), "--store", str(store), "--infer"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(lines) == 2
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("binary.txt" in line and "binary" in line for line in lines)
    assert "1 documents" in result.stdout
    assert out.exists() and "https://w3id.org/airace/graph/reference" in out.read_text()
    assert "triples inferred" in result.stdout and "https://w3id.org/airace/graph/inferred" in out.read_text()
    # The store kept the good document.
    stats = kg("stats", store=store)
    assert stats.exit_code == 0 and "1 document graphs" in stats.stdout


def test_query_entity_stats_validate(tmp_path, articles):
    store = tmp_path / "store"
    (articles / "empty.txt").unlink()
    (articles / "binary.txt").unlink()
    assert runner.invoke(app, ["build", str(articles), "--store", str(store)]).exit_code == 0
    q = "SELECT ?chip WHERE { GRAPH ?g { res:Huawei air:produces ?chip } ?g a air:Document }"
    as_json = json.loads(kg("query", q, "--format", "json", store=store).stdout)
    assert as_json["rows"] == [{"chip": "https://w3id.org/airace/resource/Ascend_910B"}]
    as_csv = kg("query", q, "--format", "csv", store=store).stdout.splitlines()
    assert as_csv == ["chip", "https://w3id.org/airace/resource/Ascend_910B"]
    rq = tmp_path / "q.rq"
    rq.write_text(q)
    assert "res:Ascend_910B" in kg("query", str(rq), store=store).stdout
    entity = kg("entity", "deepseek", store=store)
    assert entity.exit_code == 0 and "founderOf" in entity.stdout and "fondateur" in entity.stdout
    assert kg("entity", "Nobody Atall", store=store).exit_code == 1
    bad = kg("query", "SELECT WHERE {", store=store)
    assert bad.exit_code == 1 and "E020" in bad.stderr
    named = kg("query", "--name", "chips-of", "--param", "entity=deepseek", "--format", "json", store=store)
    assert named.exit_code == 0 and {r["chipLabel"] for r in json.loads(named.stdout)["rows"]} == {"H800"}
    assert "H800" in kg("query", "--name", "chips-of", "-p", "entity=DeepSeek", store=store).stdout
    unknown = kg("query", "--name", "chips-of", "--param", 'entity=x"} ; DROP ALL', store=store)
    assert unknown.exit_code == 1 and unknown.stderr.startswith("error: E022") and len(unknown.stderr.splitlines()) == 1
    assert kg("validate", store=store).exit_code == 0
    inferred = kg("infer", store=store)
    assert inferred.exit_code == 0 and "triples inferred into https://w3id.org/airace/graph/inferred" in inferred.stdout
    founders = kg("query", "SELECT ?p WHERE { ?p air:affiliatedWith res:DeepSeek }", "-f", "csv", store=store).stdout
    assert "Liang_Wenfeng" in founders
    assert kg("validate", store=store).exit_code == 0


def test_named_queries_are_listed_with_examples():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    assert "chips-of" in result.stdout and "kg query --name chips-of --param entity=DeepSeek" in result.stdout
    bad = runner.invoke(app, ["query", "--name", "chips-of", "--param", "entity"])
    assert bad.exit_code == 1 and "E045" in bad.stderr


def test_every_command_has_help():
    for command in app.registered_commands:
        assert command.callback.__doc__, command.name


def test_demo_builds_answers_and_writes_the_viewer(tmp_path):
    viewer = tmp_path / "demo.html"
    result = runner.invoke(app, ["demo", "--store", str(tmp_path / "store"), "--viewer", str(viewer)])
    assert result.exit_code == 0, result.output
    assert "Built 10 articles" in result.output and "DeepSeek" in result.output
    page = viewer.read_text(encoding="utf-8")
    assert "<html" in page.lower() and "H800" in page and "<script src=" not in page
