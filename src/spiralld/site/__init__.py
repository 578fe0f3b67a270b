"""The static HTML of the linked-data site: one page per resource, an index, the ontology.

:func:`render_site` writes the pages and ``style.css`` into a staged release, next to the
data documents (``page/x.ttl`` beside ``page/x.html``); :func:`html_path` says where the
HTML showing an IRI lives. Templates are package data (``templates/``) that a data project
may override in ``DATA_DIR/templates/``.
"""

from .paths import html_path
from .render import render_site

__all__ = ["html_path", "render_site"]
