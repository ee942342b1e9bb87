"""Many inputs at once: previous-year discovery, output names, parallel workers.

Each input becomes a :class:`Task`; a worker (a separate process when ``jobs > 1``) checks
it, finds nothing wrong or reports why, renders and writes its outputs, and returns an
:class:`Outcome` made of plain data. Output names are decided before any work starts, so
parallel workers never race for a name.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Finding, HasFindings, ReportgenError


@dataclass(frozen=True)
class Task:
    """One input to check and perhaps build."""

    path: Path
    stem: str  # output file name without extension, unique in this run
    previous: Path | None = None
    output_dir: Path | None = None  # None: check only
    kinds: tuple[str, ...] = ()
    style: Path | None = None  # the house style; None: the input's own ``style:`` key
    rules: Path | None = None  # the local rules folder; None: the input's own ``rules:`` key


@dataclass
class Outcome(HasFindings):
    """What became of one input (plain data, so that it can come back from a worker)."""

    name: str
    format_id: str
    findings: list[Finding]
    written: list[Path] = field(default_factory=list)
    problem: str = ""  # why nothing was written although the input is valid
    previous: str = ""  # the previous year's file compared with, if any

    @property
    def status(self) -> str:
        """``errors``, ``failed`` (valid but not written), ``warnings`` or ``ok``."""
        if self.errors:
            return "errors"
        if self.problem:
            return "failed"
        return "warnings" if self.warnings else "ok"


def default_jobs() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def work(task: Task) -> Outcome:
    """Check one input and, when asked and it is valid, build and write its outputs."""
    from .localrules import load_rules
    from .validation import check_file

    local = load_rules(task.rules) if task.rules else None
    checked = check_file(task.path, previous=task.previous, local=local)
    outcome = Outcome(checked.name, checked.format.id, checked.findings,
                      previous=str(task.previous) if task.previous else "")
    if task.output_dir is None or checked.errors or checked.report is None:
        return outcome
    from .context import build
    from .files import write_all_atomic
    from .styles import load_style
    from .writers import OUTPUT_KINDS, render

    try:
        folder = task.style or _own_style(task.path, getattr(checked.report, "style", None))
        house = load_style(folder)
        doc = build(checked.format, checked.report, house.style.title)
        outputs = render(doc, task.kinds, task.path.parent, house)
    except ReportgenError as exc:
        outcome.problem = exc.message
        return outcome
    files = {task.output_dir / f"{task.stem}.{kind}": outputs[kind]
             for kind in OUTPUT_KINDS if kind in outputs}
    write_all_atomic(files)
    outcome.written = list(files)
    return outcome


#: Reports a worker renders before it is replaced by a fresh one (when building; checking
#: alone keeps no caches worth recycling). A worker's memory creeps up
#: by about 0.2 MiB a report (caches below WeasyPrint); recycling keeps a run of any length
#: flat, at the cost of a worker start (~1 s) per this many reports.
REPORTS_PER_WORKER = 100


def _recycling() -> dict[str, Any]:
    import multiprocessing

    if sys.version_info < (3, 11):  # max_tasks_per_child needs Python 3.11, and no fork
        return {}
    # A fork server that has already imported the renderers starts each new worker in
    # milliseconds instead of re-importing WeasyPrint (~1 s) as spawn would.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["reportgen.batch", "reportgen.pipeline", "weasyprint",
                                    "docxtpl", "reportgen.writers.pdf", "reportgen.writers.docx"])
    return {"max_tasks_per_child": REPORTS_PER_WORKER, "mp_context": context}


def _own_style(path: Path, named: str | None) -> Path | None:
    """The style folder an input names (relative to it). It must be a style folder (with a
    style.yaml): an input must not point the renderer at an arbitrary folder of this machine.

    Raises:
        ReportgenError: the named folder is not a style folder.
    """
    if not named:
        return None
    folder = path.parent / named
    if not (folder / "style.yaml").is_file():
        raise ReportgenError(f"style: {named} 不是样式文件夹（{folder} 中没有 style.yaml）；"
                             "可用 reportgen style export 生成样式文件夹")
    return folder


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the parent handles it, so a
    # worker always finishes (and writes whole) the file it is on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(tasks: list[Task], jobs: int) -> Generator[Outcome, None, None]:
    """Run the tasks, in ``jobs`` worker processes when more than one; yield in task order.

    At most ``jobs`` inputs are in progress at a time, so that on Ctrl-C no new input is
    started: the ones in progress finish (their outputs written whole), the rest never start.
    """
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield work(task)
        return
    # Imported here: a single input (the common case) needs no process pool.
    from concurrent.futures import Future, ProcessPoolExecutor

    # Recycling only pays when a worker would otherwise render many reports.
    long_build = (any(task.output_dir is not None for task in tasks)
                  and len(tasks) > jobs * REPORTS_PER_WORKER)
    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts,
                                   **(_recycling() if long_build else {}))
    waiting = iter(tasks)
    running: deque[Future[Outcome]] = deque(
        executor.submit(work, task) for task in itertools.islice(waiting, jobs))
    try:
        while running:
            outcome = running.popleft().result()
            following = next(waiting, None)
            if following is not None:
                running.append(executor.submit(work, following))
            yield outcome
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
