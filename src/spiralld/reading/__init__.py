"""Reading the input: plain-text pages and profiles (front matter and Markdown), citations, dates,
shared entities, the importer, and the corpus that loads a data directory and resolves every
reference.

In: the files of a data directory. Out: a :class:`~spiralld.reading.corpus.Corpus` of profiles
and entities, each field with its file:line.
"""
