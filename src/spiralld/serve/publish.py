"""Publishing a release into a SPARQL 1.1 store through the Graph Store HTTP Protocol.

The N-Quads dump (``dumps/dataset.nq.gz``) holds one named graph per profile page, one
for the shared entities and one for the dataset description. Each graph is replaced as a
whole with one ``PUT <graph-store>?graph=<iri>`` (an N-Triples body), so publishing again
replaces and never duplicates, and a reader never sees half a profile. A graph larger than
``batch_triples`` is loaded into a temporary graph (one PUT, then POSTs) and moved into
place with a SPARQL Update ``MOVE``; without an update endpoint it is loaded in place and
is briefly partial. Graphs under the release's base IRI (``<base>page/...``,
``<base>graph/...``) that the release no longer has are dropped (``DELETE``). Last, the
triple count of every graph is read back with SPARQL and compared with the release.

The dump is read twice, streaming, never whole: once to count the triples of each graph
(so nothing is sent when the dump is broken, and progress knows the total), once to send.
"""

from __future__ import annotations

import gzip
import itertools
import os
import re
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import httpx
import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ..errors import PublishError
from ..query.library import Param, Query, with_values
from .credentials import Credentials, credentials, redact, strip_userinfo

DUMP = "dumps/dataset.nq.gz"
NTRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"
URI_SPACE = "http://rdfs.org/ns/void#uriSpace"
#: The kinds of graph a release has, under its base IRI; others there are left alone.
RELEASE_GRAPH_PATHS = ("page/", "graph/")

Progress = Callable[[str, int, int], None]

# The triples of each graph whose IRI starts with ?prefix (bound in a VALUES block).
_COUNTS = Query("graph-counts", Path(__file__), """\
SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), ?prefix))
}
GROUP BY ?g
""", params=(Param("prefix", "string"),))
# Whether queries without GRAPH see the release: its description, in its default graph.
_IN_DEFAULT_GRAPH = Query("default-graph", Path(__file__), """\
ASK WHERE { ?dataset <http://rdfs.org/ns/void#uriSpace> ?base }
""", params=(Param("base", "string"),))


# --- results ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GraphCount:
    """How many triples a graph has in the release and in the store."""

    graph: str
    expected: int
    found: int

    @property
    def ok(self) -> bool:
        return self.expected == self.found


@dataclass(frozen=True)
class PublishResult:
    """What was published: each graph with its counts, the triples sent, the time taken,
    and the graphs dropped because the release no longer has them."""

    graphs: tuple[GraphCount, ...]
    triples: int
    seconds: float
    dropped: tuple[str, ...] = ()
    #: Warnings about the store (one line each), e.g. that queries without GRAPH see none
    #: of what was published.
    notes: tuple[str, ...] = ()

    @property
    def mismatches(self) -> list[GraphCount]:
        return [count for count in self.graphs if not count.ok]

    def summary(self) -> list[str]:
        """Lines for a person: totals, then one line per mismatch."""
        lines = [f"published {len(self.graphs)} graphs, {self.triples} triples "
                 f"in {self.seconds:.1f} s"]
        if self.dropped:
            lines.append(f"dropped {len(self.dropped)} graph(s) the release no longer has")
        lines += [f"mismatch: <{c.graph}> has {c.found} triples, the release {c.expected}"
                  for c in self.mismatches]
        return lines


# --- where to send it ------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoints:
    """The three services of a store: SPARQL query, Graph Store Protocol, SPARQL Update
    (``None`` when unknown: large graphs are then loaded in place)."""

    query: str
    graph_store: str
    update: str | None


@dataclass(frozen=True)
class Layout:
    """A store's URL layout: a query endpoint path (``root`` is the part kept) and where
    its Graph Store Protocol and SPARQL Update services are."""

    store: str
    query_path: str
    graph_store: str
    update: str
    #: What makes the store's default graph the union of its named graphs.
    union_default: str = "make its default graph the union of its named graphs"


LAYOUTS: tuple[Layout, ...] = (
    Layout("Oxigraph", r"(?P<root>)/query", "{root}/store", "{root}/update",
           "start `oxigraph serve` with --union-default-graph"),
    Layout("Apache Jena Fuseki", r"(?P<root>(?:/[^/]+)+)/(?:query|sparql)",
           "{root}/data", "{root}/update",
           "set `tdb2:unionDefaultGraph true` on the dataset (tdb:unionDefaultGraph for TDB1)"),
    Layout("GraphDB / RDF4J", r"(?P<root>(?:/[^/]+)*/repositories/[^/]+)",
           "{root}/rdf-graphs/service", "{root}/statements"),
    Layout("Virtuoso", r"(?P<root>)/sparql", "{root}/sparql-graph-crud-auth",
           "{root}/sparql-auth"),
)
#: The note for a store whose default graph does not show the named graphs' triples.
UNION_NOTE = ("warning: {url}: the default graph does not hold the named graphs' triples, so "
              "a query without GRAPH (every canned query) finds nothing; for {store}, "
              "{setting} (docs/triple-stores.md)")


def layout(endpoint: str) -> Layout | None:
    """The known layout whose query path the endpoint's URL has, if any."""
    path = httpx.URL(endpoint).path.rstrip("/") or "/"
    return next((known for known in LAYOUTS if re.fullmatch(known.query_path, path)), None)


def union_default_note(endpoint: str) -> str:
    """One line for a store whose queries without GRAPH see none of its named graphs,
    naming the setting that makes its default graph their union."""
    found = layout(endpoint)
    return UNION_NOTE.format(url=endpoint, store=found.store if found else "this store",
                             setting=found.union_default if found else Layout.union_default)


def endpoints(endpoint: str, graph_store: str | None = None,
              update: str | None = None) -> Endpoints:
    """The services of a store: those given, the others derived from the query endpoint's
    URL when it has a known layout (:data:`LAYOUTS`)."""
    query_url = server_query_url(_http_url(endpoint, "endpoint"))
    if graph_store is not None:
        graph_store = _http_url(graph_store, "graph store")
    if update is not None:
        update = _http_url(update, "update endpoint")
    url = httpx.URL(query_url)
    found = layout(query_url)
    if found is not None:
        match = re.fullmatch(found.query_path, url.path.rstrip("/") or "/")
        assert match is not None
        root = match.group("root")
        derived = [str(url.copy_with(path=template.format(root=root), query=None,
                                     fragment=None))
                   for template in (found.graph_store, found.update)]
        return Endpoints(query_url, graph_store or derived[0], update or derived[1])
    if graph_store is None:
        known = ", ".join(layout.store for layout in LAYOUTS)
        raise PublishError(f"cannot tell the Graph Store Protocol URL from the endpoint "
                           f"{query_url} (known layouts: {known}); give --graph-store")
    return Endpoints(query_url, graph_store, update)


def server_query_url(endpoint: str) -> str:
    """The query endpoint for a URL: a server's bare root (``http://127.0.0.1:7878``, as
    ``oxigraph serve`` prints it) means Oxigraph's ``/query``; anything else is kept (a
    URL that does not parse too: the client using it says what is wrong)."""
    try:
        url = httpx.URL(endpoint)
    except (httpx.InvalidURL, TypeError):
        return endpoint
    if url.path in ("", "/") and not url.query:
        return str(url.copy_with(path="/query"))
    return endpoint


def _http_url(value: str, what: str) -> str:
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as error:
        raise PublishError(f"{what} {redact(value)!r}: not a URL "
                           f"({redact(str(error))})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise PublishError(f"{what} {redact(value)!r}: not an http(s) URL")
    return value


# --- reading the release ---------------------------------------------------------------

@dataclass(frozen=True)
class ReleaseGraphs:
    """The named graphs of a release's dump with their triple counts (in dump order), and
    the base IRI the release was built with (its description's void:uriSpace)."""

    counts: dict[str, int]
    base: str | None

    @property
    def triples(self) -> int:
        return sum(self.counts.values())


def read_release(release: Path) -> ReleaseGraphs:
    """Count the triples of each graph of the dump, streaming; check that it is written
    graph by graph and has nothing in the default graph."""
    counts: dict[str, int] = {}
    base = None
    previous = None
    for quad in _quads(release):
        graph = quad.graph_name
        if not isinstance(graph, NamedNode):
            raise PublishError(f"{release / DUMP}: a triple in the default graph "
                               f"({quad.triple}); a release keeps every triple in a named graph")
        name = graph.value
        if name != previous:
            if name in counts:
                raise PublishError(f"{release / DUMP}: graph <{name}> appears in two places; "
                                   f"the dump must be written graph by graph (as build does)")
            counts[name] = 0
            previous = name
        counts[name] += 1
        if base is None and quad.predicate.value == URI_SPACE and isinstance(quad.object,
                                                                              Literal):
            base = quad.object.value
    return ReleaseGraphs(counts, base)


def _quads(release: Path) -> Iterator[pyoxigraph.Quad]:
    path = release / DUMP
    if not path.is_file():
        raise PublishError(f"{release}: not a release (no {DUMP})")
    try:
        with gzip.open(path, "rb") as stream:
            yield from pyoxigraph.parse(cast(IO[bytes], stream),
                                        format=pyoxigraph.RdfFormat.N_QUADS)
    except SyntaxError as error:
        raise PublishError(f"{path}: {_first_line(str(error))}") from None
    except (OSError, EOFError, zlib.error) as error:
        raise PublishError(f"{path}: cannot read the dump ({_first_line(str(error))})") from None


def _graphs(release: Path) -> Iterator[tuple[str, Iterator[Triple]]]:
    """Each graph's triples, streaming (the dump is grouped by graph, as checked)."""
    for graph, quads in itertools.groupby(_quads(release), key=_graph_name):
        yield graph, (quad.triple for quad in quads)


def _graph_name(quad: pyoxigraph.Quad) -> str:
    graph = quad.graph_name
    return graph.value if isinstance(graph, NamedNode) else ""


# --- talking to the store --------------------------------------------------------------

class _Store:
    """An HTTP client for one store; every failure becomes one PublishError line, with
    no secret in it. Once a request has failed no other is sent, and every later call
    raises that first failure (:attr:`error`), so a run fails within one timeout."""

    def __init__(self, services: Endpoints, creds: Credentials, timeout: float) -> None:
        if timeout <= 0:
            raise PublishError(f"timeout {timeout:g} s: must be more than 0")
        headers = {"User-Agent": "spiralld-publish", **creds.headers()}
        self.services = services
        self.creds = creds
        self.timeout = timeout
        self.error: PublishError | None = None   # the first failure, the one reported
        self.lock = threading.Lock()
        self.client = httpx.Client(auth=creds.auth(), headers=headers,
                                   timeout=httpx.Timeout(timeout), follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    def request(self, method: str, url: str, what: str, *, ok: Iterable[int] = (),
                **kwargs: Any) -> httpx.Response:
        with self.lock:
            if self.error is not None:   # another request failed: send nothing more
                raise PublishError(str(self.error))
        try:
            return self._request(method, url, what, ok, **kwargs)
        except PublishError as error:
            with self.lock:
                if self.error is None:
                    self.error = PublishError(self.creds.scrub(str(error)))
                raise self.error from None

    def _request(self, method: str, url: str, what: str, ok: Iterable[int],
                 **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise PublishError(f"{what}: {method} {url}: no answer within "
                               f"{self.timeout:g} s") from None
        except httpx.ConnectError as error:
            raise PublishError(f"{what}: {method} {url}: cannot connect "
                               f"({_first_line(str(error)) or type(error).__name__})") from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise PublishError(f"{what}: {method} {url}: "
                               f"{_first_line(str(error)) or type(error).__name__}") from None
        if response.is_success or response.status_code in ok:
            return response
        detail = _first_line(response.text)
        if response.is_redirect:
            detail = f"redirected to {response.headers.get('location', '?')}"
        raise PublishError(f"{what}: {method} {url}: HTTP {response.status_code} "
                           f"{response.reason_phrase}" + (f": {detail}" if detail else ""))

    def send(self, method: str, graph: str, triples: list[Triple], what: str) -> None:
        """PUT (replace) or POST (add) triples to a graph through the Graph Store Protocol."""
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        self.request(method, self.services.graph_store, what, params={"graph": graph},
                     content=body or b"", headers={"Content-Type": NTRIPLES})

    def drop(self, graph: str) -> None:
        self.request("DELETE", self.services.graph_store, f"graph <{graph}>",
                     params={"graph": graph}, ok=(404,))

    def move(self, source: str, target: str) -> None:
        assert self.services.update is not None
        # MOVE takes no VALUES block: the IRIs are written as terms (pyoxigraph checks and
        # serializes them, so neither can close the <...>).
        update = " ".join(("MOVE GRAPH", str(NamedNode(source)), "TO GRAPH",
                           str(NamedNode(target))))
        self.request("POST", self.services.update, f"graph <{target}>",
                     data={"update": update})

    def in_default_graph(self, base: str) -> bool:
        """Whether a query without GRAPH sees the release's description."""
        text = with_values(_IN_DEFAULT_GRAPH, {"base": Literal(base)})
        url = self.services.query
        response = self.request("POST", url, "checking the default graph",
                                data={"query": text}, headers={"Accept": SPARQL_JSON})
        try:
            return bool(response.json()["boolean"])
        except (ValueError, KeyError, TypeError) as error:
            raise PublishError(f"checking the default graph: POST {url}: the answer is not "
                               f"SPARQL JSON results ({_first_line(str(error))})") from None

    def counts(self, prefix: str) -> dict[str, int]:
        """The triples of every graph whose IRI starts with ``prefix``."""
        text = with_values(_COUNTS, {"prefix": Literal(prefix)})
        url = self.services.query
        response = self.request("POST", url, "counting triples", data={"query": text},
                                headers={"Accept": SPARQL_JSON})
        try:
            bindings = response.json()["results"]["bindings"]
            return {row["g"]["value"]: int(row["n"]["value"]) for row in bindings}
        except (ValueError, KeyError, TypeError) as error:
            raise PublishError(f"counting triples: POST {url}: the answer is not SPARQL JSON "
                               f"results ({_first_line(str(error))})") from None


def _first_line(text: str, limit: int = 200) -> str:
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[:limit] + "..."
    return ""


def _has_blank(term: object) -> bool:
    if isinstance(term, BlankNode):
        return True
    if isinstance(term, Triple):
        return _has_blank(term.subject) or _has_blank(term.object)
    return False


def _load_large_graph(store: _Store, graph: str, triples: Iterator[Triple], batch: int,
                      scratch: str) -> None:
    """Replace a graph too large for one request: batches into ``scratch`` (one PUT, then
    POSTs) moved into place, or, with no update endpoint, into the graph itself.

    Blank nodes are scoped to one request, so every triple with a blank node is held back
    and sent in the last request, together.
    """
    what = f"graph <{graph}>"
    target = scratch if store.services.update is not None else graph
    method = "PUT"
    held: list[Triple] = []
    pending: list[Triple] = []
    for triple in triples:
        (held if _has_blank(triple) else pending).append(triple)
        if len(pending) >= batch:
            store.send(method, target, pending, what)
            method, pending = "POST", []
    store.send(method, target, pending + held, what)
    if target != graph:
        store.move(target, graph)


def _load(store: _Store, release: Path, graphs: ReleaseGraphs, batch: int, workers: int,
          progress: Progress | None) -> None:
    """Send every graph: small ones (one PUT each) on ``workers`` threads, at most two per
    worker read ahead; large ones streamed in batches from this thread."""
    total = len(graphs.counts)
    scratch = (f"{graphs.base}graph/publishing-{uuid.uuid4().hex}" if graphs.base
               else uuid.uuid4().urn)
    done = 0

    def finish(futures: Iterable[Future[None]]) -> None:
        nonlocal done
        for future in futures:
            future.result()
            done += 1
        if progress:
            progress("publish", done, total)

    if progress:
        progress("publish", 0, total)
    pending: set[Future[None]] = set()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="publish") as pool:
        try:
            for graph, triples in _graphs(release):
                if graphs.counts[graph] > batch:
                    _load_large_graph(store, graph, triples, batch, scratch)
                    done += 1
                    finish(())
                    continue
                pending.add(pool.submit(store.send, "PUT", graph, list(triples),
                                        f"graph <{graph}>"))
                if len(pending) >= 2 * workers:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    finish(finished)
            finish(wait(pending).done)
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _is_release_graph(graph: str, base: str) -> bool:
    return any(graph.startswith(base + path) for path in RELEASE_GRAPH_PATHS)


# --- the library API -------------------------------------------------------------------

def publish(release: Path, endpoint: str, graph_store: str | None = None, *,
            update: str | None = None, auth: tuple[str, str] | None = None,
            token: str | None = None, digest: bool = False, batch_triples: int = 50_000,
            progress: Progress | None = None, timeout: float = 60,
            workers: int = 4) -> PublishResult:
    """Load a release into a SPARQL 1.1 store and check it.

    ``endpoint`` is the SPARQL query URL; ``graph_store`` and ``update`` default to the
    store's usual layout (:func:`endpoints`). ``auth`` is a user and password (HTTP basic,
    or digest with ``digest``), ``token`` a bearer token; without either, a URL's userinfo
    or ~/.netrc (:mod:`spiralld.serve.credentials`); no error message shows them. Each request
    must be answered within ``timeout`` seconds, and the first that fails stops the run.
    ``progress`` is called with
    ``("publish", graphs done, graphs)``. Up to ``workers`` graphs are sent at a time, one
    PUT each; a graph larger than ``batch_triples`` is sent in batches, one after another.
    The result's :attr:`~PublishResult.mismatches` are the graphs whose triple count in the
    store differs from the release.
    """
    if batch_triples < 1:
        raise PublishError(f"batch size {batch_triples}: must be at least 1 triple")
    if workers < 1:
        raise PublishError(f"{workers} workers: must be at least 1")
    started = time.monotonic()
    creds, endpoint, graph_store, update = _credentials(endpoint, graph_store, update,
                                                        auth, token, digest)
    services = endpoints(endpoint, graph_store, update)
    graphs = read_release(release)
    store = _Store(services, creds, timeout)
    try:
        _load(store, release, graphs, batch_triples, workers, progress)
        prefix = graphs.base or os.path.commonprefix(list(graphs.counts))
        found = store.counts(prefix)
        dropped: list[str] = []
        notes: list[str] = []
        if graphs.base is not None:
            for graph in sorted(found):
                if graph not in graphs.counts and _is_release_graph(graph, graphs.base):
                    store.drop(graph)
                    dropped.append(graph)
            if found and not store.in_default_graph(graphs.base):
                notes.append(union_default_note(services.query))
    finally:
        store.close()
    return PublishResult(_compare(graphs.counts, found), graphs.triples,
                         time.monotonic() - started, tuple(dropped), tuple(notes))


def check_counts(endpoint: str, expected: Mapping[str, int], *,
                 auth: tuple[str, str] | None = None, token: str | None = None,
                 digest: bool = False, timeout: float = 60) -> tuple[GraphCount, ...]:
    """Count the triples of each expected graph on the query endpoint (one SPARQL query);
    a graph missing from the store counts 0."""
    if not expected:
        return ()
    creds, endpoint, _, _ = _credentials(endpoint, None, None, auth, token, digest)
    services = Endpoints(_http_url(endpoint, "endpoint"), "", None)
    store = _Store(services, creds, timeout)
    try:
        found = store.counts(os.path.commonprefix(list(expected)))
    finally:
        store.close()
    return _compare(expected, found)


def _credentials(endpoint: str, graph_store: str | None, update: str | None,
                 auth: tuple[str, str] | None, token: str | None,
                 digest: bool) -> tuple[Credentials, str, str | None, str | None]:
    """The credentials of a run (:func:`spiralld.serve.credentials.credentials`; a user given in
    the endpoint's URL, else in the graph store's or update's) and the URLs without them."""
    endpoint, in_url = strip_userinfo(endpoint)
    auth = auth or in_url
    others: list[str | None] = []
    for url in (graph_store, update):
        if url is not None:
            url, in_url = strip_userinfo(url)
            auth = auth or in_url
        others.append(url)
    creds = credentials(endpoint, PublishError, auth=auth, token=token, digest=digest)
    return creds, creds.url, others[0], others[1]


def _compare(expected: Mapping[str, int], found: Mapping[str, int]) -> tuple[GraphCount, ...]:
    return tuple(GraphCount(graph, count, found.get(graph, 0))
                 for graph, count in expected.items())
