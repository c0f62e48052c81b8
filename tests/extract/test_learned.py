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


def test_a_relation_of_one_list_member_holds_for_the_others():
    doc = load_pipeline()("Alibaba, Tencent et ByteDance ont commandé des puces H20 de Nvidia.")
    from kg.extract.coordination import lists
    labels = {k: e.label for k, e in doc._.airace_entities.items()}
    members = [[labels[k] for k in run] for runs in lists(doc).values() for run in runs]
    assert ["Alibaba Group", "Tencent", "ByteDance"] in members
    found = {(labels[r.subject], r.prop, labels[r.object]) for r in doc._.airace_relations}
    assert {s for s, p, o in found if p == "usesChip" and o == "H20"} == {"Alibaba Group", "Tencent", "ByteDance"}
    assert ("Nvidia", "produces", "H20") in found


def test_two_names_side_by_side_or_joined_by_de_make_no_list():
    from kg.extract.coordination import lists
    doc = load_pipeline()("Le H20 de Nvidia et le MI308 d'AMD visent la Chine.")
    labels = {k: e.label for k, e in doc._.airace_entities.items()}
    runs = [[labels[k] for k in run] for runs in lists(doc).values() for run in runs]
    assert ["H20", "MI308"] not in runs and not any("Nvidia" in r and "H20" in r for r in runs)


@pytest.mark.parametrize("language, text, source", [
    ("fr", "D'après Reuters, ByteDance a commandé 100 000 puces H20.", "Reuters"),
    ("fr", "Selon le Financial Times, Oracle achèterait 400 000 puces GB200.", "Financial Times"),
    ("en", "According to Bloomberg, Tencent ordered H20 chips.", "Bloomberg"),
])
def test_the_source_a_sentence_cites_is_no_actor_of_its_facts(language, text, source):
    found = triples(text, language)
    assert not [t for t in found if source in (t[0], t[2])]


def test_a_possessive_stands_for_the_organisation_of_the_sentence_before():
    doc = load_pipeline()("Huawei a publié ses résultats annuels. Son président tournant, Eric Xu, a présenté la puce Ascend 950.")
    possessive = [m for m in doc._.airace_mentions if m.source == "coref" and m.text == "Son"]
    assert [doc._.airace_entities[m.entity].label for m in possessive] == ["Huawei"]


def test_a_pronoun_right_after_a_name_and_a_comma_takes_it_up():
    doc = load_pipeline()("Alibaba a publié Qwen3 en avril. Quant au directeur général, Eddie Wu, il promet d'investir davantage.")
    pronoun = [m for m in doc._.airace_mentions if m.source == "coref" and m.text == "il"]
    assert [doc._.airace_entities[m.entity].label for m in pronoun] == ["Eddie Wu"]


def _coref(text: str, language: str = "fr") -> dict[str, str]:
    doc = load_pipeline(language=language)(text)
    return {m.text: doc._.airace_entities[m.entity].label for m in doc._.airace_mentions if m.source == "coref"}


def test_a_role_description_with_its_organisation_stands_for_the_person_met_before():
    text = ("Liang Wenfeng a grandi dans un village du Guangdong, avant d'étudier l'électronique à Hangzhou. "
            "Interrogé par un magazine en 2024, le patron de DeepSeek affirmait que l'imitation n'avait pas d'avenir.")
    assert _coref(text)["le patron"] == "Liang Wenfeng"  # not DeepSeek, its complement
    assert ("Liang Wenfeng", "leads", "DeepSeek") in triples(text)


@pytest.mark.parametrize("language, text, anaphor, entity", [
    ("fr", "Moonshot AI a mis en ligne Kimi K2 en juillet. Moonshot AI revendique des millions d'utilisateurs. "
           "Plusieurs analystes comparent le modèle aux systèmes d'OpenAI. En novembre, la jeune pousse a publié "
           "une variante de raisonnement, Kimi K2 Thinking.", "la jeune pousse", "Moonshot AI"),
    ("en", "Zhipu AI released GLM-4.5 in July. Analysts compare it with Anthropic's Claude. "
           "The company has also opened the weights of its model to developers.", "The company", "Zhipu AI"),
])
def test_a_description_stands_for_the_entity_the_article_is_about_over_a_passing_name(language, text, anaphor, entity):
    assert _coref(text, language)[anaphor] == entity


def test_a_description_between_two_equally_likely_entities_is_left_alone():
    doc = load_pipeline()("Nvidia et AMD ont présenté jeudi leurs résultats trimestriels. "
                          "Selon plusieurs analystes, l'entreprise a gagné des parts de marché.")
    (anaphor,) = doc._.airace_anaphors
    assert anaphor.span.text == "l'entreprise" and {c.entity for c in anaphor.choices} == {"Nvidia", "AMD"}
    assert anaphor.chosen is None and anaphor.probability < 0.8  # neither is much likelier: no guess
    assert not [m for m in doc._.airace_mentions if m.source == "coref"]


def test_an_unreadable_coreference_ranking_is_refused_in_one_line(tmp_path):
    from kg.errors import DataError
    from kg.extract.antecedents import AntecedentModel

    bad = tmp_path / "antecedents.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        AntecedentModel.load(bad)
    assert str(bad) in str(caught.value) and "\n" not in str(caught.value)
