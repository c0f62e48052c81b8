"""Synthetic graphs shaped like the ones kg builds, of a given size, seeded.

A world of entities of the nine classes (the well-known names of the named
queries' examples first, then ``Company 17``, ``Chip 3``... with labels,
aliases and Wikidata links) and of facts between them, over the 13 core
properties plus ``designs`` and ``manufactures`` (domains and ranges as in
``ontology/airace.ttl``; the facts the examples ask about first, then facts
between entities drawn at random). How often a fact or an entity comes up
in articles is skewed (Zipf-like), so a few come back in many articles, as
DeepSeek and Nvidia do: at 1M quads "DeepSeek" is labelled in some 2,000
document graphs.

Each document is its own named graph, as ``kg build`` writes it: the
document node (title, source, date, language, hash, ``schema:mentions``),
its entities (class, label, alias, ``owl:sameAs``), its relations (the plain
triple and an ``air:Assertion`` node with sentence, offsets, confidence,
rule, sometimes a date), claims and quantities. The reference graph holds
curated facts (assertions of confidence 1.0 with a Wikidata source) and the
ontology graph ``ontology/airace.ttl``, and the entities graph (each
described entity once, as ``kg.graph.entities`` keeps it). Documents are
added until the dataset holds about ``size`` quads.

    python -m benchmarks.synthetic 100000 out.nq     # write one graph as N-Quads
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from itertools import accumulate
from pathlib import Path

AIR = "https://w3id.org/airace/ontology#"
RES = "https://w3id.org/airace/resource/"
DOC = "https://w3id.org/airace/document/"
ASRT = "https://w3id.org/airace/assertion/"
CLAIM = "https://w3id.org/airace/claim/"
QTY = "https://w3id.org/airace/quantity/"
REFERENCE = "https://w3id.org/airace/graph/reference"
ENTITIES = "https://w3id.org/airace/graph/entities"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAME = "http://www.w3.org/2002/07/owl#sameAs"
OWL = "http://www.w3.org/2002/07/owl#"
PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
DCT = "http://purl.org/dc/terms/"
MENTIONS = "https://schema.org/mentions"

#: Share of each class among entities, and the well-known names that come first (most popular).
CLASSES = {
    "Company": (0.30, ["DeepSeek", "Nvidia", "Huawei", "OpenAI", "TSMC", "SMIC", "Alibaba", "Microsoft", "AMD", "Moonshot AI"]),
    "AIModel": (0.20, ["DeepSeek-V3", "DeepSeek-R1", "Qwen", "GPT-4o", "Kimi", "Ernie"]),
    "Chip": (0.12, ["H100", "H800", "H20", "Ascend 910B", "MI300X", "A100"]),
    "Person": (0.12, ["Liang Wenfeng", "Sam Altman", "Jensen Huang", "Ren Zhengfei"]),
    "Policy": (0.08, ["US export controls", "Entity List"]),
    "GovernmentBody": (0.07, ["Bureau of Industry and Security", "US Department of Commerce"]),
    "Organization": (0.05, ["Ifri"]),
    "ResearchInstitution": (0.03, ["Tsinghua University"]),
    "Country": (0.03, ["China", "United States", "Taiwan", "Netherlands", "Japan"]),
}
ORGS = ("Company", "Organization", "ResearchInstitution", "GovernmentBody")
#: property: (subject classes, object classes, weight), after ontology/airace.ttl.
PROPERTIES = {
    "develops": (ORGS[:3], ("AIModel",), 22), "produces": (("Company",), ("Chip",), 8),
    "designs": (("Company",), ("Chip",), 6), "manufactures": (("Company",), ("Chip",), 3),
    "usesChip": (("AIModel", "Company"), ("Chip",), 8), "basedOn": (("AIModel",), ("AIModel",), 2),
    "affiliatedWith": (("Person",), ORGS, 2), "founderOf": (("Person",), ORGS[:3], 8),
    "leads": (("Person",), ORGS, 7), "basedIn": (ORGS, ("Country",), 9),
    "issuedBy": (("Policy",), ("Country", "GovernmentBody"), 12), "targets": (("Policy",), ("Chip", "Company", "Country"), 11),
    "deploys": (("Company",), ("AIModel",), 2), "competesWith": (("Company", "Chip", "AIModel"), ("Company", "Chip", "AIModel"), 2),
    "variantOf": (("Chip",), ("Chip",), 3),
}
#: The facts the named queries' examples ask about.
CORE_FACTS = [
    ("DeepSeek", "develops", "DeepSeek-V3"), ("DeepSeek", "develops", "DeepSeek-R1"), ("DeepSeek-V3", "usesChip", "H800"),
    ("DeepSeek", "usesChip", "H800"), ("Liang Wenfeng", "founderOf", "DeepSeek"), ("DeepSeek", "basedIn", "China"),
    ("Nvidia", "designs", "H100"), ("Nvidia", "designs", "H800"), ("Nvidia", "produces", "H20"), ("TSMC", "manufactures", "H100"),
    ("Nvidia", "basedIn", "United States"), ("TSMC", "basedIn", "Taiwan"), ("H800", "variantOf", "H100"),
    ("Huawei", "designs", "Ascend 910B"), ("SMIC", "manufactures", "Ascend 910B"), ("Huawei", "basedIn", "China"),
    ("US export controls", "targets", "H800"), ("US export controls", "issuedBy", "United States"),
    ("Entity List", "targets", "Huawei"), ("Entity List", "issuedBy", "Bureau of Industry and Security"),
    ("Sam Altman", "leads", "OpenAI"), ("OpenAI", "develops", "GPT-4o"), ("Alibaba", "develops", "Qwen"),
    ("Alibaba", "basedIn", "China"), ("Jensen Huang", "leads", "Nvidia"), ("OpenAI", "basedIn", "United States"),
]
WORDS = ("la puce", "le modèle", "selon", "a annoncé", "les contrôles", "à l'export", "entraîné sur", "des GPU",
         "le groupe", "chinois", "américain", "a dévoilé", "une version", "de", "et", "pour", "avec", "face à")
RULES = ("de-possessive", "apposition", "trigger-verb", "dep-active", "dep-passive", "title")


def iri(base: str, name: str) -> str:
    return f"<{base}{name.replace(' ', '_')}>"


def lit(text: str, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"^^<{XSD}{datatype}>" if datatype else "")


class World:
    """The entities and facts documents are drawn from."""

    def __init__(self, size: int, rng: random.Random):
        self.rng = rng
        self.seen: dict[str, None] = {}  # the entities some graph describes, in order
        self.stated: dict[tuple, None] = {}  # the facts some graph states, in order
        count = max(300, size // 50)
        self.by_class: dict[str, list[str]] = {}
        self.cls: dict[str, str] = {}
        for cls, (share, known) in CLASSES.items():
            n = max(len(known) + 5, int(count * share)) if cls != "Country" else min(200, max(20, int(count * share)))
            names = known + [f"{cls} {i}" for i in range(n - len(known))]
            self.by_class[cls] = names
            self.cls.update((name, cls) for name in names)
        self.weights = {cls: list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(names))))
                        for cls, names in self.by_class.items()}
        facts = list(dict.fromkeys(CORE_FACTS))
        props, prop_weights = list(PROPERTIES), [w for *_, w in PROPERTIES.values()]
        while len(facts) < count * 2:
            p = rng.choices(props, prop_weights)[0]
            s, o = self.pick(PROPERTIES[p][0], skewed=False), self.pick(PROPERTIES[p][1], skewed=False)
            if s != o:
                facts.append((s, p, o))
        self.facts = list(dict.fromkeys(facts))
        self.fact_weights = list(accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(self.facts))))

    def pick(self, classes, skewed: bool = True) -> str:
        """An entity of one of ``classes``: the well-known ones most often if ``skewed``."""
        cls = self.rng.choice(classes)
        if not skewed:
            return self.rng.choice(self.by_class[cls])
        return self.rng.choices(self.by_class[cls], cum_weights=self.weights[cls])[0]

    def entity_triples(self, name: str, graph: str, out: list[str]) -> None:
        self.seen.setdefault(name, None)
        e = iri(RES, name)
        out.append(f"{e} <{RDF}type> <{AIR}{self.cls[name]}> {graph} .")
        out.append(f"{e} <{RDFS}label> {lit(name)} {graph} .")
        h = int(hashlib.md5(name.encode()).hexdigest()[:8], 16)
        if h % 10 < 3:
            out.append(f"{e} <{SKOS_ALT}> {lit(name.upper())} {graph} .")
        if h % 10 < 5:
            out.append(f"{e} <{OWL_SAME}> <http://www.wikidata.org/entity/Q{h % 10_000_000}> {graph} .")


def sentence(rng: random.Random, *names: str) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    for name in names:
        words.insert(rng.randrange(len(words) + 1), name)
    return " ".join(words).capitalize() + "."


def document(world: World, n: int, out: list[str]) -> None:
    """The quads of document ``n``'s named graph, appended to ``out``."""
    rng = world.rng
    d = f"<{DOC}{n:016x}>"
    g = d
    facts = rng.choices(world.facts, cum_weights=world.fact_weights, k=rng.randint(3, 8))
    mentioned = list(dict.fromkeys([x for s, _, o in facts for x in (s, o)] + [world.pick(tuple(CLASSES)) for _ in range(rng.randint(2, 6))]))
    date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    out += [f"{d} <{RDF}type> <{AIR}Document> {g} .", f"{d} <{DCT}title> {lit(f'Article {n} sur {mentioned[0]}')} {g} .",
            f"{d} <{DCT}source> {lit(f'articles/{n}.txt')} {g} .", f"{d} <{DCT}language> \"fr\" {g} .",
            f"{d} <{DCT}date> {lit(date, 'date')} {g} .",
            f"{d} <{AIR}contentHash> {lit(hashlib.sha256(str(n).encode()).hexdigest())} {g} ."]
    for name in mentioned:
        out.append(f"{d} <{MENTIONS}> {iri(RES, name)} {g} .")
        world.entity_triples(name, g, out)
    offset = 0
    for i, (s, p, o) in enumerate(dict.fromkeys(facts)):
        world.stated.setdefault((s, p, o), None)
        a, text = f"<{ASRT}{n:x}-{i}>", sentence(rng, s, o)
        out += [f"{iri(RES, s)} <{AIR}{p}> {iri(RES, o)} {g} .", f"{a} <{RDF}type> <{AIR}Assertion> {g} .",
                f"{a} <{RDF}subject> {iri(RES, s)} {g} .", f"{a} <{RDF}predicate> <{AIR}{p}> {g} .",
                f"{a} <{RDF}object> {iri(RES, o)} {g} .", f"{a} <{PROV_FROM}> {d} {g} .",
                f"{a} <{AIR}sentence> {lit(text)} {g} .", f"{a} <{AIR}startOffset> {lit(str(offset), 'integer')} {g} .",
                f"{a} <{AIR}endOffset> {lit(str(offset + len(text)), 'integer')} {g} .",
                f"{a} <{AIR}confidence> {lit(f'{rng.uniform(0.3, 0.95):.3f}', 'decimal')} {g} .",
                f"{a} <{AIR}extractionRule> {lit(rng.choice(RULES))} {g} ."]
        if rng.random() < 0.2:
            out.append(f"{a} <{AIR}date> {lit(date, 'date')} {g} .")
        offset += len(text) + 1
    for i in range(rng.choices((0, 1, 2), (5, 3, 2))[0]):
        c, who = f"<{CLAIM}{n:x}-{i}>", world.pick(("Person", "Person", "Company"))
        text, about = sentence(rng, who), rng.choice(mentioned)
        world.entity_triples(who, g, out)
        out += [f"{c} <{RDF}type> <{AIR}Claim> {g} .", f"{c} <{AIR}claimant> {iri(RES, who)} {g} .",
                f"{c} <{AIR}claimText> {lit(text[:60])} {g} .", f"{c} <{MENTIONS}> {iri(RES, about)} {g} .",
                f"{c} <{AIR}hedged> {lit(str(rng.random() < 0.3).lower(), 'boolean')} {g} .",
                f"{c} <{AIR}extractionRule> \"claim-verb\" {g} .", f"{c} <{PROV_FROM}> {d} {g} .",
                f"{c} <{AIR}sentence> {lit(text)} {g} .", f"{c} <{AIR}startOffset> {lit(str(offset), 'integer')} {g} .",
                f"{c} <{AIR}endOffset> {lit(str(offset + len(text)), 'integer')} {g} ."]
    for i in range(rng.randint(0, 3)):
        q, what = f"<{QTY}{n:x}-{i}>", rng.choice(mentioned)
        out += [f"{q} <{RDF}type> <{AIR}Quantity> {g} .", f"{q} <{AIR}qualifies> {iri(RES, what)} {g} .",
                f"{q} <{AIR}quantityValue> {lit(str(rng.randint(1, 10_000)), 'decimal')} {g} .",
                f"{q} <{AIR}unit> {lit(rng.choice(('USD', 'chips', 'percent', 'users')))} {g} .",
                f"{q} <{AIR}quantityKind> {lit(rng.choice(('cost', 'count', 'share')))} {g} .",
                f"{q} <{AIR}quantityText> {lit(f'{i} unités')} {g} .", f"{q} <{PROV_FROM}> {d} {g} .",
                f"{q} <{AIR}sentence> {lit(sentence(rng, what))} {g} ."]


def reference(world: World, out: list[str]) -> None:
    """The reference graph: the core facts and one in twenty others, curated."""
    g = f"<{REFERENCE}>"
    chosen = world.facts[: max(len(CORE_FACTS), len(world.facts) // 20)]
    for name in dict.fromkeys(x for s, _, o in chosen for x in (s, o)):
        world.entity_triples(name, g, out)
    for i, (s, p, o) in enumerate(chosen):
        world.stated.setdefault((s, p, o), None)
        a = f"<{ASRT}ref-{i}>"
        out += [f"{iri(RES, s)} <{AIR}{p}> {iri(RES, o)} {g} .", f"{a} <{RDF}type> <{AIR}Assertion> {g} .",
                f"{a} <{RDF}subject> {iri(RES, s)} {g} .", f"{a} <{RDF}predicate> <{AIR}{p}> {g} .",
                f"{a} <{RDF}object> {iri(RES, o)} {g} .", f"{a} <{PROV_FROM}> <https://www.wikidata.org/wiki/Q{i}> {g} .",
                f"{a} <{AIR}confidence> {lit('1.0', 'decimal')} {g} ."]


def ontology() -> list[str]:
    """The ontology graph, as ``kg`` writes it."""
    import pyoxigraph as ox

    from kg.graph.reference import ontology_quads

    text = ox.serialize(ontology_quads(), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    labels: dict[str, str] = {}  # blank nodes renamed in order of appearance, so the file is the same every time
    return re.sub(r"_:(\w+)", lambda m: "_:o" + labels.setdefault(m.group(1), str(len(labels))), text).splitlines()


def entities(world: World) -> list[str]:
    """The entities graph, as kg keeps it (kg.graph.entities): its layout
    marker, each described entity once, each stated relation once."""
    from kg.graph.entities import VERSION

    g = f"<{ENTITIES}>"
    out = [f"{g} <{OWL}versionInfo> {lit(VERSION)} {g} ."]
    for name in list(world.seen):
        world.entity_triples(name, g, out)
    out += [f"{iri(RES, s)} <{AIR}{p}> {iri(RES, o)} {g} ." for s, p, o in world.stated]
    return out


def generate(size: int, path: str | Path, seed: int = 42) -> Path:
    """Write a dataset of about ``size`` quads (N-Quads, no duplicates) to ``path``:
    documents are added until they and the entities graph reach ``size``."""
    rng = random.Random(seed)
    world = World(size, rng)
    lines: list[str] = ontology()
    reference(world, lines)
    unique = list(dict.fromkeys(lines))
    seen = set(unique)
    n = 0
    per_entity = 2.8  # quads per entity in the entities graph (class, label, 0.3 alias, 0.5 link)
    while len(unique) + per_entity * len(world.seen) + len(world.stated) < size:
        batch: list[str] = []
        document(world, n, batch)
        for line in batch:
            if line not in seen:
                seen.add(line)
                unique.append(line)
        n += 1
    unique += entities(world)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(unique) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    generate(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 42)
