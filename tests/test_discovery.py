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
