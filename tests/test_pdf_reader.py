"""The PDF reader: reportgen's own PDF of every sample, and its DOCX converted to PDF by
LibreOffice, read back exactly; a PDF without text is refused with one Chinese message."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.errors import InputError
from reportgen.readers.pdf_reader import load_file
from reportgen.validation import Checked, check_source
from reportgen.writers import render

from .helpers import SAMPLES
from .test_docx_reader import SAMPLE_FILES, _docx, _original, read_back_rules

pytestmark = pytest.mark.slow  # every test here builds or converts PDFs


@cache
def _pdf(path: Path) -> bytes:
    result = _original(path)
    assert result.report is not None
    return render(build(result.format, result.report), ("pdf",), path.parent)["pdf"]


def _same_report(pdf: Path, path: Path) -> None:
    source = load_file(pdf, pdf.name)
    again = check_source(source)
    original = _original(path)
    assert again.report is not None and original.report is not None, again.findings
    assert build(again.format, again.report).texts() == build(original.format, original.report).texts()
    assert sorted(f.rule for f in again.findings) == read_back_rules(original)
    assert source.notes == []


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_own_pdf_reads_back_every_figure_and_paragraph(path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / f"{path.stem}.pdf"
    pdf.write_bytes(_pdf(path))
    _same_report(pdf, path)


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    docs = []
    for path in SAMPLE_FILES:
        doc = folder / f"{path.stem}.docx"
        doc.write_bytes(_docx(path))
        docs.append(str(doc))
    profile = folder / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *docs],
                   check=True, capture_output=True, timeout=300)
    return folder


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_docx_converted_by_libreoffice_reads_back(path: Path, libreoffice_pdfs: Path) -> None:
    _same_report(libreoffice_pdfs / f"{path.stem}.pdf", path)


def test_values_are_located_by_page_table_row_and_column(tmp_path: Path) -> None:
    pdf = tmp_path / "2024.pdf"
    pdf.write_bytes(_pdf(SAMPLES / "2024.yaml"))
    source = load_file(pdf, "2024.pdf")
    assert source.values[("applications", "received", "natural_person")].where == \
        "第3页:表三 第4行 第4列"
    # Table 三 runs on to page 4; its rows are counted on, the repeated header left out.
    assert source.values[("applications", "carried_forward", "total")].where == \
        "第4页:表三 第28行 第10列"


def test_a_pdf_without_text_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (595, 842), "white").save(scan, "PDF")
    with pytest.raises(InputError) as caught:
        load_file(scan, "scan.pdf")
    assert caught.value.message == (
        "scan.pdf:0:0: 错误：这个 PDF 没有文字层（多半是扫描件或图片），无法读取；reportgen 不做文字识别（OCR），"
        "请使用原始的 Word/WPS 文档或由它导出的 PDF [PDF-NO-TEXT]")


@pytest.mark.parametrize(("content", "message"), [
    (b"PK\x03\x04 a zip", "文件不是 PDF（开头没有 %PDF- 标记），无法读取"),
    (b"%PDF-1.7\n1 0 obj <<", "PDF 已损坏或不完整，无法读取；请重新导出或下载后再试"),
])
def test_broken_pdfs_get_one_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_file(path, "x.pdf")
    assert caught.value.message == f"x.pdf:0:0: 错误：{message} [DOC-BROKEN]"


def test_a_folder_mixing_yaml_pdf_and_docx_validates_in_one_command(tmp_path: Path) -> None:
    import sys

    (tmp_path / "a.yaml").write_text((SAMPLES / "2024.yaml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(_pdf(SAMPLES / "2019.yaml"))
    (tmp_path / "c.docx").write_bytes(_docx(SAMPLES / "seeds" / "anju-2018.yaml"))
    run = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "共 3 个文件：通过 3" in run.stdout + run.stderr


def _convert(docx_file: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = docx_file.parent / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(docx_file.parent), str(docx_file)],
                   check=True, capture_output=True, timeout=300)
    return docx_file.with_suffix(".pdf")


def test_validating_a_published_pdf_finds_what_validating_its_transcription_finds(tmp_path: Path) -> None:
    from reportgen.importer import write
    from reportgen.readers.docx_reader import load_file as load_docx
    from reportgen.validation import check_file

    from .test_docx_reader import _edited

    # A Word-made published report (LibreOffice stands in for Word) whose table 三 has every
    # "5" printed as 50, and one label typed wrong.
    published = tmp_path / "某局2024年报.docx"
    published.write_bytes(_edited(SAMPLES / "2024.yaml", {"5": "50", "结果纠正": "结果纠错"}))
    pdf = _convert(published)
    # Its transcription: the same figures typed into an input file.
    transcription = tmp_path / "2024.yaml"
    transcription.write_text(write(load_docx(published, published.name)), encoding="utf-8")
    from_pdf = check_file(pdf, pdf.name)
    typed = check_file(transcription, transcription.name)

    def table(result: Checked) -> list[tuple[str, str, str]]:
        # The same rule, cell (by its official name) and message; the input file names the
        # cell by its key path and line, the PDF by page, table, row and column.
        return [(f.rule, f.label, f.message) for f in result.findings
                if f.path.startswith(("applications", "active_disclosure", "reviews"))
                and f.rule != "R-LABEL"]

    assert table(from_pdf) == table(typed) and len(table(typed)) == 3
    assert [f.format() for f in from_pdf.findings if f.rule in ("T3-1", "T3-3")] == [
        "某局2024年报.pdf:第3页:表三 第4行 第10列: applications.received.total（一、本年新收政府信息公开申请数量 · 总计）: "
        "错误：总计应等于六类申请人之和 50 + 1 + 0 + 0 + 0 + 0 = 51，填写的是 6 [T3-3]",
        "某局2024年报.pdf:第4页:表三 第27行 第10列: applications.results.total.total（（七）总计 · 总计）: "
        "错误：总计应等于六类申请人之和 4 + 1 + 0 + 0 + 0 + 0 = 5，填写的是 50 [T3-3]",
        "某局2024年报.pdf:第4页:表三 第28行 第4列: applications.carried_forward.natural_person"
        "（四、结转下年度继续办理 · 自然人）: 错误：“自然人”一列不平衡：第一项加第二项之和 50 + 0 = 50，"
        "第三项加第四项之和 4 + 1 = 5，两者应相等（相差 45） [T3-1]",
    ]
    # The label printed wrong is itself a finding, once per cell it heads.
    assert [f.where for f in from_pdf.findings if f.rule == "R-LABEL"] == [
        "第4页:表四 第2行 第2列", "第4页:表四 第3行 第7列", "第4页:表四 第3行 第12列"]


def _text_pdf(html: str) -> bytes:
    import weasyprint

    return bytes(weasyprint.HTML(string=html).write_pdf())


def test_an_encrypted_pdf_gets_one_message(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(SAMPLES / "2024.yaml"))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError) as caught:
        load_file(path, "locked.pdf")
    assert caught.value.message == "locked.pdf:0:0: 错误：PDF 已加密，无法读取；请提供未加密的文件 [DOC-BROKEN]"


def test_a_truncated_pdf_gets_one_message(tmp_path: Path) -> None:
    whole = _pdf(SAMPLES / "2024.yaml")
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[:len(whole) // 3])  # a download broken off: no cross-reference table
    with pytest.raises(InputError) as caught:
        load_file(path, "cut.pdf")
    assert caught.value.message == "cut.pdf:0:0: 错误：PDF 已损坏或不完整，无法读取；请重新导出或下载后再试 [DOC-BROKEN]"


def test_a_huge_pdf_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:  # sparse: no disk used
        handle.write(b"%PDF-1.7\n")
        handle.truncate(120 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        load_file(path, "huge.pdf")
    assert caught.value.message == ("huge.pdf:0:0: 错误：文件有 125829120 字节，超过上限 104857600 字节，"
                                    "不是一份年度报告 [DOC-BROKEN]")


def test_a_pdf_that_is_not_a_report_gets_one_message(tmp_path: Path) -> None:
    path = tmp_path / "notice.pdf"
    path.write_bytes(_text_pdf("<h1>关于端午节放假的通知</h1><p>各科室：端午节放假一天。</p>"))
    with pytest.raises(InputError) as caught:
        load_file(path, "notice.pdf")
    assert caught.value.message == (
        "notice.pdf:0:0: 错误：文件中既找不到年度报告的各部分标题（一、总体情况……），也找不到官方统计表格，"
        "不是一份政府信息公开工作年度报告 [DOC-NOT-REPORT]")
