"""Render the static HTML of the release with jinja2 templates shipped as package data.

A data project may override any template by putting one of the same name in
``DATA_DIR/templates/`` (the loader looks there first, then in the package). A data
directory is often a stranger's pull request, so when it has templates they render in
Jinja2's immutable sandbox (no attribute starting with ``_``, no method that modifies a
list or dict: no way to Python's internals) unless the operator trusts the directory
(``build --trust-templates``). A template that breaks the sandbox, or fails, stops the
build with one line naming its file and line.
"""

from __future__ import annotations

import functools
import hashlib
import json
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pyoxigraph import Literal, NamedNode, Store, Triple

from ..errors import SourceError, SpiralldError
from ..mapping import Dataset, Iris
from ..mapping.graph import sort_triples
from ..mapping.sources import SourceIndex
from ..namespaces import RDF, SCHEMA
from ..reading.corpus import Corpus
from ..reading.profiles import Profile
from ..rebuild.parallel import chunked
from ..rebuild.reads import DOCUMENT, FILE, documents_read, note_input, recording
from ..rebuild.reuse import Reuse
from ..release import jsonld
from ..release.documents import Documents
from ..release.staging import StagedRelease
from .data import SiteData
from .ontology import ontology_bytes, ontology_doc
from .paths import ONTOLOGY_IRI, ONTOLOGY_PAGE, html_path, relative
from .values import Linker
from .views import index_groups, other_resources, profile_view, resource_view

T = TypeVar("T")

STYLESHEET = "style.css"
#: The unit of a resource's HTML page (see :mod:`spiralld.rebuild.reuse`): ``HTML + iri``.
HTML = "html "
ONTOLOGY_TURTLE = "ontology.ttl"
ONTOLOGY_JSON_LD = "ontology.jsonld"
VOID_JSON_LD = "void.jsonld"
#: The data documents written next to each page: (extension, media type, label).
DATA_FORMATS = (
    (".ttl", "text/turtle", "Turtle"),
    (".jsonld", "application/ld+json", "JSON-LD"),
    (".nt", "application/n-triples", "N-Triples"),
    (".rdf", "application/rdf+xml", "RDF/XML"),
)
VOID = "void.ttl"
#: The dataset dumps the release carries (written by the export step): path, type, label.
DUMPS = (
    ("dumps/dataset.ttl.gz", "text/turtle", "Turtle"),
    ("dumps/dataset.nt.gz", "application/n-triples", "N-Triples"),
    ("dumps/dataset.nq.gz", "application/n-quads", "N-Quads (one named graph per page)"),
    ("dumps/dataset.jsonld.gz", "application/ld+json", "JSON-LD"),
)
CHECKSUMS = "dumps/SHA256SUMS"
#: Short names of common licenses, for the footer; others are shown by their IRI.
LICENSE_NAMES = {
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
}


@dataclass(frozen=True)
class Alternate:
    path: str           # release path
    media_type: str
    label: str


@dataclass(frozen=True)
class Head:
    """What every page's <head> and footer say about it."""

    path: str
    title: str
    canonical: str | None = None
    alternates: tuple[Alternate, ...] = ()
    json_ld: str | None = None
    #: One or two sentences for <meta name="description"> and link previews (Open Graph).
    description: str = ""
    #: The Open Graph type: "profile" for a person's page, else "website".
    og_type: str = "website"


def summary_text(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters (with an ellipsis):
    what search results and link previews show."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


#: Environments kept by a process that renders again and again, by what makes them.
Environments = dict[tuple[str, bool, str], Environment]


def _templates_digest(*folders: Path) -> str:
    """A digest of the files in ``folders`` (their names and bytes): an environment is
    taken again only for the same templates, whatever their mtimes say (jinja2 would
    miss an edit within its file system's mtime resolution)."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()


def environment(data_dir: Path, trusted: bool = False,
                kept: Environments | None = None) -> Environment:
    """Templates from ``DATA_DIR/templates`` first, then the package's; autoescaped,
    strict. When the data directory has templates they render sandboxed unless
    ``trusted``. ``kept``: environments made before, taken again if made the same way
    from the same templates (each compiled once)."""
    overrides = data_dir / "templates"
    sandboxed = overrides.is_dir() and not trusted
    if kept is not None:
        package = Path(str(resources.files(__package__) / "templates"))
        key = (str(overrides.absolute()), sandboxed, _templates_digest(overrides, package))
        found = kept.get(key)
        if found is None:
            for older in [made for made in kept if made[:2] == key[:2]]:
                del kept[older]   # made from templates since edited
            found = kept[key] = environment(data_dir, trusted)
        return found
    kind = ImmutableSandboxedEnvironment if sandboxed else Environment
    return kind(
        loader=ChoiceLoader([FileSystemLoader(overrides),
                             PackageLoader("spiralld.site", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def stylesheet() -> bytes:
    return (resources.files(__package__) / "static" / STYLESHEET).read_bytes()


def embedded_json_ld(triples: tuple[Triple, ...] | list[Triple], root: str) -> str:
    """The JSON-LD for a page's <script type="application/ld+json">, already escaped."""
    return jsonld.script_json(jsonld.tree(triples, root))


def document_json_ld(documents: Documents, release: StagedRelease, iri: str) -> str:
    """The embedded JSON-LD of the page showing document ``iri``: its ``.jsonld`` document.

    When the build has already written that document into the release (it writes the data
    documents before the pages), it is read back rather than computed a second time; else
    it is computed from the document's triples. Either way it is ``jsonld.tree`` of them.
    """
    note_input(DOCUMENT + iri)
    path = documents.path(iri) + ".jsonld"
    if path in release.written:
        return jsonld.script_json(json.loads(release.read(path)))
    return embedded_json_ld(documents.document(iri).triples, iri)


def document_head(documents: Documents, release: StagedRelease, iri: str, page_path: str,
                  title: str, description: str = "", og_type: str = "website") -> Head:
    """Head of a page showing document ``iri``: its data documents and its JSON-LD."""
    base = documents.path(iri)
    return Head(
        path=page_path,
        title=title,
        canonical=iri,
        alternates=tuple(Alternate(base + ext, media, label) for ext, media, label in DATA_FORMATS),
        json_ld=document_json_ld(documents, release, iri),
        description=summary_text(description),
        og_type=og_type,
    )


def dataset_triples(iris: Iris, title: str, license_iri: str) -> list[Triple]:
    """A small schema:Dataset description of the release, for the index page's JSON-LD."""
    node = iris.dataset
    triples = [
        Triple(node, RDF.type, SCHEMA.Dataset),
        Triple(node, SCHEMA.name, Literal(title)),
        Triple(node, SCHEMA.license, NamedNode(license_iri)),
        Triple(node, SCHEMA.url, NamedNode(iris.base)),
    ]
    for path, media_type, _label in DUMPS:
        dump = NamedNode(iris.base + path)
        triples += [
            Triple(node, SCHEMA.distribution, dump),
            Triple(dump, RDF.type, SCHEMA.DataDownload),
            Triple(dump, SCHEMA.contentUrl, dump),
            Triple(dump, SCHEMA.encodingFormat, Literal(media_type)),
        ]
    return triples


class SiteWriter:
    """Renders templates into the release, one page at a time."""

    def __init__(self, corpus: Corpus, dataset: Dataset, documents: Documents,
                 release: StagedRelease, data_dir: Path, store: Store | None = None,
                 reuse: Reuse | None = None, trusted: bool = False,
                 environments: Environments | None = None) -> None:
        self.corpus = corpus
        self.reuse = reuse
        self.documents = documents
        self.release = release
        self.iris = dataset.iris
        self.data = SiteData(dataset, documents.store if store is None else store)
        self.roots = frozenset(documents.iris)
        self.sources = SourceIndex(corpus, self.iris)   # mints source IRIs as the mapping did
        self.env = environment(data_dir, trusted, environments)
        self.overrides = (data_dir / "templates").resolve()
        license_iri = corpus.config.license
        self.site = {"title": corpus.config.title, "license": license_iri,
                     "license_name": LICENSE_NAMES.get(license_iri, license_iri)}
        self.written: list[str] = []

    def linker(self, page_path: str) -> Linker:
        return Linker(page_path, self.documents, self.corpus, self.data, self.roots)

    def document_head(self, iri: str, page_path: str, title: str, description: str = "",
                      og_type: str = "website") -> Head:
        return document_head(self.documents, self.release, iri, page_path, title,
                             description, og_type)

    def write(self, template: str, head: Head, **context: Any) -> None:
        rel = functools.partial(relative, head.path)   # rel("style.css"): a link from here
        try:
            html = self.env.get_template(template).render(site=self.site, page=head,
                                                          rel=rel, **context)
        except SpiralldError:
            raise
        except Exception as error:   # a data directory's template is input: any failure
            raise self._template_error(error) from None
        self.release.write(head.path, html)
        self.written.append(head.path)

    def _template_error(self, error: Exception) -> Exception:
        """One line naming the data directory's template (file:line) that failed; an
        error in the package's own templates is a bug, and surfaces as one."""
        where: tuple[str, int | None] | None = None
        if isinstance(error, TemplateSyntaxError) and error.filename:
            where = (error.filename, error.lineno)
        for frame in traceback.extract_tb(error.__traceback__):  # jinja names template lines
            if Path(frame.filename).resolve().is_relative_to(self.overrides):
                where = (frame.filename, frame.lineno)
        if where is None or not Path(where[0]).resolve().is_relative_to(self.overrides):
            return error
        text = error.message if isinstance(error, TemplateError) else str(error)
        message = _first_line(text or "") or type(error).__name__
        if not isinstance(error, TemplateError):
            message = f"{type(error).__name__}: {message}"
        if isinstance(error, SecurityError):
            message = (f"template not allowed in the sandbox: {message} (templates of a "
                       f"data directory render sandboxed; build --trust-templates if you "
                       f"trust this one)")
        else:
            message = f"template: {message}"
        return SourceError(message, where[0], where[1])

    def profiles(self) -> None:
        self._each(self.corpus.profiles, self._profile, lambda p: self.iris.page(p.slug).value)

    def _profile(self, profile: Profile) -> None:
        note_input(FILE + profile.path)
        profile = self.corpus.full(profile)
        iri = self.iris.page(profile.slug).value
        path = html_path(self.documents, self.corpus, iri)
        view = profile_view(profile, self.linker(path), self.iris, self.sources)
        self.sources.cited.clear()   # only the IRIs are wanted here, not the citations
        self.write("profile.html", self.document_head(
            iri, path, profile.name, profile.page.lead,
            "profile" if profile.type == "Person" else "website"), view=view)

    def resources(self) -> None:
        """Every other document: shared entities, works, sources, stubs."""
        pages = {self.iris.page(p.slug).value for p in self.corpus.profiles}
        self._each([iri for iri in self.documents.iris if iri not in pages], self._resource,
                   lambda iri: iri)

    def _resource(self, iri: str) -> None:
        path = html_path(self.documents, self.corpus, iri)
        if path.startswith("page/"):
            return   # a profile's subject, shown by its page
        view = resource_view(iri, self.linker(path))
        description = self.data.text(iri, SCHEMA.description) or (
            f"{view.name}: {view.kind.lower() if view.kind else 'a resource'} in "
            f"{self.corpus.config.title}, with the claims and pages that name it.")
        self.write("resource.html", self.document_head(iri, path, view.name, description),
                   view=view)

    def _each(self, items: Sequence[T], render: Callable[[T], None],
              iri_of: Callable[[T], str]) -> None:
        """``render`` every item, on every core; the parent learns what was written. With
        ``reuse``, items whose page no edit touched are carried over from the previous
        release, and each page made is recorded with what it read."""
        reuse = self.reuse
        todo = []
        for item in items:
            carried = reuse.carry(HTML + iri_of(item), self.release) if reuse else None
            if carried is None:
                todo.append(item)
            else:
                self.written.extend(carried)

        def render_chunk(chunk: Sequence[T]) -> list[tuple[str, list[str], set[str]]]:
            made = []
            for item in chunk:
                start = len(self.written)
                with recording() as notes:
                    render(item)
                made.append((HTML + iri_of(item), self.written[start:], documents_read(notes)))
                del self.written[start:]   # added back below, whichever process rendered them
            return made

        for _done, made in chunked(todo, render_chunk):
            for unit, paths, notes in made:
                self.written.extend(paths)
                self.release.written.update(paths)
                if reuse is not None:
                    reuse.record(unit, paths, notes)

    def index(self) -> None:
        path = "index.html"
        link = self.linker(path)
        head = Head(
            path=path,
            title=self.corpus.config.title,
            canonical=self.iris.base,
            alternates=(Alternate(VOID, "text/turtle", "Dataset description (VoID)"),
                        Alternate(VOID_JSON_LD, "application/ld+json",
                                  "Dataset description (VoID, JSON-LD)")),
            json_ld=embedded_json_ld(
                dataset_triples(self.iris, self.corpus.config.title, self.corpus.config.license),
                self.iris.dataset.value),
            description=summary_text(
                f"{self.corpus.config.title}: {len(self.corpus.profiles)} profiles of people, "
                "organizations and concepts published as linked data (schema.org and PROV-O), "
                "every dated claim with its sources; dumps, a SPARQL endpoint and canned "
                "queries."),
        )
        self.write("index.html", head,
                   groups=index_groups(self.corpus, link, self.iris),
                   others=other_resources(self.corpus, link, self.documents.iris),
                   void=VOID, dumps=DUMPS, checksums=CHECKSUMS,
                   ontology_turtle=ONTOLOGY_TURTLE,
                   profile_count=len(self.corpus.profiles),
                   resource_count=len(self.documents.iris))

    def ontology(self) -> None:
        if ONTOLOGY_TURTLE not in self.release.written:
            self.release.write(ONTOLOGY_TURTLE, ontology_bytes())
        doc = ontology_doc()
        if ONTOLOGY_JSON_LD not in self.release.written:
            self.release.write(ONTOLOGY_JSON_LD, jsonld.dumps(jsonld.document(
                sort_triples(list(doc.triples)))))
        head = Head(
            path=ONTOLOGY_PAGE,
            title=doc.title,
            canonical=ONTOLOGY_IRI,
            alternates=(Alternate(ONTOLOGY_TURTLE, "text/turtle", "Turtle"),
                        Alternate(ONTOLOGY_JSON_LD, "application/ld+json", "JSON-LD")),
            json_ld=embedded_json_ld(doc.triples, ONTOLOGY_IRI),
            description=summary_text(doc.comment or doc.title),
        )
        self.write("ontology.html", head, view=doc)

    def not_found(self) -> None:
        self.write("404.html", Head(
            path="404.html", title="Page not found", canonical=self.iris.base + "404.html",
            description=f"No page of {self.corpus.config.title} has this address."))


def render_site(corpus: Corpus, dataset: Dataset, documents: Documents, release: StagedRelease,
                data_dir: Path, store: Store | None = None,
                reuse: Reuse | None = None, trusted: bool = False,
                environments: Environments | None = None) -> list[str]:
    """Write the HTML of the release and its stylesheet; return the HTML files' paths.

    One page per profile (``page/<slug>.html``), one per other resource
    (``<documents.path(iri)>.html``), plus ``index.html``, ``ontology.html`` (with the
    ontology's Turtle as ``ontology.ttl`` unless the release already has it) and
    ``404.html``. Every link is relative, so the release also works opened from disk.

    The pages read the dataset from ``store``, a pyoxigraph Store of its quads (the
    build's), else from the store ``documents`` reads. With ``reuse``, the pages of
    profiles and resources that no edit touched are carried over from the previous release.
    The data directory's templates render sandboxed unless ``trusted``; ``environments``
    keeps their compiled templates for the next render (:func:`environment`).
    """
    writer = SiteWriter(corpus, dataset, documents, release, Path(data_dir), store, reuse,
                        trusted, environments)
    release.write(STYLESHEET, stylesheet())
    writer.profiles()
    writer.resources()
    writer.index()
    writer.ontology()
    writer.not_found()
    return writer.written


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text)
