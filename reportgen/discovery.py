"""Finding each organ's previous-year file among the files next to the inputs.

A folder of a thousand agencies' reports must not be parsed whole to pair them: the identity of a
file (agency and year) is first read from its two top-level lines when they are written in the
plain way reportgen's own scaffold writes them (:func:`quick_identity`); only files written
otherwise, and the pairs actually chosen, are parsed. Each file is read at most once, and files
too large to be an input, or not regular files, are never opened.
"""

from __future__ import annotations

import contextlib
import re
import stat
from pathlib import Path

from .errors import InputError
from .inputs import is_input
from .readers import WORKBOOK_SUFFIXES
from .readers.yaml_reader import MAX_INPUT_BYTES, load_bytes

Identity = tuple[str, int]


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


class Files:
    """What is known of each file in one run: its bytes (read at most once, per path, change
    time and size) and its identity."""

    def __init__(self) -> None:
        self._bytes: dict[tuple[Path, int, int], bytes | None] = {}
        self._exact: dict[Path, Identity | None] = {}

    def bytes(self, path: Path) -> bytes | None:
        """Return the file's bytes, or None when it cannot be read, is too large or is not a
        regular file."""
        try:
            info = path.stat()
        except OSError:
            return None
        key = (path, info.st_mtime_ns, info.st_size)
        if key not in self._bytes:
            self._bytes[key] = None
            # Only regular files: reading a FIFO or /dev/zero named as an input would hang or
            # never end here, before the input's own check can say what it is.
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_INPUT_BYTES:
                with contextlib.suppress(OSError):
                    self._bytes[key] = path.read_bytes()
        return self._bytes[key]

    def exact(self, path: Path) -> Identity | None:
        """Return (agency, year) by parsing the file, or None when it is not a readable report."""
        if path not in self._exact:
            self._exact[path] = _parse(path, self.bytes(path))
        return self._exact[path]

    def quick(self, path: Path) -> Identity | None:
        """Return (agency, year) from the file's top-level lines, or None when they are not
        written plainly (then only :meth:`exact` can tell)."""
        return quick_identity(self.bytes(path)) if path.suffix.lower() != ".json" else None


def _parse(path: Path, raw: bytes | None) -> Identity | None:
    if raw is None:
        return None
    try:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:  # a fill-in workbook pairs like a YAML file
            from .readers.xlsx_reader import read_bytes
            from .zipguard import open_zip

            open_zip(raw, what="Excel 工作簿", name=str(path)).close()
            data = read_bytes(raw, str(path)).data
        else:
            data = load_bytes(raw, str(path)).data
    except InputError:
        return None
    agency, year = data.get("agency"), data.get("year")
    if isinstance(agency, str) and isinstance(year, int) and not isinstance(year, bool):
        return agency.strip(), year
    return None


#: A top-level line that may hide what the plain lines seem to say: a document marker or
#: directive, a flow or quoted or complex key, a tag, anchor or alias at the root.
_UNSURE_START = tuple("-.%{[\"'?!&*")
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^#]*[^\s#])?")
_QUOTED = re.compile(r"\"([^\"\\]*)\"|'([^']*)'")
_YEAR = re.compile(r"[1-9][0-9]{3}")
_COMMENT = re.compile(r"\s+#.*$")


def quick_identity(raw: bytes | None) -> Identity | None:
    """Read (agency, year) from the lines ``agency: …`` and ``year: …`` of a YAML input.

    Sound, not complete: it answers only when those lines say the same as parsing would
    (plain or simply quoted values, one line each, no document markers, flow roots, tags or
    anchors at the top level); otherwise None.
    """
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(mark in text for mark in ("\x85", "\u2028", "\u2029")):  # YAML 1.1 line breaks
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if any("\r" in line for line in lines):
        return None
    values: dict[str, list[str]] = {"agency": [], "year": []}
    for index, line in enumerate(lines):
        if line.startswith(_UNSURE_START):
            return None
        key, colon, rest = line.partition(":")
        if not colon or key not in values:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following[:1] in (" ", "\t") and following.strip() and not following.lstrip().startswith("#"):
            return None  # an indented line could continue the value
        if rest and not rest.startswith(" "):
            return None
        values[key].append(_COMMENT.sub("", rest).strip())
    if len(values["agency"]) != 1 or len(values["year"]) != 1:
        return None
    agency, year = values["agency"][0], values["year"][0]
    quoted = _QUOTED.fullmatch(agency)
    if quoted:
        agency = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    elif not _PLAIN.fullmatch(agency) or ": " in agency:
        return None
    if not _YEAR.fullmatch(year):
        return None
    return agency.strip(), int(year)


def previous_years(inputs: list[Path], candidates: list[Path]) -> dict[Path, Path]:
    """Map each input to the same agency's file for the previous year among ``candidates``.

    The first candidate wins when two claim the same agency and year. A pairing is always
    confirmed by parsing both files; most other files are never parsed.
    """
    files = Files()
    own = {path: files.quick(path) or files.exact(path) for path in inputs}
    wanted = {(key[0], key[1] - 1) for key in own.values() if key is not None}
    by_key: dict[Identity, list[Path]] = {}
    for path in candidates:
        key = files.quick(path)
        # A workbook is compressed: its bytes do not show the names it holds.
        zipped = path.suffix.lower() in WORKBOOK_SUFFIXES
        if key is None and wanted and (zipped or _mentions(files.bytes(path), wanted)):
            key = files.exact(path)
        if key in wanted:
            by_key.setdefault(key, []).append(path)
    found: dict[Path, Path] = {}
    for path, key in own.items():
        if key is None or not by_key.get((key[0], key[1] - 1)):
            continue
        exact = files.exact(path)
        if exact is None:
            continue
        for other in by_key.get((exact[0], exact[1] - 1), []):
            if files.exact(other) == (exact[0], exact[1] - 1):
                found[path] = other
                break
    return found


def _mentions(raw: bytes | None, wanted: set[Identity]) -> bool:
    """Whether a file can be one of the ``wanted`` ones: it names the agency and the year."""
    if raw is None:
        return False
    text = raw.decode("utf-8", errors="replace")
    return any(agency in text and str(year) in text for agency, year in wanted)
