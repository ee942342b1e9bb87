"""Pipeline functions: input expansion, init, schema, atomic writes."""

from __future__ import annotations

import json
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


def test_schema_offers_both_row_shapes_and_labels() -> None:
    text = pipeline.schema_text("gov2021")
    document = json.loads(text)
    assert document["title"] == "政府信息公开工作年度报告输入文件（gov2021：国办公开办函〔2021〕30号）"
    assert "1.属于国家秘密" in text and "applications" in document["required"]
    row = document["definitions"]["Applications_gov2021_results_withheld"]["properties"]["state_secret"]
    assert row["title"] == "（三）不予公开 1.属于国家秘密"
    listed, mapping = row["anyOf"]
    assert mapping == {"$ref": "#/definitions/ApplicantRow"}
    assert (listed["minItems"], listed["maxItems"], listed["additionalItems"]) == (6, 7, False)
    assert listed["items"][0] == {"type": "integer", "minimum": 0,
                                  "title": "（三）不予公开 1.属于国家秘密 · 自然人"}


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


def test_a_failing_render_keeps_the_previous_outputs(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.writers import pdf

    from .helpers import GOV2021

    source = _write(tmp_path / "r.yaml", GOV2021)
    out = tmp_path / "out"
    list(pipeline.build([str(source)], output_dir=str(out), kinds=("docx", "pdf")))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object) -> bytes:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(pdf, "render", broken)
    _write(source, GOV2021.replace("示例局", "另一个局"))
    with pytest.raises(RuntimeError):
        list(pipeline.build([str(source)], output_dir=str(out), kinds=("docx", "pdf")))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing half-written


def test_build_rejects_unknown_output_kinds() -> None:
    with pytest.raises(UsageError) as info:
        list(pipeline.build(["x.yaml"], kinds=("docx", "odt")))
    assert info.value.message == "未知的输出格式 odt：可用 docx,pdf,html"


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
