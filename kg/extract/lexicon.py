"""The data the rules read: gazetteer, shape patterns, cue words, policy
phrases, demonyms and relation triggers, loaded once from ``data/``.

>>> lex = Lexicon.load()
>>> lex.gazetteer.lookup("NVIDIA").name
'Nvidia'
>>> lex.demonym("chinoises")
'China'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import DataError, Errors
from kg.extract.normalize import fold, key
from kg.extract.countries import country_entries
from kg.namespaces import CLASSES, ORGANIZATION_CLASSES, PROPERTIES
from kg.resources import data_dir


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(Errors.E030.format(path=path, reason=exc)) from exc


@dataclass(frozen=True)
class GazetteerEntry:
    """One known entity: canonical name, class, aliases, Wikidata QID, country."""

    name: str
    cls: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    exact: bool = False  # matched with its case ("Spark", "Le Chat"): names learned from the corpus

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Gazetteer:
    """Known entities, looked up by any surface form (see :func:`normalize.key`)."""

    def __init__(self, entries: list[GazetteerEntry]):
        self.entries = entries
        self.by_name = {e.name: e for e in entries}
        self._by_key: dict[str, GazetteerEntry] = {}
        for entry in entries:
            for form in entry.surface_forms:
                self._by_key.setdefault(key(form), entry)
        surnames: dict[str, list[GazetteerEntry]] = {}
        for entry in entries:
            if entry.cls == "Person" and len(entry.name.split()) >= 2:
                surnames.setdefault(key(entry.name.split()[-1]), []).append(entry)
        self._by_surname = {k: v[0] for k, v in surnames.items() if len(v) == 1 and k not in self._by_key}
        families: dict[str, set[str]] = {}
        for entry in entries:
            if entry.cls in ("AIModel", "Chip"):
                for form in entry.surface_forms:  # "Qwen3" and "Gemini" name the families "qwen" and "gemini"
                    stem = family(form) or (fold(form).lower() if len(form) >= 3 and not any(c.isdigit() for c in form) else None)
                    if stem:
                        families.setdefault(stem, set()).add(entry.cls)
        self._families = {stem: next(iter(c)) for stem, c in families.items() if len(c) == 1}

    @classmethod
    def from_file(cls, path: Path) -> "Gazetteer":
        raw = _read_json(path)
        if not isinstance(raw, list):
            raise DataError(Errors.E030.format(path=path, reason="expected a JSON list"))
        entries = []
        for i, item in enumerate(raw):
            if item.get("class") not in CLASSES or not item.get("name"):
                raise DataError(Errors.E031.format(path=path, index=i, reason="needs a name and one of the nine classes"))
            qid = item.get("wikidata")
            if qid is not None and not (isinstance(qid, str) and qid.startswith("Q") and qid[1:].isdigit()):
                raise DataError(Errors.E031.format(path=path, index=i, reason=f"bad Wikidata id {qid!r}"))
            entries.append(GazetteerEntry(
                name=item["name"], cls=item["class"], aliases=tuple(item.get("aliases") or ()),
                wikidata=qid, country=item.get("country"), exact=bool(item.get("exact", False)),
            ))
        return cls(entries)

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry one of whose surface forms has the key of ``text``."""
        return self._by_key.get(key(text))

    def person_by_surname(self, text: str) -> GazetteerEntry | None:
        """The one known person with this surname ("Trump" → Donald Trump), if only one."""
        return self._by_surname.get(key(text))

    def family_class(self, text: str) -> str | None:
        """The class of the known models or chips whose family name ``text``
        carries with another version ("GPT-5" when GPT-4o is known, "Ascend
        920" when Ascend 910B is): news names new versions of known families
        every week.

        >>> Gazetteer([GazetteerEntry("GPT-4o", "AIModel")]).family_class("GPT-5")
        'AIModel'
        """
        stem = family(text)
        return self._families.get(stem) if stem else None

    def __len__(self) -> int:
        return len(self.entries)


_FAMILY = re.compile(r"^([A-Za-z][A-Za-z.]*(?:[ -][A-Za-z][A-Za-z.]*)*?)[ -]?[vVrRkK]?\d")


def family(name: str) -> str | None:
    """The family part of a versioned model or chip name (its words before
    the version number), folded; None when there is none or it is under
    three letters ("H100" has no family worth the name).

    >>> family("DeepSeek-V3"), family("Ascend 910B"), family("Kimi K2"), family("H100")
    ('deepseek', 'ascend', 'kimi', None)
    """
    match = _FAMILY.match(name)
    if match is None or len(match.group(1)) < 3:
        return None
    return fold(match.group(1)).lower()


@dataclass
class Lexicon:
    """Everything the extraction rules read from ``data/``."""

    gazetteer: Gazetteer
    shapes: list[dict]
    policy_kinds: dict[str, list[list[dict]]]
    cues_before: dict[str, set[str]]
    cues_inside: dict[str, set[str]]
    demonyms: dict[str, str]
    demonym_english: dict[str, str]
    capitals: dict[str, dict]
    verb_triggers: dict[str, set[str]]
    noun_triggers: dict[str, set[str]]
    coreference: dict = field(default_factory=dict)
    dependencies: list = field(default_factory=list)
    attribution: dict = field(default_factory=dict)
    quantities: dict = field(default_factory=dict)
    cue_words: dict = field(default_factory=dict)  # context nouns as written (accents kept)
    listed_verbs: set[str] = field(default_factory=set)
    supply: dict = field(default_factory=dict)
    hedges: set[str] = field(default_factory=set)
    negations: set[str] = field(default_factory=set)
    # Answers already given, by word as asked (the rules ask about every token, often twice).
    _cues: dict = field(default_factory=dict, repr=False, compare=False)
    _verbs: dict = field(default_factory=dict, repr=False, compare=False)
    _nouns: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, root: Path | None = None) -> "Lexicon":
        return _load(str(root or data_dir()))

    def demonym(self, word: str) -> str | None:
        """The country a nationality adjective names (``"chinoise"`` → ``"China"``)."""
        return self.demonyms.get(fold(word))

    def cue_class(self, lemma: str) -> str | None:
        """The class a context noun ('puce', 'start-up'...) gives to the name next to it."""
        try:
            return self._cues[lemma]
        except KeyError:
            folded = fold(lemma)
            found = next((cls_name for cls_name, words in self.cues_before.items() if folded in words), None)
            self._cues[lemma] = found
            return found

    def verb_properties(self, lemma: str) -> set[str]:
        try:
            return set(self._verbs[lemma])
        except KeyError:
            folded = fold(lemma)
            self._verbs[lemma] = frozenset(p for p, lemmas in self.verb_triggers.items() if folded in lemmas)
            return set(self._verbs[lemma])

    def noun_property(self, lemma: str) -> str | None:
        try:
            return self._nouns[lemma]
        except KeyError:
            folded = fold(lemma)
            found = next((prop for prop in ("founderOf", "leads", "affiliatedWith", "competesWith", "variantOf", "develops", "produces")
                          if folded in self.noun_triggers.get(prop, ())), None)
            self._nouns[lemma] = found
            return found


@lru_cache(maxsize=4)
def _load(root: str) -> Lexicon:
    base = Path(root)
    patterns = base / "patterns"
    gazetteer = Gazetteer.from_file(base / "gazetteer.json")
    gazetteer = Gazetteer(gazetteer.entries + country_entries(set(gazetteer._by_key)))
    if LEARNED_NAMES.is_file():  # names learned from data/train by kg train; the curated entries win
        gazetteer = Gazetteer(gazetteer.entries + learned_entries(Gazetteer.from_file(LEARNED_NAMES), gazetteer))
    shapes = _read_json(patterns / "shapes.json")["patterns"]
    for i, item in enumerate(shapes):
        if item.get("label") not in CLASSES:
            raise DataError(Errors.E031.format(path=patterns / "shapes.json", index=i, reason="unknown label"))
    cues = _read_json(patterns / "cues.json")
    dem = _read_json(patterns / "demonyms.json")
    triggers = _read_json(patterns / "triggers.json")
    for prop in list(triggers["verbs"]) + list(triggers["nouns"]):
        if prop not in PROPERTIES:
            raise DataError(Errors.E030.format(path=patterns / "triggers.json", reason=f"unknown property {prop!r}"))
    demonyms, english = {}, {}
    for country, spec in dem["countries"].items():
        english[country] = spec["english"]
        for form in spec["forms"]:
            demonyms[fold(form)] = country
    capitals = {k: v for k, v in dem["capitals"].items() if not k.startswith("_")}
    folded = lambda words: {fold(w) for w in words}  # noqa: E731
    return Lexicon(
        gazetteer=gazetteer,
        shapes=shapes,
        policy_kinds=_read_json(patterns / "policies.json")["kinds"],
        cues_before={c: folded(ws) for c, ws in cues["before"].items()},
        cue_words={c: set(ws) for c, ws in cues["before"].items()},
        cues_inside={c: folded(ws) for c, ws in cues["inside"].items()},
        demonyms=demonyms,
        demonym_english=english,
        capitals=capitals,
        verb_triggers={p: folded(ws) for p, ws in triggers["verbs"].items()},
        noun_triggers={p: folded(ws) for p, ws in triggers["nouns"].items()},
        listed_verbs=folded(triggers.get("listed", {}).get("verbs", ())),
        supply={k: folded(v) for k, v in triggers.get("supply", {}).items() if not k.startswith("_")},
        coreference=_read_json(patterns / "coreference.json"),
        dependencies=_read_json(patterns / "dependencies.json")["patterns"],
        attribution=_read_json(patterns / "attribution.json"),
        quantities=_read_json(patterns / "quantities.json"),
        hedges=folded(triggers["hedges"]),
        negations=folded(triggers["negations"]),
    )


#: Names of the training corpus (``kg train``, :mod:`kg.learn.names`), shipped with the relation model.
LEARNED_NAMES = Path(__file__).parent / "models" / "names.json"


def learned_entries(learned: Gazetteer, curated: Gazetteer) -> list[GazetteerEntry]:
    """The learned entries the curated gazetteer does not know, without the
    forms it already gives to another entity."""
    entries = []
    for entry in learned.entries:
        if curated.lookup(entry.name) is not None or entry.name in curated.by_name:
            continue
        aliases = tuple(a for a in entry.aliases if curated.lookup(a) is None)
        entries.append(GazetteerEntry(entry.name, entry.cls, aliases, entry.wikidata, entry.country, True))
    return entries


def is_organization(cls_name: str) -> bool:
    return cls_name in ORGANIZATION_CLASSES
