"""airace-kg: news articles about the AI race → a knowledge graph with provenance.

>>> import kg
>>> graph = kg.KnowledgeGraph.open()   # in memory
>>> graph.stats()["quads"]
0
"""

from kg.api import BuildReport, EntityView, KnowledgeGraph, RelationView
from kg.errors import KGError
from kg.evaluate import evaluate

__all__ = ["KnowledgeGraph", "BuildReport", "EntityView", "RelationView", "KGError", "evaluate"]
__version__ = "0.1.0"
