"""Reading figures and texts out of a validated report model, through the format definitions.

Shared by the rules, the content checks, the cross-year checks and the render context, so that
none of them reaches into another for a helper.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Row
from .formats import APPLICANT_KEYS, TOTAL_KEY, Format
from .locations import KeyPath
from .models import Narrative, NarrativeSection, ReportBase


@dataclass(frozen=True)
class RowValues:
    """The six applicant counts of a table-三 row and the 总计 the user typed, if any."""

    cells: tuple[int, ...]
    given_total: int | None


def value_at(model: Any, path: KeyPath) -> Any:
    """Return the part of ``model`` at ``path`` (attribute names)."""
    for name in path:
        model = getattr(model, str(name))
    return model


def row_values(report: ReportBase, row: Row) -> RowValues | None:
    """Return the values of table-三 row ``row``, or ``None`` for an omitted computed row."""
    value = _getter(row.path)(report)
    if value is None:
        return None
    return RowValues(_CELLS(value), getattr(value, TOTAL_KEY))


# Row values are read for every row of every report, twice (rules and content checks): getters
# made once per path instead of a getattr loop and a generator per row.
_CELLS = operator.attrgetter(*APPLICANT_KEYS)


@functools.cache
def _getter(path: KeyPath) -> Callable[[Any], Any]:
    """Return ``lambda model: value_at(model, path)`` for a non-empty ``path``."""
    return operator.attrgetter(".".join(str(name) for name in path))


def result_rows(fmt: Format, cat: Catalog) -> Iterator[Row]:
    """Yield the rows summed into （七）总计: every non-computed row under 三、本年度办理结果."""
    assert fmt.applications is not None
    results = (fmt.applications.key, fmt.applications.results)
    for row in cat.rows:
        if row.path[:2] == results and not row.computed:
            yield row


def part(report: ReportBase, key: str) -> Any:
    """Return a format-specific part of the (dynamically built) report model, or ``None``."""
    return getattr(report, key, None)


def texts(fmt: Format, report: ReportBase) -> Iterator[tuple[KeyPath, str]]:
    """Yield every narrative text with its path (preface, sections, sub-sections)."""
    if report.preface:
        yield ("preface",), report.preface

    def walk(path: KeyPath, sections: tuple[NarrativeSection, ...]) -> Iterator[tuple[KeyPath, str]]:
        for index, sub in enumerate(sections):
            sub_path = (*path, "sections", index)
            yield (*sub_path, "title"), sub.title
            yield (*sub_path, "text"), sub.text
            yield from walk(sub_path, sub.sections)

    for section in fmt.sections:
        value = getattr(report, section.key, None)
        if isinstance(value, Narrative):
            yield (section.key, "intro"), value.intro
            yield from walk((section.key,), value.sections)
    for index, legacy in enumerate(getattr(report, "sections", ()) or ()):
        yield ("sections", index, "title"), legacy.title
        yield ("sections", index, "intro"), legacy.intro
        yield ("sections", index, "text"), legacy.text
        yield from walk(("sections", index), legacy.sections)


def intact(broken: Collection[KeyPath]) -> Callable[..., bool]:
    """Return ``ok(*paths)``: whether none of ``paths`` overlaps a part in ``broken``.

    Parts that failed validation stand in as neutral values so that the rest of a report can
    be checked; a check that reads one of them must not run (it would judge the stand-in).
    """
    def ok(*paths: KeyPath) -> bool:
        return not any(b[: len(p)] == p or p[: len(b)] == b for b in broken for p in paths)

    return ok
