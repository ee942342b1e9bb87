"""The HTML writer: the render context through Jinja templates (autoescaped) to HTML text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from ..context import Document, signature_offsets
from ..errors import ReportgenError
from ..styles import bytecode_cache, font_css, search_path


@cache
def _environment(paths: tuple[Path, ...]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p / "html") for p in paths]),
        autoescape=True,  # input text is data: <, & and quotes come out literally
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
    )


def stylesheets(paths: tuple[Path, ...]) -> list[markupsafe.Markup]:
    """Return the CSS texts to apply, built-in first, house styles' extra CSS after."""
    base = next(p / "html" / "report.css" for p in paths if (p / "html" / "report.css").is_file())
    extras = [p / "html" / "extra.css" for p in reversed(paths) if (p / "html" / "extra.css").is_file()]
    # Style sheets come from the template folders, never from input: safe to embed unescaped.
    texts = [font_css(), *(css.read_text(encoding="utf-8") for css in (base, *extras))]
    return [markupsafe.Markup(text) for text in texts]


def render(doc: Document, style_dirs: tuple[Path, ...] = ()) -> str:
    """Return the HTML of a report.

    Raises:
        ReportgenError: a template is broken (with its file and line).
    """
    paths = search_path(style_dirs)
    sig_right, date_right = signature_offsets(doc.signature, doc.date)
    try:
        template = _environment(paths).get_template("report.html.j2")
        return template.render(
            doc=doc, stylesheets=stylesheets(paths),
            signature={"signature_right": sig_right, "date_right": date_right},
        )
    except jinja2.TemplateSyntaxError as exc:
        raise ReportgenError(f"{exc.filename}:{exc.lineno}: 模板语法错误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise ReportgenError(f"模板引用了不存在的变量：{exc.message}") from None
