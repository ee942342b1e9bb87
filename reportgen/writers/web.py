"""The web writer: one self-contained, accessible HTML page per report for a 政府信息公开专栏.

Unlike the HTML writer (the print source of the PDF, fixed A4 pages), this page flows: it is
read on phones and by screen readers, so every table cell says which header cells describe it
(``<th scope>`` and ``headers``), and wide tables scroll sideways inside a focusable region
instead of shrinking. It embeds its CSS and needs no script, font or image from anywhere.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from ..cache import bytecode_cache
from ..context import Document
from ..errors import ReportgenError
from ..formats import REPORT_SUBJECT
from ..grid import Cell, Grid, placements
from ..sandbox import ConfinedLoader, environment
from ..styles import HouseStyle, load_style

#: The class every selector of the page's CSS is scoped to (the fragment lives in a CMS page).
ROOT_CLASS = "rg-report"


@dataclass(frozen=True)
class WebCell:
    """One physical cell as the page writes it: its tag and accessibility attributes."""

    cell: Cell
    tag: str  # th or td
    id: str = ""
    scope: str = ""  # col, colgroup, row, rowgroup (th only)
    headers: str = ""  # ids of the header cells describing a td, space separated


@dataclass(frozen=True)
class WebTable:
    """A grid with each cell's tag and header associations worked out."""

    id: str
    caption: str
    grid: Grid
    head: tuple[tuple[WebCell, ...], ...]
    body: tuple[tuple[WebCell, ...], ...]

    @property
    def widths(self) -> tuple[str, ...]:
        """Each column's share of the table width, as CSS percentages."""
        total = sum(self.grid.widths)
        return tuple(f"{100 * w / total:.2f}%" for w in self.grid.widths)


@dataclass(frozen=True)
class IndexEntry:
    """One report listed on the index page of a batch."""

    title: str
    agency: str
    year: int
    href: str


def web_table(grid: Grid, caption: str, table_id: str) -> WebTable:
    """Return ``grid`` with its header cells (``th``) and each data cell's ``headers``.

    A run of rows holding only labels and column headers (the grid's header rows, or a block
    heading and its column labels inside table 二) heads the rows below it, column by column.
    Row labels (``label`` cells) of data rows are row headers for the cells to their right.
    """
    rows = (*grid.header, *grid.body)
    placed = placements(grid)
    by_row: dict[int, list[tuple[int, int, Cell]]] = {}
    for r, c, _, cell in placed:
        by_row.setdefault(r, []).append((r, c, cell))
    header_rows = {r for r in range(len(rows))
                   if r < len(grid.header) or all(cell.kind in ("label", "head") for cell in rows[r])}
    ident = {(r, c): f"{table_id}-r{r + 1}c{c + 1}" for r, c, _, _ in placed}
    # Column headers in force for each data row: those of the nearest run of header rows.
    run: list[tuple[int, int, Cell]] = []
    heads: dict[int, list[tuple[int, int, Cell]]] = {}
    previous_was_header = False
    for r in range(len(rows)):
        if r in header_rows:
            run = run + by_row[r] if previous_was_header else list(by_row[r])
            previous_was_header = True
        else:
            heads[r] = run
            previous_was_header = False
    headers: dict[tuple[int, int], list[str]] = {}
    for r, c, _, cell in placed:
        if r in header_rows:
            continue
        columns = range(c, c + cell.colspan)
        found = [(hr, hc) for hr, hc, h in heads[r]
                 if any(hc <= col < hc + h.colspan for col in columns)]
        if cell.kind != "label":  # a row label is described by its column headers only
            found += [(lr, lc) for lr, lc, _, label in placed
                      if lr not in header_rows and label.kind == "label" and lc < c
                      and lr <= r < lr + label.rowspan]
        headers[(r, c)] = [ident[key] for key in found]

    def web_cell(r: int, c: int, cell: Cell) -> WebCell:
        if r in header_rows:
            return WebCell(cell, "th", ident[(r, c)], "colgroup" if cell.colspan > 1 else "col")
        if cell.kind == "label":
            return WebCell(cell, "th", ident[(r, c)], "rowgroup" if cell.rowspan > 1 else "row",
                           " ".join(headers.get((r, c), ())))
        return WebCell(cell, "td", headers=" ".join(headers.get((r, c), ())))

    cells = [tuple(web_cell(r, c, cell) for r, c, cell in by_row[r]) for r in range(len(rows))]
    split = len(grid.header)
    return WebTable(table_id, caption, grid, tuple(cells[:split]), tuple(cells[split:]))


def tables(doc: Document) -> dict[str, WebTable]:
    """Return the page's tables keyed by their grid's name (each table occurs once in a
    report), captioned by their section's heading or the attachment's title."""
    out: dict[str, WebTable] = {}
    for section in doc.sections:
        for block in section.blocks:
            if block.grid is not None:
                out[block.grid.name] = web_table(block.grid, section.heading, f"rg-t{len(out) + 1}")
    for attachment in doc.attachments:
        if attachment.grid is None:
            continue
        out[attachment.grid.name] = web_table(attachment.grid, attachment.title,
                                              f"rg-t{len(out) + 1}")
    return out


@cache
def _environment(paths: tuple[Path, ...]) -> jinja2.Environment:
    # As in the HTML writer: house folders first, "builtin/NAME" always the built-in template;
    # every template is untrusted code in the sandbox, loaded only from the style folders.
    builtin = ConfinedLoader([paths[-1] / "web"])
    loader = jinja2.ChoiceLoader([ConfinedLoader([p / "web" for p in paths]),
                                  jinja2.PrefixLoader({"builtin": builtin})])
    return environment(loader, bytecode_cache())


def stylesheet(house: HouseStyle) -> markupsafe.Markup:
    """Return the page's CSS: the first web.css on the search path, then every folder's
    web/extra.css from the built-in to the house (template folders only, never input).

    The page must stand alone, so a file a style sheet names by a relative ``url()`` (a logo
    beside it) is embedded as a ``data:`` URL, and any other ``url()`` is refused.

    Raises:
        ReportgenError: a style sheet names a file outside its folder, or on the network.
    """
    paths = house.folders
    base = next(p / "web" / "web.css" for p in paths if (p / "web" / "web.css").is_file())
    extras = [p / "web" / "extra.css" for p in reversed(paths) if (p / "web" / "extra.css").is_file()]
    return markupsafe.Markup("\n".join(map(_embedded_css, (base, *extras))))


_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""")


def _embedded_css(path: Path) -> str:
    folder = path.parent.resolve()

    def embed(match: re.Match[str]) -> str:
        target = (folder / match.group(2)).resolve()
        if match.group(2).startswith("data:"):
            return match.group(0)
        if ":" in match.group(2) or not target.is_relative_to(folder) or not target.is_file():
            raise ReportgenError(f"{path}: 网页须自成一体，样式表只能引用其所在文件夹中的文件，"
                                 f"不能引用 {match.group(2)}")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return f'url("data:{kind};base64,{base64.b64encode(target.read_bytes()).decode()}")'

    return _URL.sub(embed, path.read_text(encoding="utf-8"))


def _render(house: HouseStyle, name: str, **values: object) -> bytes:
    try:
        template = _environment(house.folders).get_template(name)
        return template.render(css=stylesheet(house), root_class=ROOT_CLASS, **values).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise ReportgenError(f"{exc.filename}:{exc.lineno}: 模板语法错误：{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ReportgenError(f"模板错误：{exc}") from None


def render(doc: Document, house: HouseStyle | None = None, *, fragment: bool = False) -> bytes:
    """Return the web page of a report (UTF-8), or with ``fragment`` only its body part: the
    style sheet and one ``<article>``, for pasting into a CMS page.

    Raises:
        ReportgenError: a template is broken.
    """
    house = house or load_style()
    return _render(house, "fragment.html.j2" if fragment else "page.html.j2",
                   doc=doc, tables=tables(doc))


def render_index(entries: list[IndexEntry], house: HouseStyle | None = None) -> bytes:
    """Return the index page of a batch: one link per report, by agency and year.

    Raises:
        ReportgenError: a template is broken.
    """
    ordered = sorted(entries, key=lambda e: (e.agency, -e.year, e.href))
    return _render(house or load_style(), "index.html.j2", entries=ordered, heading=REPORT_SUBJECT)
