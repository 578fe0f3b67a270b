"""spiralld diff: triples added and removed between two releases, grouped by entity."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pyoxigraph
import pytest

from spiralld.build import build
from spiralld.config import Config
from spiralld.errors import SpiralldError
from spiralld.query.diff import Changeset, EntityChange, diff_releases

from .conftest import BASE, DATA

PERSON = f"{BASE}id/illia-polosukhin"
STUB = f"{BASE}id/retrieval-augmented-generation"
PAGE_GRAPH = f"<{BASE}page/illia-polosukhin>"
SHARED_GRAPH = f"<{BASE}graph/shared>"
ROLE = f"<{PERSON}#role-affiliation-near-foundation>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SCHEMA = "https://schema.org/"
GYEARMONTH = "<http://www.w3.org/2001/XMLSchema#gYearMonth>"
SOURCE = (f"<{BASE}source/near-foundation-near-co-founder-joins-the-near-foundation-as-ceo"
          "-2023-09-21>")

#: How each kind of release is made from a build, the file diff reads and its format.
KINDS = {
    "nquads": ((), "dumps/dataset.nq.gz", pyoxigraph.RdfFormat.N_QUADS),
    "ntriples": (("dumps/dataset.nq.gz",), "dumps/dataset.nt.gz",
                 pyoxigraph.RdfFormat.N_TRIPLES),
    "turtle": (("dumps/dataset.nq.gz", "dumps/dataset.nt.gz"), "dataset.ttl",
               pyoxigraph.RdfFormat.TURTLE),
}


class Releases(NamedTuple):
    old: Path
    new: Path
    kind: str

    @property
    def quads(self) -> bool:
        return self.kind == "nquads"

    def lines(self, graph: str, *triples: str) -> tuple[str, ...]:
        """Sorted N-Triples lines, or N-Quads lines in ``graph`` when quads are compared."""
        return tuple(sorted(t + (f" {graph} ." if self.quads else " .") for t in triples))

    def load(self, directory: Path) -> set[pyoxigraph.Quad]:
        _removed, name, fmt = KINDS[self.kind]
        return load(directory / name, fmt)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """data/ built, then built again after editing the seed profile (once per module)."""
    root = tmp_path_factory.mktemp("diff")
    data_dir, old, new = root / "data", root / "old", root / "new"
    shutil.copytree(DATA, data_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        build(data_dir, old, Config())
        profile = data_dir / "profiles" / "illia-polosukhin.md"
        text = profile.read_text(encoding="utf-8")
        assert "  startDate: 2023-09\n" in text and "- Individual Players\n" in text
        text = text.replace("  startDate: 2023-09\n", "  startDate: 2023-10\n", 1)
        text = text.replace("- Individual Players\n",
                            "- Individual Players\n- Retrieval-Augmented Generation\n", 1)
        profile.write_text(text, encoding="utf-8")
        build(data_dir, new, Config())
    return old, new


@pytest.fixture(scope="module", params=sorted(KINDS))
def releases(request: pytest.FixtureRequest, built: tuple[Path, Path],
             tmp_path_factory: pytest.TempPathFactory) -> Releases:
    """The two builds reduced to the files of one kind (N-Quads dump, N-Triples, Turtle)."""
    removed, name, _fmt = KINDS[request.param]
    root = tmp_path_factory.mktemp(request.param)
    old, new = root / "old", root / "new"
    for source, release in zip(built, (old, new), strict=True):
        shutil.copytree(source, release)
        assert (release / name).is_file(), f"build no longer writes {name}"
        for file in removed:
            (release / file).unlink(missing_ok=True)
    return Releases(old, new, request.param)


def by_entity(changeset: Changeset) -> dict[str, EntityChange]:
    return {change.entity: change for change in changeset.changes}


def test_a_corrected_role_start_date_changes_the_claim_and_keeps_its_iri(
        releases: Releases) -> None:
    """The claim's IRI says who, which relation and which organization: a corrected date
    is one triple out and one in, so links to the claim from elsewhere survive."""
    changeset = diff_releases(releases.old, releases.new)
    assert changeset.compared == ("quads" if releases.quads else "triples")
    person = by_entity(changeset)[PERSON]
    assert person.removed == releases.lines(
        PAGE_GRAPH, f'{ROLE} <{SCHEMA}startDate> "2023-09"^^{GYEARMONTH}')
    assert person.added == releases.lines(
        PAGE_GRAPH, f'{ROLE} <{SCHEMA}startDate> "2023-10"^^{GYEARMONTH}')
    assert person.status == "changed"


def test_a_new_related_page_adds_a_stub_entity(releases: Releases) -> None:
    changes = by_entity(diff_releases(releases.old, releases.new))
    stub = changes[STUB]
    assert stub.status == "added" and stub.removed == ()
    assert stub.added == releases.lines(
        SHARED_GRAPH,
        f"<{STUB}> {RDF_TYPE} <{SCHEMA}Thing>",
        f"<{STUB}> {RDF_TYPE} <https://w3id.org/spiralld/ontology#Stub>",
        f'<{STUB}> <{SCHEMA}name> "Retrieval-Augmented Generation"')
    page = changes[f"{BASE}page/illia-polosukhin"]  # existed before: "~", not "+"
    assert page.status == "changed"
    (mention,) = releases.lines(PAGE_GRAPH, f"<{page.entity}> <{SCHEMA}mentions> <{STUB}>")
    assert mention in page.added


def test_summary_lines(releases: Releases) -> None:
    lines = diff_releases(releases.old, releases.new).summary_lines()
    assert lines[:4] == [
        f"~ {PERSON}  +1 -1",
        f"+ {STUB}  +3",
        # the mention, its list item (4 triples) and the list's new length; the changed
        # section text
        f"~ {BASE}page/illia-polosukhin  +7 -2",
        "3 entities changed: 11 triples added, 3 removed",
    ]
    # only the N-Quads dump holds the description (timestamps, counts, input checksums)
    left_out = diff_releases(releases.old, releases.new).description_changes
    assert (left_out > 0) == releases.quads
    assert lines[4:] == ["dataset description not compared (it changes on every build; "
                         f"{left_out} changed triples left out)"]


def test_include_description_shows_the_build_description(releases: Releases) -> None:
    without = diff_releases(releases.old, releases.new)
    changeset = diff_releases(releases.old, releases.new, include_description=True)
    assert (f"{BASE}dataset" in by_entity(changeset)) == releases.quads
    assert changeset.added + changeset.removed == (
        without.added + without.removed + without.description_changes)
    assert changeset.summary_lines()[-1] == (
        f"{len(changeset.changes)} entities changed: {changeset.added} triples added, "
        f"{changeset.removed} removed")


def test_identical_releases_give_an_empty_changeset(releases: Releases) -> None:
    changeset = diff_releases(releases.old, releases.old)
    assert changeset.changes == () and changeset.added == changeset.removed == 0
    assert changeset.summary_lines() == [
        "0 entities changed: 0 triples added, 0 removed",
        "dataset description not compared (it changes on every build; "
        "0 changed triples left out)"]
    assert changeset.to_rdf_patch() == "TX .\nTC .\n"


def test_a_deleted_entity_is_marked_minus(releases: Releases) -> None:
    changeset = diff_releases(releases.new, releases.old)
    stub = by_entity(changeset)[STUB]
    assert stub.status == "removed" and stub.added == () and len(stub.removed) == 3
    assert f"- {STUB}  -3" in changeset.summary_lines()


# RDF Patch: a strict reader of the rows we write, and applying it to a set of quads.

ROW = re.compile(r"^(?P<op>[AD]) (?P<quad>.+ \.)$")


def read_patch(text: str) -> list[tuple[str, pyoxigraph.Quad]]:
    assert text.endswith("\n")
    rows = text[:-1].split("\n")  # not splitlines(): literals may hold U+2028
    assert rows[0] == "TX ." and rows[-1] == "TC ."
    changes = []
    for row in rows[1:-1]:
        match = ROW.match(row)
        assert match, row
        (quad,) = pyoxigraph.parse(match["quad"], format=pyoxigraph.RdfFormat.N_QUADS)
        changes.append((match["op"], quad))
    return changes


def apply_patch(quads: set[pyoxigraph.Quad], text: str) -> set[pyoxigraph.Quad]:
    result = set(quads)
    for op, quad in read_patch(text):
        if op == "D":
            assert quad in result, f"deleting an absent {quad}"
            result.remove(quad)
        else:
            assert quad not in result, f"adding a present {quad}"
            result.add(quad)
    return result


def load(path: Path, fmt: pyoxigraph.RdfFormat) -> set[pyoxigraph.Quad]:
    if path.suffix == ".gz":
        return set(pyoxigraph.parse(gzip.decompress(path.read_bytes()), format=fmt))
    return set(pyoxigraph.parse(path=path, format=fmt))


def outside_description(quads: set[pyoxigraph.Quad]) -> set[pyoxigraph.Quad]:
    return {q for q in quads if not str(q.graph_name).endswith("graph/dataset>")}


def test_the_rdf_patch_turns_the_old_release_into_the_new(releases: Releases) -> None:
    changeset = diff_releases(releases.old, releases.new)
    patch = changeset.to_rdf_patch()
    rows = read_patch(patch)
    assert [op for op, _ in rows].count("D") == changeset.removed == 3
    assert [op for op, _ in rows].count("A") == changeset.added == 11
    patched = apply_patch(releases.load(releases.old), patch)
    assert outside_description(patched) == outside_description(releases.load(releases.new))
    # grouped by entity: the person's removals, then its additions, then the next entity
    assert patch.index(f"D <{PERSON}#") < patch.index(f"A <{PERSON}#") < patch.index(
        f"A <{STUB}>")


def test_with_the_description_the_patch_gives_the_whole_new_release(
        releases: Releases) -> None:
    patch = diff_releases(releases.old, releases.new, include_description=True).to_rdf_patch()
    assert apply_patch(releases.load(releases.old), patch) == releases.load(releases.new)


# N-Quads dumps: graphs compared, the description graph left out by default.

G = "https://example.org/"
DESCRIPTION = f"<{G}dataset> {RDF_TYPE} <http://rdfs.org/ns/void#Dataset> <{G}graph/dataset> .\n"


def write_dump(directory: Path, text: str, name: str = "dataset.nq.gz") -> Path:
    (directory / "dumps").mkdir(parents=True)
    path = directory / "dumps" / name
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return path


def quad_releases(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    write_dump(old, DESCRIPTION
               + f'<{G}dataset> <{G}modified> "2026-01-01" <{G}graph/dataset> .\n'
               + f'<{G}id/a> <{G}name> "A" <{G}graph/page/a> .\n'
               + f"<{G}id/a#role-1> <{G}org> <{G}id/b> <{G}graph/page/a> .\n"
               + f'<{G}id/b> <{G}name> "B" <{G}graph/page/a> .\n'
               + f'<{G}id/gone> <{G}name> "Gone" <{G}graph/shared> .\n')
    write_dump(new, DESCRIPTION
               + f'<{G}dataset> <{G}modified> "2026-02-01" <{G}graph/dataset> .\n'
               + f'<{G}id/a> <{G}name> "A" <{G}graph/page/a> .\n'
               + f"<{G}id/a#role-1> <{G}org> <{G}id/b> <{G}graph/page/a> .\n"
               + f'<{G}id/b> <{G}name> "B" <{G}graph/shared> .\n')
    return old, new


def test_nquads_dump_compares_graphs_and_leaves_out_the_description(tmp_path: Path) -> None:
    old, new = quad_releases(tmp_path)
    (old / "dataset.ttl").write_text("not turtle at all")  # the dump is preferred
    changeset = diff_releases(old, new)
    assert changeset.compared == "quads"
    assert changeset.changes == (
        EntityChange(f"{G}id/b", (f'<{G}id/b> <{G}name> "B" <{G}graph/shared> .',),
                     (f'<{G}id/b> <{G}name> "B" <{G}graph/page/a> .',)),
        EntityChange(f"{G}id/gone", (), (f'<{G}id/gone> <{G}name> "Gone" <{G}graph/shared> .',),
                     "removed"),
    )
    assert changeset.summary_lines() == [
        f"~ {G}id/b  +1 -1",
        f"- {G}id/gone  -1",
        "2 entities changed: 1 triple added, 2 removed",
        "dataset description not compared (it changes on every build; "
        "2 changed triples left out)",
    ]
    nquads = pyoxigraph.RdfFormat.N_QUADS
    patched = apply_patch(load(old / "dumps" / "dataset.nq.gz", nquads),
                          changeset.to_rdf_patch())
    assert outside_description(patched) == outside_description(
        load(new / "dumps" / "dataset.nq.gz", nquads))


def test_include_description_shows_the_description_changes(tmp_path: Path) -> None:
    old, new = quad_releases(tmp_path)
    changeset = diff_releases(old, new, include_description=True)
    dataset = by_entity(changeset)[f"{G}dataset"]
    assert dataset.added == (f'<{G}dataset> <{G}modified> "2026-02-01" <{G}graph/dataset> .',)
    assert dataset.removed == (f'<{G}dataset> <{G}modified> "2026-01-01" <{G}graph/dataset> .',)
    assert changeset.summary_lines()[-1] == "3 entities changed: 2 triples added, 3 removed"
    nquads = pyoxigraph.RdfFormat.N_QUADS
    assert apply_patch(load(old / "dumps" / "dataset.nq.gz", nquads),
                       changeset.to_rdf_patch()) == load(new / "dumps" / "dataset.nq.gz", nquads)


def test_triples_typed_void_dataset_are_the_description_without_graphs(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for directory, day in ((old, "01"), (new, "02")):
        directory.mkdir()
        (directory / "dataset.ttl").write_text(
            "@prefix void: <http://rdfs.org/ns/void#> .\n"
            f'<{G}dataset> a void:Dataset ; <{G}modified> "2026-01-{day}" ;\n'
            f"  void:classPartition _:part .\n_:part void:entities {day} .\n"
            f'<{G}dataset#stats> <{G}triples> {day} .\n'
            f'<{G}id/a> <{G}name> "A" .\n', encoding="utf-8")
    changeset = diff_releases(old, new)
    assert changeset.changes == () and changeset.description_changes == 6
    assert len(diff_releases(old, new, include_description=True).changes) == 2


def test_a_quads_release_against_a_triples_release_compares_triples(tmp_path: Path) -> None:
    old, _new = quad_releases(tmp_path)
    write_dump(tmp_path / "nt", f'<{G}id/a> <{G}name> "A" .\n<{G}id/b> <{G}name> "B" .\n',
               name="dataset.nt.gz")
    changeset = diff_releases(old, tmp_path / "nt")
    assert changeset.compared == "triples"
    assert [change.entity for change in changeset.changes] == [f"{G}id/a", f"{G}id/gone"]
    assert changeset.description_changes == 2  # void:Dataset node, found without its graph
    assert changeset.summary_lines()[-1] == (
        f"graphs not compared: {tmp_path / 'nt'} has no dumps/dataset.nq.gz "
        "(read dumps/dataset.nt.gz)")


# Errors: one line naming the directory or the file.

def test_a_directory_that_is_not_a_release(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SpiralldError) as error:
        diff_releases(tmp_path / "empty", tmp_path / "empty")
    assert str(error.value) == (f"{tmp_path / 'empty'}: not a release: none of "
                                "dumps/dataset.nq.gz, dumps/dataset.nt.gz, dataset.ttl found")
    with pytest.raises(SpiralldError, match="^.*/missing: not a release: no such directory$"):
        diff_releases(tmp_path / "missing", tmp_path / "empty")


def test_a_file_that_does_not_parse_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    ttl = tmp_path / "old" / "dataset.ttl"
    ttl.write_text(f'<{G}a> <{G}b> "c" .\n\n<{G}a> <{G}b> .\n', encoding="utf-8")
    with pytest.raises(SpiralldError) as error:
        diff_releases(tmp_path / "old", tmp_path / "old")
    message = str(error.value)
    assert message.startswith(f"{ttl}:3:") and "\n" not in message
    assert "Parser error" not in message  # the line is in the location, not repeated


def test_a_broken_gzip_dump_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "old" / "dumps").mkdir(parents=True)
    dump = tmp_path / "old" / "dumps" / "dataset.nq.gz"
    dump.write_bytes(b"plain text, not gzip")
    with pytest.raises(SpiralldError, match=f"^{re.escape(str(dump))}: not a readable gzip"):
        diff_releases(tmp_path / "old", tmp_path / "old")


def test_literals_with_line_breaks_stay_on_one_patch_row(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    write_dump(old, f'<{G}id/a> <{G}text> "one" <{G}g> .\n')
    write_dump(new, f'<{G}id/a> <{G}text> "two\\nlines\u2028é\\"" <{G}g> .\n')
    changeset = diff_releases(old, new)
    assert changeset.changes[0].added == (
        f'<{G}id/a> <{G}text> "two\\nlines\u2028é\\"" <{G}g> .',)
    nquads = pyoxigraph.RdfFormat.N_QUADS
    assert apply_patch(load(old / "dumps" / "dataset.nq.gz", nquads),
                       changeset.to_rdf_patch()) == load(new / "dumps" / "dataset.nq.gz", nquads)
