"""Where templates and stylesheets come from: an ordered search path, built-in style last.

A house style (issue 4) is a folder searched before the built-in one; this module owns that
order so both writers resolve files the same way.
"""

from __future__ import annotations

import bisect
import os
import subprocess
from functools import cache
from pathlib import Path

import jinja2

from .errors import ReportgenError

_PACKAGE = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """Return the built-in ``templates/`` folder (a checkout's, or the installed copy)."""
    for candidate in (_PACKAGE.parent / "templates", _PACKAGE / "_templates"):
        if (candidate / "html" / "report.html.j2").is_file():
            return candidate
    raise ReportgenError("找不到内置模板文件夹 templates/：安装不完整，请重新运行 scripts/setup.sh")


def search_path(style_dirs: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Return the template folders in search order: house styles first, built-in last."""
    return (*style_dirs, builtin_templates())


def cache_dir(kind: str) -> Path | None:
    """Return a writable folder under the user's cache (``$XDG_CACHE_HOME/reportgen/KIND``),
    or ``None`` when there is none; caches only save start-up time, nothing depends on them."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "reportgen" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return folder


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return the on-disk cache of compiled templates (keyed by the template source)."""
    folder = cache_dir("jinja")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


#: Font roles of the built-in style: official names first, open substitutes after (house-style.md).
DEFAULT_FONTS: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "FandolFang", "Noto Serif CJK SC"),
    "heading1": ("黑体", "SimHei", "Noto Sans CJK SC"),
    "heading2": ("楷体_GB2312", "楷体", "KaiTi", "AR PL KaitiM GB", "AR PL UKai CN", "LXGW WenKai",
                 "Noto Serif CJK SC"),
    "table": ("仿宋_GB2312", "仿宋", "FangSong", "FandolFang", "Noto Serif CJK SC"),
    "page_number": ("宋体", "SimSun", "Noto Serif CJK SC"),
}
_GENERIC = {"title": "serif", "heading1": "sans-serif"}


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


def font_stacks(fonts: dict[str, tuple[str, ...]] = DEFAULT_FONTS) -> dict[str, list[str]]:
    """Return, per role, the installed families in preference order.

    fontconfig answers every family name with *some* font, so a missing official name listed
    first would win with an arbitrary substitute (DejaVu, or a Japanese CJK face); only
    installed names are passed on.
    """
    installed = installed_families()
    return {role: [name for name in names if name in installed] for role, names in fonts.items()}


def font_css(fonts: dict[str, tuple[str, ...]] = DEFAULT_FONTS) -> str:
    """Return CSS custom properties ``--font-ROLE`` for the stylesheets to use."""
    lines = []
    families = {}
    for role, names in font_stacks(fonts).items():
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


def missing_glyphs(texts: list[str], fonts: dict[str, tuple[str, ...]] = DEFAULT_FONTS) -> list[str]:
    """Return the characters of ``texts`` that no installed font of any role can draw.

    Such characters would come out as empty boxes in the PDF, with only a log warning from
    WeasyPrint; reportgen refuses instead.
    """
    starts, ends = _coverage(tuple(sorted({n for names in font_stacks(fonts).values() for n in names})))
    missing = []
    for char in sorted(set("".join(texts))):
        code = ord(char)
        index = bisect.bisect_right(starts, code) - 1
        if char.isspace() or (index >= 0 and code <= ends[index]):
            continue
        missing.append(char)
    return missing


@cache
def _coverage(families: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Merge the families' code point ranges into sorted, disjoint (starts, ends) lists."""
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(r for family in families for r in _charset(family)):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends
