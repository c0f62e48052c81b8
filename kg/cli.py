"""The ``kg`` command: thin commands over :mod:`kg.api`.

Each command opens the store, calls one library function and turns library
errors into a one-line message on stderr with a non-zero exit code.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from kg.api import KnowledgeGraph, default_store
from kg.errors import KGError

app = typer.Typer(help="Build, query and inspect a knowledge graph of the AI race.", no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True)

StoreOption = typer.Option(None, "--store", help="Store folder, or the URL of a SPARQL server such as http://127.0.0.1:7878 (default: $KG_STORE or ./kg-store).")
ConfidenceOption = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0, help="Leave out relations less confident than this.")


_opened: list[KnowledgeGraph] = []


def _open(store: Optional[str], *, write: bool = False) -> KnowledgeGraph:
    """The graph at ``store``: for writing (one process at a time), or for
    reading at the store's last published state, which works during a build."""
    graph = KnowledgeGraph.open(store or default_store(), read_only=not write)
    _opened.append(graph)
    return graph


def _esc(text: str) -> str:
    """Text from articles is shown as it is, never read as rich markup."""
    from rich.markup import escape

    return escape(text)


def _clean_errors(command):
    """Library errors become one line on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KGError as exc:
            err.print(f"[red]error:[/red] {_esc(str(exc))}", highlight=False, markup=True, soft_wrap=True)
            raise typer.Exit(1)
        finally:
            while _opened:
                _opened.pop().close()

    return wrapper


@app.command()
@_clean_errors
def build(
    inputs: List[Path] = typer.Argument(..., help="Article files, or folders of *.txt articles."),
    out_file: Optional[Path] = typer.Option(None, "--out", help="Also write the whole dataset to this file (.trig, .nq, .ttl, .nt, .jsonld)."),
    store: Optional[str] = StoreOption,
    memory: bool = typer.Option(False, "--memory", help="Build in memory only (use with --out)."),
    infer: bool = typer.Option(False, "--infer", help="Also materialise the RDFS / OWL 2 RL consequences (see kg infer)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print one line on stderr per document written."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Extract on this many processes (spaCy loads once in each)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Extract on a Dask cluster: its scheduler address (tcp://HOST:8786)."),
):
    """Extract articles into the store (each in its own named graph), with the reference graph."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kg.documents import collect_paths

    graph = KnowledgeGraph.open(None) if memory else _open(store, write=True)
    paths = collect_paths(list(inputs))
    graph.load_reference()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("extracting", total=len(paths))
        def advance(source: str) -> None:
            bar.advance(task)
            if verbose:
                print(f"written: {source}", file=sys.stderr, flush=True)

        if jobs < 1:
            from kg.errors import Errors
            raise KGError(Errors.E121.format(jobs=jobs))
        report = graph.add_files(paths, progress=advance, jobs=jobs, dask=dask)
    for path, message in report.failures:
        err.print(f"[yellow]skipped:[/yellow] {message}", highlight=False, soft_wrap=True)
    if infer:
        _print_inferred(graph.infer())
    stats = graph.stats()
    out.print(f"{len(report.documents)} documents, {report.entities} entity mentions linked, {report.relations} relations; "
              f"store holds {stats['quads']} quads in {stats['documents']} document graphs"
              + ("" if memory else f" ({graph.store.location})"), highlight=False)
    if out_file:
        graph.save(out_file)
        out.print(f"wrote {out_file}", highlight=False)
    if report.failures:
        raise typer.Exit(1)


@app.command()
@_clean_errors
def remove(documents: List[str] = typer.Argument(..., help="Document IRIs or sources (the path or URL it was built from)."),
           store: Optional[str] = StoreOption):
    """Remove documents: their assertions, and the entities no other document mentions."""
    graph = _open(store, write=True)
    for document in documents:
        for removed in graph.remove_document(document):
            out.print(f"removed {removed} ({document})", highlight=False)


@app.command("infer")
@_clean_errors
def infer_(store: Optional[str] = StoreOption):
    """(Re)compute the RDFS / OWL 2 RL consequences (owlrl) into their own named graph."""
    _print_inferred(_open(store, write=True).infer())


def _print_inferred(count: int) -> None:
    from kg.namespaces import INFERRED_GRAPH

    out.print(f"{count} triples inferred into {INFERRED_GRAPH}", highlight=False)


@app.command()
@_clean_errors
def query(
    sparql: Optional[str] = typer.Argument(None, help="A SPARQL query, or a file holding one (.rq)."),
    name: Optional[str] = typer.Option(None, "--name", "-n", help="Run a named query instead (see --list)."),
    params: List[str] = typer.Option([], "--param", "-p", help="A parameter of the named query, NAME=VALUE (a label, alias or IRI); repeatable."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries, their parameters and an example of each."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    store: Optional[str] = StoreOption,
):
    """Run a SPARQL query, or a named one, over all graphs (prefixes air:, res:, rdfs:, prov:... are predeclared)."""
    from kg.errors import Errors, QueryError

    if list_queries:
        _print_named_queries()
        return
    if name and sparql:
        raise QueryError(Errors.E046)
    if name:
        bound = _parse_params(params)
        result = _open(store).run_named_query(name, **bound)
    elif sparql:
        path = Path(sparql)
        if sparql.endswith(".rq") or (len(sparql) < 256 and "{" not in sparql and path.is_file()):
            if not path.is_file():
                raise QueryError(Errors.E021.format(path=path))
            sparql = path.read_text(encoding="utf-8")
        result = _open(store).query(sparql)
    else:
        raise typer.BadParameter("give a SPARQL query, --name NAME or --list")
    if fmt == "csv":
        sys.stdout.write(result.to_csv())
    elif fmt == "json":
        sys.stdout.write(result.to_json() + "\n")
    elif result.boolean is not None:
        out.print("yes" if result.boolean else "no")
    else:
        _print_table(result)


def _parse_params(pairs: List[str]) -> dict:
    """``["entity=DeepSeek", "entity=Qwen"]`` → ``{"entity": ["DeepSeek", "Qwen"]}``."""
    from kg.errors import Errors, QueryError

    params: dict = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(Errors.E045.format(text=pair))
        params.setdefault(key.strip(), []).append(value)
    return params


def _print_named_queries() -> None:
    import shlex

    from kg.queries import load_all

    for query in load_all():
        out.print(f"[bold]{query.name}[/bold]  {query.title}", highlight=False)
        out.print(f"  {query.description}", highlight=False, soft_wrap=True)
        for param in query.params:
            flag = " (optional)" if param.optional else ""
            example = f"; example: {param.example}" if param.example else ""
            out.print(f"  --param {param.name}=…{flag}  {param.description}{example}", highlight=False, soft_wrap=True)
        example = " ".join(f"--param {shlex.quote(f'{k}={v}')}" for k, v in query.example().items())
        out.print(f"  e.g. kg query --name {query.name} {example}".rstrip() + "\n", style="dim", highlight=False, soft_wrap=True)


def _print_table(result) -> None:
    from kg.graph.results import shorten

    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*["" if v is None else shorten(v) for v in row])
    out.print(table)
    out.print(f"{len(result.rows)} rows", style="dim")


@app.command()
@_clean_errors
def entity(name: str = typer.Argument(..., help="A label, an alias or an IRI."), store: Optional[str] = StoreOption):
    """Show an entity: class, aliases, relations, and the sentences behind each."""
    view = _open(store).entity(name)
    out.print(f"[bold]{view.label}[/bold]  {view.iri}", highlight=False)
    out.print(f"class: {', '.join(view.classes)}", highlight=False)
    if view.aliases:
        out.print(f"aliases: {', '.join(view.aliases)}", highlight=False)
    for same in view.same_as:
        out.print(f"same as: {same}", highlight=False)
    out.print(f"mentioned in {len(view.documents)} documents", highlight=False)
    table = Table("relation", "with", "confidence", "source sentence", show_lines=True)
    for rel in view.relations:
        arrow = f"{rel.prop} →" if rel.direction == "out" else f"← {rel.prop}"
        where = rel.sentence or f"(reference: {rel.source})"
        table.add_row(arrow, rel.other_label or rel.other, f"{rel.confidence:.2f}" if rel.confidence is not None else "", where)
    out.print(table)


@app.command()
@_clean_errors
def stats(store: Optional[str] = StoreOption):
    """Counts by class and by property."""
    numbers = _open(store).stats()
    out.print(f"{numbers['quads']} quads, {numbers['documents']} document graphs", highlight=False)
    for title, counts in (("class", numbers["classes"]), ("property", numbers["properties"])):
        table = Table(title, "count")
        for name, n in counts.items():
            table.add_row(name, str(n))
        out.print(table)


@app.command()
@_clean_errors
def validate(store: Optional[str] = StoreOption):
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    report = _open(store).validate()
    if report.conforms:
        out.print("the graph conforms to ontology/shapes.ttl")
    else:
        out.print(report.text, highlight=False)
        err.print(f"[red]{report.violations} violations[/red]")
        raise typer.Exit(1)


@app.command("eval")
@_clean_errors
def eval_(
    gold_dir: Path = typer.Argument(..., help="Folder of gold JSON files (see tests/gold/README.md)."),
    texts_dir: Path = typer.Argument(..., help="Folder holding the articles the gold files name."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", help="Ignore relations below this confidence."),
    show: int = typer.Option(15, "--show", help="How many missed and wrong items to list (0: none)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the full report as JSON."),
    relations: str = typer.Option("both", "--relations", help="What decides relations: both (rules and model), rules, model (with $KG_RELATION_MODEL from kg train --without-rules)."),
    language: Optional[str] = typer.Option(None, "--lang", help="Only the gold files of this language (fr, en)."),
):
    """Precision, recall and F1 of entities and relations against a gold set."""
    import json

    from kg.evaluate import evaluate

    report = evaluate(gold_dir, texts_dir, min_confidence=min_confidence, relations=relations, language=language)
    _print_scores("entities", report.entities, report.typed, extra=f"type accuracy {report.type_accuracy:.3f}")
    _print_scores("relations", report.relations, report.by_property)
    if show:
        for title, items in (("missed entities", report.missed_entities), ("wrong entities", report.wrong_entities),
                             ("wrong types (gold → found)", report.wrong_types),
                             ("missed relations", report.missed_relations), ("wrong relations", report.wrong_relations)):
            if items:
                out.print(f"[bold]{title}[/bold] ({len(items)})")
                for item in items[:show]:
                    out.print("  " + "  ".join(" ".join(x) if isinstance(x, tuple) else str(x) for x in item), highlight=False, markup=False)
    if json_out:
        json_out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


@app.command()
@_clean_errors
def train(
    corpus: Path = typer.Argument(Path("data/train"), help="Folder of annotated passages (NAME.txt beside NAME.json)."),
    model_out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (default: the one shipped in the package)."),
    without_rules: bool = typer.Option(False, "--without-rules", help="Leave the rules' verdicts out of the features (for ablations)."),
    check: bool = typer.Option(True, "--check/--no-check", help="Check the corpus first (kg.learn.corpus) and stop on a problem."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the cross-validated report as JSON."),
):
    """Rebuild the relation model from the annotated corpus, and report its cross-validated scores."""
    import json

    from kg.errors import Errors, InputError
    from kg.extract.classifier import MODEL_PATH
    from kg.learn.corpus import check as check_corpus
    from kg.learn.training import train_and_save

    if check and (problems := check_corpus(corpus)):
        raise InputError(Errors.E132.format(path=corpus, count=len(problems), first=problems[0]))
    target = model_out or MODEL_PATH
    report = train_and_save(corpus, target, use_rules=not without_rules)
    table = Table("cross-validated", "P", "R", "F1", "tp", "fp", "fn", "threshold")
    for name, row in report["cross_validated"].items():
        table.add_row(name, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", str(row["tp"]),
                      str(row["fp"]), str(row["fn"]), str(report["thresholds"].get(name, "")))
    out.print(table)
    out.print(f"{report['passages']} passages, {report['gold_relations']} relations, {report['examples']} candidate pairs; model written to {target}", highlight=False)
    if json_out:
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def _print_scores(title: str, total, parts: dict, extra: str = "") -> None:
    table = Table(title, "P", "R", "F1", "tp", "fp", "fn")
    for name, score in sorted(parts.items()):
        table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}", str(score.tp), str(score.fp), str(score.fn))
    table.add_row("[bold]all[/bold]", f"{total.precision:.3f}", f"{total.recall:.3f}", f"[bold]{total.f1:.3f}[/bold]", str(total.tp), str(total.fp), str(total.fn))
    out.print(table)
    if extra:
        out.print(extra, highlight=False)


@app.command()
@_clean_errors
def viz(
    out_file: Path = typer.Option(..., "--out", help="The HTML file to write (one self-contained page)."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Draw only the neighbourhood of this entity (label, alias or IRI)."),
    depth: int = typer.Option(1, "--depth", min=0, help="With --focus: how many relations away to go."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", min=1, help="Keep only the N most central entities."),
    classes: Optional[List[str]] = typer.Option(None, "--class", help="Draw only this class (repeatable): Chip, Company..."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0, help="Drop relations less confident than this."),
    size_by: str = typer.Option("degree", "--size-by", help="Node size: degree, pagerank or betweenness."),
    highlight_exposure: Optional[str] = typer.Option(None, "--highlight-exposure",
                                                     help="A policy: border the entities it reaches (kg analyze exposure)."),
    store: Optional[str] = StoreOption,
):
    """Write the graph viewer: one HTML page that opens offline (search, filters, sources)."""
    view = _open(store).viz(out_file, focus=focus, depth=depth, max_nodes=max_nodes, classes=classes or None,
                            min_confidence=min_confidence, size_by=size_by, highlight_exposure=highlight_exposure)
    out.print(f"wrote {out_file} ({len(view.nodes)} entities, {len(view.edges)} relations)", highlight=False, soft_wrap=True)


@app.command()
@_clean_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; the default answers this machine only."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    timeout: float = typer.Option(30.0, "--timeout", help="Time limit of one query, in seconds."),
    max_rows: int = typer.Option(10_000, "--max-rows", help="Refuse answers with more results than this (ask for a LIMIT)."),
    workers: int = typer.Option(4, "--workers", help="How many queries may use the store at once."),
    allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL Update, from clients that send the token."),
    token: Optional[str] = typer.Option(None, "--token", envvar="KG_TOKEN", help="Bearer token that updates must carry."),
    store: Optional[str] = StoreOption,
):
    """Serve the graph: SPARQL 1.1 Protocol at /sparql, YASGUI at /, named queries at /queries, viewer at /viz."""
    from kg.errors import Errors
    from kg.server import Limits
    from kg.server import serve as run_server

    if allow_update and not token:
        raise KGError(Errors.E110)
    graph = _open(store, write=allow_update)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {host}: whoever reaches this machine can query the graph", highlight=False)
    err.print(f"serving {graph.store.location} at http://{host}:{port}/  (SPARQL endpoint: /sparql; "
              f"{'updates with the token' if allow_update else 'read-only'}; Ctrl-C stops)", highlight=False)
    run_server(graph, host, port, Limits(timeout, max_rows, workers), allow_update=allow_update, token=token)


@app.command()
@_clean_errors
def demo(
    store: Optional[str] = StoreOption,
    viewer: Path = typer.Option(Path("kg-demo.html"), "--viewer", help="Where to write the viewer page."),
):
    """Build the demo corpus in data/articles into the store, answer a few questions, write the viewer."""
    from kg.demo import run_demo

    run_demo(_open(store, write=True), out, viewer)


import kg.cli_analyze  # noqa: E402,F401  (registers kg analyze and kg export)

if __name__ == "__main__":  # pragma: no cover
    from kg.cli import app as registered  # as a script this module is __main__; kg.cli is the one with every command

    registered()
