"""A folder of agencies built in one command (issue 5's acceptance, scaled down for CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from reportgen import batch
from reportgen.errors import Finding, Severity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import agencies

# Batches build real PDFs in worker processes.
pytestmark = pytest.mark.slow


def test_a_folder_with_broken_files_builds_the_rest_and_lists_the_broken(tmp_path: Path) -> None:
    agencies.write(tmp_path / "in", 10, broken=3, seed=7)
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", "in", "-o", "out",
                          "--jobs", "2"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(written) == 14 and all(n.startswith("agency-000") is False or n[11] not in "012"
                                      for n in written)  # 7 pairs, none for the broken three
    lines = run.stdout.splitlines()
    located = [line for line in lines if "错误：" in line]
    assert [line.split(":")[0] for line in located] == [f"in/agency-000{i}.yaml" for i in range(3)]
    assert all(line.split(":")[1].isdigit() for line in located)  # each at its line
    assert lines[-1] == "共 10 个文件：通过 7，有错误 3"

    summary = subprocess.run([sys.executable, "-m", "reportgen", "summary", "in", "-o", "s.xlsx"],
                             cwd=tmp_path, capture_output=True, text=True, check=False)
    assert summary.returncode == 1  # some files have errors
    assert summary.stdout == "已生成 s.xlsx：10 个文件，其中 3 个有错误（未计入合计）\n"
    workbook = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert [row[0].value for row in workbook["汇总"].iter_rows(min_row=2)] == [
        f"in/agency-000{i}.yaml" for i in range(10)]
    sheet = workbook[workbook.sheetnames[1]]
    header = [c.value for c in sheet[1]]
    column = openpyxl.utils.get_column_letter(header.index("本年新收政府信息公开申请数量") + 1)
    assert sheet.max_row == 9  # header, 7 valid files, 合计
    assert sheet[f"{column}9"].value == f'=SUMIF($Z$2:$Z$8,"是",{column}2:{column}8)'


def test_long_builds_recycle_workers_and_still_build_everything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import pipeline

    monkeypatch.setattr(batch, "REPORTS_PER_WORKER", 2)  # 6 inputs > 2 workers x 2: recycle
    agencies.write(tmp_path / "in", 6, seed=3)
    outcomes = list(pipeline.build([str(tmp_path / "in")], output_dir=str(tmp_path / "out"),
                                   kinds=("docx",), jobs=2))
    assert [o.status for o in outcomes] == ["ok"] * 6
    assert len(list((tmp_path / "out").iterdir())) == 6


def _outcome(*findings: Finding) -> batch.Outcome:
    return batch.Outcome(name="in/通知.docx", format_id="", findings=list(findings))


def _refusal(rule: str, message: str) -> Finding:
    return Finding(Severity.ERROR, rule, "in/通知.docx", 0, 0, "", "", message)


def test_a_scanned_file_that_is_no_report_is_passed_over_and_a_named_one_is_not() -> None:
    refusal = _refusal("DOC-NOT-REPORT", "文档不是年度报告")
    task = batch.Task(Path("in/通知.docx"), "通知", scanned=True)
    skipped = batch.pass_over(_outcome(refusal), task)
    assert (skipped.status, skipped.findings, skipped.skipped) == ("skipped", [], refusal)
    assert skipped.notices == ["in/通知.docx: 已跳过，不是年度报告：文档不是年度报告 [DOC-NOT-REPORT]"]
    assert batch.pass_over(_outcome(refusal), batch.Task(Path("in/通知.docx"), "通知")).status == \
        "errors"
    # A report that cannot be read, or one with other errors besides, stays an error.
    broken = _refusal("DOC-BROKEN", "文件已损坏")
    assert batch.pass_over(_outcome(broken), task).status == "errors"
    assert batch.pass_over(_outcome(refusal, broken), task).status == "errors"
