"""Extraction: spaCy components that find mentions, link them to entities and
read relations between them. :func:`kg.extract.pipeline.load_pipeline` builds
the whole pipeline; :func:`kg.extract.pipeline.extract` runs it on one text.
"""
