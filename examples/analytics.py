"""What a graph says about the race: supply chains, export-control exposure,
a connection explained, and what a new article changed.

Run: python examples/analytics.py
"""

import kg
import kg.analytics

graph = kg.KnowledgeGraph.open()  # in memory
graph.add_text(
    "Puces et contrôles\n\n"
    "Le groupe américain Nvidia conçoit la puce H800. DeepSeek, une entreprise chinoise, utilise des puces H800. "
    "DeepSeek a développé le modèle DeepSeek-V3. Les contrôles à l'exportation américains visent la puce H800.",
    source="https://example.org/h800",
)
before = graph.to_networkx()

# Who depends on which chip, made where?
for d in graph.supply_chains():
    flag = "crosses a border" if d.cross_country else ""
    print(f"{d.user_label} ({d.user_country}) → {d.chip_label} ← {d.producer_label} ({d.producer_country}) {flag}")

# What do US export controls reach, and how?
for e in graph.exposure("US export controls"):
    print(e.label, "direct" if e.direct else "indirect", "|", kg.analytics.describe(e.hops))

# How is DeepSeek connected to Nvidia? Each hop with the sentence that says it.
for connection in graph.explain("DeepSeek", "Nvidia"):
    for hop in connection.hops:
        print(" ", hop, "|", hop.sentence)

# A new article: what did it add?
graph.add_text("Huawei, une entreprise chinoise, conçoit la puce Ascend 910B.", source="https://example.org/ascend")
diff = kg.analytics.compare(before, graph)
print("added:", [str(r) for r in diff.added_relations])

# For Gephi: GraphML (or .gexf, .json, a folder of CSV)
graph.export("/tmp/airace-analytics.graphml")
