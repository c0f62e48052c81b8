"""``kg analyze ...`` and ``kg export``: the analyses of :mod:`kg.analytics`
as commands printing rich tables, and the exports analysts' tools read.

Registered on the ``kg`` app by :mod:`kg.cli`; thin like the other commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from kg.api import KnowledgeGraph
from kg.cli import ConfidenceOption, StoreOption, _clean_errors, _esc, _open, app, out

@app.command()
@_clean_errors
def export(
    out_file: Path = typer.Option(..., "--out", help="The file to write; for csv, a folder (nodes.csv, edges.csv)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                      help="graphml, gexf, csv, json (node-link), or RDF: trig, nq, ttl, nt, jsonld. "
                                           "Default: from the suffix of --out."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave out relations less confident than this (not for RDF formats)."),
    store: Optional[str] = StoreOption,
):
    """Export the graph for Gephi, networkx, d3 or sigma.js (GraphML, GEXF, CSV, JSON), or as RDF."""
    from kg.errors import AnalysisError, Errors
    from kg.graph.store import FORMATS as RDF_FORMATS

    graph = _open(store)
    suffix = f".{fmt}" if fmt else out_file.suffix.lower()
    if suffix in RDF_FORMATS:
        if fmt and out_file.suffix.lower() != suffix:
            raise AnalysisError(Errors.E086.format(path=out_file, fmt=fmt, suffix=suffix))
        written = [graph.save(out_file)]
    else:
        written = graph.export(out_file, fmt, min_confidence=min_confidence)
    for path in written:
        out.print(f"wrote {path}", highlight=False, soft_wrap=True)


# -- kg analyze: one command per analysis of kg.analytics --------------------------
analyze_app = typer.Typer(help="What the graph says about the race: centrality, supply chains, export-control "
                               "exposure, blocs, connections, changes.", no_args_is_help=True)
app.add_typer(analyze_app, name="analyze")


@analyze_app.command("centrality")
@_clean_errors
def analyze_centrality(
    by: str = typer.Option("pagerank", "--by", help="Order by pagerank, degree or betweenness."),
    top: int = typer.Option(10, "--top", min=1, help="How many entities (per class with --per-class)."),
    classes: Optional[List[str]] = typer.Option(None, "--class", help="Only this class (repeatable): Company, Chip..."),
    per_class: bool = typer.Option(False, "--per-class", help="One table per class."),
    min_confidence: float = ConfidenceOption,
    store: Optional[str] = StoreOption,
):
    """The most central entities: degree, PageRank, betweenness; overall or per class."""
    from kg.analytics import central_by_class, centrality

    G = _open(store).to_networkx(min_confidence=min_confidence)
    if per_class:
        groups = central_by_class(G, by=by, top=top, classes=classes or None)
    else:
        groups = {"all": centrality(G, by=by, top=top, classes=classes or None)}
    for name, rows in groups.items():
        table = Table("#", "entity", "class", "country", "degree", "PageRank", "betweenness",
                      title=None if name == "all" else name, title_justify="left")
        for i, c in enumerate(rows, 1):
            table.add_row(str(i), _esc(c.label), c.cls, _esc(c.country or ""), str(c.degree), f"{c.pagerank:.3f}",
                          f"{c.betweenness:.3f}")
        out.print(table)
    out.print(f"ordered by {by}; {G.number_of_nodes()} entities, {G.number_of_edges()} relations", style="dim")


@analyze_app.command("supply")
@_clean_errors
def analyze_supply(
    cross_only: bool = typer.Option(False, "--cross-border", help="Only dependencies whose producer is in another country."),
    min_confidence: float = ConfidenceOption,
    store: Optional[str] = StoreOption,
):
    """Supply chains: the chips each model and organisation depends on, who makes them, where; cross-border flagged."""
    rows = _open(store).supply_chains(min_confidence=min_confidence)
    rows = [d for d in rows if d.cross_country or not cross_only]
    table = Table("user", "class", "country", "chip", "producer", "producer country", "cross-border", "via model")
    for d in rows:
        table.add_row(_esc(d.user_label), d.user_class, _esc(d.user_country or "?"), _esc(d.chip_label),
                      _esc(d.producer_label or "?"), _esc(d.producer_country or "?"),
                      "[bold red]yes[/bold red]" if d.cross_country else "",
                      _esc(", ".join(d.via_labels)))
    out.print(table)
    out.print(f"{len(rows)} dependencies, {sum(d.cross_country for d in rows)} across a border", style="dim")


@analyze_app.command("exposure")
@_clean_errors
def analyze_exposure(
    policy: Optional[str] = typer.Argument(None, help="A policy (label, alias or IRI); default: every policy."),
    all_paths: bool = typer.Option(False, "--all-paths", help="Every path, not only the shortest one per entity."),
    min_confidence: float = ConfidenceOption,
    store: Optional[str] = StoreOption,
):
    """Export-control exposure: what each policy reaches, directly or through dependencies, with the path."""
    from kg.analytics.projection import describe

    rows = _open(store).exposure(policy, all_paths=all_paths, min_confidence=min_confidence)
    for name in dict.fromkeys(e.policy_label for e in rows):
        table = Table("reaches", "class", "country", "how", "path", title=_esc(name), title_justify="left")
        for e in (e for e in rows if e.policy_label == name):
            table.add_row(_esc(e.label), e.cls, _esc(e.country or ""), "direct" if e.direct else "indirect",
                          _esc(describe(e.hops)))
        out.print(table)
    policies = len({e.policy for e in rows})
    out.print(f"{policies} {'policy reaches' if policies == 1 else 'policies reach'} {len({e.entity for e in rows})} entities",
              style="dim")


@analyze_app.command("blocs")
@_clean_errors
def analyze_blocs(
    method: str = typer.Option("louvain", "--method", help="louvain or greedy (modularity)."),
    countries: bool = typer.Option(False, "--with-countries", help="Keep Country nodes in the detection."),
    seed: int = typer.Option(7, "--seed", help="Random seed of Louvain (results are reproducible)."),
    min_confidence: float = ConfidenceOption,
    store: Optional[str] = StoreOption,
):
    """Blocs: communities of the graph and how they line up with countries."""
    report = _open(store).blocs(method=method, countries=countries, seed=seed, min_confidence=min_confidence)
    table = Table("#", "size", "main country", "share", "countries", "members", show_lines=True)
    for b in report.blocs:
        table.add_row(str(b.index), str(len(b.members)), _esc(b.main_country or "?"), f"{b.share:.0%}" if b.main_country else "",
                      _esc(", ".join(f"{c} {n}" for c, n in b.countries.items())), _esc(", ".join(b.labels)))
    out.print(table)
    out.print(f"{len(report.blocs)} blocs ({report.method}), modularity {report.modularity:.3f}; "
              f"{report.purity:.0%} of members with a known country are in their bloc's main country", style="dim")


@analyze_app.command("explain")
@_clean_errors
def analyze_explain(
    source: str = typer.Argument(..., help="An entity: label, alias or IRI."),
    target: str = typer.Argument(..., help="Another entity."),
    max_paths: int = typer.Option(5, "--max-paths", min=1, help="At most this many shortest paths."),
    min_confidence: float = ConfidenceOption,
    store: Optional[str] = StoreOption,
):
    """Explain a connection: the shortest paths between two entities, each hop with its sentence and source."""
    graph = _open(store)
    connections = graph.explain(source, target, max_paths=max_paths, min_confidence=min_confidence)
    if not connections:
        out.print(f"nothing connects {source} and {target}", highlight=False, markup=False)
    for i, c in enumerate(connections, 1):
        table = Table("from", "relation", "to", "confidence", "sentence or source", show_lines=True,
                      title=_esc(f"path {i}: " + " → ".join(c.labels)), title_justify="left")
        for h in c.hops:
            name = "/".join(h.asserted) or h.prop
            table.add_row(_esc(h.source_label), f"{name} →" if h.forward else f"← {name}", _esc(h.target_label),
                          "" if h.confidence is None else f"{h.confidence:.2f}",
                          _esc(f"« {h.sentence} » — {h.title or h.document}" if h.sentence else f"reference: {h.document}"))
        out.print(table)


@analyze_app.command("compare")
@_clean_errors
def analyze_compare(
    before: Path = typer.Argument(..., help="A store folder (made by kg build), or an RDF file (.trig, .nq, .ttl, .nt)."),
    after: Path = typer.Argument(..., help="Another store folder or RDF file."),
    min_confidence: float = ConfidenceOption,
):
    """Compare two graphs (two corpora, or before and after new articles): entities and relations added and removed."""
    from kg.analytics import compare

    diff = compare(_open_any(before).to_networkx(min_confidence=min_confidence),
                   _open_any(after).to_networkx(min_confidence=min_confidence))
    for title, rows in (("added entities", diff.added_entities), ("removed entities", diff.removed_entities)):
        if rows:
            table = Table("entity", "class", "IRI", title=title, title_justify="left")
            for e in rows:
                table.add_row(_esc(e.label), e.cls, e.iri)
            out.print(table)
    for title, rows in (("added relations", diff.added_relations), ("removed relations", diff.removed_relations),
                        ("relations with new sources", diff.more_sources)):
        if rows:
            table = Table("subject", "relation", "object", "confidence", "sentence", title=title, title_justify="left",
                          show_lines=True)
            for r in rows:
                table.add_row(_esc(r.subject_label), r.prop, _esc(r.object_label),
                              "" if r.confidence is None else f"{r.confidence:.2f}",
                              _esc(r.sentences[0] if r.sentences else (r.sources[0] if r.sources else "")))
            out.print(table)
    out.print(f"entities +{len(diff.added_entities)} -{len(diff.removed_entities)}; relations +{len(diff.added_relations)} "
              f"-{len(diff.removed_relations)}; {len(diff.more_sources)} relations with new sources", highlight=False)


def _open_any(path: Path) -> KnowledgeGraph:
    """A store folder, or an RDF file loaded into memory."""
    from kg.errors import AnalysisError, Errors

    if path.is_dir() and (path / "CURRENT").is_file():  # an Oxigraph (RocksDB) store, as kg build makes
        return _open(path)
    if path.is_file() and path.suffix.lower() in (".trig", ".nq", ".nquads", ".ttl", ".nt"):
        graph = KnowledgeGraph.open(None)
        graph.store.load(path)
        return graph
    raise AnalysisError(Errors.E084.format(path=path, formats=".trig, .nq, .ttl, .nt"))
