"""The learned relation model in the pipeline, on sentences written for the test
(few and end to end, on the pinned spaCy models: the rule, not the model's mood)."""

from __future__ import annotations

import pytest

from kg.extract.classifier import MODEL_PATH, RelationModel
from kg.extract.pipeline import load_pipeline


def triples(text: str, language: str = "fr", relations: str = "both"):
    doc = load_pipeline(language=language, relations=relations)(text)
    labels = {k: e.label for k, e in doc._.airace_entities.items()}
    return {(labels[r.subject], r.prop, labels[r.object]): r for r in doc._.airace_relations}


def test_the_model_finds_what_the_rules_miss_in_a_nominalisation():
    text = "Le lancement de Kimi K2 par Moonshot AI a surpris la Silicon Valley."
    assert ("Moonshot AI", "develops", "Kimi K2") not in triples(text, relations="rules")
    relation = triples(text)[("Moonshot AI", "develops", "Kimi K2")]
    assert relation.rule == "model" and 0.5 <= relation.confidence < 1.0  # over the develops threshold, calibrated


@pytest.mark.parametrize("language, text", [
    ("fr", "La start-up DeepSeek n'a jamais utilisé de puces H100, assure son fondateur."),
    ("fr", "DeepSeek dément avoir acheté des puces H100."),
    ("en", "DeepSeek never used H100 chips, its founder insists."),
    ("en", "Nvidia did not sell H20 chips to Tencent."),
])
def test_a_negated_or_denied_fact_gives_no_relation(language, text):
    assert not [t for t in triples(text, language) if t[1] in ("usesChip", "produces")]


@pytest.mark.parametrize("language, text", [
    ("fr", "DeepSeek a utilisé des puces H800."),
    ("en", "DeepSeek used H800 chips."),
])
def test_the_same_fact_stated_gives_the_relation(language, text):
    assert ("DeepSeek", "usesChip", "H800") in triples(text, language)


def test_a_version_alone_names_the_model_of_the_family_named_in_the_article():
    doc = load_pipeline()("DeepSeek a surpris le marché. Son modèle R1 rivalise avec o1 d'OpenAI.")
    short = [(m.text, m.entity) for m in doc._.airace_mentions if m.source == "short"]
    assert ("R1", "DeepSeek-R1") in short


def test_the_rules_mode_leaves_the_model_out():
    assert load_pipeline(relations="rules").get_pipe("airace_relation_model").model is None
    assert isinstance(load_pipeline().get_pipe("airace_relation_model").model, RelationModel)
    assert MODEL_PATH.is_file()
