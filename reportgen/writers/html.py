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
            doc=doc, stylesheets=stylesheets(house), justify=setter(house),
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

