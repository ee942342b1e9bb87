"""Reading the legacy 统计表 (report years before 2019) out of a published table."""

from __future__ import annotations

from typing import Any

from ..formats import StatisticsTable
from .labels import Matcher
from .tables import Context, flat


def statistics(ctx: Context, spec: StatisticsTable) -> dict[str, Any]:
    """Read the legacy 统计表: each row by its 统计指标 within its 一、二、… group."""
    table = ctx.table
    value_column = table.width - 1
    header = Matcher([(spec.header[2], 2)])
    groups: list[list[Any]] = []
    for row in spec.rows:
        if row.level == 0 or not groups:
            groups.append([])
        groups[-1].append(row)
    tops = Matcher((g[0].label, i) for i, g in enumerate(groups))
    everything = Matcher((row.label, row) for row in spec.rows)
    group: int | None = None
    data: dict[str, Any] = {}
    done: set[str] = set()
    for r in range(len(table.rows)):
        cells = [(c, cell) for c, cell in table.distinct(r) if flat(cell.text)]
        if not cells:
            continue
        c0, first = cells[0]
        if any(header.match(cell.text) for _, cell in cells):
            value_column = next(c for c, cell in cells if header.match(cell.text))
            continue
        top = tops.match(first.text)
        if top is not None:
            group = top.value
        found = (Matcher((row.label, row) for row in groups[group]).match(first.text)
                 if group is not None else None) or everything.match(first.text)
        if found is None or found.value.key in done:
            ctx.unread(r, c0, f"“{flat(first.text)[:40]}”不是官方统计表中的指标，未读取")
            continue
        ctx.label(first, found, (spec.key, found.value.key))
        if found.value.key:
            done.add(found.value.key)
            data[found.value.key] = ctx.value((spec.key, found.value.key), r, value_column)
    return data
