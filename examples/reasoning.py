"""Inference: `kg infer` (or `kg build ... --infer`) materialises the RDFS /
OWL 2 RL consequences of the ontology, so that a plain query for
air:Organization finds companies and one for air:affiliatedWith finds
founders. The named queries follow rdfs:subClassOf* / rdfs:subPropertyOf*
instead, and answer the same with or without it.

Run: python examples/reasoning.py
"""

import kg

graph = kg.KnowledgeGraph.open()
graph.load_reference()  # curated facts: Liang Wenfeng founderOf DeepSeek, DeepSeek a Company...

plain = "SELECT ?person WHERE { ?person air:affiliatedWith res:DeepSeek }"
organization = "ASK { res:DeepSeek a air:Organization }"
print("before:", graph.query(plain).rows, graph.query(organization).boolean)

print(graph.infer(), "triples inferred into https://w3id.org/airace/graph/inferred")
print("after: ", graph.query(plain).rows, graph.query(organization).boolean)

# Without inference, a property path does the same work:
print(graph.query("""
    SELECT ?person ?role WHERE {
      ?role rdfs:subPropertyOf* air:affiliatedWith .
      GRAPH ?g { ?person ?role res:DeepSeek }
      FILTER(?g NOT IN (<https://w3id.org/airace/graph/inferred>, <https://w3id.org/airace/graph/entities>))
    }""").rows)
