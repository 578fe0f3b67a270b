"""Serializations of the dataset, in a registry keyed by format name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph

from . import jsonld
from .errors import SpiralldError
from .mapping import Dataset
from .namespaces import PREFIXES


@dataclass(frozen=True)
class Exporter:
    """Writes a dataset in one format."""

    name: str
    file_name: str
    media_type: str
    write: Callable[[Dataset], bytes]


def _turtle(dataset: Dataset) -> bytes:
    return pyoxigraph.serialize(dataset.triples(), format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes=PREFIXES)


def _ntriples(dataset: Dataset) -> bytes:
    return pyoxigraph.serialize(dataset.triples(), format=pyoxigraph.RdfFormat.N_TRIPLES)


def _nquads(dataset: Dataset) -> bytes:
    return pyoxigraph.serialize(dataset.quads(), format=pyoxigraph.RdfFormat.N_QUADS)


def _jsonld(dataset: Dataset) -> bytes:
    return jsonld.dumps(jsonld.document(dataset.triples()))


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    """Add an exporter; third parties register theirs the same way."""
    EXPORTERS[exporter.name] = exporter


def exporter(name: str) -> Exporter:
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise SpiralldError(f"unknown format {name!r} (known: {known})") from None


register(Exporter("turtle", "dataset.ttl", "text/turtle", _turtle))
register(Exporter("jsonld", "dataset.jsonld", "application/ld+json", _jsonld))
register(Exporter("ntriples", "dataset.nt", "application/n-triples", _ntriples))
register(Exporter("nquads", "dataset.nq", "application/n-quads", _nquads))

#: The formats ``spiralld build`` writes by default.
DEFAULT_FORMATS = ("turtle", "jsonld")
