"""``reportgen init`` scaffolds: complete, commented, and valid once the prose is written."""

from __future__ import annotations

import re

import pytest

from reportgen.formats import FORMATS
from reportgen.scaffold import scaffold

from .helpers import check


@pytest.mark.parametrize("fmt_id", ["gov2021", "gov2019", "legacy"])
def test_only_the_prose_is_left_to_write(fmt_id: str) -> None:
    text = scaffold(FORMATS[fmt_id], 2025, "某某局")
    rules = {f.rule for f in check(text).findings}
    assert rules <= {"N-EMPTY", "F-YEAR", "D-MISSING"}
    assert {"N-EMPTY", "D-MISSING"} <= rules


def test_the_date_key_is_written_for_the_user_to_fill() -> None:
    text = scaffold(FORMATS["gov2021"], 2025, "某某局")
    assert re.search(r"^published: +# 发布日期（必填），写成 2026-01-20 的样子，不晚于2026年1月31日$", text, re.M)
    assert re.search(r"^# signed: +# 成文日期（可选）", text, re.M)
    # Left empty, the key is one clear finding at its line, not a crash or a type error.
    [finding] = [f.format() for f in check(text).findings if f.rule == "D-MISSING"]
    assert finding == (
        "t.yaml:10:11: published（发布日期）: 错误：没有填写发布日期：落款下要印日期，是否按期发布也按它核对；"
        "请写 published: YYYY-MM-DD（不晚于2026年1月31日）；成文日期与发布日期不同时，另写 signed: YYYY-MM-DD "
        "[D-MISSING]")


@pytest.mark.parametrize("fmt_id", ["gov2021", "gov2019", "legacy"])
def test_filling_the_prose_makes_it_pass(fmt_id: str) -> None:
    year = {"gov2021": 2025, "gov2019": 2020, "legacy": 2018}[fmt_id]
    text = scaffold(FORMATS[fmt_id], year, "某某局")
    filled = re.sub(r"^(\s*)(\w+): \|$", r"\1\2: 全年完成3项工作，本年度未收取信息处理费。", text,
                    flags=re.M)
    filled = re.sub(r"^published: .*$", f"published: {year + 1}-01-20", filled, flags=re.M)
    assert [f.format() for f in check(filled).findings] == []


def test_every_row_is_written_with_its_official_label() -> None:
    text = scaffold(FORMATS["gov2021"], 2025, "某某局")
    for label in ("1.属于国家秘密", "（七）总计", "四、结转下年度继续办理", "行政事业性收费",
                  "3.危及“三安全一稳定”", "复议后起诉：结果维持/结果纠正/其他结果/尚未审结"):
        assert label in text


def test_previous_year_fills_carry_over_and_agency_data() -> None:
    last = check("""\
    year: 2024
    agency: 某某局
    signature: 某某局办公室
    contact: {phone: 0000-1234567}
    overview: x
    problems: x
    other_matters: x
    active_disclosure:
      normative_documents: {issued: 1, repealed: 0, in_force: 9}
    applications:
      received: [3, 0, 0, 0, 0, 0]
      results:
        disclosed: [1, 0, 0, 0, 0, 0]
      carried_forward: [2, 0, 0, 0, 0, 0]
    reviews: {}
    """)
    text = scaffold(FORMATS["gov2021"], 2025, "某某局", previous=last)
    assert "carried_over: [2, 0, 0, 0, 0, 0]" in text
    assert "signature: 某某局办公室" in text and 'phone: "0000-1234567"' in text
    assert "上年现行有效件数 9" in text
    this_year = check(re.sub(r"^(\s*)(\w+): \|$", r"\1\2: 内容。", text, flags=re.M)).report
    assert this_year is not None
    assert this_year.applications.carried_over.natural_person == 2  # type: ignore[attr-defined]


def test_previous_year_preface_moves_on_and_sub_headings_are_kept() -> None:
    last = check("""\
    year: 2024
    agency: 某某局
    preface: |
      本报告根据《条例》（2019年修订）编制。统计期限自2024年1月1日起至2024年12月31日止。

      本报告于2025年1月在网站公开。
    overview:
      intro: 概述。
      sections:
        - {title: 主动公开情况, text: 甲。}
        - {title: "规范性文件: 清理", text: 乙。}
    problems: x
    other_matters: x
    active_disclosure: {}
    applications:
      received: [3, 0, 0, 0, 0, 0]
      results:
        disclosed: [1, 0, 0, 0, 0, 0]
      carried_forward: [2, 0, 0, 0, 0, 0]
    reviews: {}
    """)
    copied: list[str] = []
    text = scaffold(FORMATS["gov2021"], 2025, "某某局", previous=last, copied=copied)
    assert ("preface: |\n  本报告根据《条例》（2019年修订）编制。统计期限自2025年1月1日起至2025年12月31日止。\n"
            "\n  本报告于2026年1月在网站公开。\n") in text
    assert "    - title: 主动公开情况\n      text: |\n    - title: \"规范性文件: 清理\"\n" in text
    assert "甲。" not in text  # the structure is kept, last year's text is not
    assert copied == [
        "前言（其中的年份已由 2024 改为 2025，请通读核对）",
        "“一、总体情况”的 2 个小标题",
        "“二、上年结转政府信息公开申请数量”按上年“结转下年度继续办理”预填：[2, 0, 0, 0, 0, 0]",
    ]
    assert check(re.sub(r"^(\s*)(\w+): \|$", r"\1\2: 内容。", text, flags=re.M)).report is not None


def test_the_unit_free_amount_says_it_may_carry_its_unit() -> None:
    lines = scaffold(FORMATS["gov2019"], 2019, "某某局").split("\n")
    [line] = [t for t in lines if t.startswith("  procurement:")]
    assert line.endswith("# 政府集中采购（采购总金额可带单位：元或万元，如 251000元）")
    assert not any("可带单位" in t for t in scaffold(FORMATS["gov2021"], 2025, "某某局").split("\n"))
