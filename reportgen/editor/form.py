"""What the form shows: the title block, the sections and the official tables, built from the format.

Every label comes from the format definitions (:mod:`reportgen.formats`), the model's field names
and the same grid layout the renderers use (:mod:`reportgen.grid`); the templates only draw.
Each input cell carries its key path as users write it (``applications.received[0]``) so that a
finding of the validator lands next to the cell it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..catalog import ROW_KEYS, catalog
from ..cells import UNIT_HINT
from ..context import heading_number
from ..formats import DEFAULT_TITLE, FORMATS, TOTAL_KEY, Format, Kind, Node, SectionKind
from ..grid import Cell, column_header, row_labels
from ..locations import KeyPath, format_path
from ..models import FIELD_NAMES, Contact, ReportBase

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
#: Narrative text keys of the title block, shown as text areas.
_LONG = frozenset({"preface"})


@dataclass(frozen=True)
class Input:
    """One field of the title block."""

    path: str
    label: str
    value: str
    kind: str = "text"  # text, textarea, number, date, select
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()


@dataclass
class FormCell:
    """A cell of a form table: a label, an input, or a computed total (``sums`` its parts)."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    kind: str = "label"  # label, head, input, total
    path: str = ""
    alt: str = ""  # the same cell in mapping form (``…received.natural_person``)
    value: str = ""
    sums: list[str] = field(default_factory=list)
    col: int = -1  # the value column, for Enter (move down) and pasting blocks
    hint: str = ""  # what else the cell takes: its unit, where the header names none


@dataclass(frozen=True)
class Subsection:
    """A numbered sub-heading of a narrative section."""

    path: str
    title: str
    text: str
    nested: int = 0  # lower-level sub-headings: kept as they are, edited in the file
    run_in: bool = False  # printed in one paragraph with its text
    number: str = ""  # as printed before the sub-heading: （一）, （二）…


@dataclass(frozen=True)
class Part:
    """A section of the form: a narrative (intro and sub-sections) or a table."""

    key: str
    title: str
    kind: str  # narrative, table
    text: str = ""  # the narrative's intro (or its whole text)
    text_path: str = ""
    subsections: tuple[Subsection, ...] = ()
    rows: tuple[tuple[FormCell, ...], ...] = ()
    name: str = ""  # active, applications, reviews, statistics
    title_path: str = ""  # a part whose title the file gives (legacy reports)
    note: str = ""  # the note printed under a table, or the 附件说明 line of the attachments part
    note_path: str = ""
    items: tuple[Subsection, ...] = ()  # the text attachments (title and text, no numbering)


def build(data: dict[str, Any]) -> tuple[Format, list[Input], list[Part]]:
    """Return the format of ``data``, its title-block inputs and its parts in report order."""
    from ..validation import choose_format

    fmt = choose_format(data)
    parts: list[Part] = []
    for section in fmt.sections:
        value = data.get(section.key)
        if section.kind is SectionKind.NARRATIVE:
            parts.append(_narrative(section.key, section.title, value))
        else:
            parts.append(Part(section.key, section.title, "table", rows=_table(fmt, section.key, data),
                              name=_table_name(fmt, section.key), note=_note(data, section.key),
                              note_path=f"table_notes.{section.key}"))
    if fmt.statistics:
        for index, item in enumerate(_list(data.get("sections"))):
            item = item if isinstance(item, dict) else {}
            part = _narrative(f"sections[{index}]", _text(item.get("title")), item)
            parts.append(replace(part, title_path=f"sections[{index}].title"))
        stats = fmt.statistics
        rows: list[tuple[FormCell, ...]] = [tuple(FormCell(t, kind="head") for t in stats.header)]
        values = _dict(data.get(stats.key))
        for row in stats.rows:
            if not row.key:
                rows.append((FormCell(row.label), FormCell(stats.no_unit, kind="head"), FormCell()))
            else:
                rows.append((FormCell(row.label), FormCell(row.unit, kind="head"),
                             _input((stats.key, row.key), values.get(row.key))))
        parts.append(Part(stats.key, stats.title, "table", rows=tuple(rows),
                          name="statistics", note=_note(data, stats.key),
                          note_path=f"table_notes.{stats.key}"))
    parts.append(_attachments(data))
    cat = catalog(fmt.id)
    for part in parts:
        for cells in part.rows:
            for cell in cells:
                if cell.kind == "input":  # what a screen reader and the tooltip say
                    cell.text = cat.label(_parse(cell.path))
                    if cat.kind(_parse(cell.path)) is Kind.AMOUNT:
                        cell.hint = UNIT_HINT
    return fmt, _title_block(fmt, data), parts


def _note(data: dict[str, Any], key: str) -> str:
    return _text(_dict(data.get("table_notes")).get(key))


def _attachments(data: dict[str, Any]) -> Part:
    """The 附件说明 line and the text attachments: printed after the body, before the signature."""
    items = tuple(Subsection(f"attachments[{i}]", _text(_dict(a).get("title")), _text(_dict(a).get("text")))
                  for i, a in enumerate(_list(data.get("attachments"))))
    title = f"{FIELD_NAMES['attachment_note']}与{FIELD_NAMES['attachments']}"
    return Part("attachments", title, "attachments", items=items,
                note=_text(data.get("attachment_note")), note_path="attachment_note")


def _lines(value: Any) -> str:
    """The title's lines, one a line of the text area (a value that is no list is shown as it is)."""
    return "\n".join(_text(line) for line in value) if isinstance(value, list) else _text(value)


def _parse(path: str) -> KeyPath:
    return tuple(int(index) if index else key for key, index in _PART.findall(path))


def _title_block(fmt: Format, data: dict[str, Any]) -> list[Input]:
    fields = ReportBase.model_fields
    formats = tuple((f.id, f"{f.id}：{f.name}") for f in FORMATS.values())
    kinds_text = (fields["organ_kind"].description or "").partition("：")[2]
    # The person sees 部门, the file gets department.
    kinds = tuple((value, text) for value, _, text in
                  (choice.partition(" ") for choice in kinds_text.split(" / ")))
    agency, year = _text(data.get("agency")), _text(data.get("year"))
    # The default spelled out with this report's own agency and year, not a pattern to decode.
    title_hint = (f"缺省为“{DEFAULT_TITLE.format(agency=agency, year=year)}”" if agency and year
                  else fields["title"].description or "")
    signature_hint = f"缺省为“{agency}”" if agency else fields["signature"].description or ""
    out = [
        Input("format", FIELD_NAMES["format"], _text(data.get("format", fmt.id)), "select",
              options=formats),
        Input("year", FIELD_NAMES["year"], _text(data.get("year")), "number"),
        Input("agency", FIELD_NAMES["agency"], _text(data.get("agency")),
              hint=fields["agency"].description or ""),
        Input("organ_kind", FIELD_NAMES["organ_kind"], _text(data.get("organ_kind", "department")),
              "select", options=kinds),
        Input("published", FIELD_NAMES["published"], _text(data.get("published")), "date"),
        Input("signed", FIELD_NAMES["signed"], _text(data.get("signed")), "date",
              hint=fields["signed"].description or ""),
        Input("title", FIELD_NAMES["title"], _text(data.get("title")),
              hint=title_hint),
        Input("title_lines", FIELD_NAMES["title_lines"], _lines(data.get("title_lines")), "lines",
              hint="每行一行标题，合起来即标题；不填时自动分行"),
        Input("signature", FIELD_NAMES["signature"], _text(data.get("signature")),
              hint=signature_hint),
    ]
    contact = _dict(data.get("contact"))
    for key, info in Contact.model_fields.items():
        out.append(Input(f"contact.{key}", f"{FIELD_NAMES['contact']} · {info.description}",
                         _text(contact.get(key))))
    out += [Input(key, FIELD_NAMES[key], _text(data.get(key)), "textarea") for key in sorted(_LONG)]
    return out


def _narrative(key: str, title: str, value: Any) -> Part:
    if isinstance(value, dict) and "text" in value and not value.get("sections"):
        return Part(key, title, "narrative", _text(value.get("text")), f"{key}.text")  # legacy
    if isinstance(value, dict):
        subs = tuple(Subsection(f"{key}.sections[{i}]", _text(_dict(s).get("title")),
                                _text(_dict(s).get("text")), len(_list(_dict(s).get("sections"))),
                                _dict(s).get("run_in") is True, heading_number(i + 1))
                     for i, s in enumerate(_list(value.get("sections"))))
        return Part(key, title, "narrative", _text(value.get("intro")), f"{key}.intro", subs)
    return Part(key, title, "narrative", _text(value), key)


def _table_name(fmt: Format, key: str) -> str:
    if fmt.active and key == fmt.active.key:
        return "active"
    return "applications" if fmt.applications and key == fmt.applications.key else "reviews"


def _table(fmt: Format, key: str, data: dict[str, Any]) -> tuple[tuple[FormCell, ...], ...]:
    if fmt.active and key == fmt.active.key:
        return _active(fmt, _dict(data.get(key)))
    if fmt.applications and key == fmt.applications.key:
        return _applications(fmt, _dict(data.get(key)))
    return _reviews(fmt, _dict(data.get(key)))


def _active(fmt: Format, values: dict[str, Any]) -> tuple[tuple[FormCell, ...], ...]:
    table = fmt.active
    assert table is not None
    rows: list[tuple[FormCell, ...]] = []
    for block in table.blocks:
        spans = [1] * len(block.fields)
        spans[-1] += table.width - 1 - len(block.fields)
        rows.append((FormCell(block.heading, colspan=table.width),))
        rows.append((FormCell(table.item_header, kind="head"),
                     *(FormCell(f.label, colspan=s, kind="head")
                       for f, s in zip(block.fields, spans, strict=True))))
        for item in block.items:
            cells = []
            for col, (f, span) in enumerate(zip(block.fields, spans, strict=True)):
                path: KeyPath = (table.key, item.key, f.key) if f.key else (table.key, item.key)
                value = _dict(values.get(item.key)).get(f.key) if f.key else values.get(item.key)
                cell = _input(path, value)
                cell.colspan, cell.col = span, col
                cells.append(cell)
            rows.append((FormCell(item.label), *cells))
    return tuple(rows)


def _applications(fmt: Format, values: dict[str, Any]) -> tuple[tuple[FormCell, ...], ...]:
    table = fmt.applications
    assert table is not None
    cat = catalog(fmt.id)
    header = [[_cell(c) for c in row] for row in column_header((table.columns,))]
    header[0].insert(0, FormCell(table.corner, colspan=table.label_columns, rowspan=len(header),
                                 kind="head"))
    rows = [tuple(r) for r in header]
    result_rows = [r.path for r in cat.rows if r.path[1] == table.results and not r.computed]
    for node, labels in row_labels(table.rows, table.label_columns):
        path = _row_path(table.key, table.rows, node)
        if node.key == TOTAL_KEY and path[1] == table.results:
            sums = [[format_path((*p, i)) for p in result_rows] for i in range(6)]
            numbers = [FormCell(kind="total", sums=s) for s in sums]
            numbers.append(FormCell(kind="total", sums=[x for s in sums for x in s]))
        else:
            given = _get(values, path[1:])
            numbers = [_row_input(path, i, given) for i in range(6)]
            if (isinstance(given, list) and len(given) > 6) or (isinstance(given, dict) and TOTAL_KEY in given):
                numbers.append(_row_input(path, 6, given))
            else:
                numbers.append(FormCell(kind="total", sums=[c.path for c in numbers]))
        rows.append((*(_cell(c) for c in labels), *numbers))
    return tuple(rows)


def _row_input(row: KeyPath, index: int, given: Any) -> FormCell:
    """An input of a table-三 row, written the way the file writes the row (list or mapping)."""
    if isinstance(given, dict):
        cell = _input((*row, ROW_KEYS[index]), given.get(ROW_KEYS[index]))
        cell.alt = format_path((*row, index))
    else:
        value = given[index] if isinstance(given, list) and index < len(given) else None
        cell = _input((*row, index), value)
        cell.alt = format_path((*row, ROW_KEYS[index]))
    cell.col = index
    return cell


def _reviews(fmt: Format, values: dict[str, Any]) -> tuple[tuple[FormCell, ...], ...]:
    table = fmt.reviews
    assert table is not None
    rows: list[tuple[FormCell, ...]] = [tuple(_cell(c) for c in r) for r in column_header(table.columns)]
    numbers: list[FormCell] = []
    for block in table.blocks():
        given = _dict(values.get(block.key))
        parts = [_input((table.key, block.key, o.key), given.get(o.key))
                 for o in block.children if not o.computed]
        numbers += parts
        for outcome in block.children:
            if outcome.computed:
                numbers.append(FormCell(kind="total", sums=[c.path for c in parts],
                                        path=format_path((table.key, block.key, outcome.key))))
    rows.append(tuple(numbers))
    return tuple(rows)


def _row_path(key: str, nodes: tuple[Node, ...], leaf: Node) -> KeyPath:
    def find(children: tuple[Node, ...], path: KeyPath) -> KeyPath | None:
        for node in children:
            if node is leaf:
                return (*path, node.key)
            found = find(node.children, (*path, node.key))
            if found:
                return found
        return None

    found = find(nodes, (key,))
    assert found is not None
    return found


def _cell(cell: Cell) -> FormCell:
    return FormCell(cell.text, cell.colspan, cell.rowspan, cell.kind)


def _input(path: KeyPath, value: Any) -> FormCell:
    return FormCell(kind="input", path=format_path(path), value=_text(value))


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
