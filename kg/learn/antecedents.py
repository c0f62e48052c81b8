"""Learn the coreference ranking (:mod:`kg.extract.antecedents`) from ``data/train/``.

The corpus marks no anaphor, but its relations tell what each stands for: when
the evidence of a gold relation holds an anaphor ("l'entreprise disposerait de
H100") and one end of the relation, of a class the anaphor allows, is not
named in that evidence, the anaphor stands for that end. Every such anaphor of
the corpus (found by the hand-written detection, with the rules' salience
deciding, so that learning does not depend on an earlier model) is a ranking
example: its gold entity among the entities it allows.

One L2-regularised logistic regression (liblinear, fixed order) over the
(anaphor, entity) pairs. Each kind of anaphor (description, possessive,
pronoun) gets the acceptance threshold that, on five folds held out by
passage, resolves the most anaphors right less twice those it resolves wrong:
a wrong antecedent makes false relations, a missing one only leaves some
unfound (measured: possessives are right seven times in ten whatever the
threshold, descriptions nine in ten).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kg.extract.antecedents import AntecedentModel, Anaphor
from kg.extract.normalize import fold
from kg.learn.corpus import Passage

C = 1.0
FOLDS = 5
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]
#: What a wrong antecedent costs against a right one, when thresholds are chosen.
WRONG = 2


@dataclass
class Example:
    """A labelled anaphor: its passage, its (entity, features) choices, and which is right."""

    passage: str
    kind: str
    choices: list[tuple[str, list[str]]]
    gold: int | None        # index of the right choice; None: the right entity is not among them
    rules: int | None       # index of the hand-written salience's choice


def examples(passage: Passage, doc, aligned: dict[str, str]) -> list[Example]:
    """The anaphors of one passage parsed with the rules' coreference, labelled by the
    relations whose evidence holds them (``aligned``: predicted entity → gold label)."""
    types = {e["label"]: e["type"] for e in passage.entities}
    names = {e["label"]: [fold(n) for n in (e["label"], *e.get("aliases", ()))] for e in passage.entities}
    evidence = []
    for rel in passage.relations:
        at = 0
        while (at := passage.text.find(rel["evidence"], at)) >= 0:
            evidence.append((at, at + len(rel["evidence"]), rel))
            at += 1
    found = []
    for anaphor in doc._.airace_anaphors or ():
        a, b = anaphor.span.start_char, anaphor.span.end_char
        unnamed = set()
        for start, end, rel in evidence:
            if start <= a and b <= end:
                text = fold(passage.text[start:end])
                for label in (rel["s"], rel["o"]):
                    if types.get(label) in anaphor.classes and not any(n and n in text for n in names.get(label, ())):
                        unnamed.add(label)
        if len(unnamed) != 1:
            continue
        (label,) = unnamed
        keys = [c.entity for c in anaphor.choices]
        gold = next((i for i, key in enumerate(keys) if aligned.get(key) == label), None)
        rules = keys.index(anaphor.chosen) if anaphor.chosen in keys else None
        found.append(Example(passage.name, anaphor.kind, [(c.entity, c.features) for c in anaphor.choices], gold, rules))
    return found


def fit(items: list[Example], c: float = C) -> tuple[float, dict[str, float]]:
    """Bias and weights of the logistic regression over every choice of ``items``."""
    from sklearn.linear_model import LogisticRegression

    from kg.learn.training import _matrix

    rows, y = [], []
    for e in items:
        if e.gold is None:  # the right entity is not among the choices: nothing to rank
            continue
        for i, (_, feats) in enumerate(e.choices):
            rows.append(feats)
            y.append(int(i == e.gold))
    index = {f: i for i, f in enumerate(sorted({f for r in rows for f in r}))}
    names = sorted(index, key=index.get)
    clf = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=1000)
    clf.fit(_matrix(rows, index), y)
    return float(clf.intercept_[0]), {names[i]: round(float(w), 5) for i, w in enumerate(clf.coef_[0]) if abs(w) >= 1e-4}


def outcome(model: AntecedentModel, e: Example) -> tuple[float, bool]:
    """The model's confidence in its best choice for ``e`` (its share of the odds), and whether it is right."""
    from kg.extract.antecedents import Choice

    chosen, share = model.best([Choice(str(i), feats) for i, (_, feats) in enumerate(e.choices)])
    return share, chosen is not None and int(chosen) == e.gold


def train(items: list[Example], c: float = C) -> tuple[AntecedentModel, dict]:
    """The ranking trained on ``items``, its threshold chosen on held-out folds, and a report."""
    names = sorted({e.passage for e in items})
    random.Random(0).shuffle(names)
    held = []
    for k in range(FOLDS):
        fold_names = set(names[k::FOLDS])
        bias, weights = fit([e for e in items if e.passage not in fold_names], c)
        model = AntecedentModel({"bias": bias, "weights": weights, "threshold": 0.0})
        held += [(e, *outcome(model, e)) for e in items if e.passage in fold_names and e.choices]
    kinds = sorted({e.kind for e in items})

    def net(kind: str, t: float) -> int:
        return sum((1 if right else -WRONG) for e, p, right in held if e.kind == kind and p >= t)
    thresholds = {kind: max(THRESHOLDS, key=lambda t: (net(kind, t), -t)) for kind in kinds}
    threshold = max(thresholds.values())
    accepted = [(e, right) for e, p, right in held if p >= thresholds[e.kind]]
    rules = [e for e in items if e.choices and e.rules is not None]
    report = {"anaphors": len(items), "with_choices": sum(1 for e in items if e.choices),
              "reachable": sum(1 for e in items if e.gold is not None),
              "thresholds": thresholds,
              "held_out": {"resolved": len(accepted), "right": sum(r for _, r in accepted)},
              "rules": {"resolved": len(rules), "right": sum(1 for e in rules if e.rules == e.gold)}}
    for kind in kinds:
        acc = [(e, r) for e, r in accepted if e.kind == kind]
        rul = [e for e in rules if e.kind == kind]
        report[kind] = {"labelled": sum(1 for e in items if e.kind == kind), "model_resolved": len(acc),
                        "model_right": sum(r for _, r in acc), "rules_resolved": len(rul),
                        "rules_right": sum(1 for e in rul if e.rules == e.gold)}
    bias, weights = fit(items, c)
    return AntecedentModel({"version": 1, "C": c, "bias": round(bias, 5), "threshold": threshold, "thresholds": thresholds,
                            "weights": dict(sorted(weights.items()))}), report
