"""Lines of body text that fill the measure exactly (GB/T 9704: 撑满版心), for the PDF.

WeasyPrint justifies by stretching spaces only, and Chinese has none: every line ended where
its last character happened to fall. Here paragraphs are broken into lines with the real
advance widths of the font that sets them (fontTools), the 避头尾 rules applied, and each
line but the last given the letter spacing that makes its last character end at the right
edge. Only spacing changes: the text, as copied or extracted, is exactly the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import markupsafe

if TYPE_CHECKING:
    from ..styles import HouseStyle, Style

#: May not start a line (GB/T 15834 and common 避头尾 practice): closing marks and pauses.
NO_START = frozenset("。，、；：？！…‥）》」』】〕〗〉’”·%‰,.;:!?)]}-")
#: May not end a line: opening marks.
NO_END = frozenset("（《「『【〔〖〈‘“([{")
#: Runs that must stay together: Latin words, numbers and addresses (with their inner
#: punctuation: ``0691-5122326``, ``a@b.cn``, ``http://x.cn/a?b=1``).
_WORD = re.compile(r"[0-9A-Za-z]+(?:[-.@_/:%?=&#~+]+[0-9A-Za-z]+)*|.", re.S)
#: Where an address may break (after these), when the line would be loose otherwise.
_BREAK_AFTER = frozenset("-./@_:?=&#~+%")
#: Room left (in ems) above which a line counts as loose.
_LOOSE = 4
#: Measurement slack (points): floating error must not push a fitting character out.
_SLACK = 0.01


@dataclass(frozen=True)
class Line:
    """One line of a paragraph: its text and the letter spacing (pt) that sets it.

    ``tight`` holds the indices of the characters inside a Latin word or number (all but its
    last), which keep the style's spacing: the line's spacing goes only between the others.
    """

    text: str
    spacing: float
    tight: tuple[int, ...] = ()


def break_lines(text: str, advance: Callable[[str], float], *, size: float, spacing: float,
                width: float, indent: float) -> list[Line]:
    """Break ``text`` into lines of ``width`` points, the first indented by ``indent``.

    Args:
        text: the paragraph.
        advance: a character's advance width in ems.
        size: font size in points.
        spacing: the letter spacing of the style (pt), as CSS applies it: after every
            character, so ``n`` characters take ``sum(advances) + n * spacing``.
        width: the measure in points.
        indent: the first line's indent in points.

    Returns:
        The lines; each full line's spacing makes its last glyph end at ``width``; the
        last line keeps the style's spacing.
    """
    tokens = _WORD.findall(text)
    # A run longer than the line (a long web address) may break anywhere.
    tokens = [part for token in tokens for part in
              (token if sum(advance(c) for c in token) * size > width else [token])]
    widths = [sum(advance(c) for c in token) * size for token in tokens]
    lines: list[list[int]] = []
    index = 0
    while index < len(tokens):
        start, used = index, indent if not lines else 0.0
        while index < len(tokens) and (index == start or used + widths[index]
                                       + len(tokens[index]) * spacing <= width + _SLACK):
            used += widths[index] + len(tokens[index]) * spacing
            index += 1
        if index < len(tokens) and width - used > _LOOSE * size:
            # An address that would leave this line loose breaks after its punctuation instead.
            cut = _cut(tokens[index], advance, size, spacing, width - used)
            if cut:
                token = tokens[index]
                tokens[index:index + 1] = [token[:cut], token[cut:]]
                widths[index:index + 1] = [sum(advance(c) for c in part) * size
                                           for part in tokens[index:index + 2]]
                used += widths[index] + cut * spacing
                index += 1
        # 避头尾 by pushing down (推出): no closing mark starts the next line, no opening
        # mark ends this one; the line is then spaced a little wider.
        while start + 1 < index < len(tokens) and (tokens[index][0] in NO_START
                                                   or tokens[index - 1][-1] in NO_END):
            index -= 1
        if index < len(tokens) and tokens[index].isspace():  # a space ends, never starts, a line
            index += 1
        lines.append(list(range(start, index)))
    out = []
    for number, line in enumerate(lines):
        chars = "".join(tokens[i] for i in line)
        visible = chars.rstrip()
        tight = _tight([tokens[i] for i in line], len(visible))
        gaps = len(visible) - 1 - len(tight)
        if number == len(lines) - 1 or gaps < 1:
            out.append(Line(chars, spacing))
            continue
        natural = sum(advance(c) for c in visible) * size + len(tight) * spacing
        room = width - (indent if number == 0 else 0.0) - natural
        out.append(Line(chars, round(room / gaps, 4), tuple(tight)))
    return out


def _cut(token: str, advance: Callable[[str], float], size: float, spacing: float,
         room: float) -> int:
    """Return the longest head of ``token`` ending in punctuation that fits ``room``, or 0."""
    best, used = 0, 0.0
    for index, char in enumerate(token[:-1]):
        used += advance(char) * size + spacing
        if used > room + _SLACK:
            break
        if char in _BREAK_AFTER:
            best = index + 1
    return best


def _tight(tokens: list[str], visible: int) -> list[int]:
    """Indices of the characters followed by another of the same word (see :class:`Line`)."""
    tight, at = [], 0
    for token in tokens:
        if len(token) > 1:
            tight += [i for i in range(at, at + len(token) - 1) if i < visible - 1]
        at += len(token)
    return tight


def justify(line_list: list[Line], indent: float, spacing: float, lead: int = 0) -> markupsafe.Markup:
    """Return the HTML of a paragraph's lines: one block per line; the first ``lead``
    characters (a run-in sub-heading) in the level-2 heading's font.

    A full line's characters but the last are one inline box with the line's letter
    spacing; the last character follows as its own box. WeasyPrint places glyphs inside a
    box in whole thousandths of an em (up to 0.4 pt drift over a line) but boxes at their
    exact layout width, so the last character ends exactly at the right edge.
    """
    spans = []
    for number, line in enumerate(line_list):
        style = f"letter-spacing: {spacing}pt"
        if number == 0:
            style += f"; text-indent: {indent}pt"
        last = len(line.text.rstrip()) - 1  # the last visible character
        cut = min(lead, len(line.text))
        lead -= cut
        if line.spacing == spacing or last < 1:
            content = _lead(line.text[:cut]) + line.text[cut:]
        else:
            runs, start = [], 0
            for end in range(1, last + 1):  # runs of characters followed by the same spacing
                if end in (last, cut) or ((end - 1) in line.tight) != (end in line.tight):
                    gap = spacing if (end - 1) in line.tight else line.spacing
                    run = markupsafe.Markup('<span style="letter-spacing: {}pt">{}</span>').format(
                        gap, line.text[start:end])
                    runs.append(_lead(run) if end <= cut else run)
                    start = end
            content = markupsafe.Markup("").join(runs) + (
                _lead(line.text[last:]) if cut > last else line.text[last:])
        spans.append(markupsafe.Markup('<span class="line" style="{}">{}</span>').format(
            style, content))
    return markupsafe.Markup("").join(spans)


def _lead(text: str) -> markupsafe.Markup:
    """A run-in sub-heading's part of a line (report.css gives it the heading's font)."""
    return markupsafe.Markup('<span class="run-in">{}</span>').format(text) if text else \
        markupsafe.Markup("")


class Measurer:
    """Advance widths of a font stack: the first face that has the character decides.

    Faces are read only when a character is missing from the ones before (the body font
    usually has them all; the Noto CJK fallback alone takes ~0.2 s to read).
    """

    def __init__(self, locations: Sequence[tuple[Path, int]]) -> None:
        self._locations = list(locations)
        self._faces: list[dict[int, float]] = []

    def __call__(self, char: str) -> float:
        from ..fonts import advances

        code = ord(char)
        for index in range(len(self._locations)):
            if index == len(self._faces):
                self._faces.append(advances(*self._locations[index]))
            if code in self._faces[index]:
                return self._faces[index][code]
        return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5


def measurer(families: Sequence[str], files: tuple[Path, ...]) -> Measurer:
    """Return the advance widths of the faces of ``families`` that exist, in order."""
    from ..fonts import face_location

    return Measurer([location for family in families
                     if (location := face_location(family, files)) is not None])


#: Paper sizes (mm) the styles name.
PAPER_MM = {"A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0), "B5": (176.0, 250.0)}
_MM = 72 / 25.4


def text_width(style: Style) -> float:
    """Return the width of the text block in points."""
    size = style.page.size
    paper = PAPER_MM.get(size) or tuple(float(v[:-2]) for v in size.split())
    return paper[0] * _MM - style.page.margins.left - style.page.margins.right


def setter(house: HouseStyle) -> Callable[[str, str], markupsafe.Markup]:
    """Return the template function ``justify(text, kind)`` for a house style: the HTML of
    a paragraph (kind ``paragraph``) or heading (``heading2``…) set in full lines."""
    style = house.style
    width = text_width(style)
    measurers: dict[str, Measurer] = {}

    def run(text: str, kind: str, lead: int = 0) -> markupsafe.Markup:
        role = "body" if kind == "paragraph" else kind
        if role not in measurers:
            measurers[role] = measurer(style.fonts[role], house.font_files)
        size = style.sizes[role]
        indent = round(2 * (size + style.letter_spacing), 4)
        lines = break_lines(text, measurers[role], size=size, spacing=style.letter_spacing,
                            width=width, indent=indent)
        return justify(lines, indent, style.letter_spacing, lead)

    return run
