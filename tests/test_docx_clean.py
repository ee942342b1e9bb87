"""The DOCX is a clean current-Word Chinese document whose tables agree with their grid."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportgen.context import build
from reportgen.validation import check_file
from reportgen.writers import docx as docx_writer
from reportgen.writers.docx_clean import cell_widths

from .helpers import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))


def _docx(path: Path) -> zipfile.ZipFile:
    result = check_file(path)
    assert result.report is not None
    return zipfile.ZipFile(io.BytesIO(docx_writer.render(build(result.format, result.report))))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_cell_width_is_the_sum_of_its_grid_columns(path: Path) -> None:
    tables = cell_widths(etree.fromstring(_docx(path).read("word/document.xml")))
    assert tables
    for total, cells in tables:
        assert total == 8845  # 156 mm in twentieths of a point
        assert [width for width, _ in cells] == [grid for _, grid in cells]


def test_docx_is_current_word_chinese_without_thumbnail() -> None:
    archive = _docx(SAMPLES / "2024.yaml")
    names = archive.namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert b"thumbnail" not in archive.read("_rels/.rels")
    settings = archive.read("word/settings.xml").decode()
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' in settings
    styles = archive.read("word/styles.xml").decode()
    assert '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>' in styles
    assert '<w:sz w:val="32"/>' in styles.split("</w:docDefaults>")[0]
    theme = archive.read("word/theme/theme1.xml").decode()
    assert '<a:ea typeface="宋体"/>' in theme and '<a:ea typeface="黑体"/>' in theme
    # 22 lines of 28.95 pt; 28 characters scaled to 98 % (15.68 pt) on the 156 mm (442.2 pt)
    # line, spaced normally (a negative spacing makes LibreOffice drop line-end commas).
    document = archive.read("word/document.xml").decode()
    assert '<w:docGrid w:type="lines" w:linePitch="579"/>' in document
    normal = styles.split('w:styleId="Normal">')[1].split("</w:style>")[0]
    assert '<w:spacing w:val="0"/><w:w w:val="98"/><w:sz w:val="32"/>' in normal
    table = styles.split('<w:name w:val="表格文字"/>')[1].split("</w:style>")[0]
    assert '<w:spacing w:val="0"/><w:sz w:val="21"/>' in table
    fonts = archive.read("word/fontTable.xml").decode()
    for name in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"):
        assert f'<w:font w:name="{name}"><w:charset w:val="86"/>' in fonts


def test_signature_and_page_number_indents_are_also_absolute() -> None:
    # LibreOffice ignores the *Chars indents Word prefers; both are written.
    archive = _docx(SAMPLES / "2024.yaml")
    assert '<w:ind w:rightChars="100" w:right="280"/>' in archive.read("word/footer1.xml").decode()
    document = archive.read("word/document.xml").decode()
    assert 'w:rightChars="200" w:right="640"' in document


def test_last_paragraph_keeps_with_the_signature_and_tables_have_space_around() -> None:
    document = _docx(SAMPLES / "2024.yaml").read("word/document.xml").decode()
    last_text = document.split('<w:p><w:pPr><w:pStyle w:val="落款"/>')[0].rsplit("<w:p>", 1)[1]
    assert last_text.startswith("<w:pPr><w:keepNext/></w:pPr>")
    assert '<w:pStyle w:val="落款"/><w:keepNext/>' in document  # the blank line above
    after_table = document.split("</w:tbl>")[1]
    assert after_table.startswith('<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:spacing w:before="320"')


def test_small_tables_keep_their_rows_together() -> None:
    root = etree.fromstring(_docx(SAMPLES / "2024.yaml").read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    tables = list(root.iter(f"{w}tbl"))
    kept = [[row.find(f".//{w}keepNext") is not None for row in table.iter(f"{w}tr")]
            for table in tables]
    assert kept[0] == [True] * (len(kept[0]) - 1) + [False]  # table 二 whole
    assert kept[1][:7] == [True] * 7 and not any(kept[1][8:])  # table 三: header and 5 rows
