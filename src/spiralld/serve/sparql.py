"""The SPARQL 1.1 Protocol's query operation for ``spiralld serve``: each query read before
it runs (:func:`screen`: rdflib's parse decides, never a pattern over the text; updates,
SERVICE and ``\\u`` escapes are refused), run on the release's store in worker processes
(:class:`QueryPool`: a query over its time is stopped by killing its worker, which is
replaced), each worker in a network namespace of its own (:func:`isolate_network`), all
of them switching together to a rebuilt store (:func:`store_generation`)."""

from __future__ import annotations

import asyncio
import ctypes
import functools
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
from pathlib import Path
from typing import Any, NamedTuple

import anyio
import anyio.to_thread
import pyoxigraph

from ..errors import SpiralldError
from ..namespaces import PREFIXES
from ..query import library as queries
from .negotiation import GRAPH_FORMATS, RESULTS_FORMATS, _choose

LOG = logging.getLogger("spiralld.serve.server")

#: How long a new query worker may take to open the store.
WORKER_START_SECONDS = 60.0

#: rdflib's parser recurses once a triple pattern or a nesting level: at Python's default
#: of 1,000 frames a query of 100 triple patterns would not parse. (Python 3.11 frames do
#: not use the C stack; a worker that crashed anyway is replaced and the answer is 503.)
WORKER_RECURSION_LIMIT = 100_000

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
UPDATE_REFUSED = "SPARQL Update is not allowed: this endpoint is read-only."
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
            return 403, UPDATE_REFUSED
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
        self._launched: list[_Worker] = []   # by prestart, not yet waited for
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

    def prestart(self) -> None:
        """Launch the workers now (each takes a moment to import and open the store);
        :meth:`start` then waits for them. :meth:`close` stops them either way."""
        if not self._launched:
            self._launched = [self._spawn() for _ in range(self.size)]

    def stop(self) -> None:
        """Stop every worker (blocking): :meth:`close` outside an event loop."""
        workers, self._all, self._launched = list(self._all), set(), []
        for worker in workers:
            worker.stop()

    async def start(self) -> None:
        self.prestart()
        workers, self._launched = self._launched, []
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
        await anyio.to_thread.run_sync(self.stop)

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
