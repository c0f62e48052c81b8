"""Features of a candidate pair, as a linguist would describe it.

Each candidate becomes a list of string features (names for a linear model):

- the classes of its two ends, and which comes first;
- how far apart they are, and what stands between: the lemmas, the first and
  last of them, the other mentions' classes, commas and brackets, whether the
  two only stand in a list ("Alibaba, Tencent et ByteDance");
- two words on each side of the pair;
- the dependency path between the heads of the two mentions (labels, with and
  without the lemmas on it), their lowest common ancestor, its head and the
  dependency of each end;
- trigger words of the lexicon on the path or between ("concevoir" →
  produces, "fondateur" → founderOf);
- negation ("ne ... pas", "not", "démentir") and hedging in the sentence or on
  the path, and :data:`NEGATED` when a negation or a denial governs the clause
  that links the two;
- where each mention came from (gazetteer, shape, NER, coreference,
  nationality word);
- the verdict of the hand-written rules on the same two entities in the same
  sentence, and what they found for either end with another entity (a chip
  whose maker they already read is less likely to have a second one).

>>> bucket(0), bucket(3), bucket(7), bucket(40)
('0', '3', '6-8', '21+')
"""

from __future__ import annotations

from spacy.attrs import DEP, HEAD, IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, ORTH, POS

from kg.extract.lexicon import Lexicon
from kg.extract.normalize import fold
from kg.extract.candidates import Candidate
from kg.extract.schema import CORE_OF

#: Lemmas that deny what their clause says ("DeepSeek dément avoir utilisé des H100").
DENIALS = {"dementir", "dement", "dementent", "nier", "nie", "contester", "refuter", "deny", "denies", "denied",
           "dispute", "reject", "refute", "rejeter"}
#: The feature of a candidate whose linking clause is negated or denied: the
#: component drops such a pair whatever the weights say.
NEGATED = "negated"
_BUCKETS = ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12"), (20, "13-20"))
_KEEP_PUNCT = {",", "(", ")", ":", ";", "«", "»", "-", "–", "—", "'s", "’s"}


def bucket(n: int) -> str:
    """A distance in tokens, in bins."""
    return next((name for top, name in _BUCKETS if n <= top), "21+")


_WRAP = 1 << 64


class _Arrays:
    """One document's tokens as plain lists (lemma, text, head, dependency, part of speech,
    punctuation, space, number), read once with ``Doc.to_array``: the features read
    indices, without a spaCy ``Token`` object per look-up."""

    def __init__(self, doc):
        columns = doc.to_array([LEMMA, ORTH, HEAD, DEP, POS, IS_PUNCT, IS_SPACE, LIKE_NUM]).T.tolist()
        self.lemma, self.orth, heads, self.dep, self.pos, self.punct, self.space, self.num = columns
        # HEAD is an offset, read as an unsigned number
        self.head = [i + (h - _WRAP if h >= _WRAP // 2 else h) for i, h in enumerate(heads)]
        self.strings = doc.vocab.strings


class Featurizer:
    """Turns candidates into feature lists; ``rules`` holds the rule verdicts
    of the document, ``(sentence start, subject, property, object)``."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.negations = {fold(w) for w in lexicon.negations} | {"plus", "longer", "n't", "none", "nor", "ni"}
        self.hedges = {fold(w) for w in lexicon.hedges} | {"reportedly", "allegedly", "selon", "according",
                                                          "presume", "reputedly", "believed", "supposedly"}
        self.refusals = self.negations | DENIALS
        self._doc, self._seen, self._arrays = None, {}, None  # what is remembered of the document at hand
        self._words: dict[tuple[int, int], str] = {}  # (lemma, text) hashes → word, for every document
        self._labels: dict[int, str] = {}  # dependency and part-of-speech ids → their names
        self._trigger_words: dict[tuple[int, int], list[str]] = {}  # (lemma, text) hashes → triggered properties

    def _at(self, doc) -> _Arrays:
        """The arrays of ``doc``, read at its first candidate."""
        if self._doc is not doc:
            self._doc, self._seen, self._arrays = doc, {}, None
        if self._arrays is None:
            self._arrays = _Arrays(doc)
        return self._arrays

    def word(self, token) -> str:
        """The form a token contributes: its folded lemma, or a digit shape."""
        if token.like_num:
            return "<num>"
        return fold(token.lemma_ or token.text)

    def _word(self, arr: _Arrays, i: int) -> str:
        """:meth:`word` of the token at ``i``, from the arrays."""
        if arr.num[i]:
            return "<num>"
        slot = (arr.lemma[i], arr.orth[i])
        try:
            return self._words[slot]
        except KeyError:
            lemma = arr.strings[arr.lemma[i]] if arr.lemma[i] else ""
            self._words[slot] = found = fold(lemma or arr.strings[arr.orth[i]])
            return found

    def _label(self, arr: _Arrays, symbol: int) -> str:
        try:
            return self._labels[symbol]
        except KeyError:
            self._labels[symbol] = name = arr.strings[symbol] if symbol else ""
            return name

    def _triggers_at(self, doc, i: int) -> list[str]:
        """The properties the token at ``i`` triggers as a verb, and as a noun (``n:leads``)."""
        arr = self._at(doc)
        slot = (arr.lemma[i], arr.orth[i])
        try:
            return self._trigger_words[slot]
        except KeyError:
            text = arr.strings[arr.orth[i]]
            self._trigger_words[slot] = found = self._triggers((arr.strings[arr.lemma[i]] if arr.lemma[i] else "") or text, text)
            return found

    def _triggers(self, lemma: str, text: str) -> list[str]:
        props = sorted(self.lexicon.verb_properties(lemma) | self.lexicon.verb_properties(text))
        noun = self.lexicon.noun_property(lemma) or self.lexicon.noun_property(text)
        return [CORE_OF.get(p, p) for p in props] + (["n:" + noun] if noun else [])

    def __call__(self, candidate: Candidate, classes: tuple[str, str], rules: set) -> list[str]:
        a, b = candidate.subject.span, candidate.object.span
        sent = candidate.sentence
        doc = sent.doc
        arr = self._at(doc)
        word = self._word
        first, second = (a, b) if a.start <= b.start else (b, a)
        order = "so" if first is a else "os"
        pair = f"{classes[0]}>{classes[1]}"
        feats = [f"cls={pair}", f"order={order}", f"cls|order={pair}|{order}",
                 f"ssrc={candidate.subject.source}", f"osrc={candidate.object.source}"]
        for end, mention in (("s", candidate.subject), ("o", candidate.object)):
            if mention.source == "coref":  # how sure the coreference was of the antecedent
                feats.append(f"{end}coref={'hi' if mention.confidence >= 0.7 else 'mid' if mention.confidence >= 0.5 else 'lo'}")
        between = range(first.end, second.start)
        feats.append(f"dist={bucket(len(between))}")
        feats.append(f"dist|order={bucket(len(between))}|{order}")
        words = [word(arr, i) for i in between
                 if not arr.space[i] and (not arr.punct[i] or arr.strings[arr.orth[i]] in _KEEP_PUNCT)]
        if words:
            feats += [f"bw={w}" for w in set(words)]
            feats += [f"bwo={order}|{w}" for w in set(words)]
            feats += [f"bf={words[0]}", f"bl={words[-1]}"]
            if len(words) <= 4:
                feats.append(f"bseq={order}|{' '.join(words)}")
            for x, y in zip(words, words[1:]):
                feats.append(f"bb={x}_{y}")
        else:
            feats.append(f"adjacent={order}")
        if between and all(arr.punct[i] or fold(arr.strings[arr.orth[i]]) in ("et", "and", "ou", "or", "&") for i in between):
            feats.append("listed")
        others = [m for m in self._mentions(sent) if first.end <= m.span.start and m.span.end <= second.start]
        entities = doc._.airace_entities
        for m in others:
            feats.append(f"mid={entities[m.entity].cls}")
        feats.append(f"nmid={min(len(others), 3)}")
        for k, i in enumerate(range(first.start - 1, max(sent.start, first.start - 2) - 1, -1)):
            feats.append(f"pre{k}={word(arr, i)}")
        for k, i in enumerate(range(second.end, min(sent.end, second.end + 2))):
            feats.append(f"post{k}={word(arr, i)}")
        for i in between:
            for trig in self._triggers_at(doc, i):
                feats.append(f"btrig={trig}")
        x, y = a.root.i, b.root.i
        feats += self._around("s", a, x, arr) + self._around("o", b, y, arr)
        feats += self._path(doc, arr, x, y, pair, bool(self.sentence_words(sent) & self.refusals))
        feats += self._context(sent, a, b)
        s_ent, o_ent = candidate.entities
        for prop, forward in rules.get((sent.start, s_ent, o_ent), ()):
            feats.append(f"rule={prop}" if forward else f"rulerev={prop}")
        if (sent.start, s_ent, o_ent) not in rules:
            feats.append("norule")
        # another pair the rules read: "la puce Ascend 910B de Huawei rivalise avec le H100 de Nvidia"
        feats += sorted({f"otaken={p}" for p, other in rules.get(("by-object", sent.start, o_ent), ()) if other != s_ent})
        feats += sorted({f"staken={p}" for p, other in rules.get(("by-subject", sent.start, s_ent), ()) if other != o_ent})
        return feats

    def _around(self, end: str, span, root: int, arr: _Arrays) -> list[str]:
        """The word before a mention, its dependency and the lemma of its head (``root``: its root's index)."""
        feats = [f"{end}dep={self._label(arr, arr.dep[root])}", f"{end}head={self._word(arr, arr.head[root])}"]
        if span.start > span.sent.start:
            feats.append(f"{end}pre={self._word(arr, span.start - 1)}")
        return feats

    def _mentions(self, sent) -> list:
        """The linked mentions of a sentence (remembered for the document at hand)."""
        self._at(sent.doc)
        slot = ("mentions", sent.start)
        if slot not in self._seen:
            self._seen[slot] = [m for m in sent.doc._.airace_mentions
                                if m.entity and sent.start <= m.span.start and m.span.end <= sent.end]
        return self._seen[slot]

    def sentence_words(self, sent) -> set[str]:
        """The words of a sentence (remembered for the document at hand)."""
        arr = self._at(sent.doc)
        slot = ("words", sent.start)
        if slot not in self._seen:
            self._seen[slot] = {self._word(arr, i) for i in range(sent.start, sent.end)}
        return self._seen[slot]

    def _path(self, doc, arr: _Arrays, x: int, y: int, pair: str, refusal: bool = True) -> list[str]:
        """Features of the dependency path from token ``x`` up to the common ancestor and down to ``y``."""
        head, word, label = arr.head, self._word, self._label
        up, seen = [x], {x: 0}
        while head[up[-1]] != up[-1] and len(up) < 40:
            up.append(head[up[-1]])
            seen[up[-1]] = len(up) - 1
        down = [y]
        while down[-1] not in seen and head[down[-1]] != down[-1] and len(down) < 40:
            down.append(head[down[-1]])
        if down[-1] not in seen:
            return ["path=none"]
        top = down[-1]
        rise = up[:seen[top]]
        fall = list(reversed(down[:-1]))
        labels = [f"{label(arr, arr.dep[t])}^" for t in rise] + [f"v{label(arr, arr.dep[t])}" for t in fall]
        inner = rise[1:] + [top] + fall[:-1]
        lemmas = [word(arr, t) for t in inner]
        feats = [f"path={' '.join(labels)}", f"lca={word(arr, top)}", f"lcapos={label(arr, arr.pos[top])}",
                 f"sdep={label(arr, arr.dep[x])}", f"odep={label(arr, arr.dep[y])}", f"plen={min(len(labels), 6)}",
                 f"path|cls={pair}|{' '.join(labels)}"]
        if len(labels) <= 4:
            feats.append(f"lpath={' '.join(labels)}|{' '.join(lemmas)}")
        for lemma in set(lemmas):
            feats.append(f"pw={lemma}")
        for t in inner:
            for trig in self._triggers_at(doc, t):
                feats.append(f"ptrig={trig}")
                feats.append(f"ptrig|cls={trig}|{pair}")
        if head[top] != top:
            feats.append(f"lcahead={word(arr, head[top])}")
        if not refusal:  # no negation or denial word in the sentence
            return feats
        return feats + self._refusal([doc[t] for t in rise], [doc[t] for t in fall], doc[top])

    def _refusal(self, rise: list, fall: list, top) -> list[str]:
        """``neg_path`` and :data:`NEGATED` for the path (tokens up from one end, down to the
        other, and their common ancestor) of a sentence with a negation or denial word."""
        feats = []
        on_path = rise + fall + [top]
        for t in [top] + rise[1:] + fall[:-1]:
            if any(self.word(c) in self.negations for c in t.children if c.dep_ in ("advmod", "neg", "det", "mark")):
                feats.append("neg_path")
                break
        # "n'a jamais utilisé", "did not use", "dément avoir acheté": the fact is negated or denied
        if any(t.pos_ in ("VERB", "AUX") and any(self.word(c) in self.negations for c in t.children
                                                 if c.dep_ in ("advmod", "neg")) for t in on_path) or any(
                self.word(t) in DENIALS for t in (top, top.head, *(c for t in on_path for c in t.children))):
            feats.append(NEGATED)
        return feats

    def _context(self, sent, a, b) -> list[str]:
        feats = []
        words = self.sentence_words(sent)
        if words & self.hedges:
            feats.append("hedge_sent")
        if words & DENIALS:
            feats.append("deny_sent")
        if words & self.negations:
            feats.append("neg_sent")
        return feats
