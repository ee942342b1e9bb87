"""Reviewer-grade checks: text against tables, required content, dates, plausibility."""

from __future__ import annotations

import pytest

from reportgen.formats import FORMATS, STATISTICS
from reportgen.formats.wording import LABEL_VARIANTS

from .helpers import GOV2021, check, messages
from .helpers import replace_line as R

OVERVIEW = "overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。"
# The base report's tables: received 6, carried over 1, results 6 (disclosed 5, not held 1),
# carried forward 1, no reconsideration or litigation.
CORRECT = [
    "全年新收政府信息公开申请6件，上年结转1件。",
    "办结6件，其中予以公开5件。",
    "答复6件（含上年度结转申请1件，另有1件顺延到下年度答复）。",
    "1件因需征求第三方意见结转下年度继续办理。",
    "累计收到政府信息公开申请120件。",          # another scope: 累计
    "较上年新收申请增加2件。",                   # another scope: 较上年
    "2023年收到政府信息公开申请3件。",           # another year
    "办理县人大代表建议5件、政协委员提案8件。",    # not a table figure
    "共收到群众留言9条。",                       # another unit
    "全年未发生行政复议和行政诉讼。",              # no number
]
WRONG = [
    "全年新收政府信息公开申请8件。",
    "已办结5件。",
    "其中予以公开3件。",
    "被申请行政复议1件。",
    "2件结转下年度继续办理。",
    "上年结转申请2件。",
]


def _flagged(sentence: str) -> bool:
    text = R(GOV2021, OVERVIEW, OVERVIEW[:-1] + sentence)
    return any(f.rule == "X-2" for f in check(text).findings)


def test_text_against_tables_precision_and_recall_on_realistic_phrasing() -> None:
    false_alarms = [s for s in CORRECT if _flagged(s)]
    missed = [s for s in WRONG if not _flagged(s)]
    assert (false_alarms, missed) == ([], [])  # precision 1.0 and recall 1.0 on this corpus


def test_a_contradiction_is_quoted_at_its_own_line() -> None:
    text = R(GOV2021, OVERVIEW, "overview: |\n  主动公开、依申请公开、信息管理、平台和监督工作均按要求开展。\n\n"
             "  全年新收政府信息公开申请8件。")
    assert messages(text) == [
        "t.yaml:8:5: overview（一、总体情况）: 警告：文中“新收政府信息公开申请8件”与表三“一、本年新收政府信息"
        "公开申请数量”总计（6）不一致；如口径不同（如含上年结转），请在文中注明 [X-2]"]


CASES = {
    "R-AREA": (R(GOV2021, OVERVIEW, "overview: 主动公开、依申请公开、平台建设和监督保障工作均按要求开展。"),
               "t.yaml:5:11: overview（一、总体情况）: 警告：“一、总体情况”没有写到“政府信息管理”：格式要求总体情况"
               "主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障 [R-AREA]"),
    "R-GOV": (GOV2021 + "organ_kind: government\n",
              "t.yaml:5:11: overview（一、总体情况）: 警告：人民政府的年报应在监督保障部分报告工作考核、社会评议、"
              "责任追究结果情况（《条例》第五十条） [R-GOV]"),
    "R-NONE": (R(GOV2021, "problems: 存在的问题。", "problems: 无。"),
               "t.yaml:16:11: problems（五、存在的主要问题及改进情况）: 警告：“五、存在的主要问题及改进情况”只写了“无”："
               "应如实写出存在的问题和改进措施 [R-NONE]"),
    "R-FEE": (R(GOV2021, "other_matters: 本年度未收取信息处理费。", "other_matters: 无其他事项。"),
              "t.yaml:17:16: other_matters（六、其他需要报告的事项）: 警告：“六、其他需要报告的事项”应说明信息处理费的"
              "收取情况，如“本年度未收取信息处理费” [R-FEE]"),
    "X-3": (R(R(GOV2021, "other_matters: 本年度未收取信息处理费。", "other_matters: 无其他事项。"),
              "      not_held: [1, 0, 0, 0, 0, 0]",
              "      not_held: [0, 0, 0, 0, 0, 0]\n    other:\n      unpaid_fee: [1, 0, 0, 0, 0, 0]"),
            "t.yaml:19:16: other_matters（六、其他需要报告的事项）: 警告：表三“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”有 1 件，"
            "说明本年度发出过收费通知；“六、其他需要报告的事项”应说明信息处理费的收取情况 [X-3]"),
    "X-4": (GOV2021 + "preface: 本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n",
            "t.yaml:18:24: preface（前言）: 警告：前言写的统计期限“2023年1月1日起至2023年12月31日”与报告年度 2024 年"
            "不符 [X-4]"),
    "R-LABEL": (R(GOV2021, "problems: 存在的问题。", "problems: 部分公开的申请只计这一情况，统计口径需统一。"),
                "t.yaml:16:18: problems（五、存在的主要问题及改进情况）: 警告：“只计这一情况”与官方表述不同，"
                "应为“只计这一情形” [R-LABEL]"),
    "P-2": (R(GOV2021, "active_disclosure: {}",
              "active_disclosure:\n  normative_documents: {issued: 5, repealed: 1, in_force: 2}"),
            "t.yaml:7:33: active_disclosure.normative_documents.issued（行政规范性文件 · 本年制发件数）: 警告：本年制发 5 件，"
            "多于现行有效 2 件与本年废止 1 件之和：本年制发的文件应计入现行有效或本年废止，请核对（因到期失效减少的请在正文中说明） [P-2]"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_review_finding_verbatim(case: str) -> None:
    text, expected = CASES[case]
    assert messages(text) == [expected]


def test_an_empty_government_report_is_questioned() -> None:
    text = (GOV2021.replace("  received: [5, 1, 0, 0, 0, 0]\n", "").replace(
        "  carried_over: [1, 0, 0, 0, 0, 0]\n", "")
        .replace("    disclosed: [4, 1, 0, 0, 0, 0]\n", "").replace(
            "      not_held: [1, 0, 0, 0, 0, 0]\n", "      not_held: [0, 0, 0, 0, 0, 0]\n")
        .replace("  carried_forward: [1, 0, 0, 0, 0, 0]\n", "")
        + "organ_kind: government\n")
    rules = [f.rule for f in check(text).findings]
    assert "P-3" in rules and rules.count("P-3") == 1


def test_every_label_variant_points_at_official_wording() -> None:
    from reportgen.catalog import catalog

    labels = [label for f in FORMATS for label in catalog(f).labels.values()]
    labels += [cell.label for f in FORMATS for cell in catalog(f).cells.values()]
    labels += [row.label for row in STATISTICS.rows]
    for right in LABEL_VARIANTS.values():
        assert any(right in label for label in labels), right
