"""Help pages and command-line usage errors, in Chinese, as the user sees them."""

from __future__ import annotations

import sys

import pytest

from reportgen import cli
from reportgen.usage import describe


def reportgen(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              *args: str) -> tuple[int, str, str]:
    """Run ``reportgen ARGS`` in this process at 80 columns; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["reportgen", *args])
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.parametrize(("args", "message"), [
    (("validate", "--bogus", "x.yaml"), "没有选项 --bogus；是否想用 --jobs？\n查看帮助：reportgen validate -h"),
    (("validate", "--stric", "x.yaml"), "没有选项 --stric；是否想用 --strict？\n查看帮助：reportgen validate -h"),
    (("init", "2025"), "缺少选项 --agency / -a：机关名称，如 示例县教育局\n查看帮助：reportgen init -h"),
    (("build",), "缺少参数 文件：输入文件（.yaml/.yml/.json、填报工作簿 .xlsx，或已发布的 .docx/.pdf/.html）、文件夹或通配符；- 表示标准输入\n查看帮助：reportgen build -h"),
    (("init", "abc", "-a", "x"), "年度应为整数\n查看帮助：reportgen init -h"),
    (("validate", "-j", "0", "x.yaml"), "--jobs / -j 应不小于 1\n查看帮助：reportgen validate -h"),
    (("validate", "x.yaml", "-j"), "选项 -j 后面要给出一个值\n查看帮助：reportgen validate -h"),
    (("validate", "--strict=yes", "x.yaml"), "选项 --strict 不带值\n查看帮助：reportgen validate -h"),
    (("version", "extra"), "多余的参数：extra\n查看帮助：reportgen version -h"),
    (("biuld", "2024.yaml"), "没有命令 biuld；是否想用 build？\n查看帮助：reportgen -h"),
    (("style", "frob"), "没有命令 frob；可用的命令：export、check\n查看帮助：reportgen style -h"),
    (("frobnicate",), "没有命令 frobnicate；可用的命令：validate、build、summary、explain、init、"
                      "import、schema、formats、edit、version、style、rules\n查看帮助：reportgen -h"),
])
def test_usage_errors_are_one_chinese_sentence_and_where_to_find_help(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: tuple[str, ...], message: str) -> None:
    assert reportgen(monkeypatch, capsys, *args) == (2, "", f"reportgen: {message}\n")


def test_an_unknown_usage_error_keeps_its_words_after_a_chinese_lead_in() -> None:
    class UsageError(Exception):
        message = "Something new went wrong."

        def format_message(self) -> str:
            return self.message

    assert describe(UsageError()) == "用法错误：Something new went wrong."


@pytest.mark.parametrize("args", [(), ("validate",), ("build",), ("summary",), ("init",),
                                  ("style",), ("style", "export"), ("style", "check"),
                                  ("rules",), ("rules", "export")])
def test_help_pages_are_chinese_and_cut_nothing_at_80_columns(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: tuple[str, ...]) -> None:
    code, out, err = reportgen(monkeypatch, capsys, *args, "-h")
    assert (code, err) == (0, "")
    assert f"用法：reportgen {' '.join(args)}".replace("  ", " ").strip() in out
    assert "─ 选项 ─" in out and "显示本帮助" in out
    for english in ("Usage", "Options", "Arguments", "Commands", "Show this", "[required]",
                    "[default", "<bool>", "OPTIONS", "<list", "<text>", "<integer", "x>=",
                    "x<="):
        assert english not in out
    assert "…" not in out  # rich cuts CJK text it cannot wrap with "…"


def test_no_arguments_shows_the_help(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = reportgen(monkeypatch, capsys)
    assert code == 2 and "用法：reportgen [选项] 命令 [参数]..." in out
