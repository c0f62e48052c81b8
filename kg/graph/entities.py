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

:class:`kg.api.KnowledgeGraph` keeps it in step with the documents: a
document's replacement or removal rewrites, in the same update request, the
descriptions of the entities that document mentioned before and after; any
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
_PROPERTIES = " ".join(f"<{PREFIXES[p.split(':')[0]]}{p.split(':')[1]}>" for p in DESCRIPTION)
_LABEL = f"<{PREFIXES['rdfs']}label>"

#: The entities described in some graphs (bound to ``?g`` by a VALUES block).
ENTITIES_IN = f"""SELECT DISTINCT ?e WHERE {{
  GRAPH ?g {{ ?e {_LABEL} ?label }} FILTER(STRSTARTS(STR(?e), "{RES}"))
}}"""


def described(quads: Iterable[ox.Quad]) -> set[str]:
    """The ``res:`` entities that ``quads`` give a label to.

    >>> q = ox.Quad(ox.NamedNode(RES + "Nvidia"), ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("Nvidia"))
    >>> sorted(described([q]))
    ['https://w3id.org/airace/resource/Nvidia']
    """
    label = PREFIXES["rdfs"] + "label"
    return {q.subject.value for q in quads
            if q.predicate.value == label and isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(RES))}


def entities_in(store, graphs: list[str]) -> set[str]:
    """The entities described in the named graphs ``graphs`` of ``store``."""
    if not graphs:
        return set()
    values = " ".join(str(ox.NamedNode(g)) for g in graphs)
    rows = store.query(ENTITIES_IN.replace("WHERE {", f"WHERE {{ VALUES ?g {{ {values} }}", 1))
    return {row["e"].value for row in rows}


def refresh_update(entities: Iterable[str]) -> str:
    """The SPARQL Update that rewrites the descriptions of ``entities`` (IRIs)
    in the entities graph from every other graph: an entity no graph
    describes any more goes away. The IRIs are written as pyoxigraph terms."""
    values = " ".join(str(ox.NamedNode(e)) for e in sorted(set(entities)))
    if not values:
        return ""
    return (f"DELETE {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {values} }} GRAPH {_E} {{ ?e ?p ?o }} }} ;\n"
            f"INSERT {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {values} }} VALUES ?p {{ {_PROPERTIES} }}\n"
            f"  GRAPH ?g {{ ?e ?p ?o }} FILTER(?g NOT IN ({_NOT_FROM})) }}")


def rebuild_update() -> str:
    """The SPARQL Update that rebuilds the whole entities graph."""
    return (f"DROP SILENT GRAPH {_E} ;\n"
            f"INSERT {{ GRAPH {_E} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?p {{ {_PROPERTIES} }}\n"
            f"  GRAPH ?g {{ ?e ?p ?o }} FILTER(?g NOT IN ({_NOT_FROM}) && isIRI(?e) && STRSTARTS(STR(?e), \"{RES}\")) }}")


def is_built(store) -> bool:
    """Whether the entities graph is there, or has nothing to hold (no entity anywhere)."""
    ask = (f"ASK {{ GRAPH {_E} {{ ?s ?p ?o }} }}", f"ASK {{ ?e {_LABEL} ?l FILTER(STRSTARTS(STR(?e), \"{RES}\")) }}")
    return bool(store.query(ask[0])) or not bool(store.query(ask[1]))
