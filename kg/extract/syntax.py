"""Relations from the dependency parse: spaCy's ``DependencyMatcher`` with the
patterns of ``data/patterns/dependencies.json``.

A pattern names three nodes: ``verb`` (it must be a trigger verb),
``subject`` and ``object``. Each of those reaches mentions: the mention that
holds the token, or, for a cue noun ("des puces H800", "la start-up
DeepSeek"), the name attached to it without a preposition, and in both
cases their conjuncts ("L'A800 et le H800, que Nvidia avait conçus").

>>> from kg.extract.lexicon import Lexicon
>>> import spacy
>>> rules = SyntaxRules(spacy.blank("fr").vocab, Lexicon.load())
>>> sorted(rules.confidence)[:3]
['active', 'controlled', 'participle']
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention
from kg.extract.normalize import fold

NAME_DEPS = {"appos", "nmod", "flat:name", "compound", "fixed", "flat"}
_CASES = {"de", "d'", "du", "des", "à", "au", "aux", "of"}


@dataclass
class Match:
    """A trigger verb with the mentions on each side, from one pattern."""

    verb: Token
    subjects: list[Mention]
    objects: list[Mention]
    confidence: float
    rule: str


class SyntaxRules:
    """Run the dependency patterns and map their nodes to mentions."""

    def __init__(self, vocab, lexicon: Lexicon):
        self.lexicon = lexicon
        self.matcher = DependencyMatcher(vocab)
        self.confidence: dict[str, float] = {}
        self.roles: dict[str, list[str]] = {}
        for item in lexicon.dependencies:
            self.matcher.add(item["id"], [item["pattern"]])
            self.confidence[item["id"]] = item["confidence"]
            self.roles[item["id"]] = [node["RIGHT_ID"] for node in item["pattern"]]

    def __call__(self, doc: Doc, mentions: list[Mention]) -> list[Match]:
        if not doc.has_annotation("DEP"):
            return []  # no parser (the English fallback): nothing to match
        by_token: dict[int, Mention] = {}
        for m in sorted(mentions, key=lambda m: len(m.span)):
            if m.source in ("demonym", "family"):
                continue
            for i in range(m.span.start, m.span.end):
                by_token.setdefault(i, m)
        found = []
        for match_id, token_ids in self.matcher(doc):
            rule = doc.vocab.strings[match_id]
            nodes = dict(zip(self.roles[rule], (doc[i] for i in token_ids)))
            verb = nodes["verb"]
            if not self.lexicon.verb_properties(verb.lemma_) and not self.lexicon.verb_properties(verb.text):
                continue
            subjects = self._reach(nodes["subject"], by_token)
            objects = self._reach(nodes["object"], by_token)
            if subjects and objects:
                found.append(Match(verb, subjects, objects, self.confidence[rule], rule))
        return found

    def _reach(self, token: Token, by_token: dict[int, Mention], depth: int = 0) -> list[Mention]:
        """The mentions a pattern node stands for."""
        if depth > 3:
            return []
        reached: list[Mention] = []
        if token.i in by_token:
            reached.append(by_token[token.i])
        elif self.lexicon.cue_class(token.lemma_) or self.lexicon.cue_class(token.text):
            for child in token.children:
                if child.dep_ in NAME_DEPS and child.i in by_token and not any(
                        fold(c.text) in _CASES for c in child.children if c.dep_ == "case"):
                    reached.append(by_token[child.i])
                    break
        for child in token.children:
            if child.dep_ == "conj":
                reached.extend(m for m in self._reach(child, by_token, depth + 1) if m not in reached)
        return reached
