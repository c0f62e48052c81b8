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


class Featurizer:
    """Turns candidates into feature lists; ``rules`` holds the rule verdicts
    of the document, ``(sentence start, subject, property, object)``."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.negations = {fold(w) for w in lexicon.negations} | {"plus", "longer", "n't", "none", "nor", "ni"}
        self.hedges = {fold(w) for w in lexicon.hedges} | {"reportedly", "allegedly", "selon", "according",
                                                          "presume", "reputedly", "believed", "supposedly"}
        self.refusals = self.negations | DENIALS
        self._doc, self._seen = None, {}  # what is remembered of the document at hand

    def word(self, token) -> str:
        """The form a token contributes: its folded lemma, or a digit shape."""
        if token.like_num:
            return "<num>"
        return fold(token.lemma_ or token.text)

    def triggers(self, token) -> list[str]:
        """The properties a token triggers as a verb, and as a noun (``n:leads``), remembered per document."""
        if self._doc is not token.doc:
            self._doc, self._seen = token.doc, {}
        try:
            return self._seen[token.i]
        except KeyError:
            self._seen[token.i] = found = self._triggers(token)
            return found

    def _triggers(self, token) -> list[str]:
        lemma = token.lemma_ or token.text
        props = sorted(self.lexicon.verb_properties(lemma) | self.lexicon.verb_properties(token.text))
        noun = self.lexicon.noun_property(lemma) or self.lexicon.noun_property(token.text)
        return [CORE_OF.get(p, p) for p in props] + (["n:" + noun] if noun else [])

    def __call__(self, candidate: Candidate, classes: tuple[str, str], rules: set) -> list[str]:
        a, b = candidate.subject.span, candidate.object.span
        sent = candidate.sentence
        doc = sent.doc
        first, second = (a, b) if a.start <= b.start else (b, a)
        order = "so" if first is a else "os"
        pair = f"{classes[0]}>{classes[1]}"
        feats = [f"cls={pair}", f"order={order}", f"cls|order={pair}|{order}",
                 f"ssrc={candidate.subject.source}", f"osrc={candidate.object.source}"]
        between = list(doc[first.end:second.start])
        feats.append(f"dist={bucket(len(between))}")
        feats.append(f"dist|order={bucket(len(between))}|{order}")
        words = [self.word(t) for t in between if not t.is_space and (not t.is_punct or t.text in _KEEP_PUNCT)]
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
        if between and all(t.is_punct or fold(t.text) in ("et", "and", "ou", "or", "&") for t in between):
            feats.append("listed")
        others = [m for m in self._mentions(sent) if first.end <= m.span.start and m.span.end <= second.start]
        entities = doc._.airace_entities
        for m in others:
            feats.append(f"mid={entities[m.entity].cls}")
        feats.append(f"nmid={min(len(others), 3)}")
        for i, t in enumerate(reversed(doc[max(sent.start, first.start - 2):first.start])):
            feats.append(f"pre{i}={self.word(t)}")
        for i, t in enumerate(doc[second.end:min(sent.end, second.end + 2)]):
            feats.append(f"post{i}={self.word(t)}")
        for t in between:
            for trig in self.triggers(t):
                feats.append(f"btrig={trig}")
        feats += self._around("s", a) + self._around("o", b)
        feats += self._path(a.root, b.root, pair, bool(self.sentence_words(sent) & self.refusals))
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

    def _around(self, end: str, span) -> list[str]:
        """The word before a mention, its dependency and the lemma of its head."""
        doc, root = span.doc, span.root
        feats = [f"{end}dep={root.dep_}", f"{end}head={self.word(root.head)}"]
        if span.start > span.sent.start:
            feats.append(f"{end}pre={self.word(doc[span.start - 1])}")
        return feats

    def _mentions(self, sent) -> list:
        """The linked mentions of a sentence (remembered for the document at hand)."""
        if self._doc is not sent.doc:
            self._doc, self._seen = sent.doc, {}
        slot = ("mentions", sent.start)
        if slot not in self._seen:
            self._seen[slot] = [m for m in sent.doc._.airace_mentions
                                if m.entity and sent.start <= m.span.start and m.span.end <= sent.end]
        return self._seen[slot]

    def sentence_words(self, sent) -> set[str]:
        """The words of a sentence (remembered for the document at hand)."""
        if self._doc is not sent.doc:
            self._doc, self._seen = sent.doc, {}
        slot = ("words", sent.start)
        if slot not in self._seen:
            self._seen[slot] = {self.word(t) for t in sent}
        return self._seen[slot]

    def _path(self, x, y, pair: str, refusal: bool = True) -> list[str]:
        """Features of the dependency path from ``x`` up to the common ancestor and down to ``y``."""
        up, seen = [x], {x.i: 0}
        while up[-1].head.i != up[-1].i and len(up) < 40:
            up.append(up[-1].head)
            seen[up[-1].i] = len(up) - 1
        down = [y]
        while down[-1].i not in seen and down[-1].head.i != down[-1].i and len(down) < 40:
            down.append(down[-1].head)
        if down[-1].i not in seen:
            return ["path=none"]
        top = down[-1]
        rise = up[:seen[top.i]]
        fall = list(reversed(down[:-1]))
        labels = [f"{t.dep_}^" for t in rise] + [f"v{t.dep_}" for t in fall]
        lemmas = [self.word(t) for t in rise[1:]] + [self.word(top)] + [self.word(t) for t in fall[:-1]]
        feats = [f"path={' '.join(labels)}", f"lca={self.word(top)}", f"lcapos={top.pos_}",
                 f"sdep={x.dep_}", f"odep={y.dep_}", f"plen={min(len(labels), 6)}",
                 f"path|cls={pair}|{' '.join(labels)}"]
        if len(labels) <= 4:
            feats.append(f"lpath={' '.join(labels)}|{' '.join(lemmas)}")
        for lemma in set(lemmas):
            feats.append(f"pw={lemma}")
        for t in rise[1:] + [top] + fall[:-1]:
            for trig in self.triggers(t):
                feats.append(f"ptrig={trig}")
                feats.append(f"ptrig|cls={trig}|{pair}")
        head = top.head
        if head.i != top.i:
            feats.append(f"lcahead={self.word(head)}")
        if not refusal:  # no negation or denial word in the sentence
            return feats
        on_path = rise + fall + [top]
        for t in [top] + rise[1:] + fall[:-1]:
            if any(self.word(c) in self.negations for c in t.children if c.dep_ in ("advmod", "neg", "det", "mark")):
                feats.append("neg_path")
                break
        # "n'a jamais utilisé", "did not use", "dément avoir acheté": the fact is negated or denied
        if any(t.pos_ in ("VERB", "AUX") and any(self.word(c) in self.negations for c in t.children
                                                 if c.dep_ in ("advmod", "neg")) for t in on_path) or any(
                self.word(t) in DENIALS for t in (top, head, *(c for t in on_path for c in t.children))):
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

