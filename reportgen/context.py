"""The format-neutral render context: everything a writer prints, already numbered and laid out.

Writers (HTML/PDF, DOCX) receive a :class:`Document` and decide only how things look: the
section numbers, paragraph splitting, table grids with spans, number formatting, title lines
and the signature block are all settled here, once, so both outputs carry the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .catalog import catalog
from .cells import Amount
from .figures import row_values
from .formats import (
    ATTACHMENT_LABEL,
    CONTACT_LABEL,
    CONTACT_PARTS,
    DEFAULT_TITLE,
    REPORT_KEYWORDS,
    REPORT_SUBJECT,
    TOTAL_KEY,
    ActiveTable,
    ApplicationsTable,
    Format,
    Node,
    ReviewsTable,
    SectionKind,
    StatisticsTable,
)
from .grid import Cell, Grid, Row, column_header, row_labels
from .layout import display_width as display_width
from .layout import signature_offsets as signature_offsets
from .layout import split_title as split_title
from .layout import title_width as title_width
from .models import Narrative, NarrativeSection, ReportBase
from .text import chinese_date, strip_numbering

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Block:
    """A paragraph-level item of a section: ``kind`` is paragraph, heading2..4, or table."""

    kind: str
    text: str = ""
    grid: Grid | None = None
    #: A run-in sub-heading: the first characters of ``text`` (set in the heading's font).
    lead: str = ""

    @property
    def rest(self) -> str:
        """The text after a run-in sub-heading."""
        return self.text[len(self.lead):]


@dataclass(frozen=True)
class Section:
    """A top-level section: its numbered heading and its blocks."""

    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Attachment:
    """An attachment on its own page: a table (legacy 统计表) or paragraphs of text."""

    label: str
    title: str
    grid: Grid | None = None
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """What every output records about the report (PDF info and XMP, DOCX core properties,
    the web page's ``<meta>``); ``created`` is the report's date, never the build time."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    created: dt.date | None


@dataclass(frozen=True)
class Document:
    """What a report prints, in order."""

    title: str
    title_lines: tuple[str, ...]
    preface: tuple[str, ...]
    sections: tuple[Section, ...]
    signature: str
    date: str
    attachments: tuple[Attachment, ...]
    agency: str
    year: int
    format_id: str
    published: dt.date | None
    #: 附件说明: paragraphs after the last section, before the signature.
    attachment_note: tuple[str, ...] = ()

    @property
    def metadata(self) -> Metadata:
        """The report's metadata: the agency is its author, its publication date its date."""
        return Metadata(self.title, self.agency, REPORT_SUBJECT,
                        (*REPORT_KEYWORDS, self.agency, f"{self.year}年"), "zh-CN", self.published)

    def texts(self) -> list[str]:
        """Return every printed string in reading order (for parity and glyph checks)."""
        out = [*self.title_lines, *self.preface]
        for section in self.sections:
            out.append(section.heading)
            for block in section.blocks:
                out += _grid_texts(block.grid) if block.grid else [block.text]
        out += [*self.attachment_note, *(s for s in (self.signature, self.date) if s)]
        for attachment in self.attachments:
            out += [attachment.label, attachment.title, *attachment.paragraphs,
                    *(_grid_texts(attachment.grid) if attachment.grid else ())]
        return out


def _grid_texts(grid: Grid) -> list[str]:
    return [cell.text for row in (*grid.header, *grid.body) for cell in row if cell.text]


def build(fmt: Format, report: ReportBase, title_pattern: str | None = None) -> Document:
    """Return the render context of a validated report.

    Args:
        fmt: its format.
        report: the validated model.
        title_pattern: the house style's title pattern; default: the official one.
    """
    pattern = title_pattern or DEFAULT_TITLE
    chosen = report.title_lines
    title = report.title or ("".join(chosen) if chosen else
                             pattern.format(agency=report.agency, year=report.year))
    sections: list[Section] = []
    if fmt.statistics:
        for index, legacy in enumerate(getattr(report, "sections", ())):
            _, plain = strip_numbering(legacy.title)
            intro = "\n\n".join(t for t in (legacy.intro, legacy.text) if t.strip())
            sections.append(Section(f"{numeral(index + 1)}、{plain}",
                                    tuple(_narrative(intro, legacy.sections))))
    for section in fmt.sections:
        value = getattr(report, section.key)
        if section.kind is SectionKind.NARRATIVE:
            assert isinstance(value, Narrative)
            blocks = tuple(_narrative(value.intro, value.sections))
        else:
            blocks = (Block("table", grid=_table(fmt, section.key, value, report)),
                      *_note(report, section.key))
        sections.append(Section(section.title, blocks))
    attachments = _attachments(fmt, report)
    preface = paragraphs(report.preface) + _contact(report)
    published = report.published
    # Under the signature goes the 成文日期: the signing date when the input gives one.
    dated = report.signed or published
    return Document(
        title=title,
        title_lines=tuple(chosen) if chosen else split_title(title, report.agency),
        preface=tuple(preface),
        sections=tuple(sections),
        signature=report.signature or report.agency,
        date=chinese_date(dated) if dated else "",
        attachments=tuple(attachments),
        agency=report.agency,
        year=report.year,
        format_id=fmt.id,
        published=published,
        attachment_note=tuple(paragraphs(report.attachment_note)),
    )


def _note(report: ReportBase, key: str) -> list[Block]:
    """The note printed under a table (``注：……``), as the input gives it."""
    notes = getattr(report, "table_notes", None)
    return [Block("paragraph", text) for text in paragraphs(getattr(notes, key, "") or "")]


def _attachments(fmt: Format, report: ReportBase) -> tuple[Attachment, ...]:
    """The table attachment (legacy 统计表) first, then the text ones; numbered 附件1, 附件2…
    when there are several (GB/T 9704 §7.3.4)."""
    found: list[tuple[str, Grid | None, tuple[str, ...]]] = []
    stats = fmt.statistics
    if stats is not None and getattr(report, stats.key) is not None:
        found.append((stats.title, statistics_grid(stats, getattr(report, stats.key)), ()))
        notes = _note(report, stats.key)
        if notes:
            found[-1] = (*found[-1][:2], tuple(b.text for b in notes))
    found += [(a.title, None, tuple(paragraphs(a.text))) for a in report.attachments]
    number = len(found) > 1
    return tuple(Attachment(ATTACHMENT_LABEL + (str(n) if number else ""), title, grid, texts)
                 for n, (title, grid, texts) in enumerate(found, 1))


def numeral(n: int) -> str:
    """Return ``n`` (1–99) in Chinese numerals: 1 → 一, 12 → 十二, 20 → 二十."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


def paragraphs(text: str) -> list[str]:
    """Split a text into paragraphs: blank lines separate, single line breaks are joined."""
    out = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        joined = lines[0]
        for line in lines[1:]:
            # Latin words keep a space between them; Chinese text joins directly.
            space = " " if joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() \
                and line[0].isalnum() else ""
            joined += space + line
        out.append(joined)
    return out


_LEVEL_NUMBERS = (lambda n: f"（{numeral(n)}）", lambda n: f"{n}.", lambda n: f"（{n}）")


def heading_number(n: int, level: int = 0) -> str:
    """Return the number printed before the ``n``-th sub-heading of ``level`` (0: （一）, 1: 1.,
    2: （1）), as the writers print it; the edit form shows the same."""
    return _LEVEL_NUMBERS[level](n)


#: A run-in sub-heading that ends without one of these gets a 。 before its text.
_HEADING_ENDS = "。：:；！？"


def _narrative(intro: str, sections: tuple[NarrativeSection, ...], level: int = 0) -> list[Block]:
    blocks = [Block("paragraph", text) for text in paragraphs(intro)]
    for index, sub in enumerate(sections, 1):
        _, plain = strip_numbering(sub.title)
        heading = _LEVEL_NUMBERS[level](index) + plain
        texts = paragraphs(sub.text)
        if sub.run_in and texts:
            # （一）主动公开情况。正文…: the sub-heading starts its first paragraph.
            lead = heading if heading[-1] in _HEADING_ENDS else heading + "。"
            blocks.append(Block("paragraph", lead + texts[0], lead=lead))
            blocks += [Block("paragraph", text) for text in texts[1:]]
            blocks += _narrative("", sub.sections, level + 1)
            continue
        blocks.append(Block(f"heading{level + 2}", heading))
        blocks += _narrative(sub.text, sub.sections, level + 1)
    return blocks


def _contact(report: ReportBase) -> list[str]:
    contact = report.contact
    if contact is None:
        return []
    parts = [f"{CONTACT_PARTS[key]}：{value}" for key, value in contact.model_dump().items()
             if value]
    return [f"{CONTACT_LABEL}：" + "；".join(parts) + "。"] if parts else []


def number(value: Any) -> str:
    """Print a cell value: integers as they are, amounts exactly as written (no exponent),
    with the unit they were written with (``251000元``) where the header names none."""
    if isinstance(value, Amount):
        return value.written
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


# --------------------------------------------------------------------------------------------
# Tables


def _table(fmt: Format, key: str, value: Any, report: ReportBase) -> Grid:
    if fmt.active and key == fmt.active.key:
        return active_grid(fmt.active, value)
    if fmt.applications and key == fmt.applications.key:
        return applications_grid(fmt, fmt.applications, report)
    assert fmt.reviews is not None and key == fmt.reviews.key
    return reviews_grid(fmt.reviews, value)


def active_grid(table: ActiveTable, values: Any) -> Grid:
    """Table 二: per block a heading row, a column header row, and its item rows."""
    value_columns = table.width - 1
    body: list[Row] = []
    for block in table.blocks:
        spans = [1] * len(block.fields)
        spans[-1] += value_columns - len(block.fields)  # the last column takes the rest
        body.append((Cell(block.heading, colspan=table.width),))
        body.append((Cell(table.item_header, kind="head"),
                     *(Cell(f.label, colspan=s, kind="head")
                       for f, s in zip(block.fields, spans, strict=True))))
        for item in block.items:
            item_value = getattr(values, item.key)
            cells = [Cell(number(getattr(item_value, f.key) if f.key else item_value),
                          colspan=s, kind="number") for f, s in zip(block.fields, spans, strict=True)]
            body.append((Cell(item.label), *cells))
    return Grid((), tuple(body), (1.6, 1.0, 1.0, 1.0), "active")


def applications_grid(fmt: Format, table: ApplicationsTable, report: ReportBase) -> Grid:
    """Table 三: corner note, applicant header, tree of row labels, 7 numbers a row."""
    header = [list(row) for row in column_header((table.columns,))]
    header[0].insert(0, Cell(table.corner, colspan=table.label_columns, rowspan=len(header),
                             kind="head"))
    rows = {row.path: row for row in catalog(fmt.id).rows}
    filled = {}
    for path, row in rows.items():
        values = row_values(report, row)
        filled[path] = values.cells if values is not None else None
    computed_total = [sum(cells[i] for path, cells in filled.items()
                          if cells is not None and path[1] == table.results and not rows[path].computed)
                      for i in range(6)]
    body: list[Row] = []
    for node, labels in row_labels(table.rows, table.label_columns):
        path = _row_path(table, node)
        cells = filled[path]
        if cells is None or (node.key == TOTAL_KEY and path[1] == table.results):
            cells = tuple(computed_total)  # （七）总计 is always the tool's own sum
        numbers = [Cell(str(v), kind="number") for v in (*cells, sum(cells))]
        body.append((*labels, *numbers))
    widths = (1.0, 1.6, 4.2, *([1.0] * 7))
    return Grid(tuple(tuple(r) for r in header), tuple(body), widths, "applications")


def _row_path(table: ApplicationsTable, leaf: Node) -> tuple[str, ...]:
    def find(nodes: tuple[Node, ...], path: tuple[str, ...]) -> tuple[str, ...] | None:
        for node in nodes:
            if node is leaf:
                return (*path, node.key)
            found = find(node.children, (*path, node.key))
            if found:
                return found
        return None

    found = find(table.rows, (table.key,))
    assert found is not None
    return found


def reviews_grid(table: ReviewsTable, values: Any) -> Grid:
    """Table 四: three header rows of outcomes, one row of 15 numbers."""
    header = column_header(table.columns)
    numbers: list[Cell] = []
    for block in table.blocks():
        outcome = getattr(values, block.key)
        parts = [getattr(outcome, o.key) for o in block.children if not o.computed]
        numbers += [Cell(str(v), kind="number") for v in (*parts, sum(parts))]
    return Grid(header, (tuple(numbers),), (1.0,) * len(numbers), "reviews")


def statistics_grid(table: StatisticsTable, values: Any) -> Grid:
    """The legacy statistics annex: 统计指标 | 单位 | 统计数, headings without a number."""
    header = (tuple(Cell(text, kind="head") for text in table.header),)
    body: list[Row] = []
    for row in table.rows:
        if not row.key:
            body.append((Cell(row.label, indent=row.level), Cell(table.no_unit, kind="head"),
                         Cell("", kind="empty")))
        else:
            body.append((Cell(row.label, indent=row.level), Cell(row.unit, kind="head"),
                         Cell(number(getattr(values, row.key)), kind="number")))
    return Grid(header, tuple(body), (6.0, 1.0, 1.4), "statistics")
