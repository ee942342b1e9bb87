"""The format-neutral shape every published-document reader produces.

A DOCX, a PDF or a web page is first turned into a flat list of :class:`Paragraph` and
:class:`Table` blocks in reading order; :mod:`reportgen.readers.published` then reads the
report out of these blocks by the format definitions. So the knowledge of the official
formats lives in one place, and each file-kind reader only knows its file kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"(?<=\S) +(?=\S)")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text.

    Attributes:
        text: its text, line breaks inside it kept as ``\\n``.
        level: heading level from the paragraph style (1 for 标题 1), 0 for body text,
            -1 for the document title.
        page: the page it is on (1-based), 0 when the file kind has no pages.
        role: a hint from the style: ``signature`` for 落款, ``attachment`` for 附件 lines.
    """

    text: str
    level: int = 0
    page: int = 0
    role: str = ""


@dataclass(frozen=True)
class Cell:
    """One grid position of a table.

    A merged cell occupies several grid positions; all of them carry its text and the
    position of its top-left corner (``origin``), so a reader can tell a repeat from a cell.
    """

    text: str
    origin: tuple[int, int]


@dataclass
class Table:
    """A table as a full grid (every row has the same number of positions).

    Attributes:
        rows: grid rows of cells.
        page: the page its first row is on, 0 when the file kind has no pages.
        pages: the page of each row (empty when the file kind has no pages).
    """

    rows: list[list[Cell]]
    page: int = 0
    pages: list[int] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Number of grid columns."""
        return max((len(row) for row in self.rows), default=0)

    def distinct(self, r: int) -> list[tuple[int, Cell]]:
        """Return the cells that start in row ``r`` or reach down into it, once each,
        left to right, with their grid column."""
        seen: set[tuple[int, int]] = set()
        out = []
        for c, cell in enumerate(self.rows[r]):
            if cell.origin not in seen:
                seen.add(cell.origin)
                out.append((c, cell))
        return out

    def page_of(self, r: int) -> int:
        """Return the page of grid row ``r`` (0 when unknown)."""
        return self.pages[r] if r < len(self.pages) else self.page


Block = Paragraph | Table


def grid(rows: list[list[tuple[str, int, int]]]) -> Table:
    """Build a :class:`Table` from rows of ``(text, colspan, rowspan)`` physical cells.

    Cells covered by a rowspan from above are skipped in the rows below, as in HTML.
    """
    occupied: dict[tuple[int, int], Cell] = {}
    out: list[list[Cell]] = []
    for r, row in enumerate(rows):
        line: list[Cell] = []
        c = 0
        cells = iter(row)
        while True:
            if (r, c) in occupied:
                line.append(occupied[(r, c)])
                c += 1
                continue
            try:
                text, colspan, rowspan = next(cells)
            except StopIteration:
                break
            cell = Cell(text, (r, c))
            for dr in range(max(rowspan, 1)):
                for dc in range(max(colspan, 1)):
                    occupied[(r + dr, c + dc)] = cell
            line.append(cell)
            c += 1
        out.append(line)
    width = max((len(line) for line in out), default=0)
    for r, line in enumerate(out):
        while len(line) < width:
            line.append(Cell("", (r, len(line))))
    return Table(out)


def unspaced(text: str) -> str:
    """Drop the spaces that text extraction puts where glyphs stand apart (justified lines,
    the gap Word and LibreOffice leave between Chinese and Latin, source line breaks in a web
    page): Chinese takes no spaces; a space between two Latin words stays."""
    def wide(c: str) -> bool:
        return unicodedata.east_asian_width(c) in "WF"

    return _SPACES.sub(lambda m: "" if wide(m.string[m.start() - 1]) or wide(
        m.string[m.end()]) else " ", text)
