"""Summaries for supervising offices: the files and their checks, one sheet of key figures per
format and year (one row per agency), each table summed in the official layout, and — when the
inputs hold consecutive years of an agency — a year-on-year comparison and the derived rates.

Column titles come from the format definitions; the summed tables are validated through the
same models and laid out by the same grids as the reports themselves. An agency's report for
one year is counted once: a second file for the same agency and year is listed but not added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .catalog import catalog
from .cells import add, in_wan
from .context import Document, build
from .formats import FORMATS, TOTAL_KEY, Format, Node
from .grid import Grid
from .models import report_model
from .text import strip_numbering
from .validation import Checked, check_source
from .yearly import changes, rates

Value = int | Decimal
FIXED_COLUMNS = ("文件", "机关", "年度", "格式", "状态", "错误", "警告")
NOTE_COLUMN = "备注"
PROBLEMS_COLUMN = "主要问题（前 3 条）"
TOTAL_ROW = "合计"
#: The columns of the rules found: how often each rule was reported, and how to fix it.
RULE_COLUMNS = ("编号", "规则", "问题数", "涉及文件数", "怎样改", "依据")
#: The columns that name a row of a figures sheet, before the figures.
SHEET_COLUMNS = ("文件", "机关")
_STATUS = {"ok": "通过", "warnings": "有警告", "errors": "有错误"}
_TABLE_NAMES = {"active": "表二", "applications": "表三", "reviews": "表四", "statistics": "统计表"}


@dataclass
class Sheet:
    """The key figures of one format and year: one row per file, and which rows are counted."""

    title: str
    format: str
    year: int
    columns: list[str] = field(default_factory=list)  # figure columns, in first-seen order
    rows: list[dict[str, Any]] = field(default_factory=list)
    counted: list[bool] = field(default_factory=list)

    def totals(self) -> dict[str, Value]:
        """The sum of each figure over the counted rows (the workbook writes it as a formula)."""
        return {name: sum((row.get(name, 0) for row, ok in zip(self.rows, self.counted, strict=True)
                           if ok), start=0) for name in self.columns}


@dataclass
class Summary:
    """The summary of a set of inputs."""

    files: list[dict[str, Any]] = field(default_factory=list)  # one row per input file
    sheets: list[Sheet] = field(default_factory=list)
    tables: list[tuple[str, Grid]] = field(default_factory=list)  # (sheet title, summed grid)
    changes: list[dict[str, Any]] = field(default_factory=list)  # year on year, per figure
    rates: list[dict[str, Any]] = field(default_factory=list)  # derived rates, per agency-year
    duplicates: list[str] = field(default_factory=list)  # notes on files not counted
    rules: list[dict[str, Any]] = field(default_factory=list)  # rules found, commonest first


def figures(fmt: Format, report: Any) -> dict[str, Value]:
    """Return the key figures of a report, titled by the official labels."""
    out: dict[str, Value] = {}
    cat = catalog(fmt.id)
    if fmt.applications:
        table = fmt.applications
        for node in table.rows:
            base = strip_numbering(node.label)[1]
            if not node.children:
                out[base] = _row_total(report, (table.key, node.key))
                continue
            for child in node.children:
                if child.computed:
                    continue
                name = f"{base}·{strip_numbering(child.label)[1]}"
                out[name] = sum(_row_total(report, (table.key, node.key, *p))
                                for p in _leaf_paths(child))
            out[f"{base}·{strip_numbering(node.children[-1].label)[1]}"] = sum(
                _row_total(report, (table.key, node.key, *p))
                for child in node.children if not child.computed for p in _leaf_paths(child))
    if fmt.reviews:
        for block in fmt.reviews.blocks():
            outcome = _get(report, (fmt.reviews.key, block.key))
            total = sum(getattr(outcome, o.key) for o in block.children if not o.computed)
            out[f"{cat.labels[(fmt.reviews.key, block.key)]}·总计"] = total
    if fmt.active:  # after tables 三 and 四, which supervisors read first
        for path, cell in cat.cells.items():
            if path[0] == fmt.active.key:
                # An amount written with its unit counts in 万元, so that agencies add up.
                out[cell.label] = in_wan(_get(report, path))
    statistics = getattr(report, "statistics", None)
    if fmt.statistics and statistics is not None:
        for row in fmt.statistics.rows:
            if row.key:
                out[f"{row.label}（{row.unit}）"] = getattr(statistics, row.key)
    return out


def _get(report: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        report = getattr(report, str(part))
    return report


def _leaf_paths(node: Node) -> list[tuple[str, ...]]:
    if not node.children:
        return [(node.key,)]
    return [(node.key, *p) for child in node.children for p in _leaf_paths(child)]


def _row_total(report: Any, path: tuple[str, ...]) -> int:
    row = _get(report, path)
    if row is None:
        return 0
    return sum(v for k, v in row.model_dump().items() if k != TOTAL_KEY and v is not None)


def summarise(results: list[Checked]) -> Summary:
    """Build the summary of checked inputs (invalid ones get a row with their problems)."""
    summary = Summary()
    sheets: dict[tuple[str, int], Sheet] = {}
    seen: dict[tuple[str, int], Checked] = {}
    counted: list[Checked] = []
    for result in results:
        status = "errors" if result.errors else "warnings" if result.warnings else "ok"
        row: dict[str, Any] = dict(zip(FIXED_COLUMNS, (
            result.name, _raw(result, "agency"), _raw(result, "year"), result.format.id,
            _STATUS[status], len(result.errors), len(result.warnings)), strict=True))
        row[NOTE_COLUMN] = "有错误，未计入合计" if result.errors else ""
        row[PROBLEMS_COLUMN] = "\n".join(
            f"{f.place} {f.label or f.path} {f.message} [{f.rule}]" for f in result.findings[:3])
        summary.files.append(row)
        report = result.report
        if report is None or result.errors:
            continue
        key = (report.agency, report.year)
        first = seen.setdefault(key, result)
        if first is not result:
            row[NOTE_COLUMN] = f"与 {first.name} 是同一机关同一年度，未计入合计"
            summary.duplicates.append(f"{result.name}：{row[NOTE_COLUMN]}")
        else:
            counted.append(result)
        sheet = sheets.setdefault((result.format.id, report.year), Sheet(
            f"{result.format.id} {report.year}年", result.format.id, report.year))
        figures_row: dict[str, Any] = {"文件": result.name, "机关": report.agency}
        for name, value in figures(result.format, report).items():
            if name not in sheet.columns:
                sheet.columns.append(name)
            figures_row[name] = value
        sheet.rows.append(figures_row)
        sheet.counted.append(first is result)
    summary.sheets = [sheets[k] for k in sorted(sheets, key=lambda k: (k[1], k[0]))]
    for sheet in summary.sheets:
        group = [r for r in counted if r.format.id == sheet.format and r.report is not None
                 and r.report.year == sheet.year]
        if not group:
            continue  # only duplicates of an agency-year counted in another format
        doc = _summed(FORMATS[sheet.format], group)
        grids = [b.grid for s in doc.sections for b in s.blocks if b.grid]
        grids += [a.grid for a in doc.attachments if a.grid]
        for grid in grids:
            summary.tables.append((f"{sheet.title} {_TABLE_NAMES[grid.name]}", grid))
    summary.changes = changes(counted, _recheck, figures)
    summary.rates = rates(counted)
    summary.rules = rules_found(results)
    return summary


def rules_found(results: list[Checked]) -> list[dict[str, Any]]:
    """Every rule the files were reported under, commonest first: how many findings and files,
    and from the rulebook what the rule is, how to fix it and on what authority (a local rule
    of rules.yaml has no entry: its messages say their source)."""
    from collections import Counter

    from .rulebook import lookup

    findings = Counter(f.rule for result in results for f in result.findings)
    files = Counter(rule for result in results for rule in {f.rule for f in result.findings})
    out = []
    for rule in sorted(findings, key=lambda r: (-findings[r], r)):
        entry = lookup(rule)
        out.append(dict(zip(RULE_COLUMNS, (
            rule, entry.title if entry else "本地规则（见 rules.yaml）", findings[rule],
            files[rule], entry.fix if entry else "", entry.source if entry else ""), strict=True)))
    return out


def _recheck(result: Checked, previous: Checked) -> Checked:
    """Check ``result`` again with last year's report, for the cross-year rules."""
    assert result.source is not None
    return check_source(result.source, previous)


def _raw(result: Checked, key: str) -> Any:
    data = result.source.data if result.source else {}
    return data.get(key, "") if isinstance(data, dict) else ""


def _summed(fmt: Format, group: list[Checked]) -> Document:
    """Return the render context of the sum of ``group``'s tables (same format and year)."""
    dumps = [r.report.model_dump() for r in group if r.report is not None]
    keys = [t.key for t in (fmt.active, fmt.applications, fmt.reviews, fmt.statistics) if t]
    data: dict[str, Any] = {
        "format": fmt.id, "year": min(r["year"] for r in dumps),
        "agency": f"{len(dumps)}个单位合计",
        **{s.key: "-" for s in fmt.sections if s.kind.value == "narrative"},
    }
    if fmt.statistics:
        data["sections"] = [{"title": "-", "text": "-"}]
    for key in keys:
        data[key] = _sum_all([d[key] for d in dumps if d.get(key) is not None])
    report = report_model(fmt.id).model_validate(data)
    return build(fmt, report)


def _sum_all(values: list[Any]) -> Any:
    if not values:
        return {}
    if isinstance(values[0], dict):
        # 总计 cells are left out: the sum of typed totals is recomputed from the parts.
        return {k: _sum_all([v[k] for v in values if v.get(k) is not None])
                for k in values[0] if k != TOTAL_KEY}
    return add(values)  # amounts written with different units are added in 万元
