"""The published cell reader shared by the table readers: numbers as printed, never corrected."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.readers.tables import number


@pytest.mark.parametrize(("text", "value"), [
    ("", 0), ("—", 0), ("无", 0), (" 120 ", 120), ("１２０", 120), ("1,234", 1234),
    ("3,865,200", 3865200), ("1，234", 1234), ("12.5", Decimal("12.5")),
    ("3,865,200元", "3865200元"), ("12.5万元", "12.5万元"),
    # Left as printed, for the validator to report: not a number reportgen may guess.
    ("1,20", "1,20"), ("12,0", "12,0"), ("1,2345", "1,2345"), (",120", ",120"), ("120件", "120件"),
    ("三", "三"),
])
def test_a_cell_is_read_as_printed(text: str, value: object) -> None:
    assert number(text) == value
    assert type(number(text)) is type(value)
