"""The canned query library (queries/) and running queries, embedded or on an endpoint.

A query is a ``.rq`` file opening with a comment header::

    # title: Coauthor founders
    # question: For a work, each author in order and what they founded.
    # param: work (IRI, default id/attention-is-all-you-need)
    # columns: position, author, organization, foundingDate, source

Parameters are typed (``IRI``, ``string``, ``date``, ``integer``), checked, and bound as
RDF terms in a ``VALUES`` block placed at the start of the query's top-level ``WHERE``
group, and repeated in the groups inside it that use them (so that an engine planning a
UNION branch or a subquery on its own starts from the value): a value is never spliced
into the query text, so ``"} ; DROP ALL ; {"`` is just a string that matches nothing. The
same binding is used in the embedded store and on a remote endpoint, so both give the same
rows.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import httpx
import pyoxigraph
from pyoxigraph import Literal, NamedNode

from ..errors import QueryError
from ..namespaces import SCHEMA, XSD
from ..reading.dates import parse_date
from ..serve.credentials import Credentials, credentials

SPARQL_JSON = "application/sparql-results+json"

PARAM_TYPES = ("IRI", "string", "date", "integer")
_HEADER = re.compile(r"^#\s*(title|question|param|columns)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[A-Za-z]+)"
                    r"(?:\s*,\s*default\s+(?P<default>[^)]*))?\)\s*(?P<doc>.*)$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """A typed query parameter."""

    name: str
    type: str
    default: str | None = None
    doc: str = ""


@dataclass(frozen=True)
class Query:
    """A query file and what its header says about it."""

    name: str
    path: Path
    text: str
    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


def queries_dir() -> Path:
    """The canned queries shipped with spiralld (the repository's queries/ folder)."""
    return Path(str(resources.files("spiralld") / "query_library"))


def load_query(path: Path, name: str | None = None) -> Query:
    """Read a query file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read the query: {error}") from None
    fields: dict[str, Any] = {"params": [], "columns": ()}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            param = _PARAM.match(value)
            if not param or param.group("type") not in PARAM_TYPES:
                raise QueryError(f"{path}:{number}: a parameter reads 'name (type[, default "
                                 f"value]) description' with type one of "
                                 f"{', '.join(PARAM_TYPES)}")
            fields["params"].append(Param(param.group("name"), param.group("type"),
                                          _strip(param.group("default")), param.group("doc")))
        elif key == "columns":
            fields["columns"] = tuple(c.strip() for c in value.split(",") if c.strip())
        else:
            fields[key] = value
    return Query(name=name or path.stem, path=path, text=text, title=fields.get("title", ""),
                 question=fields.get("question", ""), params=tuple(fields["params"]),
                 columns=fields["columns"])


def _strip(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def library(directory: Path | None = None) -> dict[str, Query]:
    """Every canned query, by name (``lineage/coauthor-founders``, short name too)."""
    root = directory or queries_dir()
    found: dict[str, Query] = {}
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        found[name] = load_query(path, name)
    return found


def find_query(name: str, directory: Path | None = None) -> Query:
    """A canned query by its full name (``lineage/coauthor-founders``) or its short name."""
    queries = library(directory)
    if name in queries:
        return queries[name]
    matches = [q for full, q in queries.items() if full.rsplit("/", 1)[-1] == name]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(queries)
    raise QueryError(f"unknown query {name!r} (known: {known})")


def describe_library(directory: Path | None = None) -> list[str]:
    """One line per canned query: name, title, parameters with types and defaults."""
    lines = []
    for name, query in library(directory).items():
        params = ", ".join(f"{p.name}: {p.type}" + (f" = {p.default}" if p.default else "")
                           for p in query.params)
        lines.append(f"{name:<28} {query.title}" + (f"  [{params}]" if params else ""))
    return lines


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``name=value`` strings as a dict; the value may contain '='."""
    values = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE")
        values[name.strip()] = value
    return values


# --- parameters ------------------------------------------------------------------------

class Resolver(Protocol):
    """What IRI parameters are checked against: the resources of the data asked."""

    def named(self, name: str) -> list[str]:
        """The IRIs whose schema:name is exactly ``name``, entities (``id/``) first."""

    def exists(self, iri: str) -> bool:
        """Whether any triple of the data has ``iri`` as its subject or object."""

    def names(self) -> list[tuple[str, str]]:
        """Every (schema:name, IRI) of the entities, to suggest the closest to a mistake."""


def bind_values(query: Query, values: Mapping[str, str], base_iri: str,
                resolve: Resolver | None = None) -> dict[str, NamedNode | Literal]:
    """Check and type every parameter (given or default) as an RDF term."""
    for name in values:
        query.param(name)
    terms: dict[str, NamedNode | Literal] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"query {query.name!r} needs --param {param.name}=<{param.type}>")
        terms[param.name] = _term(param, raw, base_iri, resolve)
    return terms


def _term(param: Param, raw: str, base_iri: str,
          resolve: Resolver | None) -> NamedNode | Literal:
    where = f"parameter {param.name} ({param.type})"
    if param.type == "string":
        return Literal(raw)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise QueryError(f"{where}: {raw!r} is not an integer")
        return Literal(str(int(raw)), datatype=XSD.integer)
    if param.type == "date":
        if raw.strip() == "today":  # a default that moves with the calendar, not the code
            raw = datetime.date.today().isoformat()
        try:
            date = parse_date(raw.strip())
        except ValueError as error:
            raise QueryError(f"{where}: {error}") from None
        if date.precision != "day":
            raise QueryError(f"{where}: {raw!r} is not a full date (YYYY-MM-DD)")
        return Literal(date.lexical, datatype=XSD.date)
    text = raw.strip()
    value = text.removeprefix("<").removesuffix(">")
    if re.match(r"^[a-z][a-z0-9+.-]*:", value) and " " not in value:
        iri = value
    elif resolve is not None and (found := _by_name(resolve, text, where)
                                  or _by_name(resolve, value, where)) is not None:
        # The name as given first: a name may itself start with "<" or end with ">".
        iri = found
    elif "/" in value:
        iri = base_iri + value.lstrip("/")
    else:
        from ..reading.pages import slugify

        iri = f"{base_iri}id/{slugify(value)}"
    try:
        term = NamedNode(iri)
    except ValueError:
        raise QueryError(f"{where}: {raw!r} is not a valid IRI") from None
    if resolve is not None and not resolve.exists(iri):
        raise QueryError(f"{where}: {raw!r} names nothing in the data{_closest(resolve, text)}")
    return term


def _by_name(resolve: Resolver, name: str, where: str) -> str | None:
    """The one resource named ``name``; two entities of that name are an error."""
    found = resolve.named(name)
    entities = sorted({iri for iri in found if "/id/" in iri})
    if len(entities) > 1:
        raise QueryError(f"{where}: {name!r} names {len(entities)} resources: "
                         f"{', '.join(entities)}; give the IRI")
    return (entities or found or [None])[0]


def _closest(resolve: Resolver, given: str) -> str:
    """``; did you mean 'X'?`` for the names closest to what was given, as git does."""
    named = dict(resolve.names())
    by_fold: dict[str, str] = {}
    for name, iri in sorted(named.items()):
        by_fold.setdefault(name.casefold(), name)
        by_fold.setdefault(iri.rstrip("/").rpartition("/")[2].casefold(), name)
    wanted = given.removeprefix("<").removesuffix(">").rstrip("/").rpartition("/")[2]
    scores: dict[str, float] = {}
    for folded, name in by_fold.items():
        ratio = difflib.SequenceMatcher(None, wanted.casefold(), folded).ratio()
        scores[name] = max(scores.get(name, 0.0), ratio)
    best = max(scores.values(), default=0.0)
    if best < 0.6:
        return ""
    chosen = sorted(name for name, score in scores.items() if score == best)
    return "; did you mean " + " or ".join(repr(name) for name in chosen) + "?"


def with_values(query: Query, terms: Mapping[str, NamedNode | Literal]) -> str:
    """The query text with a VALUES block of the typed terms at the start of its WHERE.

    The block is repeated at the start of every group inside that WHERE which mentions a
    parameter (a UNION branch, an OPTIONAL, a nested group, a subquery's WHERE when the
    subquery projects the parameter): the rows are the same, since each group is joined with
    the outer block anyway, but an engine that evaluates a group before joining it (Oxigraph
    does, for a UNION of joins or a GROUP BY subquery) starts from the bound value instead of
    the whole store. MINUS and SERVICE groups are left as written (binding a variable there
    changes what MINUS removes), and so is a group that binds the parameter itself (``AS``).
    """
    if not terms:
        return query.text
    code = _code(query.text)
    match = _WHERE.search(code)
    if match is None:
        raise QueryError(f"{query.path}: parameters need a 'WHERE {{' group to be bound in")
    inserts = {match.end(): _values_block(terms, "\n  ", "\n")}
    for offset, names in _inner_groups(code, match.end() - 1, tuple(terms)):
        inserts[offset] = _values_block({name: terms[name] for name in names}, " ", "")
    text = query.text
    for offset in sorted(inserts, reverse=True):
        text = text[:offset] + inserts[offset] + text[offset:]
    return text


def _values_block(terms: Mapping[str, NamedNode | Literal], before: str, after: str) -> str:
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(str(term) for term in terms.values())  # N-Triples syntax: escaped
    return f"{before}VALUES ({names}) {{ ({row}) }}{after}"


# Braces, parentheses, *, variables, prefixed names (one lexeme: schema:Service is no
# SERVICE) and words.
_LEXEME = re.compile(r"[{}()*]|[?$][\w\u00b7]+|(?:[A-Za-z][\w.-]*)?:[\w.%:-]*|[A-Za-z_]\w*")


def _inner_groups(code: str, start: int, names: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Where to repeat the VALUES block: (offset just after a group's ``{``, the parameters
    to bind there) for the groups nested in the group opening at ``start`` of ``code`` (the
    query with comments, strings and IRIs blanked out)."""
    lexemes = [(m.group(0), m.start()) for m in _LEXEME.finditer(code, start)]
    found: list[tuple[int, list[str]]] = []

    def close(index: int) -> int:
        """The index of the lexeme closing the brace or parenthesis at ``index``."""
        depth = 0
        for at in range(index, len(lexemes)):
            token = lexemes[at][0]
            depth += token in "{(" and len(token) == 1
            depth -= token in "})" and len(token) == 1
            if depth == 0:
                return at
        return len(lexemes) - 1

    def mentioned(first: int, last: int, names: tuple[str, ...]) -> list[str]:
        """The names used in the lexemes first..last and not bound there with AS."""
        used = {token[1:] for token, _ in lexemes[first:last] if token[0] in "?$"}
        bound = {lexemes[at + 1][0][1:] for at in range(first, last - 1)
                 if lexemes[at][0].upper() == "AS" and lexemes[at + 1][0][0] in "?$"}
        return [name for name in names if name in used and name not in bound]

    def walk(index: int, names: tuple[str, ...]) -> None:
        """Visit the group whose ``{`` is lexeme ``index``; its own block is added by the
        caller."""
        end = close(index)
        at = index + 1
        while at < end:
            token, offset = lexemes[at]
            word = token.upper()
            if word in ("MINUS", "SERVICE", "VALUES"):
                while at < end and lexemes[at][0] != "{":  # the group or data it opens
                    at += 1
                at = close(at) + 1
                continue
            if token == "{":
                if at + 1 < end and lexemes[at + 1][0].upper() == "SELECT":
                    at = subquery(at, names)
                    continue
                inner = mentioned(at, close(at), names)
                if inner:
                    found.append((offset + 1, inner))
                walk(at, names)
                at = close(at) + 1
                continue
            at += 1

    def subquery(index: int, names: tuple[str, ...]) -> int:
        """Visit ``{ SELECT ... WHERE { ... } ... }`` at ``index``: its WHERE group gets the
        parameters it projects. Returns the index after it."""
        end = close(index)
        at, depth, projected, star = index + 2, 0, set(), False
        while at < end and lexemes[at][0] != "{" and lexemes[at][0].upper() != "WHERE":
            token = lexemes[at][0]
            depth += token == "("
            depth -= token == ")"
            if depth == 0 and token[0] in "?$":
                projected.add(token[1:])
            star = star or (depth == 0 and token == "*")
            at += 1
        while at < end and lexemes[at][0] != "{":
            at += 1
        if at < end:
            inner = tuple(name for name in names if star or name in projected)
            own = mentioned(at, close(at), inner)
            if own:
                found.append((lexemes[at][1] + 1, own))
            walk(at, inner)
        return end + 1

    walk(0, names)  # lexeme 0 is the "{" at start
    return found


def _code(text: str) -> str:
    """The text with comments, strings and IRIs blanked out (same length, so offsets
    still match)."""
    return _TOKENS.sub(lambda m: " " * len(m.group(0)), text)


_TOKENS = re.compile(r'<[^<>"{}|^`\\\s]*>|"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*', re.DOTALL)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, comments and strings aside."""
    code = _code(text)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"


# --- results ---------------------------------------------------------------------------

@dataclass
class Results:
    """SELECT results as SPARQL 1.1 Query Results JSON bindings; or an ASK boolean."""

    variables: list[str]
    bindings: list[dict[str, dict[str, str]]] = field(default_factory=list)
    boolean: bool | None = None
    #: IRIs under this base are shown relative to it in tables.
    base: str = ""
    #: Warnings for a person (one line each), e.g. why an endpoint answered nothing.
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Results:
        if "boolean" in document:
            return cls([], [], bool(document["boolean"]))
        return cls(list(document["head"].get("vars", [])),
                   [dict(b) for b in document["results"]["bindings"]])

    def rows(self) -> list[dict[str, Any]]:
        """Each row as a dict of plain Python values (IRIs and lexical forms as str,
        xsd:integer as int, xsd:boolean as bool); unbound columns are None."""
        return [{v: plain(b.get(v)) for v in self.variables} for b in self.bindings]

    def to_json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}) + "\n"
        document = {"head": {"vars": self.variables}, "results": {"bindings": self.bindings}}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV: plain values, CRLF line ends (an ASK answer as Jena ARQ writes
        it, one column ``_askResult``: the CSV format defines none)."""
        if self.boolean is not None:
            return f"_askResult\r\n{str(self.boolean).lower()}\r\n"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.variables)
        for binding in self.bindings:
            writer.writerow([binding[v]["value"] if v in binding else "" for v in self.variables])
        return buffer.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV: ``?var`` headers, RDF terms in Turtle/N-Triples syntax (an ASK
        answer as in :meth:`to_csv`)."""
        if self.boolean is not None:
            return f"?_askResult\n{str(self.boolean).lower()}\n"
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        for binding in self.bindings:
            lines.append("\t".join(_ntriples(binding[v]) if v in binding else ""
                                   for v in self.variables))
        return "\n".join(lines) + "\n"

    def to_table(self) -> str:
        """A plain text table for reading on a terminal."""
        if self.boolean is not None:
            return ("yes" if self.boolean else "no") + "\n"
        cells = [[_short(b.get(v), self.base) for v in self.variables] for b in self.bindings]
        widths = [max([len(v)] + [len(row[i]) for row in cells])
                  for i, v in enumerate(self.variables)]
        line = "  ".join(v.ljust(w) for v, w in zip(self.variables, widths, strict=True))
        out = [line.rstrip(), "  ".join("-" * w for w in widths)]
        out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                for row in cells]
        out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
        return "\n".join(out) + "\n"


FORMATS = {"table": Results.to_table, "csv": Results.to_csv, "tsv": Results.to_tsv,
           "json": Results.to_json}


def render(results: Results, fmt: str) -> str:
    try:
        return FORMATS[fmt](results)
    except KeyError:
        raise QueryError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})") from None


def plain(term: Mapping[str, str] | None) -> Any:
    if term is None:
        return None
    datatype = term.get("datatype")
    if datatype == XSD.integer.value:
        try:
            return int(term["value"])
        except ValueError:
            return term["value"]
    if datatype == XSD.boolean.value:
        return term["value"] == "true"
    return term["value"]


def _ntriples(term: Mapping[str, str]) -> str:
    kind = term["type"]
    if kind == "uri":
        return str(NamedNode(term["value"]))
    if kind == "bnode":
        return f"_:{term['value']}"
    if "xml:lang" in term:
        return str(Literal(term["value"], language=term["xml:lang"]))
    if "datatype" in term:
        return str(Literal(term["value"], datatype=NamedNode(term["datatype"])))
    return str(Literal(term["value"]))


def _short(term: Mapping[str, str] | None, base: str) -> str:
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri" and base and value.startswith(base):
        return value[len(base):]
    return value


# --- running ---------------------------------------------------------------------------

def store_path(release: Path) -> Path:
    """Where build leaves the query store of a release: beside it, ``<release>.store/``.

    It is a database, not part of the published tree (which stays byte-reproducible).
    """
    release = release.absolute()
    return release.with_name(release.name + ".store")


def open_store(release: Path) -> pyoxigraph.Store:
    """The release's persistent store, or (if there is none) its dumps loaded in memory."""
    database = store_path(release) / "oxigraph"
    if database.is_dir():
        return pyoxigraph.Store.read_only(str(database))
    for name, fmt in (("dumps/dataset.nq.gz", pyoxigraph.RdfFormat.N_QUADS),
                      ("dumps/dataset.nt.gz", pyoxigraph.RdfFormat.N_TRIPLES),
                      ("dataset.ttl", pyoxigraph.RdfFormat.TURTLE)):
        path = release / name
        if path.is_file():
            import gzip

            data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else \
                path.read_bytes()
            store = pyoxigraph.Store()
            store.bulk_load(data, format=fmt)
            return store
    raise QueryError(f"{release}: not a release (no dumps/ or dataset.ttl, and no "
                     f"{store_path(release).name}/ beside it)")


def write_store(path: Path, quads: Iterable[pyoxigraph.Quad] = (),
                nquads: Iterable[bytes] = (),
                store: pyoxigraph.Store | None = None) -> pyoxigraph.Store:
    """Create the persistent store of a release at ``path`` and return it, open (the build
    runs the SPARQL constraints on it before finishing it with :func:`finish_store`).

    The data comes as ``quads``, or as chunks of N-Quads text (bulk-loaded a few MB at a
    time: no term objects made), into ``store`` if it is given (open at ``path``).
    """
    if store is None:
        store = pyoxigraph.Store(str(path))
    store.bulk_extend(quads)
    batch: list[bytes] = []
    size = 0
    for chunk in nquads:
        batch.append(chunk)
        size += len(chunk)
        if size >= LOAD_BATCH_BYTES:
            store.bulk_load(b"".join(batch), format=pyoxigraph.RdfFormat.N_QUADS)
            batch, size = [], 0
    if batch:
        store.bulk_load(b"".join(batch), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def update_store(previous: Path, path: Path, remove: Iterable[str],
                 nquads: Iterable[bytes]) -> pyoxigraph.Store:
    """A copy at ``path`` of the store checkpoint at ``previous``, less the graphs
    ``remove``, plus the ``nquads``; open, as from :func:`write_store`.

    The copy hard-links the checkpoint's table files (RocksDB never changes one once
    written: it writes new ones and unlinks the old) and copies the rest.
    """
    path.mkdir(parents=True)
    for entry in previous.iterdir():
        if entry.suffix == ".sst":
            os.link(entry, path / entry.name)
        else:
            shutil.copyfile(entry, path / entry.name)
    store = pyoxigraph.Store(str(path))
    for name in remove:
        store.remove_graph(NamedNode(name))
    return write_store(path, nquads=nquads, store=store)


#: N-Quads text bulk-loaded into the store at once.
LOAD_BATCH_BYTES = 32 << 20


def finish_store(store: pyoxigraph.Store, quads: Iterable[pyoxigraph.Quad] = (),
                 optimize: bool = True) -> None:
    """Add the last ``quads`` (the dataset description), compact the store (unless not
    ``optimize``: a store updated by a few graphs) and flush it."""
    store.bulk_extend(quads)
    if optimize:
        store.optimize()
    store.flush()


def release_base(store: pyoxigraph.Store) -> str | None:
    """The base IRI a release was built with, from its description (void:uriSpace)."""
    space = NamedNode("http://rdfs.org/ns/void#uriSpace")
    for quad in store.quads_for_pattern(None, space, None):
        return quad.object.value
    return None


class StoreNames:
    """The resources of a pyoxigraph store (every graph), for IRI parameters."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store

    def named(self, name: str) -> list[str]:
        found = {q.subject.value for q in
                 self.store.quads_for_pattern(None, SCHEMA.name, Literal(name))
                 if isinstance(q.subject, NamedNode)}
        # An entity (id/...) before the page about it, which has the same name.
        return sorted(found, key=lambda iri: ("/id/" not in iri, iri))

    def exists(self, iri: str) -> bool:
        node = NamedNode(iri)
        return any(True for _ in self.store.quads_for_pattern(node, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, node))

    def names(self) -> list[tuple[str, str]]:
        return sorted((q.object.value, q.subject.value) for q in
                      self.store.quads_for_pattern(None, SCHEMA.name, None)
                      if isinstance(q.subject, NamedNode) and isinstance(q.object, Literal)
                      and "/id/" in q.subject.value)


def name_resolver(store: pyoxigraph.Store) -> StoreNames:
    """Finds the IRI of an entity by its exact schema:name (for IRI parameters)."""
    return StoreNames(store)


def names_dataset(tree: Any) -> bool:
    """Whether a query, as rdflib's SPARQL parser reads it (``parseQuery``), has a dataset
    clause (FROM or FROM NAMED)."""
    return any(isinstance(part, Mapping) and "datasetClause" in part for part in tree)


def query_names_dataset(text: str) -> bool:
    """Whether the query text has a FROM or FROM NAMED clause (read by rdflib's parser; a
    text it cannot read is taken to have none, and Oxigraph reports the error)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return names_dataset(parseQuery(text))
    except (ParseBaseException, ValueError, RecursionError):
        return False


def dataset_options(names_dataset: bool, default_graphs: Iterable[str] = (),
                    named_graphs: Iterable[str] = ()) -> dict[str, Any]:
    """The keyword arguments of pyoxigraph's ``Store.query`` that give a query its RDF
    dataset: the one a request names (``default-graph-uri``, ``named-graph-uri``: the
    SPARQL 1.1 Protocol has them override the query's own), else the one the query's FROM
    and FROM NAMED clauses name (SPARQL 1.1 section 13.2), else every named graph, with
    their union as the default graph (what a release publishes as one dataset)."""
    defaults, named = list(default_graphs), list(named_graphs)
    if defaults or named:
        return {"default_graph": [NamedNode(iri) for iri in defaults],
                "named_graphs": [NamedNode(iri) for iri in named]}
    if names_dataset:
        return {}
    return {"use_default_graph_as_union": True}


def run_embedded(query: Query, store: pyoxigraph.Store, values: Mapping[str, str],
                 base_iri: str) -> Results:
    """Run on a pyoxigraph store: on the dataset that the query's FROM and FROM NAMED name,
    else with the union of the named graphs as the default graph."""
    text = with_values(query, bind_values(query, values, base_iri, name_resolver(store)))
    try:
        solutions = store.query(text, **dataset_options(query_names_dataset(text)))
    except SyntaxError as error:
        raise QueryError(f"{query.path}: {error}") from None
    if isinstance(solutions, pyoxigraph.QueryBoolean):
        return Results([], [], bool(solutions))
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        raise QueryError(f"{query.path}: only SELECT and ASK queries can be run here")
    data = solutions.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    results = Results.from_json(json.loads(data))
    results.base = base_iri
    return results


def run_endpoint(query: Query, endpoint: str, values: Mapping[str, str],
                 base_iri: str, timeout: float = 60, *,
                 auth: tuple[str, str] | None = None) -> Results:
    """Run on any SPARQL 1.1 endpoint (the Protocol's POST, JSON results), each answer due
    within ``timeout`` seconds. ``auth`` is a user and password (HTTP basic); without it,
    the URL's userinfo or ~/.netrc (:mod:`spiralld.serve.credentials`), never shown in errors."""
    creds = credentials(endpoint, QueryError, auth=auth)
    resolve = EndpointNames(lambda lookup, terms: _endpoint_json(lookup, terms, creds,
                                                                   timeout))
    terms = bind_values(query, values, base_iri, resolve)
    results = _endpoint_json(query, terms, creds, timeout)
    results.base = base_iri
    if results.boolean is None and not results.bindings and _named_graphs_only(creds, timeout):
        from ..serve.publish import union_default_note

        results.notes.append(union_default_note(creds.url))
    return results


def _named_graphs_only(creds: Credentials, timeout: float) -> bool:
    """Whether the endpoint's default graph is empty while its named graphs hold triples
    (a store that does not query the union of its graphs by default). Two ASKs, each
    answered at the first triple found."""
    try:
        return not _post_query("ASK WHERE { ?s ?p ?o }", creds, timeout).boolean and bool(
            _post_query("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", creds, timeout).boolean)
    except QueryError:   # the question is a courtesy: the answer itself stands
        return False


class EndpointNames:
    """The resources behind a SPARQL endpoint, in its default graph or any named graph
    (a store whose default graph is not the union of its graphs answers too)."""

    NAMED = ("SELECT DISTINCT ?s WHERE { { ?s <https://schema.org/name> ?name } UNION "
             "{ GRAPH ?g { ?s <https://schema.org/name> ?name } } }")
    EXISTS = ("ASK WHERE { { ?iri ?p ?o } UNION { ?s ?p ?iri } UNION "
              "{ GRAPH ?g { ?iri ?p ?o } } UNION { GRAPH ?g { ?s ?p ?iri } } }")
    NAMES = ("SELECT DISTINCT ?name ?s WHERE { { ?s <https://schema.org/name> ?name } UNION "
             "{ GRAPH ?g { ?s <https://schema.org/name> ?name } } "
             "FILTER(isIRI(?s) && CONTAINS(STR(?s), '/id/')) }")

    def __init__(self, ask: Callable[[Query, Mapping[str, NamedNode | Literal]], Results]
                 ) -> None:
        self.ask = ask

    def _run(self, text: str, **terms: NamedNode | Literal) -> Results:
        params = tuple(Param(name, "string") for name in terms)
        return self.ask(Query("lookup", Path("<lookup>"), text, params=params), terms)

    def named(self, name: str) -> list[str]:
        rows = self._run(self.NAMED, name=Literal(name)).bindings
        found = {row["s"]["value"] for row in rows if row.get("s", {}).get("type") == "uri"}
        return sorted(found, key=lambda iri: ("/id/" not in iri, iri))

    def exists(self, iri: str) -> bool:
        return bool(self._run(self.EXISTS, iri=NamedNode(iri)).boolean)

    def names(self) -> list[tuple[str, str]]:
        return sorted((row["name"]["value"], row["s"]["value"])
                      for row in self._run(self.NAMES).bindings if "name" in row and "s" in row)


def _endpoint_json(query: Query, terms: Mapping[str, NamedNode | Literal], creds: Credentials,
                   timeout: float) -> Results:
    """POST one query (form-encoded, as the SPARQL 1.1 Protocol has it) to ``creds.url``;
    every failure is one QueryError line naming the URL, with no secret in it."""
    try:
        return _post_query(with_values(query, terms), creds, timeout)
    except QueryError as error:
        raise QueryError(creds.scrub(str(error))) from None


def _post_query(text: str, creds: Credentials, timeout: float) -> Results:
    url = creds.url
    if timeout <= 0:
        raise QueryError(f"timeout {timeout:g} s: must be more than 0")
    try:
        with httpx.Client(auth=creds.auth(), timeout=httpx.Timeout(timeout),
                          headers={"User-Agent": "spiralld-query", "Accept": SPARQL_JSON,
                                   **creds.headers()}, follow_redirects=True) as client:
            response = client.post(url, data={"query": text})
    except httpx.TimeoutException:
        raise QueryError(f"{url}: no answer within {timeout:g} s") from None
    except httpx.ConnectError as error:
        raise QueryError(f"{url}: cannot connect ({_first_line(str(error))})") from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise QueryError(f"{url}: {_first_line(str(error)) or type(error).__name__}") from None
    if not response.is_success:
        detail = _first_line(response.text)
        raise QueryError(f"{url}: HTTP {response.status_code} {response.reason_phrase}"
                         + (f": {detail}" if detail else ""))
    try:
        return Results.from_json(response.json())
    except (ValueError, KeyError, TypeError, AttributeError):
        raise QueryError(f"{url}: the answer is not SPARQL JSON results") from None


def _first_line(text: str, limit: int = 200) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[:limit] + "..."


def run(name: str | Path, /, *, release: Path | None = None, store: pyoxigraph.Store | None = None,
        endpoint: str | None = None, base_iri: str | None = None,
        **params: str | int | datetime.date) -> list[dict[str, Any]]:
    """Run a canned query (by name) or a query file, for notebooks; rows of plain values.

    >>> run("coauthor-founders", release=Path("site"))  # doctest: +SKIP
    """
    from ..config import DEFAULT_BASE_IRI

    query = load_query(name) if isinstance(name, Path) else find_query(name)
    values = {key: value.isoformat() if isinstance(value, datetime.date) else str(value)
              for key, value in params.items()}
    if endpoint is not None:
        return run_endpoint(query, endpoint, values, base_iri or DEFAULT_BASE_IRI).rows()
    if store is None:
        if release is None:
            raise QueryError("give a release directory, a store or an endpoint")
        store = open_store(release)
    base = base_iri or release_base(store) or DEFAULT_BASE_IRI
    return run_embedded(query, store, values, base).rows()
