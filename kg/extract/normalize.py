"""Keys for matching surface forms: case, accents, apostrophes and articles
do not matter; the words and their order do.

>>> key("la Maison-Blanche")
'maison blanche'
>>> key("L’Université Tsinghua")
'universite tsinghua'
>>> key("NVIDIA")
'nvidia'
>>> slug("Ascend 910B")
'Ascend_910B'
"""

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

_ARTICLES = re.compile(r"^(?:(?:le|la|les|l'|the|du|des|de|d')\s*)+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w.+]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents, use a straight apostrophe (cached: the rules ask
    for the same words again and again)."""
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def key(text: str) -> str:
    """The matching key of a surface form (see the module examples)."""
    folded = fold(text).strip()
    folded = _ARTICLES.sub("", folded)
    folded = _NON_WORD.sub(" ", folded)
    return " ".join(folded.split()).strip(" .")


def slug(label: str) -> str:
    """The local name of a resource IRI for a label: letters, digits, ``_``, ``-`` and ``.``.

    Non-Latin letters are kept (IRIs allow them); anything else becomes ``_``.
    """
    text = unicodedata.normalize("NFC", label.strip())
    text = re.sub(r"[^\w.\-]+", "_", text).strip("_.")
    return text or "unnamed"


class WordFilter:
    """Which words pass a test, remembered by string id (the id of a word in any spaCy vocab).

    The rules look for a few words (pronouns, nationality adjectives, "selon",
    trigger verbs) in every document: each distinct word is tested once over
    all documents, and the tokens are read as ids, without a Token object each.

    >>> import spacy
    >>> WordFilter(lambda text: fold(text) == "selon").positions(spacy.blank("fr")("Selon lui, et selon elle."))
    [0, 4]
    """

    def __init__(self, test: Callable[[str], object]):
        self.test = test
        self._asked: set[int] = set()
        self._passed: set[int] = set()

    def passing(self, ids: list[int], strings) -> set[int]:
        """The string ids among ``ids`` whose string passes the test (``strings``: a StringStore)."""
        ids = set(ids)
        for new in ids - self._asked:
            self._asked.add(new)
            if self.test(strings[new]):
                self._passed.add(new)
        return ids & self._passed

    def positions(self, doc, attrs: tuple[str, ...] = ("ORTH",)) -> list[int]:
        """The indices of the tokens of ``doc`` whose text (or lemma, with
        ``attrs=("LEMMA", "ORTH")``: either of them) passes the test."""
        import numpy

        array = doc.to_array(list(attrs))
        hits = self.passing(array.ravel().tolist(), doc.vocab.strings)
        return numpy.flatnonzero(numpy.isin(array.reshape(len(doc), -1), list(hits)).any(axis=1)).tolist() if hits else []


def within(indices: list[int], span) -> list[int]:
    """The sorted ``indices`` that fall in ``span`` (a sentence)."""
    return indices[bisect_left(indices, span.start):bisect_left(indices, span.end)]
