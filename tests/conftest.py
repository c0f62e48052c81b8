"""Shared fixtures: the real French pipeline (loaded once), the real articles
of ../shared/corpus when present, and graphs built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.resources import data_dir

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not any(CORPUS.glob("*.txt")):
        pytest.skip("../shared/corpus is not here")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_graph(corpus_dir) -> kg.KnowledgeGraph:
    graph = kg.KnowledgeGraph.open()
    graph.load_reference()
    report = graph.add_files([corpus_dir])
    assert not report.failures
    return graph


@pytest.fixture(scope="session")
def demo_graph() -> kg.KnowledgeGraph:
    graph = kg.KnowledgeGraph.open()
    graph.load_reference()
    report = graph.add_files([data_dir() / "articles"])
    assert not report.failures and len(report.documents) >= 8
    return graph


# -- small hand-made graphs (no spaCy): the rule, not the model's mood ----------
AIR = "https://w3id.org/airace/ontology#"
RES = "https://w3id.org/airace/resource/"
REFERENCE = "https://w3id.org/airace/graph/reference"
DOC1 = "https://w3id.org/airace/document/toy1"
DOC2 = "https://w3id.org/airace/document/toy2"


def graph_from(entities, relations, documents) -> kg.KnowledgeGraph:
    """A graph written straight into an in-memory store.

    ``entities``: (name, class, label, aliases, graph); ``relations``:
    (subject, property, object, graph, sentence or None, confidence, source);
    ``documents``: (iri, title, source).
    """
    import pyoxigraph as ox

    n = lambda iri: ox.NamedNode(iri)  # noqa: E731
    lit = ox.Literal
    rdf, rdfs, skos = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", \
        "http://www.w3.org/2004/02/skos/core#"
    graphs: dict[str, list] = {}
    for iri, title, source in documents:
        graphs.setdefault(iri, []).extend([
            ox.Quad(n(iri), n(rdf + "type"), n(AIR + "Document")),
            ox.Quad(n(iri), n("http://purl.org/dc/terms/title"), lit(title)),
            ox.Quad(n(iri), n("http://purl.org/dc/terms/source"), lit(source))])
    for name, cls, label, aliases, g in entities:
        e = n(RES + name)
        quads = graphs.setdefault(g, [])
        quads += [ox.Quad(e, n(rdf + "type"), n(AIR + cls)), ox.Quad(e, n(rdfs + "label"), lit(label))]
        quads += [ox.Quad(e, n(skos + "altLabel"), lit(a)) for a in aliases]
        if g != REFERENCE:
            quads.append(ox.Quad(n(g), n("https://schema.org/mentions"), e))
    for i, (s, p, o, g, sentence, confidence, source) in enumerate(relations):
        a = n(f"https://w3id.org/airace/assertion/toy{i}")
        quads = graphs.setdefault(g, [])
        quads += [ox.Quad(n(RES + s), n(AIR + p), n(RES + o)), ox.Quad(a, n(rdf + "type"), n(AIR + "Assertion")),
                  ox.Quad(a, n(rdf + "subject"), n(RES + s)), ox.Quad(a, n(rdf + "predicate"), n(AIR + p)),
                  ox.Quad(a, n(rdf + "object"), n(RES + o)), ox.Quad(a, n("http://www.w3.org/ns/prov#wasDerivedFrom"), n(source)),
                  ox.Quad(a, n(AIR + "confidence"), lit(str(confidence), datatype=n("http://www.w3.org/2001/XMLSchema#decimal")))]
        if sentence is not None:
            quads.append(ox.Quad(a, n(AIR + "sentence"), lit(sentence)))
    graph = kg.KnowledgeGraph.open()
    for g, quads in graphs.items():
        graph.store.replace_graph(g, [ox.Quad(q.subject, q.predicate, q.object, n(g)) for q in quads])
    return graph


@pytest.fixture(scope="session")
def toy_graph() -> kg.KnowledgeGraph:
    """Six entities, five relations, two documents and the reference graph.

    Alpha (Company) produces B100 (Chip), develops Model-M (AIModel), is based
    in Cland (Country, reference fact only) and is led by Pat (Person);
    Model-M uses B100; Zed (Company) is alone."""
    entities = [("Alpha", "Company", "Alpha", ["Alpha Corp"], DOC1), ("B100", "Chip", "B100", [], DOC1),
                ("Model-M", "AIModel", "Model-M", [], DOC1), ("Alpha", "Company", "Alpha", [], DOC2),
                ("B100", "Chip", "B100", [], DOC2), ("Model-M", "AIModel", "Model-M", [], DOC2),
                ("Pat", "Person", "Pat", [], DOC2), ("Zed", "Company", "Zed", [], DOC2),
                ("Alpha", "Company", "Alpha", [], REFERENCE), ("Cland", "Country", "Cland", [], REFERENCE),
                ("B100", "Chip", "B100", [], REFERENCE)]
    relations = [("Alpha", "produces", "B100", DOC1, "Alpha fabrique la puce B100.", 0.9, DOC1),
                 ("Alpha", "produces", "B100", REFERENCE, None, 1.0, "https://example.org/b100"),
                 ("Alpha", "develops", "Model-M", DOC1, "Alpha a lancé Model-M.", 0.8, DOC1),
                 ("Alpha", "basedIn", "Cland", REFERENCE, None, 1.0, "https://example.org/alpha"),
                 ("Model-M", "usesChip", "B100", DOC2, "Model-M tourne sur des B100.", 0.6, DOC2),
                 ("Pat", "leads", "Alpha", DOC2, "Pat dirige Alpha.", 0.4, DOC2)]
    documents = [(DOC1, "Alpha et ses puces", "toy1.txt"), (DOC2, "Model-M", "toy2.txt")]
    return graph_from(entities, relations, documents)


#: Strings that would run script if a page put them in the DOM as HTML.
PAYLOAD_LABEL = '<img src=x onerror="window.__pwned=1">'
PAYLOAD_SENTENCE = ("<script>window.__pwned=1</script> « guillemets » \"double\" 'simple' & "
                    "</script><img src=x onerror=window.__pwned=1> \u2028 fin")


@pytest.fixture(scope="session")
def hostile_graph() -> kg.KnowledgeGraph:
    """Entity names, a sentence, a title and links crafted to run script if mishandled."""
    entities = [("Evil", "Company", PAYLOAD_LABEL, ["\"'><script>window.__pwned=1</script>"], DOC1),
                ("Chip1", "Chip", "</script><script>window.__pwned=1</script>", [], DOC1),
                ("Chip1", "Chip", "</script><script>window.__pwned=1</script>", [], REFERENCE),
                ("Evil", "Company", PAYLOAD_LABEL, [], REFERENCE)]
    relations = [("Evil", "usesChip", "Chip1", DOC1, PAYLOAD_SENTENCE, 0.9, DOC1),
                 ("Evil", "produces", "Chip1", REFERENCE, None, 1.0, "javascript:window.__pwned=1")]
    documents = [(DOC1, "<b onmouseover=window.__pwned=1>Titre</b>", "javascript:window.__pwned=1")]
    return graph_from(entities, relations, documents)


# -- graphs built from short texts written for the analytics tests (real pipeline) --
#: Nvidia (United States) designs the H800; DeepSeek (China) uses it and trains
#: DeepSeek-V3 on it; US export controls target it.
RACE_TEXT = ("Puces et contrôles\n\n"
             "Le groupe américain Nvidia conçoit la puce H800. DeepSeek, une entreprise chinoise, utilise des puces H800. "
             "DeepSeek a développé le modèle DeepSeek-V3. Le modèle DeepSeek-V3 a été entraîné sur des puces H800. "
             "Les contrôles à l'exportation américains visent la puce H800.\n")
#: A later article: Huawei's chip, Alibaba's model on it, Nvidia's boss, US
#: sanctions on China, and DeepSeek's H800 said again.
LATER_TEXT = ("La riposte chinoise\n\n"
              "Huawei, une entreprise chinoise, conçoit la puce Ascend 910B. "
              "Le modèle Qwen3 a été entraîné sur des puces Ascend 910B. Alibaba a développé le modèle Qwen3. "
              "Jensen Huang dirige Nvidia. Les sanctions américaines visent la Chine. DeepSeek achète des puces H800.\n")


@pytest.fixture(scope="session")
def race_graph() -> kg.KnowledgeGraph:
    """RACE_TEXT alone (no reference graph)."""
    graph = kg.KnowledgeGraph.open()
    graph.add_text(RACE_TEXT, source="race.txt")
    return graph


@pytest.fixture(scope="session")
def later_graph() -> kg.KnowledgeGraph:
    """RACE_TEXT, then LATER_TEXT."""
    graph = kg.KnowledgeGraph.open()
    graph.add_text(RACE_TEXT, source="race.txt")
    graph.add_text(LATER_TEXT, source="later.txt")
    return graph
