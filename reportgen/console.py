"""What a command shows while it runs many inputs: findings as they come (standard output),
a progress bar on a terminal (standard error), and the closing table (standard output)."""

from __future__ import annotations

import contextlib
import gc
import inspect
import sys
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import typer

from . import batch, chunks
from .batch import Outcome, Task
from .errors import Severity

_STATUS = {"ok": "通过", "warnings": "有警告", "errors": "有错误", "failed": "未生成",
           "skipped": "已跳过"}


def run_tasks(work: list[Task], jobs: int | None, *, quiet: bool,
              single_summary: bool) -> list[Outcome]:
    """Run the tasks, printing findings as they come, a progress bar on a terminal, and a
    closing table; on Ctrl-C say what was done."""
    done: list[Outcome] = []
    said = False  # whether anything went to standard output before the closing table
    progress = _progress(len(work)) if not quiet and len(work) > 1 and sys.stderr.isatty() else None

    def say(text: str) -> None:
        # Results go to standard output. Only when that is the terminal the bar is drawn on
        # do they go through the bar's console, so that they appear above the bar.
        nonlocal said
        said = True
        if progress and sys.stdout.isatty():
            progress.console.print(text, markup=False, highlight=False)
        else:
            typer.echo(text)

    scanned = {str(task.path): task for task in work if task.scanned}  # outcomes are named so

    def show(outcome: Outcome) -> None:
        task = scanned.get(outcome.name)
        if task is not None:
            outcome = batch.pass_over(outcome, task)
        done.append(outcome)
        if progress:
            progress.advance(progress.task_ids[0])
        for notice in outcome.notices:  # notices go to standard error, above the bar
            if progress:
                progress.console.print(notice, markup=False, highlight=False)
            else:
                typer.echo(notice, err=True)
        if not quiet:
            for finding in outcome.findings:
                say(finding.format())
            if len(work) == 1 or not single_summary:
                say(_outcome_line(outcome, single_summary))

    thresholds = gc.get_threshold()
    if len(work) > 1 and all(task.output_dir is None for task in work):
        # Checking a folder makes and drops millions of small objects (parsed YAML, models),
        # few of them in cycles: with the default thresholds the collector ran ~1,600 times
        # for 3,000 files (0.37 s); the objects of start-up are frozen out of its scans.
        gc.freeze()
        gc.set_threshold(10_000, 50, 50)
    try:
        with contextlib.closing(chunks.dispatch(work, jobs or batch.default_jobs())) as outcomes:
            try:
                for outcome in outcomes:
                    show(outcome)
            except KeyboardInterrupt:
                _finish(outcomes, show)
                raise
    except KeyboardInterrupt:
        rest = len(work) - len(done)
        if any(task.output_dir is not None for task in work):
            written = sum(1 for o in done if o.written)
            typer.echo(f"reportgen: 已中断。已处理 {len(done)} 个文件（{written} 个已生成）；"
                       f"其余 {rest} 个文件未处理，它们原有的输出保持不变", err=True)
        else:
            typer.echo(f"reportgen: 已中断。已校验 {len(done)} 个文件，其余 {rest} 个未校验", err=True)
        raise typer.Exit(130) from None
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        if progress:
            progress.stop()
        if any(task.cache for task in work):
            from . import findcache

            findcache.flush()  # what was checked is kept, also after Ctrl-C
    if not quiet and len(done) > 1:
        _closing_table(done, separate=said)
    if not quiet:
        _rule_hint(done)
    return done


def _rule_hint(done: list[Outcome]) -> None:
    # Staff meet "[T3-1]" at the end of a message without knowing what it is: one line on
    # standard error says, with a rule of this run (an error's first), how to read it up. A
    # local rule (rules.yaml) has its own text and no entry, so it is not the one named.
    from .rulebook import lookup

    findings = [f for o in done for f in o.findings if lookup(f.rule)]
    if findings:
        first = min(findings, key=lambda f: f.severity is not Severity.ERROR)  # the first error
        typer.echo(f"提示：方括号中是规则编号；reportgen explain {first.rule} "
                   "说明该规则检查什么、依据是什么、怎样改", err=True)


def _finish(outcomes: Generator[Outcome, None, None], show: Callable[[Outcome], None]) -> None:
    """After Ctrl-C: let the batch finish the inputs in progress and show them too, so that
    every input whose outputs were written is counted. A Ctrl-C raised inside the batch has
    already ended it; one raised here is passed in, and repeated ones are passed in again."""
    pending: KeyboardInterrupt | None = KeyboardInterrupt()
    while True:
        try:
            outcome = outcomes.throw(pending) if pending else next(outcomes)
            pending = None
            show(outcome)
        except StopIteration:
            return
        except KeyboardInterrupt:
            if inspect.getgeneratorstate(outcomes) == inspect.GEN_CLOSED:  # the batch has ended
                return
            pending = KeyboardInterrupt()


def _progress(total: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(TextColumn("处理中"), BarColumn(), MofNCompleteColumn(),
                        console=Console(stderr=True), transient=True,
                        redirect_stdout=False, redirect_stderr=False)
    progress.add_task("", total=total)
    progress.start()
    return progress


def _outcome_line(outcome: Outcome, check_only: bool) -> str:
    name = outcome.name
    if outcome.skipped is not None:
        return f"{name}: 已跳过（不是年度报告）"
    if check_only:
        if outcome.status == "ok":
            return f"{name}: 通过（格式 {outcome.format_id}）"
        verdict = "未通过" if outcome.errors else "通过，但有警告"
        return f"{name}: {verdict}（{len(outcome.errors)} 个错误，{len(outcome.warnings)} 个警告）"
    if outcome.written:
        return f"{name}: 已生成 " + "、".join(str(p) for p in outcome.written)
    if outcome.problem:
        return f"{name}: 未生成：{outcome.problem}"
    return f"{name}: 未生成（{len(outcome.errors)} 个错误，请先改正）"


def _closing_table(done: list[Outcome], *, separate: bool) -> None:
    from .context import display_width

    def cell(text: str, width: int) -> str:  # pad by display width: CJK characters are wide
        return text + " " * max(0, width - int(display_width(text) * 2))

    # A blank line parts the table from the lines above it; with none above (a folder where
    # everything passed), the output starts with the table itself.
    typer.echo(("\n" if separate else "") + "结果汇总：")
    typer.echo(f"  {cell('状态', 8)}{cell('错误', 6)}{cell('警告', 6)}文件")
    for outcome in done:
        numbers = cell(str(len(outcome.errors)), 6) + cell(str(len(outcome.warnings)), 6)
        typer.echo(f"  {cell(_STATUS[outcome.status], 8)}{numbers}{outcome.name}")
    tally = {key: sum(1 for o in done if o.status == key) for key in _STATUS}
    parts = "，".join(f"{_STATUS[key]} {n}" for key, n in tally.items() if n)
    typer.echo(f"共 {len(done)} 个文件：{parts}")


#: Identifies the layout of ``validate --json`` (documented in docs/validate-json.md); bumped
#: only when a field changes meaning or disappears.
JSON_SCHEMA = "reportgen-validate/1"


def json_report(results: list[Outcome], strict: bool) -> dict[str, object]:
    """Return the ``validate --json`` document of ``results`` (docs/validate-json.md)."""
    from . import __version__
    from .rulebook import lookup

    files = []
    emitted: dict[str, object] = {}
    for result in results:
        files.append({
            "file": result.name,
            "format": result.format_id,
            "previous": result.previous or None,
            "previous_candidates": result.previous_candidates,
            "status": result.status,  # validate writes nothing: never "failed"
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [f.to_json() for f in result.findings],
            "skipped": {"rule": result.skipped.rule, "message": result.skipped.message}
            if result.skipped else None,
        })
        for finding in [*result.findings, *([result.skipped] if result.skipped else [])]:
            entry = lookup(finding.rule)
            if entry is not None:
                emitted.setdefault(finding.rule, entry.as_dict())
    ok = not any(r.errors or (strict and r.warnings) for r in results)
    return {"schema": JSON_SCHEMA, "version": __version__, "ok": ok, "files": files,
            "rules": dict(sorted(emitted.items()))}


def no_report_left(outcomes: list[Outcome]) -> None:
    """Refuse a command whose every file was passed over (:func:`batch.pass_over`).

    Raises:
        UsageError: every outcome is skipped (:func:`batch.no_report`).
    """
    if outcomes and all(o.skipped is not None for o in outcomes):
        raise batch.no_report(len(outcomes))


def font_notice(style: Path | None) -> None:
    """Say on standard error which open fonts stood in for official ones in the PDF."""
    from .fonts import file_font, substitutes
    from .styles import load_style

    house = load_style(style)
    own = frozenset(name for path in house.font_files for name in file_font(path).families)
    used = substitutes(house.style.fonts, own)
    if used:
        pairs = "，".join(f"{official}→{substitute}" for official, substitute in used.items())
        typer.echo(f"提示：本机没有官方字体，PDF 使用替代字体：{pairs}（DOCX 仍写官方字体名）", err=True)
