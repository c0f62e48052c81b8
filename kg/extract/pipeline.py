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
from kg.extract.lexicon import Lexicon
from kg.extract.linking import EntityLinker
from kg.extract.mentions import MentionFinder
from kg.extract.quantities import QuantityReader
from kg.extract.relations import RelationReader

MODEL = "fr_core_news_md"
COMPONENTS = ("airace_mentions", "airace_linking", "airace_coref", "airace_relations", "airace_claims", "airace_quantities")
#: Longest text given to spaCy in one piece; longer texts are cut at paragraphs.
MAX_CHUNK = 100_000


def _register_extensions() -> None:
    for name, default in (("airace_mentions", None), ("airace_entities", None), ("airace_relations", None),
                          ("airace_claims", None), ("airace_quantities", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def _lexicon(data_dir: str) -> Lexicon:
    return Lexicon.load(data_dir or None)


@Language.component("airace_lines", assigns=["token.is_sent_start"])
def mark_lines(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, headings and captions stand alone;
    so does a full stop followed by a capitalised word.

    Runs before the parser, which keeps these boundaries.
    A token glued to the one before it ("DeepSeek-V3", "l'IA") never starts
    a sentence, unless that one ends a sentence.
    """
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if "\n" in token.text or "\n" in token.whitespace_:
            following.is_sent_start = True
        elif token.text in (".", "!", "?") and token.whitespace_ and following.text[:1].isupper():
            following.is_sent_start = True
        elif not token.whitespace_ and token.text not in (".", "!", "?", "…") and not following.is_space:
            following.is_sent_start = False
    return doc


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


@Language.factory("airace_coref", default_config={"data_dir": ""}, requires=["doc._.airace_entities", "token.dep"], assigns=["doc._.airace_mentions"])
def make_coref(nlp: Language, name: str, data_dir: str):
    """Descriptions and pronouns that stand for an entity met earlier."""
    _register_extensions()
    return CoreferenceResolver(_lexicon(data_dir))


@Language.factory("airace_relations", default_config={"data_dir": ""}, requires=["doc._.airace_entities", "token.dep"], assigns=["doc._.airace_relations"])
def make_relations(nlp: Language, name: str, data_dir: str):
    """Relations between entities, from syntax, triggers and types."""
    _register_extensions()
    return RelationReader(_lexicon(data_dir), nlp.vocab)


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


@lru_cache(maxsize=2)
def load_pipeline(data_dir: str = "") -> Language:
    """``fr_core_news_md`` with the airace components at the end.

    Loaded once per process and data folder (loading spaCy takes seconds).
    """
    import spacy

    nlp = spacy.load(MODEL)
    _tune_tokenizer(nlp, _lexicon(data_dir))
    nlp.add_pipe("airace_lines", before="parser")
    for component in COMPONENTS:
        nlp.add_pipe(component, config={"data_dir": data_dir})
    nlp.add_pipe("airace_dates")
    return nlp
