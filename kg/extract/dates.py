"""Dates stated next to a fact: "le 20 janvier 2025", "en mai 2019", "fin 2020".

:func:`date_in` gives the most precise date of a sentence as an XSD literal
(``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``); a day and month without
a year take the year of the publication date (the year before when that
would put them after publication). The ``airace_dates`` component puts the
date of its sentence on every relation, claim and quantity.

>>> date_in("En mai 2019, le groupe était inscrit sur la liste.")
('2019-05', 'gYearMonth')
>>> date_in("DeepSeek-R1, publié le 20 janvier par la start-up.", published="2025-01-28")
('2025-01-20', 'date')
>>> date_in("Depuis 2019, Huawei commercialise le Kunpeng 920.")
('2019', 'gYear')
>>> date_in("Il y a six ans.") is None
True
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.documents import DATE_HEAD, find_date

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DAY_MONTH = re.compile(rf"\b(?P<day>[0-3]?\d)(?:er)?\s+(?P<month>{_MONTH})\b(?:\s+(?P<year>{_YEAR}))?", re.IGNORECASE)
_MONTH_DAY_EN = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?:de\s+l'année\s+)?(?P<year>{_YEAR})\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(rf"\b(?:en|depuis|dès|fin|début|mi-|courant|in|since|by|late|early|avant|après|d'ici)\s*(?P<year>{_YEAR})\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")  # every date pattern needs one


def date_in(text: str, published: str | None = None) -> tuple[str, str] | None:
    """The most precise date written in ``text`` as ``(lexical form, XSD type name)``."""
    if not _DIGIT.search(text):
        return None
    for pattern in (_MONTH_DAY_EN, _DAY_MONTH):
        for match in pattern.finditer(text):
            month = MONTHS[match.group("month").lower()]
            day = int(match.group("day"))
            year = match.group("year")
            if not 1 <= day <= 31:
                continue
            if year is None:
                if published is None:
                    continue
                year = int(published[:4])
                if f"{year}-{month:02d}-{day:02d}" > published:
                    year -= 1
            return f"{int(year)}-{month:02d}-{day:02d}", "date"
    match = _MONTH_YEAR.search(text)
    if match:
        return f"{match.group('year')}-{MONTHS[match.group('month').lower()]:02d}", "gYearMonth"
    match = _YEAR_ONLY.search(text)
    if match:
        return match.group("year"), "gYear"
    return None


def _opening(doc: Doc) -> str:
    """The start of ``doc.text`` that :func:`find_date` reads (``doc.text`` joins every token of the doc)."""
    end = next((token.i for token in doc if token.idx >= DATE_HEAD), len(doc))
    return doc[:end].text_with_ws


def mark_dates(doc: Doc) -> Doc:
    """The ``airace_dates`` component: the date of each fact's sentence."""
    published = find_date(_opening(doc))
    cache: dict[int, tuple[str, str] | None] = {}

    def of(sentence):
        if sentence.start not in cache:
            cache[sentence.start] = date_in(sentence.text, published)
        return cache[sentence.start]

    for item in list(doc._.airace_relations or []) + list(doc._.airace_claims or []) + list(doc._.airace_quantities or []):
        item.date = of(item.sentence)
    return doc
