"""Quantities with their unit, and the entity they qualify.

Three kinds, from ``data/patterns/quantities.json``: ``cost`` ("5,6 millions
de dollars", "$5.6 million"), ``share`` ("17 %", "70 % de moins") and
``count`` ("2 048 processeurs H800", "100 millions d'utilisateurs",
"671 milliards de paramètres"). The number is normalised (French and English
decimal and thousands separators, scale words), so "5,6 millions" is
``5600000``.

What a quantity qualifies: for a count of chips, the chip named right after
("2 048 processeurs H800" → H800); for a count of parameters, the model of
the sentence; otherwise the subject of the sentence, else the nearest
entity before the number. A quantity with nothing to qualify is dropped.

>>> parse_number("2 048")
2048.0
>>> parse_number("5,6")
5.6
>>> parse_number("1,234.5")
1234.5
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention
from kg.extract.normalize import fold

_NUMBER = r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)*(?![\w])"


@dataclass
class Quantity:
    """A number with its unit and kind, about one entity."""

    value: float
    unit: str
    kind: str
    text: str
    start_char: int
    end_char: int
    sentence: Span
    qualifies: str  # entity key
    date: tuple[str, str] | None = None


def parse_number(text: str) -> float:
    """A French or English number written with digits (see the module examples)."""
    text = re.sub(r"[ \u00a0\u202f]", "", text)
    if "," in text and "." in text:
        text = text.replace(",", "")  # 1,234.5
    elif re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")  # 1,234 (English thousands)
    else:
        text = text.replace(",", ".")  # 5,6 (French decimal)
    return float(text)


class QuantityReader:
    """The ``airace_quantities`` component (see the module docstring)."""

    def __init__(self, lexicon: Lexicon):
        spec = lexicon.quantities
        self.scales = {fold(k): float(v) for k, v in spec["scales"].items()}
        self.currencies = {fold(k): v for k, v in spec["currencies"].items()}
        self.counted = {fold(k): tuple(v) for k, v in spec["counted"].items()}
        scale = "|".join(sorted(map(re.escape, self.scales), key=len, reverse=True))
        currency = "|".join(sorted(map(re.escape, self.currencies), key=len, reverse=True))
        counted = "|".join(sorted(map(re.escape, self.counted), key=len, reverse=True))
        percent = "|".join(map(re.escape, (fold(p) for p in spec["percent"])))
        # A quantity starts with a digit or a currency: the lookahead lets the engine
        # pass over the other characters without trying the whole pattern (2.4x faster).
        starts = "".join(sorted({re.escape(c[0]) for c in self.currencies}))
        self.pattern = re.compile(
            rf"(?=\d|[{starts}])(?P<prefix>(?:{currency})\s?)?(?P<number>{_NUMBER})\s?(?P<scale>(?:{scale})\b)?\s?"
            rf"(?:(?P<percent>{percent})|(?:d[e'’]\s?)?(?P<currency>(?:{currency})(?![\w]))|(?:d[e'’]\s?)?(?:[a-z]{{0,8}}\d[\w-]*\s)?(?P<counted>(?:{counted})\b))?",
            re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        mentions = [m for m in doc._.airace_mentions or [] if m.entity]
        entities = doc._.airace_entities or {}
        found = []
        original = doc.text  # built from the tokens at each call: read once
        text = fold(original)  # same length as doc.text: fold only drops combining marks of NFKD...
        if len(text) != len(original):
            text = original.lower()
        for match in self.pattern.finditer(text):
            quantity = self._quantity(doc, original, match, mentions, entities)
            if quantity is not None:
                found.append(quantity)
        doc._.airace_quantities = found
        return doc

    def _quantity(self, doc: Doc, text: str, match: re.Match, mentions: list[Mention], entities) -> Quantity | None:
        groups = match.groupdict()
        if not (groups["percent"] or groups["currency"] or groups["prefix"] or groups["counted"]):
            return None
        value = parse_number(groups["number"])
        if groups["scale"]:
            value *= self.scales[fold(groups["scale"])]
        if groups["percent"]:
            unit, kind, wanted = "percent", "share", None
        elif groups["currency"] or groups["prefix"]:
            unit, kind, wanted = self.currencies[fold((groups["currency"] or groups["prefix"]).strip())], "cost", None
        else:
            unit, wanted = self.counted[fold(groups["counted"])]
            kind = "count"
        start, end = match.start("prefix") if groups["prefix"] else match.start("number"), match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        sent = span.sent
        target = self._target(span, sent, mentions, entities, wanted)
        if target is None:
            return None
        return Quantity(value, unit, kind, text[start:end], start, end, sent, target)

    @staticmethod
    def _target(span: Span, sent: Span, mentions: list[Mention], entities, wanted: str | None) -> str | None:
        inside = [m for m in mentions if sent.start <= m.span.start < sent.end and m.source != "demonym"]
        if wanted:
            after = [m for m in inside if span.start <= m.span.start <= span.end + 2 and entities[m.entity].cls == wanted]
            if after:
                return after[0].entity
            near = sorted((m for m in inside if entities[m.entity].cls == wanted), key=lambda m: abs(m.span.start - span.start))
            if near:
                return near[0].entity
        subjects = [m for m in inside if entities[m.entity].cls != "Country" and _is_subject(m)]
        if subjects:
            return subjects[0].entity
        before = [m for m in inside if m.span.end <= span.start and entities[m.entity].cls != "Country"]
        return before[-1].entity if before else None


def _is_subject(mention: Mention) -> bool:
    """The mention is a subject, or names one ("la start-up Zorbex a levé ...")."""
    for token in mention.span:
        if token.dep_.startswith("nsubj"):
            return True
        head = token.head
        if token.dep_ in ("appos", "nmod", "flat:name", "compound") and head.dep_.startswith("nsubj") and not any(
                c.dep_ == "case" for c in token.children):
            return True
    return False
