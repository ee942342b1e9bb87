"""Properties of the consistency rules, with hypothesis."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.readers.yaml_reader import load_text
from reportgen.validation import check_source

LEAVES = [("results", "disclosed"), ("results", "partially_disclosed"),
          ("results", "withheld", "state_secret"), ("results", "unavailable", "not_held"),
          ("results", "not_processed", "duplicate"), ("results", "other", "other")]
FIXED = [("received",), ("carried_over",), ("carried_forward",), ("results", "total")]
ROWS = FIXED + LEAVES


@st.composite
def balanced(draw: st.DrawFn) -> dict[tuple[str, ...], list[int]]:
    """A table 三 that balances, with every row's 总计 typed in (7 numbers a row)."""
    table: dict[tuple[str, ...], list[int]] = {row: [] for row in ROWS}
    for _ in range(6):
        leaves = [draw(st.integers(0, 20)) for _ in LEAVES]
        forward = draw(st.integers(0, 20))
        over = draw(st.integers(0, min(20, sum(leaves) + forward)))
        for row, value in zip(LEAVES, leaves, strict=True):
            table[row].append(value)
        table[("results", "total")].append(sum(leaves))
        table[("carried_forward",)].append(forward)
        table[("carried_over",)].append(over)
        table[("received",)].append(sum(leaves) + forward - over)
    for values in table.values():
        values.append(sum(values))
    return table


def _document(table: dict[tuple[str, ...], list[int]]) -> str:
    applications: dict[str, Any] = {}
    for path, values in table.items():
        node = applications
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = values
    return json.dumps({
        "format": "gov2021", "year": 2024, "agency": "示例局", "published": "2025-01-20",
        "overview": "主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。",
        "active_disclosure": {}, "applications": applications, "reviews": {},
        "problems": "问题", "other_matters": "本年度未收取信息处理费。",
    }, ensure_ascii=False)


def _broken(table: dict[tuple[str, ...], list[int]]) -> set[tuple[str, str]]:
    result = check_source(load_text(_document(table), "t.json"))
    assert result.report is not None
    return {(f.rule, f.path) for f in result.findings}


@pytest.mark.slow
@given(balanced())
@settings(max_examples=150, deadline=None)
def test_a_balanced_table_validates_clean(table: dict[tuple[str, ...], list[int]]) -> None:
    assert _broken(table) == set()


@pytest.mark.slow
@given(balanced(), st.sampled_from(ROWS), st.integers(0, 6), st.integers(1, 5))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_changing_one_cell_breaks_exactly_its_rules(
        table: dict[tuple[str, ...], list[int]], row: tuple[str, ...], column: int,
        delta: int) -> None:
    table[row][column] += delta
    name = "applications." + ".".join(row)
    # What the cell takes part in, worked out here independently of reportgen's rule code:
    # its row's typed 总计 (T3-3) for an applicant column; the 总计 cell itself only in T3-3;
    # a result row in the （七）总计 check of its column (T3-2); the four balance rows in the
    # balance of their column (T3-1), the typed （七）总计 row in both T3-1 and T3-2.
    expected = {("T3-3", f"{name}[6]")}
    if column < 6:
        if row in LEAVES or row == ("results", "total"):
            expected.add(("T3-2", f"applications.results.total[{column}]"))
        if row in FIXED:
            expected.add(("T3-1", f"applications.carried_forward[{column}]"))
    assert _broken(table) == expected


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=8)
    | st.floats(allow_nan=True),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["year", "agency", "format", "applications", "received",
                                       "results", "overview", "sections", "title", "x"]),
                      inner, max_size=5),
    max_leaves=20,
)


@pytest.mark.slow
@given(YAML_VALUES)
@settings(max_examples=300, deadline=None)
def test_any_yaml_document_gives_findings_never_an_exception(value: Any) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    with contextlib.suppress(InputError):
        check_source(load_text(text, "t.yaml"))


@pytest.mark.slow
@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_findings_never_an_exception(text: str) -> None:
    try:
        check_source(load_text(text, "t.yaml"))
    except InputError as exc:
        assert all(f.line >= 0 and f.rule for f in exc.findings)
