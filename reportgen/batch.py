"""Many inputs at once: tasks, parallel workers, and what Ctrl-C does to them.

Each input becomes a :class:`Task`; a worker (a separate process when ``jobs > 1``) checks
it, finds nothing wrong or reports why, renders and writes its outputs, and returns an
:class:`Outcome` made of plain data. Output names are decided before any work starts, so
parallel workers never race for a name.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .discovery import PairingNote
from .errors import Finding, HasFindings, ReportgenError, Severity, UsageError, sort_key

if TYPE_CHECKING:
    from .validation import Checked


@dataclass(frozen=True)
class Task:
    """One input to check and perhaps build."""

    path: Path
    stem: str  # output file name without extension, unique in this run
    previous: Path | None = None
    output_dir: Path | None = None  # None: check only
    kinds: tuple[str, ...] = ()
    style: Path | None = None  # the house style; None: the input's own ``style:`` key
    display: str | None = None  # the name in messages, when not the path (standard input)
    pdf_standard: str | None = None  # PDF/A or PDF/UA variant (writers.pdf.PDF_STANDARDS)
    input_styles: bool = True  # False: ignore ``style:`` in inputs (--no-input-styles)
    rules: Path | None = None  # the local rules folder; None: the input's own ``rules:`` key
    pairing: PairingNote = field(default_factory=PairingNote)  # how ``previous`` was found, or why none
    cache: bool = False  # use the findings cache (checking only; reportgen.findcache)
    scanned: bool = False  # brought in by a folder or pattern, not named (see pass_over)


@dataclass
class Outcome(HasFindings):
    """What became of one input (plain data, so that it can come back from a worker)."""

    name: str
    format_id: str
    findings: list[Finding]
    written: list[Path] = field(default_factory=list)
    problem: str = ""  # why nothing was written although the input is valid
    previous: str = ""  # the previous year's file compared with, if any
    previous_candidates: list[str] = field(default_factory=list)  # several fitted: none used
    title: str = ""  # the report's title, agency and year once built (for a batch's index)
    agency: str = ""
    year: int = 0
    notices: list[str] = field(default_factory=list)  # for standard error (使用样式：…)
    interrupted: bool = False  # Ctrl-C came while its outputs were swapped in (they were)
    other_files: bool = False  # its check read a rules or style folder it names: not cached
    skipped: Finding | None = None  # why a scanned file is not an annual report (pass_over)

    @property
    def status(self) -> str:
        """``skipped`` (not a report), ``errors``, ``failed`` (valid but not written),
        ``warnings`` or ``ok``."""
        if self.skipped is not None:
            return "skipped"
        if self.errors:
            return "errors"
        if self.problem:
            return "failed"
        return "warnings" if self.warnings else "ok"


#: The refusals that say a document is no annual report at all (rather than a broken one).
NOT_REPORT_RULES = frozenset({"DOC-NOT-REPORT", "XLSX-NOT-REPORT"})


def not_a_report(findings: list[Finding]) -> Finding | None:
    """Return the refusal when ``findings`` say only that the document is no annual report."""
    if len(findings) == 1 and findings[0].rule in NOT_REPORT_RULES:
        return findings[0]
    return None


def pass_over(outcome: Outcome, task: Task) -> Outcome:
    """Return ``outcome`` as skipped when ``task``'s file, brought in by a folder or a pattern,
    is no annual report: a folder downloaded from a site holds notices and other attachments
    beside the reports, which are not the reports' errors. A file named on the command line
    stays an error (the user chose it), and so does a report that cannot be read.
    """
    refusal = not_a_report(outcome.findings)
    if not task.scanned or refusal is None:
        return outcome
    return dataclasses.replace(outcome, findings=[], skipped=refusal,
                               notices=[*outcome.notices, skip_notice(outcome.name, refusal)])


def skip_notice(name: str, refusal: Finding) -> str:
    """The notice (standard error) that ``name`` was passed over, and why."""
    return f"{name}: 已跳过，不是年度报告：{refusal.message} [{refusal.rule}]"


def no_report(count: int, notices: list[str] | None = None) -> UsageError:
    """The error for a command whose ``count`` files were all passed over: a folder holding
    no annual report at all is more likely the wrong folder than a clean one. ``notices``
    (:func:`skip_notice`) name the files and why, for a command that has not printed them."""
    said = "".join(f"\n  {notice}" for notice in notices or [])
    return UsageError(f"没有找到年度报告：所给的 {count} 个文件都不是年度报告（已跳过）{said}")


def default_jobs() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def work(task: Task) -> Outcome:
    """Check one input and, when asked and it is valid, build and write its outputs."""
    from .localrules import load_rules
    from .store import current

    local = load_rules(task.rules) if task.rules else None
    store = current()
    checked, last = store.check(task.path, task.display, previous=task.previous, local=local)
    data = checked.source.data if checked.source is not None else None
    outcome = Outcome(checked.name, checked.format.id, checked.findings,
                      previous=str(task.previous) if task.previous else "",
                      previous_candidates=[str(p) for p in task.pairing.ambiguous],
                      other_files=isinstance(data, dict) and ("rules" in data or "style" in data))
    _about_previous(task, checked, last, outcome)
    named = getattr(checked.report, "style", None) if task.style is None else None
    own: Path | None = None
    if named and task.input_styles:
        try:
            own = _own_style(task.path, named)
        except ReportgenError as exc:
            position = checked.source.locate(("style",)) if checked.source else None
            outcome.findings = [*outcome.findings, Finding(
                Severity.ERROR, "STYLE-INPUT", checked.name, position.line if position else 0,
                position.column if position else 0, "style", "", exc.message)]
    if task.output_dir is None or outcome.errors or checked.report is None:
        return outcome
    from .context import build
    from .files import InterruptedAfterWriting, WriteError, write_all_atomic
    from .styles import load_style
    from .writers import FRAGMENT, OUTPUT_KINDS, output_name, render

    # A style chosen by an input file changes what runs during the build: say so, so that
    # a supervisor sees whose style is in use.
    if named and not task.input_styles:
        outcome.notices.append(f"忽略 {checked.name} 中的 style: {named}（--no-input-styles），使用内置样式")
    elif own is not None:
        outcome.notices.append(f"使用样式：{own}（{checked.name} 中的 style:）")
    try:
        house = load_style(task.style) if own is None else load_style(own, task.path.parent)
        doc = build(checked.format, checked.report, house.style.title)
        outputs = render(doc, task.kinds, task.path.parent, house, pdf_standard=task.pdf_standard,
                         data=checked.source.data if checked.source else None)
    except ReportgenError as exc:
        outcome.problem = exc.message
        return outcome
    files = {task.output_dir / output_name(task.stem, kind): outputs[kind]
             for kind in (*OUTPUT_KINDS, FRAGMENT) if kind in outputs}
    try:
        write_all_atomic(files)
    except InterruptedAfterWriting:
        outcome.interrupted = True
    except WriteError as exc:
        if not exc.concerns_one_file:
            raise  # a full or read-only disk: every other input would fail the same way
        outcome.problem = exc.message
        return outcome
    outcome.written = list(files)
    outcome.title, outcome.agency, outcome.year = doc.title, doc.agency, doc.year
    return outcome


def _about_previous(task: Task, checked: Checked, last: Checked | None, outcome: Outcome) -> None:
    """Say which previous-year file was used, or why none was: never a silent choice.

    A file found automatically is named on standard error; several that fit, or a previous
    year's file that cannot be compared (not a valid report, another year), is a warning
    at the input's agency.
    """
    from .models import FIELD_NAMES

    name = checked.name
    problems: list[tuple[str, str]] = []
    if task.pairing.ambiguous:
        listed = "、".join(str(p) for p in task.pairing.ambiguous)
        problems.append(("X-PREV-MANY", f"同一机关上一年度的报告有 {len(task.pairing.ambiguous)} 个文件："
                         f"{listed}；无法确定哪一个是上年报告，未与上年核对；请用 --previous 指定，"
                         "或把其余文件移出文件夹"))
    if task.previous is not None and last is not None and checked.report is not None:
        if last.report is None:
            problems.append(("X-PREV-UNUSABLE", f"上年文件 {last.name} 有错误或不是年度报告，未与上年核对；"
                             f"请先改正上年文件（reportgen validate {last.name}）"))
        elif last.report.year != checked.report.year - 1:
            problems.append(("X-PREV-YEAR", f"上年文件 {last.name} 是 {last.report.year} 年度的报告，"
                             f"不是 {checked.report.year - 1} 年度的，未与上年核对"))
        elif not task.pairing.chosen:
            former = f"（按原名称“{task.pairing.former}”找到）" if task.pairing.former else ""
            outcome.notices.append(f"{name}: 上年文件：{last.name}{former}")
    if not problems:
        return
    position = checked.source.locate(("agency",)) if checked.source else None
    line, column = (position.line, position.column) if position else (0, 0)
    outcome.findings = sorted([*outcome.findings, *(
        Finding(Severity.WARNING, rule, name, line, column, "agency", FIELD_NAMES["agency"], message)
        for rule, message in problems)], key=sort_key)


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


def _own_style(path: Path, named: str) -> Path:
    """The style folder an input names: a style folder (with a style.yaml) inside the input's
    folder tree. An input must not point the renderer at an arbitrary folder of this machine.

    Raises:
        ReportgenError: the name is absolute, climbs with ``..``, leaves the input's folder
            through a symlink, or is not a style folder.
    """
    from .confine import inside, relative_name

    folder = path.parent / named
    if not relative_name(named) or not inside(folder, (path.parent,)):
        raise ReportgenError(f"style: {named} 不在本文件所在的文件夹中：输入文件只能指定它所在文件夹（或其子文件夹）"
                             "中的样式，不能用绝对路径或 ..；其他位置的样式请在命令行用 --style 指定")
    if not (folder / "style.yaml").is_file():
        raise ReportgenError(f"style: {named} 不是样式文件夹（{folder} 中没有 style.yaml）；"
                             "可用 reportgen style export 生成样式文件夹")
    return folder


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the parent handles it, so a
    # worker always finishes (and writes whole) the file it is on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker starts with a copy of the parent's store, whose counts say how often the
    # whole command (not this worker) will ask for each file: keeping by them would hold files
    # for ever. A worker keeps nothing beyond the task at hand (chunks seed their own store).
    from .store import fresh

    fresh()


def run(tasks: list[Task], jobs: int) -> Generator[Outcome, None, None]:
    """Run the tasks, in ``jobs`` worker processes when more than one; yield in task order.

    At most ``jobs`` inputs are in progress at a time. On Ctrl-C (here, or thrown in at a
    ``yield`` by the consumer) no new input is started; with workers, the inputs in progress
    finish (their outputs written whole) and are still yielded; then ``KeyboardInterrupt`` is
    raised. In this process, an input being rendered is dropped (nothing of it written).
    """
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            outcome = work(task)
            try:
                yield outcome
            except KeyboardInterrupt:
                raise KeyboardInterrupt from None
            if outcome.interrupted:
                raise KeyboardInterrupt
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
    interrupted = False
    try:
        while running:
            try:
                outcome = running[0].result()
            except KeyboardInterrupt:  # the workers go on with what they have started
                interrupted = True
                continue
            running.popleft()
            following = None if interrupted else next(waiting, None)
            if following is not None:
                running.append(executor.submit(work, following))
            try:
                yield outcome
            except KeyboardInterrupt:
                interrupted = True
        if interrupted:
            raise KeyboardInterrupt
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
