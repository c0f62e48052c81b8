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
    return extract_batch([document])[0]


def extract_batch(documents: list[Document]) -> list[Extracted]:
    """:func:`extract` for several documents, parsed by spaCy as one batch
    (faster than one by one), in the order given."""
    from kg.extract.pipeline import parse_documents
    from kg.graph.triples import document_quads

    quads: dict[int, list[ox.Quad]] = {id(d): [] for d in documents}
    counts = {id(d): [0, 0] for d in documents}
    for document, doc, offset in parse_documents(documents):
        quads[id(document)] += document_quads(document, doc, offset)
        counts[id(document)][0] += len(doc._.airace_relations)
        counts[id(document)][1] += len(doc._.airace_entities)
    return [Extracted(d, ox.serialize(list(dict.fromkeys(quads[id(d)])), format=ox.RdfFormat.N_QUADS) or b"",
                      *counts[id(d)]) for d in documents]


#: Most documents in one task sent to a worker. spaCy parses 16 documents
#: together about 15 % faster than one at a time (measured on the benchmark
#: corpus; 8: 13 %), and tasks this small keep every worker busy to the end.
MAX_BATCH = 16


def tasks(documents: list[Document], workers: int) -> list[list[Document]]:
    """Consecutive runs of the documents for ``workers`` workers: about eight
    tasks per worker, each of at most :data:`MAX_BATCH` documents.

    >>> [len(t) for t in tasks(list(range(40)), 2)]
    [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    >>> [len(t) for t in tasks(list(range(1000)), 2)][:3]
    [16, 16, 16]
    """
    size = max(1, min(MAX_BATCH, len(documents) // (workers * 8)))
    return [documents[i:i + size] for i in range(0, len(documents), size)]


def _warm_up() -> None:
    from kg.extract.pipeline import load_pipeline

    load_pipeline()


def with_processes(documents: list[Document], jobs: int) -> Iterator[Extracted]:
    """Extract on ``jobs`` worker processes of this machine, in the documents' order."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
        for extracted in pool.map(extract_batch, tasks(documents, jobs)):
            yield from extracted


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
        workers = max(1, sum(client.nthreads().values()))
        futures = client.map(extract_batch, tasks(documents, workers), pure=False)
        for future in as_completed(futures):
            yield from future.result()
    finally:
        client.close()


def extracted_here(documents: Iterable[Document]) -> Iterator[Extracted]:
    """Extract in this process (the default)."""
    for document in documents:
        yield extract(document)
