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

from . import __version__, cli_edit, cli_import, usage
from .cli_options import _FILES, _JOBS, _NO_INPUT_STYLES, _PREVIOUS, _PREVIOUS_DIR, _RULES, _flag
from .errors import ReportgenError, UsageError

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="reportgen",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=usage.Group,
)

def _show_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    show_version: Annotated[bool, typer.Option(
        "--version", help="显示 reportgen 的版本", is_eager=True, callback=_show_version,
        metavar="")] = False,
) -> None:
    """政府信息公开工作年度报告：按官方格式校验输入文件，生成 DOCX 和 PDF。

    示例：reportgen init 2025 --agency 示例县教育局；reportgen validate 2025.yaml
    """


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
    no_input_styles: Annotated[bool, _flag(*_NO_INPUT_STYLES)] = False,
    rules: Annotated[Optional[str], _RULES] = None,  # noqa: UP045
    no_cache: Annotated[bool, _flag("--no-cache", "不读写校验结果缓存（见 README）")] = False,
) -> None:
    """校验输入文件，一次列出全部问题（文件:行:列: 键（官方名称）: 说明）。

    同一文件夹中有同一单位上一年的文件时，自动核对上年结转、现行有效件数和文字重复率，
    并说明用的是哪个文件；有多个候选文件时不猜，请用 --previous 指定。
    退出码：0 通过；1 有错误（或 --strict 时有警告）；2 用法错误。

    示例：reportgen validate 2019.yaml；reportgen validate 各单位/ --json
    """
    if explain_rule:
        from .rulebook.explain import explain as text

        typer.echo(text(explain_rule))
        raise typer.Exit(0)
    if not files:
        raise UsageError("请给出要校验的文件，如 reportgen validate 2024.yaml")
    from . import pipeline
    from .console import json_report, no_report_left, run_tasks

    work = pipeline.tasks(files, previous=previous, previous_dirs=_paths(previous_dir),
                          input_styles=not no_input_styles,
                          rules=Path(rules) if rules else None, cache=not no_cache)
    outcomes = run_tasks(work, jobs, quiet=as_json, single_summary=True)
    failed = any(o.errors or (strict and o.warnings) for o in outcomes)
    if as_json:
        typer.echo(json.dumps(json_report(outcomes, strict), ensure_ascii=False, indent=2))
    no_report_left(outcomes)
    raise typer.Exit(1 if failed else 0)


@app.command(cls=usage.Command)
def build(
    files: Annotated[list[str], _FILES],
    output: Annotated[str, typer.Option("--output", "-o", help="输出文件夹", metavar="文件夹")] = "output",
    to: Annotated[list[str], typer.Option(
        "--to", help="输出格式，可重复，逗号分隔：docx, pdf, html, xlsx（填报工作簿）, web（网页，在 web/ 下）",
        metavar="格式")] = ["docx,pdf"],  # noqa: B006 (typer copies it; never mutated)
    web_fragment: Annotated[bool, _flag(
        "--web-fragment", "另生成网页片段 web/名称.fragment.html （正文和样式， 供网站内容管理系统粘贴）")
    ] = False,
    style: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--style", help="本单位样式文件夹（优先于 style: 键）", metavar="文件夹")] = None,
    pdf_standard: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--pdf-standard", help="PDF 标准：pdf/a-2b, pdf/a-2u, pdf/a-2a, pdf/a-3b, pdf/a-3u, pdf/a-3a"
        "（归档）， pdf/ua-1（无障碍）； 缺省为带结构标签的 PDF", metavar="标准")] = None,
    jobs: Annotated[Optional[int], _JOBS] = None,  # noqa: UP045
    previous: Annotated[Optional[str], _PREVIOUS] = None,  # noqa: UP045
    previous_dir: Annotated[Optional[list[str]], _PREVIOUS_DIR] = None,  # noqa: UP045
    no_input_styles: Annotated[bool, _flag(*_NO_INPUT_STYLES)] = False,
    rules: Annotated[Optional[str], _RULES] = None,  # noqa: UP045
) -> None:
    """先校验，再生成 DOCX 和 PDF（有错误的文件不生成，警告照常显示）。

    文件名取自输入文件名：2019.yaml → 输出文件夹/2019.docx 和 2019.pdf。多个文件时并行生成，
    一个文件出错不影响其他文件，最后列出每个文件的结果。--to web 生成可在政府信息公开专栏发布的网页
    （输出文件夹/web/2019.html；多个文件时另有目录页 web/index.html）。

    示例：reportgen build 2019.yaml；reportgen build 各单位/ -o 年报 --to pdf --jobs 2
    """
    # `--to pdf --to web` adds up (a repeated option would otherwise keep only its last value).
    kinds = tuple(dict.fromkeys(k.strip().lower() for value in to
                                for k in value.split(",") if k.strip()))
    from . import pipeline
    from .console import no_report_left, run_tasks
    from .writers import FRAGMENT, check_kinds, check_pdf_standard

    kinds += (FRAGMENT,) if web_fragment else ()
    check_kinds(kinds)
    check_pdf_standard(pdf_standard and pdf_standard.lower())
    work = pipeline.tasks(files, previous=previous, previous_dirs=_paths(previous_dir),
                          output_dir=Path(output), kinds=kinds, style=Path(style) if style else None,
                          pdf_standard=pdf_standard and pdf_standard.lower(),
                          input_styles=not no_input_styles,
                          notify=lambda text: typer.echo(f"reportgen: {text}", err=True),
                          rules=Path(rules) if rules else None)
    outcomes = run_tasks(work, jobs, quiet=False, single_summary=False)
    no_report_left(outcomes)
    if "web" in kinds:
        index = pipeline.web_index(outcomes, output, Path(style) if style else None)
        if index is not None:
            typer.echo(f"已生成网页目录 {index}")
    if "pdf" in kinds and any(o.written for o in outcomes):
        from .console import font_notice

        font_notice(Path(style) if style else None)
    raise typer.Exit(0 if all(o.written or o.skipped for o in outcomes) else 1)


def _paths(values: list[str] | None) -> tuple[Path, ...]:
    return tuple(Path(v) for v in values or ())


@app.command(cls=usage.Command)
def summary(
    files: Annotated[list[str], _FILES],
    output: Annotated[str, typer.Option(
        "--output", "-o", help="汇总文件（.xlsx 或 .csv；- 表示以 CSV 输出到屏幕）", metavar="文件")
    ] = "summary.xlsx",
) -> None:
    """汇总多个单位的年报，另附各表合计。

    每个单位一行：主要数字和校验结果；每种格式每个年度一张表，合计为公式；另附各表按官方格式的合计
    （有错误的文件、同一机关同一年度的重复文件不计入）；有相邻年度时另附同比表和比率表。有文件出错时
    退出码为 1。

    示例：reportgen summary 各单位/ -o 汇总.xlsx；reportgen summary 各单位/*.yaml -o 汇总.csv；
    reportgen summary 各单位/ -o - | less
    """
    from . import pipeline

    target, count, bad, notes = pipeline.summary(files, output)
    for note in notes:
        typer.echo(f"注意：{note}", err=True)
    if isinstance(target, bytes):  # -o -: the table is the result; the count is a notice
        sys.stdout.buffer.write(target)
        sys.stdout.flush()
        typer.echo(f"已汇总 {count} 个文件，其中 {bad} 个有错误（未计入合计）", err=True)
    else:
        typer.echo(f"已生成 {target}：{count} 个文件，其中 {bad} 个有错误（未计入合计）")
    raise typer.Exit(1 if bad else 0)  # like validate: a supervisor's script sees the errors


@app.command(cls=usage.Command)
def explain(rules: Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045
        help="规则编号（可写多个）、编号开头或关键词，如 T3-1、T3、结转；不写则列出全部规则",
        show_default=False, metavar="规则")] = None) -> None:
    """说明校验规则（检查什么、依据、怎样改），或列出全部规则。

    不写规则时按类别列出全部规则；写编号的开头或关键词时列出相关的规则。

    示例：reportgen explain T3-1 X-1；reportgen explain 结转
    """
    from .rulebook.explain import explain_all

    typer.echo(explain_all(rules or []))


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
    from_other: Annotated[bool, _flag(
        "--from-other", "允许 --from 是其他单位（如更名前）或不是上一年度的文件")] = False,
    xlsx: Annotated[bool, _flag("--xlsx", "生成 Excel 填报工作簿（缺省为 年度.xlsx）")] = False,
) -> None:
    """生成一份完整的、带官方名称注释的输入文件，供填写。

    用 --from 给出上年的输入文件时，沿用前言（年份顺延）、联系方式、落款和各部分小标题，
    并按上年“结转下年度继续办理”预填上年结转；沿用了哪些内容显示在屏幕上（标准错误）。

    用 --xlsx（或 -o 以 .xlsx 结尾）生成 Excel 填报工作簿：官方表格的排版，名称格子锁定，
    合计为公式；填好后 validate、build、import 可直接读取。

    示例：reportgen init 2025 --agency 示例县教育局 -o 2025.yaml；
    reportgen init 2025 --agency 示例县教育局 --from 2024.yaml；
    reportgen init 2025 --agency 示例县教育局 --xlsx -o 2025.xlsx
    """
    from . import pipeline

    copied: list[str] = []
    text, target = pipeline.init(year, agency, format_name=format_name, organ_kind=organ_kind,
                                 previous=previous, output=output, force=force,
                                 from_other=from_other, copied=copied, xlsx=xlsx)
    if copied:
        typer.echo(f"从 {previous} 沿用了：" + "".join(f"\n  - {line}" for line in copied), err=True)
    if target is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"已生成 {target}：填写后运行 reportgen validate {target}")


app.command("import", cls=usage.Command)(cli_import.import_)  # reportgen import (its own module)


@app.command(cls=usage.Command)
def schema(
    format_name: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--format", "-f", help="格式：gov2021 / gov2019 / legacy（缺省 gov2021）", metavar="格式")] = None,
) -> None:
    """输出输入文件的 JSON Schema，供编辑器（如 VS Code）自动补全和提示。

    示例：reportgen schema --format gov2019 > reportgen-gov2019.schema.json
    """
    from . import pipeline, schemas

    fmt = None if format_name is None else pipeline.resolve_format(format_name, 2100)
    typer.echo(schemas.text(fmt))


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


app.command(cls=usage.Command)(cli_edit.edit)

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


rules_app = typer.Typer(help="本地规则：导出起点。示例：reportgen rules export 本市规则",
                        no_args_is_help=True, cls=usage.Group)
app.add_typer(rules_app, name="rules")


@rules_app.command("export", cls=usage.Command)
def rules_export(
    folder: Annotated[str, typer.Argument(help="新规则文件夹", show_default=False, metavar="文件夹")],
    force: Annotated[bool, _flag("--force", "文件夹已存在时仍然写入")] = False,
) -> None:
    """导出带说明的 rules.yaml（本地规则的起点）。

    导出的各项均已注释，去掉行首的“#”即生效。

    示例：reportgen rules export 本市规则；然后编辑 本市规则/rules.yaml，
    用 reportgen validate 各单位/ --rules 本市规则 校验
    """
    from . import pipeline

    written = pipeline.export_rules(Path(folder), force=force)
    typer.echo(f"已生成规则文件 {written}；修改后用 reportgen validate 文件 --rules {folder} 校验")


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


#: click's exception classes, which typer vendors privately; reached through the public
#: ``typer.BadParameter`` so that no private module is imported.
_CLICK_ERRORS: dict[str, Any] = {cls.__name__: cls for cls in typer.BadParameter.__mro__}


def main() -> None:
    """Entry point of the ``reportgen`` command.

    The one place where errors become messages and exit codes: a :class:`ReportgenError` (what
    a user can get wrong in reportgen itself) as ``reportgen: 说明``, exit code of the error;
    a command-line usage error in Chinese with where to find help, exit code 2; an error of the
    operating system (full disk, no permission…) in Chinese with its path, exit code 1. Any
    other exception is a bug and keeps its traceback.
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
    except OSError as exc:  # the machine, not reportgen: say it in Chinese, with the path
        from .oserrors import describe

        typer.echo(f"reportgen: {describe(exc, '访问')}", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
