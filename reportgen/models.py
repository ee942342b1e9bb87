"""Pydantic models of the input contract, built from the format definitions.

The common top-level keys are written here; every table model is generated from
:mod:`reportgen.formats`, so a row or column exists in the model, the JSON Schema and the
scaffold exactly when it exists in the official table. All models forbid unknown keys.

Cell types raise :class:`pydantic_core.PydanticCustomError` with Chinese messages; the
validator adds the location and the official label.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .cells import amount as _amount
from .cells import count as _count
from .cells import money as _money
from .cells import signed as _signed
from .formats import (
    APPLICANT_COLUMNS,
    APPLICANT_KEYS,
    FORMATS,
    TOTAL_KEY,
    ActiveTable,
    ApplicationsTable,
    Format,
    Kind,
    Node,
    ReviewsTable,
    SectionKind,
    StatisticsTable,
)
from .text import chinese_date

Count = Annotated[int, BeforeValidator(_count)]
Signed = Annotated[int, BeforeValidator(_signed)]
Money = Annotated[Decimal, BeforeValidator(_money)]
# A plain validator: pydantic's own Decimal step would drop the unit of a cells.Amount.
UnitAmount = Annotated[Decimal, PlainValidator(_amount, json_schema_input_type=Decimal | str)]
_CELL_TYPES: dict[Kind, Any] = {Kind.COUNT: Count, Kind.SIGNED: Signed, Kind.MONEY: Money,
                                Kind.AMOUNT: UnitAmount}
_MONEY_KINDS = (Kind.MONEY, Kind.AMOUNT)

#: A report is published at most this many years after its report year (else: DATE-RANGE).
PUBLISHED_YEARS = 2


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _non_empty(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("empty", "不能为空，请填写内容")
    return value


NonEmpty = Annotated[str, BeforeValidator(_non_empty)]


# --------------------------------------------------------------------------------------------
# Narrative


class NarrativeSection(Strict):
    """A sub-section of a narrative: numbered automatically by level."""

    title: NonEmpty = Field(description="小标题（不写序号，序号自动生成）")
    text: str = Field("", description="正文；空行分段")
    run_in: bool = Field(False, description="小标题与正文同段（印成“（一）××情况。正文……”）")
    sections: tuple[NarrativeSection, ...] = Field((), description="下一级小标题")


def _narrative(value: Any) -> Any:
    # A plain text narrative is the same as one with only an intro: one shape downstream.
    return {"intro": value} if isinstance(value, str) else value


class Narrative(Strict):
    """A narrative section: intro paragraphs, then optional numbered sub-sections."""

    intro: str = Field("", description="小标题之前的段落")
    sections: tuple[NarrativeSection, ...] = Field((), description="小标题：（一）、1.、（1）")


NarrativeField = Annotated[
    Narrative, BeforeValidator(_narrative, json_schema_input_type=str | Narrative)
]


class LegacySection(Strict):
    """A top-level section of a legacy report, numbered 一、二、… in the order given."""

    title: NonEmpty = Field(description="部分标题（不写“一、”等序号）")
    text: str = Field("", description="正文；空行分段")
    intro: str = Field("", description="小标题之前的段落（与 text 二选一）")
    sections: tuple[NarrativeSection, ...] = Field((), description="小标题：（一）、1.、（1）")


def _as_text(value: Any) -> Any:
    # A postcode or phone number written without quotes (100010) is read as a number; the reader
    # resolves only plain decimal spellings to numbers, so str() gives back exactly what was typed.
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


ContactText = Annotated[str | None, BeforeValidator(_as_text, json_schema_input_type=str | int | None)]


class Contact(Strict):
    """Contact details printed at the end of the preface."""

    office: ContactText = Field(None, description="联系部门")
    address: ContactText = Field(None, description="地址")
    postcode: ContactText = Field(None, description="邮编")
    phone: ContactText = Field(None, description="电话")
    email: ContactText = Field(None, description="电子邮箱")
    website: ContactText = Field(None, description="网址")


class TextAttachment(Strict):
    """An attachment of text paragraphs, on its own page after the report."""

    title: NonEmpty = Field(description="附件标题")
    text: str = Field("", description="正文；空行分段")


#: Chinese names of the common top-level keys, used in messages.
FIELD_NAMES: dict[str, str] = {
    "format": "格式",
    "year": "报告年度",
    "agency": "机关名称",
    "former_names": "原机关名称",
    "title": "标题",
    "organ_kind": "机关类别",
    "published": "发布日期",
    "signed": "成文日期",
    "signature": "落款",
    "preface": "前言",
    "contact": "联系方式",
    "title_lines": "标题分行",
    "attachment_note": "附件说明",
    "attachments": "附件",
    "table_notes": "表下注释",
    "style": "样式",
    "rules": "本地规则",
}


class ReportBase(Strict):
    """Keys shared by all formats."""

    format: Literal["gov2021", "gov2019", "legacy"] | None = Field(
        None, description="格式：gov2021 / gov2019 / legacy；缺省时按年度确定")
    year: int = Field(ge=2008, le=2100, strict=True, description="报告年度")
    agency: NonEmpty = Field(description="机关名称，如“示例县教育局”")
    former_names: list[NonEmpty] = Field(default_factory=list, description=(
        "原机关名称：机关更名后，写上年报告中的名称（如 [洪泽区人民政府]），以便自动找到上年报告"))
    title: str | None = Field(None, description="标题；缺省为“{机关}{年度}年政府信息公开工作年度报告”")
    title_lines: tuple[NonEmpty, ...] | None = Field(None, min_length=1, description=(
        "标题分行：标题按给出的各行排印（合起来即标题；写了 title 时须与之相同）；缺省时自动分行"))
    organ_kind: Literal["department", "government", "township"] = Field(
        "department", description="机关类别：department 部门 / government 人民政府 / township 乡镇街道")
    published: dt.date | None = Field(None, description="发布日期 YYYY-MM-DD：在网站上公开的日期，必填；未填 signed 时也是落款下的成文日期")
    signed: dt.date | None = Field(None, description=(
        "成文日期 YYYY-MM-DD（可选）：落款下印的日期，与发布日期不同时填写，如 2017-12-31 成文、2018-01-15 发布"))
    signature: str | None = Field(None, description="落款，缺省为机关名称")
    preface: str = Field("", description="前言（一、之前的段落）")
    contact: Contact | None = Field(None, description="联系方式")
    attachment_note: str = Field("", description="附件说明：正文之后、落款之前的段落，如“附件：××××”")
    attachments: tuple[TextAttachment, ...] = Field((), description="附件（文字）：各自另起一页，附在表格附件之后")
    style: str | None = Field(None, description=(
        "本单位样式文件夹：相对于本文件，只能在本文件所在文件夹（或其子文件夹）中，不能用绝对路径或 ..；"
        "命令行 --style 优先，--no-input-styles 时忽略"))
    rules: str | None = Field(None, description="本地规则文件夹（相对于本文件），命令行 --rules 优先")

    @field_validator("title_lines")
    @classmethod
    def _lines_make_the_title(cls, value: tuple[str, ...] | None,
                              info: ValidationInfo) -> tuple[str, ...] | None:
        title = info.data.get("title")
        if value is not None and isinstance(title, str) and "".join(value) != title:
            raise PydanticCustomError(
                "title_lines", "各行合起来是“{joined}”，与标题“{title}”不同",
                {"joined": "".join(value), "title": title})
        return value

    @field_validator("published", "signed")
    @classmethod
    def _date_in_range(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A report is published in the year after its report year, a late one within two years;
        # a date outside this range is a slip (2108 for 2018) and cannot be a ZIP timestamp.
        # A signing date may fall in the report year (signed on 31 December): the same range.
        year = info.data.get("year")
        if value is None:
            return value
        first, last = (dt.date(year, 1, 1), dt.date(year + PUBLISHED_YEARS, 12, 31)) \
            if isinstance(year, int) else (dt.date(2008, 1, 1), dt.date(2100 + PUBLISHED_YEARS, 12, 31))
        if not first <= value <= last:
            which = f"{year} 年度的报告" if isinstance(year, int) else "报告"
            name = FIELD_NAMES[info.field_name or "published"]
            done = "成文" if info.field_name == "signed" else "发布"
            raise PydanticCustomError(
                "date_range", "{name} {found} 不在合理范围内：{which}应在 {first} 至 {last} 之间{done}，"
                "请检查年份", {"name": name, "found": chinese_date(value), "which": which, "done": done,
                             "first": chinese_date(first), "last": chinese_date(last)})
        return value


# --------------------------------------------------------------------------------------------
# Tables, generated from the format definitions


_COLUMNS = [column for column in APPLICANT_COLUMNS.leaves() if not column.computed]
#: pydantic fills in {n}; the column labels come from the format definition.
_ROW_SHAPE = (f"应为 {len(_COLUMNS)} 个数 [{', '.join(c.label for c in _COLUMNS)}]，"
              f"或 {len(_COLUMNS) + 1} 个数（最后一个为{APPLICANT_COLUMNS.leaves()[-1].label}），"
              "实际为 {n} 个")


def _row_shape(value: Any) -> Any:
    if isinstance(value, list):
        if len(value) not in (len(APPLICANT_KEYS), len(APPLICANT_KEYS) + 1):
            raise PydanticCustomError("row_length", _ROW_SHAPE, {"n": len(value)})
        return dict(zip((*APPLICANT_KEYS, TOTAL_KEY), value, strict=False))
    return value


@cache
def applicant_row_model() -> type[Strict]:
    """Return the model of a table-三 row in its mapping shape."""
    fields: dict[str, Any] = {
        leaf.key: (Count | None, Field(None, description=leaf.label)) if leaf.computed
        else (Count, Field(0, description=leaf.label))
        for leaf in APPLICANT_COLUMNS.leaves()
    }
    return create_model("ApplicantRow", __base__=Strict, **fields)


@cache
def applicant_row() -> Any:
    """Return the annotated type of a table-三 row: a list of 6 or 7 counts, or a mapping."""
    model = applicant_row_model()
    return Annotated[
        model,
        BeforeValidator(_row_shape, json_schema_input_type=list[Count] | model),
    ]


def _tree_model(name: str, node: Node) -> Any:
    fields: dict[str, Any] = {}
    for child in node.children:
        if child.children:
            sub = _tree_model(f"{name}_{child.key}", child)
            fields[child.key] = (sub, Field(default_factory=sub, description=child.label))
        elif child.computed:
            fields[child.key] = (applicant_row() | None, Field(None, description=child.label))
        else:
            row = applicant_row()
            fields[child.key] = (row, Field(default_factory=_zero_row, description=child.label))
    return create_model(name, __base__=Strict, **fields)


def _zero_row() -> Any:
    return applicant_row_model()()


def _applications_model(fmt: Format, table: ApplicationsTable) -> Any:
    return _tree_model(f"Applications_{fmt.id}", Node("", children=table.rows))


def _reviews_model(fmt: Format, table: ReviewsTable) -> Any:
    fields: dict[str, Any] = {}
    for block in table.blocks():
        outcome_fields: dict[str, Any] = {
            o.key: (Count | None, Field(None, description=o.label)) if o.computed
            else (Count, Field(0, description=o.label))
            for o in block.children
        }
        sub = create_model(f"Reviews_{fmt.id}_{block.key}", __base__=Strict, **outcome_fields)
        fields[block.key] = (sub, Field(default_factory=sub, description=block.label))
    return create_model(f"Reviews_{fmt.id}", __base__=Strict, **fields)


def _active_model(fmt: Format, table: ActiveTable) -> Any:
    fields: dict[str, Any] = {}
    for block in table.blocks:
        for item in block.items:
            if len(block.fields) == 1 and not block.fields[0].key:
                kind = block.fields[0].kind
                default: Any = Decimal(0) if kind in _MONEY_KINDS else 0
                fields[item.key] = (_CELL_TYPES[kind], Field(
                    default, description=f"{item.label}：{block.fields[0].label}"))
                continue
            cells: dict[str, Any] = {
                f.key: (_CELL_TYPES[f.kind], Field(Decimal(0) if f.kind in _MONEY_KINDS else 0,
                                                   description=f.label))
                for f in block.fields
            }
            sub = create_model(f"Active_{fmt.id}_{item.key}", __base__=Strict, **cells)
            fields[item.key] = (sub, Field(default_factory=sub, description=item.label))
    return create_model(f"Active_{fmt.id}", __base__=Strict, **fields)


def _statistics_model(table: StatisticsTable) -> Any:
    fields: dict[str, Any] = {
        row.key: (_CELL_TYPES[row.kind], Field(Decimal(0) if row.kind in _MONEY_KINDS else 0,
                                              description=f"{row.label}（{row.unit}）"))
        for row in table.rows
        if row.key
    }
    return create_model("Statistics", __base__=Strict, **fields)


@cache
def report_model(format_id: str) -> type[ReportBase]:
    """Return the model of a whole input file in format ``format_id`` (built once, cached)."""
    fmt = FORMATS[format_id]
    fields: dict[str, Any] = {}
    for section in fmt.sections:
        if section.kind is SectionKind.NARRATIVE:
            fields[section.key] = (NarrativeField, Field(description=section.title))
    if fmt.active:
        fields[fmt.active.key] = (_active_model(fmt, fmt.active),
                                  Field(description=fmt.section(fmt.active.key).title))
    if fmt.applications:
        fields[fmt.applications.key] = (_applications_model(fmt, fmt.applications),
                                        Field(description=fmt.section(fmt.applications.key).title))
    if fmt.reviews:
        fields[fmt.reviews.key] = (_reviews_model(fmt, fmt.reviews),
                                   Field(description=fmt.section(fmt.reviews.key).title))
    tables = {t.key: fmt.section(t.key).title for t in (fmt.active, fmt.applications, fmt.reviews) if t}
    if fmt.statistics:
        tables[fmt.statistics.key] = fmt.statistics.title
    notes: dict[str, Any] = {key: (str, Field("", description=f"{title}：表格下方的注释，如“注：……”"))
             for key, title in tables.items()}
    if notes:
        fields["table_notes"] = (create_model(f"Notes_{fmt.id}", __base__=Strict, **notes) | None,
                                 Field(None, description="表下注释：按原样排印在表格下方"))
    if fmt.statistics:
        fields["sections"] = (tuple[LegacySection, ...], Field(
            min_length=1, description="各部分，按给出的顺序编号为一、二、……"))
        fields[fmt.statistics.key] = (
            _statistics_model(fmt.statistics) | None,
            Field(None, description=f"附件：{fmt.statistics.title}（可省略，省略的行填 0）"),
        )
    model = create_model(f"Report_{fmt.id}", __base__=ReportBase, **fields)
    model.__doc__ = f"{fmt.name}（{fmt.document}）"
    return model
