"""The render context: numbering, paragraphs, titles, tables, signature."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.context import (
    build,
    display_width,
    number,
    numeral,
    paragraphs,
    signature_offsets,
    split_title,
)
from reportgen.validation import check_file

from .helpers import GOV2021, SAMPLES, check
from .helpers import replace_line as R


def _doc(text: str):  # type: ignore[no-untyped-def]
    result = check(text)
    assert result.report is not None, [f.format() for f in result.findings]
    return build(result.format, result.report)


def test_numerals() -> None:
    assert [numeral(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_paragraphs_split_on_blank_lines_and_join_lines() -> None:
    assert paragraphs("第一段\n接续。\n\n第二段 with\nLatin words\n") == [
        "第一段接续。", "第二段 with Latin words"]


def test_titles_break_into_a_trapezoid_at_word_boundaries() -> None:
    assert split_title("示例局2024年政府信息公开工作年度报告", "示例局") == (
        "示例局2024年政府信息公开工作年度报告",)
    assert split_title("清河县教育局2019年政府信息公开工作年度报告", "清河县教育局") == (
        "清河县教育局2019年", "政府信息公开工作年度报告")
    lines = split_title("内蒙古自治区呼伦贝尔市满洲里市教育局2018年政府信息公开工作年度报告",
                        "内蒙古自治区呼伦贝尔市满洲里市教育局")
    assert "".join(lines) == "内蒙古自治区呼伦贝尔市满洲里市教育局2018年政府信息公开工作年度报告"
    assert all(display_width(line) <= 20 for line in lines)


def test_amounts_print_exactly_as_written() -> None:
    assert [number(Decimal("59237.2449")), number(Decimal("12.50")), number(Decimal("1E+3")),
            number(7)] == ["59237.2449", "12.50", "1000", "7"]


def test_signature_offsets_follow_gb9704() -> None:
    # A short date starts two characters right of the signature's start.
    assert signature_offsets("清河县教育局办公室", "2020年1月6日") == (2.0, 2.0 + 9 - 2 - 6)
    # A longer date sits two characters in, and the signature moves left to keep the step.
    assert signature_offsets("清河县教育局", "2020年1月16日") == (2.0 + 6.5 + 2 - 6, 2.0)


def test_sections_blocks_and_numbering() -> None:
    doc = _doc(R(GOV2021, "overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。",
                 "overview:\n  intro: 引言。\n  sections:\n    - title: （一）主动公开\n      text: 正文甲。\n"
                 "      sections:\n        - title: 细项\n          text: 正文乙。\n"
                 "          sections:\n            - title: 再细\n              text: 正文丙。"))
    blocks = [(b.kind, b.text) for b in doc.sections[0].blocks]
    assert blocks == [("paragraph", "引言。"), ("heading2", "（一）主动公开"), ("paragraph", "正文甲。"),
                      ("heading3", "1.细项"), ("paragraph", "正文乙。"), ("heading4", "（1）再细"),
                      ("paragraph", "正文丙。")]
    assert [s.heading for s in doc.sections][1:4] == [
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    assert doc.date == "2025年1月20日" and doc.signature == "示例局"


def test_table_three_prints_zero_and_computes_totals() -> None:
    doc = _doc(GOV2021)
    grid = doc.sections[2].blocks[0].grid
    assert grid is not None
    rows = {row[-8].text if len(row) > 8 else row[0].text: [c.text for c in row[-7:]]
            for row in grid.body}
    assert rows["一、本年新收政府信息公开申请数量"] == ["5", "1", "0", "0", "0", "0", "6"]
    assert rows["（七）总计"] == ["5", "1", "0", "0", "0", "0", "6"]
    assert rows["1.属于国家秘密"] == ["0"] * 7
    assert len(grid.header) == 3 and len(grid.body) == 25


def test_legacy_report_attaches_the_statistics_table() -> None:
    result = check_file(SAMPLES / "seeds" / "manzhouli-2018.yaml")
    assert result.report is not None
    doc = build(result.format, result.report)
    assert [s.heading for s in doc.sections][:2] == ["一、信息公开工作情况", "二、主动公开政府信息情况"]
    attachment = doc.attachments[0]
    assert (attachment.label, attachment.title) == ("附件", "政府信息公开情况统计表")
    assert attachment.grid is not None
    values = {row[0].text: row[2].text for row in attachment.grid.body}
    assert values["（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"] == "1606"
    assert values["一、主动公开情况"] == "" and values["2.传真申请数"] == "0"


@pytest.mark.parametrize("path", sorted(SAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_input_paragraph_is_in_the_document_in_order(path: Path) -> None:
    import yaml

    result = check_file(path)
    assert result.report is not None
    texts = build(result.format, result.report).texts()
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return paragraphs(node)
        if isinstance(node, dict):
            return [s for key, value in node.items() if key in ("intro", "text", "sections")
                    for s in strings(value)]
        if isinstance(node, list):
            return [s for item in node for s in strings(item)]
        return []

    expected = [p for key in ("preface", "overview", "sections", "problems", "other_matters")
                for p in strings(raw.get(key))]
    position = 0
    for paragraph in expected:
        position = texts.index(paragraph, position) + 1


@pytest.mark.parametrize("path", sorted(SAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_is_dated_under_its_signature(path: Path) -> None:
    result = check_file(path)
    assert result.report is not None
    report = result.report
    dated = report.signed or report.published
    assert dated is not None
    assert build(result.format, result.report).date == f"{dated.year}年{dated.month}月{dated.day}日"


def test_the_signing_date_is_printed_when_given_else_the_publication_date() -> None:
    signed = check(R(GOV2021, "published: 2025-01-20", "published: 2025-01-20\nsigned: 2024-12-31"))
    assert signed.report is not None
    assert build(signed.format, signed.report).date == "2024年12月31日"
    plain = check(GOV2021)
    assert plain.report is not None
    assert build(plain.format, plain.report).date == "2025年1月20日"
    xiangqiao = check_file(SAMPLES / "seeds" / "xiangqiao-2017.yaml")
    assert xiangqiao.report is not None
    assert build(xiangqiao.format, xiangqiao.report).date == "2017年12月31日"


#: An input using the keys for what real reports print (issue 14).
PRINTED = R(R(GOV2021, "overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。",
              "overview:\n  sections:\n    - title: 主动公开情况\n      run_in: true\n"
              "      text: |\n        正文甲。\n\n        正文乙。\n"
              "    - title: 依申请公开：\n      run_in: true\n      text: 正文丙。\n"
              "    - title: 监督保障\n      run_in: true\n"),
            "reviews: {}",
            "reviews: {}\ntable_notes:\n  active_disclosure: 注：收费单位为万元。\n"
            "title_lines: [示例局2024年政府信息公开, 工作年度报告]\n"
            "attachment_note: 附件：1.甲制度\n"
            "attachments:\n  - title: 甲制度\n    text: |\n      第一条。\n\n      第二条。\n")


def test_run_in_sub_headings_start_their_first_paragraph() -> None:
    blocks = [(b.kind, b.text, b.lead) for b in _doc(PRINTED).sections[0].blocks]
    assert blocks == [("paragraph", "（一）主动公开情况。正文甲。", "（一）主动公开情况。"),
                      ("paragraph", "正文乙。", ""),
                      ("paragraph", "（二）依申请公开：正文丙。", "（二）依申请公开："),
                      ("heading2", "（三）监督保障", "")]  # no text: a heading of its own
    assert _doc(PRINTED).sections[0].blocks[0].rest == "正文甲。"


def test_chosen_title_lines_notes_attachments_and_the_attachment_line() -> None:
    doc = _doc(PRINTED)
    assert doc.title == "示例局2024年政府信息公开工作年度报告"
    assert doc.title_lines == ("示例局2024年政府信息公开", "工作年度报告")
    assert [b.text for b in doc.sections[1].blocks[1:]] == ["注：收费单位为万元。"]
    assert doc.attachment_note == ("附件：1.甲制度",)
    (attachment,) = doc.attachments
    assert (attachment.label, attachment.title, attachment.grid, attachment.paragraphs) == \
        ("附件", "甲制度", None, ("第一条。", "第二条。"))
    texts = doc.texts()
    assert texts.index("附件：1.甲制度") < texts.index("示例局") < texts.index("第一条。")


def test_several_attachments_are_numbered_after_the_statistics_table() -> None:
    result = check((SAMPLES / "seeds" / "manzhouli-2018.yaml").read_text(encoding="utf-8")
                   + "attachments:\n  - title: 甲制度\n    text: 第一条。\n"
                   + "table_notes:\n  statistics: 注：统计口径。\n")
    assert result.report is not None, [f.format() for f in result.findings]
    doc = build(result.format, result.report)
    assert [(a.label, a.title, a.paragraphs) for a in doc.attachments] == [
        ("附件1", "政府信息公开情况统计表", ("注：统计口径。",)), ("附件2", "甲制度", ("第一条。",))]


def test_title_lines_must_make_the_given_title() -> None:
    found = [f.format() for f in check(R(GOV2021, "agency: 示例局",
                                         "agency: 示例局\ntitle: 示例局年报\ntitle_lines: [示例局, 年度报告]"))
             .findings if f.severity.value == "error"]
    assert len(found) == 1 and "各行合起来是“示例局年度报告”，与标题“示例局年报”不同" in found[0], found
