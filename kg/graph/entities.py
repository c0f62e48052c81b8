"""The entities graph: each entity and each relation between entities stated
once, for fast lookups.

Every document graph restates the class, label, aliases and Wikidata link of
each entity it mentions, and the relations it found between them (that is
where ``../shared/VOCAB.md`` puts them); the union of the graphs keeps every
restatement: in a store of 2,000 articles, ``res:DeepSeek rdfs:label
"DeepSeek"`` is there 2,000 times, and a query that reads a label reads all of
them. The graph ``https://w3id.org/airace/graph/entities`` holds the same
statements once each: rdf:type, rdfs:label, skos:altLabel and owl:sameAs of
every ``res:`` entity, and every ``air:`` relation from one ``res:`` entity to
another, taken from the documents and the reference graph (not the inferred
graph: the named queries follow subproperty paths instead). It is derived
data, like the inferred graph: never edited by hand, never a source; where a
statement comes from is in the graphs it was copied from. A marker,
``<https://w3id.org/airace/graph/entities> owl:versionInfo "2"``, says which
version of this layout the graph follows, so that a store written by an older
version gets it rebuilt.

:class:`kg.api.KnowledgeGraph` keeps it in step with the documents: writing a
document graph adds, in the same update request, the statements it holds,
and rewrites from all the graphs those about the entities the graph it
replaces (or removes) stated something about, which may have lost a label
or a relation; any
other write (a user's SPARQL Update, a loaded file) makes it rebuilt in full
before the next named query.

>>> print(refresh_update([]))
<BLANKLINE>
>>> "DROP SILENT GRAPH <https://w3id.org/airace/graph/entities>" in rebuild_update()
True
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.namespaces import AIR, ENTITIES_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, RES

#: The statements that describe an entity (and that the entities graph keeps,
#: with the relations between entities).
DESCRIPTION = ("rdf:type", "rdfs:label", "skos:altLabel", "owl:sameAs")
#: The layout of the graph; a graph without this marker is rebuilt.
VERSION = "2"

_E, _NOT_FROM = f"<{ENTITIES_GRAPH}>", f"<{ENTITIES_GRAPH}>, <{ONTOLOGY_GRAPH}>, <{INFERRED_GRAPH}>"
_IRIS = tuple(PREFIXES[p.split(":")[0]] + p.split(":")[1] for p in DESCRIPTION)
_MARKER = f"{_E} <{PREFIXES['owl']}versionInfo> \"{VERSION}\""
#: Whether ``?p ?o`` (of a ``res:`` subject ``?e``) is kept: a description, or a relation to an entity.
_KEPT = (f"(?p IN ({', '.join(f'<{iri}>' for iri in _IRIS)}) || STRSTARTS(STR(?p), \"{AIR}\")"
         f" && isIRI(?o) && STRSTARTS(STR(?o), \"{RES}\"))")


def kept(quad: ox.Quad) -> bool:
    """Whether the entities graph keeps ``quad``'s statement (see :data:`_KEPT`).

    >>> deepseek, h800 = ox.NamedNode(RES + "DeepSeek"), ox.NamedNode(RES + "H800")
    >>> kept(ox.Quad(deepseek, ox.NamedNode(AIR.usesChip), h800))
    True
    >>> kept(ox.Quad(deepseek, ox.NamedNode(AIR.confidence), ox.Literal("0.9")))  # not a relation
    False
    """
    subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
    if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(str(RES)):
        return False
    return predicate in _IRIS or (predicate.startswith(str(AIR)) and isinstance(obj, ox.NamedNode)
                                  and obj.value.startswith(str(RES)))


def entities_in(store, graphs: list[str]) -> set[str]:
    """The entities the named graphs ``graphs`` of ``store`` state something about."""
    if not graphs:
        return set()
    values = " ".join(str(ox.NamedNode(g)) for g in graphs)
    rows = store.query(f"""SELECT DISTINCT ?e WHERE {{ VALUES ?g {{ {values} }}
      GRAPH ?g {{ ?e ?p ?o }} FILTER(STRSTARTS(STR(?e), "{RES}")) }}""")
    return {row["e"].value for row in rows}


def refresh_update(entities: Iterable[str], quads: Iterable[ox.Quad] = ()) -> str:
    """The SPARQL Update that brings the entities graph in step after a write:
    it rewrites the statements about ``entities`` (IRIs whose graphs were
    dropped or replaced) from every other graph, so that one no graph
    makes any more goes away, and adds the statements in ``quads``
    (a graph just written), which can only add to what is there. The IRIs and
    terms are written as pyoxigraph terms.

    >>> q = ox.Quad(ox.NamedNode(RES + "Nvidia"), ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("Nvidia"))
    >>> print(refresh_update([], [q]))
    INSERT DATA { GRAPH <https://w3id.org/airace/graph/entities> {
    <https://w3id.org/airace/resource/Nvidia> <http://www.w3.org/2000/01/rdf-schema#label> "Nvidia" .
    } }
    """
    operations = []
    values = " ".join(str(ox.NamedNode(e)) for e in sorted(set(entities)))
    if values:
        operations += [
            f"DELETE {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {values} }} GRAPH {_E} {{ ?e ?p ?o }} }}",
            f"INSERT {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {values} }}\n"
            f"  GRAPH ?g {{ ?e ?p ?o }} FILTER(?g NOT IN ({_NOT_FROM}) && {_KEPT}) }}"]
    lines = dict.fromkeys(f"{q.subject} {q.predicate} {q.object} ." for q in quads if kept(q))
    if lines:
        operations.append(f"INSERT DATA {{ GRAPH {_E} {{\n" + "\n".join(lines) + "\n} }")
    return " ;\n".join(operations)


def rebuild_update() -> str:
    """The SPARQL Update that rebuilds the whole entities graph."""
    return (f"DROP SILENT GRAPH {_E} ;\n"
            f"INSERT DATA {{ GRAPH {_E} {{ {_MARKER} }} }} ;\n"
            f"INSERT {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{\n"
            f"  GRAPH ?g {{ ?e ?p ?o }} FILTER(?g NOT IN ({_NOT_FROM}) && isIRI(?e) && STRSTARTS(STR(?e), \"{RES}\")\n"
            f"  && {_KEPT}) }}")


def is_built(store) -> bool:
    """Whether the entities graph is there, in this version's layout."""
    return bool(store.query(f"ASK {{ GRAPH {_E} {{ {_MARKER} }} }}"))
