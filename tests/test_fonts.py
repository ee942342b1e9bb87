"""Font resolution and glyph coverage."""

from __future__ import annotations

from reportgen import fonts
from reportgen.styles import load_style

BUILTIN = load_style().style.fonts


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
