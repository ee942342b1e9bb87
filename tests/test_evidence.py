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


# Small corpora of realistic wording (modelled on published reports): each rule must fire on
# every text of the second list and on none of the first (precision and recall 1.0 here).
WITH_FIGURES = [
    "依托门户网站、政务新媒体等平台，全年发布各类信息1863条，其中政策解读56篇。",
    "组织全局干部参加政务公开专题培训两次，将政务公开纳入科室年度绩效考核，占比5%。",
    "对2019年以来制发的文件开展清理，废止3件、修改2件，并在网站集中公布。",
    "全年受理政府信息公开申请27件，均在法定期限内答复，按时答复率100%。",
    "“清河发布”公众号粉丝达到3.2万人，全年推送信息780余条。",
    "召开政务公开工作推进会三次，研究解决突出问题。",
]
WITHOUT_FIGURES = [
    "严格落实公开属性源头认定制度，公文在拟制环节即明确公开方式，做到应公开尽公开。",
    "依托县政府门户网站集中发布政府信息，持续优化栏目设置，提升平台的易用性。",
    "2024年，我局高度重视政务公开工作，成立了由主要负责同志任组长的领导小组。",
    "规范依申请公开办理流程，严格按照《条例》规定的时限和程序办理。",
    "自2024年3月起实行信息发布三级审核，确保发布内容准确。",
]


def _area(text: str) -> str:
    return R(GOV2021, OVERVIEW, SUBHEADS.replace("将政务公开纳入年度考核，开展业务培训两次。", text))


def test_figures_corpus() -> None:
    def fires(text: str) -> bool:
        return any("[R-FIGURE]" in m for m in messages(_area(text)))

    assert [t for t in WITH_FIGURES if fires(t)] == []
    assert [t for t in WITHOUT_FIGURES if not fires(t)] == []


FEE_QUIET = [
    "本年度发出收费通知2件，申请人均未缴费，未实际收取信息处理费。",
    "全年向申请人发出信息处理费收费通知书1份，收取信息处理费300元。",
    "本年度共发出1件缴费通知，实际收取信息处理费0元。",
]
FEE_INCOMPLETE = [
    "本年度按照《政府信息公开信息处理费管理办法》收取信息处理费。",
    "本年度依法发出信息处理费收费通知，相关申请人逾期未缴纳。",
    "本年度有申请人逾期未缴纳信息处理费，按规定终止办理。",
]


def test_fee_corpus() -> None:
    def fires(text: str) -> bool:
        return any("[X-11]" in m for m in messages(R(UNPAID, OTHER, f"other_matters: {text}")))

    assert [t for t in FEE_QUIET if fires(t)] == []
    assert [t for t in FEE_INCOMPLETE if not fires(t)] == []
    # without fee notices in table 三, a statement that none was collected is complete
    assert not any("[X-11]" in m for m in messages(R(GOV2021, OTHER, "other_matters: 本年度未收取任何信息处理费。")))


# The base tables: 予以公开 5, 部分公开 0, （七）总计 6 → 83.3%; 行政复议 1 of 2 corrected → 50%.
RATES_RIGHT = ["政府信息公开申请实质性公开率为83.3%。", "实质性公开率达83%。", "行政复议纠错率50%。",
               "实质性公开率（予以公开与部分公开之和占办结总数的比例）为83.33%。", "公开率为100%。"]
RATES_WRONG = ["实质性公开率为85%。", "实质性公开率达到80.0%。", "复议纠错率为0%。", "行政复议案件纠错率为100%。"]


def test_rates_corpus() -> None:
    def fires(sentence: str) -> bool:
        text = R(GOV2021, OVERVIEW, OVERVIEW[:-1] + "，" + sentence).replace(
            "reviews: {}", "reviews:\n  reconsideration: {upheld: 1, corrected: 1}")
        return any("[X-12]" in m for m in messages(text))

    assert [t for t in RATES_RIGHT if fires(t)] == []
    assert [t for t in RATES_WRONG if not fires(t)] == []
