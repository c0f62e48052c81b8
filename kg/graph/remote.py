"""A SPARQL 1.1 server as the store: :class:`RemoteStore`.

It has the interface :class:`kg.graph.store.Store` gives the API, so a
:class:`kg.KnowledgeGraph` over it builds, queries and validates the same way
(``KnowledgeGraph.open("http://127.0.0.1:7878")``, ``kg ... --store URL``).

The URL is the root of the server, whose endpoints are ``ROOT/query``
(SPARQL 1.1 Protocol), ``ROOT/update`` (SPARQL 1.1 Update) and ``ROOT/store``
(Graph Store Protocol): the layout of ``oxigraph serve``, and of a Fuseki
dataset for the first two. A URL ending in ``/query`` is taken as its root.

- Reads: ``POST ROOT/query`` with the query as ``application/sparql-query``;
  SELECT and ASK come back as SPARQL JSON, CONSTRUCT and DESCRIBE as
  N-Triples, and are turned into the same pyoxigraph objects the embedded
  store gives (``QuerySolutions``, ``QueryBoolean``, triples), so results are
  identical. The prefixes of :data:`kg.namespaces.PREFIXES` are declared in
  front of the query.
- The default graph must be the union of the named graphs, as in the
  embedded store. Every query asks Oxigraph for it (the ``union-default-graph``
  parameter, so ``oxigraph serve`` needs no flag); another server must be
  configured so (Fuseki: ``tdb2:unionDefaultGraph true``). Opening the store
  checks it, and says so (E094) when it is not.
- Bound values (``query(..., bindings)``) become a trailing ``VALUES`` block
  written from RDF terms (pyoxigraph escapes them), never from the text given.
  Unlike pyoxigraph's substitutions, a trailing ``VALUES`` is joined with the
  solutions of the whole ``WHERE``: bind only variables of the projection.
- Writes: replacing a document is one SPARQL Update request
  (``DROP SILENT GRAPH ... ; INSERT DATA { GRAPH ... }``), which Oxigraph
  applies all or nothing. Oxigraph refuses update bodies over 1 MB, which one
  document's graph does not reach. ``load`` posts each graph of a file to
  ``ROOT/store?graph=G`` (Graph Store Protocol).
- Everything lives in named graphs: ``count``, ``quads`` and ``dump`` see the
  named graphs only, not quads a user's update put in the default graph.
- Each request has a time limit (``timeout`` seconds of silence); a server that
  is down, slow or answering an HTTP error gives a one-line error, E090–E095.

>>> RemoteStore("ftp://example.org", check=False)
Traceback (most recent call last):
kg.errors.StoreError: E093 'ftp://example.org' is not the URL of a SPARQL server; give http://HOST:PORT or https://HOST/PATH (the root of its /query, /update and /store endpoints)
>>> print(with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": 'a "quoted"\\nname'}))
SELECT ?s WHERE { ?s ?p ?o }
VALUES (?o) { ("a \\"quoted\\"\\nname") }
"""

from __future__ import annotations

import http.client
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from kg.errors import Errors, QueryError, StoreError
from kg.graph.store import SOURCE_QUERY, as_term, load_format, replace_update, replaced_graphs, write_dataset
from kg.namespaces import BACKGROUND_GRAPHS, sparql_prologue

#: What a query asks for: SPARQL JSON for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE.
ACCEPT = "application/sparql-results+json, application/n-triples, application/sparql-results+xml;q=0.8, text/turtle;q=0.8"
_RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
            "application/sparql-results+xml": ox.QueryResultsFormat.XML}
_GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
_PROLOGUE = sparql_prologue()
_PROLOGUE_LINES = _PROLOGUE.count("\n")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: The default graph is not the union when a quad of a named graph is missing from it.
_UNION_CHECK = "ASK { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 } FILTER NOT EXISTS { ?s ?p ?o } }"
_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore:
    """A store on a SPARQL 1.1 server at ``url`` (see the module docstring).

    ``timeout``: seconds a request may wait for the server; ``check``: ask the
    server at once whether it answers and unions its graphs."""

    path = None  # not a folder
    generation = None  # other clients write too: nothing derived from the data can be kept

    def __init__(self, url: str, *, timeout: float = 60.0, check: bool = True):
        parts = urlsplit(str(url).strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise StoreError(Errors.E093.format(url=url))
        root = f"{parts.scheme.lower()}://{parts.netloc}{parts.path}".rstrip("/")
        self.url = root[: -len("/query")] if root.endswith("/query") else root
        self.timeout = timeout
        proxies = {} if parts.hostname in _LOOPBACK else None  # never send loopback requests to a proxy
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler(proxies))
        if check and self.ask(_UNION_CHECK):
            raise StoreError(Errors.E094.format(url=self.url))

    @property
    def location(self) -> str:
        """The server's URL, for messages."""
        return self.url

    # -- writing -----------------------------------------------------------
    def replace_graph(self, graph: str, quads: list[ox.Quad], *, source: str | None = None, then: str = "") -> None:
        """Drop ``graph`` (and every document graph with the same ``source``) and
        write ``quads`` into it, followed by the update operations ``then``, in one update request."""
        drops = replaced_graphs(self, graph, source)
        self._update(replace_update(graph, drops, quads, then))

    def graphs_with_source(self, source: str) -> list[str]:
        return [s["g"].value for s in self.query(SOURCE_QUERY, {"source": source})]

    def remove_graph(self, graph: str) -> None:
        self.replace_graph(graph, [])

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (prefixes predeclared), in one request."""
        self._update(_PROLOGUE + sparql, user=True)

    def close(self) -> None:
        """Nothing to release: every request has its own connection."""

    def flush(self) -> None:
        """Nothing to flush: the server has applied each update when it answers."""

    # -- reading -----------------------------------------------------------
    def query(self, sparql: str, bindings: dict | None = None, *, union: bool = True,
              graphs: list[str] | None = None, named: list[str] | None = None):
        """Run a SPARQL query on the server; same arguments and results as
        :meth:`kg.graph.store.Store.query` (``graphs`` and ``named`` are sent as
        ``default-graph-uri`` and ``named-graph-uri``)."""
        text = _PROLOGUE + (with_values(sparql, bindings) if bindings else sparql)
        params = [("default-graph-uri", g) for g in graphs or ()] + [("named-graph-uri", g) for g in named or ()]
        if union and not params:
            params.append(("union-default-graph", ""))
        media_type, body = self._request(self.url + "/query", text.encode("utf-8"), params=params, headers={
            "Content-Type": "application/sparql-query; charset=utf-8", "Accept": ACCEPT}, query=True)
        try:
            if media_type in _RESULTS:
                return ox.parse_query_results(body, format=_RESULTS[media_type])
            if media_type in _GRAPHS:
                return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=_GRAPHS[media_type])]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(Errors.E095.format(url=self.url, media_type=f"{media_type}: {_one_line(exc)}")) from None
        raise StoreError(Errors.E095.format(url=self.url, media_type=media_type or "none"))

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH {ox.NamedNode(graph)}" if graph else "GRAPH ?g"
        return int(next(iter(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} {{ ?s ?p ?o }} }}")))["n"].value)

    def graphs(self) -> list[str]:
        return sorted(s["g"].value for s in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
                      if isinstance(s["g"], ox.NamedNode))

    def document_graphs(self) -> list[str]:
        """The named graphs of documents (not the reference, ontology or inferred graph)."""
        background = {str(g) for g in BACKGROUND_GRAPHS}
        return [g for g in self.graphs() if g not in background]

    def quads(self):
        """Every quad of the named graphs (an iterator of :class:`pyoxigraph.Quad`)."""
        return (ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in self.query(_QUADS))

    # -- files ---------------------------------------------------------------
    def dump(self, path: str | Path) -> Path:
        """Write every named graph to ``path`` (formats as :meth:`kg.graph.store.Store.dump`)."""
        try:
            return write_dataset(self.quads(), path)
        except OSError as exc:
            raise StoreError(Errors.E011.format(reason=exc)) from exc

    def load(self, path: str | Path) -> None:
        """Add the quads of an RDF file: each graph in one Graph Store Protocol
        ``POST`` (a blank node shared by two graphs becomes two)."""
        path = Path(path)
        fmt = load_format(path)
        by_graph: dict = {}
        try:
            for quad in ox.parse(path=str(path), format=fmt):
                by_graph.setdefault(quad.graph_name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(Errors.E013.format(path=path, reason=_one_line(exc))) from exc
        for graph, triples in by_graph.items():
            target = ("graph", graph.value) if isinstance(graph, ox.NamedNode) else ("default", "")
            self._request(self.url + "/store", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                          params=[target], headers={"Content-Type": "application/n-triples"})

    # -- HTTP ------------------------------------------------------------------
    def _update(self, text: str, *, user: bool = False) -> None:
        self._request(self.url + "/update", text.encode("utf-8"), query=user,
                      headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def _request(self, url: str, body: bytes, *, params=(), headers: dict, query: bool = False) -> tuple[str, bytes]:
        """POST ``body`` to ``url``; returns the media type and body of the answer.
        With ``query``, a 400 answer is the user's query's fault (E020)."""
        if params:
            url += "?" + urlencode(params)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                return media_type, response.read()
        except urllib.error.HTTPError as exc:
            detail = _detail(exc, _PROLOGUE_LINES if query else 0)
            if query and exc.code == 400:
                raise QueryError(Errors.E020.format(reason=detail)) from None
            raise StoreError(Errors.E091.format(url=url.split("?")[0], status=exc.code, detail=detail)) from None
        except (TimeoutError, socket.timeout):
            raise StoreError(Errors.E092.format(url=self.url, seconds=self.timeout)) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise StoreError(Errors.E092.format(url=self.url, seconds=self.timeout)) from None
            raise StoreError(Errors.E090.format(url=self.url, reason=_one_line(exc.reason))) from None
        except (OSError, http.client.HTTPException) as exc:
            raise StoreError(Errors.E090.format(url=self.url, reason=_one_line(exc) or type(exc).__name__)) from None


def with_values(sparql: str, bindings: dict) -> str:
    """``sparql`` with a trailing ``VALUES`` block binding each variable of
    ``bindings`` (strings become literals, pyoxigraph terms stay as they are).
    The block is written from RDF terms, so a value cannot change the query."""
    names = list(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(Errors.E020.format(reason=f"'{_one_line(name)}' is not a variable name"))
    terms = [as_term(bindings[name]) for name in names]
    if any(isinstance(term, ox.BlankNode) for term in terms):
        raise QueryError(Errors.E020.format(reason="a blank node cannot be bound on a SPARQL server"))
    variables = " ".join(f"?{name}" for name in names)
    return f"{sparql.rstrip()}\nVALUES ({variables}) {{ ({' '.join(str(t) for t in terms)}) }}"


def _detail(exc: urllib.error.HTTPError, shift: int) -> str:
    """The server's message, on one line; line numbers ("at 13:5") less
    ``shift``, the lines of the prologue put in front of the user's text."""
    try:
        text = exc.read().decode("utf-8", "replace")
    except OSError:
        text = ""
    text = _one_line(text)[:2000] or exc.reason or "no message"
    return re.sub(r"\b(at )(\d+)(:\d+)", lambda m: f"{m.group(1)}{max(1, int(m.group(2)) - shift)}{m.group(3)}", text)


def _one_line(value) -> str:
    return " ".join(str(value).split())
