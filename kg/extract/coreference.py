"""Light coreference: definite descriptions, pronouns and possessives that
stand for an entity already met in the document.

Where an anaphor is, and which entities it may stand for, is hand-written;
which of them it stands for is learned (:mod:`kg.extract.antecedents`):

``apposition``   "TSMC, le fondeur taïwanais" — a description right after a
                 name and a comma is that name.
``description``  "l'entreprise", "le groupe chinois", "le géant de Shenzhen",
                 "cette puce", "le patron de DeepSeek" (the description is
                 "le patron", its complement another entity) in argument
                 position (subject, object, agent) — among the entities of a
                 class the head noun allows whose known country does not
                 contradict a nationality adjective of the description.
``pronoun``      "Il a cofondé High-Flyer." — a subject pronoun opening a
                 clause; right after a name and a comma ("Quant au patron, X,
                 il ..."), it is that name.
``possessive``   "son président tournant, Eric Xu", "ses puces", "its model" —
                 a possessive opening a description, cue or role noun is the
                 organisation subject of its sentence before it; with no name
                 before it in the sentence, an organisation met earlier.

The learned ranking weighs, for each entity the anaphor allows, how recently
and how often it was named, as a subject, as the complement of another name,
in the title, in the same role, and whether the anaphor's verb asks for its
class; the best entity is taken when its share of the choices' odds reaches
the threshold of its kind of anaphor. Without a ranking (``antecedents="rules"``, which ``kg train`` uses
to learn it), the hand-written salience decides: earlier mentions weighted by
recency (``0.6`` per sentence back), doubled as a subject, halved as the
complement of another name, with a bonus in the title; a pronoun is the
subject of the previous sentence. A description whose head is followed by its
own name ("la start-up DeepSeek") is left alone. The source of an attribution
("selon Reuters", "d'après SemiAnalysis") is no antecedent. Every anaphor and
its choices are kept in ``doc._.airace_anaphors``.

The new mentions have source ``"coref"`` and join ``doc._.airace_mentions``,
so the relation rules and the model read them like names.

>>> from kg.extract.coreference import _DECAY
>>> _DECAY
0.6
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract.antecedents import Anaphor, AntecedentModel, choices
from kg.extract.claims import is_source, source_phrases
from kg.extract.lexicon import Lexicon, is_organization
from kg.extract.mentions import Mention
from kg.extract.normalize import WordFilter, fold, within

_DECAY = 0.6
_WINDOW = 4  # sentences back for a description
_OF = {"de", "d'", "du", "des", "of"}
#: What a possessive may stand for: an organisation that owns a model, a chip, a role.
_OWNERS = {"Company", "ResearchInstitution"}


class CoreferenceResolver:
    """The ``airace_coref`` component (see the module docstring)."""

    def __init__(self, lexicon: Lexicon, antecedents: AntecedentModel | None = None):
        self.lexicon = lexicon
        self.antecedents = antecedents
        spec = lexicon.coreference
        self.determiners = {fold(d) for d in spec["determiners"]}
        self.descriptions = {}
        for cls_name, nouns in spec["descriptions"].items():
            for noun in nouns:
                self.descriptions.setdefault(fold(noun), set()).add(cls_name)
        self.pronouns = {fold(p): set(classes) for p, classes in spec["pronouns"].items()}
        self.possessives = {fold(p) for p in spec.get("possessives", ())}
        self.openers = WordFilter(lambda text: fold(text) in self.pronouns or fold(text) in self.determiners
                                  or fold(text) in self.possessives)
        self.sources = source_phrases(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = list(doc._.airace_mentions)
        entities = doc._.airace_entities
        if not mentions:
            return doc
        sentences = list(doc.sents)
        sent_index = {s.start: k for k, s in enumerate(sentences)}
        covered = {i for m in mentions for i in range(m.span.start, m.span.end)}
        found: list[Mention] = []
        anaphors: list[Anaphor] = []
        words = self.openers.positions(doc)
        cited = {m.span.start for m in mentions if is_source(m.span, self.sources)}
        context = (entities, sent_index, mentions, anaphors)
        for k, sent in enumerate(sentences):
            earlier = None  # sorted at the sentence's first candidate: most sentences have none
            for start, end, classes, kind, head in self._candidates(sent, covered, within(words, sent)):
                if earlier is None:
                    earlier = sorted((m for m in mentions + found if m.span.start < sent.end), key=lambda m: m.span.start)
                before = [m for m in earlier if m.span.end <= start and m.span.start not in cited]
                span = doc[start:end]

                def resolve(rules, confidence, classes=classes, kind=kind, head=head, span=span, before=before, k=k):
                    return self._resolve(span, kind, classes, head, before, k, context, rules, confidence)

                if kind == "pronoun":
                    target, confidence = self._dislocated(span, before, classes, entities), 0.55
                    if target is None:
                        target, confidence = resolve(lambda: self._pronoun(sentences, k, mentions + found, classes, entities), 0.55)
                elif kind == "possessive":
                    target, confidence = self._possessor(span, before, sentences, k, mentions + found, entities, sent_index, resolve)
                else:
                    target, confidence = self._apposition(span, before, classes, entities), 0.8
                    if target is None and self._is_argument(span):
                        target, confidence = resolve(
                            lambda: self._salient(span, before, classes, entities, sentences, sent_index, k), 0.6)
                if target is not None:
                    found.append(Mention(span, entities[target].cls, "coref", confidence, entity=target))
                    covered.update(range(start, end))
        doc._.airace_anaphors = anaphors
        if found:
            mentions.extend(found)
            mentions.sort(key=lambda m: (m.span.start, -len(m.span)))
            doc._.airace_mentions = mentions
        return doc

    def _resolve(self, span: Span, kind: str, classes, head: str, before: list[Mention], k: int, context,
                 rules, confidence: float) -> tuple[str | None, float]:
        """The entity an anaphor stands for, and how sure: the learned ranking's choice
        (its probability, at most 0.8), or without a ranking the hand-written ``rules()``
        at ``confidence``. The anaphor and its choices join ``doc._.airace_anaphors``."""
        entities, sent_index, mentions, anaphors = context
        owner = self._complement(span, mentions)
        named = [m for m in before if m.source not in ("demonym", "family")]
        anaphor = Anaphor(span, kind, frozenset(classes), choices(
            span, kind, head, named, entities, sent_index, k, lambda e: e.key != owner and self._fits(e, classes, span),
            self.lexicon.verb_properties, _WINDOW, _DECAY))
        if owner is not None:
            for choice in anaphor.choices:
                choice.features.append(f"{kind}|of_name")
        anaphors.append(anaphor)
        if self.antecedents is None:
            anaphor.chosen = rules()
            return anaphor.chosen, confidence
        anaphor.chosen, anaphor.probability = self.antecedents.best(anaphor.choices, kind)
        return anaphor.chosen, min(0.8, anaphor.probability)

    # -- where a description or pronoun is -------------------------------
    def _candidates(self, sent: Span, covered: set[int], words: list[int]):
        """(start, end, classes, kind, head) for each description, pronoun or possessive of ``sent``
        (``words``: where its pronouns and determiners are); kind is ``"description"``,
        ``"pronoun"`` or ``"possessive"``; head: the noun it opens (the pronoun itself)."""
        doc = sent.doc
        for token in map(doc.__getitem__, words):
            if token.i in covered:
                continue
            word = fold(token.text)
            if word in self.pronouns and token.dep_.startswith("nsubj") and self._opens_clause(token):
                yield token.i, token.i + 1, self.pronouns[word], "pronoun", word
                continue
            if word in self.possessives:
                if self._owned(token):
                    yield token.i, token.i + 1, _OWNERS, "possessive", fold(token.head.lemma_ or token.head.text)
                continue
            if word not in self.determiners:
                continue
            i = token.i + 1
            while i < sent.end and doc[i].pos_ == "ADJ" and fold(doc[i].text) not in self.descriptions:
                i += 1
            head, end = self._head(doc, i, sent.end)
            if head is None or any(j in covered for j in range(token.i, end)):
                continue
            end = self._extend(doc, end, sent.end, covered)
            if end is None:
                continue
            yield token.i, end, self.descriptions[head], "description", head

    def _head(self, doc: Doc, i: int, limit: int):
        """The description noun starting at ``i`` (one or two words) and the end of it."""
        for size in (2, 1):
            if i + size <= limit:
                words = " ".join(fold(t.text) for t in doc[i:i + size])
                lemma = " ".join(fold(t.lemma_) for t in doc[i:i + size])
                for form in (words, lemma, words.replace(" - ", "-").replace(" ", "")):
                    if form in self.descriptions:
                        return form, i + size
        return None, None

    def _extend(self, doc: Doc, end: int, limit: int, covered: set[int]) -> int | None:
        """Take the adjectives and a 'de + Place' after the head; ``None`` when the head is
        followed by a name or a complement, which makes it something else than a reference."""
        while end < limit and doc[end].pos_ == "ADJ":
            end += 1
        if end < limit and (end in covered or doc[end].pos_ == "PROPN" and fold(doc[end].text) not in self.lexicon.demonyms):
            return None
        if end + 1 < limit and fold(doc[end].text) in _OF and doc[end + 1].pos_ == "NOUN" and end + 1 not in covered:
            return end + 2  # "le concepteur de puces", "le géant des semi-conducteurs"
        if end + 2 < limit and fold(doc[end].text) in _OF and doc[end + 1].pos_ == "DET" and doc[end + 2].pos_ == "NOUN" \
                and end + 2 not in covered:
            return end + 3
        if end < limit and fold(doc[end].text) in _OF:
            nxt = end + 1
            if nxt < limit and nxt not in covered and doc[nxt].pos_ == "PROPN":
                while nxt < limit and doc[nxt].pos_ == "PROPN" and nxt not in covered:
                    nxt += 1
                if nxt < limit and nxt in covered:
                    return None
                return nxt
            if nxt < limit and nxt in covered:
                return end  # "le patron de DeepSeek": the description is "le patron", its complement a name
            return None if nxt < limit and doc[nxt].pos_ in ("NOUN", "DET") else end
        return end

    @staticmethod
    def _complement(span: Span, mentions: list[Mention]) -> str | None:
        """The entity named right after a description and 'de' ("le patron de DeepSeek"):
        the description stands for another entity than that one."""
        doc = span.doc
        if span.end + 1 >= len(doc) or fold(doc[span.end].text) not in _OF:
            return None
        return next((m.entity for m in mentions if m.span.start == span.end + 1 and m.entity), None)

    def _owned(self, token) -> bool:
        """Whether a possessive opens a noun that an organisation owns in this domain: a
        description ("son modèle"), a cue ("ses puces") or a role ("son président")."""
        head = token.head
        if head.pos_ not in ("NOUN", "PROPN") or head.i == token.i:
            return False
        lemma = fold(head.lemma_ or head.text)
        return (lemma in self.descriptions or self.lexicon.noun_property(head.lemma_) is not None
                or self.lexicon.cue_class(head.lemma_) is not None)

    @staticmethod
    def _is_argument(span: Span) -> bool:
        """A description stands for an entity in argument position only: a subject,
        an object, an agent ('publié par l'entreprise'); 'bénéficier à la société'
        is left alone."""
        previous = fold(span.doc[span.start - 1].text) if span.start > 0 else ""
        if not span.doc.has_annotation("DEP"):
            return previous not in ("of", "à", "au", "de", "du", "d'")  # no parse: only the complements are left out
        head = span.root
        if head.dep_.startswith(("nsubj", "obj", "obl:agent", "ROOT")):
            return True
        return previous in ("par", "by")

    @staticmethod
    def _opens_clause(token) -> bool:
        doc = token.doc
        i = token.i - 1
        return i < token.sent.start or doc[i].text in (",", ";", ":", "«", "—", "–") or fold(doc[i].text) in ("et", "mais", "puis", "où", "and", "but")

    # -- what it stands for ----------------------------------------------
    def _fits(self, entity, classes: set[str], span: Span) -> bool:
        if entity.cls not in classes or entity.developer:
            return False
        entry = self.lexicon.gazetteer.by_name.get(entity.label)
        country = entry.country if entry is not None else None
        for token in span:
            stated = self.lexicon.demonym(token.text)
            if stated and country and stated != country:
                return False
        return True

    def _apposition(self, span: Span, before: list[Mention], classes, entities) -> str | None:
        if not before or span.start - before[-1].span.end != 1 or span.doc[span.start - 1].text != ",":
            return None
        last = before[-1]
        if last.source == "demonym" or not self._fits(entities[last.entity], classes, span):
            return None
        return last.entity

    def _salient(self, span: Span, before: list[Mention], classes, entities, sentences, sent_index, k) -> str | None:
        scores: dict[str, float] = {}
        # An entity is not its own complement ("High-Flyer finance la jeune pousse"), so the
        # candidates come from earlier sentences; but "..., selon l'entreprise" reports its own sentence.
        reporting = span.start > 1 and fold(span.doc[span.start - 1].text) in ("selon", "après", "to")
        for m in before:
            distance = k - sent_index.get(m.span.sent.start, k)
            if m.source in ("demonym", "family") or (distance == 0 and not reporting) or (
                    distance > _WINDOW and sent_index.get(m.span.sent.start) != 0):
                continue
            entity = entities.get(m.entity)
            if entity is None or not self._fits(entity, classes, span):
                continue
            weight = _DECAY ** distance
            if any(t.dep_.startswith("nsubj") or t.dep_ == "ROOT" for t in m.span):
                weight *= 2
            prev = m.span.start - 1
            if prev >= 0 and fold(span.doc[prev].text) in _OF and any(o.span.end == prev for o in before):
                weight *= 0.5
            if sent_index.get(m.span.sent.start) == 0 and k > 0:
                weight += 0.3
            scores[m.entity] = scores.get(m.entity, 0.0) + weight
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] * 0.9:
            return None  # too close to call: leave it alone
        return ranked[0][0]

    def _pronoun(self, sentences, k: int, mentions: list[Mention], classes, entities) -> str | None:
        """The subject of the previous sentence, or of the sentence's fronted clause
        ("Construit à partir de X, dévoilé en mai, il ..." → the previous subject)."""
        if k == 0:
            return None
        previous = sentences[k - 1]
        inside = [m for m in mentions if previous.start <= m.span.start < previous.end and m.source != "demonym"]
        subjects = [m for m in inside if any(t.dep_.startswith("nsubj") and not t.dep_.endswith("pass") for t in m.span)]
        if not subjects and inside and inside[0].span.start == previous.start:
            subjects = [inside[0]]
        if len(subjects) != 1:
            return None
        entity = entities.get(subjects[0].entity)
        if entity is None or entity.cls not in classes or is_organization(entity.cls) and entity.cls == "GovernmentBody":
            return None
        return entity.key

    @staticmethod
    def _dislocated(span: Span, before: list[Mention], classes, entities) -> str | None:
        """The name a pronoun takes up right after it and a comma: "Quant au patron, X, il ..."."""
        doc = span.doc
        if not before or span.start < 2 or doc[span.start - 1].text != ",":
            return None
        last = before[-1]
        entity = entities.get(last.entity)
        if last.span.end != span.start - 1 or entity is None or entity.cls not in classes or last.source == "demonym":
            return None
        return entity.key

    def _possessor(self, span: Span, before: list[Mention], sentences, k: int, mentions: list[Mention],
                   entities, sent_index, resolve) -> tuple[str | None, float]:
        """The organisation a possessive stands for, and how sure: the organisation subject of
        its sentence before it; when no name stands before it in the sentence, the learned
        choice (``resolve``; without a ranking, the subject of the previous sentence or the
        most salient organisation); otherwise none (a person may own it)."""
        sent = span.sent
        here = [m for m in before if m.span.start >= sent.start and m.source != "demonym"]
        subjects = [m for m in here if any(t.dep_.startswith("nsubj") for t in m.span)]
        if subjects:
            entity = entities.get(subjects[-1].entity)
            return (entity.key if entity is not None and entity.cls in _OWNERS else None), 0.55
        if here:
            return None, 0.55
        return resolve(lambda: self._pronoun(sentences, k, mentions, _OWNERS, entities)
                       or self._salient(span, before, _OWNERS, entities, sentences, sent_index, k), 0.55)
