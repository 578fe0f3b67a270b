"""A profile whose every text field holds hostile text, as a data project in a temporary
directory: the seed profile (data/profiles/illia-polosukhin.md) with its fields replaced."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..conftest import DATA

#: Each piece tries to get out of its context: a script element, a comment, an HTML
#: element with a handler, a jinja2 expression, a SPARQL update.
PAYLOAD = ('</script><script>alert(1)</script> <!-- <img src=x onerror=alert(1)> '
           '{{ 7*7 }} "} ; DROP ALL ; {"')
#: If a browser ran any injected script, it marks the document (see test_injection).
CANARY = ('</script><script>document.documentElement.setAttribute("data-pwned","s")</script>'
          '<img src=x onerror="document.documentElement.setAttribute(\'data-pwned\',\'i\')">')


@dataclass(frozen=True)
class Texts:
    """What the fields hold: ``short`` in those that become part of a file name (names,
    titles, publishers) or are bounded (section names: 200 characters), ``long`` in the
    free-text ones."""

    short: str
    long: str


HOSTILE = Texts(PAYLOAD, f"{PAYLOAD} {CANARY}")
#: The same profile with plain text in the same places, to compare the pages' structure.
BENIGN = Texts("plain text of a field", "plain text of a field and more plain text")

#: Fields holding ``short`` and fields holding ``long`` (each holds "<Label> <text>").
SHORT_FIELDS = ("name", "alternate", "job", "role", "founder", "title", "publisher", "author",
                "cofounder", "related", "heading")
LONG_FIELDS = ("lead", "snapshot", "paragraph", "question", "reading")


def value(label: str, texts: Texts) -> str:
    """What the field ``label`` holds: its label, then the hostile (or benign) text."""
    text = texts.short if label in SHORT_FIELDS else texts.long
    return f"{label.capitalize()} {text}"


def profile_data(target: Path, texts: Texts) -> Path:
    """A copy of data/ at ``target`` whose seed profile carries ``texts`` in every text
    field (:data:`SHORT_FIELDS`, :data:`LONG_FIELDS`); returns the data directory."""
    shutil.copytree(DATA, target)
    path = target / "profiles" / "illia-polosukhin.md"
    _, front, _body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta: dict[str, Any] = yaml.safe_load(front)
    meta["slug"] = "illia-polosukhin"
    meta["name"] = value("name", texts)
    meta["alternateName"] = [value("alternate", texts)]
    meta["jobTitle"] = value("job", texts)
    source = meta["sources"]["near-foundation-2023"]
    source["title"] = value("title", texts)
    source["publisher"] = value("publisher", texts)
    meta["sources"]["hostile-2024"] = {
        "citation": "A citation", "type": "BlogPosting", "title": "A blog post",
        "author": [value("author", texts)], "datePublished": "2024-02-01"}
    meta["roles"][0]["roleName"] = value("role", texts)
    meta["roles"][0]["sources"] = ["near-foundation-2023", "hostile-2024"]
    meta["founded"][0]["roleName"] = value("founder", texts)
    meta["founded"][0]["with"] = [value("cofounder", texts)]
    body = "\n".join([
        f"# {meta['name']}", "",
        f"{value('lead', texts)} is the lead.", "",
        "## Snapshot", "",
        f"- Known for: {value('snapshot', texts)}", "",
        f"## {value('heading', texts)}", "",
        f"{value('paragraph', texts)} ends here.", "",
        "## Spiralist Reading", "",
        f"{value('reading', texts)} as a reading.", "",
        "## Open Questions", "",
        f"- {value('question', texts)}?", "",
        "## Related Pages", "",
        "- Aidan Gomez",
        f"- {value('related', texts)}", ""])
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return target
