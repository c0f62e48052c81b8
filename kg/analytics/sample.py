"""A small hand-made projection (no store, no spaCy) for the examples of
:mod:`kg.analytics` and for tests: the H800 story of the README.

>>> G = sample()
>>> G.number_of_nodes(), G.number_of_edges()
(12, 14)
"""

from __future__ import annotations

from kg.analytics.projection import add_entity, add_relation, assign_countries, new_graph
from kg.namespaces import RES

_RES = str(RES)
_D1 = "https://w3id.org/airace/document/sample1"
_REF = "https://w3id.org/airace/graph/reference"


def sample():
    """A small hand-made projection for examples: Nvidia (United States)
    designs the H800; DeepSeek (China) uses it and develops DeepSeek-V3,
    trained on it; US export controls target the H800 and China; Huawei
    (China) designs the Ascend 910B, which Qwen3 runs on; Alibaba develops
    Qwen3; Jensen Huang leads Nvidia.
    """
    G = new_graph()
    G.graph["documents"] = {_D1: {"title": "Sample", "source": "sample.txt", "date": None, "reference": False}}
    for name, cls in (("Nvidia", "Company"), ("H800", "Chip"), ("DeepSeek", "Company"), ("DeepSeek-V3", "AIModel"),
                      ("US export controls", "Policy"), ("United States", "Country"), ("China", "Country"),
                      ("Huawei", "Company"), ("Ascend 910B", "Chip"), ("Qwen3", "AIModel"),
                      ("Alibaba Group", "Company"), ("Jensen Huang", "Person")):
        add_entity(G, _RES + name.replace(" ", "_"), name, cls, aliases=["Alibaba"] if name == "Alibaba Group" else ())
    for s, p, o, sentence, confidence in (
            ("Nvidia", "basedIn", "United States", "Le groupe américain Nvidia conçoit la puce H800.", 0.63),
            ("Nvidia", "designs", "H800", "Le groupe américain Nvidia conçoit la puce H800.", 0.69),
            ("DeepSeek", "basedIn", "China", "DeepSeek, une entreprise chinoise, utilise des puces H800.", 0.63),
            ("DeepSeek", "usesChip", "H800", "DeepSeek, une entreprise chinoise, utilise des puces H800.", 0.69),
            ("DeepSeek", "develops", "DeepSeek-V3", "DeepSeek a développé le modèle DeepSeek-V3.", 0.78),
            ("DeepSeek-V3", "usesChip", "H800", "Le modèle DeepSeek-V3 a été entraîné sur des puces H800.", 0.69),
            ("US export controls", "targets", "H800", "Les contrôles américains visent la puce H800.", 0.67),
            ("US export controls", "issuedBy", "United States", "Les contrôles américains visent la puce H800.", 0.67),
            ("US export controls", "targets", "China", None, 1.0),
            ("Huawei", "basedIn", "China", "Huawei, une entreprise chinoise, conçoit la puce Ascend 910B.", 0.63),
            ("Huawei", "designs", "Ascend 910B", "Huawei, une entreprise chinoise, conçoit la puce Ascend 910B.", 0.69),
            ("Qwen3", "usesChip", "Ascend 910B", "Le modèle Qwen3 a été entraîné sur des puces Ascend 910B.", 0.69),
            ("Alibaba Group", "develops", "Qwen3", "Alibaba a développé le modèle Qwen3.", 0.67),
            ("Jensen Huang", "leads", "Nvidia", "Jensen Huang dirige Nvidia.", 0.69)):
        reference = sentence is None
        add_relation(G, _RES + s.replace(" ", "_"), p, _RES + o.replace(" ", "_"), graph=_REF if reference else _D1,
                     source="https://example.org/fact" if reference else _D1, sentence=sentence, confidence=confidence)
    assign_countries(G)
    return G
