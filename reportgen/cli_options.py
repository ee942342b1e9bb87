"""Options and arguments several commands share (one wording each)."""

from __future__ import annotations

from typing import Any

import typer

_FILES = typer.Argument(help="输入文件（.yaml/.yml/.json、填报工作簿 .xlsx，或已发布的 .docx/.pdf/.html）、文件夹或通配符；- 表示标准输入", show_default=False,
                        metavar="文件")
_JOBS = typer.Option("--jobs", "-j", help="并行进程数（缺省为 CPU 核数；校验文件少时为 1）", show_default=False, min=1,
                     metavar="N")
_PREVIOUS = typer.Option("--previous", help="上年的输入文件（用于跨年度核对）", metavar="文件")
_PREVIOUS_DIR = typer.Option(
    "--previous-dir", help="到此文件夹找各单位上年的文件", metavar="文件夹")
_RULES = typer.Option("--rules", help="本地规则文件夹（优先于输入文件中的 rules:）", metavar="文件夹")
_NO_INPUT_STYLES = ("--no-input-styles", "不使用输入文件中 style: 指定的样式（汇总各单位文件时用）")


def _flag(name: str, text: str) -> Any:
    """Return a yes/no option (its help shows no value placeholder)."""
    return typer.Option(name, help=text, metavar="")
