"""``Accept: application/rdf+xml`` gets RDF/XML: from ``spiralld serve`` and from the release's
own nginx.conf and .htaccess, each a real server on loopback.

Every resource's description is written as ``.rdf`` beside its ``.ttl``, ``.nt`` and
``.jsonld`` (so a static web server can negotiate it too); the RDF/XML read by rdflib and
by rapper (raptor, an independent C parser; tests/peers.py installs it when missing) is the
same graph as the Turtle.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic

from .peers import peer
from .robustness.test_apache import apache
from .robustness.test_release_ops import _nginx
from .servers import free_port, http_get
from .test_server import Server, running

RDF_XML = "application/rdf+xml"
SLUG = "illia-polosukhin"


def turtle(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def by_rapper(data: bytes, tmp_path: Path) -> rdflib.Graph:
    """The RDF/XML as rapper reads it (to N-Triples), read back by rdflib."""
    file = tmp_path / "doc.rdf"
    file.write_bytes(data)
    done = subprocess.run([peer("rapper"), "-q", "-i", "rdfxml", "-o", "ntriples", str(file),
                           "https://w3id.org/spiralld/"],
                          capture_output=True, check=True, timeout=60)
    return rdflib.Graph().parse(data=done.stdout, format="nt")


@pytest.fixture(scope="module")
def release(seed_release: tuple[object, Path]) -> Path:
    return seed_release[1]


@pytest.fixture(scope="module")
def server(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(release, tmp_path_factory.mktemp("log") / "server.log") as started:
        yield started


def _source(release: Path) -> str:
    return sorted(release.glob("source/*.rdf"))[0].stem


@pytest.mark.parametrize("kind", ["id", "source"])
def test_a_resource_redirects_to_its_rdfxml(
        kind: str, server: Server, release: Path, tmp_path: Path) -> None:
    slug = SLUG if kind == "id" else _source(release)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        redirect = client.get(f"/{kind}/{slug}", headers={"Accept": RDF_XML})
        assert redirect.status_code == 303
        assert redirect.headers["location"] == f"/{kind}/{slug}.rdf"
        document = client.get(redirect.headers["location"], headers={"Accept": RDF_XML})
    assert document.status_code == 200
    assert document.headers["content-type"] == RDF_XML
    expected = turtle(release / kind / f"{slug}.ttl")
    assert isomorphic(rdflib.Graph().parse(data=document.content, format="xml"), expected)
    assert isomorphic(by_rapper(document.content, tmp_path), expected)


def test_a_page_is_served_as_rdfxml(server: Server, release: Path, tmp_path: Path) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        page = client.get(f"/page/{SLUG}", headers={"Accept": RDF_XML})
        html = client.get(f"/page/{SLUG}", headers={"Accept": f"{RDF_XML};q=0.5, text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"] == RDF_XML
    assert page.headers["content-location"] == f"/page/{SLUG}.rdf"
    assert "Accept" in page.headers["vary"]
    expected = turtle(release / "page" / f"{SLUG}.ttl")
    assert isomorphic(rdflib.Graph().parse(data=page.content, format="xml"), expected)
    assert isomorphic(by_rapper(page.content, tmp_path), expected)
    assert html.headers["content-type"].startswith("text/html")  # q-values still count


def test_every_rdfxml_document_is_its_turtle(release: Path, tmp_path: Path) -> None:
    documents = sorted(release.glob("*/*.rdf"))
    assert {path.with_suffix(".ttl") for path in documents} == set(release.glob("*/*.ttl"))
    for path in documents:
        expected = turtle(path.with_suffix(".ttl"))
        assert isomorphic(rdflib.Graph().parse(path, format="xml"), expected), path
        assert isomorphic(by_rapper(path.read_bytes(), tmp_path), expected), path


def test_the_pages_link_their_rdfxml(release: Path) -> None:
    page = (release / "page" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert f'<link rel="alternate" type="{RDF_XML}" href="{SLUG}.rdf"' in page


def test_nginx_conf_negotiates_rdfxml(release: Path, tmp_path: Path) -> None:
    """The nginx.conf the release ships answers as spiralld serve does."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "spiralld").symlink_to(release, target_is_directory=True)  # base path /spiralld/
    port = free_port()
    with _nginx(release / "nginx.conf", root, tmp_path / "nginx", port):
        at = f"http://127.0.0.1:{port}/spiralld/"
        assert http_get(at + f"id/{SLUG}", RDF_XML)[:2] == (303, at + f"id/{SLUG}.rdf")
        response = httpx.get(at + f"id/{SLUG}.rdf", timeout=10)
        assert response.headers["content-type"] == RDF_XML
        assert response.content == (release / "id" / f"{SLUG}.rdf").read_bytes()
        assert http_get(at + f"page/{SLUG}", RDF_XML)[2] == (
            release / "page" / f"{SLUG}.rdf").read_bytes()


def test_htaccess_negotiates_rdfxml(release: Path) -> None:
    """The .htaccess the release ships, in a real Apache, answers as spiralld serve does."""
    root = Path(tempfile.mkdtemp(prefix="spiralld-www-"))   # one Apache's user may read
    try:
        shutil.copytree(release, root / "spiralld")   # base path /spiralld/
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        _through_apache(root, release)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _through_apache(root: Path, release: Path) -> None:
    port = free_port()
    with apache(root, port):
        at = f"http://127.0.0.1:{port}/spiralld/"
        assert http_get(at + f"id/{SLUG}", RDF_XML)[:2] == (303, at + f"id/{SLUG}.rdf")
        response = httpx.get(at + f"id/{SLUG}.rdf", timeout=10)
        assert response.headers["content-type"] == RDF_XML
        assert response.content == (release / "id" / f"{SLUG}.rdf").read_bytes()
        assert http_get(at + f"page/{SLUG}", RDF_XML)[2] == (
            release / "page" / f"{SLUG}.rdf").read_bytes()
