"""Stand-ins: a report's failing parts replaced by neutral values so the rest can be checked.

When a value fails validation, the part it spoils (a table-三 row, a table block, or a
top-level key) is dropped or given a neutral stand-in, and the rules and content checks that
read it are skipped (:func:`reportgen.figures.intact`); every other part is still checked. A
misspelt key with one obvious intended name is read as that key.
"""

from __future__ import annotations

import copy
from typing import Any

from .catalog import catalog
from .formats import Format
from .locations import KeyPath
from .models import ReportBase


def intended(data: Any, loc: KeyPath, close: str | None) -> str | None:
    """The key an unknown key was surely meant to be: its one close match, not already there."""
    parent: Any = data
    for part in loc[:-1]:
        if isinstance(parent, dict):
            parent = parent.get(part)
        elif isinstance(parent, list) and isinstance(part, int) and 0 <= part < len(parent):
            parent = parent[part]
        else:
            return None
    return close if close and isinstance(parent, dict) and close not in parent else None


def respell_keys(data: Any, misspelt: dict[KeyPath, str]) -> Any:
    """Return a copy of ``data`` with each misspelt key renamed to the intended one."""
    if not misspelt:
        return data
    data = copy.deepcopy(data)
    for loc, intended in misspelt.items():
        parent = data
        for part in loc[:-1]:
            parent = parent[part]
        parent[intended] = parent.pop(loc[-1])
    return data


def block(fmt: Format, loc: KeyPath) -> KeyPath:
    """Return the part a failing value spoils: its table-三 row or table block, or else its
    top-level key."""
    if fmt.applications is not None and loc[:1] == (fmt.applications.key,):
        rows = catalog(fmt.id).row_paths
        return next((loc[:n] for n in range(len(loc), 1, -1) if loc[:n] in rows), loc[:1])
    tables = {t.key for t in (fmt.active, fmt.reviews, fmt.statistics) if t is not None}
    return loc[:2] if loc and loc[0] in tables and len(loc) >= 2 else loc[:1]


def stand_in(fmt: Format, model: type[ReportBase], data: Any, broken: set[KeyPath]) -> Any:
    """Return ``data`` with each broken part dropped, and required parts given stand-ins."""
    if not isinstance(data, dict):
        return {}
    fixed = {key: value for key, value in data.items()
             if (key,) not in broken and key in model.model_fields}
    for path in broken:  # a broken block or row inside a table: drop it, its default is 0
        if len(path) >= 2 and isinstance(fixed.get(path[0]), dict):
            fixed[path[0]] = _without(fixed[path[0]], path[1:])
    for key, info in model.model_fields.items():
        if key in fixed or not info.is_required():
            continue
        if key == "year":
            fixed[key] = fmt.years[0]
            fixed.pop("published", None)  # checked against the year, which is not known
            fixed.pop("signed", None)
        elif key == "sections":
            fixed[key] = [{"title": "-", "text": "-"}]
        elif key in {s.key for s in fmt.sections if s.kind.value == "narrative"} or key == "agency":
            fixed[key] = "-"
        else:
            fixed[key] = {}
    return fixed


def _without(mapping: dict[str, Any], path: KeyPath) -> dict[str, Any]:
    """Return a copy of ``mapping`` without the value at ``path`` (copying only that branch)."""
    out = dict(mapping)
    head, *rest = path
    if not rest:
        out.pop(str(head), None)
    elif isinstance(out.get(str(head)), dict):
        out[str(head)] = _without(out[str(head)], tuple(rest))
    return out
