"""Saving by editing the text: only the values that changed are rewritten, in place.

A round-trip YAML library keeps comments and key order but re-spaces the rest (aligned columns,
indentation). When the form changed only values — numbers, words, paragraphs — and not the
shape of the document, the new values are written over the old ones at their exact places in
the text, so every other byte of the person's file stays as it was. The result is read back
and compared with what was wanted; anything else falls back to the round-trip merge.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError
from ..readers.yaml_reader import load_text

Edit = tuple[int, int, str]


def tab_led(text: str) -> bool:
    """Whether a line of ``text`` starts with a tab: in a block it would sit in the indentation,
    which the reader refuses (YAML-TAB), so such text is written quoted, the tab escaped."""
    return any(line.lstrip(" ").startswith("\t") for line in text.split("\n"))


class _Shape(Exception):
    """The form changed the shape of the document (keys or list items added or removed)."""


def patch(text: str, wanted: dict[str, Any], *, as_json: bool,
          dump: Callable[[Any], str] | None = None) -> str | None:
    """Return ``text`` with the changed values rewritten, or ``None`` when that cannot be done.

    Args:
        text: the file's text.
        wanted: the new document, as the reader would return it.
        as_json: the file is JSON (values are written in JSON syntax).
        dump: writes a new block-style YAML value (items and keys the form added); without it
            a change of shape is not patched.
    """
    try:
        old = load_text(text, "").data
        root = YAML().compose(text)
    except (InputError, YAMLError, ValueError):  # not readable as it is: not patchable
        return None
    patcher = _Patcher(text, as_json, None if as_json else dump)
    try:
        patcher.walk(root, old, wanted, key_column=-2, flow=False)
    except _Shape:
        return None
    for start, end, new in sorted(patcher.edits, reverse=True):
        text = text[:start] + new + text[end:]
    try:
        again = load_text(text, "").data
    except InputError:
        return None
    return text if _equal(again, wanted) else None


class _Patcher:
    """Collects the text edits that turn the old document into the new one."""

    def __init__(self, text: str, as_json: bool, dump: Callable[[Any], str] | None) -> None:
        self.text = text
        self.as_json = as_json
        self.dump = dump
        self.edits: list[Edit] = []

    def walk(self, node: Node | None, old: Any, new: Any, key_column: int, flow: bool) -> None:
        if (not flow and self.dump is not None and key_column > -2 and isinstance(new, dict | list)
                and isinstance(node, MappingNode | SequenceNode) and node.flow_style):
            edits = len(self.edits)
            try:
                self.values(node, old, new, key_column, True)
            except _Shape:
                # A flow collection changed shape (a title line added, a table note removed):
                # it is written anew where it stands, on its line, and the rest of the file is
                # left alone rather than re-spaced by the round-trip fallback.
                del self.edits[edits:]
                self.edits.append((node.start_mark.index, node.end_mark.index, _flow(new)))
            return
        self.values(node, old, new, key_column, flow)

    def values(self, node: Node | None, old: Any, new: Any, key_column: int, flow: bool) -> None:
        """Collect the edits under ``node``; raise :class:`_Shape` when they cannot be made."""
        flow = flow or bool(getattr(node, "flow_style", False))
        if isinstance(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict):
            self.mapping(node, old, new, flow)
        elif isinstance(node, SequenceNode) and isinstance(old, list) and isinstance(new, list):
            for item, old_item, new_item in zip(node.value, old, new, strict=False):
                self.walk(item, old_item, new_item, item.start_mark.column - 2, flow)
            if len(node.value) != len(new):
                self.resize(node, new, flow)
        elif isinstance(node, ScalarNode) and not isinstance(new, dict | list):
            if not _equal(old, new):
                start, end = node.start_mark.index, node.end_mark.index
                self.edits.append((start, end, _scalar(new, self.text[start:end], self.as_json,
                                                       key_column, flow)))
        elif isinstance(node, ScalarNode) and new and not flow and self.dump is not None:
            # A text that became sub-headings (a narrative given sub-sections): the new value
            # goes on the lines below its key.
            start = node.start_mark.index
            while start > 0 and self.text[start - 1] == " ":
                start -= 1
            self.edits.append((start, self.after(node), "\n" + self.block(new, key_column + 2)))
        else:
            raise _Shape

    def mapping(self, node: MappingNode, old: dict[str, Any], new: dict[str, Any],
                flow: bool) -> None:
        present = {k.value for k, _ in node.value}
        for key_node, value in node.value:
            emptied = new.get(key_node.value) in ([], {}) and old.get(key_node.value)
            if emptied and not flow and not getattr(value, "flow_style", True):
                # The last sub-heading removed: "sections: []" instead of the items.
                empty = "[]" if isinstance(new[key_node.value], list) else "{}"
                self.edits.append((key_node.end_mark.index, self.before_blank(value), f": {empty}\n"))
            elif key_node.value in new:
                self.walk(value, old[key_node.value], new[key_node.value],
                          key_node.start_mark.column, flow)
            elif flow or self.dump is None or len(present - set(new)) == len(present):
                raise _Shape
            else:  # a key the form removed (an emptied optional field): its lines go
                start = self.text.rfind("\n", 0, key_node.start_mark.index) + 1
                self.edits.append((start, self.before_blank(value), ""))
        added = {k: v for k, v in new.items() if k not in present}
        if added:
            if flow or self.dump is None or not node.value:
                raise _Shape
            column = node.value[0][0].start_mark.column
            end = self.before_blank(node.value[-1][1])
            self.edits.append((end, end, self.block(added, column)))

    def resize(self, node: SequenceNode, new: list[Any], flow: bool) -> None:
        """Items added at the end or removed from the end of a block list."""
        if flow or self.dump is None or not node.value:
            raise _Shape
        column = node.value[0].start_mark.column - 2  # the dash
        if len(new) > len(node.value):
            end = self.before_blank(node.value[-1])
            self.edits.append((end, end, self.block(new[len(node.value):], column)))
        elif new:
            self.edits.append((self.before_blank(node.value[len(new) - 1]),
                               self.before_blank(node.value[-1]), ""))
        else:
            raise _Shape

    def after(self, node: Node) -> int:
        """The start of the line after ``node`` (block scalars already end there)."""
        end: int = node.end_mark.index
        line = self.text.rfind("\n", 0, end) + 1
        if not self.text[line:end].strip():  # ends where the next line's content starts
            return line
        newline = self.text.find("\n", end)
        return len(self.text) if newline < 0 else newline + 1

    def before_blank(self, node: Node) -> int:
        """Where to insert after ``node``: before the blank lines that separate it from the next."""
        end = self.after(node)
        while end > 1:
            start = self.text.rfind("\n", 0, end - 1) + 1  # the line that ends just before end
            if start == 0 or self.text[start:end].strip():
                break
            end = start
        return end

    def block(self, value: Any, column: int) -> str:
        assert self.dump is not None
        lines = textwrap.dedent(self.dump(value)).splitlines()
        return "".join((" " * column + line if line else "") + "\n" for line in lines)


def _equal(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, dict) and isinstance(new, dict):
        return sorted(old) == sorted(new) and all(_equal(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_equal(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, str) and isinstance(new, str):
        return old.rstrip("\n") == new.rstrip("\n")
    return type(old) is type(new) and bool(old == new)


def _flow(value: Any) -> str:
    """A YAML flow value (``[a, b]``, ``{k: v}``) for a flow collection written anew."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value, "", False, 0, True)


def _scalar(value: Any, original: str, as_json: bool, key_column: int, flow: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat()) if as_json else value.isoformat()
    text = str(value)
    if as_json or tab_led(text):  # a tab opening a block line would sit in its indentation
        return json.dumps(text, ensure_ascii=False)
    if "\n" in text.rstrip("\n") or original.startswith("|"):
        if flow:
            return json.dumps(text, ensure_ascii=False)
        return _block(text, original, key_column)
    return text if plain_ok(text, flow) else json.dumps(text, ensure_ascii=False)


def plain_ok(text: str, flow: bool) -> bool:
    """Whether ``text`` reads back as itself unquoted, in a flow list (``[…]``) or a block."""
    if not text or text != text.strip() or (flow and any(c in text for c in ",[]{}")):
        return False
    probe, expected = (f"k: [{text}]", {"k": [text]}) if flow else (f"k: {text}", {"k": text})
    try:  # the reader's parser (libyaml) is stricter than the writer's: ask it
        return bool(pyyaml.load(probe, Loader=_PROBE) == expected)
    except pyyaml.YAMLError:
        return False


_PROBE = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


def _block(text: str, original: str, key_column: int) -> str:
    """A literal block scalar at the original's indentation (else two past its key)."""
    indent = key_column + 2
    if original.startswith("|"):
        for line in original.split("\n")[1:]:
            if line.strip():
                indent = len(line) - len(line.lstrip(" "))
                break
    # A block scalar's span ends after its line break (and any blank lines), a plain one's
    # before it.
    tail = original[len(original.rstrip("\n ")):] if original.startswith("|") else ""
    tail = tail if tail.startswith("\n") or not original.startswith("|") else "\n" + tail
    lines = text.rstrip("\n").split("\n")
    pad = " " * max(indent, 1)
    return "|\n" + "\n".join(pad + line if line else "" for line in lines) + tail
