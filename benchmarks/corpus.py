"""A corpus of hand-made-style published reports (issue 15 item 5), with their ground truth.

Each report is a DOCX built cell by cell with python-docx — not with reportgen's writer — the
way offices type them in Word or WPS, with the variations the readers must survive: a label
with one character wrong, full-/half-width punctuation, spaces inside labels, 注 lines under
the tables, header cells wrapped over two lines, table 三 split in two (header repeated or
not), empty cells or dashes for 0, a 2019-style single （六）其他处理 row inside a 2021 table
三, extra rows the official format does not have, other fonts and column widths.

Everything is drawn from ``random.Random(seed)``: the same seed gives the same files and the
same truth. The truth is every number cell printed, keyed by its key path in the input
contract (``("applications", "results", "disclosed", "natural_person")``).

Usage: ``python benchmarks/corpus.py OUT_DIR [N] [--pdf]`` (``--pdf``: convert to PDF too).
"""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.formats import GOV2019, GOV2021, TOTAL_KEY, Format, Node

KeyPath = tuple[str, ...]
Truth = dict[KeyPath, Any]

AGENCIES = ("清河县教育局", "示例市自然资源和规划局", "某某区人民政府", "东城镇人民政府",
            "青山县卫生健康委员会", "示例省交通运输厅", "南湖区市场监督管理局", "北岭县民政局")
FONTS = ("宋体", "仿宋_GB2312", "仿宋", "微软雅黑", "Times New Roman", "黑体", "楷体_GB2312")
#: Characters put in for one character of a label (a typo as typed with a pinyin IME).
TYPO = "的是在有和工作其申请公开信息处理年度本机关国务院不予事项部份办"
VARIATIONS = ("typo", "punctuation", "spaces", "notes", "wrapped", "split", "split_repeat",
              "empty_zero", "single_other", "extra_rows", "fonts")
_HALF = {"（": "(", "）": ")", "、": ".", "，": ",", "：": ":", "“": '"', "”": '"'}


def _paths(nodes: tuple[Node, ...], above: tuple[Node, ...] = ()) -> list[tuple[Node, ...]]:
    out: list[tuple[Node, ...]] = []
    for node in nodes:
        if node.children:
            out += _paths(node.children, (*above, node))
        else:
            out.append((*above, node))
    return out


class _Labels:
    """How one document prints labels: its typos, punctuation and spaces."""

    def __init__(self, rng: random.Random, chosen: set[str]) -> None:
        self.rng = rng
        self.chosen = chosen
        self.typos_left = rng.randint(1, 3) if "typo" in chosen else 0
        self.typos: list[str] = []  # the official labels printed with a wrong character

    def __call__(self, label: str, header: bool = False, typo: bool = True) -> str:
        rng = self.rng
        text = label
        if "punctuation" in self.chosen and rng.random() < 0.5:
            text = "".join(_HALF.get(c, c) if rng.random() < 0.7 else c for c in text)
        if typo and self.typos_left and len(text) >= 7 and rng.random() < 0.15:
            # Not a numeral: 第二十条第（八）项 with its 八 wrong is no label at all.
            spots = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff" and c not in "一二三四五六七八九十"]
            if len(spots) >= 6:
                i = rng.choice(spots[1:-1])
                text = text[:i] + rng.choice([c for c in TYPO if c != text[i]]) + text[i + 1:]
                self.typos_left -= 1
                self.typos.append(label)
        if "spaces" in self.chosen and len(text) > 3 and rng.random() < 0.3:
            i = rng.randrange(1, len(text) - 1)
            text = text[:i] + rng.choice((" ", "  ", "\u3000")) + text[i:]
        if header and "wrapped" in self.chosen and len(text) >= 4 and rng.random() < 0.6:
            i = len(text) // 2
            text = text[:i] + "\n" + text[i:]
        return text


def _count(rng: random.Random, big: bool = False) -> int:
    roll = rng.random()
    if roll < 0.55:
        return 0
    if roll < 0.9:
        return rng.randint(1, 9)
    return rng.randint(10, 2500 if big else 300)


def _printed(rng: random.Random, value: Any, chosen: set[str]) -> str:
    if value == 0 and "empty_zero" in chosen and rng.random() < 0.6:
        return rng.choice(("", "", "—", "-", "/", "无"))
    if isinstance(value, int) and value >= 1000 and rng.random() < 0.5:
        return f"{value:,}"
    return str(value)


class Report:
    """One generated report: its DOCX, its truth and the variations it has."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.seed = seed
        self.fmt: Format = GOV2019 if rng.random() < 0.2 else GOV2021
        self.year = rng.randint(*((2019, 2020) if self.fmt is GOV2019 else (2021, 2025)))
        self.agency = rng.choice(AGENCIES)
        self.chosen = {v for v in VARIATIONS if rng.random() < 0.35}
        if self.fmt is not GOV2021:
            self.chosen.discard("single_other")
        self.truth: Truth = {}
        self.labels = _Labels(rng, self.chosen)

    @property
    def name(self) -> str:
        return f"r{self.seed:04d}"

    def docx(self) -> bytes:
        import docx
        from docx.shared import Pt

        rng = self.rng
        document = docx.Document()
        style = document.styles["Normal"]
        font = rng.choice(FONTS) if "fonts" in self.chosen else "宋体"
        style.font.name = font
        style.font.size = Pt(rng.choice((10.5, 12, 14)) if "fonts" in self.chosen else 12)
        style.element.rPr.rFonts.set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", font)
        title = f"{self.agency}{self.year}年政府信息公开工作年度报告"
        document.add_heading(title, 0) if rng.random() < 0.5 else document.add_paragraph(title)
        document.add_paragraph(f"本报告根据《中华人民共和国政府信息公开条例》要求编制，"
                               f"所列数据的统计期限自{self.year}年1月1日起至{self.year}年12月31日止。")
        tables = {"active_disclosure": self._active, "applications": self._applications,
                  "reviews": self._reviews}
        for section in self.fmt.sections:
            heading = self.labels(section.title) if rng.random() < 0.3 else section.title
            if rng.random() < 0.5:
                document.add_heading(heading, 1)
            else:
                document.add_paragraph(heading)
            if section.key in tables:
                tables[section.key](document)
                if "notes" in self.chosen:
                    document.add_paragraph(rng.choice(("注：表中数据统计截至当年12月31日。",
                                                       "注：“—”表示数据为零。",
                                                       "说明：本表按申请件数统计。")))
            else:
                document.add_paragraph(f"{self.year}年，{self.agency}认真贯彻落实条例，"
                                       "各项工作有序推进。")
        document.add_paragraph(self.agency)
        document.add_paragraph(f"{self.year + 1}年1月{rng.randint(10, 31)}日")
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    # ---------------------------------------------------------------------------------------

    def _table(self, document: Any, rows: int, cols: int) -> Any:
        from docx.shared import Cm
        from docx.table import _Cell

        table = document.add_table(rows=rows, cols=cols)
        table.style = "Table Grid"
        self._grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        self._merges: list[tuple[Any, Any]] = []
        if "fonts" in self.chosen:
            total = self.rng.uniform(14, 17)
            weights = [self.rng.uniform(0.6, 1.6) for _ in range(cols)]
            for c, weight in enumerate(weights):
                width = Cm(total * weight / sum(weights))
                for line in self._grid:
                    line[c].width = width
        return table

    def _put(self, table: Any, r: int, c: int, text: str, r2: int | None = None,
             c2: int | None = None) -> None:
        """Write a cell's text now and merge it over its region when the table is done
        (python-docx's ``table.cell`` walks the whole table on every call)."""
        cell = self._grid[r][c]
        lines = text.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        r2, c2 = r if r2 is None else r2, c if c2 is None else c2
        if (r2, c2) != (r, c):
            self._merges.append((cell, self._grid[r2][c2]))

    def _done(self) -> None:
        for first, last in self._merges:
            first.merge(last)
        self._merges = []

    def _number(self, table: Any, r: int, c: int, path: KeyPath, value: Any,
                c2: int | None = None) -> None:
        self.truth[path] = value
        self._put(table, r, c, _printed(self.rng, value, self.chosen), None, c2)

    def _active(self, document: Any) -> None:
        spec = self.fmt.active
        assert spec is not None
        rng, label = self.rng, self.labels
        rows = sum(2 + len(b.items) for b in spec.blocks)
        table = self._table(document, rows, spec.width)
        r = 0
        for block in spec.blocks:
            self._put(table, r, 0, label(block.heading), None, spec.width - 1)
            self._put(table, r + 1, 0, label(spec.item_header, True))
            span = (spec.width - 1) // len(block.fields)
            for i, field in enumerate(block.fields):
                last = spec.width - 1 if i == len(block.fields) - 1 else 1 + (i + 1) * span - 1
                self._put(table, r + 1, 1 + i * span, label(field.label, True), None, last)
            r += 2
            for item in block.items:
                self._put(table, r, 0, label(item.label))
                for i, field in enumerate(block.fields):
                    last = spec.width - 1 if i == len(block.fields) - 1 else 1 + (i + 1) * span - 1
                    if field.kind.value == "amount":
                        value: Any = Decimal(f"{rng.randint(0, 9999) / 10:.1f}") if rng.random() < 0.6 else 0
                    else:
                        value = _count(rng)
                    path = (spec.key, item.key, field.key) if field.key else (spec.key, item.key)
                    self._number(table, r, 1 + i * span, path, value, last)
                r += 1
        self._done()

    def _applications(self, document: Any) -> None:
        spec = self.fmt.applications
        assert spec is not None
        rng = self.rng
        leaves = _paths((spec.columns,))
        paths = _paths(spec.rows)
        if "single_other" in self.chosen:  # 2019-style: （六）其他处理 as one row, no sub-rows
            other = next(p[:2] for p in paths if len(p) == 3 and p[1].key == "other")
            first = next(i for i, p in enumerate(paths) if p[:2] == other)
            paths = [p for p in paths if p[:2] != other]
            paths.insert(first, other)
        values = self._figures(paths, [p[-1] for p in leaves])
        body: list[tuple[tuple[Node, ...] | None, list[Any]]] = []
        tops = [i for i, p in enumerate(paths) if len(p) == 1 and i]
        extra = rng.choice(tops) if "extra_rows" in self.chosen else -1
        for i, path in enumerate(paths):
            if i == extra:
                body.append((None, [_count(rng) for _ in leaves]))
            body.append((path, values[tuple(n.key for n in path)]))
        split = "split" in self.chosen or "split_repeat" in self.chosen
        cut = rng.randrange(5, len(body) - 3) if split else len(body)
        self._applications_part(document, body[:cut], leaves, True)
        if split:
            paragraph = document.add_paragraph()
            if rng.random() < 0.5:
                from docx.enum.text import WD_BREAK

                paragraph.add_run().add_break(WD_BREAK.PAGE)
            self._applications_part(document, body[cut:], leaves, "split_repeat" in self.chosen)

    def _figures(self, paths: list[tuple[Node, ...]], leaves: list[Node]) -> dict[KeyPath, list[Any]]:
        """Consistent figures: totals are the sums of their parts, as a careful office prints."""
        out: dict[KeyPath, list[Any]] = {}
        total_rows = [p for p in paths if p[-1].key == TOTAL_KEY]
        for path in paths:
            if path in total_rows:
                continue
            row = [_count(self.rng) for _ in leaves]
            row[-1] = sum(row[:-1])
            out[tuple(n.key for n in path)] = row
        for path in total_rows:
            group = tuple(n.key for n in path[:-1])
            parts = [v for k, v in out.items() if k[:len(group)] == group and len(k) > len(group)]
            out[tuple(n.key for n in path)] = [sum(col) for col in zip(*parts, strict=True)]
        return out

    def _applications_part(self, document: Any, body: list[tuple[tuple[Node, ...] | None, list[Any]]],
                           leaves: list[tuple[Node, ...]], header: bool) -> None:
        spec = self.fmt.applications
        assert spec is not None
        label, rng = self.labels, self.rng
        lc = spec.label_columns
        depth = max(len(p) for p in leaves)
        top = depth if header else 0
        regions: list[tuple[int, int, int, int, str]] = []
        if header:
            # The corner note is read by no one: a typo in it is no label read wrong.
            regions.append((0, 0, depth - 1, lc - 1, label(spec.corner, True, typo=False)))
            regions += self._header_regions(leaves, depth, lc)
        for i, (path, _) in enumerate(body):
            r = top + i
            if path is None:
                regions.append((r, 0, r, lc - 1, rng.choice(("其中：网上申请", "其中：当面申请",
                                                             "合计（不含结转）"))))
                continue
            for d, node in enumerate(path):
                if d == len(path) - 1:
                    regions.append((r, d, r, lc - 1, label(node.label)))
                    continue
                above = body[i - 1][0] if i else None
                if above is not None and len(above) > d and above[d] is node:
                    continue
                j = i
                while j + 1 < len(body) and (body[j + 1][0] or ())[d:d + 1] == (node,):
                    j += 1
                continued = i == 0 and not header  # a group cut by the split: retyped or left empty
                text = label(node.label) if not continued or rng.random() < 0.5 else ""
                regions.append((r, d, top + j, d, text))
        table = self._table(document, top + len(body), lc + len(leaves))
        for r0, c0, r1, c1, text in regions:
            self._put(table, r0, c0, text, r1, c1)
        for i, (path, row) in enumerate(body):
            for c, (leaf, value) in enumerate(zip(leaves, row, strict=True), lc):
                if path is None:
                    self._put(table, top + i, c, str(value))
                else:
                    keys = tuple(n.key for n in path)
                    if path[-1].children:  # the single （六）其他处理 row: read as its 3.其他
                        keys += (path[-1].children[-1].key,)
                    self._number(table, top + i, c, (spec.key, *keys, leaf[-1].key), value)
        self._done()

    def _header_regions(self, leaves: list[tuple[Node, ...]], depth: int,
                        first: int) -> list[tuple[int, int, int, int, str]]:
        """The header cells of a column tree: each node over its leaves, a leaf down to the
        last header row."""
        out = []
        done: set[tuple[int, ...]] = set()
        for path in leaves:
            for d, node in enumerate(path):
                prefix = tuple(map(id, path[:d + 1]))  # outcome nodes are shared between blocks
                if prefix in done:
                    continue
                done.add(prefix)
                span = [i for i, p in enumerate(leaves, first) if tuple(map(id, p[:d + 1])) == prefix]
                down = depth - 1 if d == len(path) - 1 else d
                out.append((d, span[0], down, span[-1], self.labels(node.label, True)))
        return out

    def _reviews(self, document: Any) -> None:
        spec = self.fmt.reviews
        assert spec is not None
        rng = self.rng
        leaves = _paths(spec.columns)
        depth = max(len(p) for p in leaves)
        table = self._table(document, depth + 1, len(leaves))
        for r0, c0, r1, c1, text in self._header_regions(leaves, depth, 0):
            self._put(table, r0, c0, text, r1, c1)
        groups: dict[str, list[int]] = {}
        for c, path in enumerate(leaves):
            owner = next(n for n in reversed(path[:-1]) if n.key)
            groups.setdefault(owner.key, []).append(c)
        row: list[Any] = [0] * len(leaves)
        for columns in groups.values():
            parts = [_count(rng) for _ in columns[:-1]]
            for c, value in zip(columns, [*parts, sum(parts)], strict=True):
                row[c] = value
        for c, path in enumerate(leaves):
            owner = next(n for n in reversed(path[:-1]) if n.key)
            self._number(table, depth, c, (spec.key, owner.key, path[-1].key), row[c])
        self._done()


def generate(folder: Path, count: int, seed: int = 2025) -> list[Report]:
    """Write ``count`` reports as DOCX into ``folder`` with ``truth.json``; return them."""
    folder.mkdir(parents=True, exist_ok=True)
    reports = []
    truth: dict[str, Any] = {}
    for i in range(count):
        report = Report(seed * 1000 + i)
        (folder / f"{report.name}.docx").write_bytes(report.docx())
        truth[report.name] = {"variations": sorted(report.chosen), "format": report.fmt.id,
                              "cells": [[list(k), str(v)] for k, v in report.truth.items()]}
        reports.append(report)
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return reports


def to_pdf(files: list[Path], folder: Path, batch: int = 50) -> None:
    """Convert DOCX files to PDF with LibreOffice, many files per soffice run."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("soffice (LibreOffice) is not installed")
    with tempfile.TemporaryDirectory() as profile:
        for start in range(0, len(files), batch):
            subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(folder),
                            *map(str, files[start:start + batch])],
                           check=True, capture_output=True, timeout=900)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 200
    made = generate(out, n)
    if "--pdf" in sys.argv:
        to_pdf([out / f"{r.name}.docx" for r in made], out)
    print(f"{len(made)} reports in {out}")
