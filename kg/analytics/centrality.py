"""Who is central in the race: degree, PageRank and betweenness, overall and per class.

- **degree**: the number of relations an entity takes part in (either end);
- **PageRank**: on the directed relations, collapsed to one arc per pair, so
  rank flows from subject to object: a chip many models and firms use, or a
  country many firms are based in, ranks high;
- **betweenness**: on the undirected view, normalised: the brokers that sit
  on the shortest paths between other entities (exact up to
  :data:`EXACT_BETWEENNESS` nodes, estimated from that many sources, with a
  fixed seed, above).

>>> from kg.analytics.sample import sample
>>> G = sample()
>>> [(c.label, c.degree) for c in centrality(G, by="degree", top=3)]
[('H800', 4), ('China', 3), ('DeepSeek', 3)]
>>> [c.label for c in centrality(G, by="betweenness", classes=["Company"], top=2)]
['Huawei', 'Nvidia']
>>> {cls: [c.label for c in rows] for cls, rows in central_by_class(G, top=1).items()}["Chip"]
['H800']
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import CLASSES, ORGANIZATION_CLASSES

#: Measures a ranking can be ordered by.
MEASURES = ("pagerank", "degree", "betweenness")
#: Above this many nodes, betweenness is estimated from this many sampled sources.
EXACT_BETWEENNESS = 1000


@dataclass
class Central:
    """An entity and its three scores."""

    iri: str
    label: str
    cls: str
    country: str | None
    degree: int
    pagerank: float
    betweenness: float


def scores(G, measure: str = "pagerank") -> dict[str, float]:
    """One score per node of ``G`` for ``measure`` (one of :data:`MEASURES`).

    >>> from kg.analytics.sample import sample
    >>> round(max(scores(sample(), "pagerank").values()), 3)
    0.168
    """
    import networkx as nx

    _choice("measure", measure, MEASURES)
    if len(G) == 0:
        return {}
    if measure == "degree":
        return {n: float(d) for n, d in G.degree()}
    if measure == "pagerank":
        return nx.pagerank(nx.DiGraph(G))
    simple = nx.Graph(G)
    k = None if len(simple) <= EXACT_BETWEENNESS else EXACT_BETWEENNESS
    return nx.betweenness_centrality(simple, k=k, seed=7 if k else None, normalized=True)


def centrality(G, *, by: str = "pagerank", top: int | None = None, classes=None) -> list[Central]:
    """Entities ranked by ``by`` (``"pagerank"``, ``"degree"`` or
    ``"betweenness"``), best first (ties by label); ``classes`` keeps only
    those classes (``"Organization"`` stands for its subclasses too);
    ``top`` keeps the first ``top``."""
    _choice("measure", by, MEASURES)
    if top is not None and (not isinstance(top, int) or top < 1):
        from kg.errors import AnalysisError, Errors

        raise AnalysisError(Errors.E083.format(name="top", rule="a whole number ≥ 1", value=top))
    wanted = _classes(classes)
    table = {m: scores(G, m) for m in MEASURES}
    rows = [Central(n, d["label"], d["class"], d["country"], G.degree(n), table["pagerank"][n], table["betweenness"][n])
            for n, d in G.nodes(data=True) if wanted is None or d["class"] in wanted]
    rows.sort(key=lambda c: (-getattr(c, by), c.label, c.iri))
    return rows[:top] if top else rows


def central_by_class(G, *, by: str = "pagerank", top: int = 5, classes=None) -> dict[str, list[Central]]:
    """The ``top`` most central entities of each class present (companies,
    chips, models, people...), in the order of :data:`kg.namespaces.CLASSES`;
    ``classes`` as for :func:`centrality`."""
    rows = centrality(G, by=by, classes=classes)
    grouped: dict[str, list[Central]] = {}
    for cls in CLASSES:
        members = [c for c in rows if c.cls == cls]
        if members:
            grouped[cls] = members[:top]
    return grouped


def _classes(classes) -> set[str] | None:
    if classes is None:
        return None
    wanted = {classes} if isinstance(classes, str) else set(classes)
    for cls in sorted(wanted):
        _choice("class", cls, CLASSES)
    return wanted | set(ORGANIZATION_CLASSES) if "Organization" in wanted else wanted


def _choice(what: str, value, choices) -> None:
    if value not in choices:
        from kg.errors import AnalysisError, Errors

        raise AnalysisError(Errors.E082.format(what=what, value=value, choices=", ".join(choices)))
