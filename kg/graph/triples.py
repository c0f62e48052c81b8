"""The only seam between spaCy and RDF: one processed ``Doc`` becomes the
quads of its document's named graph.

The graph holds the document resource, every entity it mentions (class,
label, aliases, Wikidata link), every relation as a plain triple, and for
each relation an assertion node with its sentence, offsets, confidence and
rule (see ``docs/design.md``).
"""

from __future__ import annotations

import hashlib

from pyoxigraph import Literal, NamedNode, Quad

from kg.documents import Document
from kg.namespaces import AIR, ASSERTION, PREFIXES, RES, SCHEMA, WD

RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
RDF_SUBJECT = NamedNode(PREFIXES["rdf"] + "subject")
RDF_PREDICATE = NamedNode(PREFIXES["rdf"] + "predicate")
RDF_OBJECT = NamedNode(PREFIXES["rdf"] + "object")
RDFS_LABEL = NamedNode(PREFIXES["rdfs"] + "label")
SKOS_ALT = NamedNode(PREFIXES["skos"] + "altLabel")
OWL_SAME_AS = NamedNode(PREFIXES["owl"] + "sameAs")
PROV_DERIVED = NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
DCT = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]


def node(iri) -> NamedNode:
    return NamedNode(str(iri))


def entity_node(key: str) -> NamedNode:
    """The IRI of an entity key (``"Nvidia"``, ``"company/MiniMax"``)."""
    return NamedNode(str(RES) + key)


def decimal(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=NamedNode(XSD + "decimal"))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def assertion_node(graph: str, subject: str, prop: str, obj: str, start: int | None) -> NamedNode:
    digest = hashlib.sha256(f"{graph}|{subject}|{prop}|{obj}|{start}".encode()).hexdigest()[:20]
    return NamedNode(str(ASSERTION) + digest)


def entity_quads(entity, graph: NamedNode) -> list[Quad]:
    """Class, label, aliases and Wikidata link of one entity, in ``graph``."""
    subject = entity_node(entity.key)
    quads = [
        Quad(subject, RDF_TYPE, node(AIR[entity.cls]), graph),
        Quad(subject, RDFS_LABEL, Literal(entity.label), graph),
    ]
    quads += [Quad(subject, SKOS_ALT, Literal(alias), graph) for alias in sorted(entity.aliases) if alias != entity.label]
    if entity.wikidata:
        quads.append(Quad(subject, OWL_SAME_AS, node(WD[entity.wikidata]), graph))
    return quads


def assertion_quads(graph: NamedNode, subject: NamedNode, prop: str, obj: NamedNode, *, source: NamedNode,
                    confidence: float, rule: str | None = None, sentence: str | None = None,
                    start: int | None = None, end: int | None = None, hedged: bool = False) -> list[Quad]:
    """The triple itself and its assertion node."""
    predicate = node(AIR[prop])
    a = assertion_node(graph.value, subject.value, prop, obj.value, start)
    quads = [
        Quad(subject, predicate, obj, graph),
        Quad(a, RDF_TYPE, node(AIR.Assertion), graph),
        Quad(a, RDF_SUBJECT, subject, graph),
        Quad(a, RDF_PREDICATE, predicate, graph),
        Quad(a, RDF_OBJECT, obj, graph),
        Quad(a, PROV_DERIVED, source, graph),
        Quad(a, node(AIR.confidence), decimal(confidence), graph),
    ]
    if rule:
        quads.append(Quad(a, node(AIR.extractionRule), Literal(rule), graph))
    if sentence is not None:
        quads += [
            Quad(a, node(AIR.sentence), Literal(sentence), graph),
            Quad(a, node(AIR.startOffset), integer(start), graph),
            Quad(a, node(AIR.endOffset), integer(end), graph),
        ]
    if hedged:
        quads.append(Quad(a, node(AIR.hedged), Literal("true", datatype=NamedNode(XSD + "boolean")), graph))
    return quads


def sentence_offsets(sent) -> tuple[str, int, int]:
    """The sentence text without surrounding spaces, and its offsets in the document text."""
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return text, start, start + len(text)


def document_quads(document: Document, doc) -> list[Quad]:
    """All quads of one processed document, in its own named graph.

    ``doc`` is the spaCy ``Doc`` that :func:`kg.extract.pipeline.load_pipeline`
    made from ``document.text``.
    """
    graph = NamedNode(document.iri)
    quads = [
        Quad(graph, RDF_TYPE, node(AIR.Document), graph),
        Quad(graph, NamedNode(DCT + "source"), Literal(document.source), graph),
        Quad(graph, NamedNode(DCT + "language"), Literal(document.language), graph),
        Quad(graph, node(AIR.contentHash), Literal(document.sha256), graph),
    ]
    if document.title:
        quads.append(Quad(graph, NamedNode(DCT + "title"), Literal(document.title), graph))
    if document.date:
        quads.append(Quad(graph, NamedNode(DCT + "date"), Literal(document.date, datatype=NamedNode(XSD + "date")), graph))
    entities = doc._.airace_entities or {}
    for entity in entities.values():
        quads.append(Quad(graph, node(SCHEMA.mentions), entity_node(entity.key), graph))
        quads += entity_quads(entity, graph)
    for relation in doc._.airace_relations or []:
        text, start, end = sentence_offsets(relation.sentence)
        quads += assertion_quads(
            graph, entity_node(relation.subject), relation.prop, entity_node(relation.object),
            source=graph, confidence=relation.confidence, rule=relation.rule,
            sentence=text, start=start, end=end, hedged=relation.hedged,
        )
    return list(dict.fromkeys(quads))
