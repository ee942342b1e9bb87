"""Checking in chunks: the same findings as one process, pairs kept together, in input order."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import chunks, pipeline, store

from .helpers import GOV2021
from .test_crossyear import LAST


def _folder(tmp_path: Path, agencies: int) -> Path:
    for index in range(agencies):
        name = f"示例{index}局"
        (tmp_path / f"{index:02d}-2023.yaml").write_text(LAST.replace("示例局", name), encoding="utf-8")
        (tmp_path / f"{index:02d}-2024.yaml").write_text(GOV2021.replace("示例局", name)
                                                         if index != 3 else "year: [", encoding="utf-8")
    return tmp_path


def _seen(outcomes: list[pipeline.Outcome]) -> list[tuple[str, str, list[str], list[str]]]:
    return [(o.name, o.previous, [f.format() for f in o.findings], o.notices) for o in outcomes]


def test_chunks_in_workers_give_what_one_process_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, 8)
    alone = list(pipeline.validate([str(folder)], jobs=1))
    monkeypatch.setattr(chunks, "MIN_CHUNK", 3)  # 16 files: 2 workers, chunks of 3 or more
    assert chunks.workers(16, 2) == 2
    parallel = list(pipeline.validate([str(folder)], jobs=2))
    assert _seen(parallel) == _seen(alone)
    assert [Path(o.name).name for o in parallel] == sorted(p.name for p in folder.iterdir())
    assert sum(1 for o in parallel if o.previous) == 7  # 03-2024.yaml is broken: no pairing
    assert all(o.notices for o in parallel if o.previous)  # said only once compared


def test_an_input_and_its_previous_year_go_to_the_same_chunk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, 6)
    (folder / "05-2022.yaml").write_text(LAST.replace("示例局", "示例5局").replace(
        "year: 2023", "year: 2022"), encoding="utf-8")
    work = pipeline.tasks([str(folder)])
    monkeypatch.setattr(chunks, "MIN_CHUNK", 2)
    planned = chunks.plan(work, 2, store.current())
    where = {task.path.name: number for number, chunk in enumerate(planned)
             for _index, task in chunk.tasks}
    assert len(planned) > 1
    for task in work:
        if task.previous is not None:
            assert where[task.previous.name] == where[task.path.name]
    assert where["05-2022.yaml"] == where["05-2023.yaml"] == where["05-2024.yaml"]
    # What discovery read goes with the chunk, so that a worker does not read it again.
    assert [sorted(p.name for p in [*chunk.raw, *chunk.sources]) for chunk in planned] == [
        sorted(task.path.name for _index, task in chunk.tasks) for chunk in planned]


def test_few_files_are_checked_in_this_process() -> None:
    assert chunks.workers(150, 2) == 1 and chunks.workers(5000, 2) == 2 and chunks.workers(5000, 1) == 1
