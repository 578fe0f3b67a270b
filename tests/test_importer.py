"""Raw pages: type guessed from the lead, sources parsed, published with page provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from spiralld.build import build
from spiralld.config import Config
from spiralld.reading.importer import guess_type
from spiralld.reading.pages import parse_page, read_page_text

from .conftest import BASE, FIXTURES, ask

PAGES = FIXTURES / "pages"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("illia-polosukhin.txt", "Person"), ("near-foundation.txt", "Organization"),
     ("mixture-of-experts.txt", "Concept")],
)
def test_type_is_guessed_from_the_lead(name: str, expected: str) -> None:
    page = parse_page(read_page_text(PAGES / name), name)
    assert guess_type(page) == expected


@pytest.mark.parametrize(
    ("lead", "body", "expected"),
    [("Kate Crawford is an Australian scholar who studies AI.", "", "Person"),
     ("The Future of Humanity Institute (FHI) was a research centre at Oxford.", "",
      "Organization"),
     # no occupation we know in the lead: the pronouns of the body tell a person
     ("Ada Quill is a Nigerian thinker on machine learning.",
      "She wrote two books.\n\nIn 2020 she moved to Lagos. Her lab opened there.", "Person"),
     # a concept page's paragraphs about its inventor do not make it a person
     ("The perceptron is a linear classifier.",
      "Rosenblatt built it. He was a psychologist.\n\nHe showed it learn.", "Concept"),
     ("Ada Quill is a Nigerian thinker on machine learning.", "She wrote two books.",
      "Concept")],
)
def test_type_from_a_lead_with_no_known_word(lead: str, body: str, expected: str) -> None:
    title = lead.split(" is ")[0].split(" was ")[0].removeprefix("The ").split(" (")[0]
    title = title if title[0].isupper() else title.capitalize()
    page = parse_page(f"{title}\n{lead}\nBackground\n{body or 'Nothing more.'}\n", "p.txt")
    assert guess_type(page) == expected


def build_pages(tmp_path: Path, *pages: Path) -> rdflib.Graph:
    data = tmp_path / "data"
    (data / "pages").mkdir(parents=True)
    for page in pages:
        (data / "pages" / page.name).write_bytes(page.read_bytes())
    build(data, tmp_path / "site", Config())
    return rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")


def test_concept_page_builds_with_page_level_provenance(tmp_path: Path) -> None:
    graph = build_pages(tmp_path, PAGES / "mixture-of-experts.txt")
    assert ask(graph, f"""ASK {{
        <{BASE}id/mixture-of-experts> a schema:DefinedTerm, skos:Concept ;
            schema:name "Mixture-of-Experts" .
        <{BASE}page/mixture-of-experts> schema:mainEntity <{BASE}id/mixture-of-experts> ;
            prov:wasDerivedFrom ?s ; schema:mentions ?related .
        ?s schema:name "Switch Transformers" ; schema:datePublished "2021"^^xsd:gYear .
        ?related schema:name "Scaling Laws" }}""")
    assert not ask(graph, "ASK { ?c a spiral:Claim }")
    sections = [str(n) for (n,) in graph.query(
        "SELECT ?n WHERE { ?p <https://schema.org/hasPart> ?s . "
        "?s <https://schema.org/name> ?n ; <https://schema.org/position> ?i } ORDER BY ?i")]
    assert sections == ["Overview", "Routing and Load Balancing", "History", "Criticism",
                        "See Also"]


def test_crlf_and_bom_pages_give_the_same_graph(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    plain = build_pages(tmp_path / "plain", PAGES / "illia-polosukhin.txt")
    crlf = tmp_path / "crlf" / "illia-polosukhin.txt"
    crlf.parent.mkdir()
    crlf.write_bytes(b"\xef\xbb\xbf" + (PAGES / "illia-polosukhin.txt").read_bytes()
                     .replace(b"\n", b"\r\n"))
    windows = build_pages(tmp_path / "windows", crlf)
    assert set(plain) == set(windows)
