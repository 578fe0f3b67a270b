"""Asking the data questions: the canned query library (typed, bound parameters), running queries
on the embedded store or any SPARQL 1.1 endpoint, and the diff of two releases.

In: a release (its store or dumps) or an endpoint. Out: rows, or the changes as an RDF Patch.
"""
