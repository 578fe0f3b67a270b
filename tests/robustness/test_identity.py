"""Distinct things keep distinct IRIs (issue 18, items 6 and 7).

Names: written in NFC or NFD they are one name; in other scripts they get readable slugs of
their own; two different names that still meet at one slug are an error naming both places.
Merged things: two stints, two profiles' foundings, a repeated Open Question and an external
link in Related Pages each stay what they are. Each case builds a small project with the
real command line and reads what it published (the Turtle, the HTML).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import html5lib
import pytest
import rdflib
from rdflib import URIRef

from ..conftest import BASE, select
from .test_catalogue import ENTITIES, PAGE, PROFILE, Project, line_of

SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def entity(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/{slug}")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The catalogue's clean project, built once into ``site/``."""
    project = Project(tmp_path)
    project.write("pages/ada-lovelace.txt", PAGE)
    project.write("profiles/grace-hopper.md", PROFILE)
    project.write("entities/organizations.yaml", ENTITIES)
    first = project.build()
    assert first.code == 0, first.output
    return project


def related(project: Project, *bullets: str) -> Path:
    """Grace Hopper's profile with these Related Pages bullets instead of its own."""
    text = PROFILE.replace("- Ada Lovelace\n", "".join(f"- {b}\n" for b in bullets))
    return project.write("profiles/grace-hopper.md", text)


def mentions(graph: rdflib.Graph) -> set[URIRef]:
    page = URIRef(f"{BASE}page/grace-hopper")
    return {o for o in graph.objects(page, SCHEMA.mentions) if isinstance(o, URIRef)}


def lab_page(project: Project, name: str, file: str = "korean-lab") -> Path:
    return project.write(f"pages/{file}.txt", f"{name}\n{name} is a laboratory.\nSources\n"
                                               "- Jane Doe, Notes on the Engine, 2020.\n")


# --- item 6: names ----------------------------------------------------------------------------


def test_names_in_other_scripts_get_distinct_readable_slugs(project: Project) -> None:
    """Before, "日本 Lab" and "Лаб Lab" both slugged to ``lab`` and linked to "한국 Lab"."""
    lab_page(project, "한국 Lab")
    related(project, "日本 Lab", "Лаб Lab")
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()

    assert mentions(graph) == {entity("riben-lab"), entity("lab-lab")}
    assert (entity("riben-lab"), SCHEMA.name, rdflib.Literal("日本 Lab")) in graph
    assert (entity("lab-lab"), SCHEMA.name, rdflib.Literal("Лаб Lab")) in graph
    assert (entity("hangug-lab"), SCHEMA.name, rdflib.Literal("한국 Lab")) in graph
    assert (project.out / "page" / "hangug-lab.html").is_file()


def test_a_name_in_nfd_links_to_the_page_titled_in_nfc(project: Project) -> None:
    """Before, a name with no ASCII letter got a digest of its bytes: NFC and NFD differed,
    and the link became a stub."""
    lab_page(project, unicodedata.normalize("NFC", "한국"))
    related(project, unicodedata.normalize("NFD", "한국"),
            unicodedata.normalize("NFD", "United States Navy"))
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()

    assert mentions(graph) == {entity("hangug"), entity("united-states-navy")}
    stubs = select(graph, "SELECT ?s WHERE { ?s a spiral:Stub }")
    assert stubs == []


def test_two_names_meeting_at_one_slug_in_related_pages_are_an_error(
        project: Project) -> None:
    """李飞飞 and 李菲菲 are two names (two people); both read "Li Fei Fei"."""
    profile = related(project, "李飞飞", "Zoë Lab", "李菲菲")
    first, second = line_of(profile, "李飞飞"), line_of(profile, "李菲菲")
    project.refused(
        f"{profile}:{second}: '李菲菲' and '李飞飞' ({profile}:{first}) are "
        "different names with the same slug 'lifeifei': write the name the same way in "
        "both places if they are one thing, else rename one or give it its own id")


def test_two_names_with_other_accents_in_two_files_are_an_error(project: Project) -> None:
    page = project.write("pages/zoe.txt", "Zoé Lab\nZoé Lab is a lab.\nSources\n"
                                          "- Jane Doe, Notes on the Engine, 2020.\n")
    profile = related(project, "Zoë Lab")
    line = line_of(profile, "Zoë Lab")
    project.refused(
        f"{profile}:{line}: 'Zoë Lab' and 'Zoé Lab' ({page}:1) are different names with the "
        "same slug 'zoe-lab': write the name the same way in both places if they are one "
        "thing, else rename one or give it its own id")


def test_a_reference_meeting_a_profile_at_its_slug_is_an_error(project: Project) -> None:
    """A raw page "Ada Lovelace" and a link to "Adä Lovelace": not silently the same."""
    profile = related(project, "Adä Lovelace")
    line = line_of(profile, "Adä Lovelace")
    project.refused(
        f"{profile}:{line}: 'Adä Lovelace' and 'Ada Lovelace' ({project.page}:1) are "
        "different names with the same slug 'ada-lovelace': write the name the same way in "
        "both places if they are one thing, else rename one or give it its own id")


def test_a_claims_organization_meeting_an_entity_at_its_slug_is_an_error(
        project: Project) -> None:
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "organization: United States Navy", "organization: Ünited States Navy"))
    line = line_of(profile, "- roleName: Rear Admiral")
    project.refused(
        f"{profile}:{line}: 'Ünited States Navy' and 'United States Navy' "
        f"({project.entities}:1) are different names with the same slug "
        "'united-states-navy': write the name the same way in both places if they are one "
        "thing, else rename one or give it its own id")


def test_names_that_differ_in_case_and_punctuation_only_are_one_name(
        project: Project) -> None:
    """So are a name and its slug's own words: "Lukasz Lab" is ``lukasz-lab``."""
    related(project, "ada lovelace", "UNITED-STATES NAVY", "Łukasz Lab", "Lukasz Lab")
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    assert mentions(graph) == {entity("ada-lovelace"), entity("united-states-navy"),
                               entity("lukasz-lab")}
    assert (entity("lukasz-lab"), SCHEMA.name, rdflib.Literal("Łukasz Lab")) in graph


def test_an_alternate_name_with_another_things_slug_is_an_error(project: Project) -> None:
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "name: Grace Hopper\n", "name: Grace Hopper\nalternateName: [Ada Lovelace]\n"))
    title = line_of(profile, "# Grace Hopper")
    project.refused(
        f"{profile}:{title}: alternateName 'Ada Lovelace' has the slug 'ada-lovelace' of "
        f"'Ada Lovelace' ({project.page}:1), another thing: drop it or write it apart")


def _html(path: Path) -> object:
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
