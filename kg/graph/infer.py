"""Reasoning: the RDFS / OWL 2 RL consequences of the ontology and the data
(owlrl), kept in their own named graph ``https://w3id.org/airace/graph/inferred``.

The reasoner reads the ontology (``ontology/airace.ttl``) and the
entity-level triples of every graph but the inferred one (classes,
relations between entities, ``owl:sameAs``); labels, sentences and assertion
nodes add nothing and are left out. Of the closure only the useful new
triples are kept:

- ``res:X rdf:type C`` for a named class (a Company is an ``air:Organization``,
  a ``prov:Organization``, a ``schema:Organization``...);
- ``res:X air:p res:Y`` (a founder is ``air:affiliatedWith`` the company,
  ``air:designs`` gives ``air:produces``, ``air:producedBy`` and
  ``air:developedBy`` are filled in, ``air:competesWith`` goes both ways);
- ``res:X owl:sameAs res:Y`` between two different entities.

Dropped: ``owl:sameAs`` of a thing with itself, ``rdf:type`` ``rdfs:Resource`` /
``owl:Thing``, classes that are blank nodes (``owl:unionOf``), facts copied
onto Wikidata items through ``owl:sameAs``, and anything about the ontology.

>>> import pyoxigraph as ox
>>> from kg.graph.results import shorten
>>> from kg.graph.store import Store
>>> res, air = "https://w3id.org/airace/resource/", "https://w3id.org/airace/ontology#"
>>> g = ox.NamedNode("https://w3id.org/airace/document/d")
>>> store = Store()
>>> store.replace_graph(g.value, [ox.Quad(ox.NamedNode(res + "Liang_Wenfeng"), ox.NamedNode(air + "founderOf"),
...                                       ox.NamedNode(res + "DeepSeek"), g)])
>>> triples = sorted(" ".join(shorten(t.value) for t in (q.subject, q.predicate, q.object)) for q in inferred_quads(store))
>>> [t for t in triples if "air:" in t]
['res:DeepSeek rdf:type air:Organization', 'res:Liang_Wenfeng air:affiliatedWith res:DeepSeek', 'res:Liang_Wenfeng rdf:type air:Person']
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import Errors, KGError
from kg.namespaces import AIR, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, RES
from kg.resources import ontology_dir

RDF_TYPE = PREFIXES["rdf"] + "type"
OWL_SAME_AS = PREFIXES["owl"] + "sameAs"
#: Classes every individual belongs to: saying so tells nothing.
TRIVIAL_CLASSES = {PREFIXES["owl"] + "Thing", PREFIXES["rdfs"] + "Resource", PREFIXES["owl"] + "NamedIndividual"}

#: The entity-level triples the reasoner needs, from every graph but the inferred and ontology ones.
_INPUT = f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g NOT IN (<{INFERRED_GRAPH}>, <{ONTOLOGY_GRAPH}>))
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(res:)) && isIRI(?o))
  FILTER(?p = rdf:type || ?p = owl:sameAs || STRSTARTS(STR(?p), STR(air:)))
}}"""


def inferred_quads(store) -> list[ox.Quad]:
    """The useful OWL 2 RL consequences of the ontology and the data in
    ``store`` (a :class:`kg.graph.store.Store`), as quads of the inferred graph."""
    import owlrl
    import rdflib

    data = list(store.query(_INPUT))
    graph = rdflib.Graph()
    try:
        graph.parse(ontology_dir() / "airace.ttl", format="turtle")
        if data:
            graph.parse(data=ox.serialize(data, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        before = set(graph)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    except Exception as exc:  # owlrl and rdflib raise many kinds; say which, on one line
        raise KGError(Errors.E050.format(reason=" ".join(f"{type(exc).__name__}: {exc}".split()))) from exc
    name = ox.NamedNode(str(INFERRED_GRAPH))
    kept = sorted((str(s), str(p), str(o)) for s, p, o in set(graph) - before if _useful(s, p, o))
    return [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), name) for s, p, o in kept]


def _useful(s, p, o) -> bool:
    """Whether an inferred triple says something worth keeping about an entity."""
    from rdflib import URIRef

    if not (isinstance(s, URIRef) and isinstance(o, URIRef) and s.startswith(str(RES))):
        return False
    if str(p) == RDF_TYPE:
        return str(o) not in TRIVIAL_CLASSES
    if str(p) == OWL_SAME_AS:
        return o != s and o.startswith(str(RES))
    return p.startswith(str(AIR._NS)) and o.startswith(str(RES))
