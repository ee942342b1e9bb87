"""Body lines that fill the measure (GB/T 9704 撑满版心), with 避头尾, in the PDF."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.validation import check_file
from reportgen.writers import render
from reportgen.writers.justify import Line, break_lines, justify

from .helpers import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))


def _em(char: str) -> float:
    return 1.0 if ord(char) > 0x2E80 else 0.5


def _break(text: str, chars: int = 10) -> list[str]:
    # 16 pt characters, no letter spacing, ``chars`` to a line, first line indented by two.
    lines = break_lines(text, _em, size=16, spacing=0, width=16 * chars, indent=32)
    return [line.text for line in lines]


def test_full_lines_are_spaced_to_end_at_the_right_edge() -> None:
    lines = break_lines("一二三四五六七八九十甲乙丙丁", _em, size=16, spacing=-0.2, width=160,
                        indent=0)
    assert lines == [Line("一二三四五六七八九十", 0.0), Line("甲乙丙丁", -0.2)]
    # Letter spacing -0.21 pt lets 28 characters of 16 pt fill 442.2 pt; 2 of them indent.
    text = "政" * 60
    lines = break_lines(text, _em, size=16, spacing=-0.21, width=442.2, indent=31.58)
    assert [len(line.text) for line in lines] == [26, 28, 6]


def test_no_closing_mark_starts_a_line_and_no_opening_mark_ends_one() -> None:
    assert _break("一二三四五六七八。九十") == ["一二三四五六七", "八。九十"]
    assert _break("一二三四五六七（八九十") == ["一二三四五六七", "（八九十"]
    assert _break("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸") == [
        "一二三四五六七八", "九十甲乙丙丁戊己庚辛", "壬癸"]


def test_the_spacing_goes_between_words_never_inside_a_latin_word_or_number() -> None:
    # 一 is 16 pt, a Latin letter 8 pt: "一ab一" is 48 pt; in 51 pt the 3 pt go to the two
    # gaps around the word, none between a and b (which keep the style's 0 pt).
    lines = break_lines("一ab一二", _em, size=16, spacing=0, width=51, indent=0)
    assert lines == [Line("一ab一", 1.5, (1,)), Line("二", 0)]
    html = justify(lines, 0, 0)
    assert '<span style="letter-spacing: 1.5pt">一</span><span style="letter-spacing: 0pt">a' in html
    assert '<span style="letter-spacing: 1.5pt">b</span>一</span>' in html


def test_numbers_and_addresses_are_not_broken() -> None:
    assert _break("一二三四五六电话0319-8123456。") == ["一二三四五六电话", "0319-8123456。"]
    # Only an address that would leave a loose line (4 ems or more free) breaks, after a mark.
    assert _break("一二三四五六七网址www.example.gov.cn") == ["一二三四五六七网", "址www.example.gov.cn"]
    assert _break("网址www.example.gov.cn") == ["网址www.example.", "gov.cn"]


@cache
def _outputs(path: Path) -> tuple[str, bytes]:
    result = check_file(path)
    assert result.report is not None
    out = render(build(result.format, result.report), ("pdf", "html"), path.parent)
    return out["html"].decode(), out["pdf"]


def _full_lines(html: str) -> list[str]:
    """The full lines as reportgen set them (those with their own letter spacing)."""
    lines = re.findall(r'<span class="line"[^>]*>((?:<span style="letter-spacing: [^"]*">[^<]*</span>)+'
                       r"[^<]*)</span>", html)
    return [re.sub(r"<[^>]+>", "", line) for line in lines]


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_full_line_ends_at_the_same_x(path: Path) -> None:
    html, pdf = _outputs(path)
    wanted = {line.rstrip() for line in _full_lines(html)}
    assert wanted
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf,
                            capture_output=True, check=True).stdout.decode()
    ends = []
    for match in re.finditer(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>',
                             layout, re.S):
        words = re.findall(r"<word[^>]*>([^<]*)</word>", match.group(2))
        text = "".join(words).replace("&amp;", "&")
        if text in wanted:
            ends.append(float(match.group(1)))
    assert len(ends) >= len(wanted)
    assert max(ends) - min(ends) <= 0.5
    assert abs(max(ends) - (28 + 156) * 72 / 25.4) <= 0.5  # the text block's right edge


@pytest.mark.slow
def test_first_lines_hold_28_characters_and_text_comes_back_unchanged() -> None:
    _, pdf = _outputs(SAMPLES / "2024.yaml")
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    lines = text.splitlines()
    first = "本报告根据《中华人民共和国政府信息公开条例》（以下简"
    assert first in lines and len(first) == 26  # and two characters of indent
    # Spacing only: no space or other character is inserted into the text.
    assert "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅" in "".join(lines)


@pytest.mark.slow  # reads the body font and every sample
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_full_line_holds_28_characters_unless_a_mark_or_number_moved(path: Path) -> None:
    import unicodedata

    from reportgen.styles import load_style
    from reportgen.writers.justify import NO_START, measurer, text_width

    house = load_style()
    style = house.style
    advance = measurer(style.fonts["body"], house.font_files)
    size = style.sizes["body"]
    indent = round(2 * (size + style.letter_spacing), 4)
    result = check_file(path)
    assert result.report is not None
    doc = build(result.format, result.report)
    texts = [*doc.preface, *(b.text for s in doc.sections for b in s.blocks if b.kind == "paragraph")]
    full = 0
    for text in texts:
        lines = break_lines(text, advance, size=size, spacing=style.letter_spacing,
                            width=text_width(style), indent=indent)
        for number, line in enumerate(lines[:-1]):
            chars = line.text.rstrip()
            if not all(unicodedata.east_asian_width(c) in "WF" for c in chars):
                continue  # digits and Latin letters are narrower: not a count of characters
            full += 1
            short = 28 - len(chars) - (2 if number == 0 else 0)  # two of indent on a first line
            following = lines[number + 1].text
            # Fewer only when characters moved down with a mark that may not start a line
            # (避头尾), or before a number or address kept whole.
            assert short == 0 or any(c in NO_START for c in following[:short + 1]) \
                or following[0].isascii(), (chars, following)
    assert full


@pytest.mark.slow
@pytest.mark.parametrize("name", ["2019.yaml", "seeds/manzhouli-2018.yaml"])
def test_the_date_starts_two_characters_right_of_the_signature(name: str) -> None:
    # GB/T 9704 §7.3.5.2 (no seal): measured from the PDF's character boxes, in 16 pt ems.
    _, pdf = _outputs(SAMPLES / name)
    result = check_file(SAMPLES / name)
    assert result.report is not None
    doc = build(result.format, result.report)
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf,
                            capture_output=True, check=True).stdout.decode()
    starts = {}
    for match in re.finditer(r'<line xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>(.*?)</line>',
                             layout, re.S):
        text = "".join(re.findall(r"<word[^>]*>([^<]*)</word>", match.group(3)))
        starts[text] = (float(match.group(1)), float(match.group(2)))
    signature, date = starts[doc.signature], starts[doc.date]
    right = (28 + 156) * 72 / 25.4
    assert abs(date[0] - signature[0] - 2 * 16) <= 1.0
    assert abs(right - max(signature[1], date[1]) - 2 * 16) <= 1.5


@pytest.mark.slow
def test_kai_headings_are_body_size_and_attachment_titles_title_size_in_pdf_and_docx() -> None:
    # 楷体 looks smaller than 仿宋 at the same size (FandolKai's ink is 0.84 em high against
    # FandolFang's 0.92): the size itself is 三号 in both outputs, the attachment title 二号.
    import io
    import zipfile

    import pdfplumber

    path = SAMPLES / "seeds" / "manzhouli-2018.yaml"
    _, pdf = _outputs(path)
    result = check_file(path)
    assert result.report is not None
    doc = build(result.format, result.report)
    kai = next(b.text for s in doc.sections for b in s.blocks if b.kind == "heading2")
    sizes: dict[str, set[float]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for line in page.extract_text_lines():
                sizes.setdefault(line["text"].replace(" ", ""), set()).update(
                    round(c["size"], 1) for c in line["chars"])
    assert sizes[kai] == {16.0}
    assert sizes[doc.attachments[0].title] == {22.0}
    docx_bytes = render(doc, ("docx",), path.parent)["docx"]
    styles = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/styles.xml").decode()
    for name, size in (("heading 2", 32), ("附件标题", 44)):
        style = styles.split(f'<w:name w:val="{name}"/>')[1].split("</w:style>")[0]
        assert f'<w:sz w:val="{size}"/>' in style, name
