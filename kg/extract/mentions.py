"""Find and type the mentions of AI-race entities in a parsed French ``Doc``.

Candidates come from three places, in this order of trust: the gazetteer
(known names and aliases), the shapes of this domain (chip codes such as
``H800``, model names with versions such as ``Qwen3``, policy phrases such as
``contrôles à l'exportation``), and spaCy's NER. Overlaps keep the longest
gazetteer or shape span, then NER fills the gaps. Each kept span is then
typed into one of the nine classes by its source and its context ("la puce X",
"X, une entreprise chinoise", "l'université X"): a name that no context
supports is dropped rather than guessed.

The result is ``doc._.airace_mentions``, a list of :class:`Mention`, and the
same spans in ``doc.spans["airace_mentions"]`` (label = class).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from kg.extract.dates import MONTHS
from kg.extract.lexicon import Lexicon
from kg.extract.normalize import WordFilter, fold

SPANS_KEY = "airace_mentions"
_DETERMINERS = {"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "the", "a", "an", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs"}
_PARTICLES = {"de", "du", "des", "d'", "la", "le", "les", "l'", "et", "and", "of", "the", "von", "van", "al", "bin", "ben", "y", "e", "da", "di"}
_ROMAN = re.compile(r"^[IVXLC]+(?:e|er|ème)?$")
_STRIP_EDGE = {"«", "»", '"', "“", "”", "(", ")", ",", ".", ":", ";", "-", "–", "—", "'", "’", "!", "?"}


@dataclass
class Mention:
    """One typed mention: its span, class, where it came from and how sure we are.

    ``canonical`` is the gazetteer name when the gazetteer knows it; ``kind``
    is the policy kind of a generic policy phrase ("export controls").
    ``entity`` is filled by the linking step.
    """

    span: Span
    cls: str
    source: str
    confidence: float
    canonical: str | None = None
    kind: str | None = None
    entity: str | None = None

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def sent(self) -> Span:
        return self.span.sent


def split_first_token(pattern: list[dict]) -> list[list[dict]]:
    """A token pattern as patterns whose first token tests single values, not ``IN`` sets.

    spaCy's matcher tries the first token of each pattern at every token of
    every doc; it tests a single value in C, but calls Python for a set. A
    token has one value of an attribute, so at most one of the split patterns
    passes the first token, and wherever the original would: the matches are
    the same, in the same order.

    >>> split_first_token([{"LOWER": {"IN": ["tarifs", "barrières"]}}, {"LOWER": "douaniers"}])
    [[{'LOWER': 'tarifs'}, {'LOWER': 'douaniers'}], [{'LOWER': 'barrières'}, {'LOWER': 'douaniers'}]]
    """
    first = pattern[0]
    sets = {attr: test["IN"] for attr, test in first.items() if isinstance(test, dict) and list(test) == ["IN"]}
    if not sets or "OP" in first:
        return [pattern]
    fixed = {attr: test for attr, test in first.items() if attr not in sets}
    return [[{**fixed, **dict(zip(sets, values))}, *pattern[1:]] for values in itertools.product(*sets.values())]


#: The labels of the English model (OntoNotes) as the French model's four
#: (PER, ORG, LOC, MISC); None: not the name of an actor.
_NER_LABELS = {"PERSON": "PER", "GPE": "LOC", "FAC": "LOC", "PRODUCT": "MISC", "LAW": "MISC", "WORK_OF_ART": "MISC",
               "NORP": None, "CARDINAL": None, "ORDINAL": None, "DATE": None, "TIME": None, "MONEY": None,
               "PERCENT": None, "QUANTITY": None, "LANGUAGE": None, "EVENT": None}


_VERSION = re.compile(r"^[A-Za-z]{0,2}\d{1,4}(?:\.\d{1,2})?[A-Za-z]{0,2}$")


def short_names(lexicon: Lexicon) -> dict[str, list]:
    """Version code → ``[(gazetteer entry, first word of its name, folded)]`` for the
    models and chips whose names end with a code: "R1" → DeepSeek-R1 (deepseek).

    >>> sorted(short_names(Lexicon.load()).get("R1", []), key=str)[0][1]
    'deepseek'
    """
    found: dict[str, list] = {}
    for entry in lexicon.gazetteer.entries:
        if entry.cls not in ("AIModel", "Chip"):
            continue
        for name in entry.surface_forms:
            parts = re.split(r"[\s-]+", name.strip())
            code = parts[-1]  # a letter and a digit: "R1", "K2", "910C"; a bare number is anything ("2 000 GPU")
            if len(parts) >= 2 and _VERSION.match(code) and any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
                pair = (entry, fold(parts[0]))
                if pair not in found.setdefault(code, []):
                    found[code].append(pair)
    return found


class MentionFinder:
    """The ``airace_mentions`` component (see the module docstring)."""

    def __init__(self, nlp, lexicon: Lexicon):
        self.lexicon = lexicon
        self.cue_words = WordFilter(lexicon.cue_class)
        self.short_names = short_names(lexicon)
        self.short_words = WordFilter(lambda text: text in self.short_names)
        self.gazetteer_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")  # learned names keep their case
        for entry in lexicon.gazetteer.entries:
            forms = {f for f in entry.surface_forms if f.strip()}
            matcher = self.exact_matcher if entry.exact else self.gazetteer_matcher
            matcher.add(entry.name, [nlp.make_doc(f) for f in sorted(forms)])
        self.shape_matcher = Matcher(nlp.vocab)
        self._shape_class = {}
        for item in lexicon.shapes:
            self.shape_matcher.add(item["id"], split_first_token(item["pattern"]))
            self._shape_class[item["id"]] = item["label"]
        self.policy_matcher = Matcher(nlp.vocab)
        for kind, patterns in lexicon.policy_kinds.items():
            self.policy_matcher.add("policy:" + kind, [split for pattern in patterns for split in split_first_token(pattern)])

    # -- candidates -------------------------------------------------------
    def _candidates(self, doc: Doc) -> list[tuple[Span, str, str]]:
        """(span, source, payload) for every raw candidate."""
        vocab = doc.vocab
        found = []
        for match_id, start, end in itertools.chain(self.gazetteer_matcher(doc), self.exact_matcher(doc)):
            found.append((doc[start:end], "gazetteer", vocab.strings[match_id]))
        for match_id, start, end in self.shape_matcher(doc):
            span = self._trim_shape(doc[start:end])
            if span is not None:
                found.append((span, "shape", vocab.strings[match_id]))
        for match_id, start, end in self.policy_matcher(doc):
            found.append((doc[start:end], "policy", vocab.strings[match_id].split(":", 1)[1]))
        return found

    def _trim_shape(self, span: Span) -> Span | None:
        """Drop leading words of a shape match that are cue words or known names
        of another class ("GPU H800" → "H800", "Nvidia A100" → "A100")."""
        start = span.start
        while start < span.end - 1:
            token = span.doc[start]
            known = self.lexicon.gazetteer.lookup(token.text)
            if self.lexicon.cue_class(token.lemma_) or self.lexicon.cue_class(token.text) or (known and known.cls != "Chip" and known.cls != "AIModel"):
                start += 1
            else:
                break
        return span.doc[start:span.end]

    def _choose(self, doc: Doc, candidates) -> list[tuple[Span, str, str]]:
        """Longest gazetteer/shape/policy spans first; NER entities fill the gaps."""
        strong = sorted(candidates, key=lambda c: (-(c[0].end - c[0].start), {"gazetteer": 0, "shape": 1, "policy": 2}[c[1]]))
        taken: set[int] = set()
        chosen = []
        policies = [c for c in strong if c[1] == "policy"]
        for span, source, payload in [c for c in strong if c[1] != "policy"]:
            if taken.intersection(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            chosen.append((span, source, payload))
        # A policy phrase may hold a name ("l'interdiction par Washington d'exporter"):
        # it does not hide it, but two policy phrases do not overlap.
        policy_taken: set[int] = set()
        for span, source, payload in policies:
            inner = range(span.start, span.end)
            if policy_taken.intersection(inner) or any(c[0].start < span.start < c[0].end or c[0].start < span.end < c[0].end for c in chosen):
                continue
            policy_taken.update(inner)
            chosen.append((span, source, payload))
        for ent in doc.ents:
            label = _NER_LABELS.get(ent.label_, ent.label_)
            if label is None:
                continue  # a nationality, a number, a date: not an actor's name
            span = self._trim_ner(ent)
            if span is None or taken.intersection(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            chosen.append((span, "ner", label))
        return sorted(chosen, key=lambda c: c[0].start)

    @staticmethod
    def _trim_ner(ent: Span) -> Span | None:
        doc, start, end = ent.doc, ent.start, ent.end
        while start < end and (fold(doc[start].text) in _DETERMINERS or doc[start].text in _STRIP_EDGE or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].text in _STRIP_EDGE or doc[end - 1].is_space):
            end -= 1
        if end <= start or end - start > 6:
            return None
        span = doc[start:end]
        if "\n" in span.text or not any(c.isupper() for c in span.text) or len(span.text) < 2:
            return None
        # Headings and noun phrases that NER mistakes for names: "Coopération internationale".
        if any(t.is_lower and t.is_alpha and fold(t.text) not in _PARTICLES for t in span[1:]):
            return None
        if _ROMAN.match(span.text) or (len(span) == 1 and span.text.isupper() and len(span.text) <= 3):
            return None
        if len(span) == 1 and span[0].pos_ in ("VERB", "AUX", "ADV", "ADP", "SCONJ"):
            return None  # "Promulgué en août 2022, ...": a capitalised verb, not a name
        return span

    # -- typing -----------------------------------------------------------
    def _cue_before(self, span: Span) -> str | None:
        """Class given by a cue noun just before the name: 'la puce X',
        'la société d'intelligence artificielle X', 'le géant américain X'."""
        doc = span.doc
        i = span.start - 1
        if i >= span.sent.start and fold(doc[i].text) in ("de", "d'", "du", "des"):
            return None  # "les puces de Nvidia", "le PDG d'Anthropic": a complement, not a type
        if i >= span.sent.start and doc[i].text == "," and (span.end >= span.sent.end or doc[span.end].is_punct):
            # a name closing an apposition: "la superstar des puces de Tsinghua, Sun Nan."
            for j in range(i - 1, max(span.sent.start, i - 12) - 1, -1):
                if doc[j].text in (",", ";", ":"):
                    break
                if self.lexicon.cue_class(doc[j].lemma_) == "Person" and j > span.sent.start and fold(doc[j - 1].text) in _DETERMINERS:
                    return "Person"
        skipped = 0
        while i >= span.sent.start and skipped <= 4:
            token = doc[i]
            cls = self.lexicon.cue_class(token.lemma_) or self.lexicon.cue_class(token.text)
            if cls:
                return cls
            if token.pos_ in ("ADJ", "ADP", "NOUN", "PROPN") or fold(token.text) in ("d'", "de", "-"):
                i -= 1
                skipped += 1
                continue
            break
        return None

    def _cue_after(self, span: Span) -> str | None:
        """Class given by an apposition: 'X, une entreprise chinoise', 'X, fondateur de'."""
        doc = span.doc
        i = span.end
        if doc.lang_ == "en" and i < len(doc):  # English puts the noun after the name: "the H20 chip"
            cls = self.lexicon.cue_class(doc[i].lemma_) or self.lexicon.cue_class(doc[i].text)
            if cls in ("Chip", "AIModel", "Company", "ResearchInstitution"):
                return cls
        if i + 1 < len(doc) and doc[i].lemma_ in ("être", "rester", "devenir", "be") and doc[i].pos_ in ("AUX", "VERB"):
            # copula: "BYD est le premier constructeur mondial", "X reste une start-up"
            j = i + 1
            while j < min(span.sent.end, i + 5) and (fold(doc[j].text) in _DETERMINERS or doc[j].pos_ in ("ADJ", "ADV", "NUM")):
                j += 1
            if j < span.sent.end:
                cls = self.lexicon.cue_class(doc[j].lemma_) or self.lexicon.cue_class(doc[j].text)
                if cls in ("Company", "ResearchInstitution", "GovernmentBody"):
                    return cls
        if i < len(doc) and doc[i].text in (",", "("):
            i += 1
            while i < min(span.sent.end, span.end + 5):
                token = doc[i]
                cls = self.lexicon.cue_class(token.lemma_) or self.lexicon.cue_class(token.text)
                if cls:
                    return cls
                if fold(token.text) in ("un", "une", "le", "la", "l'", "cette", "ce", "a", "an", "the") or token.pos_ in ("ADJ", "ADV") \
                        or self.lexicon.demonym(token.text):
                    i += 1
                    continue
                break
        return None

    def _cue_inside(self, span: Span) -> str | None:
        words = {fold(t.text) for t in span}
        for cls_name in ("ResearchInstitution", "GovernmentBody", "Company"):
            if words & self.lexicon.cues_inside[cls_name]:
                return cls_name
        return None

    def _sentence_has_cue(self, span: Span, cls_name: str) -> bool:
        return any(
            self.lexicon.cue_class(t.lemma_) == cls_name or self.lexicon.cue_class(t.text) == cls_name
            for t in span.sent
            if not (span.start <= t.i < span.end)
        )

    def _type(self, span: Span, source: str, payload: str, doc_cues: dict[str, int]) -> Mention | None:
        lex = self.lexicon
        if source == "gazetteer":
            entry = lex.gazetteer.by_name[payload]
            return Mention(span, entry.cls, source, 0.95, canonical=entry.name)
        if source == "policy":
            return Mention(span, "Policy", source, 0.8, kind=payload)
        before, after = self._cue_before(span), self._cue_after(span)
        context = before or after
        if source == "shape":
            cls_name = self._shape_class[payload]
            first = lex.gazetteer.lookup(span[0].text)
            if (first is not None and first.cls == "Person") or span[0].is_stop or fold(span[0].text) in _DETERMINERS \
                    or fold(span[0].text) in MONTHS:
                return None  # "January 2024" is a date, not a model
            if cls_name == "Policy":
                return Mention(span, "Policy", source, 0.8)
            if context in ("Chip", "AIModel"):
                return Mention(span, context, source, 0.9)
            if context is not None:
                return None
            if lex.gazetteer.family_class(span.text) == cls_name:  # a new version of a known family
                return Mention(span, cls_name, source, 0.8)
            # A shape alone is weak evidence: it needs its kind of word nearby.
            if self._sentence_has_cue(span, cls_name):
                return Mention(span, cls_name, source, 0.8)
            if doc_cues.get(cls_name, 0) >= 2 and not any(e.start <= span.start < e.end and e.label_ in ("PER", "LOC") for e in span.doc.ents):
                return Mention(span, cls_name, source, 0.6)
            return None
        # NER candidates
        capital = lex.capitals.get(span.text)
        if capital:
            return Mention(span, "GovernmentBody", "metonymy", 0.7, canonical=None, kind=span.text)
        inside = self._cue_inside(span)
        if context in ("Chip", "AIModel", "Policy"):
            return Mention(span, context, source, 0.75)
        if payload == "PER":
            known = lex.gazetteer.person_by_surname(span.text) if len(span) == 1 else None
            if known is not None and context in (None, "Person"):
                return Mention(span, "Person", source, 0.75, canonical=known.name)
            if context in (None, "Person") and (len(span) >= 2 or context == "Person"):
                return Mention(span, "Person", source, 0.85 if len(span) >= 2 else 0.7)
            if context in ("Company", "ResearchInstitution", "GovernmentBody"):
                return Mention(span, context, source, 0.6)
            return None
        if inside in ("ResearchInstitution", "GovernmentBody"):
            return Mention(span, inside, source, 0.8)
        if context in ("Company", "ResearchInstitution", "GovernmentBody", "Person"):
            return Mention(span, context, source, 0.75)
        if payload == "ORG":
            return Mention(span, inside or "Company", source, 0.6)
        if inside == "Company":
            return Mention(span, "Company", source, 0.6)
        return None

    @staticmethod
    def _repeats(doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A name typed once by its context is the same name elsewhere in the document:
        "la start-up Zorbex ... Zorbex a levé" (names of two words or more, or with a digit)."""
        typed: dict[str, Mention] = {}
        for m in mentions:
            if m.source in ("ner", "shape") and (len(m.span) > 1 or any(c.isdigit() for c in m.text) or m.cls != "Person"):
                typed.setdefault(m.text, m)
        if not typed:
            return []
        matcher = PhraseMatcher(doc.vocab)  # matches the words (ORTH): a Doc of the words is the pattern
        for text, first in typed.items():
            matcher.add(text, [Doc(doc.vocab, words=[t.text for t in first.span])])
        taken = {i for m in mentions for i in range(m.span.start, m.span.end)}
        found = []
        for match_id, start, end in matcher(doc):
            if taken.intersection(range(start, end)):
                continue
            first = typed[doc.vocab.strings[match_id]]
            taken.update(range(start, end))
            found.append(Mention(doc[start:end], first.cls, "repeat", round(first.confidence * 0.9, 3)))
        return found

    def _doc_cues(self, doc: Doc) -> dict[str, int]:
        """How many cue words of each class ``doc`` holds (by lemma, else by word)."""
        counts: dict[str, int] = {}
        for token in map(doc.__getitem__, self.cue_words.positions(doc, ("LEMMA", "ORTH"))):
            cls_name = self.lexicon.cue_class(token.lemma_) or self.lexicon.cue_class(token.text)
            counts[cls_name] = counts.get(cls_name, 0) + 1
        return counts

    def _short_names(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A model or chip named by its version alone ("R1", "K2", "910C"), when
        one known name ends with it and the rest of that name ("DeepSeek",
        "Kimi", "Ascend") is a name found elsewhere in the document (a plain word
        is not: "mai" in "en mai 2023" is no MAI-DS-R1)."""
        positions = self.short_words.positions(doc)
        if not positions:
            return []
        taken = {i for m in mentions for i in range(m.span.start, m.span.end)}
        words = {fold(doc[i].text) for i in taken} | {fold(re.split(r"[\s-]+", m.text)[0]) for m in mentions}
        found = []
        for token in map(doc.__getitem__, positions):
            if token.i in taken:
                continue
            fitting = [e for e, head in self.short_names[token.text] if head in words]
            if len(fitting) == 1:
                entry = fitting[0]
                found.append(Mention(doc[token.i:token.i + 1], entry.cls, "short", 0.75, canonical=entry.name))
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc_cues = self._doc_cues(doc)
        mentions = []
        for span, source, payload in self._choose(doc, self._candidates(doc)):
            mention = self._type(span, source, payload, doc_cues)
            if mention is not None:
                mentions.append(mention)
        mentions += self._repeats(doc, mentions)
        mentions += self._short_names(doc, mentions)
        mentions.sort(key=lambda m: m.span.start)
        doc._.airace_mentions = mentions
        doc.spans[SPANS_KEY] = [Span(doc, m.span.start, m.span.end, label=m.cls) for m in mentions]
        return doc
