"""The command line as a user runs it: exit codes, output, start-up imports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen import __version__

from .helpers import GOV2021, SAMPLES

# Every test here starts reportgen in a subprocess, as a user would.
pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True,
                          text=True, cwd=cwd, check=False)


def test_validate_sample_passes() -> None:
    result = run("validate", str(SAMPLES / "2019.yaml"))
    assert result.returncode == 0
    assert result.stdout == f"{SAMPLES / '2019.yaml'}: 通过（格式 gov2019）\n"


def test_validate_reports_errors_with_exit_code_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOV2021.replace("year: 2024", "year: 1999"), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{bad}:2:7: year（报告年度）: 错误：报告年度应在 2008 到 2100 之间，实际为 1999 [TYPE]",
        f"{bad}: 未通过（1 个错误，0 个警告）",
    ]


def test_strict_makes_warnings_fail_and_json_is_machine_readable(tmp_path: Path) -> None:
    warn = tmp_path / "w.yaml"
    warn.write_text(GOV2021.replace("published: 2025-01-20", "published: 2025-02-20"),
                    encoding="utf-8")
    assert run("validate", str(warn)).returncode == 0
    strict = run("validate", "--strict", "--json", str(warn))
    assert strict.returncode == 1
    document = json.loads(strict.stdout)
    assert document["ok"] is False
    assert document["files"][0]["status"] == "warnings"
    assert document["files"][0]["findings"][0]["rule"] == "D-LATE"
    assert document["files"][0]["findings"][0]["line"] == 4


def test_usage_errors_exit_2_without_traceback() -> None:
    result = run("validate", "missing.yaml")
    assert (result.returncode, result.stderr) == (2, "reportgen: 找不到文件 missing.yaml\n")


@pytest.mark.parametrize("args", [("validate",), ("init",), ("init", "x", "--agency", "a")])
def test_bad_arguments_exit_2_with_usage_not_a_traceback(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_init_then_validate(tmp_path: Path) -> None:
    assert run("init", "2025", "--agency", "某某局", "-o", "x.yaml", cwd=tmp_path).returncode == 0
    result = run("validate", "x.yaml", cwd=tmp_path)
    assert result.returncode == 1
    # What is left to write: the prose, and the date (written as an empty key for the user).
    assert {line.split("[")[-1] for line in result.stdout.splitlines()[:-1]} == {"N-EMPTY]", "D-MISSING]"}


@pytest.mark.parametrize("command", ["validate", "init", "schema", "formats", "explain"])
def test_every_command_has_chinese_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0 and "示例" in result.stdout


def test_formats_and_explain() -> None:
    assert "gov2021  2021 年起" in run("formats").stdout
    explained = run("explain", "t3-1").stdout
    assert explained.startswith("T3-1：表三每列平衡")
    assert "怎样改：" in explained
    assert run("validate", "--explain", "X-2").stdout.startswith("X-2：正文中引用的数字与表格一致")


def test_validate_does_not_import_the_renderers() -> None:
    sample = str(SAMPLES / "2019.yaml")
    code = (f"import sys; sys.argv = ['reportgen', 'validate', {sample!r}]\n"
            "from reportgen import cli\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('weasyprint', 'docxtpl', 'docx', 'jinja2') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"


def test_build_writes_docx_and_pdf_and_reports_them(tmp_path: Path) -> None:
    result = run("build", str(SAMPLES / "2019.yaml"), "-o", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout == (f"{SAMPLES / '2019.yaml'}: 已生成 {tmp_path / '2019.docx'}、"
                             f"{tmp_path / '2019.pdf'}\n")
    assert (tmp_path / "2019.pdf").read_bytes().startswith(b"%PDF-")


def test_build_with_errors_exits_1_and_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOV2021.replace("year: 2024", "year: 1999"), encoding="utf-8")
    result = run("build", str(bad), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == f"{bad}: 未生成（1 个错误，请先改正）"


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_in_a_batch_counts_every_report_written_and_leaves_no_partial_file(
        tmp_path: Path, jobs: str) -> None:
    import re
    import shutil
    import signal

    (tmp_path / "in").mkdir()
    for index in range(6):
        shutil.copy(SAMPLES / "2024.yaml", tmp_path / "in" / f"r{index}.yaml")
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "build", "in", "-o", "out",
                                "--jobs", jobs], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # the first input is done: interrupt the next ones
    process.send_signal(signal.SIGINT)
    process.wait(timeout=120)
    assert "已生成" in first and process.returncode == 130
    message = process.stderr.read()
    counts = re.fullmatch(r"reportgen: 已中断。已处理 (\d) 个文件（(\d) 个已生成）；"
                          r"其余 (\d) 个文件未处理，它们原有的输出保持不变\n", message)
    assert counts, message
    done, written, rest = map(int, counts.groups())
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert not [n for n in names if n.startswith(".")]  # no temporary left behind
    assert names == sorted(f"r{i}.{kind}" for i in range(written) for kind in ("docx", "pdf"))
    assert done == written and done + rest == 6 and written < 6  # it did stop


def _documented_fields(section: str) -> list[str]:
    """The field names of one table of docs/validate-json.md."""
    text = (Path(__file__).parent.parent / "docs" / "validate-json.md").read_text(encoding="utf-8")
    table = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return [name for row in re.findall(r"^\| (`[^|]*`) \|", table, re.M)
            for name in re.findall(r"`([^`]+)`", row)]


def test_json_output_has_exactly_the_documented_fields(tmp_path: Path) -> None:
    broken = tmp_path / "2024.yaml"
    broken.write_text(GOV2021.replace("received: [5, 1, 0, 0, 0, 0]", "received: [-5, 1, 0, 0, 0, 0]"),
                      encoding="utf-8")
    document = json.loads(run("validate", "--json", str(broken)).stdout)
    file = document["files"][0]
    assert list(document) == _documented_fields("顶层 / Top level")
    assert list(file) == _documented_fields("`files[]`")
    assert list(file["findings"][0]) == _documented_fields("`files[].findings[]`")
    assert (document["schema"], document["ok"]) == ("reportgen-validate/1", False)
    assert set(document["rules"]) == {f["rule"] for f in file["findings"]}


def test_standard_input_is_read_when_the_file_is_a_dash() -> None:
    text = (SAMPLES / "2024.yaml").read_text(encoding="utf-8").replace(
        "licensing: 120", "licensing: -3", 1)
    done = subprocess.run([sys.executable, "-m", "reportgen", "validate", "-"], input=text,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.splitlines()[0]) == (1, "-:37:14: active_disclosure.licensing"
                                                              "（行政许可 · 本年处理决定数量）: 错误："
                                                              "应为 0 或正整数，实际为 -3 [VALUE]")
    both = run("validate", "-", "x.yaml")
    assert (both.returncode, both.stderr.splitlines()[0]) == (
        2, "reportgen: “-”（从标准输入读取）只能单独使用，不能与其他文件一起给出")


def test_version_flag() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"reportgen {__version__}\n", "")


def test_a_full_standard_output_is_said_in_chinese() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "reportgen", "formats"], stdout=full,
                                stderr=subprocess.PIPE, text=True, check=False)
    assert (result.returncode, result.stderr) == (1, "reportgen: 操作失败：磁盘空间不足\n")


def test_os_errors_reaching_the_boundary_are_said_in_chinese_with_the_path(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from reportgen import cli, pipeline

    def broken(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "各单位/a.yaml")

    monkeypatch.setattr(pipeline, "summary", broken)
    monkeypatch.setattr(sys, "argv", ["reportgen", "summary", "各单位"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    assert capsys.readouterr().err == "reportgen: 无法访问 各单位/a.yaml：没有权限\n"


def test_output_that_is_a_file_is_said_plainly(tmp_path: Path) -> None:
    (tmp_path / "afile.txt").write_text("x")
    result = run("build", str(SAMPLES / "2024.yaml"), "-o", "afile.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "reportgen: -o 指向的是文件，不是文件夹：afile.txt；请给出一个文件夹（不存在时会自动创建）\n")


_KILLED_BUILD = """
import os, signal, sys
from reportgen import cli

real, calls = os.replace, []

def dying(*args):
    if not str(args[1]).startswith("out"):
        return real(*args)  # not the swap into out/ (a cache entry, say)
    calls.append(1)
    if len(calls) == 4:  # two moves out (nothing there yet), one move in: die before the next
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args)

os.replace = dying
sys.argv = ["reportgen", *sys.argv[1:]]
cli.main()
"""


@pytest.mark.slow
def test_a_build_killed_while_swapping_is_finished_by_the_next_one(tmp_path: Path) -> None:
    args = ["build", str(SAMPLES / "2024.yaml"), "-o", "out", "--to", "docx,html"]
    killed = subprocess.run([sys.executable, "-c", _KILLED_BUILD, *args], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert killed.returncode == -9, killed.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["2024.docx"]
    again = run(*args, cwd=tmp_path)
    assert again.returncode == 0
    assert again.stderr == "reportgen: 上次生成在替换文件时中断，已补完：out/ 中的 2024.html\n"
    assert sorted(os.listdir(out)) == ["2024.docx", "2024.html"]


_FULL_DISK_BUILD = """
import errno, os, sys
from reportgen import cli

def full(handle, data):
    raise OSError(errno.ENOSPC, "No space left on device")

os.write = full
sys.argv = ["reportgen", *sys.argv[1:]]
cli.main()
"""


@pytest.mark.slow
def test_a_full_disk_during_a_build_is_said_in_chinese_and_keeps_the_old_files(
        tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "2024.html").write_text("old")
    args = ["build", str(SAMPLES / "2024.yaml"), "-o", "out", "--to", "html"]
    result = subprocess.run([sys.executable, "-c", _FULL_DISK_BUILD, *args], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (
        1, "reportgen: 无法写入 out/2024.html：磁盘空间不足；原有文件未被改动\n")
    assert os.listdir(tmp_path / "out") == ["2024.html"]
    assert (tmp_path / "out" / "2024.html").read_text() == "old"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system (tmpfs), where this machine lets us mount one."""
    import shutil

    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.slow
def test_a_really_full_or_read_only_disk_keeps_the_old_pair(tiny_disk: Path) -> None:
    out = tiny_disk / "out"
    out.mkdir()
    for name in ("2024.docx", "2024.pdf"):
        (out / name).write_text("old")
    full = run("build", str(SAMPLES / "2024.yaml"), "-o", str(out))
    assert full.returncode == 1
    assert full.stderr in (f"reportgen: 无法写入 {out / name}：磁盘空间不足；原有文件未被改动\n"
                           for name in ("2024.docx", "2024.pdf"))  # whichever fills the disk
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    read_only = run("build", str(SAMPLES / "2024.yaml"), "-o", str(out))
    assert (read_only.returncode, read_only.stderr) == (
        1, f"reportgen: 无法写入 {out / '2024.docx'}：所在的磁盘或文件夹是只读的；原有文件未被改动\n")
    assert sorted(os.listdir(out)) == ["2024.docx", "2024.pdf"]
    assert all((out / name).read_text() == "old" for name in os.listdir(out))


def test_validate_names_the_previous_year_file_on_stderr_and_in_json(tmp_path: Path) -> None:
    last = GOV2021.replace("year: 2024", "year: 2023").replace("published: 2025-01-20",
                                                              "published: 2024-01-20")
    (tmp_path / "2023.yaml").write_text(last, encoding="utf-8")
    (tmp_path / "2024.yaml").write_text(GOV2021, encoding="utf-8")
    result = run("validate", "2024.yaml", "--json", cwd=tmp_path)
    assert result.stderr == "2024.yaml: 上年文件：2023.yaml\n"
    [entry] = json.loads(result.stdout)["files"]
    assert entry["previous"] == "2023.yaml" and entry["previous_candidates"] == []
    (tmp_path / "2023-旧稿.yaml").write_text(last, encoding="utf-8")
    again = run("validate", "2024.yaml", "--json", cwd=tmp_path)
    assert again.stderr == ""
    [entry] = json.loads(again.stdout)["files"]
    assert entry["previous"] is None and entry["previous_candidates"] == ["2023-旧稿.yaml", "2023.yaml"]
    assert [f["rule"] for f in entry["findings"]] == ["X-PREV-MANY"]


@pytest.mark.slow
def test_broken_published_documents_get_one_message_each_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04broken")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (tmp_path / "c.html").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (tmp_path / "d.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    run = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    lines = [line for line in run.stdout.splitlines() if "[DOC-BROKEN]" in line]
    assert [line.split(": 错误：")[0] for line in lines] == [
        f"{tmp_path / name}:0:0" for name in ("a.docx", "b.pdf", "c.html", "d.docx")]


def test_build_of_a_folder_passes_over_a_notice_and_succeeds(tmp_path: Path) -> None:
    import docx

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "2024.yaml").write_text(GOV2021, encoding="utf-8")
    notice = docx.Document()
    notice.add_paragraph("关于报送年度报告的通知")
    notice.save(str(tmp_path / "in" / "通知.docx"))
    result = run("build", "in", "-o", "out", "--to", "html", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == ["in/2024.yaml: 已生成 out/2024.html",
                                              "in/通知.docx: 已跳过（不是年度报告）"]
    assert result.stdout.splitlines()[-1] == "共 2 个文件：通过 1，已跳过 1"
    assert result.stderr.startswith("in/通知.docx: 已跳过，不是年度报告：")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2024.html"]
    (tmp_path / "in" / "2024.yaml").unlink()  # a folder of nothing but the notice: refused
    for command in (["validate", "in"], ["build", "in", "-o", "out2"]):
        refused = run(*command, cwd=tmp_path)
        assert refused.returncode == 2
        assert refused.stderr.splitlines()[-1] == \
            "reportgen: 没有找到年度报告：所给的 1 个文件都不是年度报告（已跳过）"



def test_a_repeated_to_adds_formats_instead_of_keeping_the_last(tmp_path: Path) -> None:
    # click keeps only the last value of a repeated option: `--to html --to xlsx` made no HTML.
    (tmp_path / "2024.yaml").write_text(GOV2021, encoding="utf-8")
    result = run("build", "2024.yaml", "-o", "out", "--to", "html", "--to", "XLSX", "--to", "html", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "2024.yaml: 已生成 out/2024.html、out/2024.xlsx\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2024.html", "2024.xlsx"]
