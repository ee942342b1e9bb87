"""Group labels of table 三 repeated at the top of the page its rows continue on."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from reportgen.context import build
from reportgen.validation import check_file
from reportgen.writers import render
from reportgen.writers.pagelabel import split_at

from .helpers import SAMPLES


def _tbody(text: str) -> ET.Element:
    return ET.fromstring(f"<tbody>{text}</tbody>")


def test_a_cell_spanning_over_the_break_is_cut_there_and_its_text_repeated() -> None:
    tbody = _tbody('<tr><td rowspan="4">三</td><td rowspan="3">（三）</td><td>1</td></tr>'
                   "<tr><td>2</td></tr><tr><td>3</td></tr><tr><td>（四）</td><td>4</td></tr>")
    assert split_at(tbody, tbody.findall("tr")[2])
    assert [[(c.text, c.get("rowspan")) for c in tr] for tr in tbody] == [
        [("三", "2"), ("（三）", "2"), ("1", None)],
        [("2", None)],
        [("三", "2"), ("（三）", None), ("3", None)],
        [("（四）", None), ("4", None)],
    ]


def test_a_break_at_the_start_of_a_group_cuts_only_the_outer_cell() -> None:
    tbody = _tbody('<tr><td rowspan="3">三</td><td rowspan="2">（三）</td><td>1</td></tr>'
                   "<tr><td>2</td></tr><tr><td>（四）</td><td>3</td></tr>")
    assert split_at(tbody, tbody.findall("tr")[2])
    assert [[(c.text, c.get("rowspan")) for c in tr] for tr in tbody] == [
        [("三", "2"), ("（三）", "2"), ("1", None)], [("2", None)],
        [("三", None), ("（四）", None), ("3", None)],
    ]


def test_a_break_between_groups_cuts_nothing() -> None:
    tbody = _tbody('<tr><td rowspan="2">三</td><td>1</td></tr><tr><td>2</td></tr>'
                   "<tr><td>四</td><td>3</td></tr>")
    assert not split_at(tbody, tbody.findall("tr")[2])
    assert [c.get("rowspan") for c in tbody.findall("tr")[0]] == ["2", None]


@pytest.mark.slow
def test_the_continuation_page_of_table_three_starts_with_its_group_labels() -> None:
    import pdfplumber

    path = SAMPLES / "2024.yaml"
    result = check_file(path)
    assert result.report is not None
    pdf = render(build(result.format, result.report), ("pdf",), path.parent)["pdf"]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        # The 2024 sample's table 三 breaks inside （三）不予公开, before its item 6.
        page = next(p for p in document.pages
                    if any(w["text"].startswith("6.属于四类过程性信息") for w in p.extract_words()))
        words = page.extract_words()
        first = next(w for w in words if w["text"].startswith("6.属于四类过程性信息"))
        below = next(w for w in words if w["text"].startswith("1.本机关不掌握"))
        assert first["top"] < below["top"]
        seven = next(w for w in words if w["text"].startswith("（七）"))
        column = min(w["x0"] for w in words if w["text"].startswith("（四）"))

        def text(x0: float, x1: float, bottom: float) -> str:
            return "".join(c["text"] for c in sorted(page.chars, key=lambda c: (c["top"], c["x0"]))
                           if x0 <= c["x0"] and c["x1"] <= x1
                           and first["top"] - 2 <= c["top"] < bottom)

        # The inner label sits in the rows of its group (above the next one), the outer one in
        # the leftmost column, above the row of totals.
        assert text(column - 1, first["x0"], below["top"]) == "（三）不予公开"
        assert text(0, column, seven["top"]) == "三、本年度办理结果"
