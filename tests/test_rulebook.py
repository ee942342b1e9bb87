"""Tests of the rulebook: every id the code can print has one complete entry."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from reportgen.readers.yaml_reader import load_text
from reportgen.rulebook import FIELDS, entries, lookup
from reportgen.validation import check_source

from .helpers import GOV2021, ROOT

#: Rule ids are upper-case words joined by dashes (T3-1, KEY-UNKNOWN); these few have no dash.
DASHLESS = {"TYPE", "VALUE", "STYLE", "ENCODING"}
#: Strings of the shape of a rule id that are not rule ids (an XML encoding name).
NOT_RULES = {"UTF-8"}
_ID = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")


def _code_ids() -> set[str]:
    """Every string literal in the package that has the shape of a rule id."""
    found: set[str] = set()
    for path in (ROOT / "reportgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and (_ID.fullmatch(node.value) or node.value in DASHLESS)
                    and node.value not in NOT_RULES):
                found.add(node.value)
    return found


def test_every_rule_id_in_the_code_has_an_entry() -> None:
    missing = sorted(_code_ids() - set(entries()))
    assert missing == []


def test_every_dashless_id_is_still_used() -> None:
    assert _code_ids() >= DASHLESS


def test_entries_are_complete_and_cite_documents_not_our_files() -> None:
    for entry in entries().values():
        assert all(getattr(entry, f) for f in FIELDS), entry.id
        assert not re.search(r"\.md\b|official-formats|input-format|reportgen/", entry.source), entry.id


def test_findings_of_broken_inputs_all_have_entries() -> None:
    broken = (GOV2021.replace("agency:", "agancy:").replace("year: 2024", "year: 2024\nfoo: 1")
              .replace("published: 2025-01-20", "published: 2025-03-20"))
    checked = check_source(load_text(broken, "t.yaml"))
    assert checked.findings
    assert all(lookup(f.rule) for f in checked.findings)


def test_explain_prints_an_entry_verbatim() -> None:
    result = subprocess.run([sys.executable, "-m", "reportgen", "explain", "key-unknown"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == (
        "KEY-UNKNOWN：未知的键\n"
        "检查什么：检查文件中是否有官方格式没有的键（常见原因是拼写错误）。\n"
        "为什么：拼错的键会被忽略，其中填写的内容不会出现在报告中。\n"
        "依据：国办公开办函〔2021〕30号（或所用格式）的报告结构；reportgen 输入文件约定\n"
        "怎样改：按提示改为正确的键名；reportgen init 生成的模板中有全部键名及其官方名称。\n")


@pytest.mark.slow
def test_readme_rule_list_is_generated_from_the_rulebook() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "rulebook_readme.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
