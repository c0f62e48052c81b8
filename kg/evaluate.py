"""Extraction quality against a hand-annotated gold set (``tests/gold/``).

A gold file describes one article: its entities (label, class, aliases) and
the relations the text states (subject, core property, object, evidence); see
``tests/gold/README.md``. :func:`evaluate` runs the pipeline on each article
and compares:

- entities match when one of their names (label or alias, compared by
  :func:`kg.extract.normalize.key`) is a name of the gold entity; the overall
  score ignores the class, the per-class scores require it, and the type
  accuracy is the share of matched entities that have the gold class;
- items a gold file lists as optional (``optional_entities``,
  ``optional_relations``) count neither as hits nor as errors; a country
  marked ``demonym_only`` is found when a nationality word evokes it;
- relations match when subject and object match gold entities and the
  property is the gold one or one of its subproperties (``designs`` counts
  for ``produces``, ``founderOf`` for ``affiliatedWith``); ``competesWith``
  matches in either direction.

Scores are micro-averaged over the documents. The report lists the missed
and the wrong items with their sentence, so that a person sees what to fix.

>>> Score(tp=3, fp=1, fn=2).f1
0.667
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import Errors, InputError
from kg.extract.normalize import key
from kg.extract.schema import CORE_OF

#: Core property → the properties that count for it (itself and its subproperties).
SUBPROPERTIES = {
    "produces": {"produces", "designs", "manufactures"},
    "affiliatedWith": {"affiliatedWith", "founderOf", "leads"},
}
CORE = ("develops", "produces", "usesChip", "basedOn", "affiliatedWith", "founderOf", "leads", "basedIn",
        "issuedBy", "targets", "deploys", "competesWith", "variantOf")


@dataclass
class Score:
    """True positives, false positives and false negatives, with P, R and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return round(self.tp / (self.tp + self.fp), 3) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return round(self.tp / (self.tp + self.fn), 3) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 3) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class Gold:
    """One annotated article."""

    path: Path
    document: str
    entities: list[dict]
    relations: list[dict]
    optional_entities: list[dict] = field(default_factory=list)
    optional_relations: list[dict] = field(default_factory=list)

    language: str = "fr"

    @classmethod
    def from_file(cls, path: Path) -> "Gold":
        """Read a gold file in either of its two spellings: the seed one
        (``document``, ``class``, ``subject``/``property``/``object``) or the
        passage one of ``../shared/dev`` and ``data/train`` (``NN.json`` beside
        ``NN.txt``, ``type``, ``s``/``p``/``o``), both turned into the first."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, data.get("document") or path.with_suffix(".txt").name,
                       [_entity(e) for e in data["entities"]], [_relation(r) for r in data["relations"]],
                       [_entity(e) for e in data.get("optional_entities", [])],
                       [_relation(r) for r in data.get("optional_relations", [])],
                       data.get("language") or data.get("lang") or "fr")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(Errors.E060.format(path=path, reason=exc)) from None

    def names(self) -> dict[str, str]:
        """Matching key of every name (required entities first, then optional ones) → gold label."""
        index = {}
        for entity in self.entities + self.optional_entities:
            for name in (entity["label"], *entity.get("aliases", ())):
                index.setdefault(key(name), entity["label"])
        return index


@dataclass
class Report:
    """Scores and the items behind them."""

    entities: Score = field(default_factory=Score)
    typed: dict[str, Score] = field(default_factory=dict)
    type_correct: int = 0
    relations: Score = field(default_factory=Score)
    by_property: dict[str, Score] = field(default_factory=dict)
    missed_entities: list[tuple[str, str, str]] = field(default_factory=list)   # document, label, class
    wrong_entities: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_types: list[tuple[str, str, str, str]] = field(default_factory=list)  # document, label, gold, found
    missed_relations: list[tuple[str, tuple, str]] = field(default_factory=list)  # document, triple, sentence
    wrong_relations: list[tuple[str, tuple, str]] = field(default_factory=list)
    documents: int = 0

    @property
    def type_accuracy(self) -> float:
        return round(self.type_correct / self.entities.tp, 3) if self.entities.tp else 0.0

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "entities": self.entities.as_dict(),
            "type_accuracy": self.type_accuracy,
            "entities_by_class": {c: s.as_dict() for c, s in sorted(self.typed.items())},
            "relations": self.relations.as_dict(),
            "relations_by_property": {p: s.as_dict() for p, s in sorted(self.by_property.items())},
            "missed_entities": self.missed_entities, "wrong_entities": self.wrong_entities,
            "wrong_types": self.wrong_types,
            "missed_relations": [(d, list(t), s) for d, t, s in self.missed_relations],
            "wrong_relations": [(d, list(t), s) for d, t, s in self.wrong_relations],
        }


def _entity(entry: dict) -> dict:
    """A gold entity with ``class`` (the passage spelling says ``type``)."""
    if "class" not in entry:
        entry = {**entry, "class": entry["type"]}
    return entry


def _relation(entry: dict) -> dict:
    """A gold relation with ``subject``/``property``/``object`` (the passage spelling says ``s``/``p``/``o``)."""
    if "subject" not in entry:
        entry = {**entry, "subject": entry["s"], "property": entry["p"], "object": entry["o"]}
    return entry


def load_gold(gold_dir: str | Path) -> list[Gold]:
    """Every ``*.json`` gold file directly in ``gold_dir``."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise InputError(Errors.E005.format(path=folder))
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(Errors.E061.format(path=folder))
    return [Gold.from_file(p) for p in files]


def evaluate(gold_dir: str | Path, texts_dir: str | Path, *, min_confidence: float = 0.0,
             relations: str = "both", language: str | None = None) -> Report:
    """Run the pipeline on the texts the gold files name and score it.

    ``relations`` picks what decides the relations (``both``, ``rules``,
    ``model``: :data:`kg.extract.classifier.MODES`); ``language`` (``fr``,
    ``en``) keeps only the gold files of that language."""
    from kg.documents import Document
    from kg.extract.pipeline import parse_documents

    golds = [g for g in load_gold(gold_dir) if language in (None, g.language)]
    texts = Path(texts_dir)
    documents = []
    for gold in golds:
        path = texts / gold.document
        if not path.is_file():
            raise InputError(Errors.E062.format(path=gold.path, text=path))
        documents.append(Document.from_file(path))
    report = Report()
    gold_of = {id(d): g for g, d in zip(golds, documents)}
    for document, doc, offset in parse_documents(documents, relations=relations):
        if offset:
            raise InputError(Errors.E063.format(path=document.source))
        score_document(gold_of[id(document)], doc, report, min_confidence)
    return report


def score_document(gold: Gold, doc, report: Report, min_confidence: float = 0.0) -> None:
    """Add one processed article's scores to ``report``."""
    name = gold.document
    report.documents += 1
    index = gold.names()
    classes = {e["label"]: e["class"] for e in gold.entities}
    named = {m.entity for m in doc._.airace_mentions if m.source not in ("demonym", "coref")}
    optional = {e["label"] for e in gold.optional_entities}
    evoked = {e["label"] for e in gold.entities if e.get("demonym_only")}
    aligned: dict[str, str] = {}  # predicted key → gold label
    for ent_key, entity in doc._.airace_entities.items():
        hits = [index[k] for k in map(key, (entity.label, *entity.aliases)) if k in index]
        if hits:
            aligned[ent_key] = hits[0]
    # entities
    found_labels: dict[str, str] = {}
    for ent_key, entity in doc._.airace_entities.items():
        label = aligned.get(ent_key)
        if ent_key not in named and label not in evoked:
            continue  # found only through a nationality word or a description
        if label in optional:
            continue  # neither a hit nor an error
        if label is None:
            report.entities.fp += 1
            report.typed.setdefault(entity.cls, Score()).fp += 1
            report.wrong_entities.append((name, entity.label, entity.cls))
        elif label not in found_labels:
            found_labels[label] = entity.cls
    for label, cls_name in classes.items():
        typed = report.typed.setdefault(cls_name, Score())
        if label not in found_labels:
            report.entities.fn += 1
            typed.fn += 1
            report.missed_entities.append((name, label, cls_name))
            continue
        report.entities.tp += 1
        if found_labels[label] == cls_name:
            report.type_correct += 1
            typed.tp += 1
        else:
            typed.fn += 1
            report.typed.setdefault(found_labels[label], Score()).fp += 1
            report.wrong_types.append((name, label, cls_name, found_labels[label]))
    # relations
    predicted: dict[tuple, str] = {}
    for rel in doc._.airace_relations:
        if rel.confidence < min_confidence:
            continue
        triple = (aligned.get(rel.subject, rel.subject), CORE_OF.get(rel.prop, rel.prop), aligned.get(rel.object, rel.object))
        predicted.setdefault(triple, rel.sentence.text.strip())
    gold_triples = {(r["subject"], r["property"], r["object"]): r.get("evidence", "") for r in gold.relations}
    optional_triples = [(r["subject"], r["property"], r["object"]) for r in gold.optional_relations]
    matched_predictions = set()
    for triple, evidence in gold_triples.items():
        s, p, o = triple
        score = report.by_property.setdefault(p, Score())
        hit = next((t for t in predicted if _same(t, triple)), None)
        if hit is None:
            report.relations.fn += 1
            score.fn += 1
            report.missed_relations.append((name, triple, _sentence_of(doc, evidence)))
        else:
            matched_predictions.add(hit)
            report.relations.tp += 1
            score.tp += 1
    for triple, sentence in predicted.items():
        if triple in matched_predictions or any(_same(triple, g) for g in gold_triples) or any(
                _same(triple, g) for g in optional_triples):
            continue
        report.relations.fp += 1
        report.by_property.setdefault(triple[1], Score()).fp += 1
        report.wrong_relations.append((name, triple, sentence))


def _same(found: tuple, gold: tuple) -> bool:
    s, p, o = found
    gs, gp, go = gold
    if p not in SUBPROPERTIES.get(gp, {gp}):
        return False
    return (s, o) == (gs, go) or (gp == "competesWith" and (o, s) == (gs, go))


def _sentence_of(doc, evidence: str) -> str:
    """The sentence of ``doc`` that holds the evidence fragment (or the fragment itself)."""
    at = doc.text.find(evidence) if evidence else -1
    if at < 0:
        return evidence
    span = doc.char_span(at, at + len(evidence), alignment_mode="expand")
    return span.sent.text.strip() if span is not None else evidence
