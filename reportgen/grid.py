"""Physical table grids (cells with row and column spans) derived from the format definitions.

The official merges are not typed in anywhere: a header node spans the leaves below it, a leaf
spans the levels its ancestors leave free. Table 三's row labels are the same layout turned on
its side. Both renderers draw these grids cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formats import Node


@dataclass(frozen=True)
class Cell:
    """One physical cell.

    Attributes:
        text: what is printed.
        colspan: grid columns covered.
        rowspan: grid rows covered.
        kind: ``label`` (row label, heading), ``head`` (column header), ``number``, ``empty``.
        indent: indentation level of a row label (legacy statistics table).
    """

    text: str
    colspan: int = 1
    rowspan: int = 1
    kind: str = "label"
    indent: int = 0


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    """A table: header rows (repeated on each page), body rows, relative column widths."""

    header: tuple[Row, ...]
    body: tuple[Row, ...]
    widths: tuple[float, ...]
    name: str  # a stable id for templates and styles: active, applications, reviews, statistics

    @property
    def columns(self) -> int:
        """Number of grid columns."""
        return len(self.widths)


def column_header(nodes: tuple[Node, ...]) -> tuple[Row, ...]:
    """Lay out a forest of header nodes as header rows with spans."""
    depth = max(node.depth() for node in nodes)
    rows: list[list[Cell]] = [[] for _ in range(depth)]

    def place(node: Node, level: int) -> None:
        if node.children:
            rows[level].append(Cell(node.label, colspan=len(node.leaves()), kind="head"))
            for child in node.children:
                place(child, level + 1)
        else:
            rows[level].append(Cell(node.label, rowspan=depth - level, kind="head"))

    for node in nodes:
        place(node, 0)
    return tuple(tuple(row) for row in rows)


def row_labels(nodes: tuple[Node, ...], columns: int) -> list[tuple[Node, Row]]:
    """Lay out a forest of row nodes as label cells: one entry per leaf, in order.

    Each leaf gets the label cells that start on its row: the groups it opens (spanning all
    their leaves downwards) and its own label, spanning the label columns left over.
    """
    out: list[tuple[Node, Row]] = []

    def place(node: Node, level: int, opened: list[Cell]) -> None:
        if not node.children:
            out.append((node, (*opened, Cell(node.label, colspan=columns - level))))
            return
        group = Cell(node.label, rowspan=len(node.leaves()))
        for index, child in enumerate(node.children):
            place(child, level + 1, [*opened, group] if index == 0 else [])

    for node in nodes:
        place(node, 0, [])
    return out


def placements(grid: Grid) -> list[tuple[int, int, int, Cell]]:
    """Place every cell on the grid: (row, column, index in its row, cell), 0-based.

    Cells covered by a span from a row above are skipped over, as HTML tables do; the Word
    template and the spreadsheet summary draw tables from this.
    """
    occupied: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate((*grid.header, *grid.body)):
        c = 0
        for index, cell in enumerate(row):
            while (r, c) in occupied:
                c += 1
            occupied |= {(r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            out.append((r, c, index, cell))
            c += cell.colspan
    return out
