"""What extraction learns from the annotated corpus in ``data/train/``:
the corpus and its checks (:mod:`kg.learn.corpus`), candidate pairs and their
features, and the relation classifier that ``kg train`` rebuilds."""
