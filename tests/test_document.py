"""Blocks of a published document: parts of a table cut by page breaks put back together."""

from __future__ import annotations

from reportgen.readers.document import Cell, Table, common_edges, refined, stitch
from reportgen.readers.labels import normal

LABELS = {normal("三、本年度办理结果"), normal("1.属于国家秘密"), normal("2.重复申请"), normal("申请人情况")}


def _table(rows: list[list[str]], edges: list[float] | None = None) -> Table:
    return Table([[Cell(text, (r, c)) for c, text in enumerate(row)] for r, row in enumerate(rows)],
                 edges=edges or [])


def test_a_row_cut_by_a_page_break_becomes_one_row() -> None:
    first = _table([["三、本年度办理结果", "1.属于", "5"]])
    top = _table([["", "国家秘密", ""]]).rows[0]
    same = {top[0].origin: first.rows[0][0]}
    assert stitch(first, top, same, LABELS)
    assert [c.text for c in first.rows[0]] == ["三、本年度办理结果", "1.属于国家秘密", "5"]


def test_a_number_whose_last_digit_begins_the_next_page_is_joined() -> None:
    first = _table([["2.重复申请", "20", "5"]])
    top = _table([["", "", "9"]]).rows[0]
    assert stitch(first, top, {}, LABELS)
    assert [c.text for c in first.rows[0]] == ["2.重复申请", "20", "59"]


def test_a_whole_row_on_the_next_page_is_not_joined() -> None:
    first = _table([["2.重复申请", "20", "5"]])
    top = _table([["1.属于国家秘密", "1", "1"]]).rows[0]
    assert not stitch(first, top, {}, LABELS)
    # Nor is a number joined to a label that happens to begin the next page.
    top = _table([["", "申请人情况", ""]]).rows[0]
    assert not stitch(first, top, {}, LABELS)
    assert [c.text for c in first.rows[0]] == ["2.重复申请", "20", "5"]


def test_parts_of_different_widths_are_laid_on_their_common_columns() -> None:
    # Page 1 draws no line between the two label columns (its rows span both); page 2 does.
    page1 = _table([["一、本年新收", "6"]], [0.0, 100.0, 130.0])
    page2 = _table([["（三）不予公开", "1.属于国家秘密", "0"]], [0.0, 50.0, 100.0, 130.0])
    edges = common_edges(page1, page2)
    assert edges == [0.0, 50.0, 100.0, 130.0]
    wide = refined(page1, edges)
    assert [c.text for c in wide.rows[0]] == ["一、本年新收", "一、本年新收", "6"]
    assert wide.rows[0][0] is wide.rows[0][1] and wide.rows[0][2].origin == (0, 2)
    assert common_edges(page1, _table([["x"]], [20.0, 130.0])) is None  # not the same table
