"""Command line: thin typer commands, one pipeline call each; errors become messages here.

Only this module prints. ``main`` is the one place that turns a :class:`ReportgenError` into
a message and an exit code; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from . import __version__, usage
from .errors import ReportgenError, UsageError

if TYPE_CHECKING:
    from .batch import Outcome

app = typer.Typer(
    name="reportgen",
    help="政府信息公开工作年度报告：按官方格式校验输入文件，生成 DOCX 和 PDF。\n\n"
    "示例：reportgen init 2025 --agency 示例县教育局；reportgen validate 2025.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=usage.Group,
)

_FILES = typer.Argument(help="输入文件（.yaml/.yml/.json）、文件夹或通配符", show_default=False,
                        metavar="文件")
_JOBS = typer.Option("--jobs", "-j", help="并行进程数（缺省为 CPU 核数）", show_default=False, min=1,
                     metavar="N")
_PREVIOUS = typer.Option("--previous", help="上年的输入文件（用于跨年度核对）", metavar="文件")
_PREVIOUS_DIR = typer.Option(
    "--previous-dir", help="到此文件夹找各单位上年的文件", metavar="文件夹")


def _flag(name: str, text: str) -> Any:
    """Return a yes/no option (its help shows no value placeholder)."""
    return typer.Option(name, help=text, metavar="")


@app.command(cls=usage.Command)
def validate(
    files: Annotated[Optional[list[str]], _FILES] = None,  # noqa: UP045
    strict: Annotated[bool, _flag("--strict", "有警告也按失败处理（退出码 1）")] = False,
    as_json: Annotated[bool, _flag("--json", "以 JSON 输出全部问题，供系统汇总")] = False,
    explain_rule: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--explain", help="说明一条规则，如 --explain T3-1", metavar="规则")] = None,
    jobs: Annotated[Optional[int], _JOBS] = None,  # noqa: UP045
    previous: Annotated[Optional[str], _PREVIOUS] = None,  # noqa: UP045
    previous_dir: Annotated[Optional[list[str]], _PREVIOUS_DIR] = None,  # noqa: UP045
) -> None:
    """校验输入文件，一次列出全部问题（文件:行:列: 键（官方名称）: 说明）。

    同一文件夹中有同一单位上一年的文件时，自动核对上年结转、现行有效件数和文字重复率。
    退出码：0 通过；1 有错误（或 --strict 时有警告）；2 用法错误。

    示例：reportgen validate 2019.yaml；reportgen validate 各单位/ --json
    """
    if explain_rule:
        typer.echo(_explanation(explain_rule))
        raise typer.Exit(0)
    if not files:
        raise UsageError("请给出要校验的文件，如 reportgen validate 2024.yaml")
    from . import pipeline
    from .console import run_tasks

    work = pipeline.tasks(files, previous=previous, previous_dirs=_paths(previous_dir))
    outcomes = run_tasks(work, jobs, quiet=as_json, single_summary=True)
    failed = any(o.errors or (strict and o.warnings) for o in outcomes)
    if as_json:
        typer.echo(json.dumps(_json_report(outcomes, strict), ensure_ascii=False, indent=2))
    raise typer.Exit(1 if failed else 0)


@app.command(cls=usage.Command)
def build(
    files: Annotated[list[str], _FILES],
    output: Annotated[str, typer.Option("--output", "-o", help="输出文件夹", metavar="文件夹")] = "output",
    to: Annotated[str, typer.Option("--to", help="输出格式，逗号分隔：docx,pdf,html", metavar="格式")] = "docx,pdf",
    style: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--style", help="本单位样式文件夹（优先于输入文件中的 style:）", metavar="文件夹")] = None,
    jobs: Annotated[Optional[int], _JOBS] = None,  # noqa: UP045
    previous: Annotated[Optional[str], _PREVIOUS] = None,  # noqa: UP045
    previous_dir: Annotated[Optional[list[str]], _PREVIOUS_DIR] = None,  # noqa: UP045
) -> None:
    """先校验，再生成 DOCX 和 PDF（有错误的文件不生成，警告照常显示）。

    文件名取自输入文件名：2019.yaml → 输出文件夹/2019.docx 和 2019.pdf。多个文件时并行生成，
    一个文件出错不影响其他文件，最后列出每个文件的结果。

    示例：reportgen build 2019.yaml；reportgen build 各单位/ -o 年报 --to pdf --jobs 2
    """
    kinds = tuple(k.strip().lower() for k in to.split(",") if k.strip())
    from . import pipeline
    from .console import run_tasks
    from .writers import check_kinds

    check_kinds(kinds)
    work = pipeline.tasks(files, previous=previous, previous_dirs=_paths(previous_dir),
                          output_dir=Path(output), kinds=kinds, style=Path(style) if style else None)
    outcomes = run_tasks(work, jobs, quiet=False, single_summary=False)
    raise typer.Exit(0 if all(o.written for o in outcomes) else 1)


def _paths(values: list[str] | None) -> tuple[Path, ...]:
    return tuple(Path(v) for v in values or ())


@app.command(cls=usage.Command)
def summary(
    files: Annotated[list[str], _FILES],
    output: Annotated[str, typer.Option("--output", "-o", help="汇总文件（.xlsx 或 .csv）", metavar="文件")
                      ] = "summary.xlsx",
) -> None:
    """汇总多个单位的年报，另附各表合计。

    每个单位一行：主要数字和校验结果；另附各表按官方格式的合计（有错误的文件不计入）。

    示例：reportgen summary 各单位/ -o 汇总.xlsx；reportgen summary 各单位/*.yaml -o 汇总.csv
    """
    from . import pipeline

    target, count, bad = pipeline.summary(files, output)
    typer.echo(f"已生成 {target}：{count} 个文件，其中 {bad} 个有错误（未计入合计）")


@app.command(cls=usage.Command)
def explain(rule: Annotated[str, typer.Argument(help="规则编号，如 T3-1", show_default=False, metavar="规则")]) -> None:
    """说明一条校验规则：检查什么、依据是什么、怎样改。

    示例：reportgen explain T3-1
    """
    typer.echo(_explanation(rule))


def _explanation(rule: str) -> str:
    from .rulebook import entries, lookup

    entry = lookup(rule)
    if entry is None:
        raise UsageError(f"没有规则 {rule}；已有规则：{'、'.join(entries())}")
    return entry.text()


@app.command(cls=usage.Command)
def init(
    year: Annotated[int, typer.Argument(help="报告年度，如 2025", show_default=False, metavar="年度")],
    agency: Annotated[str, typer.Option("--agency", "-a", help="机关名称，如 示例县教育局", metavar="名称",
                                        show_default=False)],
    format_name: Annotated[Optional[str], typer.Option(  # noqa: UP045 - typer needs Optional
        "--format", "-f", help="格式：gov2021 / gov2019 / legacy（缺省按年度）", metavar="格式")] = None,
    organ_kind: Annotated[str, typer.Option(
        "--organ-kind", help="机关类别：department 部门 / government 人民政府 / township 乡镇街道",
        metavar="类别")
    ] = "department",
    previous: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--from", help="上年的输入文件：复制机关信息，预填上年结转", metavar="文件")] = None,
    output: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--output", "-o", help="写入的文件（缺省为 年度.yaml；- 表示输出到屏幕）", metavar="文件")] = None,
    force: Annotated[bool, _flag("--force", "覆盖已存在的文件")] = False,
) -> None:
    """生成一份完整的、带官方名称注释的输入文件，供填写。

    示例：reportgen init 2025 --agency 示例县教育局 -o 2025.yaml；
    reportgen init 2025 --agency 示例县教育局 --from 2024.yaml
    """
    from . import pipeline

    text, target = pipeline.init(year, agency, format_name=format_name, organ_kind=organ_kind,
                                 previous=previous, output=output, force=force)
    if target is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"已生成 {target}：填写后运行 reportgen validate {target}")


@app.command(cls=usage.Command)
def schema(
    format_name: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--format", "-f", help="格式：gov2021 / gov2019 / legacy（缺省 gov2021）", metavar="格式")] = None,
) -> None:
    """输出输入文件的 JSON Schema，供编辑器（如 VS Code）自动补全和提示。

    示例：reportgen schema --format gov2019 > reportgen-gov2019.schema.json
    """
    from . import pipeline

    typer.echo(pipeline.schema_text(format_name))


@app.command(cls=usage.Command)
def formats() -> None:
    """列出支持的官方格式及其文件依据。

    示例：reportgen formats
    """
    from .formats import FORMATS

    for fmt in FORMATS.values():
        first, last = fmt.years
        years = f"{first} 年起" if last >= 2100 else f"{first}–{last} 年"
        typer.echo(f"{fmt.id:8} {years:10} {fmt.name}：{fmt.document}")


@app.command(cls=usage.Command)
def edit(
    file: Annotated[str, typer.Argument(help="输入文件（.yaml/.json）；不存在时新建", show_default=False,
                                        metavar="文件")],
    year: Annotated[Optional[int], typer.Option(  # noqa: UP045
        "--year", help="新建文件时的报告年度（缺省为上一年）", metavar="年度")] = None,
    agency: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--agency", "-a", help="新建文件时的机关名称", metavar="名称")] = None,
    port: Annotated[Optional[int], typer.Option(  # noqa: UP045
        "--port", help="端口（缺省自动选择空闲端口）", min=1, max=65535, metavar="N")] = None,
    no_browser: Annotated[bool, _flag("--no-browser", "不自动打开浏览器")] = False,
    output: Annotated[str, typer.Option("--output", "-o", help="生成文件的文件夹", metavar="文件夹")] = "output",
    style: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--style", help="本单位样式文件夹（同 build）", metavar="文件夹")] = None,
    previous: Annotated[Optional[str], _PREVIOUS] = None,  # noqa: UP045
) -> None:
    """在浏览器中用表单填写输入文件，边填边校验。

    表格按官方格式，保存回同一文件。只在本机（127.0.0.1）提供服务，打印的编辑地址带一次性令牌；按 Ctrl+C 停止。
    保存时只改动表单中改过的值，文件中的注释和排版保持不变。

    示例：reportgen edit 2024.yaml；reportgen edit 2025.yaml --agency 示例县教育局 --year 2025
    """
    from . import editor

    target = Path(file)
    if editor.prepare(target, year, agency):
        typer.echo(f"已新建 {target}", err=True)

    def ready(url: str) -> None:
        typer.echo(f"编辑地址：{url}")
        sys.stdout.flush()
        typer.echo("按 Ctrl+C 停止编辑服务", err=True)
        if not no_browser:
            import webbrowser

            webbrowser.open(url)

    editor.serve(target, port=port, output=Path(output), style=Path(style) if style else None,
                 previous=Path(previous) if previous else None, ready=ready)
    typer.echo("编辑服务已停止", err=True)


style_app = typer.Typer(help="本单位样式：导出起点、检查样式。示例：reportgen style export 我的样式",
                        no_args_is_help=True, cls=usage.Group)
app.add_typer(style_app, name="style")


@style_app.command("export", cls=usage.Command)
def style_export(
    folder: Annotated[str, typer.Argument(help="新样式文件夹", show_default=False, metavar="文件夹")],
    with_docx: Annotated[bool, _flag("--docx", "同时导出 Word 模板，供在 Word/WPS 中修改")] = False,
    force: Annotated[bool, _flag("--force", "文件夹已存在时仍然写入")] = False,
) -> None:
    """导出内置样式作为本单位样式的起点。

    加 --docx 时同时导出 Word 模板：有它时 DOCX 按它生成，不再按 style.yaml 生成。

    示例：reportgen style export 我局样式；然后编辑 我局样式/style.yaml，
    用 reportgen build 2024.yaml --style 我局样式 生成
    """
    from .stylecheck import export

    written = export(Path(folder), with_docx=with_docx, force=force)
    typer.echo(f"已生成样式文件夹 {folder}：" + "、".join(str(p) for p in written))
    typer.echo(f"修改后运行 reportgen style check {folder} 检查")


@style_app.command("check", cls=usage.Command)
def style_check(
    folder: Annotated[str, typer.Argument(help="样式文件夹", show_default=False, metavar="文件夹")],
    samples: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--sample", help="用来检查的输入文件（缺省为 reportgen 自带的示例）", metavar="文件")] = None,
) -> None:
    """用示例报告检查样式：模板错误、CSS 问题、缺少的字体和字、Word 模板中被破坏的标记。

    退出码：0 没有错误；1 有错误。示例：reportgen style check 我局样式
    """
    from .stylecheck import check

    paths = [Path(s) for s in samples] if samples else _default_samples()
    findings = check(Path(folder), paths)
    for finding in findings:
        typer.echo(finding.format())
    errors = sum(1 for f in findings if f.severity.value == "error")
    typer.echo(f"{folder}: {'未通过' if errors else '通过'}（{errors} 个错误，"
               f"{len(findings) - errors} 个警告；用 {len(paths)} 个示例检查）")
    raise typer.Exit(1 if errors else 0)


def _default_samples() -> list[Path]:
    from .styles import builtin_templates

    root = builtin_templates().parent / "sample_inputs"
    found = [root / "2019.yaml", root / "2024.yaml", root / "seeds" / "manzhouli-2018.yaml"]
    return [p for p in found if p.is_file()]


@app.command(cls=usage.Command)
def version() -> None:
    """显示 reportgen 的版本。"""
    typer.echo(f"reportgen {__version__}")


#: Identifies the layout of ``validate --json`` (documented in docs/validate-json.md); bumped
#: only when a field changes meaning or disappears.
JSON_SCHEMA = "reportgen-validate/1"


def _json_report(results: list[Outcome], strict: bool) -> dict[str, object]:
    from .rulebook import lookup

    files = []
    emitted: dict[str, object] = {}
    for result in results:
        status = "errors" if result.errors else "warnings" if result.warnings else "ok"
        files.append({
            "file": result.name,
            "format": result.format_id,
            "previous": result.previous or None,
            "status": status,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [f.to_json() for f in result.findings],
        })
        for finding in result.findings:
            entry = lookup(finding.rule)
            if entry is not None:
                emitted.setdefault(finding.rule, entry.as_dict())
    ok = not any(r.errors or (strict and r.warnings) for r in results)
    return {"schema": JSON_SCHEMA, "version": __version__, "ok": ok, "files": files,
            "rules": dict(sorted(emitted.items()))}


#: click's exception classes, which typer vendors privately; reached through the public
#: ``typer.BadParameter`` so that no private module is imported.
_CLICK_ERRORS: dict[str, Any] = {cls.__name__: cls for cls in typer.BadParameter.__mro__}


def main() -> None:
    """Entry point of the ``reportgen`` command.

    The one place where errors become messages and exit codes: a :class:`ReportgenError` (what
    a user can get wrong in reportgen itself) as ``reportgen: 说明``, exit code of the error;
    a command-line usage error in Chinese with where to find help, exit code 2. Any other
    exception is a bug and keeps its traceback.
    """
    try:
        code = app(standalone_mode=False, prog_name="reportgen")
    except ReportgenError as exc:
        typer.echo(f"reportgen: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:  # end of input at a prompt
        typer.echo("reportgen: 已取消", err=True)
        sys.exit(1)
    except _CLICK_ERRORS["UsageError"] as exc:
        if type(exc).__name__ != "NoArgsIsHelpError":  # otherwise the help is already shown
            hint = usage.help_hint(exc, typer.main.get_command(app), sys.argv[1:])
            typer.echo(f"reportgen: {usage.describe(exc)}\n{hint}", err=True)
        sys.exit(2)
    except _CLICK_ERRORS["ClickException"] as exc:
        typer.echo(f"reportgen: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
