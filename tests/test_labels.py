"""Official labels: looked up by key path, and written nowhere but in reportgen/formats/."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.formats import FORMATS, GOV2019, GOV2021, LEGACY, Format, Node, label

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"


def _official_labels(fmt: Format) -> Iterator[str]:
    def tree(node: Node) -> Iterator[str]:
        yield node.label
        for child in node.children:
            yield from tree(child)

    yield from (s.title for s in fmt.sections)
    yield from fmt.overview_topics
    if fmt.active:
        yield fmt.active.item_header
        for block in fmt.active.blocks:
            yield block.heading
            yield from (f.label for f in block.fields)
            yield from (i.label for i in block.items)
    if fmt.applications:
        yield fmt.applications.corner
        yield from tree(fmt.applications.columns)
        for row in fmt.applications.rows:
            yield from tree(row)
    if fmt.reviews:
        for column in fmt.reviews.columns:
            yield from tree(column)
    if fmt.statistics:
        yield fmt.statistics.title
        yield from fmt.statistics.header
        yield from (row.label for row in fmt.statistics.rows)


#: Labels of three or more characters with Chinese in them (两字 labels such as 其他、总计、规章
#: are ordinary words that messages use freely).
LABELS = sorted({text for fmt in FORMATS.values() for text in _official_labels(fmt)
                 if len(text) >= 3 and re.search(r"[\u4e00-\u9fff]", text)}, key=len)


def _literals(tree: ast.AST) -> Iterator[ast.Constant]:
    """Yield the string constants of ``tree`` that are not docstrings (those are for developers)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def test_no_official_label_is_typed_outside_the_format_definitions() -> None:
    assert len(LABELS) > 100  # the scan would pass vacuously if the label walk found nothing
    typed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "formats" in path.relative_to(PACKAGE).parts:
            continue
        for node in _literals(ast.parse(path.read_text(encoding="utf-8"))):
            typed += [f"{path.relative_to(PACKAGE)}:{node.lineno}: {text}"
                      for text in LABELS if text in node.value]
    assert typed == []


def test_the_scan_finds_a_label_typed_in_a_message() -> None:
    tree = ast.parse('"""模块说明：四、结转下年度继续办理。"""\nmessage = f"“四、结转下年度继续办理”为 {n}"\n')
    found = [text for node in _literals(tree) for text in LABELS if text in node.value]
    assert found == ["四、结转下年度继续办理"]


@pytest.mark.parametrize(("fmt", "path", "expected"), [
    (GOV2021, ("overview",), "一、总体情况"),
    (GOV2021, ("applications", "carried_forward"), "四、结转下年度继续办理"),
    (GOV2021, ("applications", "natural_person"), "自然人"),
    (GOV2021, ("applications", "results", "total"), "（七）总计"),
    (GOV2021, ("reviews", "litigation_direct", "upheld"), "结果维持"),
    (GOV2021, ("active_disclosure", "normative_documents"), "行政规范性文件"),
    (GOV2021, ("active_disclosure", "regulations", "in_force"), "现行有效件数"),
    (GOV2019, ("active_disclosure", "normative_documents"), "规范性文件"),
    (GOV2019, ("active_disclosure", "licensing", "change"), "本年增/减"),
    (LEGACY, ("statistics", "applications_received"), "（一）收到申请数"),
])
def test_label_by_key_path(fmt: Format, path: tuple[str, ...], expected: str) -> None:
    assert label(fmt, *path) == expected


def test_an_unknown_key_path_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        label(GOV2021, "applications", "no_such_row")
    with pytest.raises(KeyError):
        label(GOV2021, "active_disclosure", "licensing", "no_such_column")


def test_review_blocks_are_named_with_their_group() -> None:
    assert GOV2021.reviews is not None
    assert [GOV2021.reviews.name(b) for b in GOV2021.reviews.blocks()] == [
        "行政复议", "行政诉讼 未经复议直接起诉", "行政诉讼 复议后起诉"]
