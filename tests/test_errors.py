"""Findings: their one-line form and their order."""

from __future__ import annotations

from reportgen.errors import Finding, Severity, sort_key


def _finding(line: int, column: int, where: str = "", rule: str = "R") -> Finding:
    return Finding(Severity.ERROR, rule, "年报.pdf", line, column, "", "", "说明", where)


def test_findings_of_a_published_document_go_by_page_first() -> None:
    # Row 4 of a table on page 3 comes after paragraph 5 on page 2 and the title on page 1.
    table = _finding(4, 4, "第3页:表三 第4行 第4列")
    paragraph = _finding(5, 0, "第2页:第5段")
    title = _finding(1, 1, "第1页:标题")
    unplaced = _finding(9, 9, "一个表格")
    assert sorted([table, paragraph, title, unplaced], key=sort_key) == [
        unplaced, title, paragraph, table]


def test_findings_of_an_input_file_go_by_line_column_and_rule() -> None:
    later, earlier, same = _finding(12, 3), _finding(2, 7), _finding(12, 3, rule="A")
    assert sorted([later, earlier, same], key=sort_key) == [earlier, same, later]


def test_a_published_finding_prints_its_place_in_words() -> None:
    assert _finding(4, 4, "第3页:表三 第4行 第4列").format() == (
        "年报.pdf:第3页:表三 第4行 第4列: 错误：说明 [R]")


def test_findings_of_a_published_document_go_by_table_within_a_page() -> None:
    # A DOCX has no pages: row 1 of table 四 comes after row 2 of table 三, paragraphs first.
    four, three = _finding(1, 1, "表四 第1行 第1列"), _finding(2, 5, "表三 第2行 第5列")
    paragraph, missing = _finding(30, 1, "第30段"), _finding(0, 0, "表三")
    assert sorted([four, three, paragraph, missing], key=sort_key) == [paragraph, missing, three, four]
