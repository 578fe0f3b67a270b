"""No text of the input is lost or changed on its way into the release (issue 18, items 4, 5).

Every line of a page ends up in the release (the RDF and the HTML page) or in an error naming
its file:line; a YAML scalar in a text field publishes the text as written.
"""

from __future__ import annotations

import rdflib
from lxml import html

from ..conftest import ask
from .test_catalogue import ENTITIES, PAGE, PROFILE, Project


def page_text(project: Project, slug: str) -> str:
    """The visible text of a profile's HTML page (not its JSON-LD), whitespace collapsed."""
    tree = html.fromstring((project.out / "page" / f"{slug}.html").read_bytes())
    for script in tree.iter("script"):
        script.drop_tree()
    return " ".join(tree.text_content().split())


def literals(graph: rdflib.Graph, predicate: str) -> set[str]:
    return {str(o) for o in graph.objects(None, rdflib.URIRef(f"https://schema.org/{predicate}"))}


# --- item 4: a Sources section loses nothing ------------------------------------------------


def test_a_citation_written_as_a_paragraph_is_a_source(project: Project) -> None:
    project.write("pages/ada-lovelace.txt", PAGE.replace(
        "- Jane Doe, Notes on the Engine, 2020.\n",
        "- Jane Doe, Notes on the Engine, 2020.\nJane Doe, Notes in a paragraph, 2020.\n"))
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    assert ask(graph, """ASK { ?page schema:citation ?s . ?s schema:name "Notes in a paragraph" ;
                                 schema:datePublished "2020"^^xsd:gYear }""")
    assert "Notes in a paragraph" in page_text(project, "ada-lovelace")


def test_prose_in_a_sources_section_is_refused_at_its_line(project: Project) -> None:
    page = project.write("pages/ada-lovelace.txt",
                         PAGE + "These are the works the page was written from.\n")
    project.refused(f"{page}:7: text in Sources is not a citation: 'These are the works the "
                    "page was writte…'; write each source as a '- ' bullet ('Author, Title, "
                    "Date.')")


def test_an_empty_sources_section_is_refused_at_its_heading(project: Project) -> None:
    page = project.write("pages/ada-lovelace.txt", PAGE.replace(
        "Sources\n- Jane Doe, Notes on the Engine, 2020.\n",
        "Sources\n\nHistory\nShe wrote the first program.\nSources\n"))
    project.refused(f"{page}:5: section 'Sources' lists no sources: add a '- ' bullet per "
                    "source or remove the heading")


def test_a_curated_sources_section_is_shown_on_the_html_page(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE + "\n## References\n\n"
                  "- Kurt Beyer, Grace Hopper and the Invention of the Information Age, 2009.\n"
                  "\nA paragraph under References.\n")
    built = project.build()
    assert built.code == 0, built.output
    texts = literals(project.graph(), "text")
    assert ("- Kurt Beyer, Grace Hopper and the Invention of the Information Age, 2009.\n\n"
            "A paragraph under References.") in texts
    shown = page_text(project, "grace-hopper")
    assert "Kurt Beyer, Grace Hopper and the Invention of the Information Age, 2009." in shown
    assert "A paragraph under References." in shown


def test_a_related_pages_paragraph_is_published(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE + "\nSee also the history of compilers.\n")
    built = project.build()
    assert built.code == 0, built.output
    assert "- Ada Lovelace\n\nSee also the history of compilers." in literals(
        project.graph(), "text")
    assert "See also the history of compilers." in page_text(project, "grace-hopper")


# --- item 5: YAML does not retype text -----------------------------------------------------


def test_numbers_in_alternate_names_keep_their_text(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace(
        "name: Grace Hopper\n", "name: Grace Hopper\nalternateName: [007, 0x1F]\n"))
    built = project.build()
    assert built.code == 0, built.output
    assert {"007", "0x1F"} <= literals(project.graph(), "alternateName")
    assert "7" not in literals(project.graph(), "alternateName")


def test_a_float_title_and_role_keep_their_text(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace(
        "    title: Rear Admiral Grace Hopper retires\n", "    title: 1.10\n").replace(
        "- roleName: Rear Admiral\n", "- roleName: 1.10\n"))
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    assert ask(graph, 'ASK { ?page schema:citation ?s . ?s schema:name "1.10" }')
    assert ask(graph, 'ASK { ?role schema:roleName "1.10" }')
    assert not ask(graph, 'ASK { ?x ?p "1.1" }')


def test_nan_role_keeps_its_text(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace(
        "- roleName: Rear Admiral\n", "- roleName: .nan\n"))
    built = project.build()
    assert built.code == 0, built.output
    assert ask(project.graph(), 'ASK { ?role schema:roleName ".nan" }')


def test_yes_as_a_name_stays_yes(project: Project) -> None:
    project.write("entities/organizations.yaml", ENTITIES + "- type: Organization\n  name: yes\n")
    built = project.build()
    assert built.code == 0, built.output
    names = literals(project.graph(), "name")
    assert "yes" in names and "true" not in names


def test_entity_fields_keep_their_text(project: Project) -> None:
    project.write("entities/organizations.yaml", ENTITIES + (
        "- id: bond\n  type: Organization\n  name: 007\n  alternateName: [1.10, .inf]\n"
        "  description: 0o17\n  foundingDate: 2017\n"))
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    assert ask(graph, """ASK { ?bond schema:name "007" ; schema:alternateName "1.10", ".inf" ;
                                 schema:description "0o17" ;
                                 schema:foundingDate "2017"^^xsd:gYear }""")


def test_dates_still_read_in_every_form(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace(
        "  startDate: '1983'\n  endDate: '1986'\n", "  startDate: 1983-09\n  endDate: 1986\n"))
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    assert ask(graph, """ASK { ?role schema:startDate "1983-09"^^xsd:gYearMonth ;
                                     schema:endDate "1986"^^xsd:gYear }""")
