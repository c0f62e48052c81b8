"""kg eval: scoring rules on a small gold written for the test, and the
targets of the seed gold on the real articles (when ../shared/corpus is here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import InputError

GOLD = Path(__file__).parent / "gold"

TEXT = ("La start-up Zorbex a lancé son modèle Zorbo-7. "
        "Le Zorbo-7 rivalise avec le GPT-4o d'OpenAI. "
        "Wei Zhang, fondateur de Zorbex, vit à Paris.")


@pytest.fixture()
def small(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = {
        "document": "a.txt",
        "entities": [
            {"label": "Zorbex", "class": "Company", "aliases": []},
            {"label": "Zorbo-7", "class": "AIModel", "aliases": []},
            {"label": "GPT-4o", "class": "AIModel", "aliases": []},
            {"label": "OpenAI", "class": "Company", "aliases": []},
            {"label": "Wei Zhang", "class": "Person", "aliases": []},
            {"label": "Quasar Labs", "class": "Company", "aliases": []},
        ],
        "relations": [
            {"subject": "Zorbex", "property": "develops", "object": "Zorbo-7", "evidence": "a lancé son modèle"},
            # gold in the other direction: competesWith is symmetric
            {"subject": "GPT-4o", "property": "competesWith", "object": "Zorbo-7", "evidence": "rivalise avec"},
            # founderOf is found; the gold says affiliatedWith, its superproperty
            {"subject": "Wei Zhang", "property": "affiliatedWith", "object": "Zorbex", "evidence": "fondateur de Zorbex"},
            {"subject": "Quasar Labs", "property": "develops", "object": "Zorbo-7", "evidence": "Zorbex a lancé"},
        ],
        "optional_relations": [{"subject": "OpenAI", "property": "develops", "object": "GPT-4o"}],
    }
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path, texts


def test_scoring_rules(small):
    gold_dir, texts = small
    report = kg.evaluate(gold_dir, texts)
    assert (report.entities.tp, report.entities.fn) == (5, 1)
    assert ("a.txt", "Quasar Labs", "Company") in report.missed_entities
    assert report.type_accuracy == 1.0
    assert report.relations.tp == 3  # develops, reversed competesWith, founderOf for affiliatedWith
    assert report.relations.fn == 1 and report.missed_relations[0][1] == ("Quasar Labs", "develops", "Zorbo-7")
    assert report.relations.fp == 0  # OpenAI develops GPT-4o is optional: neither hit nor error
    assert report.by_property["competesWith"].recall == 1.0


def test_bad_gold_is_one_clear_error(tmp_path):
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="x.json: not a gold file"):
        kg.evaluate(tmp_path, tmp_path)
    (tmp_path / "x.json").write_text(json.dumps({"document": "missing.txt", "entities": [], "relations": []}), encoding="utf-8")
    with pytest.raises(InputError, match="missing.txt"):
        kg.evaluate(tmp_path, tmp_path)


def test_cli_prints_scores_and_writes_json(small, tmp_path):
    gold_dir, texts = small
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", str(gold_dir), str(texts), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "relations" in result.output and "missed relations" in result.output
    assert json.loads(out.read_text())["relations"]["tp"] == 3


def test_seed_gold_meets_the_targets(corpus_dir):
    report = kg.evaluate(GOLD, corpus_dir)
    assert report.documents == 5
    assert report.entities.f1 >= 0.90
    assert report.relations.f1 >= 0.84  # what the rules alone reached; the learned model must not lower it
    # every core property the seed gold holds is found at least once
    assert all(score.tp > 0 for score in report.by_property.values() if score.tp + score.fn > 0)
