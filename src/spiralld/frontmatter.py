"""Safe YAML that remembers line numbers, and front-matter splitting for profile files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ProfileError

#: libyaml's safe loader when PyYAML was built with it (about 10x faster), else PyYAML's.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlMap(dict[str, Any]):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list[Any]):
    """A YAML sequence that knows the line of itself and of each item."""

    line: int
    item_lines: list[int]


def load_yaml(text: str, path: str | Path, first_line: int = 1) -> Any:
    """Parse YAML safely (no tags, no aliases) into plain values with line numbers.

    Anchors and aliases are refused outright: profiles never need them, and refusing
    them rules out alias-expansion attacks ("billion laughs").
    """
    offset = first_line - 1
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else first_line
        problem = error.problem or error.context or "malformed YAML"
        raise ProfileError(f"malformed YAML front matter: {problem}", path, line) from None
    except yaml.YAMLError as error:
        raise ProfileError(f"malformed YAML front matter: {error}", path, first_line) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _convert(node, loader, path, offset, set())


def _convert(node: yaml.Node, loader: Any, path: str | Path, offset: int,
             seen: set[int]) -> Any:
    line = node.start_mark.line + 1 + offset
    if id(node) in seen or getattr(node, "anchor", None):
        raise ProfileError("YAML anchors and aliases are not allowed in profiles", path, line)
    if isinstance(node, yaml.MappingNode):
        seen.add(id(node))
        mapping = YamlMap()
        mapping.line, mapping.key_lines = line, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ProfileError("mapping keys must be plain text", path, line)
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1 + offset
            if key in mapping:
                raise ProfileError(f"duplicate key {key!r}", path, key_line)
            mapping[key] = _convert(value_node, loader, path, offset, seen)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        seen.add(id(node))
        sequence = YamlList()
        sequence.line, sequence.item_lines = line, []
        for item in node.value:
            sequence.append(_convert(item, loader, path, offset, seen))
            sequence.item_lines.append(item.start_mark.line + 1 + offset)
        return sequence
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay text: spiralld parses them with its own precision rules
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as error:
        raise ProfileError(f"malformed YAML value: {error}", path, line) from None


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
