"""Font resolution and glyph coverage."""

from __future__ import annotations

from reportgen import styles


def test_only_installed_families_are_passed_on() -> None:
    stacks = styles.font_stacks({"body": ("不存在的字体", "Noto Serif CJK SC")})
    assert stacks == {"body": ["Noto Serif CJK SC"]}


def test_font_css_sets_roles_and_page_number_boxes() -> None:
    css = styles.font_css()
    assert '--font-heading1: "Noto Sans CJK SC", sans-serif;' in css
    assert '@page :right { @bottom-right { font-family: "Noto Serif CJK SC", serif; } }' in css


def test_missing_glyphs_names_only_uncovered_characters() -> None:
    assert styles.missing_glyphs(["政府信息公开 2024 𠀋", "（一）“三安全一稳定”"]) == []
    assert styles.missing_glyphs(["正文😀", "\U000f0000"]) == ["😀", "\U000f0000"]


def test_builtin_templates_are_found() -> None:
    assert (styles.builtin_templates() / "html" / "report.html.j2").is_file()
    assert styles.search_path((styles.builtin_templates(),))[-1] == styles.builtin_templates()
