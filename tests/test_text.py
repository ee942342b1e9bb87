"""Tests of the Chinese text helpers."""

from reportgen.text import strip_numbering


def test_strip_numbering() -> None:
    assert strip_numbering("（一）主动公开") == ("（一）", "主动公开")
    assert strip_numbering("1. 依申请公开") == ("1.", "依申请公开")
    assert strip_numbering("三、监督保障") == ("三、", "监督保障")
    assert strip_numbering("2019年工作计划") == ("", "2019年工作计划")
    assert strip_numbering("（一）") == ("", "（一）")
