"""The command line: each command parses its arguments and calls one library function."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from . import __version__
from .build import Progress, validate_data
from .build import build as build_release
from .config import load_config
from .errors import SpiralldError, ValidationFailed
from .query.diff import diff_releases
from .query.library import FORMATS as QUERY_FORMATS
from .query.library import (
    describe_library,
    find_query,
    load_query,
    open_store,
    parse_params,
    release_base,
    run_embedded,
    run_endpoint,
)
from .query.library import render as render_results
from .reading.importer import import_pages
from .serve.preview import serve_preview
from .serve.publish import publish, server_query_url
from .serve.server import serve
from .validate import FORMATS, Report, render

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn spiralld's own errors into one ``Error: ...`` line and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValidationFailed as error:
            if isinstance(error.report, Report):
                click.echo(error.report.as_text(), err=True, nl=False)
            raise click.ClickException(str(error)) from None
        except SpiralldError as error:
            raise click.ClickException(str(error)) from None
        except OSError as error:  # a file we cannot read or write: disk full, permissions
            where = error.filename or "spiralld"
            raise click.ClickException(f"{where}: {error.strerror or error}") from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on standard error, only when it is a terminal."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    with RichProgress(TextColumn("{task.description:<10}"), BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                      transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


@click.group()
@click.version_option(__version__, prog_name="spiralld")
def main() -> None:
    """Publish encyclopedia profile pages as linked data (schema.org + PROV-O)."""


@main.command("build")
@click.argument("data_dir", default="data",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Release directory, replaced as a whole when the build succeeds.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (default: DATA_DIR/spiralld.toml, ./spiralld.toml, "
                   "or [tool.spiralld] in ./pyproject.toml).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings; errors only.")
@click.option("--fresh", is_flag=True,
              help="Reuse nothing of the last build into OUT (its pages, data documents "
                   "and query store): make everything again.")
@click.option("--trust-templates", is_flag=True,
              help="Render DATA_DIR/templates unsandboxed (they can then run any code): "
                   "only for a data directory you trust.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the cache here instead of the cache_dir setting (which must stay "
                   "inside DATA_DIR).")
@reports_errors
def build_command(data_dir: Path, out_dir: Path, config_file: Path | None, quiet: bool,
                  fresh: bool, trust_templates: bool, cache_dir: Path | None) -> None:
    """Build DATA_DIR (profiles/*.md, pages/*.txt, entities/*.yaml) into OUT.

    Writes OUT/dataset.ttl and OUT/dataset.jsonld. Nothing is written unless every
    input file is valid. The data documents and pages of resources that no edit touched
    since OUT was built are carried over from it.
    """
    config = load_config(data_dir, config_file, cache_dir)
    with progress_bar(enabled=not quiet) as progress:
        result = build_release(data_dir, out_dir, config, progress, fresh=fresh,
                               trust_templates=trust_templates)
    for warning in () if quiet else result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.report.findings and not quiet:
        click.echo(result.report.as_text(), err=True, nl=False)
    if quiet:
        return
    for line in result.summary():
        click.echo(line)
    carried = (f" ({result.carried} of {result.carried + result.made} data documents and "
               "pages carried over from the previous release)" if result.carried else "")
    click.echo(f"wrote {len(result.files)} files to {out_dir}{carried}")


@main.command("validate")
@click.argument("data_dir", default="data",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True,
              help="text (grouped by file), json, or turtle (the sh:ValidationReport graph).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (as for build).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Cache directory (as for build).")
@click.option("--allow-warnings", is_flag=True,
              help="Report sh:conforms true when there are warnings but no violations "
                   "(SHACL says false; as pySHACL's allow_warnings).")
@reports_errors
def validate_command(data_dir: Path, fmt: str, config_file: Path | None,
                     cache_dir: Path | None, allow_warnings: bool) -> None:
    """Check DATA_DIR against the SHACL shapes without writing anything.

    Each finding names the file and line that produced it. Exits 1 when there are
    violations; warnings (stubs, reviewed-only sources) do not fail, though SHACL's
    sh:conforms (in --format json and turtle) is false when there is any result.
    """
    report = validate_data(data_dir, load_config(data_dir, config_file, cache_dir))
    click.echo(render(report, fmt, allow_warnings), nl=False)
    if not report.conforms:
        raise SystemExit(1)


@main.command("diff")
@click.argument("old_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("new_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_file", default="changeset.rdfp", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the changes as an RDF Patch.")
@click.option("--include-description", is_flag=True,
              help="Also compare the dataset description (it changes on every build).")
@reports_errors
def diff_command(old_dir: Path, new_dir: Path, out_file: Path,
                 include_description: bool) -> None:
    """Show the triples added and removed between two releases, grouped by entity.

    Reads each release's N-Quads dump (else its N-Triples dump, else dataset.ttl) and
    writes the changes as an RDF Patch (A/D rows) to --out.
    """
    changeset = diff_releases(old_dir, new_dir, include_description)
    for line in changeset.summary_lines():
        click.echo(line)
    out_file.write_bytes(changeset.to_rdf_patch().encode("utf-8"))
    click.echo(f"wrote {out_file}")


@main.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries.")
@click.option("--file", "query_file", type=click.Path(dir_okay=False, exists=True,
                                                      path_type=Path),
              help="Run your own .rq file instead of a canned query.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value (repeatable); typed and bound, never spliced.")
@click.option("--release", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Release to query (its store beside it, else its dumps).")
@click.option("--endpoint", metavar="URL", help="Query this SPARQL 1.1 endpoint instead.")
@click.option("--user", envvar="SPIRALLD_USER",
              help="User name for the endpoint (HTTP basic; also SPIRALLD_USER; default: "
                   "the URL's user:password@, else ~/.netrc).")
@click.option("--password", envvar="SPIRALLD_PASSWORD", help="Password for --user "
                                                             "(better: SPIRALLD_PASSWORD).")
@click.option("--timeout", default=60.0, show_default=True,
              help="Seconds the endpoint may take to answer.")
@click.option("--format", "fmt", type=click.Choice(list(QUERY_FORMATS)),
              help="Output format (default: table on a terminal, else csv).")
@reports_errors
def query_command(name: str | None, list_queries: bool, query_file: Path | None,
                  params: tuple[str, ...], release: Path, endpoint: str | None,
                  user: str | None, password: str | None, timeout: float,
                  fmt: str | None) -> None:
    """Run a canned query from the library (or --file) on the release or an endpoint.

    \b
    spiralld query --list
    spiralld query coauthor-founders --param work="Attention Is All You Need"
    spiralld query at-date --param date=2024-01-01 --format csv
    """
    if list_queries:
        for line in describe_library():
            click.echo(line)
        return
    if (name is None) == (query_file is None):
        raise click.UsageError("give a query NAME, or --file, or --list")
    values = parse_params(params)
    query = load_query(query_file) if query_file else find_query(name or "")
    if endpoint:
        results = run_endpoint(query, server_query_url(endpoint), values,
                               load_config(None).base_iri, timeout,
                               auth=(user, password or "") if user else None)
    else:
        store = open_store(release)
        base = release_base(store) or load_config(None).base_iri
        results = run_embedded(query, store, values, base)
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "csv"
    click.echo(render_results(results, fmt), nl=False)
    for note in results.notes:
        click.echo(note, err=True)


@main.command("serve")
@click.argument("release", required=False,
                type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--watch", is_flag=True,
              help="RELEASE is a data directory (default: data): build it, serve the build, "
                   "and rebuild on each change, reloading the open pages (a live preview).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="With --watch: settings file (as for build).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --watch: cache directory (as for build).")
@click.option("--trust-templates", is_flag=True,
              help="With --watch: render DATA_DIR/templates unsandboxed (as for build).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--query-timeout", default=10.0, show_default=True,
              help="Seconds a SPARQL query may run before it is stopped (503).")
@click.option("--max-rows", default=10_000, show_default=True,
              help="Rows (or triples) returned at most; more are cut (X-Spiralld-Truncated).")
@click.option("--max-request-bytes", default=1_000_000, show_default=True,
              help="Largest request body accepted (413 beyond).")
@click.option("--query-workers", default=2, show_default=True,
              help="Processes running SPARQL queries.")
@reports_errors
def serve_command(release: Path | None, watch: bool, config_file: Path | None,
                  cache_dir: Path | None, trust_templates: bool, host: str, port: int,
                  query_timeout: float, max_rows: int, max_request_bytes: int,
                  query_workers: int) -> None:
    """Serve RELEASE (default: site) as a linked-data site with a read-only SPARQL
    endpoint at /sparql.

    Resources answer 303 by Accept, pages in the format asked for, files with ETag, gzip
    and CORS; /sparql speaks the SPARQL 1.1 Protocol within the limits below. Logs one
    line per request; stops cleanly on SIGTERM or Ctrl-C.

    With --watch, RELEASE is a data directory (default: data), built into a scratch
    release and rebuilt on each change; open pages reload, and a broken edit shows its
    file:line above the last good page.
    """
    limits = {"query_timeout": query_timeout, "max_rows": max_rows,
              "max_request_bytes": max_request_bytes, "query_workers": query_workers}
    if not watch:
        serve(release or Path("site"), host, port, **limits)
        return
    data_dir = release or Path("data")
    serve_preview(data_dir, config_file, cache_dir, host, port, trust_templates, **limits)


@main.command("publish")
@click.argument("release", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL query endpoint (e.g. http://127.0.0.1:7878/query).")
@click.option("--graph-store", metavar="URL",
              help="Its Graph Store Protocol URL (derived for Oxigraph, Fuseki, GraphDB, "
                   "Virtuoso).")
@click.option("--update", metavar="URL", help="Its SPARQL Update URL (derived likewise).")
@click.option("--user", envvar="SPIRALLD_USER",
              help="User name for HTTP authentication (also SPIRALLD_USER; default: the "
                   "URL's user:password@, else ~/.netrc).")
@click.option("--password", envvar="SPIRALLD_PASSWORD", help="Password for --user "
                                                             "(better: SPIRALLD_PASSWORD).")
@click.option("--digest", is_flag=True, help="HTTP digest instead of basic authentication.")
@click.option("--token-env", default="SPIRALLD_TOKEN", show_default=True,
              help="Environment variable holding a bearer token, used when set.")
@click.option("--timeout", default=60.0, show_default=True,
              help="Seconds the store may take to answer a request; the first request "
                   "unanswered fails the publish.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@reports_errors
def publish_command(release: Path, endpoint: str, graph_store: str | None, update: str | None,
                    user: str | None, password: str | None, digest: bool, token_env: str,
                    timeout: float, quiet: bool) -> None:
    """Load RELEASE into a SPARQL 1.1 store through the Graph Store HTTP Protocol.

    Each named graph (one per profile page, shared entities, the dataset description) is
    replaced whole with PUT, so publishing again replaces and never duplicates; graphs the
    release no longer has are dropped. Then the triple count of every graph is checked
    against the release; exit code 1 on any mismatch.
    """
    auth = (user, password or "") if user else None
    with progress_bar(enabled=not quiet) as progress:
        result = publish(release, endpoint, graph_store, update=update, auth=auth,
                         token=os.environ.get(token_env), digest=digest, progress=progress,
                         timeout=timeout)
    for line in result.summary():
        click.echo(line)
    for note in result.notes:
        click.echo(note, err=True)
    if result.mismatches:
        raise SystemExit(1)


@main.command("import")
@click.argument("pages", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--out", "out_dir", default="data/profiles", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the profile files <slug>.md.")
@reports_errors
def import_command(pages: tuple[Path, ...], out_dir: Path) -> None:
    """Turn plain-text PAGES into profile files (YAML front matter + Markdown).

    The front matter gets the page's type (guessed), name, parsed sources and the claims
    its text states, proposed with their evidence and `reviewed: false` for an editor to
    confirm, correct or delete (docs/editors.md, "Reviewing proposed claims"). Importing
    a page over its profile keeps the reviewed claims and every edited field, replaces
    the proposals and prints what changed; a profile whose text the editor changed is not
    overwritten: the import is written beside it (<slug>.md.new), with exit code 1.
    """
    results = import_pages(pages, out_dir)
    for result in results:
        if not result.refused:
            click.echo(result.message)
    refused = [result.message for result in results if result.refused]
    if refused:
        raise click.ClickException("\n".join(refused))


if __name__ == "__main__":
    main()
