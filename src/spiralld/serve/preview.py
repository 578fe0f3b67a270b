"""``spiralld serve DATA_DIR --watch``: a live preview of a data project while it is edited.

The data is built, with :func:`spiralld.build.build` and the data project's cache as
``spiralld build`` uses it, into a *scratch release* outside the data directory (one per
data directory, in the temporary directory, kept between runs so the next start only
rebuilds what changed), and served exactly as ``spiralld serve`` serves a release
(:func:`spiralld.serve.server.create_app`: pages, data documents, content negotiation, /sparql).
The process then watches the data directory (``watchfiles``: inotify, not polling) and, on
each change, builds again: the build itself redoes only what the change touched (the
profile cache, the release record, the validation verdicts). The build process stays up
and builds in a :class:`~spiralld.rebuild.live.Session`: what it decoded stays in memory,
and the scratch release is written in place, each file made again moved in by one rename
(a request sees a file's old bytes or its new ones), the pages and data documents first.
The open pages reload as soon as those are in place; the state says ``settled`` once the
rest (the dumps, the description, the query store that /sparql answers from) is too.

Each HTML page is served with one line added before ``</body>``, :func:`snippet`: a script
that listens to ``/_preview/events`` (server-sent events) and reloads the page when a
rebuild's pages are served. A rebuild that fails (a file that does not parse, a violation of the
shapes) leaves the last good release in place; the script then shows the problems, each as
``file:line: message``, above the page until an edit fixes them. The same lines go to the
log (the terminal). The pages are otherwise the bytes ``spiralld build`` writes: the
scratch release holds exactly those, and HTML is sent with ``Cache-Control: no-store`` so a
reload never shows a stale copy.

Nothing is written into the data directory but its cache (shared with ``spiralld build``),
nor into any release but the scratch one.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import hashlib
import json
import logging
import logging.config
import multiprocessing
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..build import BuildResult, build
from ..config import Config, load_config
from ..errors import SourceError, SpiralldError, ValidationFailed
from ..rebuild.live import Session, empty_store
from ..validate import Report
from .server import create_app, log_config, run

LOG = logging.getLogger("spiralld.serve.preview")

#: Where the preview's own routes live (no release has a file there: it is not a slug).
PREFIX = "/_preview"
EVENTS = PREFIX + "/events"
SCRIPT = PREFIX + "/live.js"
#: Seconds between keep-alive comments on an idle event stream.
HEARTBEAT_SECONDS = 15.0
#: What the preview's HTML responses say to caches (the page changes with every rebuild).
NO_STORE = "no-store"


def snippet(generation: int) -> str:
    """The line added to each HTML page: the live script, told which build it shows."""
    return (f'<script src="{SCRIPT}" data-events="{EVENTS}" '
            f'data-generation="{generation}"></script>\n')


#: The added line, whatever its generation (for a test to take it out again).
SNIPPET = re.compile(r'<script src="/_preview/live\.js" data-events="/_preview/events" '
                     r'data-generation="\d+"></script>\n')


@dataclass(frozen=True)
class Problem:
    """Something the last rebuild found: located in a file when it can say where."""

    file: str
    line: int
    message: str
    #: ``error`` (the build stopped), ``violation`` (the data does not conform: nothing
    #: was swapped in) or ``warning`` (built anyway).
    severity: str

    def text(self) -> str:
        """``file:line: message``, as the overlay shows it."""
        where = f"{self.file}:{self.line}: " if self.file and self.line else \
            f"{self.file}: " if self.file else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class State:
    """What the preview shows: the number of the build being served (counting the
    successful ones) and the problems of the last attempt."""

    generation: int
    problems: tuple[Problem, ...] = ()
    #: Seconds the last rebuild took (so far, while not settled).
    seconds: float = 0.0
    #: False while a rebuild whose pages are served finishes the rest of the release (the
    #: dumps, the description, the query store): see :mod:`spiralld.rebuild.live`.
    settled: bool = True

    @property
    def failed(self) -> bool:
        return any(problem.severity != "warning" for problem in self.problems)

    def as_json(self) -> str:
        return json.dumps({"generation": self.generation, "failed": self.failed,
                           "settled": self.settled, "seconds": round(self.seconds, 3),
                           "problems": [dataclasses.asdict(p) for p in self.problems]})


def scratch_release(data_dir: Path) -> Path:
    """The preview's release for ``data_dir``: in the temporary directory, one per data
    directory (by its resolved path), so a preview started again rebuilds only what changed."""
    name = hashlib.sha256(os.path.realpath(data_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"spiralld-preview-{name}" / "site"


def _findings(report: Report, *severities: str) -> list[Problem]:
    return [Problem(f.file, f.line, f.message, f.severity) for f in report.findings
            if f.severity in severities]


@dataclass(frozen=True)
class Settings:
    """What a preview builds, and how (as for ``spiralld build``)."""

    data_dir: Path
    out_dir: Path
    config_file: Path | None = None
    cache_dir: Path | None = None
    trust_templates: bool = False

    def config(self) -> Config:
        """The settings, read again (an edited spiralld.toml takes effect)."""
        return load_config(self.data_dir, self.config_file, self.cache_dir)


class Preview:
    """Builds the data directory into the scratch release again and again, keeping the
    :class:`State` (in the process that builds: see :class:`Builder`), and a
    :class:`~spiralld.rebuild.live.Session`: each build writes the release in place, pages
    first, and takes from memory what the earlier ones decoded. A build that fails for a
    reason of ours (not the data's) drops the session and builds again as ``spiralld build``
    does.

    :meth:`rebuild` never raises for bad data: what went wrong is in the state it returns.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.state = State(0)
        self.session = Session()
        self._lock = threading.Lock()

    def rebuild(self, on_pages: Callable[[State], None] | None = None) -> State:
        """Build again; the new state (also :attr:`state`). ``on_pages`` is called with an
        unsettled state once the build's pages are served, before the rest is written."""
        with self._lock:
            started = time.perf_counter()
            shown = False

            def pages_ready(report: Report) -> None:
                nonlocal shown
                shown = True
                if on_pages is not None:
                    on_pages(State(self.state.generation + 1,
                                   tuple(_findings(report, "warning")),
                                   time.perf_counter() - started, settled=False))

            self.session.pages_ready = pages_ready
            try:
                result = self._build()
            except ValidationFailed as failed:
                problems = (_findings(failed.report, "violation", "warning")
                            if isinstance(failed.report, Report) else
                            [Problem("", 0, str(failed), "violation")])
                good = False
            except SourceError as error:
                problems = [Problem(error.path or "", error.line or 0, error.message, "error")]
                good = False
            except (SpiralldError, OSError) as error:
                where = getattr(error, "filename", None) or ""
                message = (error.strerror or str(error)) if isinstance(error, OSError) \
                    else str(error)
                problems = [Problem(str(where), 0, message, "error")]
                good = False
            except Exception as error:   # a bug of ours: say so, keep serving the last release
                LOG.exception("the rebuild failed")
                problems = [Problem("", 0, f"internal error: {type(error).__name__}: {error} "
                                           f"(see the terminal)", "error")]
                good = False
            else:
                problems = _findings(result.report, "warning")
                good = True
            finally:
                # build() freezes what it mapped for the collector's sake; a process that
                # builds again and again must let each build's objects go. What is left
                # (the session's) is frozen in turn: the next build's collections skip it.
                gc.unfreeze()
                gc.collect()
                gc.freeze()
            generation = self.state.generation + (1 if good or shown else 0)
            self.state = State(generation, tuple(problems), time.perf_counter() - started)
            return self.state

    def _build(self) -> BuildResult:
        """One build in the session; after an error of ours, one as ``spiralld build`` does."""
        settings = self.settings
        config = settings.config()
        try:
            return build(settings.data_dir, settings.out_dir, config,
                         trust_templates=settings.trust_templates, session=self.session)
        except (SpiralldError, OSError):
            raise
        except Exception:
            LOG.exception("the live rebuild failed: building again as spiralld build does")
            self.session.close()
            self.session = Session()
            return build(settings.data_dir, settings.out_dir, config,
                         trust_templates=settings.trust_templates)


def _builder_main(connection: Any, settings: Settings) -> None:
    """The build process: a rebuild for each message, its states sent back (the pages'
    then the settled one), until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the server's to handle
    preview = Preview(settings)
    try:
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            connection.send(preview.rebuild(on_pages=connection.send))
    finally:
        preview.session.close()


class Builder:
    """The preview's builds, in a process of their own.

    The server is threaded (the event loop, request threads, the watcher), and a build
    forks writers; a fork of a threaded process can inherit a lock some other thread held
    and hang. The build process has no threads but the build's own, as ``spiralld build``
    has, holds the build's memory apart from the server's, and a build that crashes it
    (out of memory, say) costs one build: the next starts a new process. The first is
    forked before the server starts any thread (nothing to import again), a later one
    spawned.

    Each state the build process sends (a build's pages served, then the build settled)
    goes to :attr:`listeners`.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.state = State(0)
        self.listeners: list[Callable[[State], None]] = []
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._connection: Any = None
        self._lock = threading.Lock()

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    @property
    def out_dir(self) -> Path:
        return self.settings.out_dir

    @property
    def built(self) -> bool:
        """Whether there is a release to serve (this run's, or a previous run's)."""
        return (self.out_dir / ".spiralld-release").is_file()

    def start_process(self) -> None:
        """Start the build process: forked while this process has a single thread (the
        first start: the fork repeats no import and inherits no lock another thread
        held), else spawned."""
        context = multiprocessing.get_context("fork") if _single_threaded() else self._context
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_builder_main, args=(child, self.settings),
                                        name="spiralld-preview-builder")
        self._process.start()
        child.close()

    def _set(self, state: State) -> None:
        self.state = state
        for listener in list(self.listeners):
            listener(state)

    def rebuild(self) -> State:
        """Build again (blocking until the build settles); the new state (also
        :attr:`state`)."""
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self.start_process()
            base = self.state.generation
            shown = False
            try:
                self._connection.send(True)
                while True:
                    state: State = self._connection.recv()
                    # the count of good builds is the server's: a new build process starts at 0
                    good = shown or not state.failed
                    state = dataclasses.replace(state, generation=base + (1 if good else 0))
                    if state.settled:
                        break
                    shown = True
                    self._set(state)
            except (EOFError, OSError):
                code = self._process.exitcode if self._process is not None else None
                self.close()
                state = State(base + shown, (Problem(
                    "", 0, f"the build process died (exit code {code}); the next edit "
                           f"starts another", "error"),))
            self._set(state)
            return state

    def rebuild_in_background(self) -> State:
        """Start a rebuild in a thread; return its first state (its pages served, or its
        end) while it goes on settling. A rebuild asked for meanwhile waits for it."""
        first = threading.Event()

        def seen(_state: State) -> None:
            first.set()

        self.listeners.append(seen)
        worker = threading.Thread(target=self.rebuild, name="spiralld-preview-first-build",
                                  daemon=True)
        worker.start()
        while not first.wait(0.1):
            if not worker.is_alive():
                break
        self.listeners.remove(seen)
        return self.state

    @property
    def pid(self) -> int | None:
        """The build process's id (while it runs)."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """End the build process."""
        if self._process is None:
            return
        with contextlib.suppress(OSError):
            self._connection.send(None)
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()
        self._process = self._connection = None


def _single_threaded() -> bool:
    """Whether this process runs one thread, native ones counted (Linux), and can fork."""
    try:
        return len(os.listdir("/proc/self/task")) == 1 and \
            "fork" in multiprocessing.get_all_start_methods()
    except OSError:
        return False


def _watched(data_dir: Path, config: Config) -> Callable[[Any, str], bool]:
    """The watchfiles filter: the data project's files, not its cache nor dot-files (a
    build writes into the cache: watching it would rebuild for ever)."""
    root = Path(os.path.realpath(data_dir))
    cache = Path(os.path.realpath(data_dir / config.cache_dir))

    def keep(_change: Any, path: str) -> bool:
        real = Path(os.path.realpath(path))
        if real == cache or real.is_relative_to(cache):
            return False
        try:
            parts = real.relative_to(root).parts
        except ValueError:
            return True
        return not any(part.startswith(".") or part.endswith("~") or part == "__pycache__"
                       for part in parts)

    return keep


@dataclass
class _Broadcast:
    """The latest state, and an event set whenever it changes (for the event streams)."""

    state: State
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def publish(self, state: State) -> None:
        self.state = state
        changed, self.changed = self.changed, asyncio.Event()
        changed.set()


class _LivePages:
    """The site's HTML responses with the live script added before ``</body>``, sent
    uncompressed and never cached; other responses pass as they are."""

    def __init__(self, app: ASGIApp, generation: Callable[[], int]) -> None:
        self.app = app
        self.generation = generation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # No gzip from the site (the page is rewritten here) and no conditional GET (a
        # carried page keeps its ETag while the script's generation changes).
        scope = dict(scope, headers=[
            (name, value) for name, value in scope["headers"]
            if name not in (b"accept-encoding", b"if-none-match", b"if-modified-since")])
        start: Message | None = None
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = _with_script(b"".join(chunks), self.generation())
            headers = [(name, value) for name, value in start.get("headers", [])
                       if name not in (b"content-length", b"etag", b"last-modified",
                                       b"cache-control")]
            if scope["method"] == "HEAD":
                body = b""
            headers += [(b"content-length", str(len(body)).encode()),
                        (b"cache-control", NO_STORE.encode())]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)


def _with_script(page: bytes, generation: int) -> bytes:
    line = snippet(generation).encode()
    at = page.rfind(b"</body>")
    return page + line if at < 0 else page[:at] + line + page[at:]


def create_preview_app(preview: Builder, config: Config, site: Starlette | None = None,
                       **limits: Any) -> ASGIApp:
    """The ASGI application of the preview: the scratch release served as
    :func:`spiralld.serve.server.create_app` serves a release (``site``, if made already),
    the live script and event stream at :data:`PREFIX`, and (its lifespan) the watcher that
    rebuilds on each change."""
    if site is None:
        site = create_app(preview.out_dir, **limits)
    broadcast: _Broadcast | None = None
    script = (resources.files("spiralld") / "site" / "static" / "preview.js").read_bytes()

    async def watch(stop: asyncio.Event) -> None:
        from watchfiles import awatch

        assert broadcast is not None
        async for changes in awatch(preview.data_dir, watch_filter=_watched(
                preview.data_dir, config), stop_event=stop, debounce=200, step=20):
            names = sorted({os.path.relpath(path, preview.data_dir) for _, path in changes})
            LOG.info("changed: %s%s; rebuilding", ", ".join(names[:5]),
                     f" and {len(names) - 5} more" if names[5:] else "")
            await anyio.to_thread.run_sync(preview.rebuild)   # its states go to listeners

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal broadcast
        broadcast = published = _Broadcast(preview.state)
        loop = asyncio.get_running_loop()

        def publish(state: State) -> None:   # called in the thread of a rebuild
            loop.call_soon_threadsafe(published.publish, state)

        preview.listeners.append(publish)
        publish(preview.state)   # a state the first build sent since
        stop = asyncio.Event()
        async with site.router.lifespan_context(site):   # type: ignore[attr-defined]
            watcher = asyncio.create_task(watch(stop))
            try:
                yield
            finally:
                preview.listeners.remove(publish)
                stop.set()
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(watcher, 5)

    async def events(request: Request) -> Response:
        assert broadcast is not None
        watching = broadcast

        async def stream() -> AsyncIterator[str]:
            sent: State | None = None
            while True:
                changed = watching.changed
                if watching.state is not sent:
                    sent = watching.state
                    yield f"event: state\ndata: {sent.as_json()}\n\n"
                try:
                    await asyncio.wait_for(changed.wait(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": still watching\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": NO_STORE})

    async def live_script(request: Request) -> Response:
        return Response(script, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": NO_STORE})

    live = Starlette(routes=[Route(EVENTS, events), Route(SCRIPT, live_script)],
                     lifespan=lifespan)
    pages = _LivePages(site, lambda: preview.state.generation)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" or scope.get("path", "").startswith(PREFIX + "/"):
            await live(scope, receive, send)
        else:
            await pages(scope, receive, send)

    return app


def _log(state: State) -> None:
    for problem in state.problems:
        if problem.severity != "warning":
            LOG.error("Error: %s", problem.text())
    warnings = sum(problem.severity == "warning" for problem in state.problems)
    if state.failed:
        LOG.error("the rebuild failed after %.2f s: still serving the last good build",
                  state.seconds)
    elif not state.settled:
        LOG.info("pages served after %.2f s (build %d%s); writing the rest", state.seconds,
                 state.generation, f", {warnings} warnings" if warnings else "")
    else:
        LOG.info("rebuilt in %.2f s (build %d%s)", state.seconds, state.generation,
                 f", {warnings} warnings" if warnings else "")


def start(settings: Settings, **limits: Any) -> tuple[Builder, Starlette]:
    """A preview with its first build's pages written, and the site that serves its release
    (the rest of the release goes on being written meanwhile: until a first build has
    settled, /sparql answers from an empty store). The build process is forked first, and
    the site's query workers start while the first build runs. Raises the build's error
    when it fails and there is no earlier preview release to show meanwhile."""
    builder = Builder(settings)
    builder.listeners.append(_log)
    builder.start_process()   # before anything here opens a store or starts a thread
    # the query workers open a store as they start: until the first build has written
    # one, an empty one (the pages are not there either)
    empty_store(builder.out_dir)
    builder.out_dir.mkdir(parents=True, exist_ok=True)
    try:
        site = create_app(builder.out_dir, **limits)
    except BaseException:
        builder.close()
        raise
    pool = site.state.endpoint.pool
    pool.prestart()
    state = builder.rebuild_in_background()
    if state.failed and not builder.built:
        pool.stop()
        builder.close()
        first = next(p for p in state.problems if p.severity != "warning")
        raise SpiralldError(f"{first.text()} (the preview needs one good build to start)")
    return builder, site


def serve_preview(data_dir: Path, config_file: Path | None = None,
                  cache_dir: Path | None = None, host: str = "127.0.0.1", port: int = 8000,
                  trust_templates: bool = False, out_dir: Path | None = None,
                  **limits: Any) -> None:
    """Build ``data_dir`` (into ``out_dir``, by default :func:`scratch_release`), serve it,
    and rebuild it on each change until SIGTERM or SIGINT. ``limits`` are
    :func:`spiralld.serve.server.create_app`'s."""
    logging.config.dictConfig(log_config())   # the first build's lines as the server's
    settings = Settings(data_dir, out_dir or scratch_release(data_dir), config_file,
                        cache_dir, trust_templates)
    builder, site = start(settings, **limits)
    try:
        app = create_preview_app(builder, settings.config(), site)
        LOG.info("previewing %s at http://%s:%d/ (the release is %s)", data_dir, host, port,
                 builder.out_dir)
        # The event streams stay open: give them a moment, not the query timeout, to end.
        run(app, host, port, graceful_seconds=1)
    finally:
        site.state.endpoint.pool.stop()
        builder.close()
