"""Widths estimated without the fonts: where a long title breaks, and how far the signature
and date stand in from the right (GB/T 9704 §7.3.5.2)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: Ems of 二号 (22 pt) type that fit on one line of the 156 mm (442 pt) text block.
TITLE_LINE_CHARS = 20


def split_title(title: str, agency: str) -> tuple[str, ...]:
    """Break a long title into lines shaped like a trapezoid (shorter line above), never
    inside a word: only after the agency name, after ``…年`` or before ``政府信息公开``.

    Widths are measured as the title fonts set them (:func:`title_width`), not by counting
    characters: ``某县教育局2024年政府信息公开工作年度报告`` is 20 characters but wider than
    the line, and left to itself the PDF broke it before its last character.
    """
    if title_width(title) <= TITLE_LINE_CHARS:
        return (title,)
    breaks = {len(agency)} if title.startswith(agency) else set()
    breaks |= {m.end() for m in re.finditer(r"\d{4}年度?", title)}
    breaks |= {m.start() for m in re.finditer("政府信息公开", title)}
    good = [b for b in breaks if 0 < b < len(title)
            and title_width(title[b:]) <= TITLE_LINE_CHARS]
    if not good:
        middle = len(title) // 2
        return (title[:middle], title[middle:])
    # Prefer a first line no longer than the second, as balanced as possible.
    best = min(good, key=lambda b: (title_width(title[:b]) > title_width(title[b:]),
                                    abs(title_width(title[:b]) - title_width(title[b:]))))
    return (title[:best], *split_title(title[best:], ""))


#: Advance of a narrow character (digits) in ems: the widest among the title faces used
#: (Noto Serif CJK SC Bold 0.594, FandolSong Bold and 方正小标宋 0.5).
_NARROW_EM = 0.6


def title_width(text: str) -> float:
    """Width in ems of the title type: wide (CJK) characters 1, narrow ones at most 0.6."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else _NARROW_EM for c in text)


def display_width(text: str) -> float:
    """Width in character cells: wide (CJK) characters count 1, narrow ones 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def signature_offsets(signature: str, date: str, right: float = 2.0, step: float = 2.0,
                      width: Callable[[str], float] = display_width) -> tuple[float, float]:
    """Right offsets (in characters) of the signature and date lines, GB/T 9704 §7.3.5.2.

    Without a seal the signature stands ``right`` (two) characters in from the right and the
    date starts ``step`` (two) characters right of the signature's start; a date longer than
    that stands ``right`` characters in, and the signature moves left to keep the step.
    ``width`` gives a line's width in characters: estimated (digits half a character) unless
    a writer knows the font's advances (the PDF's digits are wider than half).
    """
    sig, day = width(signature), width(date)
    sig_right = right
    date_right = sig_right + sig - step - day
    if date and date_right < right:
        date_right = right
        sig_right = date_right + day + step - sig
    return sig_right, date_right
