"""Table cells: amounts written with their unit (``251000元``) where the header names none, and
the 万元 headers that take ``0.394万元`` but refuse ``3940元``."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from reportgen.cells import Amount, add, amount, in_wan, money
from reportgen.context import build, number
from reportgen.formats import GOV2019
from reportgen.importer import write
from reportgen.readers import read_file
from reportgen.readers.xlsx_reader import read_bytes
from reportgen.readers.yaml_reader import load_text
from reportgen.validation import Checked, check_source
from reportgen.writers import render
from reportgen.writers.workbook import render as workbook

from .helpers import GOV2019 as BASE
from .helpers import SAMPLES, replace_line

PROCUREMENT = ("active_disclosure", "procurement", "amount")


def _with(value: str) -> str:
    return replace_line(BASE, "active_disclosure: {}",
                        f"active_disclosure: {{procurement: {{projects: 2, amount: {value}}}}}")


def _amount(result: Checked) -> Decimal:
    assert result.report is not None, [f.format() for f in result.findings]
    value = result.report.active_disclosure.procurement.amount  # type: ignore[attr-defined]
    assert isinstance(value, Decimal)
    return value


def test_an_amount_keeps_its_number_and_unit() -> None:
    read = amount("251000元")
    assert isinstance(read, Amount) and read == 251000 and read.unit == "元"
    assert read.written == "251000元" and read.wan() == Decimal("25.1")
    assert amount("25.10万元").written == "25.10万元"  # the number exactly as written
    assert amount(Decimal("12.5")) == Decimal("12.5") and not isinstance(amount(12), Amount)
    assert pickle.loads(pickle.dumps(read)).written == "251000元"
    assert copy.deepcopy(read).written == "251000元"


def test_sums_keep_a_shared_unit_and_otherwise_add_in_wan() -> None:
    yuan, wan = amount("251000元"), amount("25.1万元")
    assert add([yuan, yuan]).written == "502000元"
    assert add([yuan, wan]).written == "50.2万元"
    assert add([Decimal(1), Decimal("2.5")]) == Decimal("3.5")
    assert in_wan(yuan) == Decimal("25.1") and in_wan(Decimal(3)) == 3


def test_a_wan_header_takes_wan_and_refuses_yuan() -> None:
    assert money("0.394万元") == Decimal("0.394") and not isinstance(money("0.394万元"), Amount)
    with pytest.raises(PydanticCustomError) as raised:
        money("3940元")
    assert str(raised.value) == "表头单位为万元，这里写的是“3940元”：应填 0.394"
    with pytest.raises(PydanticCustomError) as raised:
        money("约5万元")
    assert str(raised.value) == "应为金额数字（如 12.5），实际为文本 “约5万元”（只填数字，不带单位、逗号、空格或其他文字）"


def test_a_unit_free_cell_says_how_to_write_a_unit() -> None:
    # This cell takes a unit, so "only digits, no unit" would mislead: say how to write one
    for text in ("5块", "3865200 元", "251,000元", "-5元"):
        with pytest.raises(PydanticCustomError) as raised:
            amount(text)
        assert str(raised.value) == ("应为金额数字，或数字紧跟单位“元”或“万元”（如 251000元，不加空格和逗号），"
                                     f"实际为文本 “{text}”")
    with pytest.raises(PydanticCustomError) as raised:
        amount("２５元")
    assert str(raised.value) == "应为金额数字（如 12.5），实际为文本 “２５元”（全角数字：请改为半角数字，不加引号）"
    with pytest.raises(PydanticCustomError) as raised:
        amount("")
    assert str(raised.value) == "应为金额数字（如 12.5），实际为空白（没有发生的事项填 0）"
    with pytest.raises(PydanticCustomError) as raised:
        amount("100000000000000000元0")
    assert "应为金额数字" in str(raised.value)
    with pytest.raises(PydanticCustomError) as raised:
        amount("20000000000000000万元")
    assert str(raised.value) == "金额 20000000000000000万元 超出合理范围，请检查单位和位数"


def test_the_amount_validates_and_prints_as_written_in_every_writer() -> None:
    result = check_source(load_text(_with("251000元"), "t.yaml"))
    assert result.findings == []
    assert number(_amount(result)) == "251000元"
    assert result.report is not None
    doc = build(result.format, result.report)
    texts = "\n".join(doc.texts())
    assert "251000元" in texts and "251000" not in texts.replace("251000元", "")
    outputs = render(doc, ("docx", "html", "web"), Path("."))
    assert b"251000\xe5\x85\x83" in outputs["html"] and b"251000\xe5\x85\x83" in outputs["web"]


def test_a_plain_number_still_prints_without_a_unit() -> None:
    result = check_source(load_text(_with("386.52"), "t.yaml"))
    assert number(_amount(result)) == "386.52" and not isinstance(_amount(result), Amount)


def test_the_workbook_keeps_the_cell_numeric_with_the_unit_in_its_format() -> None:
    import io

    import openpyxl

    data = load_text(_with("25.10万元"), "t.yaml").data
    raw = workbook(GOV2019, data)
    sheet = openpyxl.load_workbook(io.BytesIO(raw))["表二"]
    cells = [c for row in sheet.iter_rows() for c in row if '"万元"' in (c.number_format or "")]
    assert [(c.value, c.number_format) for c in cells] == [(25.1, '0.00"万元"')]
    back = read_bytes(raw, "t.xlsx").data["active_disclosure"]["procurement"]["amount"]
    assert back == "25.10万元" and amount(back).written == "25.10万元"


@pytest.mark.parametrize("kind", ["docx", "html", "web"])
def test_published_documents_read_the_amount_with_its_unit(kind: str, tmp_path: Path) -> None:
    source = load_text((SAMPLES / "2019.yaml").read_text(encoding="utf-8"), "2019.yaml")
    result = check_source(source)
    assert result.report is not None
    raw = render(build(result.format, result.report), (kind,), SAMPLES)[kind]
    path = tmp_path / f"2019.{'html' if kind == 'web' else kind}"
    path.write_bytes(raw)
    read = read_file(path)
    assert read.data["active_disclosure"]["procurement"]["amount"] == "3865200元"
    again = check_source(load_text(write(read), "back.yaml"))  # type: ignore[arg-type]
    assert _amount(again).written == "3865200元"
    assert 'amount: "3865200元"' in write(read)  # type: ignore[arg-type]


@pytest.mark.slow
def test_the_pdf_reads_the_amount_with_its_unit(tmp_path: Path) -> None:
    source = load_text((SAMPLES / "2019.yaml").read_text(encoding="utf-8"), "2019.yaml")
    result = check_source(source)
    assert result.report is not None
    path = tmp_path / "2019.pdf"
    path.write_bytes(render(build(result.format, result.report), ("pdf",), SAMPLES)["pdf"])
    read = read_file(path)
    assert read.data["active_disclosure"]["procurement"]["amount"] == "3865200元"


_WRITTEN = st.builds(
    lambda whole, places, unit: f"{whole}{'.' + places if places else ''}{unit}",
    st.integers(0, 10**9), st.text("0123456789", max_size=4), st.sampled_from(["元", "万元"]))


@pytest.mark.slow
@settings(max_examples=15, deadline=None)  # a workbook each: about 0.2 s an example
@given(_WRITTEN)
def test_number_and_unit_survive_yaml_model_yaml_and_the_workbook(text: str) -> None:
    first = check_source(load_text(_with(text), "t.yaml"))
    assert _amount(first).written == text
    # model → YAML as the importer writes a value, and back
    from reportgen.importer import _scalar

    again = check_source(load_text(_with(_scalar(_amount(first))), "t.yaml"))
    assert _amount(again).written == text
    # → fill-in workbook → model
    raw = workbook(GOV2019, load_text(_with(text), "t.yaml").data)
    back = read_bytes(raw, "t.xlsx").data["active_disclosure"]["procurement"]["amount"]
    assert amount(back).written == text
