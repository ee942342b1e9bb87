"""Tests of input expansion, output names and previous-year discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import inputs
from reportgen.errors import UsageError


def test_expand_inputs_takes_files_folders_and_globs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/1.yaml", "a/2.json", "a/notes.txt", "3.yml"):
        (tmp_path / name).write_text("x: 1")
    found = inputs.expand_inputs([str(tmp_path / "a"), str(tmp_path / "*.yml"),
                                    str(tmp_path / "a" / "1.yaml")])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/1.yaml", "a/2.json", "3.yml"]


def test_folders_are_listed_in_natural_order(tmp_path: Path) -> None:
    for name in ("a10.yaml", "a9.yaml", "a1.yaml", "b.yaml"):
        (tmp_path / name).write_text("x: 1")
    assert [p.name for p in inputs.expand_inputs([str(tmp_path)])] == [
        "a1.yaml", "a9.yaml", "a10.yaml", "b.yaml"]


def test_expand_inputs_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"找不到文件 nope\.yaml"):
        inputs.expand_inputs(["nope.yaml"])


def test_output_names_are_unique_across_folders() -> None:
    paths = [Path("a/2024.yaml"), Path("b/2024.yaml"), Path("c/2024.yaml"), Path("x/../y.yaml")]
    assert inputs.unique_stems(paths) == ["2024", "b-2024", "c-2024", "y"]
