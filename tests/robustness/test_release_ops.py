"""Operating releases (issue 18, items 8, 10, 11 and 12 in part): the base IRI checked when
it is read, and a rebuilt store with no trace of an old one; nginx.conf carrying any base
path; two builds into one release; a symlinked release; killed builds' scratch directories.

Builds run as real processes (``python -m spiralld.cli build``) where the point is what
happens between processes; nginx, when it is installed, checks and serves nginx.conf.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from spiralld.build import build
from spiralld.cli import main
from spiralld.config import Config
from spiralld.release.staging import MARKER, lock_path
from spiralld.serve.webservers import nginx

from ..servers import free_port, http_get

BUILD = [sys.executable, "-m", "spiralld.cli", "build", "-q"]
EPOCH = "1778889600"


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# --- item 8: base_iri -----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "problem"), [
    ("https://example.org/a b/", "not a valid IRI (Invalid IRI code point ' ')"),
    ("}", "not a valid IRI (Invalid IRI code point '}')"),
    ("%zz", "not a valid IRI (Invalid IRI percent encoding '%zz')"),
    ("#", "not a valid IRI (No scheme found in an absolute IRI)"),
    ("https://example.org/#", "must not have a query ('?') or a fragment ('#')"),
    ("https://example.org/?q=1/", "must not have a query ('?') or a fragment ('#')"),
    ("http:///", "has no host"),
    ("ftp://example.org/", "must be an http:// or https:// IRI"),
    ("https://example.org/kb", "must end in '/'"),
    ("https://example.org/a%zz/", "not a valid IRI (Invalid IRI percent encoding '%zz')"),
    ("https://example.org/price$/",
     "its path must not hold '$', '\\', '\"' or control characters (the nginx and Apache "
     "configurations cannot carry them)"),
])
def test_an_unusable_base_iri_is_one_line_naming_the_settings_line(
        data_dir: Path, tmp_path: Path, value: str, problem: str) -> None:
    (data_dir / "spiralld.toml").write_text(f'title = "T"\n\nbase_iri = "{value}"\n')
    code, output = cli("build", str(data_dir), "--out", str(tmp_path / "site"), "-q")
    assert code == 1
    assert output == f"Error: {data_dir}/spiralld.toml:3: base_iri {value!r}: {problem}\n"
    assert not (tmp_path / "site").exists()


def test_a_base_iri_with_a_user_is_refused_without_showing_the_password(
        data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "spiralld.toml").write_text('base_iri = "https://me:hunter2@example.org/"\n')
    code, output = cli("validate", str(data_dir))
    assert code == 1
    assert output == (f"Error: {data_dir}/spiralld.toml:1: base_iri 'https://***@example.org/': "
                      "must not name a user (no '@' before the host)\n")


def test_the_base_iri_line_of_pyproject_toml_is_named(data_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\nbase_iri = "not this one"\n\n[tool.spiralld]\n'
        'title = "T"\nbase-iri = "http:///"\n')
    monkeypatch.chdir(project)
    code, output = cli("validate", str(data_dir))
    assert code == 1
    assert output == "Error: pyproject.toml:7: base_iri 'http:///': has no host\n"


def _quads(release: Path) -> set[pyoxigraph.Quad]:
    store = pyoxigraph.Store.read_only(str(release.with_name(release.name + ".store") /
                                           "oxigraph"))
    return set(store)


def test_a_store_rebuilt_under_a_new_base_iri_is_the_fresh_builds(
        data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    old, new = Config().base_iri, "https://example.org/kb/"
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    build(data_dir, site, Config())
    build(data_dir, site, Config(base_iri=new))
    build(data_dir, fresh, Config(base_iri=new), fresh=True)
    rebuilt = _quads(site)
    left = sorted(str(quad) for quad in rebuilt
                  if quad.graph_name.value.startswith(old) or quad.subject.value.startswith(old))
    assert left == [], f"{len(left)} quads under the old base, first {left[:3]}"
    assert rebuilt == _quads(fresh)
    assert _tree(site) == _tree(fresh)
    answers = [cli("query", "timeline", "--release", str(release), "--format", "csv")
               for release in (site, fresh)]
    assert answers[0] == answers[1]
    assert answers[0][0] == 0 and "https://example.org/kb/id/illia-polosukhin#" in answers[0][1]


README = Path(__file__).resolve().parents[2] / "docs" / "operators.md"


def test_the_documented_base_iri_error_is_what_build_says(data_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    readme = README.read_text(encoding="utf-8")
    shown = re.search(r"A setting that breaks these rules.*?```console\n\$ (.*?)\n(.*?)\n```",
                      readme, re.DOTALL)
    assert shown is not None
    command, said = shown.groups()
    value = re.search(r"base_iri ('[^']*')", said)
    assert value is not None
    project = data_dir.rename(tmp_path / "encyclopedia")
    (project / "spiralld.toml").write_text(f'title = "T"\n\nbase_iri = {value.group(1)}\n')
    monkeypatch.chdir(tmp_path)
    assert command == "spiralld validate encyclopedia"
    assert cli(*command.split()[1:]) == (1, said + "\n")


def test_the_documented_nginx_block_is_in_the_release(seed_release: tuple[object, Path]) -> None:
    readme = README.read_text(encoding="utf-8")
    block = re.search(r"```nginx\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    assert block.group(1) in (seed_release[1] / "nginx.conf").read_text()


# --- item 8: nginx.conf ---------------------------------------------------------------------

#: A base path with regular-expression characters and an escaped space.
ODD_BASE = "https://example.org/v1.0+(beta)%20x/"
ODD_PATH = "/v1.0+(beta) x/"   # as nginx matches it (decoded)


def _unquote_nginx(argument: str) -> str:
    """An nginx argument as nginx reads it (its quoting: ``\\\\`` and ``\\"``)."""
    if argument.startswith('"'):
        argument = argument[1:-1]
    return re.sub(r'\\(["\'\\])', r"\1", argument)


def _locations(conf: str) -> list[re.Pattern[str]]:
    found = re.findall(r'^location ~ ("(?:[^"\\]|\\.)*"|\S+) \{', conf, re.MULTILINE)
    return [re.compile(_unquote_nginx(argument)) for argument in found]


def test_nginx_conf_escapes_the_base_path_in_its_locations() -> None:
    dotfiles, resources, pages = _locations(nginx(ODD_BASE))
    assert resources.search(f"{ODD_PATH}id/illia-polosukhin")
    assert resources.search(f"{ODD_PATH}source/near-2023")
    assert pages.search(f"{ODD_PATH}page/illia-polosukhin")
    assert dotfiles.search(f"{ODD_PATH}.store/oxigraph")
    for other in ("/v1x0+(beta) x/", "/v1.00(beta) x/", "/v1.0beta x/", "/v1.0+(beta)%20x/"):
        assert not resources.search(f"{other}id/illia-polosukhin"), other
        assert not pages.search(f"{other}page/illia-polosukhin"), other


@contextmanager
def _nginx(conf: Path, root: Path, work: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                       else None)
    if binary is None:
        pytest.fail("nginx is not installed: run tests/install-tools")
    (work / "tmp").mkdir(parents=True)
    main_conf = work / "main.conf"
    temps = " ".join(f"{kind}_temp_path {work / 'tmp'};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main_conf.write_text(f"""\
pid {work / 'nginx.pid'};
error_log {work / 'error.log'};
events {{}}
http {{
    access_log off;
    {temps}
    server {{ listen 127.0.0.1:{port}; root "{root}"; include "{conf}"; }}
}}
""")
    command = [binary, "-p", str(work), "-e", str(work / "error.log"), "-c", str(main_conf)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off; master_process off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(10)


def test_nginx_serves_a_release_under_a_base_path_with_regex_characters(
        data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "root"
    release = root / ODD_PATH.strip("/")
    build(data_dir, release, Config(base_iri=ODD_BASE))
    port = free_port()
    with _nginx(release / "nginx.conf", root, tmp_path / "nginx", port):
        at = f"http://127.0.0.1:{port}/v1.0+(beta)%20x/"
        assert http_get(at + "id/illia-polosukhin")[:2] == (303, at + "page/illia-polosukhin")
        assert http_get(at + "id/illia-polosukhin", "text/turtle")[:2] == (
            303, at + "id/illia-polosukhin.ttl")
        status, _, body = http_get(at + "page/illia-polosukhin")
        assert status == 200 and b"Illia Polosukhin" in body
        assert http_get(at + "page/illia-polosukhin", "text/turtle")[2] == (
            release / "page" / "illia-polosukhin.ttl").read_bytes()
        assert http_get(f"http://127.0.0.1:{port}/v1x0+(beta)%20x/id/illia-polosukhin")[0] == 404


# --- item 10: two builds into one release ---------------------------------------------------

def _wait_for(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():   # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_second_build_into_the_same_release_says_which_build_holds_it(
        data_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TMPDIR": str(tmp_path)}
    first = subprocess.Popen([*BUILD, str(data_dir), "--out", str(site)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        lock = lock_path(site)
        _wait_for(lambda: lock.is_file() and lock.read_text().strip() == str(first.pid)
                  or first.poll() is not None)
        os.kill(first.pid, signal.SIGSTOP)   # holding the lock, midway
        second = subprocess.run([*BUILD, str(data_dir), "--out", str(site)], env=env,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 1, second.stderr
        assert second.stderr == (
            f"Error: {site}: another build (pid {first.pid}) is writing this release (it "
            f"holds {lock}); wait for it to finish, or choose another --out\n")
        os.kill(first.pid, signal.SIGCONT)
        _out, errors = first.communicate(timeout=120)
        assert first.returncode == 0, errors
    finally:
        first.kill()
        first.wait()
    assert (site / MARKER).is_file() and (site / "dataset.ttl").is_file()
    assert (site.with_name("site.store") / "oxigraph").is_dir()


def test_a_killed_builds_lock_is_let_go_and_its_staging_cleared(data_dir: Path,
                                                                  tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TMPDIR": str(tmp_path)}
    first = subprocess.Popen([*BUILD, str(data_dir), "--out", str(site)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock = lock_path(site)
    try:
        _wait_for(lambda: list(tmp_path.glob(".site.store.new-*")) or first.poll() is not None)
    finally:
        first.kill()
        first.wait()
    assert first.returncode == -signal.SIGKILL   # killed midway, holding the lock
    assert lock.read_text().strip() == str(first.pid)
    again = subprocess.run([*BUILD, str(data_dir), "--out", str(site)], env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.glob(".site*")) == []
    assert (site / MARKER).is_file()


# --- item 11: a symlinked release -----------------------------------------------------------

def _tree(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def test_a_symlinked_release_is_published_by_pointing_the_link_at_the_new_one(
        data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("the old site")
    (tmp_path / "www" / MARKER).write_text("")
    os.symlink("www", tmp_path / "site")
    code, output = cli("build", str(data_dir), "--out", "site", "-q")
    assert code == 0, output
    first = os.readlink("site")
    assert re.fullmatch(r"site\.release-\w+", first), first
    assert (tmp_path / first / "dataset.ttl").is_file()
    assert (tmp_path / "site" / MARKER).is_file()
    # www was not made by spiralld as a release for the link: left as it was.
    assert _tree(tmp_path / "www") == {"index.html": b"the old site", MARKER: b""}
    assert (tmp_path / "site.store" / "oxigraph").is_dir()

    code, output = cli("build", str(data_dir), "--out", "site", "-q")
    assert code == 0, output
    second = os.readlink("site")
    assert second != first and not (tmp_path / first).exists()   # made by spiralld: removed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["data", "site", "site.store", second, "www"])

    before = _tree(tmp_path / second)
    (data_dir / "entities" / "people.yaml").write_text("- [unclosed\n")
    code, output = cli("build", str(data_dir), "--out", "site", "-q")
    assert code == 1 and output.startswith(f"Error: {data_dir}/entities/people.yaml:")
    assert os.readlink("site") == second
    assert _tree(tmp_path / second) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["data", "site", "site.store", second, "www"])


def test_a_symlink_to_a_directory_that_is_not_a_release_is_refused(
        data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    os.symlink("mine", tmp_path / "site")
    code, output = cli("build", str(data_dir), "--out", str(tmp_path / "site"), "-q")
    assert code == 1
    assert output == (f"Error: {tmp_path / 'site'}: refusing to replace a directory that is "
                      f"not a spiralld release (no {MARKER} file); choose an empty or new "
                      "--out\n")
    assert os.readlink(tmp_path / "site") == "mine"
    assert _tree(tmp_path / "mine") == {"notes.txt": b"keep"}


# --- item 12: scratch directories of killed builds ------------------------------------------

HOLD = """\
import sys, time
from spiralld.mapping.graph import Dataset, Iris
dataset = Dataset(Iris("https://example.org/"))
print(dataset._scratch, flush=True)
time.sleep(120)
"""


def test_a_build_clears_the_scratch_directories_of_dead_builds_only(
        data_dir: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    stale = scratch / "spiralld-dataset-killed"   # its process is gone: nothing holds the lock
    stale.mkdir()
    (stale / ".lock").write_text("")
    (stale / "dataset.nt").write_text("<a> <b> <c> .\n")
    old = scratch / "spiralld-dataset-before-locks"   # no lock file, two days old
    old.mkdir()
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    recent = scratch / "spiralld-dataset-just-made"   # no lock file, new: may be starting
    recent.mkdir()
    live = subprocess.Popen([sys.executable, "-c", HOLD], env=env, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert live.stdout is not None
        held = Path(live.stdout.readline().strip())
        assert held.parent == scratch and held.name.startswith("spiralld-dataset-")
        with (held / ".lock").open() as lock:   # it is locked by the live process
            with pytest.raises(BlockingIOError):
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        done = subprocess.run([*BUILD, str(data_dir), "--out", str(tmp_path / "site")],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in scratch.iterdir()) == sorted(
            [held.name, recent.name])
    finally:
        live.kill()
        live.communicate()


def test_a_relative_link_reached_through_a_symlinked_directory_stays_right(
        data_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "deploy" / "current"
    real.mkdir(parents=True)
    (real / "www").mkdir()
    os.symlink("www", real / "site")
    os.symlink(real, tmp_path / "alias")
    code, output = cli("build", str(data_dir), "--out", str(tmp_path / "alias" / "site"), "-q")
    assert code == 0, output
    assert re.fullmatch(r"site\.release-\w+", os.readlink(real / "site"))
    assert (real / "site" / "dataset.ttl").is_file()
