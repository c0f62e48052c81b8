"""Read the graph for the viewer: entities, relations with their evidence,
documents, as plain Python data (no RDF terms, no HTML).

An entity is an IRI typed with one of the nine classes; a relation is a
direct triple between two entities whose property is in the ``air:``
namespace, with the assertion nodes that support it (the sentence and the
document of each, or the source of a reference fact).

>>> from kg.api import KnowledgeGraph
>>> data = read_graph(KnowledgeGraph.open())
>>> data.nodes, data.edges, data.documents
({}, [], {})
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.namespaces import CLASSES, ENTITIES_GRAPH, REFERENCE_GRAPH

#: Most specific first: an entity typed Company and Organization is drawn as a Company.
CLASS_ORDER = ("Company", "ResearchInstitution", "GovernmentBody", "Person", "Chip",
               "AIModel", "Policy", "Country", "Organization")
_AIR = "https://w3id.org/airace/ontology#"


@dataclass
class Evidence:
    """One reason to believe a relation: an assertion node of some named graph."""

    graph: str                # the document IRI, or the reference graph
    source: str | None        # prov:wasDerivedFrom: the document, or a URL for a reference fact
    sentence: str | None      # the sentence of the article (None for reference facts)
    confidence: float | None


@dataclass
class Edge:
    """A relation ``source --prop--> target`` and everything that supports it."""

    source: str
    prop: str                 # local name in air:, e.g. "usesChip"
    target: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        """The best confidence among the evidence (None when there is none)."""
        values = [e.confidence for e in self.evidence if e.confidence is not None]
        return max(values) if values else None


@dataclass
class Node:
    """An entity: its class, label, aliases, Wikidata links and the graphs that declare it."""

    id: str
    label: str
    cls: str
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)


@dataclass
class DocumentInfo:
    """A document graph (or the reference graph) as the viewer names it."""

    iri: str
    title: str
    source: str | None = None
    date: str | None = None
    reference: bool = False


@dataclass
class GraphData:
    nodes: dict[str, Node]
    edges: list[Edge]
    documents: dict[str, DocumentInfo]


def read_graph(graph) -> GraphData:
    """Everything the viewer draws, read from a :class:`kg.KnowledgeGraph` in five queries."""
    rows = graph.query(f"""
        SELECT ?e ?class ?g ?label WHERE {{
          GRAPH ?g {{ ?e a ?class . FILTER(isIRI(?e) && ?class IN ({_class_list()})) }}
          FILTER(?g != <{ENTITIES_GRAPH}>)  # derived: each entity once, declared by no one
          OPTIONAL {{ ?e rdfs:label ?label }}
        }}""").rows
    classes: dict[str, set[str]] = {}
    labels: dict[str, set[str]] = {}
    graphs: dict[str, set[str]] = {}
    for e, cls, g, label in rows:
        classes.setdefault(e, set()).add(cls[len(_AIR):])
        graphs.setdefault(e, set()).add(g)
        if label is not None:
            labels.setdefault(e, set()).add(str(label))
    nodes = {e: Node(e, min(labels.get(e) or {_local(e)}), _most_specific(c), graphs=sorted(graphs[e]))
             for e, c in classes.items()}
    for e, alias in graph.query("SELECT DISTINCT ?e ?a WHERE { ?e skos:altLabel ?a }").rows:
        if e in nodes and str(alias) != nodes[e].label:
            nodes[e].aliases.append(str(alias))
    for e, same in graph.query("SELECT DISTINCT ?e ?s WHERE { ?e owl:sameAs ?s . FILTER(isIRI(?s)) }").rows:
        if e in nodes:
            nodes[e].same_as.append(same)
    for node in nodes.values():
        node.aliases.sort()
        node.same_as.sort()
    edges = _edges(graph, nodes)
    return GraphData(nodes, edges, _documents(graph))


def _edges(graph, nodes: dict[str, Node]) -> list[Edge]:
    edges: dict[tuple, Edge] = {}
    for s, p, o in graph.query("""
        SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(air:)) && isIRI(?o)) }""").rows:
        if s in nodes and o in nodes:
            edges[(s, p, o)] = Edge(s, p[len(_AIR):], o)
    seen = set()
    for s, p, o, g, source, sentence, confidence in graph.query("""
        SELECT ?s ?p ?o ?g ?source ?sentence ?confidence WHERE {
          GRAPH ?g {
            ?a a air:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
            OPTIONAL { ?a prov:wasDerivedFrom ?source }
            OPTIONAL { ?a air:sentence ?sentence }
            OPTIONAL { ?a air:confidence ?confidence }
          }
        } ORDER BY ?g ?sentence""").rows:
        edge = edges.get((s, p, o))
        slot = (s, p, o, g, sentence, confidence)
        if edge is None or slot in seen:
            continue
        seen.add(slot)
        edge.evidence.append(Evidence(g, source, None if sentence is None else str(sentence),
                                      None if confidence is None else float(confidence)))
    return sorted(edges.values(), key=lambda e: (e.source, e.prop, e.target))


def _documents(graph) -> dict[str, DocumentInfo]:
    documents = {}
    for g, title, source, date in graph.query("""
        SELECT ?g (SAMPLE(?t) AS ?title) (SAMPLE(?s) AS ?source) (SAMPLE(?d) AS ?date) WHERE {
          GRAPH ?g { ?g a air:Document . OPTIONAL { ?g dcterms:title ?t } OPTIONAL { ?g dcterms:source ?s }
                     OPTIONAL { ?g dcterms:date ?d } }
        } GROUP BY ?g""").rows:
        name = str(title or source or g)
        documents[g] = DocumentInfo(g, name, None if source is None else str(source),
                                    None if date is None else str(date))
    if graph.store.count(str(REFERENCE_GRAPH)):
        documents[str(REFERENCE_GRAPH)] = DocumentInfo(str(REFERENCE_GRAPH), "Reference facts (curated)",
                                                       reference=True)
    return documents


def _class_list() -> str:
    return ", ".join(f"air:{c}" for c in CLASSES)


def _most_specific(classes: set[str]) -> str:
    return next(c for c in CLASS_ORDER if c in classes)


def _local(iri: str) -> str:
    """The last segment of an IRI, readable.

    >>> _local("https://w3id.org/airace/resource/Ascend_910B")
    'Ascend 910B'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("_", " ")
