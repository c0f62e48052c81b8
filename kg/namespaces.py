"""IRIs of the ontology, the resources, documents and graphs.

``AIR`` is a closed namespace: a misspelt term raises at once instead of
minting a new IRI.

>>> str(AIR.produces)
'https://w3id.org/airace/ontology#produces'
>>> AIR.produce  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'produce' not in namespace
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class AIR(DefinedNamespace):
    """The airace ontology (``ontology/airace.ttl``)."""

    _NS = Namespace("https://w3id.org/airace/ontology#")
    _fail = True

    # Classes of VOCAB.md
    Organization: URIRef
    Company: URIRef
    ResearchInstitution: URIRef
    GovernmentBody: URIRef
    Person: URIRef
    Chip: URIRef
    AIModel: URIRef
    Policy: URIRef
    Country: URIRef
    # Extensions
    Document: URIRef
    Assertion: URIRef
    Claim: URIRef
    Quantity: URIRef

    # Core object properties of VOCAB.md
    develops: URIRef
    produces: URIRef
    designs: URIRef
    manufactures: URIRef
    usesChip: URIRef
    basedOn: URIRef
    affiliatedWith: URIRef
    founderOf: URIRef
    leads: URIRef
    basedIn: URIRef
    issuedBy: URIRef
    targets: URIRef
    deploys: URIRef
    competesWith: URIRef
    variantOf: URIRef

    # Provenance and document properties
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    confidence: URIRef
    extractionRule: URIRef
    contentHash: URIRef
    claimant: URIRef
    claimText: URIRef
    hedged: URIRef
    inClaim: URIRef
    date: URIRef

    # Quantities
    qualifies: URIRef
    quantityValue: URIRef
    unit: URIRef
    quantityKind: URIRef
    quantityText: URIRef


RES = Namespace("https://w3id.org/airace/resource/")
DOC = Namespace("https://w3id.org/airace/document/")
ASSERTION = Namespace("https://w3id.org/airace/assertion/")
CLAIM = Namespace("https://w3id.org/airace/claim/")
QUANTITY = Namespace("https://w3id.org/airace/quantity/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")
REFERENCE_GRAPH = URIRef("https://w3id.org/airace/graph/reference")
#: The ontology (``ontology/airace.ttl``), so that queries can follow rdfs:subClassOf / rdfs:subPropertyOf.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/airace/graph/ontology")
#: RDFS / OWL 2 RL consequences (``kg infer``): derived, dropped and recomputed, never mixed with documents.
INFERRED_GRAPH = URIRef("https://w3id.org/airace/graph/inferred")
#: Each entity's class, label, aliases and Wikidata link, once (``kg.graph.entities``): derived, kept in step.
ENTITIES_GRAPH = URIRef("https://w3id.org/airace/graph/entities")
#: The named graphs that are not documents.
BACKGROUND_GRAPHS = (REFERENCE_GRAPH, ONTOLOGY_GRAPH, INFERRED_GRAPH, ENTITIES_GRAPH)

#: The nine entity classes, by local name.
CLASSES = (
    "Organization", "Company", "ResearchInstitution", "GovernmentBody",
    "Person", "Chip", "AIModel", "Policy", "Country",
)
#: The thirteen core properties, plus the two subproperties of air:produces.
PROPERTIES = (
    "develops", "produces", "designs", "manufactures", "usesChip", "basedOn",
    "affiliatedWith", "founderOf", "leads", "basedIn", "issuedBy", "targets",
    "deploys", "competesWith", "variantOf",
)
ORGANIZATION_CLASSES = ("Organization", "Company", "ResearchInstitution", "GovernmentBody")

#: Prefixes used in queries and serialisations.
PREFIXES = {
    "air": str(AIR._NS),
    "res": str(RES),
    "doc": str(DOC),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": str(SCHEMA),
    "wd": str(WD),
}


def sparql_prologue() -> str:
    """The PREFIX lines for every prefix of :data:`PREFIXES`.

    >>> sparql_prologue().splitlines()[0]
    'PREFIX air: <https://w3id.org/airace/ontology#>'
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"
