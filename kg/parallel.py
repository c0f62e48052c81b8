"""Extraction beside the main process: worker processes on this machine
(``--jobs N``) or a Dask distributed cluster (``--dask ADDRESS``).

A worker turns one :class:`~kg.documents.Document` into the N-Quads of its
named graph (:func:`extract`); only the main process writes to the store, one
document at a time, so every document still replaces its graph atomically.
spaCy is loaded once per worker.

>>> from kg.documents import Document
>>> extracted = extract(Document.from_text("Huawei produit la puce Ascend 910B.", source="note"))  # doctest: +SKIP
>>> extracted.relations  # doctest: +SKIP
1
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.documents import Document


@dataclass
class Extracted:
    """What a worker sends back for one document."""

    document: Document
    nquads: bytes
    relations: int
    entities: int

    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))


def extract(document: Document) -> Extracted:
    """Run the pipeline on one document and serialise its graph (runs in a worker)."""
    from kg.extract.pipeline import parse_documents
    from kg.graph.triples import document_quads

    quads: list[ox.Quad] = []
    relations = entities = 0
    for _, doc, offset in parse_documents([document]):
        quads += document_quads(document, doc, offset)
        relations += len(doc._.airace_relations)
        entities += len(doc._.airace_entities)
    data = ox.serialize(list(dict.fromkeys(quads)), format=ox.RdfFormat.N_QUADS)
    return Extracted(document, data or b"", relations, entities)


def _warm_up() -> None:
    from kg.extract.pipeline import load_pipeline

    load_pipeline()


def with_processes(documents: list[Document], jobs: int) -> Iterator[Extracted]:
    """Extract on ``jobs`` worker processes of this machine, in the documents' order."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
        yield from pool.map(extract, documents, chunksize=1)


def with_dask(documents: list[Document], address: str, timeout: str = "30s") -> Iterator[Extracted]:
    """Extract on the workers of the Dask cluster whose scheduler is at ``address``
    (each worker needs this package installed), as results come in."""
    from distributed import Client, as_completed

    from kg.errors import Errors, StoreError

    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise StoreError(Errors.E120.format(address=address, reason=exc)) from None
    try:
        futures = client.map(extract, documents, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()


def extracted_here(documents: Iterable[Document]) -> Iterator[Extracted]:
    """Extract in this process (the default)."""
    for document in documents:
        yield extract(document)
