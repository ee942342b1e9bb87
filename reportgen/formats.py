"""The official report formats as data: the one place where every official label is written.

Each format (``gov2021``, ``gov2019``, ``legacy``) is a :class:`Format`: its sections in order,
its tables and the input key of every cell. The models, the validator, the scaffolder
(``reportgen init``), the JSON Schema and both renderers read this module; none of them spells a
label of its own.

Tables are described by their *meaning* (rows, columns, value fields); their physical grid with
row and column spans is derived from that by :mod:`reportgen.grid`, so merges follow from the
structure instead of being typed in twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """What a table cell holds, which decides its validation and its printing."""

    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # integer, may be negative (2019 本年增/减)
    MONEY = "money"  # non-negative decimal kept exactly as written


@dataclass(frozen=True)
class Node:
    """A labelled node of a header tree; leaves carry an input key.

    Used for the row headers and the column headers of the tables: a node spans all the leaves
    below it, and a leaf spans the header levels its ancestors do not use.
    """

    label: str
    key: str = ""
    children: tuple[Node, ...] = ()
    computed: bool = False  # a leaf the tool computes (总计); given values are checked

    def leaves(self) -> tuple[Node, ...]:
        """Return the leaves below this node, left to right (itself when a leaf)."""
        if not self.children:
            return (self,)
        return tuple(leaf for child in self.children for leaf in child.leaves())

    def depth(self) -> int:
        """Return the number of levels of this subtree (1 for a leaf)."""
        return 1 + max((child.depth() for child in self.children), default=0)


# --------------------------------------------------------------------------------------------
# Table 二: 主动公开政府信息情况


@dataclass(frozen=True)
class Field:
    """One value column of a table-二 block."""

    key: str  # "" when the row's value is a bare scalar (2021 single-column blocks)
    label: str
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class Item:
    """One row of a table-二 block: 信息内容 label and its input key."""

    key: str
    label: str


@dataclass(frozen=True)
class Block:
    """A block of table 二: heading row, column header row, data rows."""

    heading: str
    fields: tuple[Field, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ActiveTable:
    """Table 二 of a format."""

    key: str
    blocks: tuple[Block, ...]
    item_header: str
    width: int = 4  # grid columns: the label column plus three value columns


_TOTAL = "总计"

# --------------------------------------------------------------------------------------------
# Table 三: 收到和处理政府信息公开申请情况

APPLICANT_COLUMNS = Node(
    "申请人情况",
    children=(
        Node("自然人", "natural_person"),
        Node(
            "法人或其他组织",
            children=(
                Node("商业企业", "business"),
                Node("科研机构", "research"),
                Node("社会公益组织", "social_welfare"),
                Node("法律服务机构", "legal_services"),
                Node("其他", "other"),
            ),
        ),
        Node(_TOTAL, "total", computed=True),
    ),
)
#: The six applicant columns in the official order (the order of a list-shaped row).
APPLICANT_KEYS: tuple[str, ...] = tuple(
    leaf.key for leaf in APPLICANT_COLUMNS.leaves() if not leaf.computed
)
TOTAL_KEY = "total"


@dataclass(frozen=True)
class ApplicationsTable:
    """Table 三 of a format: a corner note, applicant columns, and a tree of rows."""

    key: str
    corner: str
    columns: Node
    rows: tuple[Node, ...]
    received: str  # keys of the rows that take part in the balance rule T3-1
    carried_over: str
    results: str
    carried_forward: str
    label_columns: int = 3


def _numbered(labels: tuple[tuple[str, str], ...]) -> tuple[Node, ...]:
    """Number sub-rows ``1.`` ``2.`` … (ASCII full stop, as the official table writes it)."""
    return tuple(Node(f"{i}.{label}", key) for i, (key, label) in enumerate(labels, 1))


_WITHHELD = Node(
    "（三）不予公开",
    "withheld",
    _numbered(
        (
            ("state_secret", "属于国家秘密"),
            ("prohibited_by_law", "其他法律行政法规禁止公开"),
            ("security_stability", "危及“三安全一稳定”"),
            ("third_party_rights", "保护第三方合法权益"),
            ("internal_affairs", "属于三类内部事务信息"),
            ("process_information", "属于四类过程性信息"),
            ("enforcement_files", "属于行政执法案卷"),
            ("query_matters", "属于行政查询事项"),
        ),
    ),
)
_UNAVAILABLE = Node(
    "（四）无法提供",
    "unavailable",
    _numbered(
        (
            ("not_held", "本机关不掌握相关政府信息"),
            ("needs_creation", "没有现成信息需要另行制作"),
            ("unclear_after_correction", "补正后申请内容仍不明确"),
        ),
    ),
)
_NOT_PROCESSED = Node(
    "（五）不予处理",
    "not_processed",
    _numbered(
        (
            ("petition_complaint", "信访举报投诉类申请"),
            ("duplicate", "重复申请"),
            ("publication", "要求提供公开出版物"),
            ("excessive", "无正当理由大量反复申请"),
            ("confirmation", "要求行政机关确认或重新出具已获取信息"),
        ),
    ),
)
_OTHER_LABEL = "（六）其他处理"
_OTHER_2021 = Node(
    _OTHER_LABEL,
    "other",
    _numbered(
        (
            ("no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("unpaid_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other", "其他"),
        ),
    ),
)


def _applications_table(other: Node) -> ApplicationsTable:
    results = Node(
        "三、本年度办理结果",
        "results",
        (
            Node("（一）予以公开", "disclosed"),
            Node("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_disclosed"),
            _WITHHELD,
            _UNAVAILABLE,
            _NOT_PROCESSED,
            other,
            Node("（七）总计", TOTAL_KEY, computed=True),
        ),
    )
    return ApplicationsTable(
        key="applications",
        corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        columns=APPLICANT_COLUMNS,
        rows=(
            Node("一、本年新收政府信息公开申请数量", "received"),
            Node("二、上年结转政府信息公开申请数量", "carried_over"),
            results,
            Node("四、结转下年度继续办理", "carried_forward"),
        ),
        received="received",
        carried_over="carried_over",
        results="results",
        carried_forward="carried_forward",
    )


# --------------------------------------------------------------------------------------------
# Table 四: 政府信息公开行政复议、行政诉讼情况

_OUTCOMES = (
    Node("结果维持", "upheld"),
    Node("结果纠正", "corrected"),
    Node("其他结果", "other"),
    Node("尚未审结", "pending"),
    Node(_TOTAL, TOTAL_KEY, computed=True),
)


@dataclass(frozen=True)
class ReviewsTable:
    """Table 四: column header tree; each block of outcomes is one input mapping."""

    key: str
    columns: tuple[Node, ...]

    def blocks(self) -> tuple[Node, ...]:
        """Return the nodes whose children are the outcome leaves (one input mapping each)."""
        found: list[Node] = []

        def walk(node: Node) -> None:
            if node.key:
                found.append(node)
            else:
                for child in node.children:
                    walk(child)

        for top in self.columns:
            walk(top)
        return tuple(found)


REVIEWS = ReviewsTable(
    key="reviews",
    columns=(
        Node("行政复议", "reconsideration", _OUTCOMES),
        Node(
            "行政诉讼",
            children=(
                Node("未经复议直接起诉", "litigation_direct", _OUTCOMES),
                Node("复议后起诉", "litigation_after_reconsideration", _OUTCOMES),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# Legacy statistics annex 《政府信息公开情况统计表》 (国办发〔2014〕32号 era)


@dataclass(frozen=True)
class StatRow:
    """A row of the legacy statistics table. ``key`` is empty for heading rows (unit —)."""

    key: str
    label: str
    unit: str
    level: int  # indentation level: 0 一、, 1 （一）, 2 1., 3 其中 under 1.
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class SumRule:
    """A legacy arithmetic rule (warning): total = sum of parts."""

    rule: str
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class StatisticsTable:
    """The legacy statistics annex."""

    key: str
    title: str
    header: tuple[str, str, str]
    rows: tuple[StatRow, ...]
    sums: tuple[SumRule, ...]
    no_unit: str = "—"


def _s(key: str, label: str, unit: str, level: int, kind: Kind = Kind.COUNT) -> StatRow:
    return StatRow(key, label, unit, level, kind)


STATISTICS = StatisticsTable(
    key="statistics",
    title="政府信息公开情况统计表",
    header=("统计指标", "单位", "统计数"),
    rows=(
        _s("", "一、主动公开情况", "—", 0),
        _s("proactive_items", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", 1),
        _s("proactive_normative_documents", "其中：主动公开规范性文件数", "条", 2),
        _s("normative_documents_issued", "制发规范性文件总数", "条", 2),
        _s("", "（二）通过不同渠道和方式公开政府信息的情况", "—", 1),
        _s("via_gazette", "1.政府公报公开政府信息数", "条", 2),
        _s("via_website", "2.政府网站公开政府信息数", "条", 2),
        _s("via_weibo", "3.政务微博公开政府信息数", "条", 2),
        _s("via_wechat", "4.政务微信公开政府信息数", "条", 2),
        _s("via_other", "5.其他方式公开政府信息数", "条", 2),
        _s("", "二、回应解读情况", "—", 0),
        _s("hot_topic_responses", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", 1),
        _s("", "（二）通过不同渠道和方式回应解读的情况", "—", 1),
        _s("press_conferences", "1.参加或举办新闻发布会总次数", "次", 2),
        _s("press_conferences_by_leaders", "其中：主要负责同志参加新闻发布会次数", "次", 3),
        _s("online_interviews", "2.政府网站在线访谈次数", "次", 2),
        _s("online_interviews_by_leaders", "其中：主要负责同志参加政府网站在线访谈数", "次", 3),
        _s("policy_interpretations", "3.政策解读稿件发布数", "篇", 2),
        _s("social_media_responses", "4.微博微信回应事件数", "次", 2),
        _s("other_responses", "5.其他方式回应事件数", "次", 2),
        _s("", "三、依申请公开情况", "—", 0),
        _s("applications_received", "（一）收到申请数", "件", 1),
        _s("received_in_person", "1.当面申请数", "件", 2),
        _s("received_by_fax", "2.传真申请数", "件", 2),
        _s("received_online", "3.网络申请数", "件", 2),
        _s("received_by_letter", "4.信函申请数", "件", 2),
        _s("applications_closed", "（二）申请办结数", "件", 1),
        _s("closed_on_time", "1.按时办结数", "件", 2),
        _s("closed_extended", "2.延期办结数", "件", 2),
        _s("applications_answered", "（三）申请答复数", "件", 1),
        _s("answered_already_public", "1.属于已主动公开范围数", "件", 2),
        _s("answered_disclosed", "2.同意公开答复数", "件", 2),
        _s("answered_partially_disclosed", "3.同意部分公开答复数", "件", 2),
        _s("answered_refused", "4.不同意公开答复数", "件", 2),
        _s("refused_state_secret", "其中：涉及国家秘密", "件", 3),
        _s("refused_trade_secret", "涉及商业秘密", "件", 3),
        _s("refused_privacy", "涉及个人隐私", "件", 3),
        _s("refused_security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "件", 3),
        _s("refused_not_government_information", "不是《条例》所指应公开的政府信息", "件", 3),
        _s("refused_other_law", "法律法规规定的其他情形", "件", 3),
        _s("answered_not_this_organ", "5.不属于本行政机关公开数", "件", 2),
        _s("answered_not_exist", "6.申请信息不存在数", "件", 2),
        _s("answered_correction_requested", "7.告知作出更改补充数", "件", 2),
        _s("answered_other_channel", "8.告知通过转其他途径办理数", "件", 2),
        _s("reconsiderations", "四、行政复议数量", "件", 0),
        _s("reconsideration_upheld", "（一）维持具体行政行为数", "件", 1),
        _s("reconsideration_corrected", "（二）被依法纠错数", "件", 1),
        _s("reconsideration_other", "（三）其他情形数", "件", 1),
        _s("litigations", "五、行政诉讼数量", "件", 0),
        _s("litigation_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", 1),
        _s("litigation_corrected", "（二）被依法纠错数", "件", 1),
        _s("litigation_other", "（三）其他情形数", "件", 1),
        _s("complaints", "六、举报投诉数量", "件", 0),
        _s("fees", "七、依申请公开信息收取的费用", "万元", 0, Kind.MONEY),
        _s("", "八、机构建设和保障经费情况", "—", 0),
        _s("dedicated_offices", "（一）政府信息公开工作专门机构数", "个", 1),
        _s("reading_points", "（二）设置政府信息公开查阅点数", "个", 1),
        _s("staff", "（三）从事政府信息公开工作人员数", "人", 1),
        _s("staff_full_time", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", 2),
        _s("staff_part_time", "2.兼职人员数", "人", 2),
        _s(
            "special_funds",
            "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
            "万元",
            1,
            Kind.MONEY,
        ),
        _s("", "九、政府信息公开会议和培训情况", "—", 0),
        _s("meetings", "（一）召开政府信息公开工作会议或专题会议数", "次", 1),
        _s("trainings", "（二）举办各类培训班数", "次", 1),
        _s("trainees", "（三）接受培训人员数", "人次", 1),
    ),
    sums=(
        SumRule(
            "L-1",
            "applications_received",
            ("received_in_person", "received_by_fax", "received_online", "received_by_letter"),
        ),
        SumRule("L-2", "applications_closed", ("closed_on_time", "closed_extended")),
        SumRule("L-3", "staff", ("staff_full_time", "staff_part_time")),
        SumRule(
            "L-4",
            "answered_refused",
            (
                "refused_state_secret",
                "refused_trade_secret",
                "refused_privacy",
                "refused_security_stability",
                "refused_not_government_information",
                "refused_other_law",
            ),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# Sections and formats


class SectionKind(str, Enum):
    """How a section is filled."""

    NARRATIVE = "narrative"
    TABLE = "table"


@dataclass(frozen=True)
class Section:
    """A numbered section of a report; ``title`` includes its official number."""

    key: str
    title: str
    kind: SectionKind


@dataclass(frozen=True)
class Format:
    """One official report format."""

    id: str
    name: str
    document: str  # the official document that fixes it
    years: tuple[int, int]  # report years it is meant for, inclusive
    sections: tuple[Section, ...] = ()
    active: ActiveTable | None = None
    applications: ApplicationsTable | None = None
    reviews: ReviewsTable | None = None
    statistics: StatisticsTable | None = None
    legacy_sections: tuple[str, ...] = ()  # proposed by `init` for free-form formats
    overview_topics: tuple[str, ...] = ()  # sub-heads of 一、总体情况 that `init` proposes

    def section(self, key: str) -> Section:
        """Return the section with input key ``key``."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)


_NUMBERED_SECTIONS = (
    Section("overview", "一、总体情况", SectionKind.NARRATIVE),
    Section("active_disclosure", "二、主动公开政府信息情况", SectionKind.TABLE),
    Section("applications", "三、收到和处理政府信息公开申请情况", SectionKind.TABLE),
    Section("reviews", "四、政府信息公开行政复议、行政诉讼情况", SectionKind.TABLE),
    Section("problems", "五、存在的主要问题及改进情况", SectionKind.NARRATIVE),
    Section("other_matters", "六、其他需要报告的事项", SectionKind.NARRATIVE),
)

_ITEM = "信息内容"
# Table 二 pieces shared by the 2019 and 2021 formats.
_ARTICLE_20 = "第二十条第（{}）项"
_REGULATIONS = Item("regulations", "规章")
_LICENSING = Item("licensing", "行政许可")
_PUNISHMENT = (Item("penalty", "行政处罚"), Item("enforcement", "行政强制"))
_FEES = Item("fees", "行政事业性收费")
# What 一、总体情况 "mainly covers" per the 2019/2021 notices (official-formats.md §2.3).
_OVERVIEW_TOPICS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
_DECISIONS_2021 = (Field("", "本年处理决定数量"),)
_ITEMS_2019 = (
    Field("previous_items", "上一年项目数量"),
    Field("change", "本年增/减", Kind.SIGNED),
    Field("decisions", "处理决定数量"),
)

GOV2021 = Format(
    id="gov2021",
    name="2021 年版格式",
    document="国办公开办函〔2021〕30号",
    years=(2021, 2100),
    sections=_NUMBERED_SECTIONS,
    overview_topics=_OVERVIEW_TOPICS,
    active=ActiveTable(
        key="active_disclosure",
        item_header=_ITEM,
        blocks=(
            Block(
                _ARTICLE_20.format("一"),
                (
                    Field("issued", "本年制发件数"),
                    Field("repealed", "本年废止件数"),
                    Field("in_force", "现行有效件数"),
                ),
                (_REGULATIONS, Item("normative_documents", "行政规范性文件")),
            ),
            Block(_ARTICLE_20.format("五"), _DECISIONS_2021, (_LICENSING,)),
            Block(
                _ARTICLE_20.format("六"),
                _DECISIONS_2021,
                _PUNISHMENT,
            ),
            Block(
                _ARTICLE_20.format("八"),
                (Field("", "本年收费金额（单位：万元）", Kind.MONEY),),
                (_FEES,),
            ),
        ),
    ),
    applications=_applications_table(_OTHER_2021),
    reviews=REVIEWS,
)

GOV2019 = Format(
    id="gov2019",
    name="2019 年版格式（试行）",
    document="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    sections=_NUMBERED_SECTIONS,
    overview_topics=_OVERVIEW_TOPICS,
    active=ActiveTable(
        key="active_disclosure",
        item_header=_ITEM,
        blocks=(
            Block(
                _ARTICLE_20.format("一"),
                (
                    Field("made", "本年新制作数量"),
                    Field("published", "本年新公开数量"),
                    Field("total_public", "对外公开总数量"),
                ),
                (_REGULATIONS, Item("normative_documents", "规范性文件")),
            ),
            Block(
                _ARTICLE_20.format("五"),
                _ITEMS_2019,
                (_LICENSING, Item("other_services", "其他对外管理服务事项")),
            ),
            Block(
                _ARTICLE_20.format("六"),
                _ITEMS_2019,
                _PUNISHMENT,
            ),
            Block(_ARTICLE_20.format("八"), _ITEMS_2019[:2], (_FEES,)),
            Block(
                _ARTICLE_20.format("九"),
                (Field("projects", "采购项目数量"), Field("amount", "采购总金额", Kind.MONEY)),
                (Item("procurement", "政府集中采购"),),
            ),
        ),
    ),
    applications=_applications_table(Node(_OTHER_LABEL, "other")),
    reviews=REVIEWS,
)

LEGACY = Format(
    id="legacy",
    name="2019 年以前的自由格式",
    document="《中华人民共和国政府信息公开条例》（2008）第三十二条；统计表见国办发〔2014〕32号",
    years=(2008, 2018),
    statistics=STATISTICS,
    legacy_sections=(
        "概述",
        "主动公开政府信息情况",
        "依申请公开政府信息情况",
        "政府信息公开的收费及减免情况",
        "因政府信息公开申请行政复议、提起行政诉讼的情况",
        "政府信息公开工作存在的主要问题及改进措施",
        "其他需要报告的事项",
    ),
)

FORMATS: dict[str, Format] = {f.id: f for f in (GOV2021, GOV2019, LEGACY)}

#: Text of the default title; ``{agency}`` and ``{year}`` are filled in.
DEFAULT_TITLE = "{agency}{year}年政府信息公开工作年度报告"
#: Heading of an attached table in a legacy report.
ATTACHMENT_LABEL = "附件"


def format_for_year(year: int) -> Format:
    """Return the format a report for ``year`` should use by default."""
    if year >= GOV2021.years[0]:
        return GOV2021
    if year >= GOV2019.years[0]:
        return GOV2019
    return LEGACY
