"""Where templates and stylesheets come from: an ordered search path, built-in style last.

A house style (issue 4) is a folder searched before the built-in one; this module owns that
order so both writers resolve files the same way.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

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
def installed_families() -> frozenset[str]:
    """Return the font family names fontconfig knows (every localized name of each font)."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{family}\\n"], capture_output=True,
                                 text=True, check=False, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


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
    """Return the code point ranges fontconfig reports for ``family`` (union of its faces)."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{charset}\\n", f":family={family}"],
                                 capture_output=True, text=True, check=False, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    ranges = set()
    for token in listing.split():
        first, _, last = token.partition("-")
        ranges.add((int(first, 16), int(last or first, 16)))
    return tuple(sorted(ranges))


def missing_glyphs(texts: list[str], fonts: dict[str, tuple[str, ...]] = DEFAULT_FONTS) -> list[str]:
    """Return the characters of ``texts`` that no installed font of any role can draw.

    Such characters would come out as empty boxes in the PDF, with only a log warning from
    WeasyPrint; reportgen refuses instead.
    """
    families = {name for names in font_stacks(fonts).values() for name in names}
    ranges = sorted(r for family in families for r in _charset(family))
    missing = []
    for char in sorted(set("".join(texts))):
        code = ord(char)
        if char.isspace() or any(first <= code <= last for first, last in ranges):
            continue
        missing.append(char)
    return missing
