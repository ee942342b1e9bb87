"""Writers: parity of DOCX, PDF and web text, determinism, escaping, template, golden files."""

from __future__ import annotations

import datetime as dt
import html as html_module
import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from lxml import etree

from reportgen.context import Document, build
from reportgen.errors import ReportgenError
from reportgen.validation import check_file
from reportgen.writers import docx_template, render
from reportgen.writers import html as html_writer

from .helpers import GOV2021, ROOT, SAMPLES, check
from .helpers import replace_line as R
from .test_web import web_texts

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))  # all three formats


@cache
def _context(path: Path) -> Document:
    result = check_file(path)
    assert result.report is not None
    return build(result.format, result.report)


@cache
def _outputs(path: Path) -> dict[str, bytes]:
    return render(_context(path), ("docx", "pdf", "html", "web"), path.parent)


def docx_texts(data: bytes) -> list[str]:
    """Body text of a DOCX in reading order: paragraphs, then each table cell once."""
    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
            if text:
                out.append(text)
        elif element.tag.endswith("}tbl"):
            for tc in element.iter(qn("w:tc")):  # one w:tc per physical cell; merges span
                merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                    continue  # the lower part of a vertical merge
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                if text:
                    out.append(text)
    return out


def pdf_text(data: bytes) -> str:
    """The PDF's text in content order, without whitespace and page numbers."""
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


def _headers(doc: Document) -> list[str]:
    grids = [b.grid for s in doc.sections for b in s.blocks if b.grid]
    grids += [a.grid for a in doc.attachments if a.grid]
    return ["".join(c.text for row in g.header for c in row) for g in grids if g.header]


def _labels(doc: Document) -> list[str]:
    # Group labels (row-spanning body cells), which the PDF repeats on continuation pages.
    grids = [b.grid for s in doc.sections for b in s.blocks if b.grid]
    grids += [a.grid for a in doc.attachments if a.grid]
    return [c.text for g in grids for row in g.body for c in row if c.rowspan > 1]


def _without_repeated_headers(text: str, headers: list[str], labels: list[str]) -> str:
    for header in headers:
        first = text.find(header)
        if first >= 0:
            cut = first + len(header)
            head, *rest = text[cut:].split(header)
            text = text[:cut] + head + "".join(_without_leading(part, labels) for part in rest)
    return text


def _without_leading(text: str, labels: list[str]) -> str:
    # The group labels repeated at the top of a continuation page, outer ones first.
    for label in labels:
        if text.startswith(label):
            return _without_leading(text[len(label):], labels)
    return text


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_docx_pdf_and_web_carry_the_same_text_in_the_same_order(path: Path) -> None:
    doc = _context(path)
    expected = doc.texts()
    assert docx_texts(_outputs(path)["docx"]) == expected
    pdf = _without_repeated_headers(pdf_text(_outputs(path)["pdf"]), _headers(doc),
                                    _labels(doc))
    assert pdf == re.sub(r"\s+", "", "".join(expected))
    # The web page prints the title on one line; otherwise it carries the same strings.
    web = web_texts(_outputs(path)["web"].decode())
    assert web == ["".join(doc.title_lines), *expected[len(doc.title_lines):]]


def test_table_headers_repeat_when_a_table_crosses_a_page() -> None:
    path = SAMPLES / "2024.yaml"  # its table 三 starts near the foot of a page
    header = _headers(_context(path))[0]  # table 二 has no header rows
    assert pdf_text(_outputs(path)["pdf"]).count(header) == 2


@pytest.mark.slow
def test_builds_are_byte_identical() -> None:
    path = SAMPLES / "2019.yaml"
    again = render(_context(path), ("docx", "pdf"), path.parent)
    assert again["docx"] == _outputs(path)["docx"]
    assert again["pdf"] == _outputs(path)["pdf"]


def test_docx_has_fixed_properties_and_timestamps() -> None:
    data = _outputs(SAMPLES / "2019.yaml")["docx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 1, 16, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert (properties.title, properties.author) == ("清河县教育局2019年政府信息公开工作年度报告", "清河县教育局")
    assert (properties.subject, properties.keywords, properties.language) == (
        "政府信息公开工作年度报告", "政府信息公开,年度报告,清河县教育局,2019年", "zh-CN")
    assert properties.created == dt.datetime(2020, 1, 16, tzinfo=dt.timezone.utc)


def test_pdf_metadata() -> None:
    info = subprocess.run(["pdfinfo", "-"], input=_outputs(SAMPLES / "2019.yaml")["pdf"],
                          capture_output=True, check=True).stdout.decode()
    assert "Title:           清河县教育局2019年政府信息公开工作年度报告" in info
    assert "Author:          清河县教育局" in info
    reader = pypdf.PdfReader(io.BytesIO(_outputs(SAMPLES / "2019.yaml")["pdf"]))
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


HOSTILE = "甲<script>alert(1)</script> & {{ doc.agency }} {% if 1 %}x{% endif %} <w:p/> “引号” 'single'"


@pytest.mark.slow
def test_input_text_comes_out_literally_in_html_docx_and_pdf() -> None:
    text = R(GOV2021, "problems: 存在的问题。", f"problems: {HOSTILE!r}".replace('"', "'"))
    text = R(text, "problems: " + repr(HOSTILE).replace('"', "'"), "problems: |\n  " + HOSTILE)
    result = check(text)
    assert result.report is not None
    doc = build(result.format, result.report)
    outputs = render(doc, ("docx", "pdf", "html"), ROOT)
    page = outputs["html"].decode()
    # Escaped, never markup; the lines set to the measure split the text into spans, which
    # insert nothing: without the tags the paragraph is the input exactly.
    assert "<script>" not in page and "&lt;" in page
    assert HOSTILE in html_module.unescape(re.sub(r"<[^>]+>", "", page))
    assert HOSTILE in docx_texts(outputs["docx"])
    assert re.sub(r"\s+", "", HOSTILE) in pdf_text(outputs["pdf"])


@pytest.mark.slow
def test_the_committed_word_template_is_what_the_script_makes() -> None:
    made = zipfile.ZipFile(io.BytesIO(docx_template.make_template()))
    committed = zipfile.ZipFile(ROOT / "templates" / "docx" / "report.docx")
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/settings.xml"):
        assert made.read(part) == committed.read(part), part


def test_word_styles_carry_east_asian_fonts() -> None:
    styles = zipfile.ZipFile(ROOT / "templates" / "docx" / "report.docx").read("word/styles.xml")
    for font in ("仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"):
        assert f'w:eastAsia="{font}"'.encode() in styles


def canonical_xml(data: bytes) -> str:
    """XML in canonical form (C14N 2.0), one element per line: compares structure, not bytes."""
    canonical = etree.tostring(etree.fromstring(data), method="c14n2", strip_text=True)
    return str(etree.tostring(etree.fromstring(canonical), pretty_print=True, encoding="unicode"))


def _golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run pytest --update-golden"
    assert actual == path.read_text(encoding="utf-8")


def test_golden_html_text(update_golden: bool) -> None:
    html = _outputs(SAMPLES / "2019.yaml")["html"].decode()
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)  # fonts depend on the machine
    _golden("2019.html", body, update_golden)


def test_golden_docx_document_xml(update_golden: bool) -> None:
    data = _outputs(SAMPLES / "2019.yaml")["docx"]
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    _golden("2019.document.xml", canonical_xml(xml), update_golden)


def test_golden_pdf_text(update_golden: bool) -> None:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=_outputs(SAMPLES / "2019.yaml")["pdf"],
                          capture_output=True, check=True).stdout.decode()
    _golden("2019.pdf.txt", text, update_golden)


def test_stylesheets_put_house_extra_css_after_the_default(tmp_path: Path) -> None:
    from reportgen.styles import load_style

    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "extra.css").write_text('p { background: url("logo.png"); }',
                                                 encoding="utf-8")
    sheets = html_writer.stylesheets(load_style(tmp_path))
    logo = (tmp_path / "html" / "logo.png").as_uri()
    assert sheets[-1] == f'p {{ background: url("{logo}"); }}'  # relative to its own folder
    # The built-in style's own fonts (Fandol, when set up) come first as @font-face rules.
    rest = sheets[1:] if "@font-face" in sheets[0] else sheets
    assert "--font-body" in rest[0] and "@page :right" in rest[1] and "size: A4" in rest[2]


def test_the_pdf_renderer_fetches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.writers import pdf

    asked: list[str] = []

    def spy(url: str) -> object:
        asked.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(pdf, "_refuse", spy)
    hostile = ('<img src="file:///etc/hostname"> <link rel="stylesheet" href="http://127.0.0.1:9/a.css">'
               '<style>@import url("file:///etc/passwd");</style>')
    # Input text is escaped, so a real build asks for nothing at all ...
    result = check(R(GOV2021, "problems: 存在的问题。", "problems: '" + hostile + "'"))
    assert result.report is not None
    render(build(result.format, result.report), ("pdf",), ROOT)
    assert asked == []
    # ... and even markup that reached the HTML could not read a file or the network.
    assert pdf.render(f"<html><body><p>x</p>{hostile}</body></html>", ROOT).startswith(b"%PDF")
    assert sorted(asked) == ["file:///etc/hostname", "file:///etc/passwd", "http://127.0.0.1:9/a.css"]


def test_files_under_an_allowed_folder_can_be_read(tmp_path: Path) -> None:
    from reportgen.writers import pdf

    (tmp_path / "style").mkdir()
    css = tmp_path / "style" / "x.css"
    css.write_text("p { color: red }", encoding="utf-8")
    fetcher = pdf.fetcher_class()((tmp_path / "style",))
    assert fetcher.fetch(css.as_uri()) is not None
    with pytest.raises(ValueError, match="不读取此资源"):
        fetcher.fetch((tmp_path / "secret.txt").as_uri())
    with pytest.raises(ValueError, match="不读取此资源"):
        fetcher.fetch((tmp_path / "style" / ".." / "secret.txt").as_uri())


def test_weasyprint_loads_its_libraries_without_asking_find_library() -> None:
    # Each find_library miss runs ldconfig, gcc and ld (~10 ms); a cold build used to ask ~23.
    code = ("import ctypes.util\n"
            "asked = []\n"
            "original = ctypes.util.find_library\n"
            "def spy(name):\n"
            "    asked.append(name)\n"
            "    return original(name)\n"
            "ctypes.util.find_library = spy\n"
            "from reportgen.writers.pdf import engine\n"
            "engine().HTML(string='<p>x</p>').write_pdf()\n"
            "assert ctypes.util.find_library is spy, 'not restored'\n"
            "print(asked)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"  # not even the HarfBuzz check asks: WeasyPrint's loader is read


@pytest.fixture
def fake_weasyprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Put a stand-in ``weasyprint`` first on the path; ``engine()`` imports it afresh."""
    from reportgen.writers import pdf

    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    pdf.engine.cache_clear()
    yield tmp_path
    sys.modules.pop("weasyprint", None)
    pdf.engine.cache_clear()


def test_weasyprint_is_imported_the_slow_way_when_the_fast_way_misses_a_library(
        fake_weasyprint: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.writers import pdf

    (fake_weasyprint / "weasyprint.py").write_text(
        "import ctypes.util\n"
        "if ctypes.util.find_library('c') is None:\n"
        "    print('WeasyPrint could not import some external libraries')\n"
        "    raise OSError('cannot load library libc')\n"
        "FOUND = True\n", encoding="utf-8")
    assert pdf.engine().FOUND
    assert capsys.readouterr().out == ""  # the hint of the failed fast try is not shown


def test_missing_weasyprint_libraries_are_a_clear_error(fake_weasyprint: Path) -> None:
    from reportgen.writers import pdf

    (fake_weasyprint / "weasyprint.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0'\")\n", encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        pdf.engine()
    assert str(caught.value) == ("无法加载 WeasyPrint 需要的系统库（cannot load library "
                                 "'libpango-1.0-0'）；请运行 bash scripts/setup.sh 安装 Pango 等依赖")


def test_missing_harfbuzz_subsetting_is_found_by_asking_weasyprints_loader(
        fake_weasyprint: Path) -> None:
    from reportgen.writers import pdf

    (fake_weasyprint / "weasyprint.py").write_text(
        "import types\n"
        "text = types.SimpleNamespace(ffi=types.SimpleNamespace(harfbuzz_subset=None))\n",
        encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        pdf.engine()
    assert str(caught.value) == ("缺少系统库 libharfbuzz-subset0（WeasyPrint 用它精简字体）；"
                                 "请运行 bash scripts/setup.sh，或 apt-get install libharfbuzz-subset0")


@pytest.mark.slow  # renders a PDF
def test_printed_input_keys_come_out_in_docx_pdf_html_and_web() -> None:
    from .test_context import PRINTED

    result = check(PRINTED)
    assert result.report is not None
    doc = build(result.format, result.report)
    out = render(doc, ("docx", "pdf", "html", "web"), ROOT)
    # DOCX: the run-in sub-heading is its own run in the level-2 heading's font.
    document = docx.Document(io.BytesIO(out["docx"]))
    first = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    assert [r.text for r in first.runs] == ["（一）主动公开情况。", "正文甲。"]
    assert first.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert first.runs[1]._r.rPr is None or first.runs[1]._r.rPr.rFonts is None
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["示例局2024年政府信息公开", "工作年度报告"]
    for wanted in ("注：收费单位为万元。", "附件：1.甲制度", "甲制度", "第一条。", "第二条。"):
        assert wanted in texts, wanted
    assert texts.index("附件：1.甲制度") < texts.index("示例局") < texts.index("第一条。")
    # HTML/PDF: the lead in the heading's font, the text unchanged.
    html = out["html"].decode()
    assert re.search(r'<span class="run-in">[^<]*（一）主动公开情况。', html) is not None
    pdf = subprocess.run(["pdftotext", "-raw", "-", "-"], input=out["pdf"], capture_output=True,
                         check=True).stdout.decode()
    lines = [line for line in pdf.splitlines() if line.strip()]
    assert lines[:2] == ["示例局2024年政府信息公开", "工作年度报告"]
    for wanted in ("（一）主动公开情况。正文甲。", "注：收费单位为万元。", "附件：1.甲制度", "第一条。"):
        assert wanted in lines, wanted
    web = out["web"].decode()
    assert '<strong class="rg-run-in">（一）主动公开情况。</strong>正文甲。' in web
    # The same text in the same order in every output, as for the samples.
    expected = doc.texts()
    assert docx_texts(out["docx"]) == expected
    assert _without_repeated_headers(pdf_text(out["pdf"]), _headers(doc), _labels(doc)) == \
        re.sub(r"\s+", "", "".join(expected))
    assert web_texts(web) == ["".join(doc.title_lines), *expected[len(doc.title_lines):]]
    assert "<p>第一条。</p>" in web and "注：收费单位为万元。" in web


def test_an_older_house_word_template_refuses_text_attachments_with_a_reason(tmp_path: Path) -> None:
    from reportgen.styles import load_style
    from reportgen.writers import docx as docx_writer

    from .test_context import PRINTED

    # A template from before text attachments: its attachment pages know only the table.
    folder = tmp_path / "house"
    (folder / "docx").mkdir(parents=True)
    (folder / "style.yaml").write_text("{}\n", encoding="utf-8")
    with zipfile.ZipFile(ROOT / "templates" / "docx" / "report.docx") as current, \
            zipfile.ZipFile(folder / "docx" / "report.docx", "w") as old:
        for info in current.infolist():
            data = current.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"attachment.paragraphs", b"attachment.label")
            old.writestr(info, data)
    result = check(PRINTED)
    assert result.report is not None
    with pytest.raises(ReportgenError) as raised:
        docx_writer.render(build(result.format, result.report), load_style(folder))
    assert str(raised.value) == (f"{folder / 'docx' / 'report.docx'}: Word 模板不支持文字附件（attachments）："
                                 "请用 reportgen style export 文件夹 --docx 导出新模板，再把本单位的修改做到新模板上")
