"""Turns python-docx's package into a clean current-Word, Chinese document (issue 14).

python-docx starts every document from its own default template: Word 2010 compatibility mode
(Word opens it in 兼容模式), a thumbnail of an empty English page, Chinese text tagged as
English and East-Asian theme fonts chosen for Japanese, and table cells that all claim one
equal width whatever the column grid says. LibreOffice follows the grid, Word and WPS the cell
widths, so the tables would differ by office suite. Each function here fixes one part.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_THUMBNAIL = "docProps/thumbnail.jpeg"
#: Character set 86 is GB2312 in the font table: Word then knows these are Chinese fonts.
_CHINESE_CHARSET = "86"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def clean_package(parts: tuple[tuple[str, bytes], ...], *, fonts: tuple[str, ...],
                  line_pitch: float, body_size: float, text_width: float,
                  chars_per_line: int = 28, lines: dict[str, float] | None = None
                  ) -> tuple[tuple[str, bytes], ...]:
    """Return the parts of a DOCX with every fix of this module applied.

    Args:
        parts: the package's (name, bytes) in order.
        fonts: the font names the styles use (written into the font table).
        line_pitch: the line grid's pitch in points (28.95 pt: 22 lines a page).
        body_size: the body text size in points (the grid's reference character).
        text_width: the text block's width in points.
        chars_per_line: characters per full line of the document grid.
        lines: exact line heights (pt) by style name (``Title``, ``表格文字``…).
    """
    def document(root: Any) -> None:
        _fit_cells(root, round(text_width * 20))
        _document_grid(root, line_pitch)

    def styles(root: Any) -> None:
        _defaults(root, body_size)
        _character_spacing(root, body_size, text_width, chars_per_line)
        _exact_lines(root, lines or {})

    fixes: dict[str, Callable[[Any], None]] = {
        "word/document.xml": document,
        "word/settings.xml": _settings,
        "word/styles.xml": styles,
        "word/stylesWithEffects.xml": styles,
        "word/theme/theme1.xml": _theme,
        "word/fontTable.xml": lambda root: _font_table(root, fonts),
        "_rels/.rels": _drop_thumbnail_relation,
    }
    out = []
    for name, data in parts:
        if name == _THUMBNAIL:
            continue
        if name in fixes:
            root = etree.fromstring(data)
            fixes[name](root)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((name, data))
    return tuple(out)


def _fit_cells(root: Any, total: int) -> None:
    """Scale every table's grid to ``total`` twips (the text width) and make each cell's width
    the sum of the grid columns it spans, so that every office suite lays it out the same way."""
    for table in root.iter(_w("tbl")):
        grid = list(table.find(_w("tblGrid")))
        columns = _scaled([int(col.get(_w("w"))) for col in grid], total)
        for col, value in zip(grid, columns, strict=True):
            col.set(_w("w"), str(value))
        width = table.find(f"{_w('tblPr')}/{_w('tblW')}")
        if width is not None:
            width.set(_w("type"), "dxa")
            width.set(_w("w"), str(sum(columns)))
        for row in table.iterchildren(_w("tr")):
            position = 0
            for cell in row.iterchildren(_w("tc")):
                properties = cell.find(_w("tcPr"))
                span_element = properties.find(_w("gridSpan")) if properties is not None else None
                span = int(span_element.get(_w("val"))) if span_element is not None else 1
                cell_width = properties.find(_w("tcW")) if properties is not None else None
                if cell_width is not None:
                    cell_width.set(_w("type"), "dxa")
                    cell_width.set(_w("w"), str(sum(columns[position:position + span])))
                position += span


def _scaled(widths: list[int], total: int) -> list[int]:
    """Scale integer widths to sum to ``total`` exactly (largest remainders get the rest)."""
    exact = [w * total / sum(widths) for w in widths]
    out = [int(x) for x in exact]
    by_remainder = sorted(range(len(widths)), key=lambda i: out[i] - exact[i])
    for index in by_remainder[:total - sum(out)]:
        out[index] += 1
    return out


def cell_widths(root: Any) -> list[tuple[int, list[tuple[int, int]]]]:
    """Return, per table, its grid total and each cell's (tcW, sum of its grid columns):
    the check that :func:`_fit_cells` did its work (used by the tests)."""
    out = []
    for table in root.iter(_w("tbl")):
        columns = [int(col.get(_w("w"))) for col in table.find(_w("tblGrid"))]
        pairs = []
        for row in table.iterchildren(_w("tr")):
            position = 0
            for cell in row.iterchildren(_w("tc")):
                span_element = cell.find(f"{_w('tcPr')}/{_w('gridSpan')}")
                span = int(span_element.get(_w("val"))) if span_element is not None else 1
                width = cell.find(f"{_w('tcPr')}/{_w('tcW')}")
                pairs.append((int(width.get(_w("w"))) if width is not None else -1,
                              sum(columns[position:position + span])))
                position += span
        out.append((sum(columns), pairs))
    return out


def _document_grid(root: Any, line_pitch: float) -> None:
    """Set the 公文 line grid: lines ``line_pitch`` apart (22 a page).

    Characters are not put on a grid (``linesAndChars``): LibreOffice gives every character
    wider than the grid pitch two cells, halving the line. The 28 characters a line come from
    the character width instead (:func:`_character_spacing`), which every consumer honours.
    """
    for grid in root.iter(_w("docGrid")):
        grid.attrib.clear()
        grid.set(_w("type"), "lines")
        grid.set(_w("linePitch"), str(round(line_pitch * 20)))


#: CT_RPr children that must come after w:spacing (ECMA-376 schema order).
_AFTER_SPACING = ("w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
                  "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
                  "specVanish", "oMath")


def _character_spacing(root: Any, body_size: float, text_width: float,
                       chars_per_line: int) -> None:
    """Narrow body-size paragraph styles' characters so that ``chars_per_line`` fill a line
    (16 pt characters: 27.6 a line, so Word would set 27); other sizes keep their width.

    The characters are scaled (``w:w``, Word's 字符缩放: 98 %), not spaced closer: with a
    negative ``w:spacing`` LibreOffice 7.4 draws no glyph for some full-width commas that
    hang at a line end (3 of the 2019 sample's; none with spacing 0). Word counts the scale
    in whole percent: rounded down so the last character still fits.
    """
    scale = math.floor(100 * text_width / chars_per_line / body_size)
    for style in root.iterchildren(_w("style")):
        if style.get(_w("type")) != "paragraph":
            continue
        run = style.find(_w("rPr"))
        if run is None:
            continue
        size = run.find(_w("sz"))
        body = size is not None and int(size.get(_w("val"))) == round(body_size * 2)
        element = run.find(_w("spacing"))
        if element is None:
            element = etree.Element(_w("spacing"))
            successor = next((child for child in run if child.tag in
                              {_w(name) for name in _AFTER_SPACING}), None)
            if successor is None:
                run.append(element)
            else:
                successor.addprevious(element)
        element.set(_w("val"), "0")
        width = run.find(_w("w"))
        if width is not None:
            run.remove(width)
        if body and scale < 100:
            width = etree.Element(_w("w"))
            width.set(_w("val"), str(scale))
            element.addnext(width)  # w:w follows w:spacing in the schema order


def _exact_lines(root: Any, lines: dict[str, float]) -> None:
    """Give the named paragraph styles an exact line height (Word's "single" spacing is the
    font's own ascent plus descent, which differs between fonts and office suites)."""
    for style in root.iterchildren(_w("style")):
        name = style.find(_w("name"))
        height = lines.get(name.get(_w("val")) if name is not None else "")
        spacing = style.find(f"{_w('pPr')}/{_w('spacing')}")
        if height is not None and spacing is not None:
            spacing.set(_w("line"), str(round(height * 20)))
            spacing.set(_w("lineRule"), "exact")
            # Off the document's line grid, or LibreOffice puts every table line on it.
            snap = etree.Element(_w("snapToGrid"))
            snap.set(_w("val"), "0")
            spacing.addprevious(snap)


def finish_document(data: bytes) -> bytes:
    """Return a rendered ``word/document.xml`` with the fixes that depend on its content."""
    root = etree.fromstring(data)
    keep_with_signature(root)
    space_around_tables(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def keep_with_signature(root: Any) -> None:
    """Keep the last text paragraph before the signature on the signature's page (GB/T 9704
    §7.3.5: the signature is never alone on a page): it and the blank line before the
    signature get "keep with next", the signature keeps with its date."""
    body = root.find(_w("body"))
    paragraphs = list(body.iterchildren(_w("p"))) if body is not None else []
    closing = [n for n, p in enumerate(paragraphs) if _style_of(p) == "落款"]
    if not closing:
        return
    for paragraph in paragraphs[max(closing[0] - 1, 0):closing[-1]]:
        properties = paragraph.find(_w("pPr"))
        if properties is None:
            properties = etree.SubElement(paragraph, _w("pPr"))
            paragraph.insert(0, properties)
        if properties.find(_w("keepNext")) is None:
            keep = etree.Element(_w("keepNext"))
            style = properties.find(_w("pStyle"))
            if style is not None:
                style.addnext(keep)
            else:
                properties.insert(0, keep)


#: CT_PPrBase children that come after w:spacing (ECMA-376 schema order).
_AFTER_PARAGRAPH_SPACING = ("ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
                            "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def space_around_tables(root: Any, before: float = 8.0, after: float = 16.0) -> None:
    """Half a line above each table and a line below it, as the PDF has (report.css)."""
    body = root.find(_w("body"))
    for table in body.iterchildren(_w("tbl")) if body is not None else ():
        previous, following = table.getprevious(), table.getnext()
        if previous is not None and previous.tag == _w("p"):
            _spacing(previous).set(_w("after"), str(round(before * 20)))
        if following is not None and following.tag == _w("p"):
            _spacing(following).set(_w("before"), str(round(after * 20)))


def _spacing(paragraph: Any) -> Any:
    """Return a paragraph's own w:spacing, created in schema order when missing."""
    properties = paragraph.find(_w("pPr"))
    if properties is None:
        properties = etree.Element(_w("pPr"))
        paragraph.insert(0, properties)
    spacing = properties.find(_w("spacing"))
    if spacing is None:
        spacing = etree.Element(_w("spacing"))
        successor = next((child for child in properties if child.tag in
                          {_w(name) for name in _AFTER_PARAGRAPH_SPACING}), None)
        if successor is None:
            properties.append(spacing)
        else:
            successor.addprevious(spacing)
    return spacing


def _style_of(paragraph: Any) -> str | None:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val")) if style is not None else None


def _settings(root: Any) -> None:
    for setting in root.iter(_w("compatSetting")):
        if setting.get(_w("name")) == "compatibilityMode":
            setting.set(_w("val"), "15")  # Word 2013 and later: no 兼容模式
    for preview in root.findall(_w("savePreviewPicture")):
        root.remove(preview)
    for language in root.iter(_w("themeFontLang")):
        language.set(_w("val"), "en-US")
        language.set(_w("eastAsia"), "zh-CN")


def _defaults(root: Any, body_size: float) -> None:
    """Tag text as Chinese, and make the default size the body size (Word's reference
    character for indents given in characters)."""
    run = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    if run is None:
        return
    for language in run.iter(_w("lang")):
        language.set(_w("eastAsia"), "zh-CN")
    for tag in ("sz", "szCs"):
        for size in run.iter(_w(tag)):
            size.set(_w("val"), str(round(body_size * 2)))


def _theme(root: Any) -> None:
    """Chinese East-Asian theme fonts (the default theme falls back to Japanese ones)."""
    for kind, face in (("majorFont", "黑体"), ("minorFont", "宋体")):
        for font in root.iter(f"{{{_A}}}{kind}"):
            ea = font.find(f"{{{_A}}}ea")
            if ea is not None:
                ea.set("typeface", face)
            for script in font.iterchildren(f"{{{_A}}}font"):
                if script.get("script") == "Hans":
                    script.set("typeface", face)


def _font_table(root: Any, fonts: tuple[str, ...]) -> None:
    """List the Chinese fonts the styles use, marked GB2312, so Word substitutes sensibly."""
    known = {font.get(_w("name")) for font in root.iterchildren(_w("font"))}
    for name in fonts:
        if name in known:
            continue
        font = etree.SubElement(root, _w("font"))
        font.set(_w("name"), name)
        for tag, value in (("charset", _CHINESE_CHARSET), ("family", "modern"),
                           ("pitch", "fixed")):
            etree.SubElement(font, _w(tag)).set(_w("val"), value)
        known.add(name)


def _drop_thumbnail_relation(root: Any) -> None:
    for relation in list(root):
        if relation.get("Target") == _THUMBNAIL:
            root.remove(relation)
