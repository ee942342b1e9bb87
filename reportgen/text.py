"""Chinese text helpers shared by the rules, the render context and the readers."""

from __future__ import annotations

import re

_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|"
    r"\d+\s*[、.．](?!\d)|第[一二三四五六七八九十]+[部分章节]?)\s*"
)
MAX_NARRATIVE_LEVELS = 3


def strip_numbering(title: str) -> tuple[str, str]:
    """Split a typed-in number off a title: ``（一）主动公开`` → (``（一）``, ``主动公开``)."""
    match = _NUMBERING.match(title)
    if not match or match.end() == len(title):
        return "", title.strip()
    return match.group(0).strip(), title[match.end():].strip()
