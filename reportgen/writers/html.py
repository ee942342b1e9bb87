"""The HTML writer: the render context through Jinja templates (autoescaped) to HTML text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
import markupsafe
from jinja2.exceptions import SecurityError

from ..cache import bytecode_cache
from ..confine import confined_css
from ..context import Document, signature_offsets
from ..errors import Finding, InputError, ReportgenError
from ..fonts import FontFile, file_font, font_css
from ..sandbox import ConfinedLoader, UnsafeTemplateError, environment, explain, template_line
from ..styles import HouseStyle, load_style, style_css
from .justify import measurer, setter


@cache
def _environment(paths: tuple[Path, ...]) -> jinja2.Environment:
    # House templates come first; "builtin/NAME" always names the built-in template, so that
    # a house report.html.j2 can {% extends "builtin/report.html.j2" %} and override blocks.
    # Every template is untrusted code in the sandbox, loaded only from the style folders.
    builtin = ConfinedLoader([paths[-1] / "html"])
    loader = jinja2.ChoiceLoader([ConfinedLoader([p / "html" for p in paths]),
                                  jinja2.PrefixLoader({"builtin": builtin})])
    return environment(loader, bytecode_cache())


def stylesheets(house: HouseStyle) -> list[markupsafe.Markup]:
    """Return the CSS to apply, in order: fonts, report.css (the first found on the search
    path), the style's figures, then every folder's extra.css from the built-in to the house."""
    paths = house.folders
    base = next(p / "html" / "report.css" for p in paths if (p / "html" / "report.css").is_file())
    extras = [p / "html" / "extra.css" for p in reversed(paths) if (p / "html" / "extra.css").is_file()]
    faces = {path: file_font(path) for path in house.font_files}
    families = frozenset(name for face in faces.values() for name in face.families)
    texts = [_font_faces(faces), font_css(house.style.fonts, families), _read_css(base, paths),
             style_css(house.style), *(_read_css(extra, paths) for extra in extras)]
    # Style sheets come from the template folders, never from input: safe to embed unescaped.
    return [markupsafe.Markup(text) for text in texts if text]


def _read_css(path: Path, roots: tuple[Path, ...]) -> str:
    """Read a style sheet with its references made absolute (they name files beside it).

    Raises:
        InputError: it refers to a file outside the style folders or to the network.
    """
    text, findings = _confined(path, path.stat().st_mtime_ns, roots)
    if findings:
        raise InputError(findings)
    return text


@cache
def _confined(path: Path, mtime_ns: int, roots: tuple[Path, ...]) -> tuple[str, list[Finding]]:
    del mtime_ns  # part of the key: an edited sheet is read again
    return confined_css(path, roots)  # parsing takes ~4 ms, more than the rest of the HTML


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
    return _render(doc, house, stylesheets(house))


#: Markers rendered in place of the style sheets by :func:`render_for_pdf`: input text cannot
#: produce them (``<`` is escaped), so finding them means the template placed the sheets.
_MARK = "<reportgen-sheet {}>"
#: What, left in the document or in a sheet, makes the cascade depend on the sheets being in
#: the document (their order among other sheets, ``!important`` against inline styles) or on
#: document-wide state that a sheet parsed on its own would not share (counter styles, layers).
_IN_DOCUMENT = ("<style", "<link", "!important")
_SHARED_RULES = ("@counter-style", "@color-profile", "@layer", "@import")


def render_for_pdf(doc: Document, house: HouseStyle | None = None) -> tuple[str, tuple[str, ...]]:
    """Return the HTML of a report for the PDF writer, and the style sheets to apply to it.

    When the template puts the style sheets in the head as the built-in one does, they are left
    out of the HTML and returned, so that the PDF writer applies them parsed once per process
    (WeasyPrint would parse them again for every document). Applied that way they come after
    the document's own styles (as "user" style sheets), which gives the same cascade only when
    the document has no other style sheets and no ``!important``: otherwise, and for a house
    template that places the sheets elsewhere, the sheets stay in the HTML and none is returned.

    Raises:
        ReportgenError: a template is broken (with its file and line).
    """
    house = house or load_style()
    sheets = stylesheets(house)
    marks = [markupsafe.Markup(_MARK.format(i)) for i in range(len(sheets))]
    text = _render(doc, house, marks)
    block = "".join(f"\n<style>{mark}</style>" for mark in marks)
    rest = text.replace(block, "", 1)
    if (block in text and not any(word in rest.lower() for word in _IN_DOCUMENT)
            and not any(rule in sheet.lower() for sheet in sheets for rule in _SHARED_RULES)):
        return rest, tuple(str(sheet) for sheet in sheets)
    return _render(doc, house, sheets), ()


def _render(doc: Document, house: HouseStyle, sheets: list[markupsafe.Markup]) -> str:
    style = house.style
    advance = measurer(style.fonts["body"], house.font_files)
    spacing = style.letter_spacing / style.sizes["body"]  # in ems, after every character

    def width(text: str) -> float:
        return sum(advance(char) + spacing for char in text)

    sig_right, date_right = signature_offsets(doc.signature, doc.date, style.signature.right,
                                              style.signature.date_step, width)
    try:
        template = _environment(house.folders).get_template("report.html.j2")
        return template.render(
            doc=doc, stylesheets=sheets, justify=setter(house),
            signature={"signature_right": sig_right, "date_right": date_right},
        )
    except SecurityError as exc:
        file, line = template_line(exc) or (str(house.html_folder / "report.html.j2"), 0)
        raise UnsafeTemplateError(file, line, explain(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportgenError(f"{exc.filename}:{exc.lineno}: 模板语法错误：{exc.message}") from None
    except jinja2.TemplateError as exc:
        where = template_line(exc)
        prefix = f"{where[0]}:{where[1]}: " if where else ""
        raise ReportgenError(f"{prefix}模板错误：{exc}") from None

