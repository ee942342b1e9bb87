"""The HTML writer: the render context through Jinja templates (autoescaped) to HTML text."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from ..context import Document, signature_offsets
from ..errors import ReportgenError
from ..fonts import FontFile, file_font, font_css
from ..styles import HouseStyle, bytecode_cache, load_style, style_css
from .justify import setter


@cache
def _environment(paths: tuple[Path, ...]) -> jinja2.Environment:
    # House templates come first; "builtin/NAME" always names the built-in template, so that
    # a house report.html.j2 can {% extends "builtin/report.html.j2" %} and override blocks.
    builtin = jinja2.FileSystemLoader(str(paths[-1] / "html"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader([str(p / "html") for p in paths]),
                                    jinja2.PrefixLoader({"builtin": builtin})]),
        autoescape=True,  # input text is data: <, & and quotes come out literally
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
    )


def stylesheets(house: HouseStyle) -> list[markupsafe.Markup]:
    """Return the CSS to apply, in order: fonts, report.css (the first found on the search
    path), the style's figures, then every folder's extra.css from the built-in to the house."""
    paths = house.folders
    base = next(p / "html" / "report.css" for p in paths if (p / "html" / "report.css").is_file())
    extras = [p / "html" / "extra.css" for p in reversed(paths) if (p / "html" / "extra.css").is_file()]
    faces = {path: file_font(path) for path in house.font_files}
    families = frozenset(name for face in faces.values() for name in face.families)
    texts = [_font_faces(faces), font_css(house.style.fonts, families), _read_css(base),
             style_css(house.style), *map(_read_css, extras)]
    # Style sheets come from the template folders, never from input: safe to embed unescaped.
    return [markupsafe.Markup(text) for text in texts if text]


_URL = re.compile(r"""url\(\s*(['"]?)(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^'")]+)\1\s*\)""")


def _read_css(path: Path) -> str:
    """Read a style sheet, making its relative url()s absolute (they name files beside it)."""
    folder = path.parent
    return _URL.sub(lambda m: f'url("{(folder / m.group(2)).resolve().as_uri()}")',
                    path.read_text(encoding="utf-8"))


def _font_faces(faces: dict[Path, FontFile]) -> str:
    # The weight tells the regular and the bold face of a family apart (FandolSong has both).
    return "".join(f'@font-face {{ font-family: "{name}"; src: url("{path.as_uri()}"); '
                   f'font-weight: {"bold" if face.bold else "normal"}; }}\n'
                   for path, face in faces.items() for name in face.families)


def render(doc: Document, house: HouseStyle | None = None) -> str:
    """Return the HTML of a report in a house style (default: the built-in style).

    Raises:
        ReportgenError: a template is broken (with its file and line).
    """
    house = house or load_style()
    sig_right, date_right = signature_offsets(doc.signature, doc.date, house.style.signature.right,
                                              house.style.signature.date_step)
    try:
        template = _environment(house.folders).get_template("report.html.j2")
        return template.render(
            doc=doc, stylesheets=stylesheets(house), justify=setter(house),
            signature={"signature_right": sig_right, "date_right": date_right},
        )
    except jinja2.TemplateSyntaxError as exc:
        raise ReportgenError(f"{exc.filename}:{exc.lineno}: 模板语法错误：{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ReportgenError(f"{_template_line(exc)}模板错误：{exc}") from None


def _template_line(exc: BaseException) -> str:
    """Return ``FILE:LINE: `` of the innermost template frame of a rendering error."""
    frame = exc.__traceback__
    where = ""
    while frame is not None:
        name = frame.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html")):
            where = f"{name}:{frame.tb_lineno}: "
        frame = frame.tb_next
    return where
