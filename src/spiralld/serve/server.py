"""``spiralld serve``: a release over HTTP, with its content negotiation and a SPARQL endpoint.

The static release is served at ``/`` under the same rules as the ``.htaccess`` and
``nginx.conf`` that build writes (see :mod:`spiralld.serve.webservers`): ``id/x`` and
``source/x`` answer 303 See Other to the data document the client asks for, else to the HTML
page; ``page/x`` is served in the format asked for (``Vary: Accept``); every file has its
media type, a weak ETag, Last-Modified and Cache-Control, and conditional GETs answer 304.
Accept headers are read with their q-values (:func:`~spiralld.serve.negotiation.negotiate`).

``/sparql`` is the SPARQL 1.1 Protocol (query operation only) over the release's store
(:func:`spiralld.query.library.open_store`). A query's dataset is the one the request names
(``default-graph-uri``, ``named-graph-uri``), else the one its FROM and FROM NAMED name, else
every named graph with their union as the default graph
(:func:`spiralld.query.library.dataset_options`). Queries run in worker processes
(:class:`~spiralld.serve.sparql.QueryPool`): pyoxigraph cannot cancel a query, so a query that
outlives ``query_timeout`` is stopped by killing its worker, which is replaced; the server
answers 503 and keeps serving. The limits and their answers:

- a request body over ``max_request_bytes``: 413, with ``Connection: close``;
- a query running over ``query_timeout``: 503 (its worker is killed and replaced);
- no worker free within ``query_timeout``: 503 with ``Retry-After: 1``;
- a worker dying (out of memory): 503 (it is replaced);
- more than ``max_rows`` solutions or triples: 200 with the first ``max_rows`` and the headers
  ``X-Spiralld-Truncated: true`` and ``X-Spiralld-Max-Rows: <max_rows>``;
- a malformed query: 400 with the parser's message;
- a SPARQL Update (an ``update=`` field, ``application/sparql-update``, or an update sent as
  ``query=``): 403, the endpoint is read-only (and the store is opened read-only);
- SERVICE (federated query): 403, or the server would fetch any URL for anyone;
- a ``\\u`` or ``\\U`` escape anywhere in the query: 400 (see
  :func:`~spiralld.serve.sparql.screen`).

Whether a query may run is decided from its parse (:func:`~spiralld.serve.sparql.screen`,
rdflib's SPARQL 1.1 parser: an update, a SERVICE anywhere in the tree, or a text it cannot
read is refused), never from a pattern over its text. As a second wall that does not depend on
parsing, each worker moves itself into a network namespace of its own
(:func:`~spiralld.serve.sparql.isolate_network`) before it opens the store, so even a SERVICE
that got past the check cannot connect anywhere; where that is not possible the server logs a
warning saying so at start.

A build that swaps in a new store is noticed before the next job
(:func:`~spiralld.serve.sparql.store_generation`): every worker then reopens the store, so
answers never mix the old data with the new.
- a POST body that is neither a form nor ``application/sparql-query``: 415.

Each of these answers is plain text saying what happened. A 500 is only ever our own bug.

A browser asking ``/sparql`` for HTML with no query gets a query page
(``site/templates/sparql.html``): YASGUI, a pinned build vendored in the package
(``site/static/vendor/yasgui``, re-fetched by ``tests/vendor-yasgui``) and served at
``/sparql/yasgui/`` by this server, so it needs no network; the canned queries are its
examples, read again from the store after a rebuild. In its result table IRIs under the
release's base IRI link to the pages as this server serves them. Every response carries
``Access-Control-Allow-Origin: *`` (the site is public data; sending it unconditionally keeps
shared caches from storing a response without it), and OPTIONS is answered as a CORS
preflight. One log line per request: method, path, status, duration.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import logging
import re
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import anyio
import anyio.to_thread
import pyoxigraph
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import QueryError, SpiralldError
from ..namespaces import DCTERMS, PREFIXES
from ..query import library as queries
from ..release.jsonld import script_json
from .negotiation import DOCUMENT_OFFERS, HTML, ONTOLOGY_OFFERS, RESULTS_FORMATS, negotiate
from .sparql import (
    UPDATE_REFUSED,
    Job,
    QueryBusy,
    QueryPool,
    QueryTimeout,
    WorkerFailed,
    store_generation,
)
from .static import CACHE_CONTROL, Release, file_response, root_path

LOG = logging.getLogger("spiralld.serve.server")

TRUNCATED_HEADER = "X-Spiralld-Truncated"

MAX_ROWS_HEADER = "X-Spiralld-Max-Rows"

#: Headers a browser script may read from our responses (CORS).
EXPOSED_HEADERS = (TRUNCATED_HEADER, MAX_ROWS_HEADER, "Content-Location", "ETag")

#: An oversized body is read and discarded up to this many bytes more before the 413 is
#: sent, so that the client (still sending) reads the answer instead of a reset connection.
DRAIN_BYTES = 16 * 2**20

#: Where the query page's YASGUI build (package data, see tests/vendor-yasgui) is served.
YASGUI_PATH = "sparql/yasgui"

#: The pinned YASGUI version (site/static/vendor/yasgui/SOURCE.txt says the same).
YASGUI_VERSION = "4.6.2"

YASGUI_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8",
                      ".css": "text/css; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                      "": "text/plain; charset=utf-8"}


# --- the application -------------------------------------------------------------------

_RESOURCE = re.compile(r"(id|source)/([^/.]+)")
_PAGE = re.compile(r"page/([^/.]+)")


@dataclass
class Endpoint:
    """Everything the request handlers need, created once per application."""

    release: Release
    pool: QueryPool
    query_timeout: float
    max_rows: int
    max_request_bytes: int
    page: dict[str, Any] = field(default_factory=dict)
    #: The store (:func:`store_generation`) that ``page`` was read from.
    page_generation: Any = None
    templates: Environment = field(default_factory=lambda: _templates())

    # static site ----------------------------------------------------------------------

    async def site(self, request: Request) -> Response:
        path: str = request.path_params["path"]
        if path == "":
            return self._file(request, "index.html")
        if path == "ontology":
            media_type = negotiate(request.headers.get("accept"), list(ONTOLOGY_OFFERS), HTML)
            return self._file(request, "ontology" + ONTOLOGY_OFFERS[media_type], negotiated=True)
        if match := _RESOURCE.fullmatch(path):
            return self._see_other(request, match.group(1), match.group(2))
        if match := _PAGE.fullmatch(path):
            media_type = negotiate(request.headers.get("accept"), list(DOCUMENT_OFFERS), HTML)
            return self._file(request, f"page/{match.group(1)}{DOCUMENT_OFFERS[media_type]}",
                              negotiated=True)
        return self._file(request, path)

    def _file(self, request: Request, path: str, negotiated: bool = False) -> Response:
        found = self.release.file(path)
        if found is None:
            return self.not_found(request)
        headers = {}
        if negotiated:
            headers = {"Vary": "Accept",
                       "Content-Location": f"{root_path(request)}/{quote(path)}"}
        return file_response(request, found, headers)

    def _see_other(self, request: Request, kind: str, slug: str) -> Response:
        if not any(self.release.file(f"{kind}/{slug}{suffix}")
                   for suffix in DOCUMENT_OFFERS.values()):
            return self.not_found(request)
        media_type = negotiate(request.headers.get("accept"), list(DOCUMENT_OFFERS), HTML)
        if media_type != HTML:
            target = f"{kind}/{slug}{DOCUMENT_OFFERS[media_type]}"
        elif kind == "id" and self.release.file(f"page/{slug}.html"):
            target = f"page/{slug}"
        else:
            target = f"{kind}/{slug}.html"
        return Response(status_code=303, headers={
            "Location": f"{root_path(request)}/{quote(target)}", "Vary": "Accept",
            "Cache-Control": CACHE_CONTROL})

    def not_found(self, request: Request) -> Response:
        page = self.release.file("404.html")
        if page is None:
            return PlainTextResponse("Not found\n", status_code=404)
        body = page.read_text(encoding="utf-8")
        # The page links style.css etc. relatively, from the release's root.
        base = html.escape(f"{root_path(request)}/")
        body = body.replace("<head>", f'<head>\n<base href="{base}">', 1)
        return HTMLResponse(body, status_code=404, headers={"Cache-Control": "no-cache"})

    # SPARQL ---------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        try:
            fields, query = await self._read_request(request)
        except _Refusal as refusal:
            return refusal.response()
        if query is None:
            accept = request.headers.get("accept")
            if request.method != "POST" and negotiate(
                    accept, [HTML, *RESULTS_FORMATS], HTML) == HTML:
                return await self.query_page(request)
            return _plain(400, "No query: give one as query= (GET or an urlencoded POST) or "
                               "as the body of a POST with Content-Type "
                               "application/sparql-query.")
        default_graphs, named_graphs = fields.get("default-graph-uri", []), \
            fields.get("named-graph-uri", [])
        for iri in (*default_graphs, *named_graphs):
            try:
                pyoxigraph.NamedNode(iri)
            except ValueError as error:
                return _plain(400, f"Invalid graph IRI {iri!r}: {error}")
        job = Job(query, request.headers.get("accept"), tuple(default_graphs),
                  tuple(named_graphs))
        try:
            answer = await self.pool.run(job, self.query_timeout)
        except WorkerFailed as error:
            return _plain(503, f"The query could not be run: {error} (out of memory?).")
        except QueryTimeout:
            return _plain(503, f"Query timeout: the query ran longer than this server's limit "
                               f"of {self.query_timeout:g} s and was stopped. Narrow it down "
                               f"or add a LIMIT.")
        except QueryBusy:
            return _plain(503, f"Every query worker stayed busy for {self.query_timeout:g} s; "
                               f"try again later.", {"Retry-After": "1"})
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers[TRUNCATED_HEADER] = "true"
            headers[MAX_ROWS_HEADER] = str(self.max_rows)
        return Response(answer.body, status_code=answer.status, headers=headers,
                        media_type=answer.content_type)

    async def _read_request(self, request: Request) -> tuple[dict[str, list[str]], str | None]:
        """The protocol's fields (query string and form) and the query, or a refusal."""
        fields: dict[str, list[str]] = {}
        for name, value in request.query_params.multi_items():
            fields.setdefault(name, []).append(value)
        query = None
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0]
            content_type = content_type.strip().lower()
            if content_type == "application/sparql-update":
                raise _Refusal(403, UPDATE_REFUSED)
            if content_type not in ("application/x-www-form-urlencoded",
                                    "application/sparql-query"):
                raise _Refusal(415, "POST a query as application/x-www-form-urlencoded "
                                    "(query=...) or as application/sparql-query.")
            body = await self._read_body(request)
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise _Refusal(400, "The request body is not UTF-8.") from None
            if content_type == "application/sparql-query":
                query = text
            else:
                try:
                    pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=1000,
                                      errors="strict")
                except (ValueError, UnicodeDecodeError) as error:
                    raise _Refusal(400, f"Malformed form body: {error}") from None
                for name, value in pairs:
                    fields.setdefault(name, []).append(value)
        if "update" in fields:
            raise _Refusal(403, UPDATE_REFUSED)
        given = fields.get("query", [])
        if len(given) > 1 or (given and query is not None):
            raise _Refusal(400, "Give exactly one query.")
        if given:
            query = given[0]
        return fields, query

    async def _read_body(self, request: Request) -> bytes:
        limit = self.max_request_bytes
        declared = request.headers.get("content-length", "")
        too_large = declared.isdigit() and int(declared) > limit
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                too_large = True
            if too_large:
                if size > limit + DRAIN_BYTES:
                    break
                continue
            chunks.append(chunk)
        if too_large:
            raise _Refusal(413, f"The request body is larger than this server's limit of "
                                f"{limit} bytes.", {"Connection": "close"})
        return b"".join(chunks)

    async def query_page(self, request: Request) -> Response:
        """The YASGUI query page, with the current release's canned queries as examples."""
        root = root_path(request)
        context = await self._page_context()
        template = self.templates.get_template("sparql.html")
        settings = {"endpoint": f"{root}/sparql", "root": root, "base": context["base"],
                    "prefixes": PREFIXES, "examples": context["examples"],
                    "classes": context["classes"], "properties": context["properties"]}
        page = template.render(
            root=root, assets=f"{root}/{YASGUI_PATH}", title=context["title"],
            endpoint=f"{root}/sparql", examples=context["examples"],
            settings_json=script_json(settings), max_rows=self.max_rows,
            timeout=f"{self.query_timeout:g}", yasgui=YASGUI_VERSION)
        return HTMLResponse(page, headers={"Vary": "Accept", "Cache-Control": "no-cache"})

    async def _page_context(self) -> dict[str, Any]:
        """The page's context for the store now on disk: read again after a rebuild (as the
        query workers reopen the store), else the one already read."""
        generation = store_generation(self.release.path)
        if generation != self.page_generation:
            try:
                context = await anyio.to_thread.run_sync(_read_page_context, self.release.path)
            except (SpiralldError, OSError) as error:  # a build swapping it in right now
                LOG.warning("the query page keeps the examples read before: %s", error)
            else:
                self.page, self.page_generation = context, generation
        return self.page

    async def yasgui_file(self, request: Request) -> Response:
        """A file of the vendored YASGUI build (site/static/vendor/yasgui, package data)."""
        found = Release(_yasgui_dir()).file(request.path_params["name"])
        if found is None or found.suffix not in YASGUI_MEDIA_TYPES:
            return self.not_found(request)
        response = file_response(request, found)
        if response.status_code == 200:
            response.headers["content-type"] = YASGUI_MEDIA_TYPES[found.suffix]
        return response


class _Refusal(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})

    def response(self) -> Response:
        return _plain(self.status, self.message, self.headers)


def _plain(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=dict(headers or {}))


def _templates() -> Environment:
    # The template folder is read directly: importing spiralld.site is not needed to serve.
    folder = Path(str(resources.files("spiralld") / "site" / "templates"))
    return Environment(loader=FileSystemLoader(folder), autoescape=True,
                       undefined=StrictUndefined)


def _yasgui_dir() -> Path:
    return Path(str(resources.files("spiralld") / "site" / "static" / "vendor" / "yasgui"))


def _read_page_context(release: Path) -> dict[str, Any]:
    """:func:`page_context` of the store of ``release`` now on disk (blocking)."""
    return page_context(queries.open_store(release))


def page_context(store: pyoxigraph.Store) -> dict[str, Any]:
    """What the query page shows: the dataset's title, its base IRI (IRIs under it link to
    the served pages) and the canned queries, each with its default parameters bound (as
    ``spiralld query`` would bind them)."""
    from ..config import DEFAULT_BASE_IRI

    base = queries.release_base(store) or DEFAULT_BASE_IRI
    resolver = queries.name_resolver(store)
    examples = []
    for name, query in queries.library().items():
        try:
            text = queries.with_values(query, queries.bind_values(query, {}, base, resolver))
        except QueryError:
            text = query.text
        examples.append({"name": name, "title": query.title or name,
                         "question": query.question, "text": text})
    title = "spiralld"
    for quad in store.quads_for_pattern(pyoxigraph.NamedNode(base + "dataset"), DCTERMS.title,
                                        None):
        if isinstance(quad.object, pyoxigraph.Literal):
            title = quad.object.value
            break
    return {"title": title, "base": base, "examples": examples, **vocabulary(store)}


#: The query page completes the properties found on this many instances of each class.
VOCABULARY_SAMPLE = 50


def vocabulary(store: pyoxigraph.Store) -> dict[str, list[str]]:
    """What the query page completes without a network: the classes of the release's VoID
    class partitions, and the properties of its description and of the first
    VOCABULARY_SAMPLE instances of each class (a sample: a scan of every triple would take
    seconds a million triples, at every start and rebuild)."""
    void_class = pyoxigraph.NamedNode("http://rdfs.org/ns/void#class")
    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    classes = sorted({quad.object.value for quad in store.quads_for_pattern(
        None, void_class, None) if isinstance(quad.object, pyoxigraph.NamedNode)})
    partition = pyoxigraph.NamedNode("http://rdfs.org/ns/void#classPartition")
    described = {quad.subject for quad in store.quads_for_pattern(None, partition, None)}
    properties = {rdf_type.value}
    for subject in described:  # the dataset's own description (VoID, DCAT, provenance)
        properties.update(quad.predicate.value
                          for quad in store.quads_for_pattern(subject, None, None))
    for name in classes:
        typed = store.quads_for_pattern(None, rdf_type, pyoxigraph.NamedNode(name))
        subjects = {quad.subject for quad in itertools.islice(typed, VOCABULARY_SAMPLE)}
        for subject in subjects:
            properties.update(quad.predicate.value
                              for quad in store.quads_for_pattern(subject, None, None))
    return {"classes": classes, "properties": sorted(properties)}


# --- middleware ------------------------------------------------------------------------

class CrossOrigin:
    """``Access-Control-Allow-Origin: *`` on every response, and OPTIONS as a preflight."""

    methods = "GET, HEAD, POST, OPTIONS"

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            requested = dict(scope["headers"]).get(b"access-control-request-headers", b"")
            headers = {"Access-Control-Allow-Origin": "*",
                       "Access-Control-Allow-Methods": self.methods,
                       "Access-Control-Max-Age": "86400", "Allow": self.methods}
            if requested:
                headers["Access-Control-Allow-Headers"] = requested.decode("latin-1")
            await Response(status_code=204, headers=headers)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"access-control-allow-origin", b"*"),
                    (b"access-control-expose-headers", ", ".join(EXPOSED_HEADERS).encode())]
            await send(message)

        await self.app(scope, receive, send_with_cors)


class AccessLog:
    """One log line per request: client, method, path, status, duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            client = scope.get("client") or ("-", 0)
            # The path as it came (still percent-encoded): no control character reaches the log.
            raw = scope.get("raw_path") or quote(scope["path"]).encode()
            LOG.info("%s:%s %s %s %d %.1f ms", client[0], client[1], scope["method"],
                     raw.decode("latin-1"), status, (time.perf_counter() - started) * 1000)


# --- entry points ----------------------------------------------------------------------

def create_app(release: Path, *, query_timeout: float = 10.0, max_rows: int = 10_000,
               max_request_bytes: int = 1_000_000, query_workers: int = 2) -> Starlette:
    """The ASGI application serving ``release`` at ``/`` and its SPARQL endpoint.

    Raises SpiralldError (QueryError) when ``release`` is not a release. The query workers
    start with the application (its lifespan) and stop with it.
    """
    release = Path(release)
    if not release.is_dir():
        raise SpiralldError(f"{release}: not a directory")
    if query_timeout <= 0 or max_rows < 1 or max_request_bytes < 1 or query_workers < 1:
        raise SpiralldError("the query timeout, row limit, request size limit and number of "
                            "query workers must be positive")
    generation = store_generation(release)  # before reading: a later swap is noticed
    page = _read_page_context(release)  # a QueryError here says what is missing
    endpoint = Endpoint(Release(release), QueryPool(release, query_workers, max_rows),
                        query_timeout, max_rows, max_request_bytes, page, generation)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await endpoint.pool.start()
        try:
            yield
        finally:
            await endpoint.pool.close()

    routes = [Route("/sparql", endpoint.sparql, methods=["GET", "HEAD", "POST"]),
              Route(f"/{YASGUI_PATH}/{{name}}", endpoint.yasgui_file, methods=["GET", "HEAD"]),
              Route("/{path:path}", endpoint.site, methods=["GET", "HEAD"])]
    middleware = [Middleware(AccessLog), Middleware(CrossOrigin),
                  Middleware(GZipMiddleware, minimum_size=500, compresslevel=6)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.endpoint = endpoint
    return app


def serve(release: Path, host: str = "127.0.0.1", port: int = 8000, **limits: Any) -> None:
    """Serve ``release`` with uvicorn until SIGTERM or SIGINT, then stop cleanly and return.

    ``limits`` are create_app's keyword arguments (query_timeout, max_rows,
    max_request_bytes, query_workers).
    """
    app = create_app(release, **limits)
    run(app, host, port, graceful_seconds=int(float(limits.get("query_timeout", 10.0))) + 2)


def run(app: ASGIApp, host: str, port: int, graceful_seconds: int) -> None:
    """Run ``app`` with uvicorn until SIGTERM or SIGINT (logging ``spiralld.*`` too); open
    requests get ``graceful_seconds`` to finish."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_config=log_config(),
                            access_log=False, timeout_graceful_shutdown=graceful_seconds)
    server = uvicorn.Server(config)
    # uvicorn re-raises the signal that stopped it once it has shut down; with these
    # handlers in place that is a no-op, so a SIGTERM ends the process with status 0.
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run()
    except SystemExit:  # uvicorn's way to report that it could not start
        raise SpiralldError(f"the server could not start on {host}:{port} (see the log "
                            f"above)") from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def log_config() -> dict[str, Any]:
    """uvicorn's logging settings, with ``spiralld.*`` logged like uvicorn's own lines."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["spiralld"] = {"handlers": ["default"], "level": "INFO",
                                     "propagate": False}
    return config


def _stopped(signum: int, frame: Any) -> None:
    """Handler of SIGINT and SIGTERM after uvicorn has shut down: nothing left to do."""


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m spiralld.serve.server SITE [--host H] [--port N] [limits]`` (for tests and
    bench)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m spiralld.serve.server",
                                     description="Serve a spiralld release.")
    parser.add_argument("release", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--query-timeout", type=float, default=10.0)
    parser.add_argument("--max-rows", type=int, default=10_000)
    parser.add_argument("--max-request-bytes", type=int, default=1_000_000)
    parser.add_argument("--query-workers", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        serve(args.release, args.host, args.port, query_timeout=args.query_timeout,
              max_rows=args.max_rows, max_request_bytes=args.max_request_bytes,
              query_workers=args.query_workers)
    except SpiralldError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    from spiralld.serve.server import main as _main

    sys.exit(_main())
