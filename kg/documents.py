"""Read input documents: files and folders, or text given directly.

Bad input raises :class:`kg.errors.InputError` with a one-line message that
names the file and the problem; the caller decides whether to go on.

>>> doc = Document.from_text("Titre\\nDate : 2025-01-27\\n\\nNvidia a chuté.", source="https://example.org/a")
>>> doc.title, doc.date, doc.language
('Titre', '2025-01-27', 'fr')
>>> doc.iri
'https://w3id.org/airace/document/cd96295800bbc957'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Errors, InputError
from kg.namespaces import DOC

#: Extensions read when a folder is given (explicit files are read whatever their name).
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: What a folder gives to ``kg build``: plain-text articles and saved web pages.
TEXT_SUFFIXES = (".txt", ".text", *HTML_SUFFIXES)

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "février": 2, "fevrier": 2, "févr": 2, "fev": 2, "fév": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "aoû": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12,
    "decembre": 12, "déc": 12, "dec": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
#: How far into an article :func:`find_date` looks for the publication date, in characters.
DATE_HEAD = 600
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_WORD_DATE = re.compile(r"\b([0-3]?\d)(?:er)?\s+([A-Za-zéûè]{3,9})\.?\s+((?:19|20)\d\d)\b")
_FR_WORDS = {"le", "la", "les", "des", "est", "une", "dans", "pour", "que", "qui", "sur", "avec", "du", "et", "pas"}
_EN_WORDS = {"the", "is", "and", "of", "to", "in", "that", "for", "with", "on", "was", "are", "by", "its", "has"}


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_date(text: str) -> str | None:
    """The publication date written near the top of an article, as ``YYYY-MM-DD``.

    >>> find_date("17\\nmar\\n2024\\nEspace Média")
    '2024-03-17'
    >>> find_date("Publié le 3 février 2025 à 10 h")
    '2025-02-03'
    """
    head = " ".join(text[:DATE_HEAD].split())
    iso = _ISO_DATE.search(head)
    if iso:
        return iso.group(0)
    for match in _WORD_DATE.finditer(head):
        day, month, year = match.groups()
        number = _MONTHS.get(month.lower())
        if number and 1 <= int(day) <= 31:
            return f"{year}-{number:02d}-{int(day):02d}"
    return None


def detect_language(text: str) -> str:
    """``"fr"`` or ``"en"``, from the most common short words.

    >>> detect_language("The chip is made by Nvidia and sold in China.")
    'en'
    """
    words = re.findall(r"[a-zà-ÿ]+", text[:20000].lower())
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "en" if en > fr else "fr"


@dataclass(frozen=True)
class Document:
    """One article: its text and what is known about it."""

    text: str
    source: str
    title: str | None
    date: str | None
    language: str
    sha256: str

    @property
    def iri(self) -> str:
        """The document's IRI, which is also the name of its graph."""
        return str(DOC[self.sha256[:16]])

    @classmethod
    def from_text(cls, text: str, source: str, *, title: str | None = None, date: str | None = None) -> "Document":
        if not text.strip() or not re.search(r"\w", text):
            raise InputError(Errors.E006.format(path=source))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        title = title or next((line.strip() for line in text.splitlines() if line.strip()), None)
        if title and len(title) > 200:
            title = title[:197] + "..."
        return cls(text, source, title, date or find_date(text), detect_language(text), content_hash(text))

    @classmethod
    def from_html(cls, html: str, source: str) -> "Document":
        """The main text of a web page (menus, scripts and boilerplate left out, by
        trafilatura), with its title and date; the title opens the text, so the
        pipeline reads it like the title line of a plain-text article."""
        import trafilatura

        found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
        body = (getattr(found, "text", None) or "").strip() if found is not None else ""
        if len(body.split()) < 8:  # a menu or a cookie banner is not an article
            raise InputError(Errors.E007.format(path=source))
        title = getattr(found, "title", None)
        text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
        date = getattr(found, "date", None)
        return cls.from_text(text, source, title=title, date=date if date and _ISO_DATE.fullmatch(date) else None)

    @classmethod
    def from_file(cls, path: Path) -> "Document":
        """Read one file; raise :class:`InputError` naming it if it cannot be used."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(Errors.E005.format(path=path)) from None
        except OSError as exc:
            raise InputError(Errors.E004.format(path=path, reason=exc.strerror or exc)) from None
        if not data.strip():
            raise InputError(Errors.E001.format(path=path))
        if b"\x00" in data[:8192]:
            raise InputError(Errors.E002.format(path=path))
        text = _decode(data, path)
        if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
            return cls.from_html(text, source=str(path))
        return cls.from_text(text, source=str(path))


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in text[:5000].lower() and "</p>" in text.lower())


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(Errors.E003.format(path=path)) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text) / 100:
        raise InputError(Errors.E003.format(path=path))
    return text


def collect_paths(inputs: list[str | Path]) -> list[Path]:
    """Files named directly, and the text files under each folder, in a stable order.

    A missing path raises :class:`InputError`.
    """
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            paths.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")))
        elif path.exists():
            paths.append(path)
        else:
            raise InputError(Errors.E005.format(path=path))
    return paths
