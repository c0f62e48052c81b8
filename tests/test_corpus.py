"""End to end on the five real articles of ../shared/corpus: the relations the
articles state come back by SPARQL, from the document graphs (never the
reference graph), each with its source sentence."""

from __future__ import annotations

import pytest

REFERENCE = "https://w3id.org/airace/graph/reference"

STATED = """
SELECT ?sentence ?start ?end ?confidence ?doc ?subjectLabel ?objectLabel WHERE {
  GRAPH ?doc {
    ?a a air:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
       air:sentence ?sentence ; air:startOffset ?start ; air:endOffset ?end ; air:confidence ?confidence .
    ?s rdfs:label ?subjectLabel . ?o rdfs:label ?objectLabel .
    ?s air:PLACEHOLDER ?o .
  }
  FILTER(?doc != <https://w3id.org/airace/graph/reference>)
}"""


def stated(graph, subject, prop, obj):
    """Rows (sentence, offsets, confidence, document) for one relation read from an article."""
    query = STATED.replace("PLACEHOLDER", prop)
    rows = graph.query(query).dicts()
    return [r for r in rows if r["subjectLabel"] == subject and obj in r["objectLabel"]]


@pytest.mark.parametrize("subject, prop, obj, words", [
    ("Nvidia", "produces", "A100", ["A100", "Nvidia"]),
    ("Nvidia", "produces", "H100", ["H100", "Nvidia"]),
    ("Huawei", "produces", "Ascend 910B", ["Ascend 910B", "Huawei"]),
    ("DeepSeek", "usesChip", "H800", ["H800", "DeepSeek"]),
    ("Liang Wenfeng", "founderOf", "DeepSeek", ["fondateur", "DeepSeek"]),
    ("Alibaba Group", "develops", "Qwen3", ["Qwen3", "Alibaba"]),
    ("Microsoft", "deploys", "DeepSeek", ["Microsoft", "héberger", "DeepSeek"]),
])
def test_relation_comes_back_with_its_sentence(corpus_graph, subject, prop, obj, words):
    rows = stated(corpus_graph, subject, prop, obj)
    assert rows, f"{subject} {prop} {obj} not found in any document graph"
    row = rows[0]
    assert all(w in row["sentence"] for w in words)
    assert 0 < row["confidence"] <= 1
    # The offsets point at the sentence in the article's text.
    text = corpus_graph.query(
        "SELECT ?doc ?source WHERE { GRAPH ?doc { ?doc dcterms:source ?source } }", doc=_iri(row["doc"])).rows[0][1]
    with open(text, encoding="utf-8") as f:
        assert f.read()[row["start"]:row["end"]] == row["sentence"]


def test_microsoft_deploys_models_that_deepseek_develops(corpus_graph):
    ask = corpus_graph.query("""
        ASK { GRAPH ?g { res:Microsoft air:deploys ?model . res:DeepSeek air:develops ?model . ?model a air:AIModel } }""")
    assert ask.boolean


def test_chain_nvidia_h800_deepseek_over_reference_and_documents(corpus_graph):
    rows = corpus_graph.query("""
        SELECT ?producerLabel ?chipLabel ?userLabel ?refGraph ?docGraph WHERE {
          GRAPH ?refGraph { ?producer air:produces ?chip }
          GRAPH ?docGraph { ?user air:usesChip ?chip }
          ?producer rdfs:label ?producerLabel . ?chip rdfs:label ?chipLabel . ?user rdfs:label ?userLabel .
          ?docGraph a air:Document . FILTER(?refGraph = <https://w3id.org/airace/graph/reference>)
        }""").dicts()
    assert {"producerLabel": "Nvidia", "chipLabel": "H800", "userLabel": "DeepSeek"}.items() <= {
        k: v for r in rows for k, v in r.items() if r["chipLabel"] == "H800" and r["producerLabel"] == "Nvidia"}.items()


def test_documents_mention_entities_and_carry_metadata(corpus_graph):
    rows = corpus_graph.query("""
        SELECT DISTINCT ?doc ?title WHERE { GRAPH ?doc { ?doc a air:Document ; schema:mentions res:DeepSeek ; dcterms:title ?title } }""").rows
    assert len(rows) >= 3
    dated = corpus_graph.query("SELECT ?d WHERE { GRAPH ?g { ?g dcterms:date ?d } }").rows
    assert ["2024-03-17"] in dated


def test_every_class_and_most_properties(corpus_graph):
    stats = corpus_graph.stats()
    for cls in ("Organization", "Company", "ResearchInstitution", "GovernmentBody", "Person", "Chip", "AIModel", "Policy", "Country"):
        assert stats["classes"].get(cls), cls
    core = {"develops", "produces", "usesChip", "basedOn", "affiliatedWith", "founderOf", "leads", "basedIn",
            "issuedBy", "targets", "deploys", "competesWith", "variantOf"}
    assert len(core & set(stats["properties"])) >= 10


def test_reference_facts_stay_in_their_graph(corpus_graph):
    rows = corpus_graph.query("""
        SELECT ?g WHERE { GRAPH ?g { ?a a air:Assertion ; air:extractionRule "reference" } } GROUP BY ?g""").rows
    assert rows == [[REFERENCE]]


def test_rebuilding_changes_nothing(corpus_dir):
    import kg

    graph = kg.KnowledgeGraph.open()
    graph.load_reference()
    graph.add_files([corpus_dir])
    first = graph.store.count()
    graph.load_reference()
    graph.add_files([corpus_dir])
    assert graph.store.count() == first


def _iri(value):
    import pyoxigraph as ox

    return ox.NamedNode(value)
