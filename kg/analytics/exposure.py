"""Export-control exposure: what each policy reaches, directly or through
dependencies, and by which path.

A policy reaches what it ``targets`` (directly). From there, exposure
follows dependencies backwards (:data:`SPREAD`):

- a chip reaches the models and organisations that use it (``usesChip``);
- a model reaches the organisations that develop it (``develops``);
- a country reaches the organisations based in it (``basedIn``).

So "US export controls target the H800; DeepSeek-V3 is trained on H800;
DeepSeek develops DeepSeek-V3" exposes the H800 (directly), DeepSeek-V3
(path policy → H800 → DeepSeek-V3) and DeepSeek.

>>> from kg.analytics.sample import sample
>>> for e in exposure(sample()):
...     print(e.label, "direct" if e.direct else "via " + " → ".join(e.path_labels[1:-1]))
China direct
H800 direct
DeepSeek via H800
DeepSeek-V3 via H800
Huawei via China
>>> [str(h) for h in exposure(sample(), all_paths=True)[3].hops]
['US export controls —targets→ H800', 'H800 ←usesChip— DeepSeek']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.analytics.projection import Hop, path_hops
from kg.namespaces import ORGANIZATION_CLASSES

#: From an entity of a class, exposure spreads to the subjects of these
#: relations pointing at it, when they are of these classes.
SPREAD = {
    "Chip": (("usesChip", ("AIModel", *ORGANIZATION_CLASSES)),),
    "AIModel": (("develops", ORGANIZATION_CLASSES),),
    "Country": (("basedIn", ORGANIZATION_CLASSES),),
}


@dataclass
class Exposure:
    """``entity`` is reached by ``policy`` along ``path`` (policy first,
    entity last); ``hops`` are the relations along it with their sentences."""

    policy: str
    policy_label: str
    entity: str
    label: str
    cls: str
    country: str | None
    direct: bool
    path: list[str] = field(default_factory=list)
    path_labels: list[str] = field(default_factory=list)
    hops: list[Hop] = field(default_factory=list)


def exposure(G, policy: str | None = None, *, all_paths: bool = False) -> list[Exposure]:
    """What each policy of ``G`` (or only ``policy``, an IRI) reaches.

    One row per (policy, entity) with its shortest path (ties: the most
    confident, then by labels), or with ``all_paths`` one row per path.
    Rows are sorted by policy, then direct first, then path length and label."""
    policies = [policy] if policy is not None else sorted(
        (n for n, c in G.nodes(data="class") if c == "Policy"), key=lambda n: (G.nodes[n]["label"], n))
    if policy is not None:
        _check_policy(G, policy)
    rows = []
    for p in policies:
        paths = sorted(_paths(G, p), key=lambda route: _rank(G, route))
        seen = set()
        for route, props in paths:
            if not all_paths and route[-1] in seen:
                continue
            seen.add(route[-1])
            rows.append(_row(G, route, props))
    rows.sort(key=lambda e: (e.policy_label, e.policy, not e.direct, len(e.path), e.label, e.entity, e.path_labels))
    return rows


def exposed(G, policy: str) -> dict[str, list[str]]:
    """Entity → the labels along its shortest path from ``policy`` (for the viewer).

    >>> from kg.analytics.sample import sample
    >>> exposed(sample(), "https://w3id.org/airace/resource/US_export_controls")["https://w3id.org/airace/resource/DeepSeek-V3"]
    ['US export controls', 'H800', 'DeepSeek-V3']
    """
    return {e.entity: e.path_labels for e in exposure(G, policy)}


def _paths(G, policy: str):
    """Every (path, [(core property, forward)]) from ``policy``, without revisiting a node."""
    stack = [([policy, t], [("targets", True)]) for _, t, k in G.out_edges(policy, keys=True) if k == "targets"]
    while stack:
        route, props = stack.pop()
        yield route, props
        here = route[-1]
        for prop, classes in SPREAD.get(G.nodes[here]["class"], ()):
            for subject, _, k in G.in_edges(here, keys=True):
                if k == prop and G.nodes[subject]["class"] in classes and subject not in route:
                    stack.append(([*route, subject], [*props, (prop, False)]))


def _rank(G, item) -> tuple:
    route, props = item
    weakest = min((G.edges[(a, b, k) if fwd else (b, a, k)]["confidence"] or 0)
                  for (a, b), (k, fwd) in zip(zip(route, route[1:]), props))
    return (len(route), -weakest, [G.nodes[n]["label"] for n in route])


def _row(G, route, props) -> Exposure:
    node = G.nodes
    p, e = route[0], route[-1]
    return Exposure(p, node[p]["label"], e, node[e]["label"], node[e]["class"], node[e]["country"], len(route) == 2,
                    list(route), [node[n]["label"] for n in route], path_hops(G, route, props))


def _check_policy(G, policy: str) -> None:
    from kg.errors import AnalysisError, Errors

    if policy not in G:
        raise AnalysisError(Errors.E080.format(name=policy))
    if G.nodes[policy]["class"] != "Policy":
        raise AnalysisError(Errors.E081.format(name=G.nodes[policy]["label"], cls=G.nodes[policy]["class"]))
