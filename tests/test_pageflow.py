"""Page flow of the PDF: the signature keeps the last lines with it, small tables stay whole."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import pytest

from reportgen.context import Document, build
from reportgen.validation import check_file
from reportgen.writers import render

from .helpers import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))


@cache
def _pages(path: Path) -> tuple[Document, list[list[str]]]:
    result = check_file(path)
    assert result.report is not None
    doc = build(result.format, result.report)
    pdf = render(doc, ("pdf",), path.parent)["pdf"]
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    pages = [[line.strip() for line in page.splitlines() if line.strip()]
             for page in text.split("\f") if page.strip()]
    return doc, [[line for line in page if not line.startswith("—")] for page in pages]


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_no_page_holds_only_the_signature(path: Path) -> None:
    doc, pages = _pages(path)
    closing = {doc.signature, doc.date}
    page = next(p for p in pages if doc.signature in p)
    assert set(page) - closing, f"{path.name}: 落款单独成页"
    # At least two lines of the last paragraph come with it.
    assert len(set(page) - closing) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("path", [SAMPLES / "2019.yaml", SAMPLES / "2024.yaml"],
                         ids=lambda p: p.stem)
def test_table_two_is_on_one_page(path: Path) -> None:
    _, pages = _pages(path)
    first = [n for n, page in enumerate(pages) if any("第二十条第（一）项" in line for line in page)]
    last = [n for n, page in enumerate(pages) if any("第二十条第（八）项" in line for line in page)]
    assert first == last and len(first) == 1


@pytest.mark.slow
@pytest.mark.parametrize("path", [SAMPLES / "2019.yaml", SAMPLES / "2024.yaml"],
                         ids=lambda p: p.stem)
def test_table_three_starts_with_at_least_five_rows_on_its_page(path: Path) -> None:
    _, pages = _pages(path)
    first = next(page for page in pages if any("一、本年新收政府信息公开申请数量" in line for line in page))
    # 一、 二、 （一） （二） and 1.属于国家秘密: the fifth row is on the same page.
    assert any("1.属于国家秘密" in line for line in first)
