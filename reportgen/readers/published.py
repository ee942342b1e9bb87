"""Reading a report out of the blocks of a published document, by the format definitions.

Each file-kind reader (DOCX, PDF, …) turns its file into :mod:`.document` blocks; this module
finds in them the title (agency and year), the preface and contact line, the numbered
sections and their sub-headings, the three official tables (or the legacy 统计表), the
signature and the date. The result is the plain data of the input contract, with the place of
every value, so that the validator checks a published report exactly as it checks an input
file, and ``reportgen import`` writes it out as one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Finding, InputError, Severity
from ..formats import (
    ATTACHMENT_LABEL,
    DEFAULT_TITLE,
    GOV2019,
    GOV2021,
    LEGACY,
    STATISTICS,
    Format,
    SectionKind,
    format_for_year,
)
from ..locations import Position, Source, format_path
from ..text import strip_numbering
from . import applications_table, legacy_table, tables
from .continued import TABLE_NAMES, active_labels, name_tables, texts_of
from .document import Block, Paragraph, Table
from .labels import Matcher, normal
from .narrative import HEADING_CHARS, narrative, preface
from .tables import Context, Note

_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_YEAR = re.compile(r"(\d{4})\s*年")
_TOP = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")


@dataclass
class Published(Source):
    """A report read from a published document.

    Attributes:
        notes: every label that differed from the official one, and every part not read.
        kind: the file kind (``DOCX``, ``PDF``).
    """

    notes: list[Note] = field(default_factory=list)
    kind: str = ""

    def note_findings(self) -> list[Finding]:
        """The notes as warnings: R-LABEL for a label that differs from the official one,
        DOC-UNREAD for a part that could not be read."""
        out = []
        for note in self.notes:
            if note.kind == "label":
                rule = "R-LABEL"
                # A workbook's labels are cells someone typed over, not print
                said = "表中名称" if self.kind == "XLSX" else "所印名称"
                message = (f"{said}“{note.published}”与官方名称“{note.official}”不同" if note.published
                           else f"{said}为空，官方名称为“{note.official}”")
            else:
                rule, message = "DOC-UNREAD", note.message
            out.append(Finding(Severity.WARNING, rule, self.name, note.position.line,
                               note.position.column, format_path(note.path), note.official,
                               message, note.where))
        return out


def refuse(name: str, rule: str, message: str) -> InputError:
    """Return the error that refuses a document as a whole, with one Chinese message."""
    return InputError([Finding(Severity.ERROR, rule, name, 0, 0, "", "", message)])


def interpret(blocks: list[Block], name: str, kind: str = "DOCX") -> Published:
    """Return the report in ``blocks`` as plain data with the place of every value.

    Raises:
        InputError: nothing in the document looks like an annual report.
    """
    source = Published(name, {}, kind=kind)
    first_page = next((b.page for b in blocks if isinstance(b, Paragraph) and b.page), 0)
    source.values[()] = Position(1, 1, f"第{first_page}页:标题" if first_page else "标题")
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
    others: list[Table] = []
    # Empty paragraphs between two tables do not part them: Word needs one paragraph
    # between two tables (often holding the page break that split the table in two).
    solid = [b for b in blocks if isinstance(b, Table) or b.text.strip()]
    adjacent = [i > 0 and isinstance(solid[i - 1], Table)
                for i, b in enumerate(solid) if isinstance(b, Table)]
    found = name_tables([b for b in blocks if isinstance(b, Table)], adjacent, others)
    title, rest = _title(paragraphs)
    data: dict[str, Any] = source.data
    year_match = _YEAR.search(title)
    if year_match:
        data["year"] = int(year_match.group(1))
        agency = title[:year_match.start()].strip()
        if agency:
            data["agency"] = agency
        if title != DEFAULT_TITLE.format(agency=agency, year=data["year"]):
            data["title"] = title
    fmt = _format(rest, found, data.get("year"))
    data["format"] = fmt.id
    if not found and not any(_section_match(fmt, p) for p in rest):
        raise refuse(name, "DOC-NOT-REPORT", f"文件中既找不到年度报告的各部分标题（{GOV2021.sections[0].title}……），"
                     "也找不到官方统计表格，不是一份政府信息公开工作年度报告")
    body, tail = _split_tail(rest, data)
    _read_body(source, fmt, body)
    for key, table in found.items():
        spec = _spec(fmt, key)
        if spec is None:
            continue
        ctx = Context(TABLE_NAMES[key], table)
        data[key] = _READERS[key](ctx, spec)
        page = table.page_of(0)
        name_ = TABLE_NAMES[key]
        source.values[(key,)] = Position(1, 1, f"第{page}页:{name_}" if page else name_)
        source.values.update(ctx.values)
        source.notes += ctx.notes
        for relabel in table.relabels:  # a repeated header's labels (continued.join)
            where = f"{name_} 续表表头 第{relabel.column + 1}列"
            where = f"第{relabel.page}页:{where}" if relabel.page else where
            source.notes.append(Note("label", where, Position(relabel.row + 1, relabel.column + 1, where),
                                     f"续表表头写的是“{relabel.published}”，官方名称为“{relabel.official}”",
                                     relabel.published, relabel.official))
    del tail
    for table in others:
        where = f"第{table.page}页的表格" if table.page else "一个表格"
        first = next((normal(c.text) for row in table.rows for c in row if normal(c.text)), "")
        position = Position(0, 0, f"第{table.page}页" if table.page else "")
        source.notes.append(Note("unread", position.where, position,
                                 f"{where}（以“{first[:20]}”开头）不是官方表格，未读取"))
    for key, name in TABLE_NAMES.items():
        if _spec(fmt, key) is not None and key not in found and key != "statistics":
            position = Position(0, 0, name)
            source.notes.append(Note("unread", name, position,
                                     f"文中找不到{name}（可能是图片或未按官方表格排版），其中的数字未读取"))
    source.findings += source.note_findings()  # validation reports them with the rest
    return source


def _format(paragraphs: list[Paragraph], found: dict[str, Table], year: Any) -> Format:
    if "statistics" in found:
        return LEGACY
    gov = any(_section_match(GOV2021, p) for p in paragraphs)
    if not gov and not ({"applications", "reviews", "active_disclosure"} & found.keys()):
        return LEGACY
    if "active_disclosure" in found:
        texts = texts_of(found["active_disclosure"])
        new, old = active_labels(GOV2021), active_labels(GOV2019)
        score_new, score_old = len(texts & (new - old)), len(texts & (old - new))
        if score_new != score_old:
            return GOV2021 if score_new > score_old else GOV2019
    if isinstance(year, int) and year >= GOV2019.years[0]:
        return format_for_year(year)
    return GOV2021


def _spec(fmt: Format, key: str) -> Any:
    return getattr(fmt, "active" if key == "active_disclosure" else key, None)


_READERS: dict[str, Any] = {"active_disclosure": tables.active,
                            "applications": applications_table.applications,
                            "reviews": tables.reviews, "statistics": legacy_table.statistics}


# --------------------------------------------------------------------------------------------
# Paragraphs: title, preface, sections, signature


def _title(paragraphs: list[Paragraph]) -> tuple[str, list[Paragraph]]:
    """The title lines (Title style, or the first lines up to one ending in 报告)."""
    lines = [p for p in paragraphs[:3] if p.level == -1]
    if not lines:
        for p in paragraphs[:3]:
            lines.append(p)
            if normal(p.text).endswith("报告"):
                break
        else:
            lines = paragraphs[:1]
    title = "".join("".join(p.text.split()) for p in lines)
    return title, paragraphs[len(lines):]


def _section_match(fmt: Format, paragraph: Paragraph) -> Any:
    if len(normal(paragraph.text)) > HEADING_CHARS or paragraph.level > 1:
        return None
    return Matcher((s.title, s) for s in fmt.sections).match(paragraph.text)


def _split_tail(paragraphs: list[Paragraph], data: dict[str, Any]) -> tuple[list[Paragraph], list[Paragraph]]:
    """Take the signature and date off the end (and a legacy report's 附件 lines)."""
    body = list(paragraphs)
    attachment = {normal(ATTACHMENT_LABEL), normal(STATISTICS.title)}
    tail: list[Paragraph] = []
    while body and (body[-1].role == "attachment" or normal(body[-1].text) in attachment):
        tail.insert(0, body.pop())
    date = _DATE.match("".join(body[-1].text.split())) if body else None
    if date:
        # A document prints only the 成文日期; it is read as the publication date, the closest
        # the document says (a signing date in the report year then gives D-EARLY, as it should
        # when the website date is not known).
        try:
            data["published"] = dt.date(*(int(g) for g in date.groups()))
        except ValueError:
            data["published"] = "".join(body[-1].text.split())  # reported by the validator
        tail.insert(0, body.pop())
    if body and (body[-1].role == "signature" or (
            date and len(normal(body[-1].text)) <= 30 and not body[-1].text.strip().endswith("。"))):
        signature = "".join(body[-1].text.split())
        if signature != data.get("agency"):
            data["signature"] = signature
        tail.insert(0, body.pop())
    return body, tail


def _read_body(source: Published, fmt: Format, body: list[Paragraph]) -> None:
    data = source.data
    groups: list[tuple[_Heading, list[Paragraph]]] = [(_Heading(""), [])]
    for index, paragraph in enumerate(body):
        heading = _gov_heading(fmt, paragraph) if fmt.sections else _legacy_heading(paragraph)
        if heading is None:
            groups[-1][1].append(paragraph)
            continue
        position = Position(index + 1, 1, _where(paragraph, index))
        if not heading.exact:
            published = paragraph.text.strip()
            source.notes.append(Note("label", position.where, position,
                                     f"标题写的是“{published}”，按官方标题“{heading.label}”读取",
                                     published, heading.label, (heading.key,)))
        groups.append((heading, []))
        source.values[(heading.key or "sections",)] = position
    preface(data, groups[0][1])
    if fmt.sections:
        for heading, paragraphs in groups[1:]:
            if heading.narrative:
                data[heading.key] = narrative(paragraphs)
    else:
        data["sections"] = [{"title": strip_numbering(heading.label)[1], **narrative(paragraphs)}
                            for heading, paragraphs in groups[1:]]


def _where(paragraph: Paragraph, index: int) -> str:
    return f"第{paragraph.page}页:第{index + 1}段" if paragraph.page else f"第{index + 1}段"


@dataclass(frozen=True)
class _Heading:
    """A section heading found: the section's input key (empty in legacy reports)."""

    label: str
    key: str = ""
    exact: bool = True
    narrative: bool = True


def _gov_heading(fmt: Format, paragraph: Paragraph) -> _Heading | None:
    found = _section_match(fmt, paragraph)
    if found is None:
        return None
    section = found.value
    return _Heading(found.label, section.key, found.exact, section.kind is SectionKind.NARRATIVE)


def _legacy_heading(paragraph: Paragraph) -> _Heading | None:
    text = paragraph.text.strip()
    if paragraph.level == 1 or (_TOP.match(text) and len(normal(text)) <= HEADING_CHARS
                                and "。" not in text):
        return _Heading(text)
    return None
