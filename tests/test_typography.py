"""Typography of the outputs (issue 14): the open fonts standing in for the official ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import fonts
from reportgen.styles import builtin_templates

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
