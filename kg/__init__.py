"""airace-kg: news articles about the AI race → a knowledge graph with provenance.

>>> import kg
>>> graph = kg.KnowledgeGraph.open()   # in memory
>>> graph.stats()["quads"]
0
"""

from kg.api import BuildReport, EntityView, KnowledgeGraph, RelationView
from kg.errors import KGError

__all__ = ["KnowledgeGraph", "BuildReport", "EntityView", "RelationView", "KGError"]
__version__ = "0.1.0"
