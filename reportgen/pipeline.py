"""The pipeline: one function per command; the only module that touches the file system.

readers (:mod:`readers`) → validated model (:mod:`validation`) → render context → writers.
The CLI calls exactly one function here per command and turns :class:`ReportgenError` into
messages; heavy renderers are imported only by the commands that need them.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import batch
from .batch import Outcome
from .errors import UsageError
from .files import write_atomic
from .formats import FORMATS, Format, format_for_year
from .inputs import candidates, expand_inputs, previous_years, unique_stems
from .validation import Checked, check_file
from .writers import check_kinds

if TYPE_CHECKING:
    pass

def validate(patterns: list[str], *, jobs: int = 1, previous: str | None = None,
             previous_dirs: tuple[Path, ...] = ()) -> Iterator[Outcome]:
    """Check every input named by ``patterns``; one bad file never stops the others.

    Args:
        patterns: input files, folders or globs.
        jobs: worker processes.
        previous: last year's file (only with a single input) for the cross-year rules.
        previous_dirs: more folders to look in for each organ's previous-year file; the
            inputs' own folders are always searched.
    """
    return batch.run(tasks(patterns, previous=previous, previous_dirs=previous_dirs), jobs)


def tasks(patterns: list[str], *, previous: str | None = None,
          previous_dirs: tuple[Path, ...] = (), output_dir: Path | None = None,
          kinds: tuple[str, ...] = (), style: Path | None = None) -> list[batch.Task]:
    """Turn the command line into one task per input, with its previous year and output name.

    Raises:
        UsageError: missing inputs, or ``previous`` with several inputs.
        StyleError: the style folder given is broken (checked once, before any work).
    """
    if style is not None:
        from .styles import load_style

        load_style(style)
    inputs = expand_inputs(patterns)
    if previous is not None:
        if len(inputs) > 1:
            raise UsageError("--previous 只能与一个输入文件一起使用；多个文件请用 --previous-dir")
        if not Path(previous).is_file():
            raise UsageError(f"找不到上年文件 {previous}")
        last = {inputs[0]: Path(previous)}
    else:
        last = previous_years(inputs, candidates(inputs, previous_dirs))
    stems = unique_stems(inputs)
    return [batch.Task(path, stem, last.get(path), output_dir, kinds, style)
            for path, stem in zip(inputs, stems, strict=True)]


def run(work: list[batch.Task], jobs: int) -> Generator[Outcome, None, None]:
    """Run tasks prepared by :func:`tasks` in ``jobs`` processes, yielding in input order."""
    return batch.run(work, jobs)


def build(patterns: list[str], *, output_dir: str = "output",
          kinds: tuple[str, ...] = ("docx", "pdf"), style: Path | None = None,
          jobs: int = 1, previous: str | None = None,
          previous_dirs: tuple[Path, ...] = ()) -> Iterator[Outcome]:
    """Validate and render every input, yielding each outcome as soon as it is written.

    Inputs with errors are reported, not built. The outputs of one input are replaced
    together, so an interrupted run leaves every input's outputs complete and consistent:
    all new or all as before.

    Args:
        patterns: input files, folders or globs.
        output_dir: where outputs go (created when missing).
        kinds: output kinds among ``docx``, ``pdf``, ``html``.
        style: the house style folder (else each input's ``style:`` key, else built-in).
        jobs: worker processes.
        previous: last year's file (single input), for the cross-year rules.
        previous_dirs: more folders to look in for previous-year files.

    Raises:
        UsageError: unknown output kinds, inputs that do not exist, an unwritable output folder.
    """
    check_kinds(kinds)
    work = tasks(patterns, previous=previous, previous_dirs=previous_dirs,
                 output_dir=Path(output_dir), kinds=kinds, style=style)
    return batch.run(work, jobs)


def summary(patterns: list[str], output: str = "summary.xlsx") -> tuple[Path, int, int]:
    """Write the supervisors' summary of the inputs (``.xlsx`` or ``.csv`` by the name).

    Returns:
        The file written, the number of inputs, and how many of them have errors.

    Raises:
        UsageError: unknown output type, missing inputs, an unwritable output.
    """
    from .summary import summarise
    from .writers import xlsx

    target = Path(output)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(f"汇总文件应以 .xlsx 或 .csv 结尾，实际为 {target.name}")
    results = [check_file(path) for path in expand_inputs(patterns)]
    data = summarise(results)
    render = xlsx.render_csv if target.suffix.lower() == ".csv" else xlsx.render_xlsx
    write_atomic(target, render(data))
    return target, len(results), sum(1 for r in results if r.errors)


def resolve_format(name: str | None, year: int) -> Format:
    """Return the format called ``name``, or the default one for ``year``."""
    if name is None:
        return format_for_year(year)
    if name not in FORMATS:
        raise UsageError(f"未知的格式 {name}：可用的格式为 {'、'.join(FORMATS)}")
    return FORMATS[name]


def init(year: int, agency: str, *, format_name: str | None = None,
         organ_kind: str = "department", previous: str | None = None,
         output: str | None = None, force: bool = False) -> tuple[str, Path | None]:
    """Write a scaffold input file for ``year``; return its text and where it was written.

    Args:
        year: report year.
        agency: the organ's name.
        format_name: format id, default by year.
        organ_kind: department, government or township.
        previous: last year's input file to copy agency data and carry-over from.
        output: file to write; ``-`` for standard output; default ``{year}.yaml``.
        force: overwrite an existing file.

    Raises:
        UsageError: bad arguments, an unreadable previous file, or an existing output file.
    """
    from .scaffold import SCHEMA_FILE, scaffold

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
    text = scaffold(fmt, year, agency.strip(), organ_kind, last)
    if output == "-":
        return text, None
    target = Path(output) if output else Path(f"{year}.yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} 已存在；如要覆盖请加 --force")
    write_atomic(target, text.encode("utf-8"))
    beside = target.parent / SCHEMA_FILE  # named by the file's modeline, for editors
    if not beside.exists():
        write_atomic(beside, (schema_text(None) + "\n").encode("utf-8"))
    return text, target


def schema(format_name: str | None) -> dict[str, Any]:
    """Return the JSON Schema of the input file: one format's, or (default) all formats'."""
    from . import schemas

    if format_name is None:
        return schemas.combined()
    return schemas.for_format(resolve_format(format_name, 2100))


def schema_text(format_name: str | None) -> str:
    """Return the JSON Schema as indented JSON text."""
    return json.dumps(schema(format_name), ensure_ascii=False, indent=2)


