"""Batch benchmark (issue 5): many agencies validated and built, scaling with --jobs.

Usage: .venv/bin/python benchmarks/bench_batch.py [--validate 100 1000] [--build 100]

Generates N synthetic valid agency files (benchmarks/agencies.py), then runs the CLI as a
supervising office would: `reportgen validate DIR --jobs J` and `reportgen build DIR --jobs J`.
Reports seconds, reports per second and the peak memory of the largest process (the parent or
one worker). Targets: validate 1000 files in under 10 s; build with --jobs 2 at least 1.7 x
--jobs 1; memory flat in N.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import agencies

REPORTGEN = str(Path(sys.executable).parent / "reportgen")


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        found.append(pid)
        frontier += [child for child, parent in parents.items() if parent == pid]
    return found


def _peak(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "")
    return int(match.split()[1]) if match else 0


def measure(args: list[str]) -> tuple[float, float]:
    """Run reportgen with ``args``; return (seconds, peak MiB of its largest process, the
    parent or a worker, sampled from /proc while it runs)."""
    start = time.perf_counter()
    process = subprocess.Popen([REPORTGEN, *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max([peak, *(_peak(pid) for pid in _descendants(process.pid))])
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"reportgen {' '.join(args)} failed:\n{process.stderr.read()[-2000:]}")
    return seconds, peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--build", type=int, nargs="*", default=[100])
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-batch-"))
    print(f"{'command':<9} {'files':>6} {'jobs':>4} {'seconds':>8} {'files/s':>8} {'peak MiB':>9}")
    results: dict[tuple[str, int, int], float] = {}
    for command, sizes in (("validate", options.validate), ("build", options.build)):
        for n in sizes:
            folder = work / f"in-{n}"
            if not folder.exists():
                agencies.write(folder, n, seed=n)
            for jobs in (1, 2):
                args = [command, str(folder), "--jobs", str(jobs)]
                if command == "build":
                    shutil.rmtree(work / "out", ignore_errors=True)
                    args += ["-o", str(work / "out")]
                seconds, peak = measure(args)
                results[(command, n, jobs)] = seconds
                print(f"{command:<9} {n:>6} {jobs:>4} {seconds:>8.1f} {n / seconds:>8.1f} {peak:>9.0f}")
    print("\ntargets:")
    if 1000 in options.validate:
        best = min(results[("validate", 1000, jobs)] for jobs in (1, 2))
        print(f"  {'met   ' if best < 10 else 'MISSED'} validate 1000 files: {best:.1f} s (< 10 s)")
    for n in options.build:
        speedup = results[("build", n, 1)] / results[("build", n, 2)]
        print(f"  {'met   ' if speedup >= 1.7 else 'MISSED'} build {n} files: --jobs 2 is "
              f"{speedup:.2f} x --jobs 1 (>= 1.7)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
