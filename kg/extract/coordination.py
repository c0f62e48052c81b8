"""Lists of names, and what one member's relation says of the others.

"Alibaba, Tencent et ByteDance ont commandé des H20" states three relations;
a reader (rule or model) that reads one of them, the one nearest the verb or
the one its features favour, has read a fact about the list. A *list* is a
run of linked mentions of one class and one sentence with nothing but list
words between two neighbours: commas, "et", "ou", "and", "or", "ainsi que",
determiners, and the word that opened the list repeated ("à TSMC, à Micron ou
à Samsung"). :func:`spread` gives every member of a list the relations that
one member holds with an entity outside it, in the same sentence, unless that
pair's clause is negated.

>>> LIST_WORDS >= {",", "et", "and"}
True
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.mentions import Mention
from kg.extract.normalize import fold
from kg.extract.relations import Relation
from kg.extract.schema import CORE_OF, fits

#: Words that may stand between two members of a list.
LIST_WORDS = {",", "et", "ou", "and", "or", "&", "ainsi", "que", "as", "well", "voire", "ni", "nor", "plus"}
#: Determiners a member may carry ("les A800 et les H800").
_DETERMINERS = {"le", "la", "les", "l'", "un", "une", "des", "du", "the", "a", "an", "son", "sa", "ses", "its", "their", "leur", "leurs"}

#: Mentions that are no name of a list: a nationality word, a description, a family ("le modèle phare d'OpenAI").
_NOT_NAMES = {"demonym", "coref", "family"}


def lists(doc: Doc, cited: set[tuple[int, str]] = frozenset()) -> dict[int, list[list[str]]]:
    """The lists of each sentence, by sentence start: each a list of entity keys in text order
    (``cited``: the ``(sentence start, entity)`` of cited sources, which belong to no list:
    "D'après Reuters, ByteDance, Alibaba et Tencent ont ...")."""
    entities = doc._.airace_entities
    by_sentence: dict[int, list[Mention]] = {}
    for mention in doc._.airace_mentions:
        if mention.entity in entities and mention.source not in _NOT_NAMES \
                and (mention.span.sent.start, mention.entity) not in cited:
            by_sentence.setdefault(mention.span.sent.start, []).append(mention)
    found: dict[int, list[list[str]]] = {}
    for start, mentions in by_sentence.items():
        mentions.sort(key=lambda m: (m.span.start, -len(m.span)))
        kept = [m for k, m in enumerate(mentions) if k == 0 or m.span.start >= mentions[k - 1].span.end]
        runs, run = [], [kept[0]] if kept else []
        for prev, cur in zip(kept, kept[1:]):
            if entities[prev.entity].cls == entities[cur.entity].cls and _joined(doc, run[0], prev, cur):
                run.append(cur)
            else:
                runs.append(run)
                run = [cur]
        runs.append(run)
        members = [list(dict.fromkeys(m.entity for m in r)) for r in runs]
        members = [m for m in members if len(m) > 1]
        if members:
            found[start] = members
    return found


def _joined(doc: Doc, first: Mention, prev: Mention, cur: Mention) -> bool:
    """Whether only list words stand between ``prev`` and ``cur`` (and at least one of
    them: two names side by side are one name or an apposition, not a list)."""
    between = doc[prev.span.end:cur.span.start]
    if not 1 <= len(between) <= 4:
        return False
    opener = fold(doc[first.span.start - 1].text) if first.span.start > first.span.sent.start else ""
    words = [fold(t.text) for t in between]
    if not any(w in LIST_WORDS for w in words):
        return False
    return all(w in LIST_WORDS or w in _DETERMINERS or (w == opener and w) for w in words)


def spread(doc: Doc, relations: list[Relation], negated: set[tuple] = frozenset(),
           cited: set[tuple[int, str]] = frozenset()) -> list[Relation]:
    """``relations`` and, for each that links a list member to an entity outside its list,
    the same relation for the other members (``negated``: ``(sentence start, subject,
    object)`` pairs that give no relation; ``cited``: as for :func:`lists`)."""
    by_sentence = lists(doc, cited)
    if not by_sentence:
        return relations
    entities = doc._.airace_entities
    have = {(r.sentence.start, r.subject, CORE_OF.get(r.prop, r.prop), r.object) for r in relations}
    added = []
    for rel in relations:
        start = rel.sentence.start
        for members in by_sentence.get(start, ()):
            for end in ("subject", "object"):
                here = getattr(rel, end)
                other = rel.object if end == "subject" else rel.subject
                if here not in members or other in members:
                    continue
                for member in members:
                    s, o = (member, other) if end == "subject" else (other, member)
                    prop = CORE_OF.get(rel.prop, rel.prop)
                    slot = (start, s, prop, o)
                    if slot in have or (start, s, o) in negated or s == o:
                        continue
                    if not fits(prop, entities[s].cls, entities[o].cls):
                        continue
                    have.add(slot)
                    added.append(replace(rel, subject=s, object=o, rule=rel.rule + "+list"))
    return relations + added
