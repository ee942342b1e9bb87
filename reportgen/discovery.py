"""Finding each organ's previous-year file among the files next to the inputs.

A folder of thousands of reports must not be parsed to pair them, nor parsed again to check
them: every file is read once into the command's :class:`~reportgen.store.Store`, which keeps
what it read for the check. The identity of a file (agency and year) is read from its two
top-level lines when they are written in the plain way reportgen's own scaffold writes them
(:func:`quick_identity`) and the file names no former names; only files written otherwise
(JSON, published documents, unusual YAML, ``former_names``) are parsed here, and their parsed
sources are what the check uses. Files too large to be an input, or not regular files, are
never opened. Pairing goes through one index by agency and year: O(N) for N files.

A candidate must be a report input (agency, year and at least one part of a report): a notes
file that names the agency and year is not one. When several files are the same agency's
report of the previous year (``2022.yaml`` and an old draft ``2022-旧稿.yaml``), none is used:
the input is told which files they are (:attr:`Pairing.ambiguous`). An input file and the
document published from it (``2022.yaml``, ``2022.pdf``) are one report, read from the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .formats import FORMATS
from .inputs import is_input
from .readers import DATA_SUFFIXES, WORKBOOK_SUFFIXES
from .readers.yaml_reader import MAX_INPUT_BYTES
from .store import Store

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


#: Top-level keys only a report has (its parts, in every format): a file with an agency and a
#: year but none of these (notes, a list of names) is not a report input.
_REPORT_PARTS = frozenset(section.key for fmt in FORMATS.values() for section in fmt.sections)


def identity(data: Any) -> Identity | None:
    """Return (agency, year) of a parsed report input, or None when it is not one."""
    if not isinstance(data, dict) or not _REPORT_PARTS.intersection(data):
        return None
    agency, year = data.get("agency"), data.get("year")
    if isinstance(agency, str) and agency.strip() and isinstance(year, int) \
            and not isinstance(year, bool):
        return agency.strip(), year
    return None


def former_names(data: Any) -> list[str]:
    """Return the names the organ had before (``former_names``), as written."""
    names = data.get("former_names") if isinstance(data, dict) else None
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        return []
    return [name.strip() for name in names if isinstance(name, str) and name.strip()]


@dataclass
class Pairing:
    """Each input's previous-year file, or why there is none.

    Attributes:
        previous: the one file that fits, per input.
        ambiguous: the files that fit, per input for which several do (none is used).
        former: the former name by which an input's previous-year file was found.
    """

    previous: dict[Path, Path] = field(default_factory=dict)
    ambiguous: dict[Path, list[Path]] = field(default_factory=dict)
    former: dict[Path, str] = field(default_factory=dict)
    chosen: bool = False  # named by --previous, not found

    def about(self, path: Path) -> PairingNote:
        """Return what a task needs to say about ``path``'s previous year."""
        return PairingNote(tuple(self.ambiguous.get(path, ())), self.former.get(path, ""),
                           self.chosen)


@dataclass(frozen=True)
class PairingNote:
    """How one input's previous-year file was found (plain data, for a worker).

    Attributes:
        ambiguous: the files that all fit (none used), when several do.
        former: the former name its previous-year file has, when found by it.
        chosen: the file was named by ``--previous``.
    """

    ambiguous: tuple[Path, ...] = ()
    former: str = ""
    chosen: bool = False


def _exact(store: Store, path: Path) -> tuple[Identity | None, list[str]]:
    """Parse ``path`` (kept in the store) and return its identity and former names."""
    try:
        data = store.source(path).data
    except InputError:
        return None, []
    return identity(data), former_names(data)


_PART_LINE = re.compile("^(?:" + "|".join(sorted(_REPORT_PARTS)) + ") *:", re.MULTILINE)


def _plain(store: Store, path: Path) -> Identity | None:
    """Return the identity a plain YAML file's top lines give, or None: ask the parser.

    Plain top lines settle it only when the file names no former names; a file whose
    lines name an agency and a year but no part of a report at the margin (notes) is no
    report input (:data:`NOT_REPORT`).
    """
    if path.suffix.lower() not in (".yaml", ".yml"):
        return None
    raw = store.raw(path)
    key = quick_identity(raw)
    if key is None or raw is None:
        return None
    text = raw.decode("utf-8-sig")
    if "former_names" in text:
        return None
    return key if _PART_LINE.search(text) else NOT_REPORT


#: What :func:`_plain` says of a plain file that is not a report input.
NOT_REPORT: Identity = ("", 0)


def pair(inputs: list[Path], candidates: list[Path], store: Store | None = None) -> Pairing:
    """Find each input's previous-year file among ``candidates``.

    A file fits an input when it is a report input of the previous year whose agency is the
    input's agency or one of its ``former_names``. A file whose top lines say plainly what it
    is (and that names no former names) is only read, not parsed; the others are parsed once,
    and their sources stay in the store for their check.
    """
    store = store if store is not None else Store()
    keys: dict[Path, Identity | None] = {}
    names: dict[Path, list[str]] = {}
    for path in dict.fromkeys([*inputs, *candidates]):
        key = _plain(store, path)
        if key is None:
            key, former = _exact(store, path)
            if key is not None:
                names[path] = [key[0], *(name for name in former if name != key[0])]
        elif key == NOT_REPORT:
            key = None
        else:
            names[path] = [key[0]]
        keys[path] = key
    by_key: dict[Identity, list[Path]] = {}
    for path in dict.fromkeys(candidates):
        key = keys[path]
        if key is not None:
            by_key.setdefault(key, []).append(path)
    found = Pairing()
    for path in inputs:
        key = keys[path]
        if key is None:
            continue
        fits: dict[Path, str] = {}
        for name in names[path]:
            for other in by_key.get((name, key[1] - 1), []):
                if other != path:
                    fits.setdefault(other, name)
        fits = _one_per_report(fits)
        if len(fits) == 1:
            [(other, name)] = fits.items()
            found.previous[path] = other
            if name != key[0]:
                found.former[path] = name
        elif fits:
            found.ambiguous[path] = list(fits)
    keep = set(found.previous.values()) | set(inputs)
    for path in keys:
        if path not in keep:
            store.forget(path)  # read to find out, but no input's previous year: not kept
    return found


def _one_per_report(fits: dict[Path, str]) -> dict[Path, str]:
    """Keep one file per report: ``2023.yaml`` and the ``2023.pdf`` published from it (same
    folder and name, another kind) are one report, read from its input file."""
    by_report: dict[tuple[Path, str], list[Path]] = {}
    for path in fits:
        by_report.setdefault((path.parent, path.stem), []).append(path)
    kept: dict[Path, str] = {}
    for paths in by_report.values():
        data = [path for path in paths if path.suffix.lower() in DATA_SUFFIXES + WORKBOOK_SUFFIXES]
        if len(data) <= 1:
            chosen = (data or paths)[0]
            kept[chosen] = fits[chosen]
        else:
            kept.update((path, fits[path]) for path in paths)
    return kept
