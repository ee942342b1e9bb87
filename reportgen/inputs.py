"""Which files a command works on: expanding names, folders and globs, naming the outputs, and
finding each organ's previous-year file."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import re
import stat
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .readers import INPUT_SUFFIXES
from .readers.yaml_reader import MAX_INPUT_BYTES, load_bytes


def expand_inputs(patterns: list[str]) -> list[Path]:
    """Turn the command-line names (files, folders, globs) into a sorted list of input files.

    Raises:
        UsageError: a name matches nothing.
    """
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found += sorted(filter(is_input, path.rglob("*")), key=_natural)
        elif path.exists():
            found.append(path)
        elif glob.has_magic(pattern):
            matches = sorted((Path(p) for p in glob.glob(pattern, recursive=True)), key=_natural)
            if not matches:
                raise UsageError(f"没有与 {pattern} 匹配的文件")
            found += [p for p in matches if p.is_file()]
        else:
            raise UsageError(f"找不到文件 {pattern}")
    if not found:
        raise UsageError("没有找到要处理的 .yaml/.yml/.json 文件")
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


def is_input(path: Path) -> bool:
    """Whether ``path`` is a file reportgen reads as an input (by its suffix)."""
    return path.suffix.lower() in INPUT_SUFFIXES and path.is_file()


def _natural(path: Path) -> list[Any]:
    """Sort key that puts 2 before 10: a10.yaml after a9.yaml, as people number files."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", str(path))]


def candidates(inputs: list[Path], more_folders: tuple[Path, ...] = ()) -> list[Path]:
    """Return the files that may be previous-year inputs: every input file in the inputs'
    folders and in ``more_folders``, except those too large to be an input (never opened)."""
    folders = {p.parent for p in inputs} | set(more_folders)
    found = []
    for folder in sorted(folders):
        try:
            entries = sorted(folder.iterdir())
        except OSError:  # a folder named by --previous-dir that cannot be listed: nothing there
            continue
        found += [p for p in entries if is_input(p) and _small(p)]
    return found


def _small(path: Path) -> bool:
    try:
        return path.stat().st_size <= MAX_INPUT_BYTES
    except OSError:
        return False


class _Files:
    """The bytes of each file, read at most once per run (per path, change time and size)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[Path, int, int], bytes | None] = {}

    def bytes(self, path: Path) -> bytes | None:
        """Return the file's bytes, or None when it cannot be read, is too large or is not a
        regular file."""
        try:
            info = path.stat()
        except OSError:
            return None
        key = (path, info.st_mtime_ns, info.st_size)
        if key not in self._seen:
            self._seen[key] = None
            # Only regular files: reading a FIFO or /dev/zero named as an input would hang or
            # never end here, before the input's own check can say what it is.
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_INPUT_BYTES:
                with contextlib.suppress(OSError):
                    self._seen[key] = path.read_bytes()
        return self._seen[key]


def identify(paths: list[Path], files: _Files | None = None) -> dict[Path, tuple[str, int]]:
    """Return (agency, year) for every readable file among ``paths``."""
    files = files or _Files()
    found: dict[Path, tuple[str, int]] = {}
    for path in paths:
        raw = files.bytes(path)
        if raw is None:
            continue
        try:
            data = load_bytes(raw, str(path)).data
        except InputError:
            continue
        agency, year = data.get("agency"), data.get("year")
        if isinstance(agency, str) and isinstance(year, int) and not isinstance(year, bool):
            found[path] = (agency.strip(), year)
    return found


def previous_years(inputs: list[Path], candidates: list[Path]) -> dict[Path, Path]:
    """Map each input to the same agency's file for the previous year among ``candidates``.

    Each file is read at most once, and files too large to be an input are never opened.
    """
    files = _Files()
    known = identify(inputs, files)
    wanted = {(agency, year - 1) for agency, year in known.values()}
    # Parse only the candidates that can be one of those files: they must mention the agency
    # and the year (a folder of 1000 agencies is not parsed to check one file).
    possible = [path for path in candidates
                if path in known or _mentions(files.bytes(path), wanted)]
    known |= identify([path for path in possible if path not in known], files)
    by_year: dict[tuple[str, int], Path] = {}
    for path in possible:  # the first file wins when two claim the same agency and year
        if path in known:
            by_year.setdefault(known[path], path)
    return {path: by_year[(known[path][0], known[path][1] - 1)] for path in inputs
            if path in known and (known[path][0], known[path][1] - 1) in by_year}


def _mentions(raw: bytes | None, wanted: set[tuple[str, int]]) -> bool:
    if raw is None:
        return False
    text = raw.decode("utf-8", errors="replace")
    return any(agency in text and str(year) in text for agency, year in wanted)


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
