"""The HTML reader: a web page as government sites publish reports → blocks, then the report.

lxml parses the page (never fetching anything: remote images, styles and scripts are ignored).
Tables are ``<table>`` with their ``colspan``/``rowspan``; text is in headings, ``<p>``,
``<li>`` and ``<div>`` elements without block children, a ``<br>`` ending a paragraph as it
does on those sites. ``<h1>`` is the title, ``<h2>``–``<h5>`` headings of the levels below.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .document import Block, Paragraph, grid, unspaced
from .published import Published, interpret, refuse

#: A web page bigger than this is refused unread (a report page is well under 1 MiB).
MAX_HTML_BYTES = 20 * 1024 * 1024
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select",
         "button", "form", "nav"}
_TEXT = {"p", "li", "dt", "dd", "blockquote", "pre", "address", "figcaption", "td", "th"}
_HEADINGS = {"h1": -1, "h2": 1, "h3": 2, "h4": 3, "h5": 4, "h6": 4}
_CONTAINERS = {"div", "section", "article", "main", "header", "footer", "aside", "body", "html",
               "center", "font", "span", "ul", "ol", "dl", "figure", "tbody", "form"}
_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)


def load_file(path: Path, display: str | None = None) -> Published:
    """Read a published report from a web page saved as a file.

    Raises:
        InputError: the file is not a readable web page, or not a report.
    """
    name = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_HTML_BYTES:
            raise refuse(name, "DOC-BROKEN", f"文件有 {size} 字节，超过上限 {MAX_HTML_BYTES} 字节，不是一份年度报告")
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(name, "FILE-READ", f"无法读取文件：{exc.strerror or exc}") from None
    return interpret(blocks(raw, name), name, "HTML")


def blocks(raw: bytes, name: str) -> list[Block]:
    """Return a web page's text as paragraphs and tables in reading order.

    Raises:
        InputError: the bytes are not a web page that can be parsed.
    """
    import lxml.html
    from lxml import etree

    if b"\0" in raw[:4096]:
        raise refuse(name, "DOC-BROKEN", "文件不是网页（是二进制文件），无法读取")
    head = raw[:4096].lower()
    try:
        if b"charset" in head:
            root = lxml.html.document_fromstring(raw)  # the page names its encoding
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("gb18030", errors="replace")  # older sites without a charset
            root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise refuse(name, "DOC-BROKEN", "文件不是网页或已损坏，无法读取") from None
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    out: list[Block] = []
    _walk(root, out, "")
    return out


def _walk(element: Any, out: list[Block], role: str) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP or not tag:
        return
    role = role or _role(element)
    if tag == "table":
        out.append(_table(element))
        return
    if tag in _HEADINGS or tag in _TEXT or (tag in _CONTAINERS and not _has_blocks(element)):
        if element.find(".//table") is not None:  # a table inside a paragraph: read both
            for child in element:
                _walk(child, out, role)
            return
        level = _HEADINGS.get(tag, 0)
        for line in _text(element).split("\n"):
            line = unspaced(" ".join(line.split()))
            if line:
                out.append(Paragraph(line, level, 0, role))
        return
    for child in element:
        _walk(child, out, role)


def _has_blocks(element: Any) -> bool:
    return any(isinstance(e.tag, str) and e.tag not in ("br", "span", "font", "b", "strong", "i",
                                                          "em", "a", "u", "sup", "sub", "time")
               for e in element.iterdescendants())


def _role(element: Any) -> str:
    marks = f"{element.get('class', '')} {element.get('id', '')}".lower()
    if "signature" in marks or "落款" in marks or _RIGHT.search(element.get("style", "")):
        return "signature"
    return ""


def _text(element: Any) -> str:
    return "".join(element.itertext(tag=None)) if element is not None else ""


def _table(element: Any) -> Any:
    rows: list[list[tuple[str, int, int]]] = []
    for tr in element.iter("tr"):
        if tr.getparent() is not None and _owner(tr) is not element:
            continue  # a row of a table nested inside a cell
        row = []
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            text = "\n".join(unspaced(" ".join(line.split())) for line in _text(cell).split("\n"))
            row.append((text.strip("\n"), _span(cell.get("colspan")), _span(cell.get("rowspan"))))
        rows.append(row)
    return grid(rows)


def _owner(tr: Any) -> Any:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or "1"), 1), 100)  # a span of 10000 columns is not a report
    except ValueError:
        return 1
