"""The release tree: per-resource documents, dumps that verify, a truthful description."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from spiralld.build import BuildResult, build
from spiralld.config import Config

from .conftest import BASE, DATA, ask, select

DUMPS = ("dataset.ttl.gz", "dataset.nt.gz", "dataset.nq.gz", "dataset.jsonld.gz")


def graph_of(path: Path, fmt: str) -> rdflib.Graph:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return rdflib.Graph().parse(data=data, format=fmt)


def test_dumps_parse_back_to_the_dataset(seed_release: tuple[BuildResult, Path]) -> None:
    out = seed_release[1]
    dataset = graph_of(out / "dataset.ttl", "turtle")
    assert isomorphic(graph_of(out / "dumps" / "dataset.ttl.gz", "turtle"), dataset)
    assert isomorphic(graph_of(out / "dumps" / "dataset.nt.gz", "nt"), dataset)
    assert isomorphic(graph_of(out / "dumps" / "dataset.jsonld.gz", "json-ld"), dataset)


def test_nquads_dump_keeps_one_graph_per_profile(seed_release: tuple[BuildResult, Path]) -> None:
    data = gzip.decompress((seed_release[1] / "dumps" / "dataset.nq.gz").read_bytes())
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {BASE + "page/illia-polosukhin", BASE + "graph/shared",
                      BASE + "graph/dataset"}
    role = ox.NamedNode(BASE + "id/illia-polosukhin#role-affiliation-near-foundation")
    assert {q.graph_name.value for q in quads if q.subject == role} == {
        BASE + "page/illia-polosukhin"}
    without_description = {ox.Triple(q.subject, q.predicate, q.object) for q in quads
                           if q.graph_name.value != BASE + "graph/dataset"}
    nt = gzip.decompress((seed_release[1] / "dumps" / "dataset.nt.gz").read_bytes())
    assert without_description == {ox.Triple(q.subject, q.predicate, q.object)
                                   for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)}


def test_checksums_verify(seed_release: tuple[BuildResult, Path]) -> None:
    dumps = seed_release[1] / "dumps"
    lines = (dumps / "SHA256SUMS").read_text().splitlines()
    assert sorted(line.split("  ")[1] for line in lines) == sorted(DUMPS)
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((dumps / name).read_bytes()).hexdigest() == digest


@pytest.fixture(scope="module")
def void(seed_release: tuple[BuildResult, Path]) -> rdflib.Graph:
    return rdflib.Graph().parse(seed_release[1] / "void.ttl")


def test_void_describes_each_dump_truthfully(seed_release: tuple[BuildResult, Path],
                                             void: rdflib.Graph) -> None:
    out = seed_release[1]
    rows = select(void, """
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?type ?size ?sum WHERE {
          ?d a dcat:Dataset ; dcat:distribution ?url .
          ?url dcat:downloadURL ?url ; dcat:mediaType ?type ; dcat:byteSize ?size ;
               spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                               spdx:checksumValue ?sum ] } ORDER BY ?url""")
    assert [row[0].removeprefix(BASE + "dumps/") for row in rows] == sorted(DUMPS)
    for url, _media_type, size, digest in rows:
        data = (out / url.removeprefix(BASE)).read_bytes()
        assert int(size) == len(data)
        assert digest == hashlib.sha256(data).hexdigest()
    assert dict((r[0].rsplit("/", 1)[1], r[1].rsplit("/", 2)[-2] + "/" + r[1].rsplit("/", 1)[1])
                for r in rows)["dataset.nt.gz"] == "application/n-triples"


def test_void_statistics_match_the_data(seed_release: tuple[BuildResult, Path],
                                        void: rdflib.Graph) -> None:
    data = graph_of(seed_release[1] / "dumps" / "dataset.nt.gz", "nt")
    (triples,) = select(void, """PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?n WHERE { ?d a void:Dataset ; void:triples ?n }""")
    assert int(triples[0]) == len(data)
    partitions = dict(select(void, """PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?class ?n WHERE { ?d void:classPartition [ void:class ?class ;
                                                         void:entities ?n ] }"""))
    persons = set(data.subjects(rdflib.RDF.type, rdflib.URIRef("https://schema.org/Person")))
    assert int(partitions["https://schema.org/Person"]) == len(persons) == 10


def test_void_records_the_build_provenance(seed_release: tuple[BuildResult, Path],
                                           void: rdflib.Graph) -> None:
    text = (seed_release[1] / "void.ttl").read_text()
    assert 'dcterms:modified "2026-05-16T00:00:00Z"^^xsd:dateTime' in text, "SOURCE_DATE_EPOCH"
    assert ask(void, f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        ASK {{ <{BASE}dataset> prov:wasGeneratedBy ?build ;
                 dcterms:license <https://creativecommons.org/licenses/by-sa/4.0/> ;
                 dcterms:modified ?modified .
              ?build a prov:Activity ; prov:startedAtTime ?start ; prov:endedAtTime ?end ;
                 prov:wasAssociatedWith [ schema:name "spiralld" ; schema:softwareVersion ?v ] ;
                 prov:used ?input .
              ?input dcterms:identifier "profiles/illia-polosukhin.md" ;
                 spdx:checksum [ spdx:checksumValue ?sum ] }}""")
    (digest,) = select(void, """PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?sum WHERE { ?input dcterms:identifier "profiles/illia-polosukhin.md" ;
                                   spdx:checksum [ spdx:checksumValue ?sum ] }""")
    profile = DATA / "profiles" / "illia-polosukhin.md"
    assert digest[0] == hashlib.sha256(profile.read_bytes()).hexdigest()


def test_each_resource_has_its_documents(seed_release: tuple[BuildResult, Path]) -> None:
    out = seed_release[1]
    turtle = graph_of(out / "id" / "illia-polosukhin.ttl", "turtle")
    assert ask(turtle, """ASK { id:illia-polosukhin schema:affiliation ?role .
        ?role schema:roleName "CEO" ; prov:wasDerivedFrom [ schema:name ?title ] }""")
    assert ask(turtle, """ASK { id:near-protocol schema:founder ?claim .
        ?claim schema:founder id:illia-polosukhin }"""), "claims naming him, made elsewhere"
    assert isomorphic(turtle, graph_of(out / "id" / "illia-polosukhin.nt", "nt"))
    assert isomorphic(turtle, graph_of(out / "id" / "illia-polosukhin.jsonld", "json-ld"))
    document = json.loads((out / "page" / "illia-polosukhin.jsonld").read_text())
    page = document["@graph"][0]  # the organizations making founder claims about him follow
    assert page["@type"] == "ProfilePage"
    assert page["mainEntity"]["@id"] == BASE + "id/illia-polosukhin"
    assert page["mainEntity"]["@type"] == "Person"
    source = graph_of(out / "source" / "near-ai-who-we-are.ttl", "turtle")
    assert ask(source, """ASK { ?s schema:name "Who we are" ;
                                  spiral:dateReviewed "2026-05-16"^^xsd:date }""")


def test_web_server_configuration(seed_release: tuple[BuildResult, Path]) -> None:
    out = seed_release[1]
    htaccess = (out / ".htaccess").read_text()
    assert "RewriteRule ^(id|source)/([^/.]+)$ $1/$2.ttl [R=303,NE,L]" in htaccess
    assert "AddType text/turtle;charset=utf-8 .ttl" in htaccess
    nginx = (out / "nginx.conf").read_text()
    assert 'location ~ "^/spiralld/(id|source)/([^/.]+)$" {' in nginx
    assert 'if ($http_accept ~* "text/turtle") { set $ext ttl; }' in nginx


def test_two_builds_give_identical_trees(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    build(DATA, tmp_path / "one", Config())
    build(DATA, tmp_path / "two", Config())
    one = {p.relative_to(tmp_path / "one"): p.read_bytes()
           for p in sorted((tmp_path / "one").rglob("*")) if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes()
           for p in sorted((tmp_path / "two").rglob("*")) if p.is_file()}
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_what_extruct_reads_from_every_page_is_its_turtle_document(
    seed_release: tuple[BuildResult, Path],
) -> None:
    """As a search engine or crawler would: the JSON-LD embedded in each HTML page is the
    same graph as the .ttl document published beside it."""
    import extruct

    out = seed_release[1]
    pages = []
    for folder in ("id", "page", "source"):
        for document in sorted((out / folder).glob("*.ttl")):
            page = document.with_suffix(".html")
            if page.exists():
                pages.append(page)
            else:  # a profile's entity: shown by its profile page
                assert (out / "page" / page.name).exists(), document
    assert out / "page" / "illia-polosukhin.html" in pages
    for page in pages:
        (embedded,) = extruct.extract(page.read_text(encoding="utf-8"),
                                      syntaxes=["json-ld"])["json-ld"]
        graph = rdflib.Graph().parse(data=json.dumps(embedded), format="json-ld")
        assert isomorphic(graph, graph_of(page.with_suffix(".ttl"), "turtle")), page


def test_every_local_link_of_the_release_resolves(seed_release: tuple[BuildResult, Path]) -> None:
    import html5lib

    out = seed_release[1]
    for page in sorted(out.rglob("*.html")):
        tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        for element in tree.iter():
            target = element.get("href") or element.get("src")
            if not target or target.startswith(("http:", "https:", "mailto:", "#")):
                continue
            file = (page.parent / target.split("#", 1)[0]).resolve()
            assert file.is_file(), f"{page.relative_to(out)} links to missing {target}"
