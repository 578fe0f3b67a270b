"""How a web server serves a release: media types, content negotiation, the sitemap.

Resources (``id/x``, ``source/x``) answer 303 See Other: to their data document when the
client asks for RDF, else to their HTML page (a profile's entity to ``page/x``). Pages
(``page/x``) are documents: they are served in the format asked for, without a redirect.
The same rules are written for Apache (``.htaccess``) and nginx, and ``spiralld serve``
follows them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

#: File suffix -> media type of everything a release holds.
MEDIA_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".rdf": "application/rdf+xml",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
}
#: Media types a client may ask for -> suffix of the data document, in preference order.
RDF_SUFFIXES: dict[str, str] = {
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
    "application/rdf+xml": ".rdf",
}


def base_path(base_iri: str) -> str:
    """The path part of the base IRI: where the release sits on its web server."""
    return urlsplit(base_iri).path or "/"


def htaccess(base_iri: str) -> str:
    """An Apache .htaccess (mod_rewrite, mod_mime) for the release directory."""
    path = base_path(base_iri)      # as sent to clients (percent-encoded)
    lines = [
        "# spiralld: content negotiation for this release (Apache 2.4, mod_rewrite, mod_mime).",
        f"# The release is expected at {path} on the server ({base_iri}).",
        "AddType text/turtle;charset=utf-8 .ttl",
        "AddType application/ld+json .jsonld",
        "AddType application/n-triples .nt",
        "AddType application/n-quads .nq",
        "AddType application/rdf+xml .rdf",
        "AddCharset utf-8 .html .css",
        "Options -MultiViews",
        f"ErrorDocument 404 {path}404.html",
        "# The query store and other dot-files are not for the web.",
        "RedirectMatch 404 /\\.",
        "RewriteEngine On",
        # The base as sent (percent-encoded): internal rewrites are parsed again as a URL,
        # and the redirects carry it unescaped again (NE).
        f"RewriteBase {_apache_quote(path)}",
        "",
        "# Resources: 303 See Other to the data document asked for ...",
    ]
    for media_type, suffix in RDF_SUFFIXES.items():
        pattern = media_type.replace("+", "\\+")
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {pattern}",
                  f"RewriteRule ^(id|source)/([^/.]+)$ $1/$2{suffix} [R=303,NE,L]"]
    lines += [
        "# ... else to the HTML page: a profile's entity to its profile page (found beside",
        "# the request's file, so the check holds wherever the directory is mapped from).",
        "RewriteCond %{REQUEST_FILENAME} ^(.*)/id/([^/.]+)$",
        "RewriteCond %1/page/%2.html -f",
        "RewriteRule ^id/([^/.]+)$ page/$1 [R=303,NE,L]",
        "RewriteRule ^(id|source)/([^/.]+)$ $1/$2.html [R=303,NE,L]",
        "",
        "# Pages: the format asked for, no redirect.",
        "Header append Vary Accept",
    ]
    for media_type, suffix in RDF_SUFFIXES.items():
        pattern = media_type.replace("+", "\\+")
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {pattern}",
                  f"RewriteRule ^page/([^/.]+)$ page/$1{suffix} [L]"]
    lines += ["RewriteRule ^page/([^/.]+)$ page/$1.html [L]",
              "RewriteRule ^ontology$ ontology.html [L]", ""]
    return "\n".join(lines)


def _apache_quote(argument: str) -> str:
    """``argument`` as one Apache directive argument (double-quoted: it may hold spaces).
    :func:`spiralld.config.base_iri_problem` keeps out ``"`` and ``\\``."""
    return f'"{argument}"'


def nginx(base_iri: str) -> str:
    """An nginx snippet (for a ``server`` block whose root holds the release).

    nginx matches locations against the decoded request path, so the base path is decoded
    there (and in the internal redirects); the regular expressions have it escaped, and every
    path-bearing argument is quoted, so a base such as ``/v1.0+(beta)/`` matches only itself.
    (:func:`spiralld.config.base_iri_problem` keeps out what nginx cannot carry: ``$``.)
    """
    url = base_path(base_iri)            # as sent to clients (percent-encoded)
    uri = unquote(url)                   # as nginx sees and serves it (decoded)
    rx = re.escape(uri)

    dotfiles, resources, pages = (_quote(f"^{rx}{pattern}") for pattern in
                                  (r"\.", r"(id|source)/([^/.]+)$", r"page/([^/.]+)$"))

    rdf_ifs = "\n".join(
        f'    if ($http_accept ~* "{_regex(media_type)}") {{ set $ext {suffix[1:]}; }}'
        for media_type, suffix in reversed(list(RDF_SUFFIXES.items())))
    page_ifs = "\n".join(
        f'    if ($http_accept ~* "{_regex(media_type)}") '
        f'{{ rewrite ^ {_quote(uri + "page/$name" + suffix)} last; }}'
        for media_type, suffix in RDF_SUFFIXES.items())
    return f"""\
# spiralld: content negotiation for a release served at {url} ({base_iri}).
# Include inside a server {{ }} block whose root is the directory that holds the release
# at {uri}.
types {{
    text/html html;
    text/css css;
    text/turtle ttl;
    application/ld+json jsonld;
    application/n-triples nt;
    application/n-quads nq;
    application/rdf+xml rdf;
    application/gzip gz;
    application/xml xml;
    text/plain txt;
}}
charset utf-8;
charset_types text/turtle text/css text/plain;
error_page 404 {_quote(uri + "404.html")};

# The query store (.store/) and other dot-files are not for the web.
location ~ {dotfiles} {{ return 404; }}

# Resources: 303 See Other to the data document asked for, else to the HTML page.
location ~ {resources} {{
    set $kind $1;
    set $name $2;
    set $ext "";
    set $page "";
{rdf_ifs}
    if ($ext != "") {{ return 303 {_quote(url + "$kind/$name.$ext")}; }}
    if (-f {_quote("$document_root" + uri + "page/$name.html")}) {{ set $page "$kind:yes"; }}
    if ($page = "id:yes") {{ return 303 {_quote(url + "page/$name")}; }}
    return 303 {_quote(url + "$kind/$name.html")};
}}

# Pages: the format asked for, without a redirect ("rewrite ... last" is the safe way
# to act inside an nginx "if").
location ~ {pages} {{
    set $name $1;
{page_ifs}
    add_header Vary Accept;
    try_files {_quote(uri + "page/$name.html")} =404;
}}

location = {_quote(uri + "ontology")} {{ try_files {_quote(uri + "ontology.html")} =404; }}
"""


def _quote(argument: str) -> str:
    """An nginx configuration argument in double quotes (nginx reads back ``\\\\`` and
    ``\\"``; ``$name`` still stands for a variable)."""
    return '"' + argument.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _regex(media_type: str) -> str:
    return media_type.replace("+", "\\+")


def sitemap(urls: Iterable[tuple[str, str | None]]) -> str:
    """sitemap.xml of (absolute URL, last modification date or None)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in urls:
        lastmod = f"<lastmod>{escape(modified)}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
