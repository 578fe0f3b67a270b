"""Generated spellings of SERVICE that the SPARQL grammar accepts, and the property that the
endpoint's query check refuses every one (shared by test_service_ssrf.py, properties.py's
``sparql_filter`` and ``python -m bench.fuzz --only sparql_filter``).

A spelling is a query template holding ``@PORT@`` where the service's port goes: the tests
put a listening port there (which must receive nothing), :func:`sparql_filter` a port that
is bound but not listening, on which Oxigraph runs the query to prove the strategy does not
generate junk (a SyntaxError fails the property; a refused connection is the point).
"""

from __future__ import annotations

import socket

import pyoxigraph
from hypothesis import strategies as st

from spiralld.serve.sparql import screen

PORT = "@PORT@"
HOST = f"http://127.0.0.1:{PORT}/"

#: Whitespace and comments that may stand between any two tokens.
GAP = st.sampled_from([" ", "\n", "\t", "\r\n", "   ", " # SERVICE } in a comment\n", "#\n",
                       "\n#{ <x>\n\t", " #\\#\n"])
#: Between tokens that need no separator (punctuation on one side): nothing, or a gap.
TIGHT = st.one_of(st.just(""), GAP)
#: Local names of the service's prefixed name, one with an escaped ``#`` (PN_LOCAL_ESC).
LOCAL_NAMES = st.sampled_from(["x", "", "a.b", "a\\#b"])


def spelt(word: str) -> st.SearchStrategy[str]:
    """``word`` in any mix of upper and lower case (SPARQL keywords are case-insensitive)."""
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(c.upper() if u else c.lower() for c, u in zip(word, upper,
                                                                          strict=True)))


@st.composite
def service_queries(draw: st.DrawFn) -> str:
    """A query (template) that calls a SERVICE at 127.0.0.1:@PORT@, in any spelling."""
    gap, tight = (lambda: draw(GAP)), (lambda: draw(TIGHT))
    prologue: list[str] = []
    lead: list[str] = []  # what comes before the SERVICE in its group
    target = draw(st.sampled_from(["iri", "pname", "base", "values", "bind", "bind-iri",
                                   "escaped-iri"]))
    if target == "iri":
        name = f"<{HOST}{draw(st.sampled_from(['sparql', 'dot', 'a#b', '']))}>"
    elif target == "escaped-iri":  # Oxigraph reads \u escapes inside an IRI
        name = f"<{HOST}\\u0078>"
    elif target == "pname":
        prefix = draw(st.sampled_from(["s", "", "service", "SERVICE"]))
        prologue.append(f"{draw(spelt('PREFIX'))}{gap()}{prefix}:{tight()}<{HOST}>")
        name = f"{prefix}:{draw(LOCAL_NAMES)}"
    elif target == "base":
        prologue.append(f"{draw(spelt('BASE'))}{tight()}<{HOST}>")
        name = draw(st.sampled_from(["<x>", "<>", "<#x>"]))
    else:
        name = "?svc"
        iri = f"<{HOST}v>" if target != "bind-iri" else f'IRI("{HOST}v")'
        lead.append(f"{draw(spelt('VALUES'))}{gap()}?svc{tight()}{{{tight()}{iri}{tight()}}}"
                    if target == "values" else
                    f"{draw(spelt('BIND'))}{tight()}({tight()}{iri}{gap()}"
                    f"{draw(spelt('AS'))}{gap()}?svc{tight()})")
    before = draw(st.sampled_from(["", "triple.", "triple;", "group", "escaped", "filter",
                                   "string"]))
    if before or lead:
        prologue.append(f"PREFIX ex:{tight()}<http://example.org/>")
    lead.append({"": "",
                 "triple.": f"?s{gap()}?p{gap()}?o{tight()}.",
                 "triple;": f"?s{gap()}?p{gap()}?o{tight()};",
                 "group": f"{{{tight()}?s ?p ?o{tight()}}}",
                 "escaped": f"?s ex:a\\#b{gap()}?o{tight()}.",  # PN_LOCAL_ESC: not a comment
                 "filter": f"FILTER{tight()}(?o{tight()}!={tight()}'SERVICE')",
                 "string": '?s ?p "a\\u0022 # " .',  # \u0022 ends the string only if expanded
                 }[before])
    silent = f"{draw(spelt('SILENT'))}" if draw(st.booleans()) else ""
    head = draw(spelt("SERVICE")) + (gap() + silent if silent else "")
    between = gap() if target == "pname" else tight()  # SERVICEs:x would be one name
    service = f"{head}{between}{name}{tight()}{{{tight()}?x{gap()}?y{gap()}?z{tight()}}}"
    group = "{" + tight() + tight().join([*(part for part in lead if part), service]) \
        + tight() + "}"
    where = draw(st.sampled_from(["plain", "exists", "not-exists", "optional", "minus",
                                  "union", "graph", "subquery"]))
    group = {
        "plain": group,
        "exists": f"{{ ?s ?p ?o {draw(spelt('FILTER'))}{gap()}{draw(spelt('EXISTS'))}"
                  f"{tight()}{group} }}",
        "not-exists": f"{{ ?s ?p ?o FILTER{tight()}{draw(spelt('NOT'))}{gap()}EXISTS"
                      f"{tight()}{group} }}",
        "optional": f"{{ ?s ?p ?o {draw(spelt('OPTIONAL'))}{tight()}{group} }}",
        "minus": f"{{ ?s ?p ?o {draw(spelt('MINUS'))}{tight()}{group} }}",
        "union": f"{{ {{ ?s ?p ?o }}{tight()}{draw(spelt('UNION'))}{tight()}{group} }}",
        "graph": f"{{ {draw(spelt('GRAPH'))}{gap()}?g{tight()}{group} }}",
        "subquery": f"{{ {{ {draw(spelt('SELECT'))}{gap()}*{tight()}{draw(spelt('WHERE'))}"
                    f"{tight()}{group} }} }}",
    }[where]
    form = draw(st.sampled_from([
        "SELECT ?x WHERE {g} LIMIT 1", "SELECT *{g}", "ASK{g}",
        "CONSTRUCT { ?x ?y ?z } WHERE {g}", "DESCRIBE ?x WHERE {g}"]))
    return "\n".join(prologue) + ("\n" if prologue else "") + form.replace("{g}", group)


def _closed_port() -> tuple[socket.socket, int]:
    """A loopback port bound (so nobody else takes it) but not listening: a connection to
    it is refused at once."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    return holder, holder.getsockname()[1]


_HOLDER, CLOSED_PORT = _closed_port()
_STORE = pyoxigraph.Store()
_STORE.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/s"),
                           pyoxigraph.NamedNode("http://example.org/p"),
                           pyoxigraph.Literal("o")))


def oxigraph_accepts(query: str) -> bool:
    """Whether Oxigraph's grammar accepts ``query`` (it is run on a throwaway store)."""
    try:
        results = _STORE.query(query)
        if not isinstance(results, pyoxigraph.QueryBoolean):
            list(results)
    except SyntaxError:
        return False
    except (OSError, RuntimeError):  # the service's port refused it, or SERVICE ?svc unbound
        pass
    return True


def sparql_filter(template: str) -> None:
    """Every SERVICE spelling Oxigraph accepts is refused by the endpoint's check."""
    query = template.replace(PORT, str(CLOSED_PORT))
    assert oxigraph_accepts(query), f"the strategy made a query Oxigraph rejects: {query!r}"
    verdict = screen(query)
    assert verdict.refusal() is not None, f"let through ({verdict.kind}): {query!r}"
