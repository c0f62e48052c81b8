"""Blocs: communities of the relation graph, and how they line up with countries.

Communities are found on the undirected view (one edge per related pair,
weighted by the number of relations between them) with Louvain or greedy
modularity. Countries are left out of the detection by default, so that
``basedIn`` does not draw the blocs along borders by construction; each bloc
is then compared with the countries of its members: its main country and
the share of its members (with a known country) that belong to it.

>>> from kg.analytics.sample import sample
>>> report = blocs(sample())
>>> for b in report.blocs:
...     print(b.labels, b.countries)
['Alibaba Group', 'Ascend 910B', 'Huawei', 'Qwen3'] {'China': 2}
['DeepSeek', 'DeepSeek-V3', 'H800', 'US export controls'] {'China': 2, 'United States': 2}
['Jensen Huang', 'Nvidia'] {'United States': 2}
>>> round(report.purity, 2)   # 6 of the 8 members with a known country are in their bloc's main country
0.75
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Community detection methods.
METHODS = ("louvain", "greedy")


@dataclass
class Bloc:
    """One community: its members (IRIs and labels), the countries they are
    in, the most common one and the share of members in it (among the
    members whose country is known)."""

    index: int
    members: list[str]
    labels: list[str]
    countries: dict[str, int] = field(default_factory=dict)
    main_country: str | None = None
    share: float = 0.0
    unknown: int = 0


@dataclass
class BlocReport:
    """The blocs (largest first), the partition's modularity and its purity
    against countries: the share of members with a known country that sit in
    their bloc's main country."""

    blocs: list[Bloc]
    modularity: float
    purity: float
    method: str


def blocs(G, *, method: str = "louvain", countries: bool = False, min_size: int = 2, seed: int = 7,
          resolution: float = 1.0) -> BlocReport:
    """Communities of ``G`` (``method``: ``"louvain"`` or ``"greedy"``) of at
    least ``min_size`` members; ``countries=True`` keeps Country nodes in the
    detection. Reproducible for a given ``seed``."""
    import networkx as nx

    if method not in METHODS:
        from kg.errors import AnalysisError, Errors

        raise AnalysisError(Errors.E082.format(what="method", value=method, choices=", ".join(METHODS)))
    simple = nx.Graph()
    keep = [n for n, c in G.nodes(data="class") if countries or c != "Country"]
    simple.add_nodes_from(keep)
    for u, v in G.edges():
        if u in simple and v in simple and u != v:
            weight = simple.edges[u, v]["weight"] + 1 if simple.has_edge(u, v) else 1
            simple.add_edge(u, v, weight=weight)
    if simple.number_of_edges() == 0:
        return BlocReport([], 0.0, 0.0, method)
    if method == "louvain":
        parts = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    else:
        parts = nx.community.greedy_modularity_communities(simple, weight="weight", resolution=resolution)
    modularity = nx.community.modularity(simple, parts, weight="weight", resolution=resolution)
    found = [_bloc(G, part) for part in parts if len(part) >= min_size]
    found.sort(key=lambda b: (-len(b.members), b.labels))
    for i, bloc in enumerate(found):
        bloc.index = i + 1
    known = sum(sum(b.countries.values()) for b in found)
    agreeing = sum(b.countries.get(b.main_country, 0) for b in found)
    return BlocReport(found, modularity, agreeing / known if known else 0.0, method)


def _bloc(G, part) -> Bloc:
    members = sorted(part, key=lambda n: (G.nodes[n]["label"], n))
    countries = Counter(G.nodes[n]["country"] for n in members if G.nodes[n]["country"])
    ranked = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))
    main = ranked[0][0] if ranked else None
    known = sum(countries.values())
    return Bloc(0, members, [G.nodes[n]["label"] for n in members], dict(ranked), main,
                countries[main] / known if known else 0.0, len(members) - known)
