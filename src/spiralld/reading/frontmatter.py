"""Safe YAML that remembers line numbers, and front-matter splitting for profile files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import ProfileError

#: libyaml's safe loader when PyYAML was built with it (about 10x faster), else PyYAML's.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Deepest nesting of lists and mappings accepted (profiles need four or five levels).
MAX_DEPTH = 50
#: Largest integer accepted, in bits (a year, a count; never a 5,000-digit number).
MAX_INT_BITS = 64
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_BOOL, _STR = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:str"
_NONE: Mapping[Any, str] = MappingProxyType({})


class YamlMap(dict[str, Any]):
    """A YAML mapping that knows the line of itself and of each of its keys.

    ``written`` keeps, for each value YAML typed as a number (``007``, ``1.10``, ``.nan``),
    the text as written, so a field that expects text reads ``"007"``, not ``7``.
    """

    line: int
    key_lines: dict[str, int]
    written: Mapping[str, str] = _NONE   # made a dict only when a value needs it

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def text_of(self, key: str) -> Any:
        """The value at ``key``, or the text written for it if YAML typed it as a number."""
        return self.written.get(key, self.get(key))


class YamlList(list[Any]):
    """A YAML sequence that knows the line of itself and of each item (``written``: as in
    :class:`YamlMap`, keyed by the item's index)."""

    line: int
    item_lines: list[int]
    written: Mapping[int, str] = _NONE

    def text_at(self, index: int) -> Any:
        """The item at ``index``, or the text written for it if YAML typed it as a number."""
        return self.written.get(index, self[index])


def _remember(container: YamlMap | YamlList, where: Any, value: Any, text: str) -> None:
    """Keep the written text of a scalar YAML typed as a number (see :class:`YamlMap`)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if container.written is _NONE:
            container.written = {}
        container.written[where] = text  # type: ignore[index]


def load_yaml(text: str, path: str | Path, first_line: int = 1,
              what: str = "YAML front matter") -> Any:
    """Parse YAML safely (no tags, no aliases) into plain values with line numbers.

    Anchors and aliases are refused outright: profiles never need them, and refusing
    them rules out alias-expansion attacks ("billion laughs"). So are nesting deeper than
    MAX_DEPTH, integers beyond MAX_INT_BITS and control characters written as escapes
    (``"\\x01"``), which the text checks of the file would otherwise miss. ``what`` names
    the YAML in messages ("malformed YAML front matter: ...").

    The values are built from libyaml's event stream in one loop (PyYAML's composer
    recurses, and a few thousand nested brackets overflow its C stack).
    """
    loader = SAFE_LOADER(text)
    try:
        return _compose(loader, path, first_line - 1, what)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        problem = error.problem or error.context or "malformed YAML"
        if error.context and problem.startswith("but "):
            problem = f"{error.context}, {problem}"
        if "cannot start any token" in problem and _char_at(text, mark) == "\t":
            problem = "a tab cannot indent YAML: indent with spaces"
        if "maximum nesting depth" in problem:   # PyYAML 6.0.4's own limit, met first
            raise ProfileError(f"YAML nested more than {MAX_DEPTH} levels deep",
                               path, line) from None
        raise ProfileError(f"malformed {what}: {problem}", path, line) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + first_line
        char = error.character if isinstance(error.character, str) else chr(error.character)
        raise ProfileError(f"malformed {what}: character U+{ord(char):04X} is not allowed "
                           "in YAML", path, line) from None
    except yaml.YAMLError as error:
        raise ProfileError(f"malformed {what}: {error}", path, first_line) from None
    finally:
        loader.dispose()


_Container = YamlMap | YamlList
#: Tags a list or mapping may carry (explicitly or not); any other is refused.
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


def _compose(loader: Any, path: str | Path, offset: int, what: str) -> Any:
    """The document's value, or None for an empty document (see :func:`load_yaml`)."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # document start
    stack: list[_Container] = []
    pending: list[str | None] = []  # per open mapping: the key waiting for its value
    root: Any = None
    while True:
        event = loader.get_event()
        line = event.start_mark.line + 1 + offset
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = stack.pop()
            pending.pop()
            if not stack:
                root = done
                break
            continue
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ProfileError("YAML anchors and aliases are not allowed in profiles", path, line)
        parent = stack[-1] if stack else None
        if isinstance(parent, YamlMap) and pending[-1] is None:  # a key
            if not isinstance(event, yaml.ScalarEvent):
                raise ProfileError("mapping keys must be plain text", path, parent.line)
            key = str(event.value)
            if key in parent:
                raise ProfileError(f"duplicate key {key!r}", path, line)
            parent.key_lines[key] = line
            pending[-1] = key
            continue
        value: Any
        if (isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
                and event.tag not in _COLLECTION_TAGS):
            raise ProfileError("malformed YAML value: could not determine a constructor for "
                               f"the tag {event.tag!r}", path, line)
        if isinstance(event, yaml.MappingStartEvent):
            value = YamlMap()
            value.line, value.key_lines = line, {}
        elif isinstance(event, yaml.SequenceStartEvent):
            value = YamlList()
            value.line, value.item_lines = line, []
        else:
            value = _scalar(event, loader, path, line)
        if isinstance(parent, YamlMap):
            key = pending[-1]
            assert key is not None
            parent[key] = value
            pending[-1] = None
            if isinstance(event, yaml.ScalarEvent):
                _remember(parent, key, value, event.value)
        elif isinstance(parent, YamlList):
            if isinstance(event, yaml.ScalarEvent):
                _remember(parent, len(parent), value, event.value)
            parent.append(value)
            parent.item_lines.append(line)
        if isinstance(value, (YamlMap, YamlList)):
            if len(stack) >= MAX_DEPTH:
                raise ProfileError(f"YAML nested more than {MAX_DEPTH} levels deep", path, line)
            stack.append(value)
            pending.append(None)
        elif parent is None:
            root = value
            break
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        line = loader.peek_event().start_mark.line + 1 + offset
        raise ProfileError(f"malformed {what}: expected a single document, but found another",
                           path, line)
    return root


def _char_at(text: str, mark: Any) -> str | None:
    """The character a YAML error mark points at, if the mark is known."""
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return None
    return lines[mark.line][mark.column]


def _scalar(event: Any, loader: Any, path: str | Path, line: int) -> Any:
    """The value of a scalar event, refusing what no profile field can hold."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _BOOL and event.value.lower() not in ("true", "false"):
            tag = _STR   # YAML 1.2: yes/no/on/off are text ("jobTitle: no" is not False)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    if node.tag == "tag:yaml.org,2002:timestamp":
        value: Any = node.value  # dates stay text: spiralld parses them with its own rules
    else:
        try:
            value = loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as error:
            problem = error.problem or error.context or "malformed YAML"
            raise ProfileError(f"malformed YAML value: {problem}", path, line) from None
        except (yaml.YAMLError, ValueError, LookupError, TypeError, OverflowError):
            # PyYAML's own constructors fail on "!!int ''" (IndexError), "!!bool x" (KeyError)
            kind = node.tag.rsplit(":", 1)[-1]
            raise ProfileError(f"malformed YAML value: {_short(node.value)!r} is not a "
                               f"valid {kind}", path, line) from None
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise ProfileError(f"number {_short(node.value)!r} is too large (if it is text, "
                           "quote it: '...')", path, line)
    if isinstance(value, bytes):
        raise ProfileError("binary YAML values (!!binary) are not allowed", path, line)
    if isinstance(value, str):
        bad = _BAD_CONTROL.search(value)
        if bad:
            raise ProfileError(f"control character U+{ord(bad.group()):04X} in text", path, line)
    return value


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_front_matter(text: str, path: str | Path) -> tuple[str, int, str, int]:
    """Split ``---`` front matter from the body.

    Returns (yaml_text, yaml_first_line, body_text, body_first_line).
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ProfileError("a profile must start with '---' and YAML front matter", path, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, 2, body, index + 2
    raise ProfileError("front matter is not closed by a '---' line", path, 1)
