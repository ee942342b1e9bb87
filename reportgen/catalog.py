"""Index of a format's input keys: which paths are table cells, and their official labels.

Derived from :mod:`reportgen.formats`; used to put the official label next to every message,
to know which values are numbers, and to walk the tables in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .formats import (
    APPLICANT_COLUMNS,
    APPLICANT_KEYS,
    FORMATS,
    TOTAL_KEY,
    Format,
    Kind,
    Node,
)
from .locations import KeyPath

ROW_COLUMNS: tuple[Node, ...] = APPLICANT_COLUMNS.leaves()
ROW_KEYS: tuple[str, ...] = (*APPLICANT_KEYS, TOTAL_KEY)


@dataclass(frozen=True)
class Cell:
    """A numeric input value: its path in mapping form, label and kind."""

    path: KeyPath
    label: str
    kind: Kind


@dataclass(frozen=True)
class Row:
    """A table-三 data row: path, label chain, and whether the tool computes it."""

    path: KeyPath
    label: str
    computed: bool
    group: str  # the（三）…（六） group label, empty for top-level rows


@dataclass(frozen=True)
class Catalog:
    """Everything about a format's input keys that messages and walkers need."""

    cells: dict[KeyPath, Cell]
    rows: tuple[Row, ...]  # table 三 rows in official order
    labels: dict[KeyPath, str]  # labels of sections, rows, blocks (non-cell paths)
    row_paths: frozenset[KeyPath]  # paths of the table-三 rows

    def label(self, path: KeyPath) -> str:
        """Return the official label of ``path`` (or of its nearest labelled ancestor)."""
        path = self.normalize(path)
        if path in self.cells:
            return self.cells[path].label
        while path:
            if path in self.labels:
                return self.labels[path]
            path = path[:-1]
        return ""

    def normalize(self, path: KeyPath) -> KeyPath:
        """Map a list-shaped table-三 cell path ``…received[1]`` to ``…received.business``."""
        if path and isinstance(path[-1], int) and path[:-1] in self.row_paths:
            index = path[-1]
            if 0 <= index < len(ROW_KEYS):
                return (*path[:-1], ROW_KEYS[index])
        return path

    def kind(self, path: KeyPath) -> Kind | None:
        """Return the kind of value at ``path`` when it is a table cell."""
        cell = self.cells.get(self.normalize(path))
        return cell.kind if cell else None


@cache
def catalog(format_id: str) -> Catalog:
    """Return the catalog of format ``format_id`` (built once)."""
    fmt = FORMATS[format_id]
    cells: dict[KeyPath, Cell] = {}
    labels: dict[KeyPath, str] = {}
    rows: list[Row] = []
    for section in fmt.sections:
        labels[(section.key,)] = section.title
    if fmt.active:
        _active(fmt, cells, labels)
    if fmt.applications:
        table = fmt.applications

        def walk(node: Node, path: KeyPath, group: str, top: bool) -> None:
            for child in node.children:
                child_path = (*path, child.key)
                if child.children:
                    labels[child_path] = child.label
                    walk(child, child_path, "" if top else child.label, False)
                    continue
                label = f"{group} {child.label}" if group else child.label
                labels[child_path] = label
                rows.append(Row(child_path, label, child.computed, group))
                for column in ROW_COLUMNS:
                    cell_path = (*child_path, column.key)
                    cells[cell_path] = Cell(cell_path, f"{label} · {column.label}", Kind.COUNT)

        walk(Node("", children=table.rows), (table.key,), "", True)
    if fmt.reviews:
        for block in fmt.reviews.blocks():
            path = (fmt.reviews.key, block.key)
            name = fmt.reviews.name(block)
            labels[path] = name
            for outcome in block.children:
                cell_path = (*path, outcome.key)
                cells[cell_path] = Cell(cell_path, f"{name} · {outcome.label}", Kind.COUNT)
    if fmt.statistics:
        stats = fmt.statistics
        labels[(stats.key,)] = stats.title
        labels[("sections",)] = "各部分"
        for row in stats.rows:
            if row.key:
                cells[(stats.key, row.key)] = Cell((stats.key, row.key), row.label, row.kind)
    return Catalog(cells, tuple(rows), labels, frozenset(row.path for row in rows))


def _active(fmt: Format, cells: dict[KeyPath, Cell], labels: dict[KeyPath, str]) -> None:
    table = fmt.active
    assert table is not None
    for block in table.blocks:
        for item in block.items:
            path = (table.key, item.key)
            labels[path] = item.label
            for field in block.fields:
                cell_path = (*path, field.key) if field.key else path
                cells[cell_path] = Cell(cell_path, f"{item.label} · {field.label}", field.kind)
