"""Figures where evaluators want them: R-FIGURE, the fee statement (X-11), derived rates (X-12)."""

from __future__ import annotations

import pytest

from reportgen.evidence import has_figure

from .helpers import GOV2021, messages
from .helpers import replace_line as R

OVERVIEW = "overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。"
OTHER = "other_matters: 本年度未收取信息处理费。"
UNPAID = GOV2021.replace("    unavailable:\n      not_held: [1, 0, 0, 0, 0, 0]",
                         "    other:\n      unpaid_fee: [1, 0, 0, 0, 0, 0]")
SUBHEADS = """overview:
  sections:
    - title: 主动公开
      text: 全年主动公开政府信息538条。
    - title: 依申请公开
      text: 全年新收政府信息公开申请6件。
    - title: 政府信息管理
      text: 2024年3月完成规范性文件清理，对12件文件标注效力状态。
    - title: 平台建设
      text: 门户网站专栏全年更新信息312条。
    - title: 监督保障
      text: 将政务公开纳入年度考核，开展业务培训两次。"""


def test_every_area_with_a_figure_is_quiet() -> None:
    assert messages(R(GOV2021, OVERVIEW, SUBHEADS)) == []


def test_an_area_without_a_figure() -> None:
    text = R(GOV2021, OVERVIEW, SUBHEADS.replace(
        "将政务公开纳入年度考核，开展业务培训两次。", "将政务公开纳入年度考核，2024年6月开展业务培训。"))
    assert messages(text) == [
        "t.yaml:16:13: overview.sections[4].text（一、总体情况）: 警告：“一、总体情况”的“监督保障”部分没有一个数字："
        "评估者要求每一方面写出本年的具体数字（件数、条数、次数、金额等），只有定性描述的会被扣分 [R-FIGURE]"]


@pytest.mark.parametrize(("text", "expected"), [
    ("全年发布信息312条", True), ("开展培训两次", True), ("2024年3月15日启用", False),
    ("2024-03-15 启用新版网站", False), ("持续加强平台建设", False), ("纠错率为0%", True)])
def test_has_figure(text: str, expected: bool) -> None:
    assert has_figure(text) is expected


FEE_CASES = {
    "notice without count": (
        R(UNPAID, OTHER, "other_matters: 本年度发出收费通知，申请人未缴纳信息处理费。"),
        "t.yaml:17:16: other_matters（六、其他需要报告的事项）: 警告：表三“（六）其他处理 2.申请人逾期未按收费通知要求"
        "缴纳费用、行政机关不再处理其政府信息公开申请”有 1 件，说明本年度发出过收费通知；“六、其他需要报告的事项”"
        "应写明发出收费通知的件数，如“本年度发出收费通知 1 件，实际收取信息处理费 0 元” [X-11]"),
    "collected without amount": (
        R(GOV2021, OTHER, "other_matters: 本年度依照规定收取信息处理费。"),
        "t.yaml:17:16: other_matters（六、其他需要报告的事项）: 警告：文中写了收取信息处理费；“六、其他需要报告的事项”"
        "应写明实际收取的金额，如“本年度发出收费通知 1 件，实际收取信息处理费 0 元” [X-11]"),
}


@pytest.mark.parametrize("case", FEE_CASES)
def test_fee_statement_verbatim(case: str) -> None:
    text, expected = FEE_CASES[case]
    assert messages(text) == [expected]


@pytest.mark.parametrize("other", [
    "other_matters: 本年度发出收费通知1件，申请人逾期未缴纳，实际收取信息处理费0元。",
    "other_matters: 本年度共发出2件收费通知，收取信息处理费150元。"])
def test_a_complete_fee_statement_is_quiet(other: str) -> None:
    assert messages(R(UNPAID, OTHER, other)) == []


def test_derived_rates_against_the_tables() -> None:
    text = R(GOV2021, OVERVIEW, OVERVIEW[:-1] + "，实质性公开率为83.3%，实质性公开率83%，实质性公开率达50%；"
             "行政复议纠错率为50%，复议纠错率20%。").replace(
        "reviews: {}", "reviews:\n  reconsideration: {upheld: 1, corrected: 1}")
    assert messages(text) == [
        "t.yaml:5:70: overview（一、总体情况）: 警告：文中“实质性公开率达50%”与表格算出的实质性公开率不一致："
        "（（一）予以公开 + （二）部分公开）÷ （七）总计 = 5 ÷ 6 = 83.3% [X-12]",
        "t.yaml:5:93: overview（一、总体情况）: 警告：文中“复议纠错率20%”与表格算出的行政复议纠错率不一致："
        "结果纠正 ÷ 总计 = 1 ÷ 2 = 50.0% [X-12]"]
