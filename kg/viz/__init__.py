"""The graph viewer: one self-contained HTML page (vis-network through pyvis)
that opens offline, with a legend, search, filters and the sentences behind
every relation.

>>> import kg
>>> graph = kg.KnowledgeGraph.open()
>>> page = render_html(graph)
>>> page.startswith("<!DOCTYPE html>") and "https://cdn" not in page
True
>>> import tempfile, pathlib
>>> write_html(graph, pathlib.Path(tempfile.mkdtemp()) / "viewer.html").nodes
[]

The steps, for other front ends (``kg serve``): :func:`kg.viz.data.read_graph`
(SPARQL → plain data), :func:`kg.viz.select.select` (filters, neighbourhood,
most central nodes), :func:`kg.viz.html.render_page` (the page).
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import Errors, ViewError
from kg.viz.data import GraphData, read_graph
from kg.viz.select import SIZE_BY, View, select


def view_of(graph, *, focus: str | None = None, depth: int = 1, max_nodes: int | None = None,
            classes=None, properties=None, documents=None, min_confidence: float = 0.0,
            size_by: str = "degree", highlight_exposure: str | None = None) -> View:
    """What the viewer would draw: the nodes and edges left after the filters.

    ``focus`` is a label, an alias or an IRI; with it, only the entities at
    most ``depth`` relations away are kept. ``max_nodes`` keeps the most
    central ones (by ``size_by``: ``"degree"``, ``"pagerank"`` or
    ``"betweenness"``). ``classes``, ``properties`` and ``documents``
    (document IRIs) restrict what is drawn; ``min_confidence`` drops weaker
    relations. ``highlight_exposure`` names a policy whose export-control
    exposure (:func:`kg.analytics.exposure`, over the whole graph) the page
    flags with a border on each entity it reaches.
    """
    data = read_graph(graph)
    iri = None if focus is None else resolve(graph, data, focus)
    view = select(data, focus=iri, depth=depth, max_nodes=max_nodes, classes=classes, properties=properties,
                  documents=documents, min_confidence=min_confidence, size_by=size_by)
    if highlight_exposure is not None:
        view.exposure = exposure_of(graph, data, highlight_exposure, {n.id for n in view.nodes})
        view.settings["highlight_exposure"] = view.exposure["policy"]
    return view


def exposure_of(graph, data: GraphData, name: str, shown: set[str]) -> dict:
    """The entities of ``shown`` that the policy ``name`` reaches, each with
    the labels along its path: ``{"policy": IRI, "label": ..., "paths": {IRI: [...]}}``."""
    from kg.analytics import exposed, from_data

    try:
        policy = resolve(graph, data, name)
    except ViewError:
        raise ViewError(Errors.E080.format(name=name)) from None
    paths = exposed(from_data(data), policy)
    return {"policy": policy, "label": data.nodes[policy].label,
            "paths": {iri: labels for iri, labels in paths.items() if iri in shown}}


def render_html(graph, *, focus: str | None = None, depth: int = 1, max_nodes: int | None = None,
                classes=None, min_confidence: float = 0.0, size_by: str = "degree", **filters) -> str:
    """The viewer page over ``graph`` as a string (arguments as for :func:`view_of`)."""
    from kg.viz.html import render_page

    view = view_of(graph, focus=focus, depth=depth, max_nodes=max_nodes, classes=classes,
                   min_confidence=min_confidence, size_by=size_by, **filters)
    return render_page(view, title=_title(view, graph))


def write_html(graph, path: str | Path, **options) -> View:
    """Write the viewer page to ``path``; returns the view drawn (its ``nodes`` and ``edges``)."""
    from kg.viz.html import render_page

    view = view_of(graph, **options)
    page = render_page(view, title=_title(view, graph))
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ViewError(Errors.E074.format(path=path, reason=exc)) from exc
    return view


def resolve(graph, data: GraphData, name: str) -> str:
    """The IRI of the entity called ``name`` (label, alias or IRI), or :class:`ViewError`."""
    if name in data.nodes:
        return name
    hits = [iri for iri in graph.find(name) if iri in data.nodes] if not name.startswith(("http://", "https://")) else []
    if not hits:
        folded = name.casefold().strip()
        hits = [n.id for n in data.nodes.values() if folded in {x.casefold() for x in [n.label, *n.aliases]}]
    if not hits:
        raise ViewError(Errors.E070.format(name=name))
    return hits[0]


def _title(view: View, graph) -> str:
    if view.focus is None:
        return "airace-kg — graph viewer"
    return f"airace-kg — around {next((n.label for n in view.nodes if n.id == view.focus), view.focus)}"


__all__ = ["render_html", "write_html", "view_of", "resolve", "exposure_of", "View", "SIZE_BY"]
