"""Serve a graph over the SPARQL 1.1 Protocol and query it as any client
would: with SPARQLWrapper, and a named query with plain HTTP.

`kg serve` does the same from the command line (http://127.0.0.1:8000/ shows
YASGUI). Here the server runs in a background thread on a free loopback port,
over the curated reference facts (no article extraction, so it starts at once).

Run: python examples/sparql_client.py   (needs: pip install SPARQLWrapper)
"""

import json
import urllib.request

from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

import kg
from kg.server import create_app, running

graph = kg.KnowledgeGraph.open()
graph.load_reference()

with running(create_app(graph)) as url:
    sparql = SPARQLWrapper(url + "/sparql")
    # Prefixes (air:, res:, rdfs:...) are predeclared by the endpoint.
    sparql.setQuery("""
        SELECT DISTINCT ?chipLabel ?producerLabel WHERE {
          ?producer air:produces ?chip . ?chip rdfs:label ?chipLabel . ?producer rdfs:label ?producerLabel
        } ORDER BY ?chipLabel""")
    sparql.setReturnFormat(JSON)
    for binding in sparql.query().convert()["results"]["bindings"][:5]:
        print(binding["chipLabel"]["value"], "is produced by", binding["producerLabel"]["value"])

    sparql.setQuery("DESCRIBE res:H800")
    sparql.setReturnFormat(TURTLE)
    print(sparql.query().convert().decode("utf-8"))  # Turtle, with the predeclared prefixes

    with urllib.request.urlopen(url + "/queries/dependency-chain?entity=DeepSeek-V3") as response:
        for b in json.load(response)["results"]["bindings"]:
            print(" → ".join(b[k]["value"] for k in ("entityLabel", "chipLabel", "producerLabel", "countryLabel") if k in b))
