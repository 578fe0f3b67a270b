"""Content negotiation for ``spiralld serve``: Accept headers read with their q-values, and
the formats a SPARQL answer or a data document can be sent in (the same preferences as
the .htaccess and nginx.conf a build writes, :mod:`spiralld.serve.webservers`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph

from .webservers import RDF_SUFFIXES

HTML = "text/html"

# --- content negotiation ---------------------------------------------------------------

def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (lower case, no params).

    No header (or an empty one) accepts anything, as HTTP says.
    """
    if header is None or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for item in header.split(","):
        media, *params = item.split(";")
        media = media.strip().lower()
        if media == "*":
            media = "*/*"
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0) if q == q else 0.0  # NaN is not a quality
                break  # parameters after q are accept-extensions
        ranges.append((media, q))
    return ranges


def _quality(offer: str, ranges: Sequence[tuple[str, float]]) -> tuple[float, int]:
    """(q, specificity) of the most specific range matching ``offer``: 2 for the type itself,
    1 for ``type/*``, 0 for ``*/*``; (0, -1) when no range matches."""
    group = offer.split("/", 1)[0] + "/*"
    best = (0.0, -1)
    for media, q in ranges:
        specificity = 2 if media == offer else 1 if media == group else 0 if media == "*/*" \
            else -1
        if specificity > best[1]:
            best = (q, specificity)
    return best


def negotiate(accept: str | None, offers: Sequence[str], default: str) -> str:
    """The offer (a media type) that an Accept header prefers.

    The highest q wins. Among offers of equal q, one the client names explicitly beats one
    it only accepts through a wildcard, and explicitly named offers go in ``offers`` order
    (so ``text/html, text/turtle`` gives Turtle, as the nginx and Apache rules do); when only
    wildcards match, ``default`` wins (``*/*`` gives HTML). When nothing is acceptable the
    answer is ``default`` too: the rules are lenient, like the generated server configs.
    """
    ranges = parse_accept(accept)
    scored = [(offer, *_quality(offer, ranges)) for offer in offers]
    acceptable = [(offer, q, specificity) for offer, q, specificity in scored if q > 0]
    if not acceptable:
        return default
    top_q = max(q for _, q, _ in acceptable)
    top = [(offer, specificity) for offer, q, specificity in acceptable if q == top_q]
    named = [offer for offer, specificity in top if specificity == 2]
    if named:
        return named[0]
    candidates = [offer for offer, _ in top]
    return default if default in candidates else candidates[0]


#: A document's media types in preference order (RDF first, see :func:`negotiate`) -> suffix.
DOCUMENT_OFFERS: dict[str, str] = {**RDF_SUFFIXES, HTML: ".html"}
ONTOLOGY_OFFERS: dict[str, str] = {"text/turtle": ".ttl", HTML: ".html"}


@dataclass(frozen=True)
class ResultsFormat:
    """A serialization of SELECT and ASK results."""

    content_type: str
    format: pyoxigraph.QueryResultsFormat


@dataclass(frozen=True)
class GraphFormat:
    """A serialization of CONSTRUCT and DESCRIBE results."""

    content_type: str
    format: pyoxigraph.RdfFormat


#: SELECT and ASK results, by media type (aliases last; the first is the default).
RESULTS_FORMATS: dict[str, ResultsFormat] = {
    "application/sparql-results+json": ResultsFormat(
        "application/sparql-results+json", pyoxigraph.QueryResultsFormat.JSON),
    "application/sparql-results+xml": ResultsFormat(
        "application/sparql-results+xml", pyoxigraph.QueryResultsFormat.XML),
    "text/csv": ResultsFormat("text/csv; charset=utf-8", pyoxigraph.QueryResultsFormat.CSV),
    "text/tab-separated-values": ResultsFormat(
        "text/tab-separated-values; charset=utf-8", pyoxigraph.QueryResultsFormat.TSV),
}
RESULTS_FORMATS["application/json"] = RESULTS_FORMATS["application/sparql-results+json"]
RESULTS_FORMATS["application/xml"] = RESULTS_FORMATS["application/sparql-results+xml"]
RESULTS_FORMATS["text/xml"] = RESULTS_FORMATS["application/sparql-results+xml"]

#: CONSTRUCT and DESCRIBE results, by media type (the first is the default).
GRAPH_FORMATS: dict[str, GraphFormat] = {
    "text/turtle": GraphFormat("text/turtle; charset=utf-8", pyoxigraph.RdfFormat.TURTLE),
    "application/ld+json": GraphFormat("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
    "application/n-triples": GraphFormat("application/n-triples",
                                         pyoxigraph.RdfFormat.N_TRIPLES),
    "application/rdf+xml": GraphFormat("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
}
GRAPH_FORMATS["application/json"] = GRAPH_FORMATS["application/ld+json"]

_Format = TypeVar("_Format", ResultsFormat, GraphFormat)


def _choose(accept: str | None, formats: Mapping[str, _Format]) -> _Format:
    offers = list(formats)
    return formats[negotiate(accept, offers, offers[0])]
