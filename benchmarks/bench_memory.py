"""Memory over a long build (issue 19): does one process stay flat over many reports?

Usage: .venv/bin/python benchmarks/bench_memory.py [--reports 1000] [--kinds pdf]

Writes N synthetic agency files (benchmarks/agencies.py), then, in this one process, validates
each, builds its render context and renders it (PDF by default; ``--kinds pdf,docx,html``), as
``reportgen build --jobs 1`` does for a folder. The resident set size (VmRSS) is read after each
report and printed at checkpoints, with the growth per report over the second half of the run:
flat memory means that growth is about zero (no cache that grows with the number of reports).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def rss_mib() -> float:
    """Return this process's resident set size in MiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--kinds", default="pdf")
    args = parser.parse_args()
    import agencies

    from reportgen.context import build
    from reportgen.styles import load_style
    from reportgen.validation import check_file
    from reportgen.writers import render

    kinds = tuple(args.kinds.split(","))
    checkpoints = {1, 10, 50, 100, 250, 500, 750, args.reports}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        agencies.write(folder, args.reports)
        files = sorted(folder.glob("*.yaml"))
        rss: list[float] = []
        start = time.perf_counter()
        for number, path in enumerate(files, 1):
            checked = check_file(path)
            assert checked.report is not None, path
            house = load_style()
            render(build(checked.format, checked.report, house.style.title), kinds, folder, house)
            rss.append(rss_mib())
            if number in checkpoints:
                print(f"after {number:5} reports: RSS {rss[-1]:7.1f} MiB "
                      f"({time.perf_counter() - start:6.1f} s)", flush=True)
    half = len(rss) // 2
    growth = (rss[-1] - rss[half]) / max(1, len(rss) - 1 - half) * 1024
    print(f"RSS max {max(rss):.1f} MiB; growth over reports {half + 1}..{len(rss)}: "
          f"{growth:+.1f} KiB per report ({rss[-1] - rss[half]:+.1f} MiB in all)")


if __name__ == "__main__":
    main()
