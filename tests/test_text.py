"""Tests of the Chinese text helpers."""

import datetime as dt

from reportgen.text import chinese_date, strip_numbering


def test_strip_numbering() -> None:
    assert strip_numbering("（一）主动公开") == ("（一）", "主动公开")
    assert strip_numbering("1. 依申请公开") == ("1.", "依申请公开")
    assert strip_numbering("三、监督保障") == ("三、", "监督保障")
    assert strip_numbering("2019年工作计划") == ("", "2019年工作计划")
    assert strip_numbering("（一）") == ("", "（一）")


def test_dates_are_written_the_chinese_way_without_zero_padding() -> None:
    assert chinese_date(dt.date(2025, 1, 31)) == "2025年1月31日"
    assert chinese_date(dt.date(2017, 12, 5)) == "2017年12月5日"
