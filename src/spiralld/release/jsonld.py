"""Compact JSON-LD written directly from triples, against spiralld's inline context.

pyld's compaction is fine for one page but far too slow for a whole dataset, so the
dataset document is produced here: a flattened ``@graph`` of node objects sorted by
``@id``, property names compacted with schema.org as ``@vocab`` and our prefixes, and
typed literals as ``{"@value", "@type"}``. Tests check that rdflib and pyld read it as
the same graph as the Turtle.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ..namespaces import PREFIXES, RDF, SCHEMA_NS, XSD

_NATIVE = {XSD.integer.value: int}
_INDENT = orjson.OPT_INDENT_2


def context() -> dict[str, Any]:
    """The inline ``@context``: schema.org as ``@vocab``, plus our prefixes."""
    return {"@vocab": SCHEMA_NS, **{p: ns for p, ns in PREFIXES.items() if ns != SCHEMA_NS}}


def compact_iri(iri: str, vocab: bool) -> str:
    """A term (schema.org, for properties and types) or ``prefix:local`` where one fits."""
    if vocab and iri.startswith(SCHEMA_NS):
        local = iri[len(SCHEMA_NS):]
        if local and ":" not in local and "/" not in local and "#" not in local:
            return local
    for prefix, namespace in PREFIXES.items():
        if prefix != "schema" and iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and "/" not in local and "#" not in local and not local.startswith("/"):
                return f"{prefix}:{local}"
    return iri


def _value(term: Any) -> Any:
    if isinstance(term, NamedNode):
        return {"@id": term.value}
    if isinstance(term, BlankNode):
        return {"@id": f"_:{term.value}"}
    assert isinstance(term, Literal)
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD.string.value:
        return term.value
    native = _NATIVE.get(datatype)
    if native is not None:
        try:
            number = native(term.value)
            if str(number) == term.value:
                return number
        except ValueError:
            pass
    if datatype == XSD.boolean.value and term.value in ("true", "false"):
        return term.value == "true"
    return {"@value": term.value, "@type": compact_iri(datatype, vocab=False)}


def _sort_value(value: Any) -> tuple[int, str, str]:
    """A total order on compacted values: node references, typed values, plain values."""
    if isinstance(value, dict):
        if "@id" in value:
            return (0, value["@id"], "")
        return (1, value["@value"], str(value.get("@type") or value.get("@language")))
    return (2, str(value), type(value).__name__)


def node_objects(triples: Iterable[Triple]) -> list[dict[str, Any]]:
    """Node objects (one per subject, sorted by ``@id``) with compacted keys and values."""
    nodes: dict[str, dict[str, list[Any]]] = {}
    for triple in triples:
        subject = triple.subject
        key = subject.value if isinstance(subject, NamedNode) else f"_:{subject.value}"
        node = nodes.setdefault(key, {})
        if triple.predicate == RDF.type and isinstance(triple.object, NamedNode):
            node.setdefault("@type", []).append(compact_iri(triple.object.value, vocab=True))
        else:
            name = compact_iri(triple.predicate.value, vocab=True)
            node.setdefault(name, []).append(_value(triple.object))
    out = []
    for key in sorted(nodes):
        obj: dict[str, Any] = {"@id": key}
        for name in sorted(nodes[key], key=lambda n: (n != "@type", n)):
            values = sorted(nodes[key][name], key=_sort_value)
            obj[name] = values[0] if len(values) == 1 else values
        out.append(obj)
    return out


def document(triples: Iterable[Triple]) -> dict[str, Any]:
    """A complete JSON-LD document: inline context and the flattened graph."""
    return {"@context": context(), "@graph": node_objects(triples)}


def write_document(triples: Iterable[Triple], out: BinaryIO) -> None:
    """Stream :func:`document` of ``triples`` (sorted by subject, as ``Dataset.triples()``
    gives them) into ``out``, one node object at a time, so the whole dataset's node
    objects are never in memory at once."""
    out.write(document_head())
    first = True
    for _subject, group in itertools.groupby(triples, key=lambda t: t.subject):
        nodes = document_nodes(group)
        out.write(nodes[1:] if first else nodes)
        first = False
    out.write(DOCUMENT_TAIL)


def document_head() -> bytes:
    """What :func:`write_document` writes before the node objects."""
    return (b'{\n  "@context": ' + _indented(orjson.dumps(context(), option=_INDENT), 2)
            + b',\n  "@graph": [')


def document_nodes(triples: Iterable[Triple]) -> bytes:
    """The node objects of ``triples`` as :func:`write_document` writes them, each after a
    comma (the first node of a document is written without it)."""
    return b"".join(b",\n    " + _indented(orjson.dumps(node, option=_INDENT), 4)
                    for node in node_objects(triples))


#: What :func:`write_document` writes after the node objects.
DOCUMENT_TAIL = b"\n  ]\n}\n"


def _indented(data: bytes, spaces: int) -> bytes:
    return data.replace(b"\n", b"\n" + b" " * spaces)


def dumps(doc: dict[str, Any]) -> bytes:
    """Deterministic UTF-8 JSON (keys in the order built, two-space indent, final newline).

    orjson writes it: the standard library's encoder falls back to pure Python whenever it
    indents, and was most of the cost of writing the release's JSON-LD.
    """
    return orjson.dumps(doc, option=_INDENT | orjson.OPT_APPEND_NEWLINE)


#: Properties whose values are embedded before any other (search engines read mainEntity).
FIRST = ("mainEntity",)


def tree(triples: Iterable[Triple], root: str) -> dict[str, Any]:
    """A JSON-LD document shaped as search engines expect: the ``root`` node object with
    the nodes it references embedded where first referenced (each node once), in an
    inline context. Nodes not reachable from the root follow in ``@graph``.
    """
    nodes = {node["@id"]: node for node in node_objects(triples)}
    embedded: set[str] = set()

    def embed(node: dict[str, Any]) -> dict[str, Any]:
        embedded.add(node["@id"])
        out: dict[str, Any] = {}
        keys = sorted(node, key=lambda k: (not k.startswith("@"), k not in FIRST, k))
        for key in keys:
            value = node[key]
            if key.startswith("@"):
                out[key] = value
                continue
            values = value if isinstance(value, list) else [value]
            expanded = [_embed_value(item) for item in values]
            out[key] = expanded[0] if len(expanded) == 1 else expanded
        return out

    def _embed_value(item: Any) -> Any:
        if isinstance(item, dict) and set(item) == {"@id"}:
            target = nodes.get(item["@id"])
            if target is not None and item["@id"] not in embedded:
                return embed(target)
        return item

    if root not in nodes:
        return document(triples)
    top = embed(nodes[root])
    rest = [embed(nodes[key]) for key in sorted(nodes) if key not in embedded]
    if not rest:
        return {"@context": context(), **top}
    return {"@context": context(), "@graph": [top, *rest]}


def script_json(doc: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` (and the
    line separators U+2028/U+2029 escaped), so no text in a profile (``</script>``,
    ``<!--``, ``]]>``) can close the element or start markup; JSON parsers read the same
    strings back.
    """
    text = orjson.dumps(doc, option=_INDENT).decode("utf-8")
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text
