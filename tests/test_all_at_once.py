"""No mistake hides another: pairs and triples of independent mistakes, each still reported.

A catalogue of mistakes people make in the input file (each a one-line change of the 2024
sample, the finding it must give and the line it is given at) is combined in pairs and triples
over different lines; validating the combination must give every mistake's own finding at its
line, whatever the others are. A mistake that needs other lines intact (T3-1 needs the rows it
balances) is only combined with mistakes that leave them alone.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import pytest

from reportgen.readers.yaml_reader import load_text
from reportgen.validation import check_source

from .helpers import SAMPLES

BASE = (SAMPLES / "2024.yaml").read_text(encoding="utf-8").split("\n")


@dataclass(frozen=True)
class Mistake:
    name: str
    line: int  # the line changed (1-based)
    text: str  # what it becomes
    rule: str  # the finding it must give
    at: int = 0  # the line the finding is at (default: the line changed)
    needs: frozenset[int] = frozenset()  # lines the finding depends on

    @property
    def where(self) -> int:
        return self.at or self.line


def _m(name: str, line: int, text: str, rule: str, at: int = 0, needs: tuple[int, ...] = ()) -> Mistake:
    return Mistake(name, line, text, rule, at, frozenset(needs))


ROWS = (43, 44, 46, 47, 49)  # the rows of table 三 that T3-1 balances
#: Lines of 一、总体情况 whose indentation mistakes turn text into a key: the section cannot be
#: read as text then, so the rules that read the whole narrative (X-2, R-FEE) need them intact.
OVERVIEW = (16, 29)
MISTAKES = [
    _m("month 13", 7, "published: 2025-13-05", "DATE-INVALID"),
    _m("Chinese date", 7, "published: 2025年1月22日", "TYPE"),
    _m("February 30", 7, "published: 2025-02-30", "DATE-INVALID"),
    _m("far-future date", 7, "published: 2108-01-01", "DATE-RANGE", needs=(4,)),
    _m("timestamp tag", 7, "published: !!timestamp 2025年1月22日", "YAML-TAG"),
    _m("empty date", 7, "published:", "D-MISSING", needs=(4,)),
    _m("date inside the report year", 7, "published: 2024-12-30", "D-EARLY", needs=(4,)),
    _m("late publication", 7, "published: 2025-03-01", "D-LATE", needs=(4, 6)),
    _m("signed after published", 13, "signed: 2025-02-01", "D-SIGNED-AFTER", needs=(4, 7)),
    _m("signed before December", 13, "signed: 2024-11-01", "D-SIGNED-EARLY", needs=(4,)),
    _m("misspelt value", 6, "organ_kind: departmnet", "TYPE"),
    _m("yes for a value", 6, "organ_kind: yes", "TYPE"),
    _m("year with decimals", 4, "year: 2024.5", "TYPE"),
    _m("binary tag", 5, "agency: !!binary 5riF5rKz", "YAML-TAG"),
    _m("control character", 5, 'agency: "清河县\\x07教育局"', "CONTROL-CHAR"),
    _m("misspelt key", 11, "  ofice: 清河县教育局办公室", "KEY-UNKNOWN"),
    _m("duplicate key", 12, "  office: 重复", "YAML-DUPLICATE-KEY", needs=(11,)),
    _m("complex key", 13, "[a, b]: 1", "YAML-KEY"),
    _m("set", 13, "extra: !!set {a, b}", "YAML-TAG"),
    _m("title of another year", 13, "title: 清河县教育局2023年政府信息公开工作年度报告", "X-4",
       needs=(4,)),
    _m("period of another year", 9, BASE[8].replace("2024年1月1日", "2023年1月1日"), "X-4",
       needs=(4,)),
    _m("hex count", 36, "  normative_documents: {issued: 0x3, repealed: 1, in_force: 25}",
       "NUMBER-SPELLING"),
    _m("table contradicts text", 36, "  normative_documents: {issued: 3, repealed: 1, in_force: 30}",
       "X-2", at=20, needs=(4, *OVERVIEW)),
    _m("decimal count", 37, "  licensing: 2.5", "VALUE"),
    _m("quoted count", 37, '  licensing: "120"', "NUMBER-TEXT"),
    _m("negative count", 38, "  penalty: -3", "VALUE"),
    _m("digit separator", 38, "  penalty: 1_000", "NUMBER-SPELLING"),
    _m("count in Chinese", 39, "  enforcement: 三", "VALUE"),
    _m("base-60 count", 39, "  enforcement: 1:30", "NUMBER-SPELLING"),
    _m("merge key", 39, "  <<: {enforcement: 0}", "YAML-KEY"),
    _m("leading zero", 40, "  fees: 012", "NUMBER-SPELLING"),
    _m("row of five", 43, "  received:       [5, 1, 0, 0, 0]", "VALUE"),
    _m("long number", 44, "  carried_over:   [0, 0, 0, 0, 0, 111111111111111111111111111111111111]",
       "YAML-NUMBER"),
    _m("unbalanced table", 50, "  carried_forward: [2, 0, 0, 0, 0, 0]", "T3-1", needs=ROWS),
    _m("wrong typed total", 53, "  reconsideration:                  {upheld: 0, corrected: 0, "
       "other: 0, pending: 0, total: 2}", "T4-1"),
    _m("text contradicts table", 23, BASE[22].replace("申请6件", "申请8件"), "X-2", needs=(4, 43, *OVERVIEW)),
    _m("empty sub-section", 63, "", "N-EMPTY", at=62),
    _m("block text not indented", 29, "      依托县政府门户网站：每周更新: 3次", "YAML-INDENT"),
    _m("block text under-indented", 16, "  2024年，清河县教育局：坚持公开: 是", "YAML-INDENT"),
    _m("no fee statement", 66, BASE[65].replace("信息处理费", "费用"), "R-FEE", at=65, needs=OVERVIEW),
]


def _findings(mistakes: tuple[Mistake, ...]) -> set[tuple[str, int]]:
    lines = list(BASE)
    for mistake in mistakes:
        lines[mistake.line - 1] = mistake.text
    checked = check_source(load_text("\n".join(lines), "t.yaml"))
    return {(f.rule, f.line) for f in checked.findings}


def _independent(mistakes: tuple[Mistake, ...]) -> bool:
    changed = [m.line for m in mistakes]
    return len(set(changed)) == len(changed) and not any(
        m.needs & set(changed) - {m.line} for m in mistakes)


def test_the_catalogue_has_at_least_25_kinds_each_reported_alone() -> None:
    assert len({m.name for m in MISTAKES}) >= 25
    for mistake in MISTAKES:
        assert BASE[mistake.line - 1] != mistake.text, mistake.name
        assert (mistake.rule, mistake.where) in _findings((mistake,)), mistake.name


PAIRS = [pair for pair in itertools.combinations(MISTAKES, 2) if _independent(pair)]
TRIPLES = random.Random(20261202).sample(
    [t for t in itertools.combinations(MISTAKES, 3) if _independent(t)], 150)


@pytest.mark.slow
@pytest.mark.parametrize("mistakes", PAIRS + TRIPLES,
                         ids=lambda ms: " + ".join(m.name for m in ms))
def test_no_mistake_hides_another(mistakes: tuple[Mistake, ...]) -> None:
    found = _findings(mistakes)
    missing = [m.name for m in mistakes if (m.rule, m.where) not in found]
    assert missing == []
