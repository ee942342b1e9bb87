"""The consistency rules of ``official-formats.md`` §5, and the content rules, on a valid model.

Each rule has a stable id (``T3-1``…) used in messages, ``--json`` and ``--explain``; its
explanation lives in :data:`RULES`. Rules read the tables through the format definitions, so
the same code checks the 2019 and 2021 tables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from .catalog import Catalog, Row
from .formats import APPLICANT_COLUMNS, APPLICANT_KEYS, TOTAL_KEY, Format
from .loader import KeyPath
from .models import Narrative, NarrativeSection, ReportBase

#: Rule id → (title, why/source). Shown by ``reportgen validate --explain``.
RULES: dict[str, tuple[str, str]] = {
    "T3-1": ("表三每列平衡：第一项加第二项之和等于第三项加第四项之和",
             "表三左上角的勾稽关系说明；official-formats.md §5.1"),
    "T3-2": ("表三（七）总计等于（一）至（六）各项之和", "official-formats.md §5.1"),
    "T3-3": ("表三总计列等于六类申请人之和", "official-formats.md §5.1"),
    "T4-1": ("表四每组的总计等于结果维持、结果纠正、其他结果、尚未审结之和", "official-formats.md §5.2"),
    "T2-1": ("2019 年格式：上一年项目数量加本年增/减不能为负", "official-formats.md §5.3"),
    "T2-2": ("2019 年格式：对外公开总数量不小于本年新公开数量", "official-formats.md §5.3"),
    "P-1": ("乡镇（街道）不能制定规章，规章件数应为 0", "《立法法》；official-formats.md §5.3"),
    "L-1": ("统计表：收到申请数等于四种渠道之和", "official-formats.md §4.2"),
    "L-2": ("统计表：申请办结数等于按时办结与延期办结之和", "official-formats.md §4.2"),
    "L-3": ("统计表：从事政府信息公开工作人员数等于专职与兼职之和", "official-formats.md §4.2"),
    "L-4": ("统计表：不同意公开的各项理由之和等于不同意公开答复数", "official-formats.md §4.2"),
    "N-EMPTY": ("必填的叙述部分不能为空", "《条例》第五十条；official-formats.md §2.3"),
    "N-NUMBER": ("小标题不写序号，序号自动生成", "input-format.md §1"),
    "N-DEPTH": ("小标题最多三级：（一）、1.、（1）", "GB/T 9704-2012 结构层次序数"),
    "D-EARLY": ("发布日期应在报告年度结束之后", "《条例》第四十九条"),
    "D-LATE": ("发布日期不晚于法定期限（部门 1 月 31 日，政府 3 月 31 日）", "《条例》第四十九条"),
    "F-YEAR": ("格式与年度相符（2021 年起用 2021 年版，2019–2020 年用 2019 年版）",
               "国办公开办函〔2019〕60号、〔2021〕30号；official-formats.md §6.2"),
    "NUMBER-TEXT": ("数字不加引号", "input-format.md §1"),
    "X-2": ("正文中引用的数字与表格一致（或注明口径）",
            "official-formats.md §5.4 X-2；第三方评估“文字与表格矛盾”"),
    "X-3": ("表三有“逾期未按收费通知要求缴纳费用”时，“六”应说明信息处理费", "official-formats.md §5.4 X-3"),
    "X-4": ("前言中的统计期限、标题中的年份与报告年度一致", "official-formats.md §5.4 X-4"),
    "R-AREA": ("“一、总体情况”写到主动公开、依申请公开、政府信息管理、平台建设、监督保障",
               "国办公开办函〔2021〕30号；official-formats.md §2.3"),
    "R-GOV": ("人民政府在监督保障部分报告工作考核、社会评议和责任追究结果", "《条例》第五十条"),
    "R-NONE": ("“五、存在的主要问题及改进情况”不能只写“无”", "official-formats.md §6.2 第 7 条"),
    "R-FEE": ("“六、其他需要报告的事项”说明信息处理费收取情况", "《政府信息公开信息处理费管理办法》；§2.3"),
    "R-LABEL": ("正文中不使用被改动的官方表述（如“只计这一情况”）", "official-formats.md §6.2 第 3 条"),
    "P-2": ("本年制发件数不多于现行有效与本年废止件数之和", "official-formats.md §5.3"),
    "P-3": ("人民政府的表三、表四不全为 0（否则请确认）", "official-formats.md §6"),
    "X-1": ("二、上年结转等于上年报告的“四、结转下年度继续办理”（逐列）", "official-formats.md §5.4 X-1"),
    "X-5": ("现行有效件数 = 上年现行有效 + 本年制发 − 本年废止", "official-formats.md §5.3"),
    "X-6": ("正文与上年报告的重复不超过 50%", "宿迁部门考评“与上年度重复率大于50%的，扣0.5分”；2021 年版格式“内容雷同”"),
}

#: Rule id → how to fix what it reports. Shown by ``--explain``.
FIXES: dict[str, str] = {
    "T3-1": "逐列核对：本年新收 + 上年结转 = 办理结果总计 + 结转下年度；常见原因是漏填结转下年度或把同一申请计入两种结果。",
    "T3-2": "（七）总计可以不填（工具自动计算）；如填写，应等于（一）至（六）各行之和。",
    "T3-3": "总计列可以不填；如填写第 7 个数，应等于前 6 个数之和。",
    "T4-1": "总计可以不填；如填写，应等于四种结果之和。",
    "T2-1": "核对上一年项目数量和本年增/减，减少的数不能多于原有的数。",
    "T2-2": "对外公开总数量应包含本年新公开的数量。",
    "P-1": "乡镇（街道）只填行政规范性文件，规章各项填 0。",
    "N-EMPTY": "写出该部分的内容；确实没有可写的，也应写明情况（如“本年度未发生……”）。",
    "N-NUMBER": "删去小标题前的序号，工具会按层级自动编号。",
    "N-DEPTH": "把第四级内容并入上一级，或改为正文段落。",
    "D-EARLY": "发布日期应在报告年度的次年，如 2024 年的报告在 2025 年发布。",
    "D-LATE": "核对发布日期；部门和乡镇应在次年 1 月 31 日前、人民政府在 3 月 31 日前发布。",
    "F-YEAR": "2021 年起用 format: gov2021，2019–2020 年用 gov2019；删去 format 行则按年度自动选择。",
    "NUMBER-TEXT": '把 "5" 改为 5。',
    "X-2": "改正文中的数字，或写明口径，如“答复 3050 件（含上年度结转申请 34 件）”。",
    "X-3": "在“六”中写明收费通知和实际收取的信息处理费情况。",
    "X-4": "把前言中的统计期限和标题改为报告年度的 1 月 1 日至 12 月 31 日。",
    "R-AREA": "在“一、总体情况”中增加该方面的小标题和内容。",
    "R-GOV": "在监督保障部分写明工作考核、社会评议和责任追究的结果。",
    "R-NONE": "如实写出存在的问题，以及针对上年问题的改进情况和下一步措施。",
    "R-FEE": "在“六”中写明，如“本年度未收取信息处理费”。",
    "R-LABEL": "改用官方表述。",
    "P-2": "核对三个件数；因到期失效等原因减少的，请在正文中说明。",
    "P-3": "确认确实没有申请和复议诉讼；如有，补填表三、表四。",
    "X-1": "上年结转应照抄上年报告的“结转下年度继续办理”；reportgen init --from 上年文件 会自动预填。",
    "X-5": "核对三个件数；因到期失效等原因减少的，请在正文中说明。",
    "X-6": "按本年实际情况重写重复较多的部分，写出本年的具体做法和数字。",
}

_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|"
    r"\d+\s*[、.．](?!\d)|第[一二三四五六七八九十]+[部分章节]?)\s*"
)
MAX_NARRATIVE_LEVELS = 3


class Emit(Protocol):
    """How a rule reports a finding: severity, rule id, path (mapping form), message, and
    optionally a text snippet whose own position (inside a long text value) is reported."""

    def __call__(self, error: bool, rule: str, path: KeyPath, message: str, *,
                 snippet: str = "") -> None: ...


def strip_numbering(title: str) -> tuple[str, str]:
    """Split a typed-in number off a title: ``（一）主动公开`` → (``（一）``, ``主动公开``)."""
    match = _NUMBERING.match(title)
    if not match or match.end() == len(title):
        return "", title.strip()
    return match.group(0).strip(), title[match.end():].strip()


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

    def ok(*paths: KeyPath) -> bool:
        return not any(b[: len(p)] == p or p[: len(b)] == b for b in broken for p in paths)

    if ok(("year",), ("format",)):
        _format_year(fmt, report, emit)
    if ok(("year",), ("published",)):
        _dates(fmt, report, emit, late=ok(("organ_kind",)))
    _narratives(fmt, report, emit, ok)
    if fmt.applications and ok((fmt.applications.key,)):
        _applications(fmt, cat, report, emit)
    if fmt.reviews:
        _reviews(fmt, report, emit, ok)
    if fmt.active:
        _active(fmt, report, emit, ok)
    stats = fmt.statistics
    if stats and ok((stats.key,)) and getattr(report, stats.key) is not None:
        _statistics(fmt, report, emit)
    if not broken:  # reviewer checks read across the whole report: only on a valid one
        from . import review

        review.run(fmt, cat, report, emit)


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


def _dates(fmt: Format, report: ReportBase, emit: Emit, late: bool) -> None:
    published = report.published
    if published is None:
        return
    if published <= dt.date(report.year, 12, 31):
        emit(True, "D-EARLY", ("published",),
             f"发布日期 {published.isoformat()} 不在报告年度 {report.year} 年结束之后；"
             f"年度报告应在 {report.year + 1} 年发布")
        return
    limit = deadline(fmt, report.year, report.organ_kind)
    if late and published > limit:
        kind = {"government": "人民政府", "township": "乡镇（街道）"}.get(report.organ_kind, "部门")
        if fmt.statistics is not None:
            kind = "2019 年以前的报告"
        emit(False, "D-LATE", ("published",),
             f"发布日期 {published.isoformat()} 晚于法定期限 {limit.isoformat()}（{kind}）；"
             "逾期发布会被考核扣分，请核对日期")


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


@dataclass(frozen=True)
class RowValues:
    """The six applicant counts of a table-三 row and the 总计 the user typed, if any."""

    cells: tuple[int, ...]
    given_total: int | None


def _get(model: Any, path: KeyPath) -> Any:
    for part in path:
        model = getattr(model, str(part))
    return model


def row_values(report: ReportBase, row: Row) -> RowValues | None:
    """Return the values of table-三 row ``row``, or ``None`` for an omitted computed row."""
    value = _get(report, row.path)
    if value is None:
        return None
    return RowValues(tuple(getattr(value, key) for key in APPLICANT_KEYS),
                     getattr(value, TOTAL_KEY))


def result_rows(fmt: Format, cat: Catalog) -> Iterator[Row]:
    """Yield the rows summed into （七）总计: every non-computed row under 三、本年度办理结果."""
    assert fmt.applications is not None
    results = (fmt.applications.key, fmt.applications.results)
    for row in cat.rows:
        if row.path[:2] == results and not row.computed:
            yield row


def _applications(fmt: Format, cat: Catalog, report: ReportBase, emit: Emit) -> None:
    table = fmt.applications
    assert table is not None
    columns = [leaf.label for leaf in APPLICANT_COLUMNS.leaves()]
    values = {row.path: row_values(report, row) for row in cat.rows}
    zero = RowValues((0,) * len(APPLICANT_KEYS), None)
    filled = {path: value or zero for path, value in values.items()}
    for row in cat.rows:  # T3-3 on every row whose 总计 was typed in
        rv = values[row.path]
        if rv is not None and rv.given_total is not None and rv.given_total != sum(rv.cells):
            emit(True, "T3-3", (*row.path, TOTAL_KEY),
                 f"总计应等于六类申请人之和 {' + '.join(map(str, rv.cells))} = {sum(rv.cells)}，"
                 f"填写的是 {rv.given_total}")
    total_row = next(row for row in cat.rows if row.computed)
    computed = [sum(filled[r.path].cells[i] for r in result_rows(fmt, cat))
                for i in range(len(APPLICANT_KEYS))]
    given = values[total_row.path]
    if given is not None:
        for i, (typed, expected) in enumerate(zip(given.cells, computed, strict=True)):
            if typed != expected:
                emit(True, "T3-2", (*total_row.path, APPLICANT_KEYS[i]),
                     f"“{columns[i]}”一列：（七）总计应等于（一）至（六）各项之和 {expected}，"
                     f"填写的是 {typed}")
    totals = given.cells if given is not None else tuple(computed)
    received, carried_over, carried_forward = (
        filled[(table.key, key)] for key in (table.received, table.carried_over, table.carried_forward)
    )
    for i in range(len(APPLICANT_KEYS)):
        a, b = received.cells[i], carried_over.cells[i]
        c, d = totals[i], carried_forward.cells[i]
        if a + b != c + d:
            emit(True, "T3-1", (table.key, table.carried_forward, APPLICANT_KEYS[i]),
                 f"“{columns[i]}”一列不平衡：第一项加第二项之和 {a} + {b} = {a + b}，"
                 f"第三项加第四项之和 {c} + {d} = {c + d}，两者应相等（相差 {abs(a + b - c - d)}）")


def _reviews(fmt: Format, report: ReportBase, emit: Emit, ok: Callable[..., bool]) -> None:
    assert fmt.reviews is not None
    for block in fmt.reviews.blocks():
        if not ok((fmt.reviews.key, block.key)):
            continue
        values = _get(report, (fmt.reviews.key, block.key))
        parts = [getattr(values, o.key) for o in block.children if not o.computed]
        typed = getattr(values, TOTAL_KEY)
        if typed is not None and typed != sum(parts):
            emit(True, "T4-1", (fmt.reviews.key, block.key, TOTAL_KEY),
                 f"总计应等于结果维持、结果纠正、其他结果、尚未审结之和 "
                 f"{' + '.join(map(str, parts))} = {sum(parts)}，填写的是 {typed}")


def _active(fmt: Format, report: ReportBase, emit: Emit, ok: Callable[..., bool]) -> None:
    assert fmt.active is not None
    key0 = fmt.active.key
    table = _get(report, (key0,))
    if fmt.id == "gov2019":
        for key in ("licensing", "other_services", "penalty", "enforcement", "fees"):
            item = getattr(table, key)
            if ok((key0, key)) and item.previous_items + item.change < 0:
                emit(True, "T2-1", (fmt.active.key, key, "change"),
                     f"本年增/减为 {item.change}，而上一年项目数量只有 {item.previous_items}，"
                     "减少的数量不能超过上一年的项目数量")
        for key in ("regulations", "normative_documents"):
            item = getattr(table, key)
            if ok((key0, key)) and item.total_public < item.published:
                emit(False, "T2-2", (fmt.active.key, key, "total_public"),
                     f"对外公开总数量 {item.total_public} 小于本年新公开数量 {item.published}，请核对")
    if report.organ_kind == "township" and ok((key0, "regulations"), ("organ_kind",)):
        regulations = table.regulations
        if any(getattr(regulations, name) for name in type(regulations).model_fields):
            emit(False, "P-1", (fmt.active.key, "regulations"),
                 "乡镇（街道）不能制定规章，规章各项应为 0；请核对是否误填了行政规范性文件")


def _statistics(fmt: Format, report: ReportBase, emit: Emit) -> None:
    assert fmt.statistics is not None
    stats = _get(report, (fmt.statistics.key,))
    labels = {row.key: row.label for row in fmt.statistics.rows}
    for rule in fmt.statistics.sums:
        parts = [getattr(stats, key) for key in rule.parts]
        total = getattr(stats, rule.total)
        if total != sum(parts):
            names = "、".join(labels[key] for key in rule.parts)
            emit(False, rule.rule, (fmt.statistics.key, rule.total),
                 f"应等于 {names} 之和 {sum(parts)}，填写的是 {total}")
