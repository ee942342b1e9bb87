"""The DOCX reader: reportgen's own DOCX of every sample reads back exactly; labels typed
differently are matched and reported; broken files get one Chinese message."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest

from reportgen.context import build
from reportgen.errors import InputError
from reportgen.readers.docx_reader import blocks, load_file
from reportgen.readers.labels import Matcher, normal
from reportgen.readers.published import Published, interpret
from reportgen.validation import Checked, check_file, check_source
from reportgen.writers import render

from .helpers import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))


@cache
def _original(path: Path) -> Checked:
    result = check_file(path)
    assert result.report is not None
    return result


@cache
def _docx(path: Path) -> bytes:
    result = _original(path)
    assert result.report is not None
    return render(build(result.format, result.report), ("docx",), path.parent)["docx"]


def _read(data: bytes, name: str = "t.docx") -> Published:
    return interpret(blocks(data, name), name)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_own_docx_reads_back_every_figure_and_paragraph(path: Path) -> None:
    original = _original(path)
    source = _read(_docx(path), path.stem + ".docx")
    again = check_source(source)
    assert again.report is not None, [f.format() for f in again.findings]
    assert again.format.id == original.format.id
    assert original.report is not None
    # Everything printed, figures and text, in order: the report is the same report.
    assert build(again.format, again.report).texts() == build(original.format, original.report).texts()
    assert sorted(f.rule for f in again.findings) == read_back_rules(original)
    assert [n for n in source.notes] == []


def read_back_rules(original: Checked) -> list[str]:
    """The rules a report's own document gives when read back: the original's, except that the
    document prints only the signing date, which is read as the publication date."""
    rules = [f.rule for f in original.findings]
    report = original.report
    assert report is not None
    if report.signed is not None and report.signed <= dt.date(report.year, 12, 31):
        rules.append("D-EARLY")  # xiangqiao-2017: signed on 31 December of its report year
    return sorted(rules)


def test_values_are_located_by_table_row_and_column() -> None:
    source = _read(_docx(SAMPLES / "2024.yaml"))
    assert source.values[("applications", "received", "natural_person")].where == "表三 第4行 第4列"
    assert source.values[("reviews", "litigation_direct", "upheld")].where == "表四 第4行 第6列"
    assert source.values[("active_disclosure", "licensing")].where == "表二 第7行 第2列"


def _edited(path: Path, replacements: dict[str, str]) -> bytes:
    document = docx.Document(io.BytesIO(_docx(path)))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        if run.text in replacements:
                            run.text = replacements[run.text]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_labels_typed_differently_are_matched_and_reported() -> None:
    data = _edited(SAMPLES / "2024.yaml", {
        "1.本机关不掌握相关政府信息": "1、本机关不掌握相关的政府信息",  # punctuation, one more character
        "自然人": "自 然 人",  # spaces only: not a difference
        "结果纠正": "结果纠错",  # a character wrong
        "12.5": "",  # an empty cell is 0
    })
    source = _read(data)
    assert source.data["applications"]["results"]["unavailable"]["not_held"]["natural_person"] == 1
    assert source.data["active_disclosure"]["fees"] == 0
    assert [(n.where, n.published, n.official) for n in source.notes] == [
        ("表三 第16行 第3列", "1、本机关不掌握相关的政府信息", "1.本机关不掌握相关政府信息"),
        ("表四 第2行 第2列", "结果纠错", "结果纠正"),  # once under 行政复议, twice under 行政诉讼
        ("表四 第3行 第7列", "结果纠错", "结果纠正"),
        ("表四 第3行 第12列", "结果纠错", "结果纠正"),
    ]


def test_matcher_refuses_to_guess_between_two_close_labels() -> None:
    matcher = Matcher([("结果维持", 1), ("结果纠正", 2)])
    assert matcher.match("结果") is None
    found = matcher.match("结果维 持")
    assert found is not None and found.exact and found.value == 1
    assert normal("（一）予以公开") == normal("(一)予以公开")


def test_a_document_without_report_structure_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.add_paragraph("今天开了一个会。")
    path = tmp_path / "memo.docx"
    document.save(str(path))
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert caught.value.message == (
        f"{path}:0:0: 错误：文件中既找不到年度报告的各部分标题（一、总体情况……），也找不到官方统计表格，"
        "不是一份政府信息公开工作年度报告 [DOC-NOT-REPORT]")


@pytest.mark.parametrize(("content", "message"), [
    (b"not a zip at all", "文件已损坏、不完整或不是 Word 文档（.docx），无法读取；请用 Word 或 WPS 打开后另存为 .docx 再试"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,  # how Word stores a DOCX with a password
     "这是旧版 Word 文档（.doc）或加密的文档，无法读取；请用 Word 或 WPS 打开，去掉密码后另存为 .docx 再试"),
    (b"%PDF-1.7\n", "这是一个 PDF 文件，只是扩展名为 .docx；请把扩展名改为 .pdf"),
])
def test_broken_files_get_one_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_file(path, "x.docx")
    assert caught.value.message == f"x.docx:0:0: 错误：{message} [DOC-BROKEN]"


def test_a_zip_bomb_is_not_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    with pytest.raises(InputError) as caught:
        load_file(path, "bomb.docx")
    assert caught.value.message == (
        "bomb.docx:0:0: 错误：Word 文档过大，未读取：其中 word/document.xml 的压缩比为 1024 倍（2 MiB），"
        "上限为 100 倍；可能是损坏的文件或“压缩炸弹”，请用 Word/WPS/Excel 重新保存后再试 [ZIP-LIMIT]")


def test_a_truncated_docx_gets_one_message(tmp_path: Path) -> None:
    whole = _docx(SAMPLES / "2024.yaml")
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[:len(whole) // 2])  # a download broken off half way
    with pytest.raises(InputError) as caught:
        load_file(path, "cut.docx")
    assert caught.value.message == ("cut.docx:0:0: 错误：文件已损坏、不完整或不是 Word 文档（.docx），无法读取；"
                                    "请用 Word 或 WPS 打开后另存为 .docx 再试 [DOC-BROKEN]")


def test_a_huge_docx_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as handle:  # sparse: no disk used
        handle.truncate(60 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        load_file(path, "huge.docx")
    assert caught.value.message == ("huge.docx:0:0: 错误：文件有 60 MiB，超过上限 50 MiB，不是一份年度报告，"
                                    "未读取 [ZIP-LIMIT]")


def test_a_docx_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(5001):
            archive.writestr(f"word/media/{i}.xml", b"")
    with pytest.raises(InputError) as caught:
        load_file(path, "many.docx")
    assert "含有 5001 个文件，上限为 5000 个" in caught.value.message
    assert caught.value.findings[0].rule == "ZIP-LIMIT"


def test_validate_locates_findings_by_table_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "某局2024年报.docx"
    path.write_bytes(_edited(SAMPLES / "2024.yaml", {"5": "50", "结果纠正": "结果纠错"}))
    result = check_file(path, path.name)
    assert [f.format() for f in result.findings if f.rule != "R-LABEL"] == [
        "某局2024年报.docx:第3段: overview.sections[1].text（一、总体情况）: 警告：文中“新收政府信息公开申请6件”"
        "与表三“一、本年新收政府信息公开申请数量”总计（51）不一致；如口径不同（如含上年结转），请在文中注明 [X-2]",
        "某局2024年报.docx:表三 第4行 第10列: applications.received.total（一、本年新收政府信息公开申请数量 · 总计）: "
        "错误：总计应等于六类申请人之和 50 + 1 + 0 + 0 + 0 + 0 = 51，填写的是 6 [T3-3]",
        "某局2024年报.docx:表三 第27行 第10列: applications.results.total.total（（七）总计 · 总计）: "
        "错误：总计应等于六类申请人之和 4 + 1 + 0 + 0 + 0 + 0 = 5，填写的是 50 [T3-3]",
        "某局2024年报.docx:表三 第28行 第4列: applications.carried_forward.natural_person"
        "（四、结转下年度继续办理 · 自然人）: 错误：“自然人”一列不平衡：第一项加第二项之和 50 + 0 = 50，"
        "第三项加第四项之和 4 + 1 = 5，两者应相等（相差 45） [T3-1]",
    ]
    assert next(f.format() for f in result.findings if f.rule == "R-LABEL") == (
        "某局2024年报.docx:表四 第2行 第2列: reviews.reconsideration.corrected（结果纠正）: 警告：所印名称“结果纠错”与官方名称“结果纠正”不同 [R-LABEL]")


def test_a_typo_is_reported_in_a_row_whose_group_label_is_left_empty() -> None:
    # The group cell (三)不予公开 printed empty: the row's two label cells pair with the path's
    # three nodes by likeness, so the leaf's typo is still reported; the empty group label is
    # reported once, at the group's first row.
    data = _edited(SAMPLES / "2024.yaml", {"（三）不予公开": "", "8.属于行政查询事项": "8.属于行和查询事项"})
    source = _read(data)
    assert [(n.where, n.published, n.official) for n in source.notes if n.kind == "label"] == [
        ("表三 第15行 第3列", "8.属于行和查询事项", "8.属于行政查询事项"),
        ("表三 第8行 第2列", "", "（三）不予公开")]
    assert source.notes[-1].message == "表中此处没有名称，按官方名称“（三）不予公开”读取"
    assert [f.format() for f in source.note_findings()][-1] == (
        "t.docx:表三 第8行 第2列: applications.results.withheld（（三）不予公开）: "
        "警告：所印名称为空，官方名称为“（三）不予公开” [R-LABEL]")
    assert source.values[("applications", "results", "withheld", "query_matters", "natural_person")].where == \
        "表三 第15行 第4列"


@pytest.mark.parametrize(("label", "finding"), [
    ("申请人情况", "t.docx:表三 第1行 第4列: applications（申请人情况）: "
                   "警告：所印名称为空，官方名称为“申请人情况” [R-LABEL]"),
    ("法人或其他组织", "t.docx:表三 第2行 第5列: applications（法人或其他组织）: "
                       "警告：所印名称为空，官方名称为“法人或其他组织” [R-LABEL]"),
    ("行政复议", "t.docx:表四 第1行 第1列: reviews.reconsideration（行政复议）: "
                 "警告：所印名称为空，官方名称为“行政复议” [R-LABEL]"),
    ("未经复议直接起诉", "t.docx:表四 第2行 第6列: reviews.litigation_direct（未经复议直接起诉）: "
                         "警告：所印名称为空，官方名称为“未经复议直接起诉” [R-LABEL]"),
], ids=["applicants", "legal_persons", "reconsideration", "litigation_direct"])
def test_a_column_group_header_left_empty_is_read_by_position_and_reported_once(
        label: str, finding: str) -> None:
    # Before, the columns under an empty group header were lost: read as 0, with false sum warnings.
    source = _read(_edited(SAMPLES / "2024.yaml", {label: ""}))
    assert source.data == _read(_docx(SAMPLES / "2024.yaml")).data
    assert [f.format() for f in source.note_findings()] == [finding]
    assert [f.rule for f in check_source(source).findings] == ["R-LABEL"]


@pytest.mark.parametrize(("replacements", "findings"), [
    # Under an empty 法人或其他组织, “科研单位” alone is too far from “科研机构” to match; with the
    # printed group above it, as a full header is compared, it is close and unlike the others.
    ({"法人或其他组织": "", "科研机构": "科研单位"}, [
        "t.docx:表三 第2行 第5列: applications（法人或其他组织）: "
        "警告：所印名称为空，官方名称为“法人或其他组织” [R-LABEL]",
        "t.docx:表三 第3行 第6列: applications.research（科研机构）: "
        "警告：所印名称“科研单位”与官方名称“科研机构”不同 [R-LABEL]"]),
    ({"行政复议": "", "结果维持": "结果维护"}, [
        "t.docx:表四 第1行 第1列: reviews.reconsideration（行政复议）: "
        "警告：所印名称为空，官方名称为“行政复议” [R-LABEL]",
        "t.docx:表四 第2行 第1列: reviews.reconsideration.upheld（结果维持）: "
        "警告：所印名称“结果维护”与官方名称“结果维持”不同 [R-LABEL]",
        "t.docx:表四 第3行 第6列: reviews.litigation_direct.upheld（结果维持）: "
        "警告：所印名称“结果维护”与官方名称“结果维持”不同 [R-LABEL]",
        "t.docx:表四 第3行 第11列: reviews.litigation_after_reconsideration.upheld（结果维持）: "
        "警告：所印名称“结果维护”与官方名称“结果维持”不同 [R-LABEL]"]),
    # A group label typed a little differently beside an empty one still places the columns
    # (before, 商业企业…其他 were lost: read as 0, with false sum errors).
    ({"法人或其他组织": "", "申请人情况": "申请人倩况"}, [
        "t.docx:表三 第1行 第4列: applications（申请人情况）: "
        "警告：所印名称“申请人倩况”与官方名称“申请人情况”不同 [R-LABEL]",
        "t.docx:表三 第2行 第5列: applications（法人或其他组织）: "
        "警告：所印名称为空，官方名称为“法人或其他组织” [R-LABEL]"]),
    ({"申请人情况": "", "法人或其他组织": "法人或其它组织"}, [
        "t.docx:表三 第1行 第4列: applications（申请人情况）: "
        "警告：所印名称为空，官方名称为“申请人情况” [R-LABEL]",
        "t.docx:表三 第2行 第5列: applications（法人或其他组织）: "
        "警告：所印名称“法人或其它组织”与官方名称“法人或其他组织”不同 [R-LABEL]"]),
], ids=["applications", "reviews", "group-typo-beside-empty", "empty-beside-group-typo"])
def test_a_typo_under_an_empty_group_header_is_read_and_reported(
        replacements: dict[str, str], findings: list[str]) -> None:
    source = _read(_edited(SAMPLES / "2024.yaml", replacements))
    assert source.data == _read(_docx(SAMPLES / "2024.yaml")).data
    assert [f.format() for f in check_source(source).findings] == findings


def test_a_column_named_like_another_is_not_read_by_its_place_under_an_empty_header() -> None:
    other = _read(_edited(SAMPLES / "2024.yaml", {"法人或其他组织": "", "科研机构": "其他单位"}))
    assert [f.format() for f in check_source(other).findings] == [
        "t.docx:表三: 警告：表中找不到“科研机构”一列，按 0 计 [DOC-UNREAD]",
        "t.docx:表三 第2行 第5列: applications（法人或其他组织）: "
        "警告：所印名称为空，官方名称为“法人或其他组织” [R-LABEL]"]
