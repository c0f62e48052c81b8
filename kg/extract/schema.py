"""Domain and range of the core properties (VOCAB.md), for type constraints.

>>> fits("produces", "Company", "Chip")
True
>>> fits("produces", "Person", "Chip")
False
>>> fits("competesWith", "Chip", "Company")
False
"""

from kg.namespaces import ORGANIZATION_CLASSES

_ORG = set(ORGANIZATION_CLASSES)
_GROUPS = (_ORG, {"Chip"}, {"AIModel"})

DOMAIN_RANGE: dict[str, tuple[set[str], set[str]]] = {
    "develops": (_ORG, {"AIModel"}),
    "produces": (_ORG, {"Chip"}),
    "designs": (_ORG, {"Chip"}),
    "manufactures": (_ORG, {"Chip"}),
    "usesChip": (_ORG | {"AIModel"}, {"Chip"}),
    "basedOn": ({"AIModel"}, {"AIModel"}),
    "affiliatedWith": ({"Person"}, _ORG),
    "founderOf": ({"Person"}, _ORG),
    "leads": ({"Person"}, _ORG),
    "basedIn": (_ORG, {"Country"}),
    "issuedBy": ({"Policy"}, {"Country", "GovernmentBody"}),
    "targets": ({"Policy"}, _ORG | {"Chip", "Country"}),
    "deploys": (_ORG, {"AIModel"}),
    "competesWith": (_ORG | {"Chip", "AIModel"}, _ORG | {"Chip", "AIModel"}),
    "variantOf": ({"Chip"}, {"Chip"}),
}


#: The subproperties the rules may give, and the core property each counts for.
CORE_OF = {"designs": "produces", "manufactures": "produces"}


def fits(prop: str, subject_cls: str, object_cls: str) -> bool:
    """Whether a subject of one class and an object of another may carry ``prop``."""
    domain, range_ = DOMAIN_RANGE[prop]
    if subject_cls not in domain or object_cls not in range_:
        return False
    if prop == "competesWith":
        return any(subject_cls in g and object_cls in g for g in _GROUPS)
    return True
