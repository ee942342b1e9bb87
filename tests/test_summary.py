"""The supervisors' summary: figures per agency, totals, summed tables in official layout."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reportgen import pipeline
from reportgen.summary import summarise
from reportgen.validation import check_file
from reportgen.writers.xlsx import render_csv, render_xlsx

from .helpers import GOV2021, SAMPLES


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
    files = {row["文件"]: row for row in summary.files}
    assert files["bad.yaml"]["状态"] == "有错误" and files["bad.yaml"]["备注"] == "有错误，未计入合计"
    assert files["bad.yaml"]["主要问题（前 3 条）"].startswith("2:7 报告年度 报告年度应在 2008 到 2100 之间")
    assert files["bad.yaml"]["主要问题（前 3 条）"].endswith("，实际为 1999 [TYPE]")
    # The rules the files were reported under, commonest first, with how to fix them.
    [rule] = summary.rules
    assert {k: rule[k] for k in ("编号", "规则", "问题数", "涉及文件数")} == {
        "编号": "TYPE", "规则": "值的类型不对", "问题数": 1, "涉及文件数": 1}
    assert rule["怎样改"].startswith("按提示改成应有的写法") and rule["依据"].startswith("国办公开办函〔2021〕30号")
    [sheet] = summary.sheets
    rows = {row["文件"]: row for row in sheet.rows}
    assert set(rows) == {"a.yaml", "b.yaml"}  # the broken file is not in the figures
    assert rows["a.yaml"]["本年新收政府信息公开申请数量"] == 6
    assert rows["a.yaml"]["本年度办理结果·予以公开"] == 5
    assert rows["a.yaml"]["本年度办理结果·无法提供"] == 1
    assert rows["a.yaml"]["本年度办理结果·总计"] == 6
    assert sheet.totals()["本年新收政府信息公开申请数量"] == 12
    assert sheet.columns.index("本年新收政府信息公开申请数量") < sheet.columns.index(
        "行政许可 · 本年处理决定数量")


def test_the_rules_found_are_listed_commonest_first_in_their_own_sheet(tmp_path: Path) -> None:
    texts = {"a.yaml": GOV2021.replace("year: 2024", "year: 1999"),
             "b.yaml": GOV2021.replace("year: 2024", "year: 1999").replace("agency:", "agancy:"),
             "c.yaml": GOV2021}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    summary = summarise([check_file(tmp_path / n, n) for n in texts])
    assert [(r["编号"], r["问题数"], r["涉及文件数"]) for r in summary.rules][:2] == [
        ("TYPE", 2, 2), ("KEY-UNKNOWN", 1, 1)]
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(summary)))["规则说明"]
    assert [c.value for c in sheet[1]] == ["编号", "规则", "问题数", "涉及文件数", "怎样改", "依据"]
    assert [c.value for c in sheet[2]][:4] == ["TYPE", "值的类型不对", 2, 2]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref is not None
    # The fixes are sentences, wrapped in rows tall enough to read and print them whole.
    assert sheet["E2"].alignment.wrap_text and sheet.row_dimensions[2].height >= 30


def test_summed_tables_keep_the_official_layout(tmp_path: Path) -> None:
    summary = summarise([check_file(p, p.name) for p in _inputs(tmp_path)])
    titles = [title for title, _ in summary.tables]
    assert titles == ["gov2021 2024年 表二", "gov2021 2024年 表三", "gov2021 2024年 表四"]
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(summary)))
    assert workbook.sheetnames == ["汇总", "gov2021 2024年", *titles, "比率", "规则说明"]
    sheet = workbook["gov2021 2024年 表三"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:C3", "D1:J1", "A6:A27", "B8:B15"} <= merged
    assert [sheet.cell(4, c).value for c in range(4, 11)] == [10, 2, 0, 0, 0, 0, 12]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_area == "'gov2021 2024年 表三'!$A$1:$J$28"


def _years(tmp_path: Path) -> list[Path]:
    """甲局 2023 and 2024, 乙局 2024 twice (a duplicate), one broken file."""
    last = (GOV2021.replace("year: 2024", "year: 2023").replace("published: 2025-01-20", "published: 2024-01-20")
            .replace("  carried_forward: [1, 0, 0, 0, 0, 0]", "  carried_forward: [2, 0, 0, 0, 0, 0]")
            .replace("    disclosed: [4, 1, 0, 0, 0, 0]", "    disclosed: [3, 1, 0, 0, 0, 0]"))
    texts = {"甲-2023.yaml": last, "甲-2024.yaml": GOV2021, "乙-2024.yaml": GOV2021.replace("示例局", "乙局"),
             "乙-2024-副本.yaml": GOV2021.replace("示例局", "乙局"),
             "bad.yaml": GOV2021.replace("year: 2024", "year: 1999")}
    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_one_sheet_per_year_and_a_duplicate_counted_once(tmp_path: Path) -> None:
    summary = summarise([check_file(p, p.name) for p in _years(tmp_path)])
    assert [s.title for s in summary.sheets] == ["gov2021 2023年", "gov2021 2024年"]
    this_year = summary.sheets[1]
    assert this_year.counted == [True, True, False]
    assert this_year.totals()["本年新收政府信息公开申请数量"] == 12  # not 18, not 24 with 2023
    assert summary.duplicates == ["乙-2024-副本.yaml：与 乙-2024.yaml 是同一机关同一年度，未计入合计"]
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(summary)))
    sheet = workbook["gov2021 2024年"]
    assert [c.value for c in sheet[1]][:3] == ["文件", "机关", "本年新收政府信息公开申请数量"]
    assert sheet["A5"].value == "合计"
    flag = sheet.cell(1, sheet.max_column)
    assert flag.value == "计入合计" and flag.column_letter == "Z"
    assert sheet["C5"].value == '=SUMIF($Z$2:$Z$4,"是",C2:C4)'
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == "A1:Z4"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_year_on_year_and_rates(tmp_path: Path) -> None:
    summary = summarise([check_file(p, p.name) for p in _years(tmp_path)])
    carried = next(r for r in summary.changes if r["项目"] == "上年结转政府信息公开申请数量")
    assert carried == {"机关": "示例局", "年度": 2024, "项目": "上年结转政府信息公开申请数量", "本年": 1,
                       "上年": 1, "增减": 0, "规则": "X-1"}  # 2023 carried 2 forward, 2024 took over 1
    assert {r["机关"] for r in summary.changes} == {"示例局"}
    rates = {(r["机关"], r["年度"]): r for r in summary.rates}
    assert set(rates) == {("示例局", 2023), ("示例局", 2024), ("乙局", 2024)}
    assert float(rates[("示例局", 2024)]["实质性公开率"]) == 5 / 6
    assert rates[("示例局", 2024)]["行政复议纠错率"] is None
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(summary)))
    changes = workbook["同比"]
    assert [c.value for c in changes[1]] == ["机关", "年度", "项目", "本年", "上年", "增减", "规则"]
    assert changes["F2"].value == "=D2-E2" and changes.auto_filter.ref.startswith("A1:G")
    assert workbook["比率"]["D2"].number_format == "0.0%"


@pytest.mark.slow
def test_the_workbook_opens_in_libreoffice_with_correct_values(tmp_path: Path) -> None:
    target = tmp_path / "s.xlsx"
    target.write_bytes(render_xlsx(summarise([check_file(p, p.name) for p in _years(tmp_path)])))
    # Every sheet to its own CSV file; LibreOffice computes the formulas when it loads the file.
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(tmp_path / "csv"), str(target)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    sheet = list(csv.reader(io.StringIO((tmp_path / "csv" / "s-gov2021 2024年.csv").read_text("utf-8"))))
    assert sheet[4][:3] == ["合计", "", "12"]
    changes = list(csv.reader(io.StringIO((tmp_path / "csv" / "s-同比.csv").read_text("utf-8"))))
    assert ["示例局", "2024", "上年结转政府信息公开申请数量", "1", "1", "0", "X-1"] in changes


def test_csv_opens_in_excel_and_pipeline_writes_by_suffix(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    data = render_csv(summarise([check_file(p, p.name) for p in inputs]))
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert records[0][:7] == ["文件", "机关", "年度", "格式", "状态", "错误", "警告"]
    assert records[-1][:3] == ["合计", "", "12"]
    target, count, bad, duplicates = pipeline.summary([str(tmp_path)], str(tmp_path / "out" / "s.csv"))
    assert (count, bad, duplicates) == (3, 1, [])
    assert isinstance(target, Path) and target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_summary_to_standard_output_is_csv_without_a_bom(tmp_path: Path) -> None:
    _inputs(tmp_path)
    result = subprocess.run([sys.executable, "-m", "reportgen", "summary", ".", "-o", "-"],
                            cwd=tmp_path, capture_output=True, check=False)
    assert result.returncode == 1  # bad.yaml has errors, as with a file
    records = list(csv.reader(io.StringIO(result.stdout.decode("utf-8"))))
    assert records[0][:7] == ["文件", "机关", "年度", "格式", "状态", "错误", "警告"]
    assert records[-1][:3] == ["合计", "", "12"]
    assert result.stderr.decode() == "已汇总 3 个文件，其中 1 个有错误（未计入合计）\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "bad.yaml"]


@pytest.mark.slow
def test_a_folder_mixing_yaml_and_published_documents_summarises_in_one_command(tmp_path: Path) -> None:
    from reportgen.context import build
    from reportgen.writers import render

    from .helpers import SAMPLES

    sample = check_file(SAMPLES / "2024.yaml")
    assert sample.report is not None
    written = render(build(sample.format, sample.report), ("docx", "pdf", "html"), SAMPLES)
    folder = tmp_path / "各单位"
    folder.mkdir()
    (folder / "a.yaml").write_text((SAMPLES / "2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for kind in ("docx", "pdf", "html"):
        (folder / f"b.{kind}").write_bytes(written[kind])
    target, count, failed, duplicates = pipeline.summary([str(folder)], str(tmp_path / "汇总.xlsx"))
    assert target.is_file() and (count, failed) == (4, 0)
    # The same agency's report of the same year, four times: counted once, the others noted.
    assert len(duplicates) == 3
    summary = summarise([check_file(p, p.name) for p in sorted(folder.iterdir())])
    assert [row["文件"] for row in summary.files] == ["a.yaml", "b.docx", "b.html", "b.pdf"]
    assert {row["状态"] for row in summary.files} == {"通过"}
    # Every kind gives the sample's figures, exactly.
    figures = [{k: v for k, v in row.items() if k != "文件"} for row in summary.sheets[0].rows]
    assert len(figures) == 4 and all(f == figures[0] for f in figures)
    assert figures[0]["本年新收政府信息公开申请数量"] == 6


def test_amounts_with_their_unit_add_up_in_wan(tmp_path: Path) -> None:
    from .helpers import GOV2019

    paths = []
    for name, agency, amount in (("a.yaml", "甲局", "251000元"), ("b.yaml", "乙局", "25.1万元"),
                                 ("c.yaml", "丙局", "251000元")):
        path = tmp_path / name
        path.write_text(GOV2019.replace("示例局", agency).replace(
            "active_disclosure: {}", f"active_disclosure: {{procurement: {{amount: {amount}}}}}"),
            encoding="utf-8")
        paths.append(path)
    summary = summarise([check_file(p, p.name) for p in paths[:2]])
    [sheet] = summary.sheets
    rows = {row["文件"]: row["政府集中采购 · 采购总金额"] for row in sheet.rows}
    assert rows == {"a.yaml": Decimal("25.1"), "b.yaml": Decimal("25.1")}
    [table] = [grid for title, grid in summary.tables if title.endswith("表二")]
    assert "50.2万元" in [c.text for row in table.body for c in row]
    same = summarise([check_file(p, p.name) for p in paths[::2]])  # one unit: the sum keeps it
    [table] = [grid for title, grid in same.tables if title.endswith("表二")]
    assert "502000元" in [c.text for row in table.body for c in row]
    render_xlsx(summary)  # the summed table's amount is written as printed


def test_a_notice_in_the_folder_is_not_counted_and_is_noted(tmp_path: Path) -> None:
    import docx

    folder = tmp_path / "各单位"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOV2021, encoding="utf-8")
    notice = docx.Document()
    notice.add_paragraph("关于报送年度报告的通知")
    notice.save(str(folder / "通知.docx"))
    target, count, failed, notes = pipeline.summary([str(folder)], str(tmp_path / "汇总.xlsx"))
    assert (count, failed) == (1, 0)
    assert notes == [f"{folder}/通知.docx: 已跳过，不是年度报告：文件中既找不到年度报告的各部分标题"
                     "（一、总体情况……），也找不到官方统计表格，不是一份政府信息公开工作年度报告 "
                     "[DOC-NOT-REPORT]"]
    workbook = openpyxl.load_workbook(target)
    assert [row[0].value for row in workbook["汇总"].iter_rows(min_row=2)] == [f"{folder}/a.yaml"]
    # Named on its own, the same notice is counted as a file with errors.
    _, count, failed, notes = pipeline.summary([str(folder / "a.yaml"), str(folder / "通知.docx")],
                                               str(tmp_path / "s.xlsx"))
    assert (count, failed, notes) == (2, 1, [])


def test_a_folder_of_notices_only_writes_no_summary(tmp_path: Path) -> None:
    import docx

    from reportgen.errors import UsageError

    notice = docx.Document()
    notice.add_paragraph("关于报送年度报告的通知")
    (tmp_path / "in").mkdir()
    notice.save(str(tmp_path / "in" / "通知.docx"))
    with pytest.raises(UsageError) as caught:
        pipeline.summary([str(tmp_path / "in")], str(tmp_path / "s.xlsx"))
    assert caught.value.message == (  # summary prints no progress: the refusal names the files
        "没有找到年度报告：所给的 1 个文件都不是年度报告（已跳过）\n"
        f"  {tmp_path}/in/通知.docx: 已跳过，不是年度报告：文件中既找不到年度报告的各部分标题（一、总体情况……），"
        "也找不到官方统计表格，不是一份政府信息公开工作年度报告 [DOC-NOT-REPORT]")
    assert not (tmp_path / "s.xlsx").exists()


def test_a_published_document_s_problems_are_placed_in_words(tmp_path: Path) -> None:
    from .test_docx_reader import _edited

    path = tmp_path / "年报.docx"
    path.write_bytes(_edited(SAMPLES / "2024.yaml", {"法人或其他组织": ""}))
    [row] = summarise([check_file(path, path.name)]).files
    assert row["主要问题（前 3 条）"] == "表三 第2行 第5列 法人或其他组织 所印名称为空，官方名称为“法人或其他组织” [R-LABEL]"
