"""Pipeline functions: input expansion, init, schema, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.errors import UsageError


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    pipeline.init(2025, "某局", output=str(target))
    with pytest.raises(UsageError) as info:
        pipeline.init(2025, "某局", output=str(target))
    assert info.value.message == f"{target} 已存在；如要覆盖请加 --force"
    pipeline.init(2025, "他局", output=str(target), force=True)
    assert "agency: 他局" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"year": 1990}, "年度应在 2008 到 2100 之间，实际为 1990"),
    ({"format_name": "gov2020"}, "未知的格式 gov2020：可用的格式为 gov2021、gov2019、legacy"),
    ({"organ_kind": "bureau"}, "机关类别应为 department、government 或 township，实际为 bureau"),
])
def test_init_argument_errors(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"year": 2025, "agency": "某局", "output": "-", **kwargs}
    with pytest.raises(UsageError) as info:
        pipeline.init(**arguments)  # type: ignore[arg-type]
    assert info.value.message == message


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_build_names_outputs_after_inputs_and_never_collides(tmp_path: Path) -> None:
    from .helpers import GOV2021

    _write(tmp_path / "a" / "2024.yaml", GOV2021)
    _write(tmp_path / "b" / "2024.yaml", GOV2021)
    out = tmp_path / "out"
    results = list(pipeline.build([str(tmp_path / "a"), str(tmp_path / "b")], output_dir=str(out),
                                  kinds=("docx",)))
    assert [[p.name for p in r.written] for r in results] == [["2024.docx"], ["b-2024.docx"]]


def test_build_refuses_inputs_with_errors_and_writes_nothing(tmp_path: Path) -> None:
    from .helpers import GOV2021

    bad = _write(tmp_path / "bad.yaml", GOV2021.replace("year: 2024", "year: 1999"))
    [result] = pipeline.build([str(bad)], output_dir=str(tmp_path / "out"), kinds=("docx",))
    assert result.written == [] and [f.rule for f in result.errors] == ["TYPE"]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_failing_render_keeps_the_previous_outputs(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.writers import pdf

    from .helpers import GOV2021

    source = _write(tmp_path / "r.yaml", GOV2021)
    out = tmp_path / "out"
    list(pipeline.build([str(source)], output_dir=str(out), kinds=("docx", "pdf")))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object, **options: object) -> bytes:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(pdf, "render", broken)
    _write(source, GOV2021.replace("示例局", "另一个局"))
    with pytest.raises(RuntimeError):
        list(pipeline.build([str(source)], output_dir=str(out), kinds=("docx", "pdf")))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing half-written


def test_build_rejects_unknown_output_kinds() -> None:
    with pytest.raises(UsageError) as info:
        list(pipeline.build(["x.yaml"], kinds=("docx", "odt")))
    assert info.value.message == "未知的输出格式 odt：可用 docx,pdf,html,web,xlsx"


def test_ctrl_c_during_a_batch_leaves_finished_files_and_no_partial_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.writers import docx as docx_writer

    from .helpers import GOV2021

    for name in ("a", "b", "c"):
        _write(tmp_path / "in" / f"{name}.yaml", GOV2021)
    real, calls = docx_writer.render, []

    def interrupted_on_second(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(docx_writer, "render", interrupted_on_second)
    out, done = tmp_path / "out", []
    with pytest.raises(KeyboardInterrupt):
        for result in pipeline.build([str(tmp_path / "in")], output_dir=str(out),
                                     kinds=("docx",)):
            done.append(result)
    assert [p.name for r in done for p in r.written] == ["a.docx"]
    assert sorted(p.name for p in out.iterdir()) == ["a.docx"]  # no temporary left behind


def test_output_names_are_sanitised_and_stay_in_the_output_folder(tmp_path: Path) -> None:
    from .helpers import GOV2021

    source = _write(tmp_path / "年报 (终稿);rm -rf ~.yaml", GOV2021)
    [result] = pipeline.build([str(source)], output_dir=str(tmp_path / "out"), kinds=("docx",))
    assert [p.relative_to(tmp_path).as_posix() for p in result.written] == ["out/年报__终稿__rm_-rf__.docx"]


@pytest.mark.parametrize(("last", "message"), [
    ("agency: 他局\nyear: 2024\n", "是“他局”的报告，不是“某局”的；如确要沿用（如机关更名），请加 --from-other"),
    ("agency: 某局\nyear: 2023\n", "是 2023 年度的报告，不是 2024 年度的；如确要沿用，请加 --from-other"),
])
def test_init_from_refuses_another_agency_or_year_unless_told(tmp_path: Path, last: str,
                                                               message: str) -> None:
    previous = tmp_path / "last.yaml"
    previous.write_text(last + "overview: x\nproblems: x\nother_matters: x\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        pipeline.init(2025, "某局", previous=str(previous), output="-")
    assert info.value.message == f"上年文件 {previous} {message}"
    text, _ = pipeline.init(2025, "某局", previous=str(previous), output="-", from_other=True)
    assert "agency: 某局" in text


def test_output_that_is_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    from .helpers import GOV2021

    source = _write(tmp_path / "r.yaml", GOV2021)
    (tmp_path / "afile.txt").write_text("x")
    with pytest.raises(UsageError) as info:
        list(pipeline.build([str(source)], output_dir=str(tmp_path / "afile.txt"), kinds=("docx",)))
    assert info.value.message == (f"-o 指向的是文件，不是文件夹：{tmp_path / 'afile.txt'}；"
                                  "请给出一个文件夹（不存在时会自动创建）")
    with pytest.raises(UsageError) as info:
        list(pipeline.build([str(source)], output_dir=str(tmp_path / "afile.txt" / "x"),
                            kinds=("docx",)))
    assert info.value.message == (f"-o 的路径中 {tmp_path / 'afile.txt'} 是文件，不是文件夹："
                                  f"{tmp_path / 'afile.txt' / 'x'}")


def test_an_input_with_a_very_long_name_is_built_under_a_shortened_one(tmp_path: Path) -> None:
    from .helpers import GOV2021

    long = "某" * 83 + "ab"  # 251 bytes: {long}.yml fits (255), {long}.docx does not
    source = _write(tmp_path / f"{long}.yml", GOV2021)
    notices: list[str] = []
    work = pipeline.tasks([str(source)], output_dir=tmp_path / "out", kinds=("docx", "html"),
                          notify=notices.append)
    [result] = pipeline.run(work, 1)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert [p.name for p in result.written] == names and len(names) == 2
    assert all(len(n.encode()) <= 255 and n.startswith("某" * 80 + "-") for n in names)
    assert [n.split("：")[0] for n in notices] == [f"{source}: 文件名过长"]


def test_names_near_the_limit_are_written_as_they_are(tmp_path: Path) -> None:
    from .helpers import GOV2021

    name = "某" * 80  # 240 bytes: 240.docx is 245, once too long for the temporary's name
    source = _write(tmp_path / f"{name}.yaml", GOV2021)
    [result] = pipeline.build([str(source)], output_dir=str(tmp_path / "out"), kinds=("html",))
    assert [p.name for p in result.written] == [f"{name}.html"]


def test_the_next_build_finishes_an_interrupted_swap_and_says_so(tmp_path: Path) -> None:
    from .helpers import GOV2021

    source = _write(tmp_path / "r.yaml", GOV2021)
    out = tmp_path / "out"
    ready = out / ".reportgen-999999999-abc.ready"  # no such process
    (ready / "new").mkdir(parents=True)
    (ready / "old").mkdir()
    (ready / "new" / "x.pdf").write_bytes(b"new pdf")
    (out / ".reportgen-999999999-def.part").mkdir()
    notices: list[str] = []
    pipeline.tasks([str(source)], output_dir=out, kinds=("docx",), notify=notices.append)
    assert notices == [f"上次生成在替换文件时中断，已补完：{out}/ 中的 x.pdf",
                       f"已删除上次中断留下的 1 个临时文件（{out}/ 中的 .reportgen-…）"]
    assert os.listdir(out) == ["x.pdf"]


def test_ctrl_c_while_outputs_are_swapped_in_counts_them_as_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    from .helpers import GOV2021

    for name in ("a", "b"):
        _write(tmp_path / "in" / f"{name}.yaml", GOV2021)
    real = os.replace

    def interrupted(source: str, target: str) -> None:
        signal.raise_signal(signal.SIGINT)
        real(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    out, done = tmp_path / "out", []
    with pytest.raises(KeyboardInterrupt):
        for result in pipeline.build([str(tmp_path / "in")], output_dir=str(out),
                                     kinds=("html",)):
            done.append(result)
    assert [p.name for r in done for p in r.written] == ["a.html"]
    assert os.listdir(out) == ["a.html"]


def test_summary_and_init_remove_their_own_dead_temporaries(tmp_path: Path) -> None:
    import time

    from .helpers import GOV2021

    source = _write(tmp_path / "r.yaml", GOV2021)
    for name in ("s", "i"):
        leftover = tmp_path / f".reportgen-999999999-{name}.part"
        leftover.mkdir()
        os.utime(leftover, (time.time() - 60, time.time() - 60))
    pipeline.summary([str(source)], str(tmp_path / "s.csv"))
    assert sorted(os.listdir(tmp_path)) == ["r.yaml", "s.csv"]
    (tmp_path / ".reportgen-999999999-x.part").mkdir()
    os.utime(tmp_path / ".reportgen-999999999-x.part", (time.time() - 60, time.time() - 60))
    pipeline.init(2025, "某局", output=str(tmp_path / "2025.yaml"))
    assert sorted(os.listdir(tmp_path)) == ["2025.yaml", "r.yaml", "reportgen.schema.json", "s.csv"]


def test_a_folder_in_the_place_of_one_output_fails_that_input_only(tmp_path: Path) -> None:
    from .helpers import GOV2021

    for name in ("a", "b"):
        _write(tmp_path / "in" / f"{name}.yaml", GOV2021)
    (tmp_path / "out" / "a.html").mkdir(parents=True)
    first, second = pipeline.build([str(tmp_path / "in")], output_dir=str(tmp_path / "out"),
                                   kinds=("html",))
    assert (first.status, first.problem) == (
        "failed", f"无法写入 {tmp_path / 'out' / 'a.html'}：这是文件夹，不是文件；原有文件未被改动")
    assert [p.name for p in second.written] == ["b.html"]


def test_a_write_error_comes_back_whole_from_a_worker() -> None:
    import errno
    import pickle

    from reportgen.files import WriteError

    again = pickle.loads(pickle.dumps(WriteError("无法写入 x：磁盘空间不足", errno.ENOSPC)))
    assert (type(again), again.message, again.number) == (WriteError, "无法写入 x：磁盘空间不足",
                                                          errno.ENOSPC)
    assert not again.concerns_one_file


def _published(kind: str) -> bytes:
    from reportgen.context import build
    from reportgen.validation import check_file
    from reportgen.writers import render

    sample = Path(__file__).resolve().parent.parent / "sample_inputs" / "2024.yaml"
    checked = check_file(sample)
    assert checked.report is not None
    return render(build(checked.format, checked.report), (kind,), sample.parent)[kind]


def _init_from(tmp_path: Path, kind: str) -> tuple[str, list[str]]:
    previous = tmp_path / f"2024.{kind}"
    previous.write_bytes(_published(kind))
    copied: list[str] = []
    text, _ = pipeline.init(2025, "清河县教育局", previous=str(previous), output="-", copied=copied)
    return text, copied


@pytest.mark.slow  # renders the sample
@pytest.mark.parametrize("kind", ["docx", "html"])
def test_init_from_last_years_published_report(tmp_path: Path, kind: str) -> None:
    text, copied = _init_from(tmp_path, kind)
    # The 2024 sample carried 1 application (自然人) forward: 2025 starts with it.
    assert "  carried_over: [1, 0, 0, 0, 0, 0]" in text
    assert "  phone: \"0319-8123456\"" in text
    assert "    - title: 政府信息公开平台建设" in text
    assert "联系方式" in copied


@pytest.mark.slow
def test_init_from_last_years_published_pdf(tmp_path: Path) -> None:
    text, copied = _init_from(tmp_path, "pdf")
    assert "  carried_over: [1, 0, 0, 0, 0, 0]" in text
    assert "  phone: \"0319-8123456\"" in text
    assert "联系方式" in copied


@pytest.mark.slow
def test_init_from_a_published_report_of_another_agency_is_refused(tmp_path: Path) -> None:
    previous = tmp_path / "2024.docx"
    previous.write_bytes(_published("docx"))
    with pytest.raises(UsageError) as caught:
        pipeline.init(2025, "某局", previous=str(previous), output="-")
    assert str(caught.value) == (f"上年文件 {previous} 是“清河县教育局”的报告，不是“某局”的；"
                                 "如确要沿用（如机关更名），请加 --from-other")
