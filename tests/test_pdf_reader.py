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
from reportgen.validation import check_source
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
