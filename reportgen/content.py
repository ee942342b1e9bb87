"""Reviewer-grade checks (warnings): what evaluators catch beyond arithmetic.

Text against tables (X-2), the fee statement (X-3), the statistical period (X-4), required
content (official-formats.md §2.3), non-canonical labels typed into the text, plausibility.

Quoted figures are matched with precision first: a number is compared only when its keyword
stands right before it in the same clause, and not when the clause speaks of another scope
(累计, 同比, 较上年, 截至…) or the number is inside a "含…" aside. A missed comparison is
harmless; a false alarm teaches people to ignore warnings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import evidence, followup
from .catalog import Catalog, catalog
from .figures import intact, part, result_rows, row_values, texts
from .formats import APPLICANT_KEYS, FORMATS, TOTAL_KEY, Format, label
from .formats.wording import AREA_WORDS, FIGURE_WORDS, LABEL_VARIANTS
from .locations import KeyPath
from .models import Narrative, NarrativeSection, ReportBase
from .rulebook import Emit
from .text import strip_numbering

Number = int | Decimal
_CLAUSE = re.compile(r"[，。；！？\n]")
_OTHER_SCOPE = re.compile(r"累计|同比|较上年|较去年|比上年|增长|下降|增加|减少|以来|历年|截至|截止|平均|占")
_DIGIT = re.compile(r"\d")
_GAP = r"[^，。；：、\d（）()]{0,10}?"


@dataclass(frozen=True)
class Quote:
    """A figure the narrative may state: which figure, and how the narrative words it."""

    figure: str  # a key of :func:`facts`
    pattern: re.Pattern[str]  # named groups: kw (keyword), n (the number)
    unit: str  # written after the number: a text without it cannot match (a cheap test first)


def _quote(figure: str, keyword: str, unit: str, number_after: bool) -> Quote:
    number = rf"(?P<n>\d+(?:\.\d+)?)\s*{unit}"
    if number_after:
        return Quote(figure, re.compile(rf"(?P<kw>{keyword}){_GAP}{number}"), unit)
    return Quote(figure, re.compile(rf"{number}{_GAP}(?P<kw>{keyword})"), unit)


QUOTES = tuple(_quote(*words) for words in FIGURE_WORDS)
#: 条例 第五十条: what a people's government's 监督保障 part must report.
GOVERNMENT_DUTIES = {"工作考核": ("考核",), "社会评议": ("评议",), "责任追究": ("责任追究", "追责")}
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
    for name, path in fmt.figures:
        value: Any = report
        for key in path:  # an optional part (the legacy annex) may be absent
            value = getattr(value, key, None)
        if value is not None:
            out[name] = value
    return out


def _short(name: str) -> str:
    """Return a row label without its number and trailing note: （二）部分公开（…） → 部分公开."""
    return re.sub(r"（[^（）]*）$", "", strip_numbering(name)[1])


def figure_names(fmt: Format, cat: Catalog) -> dict[str, str]:
    """Return how messages name each figure of :func:`facts`: its table and official label.

    Made once per format and catalog (the same for every report; the caller must not change it).
    """
    key = (id(fmt), id(cat))
    cached = _NAMES.get(key)
    if cached is None or cached[0] is not fmt or cached[1] is not cat:
        cached = _NAMES[key] = (fmt, cat, _figure_names(fmt, cat))
    return cached[2]


#: figure_names by (id(fmt), id(cat)); the objects are kept so that their ids stay theirs.
_NAMES: dict[tuple[int, int], tuple[Format, Catalog, dict[str, str]]] = {}


def _figure_names(fmt: Format, cat: Catalog) -> dict[str, str]:
    names: dict[str, str] = {}
    if fmt.applications:
        key, t = fmt.applications.key, fmt.applications
        for figure, row in (("received", t.received), ("carried_over", t.carried_over),
                            ("carried_forward", t.carried_forward)):
            names[figure] = f"表三“{label(fmt, key, row)}”总计"
        for figure in ("disclosed", "partially_disclosed"):
            names[figure] = f"表三“{_short(label(fmt, key, t.results, figure))}”总计"
        names["results"] = f"表三“{label(fmt, key, t.results, TOTAL_KEY)}”"
    if fmt.reviews:
        for block in fmt.reviews.blocks():
            group = fmt.reviews.name(block, "|").split("|")[0]
            figure = "reconsideration" if group == block.label else "litigation"
            names[figure] = f"表四“{group}”总计"
    for figure, path in fmt.figures:
        table = "统计表" if fmt.statistics and path[0] == fmt.statistics.key else "表二"
        names[figure] = f"{table}“{_short(cat.label(path))}”"
    return names


def run(fmt: Format, cat: Catalog, report: ReportBase, emit: Emit,
        broken: Collection[KeyPath] = ()) -> None:
    """Run the reviewer-grade checks.

    Args:
        broken: parts that failed validation and stand in as neutral values (see
            :func:`reportgen.rules.run`): checks reading them do not run, and figures taken
            from them are not compared with the text.
    """
    ok = intact(broken)
    narrative = [(path, text) for path, text in texts(fmt, report) if ok(path[:1])]
    known = {figure: value for figure, value in facts(fmt, cat, report).items()
             if ok(*figure_sources(fmt, cat).get(figure, ()))}
    names = figure_names(fmt, cat)
    for path, text in narrative:
        _quotes(path, text, known, names, report.year, emit)
        for wrong, right in LABEL_VARIANTS.items():
            if wrong in text:
                emit(False, "R-LABEL", path, f"“{wrong}”与官方表述不同，应为“{right}”", snippet=wrong)
    if ok(("preface",), ("year",), ("title",)):
        _period(report, emit)
    tables = [(t.key,) for t in (fmt.active, fmt.applications, fmt.reviews) if t is not None]
    prose = [(s.key,) for s in fmt.sections if s.kind.value == "narrative"]
    if fmt.sections and ok(*prose, *_fee_rows(fmt)):
        _content(fmt, report, emit)
    if {"issued", "repealed", "in_force"} <= fmt.active_fields() and ok(*tables[:1]):
        _plausibility(report, emit)
    if ok(("problems",)):
        followup.vague(fmt, report, emit)
    if ok(*tables, *prose):
        evidence.run(fmt, cat, report, known, emit)
    if report.organ_kind == "government" and fmt.applications and ok(*tables, ("organ_kind",)) \
            and not any(known.get(k) for k in ("received", "carried_over", "reconsideration",
                                                 "litigation")):
        emit(False, "P-3", (fmt.applications.key,),
             "人民政府全年没有收到任何政府信息公开申请、也没有复议和诉讼：请确认表三、表四是否漏填")


def _fee_rows(fmt: Format) -> list[KeyPath]:
    """The table-三 row X-3 reads (applications closed for an unpaid fee notice)."""
    if fmt.applications is None:
        return []
    return [(fmt.applications.key, fmt.applications.results, "other", "unpaid_fee")]


def figure_sources(fmt: Format, cat: Catalog) -> dict[str, tuple[KeyPath, ...]]:
    """Return the input parts each figure of :func:`facts` is computed from (once per format:
    the same for every report)."""
    return _figure_sources(fmt.id)


@functools.cache
def _figure_sources(format_id: str) -> dict[str, tuple[KeyPath, ...]]:
    fmt, cat = FORMATS[format_id], catalog(format_id)
    sources: dict[str, tuple[KeyPath, ...]] = {}
    if fmt.applications:
        key, t = fmt.applications.key, fmt.applications
        results = tuple(row.path for row in result_rows(fmt, cat))
        sources |= {"received": ((key, t.received),), "carried_over": ((key, t.carried_over),),
                    "carried_forward": ((key, t.carried_forward),), "results": results,
                    "disclosed": ((key, t.results, "disclosed"),),
                    "partially_disclosed": ((key, t.results, "partially_disclosed"),)}
    if fmt.reviews:
        blocks = [(fmt.reviews.key, b.key) for b in fmt.reviews.blocks()]
        sources |= {"reconsideration": tuple(blocks[:1]), "litigation": tuple(blocks[1:])}
    for figure, path in fmt.figures:
        sources[figure] = (tuple(path),)
    return sources


def _quotes(path: KeyPath, text: str, known: dict[str, Number], names: dict[str, str], year: int,
            emit: Emit) -> None:
    if _DIGIT.search(text) is None:
        return  # every quote pattern needs a number: most titles have none
    seen: set[tuple[str, str]] = set()
    for quote in QUOTES:
        expected = known.get(quote.figure)
        if expected is None or quote.unit not in text:
            continue
        name = names[quote.figure]
        for match in quote.pattern.finditer(text):
            clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, match.start())),
                               default=0)
            before = text[clause_start: match.start("n")]
            if _OTHER_SCOPE.search(before) or "含" in text[match.end("kw"): match.start("n")]:
                continue
            if any(y != str(year) for y in re.findall(r"(\d{4})年", before)):
                continue  # a figure of another year
            stated = Decimal(match.group("n")) if "." in match.group("n") else int(match.group("n"))
            if stated == expected or (name, match.group(0)) in seen:
                continue
            seen.add((name, match.group(0)))
            emit(False, "X-2", path,
                 f"文中“{match.group(0)}”与{name}（{expected}）不一致；如口径不同"
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
                 f"“{fmt.section('overview').title}”没有写到“{area}”：格式要求总体情况主要包括"
                 f"{'、'.join(fmt.overview_topics)}")
    if report.organ_kind == "government":
        missing = [duty for duty, words in GOVERNMENT_DUTIES.items()
                   if not any(word in everything for word in words)]
        if missing:
            emit(False, "R-GOV", ("overview",),
                 f"人民政府的年报应在{fmt.overview_topics[-1]}部分报告{'、'.join(missing)}结果情况"
                 "（《条例》第五十条）")
    problems: Narrative = part(report, "problems")
    if _NOTHING.match(problems.intro) and not problems.sections:
        emit(False, "R-NONE", ("problems",),
             f"“{fmt.section('problems').title}”只写了“无”：应如实写出存在的问题和改进措施")
    other: Narrative = part(report, "other_matters")
    other_text = other.intro + "".join(t for _, t in _walk_texts(other.sections))
    other_title = fmt.section("other_matters").title
    if fmt.fee_statement and other_text.strip() and "信息处理费" not in other_text:
        unpaid, row = _unpaid_fee(fmt, report)
        if unpaid:
            emit(False, "X-3", ("other_matters",),
                 f"表三“{row}”有 {unpaid} 件，说明本年度发出过收费通知；"
                 f"“{other_title}”应说明信息处理费的收取情况")
        else:
            emit(False, "R-FEE", ("other_matters",),
                 f"“{other_title}”应说明信息处理费的收取情况，如“本年度未收取信息处理费”")


def _unpaid_fee(fmt: Format, report: ReportBase) -> tuple[int, str]:
    """Return the applications closed for an unpaid fee notice, and that row's label."""
    assert fmt.applications is not None
    table = fmt.applications
    other = getattr(getattr(report, table.key), table.results).other
    row: Any = getattr(other, "unpaid_fee", None)
    if row is None:
        return 0, ""
    name = strip_numbering(label(fmt, table.key, table.results, "other", "unpaid_fee"))[1]
    return sum(getattr(row, key) for key in APPLICANT_KEYS), name


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
