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


def run_sents(nlp, sentences):
    """Several hand-parsed sentences: (words, pos, heads (within the sentence), deps, ents, lemmas)."""
    words, pos, heads, deps, ents, lemmas, starts = [], [], [], [], [], [], []
    for w, p, h, d, e, lem in sentences:
        offset = len(words)
        words += w
        pos += p
        heads += [offset + i for i in h]
        deps += d
        ents += e
        lemmas += lem
        starts += [True] + [False] * (len(w) - 1)
    doc = Doc(nlp.vocab, words=words, pos=pos, heads=heads, deps=deps, ents=ents, lemmas=lemmas, sent_starts=starts)
    for _, component in nlp.pipeline:
        doc = component(doc)
    by_key = doc._.airace_entities
    return doc, {(by_key[r.subject].label, r.prop, by_key[r.object].label): r for r in doc._.airace_relations}


def test_relative_clause_gives_the_producer_from_the_parse(blank):
    # "Le processeur Z900, que Qubix a conçu, chauffe." — the object comes before its verb.
    sent = (["Le", "processeur", "Z900", ",", "que", "Qubix", "a", "conçu", ",", "chauffe", "."],
            ["DET", "NOUN", "PROPN", "PUNCT", "PRON", "PROPN", "AUX", "VERB", "PUNCT", "VERB", "PUNCT"],
            [1, 9, 1, 1, 7, 7, 7, 1, 9, 9, 9],
            ["det", "nsubj", "appos", "punct", "obj", "nsubj", "aux:tense", "acl:relcl", "punct", "ROOT", "punct"],
            ["O", "O", "B-MISC", "O", "O", "B-ORG", "O", "O", "O", "O", "O"],
            ["le", "processeur", "Z900", ",", "que", "Qubix", "avoir", "concevoir", ",", "chauffer", "."])
    doc, rels = run_sents(blank, [sent])
    found = [r for (s, p, o), r in rels.items() if s == "Qubix" and p in ("designs", "produces") and o == "Z900"]
    assert found and found[0].rule == "dep-relative-object"


def test_definite_description_stands_for_the_company_named_before(blank):
    # "La start-up Zorbex a lancé Zorbo-7. L'entreprise utilise des puces Z900."
    first = (["La", "start-up", "Zorbex", "a", "lancé", "Zorbo-7", "."],
             ["DET", "NOUN", "PROPN", "AUX", "VERB", "PROPN", "PUNCT"],
             [1, 4, 1, 4, 4, 4, 4],
             ["det", "nsubj", "appos", "aux:tense", "ROOT", "obj", "punct"],
             ["O", "O", "B-ORG", "O", "O", "B-MISC", "O"],
             ["le", "start-up", "Zorbex", "avoir", "lancer", "Zorbo-7", "."])
    second = (["L'", "entreprise", "utilise", "des", "puces", "Z900", "."],
              ["DET", "NOUN", "VERB", "DET", "NOUN", "PROPN", "PUNCT"],
              [1, 2, 2, 4, 2, 4, 2],
              ["det", "nsubj", "ROOT", "det", "obj", "appos", "punct"],
              ["O", "O", "O", "O", "O", "B-MISC", "O"],
              ["le", "entreprise", "utiliser", "un", "puce", "Z900", "."])
    doc, rels = run_sents(blank, [first, second])
    corefs = [(m.text, m.entity) for m in doc._.airace_mentions if m.source == "coref"]
    assert corefs == [("L' entreprise", "company/Zorbex")]
    assert ("Zorbex", "usesChip", "Z900") in rels


def test_description_out_of_argument_position_is_left_alone(blank):
    # "Qubix grandit. Cela profite à la société." — 'la société' is society here.
    first = (["Qubix", "grandit", "."], ["PROPN", "VERB", "PUNCT"], [1, 1, 1], ["nsubj", "ROOT", "punct"],
             ["B-ORG", "O", "O"], ["Qubix", "grandir", "."])
    second = (["Cela", "profite", "à", "la", "société", "."], ["PRON", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
              [1, 1, 4, 4, 1, 1], ["nsubj", "ROOT", "case", "det", "obl:arg", "punct"],
              ["O"] * 6, ["cela", "profiter", "à", "le", "société", "."])
    doc, _ = run_sents(blank, [first, second])
    assert not [m for m in doc._.airace_mentions if m.source == "coref"]


def test_subject_pronoun_is_the_previous_subject(blank):
    # "Wei Zhang dirige Qubix. Il a cofondé Zorbex."
    first = (["Wei", "Zhang", "dirige", "la", "société", "Qubix", "."],
             ["PROPN", "PROPN", "VERB", "DET", "NOUN", "PROPN", "PUNCT"],
             [2, 0, 2, 4, 2, 4, 2], ["nsubj", "flat:name", "ROOT", "det", "obj", "appos", "punct"],
             ["B-PER", "I-PER", "O", "O", "O", "B-ORG", "O"],
             ["Wei", "Zhang", "diriger", "le", "société", "Qubix", "."])
    second = (["Il", "a", "cofondé", "la", "start-up", "Zorbex", "."],
              ["PRON", "AUX", "VERB", "DET", "NOUN", "PROPN", "PUNCT"],
              [2, 2, 2, 4, 2, 4, 2], ["nsubj", "aux:tense", "ROOT", "det", "obj", "appos", "punct"],
              ["O", "O", "O", "O", "O", "B-ORG", "O"],
              ["il", "avoir", "cofonder", "le", "start-up", "Zorbex", "."])
    _, rels = run_sents(blank, [first, second])
    assert ("Wei Zhang", "leads", "Qubix") in rels
    assert ("Wei Zhang", "founderOf", "Zorbex") in rels


def test_a_new_version_of_a_known_family_is_a_model_and_the_trained_model_uses_the_chips(blank):
    """'GPT-5' and 'Kimi K3' are in no list: they are new versions of known
    families (GPT-4o, Kimi). A training verb makes its object model use the
    chips named after it, as well as its subject."""
    words = ["Moonshot", "AI", "a", "entraîné", "Kimi", "K3", "sur", "des", "GPU", "H800", "."]
    doc, rels = run(blank, words,
                    pos=["PROPN", "PROPN", "AUX", "VERB", "PROPN", "PROPN", "ADP", "DET", "NOUN", "PROPN", "PUNCT"],
                    heads=[3, 0, 3, 3, 3, 4, 8, 8, 3, 8, 3],
                    deps=["nsubj", "flat:name", "aux:tense", "ROOT", "obj", "flat:name", "case", "det", "obl:mod",
                          "flat:name", "punct"],
                    ents=["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O", "O", "O"],
                    lemmas=["Moonshot", "AI", "avoir", "entraîner", "Kimi", "K3", "sur", "un", "GPU", "H800", "."])
    assert {m.text: m.cls for m in doc._.airace_mentions}["Kimi K3"] == "AIModel"
    assert {("Moonshot AI", "develops", "Kimi K3"), ("Kimi K3", "usesChip", "H800"),
            ("Moonshot AI", "usesChip", "H800")} <= rels


def test_a_versioned_name_of_no_known_family_needs_a_cue(blank):
    words = ["Zorblax", "a", "acheté", "Quuxor", "7", "."]
    doc, rels = run(blank, words,
                    pos=["PROPN", "AUX", "VERB", "PROPN", "NUM", "PUNCT"],
                    heads=[2, 2, 2, 2, 3, 2],
                    deps=["nsubj", "aux:tense", "ROOT", "obj", "nummod", "punct"],
                    ents=["O", "O", "O", "O", "O", "O"],
                    lemmas=["Zorblax", "avoir", "acheter", "Quuxor", "7", "."])
    assert "Quuxor 7" not in {m.text for m in doc._.airace_mentions}


def test_the_parsed_subject_wins_over_a_mention_nearer_the_verb(blank):
    """'Le laboratoire Zhipu AI, issu de l'université Tsinghua, entraîne ... sur des puces Ascend':
    the subject is the laboratory (and the name with it), not the university just before the verb."""
    words = ["Le", "laboratoire", "Zhipu", "AI", ",", "issu", "de", "l'", "université", "Tsinghua", ",",
             "entraîne", "ses", "modèles", "sur", "des", "puces", "Ascend", "."]
    doc, rels = run(blank, words,
                    pos=["DET", "NOUN", "PROPN", "PROPN", "PUNCT", "VERB", "ADP", "DET", "NOUN", "PROPN", "PUNCT",
                         "VERB", "DET", "NOUN", "ADP", "DET", "NOUN", "PROPN", "PUNCT"],
                    heads=[1, 11, 1, 2, 5, 1, 8, 8, 5, 8, 11, 11, 13, 11, 16, 16, 11, 16, 11],
                    deps=["det", "nsubj", "appos", "flat:name", "punct", "acl", "case", "det", "obl:arg", "flat:name",
                          "punct", "ROOT", "det", "obj", "case", "det", "obl:arg", "flat:name", "punct"],
                    ents=["O", "O", "B-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O", "O", "O",
                          "O", "O", "B-MISC", "O"],
                    lemmas=["le", "laboratoire", "Zhipu", "AI", ",", "issu", "de", "le", "université", "Tsinghua", ",",
                            "entraîner", "son", "modèle", "sur", "un", "puce", "Ascend", "."])
    users = {s for s, p, o in rels if p == "usesChip"}
    assert "Zhipu AI" in users and not any("Tsinghua" in u for u in users)


def test_a_nationality_in_an_apposition_naming_a_rival_places_the_company(blank):
    words = ["Samsung", ",", "le", "concurrent", "sud-coréen", "de", "TSMC", ",", "investit", "."]
    doc, rels = run(blank, words,
                    pos=["PROPN", "PUNCT", "DET", "NOUN", "ADJ", "ADP", "PROPN", "PUNCT", "VERB", "PUNCT"],
                    heads=[8, 3, 3, 0, 3, 6, 3, 8, 8, 8],
                    deps=["nsubj", "punct", "det", "appos", "amod", "case", "nmod", "punct", "ROOT", "punct"],
                    ents=["B-ORG", "O", "O", "O", "O", "O", "B-ORG", "O", "O", "O"],
                    lemmas=["Samsung", ",", "le", "concurrent", "sud-coréen", "de", "TSMC", ",", "investir", "."])
    assert ("Samsung Electronics", "basedIn", "South Korea") in rels
    assert ("TSMC", "basedIn", "South Korea") not in rels
