"""Rules on hand-built Docs: the parse is given, so the test checks the rule,
not the statistical model's mood (spaCy's own testing habit)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import kg.extract.pipeline  # noqa: F401  (registers the factories)


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("fr")
    for name in kg.extract.pipeline.COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def run(nlp, words, pos, heads, deps, ents, lemmas=None):
    doc = Doc(nlp.vocab, words=words, pos=pos, heads=heads, deps=deps, ents=ents,
              lemmas=lemmas or [w.lower() for w in words], sent_starts=[True] + [False] * (len(words) - 1))
    for _, component in nlp.pipeline:
        doc = component(doc)
    ents_by_key = doc._.airace_entities
    return doc, {(ents_by_key[r.subject].label, r.prop, ents_by_key[r.object].label) for r in doc._.airace_relations}


def test_chip_of_company_is_produced_by_it(blank):
    words = ["La", "puce", "Ascend", "910B", "de", "Huawei", "coûte", "moins", "."]
    doc, rels = run(blank, words,
                    pos=["DET", "NOUN", "PROPN", "NOUN", "ADP", "PROPN", "VERB", "ADV", "PUNCT"],
                    heads=[1, 6, 1, 2, 5, 1, 6, 6, 6],
                    deps=["det", "nsubj", "appos", "flat", "case", "nmod", "ROOT", "advmod", "punct"],
                    ents=["O", "O", "B-MISC", "I-MISC", "O", "B-ORG", "O", "O", "O"],
                    lemmas=["le", "puce", "Ascend", "910b", "de", "Huawei", "coûter", "moins", "."])
    assert ("Huawei", "produces", "Ascend 910B") in rels
    classes = {m.text: m.cls for m in doc._.airace_mentions}
    assert classes["Ascend 910B"] == "Chip" and classes["Huawei"] == "Company"


def test_unknown_startup_and_unknown_model_are_found_by_context(blank):
    # Neither name is in the gazetteer: the cue word and the shape type them.
    words = ["La", "start-up", "Zorbex", "a", "lancé", "son", "modèle", "Zorbo-7", "."]
    doc, rels = run(blank, words,
                    pos=["DET", "NOUN", "PROPN", "AUX", "VERB", "DET", "NOUN", "PROPN", "PUNCT"],
                    heads=[1, 4, 1, 4, 4, 6, 4, 6, 4],
                    deps=["det", "nsubj", "appos", "aux:tense", "ROOT", "det", "obj", "appos", "punct"],
                    ents=["O", "O", "B-MISC", "O", "O", "O", "O", "B-MISC", "O"],
                    lemmas=["le", "start-up", "Zorbex", "avoir", "lancer", "son", "modèle", "Zorbo-7", "."])
    classes = {m.text: m.cls for m in doc._.airace_mentions}
    assert classes == {"Zorbex": "Company", "Zorbo-7": "AIModel"}
    assert ("Zorbex", "develops", "Zorbo-7") in rels


def test_founder_apposition(blank):
    words = ["Wei", "Zhang", ",", "fondateur", "de", "la", "société", "Qubix", ",", "parle", "."]
    _, rels = run(blank, words,
                  pos=["PROPN", "PROPN", "PUNCT", "NOUN", "ADP", "DET", "NOUN", "PROPN", "PUNCT", "VERB", "PUNCT"],
                  heads=[9, 0, 3, 0, 6, 6, 3, 6, 9, 9, 9],
                  deps=["nsubj", "flat:name", "punct", "appos", "case", "det", "nmod", "appos", "punct", "ROOT", "punct"],
                  ents=["B-PER", "I-PER", "O", "O", "O", "O", "O", "B-ORG", "O", "O", "O"],
                  lemmas=["Wei", "Zhang", ",", "fondateur", "de", "le", "société", "Qubix", ",", "parler", "."])
    assert ("Wei Zhang", "founderOf", "Qubix") in rels


def test_types_forbid_a_person_producing_a_chip(blank):
    # "fabriquer" is a produces trigger, but a person cannot produce a chip.
    words = ["Wei", "Zhang", "fabrique", "la", "puce", "Z900", "."]
    _, rels = run(blank, words,
                  pos=["PROPN", "PROPN", "VERB", "DET", "NOUN", "PROPN", "PUNCT"],
                  heads=[2, 0, 2, 4, 2, 4, 2],
                  deps=["nsubj", "flat:name", "ROOT", "det", "obj", "appos", "punct"],
                  ents=["B-PER", "I-PER", "O", "O", "O", "O", "O"],
                  lemmas=["Wei", "Zhang", "fabriquer", "le", "puce", "Z900", "."])
    assert not any(p == "produces" for _, p, _ in rels)


def test_policy_is_named_by_its_issuer_and_targets_a_country(blank):
    words = ["Les", "contrôles", "américains", "à", "l'", "exportation", "vers", "la", "Chine", "se", "durcissent", "."]
    doc, rels = run(blank, words,
                    pos=["DET", "NOUN", "ADJ", "ADP", "DET", "NOUN", "ADP", "DET", "PROPN", "PRON", "VERB", "PUNCT"],
                    heads=[1, 10, 1, 5, 5, 1, 8, 8, 1, 10, 10, 10],
                    deps=["det", "nsubj", "amod", "case", "det", "nmod", "case", "det", "nmod", "expl", "ROOT", "punct"],
                    ents=["O"] * 8 + ["B-LOC"] + ["O"] * 3,
                    lemmas=["le", "contrôle", "américain", "à", "le", "exportation", "vers", "le", "Chine", "se", "durcir", "."])
    assert ("US export controls", "issuedBy", "United States") in rels
    assert ("US export controls", "targets", "China") in rels


def test_surface_forms_of_one_actor_link_to_one_entity(blank):
    words = ["NVIDIA", "et", "Nvidia", "."]
    doc, _ = run(blank, words, pos=["PROPN", "CCONJ", "PROPN", "PUNCT"], heads=[0, 2, 0, 0],
                 deps=["ROOT", "cc", "conj", "punct"], ents=["B-ORG", "O", "B-ORG", "O"])
    assert {m.entity for m in doc._.airace_mentions} == {"Nvidia"}
