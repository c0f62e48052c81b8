"""The front door: :class:`KnowledgeGraph`.

>>> graph = KnowledgeGraph.open()            # in memory; give a folder to persist
>>> graph.add_text("La puce Ascend 910B de Huawei rivalise avec le H100.", source="note")  # doctest: +SKIP
>>> graph.query("SELECT ?s WHERE { ?s air:produces ?o }").rows  # doctest: +SKIP
[['https://w3id.org/airace/resource/Huawei']]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg.documents import Document, collect_paths
from kg.errors import Errors, InputError, KGError, QueryError
from kg.graph.results import QueryResult
from kg.graph.store import Store, open_store
from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, sparql_prologue

#: Where ``kg`` keeps its store unless told otherwise (``--store`` or ``$KG_STORE``).
DEFAULT_STORE = "kg-store"


def default_store() -> str:
    """``$KG_STORE`` (a folder, or the URL of a SPARQL server), else ``kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_STORE


@dataclass
class BuildReport:
    """What one build did: documents written, files refused (with the reason)."""

    documents: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    relations: int = 0
    entities: int = 0


@dataclass
class RelationView:
    """One relation of an entity, with where it was read."""

    direction: str  # "out" (entity is the subject) or "in"
    prop: str
    other: str
    other_label: str | None
    graph: str
    source: str | None
    sentence: str | None
    confidence: float | None


@dataclass
class EntityView:
    """An entity with its class(es), aliases, Wikidata link, relations and sources."""

    iri: str
    label: str
    classes: list[str]
    aliases: list[str]
    same_as: list[str]
    documents: list[str]
    relations: list[RelationView]


class KnowledgeGraph:
    """A knowledge graph of the AI race over a store: the embedded one
    (:class:`kg.graph.store.Store`) or a SPARQL server (:class:`kg.graph.remote.RemoteStore`)."""

    def __init__(self, store: Store):
        self.store = store
        self._names: tuple | None = None  # (store generation, {name key: IRIs})
        #: The store generation at which the entities graph was last known to
        #: match the data (None: not checked yet). A write through this object
        #: keeps it so; a write behind its back (``store.raw``, another object)
        #: makes the next named query rebuild it.
        self._in_step: int | None = None

    @classmethod
    def open(cls, location: str | Path | None = None, *, read_only: bool = False) -> "KnowledgeGraph":
        """Open (or create) the store at ``location``: a folder for the
        embedded store, ``None`` to keep it in memory, or the URL of a SPARQL
        1.1 server (``"http://127.0.0.1:7878"``, the root of its ``/query``,
        ``/update`` and ``/store`` endpoints).

        One process at a time writes a folder. ``read_only`` opens it at its
        last published state instead (every completed write publishes one),
        which works while another process builds into it; :meth:`refresh`
        moves to a newer state."""
        return cls(open_store(location, reader=read_only, prepare=lambda store: cls(store).ensure_ontology()))

    def refresh(self) -> bool:
        """For a graph opened ``read_only``: move to the newest published state
        (True when there was a newer one)."""
        return getattr(self.store, "refresh", lambda: False)()

    def close(self) -> None:
        """Release the store; needed before another process or object opens the
        same folder for writing. What was written is published for readers, the
        ontology and entities graphs brought in step first."""
        store = self.store
        if getattr(store, "path", None) is not None and not store.read_only and store.generation and \
                self._in_step != store.generation:
            self.ensure_ontology()
        self.store.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- adding ----------------------------------------------------------------
    def load_reference(self) -> int:
        """(Re)write the background graphs: the curated facts of
        ``data/reference.json`` and the ontology; returns the reference graph's quad count."""
        from kg.graph.reference import reference_quads

        quads = reference_quads()
        self._replace(str(REFERENCE_GRAPH), quads)
        self.load_ontology()
        return len(quads)

    def load_ontology(self) -> int:
        """(Re)write the ontology graph (``ontology/airace.ttl``), which the
        named queries follow with ``rdfs:subClassOf*`` / ``rdfs:subPropertyOf*``."""
        from kg.graph.reference import ontology_quads

        quads = ontology_quads()
        self._keeping_entities(lambda: self.store.replace_graph(str(ONTOLOGY_GRAPH), quads))
        self._drop_inferred()
        return len(quads)

    def add_text(self, text: str, source: str) -> str:
        """Extract one text and write its graph; returns the document IRI."""
        document = Document.from_text(text, source=source)
        self._write([document])
        return document.iri

    def add_documents(self, documents: list[Document], progress: Callable[[Document], None] | None = None) -> BuildReport:
        report = BuildReport()
        self._write(documents, report, progress)
        return report

    def add_files(self, inputs: Iterable[str | Path], progress: Callable[[str], None] | None = None,
                  report: BuildReport | None = None, *, jobs: int = 1, dask: str | None = None) -> BuildReport:
        """Read files and folders (``*.txt`` and ``*.html`` under a folder) and
        write each document's graph. A file that cannot be used is recorded in
        ``report.failures`` with a one-line reason; the others still go in.

        ``jobs`` > 1 extracts on that many processes of this machine; ``dask``
        (a scheduler address) on a Dask cluster. Either way only this process
        writes, one document graph at a time (see :mod:`kg.parallel`)."""
        report = report or BuildReport()
        documents = []
        for path in collect_paths(list(inputs)):
            try:
                documents.append(Document.from_file(path))
            except InputError as exc:
                report.failures.append((str(path), str(exc)))
                if progress:
                    progress(str(path))
        advance = (lambda d: progress(d.source)) if progress else None
        if jobs > 1 or dask:
            self._write_extracted(documents, report, advance, jobs=jobs, dask=dask)
        else:
            self._write(documents, report, advance)
        self.store.flush()
        return report

    def _write_extracted(self, documents: list[Document], report: BuildReport, progress, *, jobs: int, dask: str | None):
        from kg import parallel

        if not documents:
            return
        results = parallel.with_dask(documents, dask) if dask else parallel.with_processes(documents, jobs)
        for extracted in results:
            document = extracted.document
            self._replace(document.iri, extracted.quads(), source=document.source)
            report.documents.append(document.iri)
            report.relations += extracted.relations
            report.entities += extracted.entities
            if progress:
                progress(document)
        self._drop_inferred()

    def _write(self, documents: list[Document], report: BuildReport | None = None, progress=None) -> None:
        from kg.extract.pipeline import parse_documents
        from kg.graph.triples import document_quads

        current, quads = None, []

        def finish():
            self._replace(current.iri, list(dict.fromkeys(quads)), source=current.source)
            if report is not None:
                report.documents.append(current.iri)
            if progress:
                progress(current)

        for document, doc, offset in parse_documents(documents):
            if current is not None and document is not current:
                finish()
                quads = []
            current = document
            quads += document_quads(document, doc, offset)
            if report is not None:
                report.relations += len(doc._.airace_relations)
                report.entities += len(doc._.airace_entities)
        if current is not None:
            finish()
        self._drop_inferred()

    def _replace(self, graph: str, quads: list, *, source: str | None = None) -> None:
        """Replace a graph (and the document graphs from the same ``source``)
        and, in the same update, bring the entities graph in step: the new
        graph's descriptions added, those of the entities the old graphs
        described rewritten (:mod:`kg.graph.entities`)."""
        from kg.graph import entities
        from kg.graph.store import replaced_graphs

        self.ensure_ontology()  # the entities graph in step first, so that refreshing a few entities keeps it so
        old = replaced_graphs(self.store, graph, source)
        then = entities.refresh_update(entities.entities_in(self.store, old), quads)
        self._keeping_entities(lambda: self.store.replace_graph(graph, quads, source=source, then=then))

    def _keeping_entities(self, write: Callable[[], None]) -> None:
        """Run ``write``, one that keeps the entities graph in step with the data."""
        in_step = self._in_step is not None and self._in_step == getattr(self.store, "generation", None)
        write()
        if in_step:
            self._in_step = self.store.generation

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (prefixes predeclared), all or nothing; drops the
        inferred graph and rebuilds the entities graph, since it may have changed anything."""
        self.store.update(sparql)
        self._rebuild_entities()
        self._drop_inferred()
        if hasattr(self.store, "flush"):
            self.store.flush()  # published: readers in other processes see it

    def remove_document(self, document: str) -> list[str]:
        """Remove a document's graph — its assertions, claims, quantities and the
        entities only it mentions — given its IRI or its source (path or URL).
        Returns the graphs removed; an unknown document raises :class:`KGError`."""
        graphs = [document] if document in self.store.document_graphs() else self.store.graphs_with_source(str(document))
        if not graphs:
            raise KGError(Errors.E023.format(document=document))
        for graph in graphs:
            self._replace(graph, [])
        self._drop_inferred()
        return graphs

    # -- reasoning -------------------------------------------------------------
    def infer(self) -> int:
        """(Re)compute the RDFS / OWL 2 RL consequences of the ontology and the
        data into their own named graph; returns how many triples were inferred.
        See :mod:`kg.graph.infer`. Any later write drops them (they would be stale)."""
        from kg.graph.infer import inferred_quads

        self.load_ontology()
        quads = inferred_quads(self.store)
        self._keeping_entities(lambda: self.store.replace_graph(str(INFERRED_GRAPH), quads))
        return len(quads)

    def _drop_inferred(self) -> None:
        self._keeping_entities(lambda: self.store.remove_graph(str(INFERRED_GRAPH)))

    def _rebuild_entities(self) -> None:
        from kg.graph.entities import rebuild_update

        self.store.update(rebuild_update())
        self._in_step = getattr(self.store, "generation", None)

    # -- reading ---------------------------------------------------------------
    def query(self, sparql: str, **bindings) -> QueryResult:
        """Run SPARQL over all graphs (prefixes ``air:``, ``res:``, ``rdfs:``... predeclared).

        Keyword arguments are bound to variables, never spliced into the text
        (a bound variable of a SELECT must be in its projection).
        """
        return QueryResult.from_oxigraph(self.store.query(sparql, bindings))

    def named_queries(self) -> list:
        """The named queries shipped in ``kg/queries/`` (title, description, parameters)."""
        from kg.queries.runner import load_all

        return load_all()

    def run_named_query(self, name: str, **params) -> QueryResult:
        """Run a named query (``kg/queries/NAME.rq``); each parameter names an
        entity by label, alias (any case) or IRI, and is bound, never spliced.

        >>> graph = KnowledgeGraph.open()
        >>> graph.load_reference() > 0
        True
        >>> [row["chipLabel"] for row in graph.run_named_query("chips-of", entity="DeepSeek")]
        ['H800']
        """
        from kg.queries.runner import run

        self.ensure_ontology()
        return run(self, name, params)

    def ensure_ontology(self) -> None:
        """Load the ontology graph and (re)build the entities graph if they
        are missing or stale (a store built by an older version, loaded from a
        file, or written behind this object's back): the named queries follow
        rdfs:subPropertyOf* through the first and read labels from the second."""
        from kg.graph import entities

        generation = getattr(self.store, "generation", None)
        if generation is not None and self._in_step == generation:
            return
        if getattr(self.store, "read_only", False):  # a published state: its writer kept it in step
            self._in_step = generation
            return
        if not self.store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"):
            self.load_ontology()
        if generation is None or self._in_step is None:  # first look: trust a graph that is there
            if entities.is_built(self.store):
                self._in_step = getattr(self.store, "generation", None)
                return
        self._rebuild_entities()

    def find(self, name: str) -> list[str]:
        """IRIs of the entities whose label or alias is ``name`` (case and accents ignored)."""
        from kg.extract.normalize import key

        wanted = key(name)
        self.ensure_ontology()
        generation = getattr(self.store, "generation", None)
        if generation is None:  # a store others write to: read the names every time
            return list(dict.fromkeys(e for e, label in self._names_rows() if key(label) == wanted))
        if self._names is None or self._names[0] != generation:
            index: dict[str, dict] = {}
            for e, label in self._names_rows():
                index.setdefault(key(label), {})[e] = None
            self._names = (generation, index)  # read again after any write to the store
        return list(self._names[1].get(wanted, ()))

    def _names_rows(self) -> list:
        return self.query("""
            SELECT DISTINCT ?e ?name WHERE {
              GRAPH <https://w3id.org/airace/graph/entities> { { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } }
            }""").rows

    def entity(self, name: str) -> EntityView:
        """Everything the graph says about one entity, by label, alias or IRI."""
        iris = [name] if name.startswith(("http://", "https://")) else self.find(name)
        if not iris:
            raise KGError(Errors.E022.format(name=name))
        iri = iris[0]
        info = self.query("""
            SELECT ?e ?label ?class ?alias ?same ?doc WHERE {
              { ?e rdfs:label ?label } UNION { ?e a ?class } UNION { ?e skos:altLabel ?alias }
              UNION { ?e owl:sameAs ?same } UNION { GRAPH ?doc { ?doc schema:mentions ?e } }
            }""", e=_iri(iri)).dicts()
        pick = lambda k: sorted({r[k] for r in info if r[k] is not None})  # noqa: E731
        rels = self.query("""
            SELECT ?e ?dir ?p ?other ?otherLabel ?g ?source ?sentence ?confidence WHERE {
              GRAPH ?g {
                { ?a rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?other . BIND("out" AS ?dir) }
                UNION
                { ?a rdf:object ?e ; rdf:predicate ?p ; rdf:subject ?other . BIND("in" AS ?dir) }
                ?a a air:Assertion ; prov:wasDerivedFrom ?source ; air:confidence ?confidence .
                OPTIONAL { ?a air:sentence ?sentence }
              }
              OPTIONAL { ?other rdfs:label ?otherLabel }
            } ORDER BY ?dir ?p ?otherLabel ?g ?sentence ?confidence""", e=_iri(iri)).rows
        relations, seen = [], set()
        for _, d, p, other, other_label, g, source, sentence, confidence in rels:
            slot = (d, p, other, g, sentence)
            if slot in seen:
                continue
            seen.add(slot)
            relations.append(RelationView(d, p.rsplit("#", 1)[-1], other, other_label, g, source, sentence, confidence))
        labels = pick("label")
        return EntityView(iri, labels[0] if labels else iri, [c.rsplit("#", 1)[-1] for c in pick("class")],
                          pick("alias"), pick("same"), pick("doc"), relations)

    def stats(self) -> dict:
        """Counts: quads, documents, entities by class, relations by property."""
        by_class = self.query("""
            SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
              ?e a ?class . FILTER(STRSTARTS(STR(?class), STR(air:)) && ?class NOT IN (air:Document, air:Assertion, air:Claim))
            } GROUP BY ?class ORDER BY DESC(?n)""").rows
        by_property = self.query("""
            SELECT ?p (COUNT(*) AS ?n) WHERE {
              SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(air:)) && isIRI(?o)) }
            } GROUP BY ?p ORDER BY DESC(?n)""").rows
        organizations = self.query("""
            SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
              ?e a ?class . FILTER(?class IN (air:Organization, air:Company, air:ResearchInstitution, air:GovernmentBody))
            }""").rows[0][0]
        classes = {c.rsplit("#", 1)[-1]: n for c, n in by_class}
        classes["Organization"] = organizations  # the superclass counts its subclasses' members
        return {
            "quads": self.store.count(),
            "documents": len(self.store.document_graphs()),
            "classes": classes,
            "properties": {p.rsplit("#", 1)[-1]: n for p, n in by_property},
        }

    def validate(self):
        """Check the graph against ``ontology/shapes.ttl``; see :func:`kg.graph.validate.validate`."""
        from kg.graph.validate import validate

        return validate(self.store)

    def viz(self, path: str | Path, **options):
        """Write the graph viewer (one offline HTML page) to ``path``; options as
        for :func:`kg.viz.view_of` (``focus``, ``depth``, ``max_nodes``,
        ``classes``, ``min_confidence``, ``size_by``...). Returns the view drawn."""
        from kg.viz import write_html

        return write_html(self, path, **options)

    # -- analytics (kg.analytics) -----------------------------------------------
    def to_networkx(self, *, min_confidence: float = 0.0):
        """The graph as a networkx ``MultiDiGraph``: nodes keyed by IRI with
        ``iri``, ``label``, ``class``, ``country``, ``aliases``; edges keyed by
        core property with ``property``, ``asserted``, ``confidence``,
        ``sources``, ``sentences``, ``evidence``. See :mod:`kg.analytics.projection`."""
        from kg.analytics import to_networkx

        return to_networkx(self, min_confidence=min_confidence)

    def centrality(self, *, by: str = "pagerank", top: int | None = None, classes=None, min_confidence: float = 0.0):
        """Entities ranked by ``by`` (``pagerank``, ``degree``, ``betweenness``); see :func:`kg.analytics.centrality`."""
        from kg.analytics import centrality

        return centrality(self.to_networkx(min_confidence=min_confidence), by=by, top=top, classes=classes)

    def supply_chains(self, *, min_confidence: float = 0.0):
        """Model/organisation → chip → producer dependencies; see :func:`kg.analytics.supply_chains`."""
        from kg.analytics import supply_chains

        return supply_chains(self.to_networkx(min_confidence=min_confidence))

    def exposure(self, policy: str | None = None, *, all_paths: bool = False, min_confidence: float = 0.0):
        """What each policy (or ``policy``: label, alias or IRI) reaches, with
        the path; see :func:`kg.analytics.exposure`."""
        from kg.analytics import exposure

        G = self.to_networkx(min_confidence=min_confidence)
        return exposure(G, None if policy is None else self._node(G, policy), all_paths=all_paths)

    def blocs(self, *, method: str = "louvain", countries: bool = False, min_confidence: float = 0.0, **options):
        """Communities and their countries; see :func:`kg.analytics.blocs`."""
        from kg.analytics import blocs

        return blocs(self.to_networkx(min_confidence=min_confidence), method=method, countries=countries, **options)

    def explain(self, source: str, target: str, *, max_paths: int = 5, min_confidence: float = 0.0):
        """The shortest paths between two entities (labels, aliases or IRIs),
        each hop with its sentence; see :func:`kg.analytics.explain`."""
        from kg.analytics import explain

        G = self.to_networkx(min_confidence=min_confidence)
        return explain(G, self._node(G, source), self._node(G, target), max_paths=max_paths)

    def export(self, path: str | Path, fmt: str | None = None, *, min_confidence: float = 0.0) -> list[Path]:
        """Write the projection as ``graphml``, ``gexf``, ``csv`` (a folder) or
        ``json`` (node-link); see :func:`kg.analytics.export`. RDF: :meth:`save`."""
        from kg.analytics import export

        return export(self.to_networkx(min_confidence=min_confidence), path, fmt)

    def _node(self, G, name: str) -> str:
        """The node of ``G`` called ``name``: an IRI, else through :meth:`find`, else by label in ``G``."""
        from kg.analytics import node_named

        if name in G:
            return name
        if not name.startswith(("http://", "https://")):
            hits = [iri for iri in self.find(name) if iri in G]
            if hits:
                return hits[0]
        return node_named(G, name)

    def save(self, path: str | Path) -> Path:
        """Write every named graph to one file; the format follows the suffix
        (``.trig``, ``.nq``, ``.ttl``, ``.nt``, ``.jsonld``)."""
        return self.store.dump(path)


def _iri(value: str):
    import pyoxigraph as ox

    return ox.NamedNode(value)


__all__ = ["KnowledgeGraph", "BuildReport", "EntityView", "RelationView", "QueryError", "sparql_prologue"]
