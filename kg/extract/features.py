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
  the path;
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
from kg.extract.candidates import CORE_OF, Candidate

#: Lemmas that deny what their clause says ("DeepSeek dément avoir utilisé des H100").
DENIALS = {"dementir", "dement", "dementent", "nier", "nie", "contester", "refuter", "deny", "denies", "denied",
           "dispute", "reject", "refute", "rejeter"}
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
        if candidate.distance:
            return self._across(candidate, classes)
        a, b = candidate.subject.span, candidate.object.span
        sent = candidate.sentence
        doc = sent.doc
        first, second = (a, b) if a.start <= b.start else (b, a)
        order = "so" if first is a else "os"
        pair = f"{classes[0]}>{classes[1]}"
        feats = [f"cls={pair}", f"order={order}", f"cls|order={pair}|{order}",
                 f"ssrc={candidate.subject.source}", f"osrc={candidate.object.source}"]
        between = doc[first.end:second.start]
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
        if all(t.is_punct or fold(t.text) in ("et", "and", "ou", "or", "&") for t in between) and len(between):
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
        feats += self._path(a.root, b.root, pair)
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

    def _across(self, candidate: Candidate, classes: tuple[str, str]) -> list[str]:
        """Features of a candidate whose ends stand in different sentences: the
        context of the mention in the sentence read, and of the one before."""
        local, remote = ((candidate.subject, candidate.object) if candidate.subject.span.sent == candidate.sentence
                         else (candidate.object, candidate.subject))
        side = "s" if local is candidate.subject else "o"
        pair = f"{classes[0]}>{classes[1]}"
        context, head_triggers, near_triggers = self._local(local.span, candidate.sentence)
        remote_root = remote.span.root
        feats = ["across", f"x|cls={pair}", f"x|local={side}", f"x|cls|local={pair}|{side}",
                 f"x|back={candidate.distance}", f"x|recent={candidate.recent}", f"x|cls|recent={pair}|{candidate.recent}",
                 f"x|lsrc={local.source}", f"x|rsrc={remote.source}", f"x|rdep={remote_root.dep_}",
                 f"x|rhead={self.word(remote_root.head)}"]
        feats += context
        feats += [f"x|htrig|cls={trig}|{pair}" for trig in head_triggers]
        feats += [f"x|ntrig={trig}|{pair}" for trig in near_triggers]
        return feats

    def _local(self, span, sent) -> tuple[list[str], list[str], list[str]]:
        """What a mention's own sentence says around it (the same for each of its
        partners in sentences before, so computed once per mention and document)."""
        doc = sent.doc
        if self._doc is not doc:
            self._doc, self._seen = doc, {}
        slot = (span.start, span.end)
        if slot in self._seen:
            return self._seen[slot]
        feats = []
        for i, t in enumerate(reversed(doc[max(sent.start, span.start - 3):span.start])):
            feats.append(f"x|pre{i}={self.word(t)}")
        for i, t in enumerate(doc[span.end:min(sent.end, span.end + 2)]):
            feats.append(f"x|post{i}={self.word(t)}")
        root = span.root
        feats += [f"x|ldep={root.dep_}", f"x|lhead={self.word(root.head)}"]
        head_triggers = self.triggers(root.head)
        feats += [f"x|htrig={trig}" for trig in head_triggers]
        near = [trig for t in doc[max(sent.start, span.start - 4):min(sent.end, span.end + 4)] for trig in self.triggers(t)]
        words = self._words(sent)
        if words & {"son", "sa", "ses", "leur", "leurs", "its", "their"}:
            feats.append("x|possessive")
        if words & self.negations:
            feats.append("x|neg")
        self._seen[slot] = (feats, head_triggers, near)
        return self._seen[slot]

    def _mentions(self, sent) -> list:
        """The linked mentions of a sentence (remembered for the document at hand)."""
        if self._doc is not sent.doc:
            self._doc, self._seen = sent.doc, {}
        slot = ("mentions", sent.start)
        if slot not in self._seen:
            self._seen[slot] = [m for m in sent.doc._.airace_mentions
                                if m.entity and sent.start <= m.span.start and m.span.end <= sent.end]
        return self._seen[slot]

    def _words(self, sent) -> set[str]:
        """The words of a sentence (remembered for the document at hand)."""
        if self._doc is not sent.doc:
            self._doc, self._seen = sent.doc, {}
        slot = ("words", sent.start)
        if slot not in self._seen:
            self._seen[slot] = {self.word(t) for t in sent}
        return self._seen[slot]

    def negated(self, x, y) -> bool:
        """Whether the clause linking tokens ``x`` and ``y`` is negated or denied:
        a negation on a word of the dependency path between them ("n'a jamais
        utilisé", "did not use"), or a denial verb above it ("dément avoir utilisé")."""
        path = _between(x, y)
        if path is None:
            return False
        for t in path:
            if t.pos_ in ("VERB", "AUX") and any(
                    self.word(c) in self.negations for c in t.children if c.dep_ in ("advmod", "neg")):
                return True
        top = path[-1] if path else x
        return any(self.word(t) in DENIALS for t in (top, top.head, *(c for p in path for c in p.children)))

    def _path(self, x, y, pair: str) -> list[str]:
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
        for t in [top] + rise[1:] + fall[:-1]:
            if any(self.word(c) in self.negations for c in t.children if c.dep_ in ("advmod", "neg", "det", "mark")):
                feats.append("neg_path")
                break
        head = top.head
        if head.i != top.i:
            feats.append(f"lcahead={self.word(head)}")
            if self.word(head) in DENIALS:
                feats.append("denied")
        if self.word(top) in DENIALS:
            feats.append("denied")
        return feats

    def _context(self, sent, a, b) -> list[str]:
        feats = []
        words = self._words(sent)
        if words & self.hedges:
            feats.append("hedge_sent")
        if words & DENIALS:
            feats.append("deny_sent")
        if words & self.negations:
            feats.append("neg_sent")
        return feats


def _between(x, y):
    """The tokens on the dependency path from ``x`` to ``y``, their lowest common ancestor last (None: no path)."""
    up = [x]
    while up[-1].head.i != up[-1].i and len(up) < 40:
        up.append(up[-1].head)
    index = {t.i: n for n, t in enumerate(up)}
    down = [y]
    while down[-1].i not in index and down[-1].head.i != down[-1].i and len(down) < 40:
        down.append(down[-1].head)
    if down[-1].i not in index:
        return None
    top = down[-1]
    return up[:index[top.i]] + down[:-1] + [top]
