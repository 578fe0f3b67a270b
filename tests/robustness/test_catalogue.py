"""The bad-input catalogue: one test per kind of broken or hostile input, driven through the
commands a user runs (``spiralld build``, ``validate``, ``import``).

Each refused case asserts the exact one-line ``Error: file:line: message``, exit code 1, no
traceback, that ``validate`` says the same, and that the previous release in ``--out`` is
untouched. Each accepted case asserts what was published (the triple, the identical output).

The project every case starts from is small and clean: a raw page ``pages/ada-lovelace.txt``,
a curated profile ``profiles/grace-hopper.md`` and one shared entity.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner

from spiralld.cli import main

from ..conftest import BASE, ask

EPOCH = "1778889600"

PAGE = """\
Ada Lovelace
Ada Lovelace is a mathematician known for her notes on the Analytical Engine.
History
She worked with Charles Babbage.
Sources
- Jane Doe, Notes on the Engine, 2020.
"""

PROFILE = """\
---
type: Person
name: Grace Hopper
sources:
  navy-1986:
    title: Rear Admiral Grace Hopper retires
    publisher: United States Navy
    datePublished: '1986-08-14'
roles:
- roleName: Rear Admiral
  organization: United States Navy
  startDate: '1983'
  endDate: '1986'
  sources: [navy-1986]
---
# Grace Hopper

Grace Hopper was a computer scientist.

## Related Pages

- Ada Lovelace
"""

ENTITIES = """\
- id: united-states-navy
  type: Organization
  name: United States Navy
"""

EXPECTED_DATES = (
    "expected e.g. 2023, 2023-09, 2023-09-21, September 2023 or September 21, 2023"
)


@dataclass
class Run:
    """What a command printed (standard output and error together) and its exit code."""

    code: int
    output: str


def spiralld(*args: str) -> Run:
    """Run the spiralld command line as a user would, with SOURCE_DATE_EPOCH pinned."""
    result = CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": EPOCH})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a bug: show it
    return Run(result.exit_code, result.output)


@dataclass
class Project:
    """The clean data project, its release directory, and a way to break it."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def out(self) -> Path:
        return self.root / "site"

    @property
    def page(self) -> Path:
        return self.data / "pages" / "ada-lovelace.txt"

    @property
    def profile(self) -> Path:
        return self.data / "profiles" / "grace-hopper.md"

    @property
    def entities(self) -> Path:
        return self.data / "entities" / "organizations.yaml"

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    def build(self) -> Run:
        return spiralld("build", str(self.data), "--out", str(self.out))

    def validate(self) -> Run:
        return spiralld("validate", str(self.data))

    def graph(self) -> rdflib.Graph:
        return rdflib.Graph().parse(self.out / "dataset.ttl", format="turtle")

    def refused(self, error: str) -> None:
        """Build and validate both stop with exactly ``Error: <error>``; the release built
        from the clean project before is left as it was."""
        before = {p: p.read_bytes() for p in sorted(self.out.rglob("*")) if p.is_file()}
        assert before, "the clean project was built first"
        built = self.build()
        assert (built.code, built.output) == (1, f"Error: {error}\n")
        checked = self.validate()
        assert (checked.code, checked.output) == (1, f"Error: {error}\n")
        after = {p: p.read_bytes() for p in sorted(self.out.rglob("*")) if p.is_file()}
        assert after == before, "the previous release is untouched"
        assert not list(self.root.glob(".site.*")), "no staging directory is left behind"


def line_of(path: Path, fragment: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``fragment``."""
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


# --- empty and skeletal pages ---------------------------------------------------------------


def test_empty_file(project: Project) -> None:
    empty = project.write("pages/empty.txt", "")
    project.refused(f"{empty}:1: empty page: expected a title line")


def test_blank_lines_only_are_an_empty_page(project: Project) -> None:
    blank = project.write("pages/blank.txt", "\n  \n\t\n")
    project.refused(f"{blank}:1: empty page: expected a title line")


def test_title_only(project: Project) -> None:
    title = project.write("pages/title.txt", "\n\nAlan Turing\n\n")
    project.refused(f"{title}:3: page has only a title: expected a lead paragraph after it")


def test_page_with_no_sections_cites_nothing_and_is_refused_by_validation(
        project: Project) -> None:
    """A raw page that is only a lead parses, but it cites no source: a violation."""
    page = project.write("pages/alan-turing.txt",
                         "Alan Turing\nAlan Turing was a mathematician.\n")
    checked = project.validate()
    assert checked.code == 1
    assert checked.output.splitlines() == [
        str(page),
        f"  {page}:1: violation: page 'Alan Turing' cites no source: add a Sources section "
        f"(or sources in the front matter) (focus <{BASE}page/alan-turing>, "
        "path schema:citation)",
        "1 violation(s), 0 warning(s)",
    ]
    built = project.build()
    assert built.code == 1
    assert built.output.endswith(
        f"Error: {project.data}: the data does not conform to the shapes: "
        "1 violation(s), 0 warning(s); nothing was written\n")


def test_profile_with_no_sections_is_published_with_its_lead(project: Project) -> None:
    """A curated profile with sources in its front matter needs no sections."""
    project.write("profiles/grace-hopper.md", PROFILE.split("## Related Pages")[0])
    assert project.build().code == 0
    graph = project.graph()
    assert ask(graph, """ASK { id:grace-hopper schema:description
                                   "Grace Hopper was a computer scientist." }""")
    assert not ask(graph, "ASK { page:grace-hopper schema:hasPart ?section }")


# --- sections -------------------------------------------------------------------------------


def test_unknown_sections_are_kept_in_order(project: Project) -> None:
    project.write("pages/ada-lovelace.txt", PAGE.replace(
        "History\n", "Wartime Work\nShe imagined music.\nHistory\n"))
    assert project.build().code == 0
    assert ask(project.graph(), """ASK {
        page:ada-lovelace schema:hasPart ?a, ?b .
        ?a schema:name "Wartime Work" ; schema:position 1 ; schema:text "She imagined music." .
        ?b schema:name "History" ; schema:position 2 }""")


def test_duplicate_section_names_are_two_sections(project: Project) -> None:
    project.write("pages/ada-lovelace.txt", PAGE.replace(
        "History\n", "History\nShe was born in 1815.\nHistory\n"))
    assert project.build().code == 0
    rows = project.graph().query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?section ?position ?text WHERE {
            ?page schema:hasPart ?section .
            ?section schema:name "History" ; schema:position ?position ; schema:text ?text }
        ORDER BY ?position""")
    found = [(str(section), int(position), str(text)) for section, position, text in rows]
    assert [(position, text) for _, position, text in found] == [
        (1, "She was born in 1815."), (2, "She worked with Charles Babbage.")]
    assert found[0][0] != found[1][0], "each section has its own IRI"


# --- slugs ----------------------------------------------------------------------------------


def test_two_pages_with_the_same_slug(project: Project) -> None:
    """"Ada  Lovelace!" and "Ada Lovelace" both make the slug ada-lovelace."""
    second = project.write("pages/ada2.txt", PAGE.replace("Ada Lovelace\n", "Ada  Lovelace!\n"))
    project.refused(f"{second}:1: slug 'ada-lovelace' is already used by {project.page}")


def test_a_page_supersedes_the_shared_entity_with_its_slug(project: Project) -> None:
    """The normal path as the corpus grows: the page describes the person, the entity's
    other names carry over, and the build says so once."""
    project.write("entities/organizations.yaml",
                  ENTITIES + "- id: ada-lovelace\n  type: Person\n  name: Ada King\n"
                  "  alternateName: [Augusta Ada King]\n")
    built = project.build()
    assert built.code == 0, built.output
    assert (f"entities superseded by profiles: 1 (ada-lovelace of {project.entities}:4 by "
            f"{project.page})") in built.output.splitlines()
    names = {str(o) for o in project.graph().objects(rdflib.URIRef(f"{BASE}id/ada-lovelace"),
                                                     rdflib.URIRef("https://schema.org/name"))}
    assert names == {"Ada Lovelace"}, "the page's name wins"
    assert ask(project.graph(), f'ASK {{ <{BASE}id/ada-lovelace> schema:alternateName '
               '"Augusta Ada King" }')


def test_import_of_two_pages_with_the_same_slug_writes_nothing(project: Project) -> None:
    second = project.write("pages/ada2.txt", PAGE.replace("Ada Lovelace\n", "ADA LOVELACE\n"))
    out = project.root / "imported"
    run = spiralld("import", str(project.page), str(second), "--out", str(out))
    assert (run.code, run.output) == (
        1, f"Error: {second}:1: slug 'ada-lovelace' is already used by {project.page}\n")
    assert not out.exists()


# --- references -----------------------------------------------------------------------------


def test_related_page_that_names_itself_is_a_warning(project: Project) -> None:
    """Publishes (the link is kept), with a warning at the line of the Related Pages entry."""
    project.write("profiles/grace-hopper.md", PROFILE + "- Grace Hopper\n")
    line = line_of(project.profile, "- Grace Hopper")
    built = project.build()
    assert built.code == 0, built.output
    assert (f"  {project.profile}:{line}: warning: page 'Grace Hopper' lists its own subject "
            f"among its related pages (focus <{BASE}page/grace-hopper>, path schema:mentions, "
            f"value <{BASE}id/grace-hopper>)\n") in built.output
    assert "validation: 0 violation(s), 1 warning(s)" in built.output


def test_claim_citing_a_source_key_that_does_not_exist(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("sources: [navy-1986]", "sources: [navy-1987]"))
    project.refused(f"{project.profile}:14: claim 'Rear Admiral at United States Navy' "
                    "cites unknown source 'navy-1987' (known: navy-1986)")


# --- dates ----------------------------------------------------------------------------------


def test_date_september_41_in_a_citation(project: Project) -> None:
    project.write("pages/ada-lovelace.txt", PAGE.replace("2020.", "September 41, 2023."))
    project.refused(f"{project.page}:6: citation: impossible date 'September 41, 2023': "
                    "September has 30 days")


def test_date_september_41_in_front_matter(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("'1986-08-14'", "September 41, 2023"))
    project.refused(f"{project.profile}:8: datePublished: impossible date "
                    "'September 41, 2023': September has 30 days")


def test_date_2023_13_01(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace("'1986-08-14'", "2023-13-01"))
    project.refused(f"{project.profile}:8: datePublished: impossible date '2023-13-01': "
                    "month 13 is not 1-12")


def test_date_2023_13_01_in_a_citation(project: Project) -> None:
    project.write("pages/ada-lovelace.txt", PAGE.replace("2020.", "2023-13-01."))
    project.refused(f"{project.page}:6: citation: impossible date '2023-13-01': "
                    "month 13 is not 1-12")


def test_date_sometime_in_2024(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("'1986-08-14'", "sometime in 2024"))
    project.refused(f"{project.profile}:8: datePublished: unrecognised date "
                    f"'sometime in 2024' ({EXPECTED_DATES})")


def test_date_sometime_in_2024_in_a_citation_leaves_the_source_undated(
        project: Project) -> None:
    """In a citation the words are not a date, so they stay in the title, and the source
    has no date: a violation at the citation's line."""
    project.write("pages/ada-lovelace.txt", PAGE.replace("2020.", "sometime in 2024."))
    checked = project.validate()
    assert checked.code == 1
    assert (f"  {project.page}:6: violation: source 'Notes on the Engine, sometime in 2024' "
            "has no date: give a publication date, or 'reviewed <date>' for a web page"
            ) in checked.output


def test_end_date_before_start_date(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("endDate: '1986'", "endDate: '1980'"))
    project.refused(f"{project.profile}:13: endDate 1980 is before startDate 1983")


# --- YAML -----------------------------------------------------------------------------------


def test_malformed_yaml_front_matter(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("name: Grace Hopper", "name: [Grace Hopper"))
    project.refused(f"{project.profile}:4: malformed YAML front matter: "
                    "did not find expected ',' or ']'")


def test_front_matter_not_closed(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace("---\n# Grace", "# Grace"))
    project.refused(f"{project.profile}:1: front matter is not closed by a '---' line")


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: expanded, it would hold 9**levels strings."""
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_yaml_billion_laughs_is_refused_fast_without_expansion(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("name: Grace Hopper\n", "name: Grace Hopper\n" +
                                  billion_laughs()))
    started = time.perf_counter()
    project.refused(f"{project.profile}:4: YAML anchors and aliases are not allowed in profiles")
    assert time.perf_counter() - started < 5


def test_yaml_billion_laughs_in_an_entities_file(project: Project) -> None:
    project.write("entities/organizations.yaml", "- " + billion_laughs().replace("\n", "\n  "))
    project.refused(f"{project.entities}:1: YAML anchors and aliases are not allowed in profiles")


def test_yaml_nested_100000_levels_deep_is_refused_not_a_crash(project: Project) -> None:
    """PyYAML's composer recurses: this depth used to overflow the C stack (a segfault)."""
    project.write("profiles/grace-hopper.md", PROFILE.replace(
        "name: Grace Hopper\n", "name: Grace Hopper\nx: " + "[" * 100_000 + "]" * 100_000 + "\n"))
    project.refused(f"{project.profile}:4: YAML nested more than 50 levels deep")


def test_yaml_python_tag_is_refused(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace(
        "name: Grace Hopper", "name: !!python/object/apply:os.system [echo hacked]"))
    project.refused(f"{project.profile}:3: malformed YAML value: could not determine a "
                    "constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'")


@pytest.mark.parametrize(("value", "kind"), [('!!int ""', "int"), ("!!bool x", "bool")])
def test_yaml_tag_on_a_value_it_cannot_read(project: Project, value: str, kind: str) -> None:
    """Found by fuzzing: PyYAML's constructors raised IndexError and KeyError here."""
    project.write("profiles/grace-hopper.md", PROFILE.replace("'1983'", value))
    bad = value.split(" ", 1)[1].strip('"')
    project.refused(f"{project.profile}:12: malformed YAML value: {bad!r} is not a valid {kind}")


def test_yaml_indented_with_tabs(project: Project) -> None:
    project.write("profiles/grace-hopper.md", PROFILE.replace("\n  navy-1986:", "\n\tnavy-1986:"))
    project.refused(f"{project.profile}:5: malformed YAML front matter: a tab cannot indent "
                    "YAML: indent with spaces")


def test_two_documents_in_an_entities_file(project: Project) -> None:
    project.write("entities/organizations.yaml", ENTITIES + "---\n- id: acme\n")
    project.refused(f"{project.entities}:4: malformed YAML: expected a single document, "
                    "but found another")


# --- encodings and line ends ----------------------------------------------------------------


def test_non_utf8_file(project: Project) -> None:
    project.write("pages/ada-lovelace.txt",
                  PAGE.replace("mathematician", "mathématicienne").encode("latin-1"))
    project.refused(f"{project.page}:2: not valid UTF-8 (byte 0xe9 at column 23); "
                    "save the page as UTF-8")


def test_non_utf8_profile(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("computer scientist", "informaticienne née").encode("cp1252"))
    project.refused(f"{project.profile}:18: not valid UTF-8 (byte 0xe9 at column 37); "
                    "save the page as UTF-8")


def test_import_of_a_non_utf8_page_writes_nothing(project: Project) -> None:
    page = project.write("pages/ada-lovelace.txt", PAGE.encode("utf-16"))
    out = project.root / "imported"
    run = spiralld("import", str(page), "--out", str(out))
    assert (run.code, run.output) == (
        1, f"Error: {page}:1: not valid UTF-8 (byte 0xff at column 1); save the page as UTF-8\n")
    assert not out.exists()


def rebuilt(project: Project, files: dict[str, str | bytes]) -> bytes:
    """The dataset.ttl of the project with ``files`` replaced (a fresh release)."""
    for relative, content in files.items():
        project.write(relative, content)
    built = project.build()
    assert built.code == 0, built.output
    return (project.out / "dataset.ttl").read_bytes()


def test_utf8_bom_is_accepted_and_parsed_the_same(project: Project) -> None:
    clean = (project.out / "dataset.ttl").read_bytes()
    assert rebuilt(project, {"pages/ada-lovelace.txt": "\ufeff" + PAGE,
                             "profiles/grace-hopper.md": "\ufeff" + PROFILE,
                             "entities/organizations.yaml": "\ufeff" + ENTITIES}) == clean


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_crlf_and_lone_cr_line_endings_give_the_same_result_as_lf(
        project: Project, newline: str) -> None:
    clean = (project.out / "dataset.ttl").read_bytes()
    assert rebuilt(project, {
        "pages/ada-lovelace.txt": PAGE.replace("\n", newline),
        "profiles/grace-hopper.md": PROFILE.replace("\n", newline),
        "entities/organizations.yaml": ENTITIES.replace("\n", newline),
    }) == clean


def test_tabs_in_page_text_count_as_spaces(project: Project) -> None:
    """In a page or a profile's text a tab is one space (a leading one indents nothing)."""
    clean = (project.out / "dataset.ttl").read_bytes()
    assert rebuilt(project, {
        "pages/ada-lovelace.txt": PAGE.replace("She worked with", "\tShe worked\twith")
                                         .replace("Babbage.", "Babbage.\t"),
        "profiles/grace-hopper.md": PROFILE.replace("Grace Hopper was", "Grace Hopper\twas"),
    }) == clean


# --- size -----------------------------------------------------------------------------------


def ten_megabytes_of_sections() -> str:
    """A 10 MB page of ordinary sections: 20 paragraphs of about 430 characters each."""
    paragraph = ("The engine computes Bernoulli numbers with a loop of operations described "
                 "in note G. ") * 5
    lines = ["Big Page", "Big Page is a concept about very long pages."]
    number = 0
    while sum(len(line) + 1 for line in lines) < 10_000_000:
        lines += [f"Part {number}", *[paragraph.strip()] * 20]
        number += 1
    return "\n".join([*lines, "Sources", "- Jane Doe, Notes on the Engine, 2020."]) + "\n"


def test_a_10_mb_page_of_ordinary_sections_is_published(project: Project) -> None:
    """A page of any length is read; only each section is bounded (100,000 characters)."""
    text = ten_megabytes_of_sections()
    assert len(text.encode("utf-8")) >= 10_000_000
    project.write("pages/big-page.txt", text)
    started = time.perf_counter()
    built = project.build()
    assert built.code == 0, built.output[-500:]
    assert time.perf_counter() - started < 120
    last = text.split("\nSources\n")[0].rsplit("\nPart ", 1)[1].split("\n")[0]
    assert ask(project.graph(), f"""ASK {{ page:big-page schema:hasPart ?s .
        ?s schema:name "Part {last}" ; schema:position {int(last) + 1} }}""")


def test_a_10_mb_paragraph_is_refused_fast_at_its_section(project: Project) -> None:
    """One section of 10 MB would be one 10 MB literal: refused at its heading."""
    big = project.write("pages/big-page.txt", "Big Page\nBig Page is a concept.\nHistory\n" +
                        "word " * 2_000_000 + "\nSources\n- Jane Doe, Notes, 2020.\n")
    started = time.perf_counter()
    project.refused(f"{big}:3: section 'History' has 9,999,999 characters, more than "
                    "100,000: split it under more headings")
    assert time.perf_counter() - started < 20


def test_a_10_mb_lead_is_refused_at_its_line(project: Project) -> None:
    big = project.write("pages/big-page.txt", "Big Page\n" + "word " * 2_000_000 +
                        "\nSources\n- Jane Doe, Notes, 2020.\n")
    project.refused(f"{big}:2: the lead has 9,999,999 characters, more than 100,000: "
                    "move some of it into sections")


def test_a_10_mb_title_is_refused(project: Project) -> None:
    big = project.write("pages/big-page.txt", "Big" * 3_500_000 + "\nA lead.\n")
    project.refused(f"{big}:1: title 'BigBigBigBigBigBigBigBigBigBigBigBigBig…' has 10,500,000 "
                    "characters, more than 200")


# --- names in any script ----------------------------------------------------------------------

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@pytest.mark.parametrize(("name", "slug"), [
    ("Zoe\u0308 Ade\u0301la\u0300 N\u0303un\u0303ez", "zoe-adela-nunez"),  # combining marks
    ("محمد بن موسى الخوارزمي", "mhmd-bn-mwsa-lkhwrzmy"),  # right-to-left, transliterated
    ("עִבְרִית Lab", "vryt-lab"),  # right-to-left with points, then ASCII
    ("🤖 Robot Lab 🧠", "robot-lab"),  # emoji
    ("深度求索", "shenduqiusuo"),
    ("\u202eevil\u202c Name", "evil-name"),  # a right-to-left override
], ids=["combining", "arabic", "hebrew", "emoji", "cjk", "rtl-override"])
def test_names_in_any_script_keep_their_name_and_get_an_ascii_slug(
        project: Project, name: str, slug: str) -> None:
    project.write("pages/name.txt", f"{name}\n{name} is an organization.\nSources\n"
                                    "- Jane Doe, Notes on the Engine, 2020.\n")
    built = project.build()
    assert built.code == 0, built.output
    assert SLUG.fullmatch(slug)
    entity = pyoxigraph.NamedNode(f"{BASE}id/{slug}")  # raises if not a valid IRI
    store = pyoxigraph.Store()
    store.load(path=str(project.out / "dataset.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    names = [quad.object for quad in store.quads_for_pattern(
        entity, pyoxigraph.NamedNode("https://schema.org/name"), None)]
    assert names == [pyoxigraph.Literal(name)], "the original name, exactly, is the name"
    assert (project.out / "page" / f"{slug}.html").is_file()


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "problem"), [
    ("javascript:alert(1)", "'javascript:alert(1)' is not an http(s) IRI"),
    ("Grace Hopper on Wikipedia", "'Grace Hopper on Wikipedia' is not an http(s) IRI"),
    ("data:text/html,<script>alert(1)</script>",
     "'data:text/html,<script>alert(1)</script>' is not an http(s) IRI"),
    ("http://x/%zz", "'http://x/%zz' is not a valid IRI (Invalid IRI percent encoding '%zz')"),
    ("https://example.org/a{b}", "'https://example.org/a{b}' is not an http(s) IRI"),
    ("https://example.org:port/",
     "'https://example.org:port/' is not a valid IRI (Invalid character 'p')"),
], ids=["javascript", "words", "data", "bad-percent", "brace", "bad-port"])
def test_same_as_that_is_not_an_iri(project: Project, value: str, problem: str) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("sources:\n", f"sameAs: ['{value}']\nsources:\n", 1))
    project.refused(f"{project.profile}:4: sameAs value {problem}")


def test_same_as_javascript_in_a_shared_entity(project: Project) -> None:
    project.write("entities/organizations.yaml", ENTITIES + "  sameAs: javascript:alert(1)\n")
    project.refused(f"{project.entities}:4: sameAs value 'javascript:alert(1)' is not an "
                    "http(s) IRI")


def test_citation_url_that_is_not_a_valid_iri(project: Project) -> None:
    project.write("pages/ada-lovelace.txt",
                  PAGE.replace("2020.", "https://example.org/notes{1}, 2020."))
    project.refused(f"{project.page}:6: citation: URL 'https://example.org/notes{{1}}' is not "
                    "a valid IRI (Invalid IRI code point '{')")


# --- control characters ---------------------------------------------------------------------


def test_nul_in_page_text(project: Project) -> None:
    project.write("pages/ada-lovelace.txt", PAGE.replace("She worked", "She\x00worked"))
    project.refused(f"{project.page}:4: control character U+0000 in text")


def test_control_character_in_profile_text(project: Project) -> None:
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("computer scientist", "computer\x07scientist"))
    project.refused(f"{project.profile}:18: control character U+0007 in text")


def test_control_character_written_as_a_yaml_escape(project: Project) -> None:
    """``"\\x01"`` and ``"\\0"`` in double quotes are refused like the raw characters."""
    project.write("profiles/grace-hopper.md",
                  PROFILE.replace("name: Grace Hopper", 'name: "Grace\\0Hopper"'))
    project.refused(f"{project.profile}:3: control character U+0000 in text")


def test_nul_in_an_entities_file(project: Project) -> None:
    project.write("entities/organizations.yaml", ENTITIES.replace("States", "States\x00"))
    project.refused(f"{project.entities}:3: control character U+0000 in text")
