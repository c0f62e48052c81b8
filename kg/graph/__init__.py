"""RDF: turning extraction results into quads (the only spaCy → RDF seam),
the curated reference graph, and the stores that hold them."""
