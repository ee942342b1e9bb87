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
    Node,
    SectionKind,
    format_for_year,
)
from ..locations import Position, Source, format_path
from ..text import strip_numbering
from . import tables
from .document import Block, Cell, Paragraph, Table, common_edges, refined, stitch
from .labels import Matcher, normal
from .narrative import HEADING_CHARS, narrative, preface
from .tables import Context, Note

_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_YEAR = re.compile(r"(\d{4})\s*年")
_TOP = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
#: The official tables by input key, named as locations name them (and the workbook's sheets).
TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "reviews": "表四",
               "statistics": "统计表"}
_TABLE_NAMES = TABLE_NAMES


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
                message = f"{said}“{note.published}”与官方名称“{note.official}”不同"
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
    found = _tables([b for b in blocks if isinstance(b, Table)], adjacent, others)
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
        ctx = Context(_TABLE_NAMES[key], table)
        data[key] = _READERS[key](ctx, spec)
        page = table.page_of(0)
        name_ = _TABLE_NAMES[key]
        source.values[(key,)] = Position(1, 1, f"第{page}页:{name_}" if page else name_)
        source.values.update(ctx.values)
        source.notes += ctx.notes
    del tail
    for table in others:
        where = f"第{table.page}页的表格" if table.page else "一个表格"
        first = next((normal(c.text) for row in table.rows for c in row if normal(c.text)), "")
        position = Position(0, 0, f"第{table.page}页" if table.page else "")
        source.notes.append(Note("unread", position.where, position,
                                 f"{where}（以“{first[:20]}”开头）不是官方表格，未读取"))
    for key, name in _TABLE_NAMES.items():
        if _spec(fmt, key) is not None and key not in found and key != "statistics":
            position = Position(0, 0, name)
            source.notes.append(Note("unread", name, position,
                                     f"文中找不到{name}（可能是图片或未按官方表格排版），其中的数字未读取"))
    source.findings += source.note_findings()  # validation reports them with the rest
    return source


# --------------------------------------------------------------------------------------------
# Tables: which official table is which, and the format they say


def _labels(nodes: tuple[Node, ...]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        out.add(normal(node.label))
        out |= _labels(node.children)
    return out


def _active_labels(fmt: Format) -> set[str]:
    assert fmt.active is not None
    out = {normal(fmt.active.item_header)}
    for block in fmt.active.blocks:
        out |= {normal(block.heading), *(normal(f.label) for f in block.fields),
                *(normal(i.label) for i in block.items)}
    return out


def _kinds() -> dict[str, set[str]]:
    assert GOV2021.applications and GOV2021.reviews and GOV2019.applications
    return {
        "active_disclosure": _active_labels(GOV2021) | _active_labels(GOV2019),
        "applications": _labels((GOV2021.applications.columns, *GOV2021.applications.rows,
                                 *GOV2019.applications.rows)),
        "reviews": _labels(GOV2021.reviews.columns),
        "statistics": {normal(r.label) for r in STATISTICS.rows} | {normal(h) for h in STATISTICS.header},
    }


def _texts(table: Table) -> set[str]:
    return {normal(cell.text) for row in table.rows for cell in row} - {""}


def _tables(found: list[Table], adjacent: list[bool], unread: list[Table]) -> dict[str, Table]:
    """Name each official table. A table that directly follows one (no text between, as
    across a page break) continues it, unless it is another official table; so does one of the
    same width without labels (not more of another's: its header cut off by a page break).
    Tables that are neither go to ``unread``."""
    kinds = _kinds()
    out: dict[str, Table] = {}
    last: str | None = None
    pending: Table | None = None  # the table before, when it was none of the official ones
    pending_follows = False
    for table, follows in zip(found, adjacent, strict=True):
        if follows and pending is not None:
            # An official table whose first rows end a page (its header cut after a row or
            # two, too few labels to tell) is read from its parts joined.
            whole = _continue(pending, table, set())
            if whole is not None and unread and unread[-1] is pending:
                unread.pop()
                table, follows = whole, pending_follows
        pending = None
        texts = _texts(table)
        scores = {kind: len(texts & labels) for kind, labels in kinds.items()}
        kind = max(scores, key=lambda k: scores[k])
        own = scores[kind] >= 3 and kind not in out
        if own and not (follows and last is not None and scores[kind] < 6):
            out[kind] = table
            last = kind
        elif last is not None and (follows or (scores[kind] < 3 and table.width == out[last].width
                                               and scores[last] >= scores[kind])):
            # split over two pages, header repeated or not
            joined = _continue(out[last], table, kinds[last])
            if joined is None:
                unread.append(table)
                pending, pending_follows = table, follows
            else:
                out[last] = joined
        else:
            unread.append(table)
            pending, pending_follows = table, follows
    return out


def _continue(first: Table, more: Table, labels: set[str]) -> Table | None:
    """Return a table with the rows of its continuation on the next page appended, or
    ``None`` when the continuation's columns do not line up with the table's.

    Parts of different widths (a page's part draws only its own rows' column lines) are laid
    on their common column boundaries first. A repeated header is dropped. A merged label
    cell cut by the page break comes back as an empty cell at the top of the continuation:
    it is the cell above it, continued.
    """
    if first.width != more.width or first.edges != more.edges:
        edges = common_edges(first, more)
        if edges is None:
            if first.width != more.width:
                return None
        else:
            first, more = refined(first, edges), refined(more, edges)
    header = [[normal(c.text) for c in row] for row in first.rows[:4]]
    same: dict[tuple[int, int], Cell] = {}
    body = [(r, row) for r, row in enumerate(more.rows)
            if [normal(c.text) for c in row] not in header]
    # A header repeated with its labels typed or wrapped differently: leading rows without
    # numbers whose every cell is like a header cell of the table.
    heads = Matcher((text, text) for row in header for text in row if text)
    while body and all(not normal(c.text) or (not any(ch.isdigit() for ch in normal(c.text))
                                              and heads.match(c.text) is not None) for c in body[0][1]):
        body = body[1:]
    if body and first.rows:
        r, row = body[0]
        for c, cell in enumerate(row):
            if normal(cell.text):
                break
            above = first.rows[-1][c]
            if normal(above.text):
                same[cell.origin] = above
        if stitch(first, row, same, labels):
            body = body[1:]
    # A cell's origin is the grid row it first appears in: unique (rows joined above made two
    # cells share one, a merged cell swallowing the row below) and the row users count.
    made: dict[tuple[int, int], Cell] = {}
    for r, row in body:
        for part in row:
            if part.origin not in same and part.origin not in made:
                made[part.origin] = Cell(part.text, (len(first.rows), part.origin[1]))
        first.rows.append([same.get(part.origin) or made[part.origin] for part in row])
        first.pages.append(more.page_of(r))
    return first


def _format(paragraphs: list[Paragraph], found: dict[str, Table], year: Any) -> Format:
    if "statistics" in found:
        return LEGACY
    gov = any(_section_match(GOV2021, p) for p in paragraphs)
    if not gov and not ({"applications", "reviews", "active_disclosure"} & found.keys()):
        return LEGACY
    if "active_disclosure" in found:
        texts = _texts(found["active_disclosure"])
        new, old = _active_labels(GOV2021), _active_labels(GOV2019)
        score_new, score_old = len(texts & (new - old)), len(texts & (old - new))
        if score_new != score_old:
            return GOV2021 if score_new > score_old else GOV2019
    if isinstance(year, int) and year >= GOV2019.years[0]:
        return format_for_year(year)
    return GOV2021


def _spec(fmt: Format, key: str) -> Any:
    return getattr(fmt, "active" if key == "active_disclosure" else key, None)


_READERS: dict[str, Any] = {"active_disclosure": tables.active,
                            "applications": tables.applications,
                            "reviews": tables.reviews, "statistics": tables.statistics}


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
