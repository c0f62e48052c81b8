"""Trigger verbs and their arguments: who does what to whom.

A trigger verb (data/patterns/triggers.json) gives the properties it may
mean; :func:`first_fitting` picks the first one the classes of its subject
and object allow ("lancer" a model is ``develops``, "lancer" a chip is
``produces``). The rules, named as in ``Relation.rule``:

``dep-*``       the subject and object the parse gives (:mod:`kg.extract.syntax`)
``verb``        by word order, active ("Microsoft et Perplexity hébergent des
                modèles DeepSeek") or passive ("fabriquée par SMIC")
``listed``      "Biren rejoint l'Entity List": the list targets its subject
``supply``      "Nvidia fournit des H20 à Tencent": the receiver uses the chips
``trained-on``  "OpenAI a entraîné GPT-5 sur des H100": the model uses the chips
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon, is_organization
from kg.extract.mentions import Mention
from kg.extract.normalize import WordFilter, fold
from kg.extract.schema import fits
from kg.extract.syntax import NAME_DEPS, Match

# French words first, then their English counterparts for the English pipeline.
BY = {"par", "by"}
AND = {",", "et", "ou", "and", "or"}
#: The order in which a trigger's properties are tried: the most specific first.
PROPERTY_ORDER = ("manufactures", "designs", "produces", "develops", "usesChip", "deploys",
                  "founderOf", "leads", "affiliatedWith", "basedOn", "targets", "issuedBy",
                  "competesWith", "basedIn", "variantOf")


def first_fitting(props, subj, obj, confidence, rule):
    """``(subject, property, object, confidence, rule)`` for the first of
    ``props`` (in :data:`PROPERTY_ORDER`) the classes of ``subj`` and ``obj``
    allow; ``issuedBy`` turns the pair round (the policy is its subject)."""
    for prop in PROPERTY_ORDER:
        if prop not in props:
            continue
        if prop == "issuedBy":
            if obj.cls == "Policy":
                yield obj, "issuedBy", subj, confidence, rule
                return
            continue
        s_cls, o_cls = subj.cls, obj.cls
        if fits(prop, s_cls, o_cls):
            yield subj, prop, obj, confidence, rule
            return


class VerbRules:
    """The relations trigger verbs state, from the parse and by word order."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        #: The words and lemmas the rules of :meth:`__call__` act on: trigger, "listed" and supply verbs.
        self.words = WordFilter(lambda text: lexicon.verb_properties(text) or fold(text) in lexicon.listed_verbs
                                or fold(text) in lexicon.supply.get("verbs", ()))

    def from_parse(self, matches: list[Match]):
        """Trigger verbs whose subject and object the parse gives (:mod:`kg.extract.syntax`)."""
        for match in matches:
            if self._negated(match.verb):
                continue
            props = self.lexicon.verb_properties(match.verb.lemma_) or self.lexicon.verb_properties(match.verb.text)
            for subj in match.subjects:
                for obj in match.objects:
                    yield from first_fitting(props, subj, obj, match.confidence, "dep-" + match.rule)

    def __call__(self, sent, mentions, candidates: list[int]):
        """The relations the trigger verbs of ``sent`` state, by word order
        (``candidates``: the tokens of ``sent`` whose word or lemma passes :attr:`words`)."""
        doc = sent.doc
        for v in map(doc.__getitem__, candidates):
            if v.pos_ not in ("VERB", "AUX", "NOUN") and not v.tag_.startswith("V"):
                continue
            if v.pos_ != "NOUN" and fold(v.lemma_) in self.lexicon.listed_verbs and not self._negated(v):
                yield from self._listed(sent, mentions, v)
            if v.pos_ != "NOUN" and fold(v.lemma_) in self.lexicon.supply.get("verbs", ()) and not self._negated(v):
                yield from self._supply(sent, mentions, v)
            props = self.lexicon.verb_properties(v.lemma_) or self.lexicon.verb_properties(v.text)
            if not props or v.pos_ == "NOUN":
                continue
            if self._negated(v):
                continue
            nxt = [fold(t.text) for t in doc[v.i + 1:min(sent.end, v.i + 3)]]
            if BY & set(nxt):
                yield from self._passive(sent, mentions, v, props)
            else:
                yield from self._active(sent, mentions, v, props)

    @staticmethod
    def _negated(v: Token) -> bool:
        doc = v.doc
        return any(fold(c.text) in ("pas", "jamais", "plus") for c in v.children) or (
            v.i > v.sent.start and fold(doc[v.i - 1].text) in ("n'", "ne"))

    def _subjects(self, sent, mentions, v: Token) -> list[Mention]:
        """The mentions that are the subject of ``v``: its parsed subject when the
        parse has one, else the nearest mentions before it (with those joined by
        'et' or commas)."""
        subj_tokens = []
        head = v
        for _ in range(4):
            subj_tokens = [c for c in head.children if c.dep_.startswith("nsubj") and not c.dep_.endswith("pass")]
            if subj_tokens or head.dep_ not in ("xcomp", "advcl", "conj", "acl", "ccomp") or head.head is head:
                break
            head = head.head
        chosen = []
        for tok in subj_tokens:
            for m in mentions:
                if m.span.start <= tok.i < m.span.end:
                    chosen.append(m)
            for conj in tok.conjuncts:
                for m in mentions:
                    if m.span.start <= conj.i < m.span.end and m not in chosen:
                        chosen.append(m)
        if chosen:
            return chosen
        named = [m for t in subj_tokens if t.pos_ in ("NOUN", "PROPN") for c in t.children if c.dep_ in NAME_DEPS
                 for m in mentions if m.span.start <= c.i < m.span.end]
        if named:  # "le laboratoire Zhipu AI": the name that goes with the subject noun
            return [m for i, m in enumerate(named) if m not in named[:i]]
        before = [m for m in mentions if m.span.end <= v.i and m.source != "demonym"]
        if not before:
            return []
        last = before[-1]
        gap = sent.doc[last.span.end:v.i]
        if any(t.text in (";", ":") or fold(t.text) in ("que", "qu'", "mais", "si") for t in gap) or len(gap) > 12:
            return []
        group = [last]
        for m in reversed(before[:-1]):
            between = [fold(t.text) for t in sent.doc[m.span.end:group[-1].span.start]]
            if between and all(w in AND for w in between):
                group.append(m)
            else:
                break
        return group

    def _objects(self, sent, mentions, v: Token) -> list[Mention]:
        doc = sent.doc
        objects = []
        for m in mentions:
            if m.span.start <= v.i or m.span.start > v.i + 14:
                continue
            gap = doc[v.i + 1:m.span.start]
            if any(t.text in (";", ":") or (t.pos_ == "VERB" and self.lexicon.verb_properties(t.lemma_) and t.i != v.i) for t in gap):
                break
            objects.append(m)
        return objects

    def _listed(self, sent, mentions, v):
        """'Biren et Moore Threads rejoignent l'Entity List', 'Huawei était inscrit sur
        l'Entity List': the policy after the verb targets its subjects."""
        policies = [m for m in self._objects(sent, mentions, v) if m.cls == "Policy"]
        if not policies or policies[0].span.start > v.i + 4:
            return
        for subj in self._subjects(sent, mentions, v):
            if subj.cls in ("Company", "ResearchInstitution", "Organization", "Chip", "Country"):
                yield policies[0], "targets", subj, 0.7, "listed"

    def _supply(self, sent, mentions, v):
        """'Nvidia fournit des H20 à Tencent': the receiver uses the chips."""
        doc = sent.doc
        objects = self._objects(sent, mentions, v)
        chips = [m for m in objects if m.cls == "Chip"]
        for receiver in objects:
            if not is_organization(receiver.cls) or receiver.cls == "GovernmentBody":
                continue
            if receiver.span.start == 0 or fold(doc[receiver.span.start - 1].text) not in self.lexicon.supply.get("to", ()):
                continue
            for chip in chips:
                if chip.span.start < receiver.span.start:
                    yield receiver, "usesChip", chip, 0.65, "supply"

    def _active(self, sent, mentions, v, props):
        subjects = self._subjects(sent, mentions, v)
        objects = self._objects(sent, mentions, v)
        for obj in objects:
            for subj in subjects:
                yield from first_fitting(props, subj, obj, 0.7, "verb")
        if {"develops", "usesChip"} <= props:  # a training verb: "OpenAI a entraîné GPT-5 sur des H100"
            yield from self._trained_on(objects)

    @staticmethod
    def _trained_on(objects):
        """The model a training verb takes as object uses the chips named after it."""
        models = [m for m in objects if m.cls == "AIModel"]
        if models:
            for chip in (m for m in objects if m.cls == "Chip" and m.span.start > models[0].span.start):
                yield models[0], "usesChip", chip, 0.65, "trained-on"

    def _passive(self, sent, mentions, v, props):
        """'fabriquée par SMIC', 'DeepSeek, fondée par Liang Wenfeng'."""
        doc = sent.doc
        agents = [m for m in mentions if v.i < m.span.start <= v.i + 6 and BY & {fold(t.text) for t in doc[v.i + 1:m.span.start]}
                  and not any(t.text in (",", ";", ":") for t in doc[v.i + 1:m.span.start])]
        patients = [m for m in mentions if m.span.end <= v.i and v.i - m.span.end <= 6]
        if agents and patients:
            yield from first_fitting(props, agents[0], patients[-1], 0.75, "verb-passive")
