"""The XLSX reader: a fill-in workbook written by ``reportgen init --xlsx`` → the report.

The workbook is an *input*, in reportgen's own layout: a sheet of 基本信息 (one item a row),
one sheet per official table laid out as printed (starting at A1, so that a location such as
``表三 第5行 第4列`` is the cell the user sees), and a 正文 sheet with one row per section or
sub-heading. The tables are read by their labels with the same code that reads published
reports (:mod:`.tables`), so a label edited after unprotecting a sheet is still matched and
reported. Totals are live formulas: their cached value is used when the file has one (Excel
and LibreOffice store it), else the formula is computed here; a total typed over a formula is
read as typed, for the validator to check — it is never corrected.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Finding, InputError, Severity
from ..formats import CONTACT_PARTS, FORMATS, LEGACY, Format, format_for_year
from ..locations import UNREADABLE, KeyPath, Position, format_path
from ..zipguard import read_zip
from . import applications_table, legacy_table, tables
from .continued import TABLE_NAMES
from .document import Cell, Table
from .labels import Matcher, normal
from .published import Published, refuse
from .tables import Context, Note
from .xlsx_text import SECTION_LEVEL, read_text, text_of

#: Sheet names of the workbook (besides the tables, named as in locations: 表二, 表三 …).
META_SHEET, TEXT_SHEET, HELP_SHEET = "基本信息", "正文", "说明"
#: The header of the 正文 sheet, and what its 层级 column says on a section's own row.
TEXT_HEADER = ("标题", "正文", "层级")
#: The rows of the 基本信息 sheet: label → input key path.
META_ROWS: tuple[tuple[str, KeyPath], ...] = (
    ("格式", ("format",)), ("报告年度", ("year",)), ("机关名称", ("agency",)),
    ("机关类别", ("organ_kind",)), ("发布日期", ("published",)), ("标题", ("title",)),
    ("落款", ("signature",)), ("前言", ("preface",)),
    *((name, ("contact", key)) for key, name in CONTACT_PARTS.items()),
)
META_HEADER = ("项目", "内容", "填写说明")
_WHAT = "Excel 工作簿"
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_RANGE = re.compile(rf"{_REF.pattern}(?::{_REF.pattern})?")


def load_file(path: Path, display: str | None = None) -> Published:
    """Read a fill-in workbook.

    Raises:
        InputError: the file is broken, too large, a zip bomb, or not reportgen's layout.
    """
    name = display if display is not None else str(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        raise refuse(name, "FILE-READ", f"无法读取文件：{exc.strerror or exc}") from None
    if magic == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise refuse(name, "XLSX-BROKEN", "这是旧版 Excel 工作簿（.xls）或加密的工作簿，无法读取；"
                     "请用 Excel 或 WPS 打开，去掉密码后另存为 .xlsx 再试")
    try:
        raw = read_zip(path, what=_WHAT)
    except InputError as exc:
        raise InputError([replace(f, file=name) for f in exc.findings]) from None
    return read_bytes(raw, name)


def read_bytes(raw: bytes, name: str) -> Published:
    """Read a fill-in workbook from its bytes (checked by :func:`~reportgen.zipguard.open_zip`
    first).

    Raises:
        InputError: the workbook cannot be opened, or is not reportgen's layout.
    """
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(io.BytesIO(raw))
        # Formula results are in a second reading; skipped when no formula has one stored
        # (as in a workbook just written by reportgen), since it doubles the time to read.
        cached = openpyxl.load_workbook(io.BytesIO(raw), data_only=True) if _results(raw) else None
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, lxml errors…)
        raise refuse(name, "XLSX-BROKEN", "文件已损坏或不是 Excel 工作簿（.xlsx），无法读取；"
                     "请用 Excel 或 WPS 打开后另存为 .xlsx 再试") from None
    names = set(formulas.sheetnames)
    if META_SHEET not in names and not names & set(TABLE_NAMES.values()):
        raise refuse(name, "XLSX-NOT-REPORT", f"工作簿中没有“{META_SHEET}”工作表，也没有"
                     f"“{'”“'.join(TABLE_NAMES.values())}”等表格工作表，不是 reportgen 的填报工作簿；"
                     "请用 reportgen init 年度 --agency 机关名称 --xlsx 生成填报工作簿")
    source = Published(name, {}, kind="XLSX")
    source.values[()] = Position(1, 1, META_SHEET)
    if META_SHEET in names:
        _meta(source, _Sheet(formulas[META_SHEET], cached and cached[META_SHEET]))
    fmt = _format(source.data, names)
    for key, sheet_name in TABLE_NAMES.items():
        spec = getattr(fmt, "active" if key == "active_disclosure" else key, None)
        if spec is None:
            continue
        if sheet_name not in names:
            position = Position(0, 0, sheet_name)
            source.notes.append(Note("unread", sheet_name, position,
                                     f"工作簿中没有“{sheet_name}”工作表，其中的数字未读取"))
            continue
        _table(source, key, spec, sheet_name, _Sheet(formulas[sheet_name], cached and cached[sheet_name]))
    if TEXT_SHEET in names:
        read_text(source, fmt, _Sheet(formulas[TEXT_SHEET], cached and cached[TEXT_SHEET]))
    source.findings += source.note_findings()
    return source


_RESULT = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*<v\b")


def _results(raw: bytes) -> bool:
    """Whether a worksheet of the package stores the result of a formula."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return any(_RESULT.search(archive.read(info)) for info in archive.infolist()
                   if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"))


def _format(data: dict[str, Any], names: set[str]) -> Format:
    given = data.get("format")
    if isinstance(given, str) and given in FORMATS:
        return FORMATS[given]
    if TABLE_NAMES["statistics"] in names:
        return LEGACY
    year = data.get("year")
    return format_for_year(year) if isinstance(year, int) and 2008 <= year <= 2100 else FORMATS["gov2021"]


class _Sheet:
    """A worksheet's cells as values: cached formula results, else computed here."""

    def __init__(self, sheet: Any, cached: Any) -> None:
        self.title: str = sheet.title
        self.rows = sheet.max_row
        self.columns = sheet.max_column
        cells = [c for row in sheet.iter_rows() for c in row]
        self._raw = {(c.row, c.column): _with_unit(c) for c in cells if c.value is not None}
        #: The cells meant for input: unlocked ones, and formulas (totals).
        self.open = {(c.row, c.column) for c in cells
                     if not c.protection.locked or (isinstance(c.value, str) and c.value.startswith("="))}
        self._cached = {} if cached is None else {
            (c.row, c.column): c.value for row in cached.iter_rows() for c in row if c.value is not None}
        self.merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
        self._done: dict[tuple[int, int], tuple[Any, bool]] = {}

    def raw(self, r: int, c: int) -> Any:
        """The cell as stored: a value, a formula (``=SUM(D5:I5)``) or ``None``."""
        return self._raw.get((r, c))

    def value(self, r: int, c: int) -> tuple[Any, bool]:
        """The cell's value and whether it holds anything: a formula none of whose cells
        holds a value is empty, like the cells it sums."""
        if (r, c) in self._done:
            return self._done[(r, c)]
        self._done[(r, c)] = (None, False)  # a circular reference reads as empty
        raw = self.raw(r, c)
        found: tuple[Any, bool] = (raw, raw is not None and raw != "")
        if isinstance(raw, str) and raw.startswith("="):
            total, present = _evaluate(self, raw)
            cached = self._cached.get((r, c))
            if cached is not None:
                found = (cached, present)
            else:
                found = (total if total is not None else _Failed(raw, True), present)
        self._done[(r, c)] = found
        return found


#: A number format that prints an amount with its unit as a literal: ``0"元"``, ``0.00"万元"``.
_UNIT_FORMAT = re.compile(r'0(?:\.(0+))?"(元|万元)"')


def _with_unit(cell: Any) -> Any:
    """A number shown with its unit by the cell's number format reads as it is shown
    (``251000元``): the unit is part of what was written (the workbook writes it so)."""
    shown = _UNIT_FORMAT.fullmatch(cell.number_format or "")
    value = cell.value
    if not shown or isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return f"{value:.{len(shown.group(1) or '')}f}{shown.group(2)}"


class _Failed:
    """A formula that cannot be computed and has no stored value; ``own`` when it is not a
    sum itself (rather than a sum over such a formula), which is what gets reported."""

    def __init__(self, formula: str, own: bool) -> None:
        self.formula, self.own = formula, own


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _evaluate(sheet: _Sheet, formula: str) -> tuple[Any, bool]:
    """Compute a sum formula (``=SUM(D5:I5)``, ``=D5+D6``): the sum and whether any cell
    summed holds a value. ``None`` for any other formula, which then needs the value a
    spreadsheet program stored; a :class:`_Failed` when a cell summed cannot be added."""
    body = "".join(formula[1:].split()).upper()
    inner = body[4:-1] if body.startswith("SUM(") and body.endswith(")") else None
    terms = inner.split(",") if inner is not None else body.split("+")
    total: Any = 0
    present = False
    for term in terms:
        match = _RANGE.fullmatch(term)
        if match is None or (inner is None and match.group(3)):
            return None, True
        c1, r1 = _column_number(match.group(1)), int(match.group(2))
        c2, r2 = (_column_number(match.group(3)), int(match.group(4))) if match.group(3) else (c1, r1)
        for r in range(min(r1, r2), max(r1, r2) + 1):
            for c in range(min(c1, c2), max(c1, c2) + 1):
                value, here = sheet.value(r, c)
                present = present or here
                if isinstance(value, _Failed):
                    return _Failed(value.formula, False), True
                if isinstance(value, bool) or not isinstance(value, int | float):
                    if here:  # text in a cell summed: reported at that cell, not here
                        return _Failed(formula, False), True
                    continue
                total += value
    return total, present


def _grid(sheet: _Sheet) -> tuple[Table, set[tuple[int, int]], dict[tuple[int, int], _Failed]]:
    """The sheet as a table of cells (merged ranges as one cell), its empty value cells, and
    its formulas that could not be computed.

    An empty value cell reads as ``0`` for the table readers, which find the number rows by
    their numbers (a table 四 not filled in yet is still a table 四); it is left out after.
    """
    owner = {(r, c): (m[0], m[1]) for m in sheet.merged
             for r in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1)}
    made: dict[tuple[int, int], Cell] = {}
    empty: set[tuple[int, int]] = set()
    failed: dict[tuple[int, int], _Failed] = {}
    rows = []
    for r in range(1, sheet.rows + 1):
        row = []
        for c in range(1, sheet.columns + 1):
            origin = owner.get((r, c), (r, c))
            if origin not in made:
                value, present = sheet.value(*origin)
                text = text_of(value) if present else ""
                if isinstance(value, _Failed):
                    failed[origin], text = value, "0"
                elif not present and origin in sheet.open:
                    empty.add(origin)
                    text = "0"
                made[origin] = Cell(text, (origin[0] - 1, origin[1] - 1))
            row.append(made[origin])
        rows.append(row)
    return Table(rows), empty, failed


def _table(source: Published, key: str, spec: Any, sheet_name: str, sheet: _Sheet) -> None:
    table, empty, failed = _grid(sheet)
    ctx = Context(sheet_name, table)
    data = _READERS[key](ctx, spec)
    _settle(source, data, (key,), ctx.values, empty, failed)
    if data:
        source.data[key] = data
    source.values[(key,)] = Position(1, 1, sheet_name)
    source.values.update(ctx.values)
    source.notes += ctx.notes


_READERS: dict[str, Any] = {"active_disclosure": tables.active, "applications": applications_table.applications,
                            "reviews": tables.reviews, "statistics": legacy_table.statistics}


def _settle(source: Published, node: dict[str, Any], path: KeyPath, where: dict[KeyPath, Position],
            empty: set[tuple[int, int]], failed: dict[tuple[int, int], _Failed]) -> None:
    """Leave out the values whose cells are empty: a cell not filled in is not a 0 typed in
    (a legacy 统计表 left empty is not printed); formulas over empty cells are empty too.
    A formula that cannot be computed is unreadable, reported once where it is written."""
    for key in list(node):
        value = node[key]
        if isinstance(value, dict):
            _settle(source, value, (*path, key), where, empty, failed)
            if not value:
                del node[key]
            continue
        position = where.get((*path, key))
        cell = (position.line, position.column) if position is not None else None
        if cell in empty:
            del node[key]
        elif cell in failed and position is not None:
            node[key] = UNREADABLE
            source.unreadable = source.unreadable | {(*path, key)}
            if failed[cell].own:
                source.findings.append(Finding(
                    Severity.ERROR, "XLSX-FORMULA", source.name, position.line, position.column,
                    format_path((*path, key)), "",
                    f"公式“{failed[cell].formula}”无法计算：文件中没有保存公式的结果，reportgen 只计算求和公式"
                    "（如 =SUM(D4:I4)、=D4+E4）；请用 Excel 或 WPS 打开后保存一次，或直接填写数字",
                    position.where))


def _meta(source: Published, sheet: _Sheet) -> None:
    rows = Matcher(META_ROWS)
    data = source.data
    for r in range(2, sheet.rows + 1):
        label, _ = sheet.value(r, 1)
        found = rows.match(str(label)) if label is not None else None
        value, present = sheet.value(r, 2)
        if found is None or not present:
            if label is not None and found is None and present:
                position = Position(r, 1, f"{sheet.title} 第{r}行 第1列")
                source.notes.append(Note("unread", position.where, position,
                                         f"“{normal(str(label))[:20]}”不是{META_SHEET}中的项目，未读取"))
            continue
        path = found.value
        if isinstance(value, dt.datetime):
            value = value.date()
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and path != ("preface",):
            value = value.strip()
            if path in (("published",), ("year",)):
                value = _date_or_year(value)
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
        source.values[path] = Position(r, 2, f"{sheet.title} 第{r}行 第2列")
        source.keys[path] = Position(r, 1, f"{sheet.title} 第{r}行 第1列")


def _date_or_year(text: str) -> Any:
    """A date or year typed as text (``2025-01-22``, ``2025``); else the text, for the
    validator to report."""
    if text.isdigit():
        return int(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


__all__ = ["HELP_SHEET", "META_HEADER", "META_ROWS", "META_SHEET", "SECTION_LEVEL", "TEXT_HEADER",
           "TEXT_SHEET", "load_file", "read_bytes", "text_of"]
