"""The consistency rules of ``official-formats.md`` §5, and the content rules, on a valid model.

Each rule has a stable id (``T3-1``…) used in messages, ``--json`` and ``explain``; its
explanation lives in the rulebook (:mod:`reportgen.rulebook`). Rules read the tables through the
format definitions, so the same code checks the 2019 and 2021 tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

from .catalog import Catalog
from .figures import RowValues, intact, result_rows, row_values, value_at
from .formats import APPLICANT_COLUMNS, APPLICANT_KEYS, TOTAL_KEY, Format, label
from .locations import KeyPath
from .models import Narrative, NarrativeSection, ReportBase
from .rulebook import Emit
from .text import MAX_NARRATIVE_LEVELS, chinese_date, strip_numbering


def run(fmt: Format, cat: Catalog, report: ReportBase, emit: Emit,
        broken: Collection[KeyPath] = ()) -> None:
    """Run every rule that applies to ``report`` and emit its findings.

    Args:
        fmt: the format of the report.
        cat: the catalog of that format.
        report: the validated model.
        emit: where findings go.
        broken: paths (top-level keys, or table blocks) whose values are stand-ins for
            values that failed validation; rules reading them do not run.
    """
    ok = intact(broken)
    if ok(("year",), ("format",)):
        _format_year(fmt, report, emit)
    if ok(("year",)):
        _dates(fmt, report, emit, ok)
    _narratives(fmt, report, emit, ok)
    if fmt.applications:
        _applications(fmt, cat, report, emit, ok)
    if fmt.reviews:
        _reviews(fmt, report, emit, ok)
    if fmt.active:
        _active(fmt, report, emit, ok)
    stats = fmt.statistics
    if stats and ok((stats.key,)) and getattr(report, stats.key) is not None:
        _statistics(fmt, report, emit)


# --------------------------------------------------------------------------------------------
# Format, dates


def _format_year(fmt: Format, report: ReportBase, emit: Emit) -> None:
    from .formats import format_for_year

    expected = format_for_year(report.year)
    if report.format is not None and expected.id != fmt.id:
        emit(False, "F-YEAR", ("format",),
             f"{report.year} 年的报告应使用 {expected.id}（{expected.document}），"
             f"此处为 {fmt.id}（{fmt.document}）；若确需沿用旧格式请说明理由")


def deadline(fmt: Format, year: int, organ_kind: str) -> dt.date:
    """Return the statutory publication deadline of a report (条例 第四十九条).

    Departments and townships: 31 January of the next year; people's governments, and every
    organ under the old regulation (legacy format): 31 March.
    """
    if fmt.statistics is not None or organ_kind == "government":
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


def _dates(fmt: Format, report: ReportBase, emit: Emit, ok: Callable[..., bool]) -> None:
    # Every format prints a date under the signature (GB/T 9704), and the deadline is judged
    # by the publication date: a report without ``published`` cannot be printed or judged.
    published = report.published if ok(("published",)) else None
    if ok(("published",)) and published is None:
        limit = deadline(fmt, report.year, report.organ_kind)
        emit(True, "D-MISSING", ("published",),
             "没有填写发布日期：落款下要印日期，是否按期发布也按它核对；"
             f"请写 published: YYYY-MM-DD（不晚于{chinese_date(limit)}）；"
             "成文日期与发布日期不同时，另写 signed: YYYY-MM-DD")
    if published is not None:
        _published(fmt, report, published, emit, late=ok(("organ_kind",)))
    signed = report.signed if ok(("signed",)) else None
    if signed is not None:
        _signed(report, signed, published, emit)


def _published(fmt: Format, report: ReportBase, published: dt.date, emit: Emit, late: bool) -> None:
    if published <= dt.date(report.year, 12, 31):
        hint = "" if report.signed else "；若这是落款下的成文日期，请写成 signed，published 写网站发布的日期"
        emit(True, "D-EARLY", ("published",),
             f"发布日期 {chinese_date(published)} 不在报告年度 {report.year} 年结束之后；"
             f"年度报告应在 {report.year + 1} 年发布{hint}")
        return
    limit = deadline(fmt, report.year, report.organ_kind)
    if late and published > limit:
        kind = {"government": "人民政府", "township": "乡镇（街道）"}.get(report.organ_kind, "部门")
        if fmt.statistics is not None:
            kind = "2019 年以前的报告"
        emit(False, "D-LATE", ("published",),
             f"发布日期 {chinese_date(published)} 晚于法定期限 {chinese_date(limit)}（{kind}）；"
             "逾期发布会被考核扣分，请核对日期")


def _signed(report: ReportBase, signed: dt.date, published: dt.date | None, emit: Emit) -> None:
    # The statistical period ends on 31 December: signing on that day is what real
    # reports do (湘桥 2017); signing earlier in December leaves days uncounted (a warning,
    # the figures may be final); signing before December cannot cover the year (an error).
    end = dt.date(report.year, 12, 31)
    if signed < end:
        error = signed < dt.date(report.year, 12, 1)
        emit(error, "D-SIGNED-EARLY", ("signed",),
             f"成文日期 {chinese_date(signed)} 早于统计期结束的 {chinese_date(end)}："
             f"报告要统计到 {report.year} 年 12 月 31 日，请核对成文日期")
    if published is not None and signed > published:
        emit(True, "D-SIGNED-AFTER", ("signed",),
             f"成文日期 {chinese_date(signed)} 晚于发布日期 {chinese_date(published)}："
             "报告先成文后发布，请核对这两个日期")


# --------------------------------------------------------------------------------------------
# Narrative


def _narratives(fmt: Format, report: ReportBase, emit: Emit, ok: Callable[..., bool]) -> None:
    for section in fmt.sections:
        value = getattr(report, section.key, None)
        if isinstance(value, Narrative) and ok((section.key,)):
            _narrative(section.title, (section.key,), value.intro, value.sections, emit)
    legacies = getattr(report, "sections", ()) or () if ok(("sections",)) else ()
    for index, legacy in enumerate(legacies):
        path: KeyPath = ("sections", index)
        number, _ = strip_numbering(legacy.title)
        if number:
            emit(False, "N-NUMBER", (*path, "title"),
                 f"部分标题不用写序号“{number}”，序号按顺序自动生成（一、二、……）；已去掉重复的序号")
        intro = "\n\n".join(t for t in (legacy.intro, legacy.text) if t.strip())
        _narrative(legacy.title, path, intro, legacy.sections, emit)


def _narrative(title: str, path: KeyPath, intro: str, sections: tuple[NarrativeSection, ...],
               emit: Emit) -> None:
    if not intro.strip() and not sections:
        emit(True, "N-EMPTY", path, f"“{title}”尚未填写：请写出本部分的内容")
    for index, sub in enumerate(sections):
        _subsection(sub, (*path, "sections", index), 1, emit)


def _subsection(sub: NarrativeSection, path: KeyPath, level: int, emit: Emit) -> None:
    if level > MAX_NARRATIVE_LEVELS:
        emit(True, "N-DEPTH", path,
             f"小标题“{sub.title}”是第 {level} 级；公文结构层次最多三级（（一）、1.、（1）），请合并到上一级")
        return
    number, plain = strip_numbering(sub.title)
    if number:
        emit(False, "N-NUMBER", (*path, "title"),
             f"小标题不用写序号“{number}”，序号会自动生成；已按“{plain}”处理，避免序号重复")
    if not sub.text.strip() and not sub.sections:
        emit(True, "N-EMPTY", (*path, "text"), f"小标题“{plain}”下尚未填写内容")
    for index, child in enumerate(sub.sections):
        _subsection(child, (*path, "sections", index), level + 1, emit)


# --------------------------------------------------------------------------------------------
# Tables


def _applications(fmt: Format, cat: Catalog, report: ReportBase, emit: Emit,
                  ok: Callable[..., bool]) -> None:
    """Table 三's arithmetic; a row that failed validation (a stand-in of zeros) takes no part.

    T3-3 is checked on every readable row, T3-2 when all the results rows are readable, T3-1
    when its four rows are.
    """
    table = fmt.applications
    assert table is not None
    columns = [leaf.label for leaf in APPLICANT_COLUMNS.leaves()]
    values = {row.path: row_values(report, row) for row in cat.rows}
    zero = RowValues((0,) * len(APPLICANT_KEYS), None)
    filled = {path: value or zero for path, value in values.items()}
    for row in cat.rows:  # T3-3 on every row whose 总计 was typed in
        rv = values[row.path]
        if not ok(row.path):
            continue
        if rv is not None and rv.given_total is not None and rv.given_total != sum(rv.cells):
            emit(True, "T3-3", (*row.path, TOTAL_KEY),
                 f"总计应等于六类申请人之和 {' + '.join(map(str, rv.cells))} = {sum(rv.cells)}，"
                 f"填写的是 {rv.given_total}")
    total_row = next(row for row in cat.rows if row.computed)
    results = list(result_rows(fmt, cat))  # once, not once per column
    computed = [sum(filled[r.path].cells[i] for r in results)
                for i in range(len(APPLICANT_KEYS))]
    given = values[total_row.path]
    results_ok = ok(*(r.path for r in results), total_row.path)
    if given is not None and results_ok:
        total_name, parts_span = _results_names(fmt)
        for i, (typed, expected) in enumerate(zip(given.cells, computed, strict=True)):
            if typed != expected:
                emit(True, "T3-2", (*total_row.path, APPLICANT_KEYS[i]),
                     f"“{columns[i]}”一列：{total_name}应等于{parts_span}各项之和 {expected}，"
                     f"填写的是 {typed}")
    totals = given.cells if given is not None else tuple(computed)
    balance = [(table.key, key) for key in (table.received, table.carried_over, table.carried_forward)]
    if not (results_ok and ok(*balance)):
        return
    received, carried_over, carried_forward = (filled[path] for path in balance)
    for i in range(len(APPLICANT_KEYS)):
        a, b = received.cells[i], carried_over.cells[i]
        c, d = totals[i], carried_forward.cells[i]
        if a + b != c + d:
            emit(True, "T3-1", (table.key, table.carried_forward, APPLICANT_KEYS[i]),
                 f"“{columns[i]}”一列不平衡：第一项加第二项之和 {a} + {b} = {a + b}，"
                 f"第三项加第四项之和 {c} + {d} = {c + d}，两者应相等（相差 {abs(a + b - c - d)}）")


def _results_names(fmt: Format) -> tuple[str, str]:
    """Return the label of the results' total row and the span of the rows it sums: （七）总计,
    （一）至（六）."""
    assert fmt.applications is not None
    results = next(r for r in fmt.applications.rows if r.key == fmt.applications.results)
    parts = [child for child in results.children if not child.computed]
    total = next(child for child in results.children if child.computed)
    first, last = (strip_numbering(child.label)[0] for child in (parts[0], parts[-1]))
    return total.label, f"{first}至{last}"


def _reviews(fmt: Format, report: ReportBase, emit: Emit, ok: Callable[..., bool]) -> None:
    assert fmt.reviews is not None
    for block in fmt.reviews.blocks():
        if not ok((fmt.reviews.key, block.key)):
            continue
        values = value_at(report, (fmt.reviews.key, block.key))
        parts = [getattr(values, o.key) for o in block.children if not o.computed]
        typed = getattr(values, TOTAL_KEY)
        if typed is not None and typed != sum(parts):
            names = "、".join(o.label for o in block.children if not o.computed)
            emit(True, "T4-1", (fmt.reviews.key, block.key, TOTAL_KEY),
                 f"总计应等于{names}之和 {' + '.join(map(str, parts))} = {sum(parts)}，填写的是 {typed}")


def _active(fmt: Format, report: ReportBase, emit: Emit, ok: Callable[..., bool]) -> None:
    assert fmt.active is not None
    key0 = fmt.active.key
    table = value_at(report, (key0,))
    for block in fmt.active.blocks:  # the 2019 table 二's 本年增/减 and 对外公开总数量 columns
        fields = {f.key for f in block.fields}
        for key in (item.key for item in block.items):
            item = getattr(table, key)
            if "change" in fields and ok((key0, key)) and item.previous_items + item.change < 0:
                change, before = (label(fmt, key0, key, f) for f in ("change", "previous_items"))
                emit(True, "T2-1", (fmt.active.key, key, "change"),
                     f"{change}为 {item.change}，而{before}只有 {item.previous_items}，"
                     f"减少的数量不能超过{before}")
            if "total_public" in fields and ok((key0, key)) and item.total_public < item.published:
                total, new = (label(fmt, key0, key, f) for f in ("total_public", "published"))
                emit(False, "T2-2", (fmt.active.key, key, "total_public"),
                     f"{total} {item.total_public} 小于{new} {item.published}，请核对")
    if report.organ_kind == "township" and ok((key0, "regulations"), ("organ_kind",)):
        regulations = table.regulations
        if any(getattr(regulations, name) for name in type(regulations).model_fields):
            regulation, normative = (label(fmt, key0, k) for k in ("regulations", "normative_documents"))
            emit(False, "P-1", (fmt.active.key, "regulations"),
                 f"乡镇（街道）不能制定{regulation}，{regulation}各项应为 0；请核对是否误填了{normative}")


def _statistics(fmt: Format, report: ReportBase, emit: Emit) -> None:
    assert fmt.statistics is not None
    stats = value_at(report, (fmt.statistics.key,))
    labels = {row.key: row.label for row in fmt.statistics.rows}
    for rule in fmt.statistics.sums:
        parts = [getattr(stats, key) for key in rule.parts]
        total = getattr(stats, rule.total)
        if total != sum(parts):
            names = "、".join(labels[key] for key in rule.parts)
            emit(False, rule.rule, (fmt.statistics.key, rule.total),
                 f"应等于 {names} 之和 {sum(parts)}，填写的是 {total}")
