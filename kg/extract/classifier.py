"""The learned relation classifier, and the component that applies it.

One logistic model per core property scores every candidate pair
(:mod:`kg.extract.candidates`) from its features (:mod:`kg.extract.features`);
its probability, calibrated on held-out folds of the training corpus,
becomes the relation's ``air:confidence``. ``kg train`` (:mod:`kg.learn.training`)
rebuilds the weights from ``data/train/`` and writes them, as plain JSON,
to :data:`MODEL_PATH`, which ships inside the package.

The component ``airace_relation_model`` runs after the hand-written rules
(``airace_relations``) and adds the relations the model finds on candidate
pairs to those of the rules (whose verdicts are among its features). The
rules' relations stay: they are precise where they apply (measured on the
seed and held-out gold), and the model reaches what they miss. When both
find a relation, it keeps the rule's finer property (``designs``) and the
higher confidence. A fact whose linking clause is negated or denied
("n'a jamais utilisé", "did not use", "dément avoir acheté") gives no
relation, whoever found it; nor does the source a sentence cites ("d'après
Reuters, ByteDance a commandé des H20": Reuters ordered nothing). A relation
read on one member of a list holds for the others
(:mod:`kg.extract.coordination`).

>>> model = RelationModel({"version": 1, "threshold": 0.5, "properties": {
...     "develops": {"bias": -1.0, "weights": {"lca=lancer": 3.0}}}})
>>> round(model.probabilities(["lca=lancer"], ("develops",))["develops"], 3)
0.881
"""

from __future__ import annotations

import gzip
import json
import math
import os
import sys
from pathlib import Path

from spacy.tokens import Doc

from kg.errors import DataError, Errors
from kg.extract.candidates import candidates, sources
from kg.extract.claims import source_phrases
from kg.extract.coordination import spread
from kg.extract.schema import CORE_OF
from kg.extract.features import NEGATED, Featurizer
from kg.extract.lexicon import Lexicon
from kg.extract.relations import Relation

MODEL_PATH = Path(__file__).parent / "models" / "relations.json.gz"
#: What decides the relations: ``both`` (the rules' relations and the
#: model's, the rules' verdicts among its features), ``rules`` (the
#: hand-written rules alone) or ``model`` (the model alone, for ablations:
#: give it a model trained without the rules' verdicts, ``kg train
#: --without-rules --out FILE``, through ``$KG_RELATION_MODEL``).
MODES = ("both", "rules", "model")
#: Under this probability, the model overrules a rule's relation on the same pair (measured
#: on cross-validated folds of ``data/train``: +0.02 precision for -0.001 recall at 0.1).
VETO = 0.1
#: Properties that do not hold together between the same two entities in one
#: sentence: an organisation makes a chip or buys it, builds a model or hosts it.
EXCLUSIVE = {"produces": ("usesChip",), "usesChip": ("produces",), "develops": ("deploys",), "deploys": ("develops",)}


class RelationModel:
    """Weights of one logistic model per property, and its decision threshold."""

    def __init__(self, data: dict):
        self.data = data
        self.threshold: float = data.get("threshold", 0.5)
        self.uses_rules: bool = data.get("uses_rules", True)
        # one string per feature name, shared by the properties' tables (a third of the memory)
        self.properties = {p: (m["bias"], {sys.intern(f): w for f, w in m["weights"].items()}, m.get("threshold", self.threshold))
                           for p, m in data["properties"].items()}


    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "RelationModel":
        path = Path(path)
        try:
            with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8") as f:
                return cls(json.load(f))
        except (OSError, ValueError, KeyError) as exc:
            raise DataError(Errors.E130.format(path=path, reason=exc)) from None

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        with gzip.GzipFile(path, "wb", mtime=0) as f:  # no time stamp: the same weights give the same bytes
            f.write(text.encode("utf-8"))

    def probabilities(self, features: list[str], properties: tuple[str, ...]) -> dict[str, float]:
        """The probability of each of ``properties`` for a candidate with ``features``."""
        found = {}
        unique = set(features)
        for prop in properties:
            if prop in self.properties:
                bias, weights, _ = self.properties[prop]
                # fsum: the exact sum whatever the order of the set, so every process gives the same confidence
                found[prop] = sigmoid(math.fsum([bias, *(weights[f] for f in weights.keys() & unique)]))
        return found

    def holds(self, prop: str, probability: float) -> bool:
        return probability >= self.properties[prop][2]


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def rule_verdicts(doc: Doc) -> dict[tuple, set]:
    """What the rules found, for the features: ``(sentence start, subject, object)``
    → ``{(property, forward)}``; ``("by-subject", sentence start, entity)`` and
    ``("by-object", sentence start, entity)`` → ``{(property, other end)}``."""
    verdicts: dict[tuple, set] = {}
    for rel in doc._.airace_relations or ():
        prop, start = CORE_OF.get(rel.prop, rel.prop), rel.sentence.start
        verdicts.setdefault((start, rel.subject, rel.object), set()).add((prop, True))
        verdicts.setdefault((start, rel.object, rel.subject), set()).add((prop, False))
        verdicts.setdefault(("by-subject", start, rel.subject), set()).add((prop, rel.object))
        verdicts.setdefault(("by-object", start, rel.object), set()).add((prop, rel.subject))
    return verdicts


class LearnedRelations:
    """The ``airace_relation_model`` component (see the module docstring)."""

    def __init__(self, lexicon: Lexicon, mode: str = "both", model_path: str = ""):
        if mode not in MODES:
            raise DataError(Errors.E131.format(mode=mode, modes=", ".join(MODES)))
        self.mode = mode
        self.featurize = Featurizer(lexicon)
        self.sources = source_phrases(lexicon)
        self.model = None if mode == "rules" else RelationModel.load(
            model_path or os.environ.get("KG_RELATION_MODEL") or MODEL_PATH)

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        verdicts = rule_verdicts(doc) if self.model.uses_rules and self.mode == "both" else {}
        if self.mode == "model":
            doc._.airace_relations = []
        cited = sources(doc, self.sources)
        found, negated, doubted = self._read(doc, verdicts, cited)
        merged = self._merge([r for r in doc._.airace_relations or []
                              if (r.sentence.start, r.subject) not in cited and (r.sentence.start, r.object) not in cited],
                             found, negated, doubted)
        doc._.airace_relations = spread(doc, merged, negated, cited)
        return doc

    def _read(self, doc: Doc, verdicts: dict, cited: set[tuple[int, str]]) -> tuple[dict[tuple, Relation], set[tuple], set[tuple]]:
        """The model's relations by ``(sentence start, subject, property, object)``; the
        ``(sentence start, subject, object)`` pairs whose linking clause is negated or denied;
        and the slots the model finds all but impossible (under :data:`VETO`)
        (``cited``: the sources of what a sentence reports, :func:`kg.extract.candidates.sources`)."""
        entities = doc._.airace_entities
        found: dict[tuple, Relation] = {}
        negated = set()
        best: dict[tuple, float] = {}
        for cand in candidates(doc, cited):
            classes = (entities[cand.subject.entity].cls, entities[cand.object.entity].cls)
            features = self.featurize(cand, classes, verdicts)
            if NEGATED in features:
                negated.add((cand.sentence.start, *cand.entities))
                continue
            s, o = cand.entities
            for prop, probability in self.model.probabilities(features, cand.properties).items():
                slot = (cand.sentence.start, s, prop, o)
                if "demonym" not in (cand.subject.source, cand.object.source):
                    # a nationality word names no country in the corpus's annotation ("les importations
                    # chinoises"): the model learnt nothing of such pairs, and does not overrule the rules on them
                    best[slot] = max(probability, best.get(slot, 0.0))
                if not self.model.holds(prop, probability):
                    continue
                if prop == "competesWith" and (cand.sentence.start, o, prop, s) in found:
                    continue
                if slot not in found or found[slot].confidence < probability:
                    hedged = bool(self.featurize.sentence_words(cand.sentence) & self.featurize.hedges)
                    found[slot] = Relation(s, prop, o, round(probability, 3), "model", cand.sentence, hedged)
        return found, negated, {slot for slot, probability in best.items() if probability < VETO}

    @staticmethod
    def _merge(ruled: list[Relation], found: dict[tuple, Relation], negated: set[tuple],
               doubted: set[tuple] = frozenset()) -> list[Relation]:
        """The rules' relations (less the negated ones and those the model doubts), with the
        model's that they do not hold."""
        kept = []
        for rel in ruled:
            slot = (rel.sentence.start, rel.subject, CORE_OF.get(rel.prop, rel.prop), rel.object)
            if (rel.sentence.start, rel.subject, rel.object) in negated:
                continue  # a denied or negated fact gives no relation
            if slot in doubted and (slot[2] != "competesWith" or (slot[0], slot[3], slot[2], slot[1]) in doubted):
                continue  # the model all but rules it out
            if slot[2] == "competesWith":  # symmetric: the model's reading the other way is the same fact
                reverse = (slot[0], slot[3], slot[2], slot[1])
                if reverse in found:
                    rel.confidence = max(found.pop(reverse).confidence, rel.confidence)
            if slot in found:  # the model agrees: the rule's finer property, the better confidence
                rel.confidence = max(found.pop(slot).confidence, rel.confidence)
            for other in EXCLUSIVE.get(slot[2], ()):  # the rule's reading of the pair wins over the model's
                found.pop((slot[0], slot[1], other, slot[3]), None)
            kept.append(rel)
        hedged = {rel.sentence.start for rel in ruled if rel.hedged}
        for slot, relation in list(found.items()):  # of two exclusive readings, the model keeps the likelier
            if any((rival := found.get((slot[0], slot[1], other, slot[3]))) is not None
                   and rival.confidence > relation.confidence for other in EXCLUSIVE.get(slot[2], ())):
                del found[slot]
            relation.hedged = relation.hedged or slot[0] in hedged
        return kept + list(found.values())
