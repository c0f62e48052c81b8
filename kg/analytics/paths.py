"""Explain a connection: the shortest paths between two entities, each hop
with its relation, its direction, the sentence and the document that state it.

Paths are searched on the undirected view (a relation links its two ends
whichever way it reads); each hop then says which way the relation goes.

>>> from kg.analytics.sample import sample
>>> G = sample()
>>> [connection] = explain(G, "DeepSeek", "Nvidia")
>>> for h in connection.hops:
...     print(h, "|", h.sentence)
DeepSeek —usesChip→ H800 | DeepSeek, une entreprise chinoise, utilise des puces H800.
H800 ←designs— Nvidia | Le groupe américain Nvidia conçoit la puce H800.
>>> [len(c) for c in explain(G, "Qwen3", "Jensen Huang")]   # three paths of seven hops
[7, 7, 7]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from kg.analytics.projection import Hop, node_named, path_hops


@dataclass
class Connection:
    """One shortest path from ``source`` to ``target`` (IRIs, in order in ``path``)."""

    path: list[str]
    labels: list[str]
    hops: list[Hop] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.hops)

    def __str__(self) -> str:
        return " ; ".join(str(h) for h in self.hops)


def explain(G, source: str, target: str, *, max_paths: int = 5) -> list[Connection]:
    """The shortest paths (at most ``max_paths``, in label order) between
    ``source`` and ``target`` (IRIs, labels or aliases); ``[]`` when nothing
    connects them. Between two consecutive entities, the hop shows their most
    confident relation."""
    import networkx as nx

    if not isinstance(max_paths, int) or max_paths < 1:
        from kg.errors import AnalysisError, Errors

        raise AnalysisError(Errors.E083.format(name="max_paths", rule="a whole number ≥ 1", value=max_paths))
    a, b = node_named(G, source), node_named(G, target)
    if a == b:
        return []
    simple = nx.Graph(G)
    try:
        # more than needed, then sorted: the order networkx yields them in is not meaningful
        found = list(islice(nx.all_shortest_paths(simple, a, b), 50 * max_paths))
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda route: ([G.nodes[n]["label"] for n in route], route))
    return [Connection(route, [G.nodes[n]["label"] for n in route], path_hops(G, route)) for route in found[:max_paths]]
