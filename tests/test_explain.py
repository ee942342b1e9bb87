"""Tests of ``reportgen explain``: one entry, an index by id prefix or word, or every rule."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reportgen.errors import UsageError
from reportgen.rulebook import AREAS, entries
from reportgen.rulebook.explain import explain, explain_all, find


def test_every_rulebook_file_has_a_heading_and_every_heading_a_file() -> None:
    assert {e.area for e in entries().values()} == set(AREAS)


def test_without_a_query_every_rule_is_listed_once_under_its_area() -> None:
    text = explain(None)
    assert text.startswith("读取输入文件\n"
                           "  FILE-READ             文件无法读取\n"
                           "  FILE-TOO-LARGE        文件过大\n")
    listed = [line.split()[0] for line in text.splitlines() if line.startswith("  ")]
    assert sorted(listed) == sorted(entries())
    headings = [line for line in text.splitlines() if line and not line.startswith("  ")]
    assert headings == list(AREAS.values())
    assert explain("  ") == text


def test_an_exact_id_prints_its_entry_not_the_ids_it_begins() -> None:
    assert explain("x-1").startswith("X-1：二、上年结转等于上年报告的“四、结转下年度继续办理”（逐列）\n检查什么：")
    assert "X-10" not in explain("X-1")


def test_the_beginning_of_an_id_lists_those_rules() -> None:
    assert explain("t3") == ("表格勾稽关系\n"
                             "  T3-1  表三每列平衡：第一项加第二项之和等于第三项加第四项之和\n"
                             "  T3-2  表三（七）总计等于（一）至（六）各项之和\n"
                             "  T3-3  表三总计列等于六类申请人之和")
    assert explain("X-PREV") == ("与上年报告核对\n"
                                 "  X-PREV-MANY      同一机关上一年度的报告只能有一个文件\n"
                                 "  X-PREV-UNUSABLE  上年文件可以用于核对\n"
                                 "  X-PREV-YEAR      上年文件是上一年度的报告")


def test_a_word_lists_the_rules_whose_title_or_description_has_it() -> None:
    found = [e.id for e in find("结转")]
    assert {"T3-1", "X-1"} <= set(found)
    assert all("结转" in entries()[i].title + entries()[i].what for i in found)
    # Areas in the index's order, the rules in the rulebook's order within each.
    assert explain("信息处理费") == ("正文、日期和格式\n"
                                  "  X-3    表三有“逾期未按收费通知要求缴纳费用”时，“六”应说明信息处理费\n"
                                  "  R-FEE  “六、其他需要报告的事项”说明信息处理费收取情况\n"
                                  "  X-11   发出收费通知或收取信息处理费时，“六”写明件数和金额")


@pytest.mark.parametrize(("query", "message"), [
    ("T9-1", "没有规则 T9-1，规则的名称和说明中也没有“T9-1”；相近的规则：T4-1、T3-1、T2-1。"
             "列出全部规则：reportgen explain"),
    (" zzz ", "没有规则 zzz，规则的名称和说明中也没有“zzz”。列出全部规则：reportgen explain"),
])
def test_a_query_that_names_nothing_is_refused_with_ids_alike(query: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        explain(query)
    assert str(raised.value) == message


def test_an_id_copied_with_its_brackets_and_several_queries_at_once() -> None:
    assert explain(" [t3-1] ") == explain("T3-1")
    assert explain_all(["[T3-1]", "X-1"]) == explain("T3-1") + "\n\n" + explain("X-1")
    assert explain_all([]) == explain(None)
    with pytest.raises(UsageError) as raised:
        explain_all(["T3-1", "T9-1", "zzz"])  # every unknown one named, none printed
    assert str(raised.value) == ("没有规则 T9-1、zzz，规则的名称和说明中也没有这些词；相近的规则：T4-1、T3-1、T2-1。"
                                 "列出全部规则：reportgen explain")


def test_the_command_lists_every_rule_and_refuses_an_unknown_one() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reportgen", "explain", *args],
                              capture_output=True, text=True, check=False)

    listed = run()
    assert listed.returncode == 0 and listed.stdout == explain(None) + "\n" and not listed.stderr
    two = run("T3-1", "[X-1]")
    assert two.returncode == 0 and two.stdout == explain("T3-1") + "\n\n" + explain("X-1") + "\n"
    refused = run("zzz")
    assert refused.returncode == 2 and not refused.stdout
    assert refused.stderr == ("reportgen: 没有规则 zzz，规则的名称和说明中也没有“zzz”。"
                              "列出全部规则：reportgen explain\n")
