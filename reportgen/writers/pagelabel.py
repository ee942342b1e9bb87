"""Group labels repeated on continuation pages of tables with row-spanning cells.

WeasyPrint draws a cell spanning several rows once, on the page where it starts; on the next
page the rest of the cell is blank, and a reader of the printed page cannot tell which group
(三、本年度办理结果, （三）不予公开 ...) the rows belong to. HTML knows no page breaks, so the
document is laid out once, the first body row of every continuation page is found in the
boxes, and each cell spanning over that row is cut in two there: the second part, carrying
the same text, starts the new page. Only then is the document laid out again; a document
with no such break is laid out once and its PDF is unchanged. With the WeasyPrint release
:mod:`.pdf_resume` was written for, the cut is made in WeasyPrint's box tree as soon as the
page of the break is laid out (:func:`cut_boxes`) and only the pages from there on are laid
out again; otherwise the HTML is cut (:func:`repeat_labels` finds the breaks from the
continuation pages) and the whole document is laid out again.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any


def _tables(box: Any) -> Iterator[Any]:
    """The table boxes laid out in ``box`` (a page), not their wrappers; what is inside a
    table is not walked (report tables hold no tables)."""
    if getattr(box, "element_tag", None) == "table" and hasattr(box, "column_widths"):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _tables(child)


def _bodies(table: Any) -> list[Any]:
    """The ``<tbody>`` row groups of a table box that hold rows on its page."""
    return [group for group in table.children
            if not (getattr(group, "is_header", False) or getattr(group, "is_footer", False))
            and getattr(group, "element_tag", None) == "tbody" and group.children]


def first_rows(document: Any) -> list[Any]:
    """Return the ``<tr>`` elements that open a table's body on each of its continuation pages."""
    seen: set[int] = set()
    rows: list[Any] = []
    for page in document.pages:
        for box in _tables(page._page_box):
            continued = id(box.element) in seen
            seen.add(id(box.element))
            groups = _bodies(box) if continued else []
            if groups:
                rows.append(groups[0].children[0].element)
    return rows


def _spans(tbody: Any) -> list[tuple[int, Any]]:
    # Each row-spanning cell with the index of the row it starts in.
    return [(index, cell) for index, tr in enumerate(tbody.findall("tr"))
            for cell in tr if int(cell.get("rowspan", "1")) > 1]


def split_at(tbody: Any, tr: Any) -> bool:
    """Cut every cell of ``tbody`` spanning over row ``tr`` (but not starting there) at ``tr``.

    The second part goes first in ``tr``: spanning cells are the group labels, always the
    leftmost columns, outer groups first. Returns whether anything was cut.
    """
    rows = tbody.findall("tr")
    at = rows.index(tr)
    cut = [(start, cell) for start, cell in _spans(tbody)
           if start < at < start + int(cell.get("rowspan"))]
    for position, (start, cell) in enumerate(cut):
        rest = start + int(cell.get("rowspan")) - at
        part = copy.deepcopy(cell)
        part.tail = None
        _set_span(cell, at - start)
        _set_span(part, rest)
        tr.insert(position, part)
    return bool(cut)


def _set_span(cell: Any, span: int) -> None:
    if span > 1:
        cell.set("rowspan", str(span))
    elif "rowspan" in cell.attrib:
        del cell.attrib["rowspan"]


def cut_boxes(page_box: Any, root_box: Any) -> bool:
    """Cut the spanning cells crossing the foot of ``page_box`` in the box tree ``root_box``.

    ``page_box`` is a laid out page, made from ``root_box`` (the document's formatting
    structure, which WeasyPrint lays every page out from). A table body whose last row on the
    page is not the last row of its ``<tbody>`` continues on the next page with the next row;
    the cells spanning over that row are cut there in ``root_box``, as :func:`split_at` cuts
    them in the HTML, and the table's collapsed border grid is made again, so that laying the
    page out again from ``root_box`` gives what a new document made from the cut HTML gives,
    without a new cascade and box tree. Returns whether anything was cut.
    """
    found: dict[int, Any] | None = None
    changed = False
    for box in _tables(page_box):
        for group in _bodies(box):
            if found is None:
                found = _table_parts(root_box)
            table, body = found.get(id(box.element)), found.get(id(group.element))
            if table is None or body is None:
                continue
            rows = [row.element for row in body.children]
            last = group.children[-1].element
            if last in rows and rows.index(last) + 1 < len(rows) and _split_box(
                    body, rows.index(last) + 1):
                _collapse_borders(table)
                changed = True
    return changed


def _table_parts(root_box: Any) -> dict[int, Any]:
    """Return the table and row group boxes of the box tree ``root_box`` by (the id of) their
    element; the table's wrapper shares its element and is left out, rows are not walked."""
    from weasyprint.formatting_structure.boxes import TableBox, TableRowGroupBox

    found: dict[int, Any] = {}

    def walk(box: Any) -> None:
        if isinstance(box, TableRowGroupBox):
            found[id(box.element)] = box
            return
        if isinstance(box, TableBox):
            found[id(box.element)] = box
        for child in getattr(box, "children", ()):
            walk(child)

    walk(root_box)
    return found


def _split_box(body: Any, at: int) -> bool:
    # split_at on boxes: the parts go first in row ``at``, outer groups first.
    cut = [(start, cell) for start, row in enumerate(body.children[:at]) for cell in row.children
           if start < at < start + cell.rowspan]
    target = body.children[at]
    children = list(target.children)
    for position, (start, cell) in enumerate(cut):
        part = cell.deepcopy()
        part.rowspan = start + cell.rowspan - at
        cell.rowspan = at - start
        children.insert(position, part)
    target.children = children
    return bool(cut)


def _collapse_borders(table: Any) -> None:
    # What WeasyPrint's box building does for a table with collapsed borders, made again for
    # the cut cells (the border between a cell and its new part appears).
    if table.style["border_collapse"] != "collapse":
        return
    from weasyprint.layout.table import collapse_table_borders

    width = max((cell.grid_x + cell.colspan for group in table.children for row in group.children
                 for cell in row.children), default=0)
    height = sum(len(group.children) for group in table.children)
    table.collapsed_border_grid = collapse_table_borders(table, width, height)


def repeat_labels(root: Any, document: Any) -> bool:
    """Cut the spanning cells of ``root`` (the parsed HTML) at the page breaks of ``document``.

    Returns whether anything was cut, that is whether the document must be laid out again.
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    changed = False
    for tr in first_rows(document):
        tbody = parents.get(tr)
        if tbody is not None:
            changed |= split_at(tbody, tr)
    return changed
