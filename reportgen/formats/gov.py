"""The national formats of 2021 (国办公开办函〔2021〕30号) and 2019 (〔2019〕60号)."""

from __future__ import annotations

from .types import (
    TOTAL_KEY,
    ActiveTable,
    ApplicationsTable,
    Block,
    Field,
    Format,
    Item,
    Kind,
    Node,
    ReviewsTable,
    Section,
    SectionKind,
)

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



_OUTCOMES = (
    Node("结果维持", "upheld"),
    Node("结果纠正", "corrected"),
    Node("其他结果", "other"),
    Node("尚未审结", "pending"),
    Node(_TOTAL, TOTAL_KEY, computed=True),
)


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
OVERVIEW_TOPICS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
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
    overview_topics=OVERVIEW_TOPICS,
    figures=(
        ("normative_issued", ("active_disclosure", "normative_documents", "issued")),
        ("normative_repealed", ("active_disclosure", "normative_documents", "repealed")),
        ("normative_in_force", ("active_disclosure", "normative_documents", "in_force")),
        ("licensing", ("active_disclosure", "licensing")),
        ("penalty", ("active_disclosure", "penalty")),
        ("fees", ("active_disclosure", "fees")),
    ),
    fee_statement=True,
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
    overview_topics=OVERVIEW_TOPICS,
    figures=(
        ("normative_issued", ("active_disclosure", "normative_documents", "made")),
        ("licensing", ("active_disclosure", "licensing", "decisions")),
        ("penalty", ("active_disclosure", "penalty", "decisions")),
    ),
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
                (Field("projects", "采购项目数量"), Field("amount", "采购总金额", Kind.AMOUNT)),
                (Item("procurement", "政府集中采购"),),
            ),
        ),
    ),
    applications=_applications_table(Node(_OTHER_LABEL, "other")),
    reviews=REVIEWS,
)
