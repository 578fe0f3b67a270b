"""Citations read with the corpus: an organization's own page, a surname of a known person."""

from __future__ import annotations

from pathlib import Path

import html5lib
import rdflib
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import BASE, ask

HUGGING_FACE = """\
Hugging Face
Hugging Face is an AI company that hosts open models and datasets.
History
Hugging Face began as a chatbot company and became a hub for open models.
Sources
- Hugging Face, About Hugging Face, reviewed May 16, 2026.
"""

LEADERBOARD = """\
Clementine Example
Clementine Example is a researcher who studies the evaluation of language models.
Work
She maintained a public leaderboard.
Sources
- Hugging Face, Open LLM Leaderboard, 2024.
"""

KRIZHEVSKY = """\
Alex Krizhevsky
Alex Krizhevsky is a computer scientist known for AlexNet.
Research
He designed the network that won ImageNet in 2012.
Sources
- Krizhevsky et al., ImageNet Classification with Deep Convolutional Neural Networks, NeurIPS, 2012.
"""


def build(tmp_path: Path, pages: dict[str, str], entities: str | None = None) -> rdflib.Graph:
    for slug, text in pages.items():
        path = tmp_path / "data" / "pages" / f"{slug}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    if entities is not None:
        (tmp_path / "data" / "entities").mkdir(parents=True, exist_ok=True)
        (tmp_path / "data" / "entities" / "organizations.yaml").write_text(entities)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "data"), "--out",
                                       str(tmp_path / "site")],
                                env={"SOURCE_DATE_EPOCH": "1778889600"})
    assert result.exit_code == 0, result.output
    return rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")


def test_an_organization_citing_its_own_page_publishes_a_web_page(tmp_path: Path) -> None:
    graph = build(tmp_path, {"hugging-face": HUGGING_FACE})
    assert ask(graph, f"""ASK {{ <{BASE}page/hugging-face> schema:citation ?source .
        ?source a schema:WebPage ; schema:name "About Hugging Face" ;
                schema:publisher <{BASE}id/hugging-face> .
        <{BASE}id/hugging-face> a schema:Organization }}""")
    assert not ask(graph, "ASK { ?person a schema:Person }")
    assert not ask(graph, "ASK { ?post a schema:BlogPosting }")


def test_import_keys_the_own_page_by_its_publisher(tmp_path: Path) -> None:
    page = tmp_path / "hugging-face.txt"
    page.write_text(HUGGING_FACE)
    result = CliRunner().invoke(main, ["import", str(page), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    front = (tmp_path / "out" / "hugging-face.md").read_text()
    assert "  hugging-face-2026:\n" in front
    assert "    publisher: Hugging Face\n" in front and "author:" not in front


def test_an_organization_the_corpus_knows_is_the_publisher(tmp_path: Path) -> None:
    graph = build(tmp_path, {"clementine-example": LEADERBOARD},
                  "- id: hugging-face\n  type: Organization\n  name: Hugging Face\n")
    assert ask(graph, f"""ASK {{ ?source schema:name "Open LLM Leaderboard" ; a schema:WebPage ;
        schema:publisher <{BASE}id/hugging-face> }}""")
    assert not ask(graph, "ASK { ?source schema:author ?someone }")


def test_a_surname_of_the_page_subject_links_to_the_subject(tmp_path: Path) -> None:
    graph = build(tmp_path, {"alex-krizhevsky": KRIZHEVSKY})
    assert ask(graph, f"""ASK {{ ?paper schema:name
            "ImageNet Classification with Deep Convolutional Neural Networks" ;
        schema:author <{BASE}id/alex-krizhevsky> }}""")
    assert not ask(graph, 'ASK { ?author schema:name "Krizhevsky" }')
    page = html5lib.parse((tmp_path / "site" / "page" / "alex-krizhevsky.html").read_text(),
                          namespaceHTMLElements=False)
    creators = [span.text for span in page.iter("span") if span.get("class") == "creators"]
    assert creators == ["Alex Krizhevsky et al."], "et al. kept as the citation wrote it"
