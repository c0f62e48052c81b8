"""The knowledge graph as a networkx ``MultiDiGraph``: one node per entity,
one edge per relation, deduplicated across the named graphs.

Nodes are keyed by IRI, with the attributes ``iri``, ``label``, ``class``
(the most specific of the nine classes), ``country`` (a country label or
``None``, see :func:`assign_countries`), ``aliases`` and ``same_as``.

Edges go from subject to object and are keyed by their *core* property
(``air:designs`` and ``air:manufactures`` count as ``produces``,
``air:founderOf`` and ``air:leads`` as ``affiliatedWith``), with the
attributes ``property`` (the core property), ``asserted`` (the properties
actually stated, e.g. ``["designs"]``), ``confidence`` (the best one),
``sources`` (document IRIs, or source URLs of reference facts),
``sentences``, ``graphs`` (the named graphs that state it), ``reference``
(every source is a curated fact) and ``evidence`` (one dict per assertion:
``graph``, ``source``, ``sentence``, ``confidence``; sentences first, best
first). ``G.graph["documents"]`` maps document IRIs to their title, source
and date.

>>> from kg.analytics.sample import sample
>>> G = sample()
>>> G.nodes["https://w3id.org/airace/resource/DeepSeek"]["country"]
'China'
>>> G.nodes["https://w3id.org/airace/resource/H800"]["country"]   # the country of its producer
'United States'
>>> edge = G.edges["https://w3id.org/airace/resource/Nvidia", "https://w3id.org/airace/resource/H800", "produces"]
>>> edge["asserted"], edge["confidence"], edge["sentences"]
(['designs'], 0.69, ['Le groupe américain Nvidia conçoit la puce H800.'])
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import ORGANIZATION_CLASSES

#: Subproperty → core property (``rdfs:subPropertyOf`` in ontology/airace.ttl).
CORE = {"designs": "produces", "manufactures": "produces", "founderOf": "affiliatedWith", "leads": "affiliatedWith"}
#: For a chip, the producer relations that give its country, most telling first.
_MAKER_RANK = {"produces": 0, "designs": 0, "manufactures": 1}


def core(prop: str) -> str:
    """The core property of ``prop``.

    >>> core("designs"), core("usesChip")
    ('produces', 'usesChip')
    """
    return CORE.get(prop, prop)


def to_networkx(graph, *, min_confidence: float = 0.0):
    """The ``MultiDiGraph`` of a :class:`kg.KnowledgeGraph` (see the module doc).

    Relations less confident than ``min_confidence`` are left out (entities
    stay). Reads the graph with :func:`kg.viz.data.read_graph`, the viewer's
    reading, so both see the same entities and evidence.

    >>> from kg.api import KnowledgeGraph
    >>> G = to_networkx(KnowledgeGraph.open())
    >>> type(G).__name__, G.number_of_nodes()
    ('MultiDiGraph', 0)
    """
    from kg.viz.data import read_graph

    return from_data(read_graph(graph), min_confidence=min_confidence)


def from_data(data, *, min_confidence: float = 0.0):
    """The ``MultiDiGraph`` of a :class:`kg.viz.data.GraphData` (entities,
    relations with evidence, documents)."""
    _check_confidence(min_confidence)
    G = new_graph()
    G.graph["documents"] = {d.iri: {"title": d.title, "source": d.source, "date": d.date, "reference": d.reference}
                            for d in data.documents.values()}
    for node in data.nodes.values():
        add_entity(G, node.id, node.label, node.cls, aliases=node.aliases, same_as=node.same_as)
    for edge in data.edges:
        if not edge.evidence:
            add_relation(G, edge.source, edge.prop, edge.target)
        for ev in edge.evidence:
            add_relation(G, edge.source, edge.prop, edge.target, graph=ev.graph, source=ev.source,
                         sentence=ev.sentence, confidence=ev.confidence)
    if min_confidence > 0:
        weak = [(u, v, k) for u, v, k, c in G.edges(keys=True, data="confidence") if c is None or c < min_confidence]
        G.remove_edges_from(weak)
    assign_countries(G)
    return G


def new_graph():
    """An empty projection."""
    import networkx as nx

    G = nx.MultiDiGraph()
    G.graph["documents"] = {}
    return G


def add_entity(G, iri: str, label: str, cls: str, *, aliases=(), same_as=()) -> None:
    """Add an entity node (``cls`` is one of the nine class local names)."""
    G.add_node(iri, iri=iri, label=label, **{"class": cls}, country=None,
               aliases=sorted(aliases), same_as=sorted(same_as))


def add_relation(G, subject: str, prop: str, obj: str, *, graph: str | None = None, source: str | None = None,
                 sentence: str | None = None, confidence: float | None = None) -> None:
    """Add one piece of evidence for ``subject --prop--> obj``; the edge is
    created on the first one and merged with the others (best confidence,
    every source and sentence)."""
    key = core(prop)
    if not G.has_edge(subject, obj, key):
        G.add_edge(subject, obj, key=key, property=key, asserted=[], confidence=None, sources=[], sentences=[],
                   graphs=[], reference=False, evidence=[])
    edge = G.edges[subject, obj, key]
    if prop not in edge["asserted"]:
        edge["asserted"] = sorted([*edge["asserted"], prop])
    if graph is None and source is None and sentence is None and confidence is None:
        return
    ev = {"graph": graph, "source": source, "sentence": sentence, "confidence": confidence}
    if ev not in edge["evidence"]:
        edge["evidence"].append(ev)
        edge["evidence"].sort(key=_evidence_rank)
    values = [e["confidence"] for e in edge["evidence"] if e["confidence"] is not None]
    edge["confidence"] = max(values) if values else None
    edge["sources"] = sorted({e["source"] for e in edge["evidence"] if e["source"]})
    edge["sentences"] = list(dict.fromkeys(e["sentence"] for e in edge["evidence"] if e["sentence"]))
    edge["graphs"] = sorted({e["graph"] for e in edge["evidence"] if e["graph"]})
    edge["reference"] = all(e["sentence"] is None for e in edge["evidence"])


def assign_countries(G) -> None:
    """Set ``country`` on every node: a Country is its own; an organisation
    is where it is based (``basedIn``); a chip takes its producer's, a model
    its developer's, a person the country of the organisation they belong
    to, a policy its issuer's. Among several, the most confident wins (then
    the label)."""
    def labelled(nodes):
        ranked = sorted(nodes, key=lambda x: (x[0], G.nodes[x[1]]["label"]))
        return next((G.nodes[n]["country"] for _, n in ranked if G.nodes[n]["country"]), None)

    for n, d in G.nodes(data=True):
        d["country"] = d["label"] if d["class"] == "Country" else None
    for n, d in G.nodes(data=True):
        if d["class"] in ORGANIZATION_CLASSES:
            d["country"] = labelled(_ends(G, n, "basedIn", out=True, want=("Country",)))
    for n, d in G.nodes(data=True):   # a policy issued by a government body: that body's country
        if d["class"] == "Policy":
            d["country"] = labelled(_ends(G, n, "issuedBy", out=True))
    for n, d in G.nodes(data=True):
        if d["class"] == "Chip":
            d["country"] = labelled(_ends(G, n, "produces", out=False, rank=_maker_rank))
        elif d["class"] == "AIModel":
            d["country"] = labelled(_ends(G, n, "develops", out=False))
        elif d["class"] == "Person":
            d["country"] = labelled(_ends(G, n, "affiliatedWith", out=True))


def _ends(G, n, prop, *, out, want=None, rank=None):
    edges = G.out_edges(n, keys=True, data=True) if out else G.in_edges(n, keys=True, data=True)
    found = []
    for u, v, k, d in edges:
        other = v if out else u
        if k == prop and (want is None or G.nodes[other]["class"] in want):
            found.append(((rank(d) if rank else 0, -(d["confidence"] or 0)), other))
    return found


def _maker_rank(edge) -> int:
    return min(_MAKER_RANK.get(p, 0) for p in edge["asserted"] or ["produces"])


def _evidence_rank(ev) -> tuple:
    return (ev["sentence"] is None, -(ev["confidence"] or 0), ev["graph"] or "", ev["sentence"] or "")


def _check_confidence(value) -> None:
    from kg.errors import AnalysisError, Errors

    if not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise AnalysisError(Errors.E083.format(name="min_confidence", rule="between 0 and 1", value=value))


@dataclass
class Hop:
    """One step of a path, from ``source`` to ``target``, over one relation.

    ``forward`` tells whether the relation reads ``source --prop--> target``
    (else ``target --prop--> source``); ``sentence``, ``document`` and
    ``title`` are those of its best evidence, a sentence of an article
    rather than a reference fact (``document`` is the document IRI, or the
    source URL of a reference fact)."""

    source: str
    target: str
    prop: str
    forward: bool
    source_label: str
    target_label: str
    asserted: list[str]
    confidence: float | None
    sentence: str | None
    document: str | None
    title: str | None = None   # the title of that document (None for a reference fact)

    @property
    def arrow(self) -> str:
        """The relation as stated, pointing from subject to object: ``—usesChip→`` or ``←designs—``."""
        name = "/".join(self.asserted) or self.prop
        return f"—{name}→" if self.forward else f"←{name}—"

    def __str__(self) -> str:
        return f"{self.source_label} {self.arrow} {self.target_label}"


def hop(G, u: str, v: str, prop: str | None = None, forward: bool | None = None) -> Hop:
    """The :class:`Hop` from ``u`` to ``v``: the most confident relation
    between them (either direction, unless ``forward`` is given), or the one
    with core property ``prop``.

    >>> from kg.analytics.sample import sample
    >>> G = sample()
    >>> str(hop(G, "https://w3id.org/airace/resource/H800", "https://w3id.org/airace/resource/Nvidia"))
    'H800 ←designs— Nvidia'
    """
    options = []
    for a, b, is_forward in ((u, v, True), (v, u, False)):
        if forward is not None and forward != is_forward:
            continue
        for key, d in (G.get_edge_data(a, b) or {}).items():
            if prop is None or key == prop:
                options.append((-(d["confidence"] or 0), not is_forward, key, is_forward, d))
    if not options:
        raise KeyError((u, prop, v))
    _, _, key, is_forward, d = min(options, key=lambda o: o[:3])
    best = d["evidence"][0] if d["evidence"] else {}
    document = G.graph.get("documents", {}).get(best.get("graph"), {})
    return Hop(u, v, key, is_forward, G.nodes[u]["label"], G.nodes[v]["label"], list(d["asserted"]),
               d["confidence"], best.get("sentence"), best.get("source") or best.get("graph"),
               None if document.get("reference") else document.get("title"))


def describe(hops: list[Hop]) -> str:
    """A path as one line, each relation with its direction.

    >>> from kg.analytics.sample import sample
    >>> G = sample()
    >>> describe(path_hops(G, ["https://w3id.org/airace/resource/DeepSeek", "https://w3id.org/airace/resource/H800",
    ...                        "https://w3id.org/airace/resource/Nvidia"]))
    'DeepSeek —usesChip→ H800 ←designs— Nvidia'
    """
    if not hops:
        return ""
    return " ".join([hops[0].source_label, *(f"{h.arrow} {h.target_label}" for h in hops)])


def path_hops(G, path: list[str], props=None) -> list[Hop]:
    """The hops along ``path`` (a list of node IRIs); ``props`` optionally
    gives, per step, the ``(core property, forward)`` to use."""
    return [hop(G, a, b, *(props[i] if props else (None, None))) for i, (a, b) in enumerate(zip(path, path[1:]))]


def node_named(G, name: str) -> str:
    """The node whose IRI, label or alias is ``name`` (case, accents and
    articles ignored, as :meth:`kg.KnowledgeGraph.find`); :class:`AnalysisError` if none.

    >>> from kg.analytics.sample import sample
    >>> node_named(sample(), "deepseek")
    'https://w3id.org/airace/resource/DeepSeek'
    """
    from kg.errors import AnalysisError, Errors
    from kg.extract.normalize import key

    if name in G:
        return name
    wanted = key(name)
    hits = sorted(n for n, d in G.nodes(data=True) if wanted in {key(x) for x in [d["label"], *d["aliases"]]})
    if not hits:
        raise AnalysisError(Errors.E080.format(name=name))
    return hits[0]


def labels(G, nodes) -> list[str]:
    """The labels of ``nodes``."""
    return [G.nodes[n]["label"] for n in nodes]
