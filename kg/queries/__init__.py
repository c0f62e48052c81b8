"""Named SPARQL queries shipped with the package: ``*.rq`` files here, each
with a comment header (title, description, parameters), run by
:mod:`kg.queries.runner` with bound parameters.

>>> "chips-of" in names()
True
"""

from kg.queries.runner import NamedQuery, Param, load, load_all, names


def text(name: str) -> str:
    """The SPARQL text of a named query."""
    return load(name).text


__all__ = ["NamedQuery", "Param", "load", "load_all", "names", "text"]
