"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the embedded store.

Routes: ``/sparql`` (GET and POST; ``application/sparql-query``,
``application/sparql-update`` and form-encoded bodies), ``/`` (YASGUI, served
from the package, so it works offline), ``/queries`` (the named queries as
JSON) and ``/queries/NAME?param=value`` (run one), ``/viz`` (the viewer).

Why Starlette + uvicorn: it is what the Python field serves SPARQL with
(rdflib-endpoint is FastAPI, which is Starlette), uvicorn's HTTP parser is
hardened where ``http.server`` says it is not meant for production, and the
app is a plain ASGI object that tests and other servers can mount. Starlette
is small and has no dependency but anyio.

Limits, in :class:`kg.workers.Limits`:

- time limit: a query runs in a worker thread; at ``timeout`` seconds the
  request answers 503 (E100) and the query is abandoned: it stops at its next
  solution, or when the engine call it is in returns (see :mod:`kg.workers`).
  At most ``workers`` queries use the store at once; a request that finds no
  free slot within the time limit gets 503 (E102).
- row cap: past ``max_rows`` solutions or triples the answer is 422 (E101),
  never a silently cut answer (see :mod:`kg.graph.answer`).
- read-only: SPARQL Update is refused with 403 unless the server was started
  with ``allow_update`` and a ``token``, and the request carries
  ``Authorization: Bearer TOKEN``. Updates are not cut by the time limit
  (abandoning one would answer "failed" for a change that still happens).
- federated queries (``SERVICE``) are refused with 403: the endpoint does not
  fetch URLs for its clients.

A read-only server opens the store for reading (``KnowledgeGraph.open(...,
read_only=True)``): it never holds the store's write lock, so ``kg build``
can write meanwhile, and each request first moves to the state the last
completed write published (:mod:`kg.graph.snapshots`).

Errors are one line of text (``E0xx ...``) with the status their code maps to.
"""

from __future__ import annotations

import hmac
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import Errors, KGError, QueryError
from kg.graph import answer
from kg.workers import Limits, Workers

STATIC = Path(__file__).parent / "static"
MAX_BODY = 1_000_000
#: HTTP status of each error code; other QueryErrors are 400, other errors 500.
STATUS = {"E022": 404, "E040": 404, "E100": 503, "E101": 422, "E102": 503, "E103": 403, "E104": 403,
          "E105": 403, "E107": 406, "E108": 415, "E109": 501, "E111": 405}


def create_app(graph, limits: Limits | None = None, *, allow_update: bool = False, token: str | None = None) -> Starlette:
    """The ASGI app over ``graph`` (a :class:`kg.KnowledgeGraph`)."""
    if allow_update and not token:
        raise KGError(Errors.E110)
    limits = limits or Limits()
    workers = Workers(limits)
    graph.ensure_ontology()

    async def sparql(request: Request) -> Response:
        graph.refresh()  # a reader moves to the state the last completed build published
        params = _query_params(request)
        body_params, kind = await _body(request)
        params.update(body_params)
        if "update" in params or kind == "update":
            return await _update(request, params, graph, workers, allow_update, token)
        text = params.get("query", [None])[0]
        if not text:
            raise QueryError(Errors.E106)
        if answer.has_service(text):
            raise QueryError(Errors.E105)
        accept = params.get("format", [request.headers.get("accept")])[0]
        result = await workers.run(lambda cancel: answer.run(
            graph.store, text, accept, max_rows=limits.max_rows, cancel=cancel,
            default_graphs=params.get("default-graph-uri"), named_graphs=params.get("named-graph-uri")))
        return Response(result.body, media_type=result.media_type)

    async def named(request: Request) -> Response:
        from kg.queries.runner import prepare

        graph.refresh()
        params = _query_params(request)
        accept = params.pop("format", [request.headers.get("accept")])[0]
        name = request.path_params["name"]

        def work(cancel):
            text = prepare(graph, name, params)
            return answer.run(graph.store, text, accept, max_rows=limits.max_rows, cancel=cancel)

        result = await workers.run(work)
        return Response(result.body, media_type=result.media_type)

    async def queries(request: Request) -> Response:
        from kg.queries.runner import load_all

        return JSONResponse([dict(q.to_dict(), url=f"/queries/{q.name}",
                                  example=f"/queries/{q.name}" + (f"?{urlencode(q.example())}" if q.example() else ""))
                             for q in load_all()])

    async def viz(request: Request) -> Response:
        graph.refresh()
        return HTMLResponse(await workers.run(lambda cancel: render_viz(graph, request.query_params)))

    async def home(request: Request) -> Response:
        return HTMLResponse(_home_page())

    routes = [
        Route("/", home), Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", queries), Route("/queries/{name}", named), Route("/viz", viz),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={KGError: _error})


def render_viz(graph, params) -> str:
    """The viewer's page for URL parameters ``focus``, ``depth``, ``classes``
    (comma-separated) and ``min_confidence``; 501 while :mod:`kg.viz` is absent."""
    try:
        from kg.viz import render_html
    except ImportError as exc:
        raise KGError(Errors.E109.format(reason=exc)) from None
    classes = [c.strip() for c in params.get("classes", "").split(",") if c.strip()] or None
    return render_html(graph, focus=params.get("focus") or None, depth=_number(params, "depth", int, 2),
                       classes=classes, min_confidence=_number(params, "min_confidence", float, 0.0))


async def _update(request, params, graph, workers, allow_update, token) -> Response:
    if request.method != "POST":
        raise QueryError(Errors.E111)
    if not allow_update:
        raise KGError(Errors.E103)
    given = request.headers.get("authorization", "")
    if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode())):
        raise KGError(Errors.E104)
    text = params.get("update", [""])[0]
    await workers.run(lambda cancel: graph.update(text), limited=False)
    return PlainTextResponse("ok\n")


def _query_params(request: Request) -> dict[str, list[str]]:
    return {k: request.query_params.getlist(k) for k in request.query_params}


async def _body(request: Request) -> tuple[dict, str | None]:
    """Parameters and kind (``"query"``, ``"update"`` or ``None``) of a POST body."""
    if request.method != "POST":
        return {}, None
    body = await request.body()
    if len(body) > MAX_BODY:
        raise QueryError(Errors.E108.format(type=f"a body of {len(body)} bytes"))
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True), None
    if media == "application/sparql-query":
        return {"query": [body.decode("utf-8", "replace")]}, "query"
    if media == "application/sparql-update":
        return {"update": [body.decode("utf-8", "replace")]}, "update"
    raise QueryError(Errors.E108.format(type=media or "none"))


def _number(params, key, kind, default):
    value = params.get(key)
    if value in (None, ""):
        return default
    try:
        return kind(value)
    except ValueError:
        reason = "a whole number is expected" if kind is int else "a number is expected"
        raise QueryError(Errors.E112.format(value=" ".join(value.split())[:50], param=key, reason=reason)) from None


async def _error(request: Request, exc: KGError) -> Response:
    message = " ".join(str(exc).split())
    code = message.split(" ", 1)[0]
    status = STATUS.get(code, 400 if isinstance(exc, QueryError) else 500)
    return PlainTextResponse(message + "\n", status_code=status)


def _home_page() -> str:
    import json

    from kg.namespaces import sparql_prologue

    example = sparql_prologue() + """
# Who produces which chip, and where the producer is based
SELECT DISTINCT ?chipLabel ?producerLabel ?countryLabel WHERE {
  ?producer air:produces ?chip .
  ?chip rdfs:label ?chipLabel . ?producer rdfs:label ?producerLabel .
  OPTIONAL { ?producer air:basedIn/rdfs:label ?countryLabel }
}
ORDER BY ?chipLabel
"""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    return page.replace("__DEFAULT_QUERY__", json.dumps(example).replace("<", "\\u003c"))


@contextmanager
def running(app, host: str = "127.0.0.1", port: int = 0):
    """Serve ``app`` in a background thread; yields its base URL.

    >>> import kg
    >>> with running(create_app(kg.KnowledgeGraph.open())) as url:  # doctest: +ELLIPSIS
    ...     url
    'http://127.0.0.1:...'
    """
    import time

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="kg-serve", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise KGError(Errors.E113.format(address=f"{host}:{port}", reason="see the log above"))
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()
    try:
        yield f"http://{host}:{bound[1]}"
    finally:
        server.should_exit = True
        thread.join(5)


def serve(graph, host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None, **options) -> None:
    """Serve ``graph`` until interrupted (what ``kg serve`` runs)."""
    import uvicorn

    uvicorn.run(create_app(graph, limits, **options), host=host, port=port, log_level="info")
