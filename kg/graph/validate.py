"""SHACL validation of the whole graph with pyshacl.

The data graph is the union of every named graph plus the ontology (so that
``rdfs:subClassOf`` lets a Company count as an Organization).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.graph.store import ntriples
from kg.resources import ontology_dir


@dataclass
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def validate(store) -> ValidationReport:
    import rdflib
    from pyshacl import validate as shacl

    data = rdflib.Graph()
    data.parse(data=ntriples(store.quads()), format="nt")
    ontology = rdflib.Graph().parse(ontology_dir() / "airace.ttl", format="turtle")
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    data += ontology
    conforms, report, text = shacl(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    violations = len(list(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))
    return ValidationReport(bool(conforms), violations, text)
