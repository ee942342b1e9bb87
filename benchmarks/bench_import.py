"""Import accuracy and speed (issue 15 item 5), per reader (DOCX, PDF, HTML).

Usage: .venv/bin/python benchmarks/bench_import.py [--corpus 200] [--keep DIR] [--no-soffice]

Three sets of published documents are read back and compared cell by cell with the truth:
1. reportgen's own outputs of every sample (sample_inputs/*.yaml and seeds/): the DOCX, the
   PDF and the web page, and the DOCX converted to PDF by LibreOffice; the truth is the
   sample's validated model.
2. a generated corpus of hand-made-style reports (benchmarks/corpus.py: python-docx, with
   typos, split tables, wrapped headers, …), as DOCX and converted to PDF by LibreOffice; the
   truth is every number cell the generator printed.
A cell is *exact* when the reader gives the printed number, a *reported miss* when the reader
gives no number for it (the importer lists what it could not read), and *silently wrong*
when it gives another number — the one outcome that must never happen.
Speed: the 2024 sample's PDF imported repeatedly in one warm process (min/median/max).
Targets: 100 % on (1), ≥ 99.5 % on (2), 0 silently wrong; the PDF in < 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

from reportgen.catalog import catalog  # noqa: E402
from reportgen.errors import ReportgenError  # noqa: E402
from reportgen.readers import read_file  # noqa: E402
from reportgen.readers.published import Published  # noqa: E402
from reportgen.validation import check_file, check_source  # noqa: E402

SAMPLES = sorted([*ROOT.glob("sample_inputs/*.yaml"), *ROOT.glob("sample_inputs/seeds/*.yaml")])


@dataclass
class Score:
    """Cells and labels of one reader over one set of documents."""

    files: int = 0
    cells: int = 0
    exact: int = 0
    reported: int = 0
    silent: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    rows: int = 0
    rows_found: int = 0
    typos: int = 0
    typos_noted: int = 0

    def line(self, name: str) -> str:
        share = 100 * self.exact / self.cells if self.cells else 0.0
        rows = f"{self.rows_found}/{self.rows}"
        typos = f"；错字 {self.typos_noted}/{self.typos} 处报为 R-LABEL" if self.typos else ""
        return (f"{name:<28} {self.files:>4} 份  单元格 {self.exact}/{self.cells} = {share:.3f} %  "
                f"报告的缺失 {self.reported}  静默错误 {len(self.silent)}  行/列名称匹配 {rows}{typos}"
                + (f"  拒绝 {len(self.refused)}" if self.refused else ""))


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _model_value(report: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        report = getattr(report, key, None)
    return report


def _compare(score: Score, name: str, truth: dict[tuple[str, ...], Any], got: Any) -> None:
    rows: dict[tuple[str, ...], bool] = {}
    for path, value in truth.items():
        found = got(path)
        score.cells += 1
        rows.setdefault(path[:-1], False)
        if isinstance(found, bool) or not isinstance(found, (int, Decimal)):
            score.reported += 1
            continue
        rows[path[:-1]] = True
        if Decimal(str(found)) == Decimal(str(value)):
            score.exact += 1
        else:
            score.silent.append(f"{name}: {'.'.join(path)} 应为 {value}，读出 {found}")
    score.rows += len(rows)
    score.rows_found += sum(rows.values())


def _read(path: Path, score: Score) -> Published | None:
    score.files += 1
    try:
        source = read_file(path, path.name)
    except ReportgenError as exc:
        score.refused.append(f"{path.name}: {exc}")
        return None
    except Exception as exc:  # a traceback is a bug: counted and shown, the run goes on
        score.refused.append(f"{path.name}: 程序错误 {exc!r}")
        return None
    assert isinstance(source, Published)
    return source


def own_outputs(work: Path, soffice: bool, reuse: bool = False) -> dict[str, Score]:
    """Build every sample, read each output back, compare with the sample's model."""
    out = work / "own"
    if not (reuse and (out / "lo").is_dir()):
        _build(out, soffice)
    kinds = {"DOCX（reportgen）": ("", ".docx"), "PDF（reportgen）": ("", ".pdf"),
             "HTML（reportgen 网页）": ("web/", ".html")}
    if soffice:
        kinds["PDF（DOCX 经 LibreOffice）"] = ("lo/", ".pdf")
    return _score_own(out, kinds)


def _build(out: Path, soffice: bool) -> None:
    subprocess.run([sys.executable, "-m", "reportgen", "build", *map(str, SAMPLES), "-o", str(out),
                    "--to", "docx,pdf,web"], check=True, capture_output=True)
    if soffice:
        corpus.to_pdf([out / f"{s.stem}.docx" for s in SAMPLES], out / "lo")


def _score_own(out: Path, kinds: dict[str, tuple[str, str]]) -> dict[str, Score]:
    scores = {}
    for kind, (folder, suffix) in kinds.items():
        score = scores[kind] = Score()
        for sample in SAMPLES:
            original = check_file(sample)
            assert original.report is not None, sample
            cells = catalog(original.format.id).cells
            truth = {p: _model_value(original.report, p) for p in cells}
            truth = {p: v for p, v in truth.items() if v is not None}
            source = _read(out / f"{folder}{sample.stem}{suffix}", score)
            if source is None:
                score.cells += len(truth)
                score.reported += len(truth)
                continue
            again = check_source(source)
            if again.report is None:
                _compare(score, f"{kind} {sample.stem}", truth, lambda p, s=source: _get(s.data, p))
            else:
                _compare(score, f"{kind} {sample.stem}", truth,
                         lambda p, r=again.report: _model_value(r, p))
    return scores


def generated(work: Path, count: int, soffice: bool, reuse: bool = False) -> dict[str, Score]:
    """Generate the hand-made-style corpus, read it back as DOCX and as PDF."""
    folder = work / "corpus"
    reports = corpus.generate(folder, count)
    kinds = {"DOCX（生成语料）": ".docx"}
    if soffice and reuse and all((folder / f"{r.name}.pdf").is_file() for r in reports):
        kinds["PDF（生成语料经 LibreOffice）"] = ".pdf"  # the same seed gives the same files
    elif soffice:
        started = time.perf_counter()
        corpus.to_pdf([folder / f"{r.name}.docx" for r in reports], folder)
        print(f"（LibreOffice 转换 {count} 份用时 {time.perf_counter() - started:.0f} 秒）", file=sys.stderr)
        kinds["PDF（生成语料经 LibreOffice）"] = ".pdf"
    scores = {}
    for kind, suffix in kinds.items():
        score = scores[kind] = Score()
        for report in reports:
            source = _read(folder / f"{report.name}{suffix}", score)
            if source is None:
                score.cells += len(report.truth)
                score.reported += len(report.truth)
                continue
            _compare(score, f"{kind} {report.name}", report.truth,
                     lambda p, s=source: _get(s.data, p))
            noted = {n.official for n in source.notes if n.kind == "label"}
            score.typos += len(report.labels.typos)
            score.typos_noted += sum(1 for official in report.labels.typos if official in noted)
    return scores


def speed(work: Path, rounds: int = 7) -> list[str]:
    """Time importing reportgen's PDFs of the 2024 sample and of a 6-page sample, warm.

    Wall-clock time depends on what else the machine runs; the process's CPU time does not
    (much), so both are given.
    """
    import pdfplumber

    out = []
    for stem in ("2024", "anju-2018"):
        pdf = work / "own" / f"{stem}.pdf"
        with pdfplumber.open(pdf) as document:
            pages = len(document.pages)
        read_file(pdf)  # warm: imports, fonts, caches
        wall, cpu = [], []
        for _ in range(rounds):
            started, used = time.perf_counter(), time.process_time()
            read_file(pdf)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        out.append(f"速度：{pdf.name}（{pages} 页）导入 {rounds} 次，"
                   f"实耗 最短 {min(wall):.3f} / 中位 {statistics.median(wall):.3f} / 最长 {max(wall):.3f} 秒，"
                   f"CPU 最短 {min(cpu):.3f} / 中位 {statistics.median(cpu):.3f} / 最长 {max(cpu):.3f} 秒"
                   "（目标 < 1 秒）")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=200, help="generated reports (default 200)")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    parser.add_argument("--no-soffice", action="store_true", help="skip LibreOffice conversions")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: reuse the outputs and PDFs of an earlier run")
    args = parser.parse_args()
    soffice = not args.no_soffice and shutil.which("soffice") is not None
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        reuse = args.reuse and args.keep is not None
        scores = {**own_outputs(work, soffice, reuse), **generated(work, args.corpus, soffice, reuse)}
        for name, score in scores.items():
            print(score.line(name))
        for line in speed(work):
            print(line)
        print(f"（机器负载 {' '.join(f'{x:.1f}' for x in os.getloadavg())}，{os.cpu_count()} 个 CPU）")
        problems = [line for score in scores.values() for line in score.silent + score.refused]
        for line in problems[:40]:
            print("  " + line)
        silent = sum(len(s.silent) for s in scores.values())
        return 1 if silent else 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
