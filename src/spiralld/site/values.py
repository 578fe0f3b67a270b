"""What templates show: text with an optional link or date, made relative to the page."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from ..namespaces import OWL_NS, PREFIXES, SCHEMA_NS
from ..reading.corpus import Corpus
from ..release.documents import Documents, root_of
from .data import SiteData, as_date, local_name
from .paths import ONTOLOGY_IRI, html_path, relative

#: Prefixes for showing IRIs compactly (``schema:Person``), ours first.
CURIE_PREFIXES = {**PREFIXES, "owl": OWL_NS}


@dataclass(frozen=True)
class Value:
    """A value as a template shows it: text, maybe a link (relative, or external), maybe a
    machine-readable date for ``<time datetime>``."""

    text: str
    href: str | None = None
    external: bool = False
    datetime: str | None = None
    note: str | None = None


def curie(iri: str) -> str:
    """``schema:Person`` for ``https://schema.org/Person``; the IRI itself when no prefix fits."""
    for prefix, namespace in CURIE_PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def date_value(lexical: str) -> Value:
    return Value(lexical, datetime=lexical)


class Linker:
    """Makes Values for one page (``page_path``, a release path) of the site."""

    def __init__(self, page_path: str, documents: Documents, corpus: Corpus,
                 data: SiteData, roots: frozenset[str]) -> None:
        self.page_path = page_path
        self.documents = documents
        self.corpus = corpus
        self.data = data
        self.roots = roots      # the release's documents, shared by every page's Linker

    def href(self, release_path: str) -> str:
        """A link from this page to a file of the release."""
        return relative(self.page_path, release_path)

    def target(self, iri: str) -> str | None:
        """The release path showing ``iri`` (with its anchor where the site renders one)."""
        root = root_of(iri)
        if root == ONTOLOGY_IRI:
            return html_path(self.documents, self.corpus, iri)
        if root not in self.roots:
            return None
        if iri != root and not self.data.is_anchored(iri):
            iri = root          # a part with no anchor of its own: link its document
        path = html_path(self.documents, self.corpus, iri)
        return None if path == self.page_path else path

    def resource(self, iri: str, text: str | None = None) -> Value:
        """A resource by name, linked to its page when the release has one."""
        target = self.target(iri)
        if text is None:
            text = self.data.name(iri) if self.data.described(iri) else curie(iri)
        if target is not None:
            return Value(text, self.href(target))
        if iri.startswith(("http://", "https://")) and not iri.startswith(self.documents.base):
            return Value(text, iri, external=True)
        return Value(text)

    def type(self, iri: str) -> Value:
        """A class: ours linked to the ontology page, others to their vocabulary."""
        if iri.startswith(ONTOLOGY_IRI + "#"):
            return Value(local_name(iri), self.href(html_path(self.documents, self.corpus, iri)))
        text = local_name(iri) if iri.startswith(SCHEMA_NS) else curie(iri)
        return Value(text, iri, external=True)

    def term(self, term: NamedNode | Literal) -> Value:
        """Any object of a triple: a resource, a date, or text."""
        if isinstance(term, NamedNode):
            return self.resource(term.value)
        if as_date(term) is not None:
            return date_value(term.value)
        return Value(term.value)

    def external(self, url: str, text: str | None = None) -> Value:
        return Value(text or url, url, external=True)
