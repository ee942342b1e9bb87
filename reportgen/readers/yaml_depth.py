"""Nesting depth of an input file, checked before it is composed (see :func:`check_flow_depth`)."""

from __future__ import annotations

import yaml

from ..errors import InputError
from .yaml_hints import problem
from .yaml_scalars import Loader

#: Deeper nesting than this is refused (a report is at most ~8 levels deep).
MAX_DEPTH = 40


def check_flow_depth(text: str, name: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` using the parser's event stream.

    PyYAML's C composer recurses once per level and overflows the C stack (a segfault, not an
    exception) on inputs like ``[[[[…]]]]`` of 100 000 levels; the event parser does not.
    """
    depth = block_depth = 0
    flows: list[bool] = []  # flow style of each open collection (end events do not say)
    loader = Loader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                flows.append(bool(event.flow_style))
                block_depth += not flows[-1]
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise _too_deep(name, line, column)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                block_depth -= not (flows.pop() if flows else True)
    except yaml.YAMLError:
        # PyYAML 6.0.2+ stops at its own nesting limit (1000) while scanning ahead, before
        # the event that crosses ours: find that place in the text, whatever PyYAML says.
        place = _flow_too_deep(text, MAX_DEPTH - block_depth)
        if place is not None:
            raise _too_deep(name, *place) from None
        return  # a syntax error: the real parse reports it with its position
    finally:
        loader.dispose()


def _too_deep(name: str, line: int, column: int) -> InputError:
    return InputError([problem(name, line, column, "YAML-DEPTH", f"嵌套层数过多（上限 {MAX_DEPTH} 层）：年度报告的输入最多只有几层，请检查是否多写了括号")])


def _flow_too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """Return the line and column of the first ``[`` or ``{`` nested more than ``limit`` deep,
    skipping quoted strings and comments; ``None`` when there is none."""
    depth, quote, line, column = 0, "", 1, 0
    previous = "\n"
    for char in text:
        column += 1
        if char == "\n":
            line, column, previous = line + 1, 0, char
            if quote != '"':
                quote = "" if quote == "#" else quote
            continue
        if quote == "#":
            continue
        if quote:
            if char == quote and previous != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and previous in " \t\n":
            quote = "#"
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, column
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return None
