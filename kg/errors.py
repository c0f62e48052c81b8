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
    E007 = "{path}: the web page holds no article text (only menus, scripts or boilerplate)"
    E010 = "{path}: the store cannot be opened ({reason})"
    E011 = "the store cannot be written ({reason})"
    E014 = "{path}: the store is open for reading only, at its last published state (another process is writing it)"
    E015 = "{path}: another process is writing the store and has not published any state of it yet; try again once it is done"
    E016 = "{path}: another process holds the store for writing (a build, or kg serve --allow-update); try again once it is done"
    E012 = "{path}: unknown export format '{suffix}'; use one of {formats}"
    E013 = "{path}: the file cannot be parsed as RDF ({reason})"
    E020 = "the SPARQL query is invalid: {reason}"
    E021 = "{path}: no such query file"
    E022 = "no entity has the label or alias '{name}'"
    E023 = "no document has the IRI or source '{document}'"
    E030 = "{path}: {reason}"
    E031 = "{path}: entry {index}: {reason}"
    E060 = "{path}: not a gold file ({reason})"
    E061 = "{path}: no gold files (*.json) in this folder"
    E062 = "{path}: the article it annotates is missing: {text}"
    E063 = "{path}: too long to evaluate in one piece; gold articles must be under 100,000 characters"
    E070 = "cannot focus on '{name}': no entity has that label, alias or IRI"
    E071 = "unknown {what} '{value}'; use one of: {choices}"
    E072 = "{name} must be {rule}, not {value}"
    E073 = "the vis-network files are missing from the installed pyvis package ({path})"
    E074 = "{path}: the viewer cannot be written ({reason})"
    # named queries
    E040 = "no named query '{name}'; the named queries are: {names}"
    E041 = "the named query '{name}' has no parameter '{param}'; its parameters are: {params}"
    E042 = "the named query '{name}' needs the parameter '{param}' ({description})"
    E043 = "'{value}' is not a valid IRI ({reason})"
    E044 = "{path}: the header of a named query needs a '# title:' line and '# param NAME: ...' lines"
    E045 = "give a parameter as NAME=VALUE, not '{text}'"
    E046 = "give either a SPARQL query or --name, not both"
    # reasoning
    E050 = "the reasoner failed ({reason})"
    # a SPARQL server as the store (kg/graph/remote.py)
    E090 = "{url}: the SPARQL server cannot be reached ({reason}); is it running?"
    E091 = "{url}: the SPARQL server answered HTTP {status}: {detail}"
    E092 = "{url}: the SPARQL server did not answer within {seconds:g} s"
    E093 = "'{url}' is not the URL of a SPARQL server; give http://HOST:PORT or https://HOST/PATH (the root of its /query, /update and /store endpoints)"
    E094 = ("{url}: the server's default graph is not the union of its named graphs, so queries would miss the "
            "documents; make it so (Oxigraph: the 'union-default-graph' parameter, sent by kg; Fuseki: tdb2:unionDefaultGraph true)")
    E095 = "{url}: the SPARQL server answered in an unexpected format ('{media_type}')"
    # SPARQL endpoint
    E100 = "the query ran longer than the time limit of {seconds:g} s; narrow it or add a LIMIT"
    E101 = "the answer has more than {rows} results (the endpoint's cap); add LIMIT {rows} or narrow the query"
    E102 = "the endpoint is busy ({workers} queries running); try again later"
    E103 = "SPARQL Update is disabled on this endpoint (start it with --allow-update --token TOKEN)"
    E104 = "SPARQL Update needs the endpoint's token in an 'Authorization: Bearer TOKEN' header"
    E105 = "federated queries (SERVICE) are not allowed on this endpoint"
    E106 = "no query: send 'query' as a URL or form parameter, or a body of type application/sparql-query"
    E107 = "cannot answer a {form} query in '{accept}'; ask for one of: {types}"
    E108 = "unsupported request body type '{type}'; use application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"
    E109 = "the viewer is not available (kg.viz cannot be imported: {reason})"
    E110 = "--allow-update needs --token (or $KG_TOKEN): updates are only accepted with a bearer token"
    E111 = "a SPARQL Update must be sent with POST"
    E112 = "'{value}' is not a valid value for '{param}' ({reason})"
    E113 = "{address}: the server cannot listen there ({reason})"
    # parallel extraction
    E120 = "{address}: the Dask scheduler cannot be reached ({reason})"
    E121 = "--jobs must be 1 or more, not {jobs}"
    # the learned relation model (kg/extract/classifier.py, kg/learn/)
    E130 = "{path}: the relation model cannot be read ({reason}); rebuild it with kg train"
    E131 = "unknown relation mode '{mode}'; use one of: {modes}"
    E132 = "{path}: the training corpus has {count} problem(s), the first: {first} (python -m kg.learn.corpus {path} lists them all)"
    E133 = "{path}: the coreference ranking cannot be read ({reason}); rebuild it with kg train"
    E080 = "no entity has the label, alias or IRI '{name}'"
    E081 = "'{name}' is of class {cls}, not Policy: exposure starts from a policy"
    E082 = "unknown {what} '{value}'; use one of: {choices}"
    E083 = "{name} must be {rule}, not {value}"
    E084 = "{path}: neither a store folder (made by kg build) nor an RDF file ({formats})"
    E085 = "{path}: cannot write the export ({reason})"
    E086 = "{path}: --format {fmt} writes a {suffix} file; give a path ending in {suffix}"
