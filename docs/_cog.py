"""What the docs' generated blocks run: `cog -r -I docs README.md docs/*.md` regenerates them,
and tests/test_docs.py fails when one has drifted (``cog --check``).

Each block runs spiralld as a reader would: commands from a scratch copy of the repository's
``data/``, built once into ``site`` (``SOURCE_DATE_EPOCH`` pinned, so the output is the same
on every machine), with paths shown relative to that directory.
"""

from __future__ import annotations

import atexit
import functools
import os
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs the block
from click.testing import CliRunner

from spiralld.cli import main

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1778889600"


def scratch(built: bool = True) -> Path:
    """A scratch directory holding a copy of data/ and, if ``built``, its release ``site``."""
    root = Path(tempfile.mkdtemp(prefix="spiralld-docs-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns(".spiralld-*"))
    if built:
        with _in(root):
            result = CliRunner().invoke(main, ["build", "data", "--out", "site", "--quiet"])
        if result.exit_code != 0:
            raise RuntimeError(f"the docs' build failed: {result.output}")
    return root


@functools.cache
def workspace() -> Path:
    """The scratch directory most blocks run in: data/ built into ``site``."""
    return scratch()


@contextmanager
def _in(directory: Path) -> Iterator[None]:
    before, epoch = Path.cwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.chdir(directory)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        os.chdir(before)
        if epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch


def output(command: str, directory: Path | None = None) -> tuple[int, str]:
    """Exit code and output of ``spiralld ...`` run in ``directory`` (the workspace): its
    stdout then its stderr, or its stdout alone when the command ends in ``2>/dev/null``."""
    quiet = command.endswith(" 2>/dev/null")
    arguments = shlex.split(command.removesuffix(" 2>/dev/null"))
    assert arguments[0] == "spiralld", command
    with _in(directory or workspace()):
        result = CliRunner().invoke(main, arguments[1:], prog_name="spiralld",
                                    terminal_width=100)
    return result.exit_code, result.stdout + ("" if quiet else result.stderr)


def console(*commands: str, fresh: bool = False, before: str = "") -> None:
    """A ```console block: each command after ``$``, then what it printed. ``fresh`` runs
    them on an unbuilt copy of data/; ``before`` is shown ahead of the first command (an
    install step the block does not run)."""
    directory = scratch(built=False) if fresh else None
    lines = ["```console"]
    for number, command in enumerate(commands):
        code, text = output(command, directory)
        lines.append(f"$ {before if number == 0 else ''}{command}")
        lines.extend(text.rstrip("\n").splitlines())
        if code not in (0, 1):
            raise RuntimeError(f"{command!r} exited {code}: {text}")
    lines.append("```")
    cog.outl("\n".join(lines))


def help_text(command: str) -> None:
    """The ``--help`` of a spiralld command, as a console block."""
    console(f"spiralld {command} --help".replace("  ", " "))


PREFIXES = """\
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX spiral: <https://w3id.org/spiralld/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX void: <http://rdfs.org/ns/void#>
"""


def sparql(text: str) -> None:
    """A worked example: the query (with the usual prefixes) and the table of its answers
    on the release of data/, as ``spiralld query --file`` prints it."""
    query = PREFIXES + text.strip() + "\n"
    path = workspace() / "example.rq"
    path.write_text("# title: Example\n# question: An example.\n" + query, encoding="utf-8")
    code, answer = output("spiralld query --file example.rq --format table")
    if code != 0:
        raise RuntimeError(f"the example failed: {answer}\n{query}")
    cog.outl("```sparql\n" + text.strip() + "\n```\n\n```text\n" + answer.rstrip("\n")
             + "\n```")


def library() -> None:
    """Each canned query: its name, question, parameters, and its answer on data/ with the
    defaults (a date defaulting to today takes the day SOURCE_DATE_EPOCH gives, so the
    answer stays the same), as a Markdown section."""
    import datetime

    from spiralld.query.library import library as queries

    day = datetime.datetime.fromtimestamp(int(EPOCH), datetime.UTC).date().isoformat()
    for name, query in sorted(queries().items()):
        cog.outl(f"### `{name}`: {query.title}\n")
        cog.outl(f"{query.question}\n")
        params = ", ".join(f"`{p.name}` ({p.type}, default `{p.default}`)"
                           for p in query.params)
        if params:
            cog.outl(f"Parameters: {params}.\n")
        pinned = "".join(f" --param {p.name}={day}" for p in query.params
                         if p.default == "today")
        command = f"spiralld query {name}{pinned} --format table"
        code, answer = output(command)
        cog.outl(f"```console\n$ {command}\n{answer.rstrip()}\n```\n")
