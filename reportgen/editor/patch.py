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
from decimal import Decimal
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError
from ..readers.yaml_reader import load_text

Edit = tuple[int, int, str]


class _Shape(Exception):
    """The form changed the shape of the document (keys or list items added or removed)."""


def patch(text: str, wanted: dict[str, Any], *, as_json: bool) -> str | None:
    """Return ``text`` with the changed values rewritten, or ``None`` when that cannot be done.

    Args:
        text: the file's text.
        wanted: the new document, as the reader would return it.
        as_json: the file is JSON (values are written in JSON syntax).
    """
    try:
        old = load_text(text, "").data
        root = YAML().compose(text)
    except (InputError, YAMLError, ValueError):  # not readable as it is: not patchable
        return None
    edits: list[Edit] = []
    try:
        _walk(root, old, wanted, text, edits, as_json, key_column=-2, flow=False)
    except _Shape:
        return None
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    try:
        again = load_text(text, "").data
    except InputError:
        return None
    return text if _equal(again, wanted) else None


def _walk(node: Node | None, old: Any, new: Any, text: str, edits: list[Edit], as_json: bool,
          key_column: int, flow: bool) -> None:
    if isinstance(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict):
        keys = [k.value for k, _ in node.value]
        if sorted(keys) != sorted(new):  # the order is the file's: the form never reorders keys
            raise _Shape
        for key_node, value in node.value:
            _walk(value, old[key_node.value], new[key_node.value], text, edits, as_json,
                  key_node.start_mark.column, flow or bool(node.flow_style))
    elif isinstance(node, SequenceNode) and isinstance(old, list) and isinstance(new, list):
        if len(node.value) != len(new):
            raise _Shape
        for item, old_item, new_item in zip(node.value, old, new, strict=True):
            _walk(item, old_item, new_item, text, edits, as_json, item.start_mark.column - 2,
                  flow or bool(node.flow_style))
    elif isinstance(node, ScalarNode) and not isinstance(new, dict | list):
        if not _equal(old, new):
            start, end = node.start_mark.index, node.end_mark.index
            edits.append((start, end, _scalar(new, text[start:end], as_json, key_column, flow)))
    else:
        raise _Shape


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
    if as_json:
        return json.dumps(text, ensure_ascii=False)
    if "\n" in text.rstrip("\n") or original.startswith("|"):
        if flow:
            return json.dumps(text, ensure_ascii=False)
        return _block(text, original, key_column)
    return text if _plain_ok(text, flow) else json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or (flow and any(c in text for c in ",[]{}")):
        return False
    try:
        return bool(pyyaml.safe_load(f"k: {text}") == {"k": text})
    except pyyaml.YAMLError:
        return False


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
