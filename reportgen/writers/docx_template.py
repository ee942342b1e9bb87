"""Builds the Word template ``templates/docx/report.docx`` from the format definitions.

Run by ``scripts/make_docx_template.py``; the result is committed so nobody needs Word, yet a
person may open it in Word/WPS and restyle it. The look lives in Word styles (fonts with
``w:eastAsia``, sizes, indents, line spacing); the official tables are drawn once per format
with their exact merges and one ``{{ }}`` placeholder per cell; the text comes from the render
context, so the labels exist only in :mod:`reportgen.formats`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..context import Document as RenderDocument
from ..context import build
from ..formats import FORMATS
from ..grid import Grid, placements
from ..models import report_model
from ..styles import Style, load_style
from .docx_clean import clean_package
from .justify import PAPER_MM
from .ooxml import package, table_key


def word_styles(style: Style) -> dict[str, tuple[str, float, bool, str, int, bool]]:
    """Word style name → (font, size pt, bold, alignment, first-line indent chars, exact line
    spacing), from a reportgen style. Word takes one font name: the first of each list."""
    font = {str(k): v for k, v in style.fonts.items()}
    size = {str(k): v for k, v in style.sizes.items()}
    bold = {str(k): v for k, v in style.bold.items()}
    return {
        "Normal": (font["body"][0], size["body"], False, "justify", 2, True),
        "Title": (font["title"][0], size["title"], bold["title"], "center", 0, False),
        **{f"Heading {n}": (font[f"heading{n}"][0], size[f"heading{n}"], bold[f"heading{n}"],
                            "left", 2, True) for n in range(1, 5)},
        "表格文字": (font["table"][0], size["table"], False, "center", 0, False),
        "表格标签": (font["table"][0], size["table"], False, "left", 0, False),
        "落款": (font["body"][0], size["body"], False, "right", 0, True),
        "页码": (font["page_number"][0], size["page_number"], False, "right", 0, False),
        "附件标记": (font["heading1"][0], size["heading1"], bold["heading1"], "left", 0, True),
        "附件标题": (font["title"][0], size["title"], bold["title"], "center", 0, False),
    }


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
#: The tables drawn in the template, by (format, grid name).
TABLES = (("gov2021", "active"), ("gov2019", "active"), ("gov2021", "applications"),
          ("gov2019", "applications"), ("gov2021", "reviews"), ("legacy", "statistics"))


def sample_document(format_id: str) -> RenderDocument:
    """Return the render context of an all-zero report, for the shapes of the tables."""
    fmt = FORMATS[format_id]
    data: dict[str, Any] = {"year": fmt.years[0], "agency": "-", "format": format_id,
                            "sections": [{"title": "-", "text": "-"}], "statistics": {}}
    data |= {s.key: "-" if s.kind.value == "narrative" else {} for s in fmt.sections}
    if not fmt.statistics:
        del data["sections"], data["statistics"]
    return build(fmt, report_model(format_id).model_validate(data))


def grids(format_id: str) -> dict[str, Grid]:
    """Return the grids of a format by name."""
    doc = sample_document(format_id)
    found = {b.grid.name: b.grid for s in doc.sections for b in s.blocks if b.grid}
    found |= {a.grid.name: a.grid for a in doc.attachments if a.grid}
    return found


def make_template(style: Style | None = None) -> bytes:
    """Return the bytes of the Word template for a style (default: the built-in style)."""
    style = style or load_style().style
    document = docx.Document()
    _styles(document, style)
    _page_setup(document, style)
    body = document
    _par(body, "{%p for line in doc.title_lines %}")
    _par(body, "{{ line }}", "Title")
    _par(body, "{%p endfor %}")
    _par(body, "")  # one blank line below the title
    _par(body, "{%p for text in doc.preface %}")
    _par(body, "{{ text }}")
    _par(body, "{%p endfor %}")
    _par(body, "{%p for section in doc.sections %}")
    _par(body, "{{ section.heading }}", "Heading 1")
    _par(body, "{%p for block in section.blocks %}")
    _par(body, "{%p if block.kind == 'paragraph' and block.lead %}")
    _run_in(_par(body, "{{ block.lead }}"), style)
    _par(body, "{%p elif block.kind == 'paragraph' %}")
    _par(body, "{{ block.text }}")
    for level in (2, 3, 4):
        _par(body, f"{{%p elif block.kind == 'heading{level}' %}}")
        _par(body, "{{ block.text }}", f"Heading {level}")
    for format_id, name in TABLES:
        if name == "statistics":
            continue
        condition = f"block.grid.name == '{name}'"
        if name != "reviews":
            condition += f" and doc.format_id == '{format_id}'"
        _par(body, f"{{%p elif {condition} %}}")
        _table(document, grids(format_id)[name], table_key(name, format_id))
    _par(body, "{%p endif %}")
    _par(body, "{%p endfor %}")
    _par(body, "{%p endfor %}")
    _par(body, "{%p for text in doc.attachment_note %}")
    _par(body, "{{ text }}")
    _par(body, "{%p endfor %}")
    _par(body, "{%p if doc.signature %}")
    _par(body, "", "落款")
    _signature(_par(body, "{{ doc.signature }}", "落款"), "signature.signature_right",
               style.sizes["body"])
    _par(body, "{%p if doc.date %}")
    _signature(_par(body, "{{ doc.date }}", "落款"), "signature.date_right", style.sizes["body"])
    _par(body, "{%p endif %}")
    _par(body, "{%p endif %}")
    _par(body, "{%p for attachment in doc.attachments %}")
    _par(body, "{{ attachment.label }}", "附件标记")
    _par(body, "", "Normal")
    _par(body, "{{ attachment.title }}", "附件标题")
    _par(body, "{%p for text in attachment.paragraphs %}")
    _par(body, "{{ text }}")
    _par(body, "{%p endfor %}")
    _par(body, "{%p if attachment.grid %}")
    _table(document, grids("legacy")["statistics"], table_key("statistics", "legacy"))
    _par(body, "{%p endif %}")
    _par(body, "{%p endfor %}")
    _core(document)
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:  # fixed timestamps
        parts = tuple((info.filename, archive.read(info)) for info in archive.infolist())
    section = document.sections[0]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None  # set by _page_setup
    text_width = (width - left - right) / 12700  # EMU to points
    fonts = tuple(dict.fromkeys(spec[0] for spec in word_styles(style).values()))
    # Line heights the PDF's report.css gives the title (1.45) and table text (1.35), exact in
    # Word too, so that every office suite stacks titles and table rows as the PDF does.
    lines = {"Title": 1.45 * style.sizes["title"], "附件标题": 1.45 * style.sizes["title"],
             "表格文字": 1.35 * style.sizes["table"], "表格标签": 1.35 * style.sizes["table"]}
    parts = clean_package(parts, fonts=fonts, line_pitch=style.line_height,
                          body_size=style.sizes["body"], text_width=text_width, lines=lines)
    return package(parts, {}, dt.datetime(2020, 1, 1))




def _page_setup(document: Any, style: Style) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    size = style.page.size
    width, height = PAPER_MM.get(size) or tuple(float(v[:-2]) for v in size.split())
    section.page_width, section.page_height = Mm(width), Mm(height)
    margins = style.page.margins
    section.top_margin, section.bottom_margin = Pt(margins.top), Pt(margins.bottom)
    section.left_margin, section.right_margin = Pt(margins.left), Pt(margins.right)
    # The page number stands about 7 mm below the text block.
    section.footer_distance = max(Pt(margins.bottom) - Mm(14), Mm(5))
    section.header_distance = Mm(15)
    document.settings.odd_and_even_pages_header_footer = True
    sides = {"outside": ("right", "left"), "center": ("center", "center"),
             "right": ("right", "right"), "left": ("left", "left")}[style.page_number.position]
    before, _, after = style.page_number.format.partition("{page}")
    for footer, side in zip((section.footer, section.even_page_footer), sides, strict=True):
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["页码"]
        paragraph.alignment = _ALIGN[side]
        if side != "center":
            ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
            ind.set(qn(f"w:{side}Chars"), "100")  # one character in from the edge
            # LibreOffice reads only the absolute indent: give both (Word prefers *Chars).
            ind.set(qn(f"w:{side}"), str(round(style.sizes["page_number"] * 20)))
        if before:
            paragraph.add_run(before)
        _page_field(paragraph)
        if after:
            paragraph.add_run(after)


def _page_field(paragraph: Any) -> None:
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._r.append(element)
        else:
            run.text = text


def _styles(document: Any, house: Style) -> None:
    styles = document.styles
    line = Pt(house.line_height)
    for name, (font, size, bold, align, indent, exact) in word_styles(house).items():
        style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name not in ("Normal",):
            style.base_style = styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = None
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in list(fonts.attrib):  # theme fonts would override the names below
            del fonts.attrib[attribute]
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{script}"), font)
        color = rpr.find(qn("w:color"))
        if color is not None:
            rpr.remove(color)
        ppr = style.element.get_or_add_pPr()
        for tag in ("w:pBdr", "w:contextualSpacing"):  # the built-in Title has a rule below
            found = ppr.find(qn(tag))
            if found is not None:
                ppr.remove(found)
        if name == "Normal":  # 公文 put no extra space between Chinese and Latin or digits
            for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
                element = OxmlElement(tag)
                element.set(qn("w:val"), "0")
                _insert_in_order(ppr, element, _PPR_AFTER_AUTOSPACE)
        paragraph = style.paragraph_format
        paragraph.alignment = _ALIGN[align]
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(0)
        if exact:
            paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.line_spacing = line
        else:
            paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE
        ind = style.element.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(indent * 100))
        ind.set(qn("w:firstLine"), str(int(indent * size * 20)))
        if name.startswith("Heading") or name == "附件标记":
            paragraph.keep_with_next = True
    styles["附件标记"].paragraph_format.page_break_before = True


def _par(container: Any, text: str, style: str = "Normal") -> Any:
    return container.add_paragraph(text, style=style)


def _run_in(paragraph: Any, style: Style) -> None:
    """A run-in sub-heading: its run in the level-2 heading's font, the text after it in the
    paragraph's own (body) font."""
    (lead,) = paragraph.runs
    font = style.fonts["heading2"][0]
    fonts = lead._r.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    lead.font.size = Pt(style.sizes["heading2"])
    lead.bold = style.bold["heading2"]
    paragraph.add_run("{{ block.rest }}")


def _signature(paragraph: Any, variable: str, size: float) -> None:
    # The right indent (in hundredths of a character) is computed per report by the context.
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:rightChars"), _expression(f"({variable} * 100) | int"))
    # LibreOffice ignores rightChars: the same indent in twips of a body character.
    ind.set(qn("w:right"), _expression(f"({variable} * {round(size * 20)}) | int"))


# Word validates child order (ECMA-376 CT_PPrBase, CT_TblPr): these must come after.
_PPR_AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                        "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                        "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                        "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                        "w:pPrChange")


def _insert_in_order(parent: Any, element: Any, successors: tuple[str, ...]) -> None:
    """Insert ``element`` before the first child named in ``successors`` (schema order)."""
    names = {qn(name) for name in successors}
    for child in parent:
        if child.tag in names:
            child.addprevious(element)
            return
    parent.append(element)


def _expression(code: str) -> str:
    """Return a Jinja print tag for ``code`` (kept apart from f-strings' own braces)."""
    return "{{ " + code + " }}"


def _table(document: Any, grid: Grid, key: str) -> None:
    """Draw ``grid`` with its merges; every cell holds ``{{ tables.KEY[r][c] }}``."""
    rows = len(grid.header) + len(grid.body)
    table = document.add_table(rows=rows, cols=grid.columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(grid.widths)
    width = Mm(156)
    for index, column in enumerate(table.columns):
        column.width = int(width * grid.widths[index] / total)
    for r, c, index, cell in placements(grid):
        origin = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            origin = origin.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        origin.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = origin.paragraphs[0]
        paragraph.text = _expression(f"tables.{key}[{r}][{index}]")
        paragraph.style = document.styles["表格标签" if cell.kind == "label" else "表格文字"]
        if cell.indent:
            paragraph.paragraph_format.left_indent = Pt(10.5 * cell.indent)
    margins = OxmlElement("w:tblCellMar")  # narrow cells: table 四 has fifteen columns
    # 2 pt above and below as in the PDF (report.css), in schema order.
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "40")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _insert_in_order(table._tbl.tblPr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))
    keep = _kept_rows(grid)
    for r, row in enumerate(table.rows):
        if r < keep:  # Word and LibreOffice keep a row with the next by its paragraphs
            for cell in row._tr.iter(qn("w:p")):
                cell.get_or_add_pPr().keepNext_val = True
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # no row split across pages
        if r < len(grid.header):
            tr_pr.append(OxmlElement("w:tblHeader"))  # header rows repeat on each page


def _kept_rows(grid: Grid) -> int:
    """How many leading rows keep with the next one, as in the PDF (report.css): tables 二
    and 四 whole; table 三 never starting with fewer than five body rows; others only their
    header rows (which repeat on every page)."""
    rows = len(grid.header) + len(grid.body)
    if grid.name in ("active", "reviews"):
        return rows - 1
    if grid.name == "applications":
        return min(len(grid.header) + 5, rows - 1)
    return len(grid.header)


def _core(document: Any) -> None:
    properties = document.core_properties
    properties.title = "政府信息公开工作年度报告模板"
    properties.author = "reportgen"
    properties.comments = "由 scripts/make_docx_template.py 生成；可在 Word/WPS 中修改样式，请勿改动双花括号标记"


def write(path: Path) -> None:
    """Write the template to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(make_template())
