"""The DOCX as LibreOffice lays it out has the PDF's pages (issue 14): same page count and the
same first words on every page, for every sample.

LibreOffice is told, through a fontconfig file of the test's own, to use the Fandol fonts for
the official names, as the PDF does on a machine without the official fonts.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from reportgen.context import build
from reportgen.styles import builtin_templates
from reportgen.validation import check_file
from reportgen.writers import render

from .helpers import SAMPLES, check
from .test_context import PRINTED

SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))
FONTS = builtin_templates() / "fonts"
ALIASES = {"仿宋_GB2312": "FandolFang", "楷体_GB2312": "FandolKai", "黑体": "FandolHei",
           "方正小标宋简体": "FandolSong", "宋体": "FandolSong"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice 未安装：运行 bash scripts/test-deps.sh 后才做 DOCX/PDF 分页对比"),
    pytest.mark.skipif(not (FONTS / "FandolFang-Regular.otf").is_file(),
                       reason="Fandol 字体未下载：请运行 bash scripts/setup.sh"),
]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """Every sample's PDF, and its DOCX converted by LibreOffice (one soffice run)."""
    folder = tmp_path_factory.mktemp("parity")
    aliases = "".join(f'<alias binding="same"><family>{official}</family><prefer><family>'
                      f"{fandol}</family></prefer></alias>" for official, fandol in ALIASES.items())
    (folder / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS}</dir><cachedir>{folder / 'cache'}</cachedir>{aliases}</fontconfig>",
        encoding="utf-8")
    pdfs = {}
    # The samples, and an input with the printing keys (run-in sub-headings, a table note,
    # chosen title lines, a text attachment and the 附件说明 line).
    inputs = [(path.stem, check_file(path)) for path in SAMPLE_FILES] + [("printed", check(PRINTED))]
    for stem, result in inputs:
        assert result.report is not None
        out = render(build(result.format, result.report), ("docx", "pdf"), SAMPLES)
        (folder / f"{stem}.docx").write_bytes(out["docx"])
        pdfs[stem] = out["pdf"]
    env = {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder / "lo"),
                    *(str(folder / f"{stem}.docx") for stem, _ in inputs)],
                   env=env, capture_output=True, check=True, timeout=300)
    return {stem: (pdf, (folder / "lo" / f"{stem}.pdf").read_bytes()) for stem, pdf in pdfs.items()}


def _page_starts(pdf: bytes) -> list[str]:
    """The first 12 characters of each page, spaces removed (LibreOffice spaces digits)."""
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    starts = []
    for page in text.split("\f"):
        lines = [line.replace(" ", "") for line in page.splitlines() if line.strip()]
        if lines:
            starts.append(lines[0][:12])
    return starts


@pytest.mark.parametrize("stem", [p.stem for p in SAMPLE_FILES] + ["printed"])
def test_docx_through_libreoffice_has_the_pdf_pages(
        stem: str, converted: dict[str, tuple[bytes, bytes]]) -> None:
    ours, theirs = converted[stem]
    assert _page_starts(theirs) == _page_starts(ours)
