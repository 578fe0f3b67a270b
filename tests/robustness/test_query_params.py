"""Hostile text as a canned query's parameter, through ``spiralld query --param`` on a
release's store and on ``spiralld serve``'s /sparql: it is a value that matches nothing,
changes nothing, never a SPARQL syntax error; a hostile *name* that exists is found.

The release is built from the hostile profile (tests/robustness/hostile.py), so the store
holds the hostile strings inside longer literals: a value spliced into the query text, or
matched loosely, would show up as rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from click.testing import CliRunner, Result

from spiralld.build import build
from spiralld.cli import main
from spiralld.config import Config
from spiralld.query.library import library, store_path

from ..test_server import Server, running
from .hostile import HOSTILE, PAYLOAD, profile_data, value

BASE = "https://w3id.org/spiralld/"
#: The issue's strings one by one, together, and with the browser canaries.
PIECES = ('</script><script>alert(1)</script>', '<!--', '<img src=x onerror=alert(1)>',
          '{{ 7*7 }}', '"} ; DROP ALL ; {"', PAYLOAD, HOSTILE.long,
          "x' } ; DROP ALL ; { '", "> } ; DROP ALL ; { <")
#: An organization whose name starts with "<" and ends with ">", like an IRI written <...>.
ORGANIZATION_NAME = "<b>Payload</b> Org {{ 7*7 }} <!-- -->"
ORGANIZATION = f"""
- id: payload-org
  type: Organization
  name: '{ORGANIZATION_NAME}'
"""
#: A query of one's own with a string parameter (the library has IRI parameters only).
NAMED = """# title: Named
# question: What has this name?
# param: title (string, default Illia Polosukhin) a name
# columns: thing
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?thing WHERE { ?thing schema:name ?title } ORDER BY STR(?thing)
"""
LIBRARY = library()
TEXT_PARAMS = [(name, param.name) for name, query in LIBRARY.items()
               for param in query.params if param.type in ("IRI", "string")]
OTHER_PARAMS = [(name, param.name) for name, query in LIBRARY.items()
                for param in query.params if param.type not in ("IRI", "string")]


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile profile, with one more role at an organization named by the payload."""
    root = tmp_path_factory.mktemp("params")
    data = profile_data(root / "data", HOSTILE)
    with (data / "entities" / "organizations.yaml").open("a", encoding="utf-8") as file:
        file.write(ORGANIZATION)
    profile = data / "profiles" / "illia-polosukhin.md"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("founded:\n", "- roleName: Advisor\n  organization: payload-org\n"
                                      "  sources:\n  - near-foundation-2023\nfounded:\n", 1)
    profile.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        build(data, root / "site", Config())
    return root / "site"


@pytest.fixture(scope="module")
def server(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(release, tmp_path_factory.mktemp("log") / "serve.log") as started:
        yield started


def quads(release: Path) -> set[pyoxigraph.Quad]:
    """Everything in the release's persistent store (opened read-only)."""
    return set(pyoxigraph.Store.read_only(str(store_path(release) / "oxigraph")))


def query(name: str, params: dict[str, str], where: list[str]) -> Result:
    arguments = ["query", name, *where, "--format", "csv"]
    for key, text in params.items():
        arguments += ["--param", f"{key}={text}"]
    return CliRunner().invoke(main, arguments)


def rows(result: Result) -> list[list[str]]:
    return list(csv.reader(io.StringIO(result.output)))[1:]


def header(name: str) -> str:
    return ",".join(LIBRARY[name].columns)


def check_matches_nothing(name: str, param: str, piece: str, result: Result) -> None:
    """Exit 0 with the header alone; or, for an IRI parameter whose text cannot be an IRI
    or names nothing in the data, the one-line refusal naming the parameter."""
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "syntax" not in result.output.lower() and "Traceback" not in result.output
    if result.exit_code == 1:
        kind = LIBRARY[name].param(param).type
        assert kind == "IRI", (name, param, piece, result.output)
        assert result.output.startswith(f"Error: parameter {param} (IRI): "), result.output
        # Not an IRI at all, or an IRI or name of nothing in the data (which is refused
        # with the closest names, if any, rather than answered with no rows).
        assert re.search(r"(is not a valid IRI|names nothing in the data"
                         r"(; did you mean .*\?)?)\n$", result.output), result.output
        assert result.output.count("\n") == 1
        return
    assert result.exit_code == 0, (name, param, piece, result.output)
    assert result.output.splitlines() == [header(name)], (name, param, piece)


def test_cli_hostile_parameters_match_nothing_and_change_nothing(release: Path) -> None:
    before = quads(release)
    assert any(PAYLOAD in q.object.value for q in before
               if isinstance(q.object, pyoxigraph.Literal))
    assert len(TEXT_PARAMS) >= 6
    for name, param in TEXT_PARAMS:
        for piece in PIECES:
            result = query(name, {param: piece}, ["--release", str(release)])
            check_matches_nothing(name, param, piece, result)
    assert quads(release) == before


def test_cli_hostile_string_parameter_matches_nothing(release: Path, tmp_path: Path) -> None:
    named = tmp_path / "named.rq"
    named.write_text(NAMED, encoding="utf-8")
    before = quads(release)
    where = ["--file", str(named), "--release", str(release)]
    for piece in PIECES:
        result = CliRunner().invoke(main, ["query", *where, "--format", "csv",
                                           "--param", f"title={piece}"])
        assert (result.exit_code, result.output) == (0, "thing\n"), (piece, result.output)
    found = CliRunner().invoke(main, ["query", *where, "--format", "csv",
                                      "--param", f"title={value('name', HOSTILE)}"])
    assert found.output.splitlines() == ["thing", f"{BASE}id/illia-polosukhin",
                                         f"{BASE}page/illia-polosukhin"]
    assert quads(release) == before


@pytest.mark.parametrize(("name", "param"), OTHER_PARAMS)
def test_cli_hostile_dates_and_integers_are_refused(release: Path, name: str,
                                                    param: str) -> None:
    for piece in PIECES:
        result = query(name, {param: piece}, ["--release", str(release)])
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: parameter {param} ("), result.output
        assert result.output.count("\n") == 1


def test_hostile_names_that_exist_are_found(release: Path) -> None:
    """Names holding the payload are looked up exactly, also one that starts with '<'."""
    where = ["--release", str(release)]
    timeline = query("timeline", {"person": value("name", HOSTILE)}, where)
    assert timeline.exit_code == 0, timeline.output
    assert {value("role", HOSTILE), value("founder", HOSTILE), "Advisor"} <= {
        row[3] for row in rows(timeline)}
    members = query("members", {"organization": ORGANIZATION_NAME}, where)
    assert members.exit_code == 0, members.output
    assert [(row[0], row[2]) for row in rows(members)] == [(value("name", HOSTILE), "Advisor")]
    cited = query("cited-by", {"source": value("title", HOSTILE)}, where)
    assert cited.exit_code == 0, cited.output
    assert ["page", f"{BASE}page/illia-polosukhin"] in [row[:2] for row in rows(cited)]


def test_serve_hostile_parameters_match_nothing_and_change_nothing(release: Path,
                                                                   server: Server) -> None:
    """The same queries on serve's /sparql (the CLI binds the values, the server runs them):
    the same answers as on the store, and the store unchanged."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    everything = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"

    def state() -> tuple[str, list[str]]:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            n = client.get("/sparql", params={"query": count}).json()
            dump = client.get("/sparql", params={"query": everything},
                              headers={"Accept": "text/tab-separated-values"})
        assert dump.status_code == 200 and "x-spiralld-truncated" not in dump.headers
        return n["results"]["bindings"][0]["n"]["value"], sorted(dump.text.splitlines())

    before, on_disk = state(), quads(release)
    assert int(before[0]) == len(on_disk) > 200
    endpoint = ["--endpoint", f"{server.url}/sparql"]
    for name, param in TEXT_PARAMS:
        for piece in PIECES:
            remote = query(name, {param: piece}, endpoint)
            check_matches_nothing(name, param, piece, remote)
            local = query(name, {param: piece}, ["--release", str(release)])
            assert (remote.exit_code, remote.output) == (local.exit_code, local.output)
    members = query("members", {"organization": ORGANIZATION_NAME}, endpoint)
    assert [(row[0], row[2]) for row in rows(members)] == [(value("name", HOSTILE), "Advisor")]
    assert state() == before
    assert quads(release) == on_disk
