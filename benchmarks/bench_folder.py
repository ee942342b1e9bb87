"""Folder-check benchmark (issue 19.4): ``reportgen validate DIR`` of many agencies' files with
last year's files beside them, against a reference commit, old and new side by side.

Usage: .venv/bin/python benchmarks/bench_folder.py [--agencies 1500] [--runs 3] [--ref 62179ae]
                                                    [--jobs 1 2] [--cache]

Without ``--cache`` every run gets an empty cache folder (``XDG_CACHE_HOME``), so that this
checkout checks every file as the reference does (cold). With ``--cache``, no reference: this checkout only, each ``--jobs`` value cold (an empty findings
cache, filled by the run), warm (the cache the cold run filled) and with ``--no-cache``,
interleaved, with the same statistics.

Generates ``--agencies`` agencies, each with this year's and last year's file (so 1500 gives the
3,000-file folder of the target) in a temporary folder, checks the reference commit out into a
temporary git worktree (same interpreter and libraries), and runs the CLI on the folder
interleaved (reference, now, reference, now …, so that machine noise hits both alike), once per
``--jobs`` value. Reported per configuration, as min / median / max: wall seconds and CPU
seconds (this process's children, workers included), and the ratio now / reference of the
medians. The load average is printed before and after: on a busy machine wall time is mostly
waiting for a core, and CPU time is the figure to compare.

Targets (issue 19): ``validate`` of the 3,000-file folder <= 3 s; ``--jobs 2`` never slower than
``--jobs 1``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import agencies  # noqa: E402
from bench_render import reference_checkout  # noqa: E402


def write_folder(folder: Path, count: int, seed: int = 1) -> None:
    """Write ``count`` agencies' files for 2024 and for 2023 (the previous year) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for index in range(count):
        text = agencies.agency_text(index, rng)
        (folder / f"a{index:04d}-2024.yaml").write_text(text, encoding="utf-8")
        last = (text.replace("year: 2024", "year: 2023").replace("published: 2025-01-20", "published: 2024-01-20")
                .replace("2024年", "2023年"))
        (folder / f"a{index:04d}-2023.yaml").write_text(last, encoding="utf-8")


def run(checkout: Path, folder: Path, jobs: int, *more: str,
        cache_home: Path | None = None) -> tuple[float, float]:
    """Run ``reportgen validate folder --jobs N`` of ``checkout``; return (wall, CPU) seconds."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    if cache_home is not None:
        env["XDG_CACHE_HOME"] = str(cache_home)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(folder), "--jobs", str(jobs),
                           *more],
                          cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{checkout}: validate exited {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _summary(values: list[float]) -> str:
    return f"{min(values):6.2f} {statistics.median(values):6.2f} {max(values):6.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ref", default="62179ae")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--cache", action="store_true", help="cold / warm / --no-cache, no reference")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-folder-"))
    try:
        folder = work / "各单位"
        write_folder(folder, args.agencies)
        files = sum(1 for _ in folder.iterdir())
        print(f"{files} files ({args.agencies} agencies x 2 years), {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f}; {args.runs} interleaved runs each")
        if args.cache:
            _cache_runs(work, folder, args.jobs, args.runs)
            return
        with reference_checkout(args.ref) as reference:
            fonts = ROOT / "templates" / "fonts"
            if fonts.exists() and not (reference / "templates" / "fonts").exists():
                (reference / "templates" / "fonts").symlink_to(fonts.resolve())
            checkouts = {f"ref {args.ref}": reference, "now": ROOT}
            results: dict[tuple[str, int], dict[str, list[float]]] = {}
            for number in range(args.runs):
                for jobs in args.jobs:
                    for name, checkout in checkouts.items():
                        # An empty cache folder each run: both sides check every file (cold).
                        home = work / f"home-{number}-{jobs}-{name.split()[0]}"
                        wall, cpu = run(checkout, folder, jobs, cache_home=home)
                        record = results.setdefault((name, jobs), {"wall": [], "cpu": []})
                        record["wall"].append(wall)
                        record["cpu"].append(cpu)
        print(f"{'':22} {'wall min/median/max':>24} {'CPU min/median/max':>24}")
        for (name, jobs), record in results.items():
            print(f"{name + f' --jobs {jobs}':22} {_summary(record['wall']):>24} {_summary(record['cpu']):>24}")
        for jobs in args.jobs:
            old, new = results[(f"ref {args.ref}", jobs)], results[("now", jobs)]
            print(f"--jobs {jobs}: now/ref wall {statistics.median(new['wall']) / statistics.median(old['wall']):.2f}, "
                  f"CPU {statistics.median(new['cpu']) / statistics.median(old['cpu']):.2f}")
        if len(args.jobs) > 1:
            base = results[("now", args.jobs[0])]
            for jobs in args.jobs[1:]:
                other = results[("now", jobs)]
                print(f"now --jobs {jobs} / --jobs {args.jobs[0]}: wall "
                      f"{statistics.median(other['wall']) / statistics.median(base['wall']):.2f}")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cache_runs(work: Path, folder: Path, jobs_values: list[int], runs: int) -> None:
    """This checkout cold, warm and uncached, per ``--jobs`` value, interleaved."""
    results: dict[tuple[str, int], dict[str, list[float]]] = {}
    for number in range(runs):
        for jobs in jobs_values:
            home = work / f"cache-{jobs}-{number}"  # empty: the cold run fills it
            for mode, more in (("cold", ()), ("warm", ()), ("no-cache", ("--no-cache",))):
                wall, cpu = run(ROOT, folder, jobs, *more, cache_home=home)
                record = results.setdefault((mode, jobs), {"wall": [], "cpu": []})
                record["wall"].append(wall)
                record["cpu"].append(cpu)
    print(f"{'':22} {'wall min/median/max':>24} {'CPU min/median/max':>24}")
    for (mode, jobs), record in sorted(results.items(), key=lambda item: (item[0][0], item[0][1])):
        print(f"{mode + f' --jobs {jobs}':22} {_summary(record['wall']):>24} {_summary(record['cpu']):>24}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
