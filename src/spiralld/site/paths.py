"""Where each resource's HTML lives in the release, and relative links between pages.

Every link the site writes is relative, so the release works opened from disk as well as
served under its base IRI.
"""

from __future__ import annotations

import posixpath

from ..namespaces import SPIRAL_NS
from ..reading.corpus import Corpus
from ..release.documents import Documents

#: The ontology's documentation page (its terms are anchors: ``ontology.html#Claim``).
ONTOLOGY_PAGE = "ontology.html"
ONTOLOGY_IRI = SPIRAL_NS.rstrip("#")


def html_path(documents: Documents, corpus: Corpus, iri: str) -> str:
    """The release path of the HTML showing ``iri``, with its fragment kept as an anchor.

    A profile's subject ``<base>id/<slug>`` is shown by its page, ``page/<slug>.html``;
    every other resource by ``<documents.path(iri)>.html``; our ontology's terms by
    ``ontology.html#<term>``. Raises ValueError for an IRI outside the release.
    """
    root, hash_, fragment = iri.partition("#")
    anchor = f"#{fragment}" if hash_ else ""
    if root == ONTOLOGY_IRI:
        return ONTOLOGY_PAGE + anchor
    if not root.startswith(documents.base) or root == documents.base:
        raise ValueError(f"{iri} is not a resource of this release (base {documents.base})")
    path = documents.path(root)
    kind, _, slug = path.partition("/")
    if kind == "id" and corpus.profile(slug) is not None:
        path = f"page/{slug}"
    return f"{path}.html{anchor}"


def relative(from_path: str, to_path: str) -> str:
    """``to_path`` (a release path, perhaps with ``#anchor``) as a link from ``from_path``."""
    target, hash_, fragment = to_path.partition("#")
    if hash_ and target == from_path:
        return f"#{fragment}"
    link = _relpath(target, posixpath.dirname(from_path))
    return link + (f"#{fragment}" if hash_ else "")


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath(target, start or ".")`` without its two ``abspath`` calls (which
    read the working directory), for plain relative paths; others go to relpath."""
    target_parts = target.split("/")
    start_parts = start.split("/") if start else []
    if target.startswith("/") or start.startswith("/") or \
            any(part in _UNPLAIN for part in target_parts) or \
            any(part in _UNPLAIN for part in start_parts):
        return posixpath.relpath(target, start or ".")
    common = 0
    for mine, theirs in zip(start_parts, target_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else "."


_UNPLAIN = frozenset({"", ".", ".."})
