"""Types of the format definitions, and the tables 三 and 四 shared by the 2019/2021 formats.

Each format (``gov2021``, ``gov2019``, ``legacy``) is a :class:`Format`: its sections in order,
its tables and the input key of every cell. The models, the validator, the scaffolder
(``reportgen init``), the JSON Schema and both renderers read this module; none of them spells a
label of its own.

Tables are described by their *meaning* (rows, columns, value fields); their physical grid with
row and column spans is derived from that by :mod:`reportgen.grid`, so merges follow from the
structure instead of being typed in twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """What a table cell holds, which decides its validation and its printing."""

    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # integer, may be negative (2019 本年增/减)
    MONEY = "money"  # non-negative decimal kept exactly as written, in the 万元 its header names
    AMOUNT = "amount"  # money whose header names no unit: a number, or written with 元 / 万元


@dataclass(frozen=True)
class Node:
    """A labelled node of a header tree; leaves carry an input key.

    Used for the row headers and the column headers of the tables: a node spans all the leaves
    below it, and a leaf spans the header levels its ancestors do not use.
    """

    label: str
    key: str = ""
    children: tuple[Node, ...] = ()
    computed: bool = False  # a leaf the tool computes (总计); given values are checked

    def leaves(self) -> tuple[Node, ...]:
        """Return the leaves below this node, left to right (itself when a leaf)."""
        if not self.children:
            return (self,)
        return tuple(leaf for child in self.children for leaf in child.leaves())

    def depth(self) -> int:
        """Return the number of levels of this subtree (1 for a leaf)."""
        return 1 + max((child.depth() for child in self.children), default=0)


# --------------------------------------------------------------------------------------------
# Table 二: 主动公开政府信息情况


@dataclass(frozen=True)
class Field:
    """One value column of a table-二 block."""

    key: str  # "" when the row's value is a bare scalar (2021 single-column blocks)
    label: str
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class Item:
    """One row of a table-二 block: 信息内容 label and its input key."""

    key: str
    label: str


@dataclass(frozen=True)
class Block:
    """A block of table 二: heading row, column header row, data rows."""

    heading: str
    fields: tuple[Field, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ActiveTable:
    """Table 二 of a format."""

    key: str
    blocks: tuple[Block, ...]
    item_header: str
    width: int = 4  # grid columns: the label column plus three value columns



TOTAL_KEY = "total"  # input key of every computed 总计 cell


@dataclass(frozen=True)
class ApplicationsTable:
    """Table 三 of a format: a corner note, applicant columns, and a tree of rows."""

    key: str
    corner: str
    columns: Node
    rows: tuple[Node, ...]
    received: str  # keys of the rows that take part in the balance rule T3-1
    carried_over: str
    results: str
    carried_forward: str
    label_columns: int = 3


# --------------------------------------------------------------------------------------------
# Table 四: 政府信息公开行政复议、行政诉讼情况


@dataclass(frozen=True)
class ReviewsTable:
    """Table 四: column header tree; each block of outcomes is one input mapping."""

    key: str
    columns: tuple[Node, ...]

    def blocks(self) -> tuple[Node, ...]:
        """Return the nodes whose children are the outcome leaves (one input mapping each)."""
        found: list[Node] = []

        def walk(node: Node) -> None:
            if node.key:
                found.append(node)
            else:
                for child in node.children:
                    walk(child)

        for top in self.columns:
            walk(top)
        return tuple(found)

    def name(self, block: Node, separator: str = " ") -> str:
        """Return ``block``'s label after the labels of the groups above it (行政诉讼 复议后起诉)."""

        def chain(nodes: tuple[Node, ...], above: tuple[str, ...]) -> tuple[str, ...] | None:
            for node in nodes:
                if node is block:
                    return (*above, node.label)
                found = chain(node.children, (*above, node.label)) if not node.key else None
                if found:
                    return found
            return None

        return separator.join(chain(self.columns, ()) or (block.label,))


# --------------------------------------------------------------------------------------------
# Legacy statistics annex 《政府信息公开情况统计表》 (国办发〔2014〕32号 era)


@dataclass(frozen=True)
class StatRow:
    """A row of the legacy statistics table. ``key`` is empty for heading rows (unit —)."""

    key: str
    label: str
    unit: str
    level: int  # indentation level: 0 一、, 1 （一）, 2 1., 3 其中 under 1.
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class SumRule:
    """A legacy arithmetic rule (warning): total = sum of parts."""

    rule: str
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class StatisticsTable:
    """The legacy statistics annex."""

    key: str
    title: str
    header: tuple[str, str, str]
    rows: tuple[StatRow, ...]
    sums: tuple[SumRule, ...]
    no_unit: str = "—"


# --------------------------------------------------------------------------------------------
# Sections and formats


class SectionKind(str, Enum):
    """How a section is filled."""

    NARRATIVE = "narrative"
    TABLE = "table"


@dataclass(frozen=True)
class Section:
    """A numbered section of a report; ``title`` includes its official number."""

    key: str
    title: str
    kind: SectionKind


@dataclass(frozen=True)
class Format:
    """One official report format."""

    id: str
    name: str
    document: str  # the official document that fixes it
    years: tuple[int, int]  # report years it is meant for, inclusive
    sections: tuple[Section, ...] = ()
    active: ActiveTable | None = None
    applications: ApplicationsTable | None = None
    reviews: ReviewsTable | None = None
    statistics: StatisticsTable | None = None
    legacy_sections: tuple[str, ...] = ()  # proposed by `init` for free-form formats
    overview_topics: tuple[str, ...] = ()  # sub-heads of 一、总体情况 that `init` proposes
    # Figures of table 二 / the annex that a narrative may quote: (name, input key path).
    figures: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fee_statement: bool = False  # section 六 must state the 信息处理费 charged (2021 format)

    def active_fields(self) -> frozenset[str]:
        """Return the keys of table 二's value columns (empty without a table 二)."""
        if self.active is None:
            return frozenset()
        return frozenset(f.key for block in self.active.blocks for f in block.fields)

    def section(self, key: str) -> Section:
        """Return the section with input key ``key``."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)
