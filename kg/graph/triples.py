"""The only seam between spaCy and RDF: one processed ``Doc`` becomes the
quads of its document's named graph.

The graph holds the document resource, every entity it mentions (class,
label, aliases, Wikidata link), every relation as a plain triple, and for
each relation an assertion node with its sentence, offsets, confidence,
rule, stated date and the claim it was read in; then the claims (speaker,
text, hedging) and the quantities (value, unit, kind, the entity they
qualify), each with its sentence (see ``docs/design.md``).
"""

from __future__ import annotations

import hashlib

from pyoxigraph import Literal, NamedNode, Quad

from kg.documents import Document
from kg.namespaces import AIR, ASSERTION, CLAIM, PREFIXES, QUANTITY, RES, SCHEMA, WD

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
    return NamedNode(str(ASSERTION) + _digest(graph, subject, prop, obj, start))


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:20]


def date_literal(date: tuple[str, str] | None) -> Literal | None:
    """``("2019-05", "gYearMonth")`` → ``"2019-05"^^xsd:gYearMonth``."""
    return Literal(date[0], datatype=NamedNode(XSD + date[1])) if date else None


def provenance_quads(node_: NamedNode, sent, graph: NamedNode, date=None, original: str | None = None,
                     offset: int = 0) -> list[Quad]:
    """Document, sentence, offsets and stated date of a claim or quantity."""
    text, start, end = sentence_offsets(sent, original, offset)
    quads = [
        Quad(node_, PROV_DERIVED, graph, graph),
        Quad(node_, node(AIR.sentence), Literal(text), graph),
        Quad(node_, node(AIR.startOffset), integer(start), graph),
        Quad(node_, node(AIR.endOffset), integer(end), graph),
    ]
    if date:
        quads.append(Quad(node_, node(AIR.date), date_literal(date), graph))
    return quads


def claim_quads(claim, graph: NamedNode, original: str | None = None, offset: int = 0) -> tuple[NamedNode, list[Quad]]:
    """An air:Claim: speaker, text, the entities it mentions, hedging, sentence."""
    start, end = claim.start_char + offset, claim.end_char + offset
    subject = NamedNode(str(CLAIM) + _digest(graph.value, claim.speaker, start, end))
    quads = [
        Quad(subject, RDF_TYPE, node(AIR.Claim), graph),
        Quad(subject, node(AIR.claimant), entity_node(claim.speaker), graph),
        Quad(subject, node(AIR.claimText), Literal(original[start:end] if original else claim.text), graph),
        Quad(subject, node(AIR.extractionRule), Literal("claim-" + claim.cue), graph),
        Quad(subject, node(AIR.hedged), boolean(claim.hedged), graph),
    ]
    quads += [Quad(subject, node(SCHEMA.mentions), entity_node(k), graph) for k in claim.mentions]
    return subject, quads + provenance_quads(subject, claim.sentence, graph, claim.date, original, offset)


def quantity_quads(quantity, graph: NamedNode, original: str | None = None, offset: int = 0) -> list[Quad]:
    """An air:Quantity: value, unit, kind, text, the entity it qualifies, sentence."""
    start, end = quantity.start_char + offset, quantity.end_char + offset
    subject = NamedNode(str(QUANTITY) + _digest(graph.value, start, quantity.qualifies))
    quads = [
        Quad(subject, RDF_TYPE, node(AIR.Quantity), graph),
        Quad(subject, node(AIR.qualifies), entity_node(quantity.qualifies), graph),
        Quad(subject, node(AIR.quantityValue), Literal(_plain(quantity.value), datatype=NamedNode(XSD + "decimal")), graph),
        Quad(subject, node(AIR.unit), Literal(quantity.unit), graph),
        Quad(subject, node(AIR.quantityKind), Literal(quantity.kind), graph),
        Quad(subject, node(AIR.quantityText), Literal(original[start:end] if original else quantity.text), graph),
    ]
    return quads + provenance_quads(subject, quantity.sentence, graph, quantity.date, original, offset)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))


def _plain(value: float) -> str:
    """A decimal without exponent: 5600000.0 → "5600000", 5.6 → "5.6"."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


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
                    start: int | None = None, end: int | None = None, hedged: bool = False,
                    date: tuple[str, str] | None = None, claim: NamedNode | None = None) -> list[Quad]:
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
        quads.append(Quad(a, node(AIR.hedged), boolean(True), graph))
    if date:
        quads.append(Quad(a, node(AIR.date), date_literal(date), graph))
    if claim is not None:
        quads.append(Quad(a, node(AIR.inClaim), claim, graph))
    return quads


def sentence_offsets(sent, original: str | None = None, offset: int = 0) -> tuple[str, int, int]:
    """The sentence text without surrounding spaces, and its offsets in the document text.

    ``original`` is the document text as read (spaCy may have been given a copy
    with plain spaces instead of no-break ones); the sentence is cut from it.
    """
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead + offset
    end = start + len(text)
    return (original[start:end] if original is not None else text), start, end


def document_quads(document: Document, doc, offset: int = 0) -> list[Quad]:
    """All quads of one processed document, in its own named graph.

    ``doc`` is the spaCy ``Doc`` that :func:`kg.extract.pipeline.load_pipeline`
    made from ``document.text`` (or from the piece of it that starts at
    ``offset``, for long texts read in pieces).
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
    claims = []
    for claim in doc._.airace_claims or []:
        claim_node, claim_part = claim_quads(claim, graph, document.text, offset)
        claims.append(claim_node)
        quads += claim_part
    for quantity in doc._.airace_quantities or []:
        quads += quantity_quads(quantity, graph, document.text, offset)
    for relation in doc._.airace_relations or []:
        text, start, end = sentence_offsets(relation.sentence, document.text, offset)
        quads += assertion_quads(
            graph, entity_node(relation.subject), relation.prop, entity_node(relation.object),
            source=graph, confidence=relation.confidence, rule=relation.rule,
            sentence=text, start=start, end=end, hedged=relation.hedged, date=relation.date,
            claim=claims[relation.claim] if relation.claim is not None else None,
        )
    return list(dict.fromkeys(quads))
