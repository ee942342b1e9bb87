"""``reportgen import``: the command that reads a published report into an input file.

Kept beside :mod:`reportgen.cli` (which registers it) so that the CLI module stays small; the
work is done by :func:`reportgen.pipeline.import_report`.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer


def import_(
    file: Annotated[str, typer.Argument(help="已发布的报告（.docx、有文字层的 .pdf、网页 .html）或填报工作簿 .xlsx", show_default=False,
                                        metavar="文件")],
    output: Annotated[Optional[str], typer.Option(  # noqa: UP045 - typer needs Optional
        "--output", "-o", help="写入的输入文件（缺省为 原文件名.yaml；- 表示输出到屏幕）",
        metavar="文件")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件", metavar="")] = False,
) -> None:
    """把已发布的报告（.docx、.pdf、网页）或填报工作簿读成输入文件。

    数字按原文照录。读不出的部分、与官方名称不同的名称逐条列出（标准错误输出）。
    示例：reportgen import 某局2024年报.pdf -o 2024.yaml
    """
    from . import pipeline

    text, target, notices = pipeline.import_report(file, output=output, force=force)
    for line in notices:
        typer.echo(line, err=True)
    if target is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"已生成 {target}：运行 reportgen validate {target} 检查", err=True)
