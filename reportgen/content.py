"""Reviewer-grade checks (warnings): what evaluators catch beyond arithmetic.

Text against tables (X-2), the fee statement (X-3), the statistical period (X-4), required
content (official-formats.md §2.3), non-canonical labels typed into the text, plausibility.

Quoted figures are matched with precision first: a number is compared only when its keyword
stands right before it in the same clause, and not when the clause speaks of another scope
(累计, 同比, 较上年, 截至…) or the number is inside a "含…" aside. A missed comparison is
harmless; a false alarm teaches people to ignore warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import evidence, followup
from .catalog import Catalog
from .figures import part, result_rows, row_values, texts
from .formats import APPLICANT_KEYS, Format
from .locations import KeyPath
from .models import Narrative, NarrativeSection, ReportBase
from .rulebook import Emit

Number = int | Decimal
_CLAUSE = re.compile(r"[，。；！？\n]")
_OTHER_SCOPE = re.compile(r"累计|同比|较上年|较去年|比上年|增长|下降|增加|减少|以来|历年|截至|截止|平均|占")
_GAP = r"[^，。；：、\d（）()]{0,10}?"


@dataclass(frozen=True)
class Quote:
    """A figure the narrative may state, and the table cell it must agree with."""

    name: str  # the cell, as the message names it
    pattern: re.Pattern[str]  # named groups: kw (keyword), n (the number)
    value: Callable[[dict[str, Number]], Number | None]


def _before(keyword: str, unit: str = "件") -> re.Pattern[str]:
    return re.compile(rf"(?P<kw>{keyword}){_GAP}(?P<n>\d+(?:\.\d+)?)\s*{unit}")


def _after(keyword: str, unit: str = "件") -> re.Pattern[str]:
    return re.compile(rf"(?P<n>\d+(?:\.\d+)?)\s*{unit}{_GAP}(?P<kw>{keyword})")


def _fact(name: str) -> Callable[[dict[str, Number]], Number | None]:
    return lambda facts: facts.get(name)


_CARRIED_FORWARD = r"结转(?:至|到)?下(?:一)?年度?|顺延(?:至|到)下(?:一)?年度?"
QUOTES = (
    Quote("表三“一、本年新收政府信息公开申请数量”总计",
          _before(r"(?:新收|收到|受理)[^，。；\d]{0,8}?申请"), _fact("received")),
    Quote("表三“二、上年结转政府信息公开申请数量”总计", _before(r"上年度?结转"), _fact("carried_over")),
    Quote("表三“（七）总计”", _before(r"办结|答复"), _fact("results")),
    Quote("表三“（一）予以公开”总计", _before(r"予以公开"), _fact("disclosed")),
    Quote("表三“（二）部分公开”总计", _before(r"部分公开"), _fact("partially_disclosed")),
    Quote("表三“四、结转下年度继续办理”总计", _after(_CARRIED_FORWARD), _fact("carried_forward")),
    Quote("表三“四、结转下年度继续办理”总计", _before(_CARRIED_FORWARD), _fact("carried_forward")),
    Quote("表四“行政复议”总计", _before(r"行政复议(?:案件)?"), _fact("reconsideration")),
    Quote("表四“行政诉讼”总计", _before(r"行政诉讼(?:案件)?"), _fact("litigation")),
    Quote("表二规范性文件“本年制发件数”", _before(r"(?:制发|印发|出台|制定)[^，。；\d]{0,4}?规范性文件"),
          _fact("normative_issued")),
    Quote("表二规范性文件“本年废止件数”", _before(r"废止"), _fact("normative_repealed")),
    Quote("表二规范性文件“现行有效件数”", _before(r"现行有效"), _fact("normative_in_force")),
    Quote("表二“行政许可”处理决定数量", _before(r"行政许可(?:决定)?"), _fact("licensing")),
    Quote("表二“行政处罚”处理决定数量", _before(r"行政处罚(?:决定)?"), _fact("penalty")),
    Quote("表二“行政事业性收费”金额（万元）", _before(r"行政事业性收费", "万元"), _fact("fees")),
    Quote("统计表“主动公开政府信息数”", _before(r"主动公开政府信息", "条"), _fact("proactive")),
)

#: What each area of 一、总体情况 is recognised by, besides a sub-head naming it.
AREA_WORDS: dict[str, tuple[str, ...]] = {
    "主动公开": ("主动公开",),
    "依申请公开": ("依申请",),
    "政府信息管理": ("信息管理", "公开属性", "保密审查", "源头认定", "动态调整", "文件清理"),
    "政府信息公开平台建设": ("平台", "网站", "公众号", "新媒体", "公报"),
    "监督保障": ("监督", "考核", "培训", "保障", "评议", "责任追究"),
}
#: 条例 第五十条: what a people's government's 监督保障 part must report.
GOVERNMENT_DUTIES = {"工作考核": ("考核",), "社会评议": ("评议",), "责任追究": ("责任追究", "追责")}
#: Altered labels seen in published reports (official-formats.md §6.2) → the canonical wording
#: (each right-hand side is part of an official label; a test checks that).
LABEL_VARIANTS = {
    "只计这一情况": "只计这一情形",
    "三类内容事务信息": "三类内部事务信息",
    "政府信息公开行政复议行政诉讼情况": "政府信息公开行政复议、行政诉讼情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况": "政府信息公开行政复议、行政诉讼情况",
}
_NOTHING = re.compile(r"^[\s。.，,]*(?:无|没有|暂无|无问题)[\s。.，,]*$")


def facts(fmt: Format, cat: Catalog, report: ReportBase) -> dict[str, Number]:
    """Return the table figures the narrative may quote."""
    out: dict[str, Number] = {}
    if fmt.applications:
        table = fmt.applications
        totals = {row.path[1:]: sum(v.cells) for row in cat.rows
                  if (v := row_values(report, row)) is not None}
        out |= {"received": totals[(table.received,)], "carried_over": totals[(table.carried_over,)],
                "carried_forward": totals[(table.carried_forward,)],
                "disclosed": totals[(table.results, "disclosed")],
                "partially_disclosed": totals[(table.results, "partially_disclosed")],
                "results": sum(totals[row.path[1:]] for row in result_rows(fmt, cat))}
    if fmt.reviews:
        reviews = getattr(report, fmt.reviews.key)

        def block(key: str) -> int:
            outcome = getattr(reviews, key)
            return int(outcome.upheld + outcome.corrected + outcome.other + outcome.pending)

        out["reconsideration"] = block("reconsideration")
        out["litigation"] = block("litigation_direct") + block("litigation_after_reconsideration")
    if fmt.id == "gov2021":
        active = part(report, "active_disclosure")
        documents = active.normative_documents
        out |= {"normative_issued": documents.issued, "normative_repealed": documents.repealed,
                "normative_in_force": documents.in_force, "licensing": active.licensing,
                "penalty": active.penalty, "fees": active.fees}
    elif fmt.id == "gov2019":
        active = part(report, "active_disclosure")
        out |= {"normative_issued": active.normative_documents.made,
                "licensing": active.licensing.decisions, "penalty": active.penalty.decisions}
    statistics = part(report, "statistics")
    if statistics is not None:
        out |= {"proactive": statistics.proactive_items,
                "received": statistics.applications_received,
                "reconsideration": statistics.reconsiderations, "litigation": statistics.litigations}
    return out


def run(fmt: Format, cat: Catalog, report: ReportBase, emit: Emit) -> None:
    """Run the reviewer-grade checks."""
    narrative = list(texts(fmt, report))
    known = facts(fmt, cat, report)
    for path, text in narrative:
        _quotes(path, text, known, report.year, emit)
        for wrong, right in LABEL_VARIANTS.items():
            if wrong in text:
                emit(False, "R-LABEL", path, f"“{wrong}”与官方表述不同，应为“{right}”", snippet=wrong)
    _period(report, emit)
    if fmt.sections:
        _content(fmt, report, emit)
    if fmt.id == "gov2021":
        _plausibility(report, emit)
    followup.vague(fmt, report, emit)
    evidence.run(fmt, cat, report, known, emit)
    if report.organ_kind == "government" and fmt.applications and not any(
            known.get(k) for k in ("received", "carried_over", "reconsideration", "litigation")):
        emit(False, "P-3", (fmt.applications.key,),
             "人民政府全年没有收到任何政府信息公开申请、也没有复议和诉讼：请确认表三、表四是否漏填")


def _quotes(path: KeyPath, text: str, known: dict[str, Number], year: int, emit: Emit) -> None:
    seen: set[tuple[str, str]] = set()
    for quote in QUOTES:
        expected = quote.value(known)
        if expected is None:
            continue
        for match in quote.pattern.finditer(text):
            clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, match.start())),
                               default=0)
            before = text[clause_start: match.start("n")]
            if _OTHER_SCOPE.search(before) or "含" in text[match.end("kw"): match.start("n")]:
                continue
            if any(y != str(year) for y in re.findall(r"(\d{4})年", before)):
                continue  # a figure of another year
            stated = Decimal(match.group("n")) if "." in match.group("n") else int(match.group("n"))
            if stated == expected or (quote.name, match.group(0)) in seen:
                continue
            seen.add((quote.name, match.group(0)))
            emit(False, "X-2", path,
                 f"文中“{match.group(0)}”与{quote.name}（{expected}）不一致；如口径不同"
                 "（如含上年结转），请在文中注明", snippet=match.group(0))


def _period(report: ReportBase, emit: Emit) -> None:
    for match in re.finditer(r"(\d{4})年1月1日(?:起)?至(\d{4})年12月31日", report.preface):
        if {match.group(1), match.group(2)} != {str(report.year)}:
            emit(False, "X-4", ("preface",),
                 f"前言写的统计期限“{match.group(0)}”与报告年度 {report.year} 年不符",
                 snippet=match.group(0))
    years = set(re.findall(r"(\d{4})年", report.title or ""))
    if years and years != {str(report.year)}:
        emit(False, "X-4", ("title",), f"标题中的年份与报告年度 {report.year} 年不符")


def _content(fmt: Format, report: ReportBase, emit: Emit) -> None:
    overview: Narrative = part(report, "overview")
    titles = [s.title for s in overview.sections]
    everything = overview.intro + "".join(t for _, t in _walk_texts(overview.sections))
    for area in fmt.overview_topics if everything.strip() or titles else ():
        if any(area in title for title in titles):
            continue
        if not any(word in everything for word in AREA_WORDS[area]):
            emit(False, "R-AREA", ("overview",),
                 f"“一、总体情况”没有写到“{area}”：格式要求总体情况主要包括主动公开、依申请公开、"
                 "政府信息管理、政府信息公开平台建设、监督保障")
    if report.organ_kind == "government":
        missing = [duty for duty, words in GOVERNMENT_DUTIES.items()
                   if not any(word in everything for word in words)]
        if missing:
            emit(False, "R-GOV", ("overview",),
                 f"人民政府的年报应在监督保障部分报告{'、'.join(missing)}结果情况（《条例》第五十条）")
    problems: Narrative = part(report, "problems")
    if _NOTHING.match(problems.intro) and not problems.sections:
        emit(False, "R-NONE", ("problems",),
             "“五、存在的主要问题及改进情况”只写了“无”：应如实写出存在的问题和改进措施")
    other: Narrative = part(report, "other_matters")
    other_text = other.intro + "".join(t for _, t in _walk_texts(other.sections))
    if fmt.id == "gov2021" and other_text.strip() and "信息处理费" not in other_text:
        unpaid = _unpaid_fee(fmt, report)
        if unpaid:
            emit(False, "X-3", ("other_matters",),
                 f"表三“逾期未按收费通知要求缴纳费用”有 {unpaid} 件，说明本年度发出过收费通知；"
                 "“六、其他需要报告的事项”应说明信息处理费的收取情况")
        else:
            emit(False, "R-FEE", ("other_matters",),
                 "“六、其他需要报告的事项”应说明信息处理费的收取情况，如“本年度未收取信息处理费”")


def _unpaid_fee(fmt: Format, report: ReportBase) -> int:
    assert fmt.applications is not None
    other = getattr(getattr(report, fmt.applications.key), fmt.applications.results).other
    row: Any = getattr(other, "unpaid_fee", None)
    return 0 if row is None else sum(getattr(row, key) for key in APPLICANT_KEYS)


def _walk_texts(sections: tuple[NarrativeSection, ...]) -> Iterator[tuple[str, str]]:
    for sub in sections:
        yield sub.title, sub.text
        yield from _walk_texts(sub.sections)


def _plausibility(report: ReportBase, emit: Emit) -> None:
    active = part(report, "active_disclosure")
    for key in ("regulations", "normative_documents"):
        item = getattr(active, key)
        if item.issued > item.in_force + item.repealed:
            emit(False, "P-2", ("active_disclosure", key, "issued"),
                 f"本年制发 {item.issued} 件，多于现行有效 {item.in_force} 件与本年废止 {item.repealed} 件之和："
                 "本年制发的文件应计入现行有效或本年废止，请核对（因到期失效减少的请在正文中说明）")
