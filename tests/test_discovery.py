"""Tests of previous-year discovery: which files are opened, parsed and paired."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reportgen import discovery

from .helpers import GOV2021

#: Every file this process opens while ``_opened`` is a list (an audit hook: real opens, not
#: a mock of one function).
_opened: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | Path):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)


def test_previous_year_discovery_reads_each_file_once_and_never_opens_a_huge_one(
        tmp_path: Path) -> None:
    global _opened

    current = tmp_path / "2024.yaml"
    current.write_text(GOV2021, encoding="utf-8")
    last = tmp_path / "2023.yaml"
    last.write_text(GOV2021.replace("year: 2024", "year: 2023"), encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(GOV2021.replace("示例局", "另一个局"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("示例局 2023", encoding="utf-8")
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:  # sparse: 85 MB that take no space
        stream.truncate(85 * 1024 * 1024)
    _opened = []
    try:
        found = discovery.candidates([current])
        mapping = discovery.pair([current], found).previous
    finally:
        opened, _opened = _opened, None
    assert found == [last, current, other]
    assert mapping == {current: last}
    assert sorted(Path(p).name for p in opened if Path(p).parent == tmp_path) == [
        "2023.yaml", "2024.yaml", "other.yaml"]  # each once; notes.txt and huge.yaml never


def test_previous_year_discovery_does_not_open_a_fifo_named_as_an_input(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "2024.yaml"
    os.mkfifo(fifo)
    found: list[dict[Path, Path]] = []
    thread = threading.Thread(target=lambda: found.append(
        discovery.pair([fifo], discovery.candidates([fifo])).previous), daemon=True)
    thread.start()
    thread.join(10)
    assert found == [{}]  # an open would wait for a writer for ever


def _exact(text: str) -> tuple[str, int] | None:
    from reportgen.readers.yaml_reader import load_bytes

    return discovery.identity(load_bytes(text.encode("utf-8"), "x.yaml").data)


_BODY = GOV2021.replace("agency: 示例局\n", "").replace("year: 2024\n", "")


@pytest.mark.parametrize("head", [
    "agency: 示例局\nyear: 2024\n",
    "agency: 示例局   # 本单位\nyear: 2024 # 年度\n",
    'agency: "示例局"\nyear: 2024\n',
    "agency: '示例局'\nyear: 2024\n",
    "\ufeffagency: 示例局\r\nyear: 2024\r\n",
    "agency: 示例局\n# 注释\nyear: 2024\n",
])
def test_plain_top_lines_give_the_identity_parsing_gives(head: str) -> None:
    text = head + _BODY
    assert discovery.quick_identity(text.encode("utf-8")) == _exact(text) == ("示例局", 2024)


@pytest.mark.parametrize("head", [
    "agency: 示例\n  局\nyear: 2024\n",          # the value goes on: 示例 局
    "agency: 示例局#甲\nyear: 2024\n",            # '#' without a space is part of the value
    'agency: "示例\\u5c40"\nyear: 2024\n',        # an escape
    "agency: &a 示例局\nyear: 2024\n",            # an anchor
    "agency: !!str 示例局\nyear: 2024\n",
    "agency:\t示例局\nyear: 2024\n",
    "agency: |\n  示例局\nyear: 2024\n",
    "agency: 示例局\nyear: 0x7e8\n",
    "agency: 示例局\nyear: '2024'\n",
    "agency : 示例局\nyear: 2024\n",             # a key written another way
    "agency: 示例局\nyear: 2024\nagency: 别局\n",  # twice
    "%YAML 1.1\n---\nagency: 示例局\nyear: 2024\n",
    "{agency: 示例局, year: 2024}\n",
    "agency: 示例局\ryear: 2024\r",
    "agency: 示例局\u2028year: 2024\n",
])
def test_anything_else_is_left_to_the_parser(head: str) -> None:
    assert discovery.quick_identity((head + _BODY).encode("utf-8")) is None


def test_a_thousand_agencies_are_paired_without_parsing_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(50):
        (tmp_path / f"a{index}.yaml").write_text(
            GOV2021.replace("agency: 示例局", f"agency: 单位{index}"), encoding="utf-8")
    (tmp_path / "a7-2023.yaml").write_text(
        GOV2021.replace("agency: 示例局", "agency: 单位7").replace("year: 2024", "year: 2023"),
        encoding="utf-8")
    (tmp_path / "a7-0broken.yaml").write_text(  # claims the same, but is no report: skipped
        "agency: 单位7\nyear: 2023\n: :\n", encoding="utf-8")
    real, parsed = discovery._exact, []

    def counting(store: discovery.Store, path: Path) -> tuple[tuple[str, int] | None, list[str]]:
        parsed.append(path.name)
        return real(store, path)

    monkeypatch.setattr(discovery, "_exact", counting)
    everything = discovery.candidates([tmp_path / "a0.yaml"])
    inputs = [p for p in everything if "-" not in p.name]
    assert discovery.pair(inputs, everything).previous == {
        tmp_path / "a7.yaml": tmp_path / "a7-2023.yaml"}
    # Plain top lines say what each file is: read, none parsed (a7-0broken.yaml names no part
    # of a report, so it is no candidate).
    assert parsed == []


# --------------------------------------------------------------------------------------------
# Which previous-year file is used, said out loud (issue 13.4)

from reportgen import pipeline  # noqa: E402
from reportgen.batch import Outcome  # noqa: E402

from .test_crossyear import LAST  # noqa: E402

#: Last year's and this year's files with 现行有效 figures that do not continue (X-5).
IN_FORCE_LAST = LAST.replace(
    "active_disclosure: {}", "active_disclosure:\n  normative_documents: {issued: 2, in_force: 20}")
IN_FORCE_THIS = GOV2021.replace(
    "active_disclosure: {}",
    "active_disclosure:\n  normative_documents: {issued: 3, repealed: 1, in_force: 25}")


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _outcome(path: Path, **options: object) -> Outcome:
    [outcome] = pipeline.validate([str(path)], **options)  # type: ignore[arg-type]
    return outcome


def _rules(outcome: Outcome) -> list[str]:
    return [f.rule for f in outcome.findings]


def test_exactly_one_fitting_file_is_used_and_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"2023.yaml": IN_FORCE_LAST, "2024.yaml": IN_FORCE_THIS})
    outcome = _outcome(folder / "2024.yaml")
    assert outcome.previous == str(folder / "2023.yaml")
    assert outcome.notices == [f"{folder / '2024.yaml'}: 上年文件：{folder / '2023.yaml'}"]
    assert _rules(outcome) == ["X-5"]


def test_an_old_draft_beside_last_years_file_is_not_guessed_between(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"2023.yaml": IN_FORCE_LAST, "2023-旧稿.yaml": LAST,
                                "2024.yaml": IN_FORCE_THIS})
    this, draft, last = folder / "2024.yaml", folder / "2023-旧稿.yaml", folder / "2023.yaml"
    outcome = _outcome(this)
    assert outcome.previous == "" and outcome.notices == []
    assert outcome.previous_candidates == [str(draft), str(last)]
    assert [f.format() for f in outcome.findings] == [
        f"{this}:3:9: agency（机关名称）: 警告：同一机关上一年度的报告有 2 个文件：{draft}、{last}；"
        "无法确定哪一个是上年报告，未与上年核对；请用 --previous 指定，或把其余文件移出文件夹 [X-PREV-MANY]"]
    chosen = _outcome(this, previous=str(last))  # --previous decides, and is not announced
    assert chosen.previous == str(last) and chosen.notices == [] and _rules(chosen) == ["X-5"]


@pytest.mark.parametrize(("name", "text"), [
    ("2023-notes.yaml", "agency: 示例局\nyear: 2023\nnotes: 上年报告的修改意见\n"),  # plain top lines
    ("2023-notes.json", '{"agency": "示例局", "year": 2023, "notes": "修改意见"}'),  # parsed
    ("2023-a.yaml", "# 备注\nagency: 示例局\nyear: 2023\nnotes: [1, 2]\n"),
])
def test_a_file_that_is_no_report_is_never_a_candidate(tmp_path: Path, name: str, text: str) -> None:
    folder = _folder(tmp_path, {name: text, "2023.yaml": IN_FORCE_LAST, "2024.yaml": IN_FORCE_THIS})
    outcome = _outcome(folder / "2024.yaml")
    assert outcome.previous == str(folder / "2023.yaml")
    assert _rules(outcome) == ["X-5"]  # the 现行有效 check still runs


def test_a_renamed_agency_finds_its_report_under_its_former_name(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "2023.yaml": IN_FORCE_LAST.replace("agency: 示例局", "agency: 洪泽区人民政府"),
        "2024.yaml": IN_FORCE_THIS.replace(
            "agency: 示例局", "agency: 淮安市洪泽区人民政府\nformer_names: [洪泽区人民政府]")})
    outcome = _outcome(folder / "2024.yaml")
    assert outcome.notices == [
        f"{folder / '2024.yaml'}: 上年文件：{folder / '2023.yaml'}（按原名称“洪泽区人民政府”找到）"]
    assert _rules(outcome) == ["X-5"]
    without = tmp_path / "b"
    without.mkdir()
    _folder(without, {"2023.yaml": IN_FORCE_LAST.replace("agency: 示例局", "agency: 洪泽区人民政府"),
                      "2024.yaml": IN_FORCE_THIS.replace("agency: 示例局", "agency: 淮安市洪泽区人民政府")})
    assert _outcome(without / "2024.yaml").previous == ""  # without former_names: another organ


def test_a_previous_file_that_cannot_be_compared_is_said(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"2023.yaml": LAST.replace("  received: [5, 1", "  received: [-5, 1"),
                                "2022.yaml": LAST.replace("year: 2023", "year: 2022"),
                                "2024.yaml": GOV2021})
    this = folder / "2024.yaml"
    outcome = _outcome(this)
    assert [f.format() for f in outcome.findings] == [
        f"{this}:3:9: agency（机关名称）: 警告：上年文件 {folder / '2023.yaml'} 有错误或不是年度报告，"
        f"未与上年核对；请先改正上年文件（reportgen validate {folder / '2023.yaml'}） [X-PREV-UNUSABLE]"]
    wrong = _outcome(this, previous=str(folder / "2022.yaml"))
    assert [f.format() for f in wrong.findings] == [
        f"{this}:3:9: agency（机关名称）: 警告：上年文件 {folder / '2022.yaml'} 是 2022 年度的报告，"
        "不是 2023 年度的，未与上年核对 [X-PREV-YEAR]"]


def test_a_folder_with_both_years_parses_each_file_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import store

    for index in range(3):
        agency = f"单位{index}"
        (tmp_path / f"{index}-2023.yaml").write_text(
            IN_FORCE_LAST.replace("示例局", agency), encoding="utf-8")
        (tmp_path / f"{index}-2024.yaml").write_text(
            IN_FORCE_THIS.replace("示例局", agency), encoding="utf-8")
    real, parsed = store.load_bytes, []

    def counting(raw: bytes, name: str) -> object:
        parsed.append(Path(name).name)
        return real(raw, name)

    monkeypatch.setattr(store, "load_bytes", counting)
    outcomes = list(pipeline.validate([str(tmp_path)]))
    assert [o.previous != "" for o in outcomes] == [False, True] * 3  # each 2024 file paired
    assert ["X-5" in _rules(o) for o in outcomes] == [False, True] * 3
    assert sorted(parsed) == sorted(p.name for p in tmp_path.iterdir())  # each once
