"""Tests of input expansion and output names."""

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


def test_a_folder_without_inputs_names_every_kind_of_file_read(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError) as caught:
        inputs.expand_inputs([str(tmp_path)])
    assert str(caught.value) == "没有找到要处理的文件（.yaml、.yml、.json、.xlsx、.docx、.pdf、.html、.htm）"


def test_output_names_are_unique_across_folders() -> None:
    paths = [Path("a/2024.yaml"), Path("b/2024.yaml"), Path("c/2024.yaml"), Path("x/../y.yaml")]
    assert inputs.unique_stems(paths) == ["2024", "b-2024", "c-2024", "y"]


def test_long_output_names_are_shortened_with_a_stable_hash() -> None:
    long = "某某市某某区人民政府办公室" * 7  # 91 characters, 273 bytes
    notices: list[str] = []
    stems = inputs.unique_stems([Path(f"{long}.yaml"), Path("短.yaml")], notices)
    assert stems[1] == "短"
    assert len(f"{stems[0]}.docx".encode()) <= 255
    assert stems[0][:-8] == "某某市某某区人民政府办公室" * 6 + "某某-"  # 249 bytes with the hash
    assert set(stems[0][-8:]) <= set("0123456789abcdef")
    assert inputs.unique_stems([Path(f"{long}.yaml")]) == stems[:1]  # the same every run
    assert inputs.unique_stems([Path(f"x/{long}X.yaml")]) != stems[:1]
    assert notices == [f"{long}.yaml: 文件名过长：输出文件名 {long}.docx 有 278 字节，超过文件系统"
                       f"每个名称 255 字节的上限（一个汉字占 3 字节）；已缩短为 {stems[0]}.docx 等"]


def test_a_name_exactly_at_the_limit_is_kept() -> None:
    stem = "a" * 250  # 250.docx is 255 bytes
    assert inputs.unique_stems([Path(f"{stem}.yml")]) == [stem]
    assert inputs.unique_stems([Path(f"{stem}b.yml")])[0] != f"{stem}b"


def test_the_schema_init_writes_beside_inputs_is_no_input_of_its_folder(tmp_path: Path) -> None:
    from reportgen import discovery
    from reportgen.scaffold import SCHEMA_FILE

    (tmp_path / "2024.yaml").write_text("year: 2024\n", encoding="utf-8")
    (tmp_path / SCHEMA_FILE).write_text("{}", encoding="utf-8")
    assert inputs.expand_inputs([str(tmp_path)]) == [tmp_path / "2024.yaml"]
    assert discovery.candidates([tmp_path / "2024.yaml"]) == [tmp_path / "2024.yaml"]
    assert inputs.expand_inputs([str(tmp_path / SCHEMA_FILE)]) == [tmp_path / SCHEMA_FILE]  # named: read


def test_scanned_holds_what_folders_and_patterns_brought_in_but_not_named_files(
        tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/1.yaml", "a/2.docx", "3.xlsx", "4.yaml"):
        (tmp_path / name).write_text("x: 1")
    scanned: set[Path] = set()
    found = inputs.expand_inputs([str(tmp_path / "a"), str(tmp_path / "*.xlsx"),
                                  str(tmp_path / "4.yaml"), str(tmp_path / "a" / "2.docx")],
                                 scanned)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/1.yaml", "a/2.docx", "3.xlsx", "4.yaml"]
    # a/2.docx is in the folder but also named on its own: the user chose it.
    assert sorted(p.relative_to(tmp_path).as_posix() for p in scanned) == ["3.xlsx", "a/1.yaml"]
