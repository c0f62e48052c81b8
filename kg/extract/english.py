"""English without a statistical model: a rule-based fallback over spaCy's
English tokenizer, used when ``en_core_web_sm`` is not installed (it is not on
PyPI; see the README for installing it from its release).

Two components stand in for the model, then the same airace components run:

``airace_en_tags``   part of speech and lemma by rule: the trigger and
                     reporting verbs of the data files in their inflected
                     forms ("developed", "uses", "built"), cue nouns in the
                     plural ("chips" → "chip"), determiners, prepositions,
                     capitalised words as proper nouns;
``airace_en_names``  runs of capitalised words ("Zhipu AI", "Sam Altman") as
                     entity candidates (label ``MISC``, or ``PER`` after a
                     person cue), which the context words then type.

The fallback has no dependency parse: relation rules use their linear
windows, and the dependency patterns find nothing.

>>> sorted(english_forms("develop"))[:4]
['develop', 'developed', 'developing', 'develops']
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract.lexicon import Lexicon
from kg.extract.normalize import fold

_IRREGULAR = {
    "build": {"built"}, "buy": {"bought"}, "make": {"made"}, "sell": {"sold"}, "run": {"ran"}, "lead": {"led"},
    "say": {"said"}, "tell": {"told"}, "think": {"thought"}, "write": {"wrote", "written"}, "hold": {"held"},
    "set": {"set"}, "put": {"put"}, "begin": {"began", "begun"}, "rise": {"rose", "risen"},
}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
_PREPOSITIONS = {"of", "by", "from", "in", "on", "to", "for", "with", "against", "at", "into", "over", "under", "as"}
_AUXILIARIES = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could", "may", "might", "can"}
_PERSON_CUES = {"ceo", "founder", "co-founder", "cofounder", "president", "chairman", "chairwoman", "secretary",
                "minister", "professor", "researcher", "chief", "executive", "director", "senator", "mr", "ms", "dr"}
_JOINERS = {"of", "and", "&", "de", "van", "von"}


def english_forms(lemma: str) -> set[str]:
    """Regular and common irregular inflections of an English verb."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"} | _IRREGULAR.get(lemma, set())
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        forms.add(lemma + "es")
    return forms


class EnglishTagger:
    """The ``airace_en_tags`` component (see the module docstring)."""

    def __init__(self, lexicon: Lexicon):
        self.verbs: dict[str, str] = {}
        lemmas = {w for ws in lexicon.verb_triggers.values() for w in ws} | set(lexicon.attribution.get("verbs", ()))
        for lemma in lemmas:
            if lemma.isascii() and " " not in lemma:
                for form in english_forms(lemma):
                    self.verbs.setdefault(form, lemma)
        self.nouns = {w for ws in lexicon.cues_before.values() for w in ws} | {
            w for ws in lexicon.noun_triggers.values() for w in ws}

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            low = fold(token.text)
            if token.is_punct:
                token.pos_, token.lemma_ = "PUNCT", token.text
            elif token.is_space:
                token.pos_, token.lemma_ = "SPACE", token.text
            elif low in _DETERMINERS:
                token.pos_, token.lemma_ = "DET", low
            elif low in _PREPOSITIONS:
                token.pos_, token.lemma_ = "ADP", low
            elif low in _AUXILIARIES:
                token.pos_, token.lemma_ = "AUX", low
            elif low in self.verbs and not token.is_title:
                token.pos_, token.lemma_ = "VERB", self.verbs[low]
            elif low in self.nouns or (low.endswith("s") and low[:-1] in self.nouns):
                token.pos_, token.lemma_ = "NOUN", low if low in self.nouns else low[:-1]
            elif token.like_num:
                token.pos_, token.lemma_ = "NUM", low
            elif token.text[:1].isupper():
                token.pos_, token.lemma_ = "PROPN", token.text
            else:
                token.pos_, token.lemma_ = "X", low
        return doc


class EnglishNames:
    """The ``airace_en_names`` component: capitalised runs as entity candidates."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if not self._capital(token) or fold(token.text) in _DETERMINERS or self.lexicon.demonym(token.text):
                i += 1  # "Chinese", "US" are nationalities, read by the linking step
                continue
            j = i + 1
            while j < len(doc) and (self._capital(doc[j]) or (
                    fold(doc[j].text) in _JOINERS and j + 1 < len(doc) and self._capital(doc[j + 1]) and fold(doc[j].text) != "and")):
                j += 1
            span = doc[i:j]
            if not (token.is_sent_start and j - i == 1 and self.lexicon.gazetteer.lookup(token.text) is None
                    and token.pos_ != "PROPN"):
                before = fold(doc[i - 1].text) if i > 0 else ""
                label = "PER" if before in _PERSON_CUES and 2 <= len(span) <= 3 else "MISC"
                spans.append(Span(doc, i, j, label=label))
            i = j
        doc.ents = spans
        return doc

    @staticmethod
    def _capital(token) -> bool:
        text = token.text
        return bool(text) and (text[0].isupper() or (text[0].isdigit() and any(c.isalpha() for c in text))) and not token.is_punct
