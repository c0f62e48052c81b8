"""Every country of ISO 3166, in English and French, from :mod:`pycountry`,
so that a country the gazetteer does not list is still known.

Names that are also common words or first names in news text ("Jordan",
"Maurice", "Chad", "Turkey" in English) are left out unless the gazetteer
lists them; so are names written with a comma ("Corée, République de").

>>> entries = country_entries(known=set())
>>> any(e.name == "Kyrgyzstan" and "Kirghizistan" in e.aliases for e in entries)
True
"""

from __future__ import annotations

from functools import lru_cache

#: Country names that news text uses for other things.
AMBIGUOUS = {"jordan", "jordanie", "maurice", "chad", "turkey", "jersey", "guernsey", "man", "georgia", "niger",
             "guinea", "dominica", "réunion", "reunion", "chili", "maurice", "saint martin", "united states minor outlying islands", "holy see"}


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    import gettext

    import pycountry

    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:  # pragma: no cover - pycountry always ships French
        french = gettext.NullTranslations()
    found = []
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        forms = {name, country.name, french.gettext(country.name), getattr(country, "official_name", name)}
        forms = tuple(sorted(f for f in forms if "," not in f and f.lower() not in AMBIGUOUS))
        if "," not in name and name.lower() not in AMBIGUOUS:
            found.append((name, tuple(f for f in forms if f != name)))
    return tuple(found)


def country_entries(known: set[str]):
    """Gazetteer entries for the countries none of whose names is in ``known``
    (the matching keys of the gazetteer's own surface forms)."""
    from kg.extract.lexicon import GazetteerEntry
    from kg.extract.normalize import key

    entries = []
    for name, aliases in _countries():
        if key(name) in known or any(key(a) in known for a in aliases):
            continue
        entries.append(GazetteerEntry(name=name, cls="Country", aliases=aliases, country=name))
    return entries
