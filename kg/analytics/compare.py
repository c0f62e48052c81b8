"""Compare two graphs (two corpora, or one before and after new articles):
entities and relations added and removed, and relations that gained sources.

Entities are compared by IRI, relations by (subject, core property, object).

>>> from kg.analytics.projection import add_entity, add_relation
>>> from kg.analytics.sample import sample
>>> before, after = sample(), sample()
>>> add_entity(after, "https://w3id.org/airace/resource/Moonshot_AI", "Moonshot AI", "Company")
>>> add_relation(after, "https://w3id.org/airace/resource/Moonshot_AI", "usesChip",
...              "https://w3id.org/airace/resource/H800", graph="d2", source="d2", sentence="...", confidence=0.7)
>>> after.remove_node("https://w3id.org/airace/resource/Jensen_Huang")
>>> diff = compare(before, after)
>>> [e.label for e in diff.added_entities], [e.label for e in diff.removed_entities]
(['Moonshot AI'], ['Jensen Huang'])
>>> [str(r) for r in diff.added_relations], [str(r) for r in diff.removed_relations]
(['Moonshot AI usesChip H800'], ['Jensen Huang affiliatedWith Nvidia'])
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EntityChange:
    iri: str
    label: str
    cls: str


@dataclass
class RelationChange:
    """A relation with, for the graph it is in (the later one for gained sources),
    its confidence, sources and sentences; ``new_sources`` are those the
    earlier graph did not have."""

    subject: str
    subject_label: str
    prop: str
    object: str
    object_label: str
    confidence: float | None
    sources: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    new_sources: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.subject_label} {self.prop} {self.object_label}"


@dataclass
class Comparison:
    added_entities: list[EntityChange]
    removed_entities: list[EntityChange]
    added_relations: list[RelationChange]
    removed_relations: list[RelationChange]
    more_sources: list[RelationChange]

    @property
    def unchanged(self) -> bool:
        return not (self.added_entities or self.removed_entities or self.added_relations
                    or self.removed_relations or self.more_sources)


def compare(before, after) -> Comparison:
    """What changed from ``before`` to ``after``: each a projection
    (``MultiDiGraph``) or a :class:`kg.KnowledgeGraph` (projected here)."""
    G1, G2 = _projection(before), _projection(after)
    r1, r2 = _relations(G1), _relations(G2)
    grown = [key for key in r1.keys() & r2.keys() if set(r2[key]["sources"]) - set(r1[key]["sources"])]
    return Comparison(
        _entities(G2, set(G2) - set(G1)), _entities(G1, set(G1) - set(G2)),
        _changes(G2, r2, r2.keys() - r1.keys()), _changes(G1, r1, r1.keys() - r2.keys()),
        _changes(G2, r2, grown, earlier=r1))


def _projection(graph):
    import networkx as nx

    if isinstance(graph, nx.Graph):
        return graph
    from kg.analytics.projection import to_networkx

    return to_networkx(graph)


def _relations(G) -> dict[tuple, dict]:
    return {(u, k, v): d for u, v, k, d in G.edges(keys=True, data=True)}


def _entities(G, iris) -> list[EntityChange]:
    rows = [EntityChange(n, G.nodes[n]["label"], G.nodes[n]["class"]) for n in iris]
    return sorted(rows, key=lambda e: (e.cls, e.label, e.iri))


def _changes(G, relations, keys, earlier=None) -> list[RelationChange]:
    rows = []
    for u, k, v in keys:
        d = relations[(u, k, v)]
        new = sorted(set(d["sources"]) - set(earlier[(u, k, v)]["sources"])) if earlier else list(d["sources"])
        rows.append(RelationChange(u, G.nodes[u]["label"], k, v, G.nodes[v]["label"], d["confidence"],
                                   list(d["sources"]), list(d["sentences"]), new))
    return sorted(rows, key=lambda r: (r.subject_label, r.prop, r.object_label, r.subject, r.object))
