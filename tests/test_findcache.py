"""The findings cache of validate: the same output with and without it, and never stale."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import chunks, findcache, pipeline, store

from .helpers import GOV2021
from .test_crossyear import LAST

Seen = list[tuple[str, str, list[str], list[str]]]


#: Last year's report of agency 0: this year's with the year changed (cross-year warnings).
COPIED = GOV2021.replace("year: 2024", "year: 2023").replace("published: 2025-01-20", "published: 2024-01-20")


def _folder(tmp_path: Path, agencies: int = 3) -> Path:
    folder = tmp_path / "各单位"
    folder.mkdir()
    for index in range(agencies):
        name = f"示例{index}局"
        last = COPIED if index == 0 else LAST
        (folder / f"{index:02d}-2023.yaml").write_text(last.replace("示例局", name), encoding="utf-8")
        (folder / f"{index:02d}-2024.yaml").write_text(GOV2021.replace("示例局", name), encoding="utf-8")
    return folder


def _check(folder: Path, *, cache: bool = True, jobs: int = 1) -> Seen:
    work = pipeline.tasks([str(folder)], cache=cache)
    try:
        return [(o.name, o.previous, [f.format() for f in o.findings], o.notices)
                for o in chunks.dispatch(work, jobs)]
    finally:
        findcache.flush()


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("checked although cached")

    monkeypatch.setattr(store.Store, "check", refuse)


def _packs() -> list[Path]:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "reportgen"
    return sorted(root.glob("*/findings/*.txt"))


def test_a_second_run_takes_every_outcome_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    fresh = _check(folder, cache=False)
    assert _packs() == []  # no cache: nothing read, nothing written
    first = _check(folder)
    assert len(_packs()) == 1  # one file for the folder's inputs
    _no_checking(monkeypatch)
    assert _check(folder) == first == fresh
    assert any("X-" in line for _name, _last, lines, _notices in fresh for line in lines)
    assert all(notices for _name, last, _lines, notices in fresh if last)  # 上年文件：… kept too


def test_workers_get_only_what_the_cache_does_not_have(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, 4)
    monkeypatch.setattr(chunks, "MIN_CHUNK", 2)
    fresh = _check(folder, cache=False, jobs=2)
    assert _check(folder, jobs=2) == fresh
    for index in (1, 2):
        (folder / f"0{index}-2024.yaml").write_text(GOV2021.replace("示例局", f"示例{index}局").replace(
            "overview: ", "overview: 本年新增。"), encoding="utf-8")
    seen: list[int] = []
    original = chunks.plan

    def plan(tasks: list[pipeline.batch.Task], *args: object) -> list[chunks.Chunk]:
        seen.append(len(tasks))
        return original(tasks, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(chunks, "plan", plan)
    monkeypatch.setattr(chunks, "MIN_CHUNK", 1)
    assert _check(folder, jobs=2) == _check(folder, cache=False, jobs=2)
    assert seen == [2, 8]  # the changed files alone went to the workers (then: all, uncached)


def test_a_changed_input_is_checked_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = _check(folder)
    (folder / "00-2024.yaml").write_text(GOV2021.replace("示例局", "示例0局").replace(
        "year: 2024", "year: 2024\nagancy: 多余"), encoding="utf-8")
    after = _check(folder)
    assert after == _check(folder, cache=False)
    changed = [line for name, _last, lines, _notices in after if name.endswith("00-2024.yaml")
               for line in lines]
    assert any("未知的键 agancy" in line for line in changed)
    assert after != before


def test_a_changed_previous_year_file_is_compared_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = _check(folder)
    (folder / "00-2023.yaml").write_text(LAST.replace("示例局", "示例0局"), encoding="utf-8")
    after = _check(folder)
    assert after == _check(folder, cache=False)
    [old] = [lines for name, _last, lines, _notices in before if name.endswith("00-2024.yaml")]
    [new] = [lines for name, _last, lines, _notices in after if name.endswith("00-2024.yaml")]
    assert any("[X-6]" in line for line in old)  # copied from last year: said
    assert not any("[X-6]" in line for line in new)  # last year's file rewritten: no longer


def test_a_file_naming_its_rules_or_style_folder_is_never_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, 1)
    (folder / "00-2024.yaml").write_text(GOV2021.replace("示例局", "示例0局") + "rules: 本地规则\n",
                                         encoding="utf-8")
    first = _check(folder)
    assert any("本地规则" in line for line in first[1][2])  # the folder named does not exist
    [pack] = _packs()
    entries = pack.read_text(encoding="utf-8").split("\n")[2:]
    assert [Path(json.loads(line.split("\t")[1])).name for line in entries] == ["00-2023.yaml"]


def test_a_damaged_or_unusable_cache_only_means_checking_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    fresh = _check(folder, cache=False)
    _check(folder)
    [pack] = _packs()
    pack.write_bytes(pack.read_bytes()[:-10])  # cut short
    assert _check(folder) == fresh
    pack.write_bytes(b"x\n{}")
    assert _check(folder) == fresh
    _check(folder)
    lines = pack.read_text(encoding="utf-8").split("\n")[1:]
    for number, line in enumerate(lines[1:], 1):  # right keys, wrong outcomes (checksum right)
        wanted, name, _outcome = line.split("\t")
        lines[number] = "\t".join([wanted, name, json.dumps({"findings": [[1, 2]]})])
    body = "\n".join(lines).encode()
    pack.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    assert _check(folder) == fresh


def test_the_command_line_prints_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 2)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}

    def run(*args: str, cache_home: Path | None = None) -> tuple[int, str, str]:
        done = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(folder), *args],
                              capture_output=True, text=True, check=False,
                              env={**env, "XDG_CACHE_HOME": str(cache_home)} if cache_home else env)
        return done.returncode, done.stdout, done.stderr

    fresh = run("--no-cache")
    assert _packs() == []
    assert run() == fresh  # cold: checked and kept
    assert len(_packs()) == 1
    assert run() == fresh  # warm
    assert run("--json") == run("--json", "--no-cache")
    blocked = tmp_path / "不是文件夹"
    blocked.write_text("", encoding="utf-8")  # XDG_CACHE_HOME names a file: no cache at all
    assert run(cache_home=blocked) == fresh


def test_an_edit_of_the_package_gives_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "reportgen"
    (package / "rulebook").mkdir(parents=True)
    (package / "rulebook" / "rules.yaml").write_text("X-1: 1\n", encoding="utf-8")
    monkeypatch.setattr(findcache, "_PACKAGE", package)
    keys = [findcache.findings_key.__wrapped__()]
    (package / "rulebook" / "rules.yaml").write_text("X-1: 2\n", encoding="utf-8")
    keys.append(findcache.findings_key.__wrapped__())
    assert len(set(keys)) == 2
