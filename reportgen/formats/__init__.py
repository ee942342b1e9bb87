"""The official report formats as data: the one place where every official label is written.

Each format (``gov2021``, ``gov2019``, ``legacy``) is a :class:`Format`: its sections in order,
its tables and the input key of every cell. The models, the validator, the scaffolder
(``reportgen init``), the JSON Schema and both renderers read this package; none of them spells
a label of its own. Tables are described by their *meaning* (rows, columns, value fields); their
physical grid with row and column spans is derived by :mod:`reportgen.grid`.
"""

from __future__ import annotations

from .gov import APPLICANT_COLUMNS, APPLICANT_KEYS, GOV2019, GOV2021, REVIEWS
from .labels import label
from .legacy import LEGACY, STATISTICS
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
    StatisticsTable,
    StatRow,
    SumRule,
)

FORMATS: dict[str, Format] = {f.id: f for f in (GOV2021, GOV2019, LEGACY)}

#: Text of the default title; ``{agency}`` and ``{year}`` are filled in.
DEFAULT_TITLE = "{agency}{year}年政府信息公开工作年度报告"
#: Heading of an attached table in a legacy report.
ATTACHMENT_LABEL = "附件"
#: The contact line at the end of the preface: its lead-in and the name of each part.
CONTACT_LABEL = "联系方式"
CONTACT_PARTS: dict[str, str] = {"office": "联系部门", "address": "地址", "postcode": "邮编",
                                 "phone": "电话", "email": "电子邮箱", "website": "网址"}
#: The kind of document, as named by 《中华人民共和国政府信息公开条例》 第四十九条 (metadata subject).
REPORT_SUBJECT = "政府信息公开工作年度报告"
#: Keywords of every report's metadata (besides its agency and year).
REPORT_KEYWORDS = ("政府信息公开", "年度报告")


def format_for_year(year: int) -> Format:
    """Return the format a report for ``year`` should use by default."""
    if year >= GOV2021.years[0]:
        return GOV2021
    if year >= GOV2019.years[0]:
        return GOV2019
    return LEGACY


__all__ = [
    "APPLICANT_COLUMNS", "APPLICANT_KEYS", "ATTACHMENT_LABEL", "CONTACT_LABEL", "CONTACT_PARTS",
    "DEFAULT_TITLE", "FORMATS", "GOV2019", "GOV2021", "LEGACY", "REPORT_KEYWORDS", "REPORT_SUBJECT",
    "REVIEWS", "STATISTICS", "TOTAL_KEY", "ActiveTable",
    "ApplicationsTable", "Block", "Field", "Format", "Item", "Kind", "Node", "ReviewsTable",
    "Section", "SectionKind", "StatRow", "StatisticsTable", "SumRule", "format_for_year", "label",
]
