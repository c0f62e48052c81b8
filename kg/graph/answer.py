"""Answers of the SPARQL 1.1 Protocol: run a query with a row cap and a
cancel flag, pick the format by content negotiation, serialise.

SELECT and ASK answer in SPARQL JSON (the default), XML, CSV or TSV;
CONSTRUCT and DESCRIBE in Turtle (the default), N-Triples, JSON-LD or
RDF/XML. The row cap is a refusal, not a truncation: past ``max_rows``
solutions (or triples) the answer is the one-line error E101 asking for a
LIMIT, so that no client mistakes a cut answer for a whole one.

>>> from kg.graph.store import Store
>>> answer = run(Store(), "ASK { ?s ?p ?o }", "text/csv")
>>> answer.media_type, answer.body
('text/csv; charset=utf-8', b'false')
>>> run(Store(), "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", "*/*", max_rows=2)
Traceback (most recent call last):
kg.errors.QueryError: E101 the answer has more than 2 results (the endpoint's cap); add LIMIT 2 or narrow the query
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import Errors, QueryError
from kg.namespaces import PREFIXES

R, G = ox.QueryResultsFormat, ox.RdfFormat
#: Media types by kind of answer, the default first; aliases point to the same format.
RESULT_TYPES = {
    "application/sparql-results+json": R.JSON, "application/json": R.JSON,
    "application/sparql-results+xml": R.XML, "application/xml": R.XML, "text/xml": R.XML,
    "text/csv": R.CSV, "text/tab-separated-values": R.TSV,
}
GRAPH_TYPES = {
    "text/turtle": G.TURTLE, "application/x-turtle": G.TURTLE,
    "application/n-triples": G.N_TRIPLES, "text/plain": G.N_TRIPLES,
    "application/ld+json": G.JSON_LD, "application/rdf+xml": G.RDF_XML,
}
#: Short names for the ``format`` URL parameter (handy in a browser).
SHORT_NAMES = {"json": "application/sparql-results+json, application/ld+json",
               "xml": "application/sparql-results+xml, application/rdf+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
               "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
               "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Cancelled(Exception):
    """The caller gave up on the query (its time limit passed)."""


@dataclass
class Answer:
    body: bytes
    media_type: str


def run(store, sparql: str, accept: str | None, *, max_rows: int = 10_000, cancel: threading.Event | None = None,
        default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> Answer:
    """Run ``sparql`` on ``store`` (a :class:`kg.graph.store.Store`) and serialise
    the answer in the format ``accept`` prefers. Stops with :class:`Cancelled`
    at the next solution once ``cancel`` is set."""
    cancel = cancel or threading.Event()
    result = store.query(sparql, graphs=default_graphs, named=named_graphs)
    if cancel.is_set():
        raise Cancelled()
    if isinstance(result, (bool, ox.QueryBoolean)):
        fmt = negotiate(accept, RESULT_TYPES, "ASK")
        return Answer(ox.QueryBoolean(bool(result)).serialize(format=fmt) if isinstance(result, bool)
                      else result.serialize(format=fmt), fmt.media_type)
    if isinstance(result, ox.QuerySolutions):
        fmt = negotiate(accept, RESULT_TYPES, "SELECT")
        variables = [v.value for v in result.variables]
        rows = [{v: _json_term(s[v]) for v in variables if s[v] is not None} for s in _capped(result, max_rows, cancel)]
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}, ensure_ascii=False).encode()
        if fmt != R.JSON:
            body = ox.parse_query_results(body, format=R.JSON).serialize(format=fmt)
        return Answer(body, fmt.media_type)
    fmt = negotiate(accept, GRAPH_TYPES, "CONSTRUCT or DESCRIBE")
    triples = list(_capped(result, max_rows, cancel))
    prefixes = PREFIXES if fmt in (G.TURTLE, G.RDF_XML) else None
    return Answer(ox.serialize(triples, format=fmt, prefixes=prefixes), fmt.media_type)


def negotiate(accept: str | None, types: dict, form: str):
    """The format to answer in: the client's most preferred media type
    that ``types`` has (``*/*`` or no Accept header: the first of ``types``).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "SELECT").media_type
    'application/sparql-results+xml'
    """
    accept = SHORT_NAMES.get((accept or "").strip().lower(), accept)
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip().lower() for p in part.split(";")]
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            ranges.append((-float(q), i, media))
        except ValueError:
            continue
    for minus_q, _, media in sorted(ranges):
        if minus_q >= 0:
            break
        if media in types:
            return types[media]
        for known in types:  # */* and type/*
            if media == "*/*" or (media.endswith("/*") and known.startswith(media[:-1])):
                return types[known]
    raise QueryError(Errors.E107.format(form=form, accept=_one_line(accept or ""), types=", ".join(types)))


def has_service(sparql: str) -> bool:
    """Whether a query holds the SERVICE keyword (a federated query, which
    would make the endpoint fetch URLs). Strings, IRIs and comments are
    skipped; a doubtful case counts as a yes.

    >>> has_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }'), has_service('SELECT * { ?s ?p "service" }')
    (True, False)
    """
    text = re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", _codepoint, sparql)
    return bool(_SERVICE.search(_SKIP.sub(" ", text)))


_SKIP = re.compile(r'''
    """(?:[^"\\]|\\.|"(?!""))*"""  |  \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'    # long strings
  | "(?:[^"\\\n\r]|\\.)*"          |  '(?:[^'\\\n\r]|\\.)*'                  # strings
  | <[^<>"{}|^`\\\x00-\x20]*>                                               # IRIs
  | \\.                                                                     # escapes in names (ex:a\#b)
  | \#[^\n\r]*                                                              # comments
''', re.X | re.S)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.I)


def _codepoint(match) -> str:
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except ValueError:
        return " SERVICE "  # not a character: refuse rather than guess


def _capped(items, max_rows: int, cancel: threading.Event):
    for n, item in enumerate(items):
        if n >= max_rows:
            raise QueryError(Errors.E101.format(rows=max_rows))
        if cancel.is_set():
            raise Cancelled()
        yield item


def _json_term(term) -> dict:
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
