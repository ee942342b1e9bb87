"""Reading table 三 (政府信息公开申请情况) out of a published table.

A row is the path of its label cells (``三、本年度办理结果`` → ``（三）不予公开`` →
``1.属于国家秘密``), a column the path of its header cells, each matched against the format
definition's paths; a group of rows whose label no row prints is reported.
"""

from __future__ import annotations

from typing import Any

from ..formats import ApplicationsTable, Node
from ..text import strip_numbering
from .document import Cell
from .labels import Match, Matcher, normal
from .tables import (
    Context,
    Printed,
    first_body_row,
    flat,
    groups_printed,
    header_paths,
    is_number,
    label_paths,
    match_path,
    report_blank_groups,
)


def applications(ctx: Context, spec: ApplicationsTable) -> dict[str, Any]:
    """Read table 三: applicant columns by their header path, rows by their label path."""
    table = ctx.table
    tops = Matcher((node.label, node) for node in spec.rows)
    header_end = first_body_row(table, lambda r: any(is_number(c.text) for c in table.rows[r])
                             or tops.match(table.rows[r][0].text) is not None)
    printed: Printed = {}
    keys: dict[int, str] = {}
    columns = header_paths(ctx, label_paths((spec.columns,)), range(header_end), (spec.key,), printed)
    for c, column in sorted(columns.items()):
        if column[-1].key not in keys.values():
            keys[c] = column[-1].key
    if not keys:
        leaves = spec.columns.leaves()
        ctx.unread(0, 0, f"找不到表头（{leaves[0].label}、{leaves[1].label}……{leaves[-1].label}），无法确定各列")
        return {}
    first = min(keys)
    for leaf in spec.columns.leaves():
        if leaf.key not in keys.values() and not leaf.computed:
            ctx.missing(leaf.label, "一列")
    row_paths = label_paths(spec.rows)
    rows = Matcher(("".join(n.label for n in p), p) for p in row_paths)
    data: dict[str, Any] = {}
    done: set[tuple[str, ...]] = set()
    labels = [normal("".join(cell.text for c, cell in table.distinct(r) if c < first))
              for r in range(len(table.rows))]
    groups = {normal("".join(n.label for n in p[:d])): p[:d] for p in row_paths for d in range(1, len(p))}
    for r in range(header_end, len(table.rows)):
        cells = [cell for c, cell in table.distinct(r) if c < first and flat(cell.text)]
        text = "".join(cell.text for cell in cells)
        has_values = any(flat(table.rows[r][c].text) for c in keys)
        if not text:
            if has_values:
                ctx.unread(r, 0, "这一行没有名称，未读取")
            continue
        group = groups.get(normal(text))
        if group is not None:  # a row labelled by a group of rows, not by one of its rows
            split = any(other != labels[r] and other.startswith(labels[r]) for other in labels[r + 1:])
            nodes = None if split else _group_row(ctx, group, cells[-1], spec.key, r, has_values)
            if nodes is None:
                continue
        else:
            nodes = match_path(ctx, rows, text, cells, (spec.key,))
            if nodes and not has_values and normal(text) != normal("".join(n.label for n in nodes)):
                # A name only like an official one over empty cells is as likely a fragment
                # of a row cut by a page break as a row of zeros: not read, rather than 0.
                ctx.unread(r, 0, f"“{flat(text)[:40]}”与官方名称不完全相同，且这一行没有数字，未读取")
                continue
        keypath = tuple(n.key for n in nodes) if nodes else ()
        if not nodes or keypath in done:
            ctx.unread(r, 0, f"“{flat(text)[:40]}”不是官方表格中的行，未读取")
            continue
        done.add(keypath)
        blank = next((cell for c, cell in table.distinct(r) if c < first and not flat(cell.text)), None)
        groups_printed(cells, nodes, blank, (spec.key,), printed)
        for depth in range(1, len(keypath) + 1):  # a row, and the groups it opens
            ctx.values.setdefault((spec.key, *keypath[:depth]), ctx.where(r, 0))
        target = data
        for key in keypath[:-1]:
            target = target.setdefault(key, {})
        row = target.setdefault(keypath[-1], {})
        for c, key in keys.items():
            row[key] = ctx.value((spec.key, *keypath, key), r, c)
    for path in row_paths:
        if tuple(n.key for n in path) not in done and not path[-1].computed:
            ctx.missing(path[-1].label)
    report_blank_groups(ctx, printed)
    return data


def _group_row(ctx: Context, group: tuple[Node, ...], cell: Cell, key: str, r: int,
               has_values: bool) -> tuple[Node, ...] | None:
    """The row a group's own row stands for, when its rows are not printed.

    A 2019-style single （六）其他处理 row in a 2021 table 三 holds what the 2021 format splits
    in three: it is read as the group's catch-all row (3.其他) and said so; the rows it does
    not split out are reported missing. A group without a catch-all is not guessed at.
    """
    owner = group[-1]
    last = owner.children[-1] if owner.children else None
    if last is None or last.children or last.computed or strip_numbering(last.label)[1] != "其他":
        if has_values:
            ctx.unread(r, 0, f"“{flat(cell.text)}”一行只有合计、没有分项，未读取")
        return None
    ctx.label(cell, Match(last, f"{owner.label} {last.label}", False, 0.0),
              (key, *(n.key for n in group), last.key))
    return (*group, last)
