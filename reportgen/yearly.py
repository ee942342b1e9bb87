"""The reviewer's views of a summary: each figure against the agency's previous year, and the
derived rates evaluators rank agencies by.

实质性公开率 = (（一）予以公开 + （二）部分公开) ÷ （七）总计 of table 三; 行政复议纠错率 and
行政诉讼纠错率 = 结果纠正 ÷ 总计 of table 四 (litigation: both columns together).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .catalog import catalog
from .content import facts
from .formats import FORMATS, Format
from .validation import Checked

CHANGE_COLUMNS = ("机关", "年度", "项目", "本年", "上年", "增减", "规则")
_REVIEWS = FORMATS["gov2021"].reviews
assert _REVIEWS is not None
#: 行政复议纠错率, 行政诉讼纠错率: named after table 四's top columns.
RATE_COLUMNS = ("机关", "年度", "格式", "实质性公开率", *(f"{c.label}纠错率" for c in _REVIEWS.columns))


def changes(counted: list[Checked], recheck: Callable[[Checked, Checked], Checked],
            figures: Callable[[Format, Any], dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one row per figure of each report whose agency's previous year is also counted.

    Args:
        counted: the valid reports counted in the summary (one per agency and year).
        recheck: checks a report again with last year's, so the cross-year rules fire too.
        figures: the key figures of a report, by name.
    """
    by_key = {(r.report.agency, r.report.year): r for r in counted if r.report is not None}
    out: list[dict[str, Any]] = []
    for (agency, year), result in sorted(by_key.items(), key=lambda item: (item[0][0], item[0][1])):
        last = by_key.get((agency, year - 1))
        if last is None or result.report is None or last.report is None:
            continue
        findings = [f for f in recheck(result, last).findings if f.label]
        before = figures(last.format, last.report)
        for name, value in figures(result.format, result.report).items():
            if name not in before:
                continue
            parts = [p.strip() for p in name.replace(" · ", "·").split("·")]
            rules = sorted({f.rule for f in findings if all(p in f.label for p in parts)})
            out.append(dict(zip(CHANGE_COLUMNS, (agency, year, name, value, before[name],
                                                 value - before[name], " ".join(rules)), strict=True)))
    return out


def rates(counted: list[Checked]) -> list[dict[str, Any]]:
    """Return the derived rates of each counted report (``None`` where the table has no case)."""
    out: list[dict[str, Any]] = []
    for result in counted:
        report, fmt = result.report, result.format
        if report is None or not fmt.applications:
            continue
        known = facts(fmt, catalog(fmt.id), report)
        disclosed = _share(known["disclosed"] + known["partially_disclosed"], known["results"])
        corrected: list[Decimal | None] = []
        if fmt.reviews:
            reviews = getattr(report, fmt.reviews.key)
            for top in fmt.reviews.columns:
                blocks = [getattr(reviews, b.key) for b in fmt.reviews.blocks()
                          if b is top or b in top.children]
                whole = sum(b.upheld + b.corrected + b.other + b.pending for b in blocks)
                corrected.append(_share(sum(b.corrected for b in blocks), whole))
        corrected += [None] * (2 - len(corrected))
        out.append(dict(zip(RATE_COLUMNS, (report.agency, report.year, fmt.id, disclosed, *corrected),
                            strict=True)))
    return out


def _share(part: Any, whole: Any) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None
