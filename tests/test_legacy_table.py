"""The legacy 统计表 read back from a published table: each indicator by its label within its
group, a misprinted one reported, an unknown one left unread."""

from __future__ import annotations

from typing import Any

from reportgen.formats import LEGACY
from reportgen.readers.document import grid
from reportgen.readers.legacy_table import statistics
from reportgen.readers.tables import Context

SPEC = LEGACY.statistics
assert SPEC is not None


def _read(rows: list[list[tuple[str, int, int]]]) -> tuple[dict[str, Any], Context]:
    assert SPEC is not None
    ctx = Context("统计表", grid(rows))
    return statistics(ctx, SPEC), ctx


def test_indicators_are_read_by_label_and_a_misprint_is_reported() -> None:
    assert SPEC is not None
    first, second = SPEC.rows[1], SPEC.rows[2]
    data, ctx = _read([[(SPEC.header[0], 1, 1), (SPEC.header[1], 1, 1), (SPEC.header[2], 1, 1)],
                       [(SPEC.rows[0].label, 1, 1), ("", 1, 1), ("", 1, 1)],
                       [(first.label, 1, 1), ("条", 1, 1), ("12", 1, 1)],
                       [(second.label[:-1] + "甲", 1, 1), ("条", 1, 1), ("3", 1, 1)],
                       [("不是指标的一行", 1, 1), ("条", 1, 1), ("9", 1, 1)]])
    assert data[first.key] == 12 and data[second.key] == 3
    assert [(n.kind, n.where) for n in ctx.notes] == [
        ("label", "统计表 第4行 第1列"), ("unread", "统计表 第5行 第1列")]
    assert ctx.notes[1].message == "“不是指标的一行”不是官方统计表中的指标，未读取"


def test_a_table_without_indicators_reads_nothing() -> None:
    data, ctx = _read([[("单位", 1, 1), ("数量", 1, 1)]])
    assert data == {}
    assert [n.message for n in ctx.notes] == ["“单位”不是官方统计表中的指标，未读取"]
