"""Attributed claims: who says what, in which sentence.

Three shapes, from ``data/patterns/attribution.json``:

``quote``   « ... », a reconnu X — or — X : « ... » — the quoted text, said by
            the name next to the reporting verb or the colon;
``source``  Selon X, ... — or — ..., d'après X. — the rest of the sentence;
``verb``    X affirme / estime / redoute que ... — the complement clause,
            said by the verb's subject; also inverted: « ... », estime X.

The speaker must be a linked mention (a person, an organisation, a
government, or a description or pronoun resolved to one); "des analystes"
is not a speaker. A claim is hedged when its text holds a hedge word
("pourrait", "aurait"). Relations read inside a claim's text are tied to it.

The result is ``doc._.airace_claims``, a list of :class:`Claim`.

>>> verb_forms("estimer") >= {"estime", "estiment", "estimait"}  # folded: no accents
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention
from kg.extract.normalize import WordFilter, fold, within

_SPEAKERS = ("Person", "Company", "ResearchInstitution", "GovernmentBody", "Organization")
_ER_ENDINGS = ("e", "es", "ent", "é", "ée", "és", "ées", "ait", "aient", "a", "ons", "ez", "era", "eront", "erait", "eraient", "er", "ant")
_IRREGULAR = {
    "dire": {"dit", "dis", "disent", "disait", "disaient", "dira", "dirait"},
    "reconnaître": {"reconnaît", "reconnait", "reconnu", "reconnue", "reconnaissent", "reconnaissait"},
    "prévenir": {"prévient", "préviennent", "prévenu", "prévenait"},
    "écrire": {"écrit", "écrivent", "écrivait"},
    "croire": {"croit", "croient", "cru", "croyait"},
    "soutenir": {"soutient", "soutiennent", "soutenu", "soutenait"},
    "prétendre": {"prétend", "prétendent", "prétendu", "prétendait"},
    "promettre": {"promet", "promettent", "promis", "promettait"},
    "craindre": {"craint", "craignent", "craignait"},
    "avertir": {"avertit", "avertissent", "averti", "avertissait"},
}


def verb_forms(lemma: str) -> set[str]:
    """Common finite and participle forms of a reporting verb (folded)."""
    lemma = fold(lemma)
    forms = {lemma} | {fold(f) for f in _IRREGULAR.get(lemma, ())}
    if lemma.endswith("er") and " " not in lemma:
        stem = lemma[:-2]
        forms |= {fold(stem + e) for e in _ER_ENDINGS}
    return forms


def source_phrases(lexicon: Lexicon) -> set[tuple[str, ...]]:
    """The folded phrases that open a source ("selon", "d'après", "according to"),
    less "pour", which opens a point of view as often as a source."""
    return {tuple(fold(w) for w in seq) for seq in lexicon.attribution.get("sources", ()) if seq != ["pour"]}


def is_source(span: Span, phrases: set[tuple[str, ...]]) -> bool:
    """Whether ``span`` names the source of what its sentence reports ("selon Reuters",
    "d'après le Financial Times", "according to The Information"): a source is
    no actor of the facts it reports, and no antecedent of a description."""
    doc, start = span.doc, span.start
    if start < 1:
        return False
    if fold(doc[start - 1].text) in ("the", "le", "la", "l'", "les"):
        start -= 1
    if start < 1 or not any(fold(doc[start - 1].text) == words[-1] for words in phrases):
        return False  # most names: no source phrase ends right before them
    floor = span.sent.start
    return any(start - len(words) >= floor
               and all(fold(doc[start - len(words) + k].text) == word for k, word in enumerate(words))
               for words in phrases)


@dataclass
class Claim:
    """What a speaker says, as the article reports it."""

    speaker: str  # entity key
    text: str
    start_char: int
    end_char: int
    sentence: Span
    cue: str
    hedged: bool = False
    mentions: list[str] = field(default_factory=list)  # entity keys inside the claim
    date: tuple[str, str] | None = None


class ClaimReader:
    """The ``airace_claims`` component (see the module docstring)."""

    def __init__(self, lexicon: Lexicon):
        spec = lexicon.attribution
        self.lexicon = lexicon
        self.verbs: set[str] = set()
        for lemma in spec["verbs"]:
            self.verbs |= verb_forms(lemma)
        self.sources = [[fold(w) for w in seq] for seq in spec["sources"]]
        starts = {seq[0] for seq in self.sources}
        self.source_starts = WordFilter(lambda text: fold(text) in starts)
        self.reporting = WordFilter(lambda text: fold(text) in self.verbs)
        self.quotes = spec["quotes"]

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.airace_mentions or []
        entities = doc._.airace_entities or {}
        speakers = [m for m in mentions if m.entity in entities and entities[m.entity].cls in _SPEAKERS]
        claims: list[Claim] = []
        sources = self.source_starts.positions(doc)
        reporting = self.reporting.positions(doc, ("LEMMA", "ORTH"))
        for sent in doc.sents:
            inside = [m for m in speakers if sent.start <= m.span.start < sent.end]
            earlier = [m for m in speakers if sent.start - 120 <= m.span.start < sent.start]
            here = within(sources, sent)
            claim = self._quote(sent, inside) or self._source(sent, inside, earlier, here) or self._verb(sent, inside, within(reporting, sent)) if inside else (
                self._source(sent, inside, earlier, here))
            if claim is not None:
                claim.mentions = sorted({m.entity for m in mentions if claim.start_char <= m.span.start_char < claim.end_char
                                         and m.entity and m.entity != claim.speaker})
                claim.hedged = any(fold(w) in self.lexicon.hedges for w in claim.text.split())
                claims.append(claim)
        doc._.airace_claims = claims
        for relation in doc._.airace_relations or []:
            for k, claim in enumerate(claims):
                if claim.sentence.start == relation.sentence.start:
                    relation.claim = k
        return doc

    # -- shapes ------------------------------------------------------------
    def _claim(self, speaker: Mention, first: int, last: int, sent: Span, cue: str) -> Claim | None:
        doc = sent.doc
        while first < last and (doc[first].is_punct or doc[first].is_space or fold(doc[first].text) in ("que", "qu'", "that")):
            first += 1
        while last > first and (doc[last - 1].is_punct or doc[last - 1].is_space):
            last -= 1
        if last - first < 3:
            return None
        span = doc[first:last]
        return Claim(speaker.entity, span.text, span.start_char, span.end_char, sent, cue)

    def _is_reporting(self, token) -> bool:
        return token.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN") and (fold(token.text) in self.verbs or fold(token.lemma_) in self.verbs)

    def _quote(self, sent: Span, speakers: list[Mention]) -> Claim | None:
        doc = sent.doc
        opening = next((t for t in sent if t.text in self.quotes), None)
        if opening is None:
            return None
        # a quotation may run over several sentences: look a little past this one
        limit = min(len(doc), opening.i + 300)
        closing = next((t for t in doc[opening.i + 1:limit] if t.text == self.quotes[opening.text]), None)
        end = closing.i if closing is not None else sent.end
        if end - opening.i < 4:
            return None
        # after: « ... », a reconnu X / « ... », selon X
        if closing is not None and closing.i < sent.end:
            after = [m for m in speakers if closing.i < m.span.start <= closing.i + 6]
            if after and any(self._is_reporting(t) or fold(t.text) == "selon" for t in doc[closing.i + 1:after[0].span.start]):
                return self._claim(after[0], opening.i + 1, end, sent, "quote")
        # before: X : « ... » / X a déclaré : « ... » / ajoute X : « ... »
        before = [m for m in speakers if m.span.end <= opening.i and opening.i - m.span.end <= 10
                  and not (m.span.start > 0 and fold(doc[m.span.start - 1].text) in ("de", "du", "d'", "des"))]
        if before:
            gap = doc[before[-1].span.end:opening.i]
            if not any(t.text in (".", "«", "»", ";") for t in gap) and (
                    any(t.text == ":" for t in gap) or any(self._is_reporting(t) for t in gap)):
                return self._claim(before[-1], opening.i + 1, end, sent, "quote")
        return None

    def _source(self, sent: Span, speakers: list[Mention], earlier: list[Mention], starts: list[int]) -> Claim | None:
        """``starts``: where the sentence has the first word of a source phrase ("selon", "d'après")."""
        doc = sent.doc
        for token in map(doc.__getitem__, starts):
            for seq in self.sources:
                start = token.i
                if [fold(t.text) for t in doc[start:start + len(seq)]] != seq:
                    continue
                after = start + len(seq)
                speaker = next((m for m in speakers if m.span.start == after), None)
                if speaker is None and after < sent.end and fold(doc[after].text) in ("lui", "elle"):
                    # "selon lui": the last person named in the sentences before
                    people = [m for m in earlier if m.cls == "Person" and m.span.end <= start]
                    if people:
                        speaker = Mention(doc[after:after + 1], "Person", "coref", 0.5, entity=people[-1].entity)
                if speaker is None or (seq == ["pour"] and speaker.cls != "Person"):
                    continue  # "pour Nvidia, l'équation est délicate" is a point of view, not a quote
                if start <= sent.start + 1:  # Selon X, claim.
                    comma = next((t.i for t in doc[speaker.span.end:sent.end] if t.text == ","), None)
                    if comma is not None and comma - speaker.span.end <= 8:
                        return self._claim(speaker, comma + 1, sent.end, sent, "source")
                elif doc[start - 1].text == ",":
                    rest = [t for t in doc[speaker.span.end:sent.end] if not (t.is_punct or t.is_space)]
                    last = start - 1 if not rest else sent.end  # "claim, selon X." / "il faut, selon lui, agir."
                    return self._claim(speaker, sent.start, last, sent, "source")
        return None

    def _verb(self, sent: Span, speakers: list[Mention], verbs: list[int]) -> Claim | None:
        """``verbs``: where the sentence has a word or lemma of a reporting verb."""
        doc = sent.doc
        for token in map(doc.__getitem__, verbs):
            if not self._is_reporting(token) or token.pos_ in ("NOUN", "PROPN"):
                continue
            subject = self._subject_of(token, speakers) if doc.has_annotation("DEP") else self._before(token, speakers)
            if subject is not None:
                complement = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")), None)
                if complement is not None:
                    tokens = [t.i for t in complement.subtree]
                    return self._claim(subject, min(tokens), max(tokens) + 1, sent, "verb")
                if token.i + 1 < sent.end and fold(doc[token.i + 1].text) in ("que", "qu'", "that"):
                    return self._claim(subject, token.i + 2, sent.end, sent, "verb")
            # inverted: "..., estime X." after a clause
            after = [m for m in speakers if token.i < m.span.start <= token.i + 3]
            if after and token.i - 1 >= sent.start and doc[token.i - 1].text in (",", "»") or (
                    after and token.i - 2 >= sent.start and doc[token.i - 1].pos_ == "AUX" and doc[token.i - 2].text in (",", "»")):
                first_comma = max(t.i for t in doc[sent.start:token.i] if t.text in (",", "»"))
                return self._claim(after[0], sent.start, first_comma, sent, "verb")
        return None

    @staticmethod
    def _before(verb, speakers: list[Mention]) -> Mention | None:
        """Without a parse: the nearest speaker before the verb, in the same clause."""
        doc = verb.doc
        before = [m for m in speakers if m.span.end <= verb.i and verb.i - m.span.end <= 8]
        if not before:
            return None
        gap = doc[before[-1].span.end:verb.i]
        if any(t.text in (";", ":", ".") or fold(t.text) in ("que", "that", "qui", "who") for t in gap):
            return None
        # skip an apposition: "Sam Altman, the CEO of OpenAI, said" → Sam Altman
        for m in before:
            between = doc[m.span.end:verb.i]
            if between and between[0].text == "," and sum(t.text == "," for t in between) == 2 and between[-1].text == ",":
                return m
        return before[-1]

    @staticmethod
    def _subject_of(verb, speakers: list[Mention]) -> Mention | None:
        for child in verb.children:
            if child.dep_.startswith("nsubj"):
                for m in speakers:
                    if m.span.start <= child.i < m.span.end:
                        return m
        return None
