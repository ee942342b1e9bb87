"""Where templates and stylesheets come from: an ordered search path, built-in style last.

A house style (issue 4) is a folder searched before the built-in one; this module owns that
order so both writers resolve files the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from .errors import Finding, InputError, ReportgenError, Severity

if TYPE_CHECKING:
    from .locations import Source

_PACKAGE = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """Return the built-in ``templates/`` folder (a checkout's, or the installed copy)."""
    for candidate in (_PACKAGE.parent / "templates", _PACKAGE / "_templates"):
        if (candidate / "html" / "report.html.j2").is_file():
            return candidate
    raise ReportgenError("找不到内置模板文件夹 templates/：安装不完整，请重新运行 scripts/setup.sh")


# --------------------------------------------------------------------------------------------
# The house style: style.yaml, extends, fonts/


#: Chinese type sizes in points (GB/T 9704 and common usage).
TYPE_SIZES = {"初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0, "小二": 18.0,
              "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0}
ROLES = ("title", "body", "heading1", "heading2", "heading3", "heading4", "table", "page_number")
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|pt)\s*$")
_TO_PT = {"mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0}


def _points(value: Any) -> float:
    if isinstance(value, str) and value.strip() in TYPE_SIZES:
        return TYPE_SIZES[value.strip()]
    match = _LENGTH.match(str(value)) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError("size", "应为字号（如 三号、五号）或带单位的长度（如 16pt、37mm），实际为 {found}",
                                  {"found": repr(value)})
    return round(float(match.group(1)) * _TO_PT[match.group(2)], 2)


Points = Annotated[float, BeforeValidator(_points)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margins(_Part):
    top: Points
    bottom: Points
    left: Points
    right: Points


class Page(_Part):
    size: str = Field(pattern=r"^(A3|A4|A5|B5|\d+(\.\d+)?mm \d+(\.\d+)?mm)$")
    margins: Margins


class PageNumber(_Part):
    format: str = Field(pattern=r"\{page\}")
    position: Literal["outside", "center", "right", "left"]


class Signature(_Part):
    right: float = Field(ge=0, le=20)
    date_step: float = Field(ge=0, le=20)


class Style(_Part):
    """A complete style: the built-in one merged with a house style's changes."""

    page: Page
    line_height: Points
    letter_spacing: Points
    fonts: dict[Literal[ROLES], tuple[str, ...]]  # type: ignore[valid-type]
    sizes: dict[Literal[ROLES], Points]  # type: ignore[valid-type]
    bold: dict[Literal["title", "heading1", "heading2", "heading3", "heading4"], bool]
    page_number: PageNumber
    signature: Signature
    title: str | None = Field(None, pattern=r"\{agency\}")


@dataclass(frozen=True)
class HouseStyle:
    """A resolved style: its folders in search order (house first, built-in last)."""

    folders: tuple[Path, ...]
    style: Style

    @property
    def font_files(self) -> tuple[Path, ...]:
        """Single-face font files of the styles' ``fonts/`` folders (``.ttc`` is not used;
        a symlink to a file outside its folder is not either)."""
        from .confine import inside

        return tuple(sorted(p for folder in self.folders for p in (folder / "fonts").glob("*")
                            if p.suffix.lower() in (".ttf", ".otf") and inside(p, (folder,))))

    @property
    def html_folder(self) -> Path:
        """The folder relative references in templates resolve against."""
        return self.folders[0] / "html"


class StyleError(InputError):
    """A style folder cannot be used; carries located findings."""


def load_style(folder: Path | None = None, root: Path | None = None) -> HouseStyle:
    """Resolve a house style folder (``None``: the built-in style) with its ``extends`` chain.

    Args:
        folder: the first style folder.
        root: the folder every style of the chain must be in (default: the first style's
            parent, so that siblings such as ``extends: ../市局样式`` work).

    Raises:
        StyleError: a style.yaml is broken, or ``extends`` is missing, circular or leaves
            ``root``.
    """
    if folder is None:
        return _load(None, None)
    folder = folder.resolve()
    return _load(folder, (root or folder.parent).resolve())


@cache
def _load(folder: Path | None, root: Path | None) -> HouseStyle:
    chain: list[Path] = []
    data: list[dict[str, Any]] = []
    sources: list[Source] = []
    current = folder
    while current is not None:
        if current in chain:
            raise StyleError([_finding(current / "style.yaml", 1, 1, "STYLE-EXTENDS",
                                       "extends 形成了循环：" + " → ".join(map(str, [*chain, current])))])
        if not current.is_dir():
            raise StyleError([_finding(current, 0, 0, "STYLE-FOLDER", f"找不到样式文件夹 {current}")])
        chain.append(current)
        source = _read(current / "style.yaml")
        own = dict(source.data)
        parent = own.pop("extends", None)
        data.append(own)
        sources.append(source)
        current = _parent(source, current, parent, root) if isinstance(parent, str) else None
    builtin = builtin_templates()
    base = _read(builtin / "style.yaml")
    merged = dict(base.data)
    for own in reversed(data):
        merged = _merge(merged, own)
    try:
        style = Style.model_validate(merged)
    except ValidationError as exc:  # a value wrong only in context: locate it where it was set
        raise StyleError([_locate(exc_error, [*sources, base]) for exc_error in
                          exc.errors(include_url=False)]) from None
    return HouseStyle((*chain, builtin), style)


def _parent(source: Source, folder: Path, parent: str, root: Path | None) -> Path:
    """Resolve ``extends``: a relative path that stays inside ``root``."""
    target = (folder / parent).resolve()
    if (root is not None and not target.is_relative_to(root)) or Path(parent).is_absolute():
        position = source.locate(("extends",))
        raise StyleError([_finding(folder / "style.yaml", position.line, position.column,
                                   "STYLE-EXTENDS", f"extends: {parent} 指向 {target}，在 {root} 之外："
                                   "继承的样式只能在第一个样式所在的文件夹中（如 ../市局样式）")])
    return target


def _locate(error: Any, sources: list[Source]) -> Finding:
    loc = tuple(error["loc"])
    source = next((s for s in sources if s.get(loc) is not None), sources[0])
    position = source.locate(loc)
    return _finding(Path(source.name), position.line, position.column, "STYLE",
                    _style_message(loc, error))


def _read(path: Path) -> Source:
    """Load one style.yaml (missing or empty: no changes) and check it, with locations."""
    from .locations import Source as _Source
    from .readers import read_file

    if not path.is_file():
        return _Source(str(path), {})
    try:
        source = read_file(path)
    except InputError as exc:
        if [f.rule for f in exc.findings] == ["YAML-EMPTY"]:  # empty or only comments: no change
            return _Source(str(path), {})
        raise StyleError(exc.findings) from None
    findings = []
    try:
        _PartialStyle.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            position = source.locate(loc, key=error["type"] == "extra_forbidden")
            findings.append(_finding(path, position.line, position.column, "STYLE",
                                     _style_message(loc, error)))
    if findings:
        raise StyleError(sorted(findings, key=lambda f: (f.line, f.column)))  # in file order
    return source


#: pydantic's checks a style.yaml can fail, worded in Chinese (its own wording is English).
_STYLE_CHECKS = {
    "string_type": "应为文字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "int_type": "应为整数",
    "dict_type": "应为若干“名称: 值”的项",
    "tuple_type": "应为列表（如 [仿宋_GB2312, FangSong]）",
    "list_type": "应为列表（如 [仿宋_GB2312, FangSong]）",
    "missing": "缺少此项",
}


def _style_message(loc: tuple[Any, ...], error: Any) -> str:
    name = ".".join(str(p) for p in loc)
    kind = error["type"]
    found = repr(error.get("input"))
    if kind == "extra_forbidden":
        return f"{name}：未知的样式项，请检查拼写（可用的项见 README“修改版式”一节）"
    if kind in ("size",):
        return f"{name}：{error['msg']}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))
        return f"{name}：应为 {' / '.join(allowed)} 之一，实际为 {found}"
    if kind == "string_pattern_mismatch":
        return f"{name}：格式不对（应符合 {error['ctx']['pattern']}），实际为 {found}"
    return f"{name}：{_STYLE_CHECKS.get(kind, '值不符合要求')}，实际为 {found}"


def _finding(path: Path, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(Severity.ERROR, rule, str(path), line, column, "", "", message)


def _merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in change.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out


class _PartialStyle(_Part):
    """What a house style.yaml may contain: any part of a style, plus ``extends``."""

    extends: str | None = None
    page: dict[Literal["size", "margins"], Any] | None = None
    line_height: Points | None = None
    letter_spacing: Points | None = None
    fonts: dict[Literal[ROLES], tuple[str, ...]] | None = None  # type: ignore[valid-type]
    sizes: dict[Literal[ROLES], Points] | None = None  # type: ignore[valid-type]
    bold: dict[Literal["title", "heading1", "heading2", "heading3", "heading4"], bool] | None = None
    page_number: dict[Literal["format", "position"], str] | None = None
    signature: dict[Literal["right", "date_step"], float] | None = None
    title: str | None = None


def style_css(style: Style) -> str:
    """Return the CSS of a style's figures, loaded after the built-in report.css."""
    margins = style.page.margins
    size = style.sizes
    before, _, after = style.page_number.format.partition("{page}")
    number = f'content: "{_css_string(before)}" counter(page) "{_css_string(after)}"'
    boxes = {"outside": (("right", "right"), ("left", "left")), "center": (("right", "center"),
             ("left", "center")), "right": (("right", "right"), ("left", "right")),
             "left": (("right", "left"), ("left", "left"))}[style.page_number.position]
    pages = "".join(
        f"@page :{page} {{ @bottom-{box} {{ {number}; font-size: {size['page_number']}pt; }} }}\n"
        for page, box in boxes)
    weight: dict[str, str] = {role: "bold" if on else "normal" for role, on in style.bold.items()}
    return (
        f"@page {{ size: {style.page.size}; margin: {margins.top}pt {margins.right}pt "
        f"{margins.bottom}pt {margins.left}pt; }}\n{pages}"
        f"html {{ font-size: {size['body']}pt; line-height: {style.line_height}pt; "
        f"letter-spacing: {style.letter_spacing}pt; }}\n"
        f".title, .attachment-title {{ font-size: {size['title']}pt; font-weight: {weight['title']}; }}\n"
        + "".join(f".heading{n} {{ font-size: {size[f'heading{n}']}pt; "
                  f"font-weight: {weight[f'heading{n}']}; }}\n" for n in range(1, 5))
        + f"table.grid {{ font-size: {size['table']}pt; }}\n"
    )


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
