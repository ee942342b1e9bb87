"""Chinese wording of the command line's help pages and usage errors.

typer, and the click it vendors, words both in English ("Usage:", "Show this message and
exit.", "No such option: --bogus"); the people running reportgen read Chinese.
:class:`Command` and :class:`Group` word the help pages; :func:`describe` turns a usage error
into one Chinese sentence. Errors are recognised by class name and attributes, not imported,
because typer keeps its click copy private; an error this module does not know keeps its
original wording after a Chinese lead-in, so nothing is ever lost.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import typer.core

#: The fixed words of typer's help panels (``typer.rich_utils`` reads them when it prints).
_HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEFAULT_STRING": "[缺省：{}]",
}


@cache
def _chinese_help_words() -> None:
    # Only when a help page is printed: typer.rich_utils imports rich, which other runs skip.
    from typer import rich_utils

    for name, text in _HELP_WORDS.items():
        setattr(rich_utils, name, text)


class _Chinese:
    """Help pages in Chinese: usage line, help option, panel titles."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助"
            option.metavar = ""  # a flag: no value to show
        return option

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _chinese_help_words()
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            _chinese_type_column(param)
        super().format_help(ctx, formatter)  # type: ignore[misc]


def _chinese_range(low: object, high: object) -> str | None:
    """Return a number range as the help page shows it: ``不小于 1``, ``1～8``."""
    if low is None and high is None:
        return None
    if high is None:
        return f"不小于 {low}"
    if low is None:
        return f"不大于 {high}"
    return f"{low}～{high}"


def _chinese_type_column(param: Any) -> None:
    """Word the type column of ``param``'s help row in Chinese.

    typer prints Python types there (``<list[str]>``) and ranges as ``x>=1``. An argument's
    metavar (文件) already says what to give, so its type is left out; a range is reworded.
    The methods are replaced on this one parameter object only, for this help page.
    """
    if getattr(param, "param_type_name", "") == "argument":
        param.display_type_rich = lambda ctx: None
    if hasattr(param, "min") and hasattr(param, "max"):
        low, high = param.min, param.max
        param._get_number_range_help_str = lambda: _chinese_range(low, high)


class Command(_Chinese, typer.core.TyperCommand):
    """A reportgen command (``@app.command(cls=Command)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[选项]"
        super().__init__(*args, **kwargs)


class Group(_Chinese, typer.core.TyperGroup):
    """A reportgen command group (``typer.Typer(cls=Group)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[选项]"
        kwargs["subcommand_metavar"] = "命令 [参数]..."
        super().__init__(*args, **kwargs)


#: pydantic's wording of typer's value checks (typer converts values through pydantic).
_REASONS = [
    (re.compile(r"Input should be a valid integer"), "应为整数"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"应不小于 \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"应不大于 \1"),
    (re.compile(r"Input should be a valid boolean"), "应为 true 或 false"),
]


def _name(param: Any) -> str:
    """Return how the user wrote (or should write) ``param``: ``--agency / -a`` or ``year``."""
    if param is None:
        return "参数"
    if getattr(param, "param_type_name", "") == "option":
        return " / ".join(param.opts)
    return str(param.metavar or param.name)


def _with_help(param: Any) -> str:
    help_text = getattr(param, "help", None)
    return f"：{help_text}" if help_text else ""


def _reason(message: str) -> str:
    """Return the Chinese of a value check's ``message``, or ``message`` when not known."""
    for pattern, chinese in _REASONS:
        match = pattern.search(message)
        if match:
            return match.expand(chinese)
    return message


def _subcommands(ctx: Any) -> list[str]:
    command = getattr(ctx, "command", None)
    lister = getattr(command, "list_commands", None)
    return list(lister(ctx)) if lister else []


def describe(exc: Any) -> str:
    """Return the Chinese sentence for a typer/click usage error."""
    kind = type(exc).__name__
    message = str(getattr(exc, "message", "") or "")
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption":
        similar = sorted(getattr(exc, "possibilities", None) or ())
        hint = f"；是否想用 {'、'.join(similar)}？" if similar else ""
        return f"没有选项 {exc.option_name}{hint}"
    if kind == "MissingParameter":
        what = "选项" if getattr(param, "param_type_name", "") == "option" else "参数"
        return f"缺少{what} {_name(param)}{_with_help(param)}"
    if kind == "BadParameter":
        name = _name(param)
        space = " " if name[-1:].isascii() else ""  # "--jobs / -j 应为整数", "年度应为整数"
        reason = _reason(message)
        return f"{name}{space}{reason}" if reason != message else f"{name}{space}的值不对：{message}"
    if kind == "BadOptionUsage":
        option = getattr(exc, "option_name", "")
        if "requires an argument" in message:
            return f"选项 {option} 后面要给出一个值"
        if "does not take a value" in message:
            return f"选项 {option} 不带值"
    match = re.fullmatch(r"No such command '(.*)'\.(?:\s*Did you mean '(.*)'\?)?", message)
    if match:
        if match.group(2):
            return f"没有命令 {match.group(1)}；是否想用 {match.group(2)}？"
        known = "、".join(_subcommands(exc.ctx))
        return f"没有命令 {match.group(1)}" + (f"；可用的命令：{known}" if known else "")
    match = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if match:
        return f"多余的参数：{match.group(1)}"
    return f"用法错误：{exc.format_message()}"


def help_hint(exc: Any, root: Any, argv: list[str]) -> str:
    """Return where to read the help of the command the error is about.

    Args:
        exc: the usage error; errors of the option parser carry no context, so then
        root: the click command of the application, and
        argv: the command line (without the program name) tell which command was meant.
    """
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        return f"查看帮助：{ctx.command_path} -h"
    path, command = ["reportgen"], root
    for word in argv:
        command = getattr(command, "commands", {}).get(word)
        if command is None:
            break
        path.append(word)
    return f"查看帮助：{' '.join(path)} -h"
