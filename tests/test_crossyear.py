"""Cross-year rules and previous-year discovery."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen import pipeline
from reportgen.crossyear import SHINGLE, _normalise, repeated_share
from reportgen.validation import check_file

from .helpers import GOV2021

LAST = (GOV2021.replace("year: 2024", "year: 2023")
        .replace("published: 2025-01-20", "published: 2024-01-20")
        .replace("overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。",
                 "overview: 上一年度围绕平台整合推进主动公开，规范依申请公开流程，加强监督。")
        .replace("    disclosed: [4, 1, 0, 0, 0, 0]", "    disclosed: [3, 1, 0, 0, 0, 0]")
        .replace("      not_held: [1, 0, 0, 0, 0, 0]", "      not_held: [2, 0, 0, 0, 0, 0]")
        .replace("other_matters: 本年度未收取信息处理费。", "other_matters: 上一年度没有收取任何费用。"))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _messages(path: Path, previous: Path | None = None) -> list[str]:
    return [f.format() for f in check_file(path, path.name, previous=previous).findings]


def test_carry_over_must_equal_last_years_carried_forward(tmp_path: Path) -> None:
    last = _write(tmp_path / "2023.yaml", LAST.replace(
        "  carried_forward: [1, 0, 0, 0, 0, 0]", "  carried_forward: [1, 2, 0, 0, 0, 0]").replace(
        "  received: [5, 1, 0, 0, 0, 0]", "  received: [5, 3, 0, 0, 0, 0]"))
    this = _write(tmp_path / "2024.yaml", GOV2021)
    assert _messages(this, last) == [
        "2024.yaml:9:21: applications.carried_over[1]（二、上年结转政府信息公开申请数量 · 商业企业）: 警告：上年结转为 0，"
        f"而上年报告（{last}）的“结转下年度继续办理”为 2；两者应相等 [X-1]"]


def test_in_force_continuity(tmp_path: Path) -> None:
    last = _write(tmp_path / "2023.yaml", LAST.replace(
        "active_disclosure: {}", "active_disclosure:\n  normative_documents: {issued: 2, in_force: 20}"))
    this = _write(tmp_path / "2024.yaml", GOV2021.replace(
        "active_disclosure: {}",
        "active_disclosure:\n  normative_documents: {issued: 3, repealed: 1, in_force: 25}"))
    [message] = _messages(this, last)
    assert message == (
        "2024.yaml:7:59: active_disclosure.normative_documents.in_force（行政规范性文件 · 现行有效件数）: 警告：现行有效 "
        f"25 件，而上年现行有效 20 件 + 本年制发 3 件 − 本年废止 1 件 = 22 件（上年报告 {last}）；如有到期失效等情况"
        "请在正文中说明 [X-5]")


COPIED = "全年认真贯彻落实条例要求，扎实推进主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作，取得明显成效。"


def test_text_copied_from_last_year_is_named_by_section(tmp_path: Path) -> None:
    last = _write(tmp_path / "2023.yaml", LAST.replace(
        "overview: 上一年度围绕平台整合推进主动公开，规范依申请公开流程，加强监督。",
        f"overview: 2023年{COPIED}"))
    this = _write(tmp_path / "2024.yaml", GOV2021.replace(
        "overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。",
        f"overview: 2024年{COPIED}"))
    [message] = _messages(this, last)
    assert message.startswith("2024.yaml:5:11: overview（一、总体情况）: 警告：正文与上年报告")
    assert "“一、总体情况”100%" in message and message.endswith("[X-6]")


def test_repeated_share() -> None:
    assert repeated_share("甲乙丙丁戊己庚辛壬癸子丑寅卯辰", "完全不同的另外一段文字内容在这里出现") == 0.0
    assert repeated_share("2024年度工作报告正文内容完全一致", "2023年度工作报告正文内容完全一致") == 1.0
    half = repeated_share("甲乙丙丁戊己庚辛壬癸子丑寅" + "天地玄黄宇宙洪荒日月盈昃辰", "甲乙丙丁戊己庚辛壬癸子丑寅")
    assert half == pytest.approx(0.5)


def test_previous_year_is_found_by_agency_and_year(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "甲局-2023.yaml", LAST)
    _write(tmp_path / "a" / "甲局-2024.yaml", GOV2021)
    _write(tmp_path / "a" / "乙局-2023.yaml", LAST.replace("示例局", "乙局"))
    tasks = pipeline.tasks([str(tmp_path / "a")])
    found = {t.path.name: t.previous.name if t.previous else None for t in tasks}
    assert found == {"乙局-2023.yaml": None, "甲局-2023.yaml": None, "甲局-2024.yaml": "甲局-2023.yaml"}


def test_previous_dir_and_explicit_previous(tmp_path: Path) -> None:
    last = _write(tmp_path / "old" / "x.yaml", LAST)
    this = _write(tmp_path / "new" / "y.yaml", GOV2021)
    [task] = pipeline.tasks([str(this)], previous_dirs=(tmp_path / "old",))
    assert task.previous == last
    [task] = pipeline.tasks([str(this)], previous=str(last))
    assert task.previous == last
    with pytest.raises(pipeline.UsageError, match="--previous 只能与一个输入文件一起使用"):
        pipeline.tasks([str(this), str(last)], previous=str(last))


def test_parallel_results_come_in_input_order(tmp_path: Path) -> None:
    for index in range(5):
        _write(tmp_path / f"r{index}.yaml", GOV2021 if index != 2 else "year: [")
    outcomes = list(pipeline.validate([str(tmp_path)], jobs=2))
    assert [Path(o.name).name for o in outcomes] == [f"r{i}.yaml" for i in range(5)]
    assert [o.status for o in outcomes] == ["ok", "ok", "errors", "ok", "ok"]


@pytest.fixture(scope="module")
def published_last_year(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Last year's report as reportgen publishes it: PDF, DOCX and web page."""
    from reportgen.context import build
    from reportgen.readers.yaml_reader import load_text
    from reportgen.validation import check_source
    from reportgen.writers import render

    checked = check_source(load_text(IN_FORCE_LAST, "2023.yaml"))
    assert checked.report is not None
    folder = tmp_path_factory.mktemp("published")
    return render(build(checked.format, checked.report), ("pdf", "docx", "html"), folder)


IN_FORCE_LAST = LAST.replace(
    "active_disclosure: {}", "active_disclosure:\n  normative_documents: {issued: 2, in_force: 20}")
IN_FORCE_THIS = GOV2021.replace(
    "active_disclosure: {}",
    "active_disclosure:\n  normative_documents: {issued: 3, repealed: 1, in_force: 25}")


@pytest.mark.slow  # renders last year's report as PDF, DOCX and HTML
@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_this_years_yaml_is_compared_with_last_years_published_report(
        tmp_path: Path, published_last_year: dict[str, bytes], kind: str) -> None:
    last = tmp_path / f"2023.{kind}"
    last.write_bytes(published_last_year[kind])
    this = _write(tmp_path / "2024.yaml", IN_FORCE_THIS)
    [found] = list(pipeline.validate([str(this)]))  # found beside it, though another kind
    assert found.previous == str(last)
    assert found.notices == [f"{this}: 上年文件：{last}"]
    in_force = (f"{this}:7:59: active_disclosure.normative_documents.in_force（行政规范性文件 · 现行有效件数）: "
                f"警告：现行有效 25 件，而上年现行有效 20 件 + 本年制发 3 件 − 本年废止 1 件 = 22 件（上年报告 {last}）；"
                "如有到期失效等情况请在正文中说明 [X-5]")
    assert in_force in [f.format() for f in found.findings]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = last.rename(elsewhere / last.name)
    [chosen] = list(pipeline.validate([str(this)], previous=str(moved)))  # and named by --previous
    assert chosen.previous == str(moved)
    assert in_force.replace(str(last), str(moved)) in [f.format() for f in chosen.findings]


@pytest.mark.slow  # renders last year's report as a PDF
def test_last_years_input_and_the_pdf_published_from_it_are_one_report(
        tmp_path: Path, published_last_year: dict[str, bytes]) -> None:
    (tmp_path / "2023.pdf").write_bytes(published_last_year["pdf"])
    last = _write(tmp_path / "2023.yaml", IN_FORCE_LAST)
    this = _write(tmp_path / "2024.yaml", IN_FORCE_THIS)
    [found] = list(pipeline.validate([str(this)]))
    assert found.previous == str(last) and found.previous_candidates == []


def _share_by_marks(text: str, earlier: str) -> float:
    """repeated_share as first written: mark every character of each shared run."""
    text, earlier = _normalise(text), _normalise(earlier)
    if len(text) < SHINGLE:
        return 0.0
    seen = {earlier[i: i + SHINGLE] for i in range(len(earlier) - SHINGLE + 1)}
    covered = [False] * len(text)
    for i in range(len(text) - SHINGLE + 1):
        if text[i: i + SHINGLE] in seen:
            covered[i: i + SHINGLE] = [True] * SHINGLE
    return sum(covered) / len(text)


@given(st.text("ab 1", max_size=80), st.integers(0, 80), st.integers(0, 80), st.text("ab 1", max_size=40))
def test_repeated_share_counts_overlapping_runs_once(text: str, start: int, end: int, other: str) -> None:
    # The run-length count (made faster for folders) must give exactly the marked share; last
    # year's text holds a piece of this year's so that runs are shared and overlap.
    earlier = other + text[start:end] + other
    assert repeated_share(text, earlier) == _share_by_marks(text, earlier)
