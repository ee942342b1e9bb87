"""Narrative text of a published report: the preface with its contact line, and the
paragraphs of a section grouped under their numbered sub-headings."""

from __future__ import annotations

import re
from typing import Any

from ..formats import CONTACT_LABEL, CONTACT_PARTS
from ..text import strip_numbering
from .document import Paragraph
from .labels import normal

_SUB = (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), re.compile(r"^\d+\s*[.．、](?!\d)"),
        re.compile(r"^[（(]\d+[)）]"))
#: A paragraph longer than this is body text even when it starts like a heading.
HEADING_CHARS = 40


def preface(data: dict[str, Any], paragraphs: list[Paragraph]) -> None:
    kept: list[str] = []
    names = {label: key for key, label in CONTACT_PARTS.items()}
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        contact = _contact(text, names)
        if contact is not None:
            data["contact"] = contact
        else:
            kept.append(text)
    if kept:
        data["preface"] = "\n\n".join(kept)


def _contact(text: str, names: dict[str, str]) -> dict[str, str] | None:
    lead = f"{CONTACT_LABEL}："
    if not text.startswith(lead):
        return None
    out: dict[str, str] = {}
    for part in text[len(lead):].rstrip("。").split("；"):
        label, _, value = part.partition("：")
        if label not in names or not value:
            return None
        out[names[label]] = value
    return out


def narrative(paragraphs: list[Paragraph]) -> dict[str, Any]:
    """Intro paragraphs, then sub-headings (by style, else by their numbers) with their text."""
    root: dict[str, Any] = {"intro": [], "sections": []}
    stack: list[tuple[int, dict[str, Any]]] = [(0, root)]
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        level = _sub_level(paragraph)
        if level:
            while stack[-1][0] >= level:
                stack.pop()
            node: dict[str, Any] = {"title": strip_numbering(text)[1], "text": [], "sections": []}
            stack[-1][1]["sections"].append(node)
            stack.append((level, node))
        else:
            owner = stack[-1][1]
            owner["intro" if owner is root else "text"].append(text)
    return _joined(root)


def _joined(node: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "sections":
            if value:
                out[key] = [_joined(child) for child in value]
        elif isinstance(value, list):
            out[key] = "\n\n".join(value)
        else:
            out[key] = value
    return out


def _sub_level(paragraph: Paragraph) -> int:
    if paragraph.level >= 2:
        return paragraph.level - 1
    text = paragraph.text.strip()
    if len(normal(text)) > HEADING_CHARS or "。" in text.rstrip("。"):
        return 0
    for level, pattern in enumerate(_SUB, 1):
        if pattern.match(text):
            return level
    return 0
