"""Render benchmark (issue 19): this checkout against a reference commit, side by side, in one run.

Usage: .venv/bin/python benchmarks/bench_render.py [--reference REV] [--runs N]
                                                 [--no-callgrind] [--no-typst] [--no-batch]

The reference (default ``ebaae14``, the commit issue 19 starts from) is checked out into a
temporary git worktree, so old and new code run with the same interpreter and libraries, and
their runs are interleaved (old, new, old, new …) so that machine noise hits both alike.
Reported, each as min / median / max and as the ratio new / reference:
  - warm PDF render of one report (validate + context + PDF, in a process that already rendered
    once): wall time and CPU time;
  - instructions of one warm render, counted by valgrind's callgrind (the instruction count of
    warm-up + 2 renders minus warm-up + 1 render); skipped with the reason when valgrind is missing
    (``bash benchmarks/setup.sh`` installs it and Typst);
  - peak memory (max RSS) of a cold process rendering once;
  - ``reportgen build`` of 10 generated files with ``--jobs 1`` (wall time, CLI processes);
  - Typst rendering the same content (benchmarks/typst_doc.py): a fresh compiler per document and
    a reused one (the title changed each run so nothing is memoised away), and the ratio
    reportgen / Typst per page.
Targets (issue 19): warm render <= 0.6 x the reference (CPU and instructions); cold peak
memory <= 0.55 x; build of 10 files with --jobs 1 <= 0.65 x.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
TYPST_TARGET = HERE / ".typst"  # where benchmarks/setup.sh installs the typst package
SAMPLE = ROOT / "sample_inputs" / "2024.yaml"
sys.path.insert(0, str(HERE))

#: Runs inside a process whose PYTHONPATH is the checkout being measured; the API it uses is
#: the same in the reference and now (``render`` moved from pipeline to writers).
DRIVER = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
sample, mode, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
from reportgen.context import build
from reportgen.styles import load_style
from reportgen.validation import check_file
try:
    from reportgen.writers import render
except ImportError:
    from reportgen.pipeline import render

def once():
    checked = check_file(sample)
    house = load_style()
    return render(build(checked.format, checked.report, house.style.title), ("pdf",),
                  sample.parent, house)["pdf"]

if mode == "cold":
    pdf = once()
    print(json.dumps({"rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "sha": hashlib.sha256(pdf).hexdigest()}))
elif mode == "warm":
    once()
    for _ in range(count):
        wall, cpu = time.perf_counter(), time.process_time()
        once()
        print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
else:  # "count": warm-up, then `count` renders, for callgrind
    once()
    for _ in range(count):
        once()
"""


@contextmanager
def reference_checkout(rev: str) -> Iterator[Path]:
    """Check ``rev`` out into a temporary worktree; remove it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="reportgen-reference-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), rev],
                   check=True)
    _fonts_as_set_up(folder)
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)],
                       check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _fonts_as_set_up(checkout: Path) -> None:
    """Give a reference checkout the built-in fonts its own ``scripts/setup.sh`` would install.

    The Fandol faces in ``templates/fonts`` are fetched by the set-up, not committed, so a bare
    worktree of a commit from after 8ff72ae would render with the fallback fonts and measure
    another document. A reference from before (such as ``ebaae14``) never had them.
    """
    fonts = ROOT / "templates" / "fonts"
    setup = checkout / "scripts" / "setup.sh"
    if fonts.is_dir() and setup.is_file() and "templates/fonts" in setup.read_text("utf-8"):
        shutil.copytree(fonts, checkout / "templates" / "fonts", dirs_exist_ok=True)


_CACHES = Path(tempfile.mkdtemp(prefix="reportgen-bench-cache-"))


def _env(checkout: Path) -> dict[str, str]:
    # Each checkout gets its own cache (the reference's Word template cache is not ours).
    cache = _CACHES / checkout.name
    return {**os.environ, "PYTHONPATH": str(checkout), "XDG_CACHE_HOME": str(cache)}


def _driver(checkout: Path, mode: str, count: int, prefix: tuple[str, ...] = ()) -> str:
    done = subprocess.run([*prefix, sys.executable, "-c", DRIVER, str(SAMPLE), mode, str(count)],
                          cwd=checkout, env=_env(checkout), capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def _summary(values: list[float], unit: str, scale: float = 1.0) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{low * scale:8.1f} {mid * scale:8.1f} {high * scale:8.1f} {unit}"


def _row(name: str, old: list[float], new: list[float], unit: str, scale: float = 1.0) -> None:
    ratio = statistics.median(new) / statistics.median(old)
    print(f"{name:34} ref {_summary(old, unit, scale)} | now {_summary(new, unit, scale)} | "
          f"now/ref {ratio:5.2f}")


def warm_renders(checkouts: dict[str, Path], runs: int) -> dict[str, dict[str, list[float]]]:
    """Interleave ``runs`` rounds of (reference, now) processes, 3 warm renders each."""
    out: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in checkouts}
    for _ in range(runs):
        for name, checkout in checkouts.items():
            for line in _driver(checkout, "warm", 3).splitlines():
                if line.startswith("{"):
                    record = json.loads(line)
                    out[name]["wall"].append(record["wall"])
                    out[name]["cpu"].append(record["cpu"])
    return out


def instructions(checkout: Path) -> float | None:
    """Return the instructions of one warm render (callgrind), or None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    counts = []
    for renders in (1, 2):
        text = _driver(checkout, "count", renders,
                       ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"))
        found = re.search(r"Collected : (\d+)", text)
        assert found, text[-2000:]
        counts.append(int(found.group(1)))
    return float(counts[1] - counts[0])


def cold_memory(checkouts: dict[str, Path], runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {k: [] for k in checkouts}
    digests: dict[str, str] = {}
    for _ in range(runs):
        for name, checkout in checkouts.items():
            record = json.loads(_driver(checkout, "cold", 1).splitlines()[-1])
            out[name].append(record["rss"])
            digests[name] = record["sha"]
    same = len(set(digests.values())) == 1
    print(f"PDF bytes of the 2024 sample: {'identical' if same else 'DIFFERENT'} (ref vs now)")
    return out


def batch_builds(checkouts: dict[str, Path], runs: int) -> dict[str, list[float]]:
    import agencies

    out: dict[str, list[float]] = {k: [] for k in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        agencies.write(folder, 10)
        for _ in range(runs):
            for name, checkout in checkouts.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "reportgen", "build", str(folder), "-o",
                                str(Path(tmp) / name), "--jobs", "1"], cwd=checkout,
                               env=_env(checkout), capture_output=True, check=True)
                out[name].append(time.perf_counter() - start)
    return out


def typst_comparison(warm_now: list[float], runs: int) -> None:
    if not (TYPST_TARGET / "typst").is_dir():
        print("Typst: skipped (run bash benchmarks/setup.sh to install it into benchmarks/.typst)")
        return
    sys.path.insert(0, str(TYPST_TARGET))
    import typst
    import typst_doc

    sys.path.insert(0, str(ROOT))
    from reportgen.context import build
    from reportgen.validation import check_file

    checked = check_file(SAMPLE)
    assert checked.report is not None
    source = typst_doc.markup(build(checked.format, checked.report, None))
    fresh, reused = [], []
    compiler = typst.Compiler()
    compiler.compile(input=source.encode())
    for run in range(runs):
        start = time.perf_counter()
        pdf = typst.compile(source.encode())
        fresh.append(time.perf_counter() - start)
        changed = source.replace("年度报告", f"年度报告{run}", 1).encode()
        start = time.perf_counter()
        compiler.compile(input=changed)
        reused.append(time.perf_counter() - start)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    print(f"Typst ({pages} pages)              fresh {_summary(fresh, 'ms', 1000)} | "
          f"reused {_summary(reused, 'ms', 1000)}")
    ours = statistics.median(warm_now)
    print(f"reportgen warm / Typst reused: {ours / statistics.median(reused):5.1f} x;  "
          f"/ Typst fresh: {ours / statistics.median(fresh):5.1f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--reference", default="ebaae14")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-callgrind", action="store_true")
    parser.add_argument("--no-typst", action="store_true")
    parser.add_argument("--no-batch", action="store_true")
    args = parser.parse_args()
    with reference_checkout(args.reference) as reference:
        checkouts = {"ref": reference, "now": ROOT}
        print(f"reference {args.reference} vs this checkout; {args.runs} interleaved rounds")
        warm = warm_renders(checkouts, args.runs)
        _row("warm render, wall", warm["ref"]["wall"], warm["now"]["wall"], "ms", 1000)
        _row("warm render, CPU", warm["ref"]["cpu"], warm["now"]["cpu"], "ms", 1000)
        memory = cold_memory(checkouts, max(2, args.runs // 2))
        _row("cold render, peak memory", memory["ref"], memory["now"], "MiB")
        if not args.no_callgrind:
            # Both checkouts at once: counts do not depend on the load, and each takes minutes.
            with ThreadPoolExecutor(len(checkouts)) as pool:
                futures = {name: pool.submit(instructions, path) for name, path in checkouts.items()}
                counts = {name: future.result() for name, future in futures.items()}
            if counts["ref"] is None or counts["now"] is None:
                print("instructions: skipped (valgrind not installed; bash benchmarks/setup.sh)")
            else:
                _row("warm render, instructions", [counts["ref"]], [counts["now"]], "G", 1e-9)
        if not args.no_batch:
            batch = batch_builds(checkouts, max(2, args.runs // 2))
            _row("build 10 files --jobs 1", batch["ref"], batch["now"], "s")
        if not args.no_typst:
            typst_comparison(warm["now"]["wall"], args.runs)


if __name__ == "__main__":
    main()
