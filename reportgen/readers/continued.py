"""Tables of a published document: which official table is which, and the parts of one
table that a page break cut in two, joined again.

A table that runs on to the next page is printed as two tables, often with its header
repeated on the second page. :func:`name_tables` tells the official tables by their labels
and joins each continuation to its table (:func:`join`); a repeated header is dropped, and
where its labels differ from the table's own official ones they are kept as relabels
(:class:`~reportgen.readers.document.Relabel`), so that a typo in the header of page 4 is
reported like one in the header of page 3.
"""

from __future__ import annotations

from ..formats import GOV2019, GOV2021, STATISTICS, Format, Node
from .document import Cell, Relabel, Table, common_edges, own_label, refined, stitch
from .labels import Matcher, normal

#: The official tables by input key, named as locations name them (and the workbook's sheets).
TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "reviews": "表四",
               "statistics": "统计表"}



def labels_of(nodes: tuple[Node, ...]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        out.add(normal(node.label))
        out |= labels_of(node.children)
    return out


def active_labels(fmt: Format) -> set[str]:
    assert fmt.active is not None
    out = {normal(fmt.active.item_header)}
    for block in fmt.active.blocks:
        out |= {normal(block.heading), *(normal(f.label) for f in block.fields),
                *(normal(i.label) for i in block.items)}
    return out


def _kinds() -> dict[str, set[str]]:
    assert GOV2021.applications and GOV2021.reviews and GOV2019.applications
    return {
        "active_disclosure": active_labels(GOV2021) | active_labels(GOV2019),
        "applications": labels_of((GOV2021.applications.columns, *GOV2021.applications.rows,
                                 *GOV2019.applications.rows)),
        "reviews": labels_of(GOV2021.reviews.columns),
        "statistics": {normal(r.label) for r in STATISTICS.rows} | {normal(h) for h in STATISTICS.header},
    }


def texts_of(table: Table) -> set[str]:
    return {normal(cell.text) for row in table.rows for cell in row} - {""}


def name_tables(found: list[Table], adjacent: list[bool], unread: list[Table]) -> dict[str, Table]:
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
            whole = join(pending, table, set())
            if whole is not None and unread and unread[-1] is pending:
                unread.pop()
                table, follows = whole, pending_follows
        pending = None
        texts = texts_of(table)
        scores = {kind: len(texts & labels) for kind, labels in kinds.items()}
        kind = max(scores, key=lambda k: scores[k])
        own = scores[kind] >= 3 and kind not in out
        if own and not (follows and last is not None and scores[kind] < 6):
            out[kind] = table
            last = kind
        elif last is not None and (follows or (scores[kind] < 3 and table.width == out[last].width
                                               and scores[last] >= scores[kind])):
            # split over two pages, header repeated or not
            joined = join(out[last], table, kinds[last])
            if joined is None:
                unread.append(table)
                pending, pending_follows = table, follows
            else:
                out[last] = joined
        else:
            unread.append(table)
            pending, pending_follows = table, follows
    return out


def join(first: Table, more: Table, labels: set[str]) -> Table | None:
    """Return a table with the rows of its continuation on the next page appended, or
    ``None`` when the continuation's columns do not line up with the table's.

    Parts of different widths (a page's part draws only its own rows' column lines) are laid
    on their common column boundaries first. A repeated header is dropped; its labels that
    differ from the official ones the table's own header prints (``labels``, normalised)
    are kept in ``relabels``. A merged label cell cut by the page break comes back as an
    empty cell at the top of the continuation: it is the cell above it, continued. The row's
    own label is never such a cell (it ends with its row): an empty cell under it is a label
    left empty on the new page.
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
    printed = {normal(c.text): "".join(c.text.split()) for row in first.rows[:4] for c in row}
    while body and all(not normal(c.text) or (not any(ch.isdigit() for ch in normal(c.text))
                                              and heads.match(c.text) is not None) for c in body[0][1]):
        first.relabels += _relabels(len(first.rows), more, body[0][0], heads, printed, labels)
        body = body[1:]
    if body and first.rows:
        r, row = body[0]
        own = own_label(first.rows[-1])
        for c, cell in enumerate(row):
            if normal(cell.text):
                break
            above = first.rows[-1][c]
            # A group's label cut by the break continues; the row's own label ends with its
            # row, so an empty cell under it is a label left empty (reported as such).
            if normal(above.text) and above is not own:
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


def _relabels(at: int, more: Table, r: int, heads: Matcher[str], printed: dict[str, str],
              labels: set[str]) -> list[Relabel]:
    """The labels of ``more``'s row ``r``, a repeat of the table's header (``printed``: its
    labels as printed, by normal form), that differ from the header cell they repeat where that
    cell prints an official label; ``at`` is the table's row the continuation starts at."""
    out = []
    for c, cell in more.distinct(r):
        text = normal(cell.text)
        match = heads.match(cell.text) if text and text not in printed else None
        if match is not None and match.value in labels:
            out.append(Relabel(more.page_of(r), at, c, "".join(cell.text.split()), printed[match.value]))
    return out
