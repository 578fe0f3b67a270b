"""Every text field is held to the limit of its kind, however it arrives (issue 18, item 13).

Each case writes a field just over its limit (spiralld.reading.limits.LIMITS) and asserts the exact
one-line refusal naming the file, the line, the field and the limit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spiralld.reading.limits import LIMITS, markdown_table

from .test_catalogue import ENTITIES, PAGE, PROFILE, Project

NAME = LIMITS["name"].maximum
README = Path(__file__).resolve().parents[2] / "docs" / "editors.md"


def over(limit: str, start: str = "") -> str:
    """A text one character longer than the limit ``limit``, made of words."""
    size = LIMITS[limit].maximum + 1
    return (start + "word " * size)[:size - 1] + "x"


def shown(text: str) -> str:
    """A long value as a message quotes it: its first 39 characters and an ellipsis."""
    return repr(text[:39] + "…")


def test_a_front_matter_name_over_the_limit(project: Project) -> None:
    name = over("name", "Grace Hopper ")
    profile = project.write("profiles/grace-hopper.md",
                            PROFILE.replace("name: Grace Hopper", f"name: {name}"))
    project.refused(f"{profile}:3: name {shown(name)} has 201 characters, more than 200")


def test_an_alternate_name_over_the_limit(project: Project) -> None:
    name = over("name")
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "name: Grace Hopper\n", f"name: Grace Hopper\nalternateName: [Amazing Grace, {name}]\n"))
    project.refused(f"{profile}:4: alternateName {shown(name)} has 201 characters, "
                    "more than 200")


def test_too_many_alternate_names(project: Project) -> None:
    names = ", ".join(f"name {n}" for n in range(LIMITS["items"].maximum + 1))
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "name: Grace Hopper\n", f"name: Grace Hopper\nalternateName: [{names}]\n"))
    project.refused(f"{profile}:4: alternateName has more than 1,000 entries")


def test_a_same_as_link_over_the_limit(project: Project) -> None:
    link = "https://example.org/" + "a" * (LIMITS["iri"].maximum - 19)
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "name: Grace Hopper\n", f"name: Grace Hopper\nsameAs: ['{link}']\n"))
    project.refused(f"{profile}:4: sameAs {shown(link)} has 2,001 characters, more than 2,000")


def test_a_source_title_over_the_limit(project: Project) -> None:
    title = over("name")
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "title: Rear Admiral Grace Hopper retires", f"title: {title}"))
    project.refused(f"{profile}:6: title {shown(title)} has 201 characters, more than 200")


def test_a_source_citation_over_the_limit(project: Project) -> None:
    citation = over("citation")
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "    title: Rear Admiral", f"    citation: {citation}\n    title: Rear Admiral"))
    project.refused(f"{profile}:6: citation {shown(citation)} has 2,001 characters, "
                    "more than 2,000")


def test_a_role_name_over_the_limit(project: Project) -> None:
    role = over("name")
    profile = project.write("profiles/grace-hopper.md",
                            PROFILE.replace("- roleName: Rear Admiral", f"- roleName: {role}"))
    project.refused(f"{profile}:10: roleName {shown(role)} has 201 characters, more than 200")


def test_a_curated_lead_over_the_limit(project: Project) -> None:
    lead = over("text")
    profile = project.write("profiles/grace-hopper.md", PROFILE.replace(
        "Grace Hopper was a computer scientist.", lead))
    project.refused(f"{profile}:18: the lead has 100,001 characters, more than 100,000: "
                    "move some of it into sections")


def test_an_entity_name_over_the_limit(project: Project) -> None:
    name = over("name")
    entities = project.write("entities/organizations.yaml",
                             ENTITIES + f"- type: Organization\n  name: {name}\n")
    project.refused(f"{entities}:5: name {shown(name)} has 201 characters, more than 200")


def test_an_entity_description_over_the_limit(project: Project) -> None:
    text = over("text")
    entities = project.write("entities/organizations.yaml", ENTITIES + (
        f"- type: Organization\n  name: Bletchley Park\n  description: {text}\n"))
    project.refused(f"{entities}:6: description {shown(text)} has 100,001 characters, "
                    "more than 100,000")


def test_a_page_citation_over_the_limit(project: Project) -> None:
    size = LIMITS["citation"].maximum + 1
    citation = "Jane Doe, " + ("word " * size)[:size - 18] + "x, 2020."
    assert len(citation) == LIMITS["citation"].maximum + 1
    page = project.write("pages/ada-lovelace.txt", PAGE.replace(
        "- Jane Doe, Notes on the Engine, 2020.", f"- {citation}"))
    project.refused(f"{page}:6: citation {shown(citation)} has 2,001 characters, "
                    "more than 2,000")


def test_a_title_in_a_page_citation_over_the_limit(project: Project) -> None:
    title = over("name", "Notes ")
    page = project.write("pages/ada-lovelace.txt", PAGE.replace(
        "Notes on the Engine", title))
    project.refused(f"{page}:6: citation title {shown(title)} has 201 characters, "
                    "more than 200")


def test_a_page_lead_over_the_limit(project: Project) -> None:
    lead = over("text")
    page = project.write("pages/ada-lovelace.txt", PAGE.replace(
        "Ada Lovelace is a mathematician known for her notes on the Analytical Engine.", lead))
    project.refused(f"{page}:2: the lead has 100,001 characters, more than 100,000: "
                    "move some of it into sections")


def test_too_many_citations_in_a_page(project: Project) -> None:
    bullets = "".join(f"- Jane Doe, Notes number {n}, 2020.\n"
                      for n in range(LIMITS["items"].maximum + 1))
    page = project.write("pages/ada-lovelace.txt", PAGE.replace(
        "- Jane Doe, Notes on the Engine, 2020.\n", bullets))
    project.refused(f"{page}:1006: citations in 'Sources' has more than 1,000 entries")


@pytest.mark.parametrize(("relative", "kind"), [
    ("pages/huge.txt", "page file"),
    ("profiles/huge.md", "page file"),
    ("entities/huge.yaml", "entities file"),
])
def test_a_file_over_the_limit(project: Project, relative: str, kind: str) -> None:
    """A sparse file one byte over the limit: refused from its size, before it is read."""
    path = project.write(relative, "")
    size = LIMITS[kind].maximum + 1
    os.truncate(path, size)
    project.refused(f"{path}:1: file has {size:,} bytes, more than "
                    f"{LIMITS[kind].maximum:,} ({kind} limit)")


def test_the_editors_guide_lists_every_limit() -> None:
    section = README.read_text(encoding="utf-8").split(
        "## Limits, and input that is refused", 1)[1].split("\n## ", 1)[0]
    assert markdown_table() in section
    for limit in LIMITS.values():
        assert f"{limit.maximum:,} {limit.unit}" in section
