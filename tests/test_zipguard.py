"""Zip packages (Word templates now, imported DOCX/XLSX later) are checked before reading."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.errors import InputError
from reportgen.stylecheck import check
from reportgen.zipguard import MIB, open_zip, read_zip

from .helpers import SAMPLES


def _zeros(path: Path, mib: int, members: int = 1) -> Path:
    """Write a zip whose members are ``mib`` MiB of zeros in all (about 1 KiB per MiB)."""
    chunk = bytes(MIB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for index in range(members):
            with archive.open(f"word/part{index}.xml", "w", force_zip64=True) as member:
                for _ in range(mib // members):
                    member.write(chunk)
    return path


def test_a_zip_bomb_word_template_is_refused_before_reading(tmp_path: Path) -> None:
    folder = tmp_path / "house"
    (folder / "docx").mkdir(parents=True)
    (folder / "style.yaml").write_text("", encoding="utf-8")
    bomb = _zeros(folder / "docx" / "report.docx", 300)
    assert bomb.stat().st_size < MIB
    message = (f"{bomb}:0:0: 错误：Word 模板过大，未读取：解压后共 300 MiB，上限为 100 MiB；可能是损坏的文件或“压缩炸弹”，"
               "请用 Word/WPS/Excel 重新保存后再试 [ZIP-LIMIT]")
    assert [f.format() for f in check(folder, [])] == [message]
    [outcome] = pipeline.build([str(SAMPLES / "2024.yaml")], output_dir=str(tmp_path / "out"),
                               kinds=("docx",), style=folder)
    assert outcome.written == [] and outcome.problem == message


def test_a_high_compression_ratio_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_zip(_zeros(tmp_path / "t.docx", 20), what="Word 模板")
    assert info.value.findings[0].rule == "ZIP-LIMIT"
    assert "其中 word/part0.xml 的压缩比为" in info.value.message and "上限为 100 倍" in info.value.message


def test_too_many_members_and_broken_files(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for index in range(5001):
            archive.writestr(f"{index}.xml", "")
    with pytest.raises(InputError, match="含有 5001 个文件，上限为 5000 个"):
        open_zip(data.getvalue(), what="Word 模板")
    with pytest.raises(InputError) as info:
        read_zip(tmp_path / "missing.docx", what="Word 模板")
    assert info.value.findings[0].rule == "ZIP-BROKEN"
    (tmp_path / "text.docx").write_text("不是 zip", encoding="utf-8")
    with pytest.raises(InputError, match="Word 模板无法读取：不是有效的 zip 压缩包") as info:
        read_zip(tmp_path / "text.docx", what="Word 模板")
    assert info.value.findings[0].rule == "ZIP-BROKEN"


def test_a_real_word_template_passes(tmp_path: Path) -> None:
    from reportgen.styles import builtin_templates

    data = read_zip(builtin_templates() / "docx" / "report.docx", what="Word 模板")
    with open_zip(data, what="Word 模板") as archive:
        assert "word/document.xml" in archive.namelist()
