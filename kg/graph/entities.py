"""The entities graph: each entity described once, for fast lookups.

Every document graph restates the class, label, aliases and Wikidata link of
each entity it mentions (that is where ``../shared/VOCAB.md`` puts them), and
the union of the graphs keeps every restatement: in a store of 2,000
articles, ``res:DeepSeek rdfs:label "DeepSeek"`` is there 2,000 times, and a
query that reads a label reads all of them. The graph
``https://w3id.org/airace/graph/entities`` holds the same descriptions once
each (rdf:type, rdfs:label, skos:altLabel, owl:sameAs of every ``res:``
entity, taken from the documents and the reference graph). It is derived
data, like the inferred graph: never edited by hand, never a source.

:class:`kg.api.KnowledgeGraph` keeps it in step with the documents: writing a
document graph adds, in the same update request, the descriptions it holds,
and rewrites from all the graphs those of the entities the graph it
replaces (or removes) described, which may have lost a label; any
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

from kg.namespaces import ENTITIES_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, RES

#: The statements that describe an entity (and that the entities graph keeps).
DESCRIPTION = ("rdf:type", "rdfs:label", "skos:altLabel", "owl:sameAs")

_E, _NOT_FROM = f"<{ENTITIES_GRAPH}>", f"<{ENTITIES_GRAPH}>, <{ONTOLOGY_GRAPH}>, <{INFERRED_GRAPH}>"
_IRIS = tuple(PREFIXES[p.split(":")[0]] + p.split(":")[1] for p in DESCRIPTION)
_PROPERTIES = " ".join(f"<{iri}>" for iri in _IRIS)
_LABEL = f"<{PREFIXES['rdfs']}label>"


def entities_in(store, graphs: list[str]) -> set[str]:
    """The entities described in the named graphs ``graphs`` of ``store``."""
    if not graphs:
        return set()
    values = " ".join(str(ox.NamedNode(g)) for g in graphs)
    rows = store.query(f"""SELECT DISTINCT ?e WHERE {{ VALUES ?g {{ {values} }}
      GRAPH ?g {{ ?e {_LABEL} ?label }} FILTER(STRSTARTS(STR(?e), "{RES}")) }}""")
    return {row["e"].value for row in rows}


def refresh_update(entities: Iterable[str], quads: Iterable[ox.Quad] = ()) -> str:
    """The SPARQL Update that brings the entities graph in step after a write:
    it rewrites the descriptions of ``entities`` (IRIs whose graphs were
    dropped or replaced) from every other graph, so that one no graph
    describes any more goes away, and adds the descriptions in ``quads``
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
            f"INSERT {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {values} }} VALUES ?p {{ {_PROPERTIES} }}\n"
            f"  GRAPH ?g {{ ?e ?p ?o }} FILTER(?g NOT IN ({_NOT_FROM})) }}"]
    lines = dict.fromkeys(f"{q.subject} {q.predicate} {q.object} ." for q in quads
                          if q.predicate.value in _IRIS and isinstance(q.subject, ox.NamedNode)
                          and q.subject.value.startswith(str(RES)))
    if lines:
        operations.append(f"INSERT DATA {{ GRAPH {_E} {{\n" + "\n".join(lines) + "\n} }")
    return " ;\n".join(operations)


def rebuild_update() -> str:
    """The SPARQL Update that rebuilds the whole entities graph."""
    return (f"DROP SILENT GRAPH {_E} ;\n"
            f"INSERT {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?p {{ {_PROPERTIES} }}\n"
            f"  GRAPH ?g {{ ?e ?p ?o }} FILTER(?g NOT IN ({_NOT_FROM}) && isIRI(?e) && STRSTARTS(STR(?e), \"{RES}\")) }}")


def is_built(store) -> bool:
    """Whether the entities graph is there, or has nothing to hold (no entity anywhere)."""
    ask = (f"ASK {{ GRAPH {_E} {{ ?s ?p ?o }} }}", f"ASK {{ ?e {_LABEL} ?l FILTER(STRSTARTS(STR(?e), \"{RES}\")) }}")
    return bool(store.query(ask[0])) or not bool(store.query(ask[1]))
