"""The fill-in workbook: laid out from the format definitions, locked labels, validation,
live totals; workbook → data → workbook gives the same cells and merges for every sample."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reportgen.formats import FORMATS, GOV2021, LEGACY, Format, label
from reportgen.readers import read_file
from reportgen.readers.xlsx_reader import read_bytes
from reportgen.validation import check_source, choose_format
from reportgen.writers.workbook import render
from reportgen.writers.xlsx_layout import sheets

from .helpers import SAMPLES

SAMPLE_FILES = sorted([*SAMPLES.glob("*.yaml"), *(SAMPLES / "seeds").glob("*.yaml")])


def _workbook(path: Path) -> tuple[Format, bytes]:
    source = read_file(path)
    fmt = choose_format(source.data)
    return fmt, render(fmt, source.data)


@pytest.fixture(scope="module")
def sample_2024() -> bytes:
    return _workbook(SAMPLES / "2024.yaml")[1]


def _cells(raw: bytes) -> dict[str, Any]:
    """Every sheet's cell values (formulas as written) and merges."""
    book = openpyxl.load_workbook(io.BytesIO(raw))
    return {sheet.title: ({(c.row, c.column): c.value for row in sheet.iter_rows() for c in row
                           if c.value is not None},
                          sorted(str(m) for m in sheet.merged_cells.ranges))
            for sheet in book.worksheets}


def test_sheets_are_named_as_locations_name_the_tables(sample_2024: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(sample_2024))
    assert book.sheetnames == ["说明", "基本信息", "表二", "表三", "表四", "正文"]
    assert book.active.title == "基本信息"


def test_table_three_is_laid_out_as_printed(sample_2024: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(sample_2024))["表三"]
    table = GOV2021.applications
    assert table is not None
    assert sheet["A1"].value == table.corner
    assert sheet["D1"].value == table.columns.label
    assert sheet["A4"].value == label(GOV2021, "applications", "received")
    assert sheet["B8"].value == label(GOV2021, "applications", "results", "withheld")
    assert sheet["C8"].value == label(GOV2021, "applications", "results", "withheld", "state_secret")
    merges = {str(m) for m in sheet.merged_cells.ranges}
    assert {"A1:C3", "D1:J1", "E2:I2", "D2:D3", "J2:J3", "A6:A27", "B8:B15", "A28:C28"} <= merges
    assert [sheet.cell(4, c).value for c in range(4, 11)] == [5, 1, 0, 0, 0, 0, "=SUM(D4:I4)"]
    assert sheet["D27"].value == "=SUM(D6:D26)"  # （七）总计 sums the results above it
    assert sheet["J27"].value == "=SUM(D27:I27)"


def test_labels_are_locked_values_open_totals_locked(sample_2024: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(sample_2024))["表三"]
    assert sheet.protection.sheet is True and not sheet.protection.password
    assert sheet["A4"].protection.locked is True
    assert sheet["D4"].protection.locked is False
    assert sheet["J4"].protection.locked is True


def test_value_cells_accept_non_negative_integers_and_amounts(sample_2024: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(sample_2024))
    checks = {(v.type, v.operator, v.formula1): str(v.sqref)
              for v in book["表二"].data_validations.dataValidation}
    fees = next(p for p in sheets(GOV2021)[0].values() if p.spec.path == ("active_disclosure", "fees"))
    assert book["表二"].cell(fees.row, fees.column).value == 12.5
    assert checks[("decimal", "greaterThanOrEqual", "0")] == f"B{fees.row}"
    assert "B7" in checks[("whole", "greaterThanOrEqual", "0")].split()  # 行政许可
    three = {v.type: set(str(v.sqref).split()) for v in book["表三"].data_validations.dataValidation}
    # Six applicant columns of every row but （七）总计 (row 27); the total column J is formulas.
    assert three == {"whole": {f"{c}{r}" for c in "DEFGHI" for r in (*range(4, 27), 28)}}


def test_signed_cells_of_2019_take_negative_numbers() -> None:
    raw = _workbook(SAMPLES / "2019.yaml")[1]
    sheet = openpyxl.load_workbook(io.BytesIO(raw))["表二"]
    checks = sorted((v.type, v.operator) for v in sheet.data_validations.dataValidation)
    assert checks == [("decimal", "greaterThanOrEqual"), ("whole", "between"),
                      ("whole", "greaterThanOrEqual")]


def test_narrative_sheet_has_a_row_per_section_and_sub_heading(sample_2024: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(sample_2024))["正文"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=4)]
    assert rows[0] == ["标题", "正文", "层级"]
    assert rows[1][0] == label(GOV2021, "overview") and rows[1][2] == "部分"
    assert rows[2][0] == "主动公开" and rows[2][2] == "1"
    assert sheet["A2"].protection.locked is True and sheet["A3"].protection.locked is False
    assert sheet.protection.insertRows is False  # rows may be inserted for sub-headings


def test_a_total_given_that_differs_is_written_as_given() -> None:
    data = read_file(SAMPLES / "2024.yaml").data
    data["reviews"]["reconsideration"]["total"] = 5
    data["applications"]["received"] = [5, 1, 0, 0, 0, 0, 7]
    book = openpyxl.load_workbook(io.BytesIO(render(GOV2021, data)))
    assert book["表四"]["E4"].value == 5
    assert book["表四"]["J4"].value == "=SUM(F4:I4)"
    assert book["表三"]["J4"].value == 7
    assert book["表三"]["J4"].protection.locked is False


def test_round_trip_of_the_2024_sample_holds(sample_2024: bytes) -> None:
    back = read_bytes(sample_2024, "2024.xlsx")
    assert back.findings == []
    assert _cells(render(GOV2021, back.data)) == _cells(sample_2024)


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_round_trip_is_stable_and_validates_the_same(path: Path) -> None:
    fmt, raw = _workbook(path)
    back = read_bytes(raw, path.name)
    assert _cells(render(fmt, back.data)) == _cells(raw)
    expected = [(f.rule, f.path) for f in check_source(read_file(path)).findings]
    assert [(f.rule, f.path) for f in check_source(back).findings] == expected


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_every_format_has_its_tables(fmt: Format) -> None:
    keys = [s.key for s in sheets(fmt)]
    assert keys == (["statistics"] if fmt is LEGACY else
                    ["active_disclosure", "applications", "reviews"])
    for sheet in sheets(fmt):
        assert len({p.spec.path for p in sheet.values()}) == len(sheet.values())


@pytest.mark.slow
def test_libreoffice_recalculates_and_reads_back(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    data = read_file(SAMPLES / "2024.yaml").data
    source = tmp_path / "in" / "2024.xlsx"
    source.parent.mkdir()
    source.write_bytes(render(GOV2021, data))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    converted = tmp_path / "2024.xlsx"
    cached = openpyxl.load_workbook(converted, data_only=True)
    assert cached["表三"]["J4"].value == 6  # the formula's value, stored by LibreOffice
    back = read_file(converted)
    assert back.findings == []
    assert back.data["applications"] == read_bytes(source.read_bytes(), "x").data["applications"]
    assert check_source(back).findings == []
