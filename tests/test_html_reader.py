"""The HTML reader: reportgen's own web pages of every sample read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.readers.html_reader import load_file
from reportgen.validation import check_source
from reportgen.writers import render

from .test_docx_reader import SAMPLE_FILES, _original


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_own_html_reads_back_every_figure_and_paragraph(path: Path, tmp_path: Path) -> None:
    original = _original(path)
    assert original.report is not None
    page = tmp_path / f"{path.stem}.html"
    page.write_bytes(render(build(original.format, original.report), ("html",), path.parent)["html"])
    source = load_file(page, page.name)
    again = check_source(source)
    assert again.report is not None, again.findings
    assert build(again.format, again.report).texts() == build(original.format, original.report).texts()
    assert source.notes == []
