"""The summary as a spreadsheet (openpyxl) or CSV: bytes, written by the pipeline.

The workbook is meant to be worked in: totals are formulas (SUMIF over the rows marked as
counted, so a duplicate agency-year stays visible but is not added), headers are frozen, every
list has an autofilter, and every sheet prints landscape on A4, fitted to the page width with
the header repeated.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from ..cells import WRITTEN
from ..grid import Grid, placements
from ..summary import (
    FIXED_COLUMNS,
    NOTE_COLUMN,
    PROBLEMS_COLUMN,
    RULE_COLUMNS,
    SHEET_COLUMNS,
    TOTAL_ROW,
    Sheet,
    Summary,
)
from ..yearly import CHANGE_COLUMNS, RATE_COLUMNS

FILE_COLUMNS = (*FIXED_COLUMNS, NOTE_COLUMN, PROBLEMS_COLUMN)
COUNTED_COLUMN = "计入合计"
#: Sheet names of the reviewer's views.
FILES_SHEET, CHANGES_SHEET, RATES_SHEET, RULES_SHEET = "汇总", "同比", "比率", "规则说明"


def _sheet_header(sheet: Sheet) -> list[str]:
    return [*SHEET_COLUMNS, *sheet.columns, COUNTED_COLUMN]


def _sheet_records(sheet: Sheet) -> list[list[Any]]:
    return [[*(row.get(name, "") for name in (*SHEET_COLUMNS, *sheet.columns)), "是" if ok else "否"]
            for row, ok in zip(sheet.rows, sheet.counted, strict=True)]


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def render_csv(summary: Summary, *, bom: bool = True) -> bytes:
    """Return the files, then each format-year's figures with their totals, as CSV.

    UTF-8, with a BOM so that Excel reads it right (not on standard output, where the next
    program in a pipe would take it for text); blocks are separated by an empty line.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FILE_COLUMNS)
    writer.writerows([[_plain(row.get(c, "")) for c in FILE_COLUMNS] for row in summary.files])
    for sheet in summary.sheets:
        writer.writerow([])
        writer.writerow([sheet.title])
        writer.writerow(_sheet_header(sheet))
        writer.writerows([[_plain(v) for v in record] for record in _sheet_records(sheet)])
        totals = sheet.totals()
        writer.writerow([TOTAL_ROW, "", *(_plain(totals[c]) for c in sheet.columns), ""])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def render_xlsx(summary: Summary) -> bytes:
    """Return a workbook: the files, each format-year's figures, summed tables, the reviewer's views."""
    from openpyxl import Workbook

    workbook = Workbook()
    files = workbook.active
    files.title = FILES_SHEET
    _list(files, list(FILE_COLUMNS), [[row.get(c, "") for c in FILE_COLUMNS] for row in summary.files],
          wide=(FIXED_COLUMNS[0], NOTE_COLUMN, PROBLEMS_COLUMN))
    for sheet in summary.sheets:
        _figures_sheet(workbook.create_sheet(sheet.title), sheet)
    for title, grid in summary.tables:
        _grid_sheet(workbook.create_sheet(title), grid)
    if summary.changes:
        changes = workbook.create_sheet(CHANGES_SHEET)
        records = [[row[c] for c in CHANGE_COLUMNS] for row in summary.changes]
        for number, record in enumerate(records, 2):
            record[5] = f"=D{number}-E{number}"  # 增减 = 本年 − 上年
        _list(changes, list(CHANGE_COLUMNS), records, wide=(CHANGE_COLUMNS[2],), wide_width=50)
    if summary.rates:
        rates = workbook.create_sheet(RATES_SHEET)
        _list(rates, list(RATE_COLUMNS), [[row[c] for c in RATE_COLUMNS] for row in summary.rates])
        for row in rates.iter_rows(min_row=2, min_col=4):
            for cell in row:
                cell.number_format = "0.0%"
    if summary.rules:  # the rules behind the problems, for whoever fixes them
        rules = workbook.create_sheet(RULES_SHEET)
        _list(rules, list(RULE_COLUMNS), [[row[c] for c in RULE_COLUMNS] for row in summary.rules],
              wide=(RULE_COLUMNS[1], RULE_COLUMNS[4], RULE_COLUMNS[5]), wide_width=45)
        _wrap(rules)  # the fixes and sources are sentences: read (and printed) whole
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _list(sheet: Any, header: list[str], records: list[list[Any]], *, wide: tuple[str, ...] = (),
          wide_width: int = 30, freeze: str = "B2", total: list[Any] | None = None) -> None:
    """Write a list with a bold, frozen, filterable header and a print setup."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="center")
    for record in records:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in record])
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{max(2, len(records) + 1)}"
    if total is not None:
        sheet.append(total)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    sheet.freeze_panes = freeze
    lines = 1
    for index, name in enumerate(header, 1):
        width = wide_width if name in wide else 12
        sheet.column_dimensions[get_column_letter(index)].width = width
        lines = max(lines, _lines(name, width))
    sheet.row_dimensions[1].height = 15 * min(lines, 8)  # wrapped labels: not every viewer grows rows
    _print_setup(sheet, f"A1:{last}{sheet.max_row}", header_rows="1:1")


def _wrap(sheet: Any) -> None:
    """Wrap the text of every cell below the header, top-aligned, each row as tall as its
    longest text needs (not every viewer grows rows by itself)."""
    from openpyxl.styles import Alignment

    for row in sheet.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            width = sheet.column_dimensions[cell.column_letter].width or 12
            lines = max(lines, _lines(str(cell.value or ""), int(width)))
        sheet.row_dimensions[row[0].row].height = 15 * min(lines, 12)


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (a Chinese character
    is two units wide)."""
    return -(-len(text) * 2 // width)


def _figures_sheet(sheet: Any, data: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    header = _sheet_header(data)
    records = _sheet_records(data)
    first, last = 2, len(records) + 1
    flag = get_column_letter(len(header))
    total: list[Any] = [TOTAL_ROW, ""]
    for index in range(len(SHEET_COLUMNS) + 1, len(header)):
        column = get_column_letter(index)
        total.append(f'=SUMIF(${flag}${first}:${flag}${last},"是",{column}{first}:{column}{last})')
    total.append("")
    _list(sheet, header, records, wide=(SHEET_COLUMNS[0],), freeze="C2", total=total)


def _print_setup(sheet: Any, area: str, header_rows: str | None = None) -> None:
    """Landscape A4, fitted to one page wide (as many pages tall as needed)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = area
    if header_rows:
        sheet.print_title_rows = header_rows


def _grid_sheet(sheet: Any, grid: Grid) -> None:
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    total = sum(grid.widths)
    for index, width in enumerate(grid.widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(6, 90 * width / total)
    rows = 0
    for r, c, _, cell in placements(grid):
        rows = max(rows, r + cell.rowspan)
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
    _print_setup(sheet, f"A1:{get_column_letter(len(grid.widths))}{rows}")


def _number(text: str) -> int | float | str:
    if WRITTEN.fullmatch(text):  # an amount with its unit (251000元) stays as printed
        return text
    return float(text) if "." in text else int(text)
