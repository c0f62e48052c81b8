"""Named SPARQL queries shipped with the package (``*.rq`` files here).

>>> "supply-chain" in names()
True
"""

from pathlib import Path

_HERE = Path(__file__).parent


def names() -> list[str]:
    return sorted(p.stem for p in _HERE.glob("*.rq"))


def text(name: str) -> str:
    """The SPARQL text of a named query."""
    from kg.errors import Errors, QueryError

    path = _HERE / f"{name}.rq"
    if not path.is_file():
        raise QueryError(Errors.E021.format(path=path))
    return path.read_text(encoding="utf-8")
