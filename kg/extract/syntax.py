"""Relations from the dependency parse: spaCy's ``DependencyMatcher`` with the
patterns of ``data/patterns/dependencies.json``.

A pattern names three nodes: ``verb`` (it must be a trigger verb),
``subject`` and ``object``. Each of those reaches mentions: the mention that
holds the token, or, for a cue noun ("des puces H800", "la start-up
DeepSeek"), the name attached to it without a preposition, and in both
cases their conjuncts ("L'A800 et le H800, que Nvidia avait conçus").

The patterns run only on the sentences that can give a relation (see
:meth:`SyntaxRules.scope`): matching costs in proportion to the tokens
matched, and few sentences hold a trigger verb and two entities.

>>> from kg.extract.lexicon import Lexicon
>>> import spacy
>>> rules = SyntaxRules(spacy.blank("fr").vocab, Lexicon.load())
>>> sorted(rules.confidence)[:3]
['active', 'controlled', 'participle']
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, NORM, ORTH, POS, SPACY, TAG
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention
from kg.extract.normalize import WordFilter, fold

NAME_DEPS = {"appos", "nmod", "flat:name", "compound", "fixed", "flat"}
_CASES = {"de", "d'", "du", "des", "à", "au", "aux", "of"}
#: The token annotations a pattern may test, copied into the doc the patterns run on.
#: (MORPH is left out: copying it costs as much as the rest; spaCy's matcher raises
#: E155 on a doc without it, should a pattern ever test it.)
_COPIED = [NORM, POS, TAG, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]


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
        self.triggers = WordFilter(lexicon.verb_properties)
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
        scope, positions = self.scope(doc, by_token)
        for match_id, token_ids in self.matcher(scope) if scope is not None else ():
            rule = doc.vocab.strings[match_id]
            nodes = dict(zip(self.roles[rule], (doc[positions[i]] for i in token_ids)))
            verb = nodes["verb"]
            if not self.lexicon.verb_properties(verb.lemma_) and not self.lexicon.verb_properties(verb.text):
                continue
            subjects = self._reach(nodes["subject"], by_token)
            objects = self._reach(nodes["object"], by_token)
            if subjects and objects:
                found.append(Match(verb, subjects, objects, self.confidence[rule], rule))
        return found

    def scope(self, doc: Doc, by_token: dict[int, Mention]) -> tuple[Doc | None, list[int]]:
        """The doc to run the patterns on (None: nothing to match), and the index
        in ``doc`` of each of its tokens: a doc of the sentences that hold a
        trigger verb and tokens of two entities.

        A match elsewhere gives no relation: its verb is no trigger, it reaches
        no mention on one side, or the same entity on both. Each sentence of the
        parse is one tree, so the matches found in the sentences kept are those
        the whole doc gives there, in the same order; should a tree ever cross a
        sentence boundary, the whole doc is the scope. The doc is built from the
        token annotations (``Span.as_doc`` would also copy vectors and user data,
        at ten times the cost).
        """
        array = doc.to_array([ORTH, LEMMA, SPACY, *_COPIED])
        strings = doc.vocab.strings
        kept = [sent for sent in _with_two_entities(doc, by_token)
                if self.triggers.passing(array[sent.start:sent.end, :2].ravel().tolist(), strings)]
        if not kept:
            return None, []
        positions = numpy.concatenate([numpy.arange(sent.start, sent.end) for sent in kept])
        rows = array[positions]
        if not _whole_trees(kept, positions, rows[:, 3 + _COPIED.index(HEAD)]):
            return doc, list(range(len(doc)))
        scope = Doc(doc.vocab, words=[strings[orth] for orth in rows[:, 0].tolist()], spaces=rows[:, 2].astype(bool).tolist())
        scope.from_array(_COPIED, rows[:, 3:])
        return scope, positions.tolist()

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


def _with_two_entities(doc: Doc, by_token: dict[int, Mention]) -> list[Span]:
    """The sentences that hold tokens of mentions of two entities or more, in order."""
    sentences = list(doc.sents)
    starts = [sent.start for sent in sentences]
    held: dict[int, set[str | None]] = {}
    for i, mention in by_token.items():
        held.setdefault(bisect_right(starts, i) - 1, set()).add(mention.entity)
    return [sentences[k] for k, entities in sorted(held.items()) if len(entities) >= 2]


def _whole_trees(sentences: list[Span], positions, relative_heads) -> bool:
    """Each sentence is one dependency tree: the heads of its tokens are inside it, one is its own."""
    heads = positions + relative_heads.astype(numpy.int64)
    lengths = [len(sent) for sent in sentences]
    starts = numpy.repeat([sent.start for sent in sentences], lengths)
    ends = numpy.repeat([sent.end for sent in sentences], lengths)
    return bool(((heads >= starts) & (heads < ends)).all()) and int((heads == positions).sum()) == len(sentences)
