"""How large an input reportgen handles: build time and peak memory against report length.

Usage: .venv/bin/python benchmarks/bench_limits.py [--pages 5 50 200 500]

Generates gov2021 inputs whose 一、总体情况 runs to about N pages (22 lines x 28 characters a
page, GB/T 9704), builds DOCX + PDF in a fresh process each, and reports seconds and peak RSS.
The input size limit (reportgen.loader.MAX_INPUT_BYTES, 1 MiB ≈ 560 pages) is set from this.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTGEN = str(Path(sys.executable).parent / "reportgen")
CHARS_PER_PAGE = 22 * 28
WORDS = "政府信息公开工作年度报告主动依申请办理结果情况本年度我局推进平台建设监督保障"


def make_input(pages: int, folder: Path) -> Path:
    """Write an otherwise minimal valid input with a narrative of about ``pages`` pages."""
    rng = random.Random(pages)
    paragraph = "".join(rng.choice(WORDS) for _ in range(CHARS_PER_PAGE - 28)) + "。"
    body = "\n\n".join(paragraph for _ in range(pages))
    text = (ROOT / "sample_inputs" / "2024.yaml").read_text(encoding="utf-8")
    start = text.index("overview:")
    end = text.index("active_disclosure:")
    narrative = "overview: |\n" + "\n".join(f"  {line}" for line in body.splitlines()) + "\n\n"
    path = folder / f"pages-{pages}.yaml"
    path.write_text(text[:start] + narrative + text[end:], encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[5, 50, 200, 500])
    pages_list = parser.parse_args().pages
    folder = Path(tempfile.mkdtemp(prefix="reportgen-limits-"))
    print(f"{'pages asked':>11} {'input KiB':>9} {'PDF pages':>9} {'seconds':>8} {'peak MiB':>8}")
    for pages in pages_list:
        source = make_input(pages, folder)
        start = time.perf_counter()
        run = subprocess.run(["/usr/bin/time", "-f", "%M", REPORTGEN, "build", str(source), "-o",
                              str(folder / "out")], capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if run.returncode != 0:
            print(f"{pages:>11} refused: {run.stdout.strip().splitlines()[-1]}")
            continue
        peak = int(run.stderr.strip().splitlines()[-1]) / 1024
        info = subprocess.run(["pdfinfo", str(folder / "out" / f"{source.stem}.pdf")],
                              capture_output=True, text=True, check=True).stdout
        printed = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages"))
        size = source.stat().st_size / 1024
        print(f"{pages:>11} {size:>9.0f} {printed:>9} {seconds:>8.1f} {peak:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
