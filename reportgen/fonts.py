"""Fonts: which named families are available, glyph coverage, the CSS that names them.

fontconfig is asked once per process (``fc-list``); a style's own ``fonts/`` files are read
with fontTools (a WeasyPrint dependency).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import subprocess
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import __version__
from .errors import ReportgenError

_GENERIC = {"heading1": "sans-serif"}


@cache
def _fontconfig() -> dict[str, list[str]]:
    """Return, per family name fontconfig knows (every localized name), its faces' charsets
    as fontconfig prints them; one ``fc-list`` call for all fonts (~10 ms)."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{family}\\t%{charset}\\n"],
                                 capture_output=True, text=True, check=False, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    families: dict[str, list[str]] = {}
    for line in listing.splitlines():
        names, _, charset = line.partition("\t")
        for name in names.split(","):
            families.setdefault(name.strip(), []).append(charset)
    return families


def installed_families() -> frozenset[str]:
    """Return the font family names fontconfig knows (every localized name of each font)."""
    return frozenset(_fontconfig())


def font_stacks(fonts: dict[str, tuple[str, ...]],
                extra: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Return, per role, the available families in preference order.

    fontconfig answers every family name with *some* font, so a missing official name listed
    first would win with an arbitrary substitute (DejaVu, or a Japanese CJK face); only
    installed names, and those of a style's own ``fonts/`` files (``extra``), are passed on.
    """
    available = installed_families() | extra
    return {role: [name for name in names if name in available] for role, names in fonts.items()}


def font_css(fonts: dict[str, tuple[str, ...]], extra: frozenset[str] = frozenset()) -> str:
    """Return CSS custom properties ``--font-ROLE`` for the stylesheets to use."""
    lines = []
    families = {}
    for role, names in font_stacks(fonts, extra).items():
        families[role] = ", ".join([*(f'"{n}"' for n in names), _GENERIC.get(role, "serif")])
        lines.append(f"  --font-{role.replace('_', '-')}: {families[role]};")
    # Page margin boxes are outside the element tree: custom properties do not reach them.
    margins = "".join(
        f"@page :{side} {{ @bottom-{side} {{ font-family: {families['page_number']}; }} }}\n"
        for side in ("left", "right"))
    return ":root {\n" + "\n".join(lines) + "\n}\n" + margins


@cache
def _charset(family: str) -> tuple[tuple[int, int], ...]:
    """Return the code point ranges of ``family`` (union of its faces)."""
    ranges = set()
    for charset in _fontconfig().get(family, []):
        for token in charset.split():
            first, _, last = token.partition("-")
            ranges.add((int(first, 16), int(last or first, 16)))
    return tuple(sorted(ranges))


def missing_glyphs(texts: list[str], fonts: dict[str, tuple[str, ...]],
                   files: tuple[Path, ...] = ()) -> list[str]:
    """Return the characters of ``texts`` that no font of any role can draw: installed
    families named by the style, and the style's own font ``files``.

    Such characters would come out as empty boxes in the PDF, with only a log warning from
    WeasyPrint; reportgen refuses instead.
    """
    installed = {n for names in font_stacks(fonts).values() for n in names}
    starts, ends = _coverage(tuple(sorted(installed)), files)
    missing = []
    for char in sorted(set("".join(texts))):
        code = ord(char)
        index = bisect.bisect_right(starts, code) - 1
        if char.isspace() or (index >= 0 and code <= ends[index]):
            continue
        missing.append(char)
    return missing


@cache
def _coverage(families: tuple[str, ...], files: tuple[Path, ...] = ()) -> tuple[list[int], list[int]]:
    """Merge the code point ranges of families and font files into sorted, disjoint lists."""
    starts: list[int] = []
    ends: list[int] = []
    ranges = [r for family in families for r in _charset(family)]
    ranges += [r for path in files for r in file_font(path).ranges]
    for first, last in sorted(ranges):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


@dataclass(frozen=True)
class FontFile:
    """A font file of a style's ``fonts/`` folder: its family names and code point ranges."""

    path: Path
    families: tuple[str, ...]
    ranges: tuple[tuple[int, int], ...]
    bold: bool = False

    @property
    def codes(self) -> frozenset[int]:
        """Every code point the font draws."""
        return frozenset(c for first, last in self.ranges for c in range(first, last + 1))


#: The cache key of what is read from font files (:func:`file_font`, :func:`advances`):
#: reportgen's version and this number, raised whenever what is read or its form changes.
_FACTS = f"{__version__}-fonts-2"


def _file_name(path: Path, what: str, index: int = 0) -> str | None:
    # A font file's cache name: its path, face, size and time (as fontconfig keys its cache).
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{what}\0{path.resolve()}\0{index}\0{stat.st_size}\0{stat.st_mtime_ns}"


@cache
def file_font(path: Path) -> FontFile:
    """Read a font file's family names (as fontconfig would list them) and its character map.

    Reading the character map of a large CJK font takes ~40 ms, so what is read is kept in
    the user's private cache (keyed by the file's path, size and time), as fontconfig does.

    Raises:
        ReportgenError: the file is not a readable single-face font.
    """
    from . import cache as store

    try:
        path.stat()
    except OSError as exc:
        raise ReportgenError(f"{path}: 不是可用的字体文件（{exc}）") from None
    name = _file_name(path, "faces") or ""
    cached = store.load("fonts", name, _FACTS)
    if cached is not None:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            data = json.loads(cached)
            return FontFile(path, tuple(data["families"]),
                            tuple((first, last) for first, last in data["ranges"]), data["bold"])
    face = _read_font(path)
    store.store("fonts", name, json.dumps({"families": face.families, "ranges": face.ranges,
                                           "bold": face.bold}).encode(), _FACTS)
    return face


def _read_font(path: Path) -> FontFile:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(str(path), lazy=True)
        names = {record.toUnicode() for record in font["name"].names if record.nameID in (1, 16)}
        codes = sorted(font["cmap"].getBestCmap() or {})
        # Some faces (the Fandol bold ones) say weight 400 in OS/2 and "Bold" only in their
        # subfamily name; either makes the face the bold one of its family.
        subfamily = {record.toUnicode() for record in font["name"].names if record.nameID == 2}
        bold = "Bold" in subfamily or ("OS/2" in font and font["OS/2"].usWeightClass >= 600)
    except (TTLibError, OSError, KeyError, UnicodeDecodeError) as exc:
        raise ReportgenError(f"{path}: 不是可用的字体文件（{exc}）") from None
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return FontFile(path, tuple(sorted(names)), tuple(ranges), bold)


def substitutes(fonts: dict[str, tuple[str, ...]],
                extra: frozenset[str] = frozenset()) -> dict[str, str]:
    """Return, per preferred (official) font name that is not available, the font the PDF
    uses instead: ``{"仿宋_GB2312": "FandolFang", ...}``, each preferred name once."""
    out: dict[str, str] = {}
    for role, stack in font_stacks(fonts, extra).items():
        wanted = fonts[role][0]
        if stack and stack[0] != wanted:
            out.setdefault(wanted, stack[0])
    return out


@cache
def face_location(family: str, files: tuple[Path, ...] = ()) -> tuple[Path, int] | None:
    """Return the file (and face index in a collection) that draws ``family``: one of a
    style's font ``files``, else the one fontconfig has; ``None`` for a family neither has."""
    for path in files:
        if family in file_font(path).families and not file_font(path).bold:
            return path, 0
    if family not in installed_families():
        return None
    try:
        found = subprocess.run(["fc-match", "--format", "%{file}\\t%{index}", f"{family}:style=Regular"],
                               capture_output=True, text=True, check=False, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    name, _, index = found.partition("\t")
    return (Path(name), int(index or 0)) if name else None


@cache
def advances(path: Path, index: int = 0) -> dict[int, float]:
    """Return a face's horizontal advance per code point, in ems (fontTools, read once).

    A CJK face has some 10,000 code points; reading them takes ~25 ms a face (and ~40 ms to
    import fontTools), at every start of a process that sets lines. So the advances are
    kept in the user's private cache as two arrays of integers (code points, advances in
    font units) and the font's units per em: the same division gives the same floats.
    """
    from . import cache as store

    name = _file_name(path, "advances", index)
    cached = store.load("fonts", name, _FACTS) if name else None
    if cached is not None and len(cached) >= 4 and (len(cached) - 4) % 8 == 0:
        em = int.from_bytes(cached[:4], "little")
        codes, units = array("I"), array("I")
        half = (len(cached) - 4) // 2
        codes.frombytes(cached[4:4 + half])
        units.frombytes(cached[4 + half:])
        if em:
            return {code: unit / em for code, unit in zip(codes, units, strict=True)}
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    metrics = font["hmtx"].metrics
    em = font["head"].unitsPerEm
    cmap = font.getBestCmap() or {}
    codes, units = array("I", cmap), array("I", (metrics[glyph][0] for glyph in cmap.values()))
    if name:
        store.store("fonts", name, em.to_bytes(4, "little") + codes.tobytes() + units.tobytes(),
                    _FACTS)
    return {code: unit / em for code, unit in zip(codes, units, strict=True)}
