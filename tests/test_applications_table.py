"""Table 三 read back from a published table: a group of rows whose label no row prints is
reported once; a group printed once over cells that are not merged is not."""

from __future__ import annotations

from functools import cache

from reportgen.context import build
from reportgen.formats import GOV2021
from reportgen.readers.applications_table import applications
from reportgen.readers.document import Cell, Table
from reportgen.readers.docx_reader import blocks
from reportgen.readers.tables import Context
from reportgen.validation import check_file
from reportgen.writers import render

from .helpers import SAMPLES

GROUP = "（三）不予公开"


@cache
def _table() -> Table:
    """Table 三 of the 2024 sample as the DOCX reader sees it."""
    checked = check_file(SAMPLES / "2024.yaml")
    assert checked.report is not None
    docx = render(build(checked.format, checked.report), ("docx",), SAMPLES)["docx"]
    return next(b for b in blocks(docx, "t.docx") if isinstance(b, Table) and b.rows[1][3].text == "自然人")


def _read(group_cell: dict[int, str], merged: bool) -> Context:
    """Read table 三 with the group's label cell replaced: one cell for all its rows
    (``merged``) or a cell of its own per row, with the texts ``group_cell`` gives by row."""
    rows, first = [], None
    for r, row in enumerate(_table().rows):
        cells = []
        for cell in row:
            if cell.text == GROUP:
                first = r if first is None else first
                cell = Cell(group_cell.get(r - first, ""), cell.origin if merged else (r, cell.origin[1]))
            cells.append(cell)
        rows.append(cells)
    ctx = Context("表三", Table(rows))
    spec = GOV2021.applications
    assert spec is not None
    data = applications(ctx, spec)
    assert data["results"]["withheld"]["state_secret"]["total"] == 0  # read all the same
    return ctx


def test_a_group_label_printed_nowhere_is_reported_once_at_its_first_row() -> None:
    ctx = _read({}, merged=True)
    assert [(n.kind, n.where, n.published, n.official, n.path) for n in ctx.notes] == [
        ("label", "表三 第8行 第2列", "", GROUP, ("applications", "results", "withheld"))]
    assert ctx.notes[0].message == f"表中此处没有名称，按官方名称“{GROUP}”读取"


def test_a_group_printed_once_over_unmerged_cells_is_not_reported() -> None:
    assert _read({0: GROUP}, merged=False).notes == []
    assert _read({3: GROUP}, merged=False).notes == []  # printed in a middle row: still there


def test_each_unmerged_empty_row_is_not_reported_again() -> None:
    notes = _read({}, merged=False).notes
    assert [(n.where, n.official) for n in notes] == [("表三 第8行 第2列", GROUP)]
