"""The 正文 sheet of a fill-in workbook: one row per section or sub-heading → the narratives.

Columns 标题 | 正文 | 层级. A row whose 层级 is 部分 opens a section: in the 2019/2021 formats
its 标题 is the official section title (一、总体情况 …), matched like a published heading; in
a legacy report it is the section's own title. Rows below it are its sub-headings, 层级 1 to 3
(empty counts as 1); a row with 正文 but neither 标题 nor 层级 continues the text above it as
a new paragraph.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..formats import Format, SectionKind
from ..locations import KeyPath, Position
from .labels import Matcher, normal
from .published import Published
from .tables import Note

#: What the 层级 column says on a section's own row.
SECTION_LEVEL = _SECTION = "部分"
#: How deep sub-headings go: （一） 1. （1）.
MAX_LEVEL = 3


def text_of(value: Any) -> str:
    """A cell value as the text the table readers read (integral floats without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value)



def _text(sheet: Any, r: int, c: int) -> str:
    value, present = sheet.value(r, c)
    return text_of(value).replace("\r\n", "\n").strip() if present else ""


def read_text(source: Published, fmt: Format, sheet: Any) -> None:
    """Read the sections of ``sheet`` into ``source.data``, with their places."""
    sections = Matcher((s.title, s) for s in fmt.sections if s.kind is SectionKind.NARRATIVE)
    current: dict[str, Any] | None = None
    path: KeyPath = ()
    stack: list[tuple[int, dict[str, Any], KeyPath]] = []
    last: tuple[dict[str, Any], str] | None = None
    legacy: list[dict[str, Any]] = []
    for r in range(2, sheet.rows + 1):
        title, body, level = _text(sheet, r, 1), _text(sheet, r, 2), _text(sheet, r, 3)
        here = Position(r, 1, f"{sheet.title} 第{r}行 第1列")
        if not (title or body or level):
            continue
        if level == _SECTION:
            current, stack = {"title": title, "intro": body, "sections": []}, []
            last = (current, "intro")
            if fmt.sections:
                found = sections.match(title)
                if found is None:
                    source.notes.append(Note("unread", here.where, here,
                                             f"“{normal(title)[:30]}”不是本格式正文的部分标题，这一部分未读取"))
                    current, last = None, None
                    continue
                if not found.exact:
                    source.notes.append(Note("label", here.where, here,
                                             f"标题写的是“{title}”，按官方标题“{found.label}”读取",
                                             title, found.label, (found.value.key,)))
                path = (found.value.key,)
                source.data[found.value.key] = current
            else:
                path = ("sections", len(legacy))
                legacy.append(current)
            source.values[path] = here
            intro: KeyPath = (*path, "intro")
            source.values[intro] = Position(r, 2, f"{sheet.title} 第{r}行 第2列")
            continue
        if current is None:
            source.notes.append(Note("unread", here.where, here,
                                     "这一行之前没有层级为“部分”的行，不知道属于哪一部分，未读取"))
            continue
        if not title and not level and last is not None:
            node, key = last
            node[key] = f"{node[key]}\n\n{body}" if node[key] else body
            continue
        depth = int(level) if level.isdigit() and 1 <= int(level) <= MAX_LEVEL else 1
        if level and str(depth) != level:
            source.notes.append(Note("unread", here.where, here,
                                     f"层级应为 1 至 {MAX_LEVEL} 或“{_SECTION}”，写的是“{level}”，按 1 读取"))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent, parent_path = (stack[-1][1], stack[-1][2]) if stack else (current, path)
        node = {"title": title, "text": body, "sections": []}
        node_path = (*parent_path, "sections", len(parent["sections"]))
        parent["sections"].append(node)
        stack.append((depth, node, node_path))
        last = (node, "text")
        source.values[node_path] = here
        title_path: KeyPath = (*node_path, "title")
        text_path: KeyPath = (*node_path, "text")
        source.values[title_path] = here
        source.values[text_path] = Position(r, 2, f"{sheet.title} 第{r}行 第2列")
    for section in fmt.sections:
        if section.key in source.data and section.kind is SectionKind.NARRATIVE:
            source.data[section.key] = _shape(source.data[section.key], legacy=False)
    if not fmt.sections and legacy:
        source.data["sections"] = [_shape(s, legacy=True) for s in legacy]


def _sub(node: dict[str, Any]) -> dict[str, Any]:
    out = {"title": node["title"], "text": node["text"]}
    if node["sections"]:
        out["sections"] = [_sub(s) for s in node["sections"]]
    return out


def _shape(node: dict[str, Any], *, legacy: bool) -> dict[str, Any]:
    """The section in the shape the published-report readers give (``reportgen import``
    writes it out): intro, and sub-headings when there are any."""
    subs = [_sub(s) for s in node["sections"]]
    out = {"title": node["title"]} if legacy else {}
    return {**out, "intro": node["intro"], **({"sections": subs} if subs else {})}
