"""Read YAML keeping the line of every value, so errors can point at the right line."""

from __future__ import annotations

from typing import Any

import yaml

Loc = tuple[str | int, ...]


class YamlProblem(Exception):
    """Unreadable YAML, with the 1-based line where the parser stopped (if known)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def load_with_lines(text: str) -> tuple[Any, dict[Loc, int], list[tuple[int, str]]]:
    """Parse one YAML document: (data, line of each path, duplicate keys as (line, key))."""
    loader = None
    lines: dict[Loc, int] = {}
    duplicates: list[tuple[int, str]] = []
    try:
        loader = yaml.SafeLoader(text)  # the reader already rejects control characters here
        node = loader.get_single_node()
        if node is not None:  # walked before constructing: an alias bomb is refused here
            _walk(node, (), lines, duplicates, 0, set())
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(f"YAML không hợp lệ: {exc.problem or exc}", _line(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML không hợp lệ: {exc}", None) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise YamlProblem(f"giá trị YAML không đọc được: {exc}", None) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines, duplicates


def _line(mark: Any) -> int | None:
    return None if mark is None else int(mark.line) + 1


def _walk(
    node: yaml.Node,
    loc: Loc,
    lines: dict[Loc, int],
    dups: list[tuple[int, str]],
    depth: int,
    seen_nodes: set[int],
) -> None:
    lines[loc] = node.start_mark.line + 1
    if depth > 50:  # policies are shallow; do not recurse through hostile nesting
        return
    if isinstance(node, yaml.CollectionNode):
        # An alias (*name) of a list or mapping reuses its node: nested aliases expand
        # exponentially (a "billion laughs" file), so policies may not reuse collections.
        if id(node) in seen_nodes:
            raise YamlProblem(
                "YAML không hợp lệ: danh sách hay bảng đặt tên (&) ở dòng này được dùng lại "
                "bằng alias (*tên); tệp chính sách không dùng alias, viết đầy đủ ở từng chỗ",
                lines[loc],
            )
        seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                dups.append((key_node.start_mark.line + 1, key))
            seen.add(key)
            _walk(value_node, (*loc, key), lines, dups, depth + 1, seen_nodes)
            lines[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*loc, i), lines, dups, depth + 1, seen_nodes)


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of ``loc``, or of its nearest ancestor that exists in the file."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
