"""How published reports word what the format holds: data for the content checks.

The words a narrative uses when it states a figure of the tables, the words that show an area of
一、总体情况 was written about, and labels that published reports are known to alter. They are
official wording (or close to it), so they live with the format definitions.
"""

from __future__ import annotations

from .gov import OVERVIEW_TOPICS

#: A figure a narrative may state: (figure name, keyword pattern, unit, whether the number comes
#: after the keyword). Figure names are those of the tables (``received`` …) and of
#: :attr:`~reportgen.formats.types.Format.figures`.
_CARRIED_FORWARD = r"结转(?:至|到)?下(?:一)?年度?|顺延(?:至|到)下(?:一)?年度?"
FIGURE_WORDS: tuple[tuple[str, str, str, bool], ...] = (
    ("received", r"(?:新收|收到|受理)[^，。；\d]{0,8}?申请", "件", True),
    ("carried_over", r"上年度?结转", "件", True),
    ("results", r"办结|答复", "件", True),
    ("disclosed", r"予以公开", "件", True),
    ("partially_disclosed", r"部分公开", "件", True),
    ("carried_forward", _CARRIED_FORWARD, "件", False),
    ("carried_forward", _CARRIED_FORWARD, "件", True),
    ("reconsideration", r"行政复议(?:案件)?", "件", True),
    ("litigation", r"行政诉讼(?:案件)?", "件", True),
    ("normative_issued", r"(?:制发|印发|出台|制定)[^，。；\d]{0,4}?规范性文件", "件", True),
    ("normative_repealed", r"废止", "件", True),
    ("normative_in_force", r"现行有效", "件", True),
    ("licensing", r"行政许可(?:决定)?", "件", True),
    ("penalty", r"行政处罚(?:决定)?", "件", True),
    ("fees", r"行政事业性收费", "万元", True),
    ("proactive", r"主动公开政府信息", "条", True),
)

#: What each area of 一、总体情况 is recognised by, besides a sub-head naming it.
AREA_WORDS: dict[str, tuple[str, ...]] = dict(zip(OVERVIEW_TOPICS, (
    ("主动公开",),
    ("依申请",),
    ("信息管理", "公开属性", "保密审查", "源头认定", "动态调整", "文件清理"),
    ("平台", "网站", "公众号", "新媒体", "公报"),
    ("监督", "考核", "培训", "保障", "评议", "责任追究"),
), strict=True))

#: Altered labels seen in published reports (official-formats.md §6.2) → the canonical wording
#: (each right-hand side is part of an official label; a test checks that).
LABEL_VARIANTS = {
    "只计这一情况": "只计这一情形",
    "三类内容事务信息": "三类内部事务信息",
    "政府信息公开行政复议行政诉讼情况": "政府信息公开行政复议、行政诉讼情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况": "政府信息公开行政复议、行政诉讼情况",
}
