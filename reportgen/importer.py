"""``reportgen import``: a published report → a commented input file in the contract.

The file has the shape ``reportgen init`` writes (the same order, the official label of every
row as a comment), but carries the published values exactly as printed: totals included and
inconsistencies kept, so that validating the file gives the findings the published report
deserves. A header comment says where the values came from and what could not be read.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .cells import Amount
from .formats import FORMATS, TOTAL_KEY, Format, Node, SectionKind
from .readers.published import Published
from .readers.tables import Note

_COMMENT_COLUMN = 48


def notices(source: Published) -> list[str]:
    """Return what the reader could not read and every label that differed, one line each."""
    out = []
    for note in sorted(source.notes, key=lambda n: (n.kind != "unread", n.position.line)):
        word = "未能读取" if note.kind == "unread" else "名称不同"
        out.append(f"{source.name}:{note.where}: {word}：{note.message}")
    return out


def write(source: Published) -> str:
    """Return the text of an input file holding what ``source`` published."""
    data = source.data
    fmt = FORMATS[data.get("format", "gov2021")]
    unread = sum(1 for n in source.notes if n.kind == "unread")
    differed = sum(1 for n in source.notes if n.kind == "label")
    lines = [
        f"# 由 reportgen import 从{'填报工作簿' if source.kind == 'XLSX' else '已发布的报告'} "
        f"{source.name}（{source.kind}）读出。",
        "# 表中数字按原文照录，未作任何更正（包括所印的总计）；请用 reportgen validate 本文件检查。",
        f"# 读取时：{differed} 处名称与官方名称不同，{unread} 处未能读取"
        + ("（逐条列于下方）" if source.notes else "") + "。",
        *(f"#   {_note(n)}" for n in source.notes),
        f"# 格式 {fmt.id}：{fmt.name}（{fmt.document}）",
    ]
    for key in ("format", "year", "agency", "title", "organ_kind", "published", "signature"):
        if key in data:
            lines.append(f"{key}: {_scalar(data[key])}")
    if "year" not in data:
        lines.append("# year:                 # 未能从标题读出报告年度，请填写")
    if "agency" not in data:
        lines.append("# agency:               # 未能从标题读出机关名称，请填写")
    lines += _text("preface", data.get("preface", ""), "")
    contact = data.get("contact")
    if isinstance(contact, dict):
        lines.append("contact:")
        lines += [f"  {k}: {_scalar(v)}" for k, v in contact.items()]
    if fmt.statistics:
        lines += ["", "# 正文各部分：按顺序自动编号为一、二、……", "sections:"]
        for section in data.get("sections", []):
            lines.append(f"  - title: {_scalar(section['title'])}")
            lines += _narrative(section, "    ")
        stats = data.get(fmt.statistics.key)
        if isinstance(stats, dict):
            lines += ["", f"# 附件：{fmt.statistics.title}", f"{fmt.statistics.key}:"]
            for row in fmt.statistics.rows:
                if not row.key:
                    lines.append(f"  # {row.label}")
                elif row.key in stats:
                    lines.append(_pad(f"  {row.key}: {_scalar(stats[row.key])}",
                                      f"{row.label}（{row.unit}）"))
    else:
        lines += _numbered(fmt, data)
    return "\n".join(lines) + "\n"


def _note(note: Note) -> str:
    word = "未能读取" if note.kind == "unread" else "名称不同"
    return f"{note.where}: {word}：{note.message}"


def _numbered(fmt: Format, data: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for section in fmt.sections:
        lines += ["", f"# {section.title}"]
        value = data.get(section.key)
        if value is None:
            lines.append(f"# {section.key}:   # 文中找不到这一部分")
        elif section.kind is SectionKind.NARRATIVE:
            body = _narrative(value, "  ")
            lines += [f"{section.key}:", *body] if body else [f'{section.key}: ""']
        elif fmt.active and section.key == fmt.active.key:
            lines += _active(fmt, value)
        elif fmt.applications and section.key == fmt.applications.key:
            lines += [f"{section.key}:"]
            _rows(fmt.applications.rows, value, "  ", lines)
        elif fmt.reviews and section.key == fmt.reviews.key:
            lines.append(f"{section.key}:")
            for block in fmt.reviews.blocks():
                cells = value.get(block.key, {})
                shown = ", ".join(f"{o.key}: {_scalar(cells[o.key])}" for o in block.children
                                  if o.key in cells)
                lines.append(_pad(f"  {block.key}: {{{shown}}}", block.label))
    return lines


def _active(fmt: Format, value: dict[str, Any]) -> list[str]:
    assert fmt.active is not None
    lines = [f"{fmt.active.key}:"]
    for block in fmt.active.blocks:
        lines.append(f"  # {block.heading}：{' / '.join(f.label for f in block.fields)}")
        for item in block.items:
            if item.key not in value:
                lines.append(f"  # {item.key}:   # {item.label}：表中找不到这一行")
                continue
            cell = value[item.key]
            if isinstance(cell, dict):
                shown = "{" + ", ".join(f"{f.key}: {_scalar(cell[f.key])}" for f in block.fields
                                        if f.key in cell) + "}"
            else:
                shown = _scalar(cell)
            lines.append(_pad(f"  {item.key}: {shown}", item.label))
    return lines


def _rows(nodes: tuple[Node, ...], value: dict[str, Any], indent: str, lines: list[str]) -> None:
    from .formats import APPLICANT_KEYS

    for node in nodes:
        if node.key not in value:
            lines.append(f"{indent}# {node.key}:   # {node.label}：表中找不到这一行")
        elif node.children:
            lines.append(_pad(f"{indent}{node.key}:", node.label))
            _rows(node.children, value[node.key], indent + "  ", lines)
        else:
            row = value[node.key]
            if all(k in row for k in APPLICANT_KEYS):  # the list shape init writes
                shown = "[" + ", ".join(_scalar(row[k]) for k in (*APPLICANT_KEYS, TOTAL_KEY)
                                        if k in row) + "]"
            else:
                shown = "{" + ", ".join(f"{k}: {_scalar(row[k])}" for k in (*APPLICANT_KEYS, TOTAL_KEY)
                                        if k in row) + "}"
            lines.append(_pad(f"{indent}{node.key}: {shown}", node.label))


def _narrative(value: dict[str, Any], indent: str) -> list[str]:
    lines = _text("intro", value.get("intro", ""), indent)
    if value.get("sections"):
        lines.append(f"{indent}sections:")
        for sub in value["sections"]:
            lines.append(f"{indent}  - title: {_scalar(sub['title'])}")
            lines += _text("text", sub.get("text", ""), indent + "    ")
            if sub.get("sections"):
                lines += _narrative({"sections": sub["sections"]}, indent + "    ")
    return lines


def _text(key: str, text: str, indent: str) -> list[str]:
    if not text:
        return []
    return [f"{indent}{key}: |", *(f"{indent}  {line}" if line else "" for line in text.split("\n"))]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Amount):  # 251000元: quoted, as it is text in YAML
        return json.dumps(value.written, ensure_ascii=False)
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    plain = text and not any(c in text for c in ":#{}[],&*!|>'\"%@`") and text.strip() == text
    numeric_looking = text[:1].isdigit() or text in ("true", "false", "null", "~")
    return text if plain and not numeric_looking else json.dumps(text, ensure_ascii=False)


def _pad(code: str, comment: str) -> str:
    return f"{code.ljust(_COMMENT_COLUMN)}  # {comment}"
