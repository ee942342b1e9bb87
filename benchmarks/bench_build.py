"""Benchmark of building the sample reports (issue 3 targets), as ratios measured in one run.

Usage: .venv/bin/python benchmarks/bench_build.py [--runs N]

Reports, for each sample: cold ``reportgen build`` process time; warm in-process time split
into validate / DOCX / PDF; WeasyPrint alone on the same HTML; peak memory; PDF size; and the
reference a user would otherwise take: LibreOffice converting our DOCX to PDF (cold). Figures
are min / median / max over N runs (default 5). Targets:
  (a) warm validate+DOCX+PDF <= 1.15 x WeasyPrint alone on the same HTML
  (b) warm DOCX alone <= 100 ms
  (c) cold `reportgen build` (both formats) <= 1.3 x cold LibreOffice DOCX -> PDF
  (d) cold `reportgen validate` <= 1.5 x bare `python -c "import pydantic, yaml"`

For (d) it also reports the floor set by the fixed library choices: a typer CLI that does
nothing (one command taking files and a flag, as ``validate`` does), and the imports of typer
and pydantic's model machinery. Typer (since 0.2x) coerces every command-line value through a
pydantic TypeAdapter, so any typer CLI pays for pydantic's schema machinery before our code runs.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REPORTGEN = str(Path(PYTHON).parent / "reportgen")
SAMPLES = [ROOT / "sample_inputs" / "2019.yaml", ROOT / "sample_inputs" / "2024.yaml",
           ROOT / "sample_inputs" / "seeds" / "manzhouli-2018.yaml"]

#: What any CLI built on the fixed libraries costs before reportgen's own code runs: the imports
#: of typer and of pydantic's model machinery, and a typer command that does nothing.
FLOORS = [
    ("import typer + pydantic.BaseModel",
     "import pydantic, yaml, typer; from pydantic import BaseModel"),
    ("typer CLI doing nothing (files + flag)",
     "import typer\n"
     "def validate(files: list[str], strict: bool = False) -> None: pass\n"
     "typer.run(validate)"),
]


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Return the wall times of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def interleaved(actions: list[Callable[[], object]], runs: int) -> list[list[float]]:
    """Time ``actions`` in turns (A B A B ...), ``runs`` times each, after one untimed turn.

    Taking turns makes drift in the machine's speed weigh on every side of a ratio alike; the
    untimed turn keeps one-off costs (compiling .pyc files, creating LibreOffice's profile)
    out of the figures, since a user pays them once, not per document.
    """
    for action in actions:
        action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, column in zip(actions, times, strict=True):
            column += timed(action, 1)
    return times


def peak_rss(command: list[str]) -> float:
    """Return the peak resident memory (MiB) of ``command`` and its children, run once.

    Measured from a fresh parent process: this one's RUSAGE_CHILDREN also holds every earlier
    child (LibreOffice included), whose peak would be reported instead.
    """
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([PYTHON, "-c", probe, *command], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return int(done.stdout) / 1024


def spread(times: list[float]) -> str:
    """Format min / median / max in milliseconds."""
    return f"{min(times) * 1000:7.0f} {statistics.median(times) * 1000:7.0f} {max(times) * 1000:7.0f}"


def run(command: list[str], cwd: Path) -> None:
    """Run a command, failing loudly."""
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)


def measure(sample: Path, runs: int, work: Path, soffice: str | None) -> list[tuple[str, bool]]:
    """Measure one sample; return (verdict text, met) pairs."""
    import weasyprint

    from reportgen.context import build
    from reportgen.validation import check_file
    from reportgen.writers import docx as docx_writer
    from reportgen.writers import html as html_writer
    from reportgen.writers import pdf as pdf_writer
    from reportgen.writers import render

    verdicts: list[tuple[str, bool]] = []
    print(f"== {sample.relative_to(ROOT)}")

    def pipeline(sample: Path = sample) -> None:  # the build's own path, minus file writes
        result = check_file(sample)
        assert result.report is not None
        render(build(result.format, result.report), ("docx", "pdf"), sample.parent)

    pipeline()  # warm caches, fonts, templates
    result = check_file(sample)
    assert result.report is not None
    doc = build(result.format, result.report)
    html = html_writer.render(doc)
    validate_t = timed(lambda: check_file(sample), runs)
    docx_t = timed(lambda: docx_writer.render(doc), runs)
    pdf_t = timed(lambda: pdf_writer.render(html, sample.parent), runs)
    # WeasyPrint alone does the same work: a tagged PDF (reportgen's default).
    total_t, weasy_t = interleaved([pipeline, lambda: weasyprint.HTML(
        string=html, base_url=str(sample.parent)).write_pdf(pdf_tags=True)], runs)
    pdf_size = len(pdf_writer.render(html, sample.parent))
    print(f"  warm validate            {spread(validate_t)}")
    print(f"  warm DOCX                {spread(docx_t)}")
    print(f"  warm PDF (HTML→PDF)      {spread(pdf_t)}")
    print(f"  warm all (valid+DOCX+PDF){spread(total_t)}")
    print(f"  WeasyPrint alone         {spread(weasy_t)}")
    out = work / sample.stem
    docx_file = out / f"{sample.stem}.docx"
    profile = work / "lo-profile"

    def cold_build() -> None:
        run([REPORTGEN, "build", str(sample), "-o", str(out)], ROOT)

    def cold_libreoffice() -> None:
        run([str(soffice), f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(work / "lo"), str(docx_file)], ROOT)

    if soffice:
        cold_t, lo_t = interleaved([cold_build, cold_libreoffice], runs)
    else:
        (cold_t,) = interleaved([cold_build], runs)
    peak = peak_rss([REPORTGEN, "build", str(sample), "-o", str(out)])
    print(f"  cold reportgen build     {spread(cold_t)}   (peak RSS of a build ≈ {peak:.0f} MiB)")
    print(f"  PDF size                 {pdf_size / 1024:.0f} KiB")
    ratio_a = statistics.median(total_t) / statistics.median(weasy_t)
    verdicts.append((f"(a) {sample.name}: warm all / WeasyPrint alone = {ratio_a:.2f} (≤ 1.15)",
                     ratio_a <= 1.15))
    verdicts.append((f"(b) {sample.name}: warm DOCX median = "
                     f"{statistics.median(docx_t) * 1000:.0f} ms (≤ 100)",
                     statistics.median(docx_t) <= 0.100))
    if soffice:
        print(f"  cold LibreOffice DOCX→PDF{spread(lo_t)}")
        ratio_c = statistics.median(cold_t) / statistics.median(lo_t)
        verdicts.append((f"(c) {sample.name}: cold build / cold LibreOffice = {ratio_c:.2f} (≤ 1.3)",
                         ratio_c <= 1.3))
    print()
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs



    soffice = shutil.which("soffice")
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    print(f"runs per figure: {runs}; times in ms as min / median / max\n")
    verdicts: list[tuple[str, bool]] = []
    for sample in SAMPLES:
        verdicts += measure(sample, runs, work, soffice)
    commands = [[PYTHON, "-c", "import pydantic, yaml"], [REPORTGEN, "validate", str(SAMPLES[0])],
                *([PYTHON, "-c", code, "x"] for _, code in FLOORS)]
    base_t, validate_cold, *floors_t = interleaved(
        [functools.partial(run, command, ROOT) for command in commands], runs)
    print(f"cold python -c 'import pydantic, yaml' {spread(base_t)}")
    print(f"cold reportgen validate               {spread(validate_cold)}")
    ratio_d = statistics.median(validate_cold) / statistics.median(base_t)
    print("floor of the fixed libraries, same measure (x bare import, median):")
    for (label, _), floor_t in zip(FLOORS, floors_t, strict=True):
        ratio = statistics.median(floor_t) / statistics.median(base_t)
        print(f"  {label:<40}{spread(floor_t)}  = {ratio:.2f} x")
    verdicts.append((f"(d) cold validate / bare import = {ratio_d:.2f} (≤ 1.5)", ratio_d <= 1.5))
    if not soffice:
        print("(c) skipped: LibreOffice (soffice) is not installed — apt-get install "
              "libreoffice-writer-nogui")
    print("\ntargets:")
    for text, ok in verdicts:
        print(f"  {'met   ' if ok else 'MISSED'} {text}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
