"""Operating-system errors said in Chinese, with the path they concern.

Python's ``OSError`` texts come from the C library in English (``No space left on device``);
users of reportgen read Chinese, so every OS error that reaches them goes through
:func:`describe`.
"""

from __future__ import annotations

import errno
from pathlib import Path

#: What each common error number means to someone saving a report.
REASONS: dict[int, str] = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EFBIG: "文件超过了文件系统允许的大小",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EROFS: "所在的磁盘或文件夹是只读的",
    errno.ENAMETOOLONG: "文件名过长（文件系统限每个名称 255 字节，一个汉字占 3 字节）",
    errno.EEXIST: "已有同名的文件或文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EIO: "读写磁盘时出错（磁盘或网络盘可能有故障）",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨磁盘改名",
    errno.ELOOP: "符号链接循环",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EPIPE: "输出管道已关闭",
    errno.ESTALE: "网络盘上的文件已失效，请重新挂载",
}


def reason(exc: OSError) -> str:
    """Return what ``exc`` means, in Chinese; an unknown error keeps its number and system text."""
    if exc.errno in REASONS:
        return REASONS[exc.errno]
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return f"系统错误 {code}（{exc.strerror or exc}）"


def describe(exc: OSError, action: str = "写入", path: Path | str | None = None) -> str:
    """Return ``无法{action} 路径：原因`` for ``exc`` (``操作失败：原因`` when no path is known).

    Args:
        exc: the error.
        action: what was being done (``写入``, ``读取``, ``访问``).
        path: the path to name when the error carries none.
    """
    where = exc.filename if exc.filename is not None else path
    text = reason(exc)
    if where is not None and exc.errno in (errno.ENOTDIR, errno.ENOENT, errno.EEXIST):
        blocker = file_in_the_way(Path(where))
        if blocker is not None:
            text = f"{blocker} 是文件，不是文件夹"
    return f"无法{action} {where}：{text}" if where is not None else f"操作失败：{text}"


def file_in_the_way(path: Path) -> Path | None:
    """Return the nearest parent of ``path`` that exists but is not a folder, if any."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


#: What reading an input file can fail with, in the words of reading.
READ_REASONS = {errno.ENOENT: "文件不存在，请检查文件名和路径", errno.EACCES: "没有读取权限",
                errno.EPERM: "没有读取权限", errno.EISDIR: "这是一个文件夹，不是文件",
                errno.ENAMETOOLONG: "文件名过长", errno.ELOOP: "符号链接循环",
                errno.ENOTDIR: "路径中的某一级不是文件夹", errno.EIO: "读取时发生输入输出错误",
                errno.ENXIO: "这是一个套接字或设备文件，不是普通文件"}


def read_reason(exc: OSError) -> str:
    """Say why reading a file failed, in Chinese: reading's own words first, then the shared ones."""
    return READ_REASONS.get(exc.errno or 0) or reason(exc)
