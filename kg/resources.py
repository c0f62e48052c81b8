"""Where the packaged data lives: ``data/`` and ``ontology/`` beside ``kg/``.

>>> (data_dir() / "gazetteer.json").name
'gazetteer.json'
"""

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The ``data/`` folder: gazetteer, pattern files, reference facts, demo articles."""
    return _ROOT / "data"


def ontology_dir() -> Path:
    """The ``ontology/`` folder: ``airace.ttl`` and ``shapes.ttl``."""
    return _ROOT / "ontology"
