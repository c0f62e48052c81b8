"""English articles: language detection routes them to the English pipeline
(the rule-based fallback here, since en_core_web_sm is not on PyPI)."""

from __future__ import annotations

import pytest

import kg
from kg.documents import detect_language
from kg.extract.pipeline import english_model_installed, load_pipeline

TEXT = (
    "Chinese AI start-ups race ahead despite US curbs\n"
    "Nvidia designed the H20 chip for the Chinese market after Washington tightened its rules. "
    "Kestrel Robotics, a Chinese startup, trained its Falcon-9B model on 4,096 H800 chips, according to the company. "
    "Sam Altman, the CEO of OpenAI, said that China is moving fast. "
    "The US export controls target the H100 and the A100."
)


@pytest.fixture(scope="module")
def doc():
    return load_pipeline(language="en")(TEXT)


def triples(doc):
    labels = {k: e.label for k, e in doc._.airace_entities.items()}
    return {(labels[r.subject], r.prop, labels[r.object]) for r in doc._.airace_relations}


def test_language_is_detected():
    assert detect_language(TEXT) == "en"


def test_fallback_is_used_without_the_english_model():
    nlp = load_pipeline(language="en")
    assert ("parser" in nlp.pipe_names) == english_model_installed()


def test_unknown_company_and_model_are_found_and_typed(doc):
    classes = {m.text: m.cls for m in doc._.airace_mentions}
    assert classes["Kestrel Robotics"] == "Company"
    assert classes["Falcon-9B"] == "AIModel"


def test_relations_from_english_text(doc):
    found = triples(doc)
    assert ("Nvidia", "designs", "H20") in found
    assert ("Sam Altman", "leads", "OpenAI") in found
    assert ("Kestrel Robotics", "basedIn", "China") in found
    assert ("US export controls", "targets", "H100") in found
    assert any(s == "Kestrel Robotics" and p == "usesChip" and o == "H800" for s, p, o in found)


def test_claim_and_quantity(doc):
    labels = {k: e.label for k, e in doc._.airace_entities.items()}
    claims = {(labels[c.speaker], c.text) for c in doc._.airace_claims}
    assert ("Sam Altman", "China is moving fast") in claims
    quantities = {(labels[q.qualifies], q.value, q.unit) for q in doc._.airace_quantities}
    assert ("H800", 4096.0, "chips") in quantities


def test_english_document_in_the_graph():
    graph = kg.KnowledgeGraph.open()
    iri = graph.add_text(TEXT, source="https://example.org/en")
    rows = graph.query("SELECT ?d ?lang WHERE { ?d a air:Document ; dcterms:language ?lang }").rows
    assert rows == [[iri, "en"]]
    assert graph.query("ASK { res:Nvidia air:designs res:H20 }").boolean
