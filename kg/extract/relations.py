"""Read relations between linked mentions, sentence by sentence.

Each rule looks at one sentence and proposes ``(subject, property, object)``
with a confidence; the type constraints of :mod:`kg.extract.schema` decide
which property a trigger means ("lancer" a model is ``develops``, "lancer" a
chip is ``produces``). The rules:

``of``            "la puce Ascend 910B de Huawei", "Llama 3.1 de Meta"
``compound``      "les processeurs Nvidia A100"
``possessive``    "Alibaba avec son modèle Qwen3"
``cue-list``      "les puces de Nvidia (A100 et H100)"
``title``         "Liang Wenfeng, fondateur de DeepSeek", "le PDG d'OpenAI, Sam Altman"
``signature``     "– Professeur Teng Bingsheng, CKGSB."
``dep-*``, ``verb``, ``listed``, ``supply``, ``trained-on``
                  a trigger verb and its arguments, from the parse or by word
                  order (:mod:`kg.extract.verbs`)
``nationality``   "DeepSeek, une entreprise chinoise", "le géant américain Nvidia"
``policy-issuer`` "sanctions américaines", "l'interdiction par Washington"
``policy-target`` "des contrôles à l'exportation vers la Chine"
``rival``         "rival de", "homologues ... comme X"
``variant``       "le H800, version bridée du H100"
``family``        "les modèles DeepSeek" (DeepSeek develops them)

The result is ``doc._.airace_relations``, a list of :class:`Relation`; the same
triple found twice in one sentence is kept once, with the best confidence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon, is_organization
from kg.extract.mentions import Mention
from kg.extract.normalize import WordFilter, fold, within
from kg.extract.schema import fits
from kg.extract.syntax import Match, SyntaxRules
from kg.extract.verbs import AND, BY, VerbRules, first_fitting

# French words first, then their English counterparts for the English pipeline.
_OF = {"de", "d'", "du", "des", "of"}
_POSSESSIVES = {"son", "sa", "ses", "leur", "leurs", "its", "their", "his", "her"}
_TARGET_PREPS = {"vers", "contre", "sur", "envers", "visant", "à", "to", "against", "on", "targeting"}


@dataclass
class Relation:
    """One relation read from one sentence."""

    subject: str
    prop: str
    object: str
    confidence: float
    rule: str
    sentence: Span
    hedged: bool = False
    claim: int | None = None  # index in doc._.airace_claims when read inside a claim
    date: tuple[str, str] | None = None  # (lexical form, XSD type) stated in the sentence

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.prop, self.object)


class RelationReader:
    """The ``airace_relations`` component (see the module docstring)."""

    def __init__(self, lexicon: Lexicon, vocab):
        self.lexicon = lexicon
        self.syntax = SyntaxRules(vocab, lexicon)
        self.verbs = VerbRules(lexicon)
        self.hedges = WordFilter(lambda text: fold(text) in lexicon.hedges)
        self.rival_nouns = WordFilter(lambda text: lexicon.noun_property(text) == "competesWith")

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.airace_entities
        by_sentence: dict[int, list[Mention]] = {}
        for mention in doc._.airace_mentions:
            by_sentence.setdefault(mention.span.sent.start, []).append(mention)
        parsed: dict[int, list[Match]] = {}
        for match in self.syntax(doc, doc._.airace_mentions):
            parsed.setdefault(match.verb.sent.start, []).append(match)
        found: dict[tuple, Relation] = {}
        previous: list[Mention] = []
        hedges = self.hedges.positions(doc)
        verbs = self.verbs.words.positions(doc, ("LEMMA", "ORTH"))
        rivals = self.rival_nouns.positions(doc, ("LEMMA", "ORTH"))
        for sent in doc.sents:
            mentions = by_sentence.get(sent.start, [])
            if len(mentions) < 1:
                previous = []
                continue
            hedged = bool(within(hedges, sent))
            read = self._read(sent, mentions, previous, within(verbs, sent), within(rivals, sent))
            previous = mentions
            for subj, prop, obj, confidence, rule in itertools.chain(self.verbs.from_parse(parsed.get(sent.start, [])), read):
                if subj.entity == obj.entity:
                    continue
                s_cls, o_cls = entities[subj.entity].cls, entities[obj.entity].cls
                if not fits(prop, s_cls, o_cls):
                    continue
                confidence *= 0.6 + 0.4 * min(subj.confidence, obj.confidence)
                if hedged:
                    confidence *= 0.85
                relation = Relation(subj.entity, prop, obj.entity, round(confidence, 3), rule, sent, hedged)
                slot = (sent.start, *relation.triple)
                if slot not in found or found[slot].confidence < relation.confidence:
                    found[slot] = relation
        for entity in entities.values():
            if entity.developer:
                family = next(m for m in doc._.airace_mentions if m.entity == entity.key)
                slot = (family.span.sent.start, entity.developer, "develops", entity.key)
                found.setdefault(slot, Relation(entity.developer, "develops", entity.key, 0.7, "family", family.span.sent))
        doc._.airace_relations = list(found.values())
        return doc

    # -- the rules -------------------------------------------------------
    def _read(self, sent: Span, mentions: list[Mention], previous: list[Mention], verbs: list[int], rivals: list[int]):
        """The relations the rules read in ``sent`` (``verbs``, ``rivals``: where
        its words for :class:`VerbRules` and for :meth:`_rival` are)."""
        outer = [m for m in mentions if not any(o is not m and o.span.start <= m.span.start and m.span.end <= o.span.end and len(o.span) > len(m.span) for o in mentions)]
        yield from self._of(sent, outer)
        yield from self._compound(outer)
        yield from self._possessive(sent, outer, previous)
        yield from self._cue_list(sent, outer)
        yield from self._title(sent, outer)
        yield from self._maker(sent, outer)
        yield from self._signature(sent, outer)
        yield from self.verbs(sent, outer, verbs)
        yield from self._nationality(sent, mentions)
        yield from self._policy(sent, mentions)
        yield from self._rival(sent, outer, rivals)
        yield from self._variant(sent, outer)

    def _of(self, sent, mentions):
        """X de Y: a chip or model 'of' an organisation."""
        doc = sent.doc
        for a, b in zip(mentions, mentions[1:]):
            gap = [fold(t.text) for t in doc[a.span.end:b.span.start]]
            if gap[:1] == [","] and len(gap) > 1:
                gap = gap[1:]  # "Llama, de Meta"
            if gap and gap[0] in _OF and all(w in _OF or w in ("le", "la", "l'", "les") for w in gap) and len(gap) <= 2:
                if a.cls == "Chip":
                    yield b, "produces", a, 0.85, "of"
                elif a.cls == "AIModel":
                    yield b, "develops", a, 0.85, "of"

    def _compound(self, mentions):
        """'les processeurs Nvidia A100': an organisation name right before a chip or model."""
        for a, b in zip(mentions, mentions[1:]):
            if a.span.end == b.span.start and is_organization(a.cls) and a.cls != "GovernmentBody":
                if b.cls == "Chip":
                    yield a, "produces", b, 0.8, "compound"
                elif b.cls == "AIModel":
                    yield a, "develops", b, 0.8, "compound"

    def _possessive(self, sent, mentions, previous=()):
        """'Alibaba avec son modèle Qwen3': son/sa/ses + cue + chip or model, owned by the
        nearest organisation before it — in the sentence, else the subject or last
        organisation of the sentence before ("Baidu ... . [Il] revendique ... son chatbot Ernie")."""
        doc = sent.doc
        for m in mentions:
            if m.cls not in ("Chip", "AIModel"):
                continue
            i = m.span.start - 1
            nouns = 0
            while i > sent.start and (self.lexicon.cue_class(doc[i].lemma_) or doc[i].pos_ == "ADJ" or (doc[i].pos_ == "NOUN" and nouns < 2)):
                nouns += doc[i].pos_ == "NOUN" and not self.lexicon.cue_class(doc[i].lemma_)
                i -= 1
            if i > sent.start and fold(doc[i].text) in ("le", "la", "les", "l'") and fold(doc[i - 1].text) == "dont":
                i -= 1  # "Alibaba, dont le modèle Qwen3 ..." reads like "son modèle"
            elif i < sent.start or fold(doc[i].text) not in _POSSESSIVES or i == m.span.start - 1:
                continue
            owners = [o for o in mentions if o.span.end <= i and is_organization(o.cls) and o.cls != "GovernmentBody"]
            prop = "produces" if m.cls == "Chip" else "develops"
            if owners:
                yield owners[-1], prop, m, 0.75, "possessive"
            elif not any(o.span.end <= i for o in mentions if o.cls in ("Person", "Company", "ResearchInstitution")):
                before = [o for o in previous if is_organization(o.cls) and o.cls != "GovernmentBody"]
                subjects = [o for o in before if any(t.dep_.startswith("nsubj") for t in o.span)]
                if subjects or before:
                    yield (subjects or before)[-1], prop, m, 0.6, "possessive"

    def _cue_list(self, sent, mentions):
        """'les puces ... de Nvidia (A100 et H100)': a list in brackets after 'cue de ORG'."""
        doc = sent.doc
        for k, org in enumerate(mentions):
            if not is_organization(org.cls) or org.span.start - 1 < sent.start or fold(doc[org.span.start - 1].text) not in _OF:
                continue
            window = doc[max(sent.start, org.span.start - 8):org.span.start]
            cues = {self.lexicon.cue_class(t.lemma_) for t in window}
            after = org.span.end
            if after < sent.end and doc[after].text in ("(", ":", "—", "–"):
                for item in mentions[k + 1:]:
                    closing = [t for t in doc[after:item.span.start] if t.text == ")"]
                    if closing:
                        break
                    if item.cls == "Chip" and "Chip" in cues:
                        yield org, "produces", item, 0.75, "cue-list"
                    elif item.cls == "AIModel" and "AIModel" in cues:
                        yield org, "develops", item, 0.75, "cue-list"

    def _trigger_noun(self, tokens) -> tuple[str, Token] | None:
        for t in tokens:
            prop = self.lexicon.noun_property(t.lemma_) or self.lexicon.noun_property(t.text)
            if prop in ("founderOf", "leads", "affiliatedWith"):
                return prop, t
        return None

    def _title(self, sent, mentions):
        """Person, title de ORG — and — title de ORG, Person."""
        doc = sent.doc
        people = [m for m in mentions if m.cls == "Person"]
        orgs = [m for m in mentions if is_organization(m.cls)]
        for person in people:
            # Person, [»] fondateur de ... ORG
            end = min(sent.end, person.span.end + 4)
            head = doc[person.span.end:end]
            if any(t.text == "," for t in head):
                comma = next(t.i for t in head if t.text == ",")
                found = self._trigger_noun(doc[comma + 1:min(sent.end, comma + 4)])
                if found:
                    prop, noun = found
                    for org in orgs:
                        if noun.i < org.span.start <= noun.i + 12 and not any(t.text in (",", ";", "(") for t in doc[noun.i:org.span.start]):
                            yield person, prop, org, 0.85, "title"
                            break
            # title de ORG[,] Person
            start = max(sent.start, person.span.start - 12)
            found = self._trigger_noun(doc[start:person.span.start])
            if found:
                prop, noun = found
                for org in orgs:
                    if noun.i < org.span.start and org.span.end <= person.span.start:
                        gap = doc[org.span.end:person.span.start]
                        if len(gap) <= 2 and all(t.text == "," or t.is_punct for t in gap):
                            yield person, prop, org, 0.8, "title"
                            break

    def _maker(self, sent, mentions):
        """'OpenAI, le créateur de ChatGPT' — 'le concepteur de l'Ascend 910B, Huawei':
        a maker noun between an organisation and what it makes."""
        doc = sent.doc
        for k, a in enumerate(mentions):
            for b in mentions[k + 1:k + 2]:
                gap = doc[a.span.end:b.span.start]
                if not 2 <= len(gap) <= 6:
                    continue
                nouns = [t for t in gap if self.lexicon.noun_property(t.lemma_) in ("develops", "produces")
                         or self.lexicon.noun_property(t.text) in ("develops", "produces")]
                words = [fold(t.text) for t in gap]
                if not nouns or not any(w in _OF for w in words[words.index(fold(nouns[0].text)):]):
                    continue
                if words[0] == "," and is_organization(a.cls) and b.cls in ("Chip", "AIModel"):
                    yield from first_fitting({"develops", "produces"}, a, b, 0.75, "maker")
                elif words[-1] == "," and is_organization(b.cls) and a.cls in ("Chip", "AIModel") and any(w in _OF for w in words[:2]):
                    continue  # "ChatGPT, du créateur ..." is rare; leave it
        # "le créateur de ChatGPT, OpenAI"
        for k, m in enumerate(mentions[:-1]):
            nxt = mentions[k + 1]
            if m.cls not in ("Chip", "AIModel") or not is_organization(nxt.cls):
                continue
            if doc[m.span.end:nxt.span.start].text.strip() != "," or m.span.start < sent.start + 2:
                continue
            before = doc[max(sent.start, m.span.start - 4):m.span.start]
            if any(self.lexicon.noun_property(t.lemma_) in ("develops", "produces") for t in before) and fold(before[-1].text) in _OF | {"l'"}:
                yield from first_fitting({"develops", "produces"}, nxt, m, 0.75, "maker")

    def _signature(self, sent, mentions):
        """'Professeur Teng Bingsheng, CKGSB.': a person, a comma, an institution, the end."""
        doc = sent.doc
        for a, b in zip(mentions, mentions[1:]):
            if a.cls == "Person" and is_organization(b.cls) and b.cls != "GovernmentBody":
                gap = [t.text for t in doc[a.span.end:b.span.start]]
                rest = [t for t in doc[b.span.end:sent.end] if not t.is_space]
                if gap == [","] and all(t.is_punct for t in rest):
                    yield a, "affiliatedWith", b, 0.65, "signature"

    # -- nationality and policies -----------------------------------------
    def _nationality(self, sent, mentions):
        """'DeepSeek, une entreprise chinoise', 'Samsung, le concurrent sud-coréen
        de TSMC', 'le géant américain Nvidia', 'les Néerlandais ASML'."""
        doc = sent.doc
        countries = [m for m in mentions if m.cls == "Country" and m.source == "demonym"]
        orgs = [m for m in mentions if is_organization(m.cls) and m.cls != "GovernmentBody"]
        for country in mentions:  # "SMIC (Chine)"
            c = country.span.start
            if country.cls == "Country" and country.source != "demonym" and c >= 1 and doc[c - 1].text == "(" \
                    and country.span.end < len(doc) and doc[country.span.end].text == ")":
                for org in orgs:
                    if org.span.end == c - 1:
                        yield org, "basedIn", country, 0.7, "nationality"
        for country in countries:
            c = country.span.start
            for org in orgs:
                if org.span.start > c and doc[c + 1:org.span.start].text == "(" and country.span[0].text[:1].isupper():
                    yield org, "basedIn", country, 0.7, "nationality"  # "quelques Français (Mistral AI)"
                elif org.span.start > c:
                    gap = doc[c + 1:org.span.start]
                    if len(gap) == 0 or (len(gap) <= 2 and all(t.pos_ in ("ADJ", "NOUN") or t.text == "-" for t in gap)):
                        cue_before = any(self.lexicon.cue_class(t.lemma_) for t in doc[max(sent.start, c - 3):c])
                        if cue_before or country.span[0].pos_ in ("NOUN", "PROPN") or country.span[0].is_title:
                            yield org, "basedIn", country, 0.75, "nationality"
                            yield from self._coordinated(org, orgs, country, doc)
                elif org.span.end <= c:
                    gap = doc[org.span.end:c]
                    noun = list(gap) + list(doc[c + 1:min(c + 3, sent.end)])  # "une entreprise chinoise", "a Chinese startup"
                    if gap and gap[0].text == "," and len(gap) <= 4 and any(self._org_noun(t) for t in noun):
                        yield org, "basedIn", country, 0.75, "nationality"

    def _org_noun(self, t: Token) -> bool:
        """A noun an apposition uses for an organisation: 'une entreprise', 'le
        concurrent', 'le fabricant'."""
        return self.lexicon.cue_class(t.lemma_) in ("Company", "ResearchInstitution") or \
            self.lexicon.noun_property(t.lemma_) in ("competesWith", "produces", "develops")

    @staticmethod
    def _coordinated(org, orgs, country, doc):
        last = org
        for other in orgs:
            if other.span.start > last.span.end:
                gap = [fold(t.text) for t in doc[last.span.end:other.span.start]]
                if gap and all(w in AND for w in gap):
                    yield other, "basedIn", country, 0.7, "nationality"
                    last = other
                else:
                    break

    def _policy(self, sent, mentions):
        doc = sent.doc
        policies = [m for m in mentions if m.cls == "Policy"]
        for policy in policies:
            span = policy.span
            # issuer: an adjective inside or right after, or 'par/de' + country or government
            for m in mentions:
                if m.cls not in ("Country", "GovernmentBody") or m is policy:
                    continue
                inside = span.start <= m.span.start < span.end
                right_after = span.end <= m.span.start <= span.end + 1 and m.source == "demonym"
                words = {fold(t.text) for t in doc[span.start:m.span.start]}
                by = span.start < m.span.start <= span.end + 4 and m.source != "demonym" and (
                    words & BY or (m.cls == "GovernmentBody" and words & _OF))
                if (inside or right_after) and m.source == "demonym":
                    yield policy, "issuedBy", m, 0.8, "policy-issuer"
                elif by:
                    yield policy, "issuedBy", m, 0.7, "policy-issuer"
            # targets: 'vers/contre/sur X', chips named in the phrase's reach
            later = [m for m in mentions if m.span.start >= span.end and m.span.start <= span.end + 16]
            nxt = next((p for p in policies if p.span.start > span.start), None)
            for m in later:
                if nxt is not None and m.span.start >= nxt.span.start:
                    break
                gap = doc[span.end:m.span.start]
                words = {fold(t.text) for t in gap}
                if m.cls == "Country" and m.source != "demonym" and (words & _TARGET_PREPS):
                    prep = [fold(t.text) for t in gap if fold(t.text) in _TARGET_PREPS][-1]
                    if prep != "à" or "destination" in words:
                        yield policy, "targets", m, 0.75, "policy-target"
                elif m.cls == "Country" and m.source == "demonym" and m.span.start > span.end + 1 and (
                        {fold(t.text) for t in doc[max(span.end, m.span.start - 4):m.span.start]} & _TARGET_PREPS):
                    yield policy, "targets", m, 0.65, "policy-target"  # "droits de douane sur les puces chinoises"
                elif m.cls == "Chip" and policy.kind == "export controls":
                    yield policy, "targets", m, 0.65, "policy-target"
                elif is_organization(m.cls) and m.cls != "GovernmentBody" and words & {"contre", "visant", "frappant", "ciblant"}:
                    yield policy, "targets", m, 0.7, "policy-target"

    # -- rivals and variants -----------------------------------------------
    def _rival(self, sent, mentions, nouns: list[int]):
        for t in map(sent.doc.__getitem__, nouns):
            if (self.lexicon.noun_property(t.lemma_) or self.lexicon.noun_property(t.text)) != "competesWith":
                continue
            left = [m for m in mentions if m.span.end <= t.i and m.cls != "Country" and m.cls != "Policy"]
            right = [m for m in mentions if t.i < m.span.start <= t.i + 14 and m.cls != "Country"]
            if not left or not right:
                continue
            subject = left[0] if left[0].cls == "AIModel" or len(left) == 1 else left[-1]
            for other in right:
                if fits("competesWith", subject.cls, other.cls):
                    yield subject, "competesWith", other, 0.65, "rival"

    def _variant(self, sent, mentions):
        doc = sent.doc
        chips = [m for m in mentions if m.cls in ("Chip", "AIModel")]
        for a in chips:
            for b in chips:
                if b.span.start <= a.span.end or b.span.start > a.span.end + 10:
                    continue
                gap = doc[a.span.end:b.span.start]
                nouns = [t for t in gap if "variantOf" in (self.lexicon.noun_property(t.lemma_), self.lexicon.noun_property(t.text))]
                if nouns and fold(gap[-1].text) in _OF | {"l'"} | {"le", "la"} and any(fold(t.text) in _OF for t in gap):
                    prop = "variantOf" if a.cls == "Chip" else "basedOn"
                    yield a, prop, b, 0.75, "variant"
