"""Tests of OS errors said in Chinese."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from reportgen.oserrors import describe


@pytest.mark.parametrize(("number", "text"), [
    (errno.ENOSPC, "无法写入 年报/a.pdf：磁盘空间不足"),
    (errno.EACCES, "无法写入 年报/a.pdf：没有权限"),
    (errno.EPERM, "无法写入 年报/a.pdf：操作不被允许（没有权限）"),
    (errno.EROFS, "无法写入 年报/a.pdf：所在的磁盘或文件夹是只读的"),
    (errno.ENAMETOOLONG, "无法写入 年报/a.pdf：文件名过长（文件系统限每个名称 255 字节，一个汉字占 3 字节）"),
    (errno.EEXIST, "无法写入 年报/a.pdf：已有同名的文件或文件夹"),
    (errno.ENOENT, "无法写入 年报/a.pdf：文件或文件夹不存在"),
    (errno.ENOTDIR, "无法写入 年报/a.pdf：路径中有一段是文件，不是文件夹"),
    (errno.EWOULDBLOCK, "无法写入 年报/a.pdf：系统错误 EAGAIN（Resource temporarily unavailable）"),
])
def test_each_error_is_said_in_chinese_with_its_path(number: int, text: str) -> None:
    import os

    assert describe(OSError(number, os.strerror(number), "年报/a.pdf")) == text


def test_the_file_standing_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "afile.txt").write_text("x")
    inside = tmp_path / "afile.txt" / "年报"
    for number in (errno.ENOTDIR, errno.ENOENT, errno.EEXIST):
        assert describe(OSError(number, "x", str(inside / "a.pdf"))) == (
            f"无法写入 {inside / 'a.pdf'}：{tmp_path / 'afile.txt'} 是文件，不是文件夹")


def test_without_a_path_the_error_is_still_in_chinese() -> None:
    assert describe(OSError(errno.ENOSPC, "No space left on device")) == "操作失败：磁盘空间不足"
    assert describe(OSError(errno.ENOSPC, "x"), "读取", "a.yaml") == "无法读取 a.yaml：磁盘空间不足"
