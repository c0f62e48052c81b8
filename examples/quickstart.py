"""Build a small graph in memory from one text and the demo articles, then ask it questions.

Run: python examples/quickstart.py
"""

import kg
from kg.resources import data_dir

graph = kg.KnowledgeGraph.open()  # in memory; KnowledgeGraph.open("kg-store") persists
graph.load_reference()
graph.add_files([data_dir() / "articles"])
graph.add_text(
    "La start-up Zorbex a lancé son modèle Zorbo-7, entraîné sur des puces H20 de Nvidia.",
    source="https://example.org/zorbex",
)

# Which chips does each organisation or model use, and who produces them?
for row in graph.query("""
    SELECT DISTINCT ?userLabel ?chipLabel ?producerLabel WHERE {
      ?user air:usesChip ?chip . ?producer air:produces ?chip .
      ?user rdfs:label ?userLabel . ?chip rdfs:label ?chipLabel . ?producer rdfs:label ?producerLabel .
    } ORDER BY ?userLabel"""):
    print(f"{row['userLabel']} uses {row['chipLabel']}, produced by {row['producerLabel']}")

# Everything about one entity, with the sentence behind each relation.
huawei = graph.entity("Huawei")
print(huawei.label, huawei.classes, huawei.same_as)
for rel in huawei.relations[:5]:
    print(" ", rel.direction, rel.prop, rel.other_label, "|", rel.sentence or rel.source)

graph.save("/tmp/airace-quickstart.trig")
