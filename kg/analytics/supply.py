"""Supply chains: the chips each AI model and organisation depends on, who
produces them and where, and which dependencies cross a border.

A model depends on the chips it uses (``usesChip``); an organisation on the
chips it uses and on those its models use (``develops`` then ``usesChip``).
Each chip is followed to its producers (``produces``, ``designs``,
``manufactures``); the dependency *crosses countries* when the user's country
and the producer's are both known and differ.

>>> from kg.analytics.sample import sample
>>> for d in supply_chains(sample()):
...     print(d.user_label, "→", d.chip_label, "←", d.producer_label, d.producer_country, d.cross_country, d.via_labels)
Alibaba Group → Ascend 910B ← Huawei China False ['Qwen3']
DeepSeek → H800 ← Nvidia United States True ['DeepSeek-V3']
DeepSeek-V3 → H800 ← Nvidia United States True []
Qwen3 → Ascend 910B ← Huawei China False []
>>> print(" ; ".join(str(h) for h in supply_chains(sample())[0].hops))
Alibaba Group —develops→ Qwen3 ; Qwen3 —usesChip→ Ascend 910B ; Ascend 910B ←designs— Huawei
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.analytics.projection import Hop, path_hops
from kg.namespaces import ORGANIZATION_CLASSES

_USERS = ("AIModel", *ORGANIZATION_CLASSES)


@dataclass
class Dependency:
    """``user`` depends on ``chip``, produced by ``producer`` (``None`` when
    the graph does not say who makes it).

    ``direct`` tells whether the user itself uses the chip; ``via`` lists
    the models (of an organisation) through which it also does. ``path`` is
    the shortest route user → [model →] chip → producer and ``hops`` the
    relations along it, each with its sentence."""

    user: str
    user_label: str
    user_class: str
    user_country: str | None
    chip: str
    chip_label: str
    producer: str | None
    producer_label: str | None
    producer_country: str | None
    direct: bool
    via: list[str] = field(default_factory=list)
    via_labels: list[str] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    hops: list[Hop] = field(default_factory=list)

    @property
    def cross_country(self) -> bool:
        """The user and the producer are in two different known countries."""
        return bool(self.user_country and self.producer_country and self.user_country != self.producer_country)


def supply_chains(G, *, users=None) -> list[Dependency]:
    """Every (user, chip, producer) dependency of ``G``, sorted by user,
    chip and producer label. ``users`` (IRIs) restricts the users."""
    rows = []
    for user, d in G.nodes(data=True):
        if d["class"] not in _USERS or (users is not None and user not in users):
            continue
        for chip, (direct, via) in sorted(chips_of(G, user).items()):
            producers = _producers(G, chip) or [None]
            for producer in producers:
                rows.append(_row(G, user, chip, producer, direct, via))
    rows.sort(key=lambda r: (r.user_label, r.chip_label, r.producer_label or "", r.user, r.chip))
    return rows


def chips_of(G, user: str) -> dict[str, tuple[bool, list[str]]]:
    """The chips ``user`` depends on: chip → (used directly, [models through which]).

    >>> from kg.analytics.sample import sample
    >>> {k.rsplit("/", 1)[1]: v[0] for k, v in chips_of(sample(), "https://w3id.org/airace/resource/DeepSeek").items()}
    {'H800': True}
    """
    found: dict[str, tuple[bool, list[str]]] = {}
    for chip in _out(G, user, "usesChip", "Chip"):
        found[chip] = (True, [])
    if G.nodes[user]["class"] in ORGANIZATION_CLASSES:
        for model in sorted(_out(G, user, "develops", "AIModel"), key=lambda m: G.nodes[m]["label"]):
            for chip in _out(G, model, "usesChip", "Chip"):
                direct, via = found.get(chip, (False, []))
                found[chip] = (direct, [*via, model])
    return found


def _row(G, user, chip, producer, direct, via) -> Dependency:
    route = [user, chip] if direct else [user, via[0], chip]
    props = [("usesChip", True)] if direct else [("develops", True), ("usesChip", True)]
    if producer is not None:
        route.append(producer)
        props.append(("produces", False))
    node = G.nodes
    return Dependency(user, node[user]["label"], node[user]["class"], node[user]["country"], chip, node[chip]["label"],
                      producer, None if producer is None else node[producer]["label"],
                      None if producer is None else node[producer]["country"], direct, list(via),
                      [node[m]["label"] for m in via], route, path_hops(G, route, props))


def _producers(G, chip: str) -> list[str]:
    makers = [u for u, _, k in G.in_edges(chip, keys=True) if k == "produces"]
    return sorted(set(makers), key=lambda n: (G.nodes[n]["label"], n))


def _out(G, n: str, prop: str, cls: str) -> list[str]:
    return sorted({v for _, v, k in G.out_edges(n, keys=True) if k == prop and G.nodes[v]["class"] == cls})
