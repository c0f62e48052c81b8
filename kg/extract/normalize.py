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
