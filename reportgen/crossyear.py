"""Rules that compare a report with the same organ's report of the previous year (warnings).

X-1: 二、上年结转 = last year's 四、结转下年度继续办理, column by column (§5.4).
X-5: 现行有效件数 continuity: last year's + this year's 制发 − 废止 (§5.3).
X-6: text copied from last year: share of this year's narrative that repeats last year's,
     scored as evaluators do (宿迁 rule: over 50% is penalised), naming the repeated sections.
X-9: the same, per section, with stricter limits for 一 and 五 (:class:`followup.Limits`).
X-10: tables 二, 三 and 四 all identical to last year's.
X-7, X-8: section 五 against last year's (:mod:`reportgen.followup`).
"""

from __future__ import annotations

import re
from typing import Any

from . import followup
from .catalog import catalog
from .figures import row_values, texts
from .followup import DEFAULT_LIMITS, Limits, section_repeats
from .formats import APPLICANT_KEYS, Format
from .locations import Source
from .models import ReportBase
from .rulebook import Emit

#: Length of the character runs compared: long enough that set phrases (“政府信息公开”) alone
#: do not count, short enough to catch sentences reused with small edits.
SHINGLE = 13


def run(fmt: Format, report: ReportBase, previous_fmt: Format, previous: ReportBase,
        previous_name: str, emit: Emit, previous_source: Source | None = None,
        limits: Limits = DEFAULT_LIMITS) -> None:
    """Compare ``report`` with last year's ``previous`` (named ``previous_name``).

    Args:
        fmt: the format of ``report``.
        report: this year's validated report.
        previous_fmt: the format of last year's report.
        previous: last year's validated report.
        previous_name: last year's file as messages name it.
        emit: where findings go.
        previous_source: last year's parsed file, to name the line of a repeated sentence.
        limits: the repeated-text limits (whole report and per section).
    """
    if previous.year != report.year - 1:
        return
    _carry_over(fmt, report, previous_fmt, previous, previous_name, emit)
    _in_force(fmt, report, previous_fmt, previous, previous_name, emit)
    _duplication(fmt, report, previous_fmt, previous, previous_name, emit, limits)
    _same_tables(fmt, report, previous_fmt, previous, previous_name, emit)
    followup.run(fmt, report, previous_fmt, previous, previous_name, previous_source, emit)


def _carry_over(fmt: Format, report: ReportBase, previous_fmt: Format, previous: ReportBase,
                previous_name: str, emit: Emit) -> None:
    if not (fmt.applications and previous_fmt.applications):
        return
    this_rows = {row.path: row for row in catalog(fmt.id).rows}
    last_rows = {row.path: row for row in catalog(previous_fmt.id).rows}
    table, last_table = fmt.applications, previous_fmt.applications
    now = row_values(report, this_rows[(table.key, table.carried_over)])
    before = row_values(previous, last_rows[(last_table.key, last_table.carried_forward)])
    assert now is not None and before is not None
    for index, (a, b) in enumerate(zip(now.cells, before.cells, strict=True)):
        if a != b:
            column = APPLICANT_KEYS[index]
            emit(False, "X-1", (table.key, table.carried_over, column),
                 f"上年结转为 {a}，而上年报告（{previous_name}）的“结转下年度继续办理”为 {b}；两者应相等")


def _in_force(fmt: Format, report: ReportBase, previous_fmt: Format, previous: ReportBase,
              previous_name: str, emit: Emit) -> None:
    needed = {"issued", "repealed", "in_force"}  # the 2021 table 二 counts documents in force
    if not (needed <= fmt.active_fields() and needed <= previous_fmt.active_fields()):
        return
    assert fmt.active is not None and previous_fmt.active is not None
    now, before = getattr(report, fmt.active.key), getattr(previous, previous_fmt.active.key)
    keys = [item.key for block in fmt.active.blocks if needed <= {f.key for f in block.fields}
            for item in block.items]
    for key in keys:
        a, b = getattr(now, key), getattr(before, key)
        expected = b.in_force + a.issued - a.repealed
        if a.in_force != expected:
            emit(False, "X-5", (fmt.active.key, key, "in_force"),
                 f"现行有效 {a.in_force} 件，而上年现行有效 {b.in_force} 件 + 本年制发 {a.issued} 件 − "
                 f"本年废止 {a.repealed} 件 = {expected} 件（上年报告 {previous_name}）；如有到期失效等情况"
                 "请在正文中说明")


def _normalise(text: str) -> str:
    # Years and figures change every year; a text copied with new numbers is still copied.
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", text))


def repeated_share(text: str, earlier: str) -> float:
    """Return the share of ``text``'s characters inside runs that also occur in ``earlier``."""
    return _share(_normalise(text), _shingles(_normalise(earlier)))


def _shingles(earlier: str) -> set[str]:
    """The runs of :data:`SHINGLE` characters of a normalised text."""
    return {earlier[i: i + SHINGLE] for i in range(len(earlier) - SHINGLE + 1)}


def _share(text: str, seen: set[str]) -> float:
    """:func:`repeated_share` of a normalised text against :func:`_shingles` of the earlier one."""
    if len(text) < SHINGLE:
        return 0.0
    covered = reach = 0  # characters covered so far, and where the covered run ends
    for i in range(len(text) - SHINGLE + 1):
        if text[i: i + SHINGLE] in seen:
            covered += i + SHINGLE - max(i, reach)
            reach = i + SHINGLE
    return covered / len(text)


def _section_texts(fmt: Format, report: ReportBase) -> dict[str, str]:
    """Narrative text per top-level section title (titles of sub-sections excluded)."""
    out: dict[str, str] = {}
    titles = {s.key: s.title for s in fmt.sections}
    for path, text in texts(fmt, report):
        if path[-1] == "title" or path[0] == "preface":
            continue
        key: Any = path[0]
        title = titles.get(key) if isinstance(key, str) and key in titles else None
        if title is None and key == "sections":
            title = getattr(report, "sections")[path[1]].title
        if title:
            out[title] = out.get(title, "") + text
    return out


def _duplication(fmt: Format, report: ReportBase, previous_fmt: Format, previous: ReportBase,
                 previous_name: str, emit: Emit, limits: Limits) -> None:
    now = _section_texts(fmt, report)
    earlier = "".join(_section_texts(previous_fmt, previous).values())
    total = sum(len(_normalise(t)) for t in now.values())
    if not total or not earlier:
        return
    seen = _shingles(_normalise(earlier))  # once, not once per section
    shares = {title: _share(_normalise(text), seen) for title, text in now.items()}
    overall = sum(shares[t] * len(_normalise(now[t])) for t in now) / total
    copied = overall > limits.overall
    if copied:
        repeated = "、".join(f"“{t}”{shares[t]:.0%}" for t in now if shares[t] > limits.overall)
        first = next(iter(fmt.sections)).key if fmt.sections else "sections"
        emit(False, "X-6", (first,),
             f"正文与上年报告（{previous_name}）重复 {overall:.0%}，超过 {limits.overall:.0%}"
             f"（考核中“内容雷同”扣分）；重复较多的部分：{repeated or '各部分均有'}")
    by_key = {s.key: shares[s.title] for s in fmt.sections if s.title in shares}
    for key, share, limit in section_repeats(by_key, limits):
        if copied and share > limits.overall:
            continue  # already named by X-6
        emit(False, "X-9", (key,),
             f"“{fmt.section(key).title}”与上年报告（{previous_name}）重复 {share:.0%}，超过这一部分的"
             f"限度 {limit:.0%}：这一部分应写本年的具体情况")


def _same_tables(fmt: Format, report: ReportBase, previous_fmt: Format, previous: ReportBase,
                 previous_name: str, emit: Emit) -> None:
    tables = [t for t in (fmt.active, fmt.applications, fmt.reviews) if t is not None]
    if fmt.id != previous_fmt.id or len(tables) != 3:
        return
    now = []
    for t in tables:  # table by table: most reports differ in the first, so stop there
        dumped = getattr(report, t.key).model_dump()
        if dumped != getattr(previous, t.key).model_dump():
            return
        now.append(dumped)
    if _any_figure(now):
        titles = "".join(f"“{fmt.section(t.key).title}”" for t in tables)
        emit(False, "X-10", (tables[0].key,),
             f"{titles}三张表的数字与上年报告（{previous_name}）完全相同：请核对是否沿用了上年的表格")


def _any_figure(data: Any) -> bool:
    if isinstance(data, dict):
        return any(_any_figure(v) for v in data.values())
    if isinstance(data, list | tuple):
        return any(_any_figure(v) for v in data)
    return bool(data) and not isinstance(data, str)

