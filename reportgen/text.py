"""Chinese text helpers shared by the rules, the render context and the readers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|"
    r"\d+\s*[、.．](?!\d)|第[一二三四五六七八九十]+[部分章节]?)\s*"
)
MAX_NARRATIVE_LEVELS = 3


def chinese_date(date: dt.date) -> str:
    """Return a date as reports and messages print it: ``2025年1月31日`` (GB/T 9704, no zero padding)."""
    return f"{date.year}年{date.month}月{date.day}日"


def strip_numbering(title: str) -> tuple[str, str]:
    """Split a typed-in number off a title: ``（一）主动公开`` → (``（一）``, ``主动公开``)."""
    match = _NUMBERING.match(title)
    if not match or match.end() == len(title):
        return "", title.strip()
    return match.group(0).strip(), title[match.end():].strip()


@dataclass(frozen=True)
class Sentence:
    """One sentence of a narrative text: its words as written and where it starts."""

    text: str
    start: int


#: Sentence ends, and the colon that opens an enumeration (“仍有差距：一是……”).
_SENTENCE_END = re.compile(r"[。；;！？!?\n]|：(?=\s*(?:[一二三四五六七八九十]是|[（(]|\d+[、.．]))")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]是|首先|其次|再次|最后|第[一二三四五六七八九十]+|"
                         r"[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|"
                         r"\d+\s*[、.．](?!\d))[，、:：\s]*")


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, each without its leading enumerator (一是、（一）、1.)."""
    out: list[Sentence] = []
    start = 0
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        piece = text[start:end]
        stripped = piece.lstrip()
        offset = start + len(piece) - len(stripped)
        match = _ENUMERATOR.match(stripped)
        if match:
            stripped, offset = stripped[match.end():], offset + match.end()
        if stripped.strip():
            out.append(Sentence(stripped.rstrip(), offset))
        start = end + 1
    return out


_NOT_WORDS = re.compile(r"[\s\W_]+")


def normalise(text: str) -> str:
    """Return ``text`` for comparison: no spaces or punctuation, every number written ``0``."""
    return re.sub(r"\d+(?:\.\d+)?", "0", _NOT_WORDS.sub("", text))
