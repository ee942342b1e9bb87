"""One layout for documents whose group labels are repeated: guarded, and output unchanged."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.styles import load_style
from reportgen.validation import check_file
from reportgen.writers import html as html_writer
from reportgen.writers import pdf, pdf_resume
from reportgen.writers.pdf_resume import Layouts

from .helpers import SAMPLES

LOCK = Path(__file__).parent.parent / "requirements.lock"

# A table of 24 rows on pages that hold about 15: the group label spanning all rows is cut by
# the break and repeated on page 2.
ROWS = "".join(f"<tr><td>{n}</td></tr>" for n in range(2, 25))
HTML = ("<html><head><style>@page { size: 200pt 300pt; margin: 20pt }"
        "table { border-collapse: collapse; width: 100% }"
        "td { border: 1pt solid black; vertical-align: middle; font-size: 10pt }"
        "tr { page-break-inside: avoid }</style></head><body><p>前言</p>"
        f'<table><tbody><tr><td rowspan="24">甲组</td><td>1</td></tr>{ROWS}</tbody></table>'
        "<p>结语</p></body></html>")


def _render(html: str, base: Path, allowed: tuple[Path, ...] = ()) -> tuple[bytes, int, int]:
    Layouts.started = Layouts.pages = 0
    out = pdf.render(html, base, allowed)
    return out, Layouts.started, Layouts.pages


def _page_texts(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_the_hook_fits_the_locked_weasyprint() -> None:
    # Fails when the lock moves WeasyPrint underneath the hook: look at layout_document,
    # make_all_pages and remake_page again, then update WEASYPRINT_VERSION and
    # EXPECTED_SOURCE_HASH.
    weasyprint = pdf.engine()
    locked = re.search(r"^weasyprint==(\S+)", LOCK.read_text(encoding="utf-8"), re.M)
    assert locked is not None
    if weasyprint.__version__ != locked.group(1):
        pytest.skip(f"WeasyPrint {weasyprint.__version__} is not the locked {locked.group(1)} "
                    "(a run against other releases): reportgen lays out twice")
    assert pdf_resume.source_hash() == pdf_resume.EXPECTED_SOURCE_HASH
    assert pdf_resume.applies(weasyprint)


def test_another_weasyprint_gets_two_full_layouts(monkeypatch: pytest.MonkeyPatch) -> None:
    weasyprint = pdf.engine()
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert not pdf_resume.applies(weasyprint)
    out, started, pages = _render(HTML, Path.cwd())
    assert (started, pages) == (0, 0)  # the hook was not used
    assert [text.count("甲组") for text in _page_texts(out)] == [1, 1]


def test_a_cut_table_is_laid_out_from_the_cut_only_and_like_two_full_layouts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    once, started, pages = _render(HTML, Path.cwd())
    # One layout: its first round stops at page 1 (the cut), the next re-makes pages 1 and 2
    # only: three pages laid out, not four.
    assert (started, pages) == (1, 3)
    assert [text.count("甲组") for text in _page_texts(once)] == [1, 1]
    monkeypatch.setattr(pdf_resume, "applies", lambda weasyprint: False)
    assert pdf.render(HTML, Path.cwd()) == once


def test_a_document_without_a_cut_is_laid_out_once() -> None:
    html = HTML.replace('rowspan="24"', 'rowspan="2"')
    assert _render(html, Path.cwd())[1:] == (1, 2)


@pytest.mark.slow
def test_the_2024_sample_is_laid_out_about_once_and_as_before(
        monkeypatch: pytest.MonkeyPatch) -> None:
    checked = check_file(SAMPLES / "2024.yaml")
    assert checked.report is not None
    house = load_style()
    html = html_writer.render(build(checked.format, checked.report, house.style.title), house)
    allowed = (*house.folders, SAMPLES)
    once, started, pages = _render(html, house.html_folder, allowed)
    # Five pages: the cut of table 三 is found on page 3, which is laid out twice.
    assert (started, pages) == (1, 6)
    monkeypatch.setattr(pdf_resume, "applies", lambda weasyprint: False)
    assert pdf.render(html, house.html_folder, allowed) == once


def _nested(rows: int, name: str) -> str:
    # A group of ``rows`` rows whose label spans them all, with two inner groups.
    half = rows // 2
    inner = "".join(f"<tr>{f'<td rowspan={rows - half}>二{name}</td>' if n == half + 1 else ''}"
                    f"<td>{name}{n}</td></tr>" for n in range(2, rows + 1))
    return (f'<table><tbody><tr><td rowspan="{rows}">{name}组</td>'
            f'<td rowspan="{half}">一{name}</td><td>{name}1</td></tr>{inner}</tbody></table>')


def test_several_cut_tables_are_laid_out_as_from_the_cut_html(
        monkeypatch: pytest.MonkeyPatch) -> None:
    html = HTML.replace(HTML[HTML.index("<table>"):HTML.index("<p>结语")],
                        _nested(24, "甲") + "<p>中</p>" + _nested(30, "乙") + _nested(40, "丙"))
    once, started, pages = _render(html, Path.cwd())
    texts = _page_texts(once)
    # Six pages, five of them cut inside a group (each laid out twice), in one layout; every
    # page shows the labels of the groups its rows belong to.
    assert (len(texts), started, pages) == (6, 1, 11)
    assert [[text.count(label) for label in ("甲组", "乙组", "丙组", "一", "二")]
            for text in texts] == [[1, 0, 0, 1, 1], [1, 1, 0, 1, 1], [0, 1, 0, 1, 1],
                                   [0, 1, 1, 1, 1], [0, 0, 1, 1, 1], [0, 0, 1, 0, 1]]
    monkeypatch.setattr(pdf_resume, "applies", lambda weasyprint: False)
    assert pdf.render(html, Path.cwd()) == once
