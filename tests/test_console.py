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
