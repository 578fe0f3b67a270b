"""``spiralld serve``: a release over HTTP, with its content negotiation and a SPARQL endpoint.

The static release is served at ``/`` under the same rules as the ``.htaccess`` and
``nginx.conf`` that build writes (see :mod:`spiralld.serve.webservers`): ``id/x`` and ``source/x``
answer 303 See Other to the data document the client asks for, else to the HTML page;
``page/x`` is served in the format asked for (``Vary: Accept``); every file has its media
type, a weak ETag, Last-Modified and Cache-Control, and conditional GETs answer 304.
Accept headers are read with their q-values (:func:`negotiate`).

``/sparql`` is the SPARQL 1.1 Protocol (query operation only) over the release's store
(:func:`spiralld.query.library.open_store`). A query's dataset is the one the request names
(``default-graph-uri``, ``named-graph-uri``), else the one its FROM and FROM NAMED name,
else every named graph with their union as the default graph
(:func:`spiralld.query.library.dataset_options`). Queries run in worker processes
(:class:`QueryPool`): pyoxigraph cannot cancel a query, so a query that outlives
``query_timeout`` is stopped by killing its worker, which is replaced; the server answers
503 and keeps serving. The limits and their answers:

- a request body over ``max_request_bytes``: 413, with ``Connection: close``;
- a query running over ``query_timeout``: 503 (its worker is killed and replaced);
- no worker free within ``query_timeout``: 503 with ``Retry-After: 1``;
- a worker dying (out of memory): 503 (it is replaced);
- more than ``max_rows`` solutions or triples: 200 with the first ``max_rows`` and the
  headers ``X-Spiralld-Truncated: true`` and ``X-Spiralld-Max-Rows: <max_rows>``;
- a malformed query: 400 with the parser's message;
- a SPARQL Update (an ``update=`` field, ``application/sparql-update``, or an update sent
  as ``query=``): 403, the endpoint is read-only (and the store is opened read-only);
- SERVICE (federated query): 403, or the server would fetch any URL for anyone;
- a ``\\u`` or ``\\U`` escape anywhere in the query: 400 (see :func:`screen`).

Whether a query may run is decided from its parse (:func:`screen`, rdflib's SPARQL 1.1
parser: an update, a SERVICE anywhere in the tree, or a text it cannot read is refused),
never from a pattern over its text. As a second wall that does not depend on parsing, each
worker moves itself into a network namespace of its own (:func:`isolate_network`) before
it opens the store, so even a SERVICE that got past the check cannot connect anywhere;
where that is not possible the server logs a warning saying so at start.

A build that swaps in a new store is noticed before the next job (:func:`store_generation`):
every worker then reopens the store, so answers never mix the old data with the new.
- a POST body that is neither a form nor ``application/sparql-query``: 415.

Each of these answers is plain text saying what happened. A 500 is only ever our own bug.

A browser asking ``/sparql`` for HTML with no query gets a query page
(``site/templates/sparql.html``): YASGUI, a pinned build vendored in the package
(``site/static/vendor/yasgui``, re-fetched by ``tools/vendor-yasgui``) and served at
``/sparql/yasgui/`` by this server, so it needs no network; the canned queries are its
examples, read again from the store after a rebuild. In its result table IRIs under the
release's base IRI link to the pages as this server serves them.
Every response carries ``Access-Control-Allow-Origin: *`` (the site is public data; sending
it unconditionally keeps shared caches from storing a response without it), and OPTIONS is
answered as a CORS preflight. One log line per request: method, path, status, duration.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import html
import itertools
import json
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import parse_qsl, quote

import anyio
import anyio.to_thread
import pyoxigraph
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import QueryError, SpiralldError
from ..namespaces import DCTERMS, PREFIXES
from ..query import library as queries
from ..release.jsonld import script_json
from .webservers import MEDIA_TYPES, RDF_SUFFIXES

LOG = logging.getLogger("spiralld.serve.server")

HTML = "text/html"
#: Cache lifetime of files and redirects; clients revalidate with the ETag after it.
CACHE_CONTROL = "public, max-age=300"
TRUNCATED_HEADER = "X-Spiralld-Truncated"
MAX_ROWS_HEADER = "X-Spiralld-Max-Rows"
#: Headers a browser script may read from our responses (CORS).
EXPOSED_HEADERS = (TRUNCATED_HEADER, MAX_ROWS_HEADER, "Content-Location", "ETag")
#: An oversized body is read and discarded up to this many bytes more before the 413 is
#: sent, so that the client (still sending) reads the answer instead of a reset connection.
DRAIN_BYTES = 16 * 2**20
#: Files up to this size are read whole and sent at once; larger ones are streamed (and
#: support Range requests).
SMALL_FILE_BYTES = 256 * 1024
#: How long a new query worker may take to open the store.
WORKER_START_SECONDS = 60.0
#: rdflib's parser recurses once a triple pattern or a nesting level: at Python's default
#: of 1,000 frames a query of 100 triple patterns would not parse. (Python 3.11 frames do
#: not use the C stack; a worker that crashed anyway is replaced and the answer is 503.)
WORKER_RECURSION_LIMIT = 100_000
#: Where the query page's YASGUI build (package data, see tools/vendor-yasgui) is served.
YASGUI_PATH = "sparql/yasgui"
#: The pinned YASGUI version (site/static/vendor/yasgui/SOURCE.txt says the same).
YASGUI_VERSION = "4.6.2"
YASGUI_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8",
                      ".css": "text/css; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                      "": "text/plain; charset=utf-8"}


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


# --- reading a query before it runs ----------------------------------------------------

#: How many query texts the screen remembers its verdict on (parsing takes 5-100 ms).
SCREEN_CACHE = 1024
#: A codepoint escape (\uXXXX, \UXXXXXXXX). SPARQL lets a parser expand these anywhere
#: before reading the query; rdflib does, Oxigraph only does inside strings and IRIs, so the
#: two would read a query holding one differently (``"a\u0022 # "`` ends a string early
#: for one and not the other, hiding the rest of the line from it).
_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")
#: rdflib's grammar is shared by the threads that screen queries: one parse at a time.
_PARSING = threading.Lock()
_UPDATE_REFUSED = "SPARQL Update is not allowed: this endpoint is read-only."
_SERVICE_REFUSED = ("SERVICE (federated query) is not allowed on this endpoint: the server "
                    "never opens a connection of its own.")


class Screened(NamedTuple):
    """What the parse of a request's query text shows, before it goes to a worker."""

    #: ``query`` (it may run), ``service``, ``update``, ``escape`` or ``malformed``.
    kind: str
    #: The parser's message for a malformed query, else "".
    detail: str = ""
    #: Whether the query has a FROM or FROM NAMED clause (its own RDF dataset).
    dataset: bool = False

    def refusal(self) -> tuple[int, str] | None:
        """The status and message to answer instead of running the query, or None."""
        if self.kind == "query":
            return None
        if self.kind == "update":
            return 403, _UPDATE_REFUSED
        if self.kind == "service":
            return 403, _SERVICE_REFUSED
        if self.kind == "escape":
            return 400, ("Malformed query: this endpoint does not accept \\u or \\U escapes "
                         "in a query; write the character itself.")
        return 400, f"Malformed query: {self.detail}"


@functools.lru_cache(maxsize=SCREEN_CACHE)
def screen(text: str) -> Screened:
    """Read ``text`` with rdflib's SPARQL 1.1 parser and say whether it may run.

    Fails closed: only a text that parses as a query with no SERVICE anywhere in its tree
    (EXISTS and NOT EXISTS filters, subqueries, OPTIONAL, MINUS, UNION, GRAPH included) may
    run; a text that does not parse is refused even if Oxigraph would accept it. The
    decision never rests on a pattern over the text, which comments, escapes and free
    whitespace can always get around.
    """
    if _CODEPOINT_ESCAPE.search(text):
        return Screened("escape")
    with _PARSING:
        return _screen(text)


def _screen(text: str) -> Screened:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseBaseException as error:
        try:
            update = parseUpdate(text)
        except ParseBaseException:
            update = None
        if update is not None and "request" in update:
            return Screened("update")
        return Screened("malformed", f"error at {error.lineno}:{error.col}: {error.msg} "
                                     f"(every query is read as SPARQL 1.1 before it runs)")
    except (ValueError, RecursionError) as error:  # e.g. a nesting too deep to parse
        return Screened("malformed", str(error) or type(error).__name__)
    if _has_service(tree):
        return Screened("service")
    return Screened("query", dataset=queries.names_dataset(tree))


def _has_service(tree: Any) -> bool:
    """Whether a parse tree of rdflib's holds a ServiceGraphPattern anywhere."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def is_update(query: str) -> bool:
    """Whether the text parses as a SPARQL Update (and not as a query)."""
    return screen(query).kind == "update"


def uses_service(query: str) -> bool:
    """Whether the parsed query calls a SERVICE (which pyoxigraph would fetch over HTTP)."""
    return screen(query).kind == "service"


# --- query workers ---------------------------------------------------------------------

class Job(NamedTuple):
    """A query for a worker, and what the client accepts back."""

    query: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


class Answer(NamedTuple):
    """A worker's answer: status, content type, body, whether rows were left out."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def execute(store: pyoxigraph.Store, job: Job, max_rows: int) -> Answer:
    """Run a query and serialize its results in the format the client prefers; at most
    ``max_rows`` solutions (SELECT) or triples (CONSTRUCT, DESCRIBE).

    The query is read with :func:`screen` first: an update, a SERVICE, or a text the check
    cannot read is refused, never run. (Parsing can take seconds on a crafted query: done
    here, in a worker, the query timeout bounds it too.)
    """
    screened = screen(job.query)
    refusal = screened.refusal()
    if refusal is not None:
        return _text(*refusal)
    # The request's graphs, else the query's FROM / FROM NAMED, else the union default.
    options = queries.dataset_options(screened.dataset, job.default_graphs, job.named_graphs)
    try:
        results = store.query(job.query, **options)
    except SyntaxError as error:
        return _text(400, f"Malformed query: {error}")
    if isinstance(results, pyoxigraph.QueryBoolean):
        answer = _choose(job.accept, RESULTS_FORMATS)
        return Answer(200, answer.content_type, _bytes(results.serialize(format=answer.format)))
    if isinstance(results, pyoxigraph.QuerySolutions):
        answer = _choose(job.accept, RESULTS_FORMATS)
        variables = [variable.value for variable in results.variables]
        rows = list(itertools.islice(results, max_rows + 1))
        # The first max_rows solutions as JSON results; pyoxigraph reads them back to write
        # any other format (a QuerySolutions cannot be cut short otherwise).
        document = {"head": {"vars": variables}, "results": {"bindings": [
            {name: _json_term(row[name]) for name in variables if row[name] is not None}
            for row in rows[:max_rows]]}}
        body = json.dumps(document, ensure_ascii=False).encode()
        if answer.format != pyoxigraph.QueryResultsFormat.JSON:
            solutions = pyoxigraph.parse_query_results(
                body, format=pyoxigraph.QueryResultsFormat.JSON)
            body = _bytes(solutions.serialize(format=answer.format))
        return Answer(200, answer.content_type, body, len(rows) > max_rows)
    graph = _choose(job.accept, GRAPH_FORMATS)
    triples = list(itertools.islice(results, max_rows + 1))
    prefixes = PREFIXES if graph.format == pyoxigraph.RdfFormat.TURTLE else None
    body = _bytes(pyoxigraph.serialize(triples[:max_rows], format=graph.format,
                                       prefixes=prefixes))
    return Answer(200, graph.content_type, body, len(triples) > max_rows)


def _bytes(serialized: bytes | None) -> bytes:
    """What a pyoxigraph serializer returns when given no output file."""
    assert serialized is not None
    return serialized


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Any) -> dict[str, Any]:
    """An RDF term as SPARQL 1.1 Query Results JSON."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    found: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        found["datatype"] = term.datatype.value
    return found


#: unshare(2) flags: a user namespace (so no privilege is needed) and a network namespace.
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


def isolate_network() -> str | None:
    """Move this process into a network namespace of its own, which has no interface up:
    nothing it does can open a connection (SERVICE would fail with "Network is
    unreachable"). None when done, else why it could not be (the process is unchanged).

    Linux only, and only while the process has a single thread (unshare refuses a user
    namespace to a threaded process): a query worker calls it first thing.
    """
    if not sys.platform.startswith("linux"):
        return f"no network namespaces on {sys.platform}"
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError as error:
        return f"cannot count this process's threads ({error.strerror})"
    if threads != 1:
        return f"the process has {threads} threads"
    libc = ctypes.CDLL(None, use_errno=True)
    errors = []
    for flags in (_CLONE_NEWUSER | _CLONE_NEWNET, _CLONE_NEWNET):  # the second needs root
        if libc.unshare(flags) == 0:
            return None
        errors.append(os.strerror(ctypes.get_errno()))
    return f"unshare(CLONE_NEWNET) failed: {errors[-1]} ({errors[0]} with CLONE_NEWUSER)"


def store_generation(release: Path) -> tuple[tuple[int, int, int] | None, ...]:
    """Which build of the release's store a worker opening it now would get.

    A build swaps in a new release and a new ``.store`` directory by rename; each swap
    gives the path another inode (or at least another ctime), so the value changes.
    """
    def identity(path: Path) -> tuple[int, int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_dev, stat.st_ino, stat.st_ctime_ns

    return identity(queries.store_path(release)), identity(release)


def _open_current(release: Path) -> tuple[pyoxigraph.Store, Any]:
    """The release's store and the generation it is of (opened again if a build swapped a
    new one in while it was being opened)."""
    for _ in range(5):
        before = store_generation(release)
        store = queries.open_store(release)
        if store_generation(release) == before:
            return store, before
        del store
    raise SpiralldError(f"{release}: the store kept changing while it was being opened")


def _worker_main(connection: Any, release: str, max_rows: int) -> None:
    """A query worker: cuts itself off the network, opens the store, then answers jobs
    until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    isolation = isolate_network()  # before the store starts its threads
    try:
        store, generation = _open_current(Path(release))
    except (SpiralldError, OSError) as error:
        connection.send(("failed", str(error), None))
        return
    sys.setrecursionlimit(WORKER_RECURSION_LIMIT)
    screen("ASK {}")  # loads the parser now rather than in the first query's time
    connection.send(("ready", generation, isolation))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = execute(store, job, max_rows)
        except Exception:  # a bug of ours: report it as one, keep the worker
            traceback.print_exc(file=sys.stderr)
            answer = _text(500, "Internal error while running the query (see the server log).")
        connection.send(answer)


class WorkerFailed(SpiralldError):
    """A query worker could not start or died."""


class _Worker:
    """One worker process and our end of its pipe. Its methods block: call them in a thread."""

    def __init__(self, context: Any, release: Path, max_rows: int) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, daemon=True,
                                       args=(child, str(release), max_rows),
                                       name="spiralld-query-worker")
        self.process.start()
        child.close()
        self.ready = False
        #: The store generation it opened and why it is not cut off the network (None
        #: when it is), once ready.
        self.generation: Any = None
        self.isolation: str | None = None

    def wait_ready(self, seconds: float) -> None:
        if self.ready:
            return
        message = self._receive(time.monotonic() + seconds)
        if message is None:
            raise WorkerFailed(f"a query worker did not start within {seconds:.0f} s")
        if message[0] != "ready":
            raise WorkerFailed(f"a query worker could not open the store: {message[1]}")
        self.generation, self.isolation = message[1], message[2]
        self.ready = True

    def call(self, job: Job, timeout: float) -> Answer | None:
        """The worker's answer, or None when the query outlived ``timeout`` seconds."""
        self.connection.send(job)
        answer: Answer | None = self._receive(time.monotonic() + timeout)
        return answer

    def _receive(self, deadline: float) -> Any:
        try:
            if not self.connection.poll(max(deadline - time.monotonic(), 0)):
                return None
            return self.connection.recv()
        except (EOFError, OSError):
            raise WorkerFailed("a query worker died") from None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryBusy(Exception):
    """No worker became free in time."""


class QueryTimeout(Exception):
    """The query ran longer than the limit and was stopped."""


class QueryPool:
    """Worker processes that each hold the release's store open (read-only).

    A job goes to an idle worker; if it does not answer within the timeout the worker is
    killed (pyoxigraph has no way to cancel a query) and a fresh one takes its place.
    Before each job the pool compares the store's generation on disk
    (:func:`store_generation`) with the one the worker opened: when a build has swapped in
    a new store, every idle worker is replaced at once and a busy one as soon as it is next
    picked, so no job after the swap is answered from the old store (a worker replaced after
    a timeout would otherwise answer from the new store while the others kept the old).
    """

    def __init__(self, release: Path, size: int, max_rows: int) -> None:
        self.release = release
        self.size = size
        self.max_rows = max_rows
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        #: Why the workers are not cut off the network (None when they are).
        self.isolation: str | None = None

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.release, self.max_rows)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        self._all.discard(worker)
        worker.stop()
        return self._spawn()

    async def start(self) -> None:
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            await anyio.to_thread.run_sync(worker.wait_ready, WORKER_START_SECONDS)
            self._idle.put_nowait(worker)
        self.isolation = workers[0].isolation
        if self.isolation is None:
            LOG.info("%d query workers, each in a network namespace of its own: SERVICE "
                     "cannot reach anything", self.size)
        else:
            LOG.warning("%d query workers NOT cut off the network (%s): SERVICE is refused "
                        "by the query check alone", self.size, self.isolation)

    async def close(self) -> None:
        workers, self._all = list(self._all), set()
        for worker in workers:
            await anyio.to_thread.run_sync(worker.stop)

    async def _renew_idle(self, generation: Any) -> None:
        """Replace every idle worker that is not on store ``generation``, all at once."""
        behind = []
        while not self._idle.empty():
            behind.append(self._idle.get_nowait())
        for worker in behind:
            if not (worker.ready and worker.generation == generation):
                worker = await anyio.to_thread.run_sync(self._replace, worker)
            self._idle.put_nowait(worker)

    async def run(self, job: Job, timeout: float) -> Answer:
        """Raises QueryBusy, QueryTimeout, or WorkerFailed (when a worker dies)."""
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise QueryBusy from None
        answer = None
        try:
            while True:  # a worker on the store now on disk
                await anyio.to_thread.run_sync(worker.wait_ready, WORKER_START_SECONDS)
                generation = store_generation(self.release)
                if worker.generation == generation:
                    break
                LOG.info("the store changed on disk: the query workers reopen it")
                await self._renew_idle(generation)
                worker = await anyio.to_thread.run_sync(self._replace, worker)
            answer = await anyio.to_thread.run_sync(worker.call, job, timeout)
        finally:
            if answer is not None:
                self._idle.put_nowait(worker)
            else:  # timed out, died, or cancelled mid-query: replace it
                with anyio.CancelScope(shield=True):
                    fresh = await anyio.to_thread.run_sync(self._replace, worker)
                self._idle.put_nowait(fresh)
        if answer is None:
            raise QueryTimeout
        return answer


# --- the release on disk ---------------------------------------------------------------

class Release:
    """Files of a release, looked up by URL path without ever leaving the directory."""

    def __init__(self, root: Path) -> None:
        self.path = root.absolute()

    def file(self, path: str) -> Path | None:
        """The regular file at a (decoded) URL path, or None.

        None for any path with an empty, ``.`` or ``..`` segment, a dot-file segment,
        a backslash or NUL, and for a path that resolves (through symlinks) outside the
        release or onto a dot-file.
        """
        parts = path.split("/")
        if any(not part or part.startswith(".") or "\\" in part or "\x00" in part
               for part in parts):
            return None
        try:
            # Resolved on every request: a release behind a symlink can be switched.
            root = self.path.resolve(strict=True)
            resolved = root.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(root):
            return None
        if any(part.startswith(".") for part in resolved.relative_to(root).parts):
            return None
        return resolved if resolved.is_file() else None


def _media_type(path: Path) -> str:
    if not path.suffix:
        return "text/plain; charset=utf-8"  # dumps/SHA256SUMS
    return MEDIA_TYPES.get(path.suffix, "application/octet-stream")


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return int(mtime) <= since
    return False


def _file_response(request: Request, path: Path, headers: Mapping[str, str] | None = None
                   ) -> Response:
    stat = path.stat()
    etag = f'W/"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    common = {"ETag": etag, "Last-Modified": formatdate(stat.st_mtime, usegmt=True),
              "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if _not_modified(request, etag, stat.st_mtime):
        return Response(status_code=304, headers=common)
    if stat.st_size <= SMALL_FILE_BYTES:
        # Read at once: cheaper than FileResponse's worker-thread round trips per chunk.
        return Response(path.read_bytes(), media_type=_media_type(path), headers=common)
    return FileResponse(path, media_type=_media_type(path), headers=common, stat_result=stat)


def _root_path(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


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
                       "Content-Location": f"{_root_path(request)}/{quote(path)}"}
        return _file_response(request, found, headers)

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
            "Location": f"{_root_path(request)}/{quote(target)}", "Vary": "Accept",
            "Cache-Control": CACHE_CONTROL})

    def not_found(self, request: Request) -> Response:
        page = self.release.file("404.html")
        if page is None:
            return PlainTextResponse("Not found\n", status_code=404)
        body = page.read_text(encoding="utf-8")
        # The page links style.css etc. relatively, from the release's root.
        base = html.escape(f"{_root_path(request)}/")
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
                raise _Refusal(403, _UPDATE_REFUSED)
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
            raise _Refusal(403, _UPDATE_REFUSED)
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
        root = _root_path(request)
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
        response = _file_response(request, found)
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
