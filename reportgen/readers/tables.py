"""Reading the official tables out of published tables, by their labels.

Rows and columns are identified by their official labels (through :mod:`.labels`), never by
position alone: a row of table 三 is the path of its label cells (``三、本年度办理结果`` →
``（三）不予公开`` → ``1.属于国家秘密``), a column the path of its header cells. What does not
match is reported, never guessed; every label that matched only approximately is reported too.
This module holds what the table readers share and the readers of tables 二 and 四; table 三
is read in :mod:`.applications_table`, the legacy 统计表 in :mod:`.legacy_table`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..cells import WRITTEN
from ..formats import ActiveTable, Node, ReviewsTable
from ..locations import KeyPath, Position
from .document import Cell, Table
from .labels import Match, Matcher, normal

_INT = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
#: Digits grouped by thousands (1,234 or 3,865,200元), the only place a comma may stand.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:元|万元)?")
#: What published tables print for "none": empty cells and dashes mean 0.
_NOTHING = {"", "-", "—", "–", "/", "\\", "无", "─"}


@dataclass(frozen=True)
class Note:
    """Something the reader wants the user to know: a label that differed, or a part unread.

    Attributes:
        kind: ``label`` (a published label differs from the official one) or ``unread``.
        where: the place in words (``第2页:表三 第5行 第1列``).
        position: row and column (or paragraph) numbers, for sorting and locations.
        message: what was found, in Chinese.
        published: the published label (``label`` notes).
        official: the official label it was taken for (``label`` notes).
        path: the key path it concerns, empty when none.
    """

    kind: str
    where: str
    position: Position
    message: str
    published: str = ""
    official: str = ""
    path: KeyPath = ()


@dataclass
class Context:
    """What a table reader records while reading: positions of values and notes."""

    prefix: str  # the table's name in locations: 表三
    table: Table
    values: dict[KeyPath, Position] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    _seen: set[tuple[int, int]] = field(default_factory=set)

    def where(self, r: int, c: int) -> Position:
        """Return the position of grid cell (``r``, ``c``), 0-based, as users read it."""
        page = self.table.page_of(r)
        text = f"{self.prefix} 第{r + 1}行 第{c + 1}列"
        return Position(r + 1, c + 1, f"第{page}页:{text}" if page else text)

    def label(self, cell: Cell, match: Match[Any], path: KeyPath = ()) -> None:
        """Record a published label that matched an official one only approximately."""
        if match.exact or cell.origin in self._seen:
            return
        self._seen.add(cell.origin)
        position = self.where(*cell.origin)
        self.notes.append(Note("label", position.where, position,
                               f"表中写的是“{flat(cell.text)}”，按官方名称“{match.label}”读取",
                               flat(cell.text), match.label, path))

    def blank(self, cell: Cell, label: str, path: KeyPath) -> None:
        """Record an empty cell where the official ``label`` (of a group of rows) belongs."""
        if cell.origin in self._seen:
            return
        self._seen.add(cell.origin)
        position = self.where(*cell.origin)
        self.notes.append(Note("label", position.where, position,
                               f"表中此处没有名称，按官方名称“{label}”读取", "", label, path))

    def unread(self, r: int, c: int, message: str) -> None:
        """Record a part of the table that could not be read."""
        position = self.where(r, c)
        self.notes.append(Note("unread", position.where, position, message))

    def missing(self, label: str, what: str = "一行") -> None:
        """Record an official row or column the table does not have (it counts as 0)."""
        page = self.table.page_of(0)
        where = f"第{page}页:{self.prefix}" if page else self.prefix
        self.notes.append(Note("unread", where, Position(0, 0, where),
                               f"表中找不到“{label}”{what}，按 0 计"))

    def value(self, path: KeyPath, r: int, c: int) -> Any:
        """Return the number in grid cell (``r``, ``c``) and record where it was."""
        self.values[path] = self.where(r, c)
        return number(self.table.rows[r][c].text)


def number(text: str) -> Any:
    """Return a published cell as a number: empty and dashes are 0, ``1,234`` is 1234
    (``1,20`` stays text: the comma is not between groups of three).

    Anything else is returned as the published text, for the validator to report: a value is
    never invented or corrected here.
    """
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    if "," in folded and not _GROUPED.fullmatch(folded):
        return flat(text)  # 1,20: a typo, not 120 (a comma only between groups of three)
    plain = folded.replace(",", "")
    if plain in _NOTHING:
        return 0
    if _INT.fullmatch(plain):
        return int(plain)
    if _DECIMAL.fullmatch(plain):
        return Decimal(plain)
    if WRITTEN.fullmatch(plain):  # 251000元: an amount with its unit, for the model to judge
        return plain
    return flat(text)


def flat(text: str) -> str:
    """``text`` without any white space (a label as published, for messages)."""
    return "".join(text.split())


def is_number(text: str) -> bool:
    return not isinstance(number(text), str) and flat(text) not in _NOTHING


def label_paths(nodes: tuple[Node, ...], above: tuple[Node, ...] = ()) -> list[tuple[Node, ...]]:
    """Every root-to-leaf path of a forest of nodes."""
    out: list[tuple[Node, ...]] = []
    for node in nodes:
        if node.children:
            out += label_paths(node.children, (*above, node))
        else:
            out.append((*above, node))
    return out


def column_paths(ctx: Context, header: range, columns: range) -> dict[int, tuple[str, list[Cell]]]:
    """Per grid column: the texts of its header cells top-down joined, and those cells."""
    out: dict[int, tuple[str, list[Cell]]] = {}
    for c in columns:
        cells: list[Cell] = []
        for r in header:
            cell = ctx.table.rows[r][c]
            if cell not in cells and flat(cell.text):
                cells.append(cell)
        out[c] = ("".join(cell.text for cell in cells), cells)
    return out


def match_path(ctx: Context, matcher: Matcher[tuple[Node, ...]], text: str,
                cells: list[Cell], path: KeyPath) -> tuple[Node, ...] | None:
    """Match a joined header/label path and record each approximately matching cell."""
    found = matcher.match(text)
    if found is None:
        return None
    nodes = found.value
    if not found.exact:
        for cell, depth in aligned(cells, nodes):
            node, keys = nodes[depth - 1], tuple(n.key for n in nodes[:depth] if n.key)
            ctx.label(cell, Match(node, node.label, normal(cell.text) == normal(node.label), 0.0),
                      (*path, *keys))
    return nodes


def aligned(cells: list[Cell], nodes: tuple[Node, ...]) -> list[tuple[Cell, int]]:
    """Pair each label cell with the depth (1-based) of the node it prints: in order, or with
    fewer cells (a group's cell printed empty) by likeness, so that their typos are reported."""
    if len(cells) == len(nodes):
        return [(cell, depth) for depth, cell in enumerate(cells, 1)]
    likeness = Matcher((node.label, depth) for depth, node in enumerate(nodes, 1))
    return [(cell, match.value) for cell in cells if (match := likeness.match(cell.text)) is not None]


#: Per group of rows or columns (the labels of its path): the group's node, the empty cell
#: where a row or column of it printed no label, and its key path; ``None`` once any prints it.
Printed = dict[tuple[str, ...], tuple[Node, Cell, KeyPath] | None]


def groups_printed(cells: list[Cell], nodes: tuple[Node, ...], blank: Cell | None, path: KeyPath,
                   printed: Printed) -> None:
    """Note which groups of the official path ``nodes`` print their label in ``cells`` (a
    row's label cells or a column's header cells); ``blank`` is its first empty such cell."""
    text = normal("".join(cell.text for cell in cells))
    if text == normal("".join(n.label for n in nodes)) or len(cells) >= len(nodes):
        shown = set(range(1, len(nodes) + 1))
    else:
        shown = {depth for _, depth in aligned(cells, nodes)}
    for depth in range(1, len(nodes)):  # the groups only: the last node is the row or column
        key = tuple(n.label for n in nodes[:depth])
        if depth in shown:
            printed[key] = None
        elif key not in printed and blank is not None:
            printed[key] = (nodes[depth - 1], blank, (*path, *(n.key for n in nodes[:depth] if n.key)))


def report_blank_groups(ctx: Context, printed: Printed) -> None:
    """Report each group whose label no row or column prints, at its first empty label cell.

    A group printed once over cells that are not merged (the others left empty) is not
    reported: its label is there, only the merge is not.
    """
    for unprinted in printed.values():
        if unprinted is not None:
            ctx.blank(unprinted[1], unprinted[0].label, unprinted[2])


def header_paths(ctx: Context, paths: list[tuple[Node, ...]], header: range, path: KeyPath,
                 printed: Printed) -> dict[int, tuple[Node, ...]]:
    """Per grid column whose header prints an official path (``paths``, in the official
    order): that path; the groups each prints or leaves empty are noted in ``printed``.

    A header that leaves a group's label empty (申请人情况 or 行政复议 printed blank) matches
    no path, or two alike (结果维持 under 行政复议 and 行政诉讼): it is read by its official
    position when the table's last columns are the official ones, every column matched by its
    labels stands at its official place, and the column prints its path's own labels in order
    but for the empty groups (its own label typed a little differently is reported as a typo):
    two independent confirmations, not a guess.
    """
    table = ctx.table
    matcher = Matcher(("".join(n.label for n in p), p) for p in paths)
    leaves = list({p[-1].label: p[-1] for p in paths}.values())
    headers = column_paths(ctx, header, range(table.width))
    found: dict[int, tuple[Node, ...]] = {}
    for c, (text, cells) in headers.items():
        nodes = match_path(ctx, matcher, text, cells, path)
        if nodes is not None:
            found[c] = nodes
    start = table.width - len(paths)
    if start >= 0 and all(c >= start and paths[c - start] == nodes for c, nodes in found.items()):
        for c in range(start, table.width):
            nodes, cells = paths[c - start], headers[c][1]
            printed_cells = _prints_but_groups(cells, nodes, leaves) if c not in found and cells else None
            if printed_cells is not None:
                found[c] = nodes
                for cell, match, depth in printed_cells:
                    ctx.label(cell, match, (*path, *(n.key for n in nodes[:depth] if n.key)))
    for c, nodes in found.items():
        blank = next((table.rows[r][c] for r in header if not flat(table.rows[r][c].text)), None)
        groups_printed(headers[c][1], nodes, blank, path, printed)
    return found


def _prints_but_groups(cells: list[Cell], nodes: tuple[Node, ...], leaves: list[Node]
                       ) -> list[tuple[Cell, Match[Node], int]] | None:
    """How ``cells`` print the column's path ``nodes`` with some group labels left out: each
    cell paired with the match of the node it prints and that node's depth (1-based), when the
    cells but the last print group labels of ``nodes`` in order (each exactly or close to it)
    and the last prints the column's own label (``nodes[-1]``, told apart from the table's
    other ``leaves`` under the same groups); ``None`` when they do not."""
    out: list[tuple[Cell, Match[Node], int]] = []
    start = 0
    for cell in cells[:-1]:  # a group typed a little differently still places the column
        group = Matcher((nodes[i].label, i) for i in range(start, len(nodes) - 1)).match(cell.text)
        if group is None:
            return None
        node = nodes[group.value]
        out.append((cell, Match(node, node.label, group.exact, group.ratio), group.value + 1))
        start = group.value + 1
    # compared under the official labels of its printed groups, as a fully printed header is
    prefix = "".join(match.label for _, match, _ in out)
    own = Matcher((prefix + leaf.label, leaf) for leaf in leaves).match(prefix + cells[-1].text)
    if own is None or own.value.label != nodes[-1].label:
        return None
    out.append((cells[-1], Match(nodes[-1], nodes[-1].label, own.exact, own.ratio), len(nodes)))
    return out


def first_body_row(table: Table, is_body: Callable[[int], bool]) -> int:
    for r in range(len(table.rows)):
        if is_body(r):
            return r
    return len(table.rows)


def reviews(ctx: Context, spec: ReviewsTable) -> dict[str, Any]:
    """Read table 四: each column by its header path (复议/诉讼 → outcome)."""
    table = ctx.table
    header_end = first_body_row(table, lambda r: any(is_number(c.text) for c in table.rows[r]))
    data: dict[str, Any] = {}
    if header_end >= len(table.rows):
        ctx.unread(0, 0, "表中没有数字行，未读取")
        return data
    seen: set[tuple[str, str]] = set()
    printed: Printed = {}
    columns = header_paths(ctx, label_paths(spec.columns), range(header_end), (spec.key,), printed)
    for c in range(table.width):
        nodes = columns.get(c)
        if nodes is None or len(nodes) < 2:
            if flat(table.rows[header_end][c].text):
                text = "".join(cell.text for cell in column_paths(ctx, range(header_end), range(c, c + 1))[c][1])
                ctx.unread(header_end, c, f"第{c + 1}列的表头“{flat(text)[:30]}”不是官方表头，未读取")
            continue
        block = next(n.key for n in nodes if n.key and n.children)
        outcome = nodes[-1].key
        if (block, outcome) in seen:
            continue
        seen.add((block, outcome))
        data.setdefault(block, {})[outcome] = ctx.value((spec.key, block, outcome), header_end, c)
    for r in range(header_end + 1, len(table.rows)):
        if any(flat(cell.text) for cell in table.rows[r]):
            ctx.unread(r, 0, "表四只有一行数字；这一行未读取")
    for path in label_paths(spec.columns):
        owner = next(n for n in path if n.key and n.children)
        if (owner.key, path[-1].key) not in seen and not path[-1].computed:
            ctx.missing(f"{owner.label}·{path[-1].label}", "一列")
    report_blank_groups(ctx, printed)
    return data


def active(ctx: Context, spec: ActiveTable) -> dict[str, Any]:
    """Read table 二: block headings, the 信息内容 header of each block, then its item rows."""
    table = ctx.table
    headings = Matcher((b.heading, b) for b in spec.blocks)
    items = Matcher((item.label, (block, item)) for block in spec.blocks for item in block.items)
    item_header = Matcher([(spec.item_header, spec.item_header)])
    block = None
    columns: dict[int, Any] = {}  # grid column → field of the current block
    data: dict[str, Any] = {}
    for r in range(len(table.rows)):
        cells = [(c, cell) for c, cell in table.distinct(r) if flat(cell.text)]
        if not cells:
            continue
        first_c, first = cells[0]
        heading = headings.match(first.text) if len(cells) == 1 else None
        if heading is not None:
            ctx.label(first, heading)
            block, columns = heading.value, {}
            continue
        head = item_header.match(first.text)
        if head is not None:
            ctx.label(first, head)
            columns = _active_columns(ctx, block, cells[1:], spec)
            continue
        item = items.match(first.text)
        if item is None:
            ctx.unread(r, first_c, f"“{flat(first.text)[:40]}”不是官方表格中的行，未读取")
            continue
        ctx.label(first, item, (spec.key, item.value[1].key))
        owner, entry = item.value
        mine = {c: f for c, f in columns.items() if f in owner.fields}
        if not mine:
            ctx.unread(r, first_c, f"“{entry.label}”一行之前没有可以识别的栏目名称，未读取")
            continue
        ctx.values.setdefault((spec.key, entry.key), ctx.where(r, first_c))
        for c, f in mine.items():
            if f.key:
                data.setdefault(entry.key, {})[f.key] = ctx.value((spec.key, entry.key, f.key), r, c)
            else:
                data[entry.key] = ctx.value((spec.key, entry.key), r, c)
    for block_ in spec.blocks:
        for item_ in block_.items:
            if item_.key not in data:
                ctx.missing(item_.label)
    return data


def _active_columns(ctx: Context, block: Any, cells: list[tuple[int, Cell]],
                    spec: ActiveTable) -> dict[int, Any]:
    fields = block.fields if block is not None else tuple(
        f for b in spec.blocks for f in b.fields)
    matcher = Matcher((f.label, f) for f in fields)
    out: dict[int, Any] = {}
    for c, cell in cells:
        found = matcher.match(cell.text)
        if found is None:
            ctx.unread(cell.origin[0], c, f"栏目名称“{flat(cell.text)[:30]}”不是官方名称，这一栏未读取")
            continue
        ctx.label(cell, found)
        if found.value not in out.values():
            out[c] = found.value
    return out
