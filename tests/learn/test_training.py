"""kg train: the shipped relation model is what the corpus in data/train gives, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app
from kg.extract.antecedents import MODEL_PATH as RANKING_PATH
from kg.extract.classifier import MODEL_PATH, RelationModel
from kg.learn.corpus import Passage

TRAIN = Path(__file__).resolve().parents[2] / "data" / "train"


def test_kg_train_rebuilds_the_shipped_model_from_the_corpus(tmp_path):
    out, report = tmp_path / "relations.json.gz", tmp_path / "report.json"
    result = CliRunner().invoke(app, ["train", str(TRAIN), "--out", str(out), "--json", str(report)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == MODEL_PATH.read_bytes()  # deterministic, and the shipped model is up to date
    assert (tmp_path / "antecedents.json").read_bytes() == RANKING_PATH.read_bytes()  # the coreference ranking too
    coreference = json.loads(report.read_text())["coreference"]
    assert coreference["anaphors"] >= 300
    held, rules = coreference["held_out"], coreference["rules"]
    assert held["right"] / held["resolved"] >= 0.75 > rules["right"] / rules["resolved"]  # surer than the salience rules
    scores = json.loads(report.read_text())["cross_validated"]
    assert set(scores) >= {"all", "develops", "usesChip", "competesWith"}
    assert scores["all"]["precision"] >= 0.78  # each threshold keeps held-out precision at 0.8


def test_the_shipped_model_is_small_and_covers_every_property():
    assert MODEL_PATH.stat().st_size < 50 * 1024 * 1024
    model = RelationModel.load()
    assert set(model.properties) == {"develops", "produces", "usesChip", "basedOn", "affiliatedWith", "founderOf",
                                     "leads", "basedIn", "issuedBy", "targets", "deploys", "competesWith", "variantOf"}
    assert all(0.0 < threshold < 1.0 for _, _, threshold in model.properties.values())


def test_a_corpus_with_a_problem_is_refused_in_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("Nvidia conçoit la H20. " * 30, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"source": "x", "lang": "fr", "entities": [
        {"label": "Nvidia", "type": "Company", "aliases": []}, {"label": "H20", "type": "Chip", "aliases": []}],
        "relations": [{"s": "Nvidia", "p": "produces", "o": "H20", "evidence": "Nvidia fabrique"}]}), encoding="utf-8")
    result = CliRunner().invoke(app, ["train", str(tmp_path), "--out", str(tmp_path / "m.json.gz")])
    assert result.exit_code == 1
    assert "E132" in result.output and "a.json: evidence of ('Nvidia', 'produces', 'H20')" in result.output
    assert not (tmp_path / "m.json.gz").exists()


def test_an_anaphor_is_labelled_by_the_relation_whose_evidence_holds_it_without_naming_that_end():
    from kg.learn import antecedents
    from kg.learn.training import align, parse

    evidence = "La jeune pousse a entraîné le modèle sur des puces H800."
    passage = Passage("p", "Moonshot AI a publié Kimi K2 en juillet. Google a présenté Gemini. " + evidence, "fr",
                      [{"label": "Moonshot AI", "type": "Company"}, {"label": "Kimi K2", "type": "AIModel"},
                       {"label": "Google", "type": "Company"}, {"label": "Gemini", "type": "AIModel"},
                       {"label": "H800", "type": "Chip"}],
                      [{"s": "Moonshot AI", "p": "usesChip", "o": "H800", "evidence": evidence},
                       {"s": "Kimi K2", "p": "usesChip", "o": "H800", "evidence": evidence}])
    (_, doc), = parse([passage], antecedents="rules")
    found = antecedents.examples(passage, doc, align(passage, doc))
    labels = [doc._.airace_entities[e.choices[e.gold][0]].label for e in found if e.gold is not None]
    assert sorted(labels) == ["Kimi K2", "Moonshot AI"]  # each anaphor its own class's unnamed end
    assert all(len(e.choices) == 2 for e in found)  # Google and Gemini are the other choices
