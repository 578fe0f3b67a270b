"""Writing the release: the data documents, the dataset files and dumps (Turtle, JSON-LD,
N-Triples, N-Quads, gzipped in pieces), the VoID/DCAT/PROV description, and the staged
directory swapped in atomically.

In: the mapped dataset and the query store. Out: the files of ``site/``.
"""
