"""``reportgen init``: a complete, commented input file for a year, built from the format.

Every row of every table is written out with its official label as a comment, so the person
filling it never needs the spec. With a previous year's file, the agency data are copied and
二、上年结转 is prefilled from last year's 四、结转下年度继续办理.
"""

from __future__ import annotations

import re
from typing import Any

from .catalog import ROW_COLUMNS
from .cells import UNIT_HINT
from .formats import DEFAULT_TITLE, Format, Kind, Node, SectionKind, label
from .readers import SCHEMA_FILE as _SCHEMA_FILE
from .rules import deadline
from .text import chinese_date, strip_numbering
from .validation import Checked

_ORGAN_KINDS = "department 部门 / government 人民政府 / township 乡镇（街道）"
_COMMENT_COLUMN = 48
#: The JSON Schema that ``init`` writes beside a new file; the file's modeline names it, so that
#: editors with yaml-language-server (VS Code's YAML extension) check and complete as you type.
SCHEMA_FILE = _SCHEMA_FILE


def scaffold(fmt: Format, year: int, agency: str, organ_kind: str = "department",
             previous: Checked | None = None, copied: list[str] | None = None) -> str:
    """Return the text of a new input file.

    Args:
        fmt: the format to write.
        year: the report year.
        agency: the organ's name.
        organ_kind: department, government or township.
        previous: last year's checked file, whose preface, contact, signature, sub-headings and
            carry-over are reused.
        copied: when given, gets one line (in Chinese) per thing taken from ``previous``.
    """
    old: dict[str, Any] = previous.source.data if previous and previous.source else {}
    notes = copied if copied is not None else []
    lines = [
        f"# {DEFAULT_TITLE.format(agency=agency, year=year)}：输入文件",
        f"# 格式 {fmt.id}：{fmt.name}（{fmt.document}）",
        "# 填写后校验：reportgen validate 本文件；生成 DOCX 和 PDF：reportgen build 本文件",
        "# 数字不加引号；没有发生的事项填 0；多段文字写在“|”下面，段与段之间空一行。",
        f"# yaml-language-server: $schema={SCHEMA_FILE}",
        f"format: {fmt.id}",
        f"year: {year}",
        f"agency: {_quote(agency)}",
        _pad(f"organ_kind: {organ_kind}", _ORGAN_KINDS),
    ]
    # The key is written, empty, so that an unfilled date is a finding (D-MISSING) and the
    # user sees where it goes; the signing date is optional and stays a comment.
    limit = chinese_date(deadline(fmt, year, organ_kind))
    lines += [_pad("published:", f"发布日期（必填），写成 {year + 1}-01-20 的样子，不晚于{limit}"),
              _pad("# signed:", "成文日期（可选）：落款下的日期与发布日期不同时填写，去掉行首的“# ”")]
    for key in ("signature",):
        if isinstance(old.get(key), str):
            lines.append(f"{key}: {_quote(old[key])}")
            notes.append(f"落款“{old[key]}”")
    old_year = old.get("year")
    if isinstance(old.get("preface"), str) and old["preface"].strip() and isinstance(old_year, int):
        lines += ["preface: |", *_block(_moved_on(old["preface"], old_year, year), "  ")]
        notes.append(f"前言（其中的年份已由 {old_year} 改为 {year}，请通读核对）")
    else:
        lines += ["preface: |", f"  本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自"
                  f"{year}年1月1日起至{year}年12月31日止。"]
    contact = old.get("contact")
    if isinstance(contact, dict) and contact:
        lines.append("contact:")
        lines += [f"  {k}: {_quote(str(v))}" for k, v in contact.items() if v is not None]
        notes.append("联系方式")
    else:
        lines += ["# contact:            # 联系方式（可选），印在前言末尾",
                  "#   office: 办公室", "#   phone: 0000-0000000"]
    if fmt.statistics:
        lines += _legacy(fmt, _titles(old.get("sections"), notes, "正文各部分"))
    else:
        lines += _numbered(fmt, old, notes)
    return "\n".join(lines) + "\n"


def _moved_on(text: str, old_year: int, year: int) -> str:
    """Return ``text`` with the years near ``old_year`` moved on by ``year - old_year``.

    A preface names the report year (统计期限自2024年1月1日起) and sometimes the year after it
    (2025年1月); both move on. Older years (a 2018 regulation) are left as written.
    """
    def move(match: re.Match[str]) -> str:
        found = int(match.group(1))
        return str(found + year - old_year) if found in (old_year, old_year + 1) else match.group(1)

    return re.sub(r"(?<!\d)(\d{4})(?=年)", move, text)


def _block(text: str, indent: str) -> list[str]:
    """Return the lines of ``text`` as the body of a ``|`` block at ``indent``."""
    return [f"{indent}{line}" if line.strip() else "" for line in text.strip("\n").split("\n")]


def _titles(sections: Any, notes: list[str], where: str) -> tuple[str, ...]:
    """Return the sub-heading titles of last year's ``sections`` list (noting them), or ()."""
    if not isinstance(sections, list):
        return ()
    titles = tuple(s["title"] for s in sections
                   if isinstance(s, dict) and isinstance(s.get("title"), str) and s["title"].strip())
    if titles:
        notes.append(f"{where}的 {len(titles)} 个小标题")
    return titles


def _numbered(fmt: Format, old: dict[str, Any], notes: list[str]) -> list[str]:
    lines: list[str] = []
    for section in fmt.sections:
        lines += ["", f"# {section.title}"]
        if section.kind is SectionKind.NARRATIVE:
            last = old.get(section.key)
            titles = _titles(last.get("sections") if isinstance(last, dict) else None, notes,
                             f"“{section.title}”")
            lines += _narrative(fmt, section.key, titles)
        elif fmt.active and section.key == fmt.active.key:
            lines += _active(fmt, old)
        elif fmt.applications and section.key == fmt.applications.key:
            lines += _applications(fmt, old, notes)
        elif fmt.reviews and section.key == fmt.reviews.key:
            lines.append(f"{fmt.reviews.key}:")
            for block in fmt.reviews.blocks():
                parts = [o for o in block.children if not o.computed]
                values = ", ".join(f"{o.key}: 0" for o in parts)
                names = "/".join(o.label for o in parts)
                label = fmt.reviews.name(block, "·")
                lines.append(_pad(f"  {block.key}: {{{values}}}", f"{label}：{names}"))
            lines.append("  # 各组的“总计”由工具计算；如填写 total，则校验其是否等于各项之和")
    return lines


def _narrative(fmt: Format, key: str, titles: tuple[str, ...] = ()) -> list[str]:
    if not titles and key == "overview":
        titles = fmt.overview_topics
    if titles:
        lines = [f"{key}:", "  intro: |", "  sections:              # 小标题不写序号，自动编为（一）（二）……"]
        for title in titles:
            lines += [f"    - title: {_quote(title)}", "      text: |"]
        return lines
    return [f"{key}: |"]


def _active(fmt: Format, old: dict[str, Any]) -> list[str]:
    table = fmt.active
    assert table is not None
    lines = [f"{table.key}:"]
    previous = old.get(table.key) if isinstance(old.get(table.key), dict) else {}
    for block in table.blocks:
        names = " / ".join(f.label for f in block.fields)
        lines.append(f"  # {block.heading}：{names}")
        for item in block.items:
            if len(block.fields) == 1 and not block.fields[0].key:
                lines.append(_pad(f"  {item.key}: 0", item.label))
                continue
            values = ", ".join(f"{f.key}: 0" for f in block.fields)
            note = item.label
            last = previous.get(item.key) if isinstance(previous, dict) else None
            in_force = next((f for f in block.fields if f.key == "in_force"), None)
            if in_force and isinstance(last, dict) and isinstance(last.get(in_force.key), int):
                note += f"（上年{in_force.label} {last[in_force.key]}）"
            for field in block.fields:
                if field.kind is Kind.AMOUNT:  # the header names no unit: the cell may carry one
                    note += f"（{field.label}{UNIT_HINT}，如 251000元）"
            lines.append(_pad(f"  {item.key}: {{{values}}}", note))
    return lines


def _applications(fmt: Format, old: dict[str, Any], notes: list[str]) -> list[str]:
    table = fmt.applications
    assert table is not None
    order = ", ".join(c.label for c in ROW_COLUMNS if not c.computed)
    carried = _carry_over(fmt, old)
    forward = strip_numbering(label(fmt, table.key, table.carried_forward))[1]
    if carried:
        notes.append(f"“{label(fmt, table.key, table.carried_over)}”按上年“{forward}”预填："
                     f"{_list(carried)}")
    lines = [f"# 每行 6 个数，依次为：{order}", f"{table.key}:"]

    def rows(nodes: tuple[Node, ...], indent: str) -> None:
        for node in nodes:
            if node.children:
                lines.append(_pad(f"{indent}{node.key}:", node.label))
                rows(node.children, indent + "  ")
            elif node.computed:
                lines.append(f"{indent}# {node.key}: 由工具计算（{node.label}）；如填写则校验")
            else:
                values = carried if node.key == table.carried_over and carried else [0] * 6
                note = node.label + (f"（已按上年“{forward}”预填）"
                                     if node.key == table.carried_over and carried else "")
                lines.append(_pad(f"{indent}{node.key}: {_list(values)}", note))

    rows(table.rows, "  ")
    return lines


def _carry_over(fmt: Format, old: dict[str, Any]) -> list[int] | None:
    assert fmt.applications is not None
    applications = old.get(fmt.applications.key)
    if not isinstance(applications, dict):
        return None
    row = applications.get(fmt.applications.carried_forward)
    if isinstance(row, list) and len(row) >= 6 and all(isinstance(v, int) for v in row[:6]):
        return [int(v) for v in row[:6]]
    if isinstance(row, dict):
        keys = [c.key for c in ROW_COLUMNS if not c.computed]
        return [int(row.get(k, 0)) if isinstance(row.get(k, 0), int) else 0 for k in keys]
    return None


def _legacy(fmt: Format, titles: tuple[str, ...] = ()) -> list[str]:
    stats = fmt.statistics
    assert stats is not None
    lines = ["", "# 正文各部分：按顺序自动编号为一、二、……；标题不写序号", "sections:"]
    for title in titles or fmt.legacy_sections:
        lines += [f"  - title: {_quote(title)}", "    text: |"]
    lines += ["", f"# 附件：{stats.title}（可删去整个 statistics 部分；未填写的行印为 0）", f"{stats.key}:"]
    for row in stats.rows:
        if not row.key:
            lines.append(f"  # {row.label}")
            continue
        zero = "0.0" if row.kind is Kind.MONEY else "0"
        lines.append(_pad(f"  {row.key}: {zero}", f"{row.label}（{row.unit}）"))
    return lines


def _pad(code: str, comment: str) -> str:
    return f"{code.ljust(_COMMENT_COLUMN)}  # {comment}"


def _list(values: list[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _quote(text: str) -> str:
    """Quote a YAML scalar when it would otherwise not read back as the same string."""
    import json

    plain = text and not any(c in text for c in ":#{}[],&*!|>'\"%@`") and text.strip() == text
    return text if plain and not text[0].isdigit() else json.dumps(text, ensure_ascii=False)
