"""Which files a command works on: expanding names, folders and globs, naming the outputs, and
finding each organ's previous-year file."""

from __future__ import annotations

import atexit
import glob
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .readers import INPUT_SUFFIXES, read_file


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
    """Whether ``path`` is a file reportgen reads as an input (by its suffix)."""
    return path.suffix.lower() in INPUT_SUFFIXES and path.is_file()


def _natural(path: Path) -> list[Any]:
    """Sort key that puts 2 before 10: a10.yaml after a9.yaml, as people number files."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", str(path))]


def candidates(inputs: list[Path], more_folders: tuple[Path, ...] = ()) -> list[Path]:
    """Return the files that may be previous-year inputs: every input file in the inputs'
    folders and in ``more_folders``."""
    folders = {p.parent for p in inputs} | set(more_folders)
    return [p for folder in sorted(folders) for p in sorted(folder.iterdir()) if is_input(p)]


def identify(paths: list[Path]) -> dict[Path, tuple[str, int]]:
    """Return (agency, year) for every readable file among ``paths``."""
    found: dict[Path, tuple[str, int]] = {}
    for path in paths:
        try:
            data = read_file(path).data
        except InputError:
            continue
        agency, year = data.get("agency"), data.get("year")
        if isinstance(agency, str) and isinstance(year, int) and not isinstance(year, bool):
            found[path] = (agency.strip(), year)
    return found


def previous_years(inputs: list[Path], candidates: list[Path]) -> dict[Path, Path]:
    """Map each input to the same agency's file for the previous year among ``candidates``."""
    known = identify(inputs)
    wanted = {(agency, year - 1) for agency, year in known.values()}
    # Parse only the candidates that can be one of those files: they must mention the agency
    # and the year (a folder of 1000 agencies is not parsed to check one file).
    possible = [path for path in candidates
                if path in known or _mentions(path, wanted)]
    known |= identify([path for path in possible if path not in known])
    by_year: dict[tuple[str, int], Path] = {}
    for path in possible:  # the first file wins when two claim the same agency and year
        if path in known:
            by_year.setdefault(known[path], path)
    return {path: by_year[(known[path][0], known[path][1] - 1)] for path in inputs
            if path in known and (known[path][0], known[path][1] - 1) in by_year}


def _mentions(path: Path, wanted: set[tuple[str, int]]) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(agency in text and str(year) in text for agency, year in wanted)


def unique_stems(paths: list[Path]) -> list[str]:
    """Return an output name per input: its file name, made safe, and unique in the run."""
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
        used.add(candidate)
        stems.append(candidate)
    return stems
