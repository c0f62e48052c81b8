"""Check the gold files (not a test; run ``python tests/gold/check_gold.py``).

For every ``*.json`` in ``tests/gold/`` and ``tests/gold/heldout/``: valid JSON,
required fields, classes and properties from the core vocabulary, labels
unique, every relation's subject and object a label of the same file
(required relations: required entities only), and every evidence fragment
found verbatim in the article. Prints one line of counts per file; exits 1
on any problem.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.extract.schema import DOMAIN_RANGE as SIGNATURE  # noqa: E402  (the vocabulary's domains and ranges)
from kg.namespaces import CLASSES as _CLASSES  # noqa: E402

CLASSES = set(_CLASSES)
PROPERTIES = set(SIGNATURE) - {"designs", "manufactures"}  # the thirteen core properties
HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "corpus"


def text_for(path: Path, document: str) -> Path:
    if path.parent.name == "heldout":
        return path.parent / "texts" / document
    return CORPUS / document


def check(path: Path) -> list[str]:
    problems = []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"invalid JSON: {exc}"]
    for field in ("document", "language", "entities", "relations"):
        if field not in data:
            problems.append(f"missing field {field}")
    if problems:
        return problems
    text_path = text_for(path, data["document"])
    text = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
    if text is None:
        problems.append(f"text not found: {text_path}")
    required = {e["label"]: e["class"] for e in data["entities"]}
    optional = {e["label"]: e["class"] for e in data.get("optional_entities", [])}
    labels = [e["label"] for e in data["entities"] + data.get("optional_entities", [])]
    for label in {x for x in labels if labels.count(x) > 1}:
        problems.append(f"duplicate label {label!r}")
    for entity in data["entities"] + data.get("optional_entities", []):
        if entity.get("class") not in CLASSES:
            problems.append(f"entity {entity.get('label')!r}: bad class {entity.get('class')!r}")
        if not isinstance(entity.get("aliases", []), list):
            problems.append(f"entity {entity['label']!r}: aliases must be a list")
    seen = set()
    for kind, relations, allowed in (("relation", data["relations"], required),
                                     ("optional relation", data.get("optional_relations", []), {**required, **optional})):
        for rel in relations:
            s, p, o = rel.get("subject"), rel.get("property"), rel.get("object")
            where = f"{kind} ({s}, {p}, {o})"
            if p not in PROPERTIES:
                problems.append(f"{where}: bad property")
                continue
            for end, name in (("subject", s), ("object", o)):
                if name not in allowed:
                    problems.append(f"{where}: {end} is not an entity label of this file")
            if s in allowed and o in allowed:
                dom, rng = SIGNATURE[p]
                if allowed[s] not in dom or allowed[o] not in rng:
                    problems.append(f"{where}: classes {allowed[s]} -> {allowed[o]} outside the property's signature")
            triple = (s, p, o) if p != "competesWith" else (min(s, o), p, max(s, o))
            if triple in seen:
                problems.append(f"{where}: duplicate")
            seen.add(triple)
            evidence = rel.get("evidence", "")
            fragments = [evidence, *rel.get("more_evidence", [])]
            for fragment in fragments:
                if not fragment:
                    problems.append(f"{where}: empty evidence")
                elif text is not None and fragment not in text:
                    problems.append(f"{where}: evidence not in text: {fragment!r}")
                elif path.parent.name != "heldout" and not 3 <= len(fragment.split()) <= 10:
                    problems.append(f"{where}: evidence should be 3-10 words: {fragment!r}")
    return problems


def main() -> int:
    files = sorted(HERE.glob("*.json")) + sorted((HERE / "heldout").glob("*.json"))
    bad = 0
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else {}
        problems = check(path)
        print(f"{path.relative_to(HERE)}: {len(data.get('entities', []))} entities "
              f"(+{len(data.get('optional_entities', []))} optional), {len(data.get('relations', []))} relations "
              f"(+{len(data.get('optional_relations', []))} optional)" + ("" if problems else "  OK"))
        for problem in problems:
            print("   -", problem)
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
