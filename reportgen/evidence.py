"""Figures where evaluators want them: in 一's sub-parts, in the fee statement, in derived rates.

R-FIGURE: a sub-part of 一、总体情况 on one of the format's areas (主动公开 …) without a single figure.
X-11: fee notices in table 三 (or fees said to be collected) without their count and amount in 六.
X-12: a derived rate typed in the text (实质性公开率, 复议/诉讼纠错率) that the tables do not give.

Called from :mod:`reportgen.content` with the table figures it has already read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .catalog import Catalog
from .figures import part, texts
from .formats import APPLICANT_KEYS, Format
from .locations import KeyPath
from .models import Narrative, NarrativeSection, ReportBase
from .rulebook import Emit
from .text import strip_numbering

Number = int | Decimal

#: Dates are not figures: “2024年”“3月15日”“2024-03-15” say when, not how much.
_DATES = re.compile(r"\d{4}\s*年度?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*日|\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?")
_WORDED = re.compile(r"[一二两三四五六七八九十百千万]+余?\s*(?:件|条|次|个|项|期|场|家|所|批|轮|篇|名|人|万元|元)")
_CLAUSE = r"[^。；]"
_FEE_COUNT = re.compile(rf"(?:收费|缴费)通知{_CLAUSE}{{0,20}}?\d+\s*(?:件|份|次|个|笔)|"
                        rf"\d+\s*(?:件|份|次|个|笔){_CLAUSE}{{0,20}}?(?:收费|缴费)通知")
_FEE_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*万?元|(?:未|没有|均未|不)(?:实际)?(?:收取|缴纳|缴费|产生)")
_COLLECTED = re.compile(rf"收取{_CLAUSE}{{0,10}}?信息处理费|信息处理费{_CLAUSE}{{0,6}}?收取")
_NEGATION = re.compile(r"未|不|没有|无|免")
_PERCENT = r"[^，。；\d%％]{0,8}?(?P<n>\d+(?:\.\d+)?)\s*[%％]"


def run(fmt: Format, cat: Catalog, report: ReportBase, known: dict[str, Number], emit: Emit) -> None:
    """Run the figure checks on a valid report (``known``: the table figures content read)."""
    if any(s.key == "overview" for s in fmt.sections):
        _figures(fmt, report, emit)
    if fmt.id == "gov2021" and any(s.key == "other_matters" for s in fmt.sections):
        _fee_statement(fmt, cat, report, emit)
    if fmt.applications:
        _rates(fmt, cat, report, known, emit)


def has_figure(text: str) -> bool:
    """Whether ``text`` states a figure (a number that is not a date, or 两次、三期 …)."""
    return bool(re.search(r"\d", _DATES.sub("", text))) or bool(_WORDED.search(text))


def _figures(fmt: Format, report: ReportBase, emit: Emit) -> None:
    overview: Narrative = part(report, "overview")
    title = fmt.section("overview").title
    for index, sub in enumerate(overview.sections):
        _, plain = strip_numbering(sub.title)
        area = next((a for a in fmt.overview_topics
                     if a in plain or (len(plain) >= 2 and plain in a)), None)
        body = "".join(_bodies(sub))
        if area is None or not body.strip() or has_figure(body):
            continue
        emit(False, "R-FIGURE", ("overview", "sections", index, "text"),
             f"“{title}”的“{plain}”部分没有一个数字：评估者要求每一方面写出本年的具体数字"
             "（件数、条数、次数、金额等），只有定性描述的会被扣分")


def _bodies(sub: NarrativeSection) -> Iterator[str]:
    yield sub.text
    for child in sub.sections:
        yield child.title
        yield from _bodies(child)


def _fee_statement(fmt: Format, cat: Catalog, report: ReportBase, emit: Emit) -> None:
    assert fmt.applications is not None
    other: Narrative = part(report, "other_matters")
    text = other.intro + "".join(body for sub in other.sections for body in _bodies(sub))
    if "信息处理费" not in text:
        return  # R-FEE / X-3 already ask for the statement itself
    path = (fmt.applications.key, fmt.applications.results, "other", "unpaid_fee")
    row: Any = getattr(getattr(getattr(report, path[0]), path[1]).other, path[3], None)
    unpaid = 0 if row is None else sum(getattr(row, key) for key in APPLICANT_KEYS)
    collected = any(not _NEGATION.search(_clause_of(text, m.start())) for m in _COLLECTED.finditer(text))
    missing = []
    if unpaid and not _FEE_COUNT.search(text):
        missing.append("发出收费通知的件数")
    if (unpaid or collected) and not _FEE_AMOUNT.search(text):
        missing.append("实际收取的金额")
    if not missing:
        return
    title = fmt.section("other_matters").title
    why = (f"表三“{cat.label(path)}”有 {unpaid} 件，说明本年度发出过收费通知" if unpaid
           else "文中写了收取信息处理费")
    emit(False, "X-11", ("other_matters",),
         f"{why}；“{title}”应写明{'和'.join(missing)}，如“本年度发出收费通知 {unpaid or 1} 件，"
         "实际收取信息处理费 0 元”")


def _clause_of(text: str, index: int) -> str:
    start = max(text.rfind(p, 0, index) for p in "，。；") + 1
    ends = [e for e in (text.find(p, index) for p in "，。；") if e >= 0]
    return text[start: min(ends, default=len(text))]


def _rates(fmt: Format, cat: Catalog, report: ReportBase, known: dict[str, Number],
           emit: Emit) -> None:
    assert fmt.applications is not None
    results = (fmt.applications.key, fmt.applications.results)
    total_row = next(row.path for row in cat.rows if row.computed)
    checks: list[tuple[str, re.Pattern[str], Number, Number, str]] = []
    if known.get("results"):
        formula = (f"（{_short(cat.label((*results, 'disclosed')))} + "
                   f"{_short(cat.label((*results, 'partially_disclosed')))}）÷ {cat.label(total_row)}")
        checks.append(("实质性公开率", re.compile(r"实质性公开率" + _PERCENT),
                       known["disclosed"] + known["partially_disclosed"], known["results"], formula))
    if fmt.reviews:
        reviews = getattr(report, fmt.reviews.key)
        blocks = {top.label: tuple(b.key for b in fmt.reviews.blocks() if b is top or b in top.children)
                  for top in fmt.reviews.columns}
        for name, keys in blocks.items():
            corrected = sum(getattr(reviews, k).corrected for k in keys)
            whole = sum(_block_total(getattr(reviews, k)) for k in keys)
            if whole:
                pattern = re.compile(rf"(?:{name}|{name[2:]})(?:案件)?纠错率" + _PERCENT)
                label = cat.label((fmt.reviews.key, keys[0], "corrected")).split(" · ")[-1]
                checks.append((f"{name}纠错率", pattern, corrected, whole,
                               f"{label} ÷ {cat.label((fmt.reviews.key, keys[0], 'total')).split(' · ')[-1]}"))
    for path, text in texts(fmt, report):
        if "率" not in text:
            continue  # every pattern ends in …率: most texts state no rate
        for name, pattern, numerator, denominator, formula in checks:
            for match in pattern.finditer(text):
                _rate(path, match, name, numerator, denominator, formula, emit)


def _rate(path: KeyPath, match: re.Match[str], name: str, numerator: Number, denominator: Number,
          formula: str, emit: Emit) -> None:
    stated = Decimal(match.group("n"))
    expected = Decimal(numerator) * 100 / Decimal(denominator)
    exponent = stated.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    if abs(stated - expected) <= Decimal(5) / Decimal(10) ** (places + 1):
        return  # agrees to the precision it was written with
    emit(False, "X-12", path,
         f"文中“{match.group(0)}”与表格算出的{name}不一致：{formula} = {numerator} ÷ {denominator} = "
         f"{expected:.1f}%", snippet=match.group(0))


def _block_total(outcome: Any) -> int:
    return int(outcome.upheld + outcome.corrected + outcome.other + outcome.pending)


def _short(label: str) -> str:
    """A label without its trailing explanation in brackets: （二）部分公开（区分处理的……） → （二）部分公开."""
    return re.sub(r"（[^（）]*）$", "", label)

