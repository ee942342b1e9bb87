"""The summary as a spreadsheet (openpyxl) or CSV: bytes, written by the pipeline."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from ..grid import Grid, placements
from ..summary import FIXED_COLUMNS, PROBLEMS_COLUMN, TOTAL_ROW, Summary


def _header(summary: Summary) -> list[str]:
    return [*FIXED_COLUMNS, *summary.columns, PROBLEMS_COLUMN]


def _records(summary: Summary) -> list[list[Any]]:
    header = _header(summary)
    records = [[row.get(name, "") for name in header] for row in summary.rows]
    totals = {FIXED_COLUMNS[0]: TOTAL_ROW, **summary.totals}
    records.append([totals.get(name, "") for name in header])
    return records


def render_csv(summary: Summary) -> bytes:
    """Return the per-agency table as CSV, UTF-8 with BOM so that Excel reads it right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header(summary))
    for record in _records(summary):
        writer.writerow([str(v) if isinstance(v, Decimal) else v for v in record])
    return out.getvalue().encode("utf-8-sig")


def render_xlsx(summary: Summary) -> bytes:
    """Return a workbook: the per-agency table, then each summed table in official layout."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")
    header = _header(summary)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font, cell.alignment = bold, wrap
    records = _records(summary)
    for record in records:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in record])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = "B2"
    for index, name in enumerate(header, 1):
        sheet.column_dimensions[get_column_letter(index)].width = 40 if name in (
            FIXED_COLUMNS[0], PROBLEMS_COLUMN) else 12
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for title, grid in summary.tables:
        _grid_sheet(workbook.create_sheet(title), grid, border)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _grid_sheet(sheet: Any, grid: Grid, border: Any) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    total = sum(grid.widths)
    for index, width in enumerate(grid.widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(6, 90 * width / total)
    for r, c, _, cell in placements(grid):
        target = sheet.cell(row=r + 1, column=c + 1)
        target.value = _number(cell.text) if cell.kind == "number" else cell.text
        horizontal = "left" if cell.kind == "label" else "center"
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                sheet.cell(row=r + 1 + dr, column=c + 1 + dc).border = border
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=r + 1, start_column=c + 1,
                              end_row=r + cell.rowspan, end_column=c + cell.colspan)


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)
