"""The main job on the embedded default: build the demo corpus, answer a few
questions with SPARQL and write the viewer page. Run by ``kg demo``."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.api import KnowledgeGraph
from kg.graph.results import shorten
from kg.queries.runner import load
from kg.resources import data_dir

QUESTIONS = (
    ("Which models and organisations use which chips, who produces them, and where?", "dependency-chain"),
    ("Which policies target what, and who issued them?", "policies"),
)


def run_demo(graph: KnowledgeGraph, console: Console, viewer: Path | None = Path("kg-demo.html")) -> None:
    articles = data_dir() / "articles"
    graph.load_reference()
    report = graph.add_files([articles])
    for _, message in report.failures:
        console.print(f"skipped: {message}", highlight=False)
    stats = graph.stats()
    console.print(f"[bold]Built[/bold] {len(report.documents)} articles from {articles} into {graph.store.location}: "
                  f"{stats['quads']} quads, {sum(stats['classes'].values())} entities, {sum(stats['properties'].values())} distinct relations.")
    for question, name in QUESTIONS:
        result = graph.run_named_query(name)
        shown = [i for i, v in enumerate(result.variables) if v + "Label" not in result.variables]  # labels, not IRIs
        table = Table(*[result.variables[i] for i in shown], title=question, title_justify="left")
        for row in result.rows[:15]:
            table.add_row(*["" if row[i] is None else shorten(row[i]) for i in shown])
        console.print(table)
    example = load("evidence").params[0].example
    sample = graph.run_named_query("evidence", entity=example).dicts()[:5]
    console.print(f"[bold]Some relations of {example} with the sentence behind them:[/bold]", highlight=False)
    for row in sample:
        console.print(f"  {row['subjectLabel']} —{row['property']}→ {row['objectLabel']} ({row['confidence']:.2f}): “{row['sentence']}”", highlight=False)
    if viewer is not None:
        view = graph.viz(viewer)
        console.print(f"[bold]Viewer:[/bold] {viewer} ({len(view.nodes)} entities, {len(view.edges)} relations; "
                      "opens offline in a browser)", highlight=False)
