"""The fill-in workbook's tables as placed cells, derived from the format definitions.

Every table sheet of the workbook starts at cell A1 so that a sheet row is a table row: the
reader's locations (``表三 第5行 第4列``) are then the cells the user sees in Excel. Merges
follow from the header trees exactly as in the printed report (:mod:`reportgen.grid`); each
value cell carries the input key path it holds, and each total the paths it sums, so that the
writer can write a live formula and the reader (by label, as for published reports) gets
back the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import ROW_KEYS
from ..formats import (
    TOTAL_KEY,
    ActiveTable,
    ApplicationsTable,
    Format,
    Kind,
    Node,
    ReviewsTable,
    StatisticsTable,
)
from ..grid import column_header, row_labels
from ..locations import KeyPath


@dataclass(frozen=True)
class Spec:
    """A cell before placement: a label (``text``) or a value (``path``)."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    path: KeyPath = ()
    kind: Kind = Kind.COUNT
    parts: tuple[KeyPath, ...] = ()  # a total: the value paths it sums
    head: bool = False  # a column header (bold, centred) rather than a row label
    indent: int = 0


@dataclass(frozen=True)
class Placed:
    """A cell on the sheet: 1-based row and column of its top-left corner."""

    row: int
    column: int
    spec: Spec


@dataclass(frozen=True)
class Sheet:
    """One table sheet: its name (the reader's table name), print title and cells."""

    key: str  # active_disclosure, applications, reviews, statistics
    title: str
    cells: tuple[Placed, ...]
    widths: tuple[float, ...]  # column widths in characters

    def values(self) -> tuple[Placed, ...]:
        """The value cells (numbers and totals), top to bottom, left to right."""
        return tuple(p for p in self.cells if p.spec.path)

    def at(self) -> dict[KeyPath, Placed]:
        """The value cells by key path."""
        return {p.spec.path: p for p in self.cells if p.spec.path}


def place(rows: list[list[Spec]]) -> tuple[Placed, ...]:
    """Place rows of cells as HTML does: skip grid positions covered from a row above."""
    occupied: set[tuple[int, int]] = set()
    out: list[Placed] = []
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            while (r, c) in occupied:
                c += 1
            occupied |= {(r + dr, c + dc) for dr in range(spec.rowspan) for dc in range(spec.colspan)}
            out.append(Placed(r + 1, c + 1, spec))
            c += spec.colspan
    return tuple(out)


def sheets(fmt: Format) -> tuple[Sheet, ...]:
    """Return the table sheets of ``fmt`` in the order of the report."""
    out: list[Sheet] = []
    if fmt.active is not None:
        out.append(Sheet(fmt.active.key, fmt.section(fmt.active.key).title, active(fmt.active),
                         (34.0, 16.0, 16.0, 16.0)))
    if fmt.applications is not None:
        out.append(Sheet(fmt.applications.key, fmt.section(fmt.applications.key).title,
                         applications(fmt.applications), (10.0, 14.0, 40.0, *([10.0] * 7))))
    if fmt.reviews is not None:
        cells = reviews(fmt.reviews)
        out.append(Sheet(fmt.reviews.key, fmt.section(fmt.reviews.key).title, cells,
                         (8.0,) * max(p.column for p in cells)))
    if fmt.statistics is not None:
        out.append(Sheet(fmt.statistics.key, fmt.statistics.title, statistics(fmt.statistics),
                         (60.0, 8.0, 12.0)))
    return tuple(out)


def active(table: ActiveTable) -> tuple[Placed, ...]:
    """Table 二: per block a heading row, a column header row, and its item rows."""
    value_columns = table.width - 1
    rows: list[list[Spec]] = []
    for block in table.blocks:
        spans = [1] * len(block.fields)
        spans[-1] += value_columns - len(block.fields)  # the last column takes the rest
        rows.append([Spec(block.heading, colspan=table.width, head=True)])
        rows.append([Spec(table.item_header, head=True),
                     *(Spec(f.label, colspan=s, head=True)
                       for f, s in zip(block.fields, spans, strict=True))])
        for item in block.items:
            rows.append([Spec(item.label), *(
                Spec(colspan=s, kind=f.kind,
                     path=(table.key, item.key, f.key) if f.key else (table.key, item.key))
                for f, s in zip(block.fields, spans, strict=True))])
    return place(rows)


def _leaf_paths(nodes: tuple[Node, ...], above: KeyPath) -> list[tuple[Node, KeyPath]]:
    out: list[tuple[Node, KeyPath]] = []
    for node in nodes:
        path = (*above, node.key)
        out += _leaf_paths(node.children, path) if node.children else [(node, path)]
    return out


def applications(table: ApplicationsTable) -> tuple[Placed, ...]:
    """Table 三: corner note, applicant header, row labels; a 总计 column and row of sums."""
    header = [[Spec(c.text, c.colspan, c.rowspan, head=True) for c in row]
              for row in column_header((table.columns,))]
    header[0].insert(0, Spec(table.corner, colspan=table.label_columns, rowspan=len(header),
                             head=True))
    paths = dict((id(node), path) for node, path in _leaf_paths(table.rows, (table.key,)))
    results = [path for node, path in _leaf_paths(table.rows, (table.key,))
               if path[1] == table.results and not node.computed]
    values = ROW_KEYS[:-1]
    body: list[list[Spec]] = []
    for node, labels in row_labels(table.rows, table.label_columns):
        path = paths[id(node)]
        cells = [Spec(c.text, c.colspan, c.rowspan) for c in labels]
        for key in values:
            parts = tuple((*p, key) for p in results) if node.computed else ()
            cells.append(Spec(path=(*path, key), parts=parts))
        cells.append(Spec(path=(*path, TOTAL_KEY), parts=tuple((*path, k) for k in values)))
        body.append(cells)
    return place([*header, *body])


def reviews(table: ReviewsTable) -> tuple[Placed, ...]:
    """Table 四: the header tree of outcomes over one row of numbers; each 总计 a sum."""
    header = [[Spec(c.text, c.colspan, c.rowspan, head=True) for c in row]
              for row in column_header(table.columns)]
    numbers: list[Spec] = []
    for block in table.blocks():
        parts = tuple((table.key, block.key, o.key) for o in block.children if not o.computed)
        for outcome in block.children:
            path = (table.key, block.key, outcome.key)
            numbers.append(Spec(path=path, parts=parts if outcome.computed else ()))
    return place([*header, numbers])


def statistics(table: StatisticsTable) -> tuple[Placed, ...]:
    """The legacy 统计表: 统计指标 | 单位 | 统计数; a row that sums others gets a formula."""
    sums = {rule.total: rule.parts for rule in table.sums}
    rows: list[list[Spec]] = [[Spec(text, head=True) for text in table.header]]
    for row in table.rows:
        if not row.key:
            rows.append([Spec(row.label, indent=row.level), Spec(table.no_unit, head=True), Spec()])
            continue
        parts = tuple((table.key, p) for p in sums.get(row.key, ()))
        rows.append([Spec(row.label, indent=row.level), Spec(row.unit, head=True),
                     Spec(path=(table.key, row.key), kind=row.kind, parts=parts)])
    return place(rows)
