"""The fill-in workbook (``reportgen init --xlsx``): plain report data → the bytes of an XLSX.

Sheets: 说明 (how to fill it in), 基本信息 (one item a row), the official tables laid out as
printed (:mod:`.xlsx_layout`), and 正文 (one row per section or sub-heading). Labels are locked
by sheet protection without a password, so that only value cells take input; value cells
accept only non-negative integers (amounts in 万元 with decimals; the 2019 本年增/减 may be
negative), and every total is a live formula. The writer takes the data in the shape of the
input contract, as read from a YAML file or from a workbook, so workbook → data → workbook
gives the same cells: a total given that differs from the sum of its parts is written as the
number given (it is never corrected), one that agrees as the formula.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from ..catalog import ROW_KEYS
from ..cells import WRITTEN
from ..formats import FORMATS, GOV2019, Format, Kind, SectionKind, label
from ..locations import KeyPath
from ..readers.continued import TABLE_NAMES
from ..readers.xlsx_reader import (
    HELP_SHEET,
    META_HEADER,
    META_ROWS,
    META_SHEET,
    SECTION_LEVEL,
    TEXT_HEADER,
    TEXT_SHEET,
)
from .xlsx_layout import Placed, Sheet, sheets

_HINTS: dict[KeyPath, str] = {
    ("format",): " / ".join(FORMATS),
    ("year",): "四位数字，如 2025",
    ("agency",): "机关全称",
    ("organ_kind",): "department 部门 / government 人民政府 / township 乡镇（街道）",
    ("published",): "发布日期，如 2026-01-20；未定时留空",
    ("title",): "留空则为“机关名称+年度+年政府信息公开工作年度报告”",
    ("signature",): "留空则为机关名称",
    ("preface",): "一、之前的段落；段与段之间空一行（Alt+Enter 换行）",
}
_HELP = (
    "本工作簿是 reportgen 的填报工作簿，填好后可直接用 reportgen 校验和生成报告：",
    "  reportgen validate 本文件.xlsx        校验（与校验 YAML 输入文件完全相同）",
    "  reportgen build 本文件.xlsx           生成 DOCX 和 PDF",
    "  reportgen import 本文件.xlsx -o 本文件.yaml   转为 YAML 输入文件",
    "",
    "填写方法：",
    "1. “基本信息”表：填写机关名称、报告年度、发布日期、联系方式等；不需要的项目留空。",
    "2. 各统计表（表二、表三、表四，或旧格式的统计表）与官方表格的排版相同；只有白色的格子可以填写，"
    "名称格子已锁定（工作表保护未设密码）。",
    "3. 数字格子只接受非负整数；金额（万元）可以有小数；2019 年版表二的“{change}”可以为负数。"
    "没有发生的事项填 0；留空的格子视为未填写。2019 年版表二的“{amount}”表头不写单位：单位写在单元格格式中"
    "（如 0\"元\"、0.00\"万元\"），印出时带上。",
    "4. 灰色的格子是合计，由公式自动计算。如在其中直接填写数字，reportgen 会校验它是否等于各项之和，"
    "不会自动更正。",
    "5. “正文”表每行一个部分或小标题：层级为“部分”的行是报告的一个部分，其下的行是它的小标题，"
    "层级 1、2、3 依次为（一）、1.、（1）。小标题不写序号，序号自动生成。",
    "   要增加小标题，在已有小标题的行下插入新行；正文中分段请在段与段之间空一行（Alt+Enter 换行）。",
    "6. 工作表和名称格子请勿改名；reportgen 按名称读取各表，改过的名称会在校验时列出。",
)
_GREY = "EEEEEE"
_MONEY = (Kind.MONEY, Kind.AMOUNT)


def render(fmt: Format, data: dict[str, Any]) -> bytes:
    """Return the workbook for ``data`` (the input contract's plain data) in format ``fmt``."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _help(book.create_sheet(HELP_SHEET))
    _meta(book.create_sheet(META_SHEET), fmt, data)
    for sheet in sheets(fmt):
        _table(book.create_sheet(TABLE_NAMES[sheet.key]), sheet, data)
    _text(book.create_sheet(TEXT_SHEET), fmt, data)
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def get(data: Any, path: KeyPath) -> Any:
    """Return the value at ``path``, or ``None``; a table-三 row may be a list of numbers."""
    node = data
    for part in path:
        if isinstance(node, list) and isinstance(part, str) and part in ROW_KEYS:
            index = ROW_KEYS.index(part)
            node = node[index] if index < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _protect(sheet: Any, *, rows: bool = False) -> None:
    sheet.protection.sheet = True  # no password: protection keeps slips out, not people
    if rows:
        sheet.protection.insertRows = False
        sheet.protection.deleteRows = False
    sheet.protection.formatColumns = False


def _help(sheet: Any) -> None:
    from openpyxl.styles import Alignment

    sheet.column_dimensions["A"].width = 110
    change = label(GOV2019, "active_disclosure", "licensing", "change")
    amount = label(GOV2019, "active_disclosure", "procurement", "amount")
    for r, line in enumerate(_HELP, 1):
        sheet.cell(r, 1, line.format(change=change, amount=amount)).alignment = Alignment(wrap_text=True, vertical="top")
    _protect(sheet)


def _meta(sheet: Any, fmt: Format, data: dict[str, Any]) -> None:
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    for c, text in enumerate(META_HEADER, 1):
        sheet.cell(1, c, text).font = Font(bold=True)
    checks = {
        ("format",): DataValidation("list", formula1='"' + ",".join(FORMATS) + '"'),
        ("organ_kind",): DataValidation("list", formula1='"department,government,township"'),
        ("year",): DataValidation("whole", operator="between", formula1="2008", formula2="2100"),
        ("published",): DataValidation("date", operator="greaterThan", formula1="39448"),
    }
    for r, (name, path) in enumerate(META_ROWS, 2):
        sheet.cell(r, 1, name)
        value = fmt.id if path == ("format",) else get(data, path)
        cell = sheet.cell(r, 2, value)
        cell.protection = Protection(locked=False)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif path[0] == "contact":
            cell.number_format = "@"  # a phone number or postcode stays text
        sheet.cell(r, 3, _HINTS.get(path, ""))
        if path in checks:
            checks[path].add(cell)
    for check in checks.values():
        check.error = "填写的内容不符合要求，请按“填写说明”一栏填写"
        sheet.add_data_validation(check)
    for letter, width in zip("ABC", (12, 60, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    _protect(sheet)


def _value(data: dict[str, Any], placed: Placed) -> Any:
    value = get(data, placed.spec.path)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
        return None if value is None or isinstance(value, dict | list) else str(value)
    return value


def _with_unit(value: Any) -> tuple[Any, str | None]:
    """An amount written with its unit (251000元): the number, and a number format that
    prints it as written, the unit a literal (``0"元"``), so the cell stays a number."""
    written = WRITTEN.fullmatch(value) if isinstance(value, str) else None
    if not written:
        return value, None
    number, unit = written.groups()
    places = len(number.partition(".")[2])
    return Decimal(number), ("0." + "0" * places if places else "0") + f'"{unit}"'


def _formula(sheet: Sheet, placed: Placed, data: dict[str, Any]) -> str | None:
    """The sum formula of a total, or ``None`` when the total given differs from the sum."""
    from openpyxl.utils import get_column_letter

    at = sheet.at()
    parts = [at[p] for p in placed.spec.parts]
    given = _value(data, placed)
    numbers = [_value(data, p) for p in parts]
    if given is not None and (not all(isinstance(n, int | Decimal | None) for n in numbers)
                              or given != sum(n or 0 for n in numbers)):
        return None
    rows = {p.row for p in parts}
    columns = {p.column for p in parts}
    first, last = parts[0], parts[-1]
    contiguous = ((len(rows) == 1 and max(columns) - min(columns) + 1 == len(parts))
                  or (len(columns) == 1 and max(rows) - min(rows) + 1 == len(parts)))
    name = f"{get_column_letter(first.column)}{first.row}"
    if contiguous:
        return f"=SUM({name}:{get_column_letter(last.column)}{last.row})"
    return "=" + "+".join(f"{get_column_letter(p.column)}{p.row}" for p in parts)


def _table(ws: Any, sheet: Sheet, data: dict[str, Any]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin")
    checks = {
        Kind.COUNT: DataValidation("whole", operator="greaterThanOrEqual", formula1="0"),
        Kind.SIGNED: DataValidation("whole", operator="between", formula1="-999999999",
                                    formula2="999999999"),
        Kind.MONEY: DataValidation("decimal", operator="greaterThanOrEqual", formula1="0"),
        Kind.AMOUNT: DataValidation("decimal", operator="greaterThanOrEqual", formula1="0"),
    }
    messages = {Kind.COUNT: "请填写非负整数（没有发生的填 0）", Kind.SIGNED: "请填写整数（减少时为负数）",
                Kind.MONEY: "请填写金额（万元），可以有小数，不能为负数",
                Kind.AMOUNT: "请填写金额，可以有小数，不能为负数；单位（元或万元）写在单元格格式中"}
    for placed in sheet.cells:
        spec = placed.spec
        cell = ws.cell(placed.row, placed.column)
        if spec.path:
            formula = _formula(sheet, placed, data) if spec.parts else None
            value, unit_format = _with_unit(_value(data, placed)) if spec.kind is Kind.AMOUNT \
                else (_value(data, placed), None)
            cell.value = formula or value
            if formula:
                cell.fill = PatternFill("solid", fgColor=_GREY)
            else:
                cell.protection = Protection(locked=False)
                checks[spec.kind].add(cell)
            cell.number_format = unit_format or ("0.00##" if spec.kind in _MONEY else "0")
            cell.alignment = Alignment(horizontal="center", vertical="center")
        else:
            cell.value = spec.text or None
            cell.font = Font(bold=spec.head)
            cell.alignment = Alignment(horizontal="center" if spec.head else "left",
                                       vertical="center", wrap_text=True, indent=spec.indent)
            if spec.text:
                cell.fill = PatternFill("solid", fgColor=_GREY)
        for r in range(placed.row, placed.row + spec.rowspan):
            for c in range(placed.column, placed.column + spec.colspan):
                ws.cell(r, c).border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if spec.rowspan > 1 or spec.colspan > 1:
            ws.merge_cells(start_row=placed.row, start_column=placed.column,
                           end_row=placed.row + spec.rowspan - 1,
                           end_column=placed.column + spec.colspan - 1)
    for kind, check in checks.items():
        check.error, check.errorTitle = messages[kind], "数字不符合要求"
        if check.sqref:
            ws.add_data_validation(check)
    for c, width in enumerate(sheet.widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.oddHeader.center.text = sheet.title
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(ws)


def _text(ws: Any, fmt: Format, data: dict[str, Any]) -> None:
    from openpyxl.styles import Alignment, Font, Protection

    for c, text in enumerate(TEXT_HEADER, 1):
        ws.cell(1, c, text).font = Font(bold=True)
    rows: list[tuple[str, str, str, bool]] = []  # title, text, level, title locked

    def subs(nodes: Any, level: int) -> None:
        for node in nodes if isinstance(nodes, list | tuple) else ():
            if isinstance(node, dict):
                rows.append((str(node.get("title") or ""), str(node.get("text") or ""), str(level), False))
                subs(node.get("sections"), level + 1)

    if fmt.sections:
        for section in fmt.sections:
            if section.kind is not SectionKind.NARRATIVE:
                continue
            value = data.get(section.key)
            node = value if isinstance(value, dict) else {"intro": value if isinstance(value, str) else ""}
            rows.append((section.title, str(node.get("intro") or ""), SECTION_LEVEL, True))
            subs(node.get("sections"), 1)
            if not node.get("sections"):
                rows.append(("", "", "", False))  # a row to write a first sub-heading in
    else:
        for node in data.get("sections") or ():
            if isinstance(node, dict):
                intro = node.get("intro") or node.get("text") or ""
                rows.append((str(node.get("title") or ""), str(intro), SECTION_LEVEL, False))
                subs(node.get("sections"), 1)
    for r, (title, text, level, locked) in enumerate(rows, 2):
        # Cells hold text without the final line break a YAML block scalar ends with.
        for c, value in enumerate((title.strip(), text.strip(), level), 1):
            cell = ws.cell(r, c, value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.protection = Protection(locked=locked and c != 2)
            if level == SECTION_LEVEL:
                cell.font = Font(bold=True)
    for letter, width in zip("ABC", (30, 100, 8), strict=True):
        ws.column_dimensions[letter].width = width
    _protect(ws, rows=True)
