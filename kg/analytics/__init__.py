"""What the graph says about the race, with networkx.

:func:`to_networkx` projects a :class:`kg.KnowledgeGraph` on a
``MultiDiGraph`` (entities with label, class and country; relations with
property, confidence, sources and sentences). Each analysis is one function
that takes that graph and returns plain data:

- :func:`centrality` and :func:`central_by_class`: degree, PageRank, betweenness;
- :func:`supply_chains`: the chips each model and organisation depends on,
  who makes them and where, dependencies across borders flagged;
- :func:`exposure`: what each policy reaches, directly or through dependencies, with the path;
- :func:`blocs`: communities, and how they line up with countries;
- :func:`explain`: the shortest paths between two entities, each hop with its sentence;
- :func:`compare`: entities and relations added and removed between two graphs;
- :func:`export`: GraphML, GEXF, CSV, node-link JSON.

>>> import kg
>>> G = kg.KnowledgeGraph.open().to_networkx()
>>> centrality(G), supply_chains(G), exposure(G), blocs(G).blocs
([], [], [], [])
"""

from kg.analytics.blocs import Bloc, BlocReport, blocs
from kg.analytics.centrality import MEASURES, Central, central_by_class, centrality
from kg.analytics.compare import Comparison, compare
from kg.analytics.export import FORMATS, export
from kg.analytics.exposure import Exposure, exposed, exposure
from kg.analytics.paths import Connection, explain
from kg.analytics.projection import Hop, describe, from_data, node_named, to_networkx
from kg.analytics.supply import Dependency, supply_chains

__all__ = ["to_networkx", "from_data", "node_named", "Hop", "describe", "centrality", "central_by_class", "Central", "MEASURES",
           "supply_chains", "Dependency", "exposure", "exposed", "Exposure", "blocs", "Bloc", "BlocReport",
           "explain", "Connection", "compare", "Comparison", "export", "FORMATS"]
