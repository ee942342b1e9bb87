"""The supervisors' summary: figures per agency, totals, summed tables in official layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from reportgen import pipeline
from reportgen.summary import summarise
from reportgen.validation import check_file
from reportgen.writers.xlsx import render_csv, render_xlsx

from .helpers import GOV2021


def _inputs(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("a.yaml", GOV2021), ("b.yaml", GOV2021.replace("示例局", "乙局")),
                       ("bad.yaml", GOV2021.replace("year: 2024", "year: 1999"))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_rows_totals_and_problems(tmp_path: Path) -> None:
    summary = summarise([check_file(p, p.name) for p in _inputs(tmp_path)])
    rows = {row["文件"]: row for row in summary.rows}
    assert rows["a.yaml"]["本年新收政府信息公开申请数量"] == 6
    assert rows["a.yaml"]["本年度办理结果·予以公开"] == 5
    assert rows["a.yaml"]["本年度办理结果·无法提供"] == 1
    assert rows["a.yaml"]["本年度办理结果·总计"] == 6
    assert rows["bad.yaml"]["状态"] == "有错误" and "本年新收政府信息公开申请数量" not in rows["bad.yaml"]
    assert rows["bad.yaml"]["主要问题（前 3 条）"].startswith("2:7 报告年度 报告年度应在 2008 到 2100 之间")
    assert summary.totals["本年新收政府信息公开申请数量"] == 12  # the broken file is not counted
    assert summary.columns.index("本年新收政府信息公开申请数量") < summary.columns.index(
        "行政许可 · 本年处理决定数量")


def test_summed_tables_keep_the_official_layout(tmp_path: Path) -> None:
    summary = summarise([check_file(p, p.name) for p in _inputs(tmp_path)])
    titles = [title for title, _ in summary.tables]
    assert titles == ["gov2021 表二", "gov2021 表三", "gov2021 表四"]
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(summary)))
    assert workbook.sheetnames == ["汇总", *titles]
    sheet = workbook["gov2021 表三"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:C3", "D1:J1", "A6:A27", "B8:B15"} <= merged
    assert [sheet.cell(4, c).value for c in range(4, 11)] == [10, 2, 0, 0, 0, 0, 12]
    last = workbook["汇总"][workbook["汇总"].max_row]
    assert last[0].value == "合计"


def test_csv_opens_in_excel_and_pipeline_writes_by_suffix(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    data = render_csv(summarise([check_file(p, p.name) for p in inputs]))
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert records[0][:7] == ["文件", "机关", "年度", "格式", "状态", "错误", "警告"]
    assert records[-1][0] == "合计"
    target, count, bad = pipeline.summary([str(tmp_path)], str(tmp_path / "out" / "s.csv"))
    assert (count, bad) == (3, 1) and target.read_bytes().startswith(b"\xef\xbb\xbf")
