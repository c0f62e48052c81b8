"""Candidate pairs: two linked mentions of one sentence whose classes fit a property.

A candidate is ordered (subject mention, object mention) and carries the core
properties whose domain and range its classes fit (:mod:`kg.extract.schema`).
Mentions found by coreference ("le groupe de Hangzhou", "the company") stand
for their entity in the sentence where they occur, so a relation stated
across sentences through an anaphor is a candidate of the anaphor's sentence.
(Pairing a mention with the entities of the two sentences before, without an
anaphor, was measured and left out: +0.004 held-out F1 for 3.5 times the
candidates.)

>>> [p for p in PROPERTIES if fits(p, "Company", "Chip")]
['produces', 'usesChip']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.extract.claims import is_source
from kg.extract.mentions import Mention
from kg.extract.schema import fits

#: The properties the model decides, the core ones of ``../shared/VOCAB.md``
#: (the rules' ``designs`` and ``manufactures`` count as ``produces``: ``schema.CORE_OF``).
PROPERTIES = ("develops", "produces", "usesChip", "basedOn", "affiliatedWith", "founderOf", "leads", "basedIn",
              "issuedBy", "targets", "deploys", "competesWith", "variantOf")
#: Farthest apart (in tokens) two mentions of a candidate may stand.
MAX_DISTANCE = 60


@dataclass
class Candidate:
    """Two mentions of one sentence and the properties their classes allow."""

    subject: Mention
    object: Mention
    sentence: Span
    properties: tuple[str, ...]

    @property
    def entities(self) -> tuple[str, str]:
        return (self.subject.entity, self.object.entity)


def candidates(doc: Doc, sources: set[tuple[int, str]] = frozenset()) -> list[Candidate]:
    """Every candidate of ``doc`` (after linking and coreference), sentence by sentence;
    ``sources``: the ``(sentence start, entity)`` of the sources of what a sentence
    reports (:func:`sources`), which are no end of a candidate there."""
    entities = doc._.airace_entities
    by_sentence: dict[int, list[Mention]] = {}
    for mention in doc._.airace_mentions:
        if mention.entity in entities and (mention.span.sent.start, mention.entity) not in sources:
            by_sentence.setdefault(mention.span.sent.start, []).append(mention)
    found = []
    for start in sorted(by_sentence):
        mentions = _distinct(by_sentence[start])
        if len(mentions) < 2:
            continue
        sentence = mentions[0].span.sent
        for a in mentions:
            for b in mentions:
                if a.entity == b.entity or _overlap(a.span, b.span):
                    continue
                if max(a.span.start, b.span.start) - min(a.span.end, b.span.end) > MAX_DISTANCE:
                    continue
                props = allowed(entities[a.entity].cls, entities[b.entity].cls)
                if props:
                    found.append(Candidate(a, b, sentence, props))
    return found


def sources(doc: Doc, phrases: set[tuple[str, ...]]) -> set[tuple[int, str]]:
    """``(sentence start, entity)`` of each entity that a sentence names only as the source
    of what it reports ("D'après Reuters, ByteDance a commandé des H20": Reuters
    ordered nothing); ``phrases``: :func:`kg.extract.claims.source_phrases`."""
    named, cited = set(), set()
    for mention in doc._.airace_mentions:
        if mention.entity:
            slot = (mention.span.sent.start, mention.entity)
            (cited if is_source(mention.span, phrases) else named).add(slot)
    return cited - named


@lru_cache(maxsize=None)
def allowed(subject_cls: str, object_cls: str) -> tuple[str, ...]:
    """The properties whose domain and range the two classes fit."""
    return tuple(p for p in PROPERTIES if fits(p, subject_cls, object_cls))


def _distinct(mentions: list[Mention]) -> list[Mention]:
    """One mention per span and entity, in text order."""
    seen, kept = set(), []
    for mention in sorted(mentions, key=lambda m: (m.span.start, -len(m.span))):
        slot = (mention.span.start, mention.span.end, mention.entity)
        if slot not in seen:
            seen.add(slot)
            kept.append(mention)
    return kept


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
