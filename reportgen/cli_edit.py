"""``reportgen edit``: the local web form (the server is imported only when it runs)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_options import _PREVIOUS, _flag


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
