"""SPARQL results as plain Python data, and their text forms (table rows,
CSV, JSON) for the CLI.

>>> from kg.graph.store import Store
>>> r = QueryResult.from_oxigraph(Store().query("SELECT ?x WHERE { VALUES ?x { 1 } }"))
>>> r.variables, r.rows
(['x'], [[1]])
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import PREFIXES

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: How a literal of each XSD datatype becomes a Python value (any other: its text).
_CONVERT = {_XSD + name: kind for name, kind in (("integer", int), ("int", int), ("long", int), ("decimal", float),
                                                  ("double", float), ("float", float))}
_CONVERT[_XSD + "boolean"] = lambda text: text == "true"


def to_python(term):
    """An RDF term as a plain value: IRIs and strings as ``str``, numbers as numbers.

    >>> to_python(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer"))), to_python(ox.NamedNode("urn:x"))
    (3, 'urn:x')
    """
    if type(term) is ox.Literal:  # noqa: E721 - the exact type, checked for every cell of a result
        convert = _CONVERT.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
    return None if term is None else term.value


def shorten(value) -> str:
    """An IRI in prefixed form when a known prefix fits, for display."""
    if not isinstance(value, str):
        return str(value)
    for prefix, iri in PREFIXES.items():
        if value.startswith(iri) and len(value) > len(iri):
            return f"{prefix}:{value[len(iri):]}"
    return value


@dataclass
class QueryResult:
    """A SELECT table (``variables``, ``rows``), an ASK answer (``boolean``) or
    CONSTRUCT/DESCRIBE triples (``triples``)."""

    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] | None = None

    @classmethod
    def from_oxigraph(cls, result) -> "QueryResult":
        if isinstance(result, bool):
            return cls(boolean=result)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [[to_python(term) for term in solution] for solution in result]  # in the order of the variables
            return cls(variables=variables, rows=rows)
        if isinstance(result, ox.QueryBoolean):
            return cls(boolean=bool(result))
        triples = [(t.subject.value, t.predicate.value, to_python(t.object)) for t in result]
        return cls(variables=["subject", "predicate", "object"], rows=[list(t) for t in triples], triples=triples)

    def dicts(self) -> list[dict]:
        """Rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.dicts())

    def to_csv(self) -> str:
        if self.boolean is not None:
            return f"boolean\r\n{str(self.boolean).lower()}\r\n"
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.variables)
        writer.writerows([["" if v is None else v for v in row] for row in self.rows])
        return out.getvalue()

    def to_json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"boolean": self.boolean})
        return json.dumps({"variables": self.variables, "rows": self.dicts()}, ensure_ascii=False, indent=2)
