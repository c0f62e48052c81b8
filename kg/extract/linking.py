"""Link mentions to entities: every surface form of one actor gets one key.

Rules, in order:

- a gazetteer name or alias links to that entry (``NVIDIA`` → ``Nvidia``);
- a capital used for its government ("Washington interdit ...") links to that
  government;
- a generic policy phrase is named by its kind and its issuer, found in the
  phrase ("sanctions américaines"), next to it ("l'interdiction par
  Washington"), or elsewhere in the document for the same kind: "US export
  controls";
- a surname alone links to the full name of a person met in the document
  ("Altman" → "Sam Altman");
- other names link by their matching key within one class: a name is never
  merged with a name of another class.

Keys are IRI local names: ``Nvidia`` for gazetteer entries,
``company/MiniMax`` for names the gazetteer does not know (the class is part
of the key, so that a name typed differently in two articles is not merged).
Nationality adjectives ("chinoise", "américains") become mentions of their
country, used by the relation rules. "les modèles DeepSeek" becomes a mention
of the model family ``DeepSeek models``, developed by DeepSeek.

The result is ``doc._.airace_entities`` (key → :class:`Entity`) and
``mention.entity`` on every mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.extract.lexicon import Lexicon, is_organization
from kg.extract.mentions import SPANS_KEY, Mention
from kg.extract.normalize import WordFilter, fold, key, slug

_COMPANY_SUFFIXES = {"ai", "inc", "corp", "corporation", "group", "groupe", "technologies", "technology", "ltd", "labs", "sa"}
_MODEL_NOUNS = {"modele", "modeles", "llm", "model", "models"}
_PRONOUNS = {"ceux", "celui", "celles", "celle"}  # "ceux de DeepSeek", after a model noun


@dataclass
class Entity:
    """One real-world actor as this document sees it."""

    key: str
    label: str
    cls: str
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    developer: str | None = None  # for a model family: the key of the organisation

    @property
    def known(self) -> bool:
        return "/" not in self.key


class EntityLinker:
    """The ``airace_linking`` component (see the module docstring)."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.demonyms = WordFilter(lexicon.demonym)
        self.family_words = WordFilter(lambda text: fold(text) in _MODEL_NOUNS or fold(text) in _PRONOUNS)

    def __call__(self, doc: Doc) -> Doc:
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = list(doc._.airace_mentions)
        mentions.extend(self._demonym_mentions(doc, mentions))
        mentions.sort(key=lambda m: (m.span.start, -len(m.span)))
        issuers = self._policy_issuers(doc, mentions)
        for mention in mentions:
            entity = self._link(mention, entities, issuers)
            if entity is None:
                continue
            mention.entity = entity.key
            if fold(mention.text) != fold(entity.label) and mention.source != "demonym":
                entity.aliases.add(mention.text)
        mentions = [m for m in mentions if m.entity]
        mentions.extend(self._model_families(doc, mentions, entities))
        mentions.sort(key=lambda m: (m.span.start, -len(m.span)))
        doc._.airace_mentions = mentions
        doc._.airace_entities = entities
        doc.spans[SPANS_KEY] = [Span(doc, m.span.start, m.span.end, label=m.cls, kb_id=m.entity) for m in mentions]
        return doc

    # -- one mention -----------------------------------------------------
    def _entity_for_entry(self, name: str, entities: dict[str, Entity]) -> Entity:
        entry = self.lexicon.gazetteer.by_name[name]
        ent_key = slug(entry.name)
        if ent_key not in entities:
            entities[ent_key] = Entity(ent_key, entry.name, entry.cls, wikidata=entry.wikidata)
        return entities[ent_key]

    def _minted(self, label: str, cls_name: str, entities: dict[str, Entity]) -> Entity:
        known = self.lexicon.gazetteer.lookup(label)
        if known is not None and (known.cls == cls_name or (is_organization(known.cls) and is_organization(cls_name))):
            return self._entity_for_entry(known.name, entities)
        ent_key = f"{cls_name.lower()}/{slug(label)}"
        if ent_key not in entities:
            entities[ent_key] = Entity(ent_key, label, cls_name)
        return entities[ent_key]

    def _link(self, mention: Mention, entities: dict[str, Entity], issuers: dict[int, str]) -> Entity | None:
        if mention.canonical:
            return self._entity_for_entry(mention.canonical, entities)
        if mention.source == "metonymy":
            government = self.lexicon.capitals[mention.kind]["government"]
            return self._minted(government, "GovernmentBody", entities)
        if mention.cls == "Policy" and mention.kind:
            issuer = issuers.get(mention.span.start)
            adjective = self.lexicon.demonym_english.get(issuer) if issuer else None
            label = f"{adjective} {mention.kind}" if adjective else mention.kind
            return self._minted(label, "Policy", entities)
        text = mention.text
        known = self.lexicon.gazetteer.lookup(text)
        if known is not None and (known.cls == mention.cls or (is_organization(known.cls) and is_organization(mention.cls))):
            mention.canonical = known.name
            return self._entity_for_entry(known.name, entities)
        if mention.cls == "Person" and len(mention.span) == 1:
            for entity in entities.values():
                if entity.cls == "Person" and fold(entity.label).split()[-1] == fold(text):
                    return entity
        wanted = self._match_key(text, mention.cls)
        for entity in entities.values():
            if entity.cls == mention.cls and wanted in {self._match_key(f, entity.cls) for f in (entity.label, *entity.aliases)}:
                return entity
        return self._minted(text, mention.cls, entities)

    @staticmethod
    def _match_key(text: str, cls_name: str) -> str:
        words = key(text).split()
        if is_organization(cls_name) and len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
            words = words[:-1]
        return " ".join(words)

    # -- mentions made here ----------------------------------------------
    def _demonym_mentions(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A nationality adjective is a mention of its country."""
        covered = {i for m in mentions for i in range(m.span.start, m.span.end) if m.cls != "Policy"}
        found = []
        for token in map(doc.__getitem__, self.demonyms.positions(doc)):
            country = self.lexicon.demonym(token.text)
            if country and token.i not in covered and token.pos_ in ("ADJ", "NOUN", "PROPN") and country in self.lexicon.gazetteer.by_name:
                found.append(Mention(doc[token.i:token.i + 1], "Country", "demonym", 0.6, canonical=country))
        return found

    def _policy_issuers(self, doc: Doc, mentions: list[Mention]) -> dict[int, str]:
        """The country that issues each generic policy phrase (start token → country name)."""
        issuers: dict[int, str] = {}
        by_kind: dict[str, list[str]] = {}
        policies = [m for m in mentions if m.cls == "Policy" and m.kind]
        for policy in policies:
            country = self._issuer_near(policy, mentions)
            if country:
                issuers[policy.span.start] = country
                by_kind.setdefault(policy.kind, []).append(country)
        for policy in policies:
            if policy.span.start not in issuers and by_kind.get(policy.kind):
                seen = by_kind[policy.kind]
                issuers[policy.span.start] = max(set(seen), key=seen.count)
        return issuers

    def _issuer_near(self, policy: Mention, mentions: list[Mention]) -> str | None:
        doc, span = policy.span.doc, policy.span
        # 1. an adjective inside or right after the phrase: "sanctions américaines"
        for token in list(span) + list(doc[span.end:min(span.end + 2, span.sent.end)]):
            country = self.lexicon.demonym(token.text)
            if country:
                return country
        # 2. "par/de" + a country or a government right after the phrase
        window_end = min(span.end + 4, span.sent.end)
        for other in mentions:
            if span.start < other.span.start < window_end and other.cls in ("Country", "GovernmentBody") and other.source != "demonym":
                between = {fold(t.text) for t in doc[span.start:other.span.start]}
                if "par" in between or (other.cls == "GovernmentBody" and between & {"de", "d'", "du"}):
                    return self._country_of(other)
        # 3. the subject of the verb that governs the phrase: "Washington impose des sanctions",
        #    "Trump a commencé à imposer des droits de douane" (a leader stands for his country)
        head = span.root.head
        for _ in range(3):
            for child in head.children:
                if child.dep_.startswith("nsubj"):
                    for other in mentions:
                        if other.span.start <= child.i < other.span.end and other.cls in ("Country", "GovernmentBody", "Person"):
                            country = self._country_of(other)
                            if country:
                                return country
            if head.dep_ not in ("xcomp", "ccomp", "conj") or head.head is head:
                break
            head = head.head
        return None

    def _country_of(self, mention: Mention) -> str | None:
        if mention.cls == "Country":
            return mention.canonical or mention.text
        if mention.source == "metonymy":
            return self.lexicon.capitals[mention.kind]["country"]
        if mention.canonical:
            entry = self.lexicon.gazetteer.by_name[mention.canonical]
            return entry.country if entry.cls != "Person" or entry.country in self.lexicon.demonym_english else None
        return None

    def _model_families(self, doc: Doc, mentions: list[Mention], entities: dict[str, Entity]) -> list[Mention]:
        """'les modèles DeepSeek', 'les modèles de DeepSeek' → the model family of DeepSeek."""
        found = []
        starts = {m.span.start: m for m in mentions}
        for token in map(doc.__getitem__, self.family_words.positions(doc)):
            pronoun = fold(token.text) in _PRONOUNS and any(
                fold(t.text) in _MODEL_NOUNS for t in doc[token.sent.start:token.i])
            if fold(token.text) not in _MODEL_NOUNS and not pronoun:
                continue
            i = token.i + 1
            while i < len(doc) and doc[i].pos_ == "ADJ":
                i += 1
            if i < len(doc) and fold(doc[i].text) in ("de", "d'"):
                i += 1
            org = starts.get(i)
            if org is None or not is_organization(org.cls) or org.cls == "GovernmentBody":
                continue
            company = entities[org.entity]
            family = self._minted(f"{company.label} models", "AIModel", entities)
            family.developer = company.key
            found.append(Mention(doc[token.i:org.span.end], "AIModel", "family", 0.7, entity=family.key))
        return found
