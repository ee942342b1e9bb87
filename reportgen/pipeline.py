"""The pipeline: one function per command; the only module that touches the file system.

readers (:mod:`readers`) → validated model (:mod:`validation`) → render context → writers.
The CLI calls exactly one function here per command and turns :class:`ReportgenError` into
messages; heavy renderers are imported only by the commands that need them.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from . import batch
from .batch import Outcome
from .discovery import Pairing, candidates, pair
from .errors import UsageError
from .files import recover, write_atomic
from .formats import FORMATS, Format, format_for_year
from .inputs import STDIN, STDIN_NAME, expand_inputs, stdin_copy, unique_stems
from .oserrors import file_in_the_way
from .readers.yaml_reader import MAX_INPUT_BYTES
from .store import Store, fresh
from .validation import Checked, check_file
from .writers import check_kinds, check_pdf_standard


def validate(patterns: list[str], *, jobs: int = 1, previous: str | None = None,
             previous_dirs: tuple[Path, ...] = (), rules: Path | None = None) -> Iterator[Outcome]:
    """Check every input named by ``patterns``; one bad file never stops the others.

    Args:
        patterns: input files, folders or globs.
        jobs: worker processes.
        previous: last year's file (only with a single input) for the cross-year rules.
        previous_dirs: more folders to look in for each organ's previous-year file; the
            inputs' own folders are always searched.
        rules: the local rules folder (else each input's ``rules:`` key).
    """
    from . import chunks

    return chunks.dispatch(tasks(patterns, previous=previous, previous_dirs=previous_dirs, rules=rules),
                           jobs)


def tasks(patterns: list[str], *, previous: str | None = None,
          previous_dirs: tuple[Path, ...] = (), output_dir: Path | None = None,
          kinds: tuple[str, ...] = (), style: Path | None = None,
          pdf_standard: str | None = None, input_styles: bool = True,
          notify: Callable[[str], None] | None = None,
          rules: Path | None = None, cache: bool = False) -> list[batch.Task]:
    """Turn the command line into one task per input, with its previous year and output name.

    When building (``output_dir`` given), first the leftovers of killed runs in the output
    folder are dealt with (:func:`files.recover`).

    Args:
        notify: receives notices for standard error (names shortened, leftovers cleaned).
        cache: use the findings cache when checking (:mod:`reportgen.findcache`).

    Raises:
        UsageError: missing inputs, ``previous`` with several inputs, an output folder that
            is a file.
        StyleError: the style folder given is broken (checked once, before any work).
        RulesError: the rules folder given is broken (checked once, before any work).
    """
    started = time.time()
    say = notify or (lambda text: None)
    if output_dir is not None:
        if output_dir.exists() and not output_dir.is_dir():
            raise UsageError(f"-o 指向的是文件，不是文件夹：{output_dir}；请给出一个文件夹"
                             "（不存在时会自动创建）")
        blocker = file_in_the_way(output_dir)
        if blocker is not None:
            raise UsageError(f"-o 的路径中 {blocker} 是文件，不是文件夹：{output_dir}")
        for notice in recover(output_dir, started):
            say(notice)
    if rules is not None:
        from .localrules import load_rules

        load_rules(rules)
    if style is not None:
        from .styles import load_style

        load_style(style)
    if STDIN in patterns:
        return [_stdin_task(patterns, previous, previous_dirs,
                            batch.Task(Path(), STDIN_NAME, None, output_dir, kinds, style,
                                       pdf_standard=pdf_standard, input_styles=input_styles, rules=rules,
                                       display=STDIN))]
    scanned: set[Path] = set()
    inputs = expand_inputs(patterns, scanned)
    store = fresh()
    if previous is not None:
        if len(inputs) > 1:
            raise UsageError("--previous 只能与一个输入文件一起使用；多个文件请用 --previous-dir")
        if not Path(previous).is_file():
            raise UsageError(f"找不到上年文件 {previous}")
        found = Pairing(previous={inputs[0]: Path(previous)}, chosen=True)
    else:
        found = pair(inputs, candidates(inputs, previous_dirs), store)
    _expect(store, inputs, found)
    notices: list[str] = []
    stems = unique_stems(inputs, notices if output_dir is not None else None)
    for notice in notices:
        say(notice)
    return [batch.Task(path, stem, found.previous.get(path), output_dir, kinds, style,
                       pdf_standard=pdf_standard, input_styles=input_styles, rules=rules,
                       pairing=found.about(path), cache=cache, scanned=path in scanned)
            for path, stem in zip(inputs, stems, strict=True)]


def _expect(store: Store, inputs: list[Path], found: Pairing) -> None:
    """Tell the store how often each file will be asked for: once as an input, once more
    for each input whose previous year it is."""
    for path in inputs:
        store.expect(path)
    for last in found.previous.values():
        store.expect(last)


def _stdin_task(patterns: list[str], previous: str | None, previous_dirs: tuple[Path, ...],
                task: batch.Task) -> batch.Task:
    """Return ``task`` (all but its input) for the input read from standard input (``-``)."""
    if len(patterns) > 1:
        raise UsageError("“-”（从标准输入读取）只能单独使用，不能与其他文件一起给出")
    if previous is not None and not Path(previous).is_file():
        raise UsageError(f"找不到上年文件 {previous}")
    path = stdin_copy(MAX_INPUT_BYTES)
    store = fresh()
    found = Pairing(previous={path: Path(previous)}, chosen=True) if previous else pair(
        [path], candidates([path], previous_dirs), store)
    _expect(store, [path], found)
    return dataclasses.replace(task, path=path, previous=found.previous.get(path),
                               pairing=found.about(path))


def run(work: list[batch.Task], jobs: int) -> Generator[Outcome, None, None]:
    """Run tasks prepared by :func:`tasks` in ``jobs`` processes, yielding in input order."""
    return batch.run(work, jobs)


def build(patterns: list[str], *, output_dir: str = "output",
          kinds: tuple[str, ...] = ("docx", "pdf"), style: Path | None = None,
          jobs: int = 1, previous: str | None = None,
          previous_dirs: tuple[Path, ...] = (), pdf_standard: str | None = None,
          input_styles: bool = True,
          notify: Callable[[str], None] | None = None) -> Iterator[Outcome]:
    """Validate and render every input, yielding each outcome as soon as it is written.

    Inputs with errors are reported, not built. The outputs of one input are replaced
    together, so an interrupted run leaves every input's outputs complete and consistent:
    all new or all as before (see :mod:`files` for how, and for what a kill leaves).

    Args:
        patterns: input files, folders or globs.
        output_dir: where outputs go (created when missing).
        kinds: output kinds among ``docx``, ``pdf``, ``html``.
        style: the house style folder (else each input's ``style:`` key, else built-in).
        jobs: worker processes.
        previous: last year's file (single input), for the cross-year rules.
        previous_dirs: more folders to look in for previous-year files.
        pdf_standard: a PDF/A or PDF/UA variant (``writers.PDF_STANDARDS``) for the PDFs.
        input_styles: use the style an input names (``False``: ``--no-input-styles``).
        notify: receives notices for standard error (see :func:`tasks`).

    Raises:
        UsageError: unknown output kinds or PDF standard, inputs that do not exist, an unwritable output folder.
    """
    check_kinds(kinds)
    check_pdf_standard(pdf_standard)
    work = tasks(patterns, previous=previous, previous_dirs=previous_dirs,
                 output_dir=Path(output_dir), kinds=kinds, style=style, pdf_standard=pdf_standard,
                 input_styles=input_styles, notify=notify)
    return batch.run(work, jobs)


def summary(patterns: list[str], output: str = "summary.xlsx"
            ) -> tuple[Path | bytes, int, int, list[str]]:
    """Write the supervisors' summary of the inputs (``.xlsx`` or ``.csv`` by the name).

    Returns:
        The file written (for ``-``, the CSV for standard output, not written), the number of
        inputs summarised, how many of them have errors, and a note for each file not counted:
        not an annual report (found in a folder), or its agency's report of that year came
        earlier.

    Raises:
        UsageError: unknown output type, missing inputs, an unwritable output.
    """
    from .summary import summarise
    from .writers import xlsx

    started = time.time()
    target = Path(output)
    if output != STDIN and target.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(f"汇总文件应以 .xlsx 或 .csv 结尾，实际为 {target.name}")
    scanned: set[Path] = set()
    results: list[Checked] = []
    skipped: list[str] = []  # notices and tables downloaded with the reports (batch.pass_over)
    for path in expand_inputs(patterns, scanned):
        result = check_file(path)
        refusal = batch.not_a_report(result.findings) if path in scanned else None
        results += [result] if refusal is None else []
        skipped += [batch.skip_notice(result.name, refusal)] if refusal is not None else []
    if skipped and not results:
        raise batch.no_report(len(skipped), skipped)  # summary prints no progress: say which
    data = summarise(results)
    counts = len(results), sum(1 for r in results if r.errors), [*skipped, *data.duplicates]
    if output == STDIN:  # a table on standard output: CSV, for a pipe or a terminal
        return xlsx.render_csv(data, bom=False), *counts
    render = xlsx.render_csv if target.suffix.lower() == ".csv" else xlsx.render_xlsx
    recover(target.parent, started)  # a killed earlier summary's temporary, if any
    write_atomic(target, render(data))
    return target, *counts


def export_rules(folder: Path, *, force: bool = False) -> Path:
    """Write a commented starting rules.yaml into ``folder``; return the file written.

    Raises:
        UsageError: the file exists (and ``force`` is not set).
    """
    from .localrules import RULES_FILE, STARTER

    target = folder / RULES_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} 已存在；如要覆盖请加 --force")
    write_atomic(target, STARTER.encode("utf-8"))
    return target


def resolve_format(name: str | None, year: int) -> Format:
    """Return the format called ``name``, or the default one for ``year``."""
    if name is None:
        return format_for_year(year)
    if name not in FORMATS:
        raise UsageError(f"未知的格式 {name}：可用的格式为 {'、'.join(FORMATS)}")
    return FORMATS[name]


def init(year: int, agency: str, *, format_name: str | None = None,
         organ_kind: str = "department", previous: str | None = None,
         output: str | None = None, force: bool = False, from_other: bool = False,
         copied: list[str] | None = None, xlsx: bool = False) -> tuple[str, Path | None]:
    """Write a scaffold input file for ``year``; return its text and where it was written.

    Args:
        year: report year.
        agency: the organ's name.
        format_name: format id, default by year.
        organ_kind: department, government or township.
        previous: last year's input file to copy agency data and carry-over from.
        output: file to write; ``-`` for standard output; default ``{year}.yaml``.
        force: overwrite an existing file.
        from_other: accept a ``previous`` file of another agency or not of ``year - 1``.
        copied: when given, gets one line per thing taken from ``previous``.
        xlsx: write a fill-in workbook instead (also when ``output`` ends in ``.xlsx``); the
            text returned is then empty.

    Raises:
        UsageError: bad arguments, an unreadable previous file, or an existing output file.
    """
    from .scaffold import SCHEMA_FILE, scaffold

    started = time.time()
    if not 2008 <= year <= 2100:
        raise UsageError(f"年度应在 2008 到 2100 之间，实际为 {year}")
    if organ_kind not in ("department", "government", "township"):
        raise UsageError(f"机关类别应为 department、government 或 township，实际为 {organ_kind}")
    if not agency.strip():
        raise UsageError("机关名称不能为空：请用 --agency 给出，如 --agency 示例县教育局")
    fmt = resolve_format(format_name, year)
    last: Checked | None = None
    if previous is not None:
        last = check_file(Path(previous))
        if last.source is None:
            lines = "\n".join(f.format() for f in last.findings)
            raise UsageError(f"无法读取上年文件 {previous}：\n{lines}")
        if not from_other:
            _same_agency_last_year(previous, last.source.data, agency.strip(), year)
    xlsx = xlsx or (output or "").lower().endswith(".xlsx")
    if xlsx and output == "-":
        raise UsageError("工作簿不能输出到屏幕：请用 -o 给出文件名，如 -o 2025.xlsx")
    text = scaffold(fmt, year, agency.strip(), organ_kind, last, copied)
    if xlsx:
        return "", _init_workbook(fmt, text, Path(output) if output else Path(f"{year}.xlsx"),
                                  force, started)
    if output == "-":
        return text, None
    target = Path(output) if output else Path(f"{year}.yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} 已存在；如要覆盖请加 --force")
    recover(target.parent, started)  # a killed earlier init's temporary, if any
    write_atomic(target, text.encode("utf-8"))
    beside = target.parent / SCHEMA_FILE  # named by the file's modeline, for editors
    if not beside.exists():
        from . import schemas

        write_atomic(beside, (schemas.text(None) + "\n").encode("utf-8"))
    return text, target


def _init_workbook(fmt: Format, text: str, target: Path, force: bool, started: float) -> Path:
    """Write the fill-in workbook of the scaffold ``text``: the same data, as a workbook."""
    from .readers.yaml_reader import load_text
    from .writers.workbook import render

    if target.exists() and not force:
        raise UsageError(f"{target} 已存在；如要覆盖请加 --force")
    recover(target.parent, started)
    write_atomic(target, render(fmt, load_text(text, str(target)).data))
    return target


def _same_agency_last_year(name: str, data: Any, agency: str, year: int) -> None:
    """Refuse a ``--from`` file that is not this agency's report of the year before."""
    data = data if isinstance(data, dict) else {}
    their_agency, their_year = data.get("agency"), data.get("year")
    if isinstance(their_agency, str) and their_agency.strip() != agency:
        raise UsageError(f"上年文件 {name} 是“{their_agency.strip()}”的报告，不是“{agency}”的；"
                         "如确要沿用（如机关更名），请加 --from-other")
    if isinstance(their_year, int) and their_year != year - 1:
        raise UsageError(f"上年文件 {name} 是 {their_year} 年度的报告，不是 {year - 1} 年度的；"
                         "如确要沿用，请加 --from-other")


def web_index(outcomes: list[Outcome], output_dir: str | Path,
              style: Path | None = None) -> Path | None:
    """Write the index page of the web pages a batch built (``web/index.html``), linking
    every report built; nothing when fewer than two were built.

    Raises:
        UsageError: the output folder cannot be written.
        StyleError: the style folder is broken.
    """
    from .styles import load_style
    from .writers import WEB_FOLDER, output_name, web

    folder = Path(output_dir) / WEB_FOLDER
    entries = [web.IndexEntry(o.title, o.agency, o.year, page.name) for o in outcomes
               for page in o.written if page.parent == folder and page.name.endswith(".html")
               and not page.name.endswith(".fragment.html")]
    if len(entries) < 2:
        return None
    # An input called index.yaml has the page index.html; the index then takes another name.
    name = "目录" if any(e.href == "index.html" for e in entries) else "index"
    target = Path(output_dir) / output_name(name, "web")
    write_atomic(target, web.render_index(entries, load_style(style)))
    return target


def import_report(path: str, *, output: str | None = None,
                  force: bool = False) -> tuple[str, Path | None, list[str]]:
    """Read a published report and write it as a commented input file.

    Args:
        path: the published report (.docx).
        output: file to write; ``-`` for standard output; default: its name with ``.yaml``.
        force: overwrite an existing file.

    Returns:
        The text written, where it was written (``None`` for standard output), and the
        notices: every part not read and every label that differed.

    Raises:
        UsageError: not a published report, or the output exists.
        InputError: the document cannot be read.
    """
    from .importer import notices, write
    from .readers import PUBLISHED_SUFFIXES, WORKBOOK_SUFFIXES, read_file
    from .readers.published import Published

    source_path = Path(path)
    readable = PUBLISHED_SUFFIXES + WORKBOOK_SUFFIXES
    if source_path.suffix.lower() not in readable:
        raise UsageError(f"reportgen import 读取已发布的报告和填报工作簿（{'、'.join(readable)}）；"
                         f"{source_path.name} 不是，输入文件可直接用 reportgen validate 检查")
    if not source_path.is_file():
        raise UsageError(f"找不到文件 {path}")
    source = read_file(source_path, path)
    assert isinstance(source, Published)
    text = write(source)
    if output == "-":
        return text, None, notices(source)
    target = Path(output) if output else Path(source_path.stem + ".yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} 已存在；如要覆盖请加 --force")
    write_atomic(target, text.encode("utf-8"))
    return text, target, notices(source)
