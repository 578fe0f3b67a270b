"""Rebuilding only what changed: the profile cache (each file's parse and graph, by content), the
notes of what each page and document read, the record of the last release, the checked cache
files, and the worker processes.

In: the corpus, the dataset and the previous build's cache. Out: what can be carried over, and
the cache for the next build.
"""
