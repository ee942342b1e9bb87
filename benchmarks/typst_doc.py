"""The same report content as Typst markup, to compare reportgen's PDF engine with Typst.

Only for benchmarks/bench_render.py: Typst is never a runtime dependency. The markup follows
the GB/T 9704 page of the built-in style (A4, margins 37/35/28/26 mm, 16 pt body, 28 pt lines,
2-character first-line indent) and draws the three tables with their spans, so both engines
lay out the same text, headings and table cells on about the same number of pages.
"""

from __future__ import annotations

from typing import Any

_PREAMBLE = """\
#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context [#h(1fr) — #counter(page).display() —])
#set text(font: ("Noto Serif CJK SC",), size: 16pt, lang: "zh")
#set par(first-line-indent: (amount: 2em, all: true), leading: 12pt, justify: true)
#show heading: set text(font: ("Noto Sans CJK SC",), size: 16pt, weight: "regular")
"""


def _escape(text: str) -> str:
    """Escape Typst markup characters in running text."""
    for char in "\\#*_`$<>@[]=-+/~":
        text = text.replace(char, "\\" + char)
    return text


def _table(grid: Any) -> str:
    cells = []
    for row in (*grid.header, *grid.body):
        for cell in row:
            spans = []
            if cell.colspan > 1:
                spans.append(f"colspan: {cell.colspan}")
            if cell.rowspan > 1:
                spans.append(f"rowspan: {cell.rowspan}")
            body = f"[{_escape(cell.text)}]"
            cells.append(f"table.cell({', '.join(spans)})[{_escape(cell.text)}]" if spans else body)
    widths = ", ".join(f"{w}fr" for w in grid.widths)
    return ("#block(breakable: true)[#set text(size: 10.5pt)\n#set par(first-line-indent: 0pt)\n"
            f"#table(columns: ({widths}), align: center + horizon,\n  "
            + ",\n  ".join(cells) + ")]\n")


def markup(doc: Any) -> str:
    """Return the Typst source of a reportgen render context (``reportgen.context.Document``)."""
    parts = [_PREAMBLE, "#align(center)[#text(size: 22pt)["
             + " \\ ".join(_escape(line) for line in doc.title_lines) + "]]\n\n"]
    parts += [_escape(paragraph) + "\n\n" for paragraph in doc.preface]
    for section in doc.sections:
        parts.append(f"= {_escape(section.heading)}\n\n")
        for block in section.blocks:
            if block.kind == "table" and block.grid is not None:
                parts.append(_table(block.grid))
            elif block.kind.startswith("heading"):
                parts.append(f"{'=' * int(block.kind[-1])} {_escape(block.text)}\n\n")
            else:
                parts.append(_escape(block.text) + "\n\n")
    for attachment in doc.attachments:
        parts += [f"#pagebreak()\n{_escape(attachment.label)}\n\n",
                  *(_escape(text) + "\n\n" for text in attachment.paragraphs)]
        if attachment.grid is not None:
            parts.append(_table(attachment.grid))
    parts.append(f"#align(right)[{_escape(doc.signature)} \\ {_escape(doc.date)}]\n")
    return "".join(parts)
