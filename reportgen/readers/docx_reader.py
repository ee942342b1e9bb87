"""The DOCX reader: a Word/WPS document → paragraphs and full-grid tables, then the report.

python-docx opens the package; the body is walked element by element so that paragraphs and
tables keep their reading order. Merged cells are resolved from ``w:gridSpan`` and
``w:vMerge``, so each grid position knows the cell it belongs to. What the blocks mean is
decided by :mod:`reportgen.readers.published`, from the format definitions.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from .. import zipguard
from ..errors import InputError
from .document import Block, Cell, Paragraph, Table
from .published import Published, interpret, refuse

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)


def load_file(path: Path, display: str | None = None) -> Published:
    """Read a published report from a DOCX file.

    Raises:
        InputError: the file is not a readable DOCX, or not a report.
    """
    name = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > zipguard.MAX_FILE:
            raise refuse(name, "ZIP-LIMIT", f"文件有 {size / zipguard.MIB:.0f} MiB，超过上限 "
                         f"{zipguard.MAX_FILE // zipguard.MIB} MiB，不是一份年度报告，未读取")
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(name, "FILE-READ", f"无法读取文件：{exc.strerror or exc}") from None
    return interpret(blocks(raw, name), name)


def blocks(raw: bytes, name: str) -> list[Block]:
    """Return the body of a DOCX as paragraphs and tables in reading order.

    Raises:
        InputError: the bytes are not a DOCX that can be opened.
    """
    _check_package(raw, name)
    import docx
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(raw))
        out: list[Block] = []
        for element in document.element.body.iterchildren():
            if element.tag == f"{_W}p":
                out.append(_paragraph(DocxParagraph(element, document)))
            elif element.tag == f"{_W}tbl":
                out.append(_table(element))
    except InputError:
        raise
    except Exception:  # python-docx and lxml raise many kinds on a damaged package
        raise refuse(name, "DOC-BROKEN", "文件已损坏或不是 Word 文档（.docx），无法读取；"
                     "请用 Word 或 WPS 打开后另存为 .docx 再试") from None
    return out


def _check_package(raw: bytes, name: str) -> None:
    """Refuse what is not a DOCX, and a package beyond :mod:`reportgen.zipguard`'s limits
    (size, members, compression ratio: a zip bomb), before anything is decompressed."""
    if raw[:5] == b"%PDF-":
        raise refuse(name, "DOC-BROKEN", "这是一个 PDF 文件，只是扩展名为 .docx；请把扩展名改为 .pdf")
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE: a .doc, or a DOCX with a password
        raise refuse(name, "DOC-BROKEN", "这是旧版 Word 文档（.doc）或加密的文档，无法读取；请用 Word 或 WPS 打开，"
                     "去掉密码后另存为 .docx 再试")
    try:
        zipguard.open_zip(raw, what="Word 文档", name=name).close()
    except InputError as exc:
        if any(f.rule == "ZIP-LIMIT" for f in exc.findings):
            raise
        raise refuse(name, "DOC-BROKEN", "文件已损坏、不完整或不是 Word 文档（.docx），无法读取；"
                     "请用 Word 或 WPS 打开后另存为 .docx 再试") from None


def _paragraph(paragraph: Any) -> Paragraph:
    text = paragraph.text.replace("\t", " ")
    try:
        style = paragraph.style.name or ""
    except (KeyError, ValueError, AttributeError):
        style = ""
    level = 0
    role = ""
    heading = _HEADING.search(style)
    if style.lower() == "title" or style == "标题":
        level = -1
    elif heading:
        level = int(heading.group(1))
    elif style == "落款":
        role = "signature"
    elif style.startswith("附件"):
        role = "attachment"
    return Paragraph(text, level, 0, role)


def _table(element: Any) -> Table:
    rows: list[list[Cell]] = []
    for r, tr in enumerate(element.iterchildren(f"{_W}tr")):
        row: list[Cell] = []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        for _ in range(int(before.get(f"{_W}val", "0")) if before is not None else 0):
            row.append(Cell("", (r, len(row))))
        for tc in tr.iterchildren(f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = max(int(span_el.get(f"{_W}val", "1")), 1) if span_el is not None else 1
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            c = len(row)
            above = rows[r - 1][c] if r and c < len(rows[r - 1]) else None
            continued = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            cell = above if continued and above is not None else Cell(_cell_text(tc), (r, c))
            row += [cell] * span
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    for r, row in enumerate(rows):
        row += [Cell("", (r, c)) for c in range(len(row), width)]
    return Table(rows)


def _cell_text(tc: Any) -> str:
    lines = []
    for p in tc.iter(f"{_W}p"):
        lines.append("".join(t.text or "" for t in p.iter(f"{_W}t")))
    return "\n".join(line for line in lines if line)
