"""Tests of the atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reportgen import files
from reportgen.errors import UsageError


def test_write_atomic_replaces_whole_files_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.docx"
    files.write_atomic(target, b"one")
    files.write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["r.docx"]


def test_outputs_are_readable_by_others_as_new_files_are_and_keep_a_chosen_mode(
        tmp_path: Path) -> None:
    # The temporary file is private (0600); a published report must not stay so.
    new, kept = tmp_path / "new.pdf", tmp_path / "kept.pdf"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    files.write_all_atomic({new: b"new", kept: b"new"})
    ordinary = tmp_path / "ordinary"
    ordinary.write_bytes(b"")
    assert stat.S_IMODE(new.stat().st_mode) == stat.S_IMODE(ordinary.stat().st_mode)
    assert stat.S_IMODE(new.stat().st_mode) & 0o044 == 0o044  # under the usual umask 022
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_full_disk_changes_none_of_an_inputs_outputs(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    docx.write_bytes(b"old docx")
    pdf.write_bytes(b"old pdf")
    real = files._write_temporary

    def full_on_second(target: Path, data: bytes) -> Path:
        if target == pdf:
            raise OSError(28, "No space left on device", str(target))
        return real(target, data)

    monkeypatch.setattr(files, "_write_temporary", full_on_second)
    with pytest.raises(UsageError) as info:
        files.write_all_atomic({docx: b"new docx", pdf: b"new pdf"})
    assert info.value.message == f"无法写入 {pdf}：No space left on device；原有文件未被改动"
    assert (docx.read_bytes(), pdf.read_bytes()) == (b"old docx", b"old pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx", "r.pdf"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_write_atomic_on_a_read_only_folder_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(UsageError, match="无法写入"):
            files.write_atomic(target, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert target.read_bytes() == b"old"
