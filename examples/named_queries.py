"""Every named query, run with its example parameters on the demo articles.

The same answers come from the command line and over HTTP:

    kg query --list
    kg query --name chips-of --param entity=DeepSeek
    curl 'http://127.0.0.1:8000/queries/chips-of?entity=DeepSeek'      # with `kg serve` running

Run: python examples/named_queries.py
"""

import kg
from kg.resources import data_dir

graph = kg.KnowledgeGraph.open()  # in memory
graph.load_reference()
graph.add_files([data_dir() / "articles"])

for query in graph.named_queries():
    params = query.example()
    command = " ".join(f"--param '{k}={v}'" for k, v in params.items())
    print(f"\n## {query.title}\n   kg query --name {query.name} {command}")
    result = graph.run_named_query(query.name, **params)
    labels = [v for v in result.variables if v.endswith("Label") or v + "Label" not in result.variables]
    for row in result.dicts()[:5]:
        print("   ", " | ".join(str(row[v]) for v in labels if row[v] is not None))
    print(f"    ({len(result)} rows)")

# A parameter is an entity's label or alias (any case), a prefixed name or an IRI,
# bound as an IRI: a name that no entity has is an error, never a change to the query.
try:
    graph.run_named_query("chips-of", entity='DeepSeek" } ; DROP ALL ; #')
except kg.KGError as error:
    print("\n" + str(error))
