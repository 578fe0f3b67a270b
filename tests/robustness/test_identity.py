"""Distinct things keep distinct IRIs (issue 18, items 6 and 7).

Names: written in NFC or NFD they are one name; in other scripts they get readable slugs of
their own; two different names that still meet at one slug are an error naming both places.
Merged things: two stints, two profiles' foundings, a repeated Open Question and an external
link in Related Pages each stay what they are. Each case builds a small project with the
real command line and reads what it published (the Turtle, the HTML).
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path
from typing import Any

import html5lib
import rdflib
from rdflib import URIRef

from spiralld.config import Config

from ..conftest import BASE, select
from .test_catalogue import PROFILE, Project, line_of, spiralld

SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def entity(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/{slug}")


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


# --- item 7: merged things --------------------------------------------------------------------

TWO_STINTS = PROFILE.replace("""roles:
- roleName: Rear Admiral
  organization: United States Navy
  startDate: '1983'
  endDate: '1986'
  sources: [navy-1986]
""", """roles:
- roleName: Reserve Officer
  organization: United States Navy
  endDate: '1966'
  sources: [navy-1986]
- roleName: Reserve Officer
  organization: United States Navy
  endDate: '1986'
  sources: [navy-1986]
- roleName: Reserve Officer
  organization: United States Navy
  endDate: '1986'
  sources: [navy-1986]
""")


def test_two_stints_with_no_start_date_are_two_claims(project: Project) -> None:
    """Before: one node with two end dates, refused as "endDate must be one xsd:date". The
    same stint written twice (the third) is the same claim."""
    project.write("profiles/grace-hopper.md", TWO_STINTS)
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    person = entity("grace-hopper")
    claims = set(graph.objects(person, SCHEMA.affiliation))
    first = URIRef(f"{person}#role-affiliation-united-states-navy-reserve-officer-until-1966")
    second = URIRef(f"{person}#role-affiliation-united-states-navy-reserve-officer-until-1986")
    assert claims == {first, second}
    assert [str(d) for d in graph.objects(first, SCHEMA.endDate)] == ["1966"]
    assert [str(d) for d in graph.objects(second, SCHEMA.endDate)] == ["1986"]


def test_a_single_stint_keeps_its_claim_iri(project: Project) -> None:
    graph = project.graph()
    claim = URIRef(f"{BASE}id/grace-hopper#role-affiliation-united-states-navy")
    assert (entity("grace-hopper"), SCHEMA.affiliation, claim) in graph


FOUNDER = """\
---
type: Person
name: Grace Hopper
sources:
  navy-1986:
    title: Rear Admiral Grace Hopper retires
    publisher: United States Navy
    datePublished: '1986-08-14'
founded:
- organization: Compiler Company
  roleName: founder
  sources: [navy-1986]
---
# Grace Hopper

Grace Hopper was a computer scientist.
"""

COFOUNDER = """\
---
type: Person
name: Jean Sammet
sources:
  acm-1978:
    title: History of programming languages
    publisher: ACM
    datePublished: '1978'
founded:
- organization: Compiler Company
  roleName: co-founder
  with: [Grace Hopper]
  sources: [acm-1978]
---
# Jean Sammet

Jean Sammet was a computer scientist.
"""


def test_a_founding_claimed_by_two_profiles_keeps_each_source_with_its_statement(
        project: Project) -> None:
    """Before: one node with roleNames "founder" and "co-founder" and both sources, so
    no query could tell which source says which."""
    project.write("profiles/grace-hopper.md", FOUNDER)
    project.write("profiles/jean-sammet.md", COFOUNDER)
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    rows = select(graph, f"""
        SELECT ?claim ?roleName ?title WHERE {{
          ?org schema:founder ?claim . ?claim schema:founder <{BASE}id/grace-hopper> ;
            schema:roleName ?roleName ; prov:wasDerivedFrom [ schema:name ?title ] }}
        ORDER BY ?claim""")
    company = f"{BASE}id/compiler-company"
    assert rows == [
        (f"{company}#founder-grace-hopper", "founder", "Rear Admiral Grace Hopper retires"),
        (f"{company}#founder-grace-hopper-co-founder", "co-founder",
         "History of programming languages"),
    ]

    query = spiralld("query", "cofounders", "--release", str(project.out), "--format", "csv")
    assert query.code == 0, query.output
    assert query.output.splitlines() == [
        "organization,founder,roleName,foundingDate,source,sourceDate,dateKind,status",
        "Compiler Company,Grace Hopper,co-founder,,History of programming languages,1978,"
        "published,reviewed",
        "Compiler Company,Grace Hopper,founder,,Rear Admiral Grace Hopper retires,1986-08-14,"
        "published,reviewed",
        "Compiler Company,Jean Sammet,co-founder,,History of programming languages,1978,"
        "published,reviewed",
    ]
    ids = _ids(project.out / "id" / "compiler-company.html")
    assert {"founder-grace-hopper", "founder-grace-hopper-co-founder",
            "founder-jean-sammet"} <= ids


def test_the_same_founding_from_two_profiles_is_one_claim_with_both_sources(
        project: Project) -> None:
    """Both say Grace Hopper co-founded it: one statement, supported by both sources, one
    row a source in the canned query."""
    project.write("profiles/grace-hopper.md", FOUNDER.replace("roleName: founder",
                                                              "roleName: co-founder"))
    project.write("profiles/jean-sammet.md", COFOUNDER)
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    claims = set(graph.objects(entity("compiler-company"), SCHEMA.founder))
    claim = URIRef(f"{BASE}id/compiler-company#founder-grace-hopper")
    assert claims == {claim, URIRef(f"{BASE}id/compiler-company#founder-jean-sammet")}
    titles = {str(graph.value(s, SCHEMA.name))
              for s in graph.objects(claim, PROV.wasDerivedFrom)}
    assert titles == {"Rear Admiral Grace Hopper retires", "History of programming languages"}


QUESTIONS = PROFILE + """
## Open Questions

- Who wrote the first compiler?
- What is a bug?
- Who wrote the first compiler?
"""


def test_a_repeated_open_question_is_refused_at_its_line(project: Project) -> None:
    """Before: one node with positions 1 and 3, and one HTML id twice."""
    profile = project.write("profiles/grace-hopper.md", QUESTIONS)
    lines = [n for n, line in enumerate(QUESTIONS.splitlines(), 1)
             if line == "- Who wrote the first compiler?"]
    project.refused(f"{profile}:{lines[1]}: open question repeats the one at line "
                    f"{lines[0]}: remove one")


def test_distinct_open_questions_have_distinct_ids(project: Project) -> None:
    project.write("profiles/grace-hopper.md", QUESTIONS.rsplit("- Who", 1)[0])
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    page = URIRef(f"{BASE}page/grace-hopper")
    positions = sorted((int(graph.value(q, SCHEMA.position)), str(graph.value(q, SCHEMA.name)))
                       for q in graph.objects(page, URIRef(f"{BASE}ontology#openQuestion")))
    assert positions == [(1, "Who wrote the first compiler?"), (2, "What is a bug?")]


def test_an_external_link_in_related_pages_links_to_that_url(project: Project) -> None:
    """Before: a stub ``id/example-org`` named "Ada Lovelace"."""
    related(project, "[Ada Lovelace](https://example.org)")
    built = project.build()
    assert built.code == 0, built.output
    graph = project.graph()
    page = URIRef(f"{BASE}page/grace-hopper")
    assert set(graph.objects(page, SCHEMA.relatedLink)) == {URIRef("https://example.org")}
    assert mentions(graph) == set()
    assert not set(graph.predicate_objects(entity("example-org")))
    document = _html(project.out / "page" / "grace-hopper.html")
    links = [(a.get("href"), "".join(a.itertext()))
             for a in document.iter("a") if a.get("class") == "external"]
    assert ("https://example.org", "Ada Lovelace") in links


def test_a_related_link_of_another_scheme_is_refused(project: Project) -> None:
    profile = related(project, "[Ada Lovelace](javascript:alert%281%29)")
    line = line_of(profile, "[Ada Lovelace]")
    project.refused(f"{profile}:{line}: related page link 'javascript:alert%281%29' is not "
                    "an http(s) URL")


def test_a_related_link_to_this_sites_iri_is_the_page_it_names(project: Project) -> None:
    related(project, f"[Ada]({BASE}id/ada-lovelace)", "[Navy](../id/united-states-navy)")
    built = project.build()
    assert built.code == 0, built.output
    assert mentions(project.graph()) == {entity("ada-lovelace"), entity("united-states-navy")}


def _ids(path: Path) -> set[str]:
    return {e.get("id") for e in _html(path).iter() if e.get("id")}


def _html(path: Path) -> Any:
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def test_a_rebuild_after_one_profile_changes_its_founding_is_the_same_as_a_fresh_one(
        project: Project, tmp_path: Path) -> None:
    """The claim IRI one profile's founding gets depends on another's: a rebuild that
    takes the unchanged profile from the profile cache gives it the IRI a fresh build
    does."""
    project.write("profiles/grace-hopper.md", FOUNDER)
    project.write("profiles/jean-sammet.md", COFOUNDER)
    assert project.build().code == 0
    project.write("profiles/grace-hopper.md", FOUNDER.replace("roleName: founder",
                                                              "roleName: co-founder"))
    rebuilt = project.build()
    assert rebuilt.code == 0, rebuilt.output
    assert "profile cache: 1 of 3 profiles as the last build mapped them (1 parsed, 2 mapped)" \
        in rebuilt.output   # Jean Sammet's file is the same, but mapped again
    fresh = tmp_path / "fresh"
    shutil.copytree(project.data, fresh / "data")
    shutil.rmtree(fresh / "data" / Config().cache_dir, ignore_errors=True)
    built = spiralld("build", str(fresh / "data"), "--out", str(fresh / "site"))
    assert built.code == 0, built.output
    assert (project.out / "dataset.ttl").read_bytes() == (fresh / "site" / "dataset.ttl"
                                                         ).read_bytes()
    claims = set(project.graph().objects(entity("compiler-company"), SCHEMA.founder))
    assert URIRef(f"{BASE}id/compiler-company#founder-grace-hopper-co-founder") not in claims


def test_the_name_of_an_entity_a_profile_supersedes_is_a_name_of_it(
        project: Project) -> None:
    project.write("entities/people.yaml", "- id: ada-lovelace\n  type: Person\n"
                                          "  name: Adà Lovelace\n")
    related(project, "Adà Lovelace")
    built = project.build()
    assert built.code == 0, built.output
    assert mentions(project.graph()) == {entity("ada-lovelace")}
