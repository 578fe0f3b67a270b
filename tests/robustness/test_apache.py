"""Apache serves a release with the .htaccess spiralld writes for it, under any base path.

Issue 18, item 8: the base path went into .htaccess as written, where Apache reads it as
argument syntax (a space ends an argument) and, in a RewriteCond, as back-references
(``%1``, ``$1``). The test runs Debian's apache2 (``tests/install-tools`` installs it) on
loopback with the release's own .htaccess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from spiralld.build import build
from spiralld.config import Config

from ..servers import free_port, http_get

EPOCH = "1778889600"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
#: A base path with a space, regex characters and ``%1`` (a RewriteCond back-reference).
ODD_BASE = "https://example.org/v1.0+(beta)%20x%251/"
ODD_PATH = "v1.0+(beta) x%1"     # the directory as it is on disk (decoded)


@contextmanager
def apache(root: Path, port: int) -> Iterator[Path]:
    """Apache on 127.0.0.1:``port`` serving ``root`` with .htaccess files allowed; yields its
    error log."""
    if not Path(APACHE).exists():
        pytest.fail("apache2 is not installed: run tests/install-tools")
    work = Path(tempfile.mkdtemp(prefix="spiralld-apache-"))
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in
                        ("mpm_event", "authz_core", "mime", "rewrite", "headers", "alias"))
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    conf = work / "httpd.conf"
    conf.write_text(f"""\
ServerRoot "{work}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{work}/httpd.pid"
ErrorLog "{work}/error.log"
LogLevel warn rewrite:trace2
{modules}
{user}
TypesConfig /etc/mime.types
DocumentRoot "{root}"
<Directory "{root}">
    AllowOverride All
    Require all granted
</Directory>
""")
    command = [APACHE, "-d", str(work), "-f", str(conf)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-DFOREGROUND"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        yield work / "error.log"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def web_root(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """data/ built under ODD_BASE into a directory Apache's user may read."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = Path(tempfile.mkdtemp(prefix="spiralld-www-"))
    try:
        build(data_dir, root / ODD_PATH, Config(base_iri=ODD_BASE))
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_apache_serves_a_release_under_a_base_path_with_spaces_and_percent(
        web_root: Path) -> None:
    port = free_port()
    release = web_root / ODD_PATH
    with apache(web_root, port) as log:
        at = f"http://127.0.0.1:{port}/v1.0+(beta)%20x%251/"
        assert http_get(at + "id/illia-polosukhin")[:2] == (303, at + "page/illia-polosukhin"), \
            log.read_text()
        assert http_get(at + "id/illia-polosukhin", "text/turtle")[:2] == (
            303, at + "id/illia-polosukhin.ttl")
        assert http_get(at + "id/near-foundation")[:2] == (303, at + "id/near-foundation.html")
        status, _, body = http_get(at + "page/illia-polosukhin")
        assert status == 200 and b"Illia Polosukhin" in body
        assert http_get(at + "page/illia-polosukhin", "text/turtle")[2] == (
            release / "page" / "illia-polosukhin.ttl").read_bytes()
        status, _, body = http_get(at + "no/such/page")
        assert status == 404 and body == (release / "404.html").read_bytes()
        assert http_get(at + ".store/")[0] == 404
