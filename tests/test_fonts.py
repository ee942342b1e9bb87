"""Font resolution and glyph coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import cache, fonts
from reportgen.styles import builtin_templates, load_style

BUILTIN = load_style().style.fonts
FANDOL = builtin_templates() / "fonts"


def test_only_installed_families_are_passed_on() -> None:
    stacks = fonts.font_stacks({"body": ("不存在的字体", "Noto Serif CJK SC")})
    assert stacks == {"body": ["Noto Serif CJK SC"]}
    assert fonts.font_stacks({"body": ("某字体",)}, frozenset({"某字体"})) == {"body": ["某字体"]}


def test_font_css_sets_roles_and_page_number_boxes() -> None:
    css = fonts.font_css(BUILTIN)
    assert '--font-heading1: "Noto Sans CJK SC", sans-serif;' in css
    assert '@page :right { @bottom-right { font-family: "Noto Serif CJK SC", serif; } }' in css


def test_missing_glyphs_names_only_uncovered_characters() -> None:
    assert fonts.missing_glyphs(["政府信息公开 2024 𠀋", "（一）“三安全一稳定”"], BUILTIN) == []
    assert fonts.missing_glyphs(["正文😀", "\U000f0000"], BUILTIN) == ["😀", "\U000f0000"]


def _fresh(path: Path) -> dict[int, float]:
    fonts.advances.cache_clear()
    return fonts.advances(path)


@pytest.mark.skipif(not (FANDOL / "FandolFang-Regular.otf").is_file(),
                    reason="Fandol 字体未下载：请运行 bash scripts/setup.sh")
def test_advances_kept_in_the_cache_are_the_ones_read_and_a_damaged_entry_is_read_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from fontTools.ttLib import TTFont

    path = FANDOL / "FandolFang-Regular.otf"
    read = _fresh(path)
    font = TTFont(str(path), lazy=True)
    assert read[ord("政")] == font["hmtx"].metrics[font.getBestCmap()[ord("政")]][0] / 1000
    entries = list((cache.cache_root()).rglob("*.entry"))
    assert len(entries) == 1  # the advances of the one face
    opened = []
    monkeypatch.setattr("fontTools.ttLib.TTFont", lambda *a, **k: opened.append(a) or font)
    assert _fresh(path) == read and opened == []  # from the cache, exactly the same floats
    entries[0].write_bytes(entries[0].read_bytes()[:-8])  # cut short: its digest fails
    assert _fresh(path) == read and len(opened) == 1
    fonts.advances.cache_clear()
