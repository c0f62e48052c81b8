"""The annotated training corpus (``data/train/``) and its checks.

A passage is ``NAME.txt`` beside ``NAME.json``, in the passage spelling of the
gold files (see ``../shared/dev/README.md``)::

    {"source": "...", "lang": "fr",
     "entities": [{"label": "DeepSeek", "type": "Company", "aliases": ["la start-up"]}],
     "relations": [{"s": "DeepSeek", "p": "develops", "o": "DeepSeek-R1", "evidence": "..."}],
     "denied": [{"s": ..., "p": ..., "o": ..., "evidence": ...}]}

``denied`` (optional) lists facts the passage names only to deny or negate:
they give no relation, and serve as hard negatives. A relation may carry
``"hedged": true``.

:func:`check` returns one line per problem: evidence and aliases verbatim,
domain and range, one type per label across the whole corpus, passage length,
no sequence of eight words shared with a text that must stay unseen
(the development set, the held-out gold), and no sentence (twelve words)
written twice in the corpus.

>>> check_passage("p", "Nvidia conçoit la puce H100.", {"source": "x", "lang": "fr",
...     "entities": [{"label": "Nvidia", "type": "Company", "aliases": []},
...                  {"label": "H100", "type": "Chip", "aliases": []}],
...     "relations": [{"s": "H100", "p": "produces", "o": "Nvidia", "evidence": "conçoit la puce H100"}]},
...     min_words=1)
["p: domain/range ('H100', 'produces', 'Nvidia'): Chip -> Company"]
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.candidates import PROPERTIES
from kg.extract.schema import fits
from kg.namespaces import CLASSES
#: Length of the word sequences that must not be shared with unseen texts.
NGRAM = 8
#: Two passages of the corpus may share an official name ("ministère de
#: l'Économie, du Commerce et de l'Industrie"), not a sentence.
TWIN = 12


@dataclass
class Passage:
    """One annotated passage of the corpus."""

    name: str
    text: str
    language: str
    entities: list[dict]
    relations: list[dict]
    denied: list[dict] = field(default_factory=list)

    @classmethod
    def read(cls, json_path: Path) -> "Passage":
        data = json.loads(json_path.read_text(encoding="utf-8"))
        text = json_path.with_suffix(".txt").read_text(encoding="utf-8")
        return cls(json_path.stem, text, data.get("lang", "fr"), data["entities"], data["relations"],
                   data.get("denied", []))


def passages(folder: str | Path) -> list[Passage]:
    """Every passage of ``folder`` (``*.json`` with its ``.txt``), sorted by name."""
    return [Passage.read(p) for p in sorted(Path(folder).glob("*.json"))]


def words(text: str) -> list[str]:
    """Lower-cased words, as the copy check compares them.

    >>> words("L'IA d’Alibaba, 2025.")
    ['l', 'ia', 'd', 'alibaba', '2025']
    """
    return re.findall(r"\w+", text.lower())


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def check_passage(name: str, text: str, data: dict, types: dict | None = None,
                  min_words: int = 100, max_words: int = 320) -> list[str]:
    """Problems of one passage; ``types`` (label → type) carries the one-type-per-label rule across passages."""
    problems: list[str] = []
    types = {} if types is None else types
    n = len(text.split())
    if not min_words <= n <= max_words:
        problems.append(f"{name}: {n} words (want {min_words}-{max_words})")
    if data.get("lang") not in ("fr", "en"):
        problems.append(f"{name}: lang must be 'fr' or 'en'")
    if not data.get("source"):
        problems.append(f"{name}: no source (the pages the facts come from)")
    labels: dict[str, str] = {}
    for entity in data.get("entities", []):
        label, cls = entity.get("label"), entity.get("type")
        if cls not in CLASSES:
            problems.append(f"{name}: {label!r} has no valid type ({cls!r})")
            continue
        if label in labels:
            problems.append(f"{name}: label {label!r} given twice")
        labels[label] = cls
        if types.setdefault(label, (cls, name))[0] != cls:
            problems.append(f"{name}: {label!r} typed {cls} here, {types[label][0]} in {types[label][1]}")
        for alias in entity.get("aliases", []):
            if alias not in text:
                problems.append(f"{name}: alias of {label!r} not verbatim in the text: {alias!r}")
        if label not in text and not any(a in text for a in entity.get("aliases", [])):
            problems.append(f"{name}: {label!r} never occurs in the text (add its surface form as an alias)")
    for key in ("relations", "denied"):
        seen = set()
        for rel in data.get(key, []):
            triple = (rel.get("s"), rel.get("p"), rel.get("o"))
            if triple in seen:
                problems.append(f"{name}: {key} holds {triple} twice")
            seen.add(triple)
            if triple[1] not in PROPERTIES:
                problems.append(f"{name}: unknown property in {triple}")
                continue
            if triple[0] not in labels or triple[2] not in labels:
                problems.append(f"{name}: {triple}: subject and object must be entity labels of the passage")
                continue
            if not fits(triple[1], labels[triple[0]], labels[triple[2]]):
                problems.append(f"{name}: domain/range {triple}: {labels[triple[0]]} -> {labels[triple[2]]}")
            evidence = rel.get("evidence", "")
            if not evidence or evidence not in text:
                problems.append(f"{name}: evidence of {triple} not verbatim in the text: {evidence[:60]!r}")
    return problems


def check(folder: str | Path, unseen: list[str | Path] = (), min_passages: int = 0) -> list[str]:
    """Problems of the whole corpus in ``folder``; ``unseen`` are folders (or
    files) of texts that no passage may share an eight-word sequence with."""
    folder = Path(folder)
    problems: list[str] = []
    types: dict[str, tuple[str, str]] = {}
    forbidden: dict[tuple, str] = {}
    for place in unseen:
        place = Path(place)
        for path in sorted(place.rglob("*.txt") if place.is_dir() else [place]):
            for gram in ngrams(path.read_text(encoding="utf-8")):
                forbidden.setdefault(gram, str(path))
    mine: dict[tuple, str] = {}
    files = sorted(folder.glob("*.json"))
    if len(files) < min_passages:
        problems.append(f"{folder}: {len(files)} passages, want at least {min_passages}")
    for json_path in files:
        name = json_path.name
        text_path = json_path.with_suffix(".txt")
        if not text_path.is_file():
            problems.append(f"{name}: no {text_path.name} beside it")
            continue
        try:
            data = json.loads(json_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(f"{name}: not JSON ({exc})")
            continue
        text = text_path.read_text(encoding="utf-8")
        problems += check_passage(name, text, data, types)
        for gram in ngrams(text):
            if gram in forbidden:
                problems.append(f"{name}: shares eight words with {forbidden[gram]}: {' '.join(gram)!r}")
                break
        for gram in ngrams(text, TWIN):
            if mine.setdefault(gram, name) != name:
                problems.append(f"{name}: shares {TWIN} words with {mine[gram]}: {' '.join(gram)!r}")
                break
    return problems


def main(argv: list[str]) -> int:
    """``python -m kg.learn.corpus FOLDER [--unseen DIR ...]``: print the problems, exit 1 if any."""
    folder, unseen = argv[0], []
    if "--unseen" in argv:
        unseen = argv[argv.index("--unseen") + 1:]
    problems = check(folder, unseen)
    print("\n".join(problems) if problems else f"OK: {len(list(Path(folder).glob('*.json')))} passages")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
