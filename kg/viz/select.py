"""Choose what to draw: filters, a neighbourhood, the most central nodes, a layout.

:func:`select` takes the :class:`~kg.viz.data.GraphData` of a whole graph and
returns a :class:`View`: the nodes (each with its centrality score) and the
edges to draw, each edge keeping only the evidence that passed the filters.

>>> from kg.viz.data import GraphData, Node, Edge, Evidence
>>> data = GraphData({"a": Node("a", "A", "Company"), "b": Node("b", "B", "Chip"), "c": Node("c", "C", "Country")},
...                  [Edge("a", "produces", "b", [Evidence("d", "d", "A makes B.", 0.9)]),
...                   Edge("a", "basedIn", "c", [Evidence("d", "d", "A is in C.", 0.4)])], {})
>>> [n.label for n in select(data, min_confidence=0.5).nodes]
['A', 'B', 'C']
>>> [e.prop for e in select(data, min_confidence=0.5).edges]
['produces']
>>> [n.label for n in select(data, focus="b", depth=1).nodes]
['A', 'B']
>>> [n.label for n in select(data, max_nodes=1).nodes]
['A']
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.errors import Errors, ViewError
from kg.namespaces import CLASSES, ORGANIZATION_CLASSES, PROPERTIES
from kg.viz.data import DocumentInfo, Edge, GraphData, Node

#: How node sizes are computed.
SIZE_BY = ("degree", "pagerank", "betweenness")
#: Above this many nodes, positions are computed in Python and physics stays off.
LAYOUT_THRESHOLD = 300


@dataclass
class View:
    """What the page draws: nodes with a score, edges with their kept evidence."""

    nodes: list[Node]
    edges: list[Edge]
    documents: dict[str, DocumentInfo]
    scores: dict[str, float] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] | None = None
    focus: str | None = None
    size_by: str = "degree"
    settings: dict = field(default_factory=dict)
    #: With a highlighted policy: ``{"policy": IRI, "label": ..., "paths": {IRI: [labels from the policy]}}``.
    exposure: dict | None = None


def select(data: GraphData, *, focus: str | None = None, depth: int = 1, max_nodes: int | None = None,
           classes=None, properties=None, documents=None, min_confidence: float = 0.0,
           size_by: str = "degree") -> View:
    """Apply the filters, then the neighbourhood of ``focus`` (an IRI of ``data``)
    up to ``depth`` relations away, then keep the ``max_nodes`` most central nodes."""
    _check(depth, max_nodes, min_confidence, size_by)
    wanted_classes = _expand(_choice("class", classes, CLASSES))
    wanted_props = _choice("property", properties, PROPERTIES + tuple(sorted({e.prop for e in data.edges})))
    wanted_docs = _choice("document", documents, tuple(data.documents))
    edges = [e for e in (_keep_evidence(e, wanted_docs) for e in data.edges)
             if e is not None and (wanted_props is None or e.prop in wanted_props)
             and _passes(e.confidence, min_confidence)]
    keep = {i for i, n in data.nodes.items() if wanted_classes is None or n.cls in wanted_classes}
    if focus is not None:
        keep.add(focus)
    edges = [e for e in edges if e.source in keep and e.target in keep]
    if wanted_docs is not None:
        ends = {x for e in edges for x in (e.source, e.target)}
        keep = {i for i in keep if i in ends or i == focus or wanted_docs.intersection(data.nodes[i].graphs)}
    if focus is not None:
        keep = neighbourhood(focus, edges, depth)
        edges = [e for e in edges if e.source in keep and e.target in keep]
    scores = centrality(keep, edges, size_by)
    if max_nodes is not None and len(keep) > max_nodes:
        ranked = sorted(keep, key=lambda i: (i != focus, -scores[i], data.nodes[i].label, i))
        keep = set(ranked[:max_nodes])
        edges = [e for e in edges if e.source in keep and e.target in keep]
    nodes = sorted((data.nodes[i] for i in keep), key=lambda n: (-scores[n.id], n.label, n.id))
    settings = {"focus": focus, "depth": depth, "max_nodes": max_nodes, "classes": sorted(classes or []),
                "properties": sorted(properties or []), "documents": sorted(documents or []),
                "min_confidence": min_confidence, "size_by": size_by}
    return View(nodes, edges, data.documents, {i: scores[i] for i in keep}, None, focus, size_by, settings)


def neighbourhood(focus: str, edges: list[Edge], depth: int) -> set[str]:
    """The nodes at most ``depth`` relations away from ``focus``, either direction."""
    around: dict[str, set[str]] = {}
    for e in edges:
        around.setdefault(e.source, set()).add(e.target)
        around.setdefault(e.target, set()).add(e.source)
    reached, frontier = {focus}, {focus}
    for _ in range(depth):
        frontier = {m for n in frontier for m in around.get(n, ())} - reached
        reached |= frontier
    return reached


def centrality(nodes: set[str], edges: list[Edge], size_by: str = "degree") -> dict[str, float]:
    """A score per node: its number of relations, its PageRank or its
    betweenness (see :func:`kg.analytics.centrality.scores`)."""
    import networkx as nx

    from kg.analytics.centrality import scores

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((e.source, e.target, e.prop) for e in edges)
    return scores(graph, size_by)


def layout(view: View, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Fixed positions for a large view (see :mod:`kg.viz.layout`), reproducible."""
    from kg.viz.layout import spring_positions

    return spring_positions([n.id for n in view.nodes], [(e.source, e.target) for e in view.edges], seed=seed)


def _keep_evidence(edge: Edge, docs: set[str] | None) -> Edge | None:
    if docs is None:
        return edge
    kept = [ev for ev in edge.evidence if ev.graph in docs]
    return replace(edge, evidence=kept) if kept else None


def _passes(confidence: float | None, minimum: float) -> bool:
    return minimum <= 0 or (confidence is not None and confidence >= minimum)


def _expand(classes: set[str] | None) -> set[str] | None:
    """Organization stands for its subclasses too."""
    if classes is not None and "Organization" in classes:
        return classes | set(ORGANIZATION_CLASSES)
    return classes


def _choice(what: str, values, choices: tuple) -> set[str] | None:
    if values is None:
        return None
    values = {values} if isinstance(values, str) else set(values)
    for value in sorted(values):
        if value not in choices:
            raise ViewError(Errors.E071.format(what=what, value=value, choices=", ".join(choices) or "(none)"))
    return values


def _check(depth, max_nodes, min_confidence, size_by) -> None:
    if not isinstance(depth, int) or depth < 0:
        raise ViewError(Errors.E072.format(name="depth", rule="a whole number ≥ 0", value=depth))
    if max_nodes is not None and (not isinstance(max_nodes, int) or max_nodes < 1):
        raise ViewError(Errors.E072.format(name="max_nodes", rule="a whole number ≥ 1", value=max_nodes))
    if not 0.0 <= float(min_confidence) <= 1.0:
        raise ViewError(Errors.E072.format(name="min_confidence", rule="between 0 and 1", value=min_confidence))
    if size_by not in SIZE_BY:
        raise ViewError(Errors.E071.format(what="size measure", value=size_by, choices=", ".join(SIZE_BY)))
