"""The format-neutral shape every published-document reader produces.

A DOCX, a PDF or a web page is first turned into a flat list of :class:`Paragraph` and
:class:`Table` blocks in reading order; :mod:`reportgen.readers.published` then reads the
report out of these blocks by the format definitions. So the knowledge of the official
formats lives in one place, and each file-kind reader only knows its file kind.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"(?<=\S) +(?=\S)")
_NUMERIC = re.compile(r"[-+]?[\d,.]*")


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


@dataclass(frozen=True)
class Relabel:
    """A label of a table's header, repeated on a later page, that differs from the
    official label the table's own header printed in that place.

    Attributes:
        page: the page of the repeated header (0 when the file kind has no pages).
        row: the table's grid row the continuation's rows start at (0-based).
        column: the grid column (0-based).
        published: the repeated label as printed, without spaces.
        official: the official label, as the table's own header printed it.
    """

    page: int
    row: int
    column: int
    published: str
    official: str


@dataclass
class Table:
    """A table as a full grid (every row has the same number of positions).

    Attributes:
        rows: grid rows of cells.
        page: the page its first row is on, 0 when the file kind has no pages.
        pages: the page of each row (empty when the file kind has no pages).
        edges: the x positions of the column boundaries, left to right (``width + 1`` of
            them), when the file kind has them (PDF); empty otherwise.
        relabels: labels of a header repeated on a later page that differ from the official
            ones (see :func:`reportgen.readers.continued.join`).
    """

    rows: list[list[Cell]]
    page: int = 0
    pages: list[int] = field(default_factory=list)
    edges: list[float] = field(default_factory=list)
    relabels: list[Relabel] = field(default_factory=list)

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

#: Column boundaries closer than this (PDF points) are the same boundary.
_SAME_EDGE = 2.0


def common_edges(a: Table, b: Table) -> list[float] | None:
    """Return the column boundaries of two parts of one table cut by a page break, or
    ``None`` when they do not line up.

    A page's part of a table has only the column lines its own rows draw: a part whose rows
    all span two label columns has one column less. The parts are laid on the union of
    their boundaries; their outer edges must agree.
    """
    if not a.edges or not b.edges:
        return None
    if abs(a.edges[0] - b.edges[0]) > _SAME_EDGE or abs(a.edges[-1] - b.edges[-1]) > _SAME_EDGE:
        return None
    out: list[float] = []
    for x in sorted([*a.edges, *b.edges]):
        if not out or x - out[-1] > _SAME_EDGE:
            out.append(x)
    return out


def refined(table: Table, edges: list[float]) -> Table:
    """Return ``table`` on the finer column boundaries ``edges``: a column that the finer
    grid splits becomes a merged cell over the new columns."""
    mapping = []
    for left, right in itertools.pairwise(edges):
        middle = (left + right) / 2
        mapping.append(max(c for c, x in enumerate(table.edges[:-1]) if x <= middle + _SAME_EDGE))
    first = {old: mapping.index(old) for old in sorted(set(mapping))}
    made: dict[tuple[int, int], Cell] = {}
    rows = []
    for row in table.rows:
        line = []
        for old in mapping:
            cell = row[old]
            if cell.origin not in made:
                made[cell.origin] = Cell(cell.text, (cell.origin[0], first[cell.origin[1]]))
            line.append(made[cell.origin])
        rows.append(line)
    return Table(rows, table.page, list(table.pages), list(edges))


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


def own_label(row: list[Cell]) -> Cell | None:
    """The row's own label: its last cell with text that is no number (the labelled cells
    left of it head the groups the row belongs to)."""
    from .labels import normal

    named = [cell for cell in row if normal(cell.text) and not _NUMERIC.fullmatch(normal(cell.text))]
    return named[-1] if named else None


def stitch(first: Table, top: list[Cell], same: dict[tuple[int, int], Cell], labels: set[str]) -> bool:
    """Join the text of cells a page break cut in two; return whether the continuation's
    top row was the rest of ``first``'s last row (and is now part of it).

    Word and WPS let a row break across pages: the first lines of its cells end one page,
    the rest begin the next, where they look like a row of their own. A cut is recognised
    by its label: the two parts of a cell are not official labels (``labels``, in the normal
    form), joined they are; or by a top row of nothing but digits under a row with numbers
    (a number wrapped in a narrow column, its last digits on the next page). A cut label cell spanning several rows (a group such as
    三、本年度办理结果) only continues; a cut cell of the last row itself makes the two rows
    one, each cell's two parts joined (a number's digits included). ``same`` receives the
    continuation's cells that are the cells above them.
    """
    from .labels import Matcher, normal

    bottom = first.rows[-1]
    own = own_label(bottom)
    matcher = Matcher((label, label) for label in labels)
    row_cut = False
    for c, cell in enumerate(top):
        if cell.origin in same or c >= len(bottom):
            continue
        a, b = normal(bottom[c].text), normal(cell.text)
        if not a or not b or _NUMERIC.fullmatch(a) or _NUMERIC.fullmatch(b):
            continue  # numbers are never joined on their own, only within a row cut in two
        joined, alone = matcher.match(a + b), (matcher.match(a), matcher.match(b))
        if joined is None or any(m is not None and m.ratio >= joined.ratio for m in alone):
            continue
        if bottom[c] is not own:  # a group's cell: the same cell, continued
            same[cell.origin] = _rewrite(first, bottom[c], f"{bottom[c].text}{cell.text}")
        else:
            row_cut = True
    rest = [normal(cell.text) for cell in top if cell.origin not in same and normal(cell.text)]
    if rest and all(_NUMERIC.fullmatch(text) for text in rest) and any(
            _NUMERIC.fullmatch(normal(cell.text)) and normal(cell.text) for cell in bottom):
        row_cut = True  # only digits at the top of the page: the last digits of the row above
    if not row_cut:
        return False
    done: set[tuple[int, int]] = set()
    for c, cell in enumerate(top):
        if cell.origin in same or cell.origin in done or c >= len(bottom) or not normal(cell.text):
            continue
        done.add(cell.origin)
        _rewrite(first, bottom[c], f"{bottom[c].text}{cell.text}")
    return True


def _rewrite(table: Table, old: Cell, text: str) -> Cell:
    """Give a cell new text everywhere it lies in ``table``; return the new cell."""
    new = Cell(text, old.origin)
    for row in table.rows:
        for c, cell in enumerate(row):
            if cell is old:
                row[c] = new
    return new
