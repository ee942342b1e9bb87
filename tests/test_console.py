"""Tests of what a batch shows, and says when it is interrupted."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from reportgen import console, pipeline, validation

from .helpers import GOV2021


def _inputs(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    for index in range(count):
        (folder / f"r{index}.yaml").write_text(GOV2021, encoding="utf-8")
    return [str(folder)]


@pytest.mark.parametrize(("build", "message"), [
    (False, "reportgen: 已中断。已校验 1 个文件，其余 2 个未校验\n"),
    (True, "reportgen: 已中断。已处理 1 个文件（1 个已生成）；其余 2 个文件未处理，它们原有的输出保持不变\n"),
])
def test_ctrl_c_says_what_was_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str], build: bool,
                                   message: str) -> None:
    real, calls = validation.check_file, []

    def interrupted_on_second(*args: object, **kwargs: object) -> validation.Checked:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    work = pipeline.tasks(_inputs(tmp_path / "in", 3), output_dir=tmp_path / "out" if build else None,
                          kinds=("html",))
    monkeypatch.setattr(validation, "check_file", interrupted_on_second)
    with pytest.raises(typer.Exit) as info:
        console.run_tasks(work, 1, quiet=True, single_summary=not build)
    assert info.value.exit_code == 130
    assert capsys.readouterr().err == message


def test_ctrl_c_while_an_outcome_is_shown_still_counts_the_ones_in_progress(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Ctrl-C that lands in the printing (not in the batch) is passed into the batch, which
    # with workers finishes and reports what they are on.
    work = pipeline.tasks(_inputs(tmp_path / "in", 5), output_dir=tmp_path / "out",
                          kinds=("html",))
    real, lines = console._outcome_line, []

    def interrupted_on_first(*args: object) -> str:
        lines.append(1)
        if len(lines) == 1:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(console, "_outcome_line", interrupted_on_first)
    with pytest.raises(typer.Exit):
        console.run_tasks(work, 2, quiet=False, single_summary=False)
    err = capsys.readouterr().err
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert err == (f"reportgen: 已中断。已处理 {len(written)} 个文件（{len(written)} 个已生成）；"
                   f"其余 {5 - len(written)} 个文件未处理，它们原有的输出保持不变\n")
    assert 2 <= len(written) < 5


def _folder_with_attachments(folder: Path) -> None:
    import docx
    import openpyxl

    _inputs(folder, 1)
    notice = docx.Document()
    notice.add_paragraph("关于报送年度报告的通知")
    notice.save(str(folder / "通知.docx"))
    workbook = openpyxl.Workbook()
    workbook.active.title = "汇总表"
    workbook.save(folder / "汇总表.xlsx")


def test_files_a_folder_brings_in_that_are_no_reports_are_skipped_not_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _folder_with_attachments(tmp_path / "in")
    done = console.run_tasks(pipeline.tasks([str(tmp_path / "in")]), 1, quiet=False,
                             single_summary=True)
    assert [(Path(o.name).name, o.status) for o in done] == [
        ("r0.yaml", "ok"), ("汇总表.xlsx", "skipped"), ("通知.docx", "skipped")]
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "共 3 个文件：通过 1，已跳过 2"
    assert err.splitlines() == [
        f"{tmp_path}/in/汇总表.xlsx: 已跳过，不是年度报告：工作簿中没有“基本信息”工作表，也没有"
        "“表二”“表三”“表四”“统计表”等表格工作表，不是 reportgen 的填报工作簿；请用 reportgen init "
        "年度 --agency 机关名称 --xlsx 生成填报工作簿 [XLSX-NOT-REPORT]",
        f"{tmp_path}/in/通知.docx: 已跳过，不是年度报告：文件中既找不到年度报告的各部分标题"
        "（一、总体情况……），也找不到官方统计表格，不是一份政府信息公开工作年度报告 [DOC-NOT-REPORT]",
    ]
    report = console.json_report(done, strict=False)
    files = report["files"]
    assert isinstance(files, list)
    assert [f["status"] for f in files] == ["ok", "skipped", "skipped"]
    assert files[2]["findings"] == [] and files[2]["skipped"]["rule"] == "DOC-NOT-REPORT"
    assert report["ok"] is True
    assert sorted(report["rules"]) == ["DOC-NOT-REPORT", "XLSX-NOT-REPORT"]  # type: ignore[call-overload]


def test_a_file_named_on_the_command_line_that_is_no_report_stays_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _folder_with_attachments(tmp_path / "in")
    done = console.run_tasks(pipeline.tasks([str(tmp_path / "in" / "通知.docx")]), 1,
                             quiet=False, single_summary=True)
    assert [(o.status, o.findings[0].rule) for o in done] == [("errors", "DOC-NOT-REPORT")]
    # No "skipped" notice: only the line on how to read up a rule.
    assert capsys.readouterr().err == (
        "提示：方括号中是规则编号；reportgen explain DOC-NOT-REPORT 说明该规则检查什么、依据是什么、怎样改\n")


def test_a_run_that_printed_findings_says_how_to_read_up_their_rule(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOV2021.replace("published: 2025-01-20", "published: 2025-03-20"),
                                   encoding="utf-8")  # a warning (late) comes first
    (folder / "b.yaml").write_text(GOV2021.replace("agency:", "agancy:"), encoding="utf-8")
    console.run_tasks(pipeline.tasks([str(folder)]), 1, quiet=False, single_summary=True)
    captured = capsys.readouterr()
    assert "[D-LATE]" in captured.out and "[KEY-UNKNOWN]" in captured.out
    # An error's rule is named before a warning's, once, on standard error.
    assert captured.err == (
        "提示：方括号中是规则编号；reportgen explain KEY-UNKNOWN 说明该规则检查什么、依据是什么、怎样改\n")

    (folder / "b.yaml").unlink()
    console.run_tasks(pipeline.tasks([str(folder)]), 1, quiet=True, single_summary=True)
    assert capsys.readouterr().err == ""  # --json: nothing but the JSON
    (folder / "a.yaml").write_text(GOV2021, encoding="utf-8")
    console.run_tasks(pipeline.tasks([str(folder)]), 1, quiet=False, single_summary=True)
    assert capsys.readouterr().err == ""  # nothing printed, nothing to explain


def test_the_hint_never_names_a_local_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.batch import Outcome
    from reportgen.errors import Finding, Severity

    def finding(severity: Severity, rule: str) -> Finding:
        return Finding(severity, rule, "a.yaml", 1, 1, "", "", "说明")

    # A local rule (rules.yaml) has no entry for explain: the hint names the rulebook's rule.
    local = Outcome("a.yaml", "gov2021", [finding(Severity.ERROR, "L-ZCJD"),
                                          finding(Severity.WARNING, "D-LATE")])
    console._rule_hint([local])
    assert capsys.readouterr().err == (
        "提示：方括号中是规则编号；reportgen explain D-LATE 说明该规则检查什么、依据是什么、怎样改\n")
    console._rule_hint([Outcome("a.yaml", "gov2021", [finding(Severity.ERROR, "L-ZCJD")])])
    assert capsys.readouterr().err == ""


def test_a_folder_of_nothing_but_attachments_is_refused(tmp_path: Path) -> None:
    from reportgen.errors import UsageError

    _folder_with_attachments(tmp_path / "in")
    (tmp_path / "in" / "r0.yaml").unlink()
    done = console.run_tasks(pipeline.tasks([str(tmp_path / "in")]), 1, quiet=True,
                             single_summary=True)
    with pytest.raises(UsageError) as caught:
        console.no_report_left(done)
    assert caught.value.message == "没有找到年度报告：所给的 2 个文件都不是年度报告（已跳过）"
    console.no_report_left(done[:0])  # nothing at all is expand_inputs' to refuse


def test_the_closing_table_is_parted_by_a_blank_line_only_from_lines_above_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = pipeline.tasks(_inputs(tmp_path / "in", 2), output_dir=None, kinds=("html",))
    console.run_tasks(work, 1, quiet=False, single_summary=True)
    out = capsys.readouterr().out
    assert out.startswith("结果汇总：\n  状态    错误  警告  文件\n"), out

    work = pipeline.tasks([str(tmp_path / "in")], output_dir=tmp_path / "out", kinds=("html",))
    console.run_tasks(work, 1, quiet=False, single_summary=False)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("r1.yaml: 已生成 " + str(tmp_path / "out" / "r1.html"))
    assert lines[2:4] == ["", "结果汇总："]
