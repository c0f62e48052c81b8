"""Claims, quantities and dates on sentences written for these tests, through
the real French pipeline, then on the real articles by SPARQL."""

from __future__ import annotations

import pytest

from kg.extract.dates import date_in
from kg.extract.quantities import parse_number


def keys(doc):
    return {k: e.label for k, e in doc._.airace_entities.items()}


def test_quantities_have_value_unit_and_target(nlp):
    doc = nlp("Le 3 mars 2025, la start-up Zorbex a entraîné son modèle sur 2 048 puces H800 de Nvidia "
              "pour 5,6 millions de dollars.")
    labels = keys(doc)
    found = {(q.kind, q.unit, q.value, labels[q.qualifies]) for q in doc._.airace_quantities}
    assert ("count", "chips", 2048.0, "H800") in found
    assert ("cost", "USD", 5_600_000.0, "Zorbex") in found
    assert all(q.date == ("2025-03-03", "date") for q in doc._.airace_quantities)


def test_share_and_users(nlp):
    doc = nlp("Huawei a gagné 5 % de parts de marché. Le chatbot Ernie Bot de Baidu compte 100 millions d'utilisateurs.")
    labels = keys(doc)
    found = {(q.unit, q.value, labels[q.qualifies]) for q in doc._.airace_quantities}
    assert ("percent", 5.0, "Huawei") in found
    assert ("users", 100_000_000.0, "Ernie Bot") in found or ("users", 100_000_000.0, "Baidu") in found


@pytest.mark.parametrize("text, expected", [
    ("2 000", 2000.0), ("5,6", 5.6), ("1,234.5", 1234.5), ("12\u202f000", 12000.0), ("3.5", 3.5),
])
def test_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("En mai 2019, Huawei est inscrit.", None, ("2019-05", "gYearMonth")),
    ("Publié le 20 janvier par DeepSeek.", "2025-01-28", ("2025-01-20", "date")),
    ("Publié le 20 décembre par DeepSeek.", "2025-01-28", ("2024-12-20", "date")),
    ("Released on January 20, 2025 by DeepSeek.", None, ("2025-01-20", "date")),
    ("Fin 2020, SMIC était sur la liste.", None, ("2020", "gYear")),
    ("Le modèle compte 2 048 puces.", None, None),
])
def test_dates(text, published, expected):
    assert date_in(text, published) == expected


def test_claims_speaker_text_and_hedging(nlp):
    doc = nlp("Wei Zhang dirige la start-up Zorbex. Selon lui, la Chine pourrait dépasser les États-Unis d'ici 2030. "
              "« Nos puces Z900 suffisent », a déclaré Jensen Huang. "
              "Les analystes estiment que le marché va croître.")
    labels = keys(doc)
    claims = {(labels[c.speaker], c.text, c.hedged) for c in doc._.airace_claims}
    assert ("Wei Zhang", "la Chine pourrait dépasser les États-Unis d'ici 2030", True) in claims
    assert ("Jensen Huang", "Nos puces Z900 suffisent", False) in claims
    assert len(claims) == 2  # unnamed analysts are not speakers


def test_corpus_claims_quantities_and_dates_by_sparql(corpus_graph):
    claims = corpus_graph.query("""
        SELECT DISTINCT ?who ?text WHERE {
          GRAPH ?doc { ?c a air:Claim ; air:claimant ?speaker ; air:claimText ?text ; air:sentence ?s ;
                          prov:wasDerivedFrom ?doc }
          ?speaker rdfs:label ?who }""").rows
    speakers = {who for who, _ in claims}
    assert {"Sam Altman", "Liang Wenfeng"} <= speakers
    quantities = corpus_graph.query("""
        SELECT DISTINCT ?label ?value ?unit WHERE {
          ?q a air:Quantity ; air:qualifies ?e ; air:quantityValue ?value ; air:unit ?unit ; air:sentence ?s .
          ?e rdfs:label ?label }""").rows
    assert ["H800", 2000.0, "chips"] in quantities
    assert ["DeepSeek", 5600000.0, "USD"] in quantities
    published = corpus_graph.query("SELECT ?d WHERE { ?doc a air:Document ; dcterms:date ?d }").rows
    assert ["2024-03-17"] in published
    stated = corpus_graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?x air:date ?d }").rows[0][0]
    assert stated >= 1
