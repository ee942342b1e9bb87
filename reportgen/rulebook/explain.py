"""``reportgen explain``: one rule's entry, or an index of the rules a query names.

A user rarely remembers the exact id: ``explain`` alone lists every rule by area, ``explain T3``
lists the ids starting so, and ``explain 结转`` the rules whose title or description has the word.
Only a query that names nothing is an error, and it suggests ids that look alike.
"""

from __future__ import annotations

from ..errors import UsageError
from . import AREAS, Entry, entries, lookup


def explain(query: str | None) -> str:
    """Return what ``reportgen explain`` prints for ``query`` (``None``: every rule).

    Raises:
        UsageError: ``query`` is no id, no id's beginning and no word of any entry.
    """
    if query is None or not query.strip():
        return index(list(entries().values()))
    entry = lookup(query)
    if entry is not None:
        return entry.text()
    found = find(query)
    if found:
        return index(found)
    raise UsageError(_not_found(query.strip()))


def find(query: str) -> list[Entry]:
    """Return the entries whose id starts with ``query``, or else whose title or description
    has it (letters compared without case)."""
    wanted = query.strip().casefold()
    every = list(entries().values())
    by_id = [e for e in every if e.id.casefold().startswith(wanted)]
    return by_id or [e for e in every if wanted in e.title.casefold() or wanted in e.what.casefold()]


def index(found: list[Entry]) -> str:
    """Return ``found`` as an index: a heading per area, then one line per rule (id, title)."""
    width = max(len(e.id) for e in found) + 2
    blocks = []
    for area, heading in AREAS.items():
        lines = [f"  {e.id.ljust(width)}{e.title}" for e in found if e.area == area]
        if lines:
            blocks.append("\n".join([heading, *lines]))
    return "\n\n".join(blocks)


def _not_found(query: str) -> str:
    import difflib

    close = difflib.get_close_matches(query.upper(), list(entries()), n=3, cutoff=0.6)
    alike = f"；相近的规则：{'、'.join(close)}" if close else ""
    return (f"没有规则 {query}，规则的名称和说明中也没有“{query}”{alike}。"
            "列出全部规则：reportgen explain")
