"""Typography of the outputs (issue 14): the open fonts standing in for the official ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import fonts
from reportgen.context import split_title, title_width
from reportgen.styles import builtin_templates, load_style

from .helpers import SAMPLES

FANDOL = builtin_templates() / "fonts"
needs_fandol = pytest.mark.skipif(not (FANDOL / "FandolFang-Regular.otf").is_file(),
                                  reason="Fandol 字体未下载：请运行 bash scripts/setup.sh")


def test_substitutes_name_each_missing_preferred_font_once() -> None:
    stacks = {"body": ("不存在的仿宋", "Noto Serif CJK SC"), "table": ("不存在的仿宋", "某字体"),
              "title": ("Noto Serif CJK SC",)}
    assert fonts.substitutes(stacks, frozenset({"某字体"})) == {"不存在的仿宋": "Noto Serif CJK SC"}


@needs_fandol
def test_fandol_bold_faces_are_told_apart_by_their_subfamily() -> None:
    # Their OS/2 weight says 400 for both faces: only the subfamily name says "Bold".
    assert fonts.file_font(FANDOL / "FandolSong-Bold.otf").bold
    assert not fonts.file_font(FANDOL / "FandolSong-Regular.otf").bold
    assert "FandolFang" in fonts.file_font(FANDOL / "FandolFang-Regular.otf").families


@needs_fandol
@pytest.mark.slow
def test_build_embeds_fandol_and_says_which_font_stands_in(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", str(SAMPLES / "2024.yaml"),
                             "-o", str(tmp_path), "--to", "pdf"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    installed = fonts.installed_families()
    if "仿宋_GB2312" not in installed:
        assert "仿宋_GB2312→FandolFang" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    listing = subprocess.run(["pdffonts", str(tmp_path / "2024.pdf")], capture_output=True,
                             text=True, check=True).stdout
    for face in ("FandolFang", "FandolKai", "FandolHei", "FandolSong-Bold"):
        assert f"+{face}" in listing


#: Agency names of 2 to 20 characters, with the ones that once broke as ``…年度报 / 告``.
NAMES = ["某局", "北京市", "某县教育局", "萧县教育局", "沛县民政局", "清河县教育局",
         *("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申"[:n - 1] + "局" for n in range(2, 21))]


def _title_lines(names: list[str], year: int = 2024) -> list[tuple[str, ...]]:
    return [split_title(f"{name}{year}年政府信息公开工作年度报告", name) for name in names]


def test_title_lines_break_only_between_words() -> None:
    for name, lines in zip(NAMES, _title_lines(NAMES), strict=True):
        words = [name, "2024年", "政府信息公开工作年度报告"]
        bounds = {sum(map(len, words[:i])) for i in range(4)}
        assert {sum(map(len, lines[:i])) for i in range(len(lines) + 1)} <= bounds, lines
        assert all(title_width(line) <= 20 for line in lines), lines


@pytest.mark.slow
def test_pdf_sets_each_title_line_on_one_line() -> None:
    # One PDF, one title a page, in the built-in style's CSS and fonts.
    from reportgen.writers import html as html_writer
    from reportgen.writers import pdf as pdf_writer

    house = load_style()
    styles = "".join(f"<style>{css}</style>" for css in html_writer.stylesheets(house))
    titles = "".join('<h1 class="title" style="page-break-after: always">'
                     + "".join(f'<span class="title-line">{line}</span>' for line in lines)
                     + "</h1>" for lines in _title_lines(NAMES))
    pdf = pdf_writer.render(f"<html><head>{styles}</head><body>{titles}</body></html>",
                            house.html_folder, house.folders)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    pages = [[line.strip() for line in page.splitlines() if line.strip() and "—" not in line]
             for page in text.split("\f")[:len(NAMES)]]
    assert pages == [list(lines) for lines in _title_lines(NAMES)]


def test_docx_title_paragraphs_are_the_title_lines() -> None:
    import io

    import docx

    from reportgen.context import build
    from reportgen.writers import docx as docx_writer

    from .helpers import GOV2021, check, replace_line

    for name in ("某县教育局", "沛县民政局"):
        checked = check(replace_line(GOV2021, "agency: 示例局", f"agency: {name}"))
        assert checked.report is not None
        document = docx.Document(io.BytesIO(docx_writer.render(build(checked.format, checked.report))))
        titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
        assert titles == [f"{name}2024年", "政府信息公开工作年度报告"]


@pytest.mark.slow  # one DOCX per name
def test_docx_titles_break_only_between_words_for_every_name_length() -> None:
    import io

    import docx

    from reportgen.context import build
    from reportgen.writers import docx as docx_writer

    from .helpers import GOV2021, check, replace_line

    for name, lines in zip(NAMES, _title_lines(NAMES), strict=True):
        checked = check(replace_line(GOV2021, "agency: 示例局", f"agency: {name}"))
        assert checked.report is not None
        document = docx.Document(io.BytesIO(docx_writer.render(build(checked.format, checked.report))))
        # Each line its own centred Title paragraph, each narrower than the line (checked above).
        assert [p.text for p in document.paragraphs if p.style.name == "Title"] == list(lines)


@needs_fandol
@pytest.mark.slow  # the check renders the sample
def test_style_check_counts_the_builtin_fandol_fonts_for_house_styles(tmp_path: Path) -> None:
    from reportgen.stylecheck import check

    (tmp_path / "style.yaml").write_text("fonts: {body: [不存在的仿宋, FandolFang]}\n", encoding="utf-8")
    found = [f.format() for f in check(tmp_path, [SAMPLES / "2024.yaml"])]
    assert f"{tmp_path / 'style.yaml'}:1:15: 警告：fonts.body 的首选字体“不存在的仿宋”本机没有，" \
           "PDF 将使用“FandolFang” [STYLE-FONT]" in found
