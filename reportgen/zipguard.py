"""Limits for zip packages (DOCX, XLSX) checked before any member is decompressed.

A few megabytes of zip can declare gigabytes of content (a "zip bomb"): a Word template of
2 MB once took 4 GB of memory. The central directory states every member's sizes and zip
reading never inflates a member beyond its stated size, so checking the directory first
bounds the memory any later read can take.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .errors import Finding, InputError, Severity

MIB = 1024 * 1024
#: The largest package file read at all.
MAX_FILE = 50 * MIB
#: The largest total of the members' uncompressed sizes.
MAX_TOTAL = 100 * MIB
#: The most members a package may have.
MAX_MEMBERS = 5000
#: The highest compression ratio of a member larger than :data:`RATIO_FROM` (XML in real
#: documents compresses about 10–40 times; zeros compress a thousand times).
MAX_RATIO = 100
RATIO_FROM = MIB


def _refuse(name: str, rule: str, message: str) -> InputError:
    return InputError([Finding(Severity.ERROR, rule, name, 0, 0, "", "", message)])


def open_zip(source: Path | bytes, *, what: str, name: str | None = None) -> zipfile.ZipFile:
    """Open a zip package after checking its size, member count and compression ratio.

    Args:
        source: the file, or its bytes.
        what: what the package is, in Chinese, for messages (``Word 模板``).
        name: the file name for messages (default: ``source`` when it is a path).

    Raises:
        InputError: the package is not a zip or exceeds a limit [ZIP-BROKEN, ZIP-LIMIT].
    """
    shown = name or str(source if isinstance(source, Path) else "（内存中的文件）")
    try:
        archive = zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(shown, "ZIP-BROKEN", f"{what}无法读取：不是有效的 zip 压缩包（DOCX/XLSX）（{exc}）"
                      ) from None
    members = archive.infolist()
    total = sum(info.file_size for info in members)
    worst = max(members, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    problem = ""
    if len(members) > MAX_MEMBERS:
        problem = f"含有 {len(members)} 个文件，上限为 {MAX_MEMBERS} 个"
    elif total > MAX_TOTAL:
        problem = f"解压后共 {total / MIB:.0f} MiB，上限为 {MAX_TOTAL // MIB} MiB"
    elif (worst is not None and worst.file_size > RATIO_FROM
          and worst.file_size > MAX_RATIO * max(worst.compress_size, 1)):
        ratio = worst.file_size / max(worst.compress_size, 1)
        problem = (f"其中 {worst.filename} 的压缩比为 {ratio:.0f} 倍（{worst.file_size / MIB:.0f} MiB），"
                   f"上限为 {MAX_RATIO} 倍")
    if problem:
        archive.close()
        raise _refuse(shown, "ZIP-LIMIT", f"{what}过大，未读取：{problem}；可能是损坏的文件或“压缩炸弹”，"
                      "请用 Word/WPS/Excel 重新保存后再试")
    return archive


def read_zip(path: Path, *, what: str) -> bytes:
    """Return the bytes of a zip package file after :func:`open_zip`'s checks.

    Raises:
        InputError: the file cannot be read, is too large, or fails the checks.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise _refuse(str(path), "ZIP-LIMIT", f"{what}过大，未读取：文件有 {size / MIB:.0f} MiB，"
                          f"上限为 {MAX_FILE // MIB} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(str(path), "ZIP-BROKEN", f"{what}无法读取（{exc.strerror or exc}）") from None
    open_zip(data, what=what, name=str(path)).close()
    return data
