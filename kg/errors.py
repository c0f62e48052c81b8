"""One base error for the whole package, and a catalogue of numbered messages.

Every error the package raises on purpose is a :class:`KGError` (or a subclass)
whose message comes from :class:`Errors`, so that a message can be searched for
by its code and is never written twice.

>>> str(InputError(Errors.E001.format(path="a.txt")))
'E001 a.txt: the file is empty'
"""


class KGError(Exception):
    """Base class of every error raised on purpose by :mod:`kg`."""


class InputError(KGError):
    """An input document cannot be read or used."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query is malformed or fails."""


class DataError(KGError):
    """A packaged data file (gazetteer, patterns, reference facts) is wrong."""


class ViewError(KGError):
    """A view of the graph (``kg viz``) cannot be drawn as asked."""


class AnalysisError(KGError):
    """An analysis of the graph (``kg analyze``, ``kg export``) cannot run as asked."""


class _Catalogue(type):
    """Prefix each message with its code, so a message names itself."""

    def __getattribute__(cls, code):
        message = super().__getattribute__(code)
        if code.startswith("E") and code[1:].isdigit():
            return f"{code} {message}"
        return message


class Errors(metaclass=_Catalogue):
    """Numbered message templates. Never reuse a number."""

    E001 = "{path}: the file is empty"
    E002 = "{path}: the file looks binary (it holds NUL bytes), not text"
    E003 = "{path}: the file cannot be decoded as UTF-8 or Latin-1 text"
    E004 = "{path}: the file cannot be read ({reason})"
    E005 = "{path}: no such file or directory"
    E006 = "{path}: the text holds no words"
    E010 = "{path}: the store cannot be opened ({reason})"
    E011 = "the store cannot be written ({reason})"
    E012 = "{path}: unknown export format '{suffix}'; use one of {formats}"
    E013 = "{path}: the file cannot be parsed as RDF ({reason})"
    E020 = "the SPARQL query is invalid: {reason}"
    E021 = "{path}: no such query file"
    E022 = "no entity has the label or alias '{name}'"
    E030 = "{path}: {reason}"
    E031 = "{path}: entry {index}: {reason}"
    E060 = "{path}: not a gold file ({reason})"
    E061 = "{path}: no gold files (*.json) in this folder"
    E062 = "{path}: the article it annotates is missing: {text}"
    E070 = "cannot focus on '{name}': no entity has that label, alias or IRI"
    E071 = "unknown {what} '{value}'; use one of: {choices}"
    E072 = "{name} must be {rule}, not {value}"
    E073 = "the vis-network files are missing from the installed pyvis package ({path})"
    E074 = "{path}: the viewer cannot be written ({reason})"
    E080 = "no entity has the label, alias or IRI '{name}'"
    E081 = "'{name}' is of class {cls}, not Policy: exposure starts from a policy"
    E082 = "unknown {what} '{value}'; use one of: {choices}"
    E083 = "{name} must be {rule}, not {value}"
    E084 = "{path}: neither a store folder (made by kg build) nor an RDF file ({formats})"
    E085 = "{path}: cannot write the export ({reason})"
    E086 = "{path}: --format {fmt} writes a {suffix} file; give a path ending in {suffix}"
