"""Which files a command works on: expanding names, folders and globs, and naming the outputs
(each organ's previous-year file is found by :mod:`discovery`)."""

from __future__ import annotations

import atexit
import glob
import hashlib
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from .errors import UsageError
from .readers import INPUT_SUFFIXES, SCHEMA_FILE


def expand_inputs(patterns: list[str], scanned: set[Path] | None = None) -> list[Path]:
    """Turn the command-line names (files, folders, globs) into a sorted list of input files.

    Args:
        patterns: the names given on the command line.
        scanned: receives the inputs a folder or a pattern brought in (not named one by one):
            such a file that is not an annual report is passed over, not an error
            (:func:`reportgen.batch.pass_over`).

    Raises:
        UsageError: a name matches nothing.
    """
    found: list[Path] = []
    named: set[Path] = set()
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            brought = sorted(filter(is_input, path.rglob("*")), key=_natural)
        elif path.exists():
            found.append(path)
            named.add(path)
            continue
        elif glob.has_magic(pattern):
            matches = sorted((Path(p) for p in glob.glob(pattern, recursive=True)), key=_natural)
            if not matches:
                raise UsageError(f"没有与 {pattern} 匹配的文件")
            brought = [p for p in matches if p.is_file()]
        else:
            raise UsageError(f"找不到文件 {pattern}")
        found += brought
        if scanned is not None:
            scanned.update(brought)
    if scanned is not None:
        scanned -= named  # a file also named on its own is the user's choice
    if not found:
        raise UsageError(f"没有找到要处理的文件（{'、'.join(INPUT_SUFFIXES)}）")
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


#: The file name that means standard input, as in most command-line tools.
STDIN = "-"
#: How standard input is named in messages and outputs.
STDIN_NAME = "标准输入"


def stdin_copy(limit: int) -> Path:
    """Copy standard input (at most ``limit`` + 1 bytes) into a private file and return it.

    Workers read inputs by path, so standard input is stored once in a folder only this user
    can open (``mkdtemp`` makes it 0700), removed when reportgen ends. One byte more than
    ``limit`` is kept so that the reader's size check still refuses an input that is too big.
    """
    folder = Path(tempfile.mkdtemp(prefix="reportgen-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "stdin.yaml"  # YAML is a superset of JSON: the reader takes both
    path.write_bytes(sys.stdin.buffer.read(limit + 1))
    return path


def is_input(path: Path) -> bool:
    """Whether ``path`` is a file reportgen reads as an input (by its suffix), found in a folder.

    Not inputs: the schema ``init`` writes beside inputs, and the owner file ``~$名称.xlsx``
    that Excel, Word and WPS keep beside a document while it is open.
    """
    return (path.suffix.lower() in INPUT_SUFFIXES and path.name != SCHEMA_FILE
            and not path.name.startswith("~$") and path.is_file())


def _natural(path: Path) -> list[Any]:
    """Sort key that puts 2 before 10: a10.yaml after a9.yaml, as people number files."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", str(path))]


#: The longest output name a file system takes (bytes, in UTF-8), less the longest suffix
#: (``.docx``/``.html``).
_NAME_BYTES = 255 - len(".docx")


def _fit(stem: str) -> str:
    """Return ``stem`` if its outputs' names fit the file system, else its start and a hash of
    the whole, which stays the same from run to run."""
    if len(stem.encode("utf-8")) <= _NAME_BYTES:
        return stem
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    start = stem.encode("utf-8")[:_NAME_BYTES - len(digest) - 1].decode("utf-8", errors="ignore")
    return f"{start}-{digest}"


def unique_stems(paths: list[Path], notices: list[str] | None = None) -> list[str]:
    """Return an output name per input: its file name, made safe, short enough for the file
    system, and unique in the run.

    Args:
        paths: the inputs.
        notices: receives one line per name that had to be shortened.
    """
    used: set[str] = set()
    stems = []
    for path in paths:
        stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in path.stem).strip(".")
        stem = stem or "report"
        candidate = stem
        if candidate in used:
            candidate = f"{path.parent.name}-{stem}"
        counter = 2
        while candidate in used:
            candidate = f"{stem}-{counter}"
            counter += 1
        fitted = _fit(candidate)
        if fitted != candidate and notices is not None:
            size = len(f"{candidate}.docx".encode())
            notices.append(f"{path}: 文件名过长：输出文件名 {candidate}.docx 有 {size} 字节，超过文件系统"
                           f"每个名称 255 字节的上限（一个汉字占 3 字节）；已缩短为 {fitted}.docx 等")
        used.add(candidate)
        stems.append(fitted)
    return stems
