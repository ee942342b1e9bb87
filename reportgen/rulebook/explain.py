"""``reportgen explain``: one rule's entry, or an index of the rules a query names.

A user rarely remembers the exact id: ``explain`` alone lists every rule by area, ``explain T3``
lists the ids starting so, and ``explain 结转`` the rules whose title or description has the word.
Only a query that names nothing is an error, and it suggests ids that look alike.
"""

from __future__ import annotations

from ..errors import UsageError
from . import AREAS, Entry, entries, lookup


def explain_all(queries: list[str]) -> str:
    """Return what ``reportgen explain Q1 Q2 …`` prints: each query's answer, a blank line
    between them (no query: every rule).

    Raises:
        UsageError: naming every query that names nothing, each on its line.
    """
    answers, unknown = [], []
    for query in queries or [""]:
        try:
            answers.append(explain(query))
        except UsageError:
            unknown.append(_bare(query))
    if unknown:
        raise UsageError(_not_found(unknown))
    return "\n\n".join(answers)


def explain(query: str | None) -> str:
    """Return what ``reportgen explain`` prints for ``query`` (``None``: every rule). The id may
    be written as the findings print it, in brackets (``[T3-1]``).

    Raises:
        UsageError: ``query`` is no id, no id's beginning and no word of any entry.
    """
    query = _bare(query or "")
    if not query:
        return index(list(entries().values()))
    entry = lookup(query)
    if entry is not None:
        return entry.text()
    found = find(query)
    if found:
        return index(found)
    raise UsageError(_not_found([query]))


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


def _bare(query: str) -> str:
    # An id copied from a finding comes with its brackets: "[T3-1]".
    return query.strip().removeprefix("[").removesuffix("]").strip()


def _not_found(queries: list[str]) -> str:
    import difflib

    close = [m for q in queries
             for m in difflib.get_close_matches(q.upper(), list(entries()), n=3, cutoff=0.6)]
    alike = f"；相近的规则：{'、'.join(dict.fromkeys(close))}" if close else ""
    named = "、".join(queries)
    words = f"“{named}”" if len(queries) == 1 else "这些词"
    return f"没有规则 {named}，规则的名称和说明中也没有{words}{alike}。列出全部规则：reportgen explain"
