"""One store in one process: load a dataset, time queries, print JSON lines.

Run by :mod:`benchmarks.run` (one process per store and size, so that its
peak RSS is that store's alone)::

    python -m benchmarks.worker STORE DATA.nq WORKLOAD.json RUNS TIMEOUT [SKIP...]

``STORE`` is ``oxigraph`` (kg's embedded store on disk, in a new directory under
``$TMPDIR``, which the parent removes), ``oxigraph-memory``
or ``rdflib`` (an in-memory ``rdflib.Dataset`` whose default graph is the
union, like kg's). Each line printed is a JSON object: ``{"load": seconds}``
once, then ``{"names": seconds}`` (the first name lookup of the kg API, which
reads every label), ``{"id": ..., "median": seconds, "runs": n, "rows": n}`` per
query as soon as it is timed (so that a parent which kills a runaway query
keeps the others), or ``{"id": ..., "timeout": T}`` when its warm-up ran
past ``TIMEOUT`` seconds. The alarm stops rdflib (Python) at once; Oxigraph
only when its engine call returns, so the parent kills a worker that
overstays.
"""

from __future__ import annotations

import json
import signal
import statistics
import sys
import tempfile
import time

#: Seconds of repeated runs allowed per query after the warm-up.
BUDGET = 10.0


def open_store(kind: str, data: str):
    """``(run, api)``: ``run(sparql)`` answers rows of Python values;
    ``api(name, params)`` runs a named query through the kg API (or None)."""
    if kind.startswith("oxigraph"):
        import kg
        from kg.graph.store import Store

        store = Store(tempfile.mkdtemp(prefix="kg-bench-") if kind == "oxigraph" else None)
        store.load(data)
        graph = kg.KnowledgeGraph(store)
        start = time.perf_counter()
        graph.find("DeepSeek")  # reads every label and alias once per store state
        print(json.dumps({"names": time.perf_counter() - start}), flush=True)
        return (lambda sparql: graph.query(sparql).rows), (lambda name, params: graph.run_named_query(name, **params).rows)
    if kind == "rdflib":
        import rdflib

        from kg.namespaces import PREFIXES

        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(data, format="nquads")

        def run(sparql):
            result = dataset.query(sparql, initNs=PREFIXES)
            return [[None if t is None else t.toPython() for t in row] for row in result]
        return run, None
    raise SystemExit(f"unknown store {kind}")


class Timeout(Exception):
    """The warm-up ran past the time limit."""


def _alarm(signum, frame):
    raise Timeout()


def timed(call, runs: int, timeout: float) -> tuple[float, int, int]:
    """Median seconds of ``runs`` calls after a warm-up (fewer when slow), runs
    made, rows; raises :class:`Timeout` if the warm-up takes over ``timeout`` s."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        start = time.perf_counter()
        rows = len(call())
        warm = time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    times = []
    for _ in range(max(1, min(runs, int(BUDGET / max(warm, 1e-6))))):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(times), rows


def main(kind: str, data: str, workload: str, runs: int, timeout: float, skip: set[str]) -> None:
    start = time.perf_counter()
    run, api = open_store(kind, data)
    print(json.dumps({"load": time.perf_counter() - start}), flush=True)
    for item in json.loads(open(workload, encoding="utf-8").read()):
        for mode in ("query", "api"):
            key = f"{mode}:{item['id']}"
            if key in skip or (mode == "api" and api is None):
                continue
            print(json.dumps({"id": key, "start": True}), flush=True)
            call = (lambda: run(item["sparql"])) if mode == "query" else (lambda: api(item["name"], item["params"]))
            try:
                median, n, rows = timed(call, runs, timeout)
            except Timeout:
                print(json.dumps({"id": key, "timeout": timeout}), flush=True)
                continue
            print(json.dumps({"id": key, "median": median, "runs": n, "rows": rows}), flush=True)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), set(sys.argv[6:]))
