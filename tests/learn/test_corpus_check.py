"""The training corpus (data/train): its checks, and the corpus itself passing them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.learn.corpus import check, check_passage, passages

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "data" / "train"
DEV = ROOT.parent / "shared" / "dev" / "texts"
UNSEEN = [p for p in (DEV, ROOT / "tests" / "gold" / "heldout" / "texts", ROOT.parent / "shared" / "corpus") if p.is_dir()]

TEXT = "Nvidia a conçu la puce H20 pour la Chine. " * 3
GOOD = {"source": "https://example.org", "lang": "fr",
        "entities": [{"label": "Nvidia", "type": "Company", "aliases": []},
                     {"label": "H20", "type": "Chip", "aliases": ["la puce H20"]}],
        "relations": [{"s": "Nvidia", "p": "produces", "o": "H20", "evidence": "Nvidia a conçu la puce H20"}]}


def test_a_good_passage_passes():
    assert check_passage("a", TEXT, GOOD, min_words=1) == []


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["relations"][0].update(evidence="Nvidia conçoit la H20"), "evidence of"),
    (lambda d: d["entities"][1]["aliases"].append("le H20"), "alias of 'H20' not verbatim"),
    (lambda d: d["relations"][0].update(s="H20", o="Nvidia"), "domain/range"),
    (lambda d: d["relations"][0].update(p="makes"), "unknown property"),
    (lambda d: d["entities"][0].update(type="Firm"), "no valid type"),
    (lambda d: d.update(lang="de"), "lang must be"),
])
def test_each_problem_is_named(change, problem):
    data = json.loads(json.dumps(GOOD))
    change(data)
    problems = check_passage("a", TEXT, data, min_words=1)
    assert any(problem in p for p in problems), problems


def test_one_type_per_label_across_passages(tmp_path):
    for name, cls in (("a", "Company"), ("b", "ResearchInstitution")):
        data = json.loads(json.dumps(GOOD))
        data["entities"][0]["type"] = cls
        data["entities"][1]["aliases"] = []
        data["relations"] = []
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
        (tmp_path / f"{name}.txt").write_text(f"{name} " + " ".join(f"mot{i}{name}" for i in range(120)) + " Nvidia H20",
                                              encoding="utf-8")
    problems = check(tmp_path)
    assert problems == ["b.json: 'Nvidia' typed ResearchInstitution here, Company in a.json"]


def test_eight_words_shared_with_an_unseen_text_are_refused(tmp_path):
    unseen = tmp_path / "unseen"
    unseen.mkdir()
    words = " ".join(f"w{i}" for i in range(130))
    (unseen / "x.txt").write_text("Avant. " + " ".join(words.split()[10:18]) + " après.", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    data = dict(GOOD, entities=[], relations=[])
    (corpus / "a.json").write_text(json.dumps(data), encoding="utf-8")
    (corpus / "a.txt").write_text(words, encoding="utf-8")
    problems = check(corpus, [unseen])
    assert len(problems) == 1 and "shares eight words with" in problems[0] and "w10 w11" in problems[0]


def test_the_training_corpus_passes_its_checks():
    assert check(TRAIN, UNSEEN) == []


def test_the_training_corpus_has_the_size_and_spread_asked():
    items = passages(TRAIN)
    relations = Counter(r["p"] for p in items for r in p.relations)
    english = sum(p.language == "en" for p in items)
    assert len(items) >= 300
    assert sum(relations.values()) >= 3000
    assert english >= len(items) / 4
    assert all(relations[p] >= 30 for p in ("develops", "produces", "usesChip", "basedOn", "affiliatedWith",
                                           "founderOf", "leads", "basedIn", "issuedBy", "targets", "deploys",
                                           "competesWith", "variantOf")), relations
    assert sum(len(p.denied) for p in items) >= 50  # negated and denied facts
    assert sum(r.get("hedged", False) for p in items for r in p.relations) >= 50


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/dev is not here")
def test_no_dev_sentence_is_in_the_training_corpus():
    problems = check(TRAIN, [DEV])
    assert not [p for p in problems if "shares eight words" in p]
