"""Reading fill-in workbooks: located findings, formulas, empty cells, narratives, and one clear
message (never a traceback) for a broken, truncated, huge or foreign workbook."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reportgen.errors import InputError
from reportgen.formats import GOV2021, LEGACY
from reportgen.readers import INPUT_SUFFIXES, PUBLISHED_SUFFIXES, read_file
from reportgen.readers.xlsx_reader import load_file, read_bytes
from reportgen.validation import check_source
from reportgen.writers.workbook import render

from .helpers import ROOT, SAMPLES


@pytest.fixture(scope="module")
def sample() -> bytes:
    return render(GOV2021, read_file(SAMPLES / "2024.yaml").data)


def _edit(raw: bytes, sheet: str, cells: dict[str, Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(raw))
    for name, value in cells.items():
        book[sheet][name] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _findings(raw: bytes, name: str = "2024.xlsx") -> list[str]:
    return [f.format() for f in check_source(read_bytes(raw, name)).findings]


def test_xlsx_is_an_input_not_a_published_report() -> None:
    assert ".xlsx" in INPUT_SUFFIXES and ".xlsx" not in PUBLISHED_SUFFIXES


def test_a_typed_total_that_disagrees_is_reported_at_its_cell(sample: bytes) -> None:
    raw = _edit(sample, "表三", {"J4": 99, "D28": 3})
    assert _findings(raw)[1:] == [
        "2024.xlsx:表三 第4行 第10列: applications.received.total（一、本年新收政府信息公开申请数量 · 总计）: "
        "错误：总计应等于六类申请人之和 5 + 1 + 0 + 0 + 0 + 0 = 6，填写的是 99 [T3-3]",
        "2024.xlsx:表三 第28行 第4列: applications.carried_forward.natural_person（四、结转下年度继续办理 · 自然人）: "
        "错误：“自然人”一列不平衡：第一项加第二项之和 5 + 0 = 5，第三项加第四项之和 4 + 3 = 7，两者应相等（相差 2） [T3-1]",
    ]


def test_a_formula_total_is_computed_when_no_value_is_stored(sample: bytes) -> None:
    data = read_bytes(sample, "x.xlsx").data
    assert data["applications"]["received"]["total"] == 6  # =SUM(D4:I4), stored without a value
    assert data["reviews"]["reconsideration"]["total"] == 0


def test_a_formula_that_is_not_a_sum_and_has_no_value_is_reported(sample: bytes) -> None:
    raw = _edit(sample, "表四", {"A4": "=2*3"})
    assert _findings(raw) == [
        "2024.xlsx:表四 第4行 第1列: reviews.reconsideration.upheld: 错误：公式“=2*3”无法计算：文件中没有保存公式的结果，"
        "reportgen 只计算求和公式（如 =SUM(D4:I4)、=D4+E4）；请用 Excel 或 WPS 打开后保存一次，或直接填写数字 [XLSX-FORMULA]",
    ]


def test_empty_cells_are_not_filled_in_not_zero() -> None:
    data = {"format": "legacy", "year": 2018, "agency": "某局",
            "sections": [{"title": "概述", "text": "全年主动公开信息10条。"}]}
    back = read_bytes(render(LEGACY, data), "2018.xlsx")
    assert back.data["sections"] == [{"title": "概述", "intro": "全年主动公开信息10条。"}]
    assert "statistics" not in back.data
    assert back.findings == []


def test_metadata_typed_as_text_or_numbers_is_read(sample: bytes) -> None:
    raw = _edit(sample, "基本信息", {"B3": "2024", "B6": "2025-01-22", "B13": 3195123456})
    data = read_bytes(raw, "x.xlsx").data
    assert (data["year"], data["published"]) == (2024, dt.date(2025, 1, 22))
    assert data["contact"]["phone"] == 3195123456
    assert _findings(raw) == []


def test_sub_headings_levels_and_continued_paragraphs() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(GOV2021, {"year": 2024, "agency": "某局"})))
    sheet = book["正文"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.value = None
    rows = [("一、总体情况", "概述。", "部分"), ("主动公开", "甲。", "1"), ("网站", "乙。", "2"),
            (None, "丙。", None), ("依申请公开", "丁。", None), ("五、存在的主要问题和改进情况", "戊。", "部分")]
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    source = read_bytes(out.getvalue(), "x.xlsx")
    assert source.data["overview"] == {"intro": "概述。", "sections": [
        {"title": "主动公开", "text": "甲。", "sections": [{"title": "网站", "text": "乙。\n\n丙。"}]},
        {"title": "依申请公开", "text": "丁。"}]}
    assert [f.format() for f in source.findings] == [
        "x.xlsx:正文 第7行 第1列: problems（五、存在的主要问题及改进情况）: 警告：表中名称“五、存在的主要问题和改进情况”"
        "与官方名称“五、存在的主要问题及改进情况”不同 [R-LABEL]",
    ]


def test_an_edited_label_is_matched_and_reported(sample: bytes) -> None:
    raw = _edit(sample, "表四", {"B2": "结果纠错"})
    assert [f for f in _findings(raw) if "R-LABEL" in f] == [
        "2024.xlsx:表四 第2行 第2列: reviews.reconsideration.corrected（结果纠正）: "
        "警告：表中名称“结果纠错”与官方名称“结果纠正”不同 [R-LABEL]",
    ]


def _refused(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_file(path, path.name)
    return [f.format() for f in caught.value.findings]


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook at all")
    assert _refused(path) == ["broken.xlsx:0:0: 错误：Excel 工作簿无法读取：不是有效的 zip 压缩包（DOCX/XLSX）"
                              "（File is not a zip file） [ZIP-BROKEN]"]


def test_a_truncated_workbook_is_refused(tmp_path: Path, sample: bytes) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(sample[: len(sample) // 2])
    [message] = _refused(path)
    assert message.startswith("cut.xlsx:0:0: 错误：Excel 工作簿无法读取") and message.endswith("[ZIP-BROKEN]")


def test_a_zip_bomb_is_not_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    [message] = _refused(path)  # the ratio itself depends on the zlib at hand
    assert message.startswith("bomb.xlsx:0:0: 错误：Excel 工作簿过大，未读取：其中 xl/worksheets/sheet1.xml 的压缩比为 ")
    assert message.endswith("倍（20 MiB），上限为 100 倍；可能是损坏的文件或“压缩炸弹”，请用 Word/WPS/Excel 重新保存后再试 [ZIP-LIMIT]")


def test_an_old_or_encrypted_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert _refused(path) == ["old.xlsx:0:0: 错误：这是旧版 Excel 工作簿（.xls）或加密的工作簿，无法读取；"
                              "请用 Excel 或 WPS 打开，去掉密码后另存为 .xlsx 再试 [XLSX-BROKEN]"]


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refused(path) == ["other.xlsx:0:0: 错误：文件已损坏或不是 Excel 工作簿（.xlsx），无法读取；"
                              "请用 Excel 或 WPS 打开后另存为 .xlsx 再试 [XLSX-BROKEN]"]


def test_a_workbook_in_another_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "汇总.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "汇总"
    book.active["A1"] = "机关"
    book.save(path)
    assert _refused(path) == [
        "汇总.xlsx:0:0: 错误：工作簿中没有“基本信息”工作表，也没有“表二”“表三”“表四”“统计表”等表格工作表，"
        "不是 reportgen 的填报工作簿；请用 reportgen init 年度 --agency 机关名称 --xlsx 生成填报工作簿 [XLSX-NOT-REPORT]"]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True,
                          cwd=cwd, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)


@pytest.mark.slow
def test_init_validate_import_and_build_from_the_command_line(tmp_path: Path) -> None:
    made = _run("init", "2025", "--agency", "示例县教育局", "--xlsx", "-o", "2025.xlsx", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stdout == "已生成 2025.xlsx：填写后运行 reportgen validate 2025.xlsx\n"
    checked = _run("validate", "2025.xlsx", cwd=tmp_path)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "2025.xlsx:正文 第8行 第1列: problems（五、存在的主要问题及改进情况）: 错误：" in checked.stdout
    (tmp_path / "2024.xlsx").write_bytes(render(GOV2021, read_file(SAMPLES / "2024.yaml").data))
    imported = _run("import", "2024.xlsx", "-o", "2024.yaml", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert _run("validate", "2024.yaml", cwd=tmp_path).stdout == "2024.yaml: 通过（格式 gov2021）\n"
    built = _run("build", "2024.xlsx", "--to", "html,xlsx", "-o", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "2024.html").is_file()
    assert read_file(tmp_path / "out" / "2024.xlsx").data == read_file(tmp_path / "2024.xlsx").data
    screen = _run("init", "2025", "--agency", "某局", "--xlsx", "-o", "-", cwd=tmp_path)
    assert screen.returncode != 0 and "工作簿不能输出到屏幕" in screen.stderr


@pytest.mark.slow
def test_a_broken_workbook_gives_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 truncated")
    result = _run("validate", "bad.xlsx", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert "[ZIP-BROKEN]" in result.stdout + result.stderr


def test_folders_pass_over_the_owner_files_office_keeps_open(tmp_path: Path, sample: bytes) -> None:
    from reportgen.inputs import expand_inputs

    (tmp_path / "2024.xlsx").write_bytes(sample)
    (tmp_path / "~$2024.xlsx").write_bytes(b"\x0bowner")
    assert expand_inputs([str(tmp_path)]) == [tmp_path / "2024.xlsx"]


def test_last_years_workbook_is_found_beside_this_years(tmp_path: Path, sample: bytes) -> None:
    from reportgen.discovery import candidates, pair

    (tmp_path / "去年.xlsx").write_bytes(sample)
    this = tmp_path / "今年.xlsx"
    this.write_bytes(_edit(sample, "基本信息", {"B3": 2025}))
    (tmp_path / "别的单位.xlsx").write_bytes(_edit(sample, "基本信息", {"B4": "别的局"}))
    assert pair([this], candidates([this])).previous == {this: tmp_path / "去年.xlsx"}


def _stored(raw: bytes, member: str, cell: str, result: str) -> bytes:
    """The package with a formula result stored, as Excel and LibreOffice store it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == member:
                head, _, tail = data.decode().partition(f'<c r="{cell}"')
                body, _, rest = tail.partition("</c>")
                data = (f'{head}<c r="{cell}"' + body.replace("<v></v>", f"<v>{result}</v>")
                        + "</c>" + rest).encode()
            new.writestr(info, data)
    return out.getvalue()


def test_a_stored_formula_result_is_used_and_checked_not_corrected(sample: bytes) -> None:
    raw = _stored(sample, "xl/worksheets/sheet4.xml", "J4", "9")  # 表三 is the fourth sheet
    assert read_bytes(raw, "x.xlsx").data["applications"]["received"]["total"] == 9
    assert [f for f in _findings(raw) if "[T3-3]" in f] == [
        "2024.xlsx:表三 第4行 第10列: applications.received.total（一、本年新收政府信息公开申请数量 · 总计）: "
        "错误：总计应等于六类申请人之和 5 + 1 + 0 + 0 + 0 + 0 = 6，填写的是 9 [T3-3]"]
