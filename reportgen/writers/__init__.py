"""Writers: pure functions from a render context to the bytes of one output format.

:func:`render` is the registry: it knows which writer makes which output kind. Writers never
write files; the pipeline does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReportgenError, UsageError

if TYPE_CHECKING:
    from ..context import Document
    from ..styles import HouseStyle

#: The output kinds ``build --to`` accepts, in the order outputs are written.
OUTPUT_KINDS = ("docx", "pdf", "html")


def check_kinds(kinds: tuple[str, ...]) -> None:
    """Refuse unknown output kinds.

    Raises:
        UsageError: a kind other than docx, pdf, html, or none at all.
    """
    unknown = [k for k in kinds if k not in OUTPUT_KINDS]
    if unknown or not kinds:
        raise UsageError(f"未知的输出格式 {','.join(unknown) or '（空）'}：可用 {','.join(OUTPUT_KINDS)}")


def render(doc: Document, kinds: tuple[str, ...], base: Path,
           house: HouseStyle | None = None) -> dict[str, bytes]:
    """Render one report in memory to each requested kind; nothing is written here.

    Args:
        doc: the render context.
        kinds: output kinds among docx, pdf, html.
        base: the input's folder (reserved: nothing in it is read; a style reads only the
            files of its own folders).
        house: the house style (default: built-in).

    Raises:
        ReportgenError: a character has no glyph in the fonts, or a template fails.
    """
    from ..fonts import missing_glyphs
    from ..styles import load_style
    from . import html as html_writer

    house = house or load_style()
    outputs: dict[str, bytes] = {}
    if "pdf" in kinds:
        missing = missing_glyphs(doc.texts(), house.style.fonts, house.font_files)
        if missing:
            shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing[:20])
            raise ReportgenError(
                f"以下字符在已安装的字体中没有字形，PDF 中会显示为空框：{shown}。请改用常用字，"
                "或安装含这些字符的字体（如 apt-get install fonts-noto-cjk-extra，或放入样式文件夹的 "
                "fonts/）后重试")
    if "pdf" in kinds or "html" in kinds:
        html = html_writer.render(doc, house)
        if "html" in kinds:
            outputs["html"] = html.encode("utf-8")
        if "pdf" in kinds:
            from . import pdf as pdf_writer

            outputs["pdf"] = pdf_writer.render(html, house.html_folder, house.folders)
    if "docx" in kinds:
        from . import docx as docx_writer

        outputs["docx"] = docx_writer.render(doc, house)
    return outputs
