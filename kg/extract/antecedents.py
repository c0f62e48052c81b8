"""Which entity met earlier a description or a possessive stands for: a learned ranking.

The coreference component (:mod:`kg.extract.coreference`) finds the anaphors
("l'entreprise", "le groupe de Hangzhou", "son président, X") and, for each,
the entities of the document that its class allows. This module describes each
(anaphor, entity) pair by what a reader weighs: how recently and how often the
entity was named, as a subject or as the complement of another name, whether it
is the article's topic (named most so far, or in the title), whether a nationality
word of the description contradicts its known country. A logistic model, trained
by ``kg train`` on the anaphors of ``data/train/`` (:mod:`kg.learn.antecedents`),
scores each pair; the best-scored entity is the antecedent when its share of
the choices' odds (how much likelier it is than the others) reaches the
threshold of its kind of anaphor.

>>> model = AntecedentModel({"bias": -1.0, "weights": {"rr=1": 2.0}, "threshold": 0.5})
>>> model.best([Choice("a", ["rr=1"]), Choice("b", ["rr=2"])])
('a', 0.881)
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span

from kg.errors import DataError, Errors

MODEL_PATH = Path(__file__).parent / "models" / "antecedents.json"


@dataclass
class Choice:
    """One entity an anaphor may stand for, and the features of the pair."""

    entity: str
    features: list[str]


@dataclass
class Anaphor:
    """A description, possessive or pronoun; the entities it may stand for; what it was taken for."""

    span: Span
    kind: str                      # "description", "possessive" or "pronoun"
    classes: frozenset = frozenset()  # the classes it allows
    choices: list[Choice] = field(default_factory=list)
    chosen: str | None = None
    probability: float = 0.0


@dataclass
class _Seen:
    """What the text said of one entity before an anaphor."""

    count: int = 0          # mentions before the anaphor
    recent: int = 0         # mentions in the last sentences
    last: int = 0           # sentence of the latest mention
    last_start: int = 0     # token of the latest mention
    subject: bool = False   # named as a subject in the last sentences
    last_subject: bool = False
    last_complement: bool = False  # its latest mention is the complement of another name ("GPT-4o d'OpenAI")
    title: bool = False     # named in the first sentence
    salience: float = 0.0
    last_role: str = ""     # the grammatical role of its latest mention (:func:`_role`)


class AntecedentModel:
    """A logistic scoring of (anaphor, entity) pairs, and the probability an antecedent needs."""

    def __init__(self, data: dict):
        self.data = data
        self.bias: float = data["bias"]
        self.weights: dict[str, float] = data["weights"]
        self.threshold: float = data.get("threshold", 0.5)
        self.thresholds: dict[str, float] = data.get("thresholds", {})  # by kind of anaphor

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "AntecedentModel":
        try:
            return cls(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as exc:
            raise DataError(Errors.E133.format(path=path, reason=exc)) from None

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.data, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")

    def score(self, features: list[str]) -> float:
        """The logit of one (anaphor, entity) pair (``math.fsum``: the same in every process)."""
        return math.fsum([self.bias, *(self.weights.get(f, 0.0) for f in set(features))])

    def probability(self, features: list[str]) -> float:
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def best(self, choices: list[Choice], kind: str = "") -> tuple[str | None, float]:
        """The best-scored entity and its share of the choices' odds (a softmax over
        their scores, rounded to 3 places): how much likelier it is than the others.
        ``None`` under the threshold (of the ``kind`` of anaphor). Ties go to the earlier choice."""
        if not choices:
            return None, 0.0
        scores = [self.score(c.features) for c in choices]
        top = max(scores)
        share = 1.0 / math.fsum(math.exp(z - top) for z in scores)
        best = choices[scores.index(top)].entity
        if share < self.thresholds.get(kind, self.threshold):
            return None, round(share, 3)
        return best, round(share, 3)


def choices(span: Span, kind: str, head: str, before: list, entities: dict, sentence_of: dict[int, int],
            k: int, fits, verb_properties=lambda lemma: set(), window: int = 4,
            decay: float = 0.6) -> list[Choice]:
    """The entities ``span`` (an anaphor of ``kind`` with head noun ``head``, in sentence ``k``)
    may stand for, with their features.

    ``before``: the mentions that end before the anaphor, in text order (cited sources and
    nationality words left out); ``sentence_of``: sentence start → sentence index; ``fits(entity)``:
    whether the anaphor's class and nationality words allow the entity; ``verb_properties(lemma)``:
    the properties a verb states (what the verb of the anaphor asks of its subject or object).
    """
    seen: dict[str, _Seen] = {}
    for m in before:
        entity = entities.get(m.entity)
        if entity is None:
            continue
        s = sentence_of.get(m.span.sent.start, k)
        info = seen.setdefault(m.entity, _Seen())
        info.count += 1
        subject = any(t.dep_.startswith("nsubj") or t.dep_ == "ROOT" for t in m.span)
        previous = m.span.start - 1
        complement = previous >= 0 and m.span.doc[previous].lower_ in ("de", "d'", "du", "of") and previous > 0 \
            and m.span.doc[previous - 1].pos_ == "PROPN"
        if k - s <= window:
            info.recent += 1
            info.subject |= subject
            weight = decay ** (k - s) * (2 if subject else 1) * (0.5 if complement else 1)
            info.salience += weight
        info.last, info.last_start, info.last_role = s, m.span.start, _role(m.span)
        info.last_subject, info.last_complement = subject, complement
        info.title |= s == 0
    pool = {key: info for key, info in seen.items() if (k - info.last <= window or info.title) and fits(entities[key])}
    if not pool:
        return []
    recency = _ranks(pool, lambda key: (pool[key].last, pool[key].last_start))
    salience = _ranks(pool, lambda key: pool[key].salience)
    frequency = _ranks(pool, lambda key: pool[key].recent)
    topic = _ranks(pool, lambda key: pool[key].count)  # named most so far: the article's topic
    role = _role(span)
    wanted = _wanted(span, role, verb_properties)
    found = []
    for key, info in pool.items():
        cls = entities[key].cls
        distance = min(k - info.last, 5)
        feats = [f"d={distance}", f"rr={recency[key]}", f"sr={salience[key]}", f"fr={frequency[key]}",
                 f"tr={topic[key]}", f"n={_bucket(info.recent)}", f"c={cls}", f"h={head}|c={cls}"]
        feats += [f"{kind}|{f}" for f in feats[:5]]
        if info.subject:
            feats.append("subj")
        if info.last_subject:
            feats.append("last_subj")
        if info.last_complement:
            feats.append("last_compl")
        if info.title:
            feats.append("title")
        if recency[key] == 1 and salience[key] == 1:
            feats.append("recent_and_salient")
        feats.append(f"par={role}|{info.last_role}")
        if wanted:
            feats.append(f"sel={'fit' if cls in wanted else 'clash'}")
        found.append(Choice(key, [f"{kind}"] + feats))
    found.sort(key=lambda c: (recency[c.entity], c.entity))
    return found


def _role(span: Span) -> str:
    """``subj``, ``pass`` (passive subject), ``obj``, ``agent`` or ``other``."""
    dep = span.root.dep_
    if dep.startswith("nsubj"):
        return "pass" if dep.endswith("pass") else "subj"
    if dep in ("obj", "dobj"):
        return "obj"
    return "agent" if dep in ("obl:agent", "agent") else "other"


def _wanted(span: Span, role: str, verb_properties) -> set[str]:
    """The classes the verb of the anaphor asks of it ("X a cofondé": a person), or none."""
    root = span.root
    if role == "other" or root.head.i == root.i or root.head.pos_ not in ("VERB", "AUX"):
        return set()
    from kg.extract.schema import DOMAIN_RANGE

    side = 0 if role in ("subj", "agent") else 1
    return {cls for prop in verb_properties(root.head.lemma_) if prop in DOMAIN_RANGE for cls in DOMAIN_RANGE[prop][side]}


def _ranks(pool: dict, value) -> dict[str, int]:
    """1 for the highest ``value`` (ties share a rank), 2, 3 for the rest (3: third or lower)."""
    ordered = sorted({value(key) for key in pool}, reverse=True)
    return {key: min(ordered.index(value(key)) + 1, 3) for key in pool}


def _bucket(n: int) -> str:
    return "1" if n == 1 else "2" if n == 2 else "3-4" if n <= 4 else "5+"
