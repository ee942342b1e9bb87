"""Local rules: rules.yaml topics, lengths, deadline, severity changes, extends, located errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportgen import localrules, pipeline
from reportgen.localrules import STARTER, RulesError, load_rules
from reportgen.validation import check_file

from .helpers import GOV2021, SAMPLES

TOPIC = """\
source: 某市通知
topics:
  - id: L-ZCJD
    section: overview
    title: 政策解读情况
    words: [政策解读]
    figure: true
    source: 某市通知 第二条
"""


def _folder(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rules.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def _check(tmp_path: Path, rules: str, report: str = GOV2021) -> list[str]:
    folder = _folder(tmp_path, "规则", rules)
    path = tmp_path / "2024.yaml"
    path.write_text(report, encoding="utf-8")
    return [f.format() for f in check_file(path, path.name, local=load_rules(folder)).findings]


OVERVIEW = "overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。"


def test_a_required_topic_gives_its_own_located_finding(tmp_path: Path) -> None:
    assert _check(tmp_path, TOPIC) == [
        "2024.yaml:5:11: overview（一、总体情况）: 警告：“一、总体情况”应写明政策解读情况（“政策解读”及具体数字）；"
        "依据：某市通知 第二条 [L-ZCJD]"]
    with_words = GOV2021.replace(OVERVIEW, OVERVIEW + "开展政策解读。")
    assert [m.endswith("[L-ZCJD]") for m in _check(tmp_path, TOPIC, with_words)] == [True]  # no figure
    with_figure = GOV2021.replace(OVERVIEW, OVERVIEW + "全年发布政策解读12篇。")
    assert _check(tmp_path, TOPIC, with_figure) == []


def test_length_deadline_and_severity(tmp_path: Path) -> None:
    rules = """\
    lengths:
      - {id: L-LEN1, section: overview, max: 20, source: 某市通知 第二条, severity: error}
    deadline: {source: 某市通知 第一条, department: 01-15}
    severity: {R-FEE: error, X-4: off}
    """
    report = (GOV2021.replace("other_matters: 本年度未收取信息处理费。", "other_matters: 无。")
              .replace("agency: 示例局", "agency: 示例局\ntitle: 示例局2023年报告"))
    assert _check(tmp_path, rules, report) == [
        "2024.yaml:5:12: published（发布日期）: 警告：发布日期 2025年1月20日 晚于本地要求的 2025年1月15日；"
        "依据：某市通知 第一条 [L-DEADLINE]",
        "2024.yaml:6:11: overview（一、总体情况）: 错误：“一、总体情况”共 36 字，超过 20 字的限制；"
        "依据：某市通知 第二条 [L-LEN1]",
        "2024.yaml:18:16: other_matters（六、其他需要报告的事项）: 错误：“六、其他需要报告的事项”应说明信息处理费的"
        "收取情况，如“本年度未收取信息处理费” [R-FEE]"]  # and X-4 on the title is off


def test_extends_nearer_folder_wins_and_cycles_are_located(tmp_path: Path) -> None:
    _folder(tmp_path, "省", TOPIC + "severity: {R-FEE: error}\n")
    city = _folder(tmp_path, "市", "extends: ../省\ntopics:\n  - {id: L-ZCJD, section: overview, "
                   "title: 政策解读, words: [解读], source: 市通知}\nseverity: {R-FEE: warning}\n")
    rules = load_rules(city)
    assert [(t.id, t.words, t.source) for t in rules.topics] == [("L-ZCJD", ("解读",), "市通知")]
    assert rules.severity == {"R-FEE": "warning"}
    _folder(tmp_path, "省", "extends: ../市\n")
    localrules._load.cache_clear()  # folders are read once per run; this test rewrote one
    with pytest.raises(RulesError) as caught:
        load_rules(city)
    assert "extends 形成了循环" in caught.value.findings[0].message


def test_every_mistake_in_rules_yaml_is_located(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "坏", """\
    topics:
      - id: ZCJD
        section: overveiw
        title: 政策解读
        regex: "政策解读("
        source: 某市通知
        colour: red
    severity: {X-99: error, R-FEE: fatal}
    deadline: {source: 某市通知, department: 02-30}
    """)
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    name = str(folder / "rules.yaml")
    assert [f.format().replace(name, "R") for f in caught.value.findings] == [
        "R:2:9: 错误：topics.0.id：本地规则的编号应以 L- 开头，如 L-ZCJD，实际为 'ZCJD' [LOCAL-RULES]",
        "R:3:14: 错误：topics.0.section：没有这一部分 'overveiw'；可用：active_disclosure、applications、"
        "other_matters、overview、problems、reviews [LOCAL-RULES]",
        "R:5:12: 错误：topics.0.regex：不是有效的正则表达式：missing ), unterminated subpattern at position 4"
        " [LOCAL-RULES]",
        "R:7:5: 错误：topics.0.colour：未知的项，请检查拼写（可用的项见 README“本地规则”一节） [LOCAL-RULES]",
        "R:8:12: 错误：severity.X-99：没有内置规则 X-99（reportgen explain 规则 可查看） [LOCAL-RULES]",
        "R:8:32: 错误：severity.R-FEE：应为 'error', 'warning' or 'off' 之一，实际为 'fatal' [LOCAL-RULES]",
        "R:9:38: 错误：deadline.department：应为“月-日”，如 01-20，实际为 '02-30' [LOCAL-RULES]"]


def test_the_inputs_own_rules_key_and_a_broken_folder(tmp_path: Path) -> None:
    _folder(tmp_path, "规则", TOPIC)
    path = tmp_path / "2024.yaml"
    path.write_text(GOV2021.replace("agency: 示例局", "agency: 示例局\nrules: 规则"), encoding="utf-8")
    assert [f.rule for f in check_file(path).findings] == ["L-ZCJD"]
    path.write_text(GOV2021.replace("agency: 示例局", "agency: 示例局\nrules: 没有"), encoding="utf-8")
    [finding] = check_file(path).findings
    assert finding.rule == "LOCAL-EXTENDS" and "不是规则文件夹" in finding.message


def test_the_exported_starter_is_valid_and_every_example_works_uncommented(tmp_path: Path) -> None:
    target = pipeline.export_rules(tmp_path / "空")
    assert target.read_text(encoding="utf-8") == STARTER
    assert load_rules(tmp_path / "空").topics == ()
    lines = [line[2:] for line in STARTER.splitlines() if line.startswith("# ") and not
             line.startswith("# extends") and (line[2:3] == " " or (line[2:3].isascii() and line[2:3].isalpha()))]
    uncommented = _folder(tmp_path, "全", "\n".join(lines) + "\n")
    rules = load_rules(uncommented)
    assert [t.id for t in rules.topics] == ["L-ZCJD", "L-JYTA"] and rules.severity["X-9"] == "off"
    assert rules.limits.overall == 0.4 and rules.deadline is not None
    for sample in sorted(SAMPLES.glob("*.yaml")):
        found = {f.rule for f in check_file(sample, local=rules).findings}
        assert found <= {"L-ZCJD", "L-DEADLINE", "L-LEN1"}, sample


@pytest.mark.slow
def test_cli_rules_option_and_export(tmp_path: Path) -> None:
    _folder(tmp_path, "规则", TOPIC)
    (tmp_path / "2024.yaml").write_text(GOV2021, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "reportgen", "validate", "2024.yaml", "--rules", "规则"],
                         cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 0 and "[L-ZCJD]" in run.stdout
    export = subprocess.run([sys.executable, "-m", "reportgen", "rules", "export", "新"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert export.returncode == 0 and (tmp_path / "新" / "rules.yaml").is_file()
    broken = subprocess.run([sys.executable, "-m", "reportgen", "validate", "2024.yaml", "--rules", "无"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert broken.returncode != 0 and "不是规则文件夹" in broken.stderr
