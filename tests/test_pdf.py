"""The PDF for archives and screen readers: tagging, PDF/A and PDF/UA variants, metadata.

veraPDF is not in the package registries this project can use, so these tests check what its
rules check that can be read with poppler and pypdf: the structure tree (headings, tables,
cells), fonts embedded, the XMP packet and its agreement with the document information
dictionary (ISO 19005-2 §6.6.2.3), the output intent with its ICC profile, no encryption or
JavaScript, blend modes PDF/A allows, and byte-identical rebuilds of every variant.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from reportgen.context import Document, build
from reportgen.errors import UsageError
from reportgen.styles import HouseStyle, load_style
from reportgen.validation import check_file
from reportgen.writers import PDF_STANDARDS, render
from reportgen.writers import html as html_writer
from reportgen.writers import pdf as pdf_writer

from .helpers import GOV2021, ROOT, SAMPLES, check

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}


@cache
def _doc() -> Document:
    result = check(GOV2021)
    assert result.report is not None
    return build(result.format, result.report)


@cache
def _pdf(standard: str | None = None) -> bytes:
    return render(_doc(), ("pdf",), ROOT, pdf_standard=standard)["pdf"]


def _struct(data: bytes) -> list[str]:
    dump = subprocess.run(["pdfinfo", "-struct", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
    return [line.strip().split(" ")[0].rstrip(":") for line in dump.splitlines() if line.strip()]


def _xmp(reader: pypdf.PdfReader) -> etree._Element:
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    return etree.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", metadata).strip())


def _xmp_value(xmp: etree._Element, path: str) -> str:
    values = xmp.xpath(f"//{path}//text() | //rdf:Description/@{path}", namespaces=NS)
    return "".join(str(v) for v in values)


@pytest.mark.slow
def test_the_default_pdf_is_tagged_with_headings_and_table_cells() -> None:
    result = check_file(SAMPLES / "2024.yaml")
    assert result.report is not None
    doc = build(result.format, result.report)
    data = render(doc, ("pdf",), SAMPLES)["pdf"]
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout
    assert b"Tagged:          yes" in info and b"Metadata Stream: yes" in info
    tags = _struct(data)
    headings = [t for t in tags if re.fullmatch(r"H\d", t)]
    levels = {"heading2": "H3", "heading3": "H4", "heading4": "H5"}
    expected = ["H1"]
    for section in doc.sections:
        expected += ["H2", *(levels[b.kind] for b in section.blocks if b.kind in levels)]
    assert headings == expected
    assert {"Table", "THead", "TBody", "TR", "TH", "TD"} <= set(tags)
    # Reading order: the title, then the sections in order, each table after its heading.
    assert tags.index("H1") < tags.index("H2") < tags.index("Table")


@pytest.mark.slow
def test_table_cells_in_the_structure_name_their_headers() -> None:
    dump = subprocess.run(["pdfinfo", "-struct", "-"], input=_pdf(), capture_output=True,
                          check=True).stdout.decode()
    assert "/Headers" in dump and "/RowSpan" in dump and "/ColSpan" in dump


@pytest.mark.slow
@pytest.mark.parametrize("standard", [None, *PDF_STANDARDS])
def test_every_variant_rebuilds_byte_identically(standard: str | None) -> None:
    again = render(_doc(), ("pdf",), ROOT, pdf_standard=standard)["pdf"]
    assert again == _pdf(standard)


@pytest.mark.slow
@pytest.mark.parametrize("standard", [None, *PDF_STANDARDS])
def test_metadata_agrees_in_the_information_dictionary_and_xmp(standard: str | None) -> None:
    reader = pypdf.PdfReader(io.BytesIO(_pdf(standard)))
    info = reader.metadata
    assert info is not None
    xmp = _xmp(reader)
    expected = {"/Title": ("dc:title", "示例局2024年政府信息公开工作年度报告"),
                "/Author": ("dc:creator", "示例局"),
                "/Subject": ("dc:description", "政府信息公开工作年度报告"),
                "/Keywords": ("pdf:Keywords", "政府信息公开, 年度报告, 示例局, 2024年"),
                "/Creator": ("xmp:CreatorTool", "reportgen")}
    for key, (path, value) in expected.items():
        assert (info[key], _xmp_value(xmp, path)) == (value, value), key
    assert info["/CreationDate"] == "D:20250120000000Z"
    assert _xmp_value(xmp, "xmp:CreateDate") == "2025-01-20T00:00:00Z"
    assert info["/Producer"] == _xmp_value(xmp, "pdf:Producer")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


@pytest.mark.slow
@pytest.mark.parametrize("standard", PDF_STANDARDS)
def test_standard_identification_and_output_intent(standard: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(_pdf(standard)))
    root = reader.trailer["/Root"]
    xmp = _xmp(reader)
    family, level = re.fullmatch(r"pdf/(a|ua)-(\d)([abu]?)", standard).group(1, 2)  # type: ignore[union-attr]
    assert _xmp_value(xmp, f"pdf{family}id:part") == level
    if family == "a":
        assert _xmp_value(xmp, "pdfaid:conformance") == standard[-1].upper()
        intent = root["/OutputIntents"][0].get_object()
        assert intent["/S"] == "/GTS_PDFA1"
        profile = intent["/DestOutputProfile"].get_object()
        assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp"  # an ICC profile
        assert reader.trailer.get("/ID") is not None
    if standard.endswith("a") or family == "ua":
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert not reader.is_encrypted and "/JavaScript" not in str(root.get("/Names", {}))


@pytest.mark.slow
@pytest.mark.parametrize("standard", ["pdf/a-2b", "pdf/ua-1"])
def test_fonts_are_embedded_and_blend_modes_allowed(standard: str) -> None:
    data = _pdf(standard)
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout
    rows = fonts.decode().splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), rows
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        for state in (page["/Resources"].get("/ExtGState") or {}).values():
            state = state.get_object()
            assert state.get("/BM", "/Normal") in ("/Normal", "/Compatible")
            assert state.get("/SMask", "/None") == "/None" or "/G" in state["/SMask"]


@pytest.mark.slow
def test_a_sample_as_pdf_a_keeps_the_text() -> None:
    from .test_writers import pdf_text

    path = SAMPLES / "2019.yaml"
    result = check_file(path)
    assert result.report is not None
    doc = build(result.format, result.report)
    plain = render(doc, ("pdf",), path.parent)["pdf"]
    archived = render(doc, ("pdf",), path.parent, pdf_standard="pdf/a-2b")["pdf"]
    assert pdf_text(archived) == pdf_text(plain)


def test_an_unknown_standard_is_refused() -> None:
    with pytest.raises(UsageError) as caught:
        pdf_writer.render("<p>x</p>", ROOT, standard="pdf/x-4")
    assert caught.value.message == (
        "未知的 PDF 标准 pdf/x-4：可用 pdf/a-2b、pdf/a-2u、pdf/a-2a、pdf/a-3b、pdf/a-3u、pdf/a-3a、pdf/ua-1")


def test_the_report_date_is_the_creation_date() -> None:
    assert _doc().metadata.created == dt.date(2025, 1, 20)


@pytest.mark.slow
def test_build_pdf_standard_from_the_command_line(tmp_path: Path) -> None:
    command = [str(ROOT / ".venv" / "bin" / "reportgen"), "build", str(SAMPLES / "2019.yaml"),
               "-o", str(tmp_path), "--to", "pdf"]
    run = subprocess.run([*command, "--pdf-standard", "PDF/A-2b"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    xmp = _xmp(pypdf.PdfReader(tmp_path / "2019.pdf"))
    assert _xmp_value(xmp, "pdfaid:part") + _xmp_value(xmp, "pdfaid:conformance") == "2B"
    run = subprocess.run([*command, "--pdf-standard", "pdf/a-1b"], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.strip() == ("reportgen: 未知的 PDF 标准 pdf/a-1b：可用 pdf/a-2b、pdf/a-2u、"
                                  "pdf/a-2a、pdf/a-3b、pdf/a-3u、pdf/a-3a、pdf/ua-1")


def _house(folder: Path, template: str) -> HouseStyle:
    (folder / "html").mkdir(parents=True)
    (folder / "style.yaml").write_text("", encoding="utf-8")
    (folder / "html" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}' + template, encoding="utf-8")
    return load_style(folder)


def test_the_built_in_style_sheets_are_given_apart_for_the_pdf() -> None:
    house = load_style()
    html, sheets = html_writer.render_for_pdf(_doc(), house)
    full = html_writer.render(_doc(), house)
    assert sheets == tuple(html_writer.stylesheets(house)) and len(sheets) >= 3
    assert "<style" not in html and "<reportgen-sheet" not in html
    assert html == full.replace("".join(f"\n<style>{s}</style>" for s in sheets), "")


@pytest.mark.parametrize("block", [
    '{% block page_setup %}<style>p { color: red; }</style>{{ super() }}{% endblock %}',
    '{% block page_setup %}{{ super() }}<style>p { color: red !important; }</style>{% endblock %}',
    '{% block page_setup %}{% for css in stylesheets %}<style>{{ css }}</style>{% endfor %}'
    '{% endblock %}',  # the sheets without the built-in's line breaks: not found, kept in place
])
def test_sheets_stay_in_the_html_when_their_place_there_matters(tmp_path: Path, block: str) -> None:
    house = _house(tmp_path / "house", block)
    html, sheets = html_writer.render_for_pdf(_doc(), house)
    assert sheets == () and html == html_writer.render(_doc(), house)


@pytest.mark.slow
def test_each_style_sheet_is_parsed_once_per_process() -> None:
    _pdf()
    before = pdf_writer._stylesheet.cache_info()
    render(_doc(), ("pdf",), ROOT, pdf_standard="pdf/ua-1")
    after = pdf_writer._stylesheet.cache_info()
    assert after.misses == before.misses and after.hits >= before.hits + 3


@pytest.mark.slow
def test_sheets_given_apart_make_the_same_pdf_as_sheets_in_the_document() -> None:
    house = load_style()
    together = pdf_writer.render(html_writer.render(_doc(), house), house.html_folder, house.folders)
    assert together == _pdf()


@pytest.mark.slow
def test_garbage_is_collected_less_often_while_weasyprint_renders(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    original = pdf_writer._add_xmp
    monkeypatch.setattr(pdf_writer, "_add_xmp", lambda document, pdf: (
        seen.append(gc.get_threshold()), original(document, pdf)))
    previous = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        pdf_writer.render("<p>x</p>", ROOT)
        assert seen == [pdf_writer.RENDER_GC_THRESHOLDS] and gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*previous)


@pytest.mark.slow
def test_no_copy_of_the_font_files_is_left_in_the_temporary_folder(tmp_path: Path) -> None:
    # WeasyPrint copies @font-face files (~40 MB) into a temporary folder per configuration;
    # pool workers end with os._exit and had left theirs behind, one per --jobs worker.
    temp, inputs = tmp_path / "tmp", tmp_path / "in"
    temp.mkdir()
    inputs.mkdir()
    for sample in ("2019.yaml", "2024.yaml"):
        (inputs / sample).write_bytes((SAMPLES / sample).read_bytes())
    for jobs in ("1", "2"):
        done = subprocess.run([str(ROOT / ".venv/bin/reportgen"), "build", str(inputs), "--to", "pdf",
                               "--jobs", jobs, "-o", str(tmp_path / "out")],
                              env={**os.environ, "TMPDIR": str(temp)}, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in temp.iterdir()) == [], jobs
