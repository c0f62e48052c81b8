"""The embedded store: Oxigraph on disk (default) or in memory; and
:func:`open_store`, which picks it or a SPARQL server (:mod:`kg.graph.remote`).

Every document is a named graph; writing a document replaces its graph, and
any older graph of the same source, in one SPARQL update, so a failed write
leaves the store as it was.

>>> store = Store()                          # in memory
>>> store.count()
0
>>> open_store(None).location
'memory'
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kg.errors import Errors, QueryError, StoreError
from kg.graph.snapshots import Snapshots
from kg.namespaces import BACKGROUND_GRAPHS, PREFIXES

#: Export formats by file suffix.
FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": None,  # written by rdflib, which keeps the named graphs
}
_DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
#: The document graphs that hold a source (bound: ``?source``).
SOURCE_QUERY = "SELECT DISTINCT ?g ?source WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/source> ?source } }"


def open_store(location: str | Path | None = None, *, reader: bool = False, prepare=None):
    """The store at ``location``: an ``http://`` or ``https://`` URL opens a
    SPARQL 1.1 server (:class:`kg.graph.remote.RemoteStore`), anything else
    the embedded store in that folder (``reader``: at its last published
    state, see :class:`Store`); ``None`` keeps it in memory."""
    if isinstance(location, str) and location.lower().startswith(("http://", "https://")):
        from kg.graph.remote import RemoteStore

        return RemoteStore(location)
    if location is None:
        return Store()
    return Store(location, reader=reader, prepare=prepare)


class Store:
    """A thin layer over :class:`pyoxigraph.Store` with the operations the graph needs.

    A folder is opened for writing (one process at a time; another writer
    waits up to :data:`WAIT` seconds for it) or, with ``reader=True``, for
    reading at its last published state (:mod:`kg.graph.snapshots`), which
    works while another process writes. ``prepare`` runs on the store opened
    for writing before a reader publishes a state (see :meth:`_open_reader`).
    """

    def __init__(self, path: str | Path | None = None, *, reader: bool = False,
                 prepare: Callable[["Store"], None] | None = None, wait: float | None = None):
        self.path = Path(path) if path is not None else None
        #: Goes up with every write (and every use of :attr:`raw`, which may write),
        #: so that a reader can tell the data it derived something from has changed.
        self.generation = 0
        #: The published state a reader has open (None: open for writing, or in memory).
        self.snapshot: str | None = None
        self._published = 0
        try:
            if self.path is None:
                self._store = ox.Store()
            elif reader:
                self._open_reader(prepare)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = _open_for_writing(self.path, WAIT if wait is None else wait)
        except OSError as exc:
            raise StoreError(Errors.E010.format(path=path, reason=_one_line(exc))) from exc

    @property
    def read_only(self) -> bool:
        return self.snapshot is not None

    def _open_reader(self, prepare) -> None:
        """Open the newest published state, publishing the store's own first when
        it is newer and no other process is writing it."""
        self.path.mkdir(parents=True, exist_ok=True)
        published = Snapshots(self.path)
        if published.stale():
            try:
                writer = Store(self.path, wait=0)
            except StoreError:  # being written: read what was last published
                writer = None
            if writer is not None:
                if prepare:
                    prepare(writer)
                writer.close()
        name = published.latest()
        if name is None:
            raise StoreError(Errors.E015.format(path=self.path))
        self._store = ox.Store.read_only(str(published.path(name)))
        self.snapshot = name

    def refresh(self) -> bool:
        """For a reader: move to the newest published state if there is one
        (a build has completed since); True when it moved."""
        if self.snapshot is None:
            return False
        name = Snapshots(self.path).latest()
        if name is None or name == self.snapshot:
            return False
        self._store = ox.Store.read_only(str(Snapshots(self.path).path(name)))
        self.snapshot = name
        self.generation += 1
        return True

    @property
    def location(self) -> str:
        """Where the store lives, for messages: its folder, or ``memory``."""
        return str(self.path) if self.path is not None else "memory"

    @property
    def raw(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (counted as a write: see :attr:`generation`)."""
        self._writable()
        return self._store

    def _writable(self) -> None:
        """Count a write; refused on a reader. The first write since the last
        publication marks the store as holding unpublished writes, so that if
        this process is killed, the next reader publishes them."""
        if self.snapshot is not None:
            raise StoreError(Errors.E014.format(path=self.path))
        if self.path is not None and self.generation == self._published:
            Snapshots(self.path).writing()
        self.generation += 1

    # -- writing -----------------------------------------------------------
    def replace_graph(self, graph: str, quads: list[ox.Quad], *, source: str | None = None, then: str = "") -> None:
        """Drop ``graph`` (and every document graph with the same ``source``) and
        write ``quads`` into it, followed by the update operations ``then``, in one atomic update."""
        self._writable()
        drops = replaced_graphs(self, graph, source)
        try:
            self._store.update(replace_update(graph, drops, quads, then))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(Errors.E011.format(reason=exc)) from exc

    def graphs_with_source(self, source: str) -> list[str]:
        solutions = self._store.query(SOURCE_QUERY, substitutions={ox.Variable("source"): ox.Literal(source)})
        return [s["g"].value for s in solutions]

    def remove_graph(self, graph: str) -> None:
        self.replace_graph(graph, [])

    def close(self) -> None:
        """Release the store (and its lock on disk), publishing what is not
        published yet; the object is unusable afterwards."""
        if getattr(self, "_store", None) is not None:
            self.flush()
            self._store = None

    def flush(self) -> None:
        """Write everything to disk and publish the state for readers if it
        holds writes not published yet (or nothing was ever published)."""
        if self.path is None or self.snapshot is not None:
            return
        self._store.flush()
        published = Snapshots(self.path)
        if published.stale():
            published.publish(self._store)
            self._published = self.generation

    # -- reading -----------------------------------------------------------
    def query(self, sparql: str, bindings: dict | None = None, *, union: bool = True,
              graphs: list[str] | None = None, named: list[str] | None = None):
        """Run a SPARQL query; ``bindings`` maps variable names to values
        (strings become literals, ``pyoxigraph`` terms are used as they are),
        substituted without touching the query text. By default the default
        graph is the union of all graphs; ``graphs`` names the graphs to merge
        into the default graph instead, ``named`` limits the graphs ``GRAPH`` sees."""
        substitutions = {ox.Variable(k): as_term(v) for k, v in (bindings or {}).items()}
        options = {}
        try:
            if graphs:
                options["default_graph"] = [ox.NamedNode(g) for g in graphs]
            if named:
                options["named_graphs"] = [ox.NamedNode(g) for g in named]
            return self._store.query(sparql, use_default_graph_as_union=union and not graphs, prefixes=PREFIXES,
                                     substitutions=substitutions or None, **options)
        except SyntaxError as exc:
            raise QueryError(Errors.E020.format(reason=_one_line(exc))) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(Errors.E020.format(reason=_one_line(exc))) from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (prefixes predeclared), all or nothing."""
        self._writable()
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(Errors.E020.format(reason=_one_line(exc))) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise StoreError(Errors.E011.format(reason=_one_line(exc))) from None

    def quads(self):
        """Every quad of the dataset (an iterator of :class:`pyoxigraph.Quad`)."""
        return iter(self._store)

    def count(self, graph: str | None = None) -> int:
        pattern = ox.NamedNode(graph) if graph else None
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, pattern))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def document_graphs(self) -> list[str]:
        """The named graphs of documents (not the reference, ontology or inferred graph)."""
        background = {str(g) for g in BACKGROUND_GRAPHS}
        return [g for g in self.graphs() if g not in background]

    # -- files ---------------------------------------------------------------
    def dump(self, path: str | Path) -> Path:
        """Write the whole dataset to ``path``, in the format its suffix names:
        TriG and N-Quads keep every named graph; Turtle and N-Triples hold the
        union of the graphs; JSON-LD keeps the named graphs."""
        try:
            return write_dataset(self._store, path)
        except OSError as exc:
            raise StoreError(Errors.E011.format(reason=exc)) from exc

    def load(self, path: str | Path) -> None:
        """Add the quads of an RDF file (TriG, N-Quads, Turtle, N-Triples)."""
        path = Path(path)
        fmt = load_format(path)
        self._writable()
        try:
            self._store.load(path=str(path), format=fmt)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(Errors.E013.format(path=path, reason=_one_line(exc))) from exc


#: Seconds a writer waits for another process to release the store.
WAIT = 15.0


def _open_for_writing(path: Path, wait: float) -> ox.Store:
    """The store in ``path``, open for writing; waits up to ``wait`` seconds
    while another process holds it (a reader publishing a state holds it briefly)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise StoreError(Errors.E016.format(path=path)) from None
            time.sleep(0.1)


def load_format(path: Path) -> ox.RdfFormat:
    """The format of an RDF file to load, by its suffix (JSON-LD is not read)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(Errors.E012.format(path=path, suffix=path.suffix, formats=", ".join(k for k, v in FORMATS.items() if v)))
    return fmt


def write_dataset(quads, path: str | Path) -> Path:
    """Write ``quads`` to ``path`` in the format its suffix names (see
    :meth:`Store.dump`); raises :class:`OSError` if the file cannot be written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(Errors.E012.format(path=path, suffix=suffix, formats=", ".join(FORMATS)))
    fmt = FORMATS[suffix]
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt in _DATASET_FORMATS:
        ox.serialize(quads, str(path), fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None)
    elif fmt is not None:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        ox.serialize(sorted(triples, key=str), str(path), fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
    else:
        to_rdflib(quads).serialize(str(path), format="json-ld", context=dict(PREFIXES))
    return path


def to_rdflib(quads):
    """``quads`` as an :class:`rdflib.Dataset` (for SHACL and JSON-LD)."""
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return dataset


def replaced_graphs(store, graph: str, source: str | None) -> list[str]:
    """The graphs a write of ``graph`` from ``source`` replaces: itself, and
    every document graph built from the same source (an older text of it)."""
    if source is None:
        return [graph]
    return [graph] + [g for g in store.graphs_with_source(source) if g != graph]


def replace_update(graph: str, drops: list[str], quads, then: str = "") -> str:
    """The SPARQL Update that drops the graphs ``drops``, writes ``quads``
    into ``graph`` and runs the operations ``then``, as one request (applied
    all or nothing).

    >>> print(replace_update("http://g", ["http://g"], []))
    DROP SILENT GRAPH <http://g>
    """
    update = " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in drops)
    if quads:
        update += f" ;\nINSERT DATA {{ GRAPH {ox.NamedNode(graph)} {{\n{ntriples(quads)}\n}} }}"
    return update + (f" ;\n{then}" if then else "")


def ntriples(quads) -> str:
    """Quads as N-Triples lines (graph names dropped); pyoxigraph escapes the terms."""
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def as_term(value):
    """A bound value as an RDF term: strings become literals, pyoxigraph terms stay."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    return ox.Literal(str(value))


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
