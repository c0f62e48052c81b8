"""The curated reference graph: background facts that articles take for
granted (``data/reference.json``), each with its source, in the named graph
``https://w3id.org/airace/graph/reference``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

from kg.errors import DataError, Errors
from kg.extract.lexicon import Lexicon
from kg.extract.normalize import slug
from kg.extract.schema import fits
from kg.graph.triples import assertion_quads, entity_node, entity_quads
from kg.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kg.resources import data_dir, ontology_dir


class _Entry:
    """A gazetteer entry seen as an entity (for :func:`entity_quads`)."""

    def __init__(self, entry):
        self.key = slug(entry.name)
        self.label = entry.name
        self.cls = entry.cls
        self.aliases = set(entry.aliases)
        self.wikidata = entry.wikidata


def reference_quads(path: Path | None = None, lexicon: Lexicon | None = None) -> list[Quad]:
    """Quads of the reference graph, checked against the gazetteer and VOCAB.md's
    domains and ranges; a wrong fact raises :class:`DataError` naming it."""
    path = path or data_dir() / "reference.json"
    lexicon = lexicon or Lexicon.load()
    try:
        facts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(Errors.E030.format(path=path, reason=exc)) from exc
    graph = NamedNode(str(REFERENCE_GRAPH))
    by_name = lexicon.gazetteer.by_name
    quads: list[Quad] = []
    used: dict[str, _Entry] = {}
    for i, fact in enumerate(facts):
        subject, prop, obj, source = (fact.get(k) for k in ("subject", "property", "object", "source"))
        if subject not in by_name or obj not in by_name:
            raise DataError(Errors.E031.format(path=path, index=i, reason="subject and object must be gazetteer names"))
        if not source or not str(source).startswith(("http://", "https://")):
            raise DataError(Errors.E031.format(path=path, index=i, reason="needs a source URL"))
        if prop not in ("designs", "manufactures") and not fits(prop, by_name[subject].cls, by_name[obj].cls) or (
                prop in ("designs", "manufactures") and not fits("produces", by_name[subject].cls, by_name[obj].cls)):
            raise DataError(Errors.E031.format(path=path, index=i, reason=f"{subject} {prop} {obj} breaks the domain or range of {prop}"))
        for name in (subject, obj):
            used.setdefault(name, _Entry(by_name[name]))
        quads += assertion_quads(graph, entity_node(used[subject].key), prop, entity_node(used[obj].key),
                                 source=NamedNode(source), confidence=1.0, rule="reference")
    for entry in used.values():
        quads += entity_quads(entry, graph)
    return list(dict.fromkeys(quads))


def ontology_quads(path: Path | None = None) -> list[Quad]:
    """The ontology (``ontology/airace.ttl``) as quads of the named graph
    ``https://w3id.org/airace/graph/ontology``, so that a query can follow
    ``rdfs:subClassOf*`` and ``rdfs:subPropertyOf*`` without any reasoning."""
    path = path or ontology_dir() / "airace.ttl"
    graph = NamedNode(str(ONTOLOGY_GRAPH))
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise DataError(Errors.E030.format(path=path, reason=" ".join(str(exc).split()))) from exc
    return [Quad(t.subject, t.predicate, t.object, graph) for t in triples]
