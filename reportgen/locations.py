"""Where things are in an input: key paths and the source positions of keys and values.

Every reader (the YAML/JSON reader today, published-document readers next) produces a
:class:`Source`; validation and the rules report findings through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import Finding

Key = str | int
KeyPath = tuple[Key, ...]


class Unreadable:
    """Stands in the data for a value the reader could not read (a bad date, a tag …).

    The reader reports the value itself; validation then skips every other finding about that
    value, and checks all the rest of the file.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "（无法读取的值）"


UNREADABLE = Unreadable()


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the source file.

    In a published document (DOCX, PDF…) ``line`` and ``column`` are the row and column of a
    table, or the paragraph, and ``where`` says it in words: ``第2页:表三 第5行 第4列``.
    """

    line: int
    column: int
    where: str = ""


@dataclass
class Source:
    """A parsed input file.

    Attributes:
        name: the file name as the user gave it (used in messages).
        data: the document as plain Python data (dict, list, str, int, Decimal, date…).
        values: position of each value, by key path.
        keys: position of each mapping key, by key path of its value.
        text: the decoded source text (to place findings inside long text values).
        findings: what the reader found wrong without having to stop (bad dates, tags,
            duplicate keys …); each such value is :data:`UNREADABLE` in ``data``.
        unreadable: the key paths of those values.
    """

    name: str
    data: Any
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    unreadable: frozenset[KeyPath] = frozenset()

    def find(self, snippet: str, near: KeyPath) -> Position | None:
        """Return where ``snippet`` occurs in the source at or after the value at ``near``."""
        start = self.locate(near)
        lines = self.text.splitlines()
        for number in range(start.line, len(lines) + 1):
            column = lines[number - 1].find(snippet)
            if column >= 0:
                return Position(number, column + 1)
        return None

    def locate(self, path: KeyPath, *, key: bool = False) -> Position:
        """Return the position of ``path``, or of its nearest ancestor that exists.

        Args:
            path: key path of the value.
            key: prefer the position of the key over that of its value.
        """
        while path:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
            key = False
        return self.values.get((), Position(1, 1))

    def get(self, path: KeyPath) -> Any:
        """Return the raw value at ``path``, or ``None`` when it does not exist."""
        node: Any = self.data
        for part in path:
            present = ((isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node))
                       or (isinstance(node, dict) and part in node))
            if not present:
                return None
            node = node[part]
        return node


def format_path(path: KeyPath) -> str:
    """Return a key path as users write it: ``applications.received[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
