"""The PDF reader: a PDF with a text layer → paragraphs and full-grid tables, then the report.

pdfplumber (on pdfminer.six) finds the ruled tables of each page and their cells; merged cells
are resolved from the cell rectangles, so each grid position knows the cell it belongs to.
The text outside the tables is put back into paragraphs from its lines: a paragraph starts
at an indented line or after a line that stops short of the right margin, and a line in a
larger type on the first page is part of the title. A scanned PDF has no text layer: it is
refused with a message, as reading images (OCR) is not what reportgen does.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError
from .document import Block, Cell, Paragraph, Table, unspaced
from .published import Published, interpret, refuse

#: A PDF bigger than this is refused unread (a real report is a few MiB at most).
MAX_PDF_BYTES = 100 * 1024 * 1024
#: More pages than this is not one annual report.
MAX_PAGES = 300
_PAGE_NUMBER = re.compile(r"^[—–\-－]?\s*\d{1,3}\s*[—–\-－]?$")


def load_file(path: Path, display: str | None = None) -> Published:
    """Read a published report from a PDF file.

    Raises:
        InputError: the file is not a readable PDF with text, or not a report.
    """
    name = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise refuse(name, "DOC-BROKEN", f"文件有 {size} 字节，超过上限 {MAX_PDF_BYTES} 字节，不是一份年度报告")
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise refuse(name, "FILE-READ", f"无法读取文件：{exc.strerror or exc}") from None
    if b"%PDF-" not in head:
        raise refuse(name, "DOC-BROKEN", "文件不是 PDF（开头没有 %PDF- 标记），无法读取")
    return interpret(blocks(path, name), name, "PDF")


def blocks(path: Path, name: str) -> list[Block]:
    """Return the text of a PDF as paragraphs and tables in reading order, page by page.

    Raises:
        InputError: the PDF is damaged, encrypted, or has no text layer.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    out: list[Block] = []
    chars = 0
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise refuse(name, "DOC-BROKEN", f"PDF 有 {len(pdf.pages)} 页，超过上限 {MAX_PAGES} 页，"
                             "不是一份年度报告")
            pages = []
            for number, page in enumerate(pdf.pages, 1):
                chars += len(page.chars)
                pages.append(_page(page, number))
            every = [line for _, lines in pages for line in lines]
            if every:
                metrics = _metrics(every)
                for items, lines in pages:
                    _join(out, _ordered(items, lines, metrics, len(out) == 0))
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a damaged or truncated file
        # pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect())).
        causes = (exc, *(a for a in exc.args if isinstance(a, BaseException)), exc.__context__)
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise refuse(name, "DOC-BROKEN", "PDF 已加密，无法读取；请提供未加密的文件") from None
        raise refuse(name, "DOC-BROKEN", "PDF 已损坏或不完整，无法读取；请重新导出或下载后再试") from None
    if not chars:
        raise refuse(name, "PDF-NO-TEXT", "这个 PDF 没有文字层（多半是扫描件或图片），无法读取；"
                     "reportgen 不做文字识别（OCR），请使用原始的 Word/WPS 文档或由它导出的 PDF")
    return out


def _join(out: list[Block], page: list[Block]) -> None:
    """Append a page's blocks; a paragraph that runs on from the page before is joined to it."""
    if (out and page and isinstance(out[-1], Paragraph) and isinstance(page[0], Paragraph)
            and out[-1].role == "runs-on" and page[0].role in ("continued", "runs-on")):
        joined = out[-1].text + page[0].text
        out[-1] = Paragraph(joined, out[-1].level, out[-1].page)
        page = page[1:]
    out += page


_Metrics = tuple[float, float, float, bool]


def _metrics(lines: list[dict[str, Any]]) -> _Metrics:
    """Body type size, left and right margins of the text, and whether it indents paragraphs
    (taken over the whole document: a page may hold only a signature)."""
    sizes = Counter(round(ch["size"], 1) for line in lines for ch in line["chars"])
    body = sizes.most_common(1)[0][0] if sizes else 12.0
    left = min(line["x0"] for line in lines)
    right = max(line["x1"] for line in lines)
    indents = any(left + body * 0.8 < line["x0"] < left + body * 3 for line in lines)
    return body, left, right, indents


def _ordered(items: list[tuple[float, Block]], lines: list[dict[str, Any]], metrics: _Metrics,
             first_page: bool) -> list[Block]:
    paragraphs = _paragraphs(lines, metrics, first_page)
    return [block for _, block in sorted([*items, *paragraphs], key=lambda item: item[0])]


def _page(page: Any, number: int) -> tuple[list[tuple[float, Block]], list[dict[str, Any]]]:
    """The tables of a page (with their top) and its text lines outside them."""
    first = page.find_tables()
    # A merged cell cut by a page break has no bottom border; drawing the table's top and
    # bottom edges across closes it, so it is found as one cell instead of none.
    edges = [y for table in first for y in (table.bbox[1], table.bbox[3])]
    found = sorted(page.find_tables({"explicit_horizontal_lines": edges}) if edges else [],
                   key=lambda t: t.bbox[1])
    boxes = [t.bbox for t in found]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))
    lines = [line for line in text_page.extract_text_lines(return_chars=True)
             if not _PAGE_NUMBER.match(line["text"].strip())]
    items: list[tuple[float, Block]] = []
    for table in found:
        overflow = [line for line in lines if _hangs_below(line, table.bbox, page.height)
                    and _in_bottom_cell(line, table)
                    and not any(other["top"] > line["bottom"] for other in lines)
                    and not any(t.bbox[1] > line["bottom"] for t in found)]
        lines = [line for line in lines if line not in overflow]
        items.append((table.bbox[1], _table(table, number, overflow)))
    for line in lines:
        line["page"] = number
    return items, lines


def _hangs_below(line: dict[str, Any], bbox: tuple[float, float, float, float],
                 height: float) -> bool:
    """Whether a text line is the rest of a bottom-row cell that a page break cut off: the
    table ends near the foot of the page, and the line starts right under it, inside it and
    not at its left edge (the caller checks that nothing else follows on the page)."""
    if line["text"].lstrip().startswith(("注", "说明", "备注")):
        return False  # a note under the table, not the rest of a cell
    top, x0, x1 = float(line["top"]), float(line["x0"]), float(line["x1"])
    size = float(line["bottom"]) - top
    return (bbox[3] > height * 0.75 and bbox[3] - 1 <= top <= bbox[3] + size * 0.6
            and bbox[0] + 2 < x0 and x1 < bbox[2])


def _in_bottom_cell(line: dict[str, Any], table: Any) -> bool:
    """Whether a text line lies within the width of one cell that reaches the table's foot: a
    line wider than that (a heading right under a table that ends a page) is not its rest."""
    bottom = float(table.bbox[3])
    cells = [box for row in table.rows for box in row.cells
             if box is not None and abs(float(box[3]) - bottom) < 1]
    return any(box[0] - 1 <= line["x0"] and line["x1"] <= box[2] + 1 for box in cells)


def _table(table: Any, number: int, overflow: list[dict[str, Any]]) -> Table:
    texts = table.extract()
    starts: list[tuple[tuple[float, float, float, float], Cell]] = []
    rows: list[list[Cell | None]] = []
    for r, row in enumerate(table.rows):
        line: list[Cell | None] = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                line.append(None)
                continue
            cell = Cell(unspaced(texts[r][c] or ""), (r, c))
            starts.append((bbox, cell))
            line.append(cell)
        rows.append(line)
    xs = [col.bbox[0] for col in table.columns]
    ys = [row.bbox[1] for row in table.rows]
    grid: list[list[Cell]] = []
    for r, line in enumerate(rows):
        full: list[Cell] = []
        for c, own in enumerate(line):
            full.append(own if own is not None else _covering(starts, xs[c], ys[r], (r, c)))
        grid.append(full)
    for extra in overflow:
        c = max(i for i, x in enumerate(xs) if x <= extra["x0"])
        cut = grid[-1][c]
        whole = Cell(f"{cut.text}\n{extra['text'].strip()}", cut.origin)
        grid = [[whole if cell.origin == cut.origin else cell for cell in row] for row in grid]
    edges = [*xs, float(table.bbox[2])]
    return Table(grid, number, [number] * len(grid), edges)


def _covering(starts: list[tuple[tuple[float, float, float, float], Cell]], x: float, y: float,
              at: tuple[int, int]) -> Cell:
    """The merged cell a grid position without a cell of its own lies in."""
    for (x0, top, x1, bottom), cell in starts:
        if x0 - 0.5 <= x + 1 <= x1 + 0.5 and top - 0.5 <= y + 1 <= bottom + 0.5:
            return cell
    return Cell("", at)


def _paragraphs(lines: list[dict[str, Any]], metrics: _Metrics,
                first_page: bool) -> list[tuple[float, Paragraph]]:
    """Put a page's text lines back into paragraphs.

    With first-line indents (the official style), a paragraph starts at an indented line;
    without them, after a line that stops well short of the right margin. A gap, a title
    line (larger type on the first page) or a line standing right (落款) always starts one.
    """
    if not lines:
        return []
    body, left, right, indents = metrics
    number = lines[0]["page"]
    out: list[tuple[float, Paragraph]] = []
    current: list[str] = []
    top, level, role = 0.0, 0, ""
    last: dict[str, Any] | None = None
    for line in lines:
        size = max(ch["size"] for ch in line["chars"]) if line["chars"] else body
        kind = "title" if first_page and size > body * 1.25 else (
            "right" if line["x0"] > left + (right - left) * 0.4 else "")
        indented = line["x0"] > left + body * 0.8
        starts = (last is None or kind or level == -1 or role == "signature"
                  or (indented if indents else last["x1"] < right - body * 4)
                  or line["top"] - last["bottom"] > body * 1.2)
        if starts and current:
            out.append((top, Paragraph("".join(current), level, number, role)))
            current = []
        if not current:
            top, level = line["top"], -1 if kind == "title" else 0
            role = "signature" if kind == "right" else ""
        text = unspaced(line["text"].strip())
        if current and current[-1][-1:].isascii() and current[-1][-1:].isalnum() \
                and text[:1].isascii() and text[:1].isalnum():
            text = " " + text  # Latin words broken over two lines keep their space
        current.append(text)
        last = line
    if current:
        out.append((top, Paragraph("".join(current), level, number, role)))
    # Mark the ends: a last line that fills the measure runs on to the next page; a first
    # line that is not indented continues a paragraph of the page before.
    full = last is not None and last["x1"] >= right - body * 1.5 and last["x0"] < left + body * 3
    if full and out and not out[-1][1].role:
        top_, p = out[-1]
        out[-1] = (top_, Paragraph(p.text, p.level, p.page, "runs-on"))
    if out and out[0][1].level == 0 and not out[0][1].role and lines[0]["x0"] <= left + body * 0.8:
        top_, p = out[0]
        out[0] = (top_, Paragraph(p.text, p.level, p.page, "continued"))
    return out
