"""Named queries: headers, answers on the demo articles, parameters bound
(never spliced), and the clean errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import kg
from kg.errors import DataError, KGError, QueryError
from kg.queries import load_all, names
from kg.queries.runner import parse

RES = "https://w3id.org/airace/resource/"
DOC = ox.NamedNode("https://w3id.org/airace/document/hand-made")


def labels(result, column):
    return {row[column] for row in result}


def test_every_named_query_has_a_header_and_examples():
    queries = load_all()
    assert {"chips-of", "chip-producers", "policies", "models-from-country", "people", "about",
            "dependency-chain", "claims-by"} <= set(names())
    for query in queries:
        assert query.title and query.description, query.name
        for param in query.params:
            assert param.description and param.example, (query.name, param.name)


def test_a_header_without_title_is_refused():
    with pytest.raises(DataError, match="E044"):
        parse("x", "# description: nothing\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(DataError, match="E044"):
        parse("x", "# title: t\n# param 1bad: no\nSELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("name, column, expected", [
    ("chips-of", "chipLabel", {"H800"}),
    ("chip-producers", "producerLabel", {"Nvidia", "TSMC"}),
    ("policies", "policyLabel", {"US export controls"}),
    ("models-from-country", "modelLabel", {"DeepSeek-V3", "DeepSeek-R1", "Qwen3"}),
    ("people", "relation", {"founderOf", "leads"}),
    ("about", "valueLabel", {"DeepSeek-V3", "Liang Wenfeng", "China"}),
    ("dependency-chain", "countryLabel", {"United States", "Taiwan"}),
    ("evidence", "subjectLabel", {"Nvidia"}),
])
def test_named_query_answers_its_example(demo_graph, name, column, expected):
    query = kg.queries.load(name)
    result = demo_graph.run_named_query(name, **query.example())
    assert expected <= labels(result, column), (name, result.rows[:5])


def test_answers_carry_what_was_asked(demo_graph):
    producers = demo_graph.run_named_query("chip-producers", chip="H100").dicts()
    assert {(r["producerLabel"], r["how"], r["countryLabel"]) for r in producers} >= {
        ("Nvidia", "produces", "United States"), ("TSMC", "manufactures", "Taiwan")}
    issuers = labels(demo_graph.run_named_query("policies", target="H800"), "issuerLabel")
    assert issuers & {"United States", "Bureau of Industry and Security"}
    about = demo_graph.run_named_query("about", entity="DeepSeek").dicts()
    stated = [r for r in about if r["property"].endswith("#develops") and r["sentence"]]
    assert stated and all(0 < r["confidence"] <= 1 and r["source"] and r["assertions"] >= 1 for r in stated)
    statements = [(r["direction"], r["property"], r["value"]) for r in about]
    assert len(statements) == len(set(statements))  # one row per statement, however many articles make it
    for row in stated:  # the sentence, source and confidence shown are those of one and the same assertion
        check = demo_graph.query("SELECT ?a ?source ?sentence ?c WHERE { ?a prov:wasDerivedFrom ?source ; air:sentence ?sentence ; "
                                 "air:confidence ?c }", a=ox.NamedNode(row["assertion"])).rows
        assert check == [[row["assertion"], row["source"], row["sentence"], row["confidence"]]]
    everyone = demo_graph.run_named_query("people")
    assert len(everyone) > len(demo_graph.run_named_query("people", organization="DeepSeek"))


@pytest.mark.parametrize("name", ["DeepSeek", "deepseek", "DEEPSEEK", "res:DeepSeek", RES + "DeepSeek"])
def test_an_entity_is_named_by_label_any_case_prefixed_name_or_iri(demo_graph, name):
    assert labels(demo_graph.run_named_query("chips-of", entity=name), "chipLabel") == {"H800"}


def test_an_entity_is_named_by_alias(demo_graph):
    assert "DeepSeek-V3" in labels(demo_graph.run_named_query("models-from-country", country="Chine"), "modelLabel")


def test_claims_by_a_person():
    graph = kg.KnowledgeGraph.open()
    altman, claim = ox.NamedNode(RES + "Sam_Altman"), ox.NamedNode("https://w3id.org/airace/claim/1")
    air = "https://w3id.org/airace/ontology#"
    graph.store.replace_graph(DOC.value, [ox.Quad(s, ox.NamedNode(p), o, DOC) for s, p, o in [
        (altman, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("Sam Altman")),
        (claim, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(air + "Claim")),
        (claim, air + "claimant", altman),
        (claim, air + "claimText", ox.Literal("la Chine rattrape son retard")),
        (claim, air + "sentence", ox.Literal("Selon Sam Altman, la Chine rattrape son retard.")),
    ]])
    rows = graph.run_named_query("claims-by", claimant="sam altman").dicts()
    assert [(r["text"], r["document"]) for r in rows] == [("la Chine rattrape son retard", DOC.value)]


def test_unknown_query_parameter_or_entity_are_clean_errors(demo_graph):
    with pytest.raises(QueryError, match="E040"):
        demo_graph.run_named_query("no-such-query")
    with pytest.raises(QueryError, match="E040"):
        demo_graph.run_named_query("../../etc/passwd")
    with pytest.raises(QueryError, match="E041"):
        demo_graph.run_named_query("chips-of", entity="DeepSeek", colour="blue")
    with pytest.raises(QueryError, match="E042"):
        demo_graph.run_named_query("chips-of")
    with pytest.raises(KGError, match="E022"):
        demo_graph.run_named_query("chips-of", entity="Nobody Atall")


EVIL = ['Nvidia"', "x } ", "a\nb", '> } ; DROP ALL', 'DeepSeek" } UNION { ?entity ?p ?o } #',
        "res:x>}", 'https://w3id.org/airace/resource/x> } ; DROP ALL ; #', "http://x\n}"]


@pytest.mark.parametrize("name", EVIL)
def test_a_name_cannot_change_the_query(demo_graph, name):
    """Either no entity has that name (a one-line error), or the answer is
    about the entities that have it (``Nvidia"`` is matched as "nvidia"), and
    the store is untouched."""
    before = demo_graph.store.count()
    try:
        rows = demo_graph.run_named_query("about", entity=name).dicts()
    except KGError as exc:
        assert str(exc).startswith(("E022", "E043")) and "\n" not in str(exc)
    else:
        assert rows and {r["entity"] for r in rows} <= set(demo_graph.find(name))
    assert demo_graph.store.count() == before


@pytest.mark.parametrize("label", EVIL[:5])
def test_an_entity_whose_label_holds_syntax_is_only_that_entity(label):
    """The label is data: the entity is found and bound, nothing else is."""
    graph = kg.KnowledgeGraph.open()
    evil, other = ox.NamedNode(RES + "evil"), ox.NamedNode(RES + "other")
    label_p = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    graph.store.replace_graph(DOC.value, [ox.Quad(evil, label_p, ox.Literal(label), DOC),
                                          ox.Quad(other, label_p, ox.Literal("Other"), DOC)])
    rows = graph.run_named_query("about", entity=label).dicts()
    assert {r["entity"] for r in rows} == {evil.value}
    assert [r["value"] for r in rows if r["property"].endswith("#label")] == [label]
    assert graph.store.count(DOC.value) == 2


def test_names_are_read_again_after_a_write():
    graph = kg.KnowledgeGraph.open()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert graph.find("Zorblax") == []
    graph.store.replace_graph(DOC.value, [ox.Quad(ox.NamedNode(RES + "Zorblax"), label, ox.Literal("Zorblax"), DOC)])
    assert graph.find("zorblax") == [RES + "Zorblax"]
    graph.store.raw.add(ox.Quad(ox.NamedNode(RES + "Zorb"), label, ox.Literal("Zorblax"), DOC))  # behind the API's back
    assert sorted(graph.find("ZORBLAX")) == [RES + "Zorb", RES + "Zorblax"]


def test_facts_stated_in_many_articles_do_not_multiply_rows():
    """A fact and its labels stated in 60 documents: each query reads them
    once (before, the plain patterns of the union default graph gave 60 rows
    per pattern, multiplied: 60^5 solutions to deduplicate)."""
    import time

    air, rdfs = "https://w3id.org/airace/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    graph = kg.KnowledgeGraph.open()
    graph.load_ontology()
    n = lambda name: ox.NamedNode(RES + name)  # noqa: E731
    facts = [(n("Nvidia"), air + "designs", n("H100")), (n("Nvidia"), air + "basedIn", n("United_States")),
             (n("DeepSeek"), air + "usesChip", n("H100")), (n("US_rules"), air + "targets", n("H100")),
             (n("US_rules"), air + "issuedBy", n("United_States"))]
    names = {"Nvidia": "Nvidia", "H100": "H100", "United_States": "United States", "DeepSeek": "DeepSeek", "US_rules": "US rules"}
    for i in range(60):
        g = ox.NamedNode(f"https://w3id.org/airace/document/many{i}")
        quads = [ox.Quad(s, ox.NamedNode(p), o, g) for s, p, o in facts]
        quads += [ox.Quad(n(k), ox.NamedNode(rdfs + "label"), ox.Literal(v), g) for k, v in names.items()]
        graph.store.replace_graph(g.value, quads)
    start = time.perf_counter()
    assert [(r["producerLabel"], r["how"], r["countryLabel"]) for r in graph.run_named_query("chip-producers", chip="H100")] \
        == [("Nvidia", "designs", "United States")]
    assert len(graph.run_named_query("dependency-chain", entity="DeepSeek")) == 1
    assert [r["issuerLabel"] for r in graph.run_named_query("policies", target="H100")] == ["United States"]
    about = graph.run_named_query("about", entity="H100").dicts()
    assert [(r["property"].rsplit("#")[-1], r["value"]) for r in about] == [("label", "H100")]  # once, not 60 times
    assert time.perf_counter() - start < 5
