"""Names learned from the training corpus: the actors its passages name,
as gazetteer entries (``kg/extract/models/names.json``, written by ``kg train``).

Reporting on the AI race keeps naming the same few hundred firms, labs,
people, chips and models; the corpus annotates them with their class and the
forms the text gives them. A form is kept when it looks like a name: it
starts with a capital or a digit, or mixes cases ("xAI", "iFlytek"), and its
lower-case words are particles ("Semiconductor Manufacturing International
Corp", "Ministry of Commerce", "Banque de France"). Descriptions ("le géant de
Shenzhen"), lone surnames (the linker finds them through the full name) and
forms two entities share are left out. Policies are kept only under a name
the text uses ("CHIPS Act", not "US export controls"). The learned names are
matched with their case ("Spark" is iFlytek's model, "spark" is not), and the
curated gazetteer (``data/gazetteer.json``) wins over them.

>>> looks_like_name("Semiconductor Manufacturing International Corp"), looks_like_name("le géant de Shenzhen")
(True, False)
>>> looks_like_name("xAI"), looks_like_name("Ministry of Commerce"), looks_like_name("Commerce")
(True, True, True)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kg.extract.normalize import key
from kg.learn.corpus import Passage

_PARTICLES = {"de", "du", "des", "d'", "d’", "of", "and", "&", "for", "la", "le", "les", "l'", "l’", "et", "pour", "en",
              "on", "the", "y", "von", "van", "der", "al", "bin", "ben"}
_LEADING = {"le", "la", "les", "l'", "l’", "un", "une", "the", "a", "an", "son", "sa", "ses", "its", "their", "his", "her",
            "ce", "cette", "ces", "this", "that", "leur", "notre", "our"}


def looks_like_name(form: str) -> bool:
    """Whether a surface form is a name rather than a description."""
    words = re.findall(r"[\w'’.&+-]+", form)
    if not words or len(form) < 2 or words[0].lower() in _LEADING:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit() or any(c.isupper() for c in words[0][1:])):
        return False
    return all(w[0].isupper() or w[0].isdigit() or any(c.isupper() or c.isdigit() for c in w) or w.lower() in _PARTICLES
               for w in words)


def _distinctive(word: str) -> bool:
    """A one-word alias must not be an ordinary capitalised word ("Commerce"):
    an acronym, or a word with a digit or an inner capital ("SMIC", "R1", "DeepSeek")."""
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


def harvest(passages: list[Passage]) -> list[dict]:
    """Gazetteer entries for the entities of ``passages`` (sorted, so the same corpus gives the same file)."""
    classes: dict[str, str] = {}
    forms: dict[str, set[str]] = {}
    in_text: set[str] = set()
    for passage in passages:
        for entity in passage.entities:
            label, cls = entity["label"], entity["type"]
            classes.setdefault(label, cls)
            forms.setdefault(label, set()).update(entity.get("aliases", ()))
            if label in passage.text:
                in_text.add(label)
    owners: dict[str, set[str]] = {}
    for label, names in forms.items():
        for form in names | {label}:
            owners.setdefault(key(form), set()).add(label)
    entries = []
    for label in sorted(classes):
        cls = classes[label]
        if cls == "Policy" and label not in in_text:
            continue  # a descriptive label ("US export controls"), not a name the text uses
        kept = sorted(f for f in forms[label] if f != label and looks_like_name(f) and owners[key(f)] == {label}
                      and (len(f.split()) > 1 or _distinctive(f)) and not (cls == "Person" and len(f.split()) < 2))
        if not looks_like_name(label) or owners[key(label)] != {label}:
            if not kept:
                continue
        elif cls == "Person" and len(label.split()) < 2:
            continue
        entries.append({"name": label, "class": cls, "aliases": kept, "wikidata": None, "country": None, "exact": True})
    return entries


def write(entries: list[dict], path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(entries, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
