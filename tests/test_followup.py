"""Section 五 against last year's (X-7, X-8), per-section repeats (X-9), same tables (X-10), R-VAGUE."""

from __future__ import annotations

import difflib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reportgen.followup import SAME, Limits, Said, _closest, same, topic
from reportgen.text import normalise, sentences

from .helpers import GOV2021
from .test_crossyear import LAST, _messages, _write

PROBLEMS = "problems: 存在的问题。"
LAST_PROBLEMS = """problems:
  intro: 一是政策解读形式较为单一，图解、视频等解读偏少；二是局属学校信息公开进度不一，部分学校更新不及时。
  sections:
    - title: 改进措施
      text: 2024年，我局将丰富解读形式，对重要政策同步推出图解；建立局属学校信息公开月度通报制度。"""


def _pair(tmp_path: Path, problems: str, last_problems: str = LAST_PROBLEMS) -> list[str]:
    last = _write(tmp_path / "2023.yaml", LAST.replace(PROBLEMS, last_problems))
    this = _write(tmp_path / "2024.yaml", GOV2021.replace(PROBLEMS, problems))
    return [m.replace(str(last), "LAST") for m in _messages(this, last)]


def test_measures_repeated_from_last_year_name_both_places(tmp_path: Path) -> None:
    found = _pair(tmp_path, """problems:
  intro: 一是依申请公开答复文书不够规范；二是部分栏目更新不及时。
  sections:
    - title: 改进措施
      text: 2025年，我局将丰富解读形式，对重要政策同步推出图解；建立局属学校信息公开月度通报制度。""")
    title = "五、存在的主要问题及改进情况"
    assert found == [
        f"2024.yaml:17:3: problems（{title}）: 警告：“{title}”没有说明上年报告（LAST）所提问题和改进措施的"
        "落实情况，如上年提出的“政策解读形式较为单一，图解、视频等解读偏少”；请写明整改结果或仍存在的原因 [X-8]",
        f"2024.yaml:17:3: problems（{title}）: 警告：“{title}”与上年报告（LAST）重复 69%，超过这一部分的限度 "
        "30%：这一部分应写本年的具体情况 [X-9]",
        f"2024.yaml:20:13: problems.sections[0].text（{title}）: 警告：这一句与上年报告 LAST:20 的改进措施几乎相同"
        "（相似度 100%）：“2025年，我局将丰富解读形式，对重要政策同步推出图解”；请写明上年措施的落实结果和本年新的措施 [X-7]",
        f"2024.yaml:20:41: problems.sections[0].text（{title}）: 警告：这一句与上年报告 LAST:20 的改进措施几乎相同"
        "（相似度 100%）：“建立局属学校信息公开月度通报制度”；请写明上年措施的落实结果和本年新的措施 [X-7]",
    ]


def test_a_section_that_follows_up_is_quiet(tmp_path: Path) -> None:
    assert _pair(tmp_path, "problems: 针对上年度报告指出的解读形式单一问题，全年制作图解12期；"
                 "局属学校月度通报制度已于3月建立。本年的主要问题是依申请公开答复文书不够规范，"
                 "2025年6月底前由办公室修订答复文书模板。") == []


def test_following_up_by_topic_without_naming_last_year(tmp_path: Path) -> None:
    assert _pair(tmp_path, "problems: 政策解读形式单一、图解偏少的情况已明显改善，全年推出图解12期。"
                 "本年的主要问题是答复文书不够规范，2025年6月底前修订文书模板。") == []


def test_last_year_without_problems_asks_for_nothing(tmp_path: Path) -> None:
    assert _pair(tmp_path, "problems: 答复文书不够规范，2025年6月底前修订文书模板。", PROBLEMS) == []


def test_a_plain_text_narrative_of_last_year_is_located(tmp_path: Path) -> None:
    found = _pair(tmp_path, "problems: 答复文书不够规范。2025年我局将建立局属学校信息公开月度通报制度。",
                  "problems: |\n  解读形式单一。\n  2024年我局将建立局属学校信息公开月度通报制度。")
    assert [m for m in found if "[X-7]" in m] == [
        "2024.yaml:16:20: problems（五、存在的主要问题及改进情况）: 警告：这一句与上年报告 LAST:18 的改进措施"
        "几乎相同（相似度 100%）：“2025年我局将建立局属学校信息公开月度通报制度”；请写明上年措施的落实结果和本年新的措施 [X-7]"]


def test_tables_identical_to_last_year(tmp_path: Path) -> None:
    last = _write(tmp_path / "2023.yaml", GOV2021.replace("year: 2024", "year: 2023")
                  .replace("published: 2025-01-20", "published: 2024-01-20"))
    this = _write(tmp_path / "2024.yaml", GOV2021)
    found = [m.replace(str(last), "LAST") for m in _messages(this, last) if "[X-10]" in m]
    assert found == [
        "2024.yaml:6:20: active_disclosure（二、主动公开政府信息情况）: 警告：“二、主动公开政府信息情况”"
        "“三、收到和处理政府信息公开申请情况”“四、政府信息公开行政复议、行政诉讼情况”三张表的数字与上年报告（LAST）"
        "完全相同：请核对是否沿用了上年的表格 [X-10]"]


VAGUE = "problems: 部分栏目更新不及时。下一步，我局将进一步加强政府信息公开工作，持续提升公开质量，不断完善工作机制。"


def test_vague_measures(tmp_path: Path) -> None:
    this = _write(tmp_path / "2024.yaml", GOV2021.replace(PROBLEMS, VAGUE))
    assert _messages(this) == [
        "2024.yaml:16:21: problems（五、存在的主要问题及改进情况）: 警告：“五、存在的主要问题及改进情况”的改进措施"
        "只有“进一步、加强、持续、提升、不断、完善”一类表述，没有具体做法、责任部门、完成时间或数字；"
        "请写明做什么、谁负责、何时完成 [R-VAGUE]"]


def test_a_concrete_measure_is_not_vague(tmp_path: Path) -> None:
    this = _write(tmp_path / "2024.yaml", GOV2021.replace(
        PROBLEMS, VAGUE[:-1] + "，6月底前由办公室修订栏目维护办法。"))
    assert _messages(this) == []


def test_limits_are_configurable() -> None:
    assert Limits().sections == {"overview": 0.4, "problems": 0.3}
    assert Limits(overall=0.6, sections={"problems": 0.2}).sections["problems"] == 0.2


def test_similarities() -> None:
    a, b = normalise("2024年将推出图解。"), normalise("2025年，将推出图解")
    assert a == b == "0年将推出图解"
    assert same(a, b) == 1.0
    assert topic("解读形式单一的情况已改善", "政策解读形式较为单一") == 4 / 9  # 解读 读形 形式 单一: 4 of the 9 bigrams of the first
    assert [s.text for s in sentences("差距：一是解读单一；二是更新不及时。\n（一）改进：建立制度")] == [
        "差距", "解读单一", "更新不及时", "改进：建立制度"]


_UNITS = st.lists(st.text("问题整改", min_size=1, max_size=12), min_size=1, max_size=4)


@given(_UNITS, _UNITS)
def test_closest_pair_is_the_first_best_of_all_pairs(now: list[str], before: list[str]) -> None:
    # The pruned search (difflib's upper bounds) must pick what max() over every pair picks.
    units = [Said(("problems",), text, text) for text in now]
    last = [Said(("problems",), text, text) for text in before]
    best = max(((same(u.norm, b.norm), u, b) for u in units for b in last), key=lambda t: t[0])
    matchers = [(b, difflib.SequenceMatcher(None, "", b.norm, autojunk=False)) for b in last]
    assert _closest(units, matchers) == (best if best[0] >= SAME else None)
