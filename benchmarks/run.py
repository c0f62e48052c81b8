"""Time the named queries on synthetic graphs: kg's embedded Oxigraph store
against rdflib's in-memory ``Dataset``, in one run, with load time and peak
memory. Run by hand (pytest does not collect ``benchmarks/``)::

    python -m benchmarks.run                          # 10k, 100k and 1M quads; writes benchmarks/results.md
    python -m benchmarks.run --sizes 10000 --runs 3   # a quick look

Each named query runs with the example parameters of its header, given as
IRIs so that only the query is timed, and, when all its parameters are
optional, without them (every entity). The same SPARQL text goes to every
store. A query is timed as the median of ``--runs`` runs after a warm-up,
rows read into Python values included; a warm-up longer than ``--timeout``
is stopped and reported as "> T s". The "kg API" column is
``KnowledgeGraph.run_named_query`` with the parameters given by label, as a
user types them (the label lookup included).

Each store and size is loaded in its own process (``benchmarks.worker``),
whose peak resident memory (``ru_maxrss`` from ``wait4``) is reported: it
counts the memory of the Rust store, which ``tracemalloc`` cannot see.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)
STORES = ("oxigraph", "oxigraph-memory", "rdflib")
NAMES = {"oxigraph": "Oxigraph (disk)", "oxigraph-memory": "Oxigraph (memory)", "rdflib": "rdflib"}
GOAL = 0.100
#: A worker past this resident memory is killed, and its query reported as too big.
MAX_RSS = 8 * 2**30


def workload() -> list[dict]:
    """The named queries with their example parameters, and without the optional ones."""
    from kg.namespaces import sparql_prologue
    from kg.queries.runner import load_all, prepare

    items = []
    for query in load_all():
        variants = [query.example()]
        if query.params and all(p.optional for p in query.params):
            variants.append({})
        for params in variants:
            by_iri = {k: "res:" + v.replace(" ", "_") for k, v in params.items()}
            shown = ", ".join(f"{k}={v}" for k, v in params.items()) or ("all" if query.params else "")
            items.append({"id": f"{query.name}({shown})" if shown else query.name, "name": query.name,
                          "params": params, "sparql": sparql_prologue() + prepare(None, query.name, by_iri)})
    return items


def measure(kind: str, data: Path, work: Path, runs: int, timeout: float) -> dict:
    """Run one store in worker processes; a query past ``timeout`` (plus a grace
    period) gets its worker killed, and a new worker goes on with the rest."""
    results: dict = {"queries": {}, "rss": 0, "load": None}
    skip: set[str] = set()
    while True:
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:  # the worker's store, gone even if it is killed
            if _run_worker(kind, data, work, runs, timeout, skip, results, scratch) == "done":
                return results


def _run_worker(kind: str, data: Path, work: Path, runs: int, timeout: float, skip: set[str], results: dict,
                scratch: str) -> str:
    """One worker process, its store under ``scratch``; ``"retry"`` when it was
    killed during a query (which is then skipped), ``"done"`` otherwise."""
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.worker", kind, str(data), str(work), str(runs),
                                str(timeout), *sorted(skip)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "TMPDIR": scratch})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout] + [lines.put(None)], daemon=True).start()
    current, deadline, killed = None, time.monotonic() + 3600, None
    while True:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if time.monotonic() > deadline or _rss(process.pid) > MAX_RSS:
                killed = "timeout" if time.monotonic() > deadline else "memory"
                process.kill()
                break
            continue
        if line is None:
            break
        event = json.loads(line)
        if "load" in event:
            results["load"] = results["load"] or event["load"]
            deadline = time.monotonic() + 3600
        elif "names" in event:
            results["names"] = event["names"]
        elif event.get("start"):
            current, deadline = event["id"], time.monotonic() + timeout + 30
        else:
            results["queries"][event["id"]] = event
            current, deadline = None, time.monotonic() + 3600
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    results["rss"] = max(results["rss"], usage.ru_maxrss * 1024)
    if killed and current:
        results["queries"][current] = {"id": current, "timeout": timeout} if killed == "timeout" else \
            {"id": current, "memory": MAX_RSS}
        skip.add(current)
        return "retry"
    if process.returncode:
        raise SystemExit(f"the {kind} worker failed (exit code {process.returncode})")
    return "done"


def _rss(pid: int) -> int:
    """Resident memory of a process, in bytes (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 1:
        return f"{value:.1f} s"
    return f"{value * 1000:.3g} ms" if value >= 0.001 else f"{value * 1000:.2f} ms"


def cell(entry: dict | None) -> str:
    if entry is None:
        return "–"
    if "memory" in entry:
        return f"> {entry['memory'] / 2**30:g} GB"
    return f"> {entry['timeout']:g} s" if "timeout" in entry else seconds(entry["median"])


def ratio(slow: dict | None, fast: dict | None) -> str:
    if not slow or not fast or "median" not in fast or "memory" in slow:
        return "–"
    if "timeout" in slow:
        return f"> {slow['timeout'] / max(fast['median'], 1e-9):,.0f}×"
    return f"{slow['median'] / max(fast['median'], 1e-9):,.1f}×"


def table(size: int, items: list[dict], by_store: dict) -> list[str]:
    stores = [s for s in STORES if s in by_store]
    head = ["query", "rows"] + [NAMES[s] for s in stores]
    if {"rdflib", "oxigraph"} <= set(stores):
        head.append("rdflib / Oxigraph (disk)")
    if "oxigraph" in stores:
        head.append("kg API (disk)")
    out = [f"### {size:,} quads", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for item in items:
        key = f"query:{item['id']}"
        entries = {s: by_store[s]["queries"].get(key) for s in stores}
        counts = {e["rows"] for e in entries.values() if e and "rows" in e}
        row = [f"`{item['id']}`", " ≠ ".join(str(c) for c in sorted(counts)) or "–"] + [cell(entries[s]) for s in stores]
        if {"rdflib", "oxigraph"} <= set(stores):
            row.append(ratio(entries["rdflib"], entries["oxigraph"]))
        if "oxigraph" in stores:
            row.append(cell(by_store["oxigraph"]["queries"].get(f"api:{item['id']}")))
        out.append("| " + " | ".join(row) + " |")
    return out + [""]


def report(results: dict, items: list[dict], command: str) -> str:
    import pyoxigraph
    import rdflib

    lines = [f"Synthetic graphs shaped like kg's (`benchmarks/synthetic.py`); `{command}`, {date.today()}, "
             f"{platform.python_implementation()} {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
             f"rdflib {rdflib.__version__}, {os.cpu_count()} CPUs. Median of the runs after a warm-up, rows read "
             "into Python included; \"kg API\" is `run_named_query` with the parameters given by label.", ""]
    for size, by_store in results.items():
        lines += table(size, items, by_store)
    lines += ["### Load and memory", "", "| quads | store | load | peak RSS of the process | first name lookup (kg API) |",
              "|---|---|---|---|---|"]
    for size, by_store in results.items():
        for kind, result in by_store.items():
            lines.append(f"| {size:,} | {NAMES[kind]} | {seconds(result['load'])} | {result['rss'] / 2**20:,.0f} MB "
                         f"| {seconds(result.get('names'))} |")
    largest = max(results)
    if "oxigraph" in results[largest]:
        slow = [k.split(":", 1)[1] for k, e in results[largest]["oxigraph"]["queries"].items()
                if k.startswith("query:") and ("median" not in e or e["median"] >= GOAL)]
        lines += ["", f"Goal, every named query under {GOAL * 1000:.0f} ms at {largest:,} quads on the embedded store: "
                  + ("met." if not slow else "missed by " + ", ".join(f"`{s}`" for s in slow) + ".")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--stores", nargs="+", default=list(STORES), choices=STORES)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query after the warm-up")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a query's warm-up may take")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench", help="where the graphs go")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    from benchmarks.synthetic import generate

    items = workload()
    args.data.mkdir(parents=True, exist_ok=True)
    work = args.data / "workload.json"
    work.write_text(json.dumps(items), encoding="utf-8")
    results: dict = {}
    for size in args.sizes:
        data = generate(size, args.data / f"synthetic-{size}.nq")  # seeded: the same graph every time
        for kind in args.stores:
            print(f"{size:,} quads, {NAMES[kind]}...", file=sys.stderr, flush=True)
            results.setdefault(size, {})[kind] = measure(kind, data, work, args.runs, args.timeout)
    command = "python -m benchmarks.run" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(argv or sys.argv[1:]))
    text = report(results, items, command)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":  # pragma: no cover
    main()
