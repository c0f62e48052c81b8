"""Write the projection for the tools analysts already use.

- ``graphml`` and ``gexf`` (Gephi, yEd, Cytoscape, networkx): attributes
  must be scalars, so lists are joined with ``" | "`` (``aliases``,
  ``asserted``, ``sources``, ``sentences``, ``graphs``), ``n_sources``
  counts the sources, ``weight`` is the confidence, missing values are left
  out and the evidence dicts are dropped (see :func:`flat`);
- ``csv``: a folder with ``nodes.csv`` (``id,label,class,country,aliases,same_as``)
  and ``edges.csv`` (``source,target,property,asserted,confidence,sources,sentences,graphs,reference``),
  lists joined the same way;
- ``json``: node-link data for d3 or sigma.js (``{"nodes": [...], "links": [...]}``,
  :func:`networkx.node_link_data` with ``edges="links"``), lists and evidence kept.

>>> import tempfile, pathlib, networkx as nx
>>> from kg.analytics.sample import sample
>>> G = sample()
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in export(G, folder / "race.graphml")]
['race.graphml']
>>> H = nx.read_graphml(folder / "race.graphml", force_multigraph=True)
>>> (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
True
>>> [p.name for p in export(G, folder / "tables", "csv")]
['nodes.csv', 'edges.csv']
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

#: Formats :func:`export` writes, and the file suffix each one takes (CSV: a folder).
FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "csv": "", "json": ".json"}
#: What joins the items of a list attribute in GraphML, GEXF and CSV.
SEPARATOR = " | "
_NODE_COLUMNS = ("id", "label", "class", "country", "aliases", "same_as")
_EDGE_COLUMNS = ("source", "target", "property", "asserted", "confidence", "sources", "sentences", "graphs", "reference")


def export(G, path: str | Path, fmt: str | None = None) -> list[Path]:
    """Write ``G`` to ``path`` as ``fmt`` (``graphml``, ``gexf``, ``csv`` or
    ``json``; by default from the suffix, a path without one being a CSV
    folder). Returns the files written."""
    import networkx as nx

    from kg.errors import AnalysisError, Errors

    path = Path(path)
    fmt = fmt or format_of(path)
    if fmt not in FORMATS:
        raise AnalysisError(Errors.E082.format(what="export format", value=fmt, choices=", ".join(FORMATS)))
    try:
        if fmt == "csv":
            return write_csv(G, path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "graphml":
            nx.write_graphml(flat(G), path)
        elif fmt == "gexf":
            nx.write_gexf(flat(G, edge_ids=True), path)
        else:
            data = nx.node_link_data(G, edges="links")
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise AnalysisError(Errors.E085.format(path=path, reason=exc)) from exc
    return [path]


def format_of(path: Path) -> str:
    """The format a path's suffix names (no suffix: a CSV folder).

    >>> format_of(Path("g.GEXF")), format_of(Path("tables"))
    ('gexf', 'csv')
    """
    suffix = path.suffix.lower()
    for fmt, ending in FORMATS.items():
        if suffix == ending:
            return fmt
    return suffix.lstrip(".") or "csv"


def flat(G, *, edge_ids: bool = False):
    """A copy of ``G`` whose attributes are all scalars (strings, numbers,
    booleans), as GraphML and GEXF need.

    >>> from kg.analytics.sample import sample
    >>> edge = flat(sample()).edges["https://w3id.org/airace/resource/Nvidia", "https://w3id.org/airace/resource/H800", "produces"]
    >>> edge["asserted"], edge["weight"], edge["n_sources"]
    ('designs', 0.69, 1)
    """
    import networkx as nx

    H = nx.MultiDiGraph(name="airace-kg")
    for n, d in G.nodes(data=True):
        H.add_node(n, **_scalars(d))
    for i, (u, v, k, d) in enumerate(G.edges(keys=True, data=True)):
        attrs = _scalars({key: value for key, value in d.items() if key != "evidence"})
        attrs["n_sources"] = len(d.get("sources") or [])
        if d.get("confidence") is not None:
            attrs["weight"] = d["confidence"]
        if edge_ids:
            attrs["id"] = f"e{i}"
        attrs["label"] = k
        H.add_edge(u, v, key=k, **attrs)
    return H


def write_csv(G, folder: Path) -> list[Path]:
    """``nodes.csv`` and ``edges.csv`` in ``folder`` (made if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    with nodes.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(_NODE_COLUMNS)
        for n, d in G.nodes(data=True):
            writer.writerow([n, *(_cell(d.get(c)) for c in _NODE_COLUMNS[1:])])
    with edges.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(_EDGE_COLUMNS)
        for u, v, d in G.edges(data=True):
            writer.writerow([u, v, *(_cell(d.get(c)) for c in _EDGE_COLUMNS[2:])])
    return [nodes, edges]


def _scalars(attrs: dict) -> dict:
    out = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            value = SEPARATOR.join(str(x) for x in value)
        elif not isinstance(value, (str, int, float, bool)):
            continue
        out[key] = value
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return SEPARATOR.join(str(x) for x in value)
    return str(value).lower() if isinstance(value, bool) else str(value)
