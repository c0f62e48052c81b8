"""Named queries: a ``.rq`` file with a comment header, run with bound parameters.

The header is the file's first comment lines; ``kg query --list`` prints it::

    # title: Chips a model or an organisation uses
    # description: The chips a model runs on; for an organisation, the chips
    #   it uses and those its models use.
    # param entity: an AI model or an organisation; example: DeepSeek
    # param country (optional): a country; example: China

Every parameter names an entity, by label or alias (any case, accents
ignored), by IRI or by prefixed name (``res:DeepSeek``). It is resolved to
IRIs first, and the IRIs are bound through a trailing ``VALUES`` block built
from RDF terms (pyoxigraph writes them, escaped), never from the text the
user typed: a name holding a quote, a brace or a newline is only ever a name
that no entity has. A parameter left out stays unbound, so the query answers
for every entity. Rules for a template: it ends without its own ``VALUES``
block, and binds each parameter variable in every solution (not only inside
an ``OPTIONAL``), since the ``VALUES`` block is joined with the solutions.

A template may say where the block goes: each line holding only ``# VALUES``
is replaced by it (a comment, so the file still runs as it is, for every
entity). Put it inside the subquery that reads the parameters' relations:
a ``VALUES`` joined at the end comes after the subqueries have read every
entity's relations, which at a million triples is the difference between a
millisecond and a second (see ``benchmarks/``). Each variable of the block
must be in scope where a marker stands.

>>> q = load("chips-of")
>>> q.title
'Chips a model or an organisation uses'
>>> [(p.name, p.example, p.optional) for p in q.params]
[('entity', 'DeepSeek', False)]
>>> import pyoxigraph as ox
>>> text = q.bind({"entity": [ox.NamedNode("https://w3id.org/airace/resource/DeepSeek")]})
>>> [line.strip() for line in text.splitlines() if line.strip().startswith("VALUES")]  # at its two "# VALUES" lines
['VALUES (?entity) { (<https://w3id.org/airace/resource/DeepSeek>) }', 'VALUES (?entity) { (<https://w3id.org/airace/resource/DeepSeek>) }']
>>> NamedQuery("x", "t", "", (Param("e", "e"),), "SELECT ?e WHERE { ?e ?p ?o }").bind({"e": [ox.NamedNode("urn:x")]})
'SELECT ?e WHERE { ?e ?p ?o }\\nVALUES (?e) { (<urn:x>) }'
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import DataError, Errors, KGError, QueryError
from kg.namespaces import PREFIXES

_HERE = Path(__file__).parent
_KEY = re.compile(r"^#\s*(title|description|param)\b\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(\(optional\))?\s*:\s*(.*)$")
_PREFIXED = re.compile(r"^([a-z][a-z0-9]*):([^\s:]+)$")
_MARKER = re.compile(r"^([ \t]*)# VALUES[ \t]*$", re.M)


@dataclass(frozen=True)
class Param:
    """One parameter of a named query: a variable of the query bound to entities."""

    name: str
    description: str
    example: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its header, parsed, and its SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise QueryError(Errors.E041.format(name=self.name, param=name,
                                            params=", ".join(p.name for p in self.params) or "none"))

    def example(self) -> dict[str, str]:
        """The example value of each parameter, e.g. ``{"entity": "DeepSeek"}``."""
        return {p.name: p.example for p in self.params if p.example}

    def bind(self, bound: dict[str, list[ox.NamedNode]]) -> str:
        """The query text with a ``VALUES`` block for the bound parameters
        (every combination of their IRIs): at each ``# VALUES`` line, or at the end."""
        if not bound:
            return self.text
        names = [self.param(name).name for name in bound]  # checked: names are SPARQL variable names
        rows = itertools.product(*(bound[name] for name in names))
        body = " ".join("(" + " ".join(str(_as_term(term)) for term in row) + ")" for row in rows)
        block = f"VALUES ({' '.join('?' + n for n in names)}) {{ {body} }}"
        if _MARKER.search(self.text):
            return _MARKER.sub(lambda match: match.group(1) + block, self.text)
        return f"{self.text.rstrip()}\n{block}"

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [vars(p) for p in self.params]}


def parse(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Read the header of a named query's text."""
    fields: dict[str, str] = {}
    params: list[list[str]] = []
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _KEY.match(line)
        if match and match.group(1) == "param":
            params.append([match.group(2).strip()])
            last = params[-1]
        elif match:
            fields[match.group(1)] = match.group(2).lstrip(": ").strip()
            last = match.group(1)
        elif last is not None and line[1:].strip():  # a continuation line
            if isinstance(last, list):
                last[0] += " " + line[1:].strip()
            else:
                fields[last] += " " + line[1:].strip()
    parsed = []
    for (spec,) in params:
        match = _PARAM.match(spec)
        if not match:
            raise DataError(Errors.E044.format(path=path or name))
        description, _, example = match.group(3).partition("; example:")
        parsed.append(Param(match.group(1), description.strip(), example.strip() or None, bool(match.group(2))))
    if not fields.get("title"):
        raise DataError(Errors.E044.format(path=path or name))
    return NamedQuery(name, fields["title"], fields.get("description", ""), tuple(parsed), text)


def names() -> list[str]:
    return sorted(p.stem for p in _HERE.glob("*.rq"))


def load(name: str) -> NamedQuery:
    """The named query ``kg/queries/NAME.rq``."""
    path = _HERE / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.is_file():
        raise QueryError(Errors.E040.format(name=name, names=", ".join(names())))
    return parse(name, path.read_text(encoding="utf-8"), path)


def load_all() -> list[NamedQuery]:
    return [load(name) for name in names()]


def resolve(graph, value) -> list[ox.NamedNode]:
    """The IRIs a parameter value names: an IRI, a prefixed name (``res:Nvidia``),
    or a label or alias of entities in ``graph`` (a :class:`kg.KnowledgeGraph`)."""
    if isinstance(value, ox.NamedNode):
        return [value]
    text = str(value).strip()
    prefixed = _PREFIXED.match(text)
    if text.startswith(("http://", "https://", "urn:")):
        return [_iri(text)]
    if prefixed and prefixed.group(1) in PREFIXES:
        return [_iri(PREFIXES[prefixed.group(1)] + prefixed.group(2))]
    iris = graph.find(text)
    if not iris:
        raise KGError(Errors.E022.format(name=_shown(text)))
    return [_iri(iri) for iri in iris]


def prepare(graph, name: str, params: dict) -> str:
    """The text of named query ``name`` with ``params`` resolved and bound."""
    query = load(name)
    bound = {}
    for key, value in params.items():
        query.param(key)
        values = value if isinstance(value, (list, tuple)) else [value]
        values = [v for v in values if v is not None and str(v).strip()]
        if values:
            bound[key] = list(dict.fromkeys(iri for v in values for iri in resolve(graph, v)))
    for param in query.params:
        if not param.optional and param.name not in bound:
            raise QueryError(Errors.E042.format(name=name, param=param.name, description=param.description))
    return query.bind(bound)


def run(graph, name: str, params: dict):
    """Run named query ``name`` over ``graph``; returns a :class:`kg.graph.results.QueryResult`."""
    return graph.query(prepare(graph, name, params))


def _iri(text: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError as exc:
        raise QueryError(Errors.E043.format(value=_shown(text), reason=_shown(exc))) from None


def _shown(text: str) -> str:
    """``text`` on one line: newlines and other control characters escaped."""
    return repr(str(text))[1:-1]


def _as_term(term) -> ox.NamedNode:
    if not isinstance(term, ox.NamedNode):  # only IRIs are ever written into the query
        raise QueryError(Errors.E043.format(value=term, reason="not an IRI"))
    return term
