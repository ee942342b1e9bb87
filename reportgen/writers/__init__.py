"""Writers: pure functions from a render context to the bytes of one output format.

:func:`render` is the registry: it knows which writer makes which output kind. Writers never
write files; the pipeline does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportgenError, UsageError
from .standards import PDF_STANDARDS, check_pdf_standard

__all__ = ["FRAGMENT", "OUTPUT_KINDS", "PDF_STANDARDS", "WEB_FOLDER", "check_kinds",
           "check_pdf_standard", "output_name", "render"]

if TYPE_CHECKING:
    from ..context import Document
    from ..styles import HouseStyle

#: The output kinds ``build --to`` accepts, in the order outputs are written (``xlsx``: the
#: input as a fill-in workbook, the one kind made from the input's data, not the render context).
OUTPUT_KINDS = ("docx", "pdf", "html", "web", "xlsx")
#: The CMS fragment of the web page: not a ``--to`` kind, asked for by ``--web-fragment``.
FRAGMENT = "web-fragment"
#: Where web pages go inside the output folder (with the index page of a batch).
WEB_FOLDER = "web"


def check_kinds(kinds: tuple[str, ...]) -> None:
    """Refuse unknown output kinds.

    Raises:
        UsageError: a kind other than docx, pdf, html, web, xlsx, or none at all; the fragment
            without the web page.
    """
    unknown = [k for k in kinds if k not in (*OUTPUT_KINDS, FRAGMENT)]
    if unknown or not kinds:
        raise UsageError(f"未知的输出格式 {','.join(unknown) or '（空）'}：可用 {','.join(OUTPUT_KINDS)}")
    if FRAGMENT in kinds and "web" not in kinds:
        raise UsageError("--web-fragment 需与 --to web 一起使用，如 --to web --web-fragment")


def output_name(stem: str, kind: str) -> str:
    """Return the path, relative to the output folder, of the ``kind`` output of ``stem``:
    ``STEM.docx`` and the like; web pages and fragments in the ``web/`` folder."""
    if kind == "web":
        return f"{WEB_FOLDER}/{stem}.html"
    if kind == FRAGMENT:
        return f"{WEB_FOLDER}/{stem}.fragment.html"
    return f"{stem}.{kind}"


def render(doc: Document, kinds: tuple[str, ...], base: Path,
           house: HouseStyle | None = None, *, pdf_standard: str | None = None,
           data: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Render one report in memory to each requested kind; nothing is written here.

    Args:
        doc: the render context.
        kinds: output kinds among docx, pdf, html, web and the web fragment.
        base: the input's folder (reserved: nothing in it is read; a style reads only the
            files of its own folders).
        house: the house style (default: built-in).
        pdf_standard: a PDF/A or PDF/UA variant for the PDF (default: a tagged plain PDF).
        data: the input's plain data (the contract's shape), which the workbook is made of.

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
    if "html" in kinds:
        outputs["html"] = html_writer.render(doc, house).encode("utf-8")
    if "pdf" in kinds:
        from . import pdf as pdf_writer

        # The same HTML, its style sheets given apart where they can be, parsed once.
        html, sheets = html_writer.render_for_pdf(doc, house)
        outputs["pdf"] = pdf_writer.render(html, house.html_folder, house.folders,
                                           stylesheets=sheets, standard=pdf_standard)
    if "web" in kinds or FRAGMENT in kinds:
        from . import web

        if "web" in kinds:
            outputs["web"] = web.render(doc, house)
        if FRAGMENT in kinds:
            outputs[FRAGMENT] = web.render(doc, house, fragment=True)
    if "docx" in kinds:
        from . import docx as docx_writer

        outputs["docx"] = docx_writer.render(doc, house)
    if "xlsx" in kinds:
        from ..formats import FORMATS
        from . import workbook

        outputs["xlsx"] = workbook.render(FORMATS[doc.format_id], data or {})
    return outputs
