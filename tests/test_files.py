"""Tests of the atomic writes: generations, what a kill leaves and how the next run cleans it."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reportgen import files


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_write_atomic_replaces_whole_files_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.docx"
    files.write_atomic(target, b"one")
    files.write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["r.docx"]


def test_outputs_are_readable_by_others_as_new_files_are_and_keep_a_chosen_mode(
        tmp_path: Path) -> None:
    # The temporary file is private (0600); a published report must not stay so.
    new, kept = tmp_path / "new.pdf", tmp_path / "kept.pdf"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    files.write_all_atomic({new: b"new", kept: b"new"})
    ordinary = tmp_path / "ordinary"
    ordinary.write_bytes(b"")
    assert stat.S_IMODE(new.stat().st_mode) == stat.S_IMODE(ordinary.stat().st_mode)
    assert stat.S_IMODE(new.stat().st_mode) & 0o044 == 0o044  # under the usual umask 022
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_full_disk_changes_none_of_an_inputs_outputs(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    docx.write_bytes(b"old docx")
    pdf.write_bytes(b"old pdf")
    real, calls = os.write, []

    def full_on_second(handle: int, data: bytes) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(handle, data)

    monkeypatch.setattr(os, "write", full_on_second)
    with pytest.raises(files.WriteError) as info:
        files.write_all_atomic({docx: b"new docx", pdf: b"new pdf"})
    assert info.value.message == f"无法写入 {pdf}：磁盘空间不足；原有文件未被改动"
    assert _tree(tmp_path) == {"r.docx": b"old docx", "r.pdf": b"old pdf"}
    assert sorted(os.listdir(tmp_path)) == ["r.docx", "r.pdf"]


@pytest.mark.parametrize(("number", "reason"), [
    (errno.EACCES, "没有权限"),
    (errno.EPERM, "操作不被允许（没有权限）"),
    (errno.EROFS, "所在的磁盘或文件夹是只读的"),
    (errno.EDQUOT, "磁盘配额已用完"),
    (errno.EIO, "读写磁盘时出错（磁盘或网络盘可能有故障）"),
])
def test_a_folder_that_refuses_writes_is_said_in_chinese_with_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")

    def refuse(path: object, mode: int = 0o777) -> None:
        raise OSError(number, os.strerror(number), str(path))

    monkeypatch.setattr(os, "mkdir", refuse)  # what tempfile.mkdtemp calls
    with pytest.raises(files.WriteError) as info:
        files.write_atomic(target, b"new")
    assert info.value.message == f"无法写入 {target}：{reason}；原有文件未被改动"
    assert target.read_bytes() == b"old"


def test_a_name_too_long_for_the_file_system_is_said_in_chinese(tmp_path: Path) -> None:
    target = tmp_path / ("年" * 90 + ".pdf")  # 274 bytes
    with pytest.raises(files.WriteError) as info:
        files.write_atomic(target, b"new")
    assert info.value.message == (f"无法写入 {target}：文件名过长（文件系统限每个名称 255 字节，"
                                  "一个汉字占 3 字节）；原有文件未被改动")
    assert os.listdir(tmp_path) == []


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "afile.txt").write_text("x")
    target = tmp_path / "afile.txt" / "sub" / "r.pdf"
    with pytest.raises(files.WriteError) as info:
        files.write_atomic(target, b"new")
    assert info.value.message == (f"无法写入 {target}：{tmp_path / 'afile.txt'} 是文件，"
                                  "不是文件夹；原有文件未被改动")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_write_atomic_on_a_read_only_folder_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(files.WriteError, match="无法写入"):
            files.write_atomic(target, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert target.read_bytes() == b"old"


def test_ctrl_c_during_the_swap_is_held_until_the_generation_is_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    docx.write_bytes(b"old docx")
    pdf.write_bytes(b"old pdf")
    real, calls = os.replace, []

    def interrupted_on_first(source: str, target: str) -> None:
        calls.append(1)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGINT)
        real(source, target)

    monkeypatch.setattr(os, "replace", interrupted_on_first)
    with pytest.raises(files.InterruptedAfterWriting):
        files.write_all_atomic({docx: b"new docx", pdf: b"new pdf"})
    assert _tree(tmp_path) == {"r.docx": b"new docx", "r.pdf": b"new pdf"}
    assert sorted(os.listdir(tmp_path)) == ["r.docx", "r.pdf"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


#: Writes a new generation over an old pair, killing itself (SIGKILL: no clean-up of any kind)
#: at the N-th call of one system function.
_KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from reportgen import files

    function, number, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    real, calls = getattr(os, function), []

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(os, function, dying)
    files.write_all_atomic({folder / "r.docx": b"new docx", folder / "r.pdf": b"new pdf"})
""")

_KILL_POINTS = ([("write", n) for n in (1, 2)] + [("fsync", n) for n in (1, 2, 3, 4)]
                + [("rename", 1)] + [("replace", n) for n in (1, 2, 3, 4)])


@pytest.mark.slow
@pytest.mark.parametrize(("function", "number"), _KILL_POINTS)
def test_a_kill_at_any_point_never_shows_a_mixed_pair_and_the_next_run_repairs_it(
        tmp_path: Path, function: str, number: int) -> None:
    old = {"r.docx": b"old docx", "r.pdf": b"old pdf"}
    new = {"r.docx": b"new docx", "r.pdf": b"new pdf"}
    for name, data in old.items():
        (tmp_path / name).write_bytes(data)
    process = subprocess.run([sys.executable, "-c", _KILLED_WRITER, function, str(number),
                              str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert process.returncode == -signal.SIGKILL, process.stderr
    seen = _tree(tmp_path)
    # What a reader sees meanwhile: the old pair, part of one generation, never old with new.
    assert all(seen[name] == old[name] for name in seen) or all(
        seen[name] == new[name] for name in seen)
    leftovers = [n for n in os.listdir(tmp_path) if n.startswith(".reportgen-")]
    assert len(leftovers) == 1
    committed = leftovers[0].endswith(".ready")
    assert committed == (function == "replace" or (function == "fsync" and number == 4))

    pending = "r.pdf" if (function, number) == ("replace", 4) else "r.docx、r.pdf"
    notices = files.recover(tmp_path, time.time() + 1)
    assert _tree(tmp_path) == (new if committed else old)
    assert sorted(os.listdir(tmp_path)) == ["r.docx", "r.pdf"]
    assert notices == ([f"上次生成在替换文件时中断，已补完：{tmp_path}/ 中的 {pending}"]
                       if committed else
                       [f"已删除上次中断留下的 1 个临时文件（{tmp_path}/ 中的 .reportgen-…）"])


def test_recover_touches_only_our_own_dead_leftovers_from_before_the_run(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    old_pid = int(dead.stdout)
    mine = [tmp_path / f".reportgen-{old_pid}-k2j3_9.part", tmp_path / ".2019.pdf.k3j2_x9a.part"]
    mine[0].mkdir()
    (mine[0] / "new").mkdir()
    (mine[0] / "new" / "2019.pdf").write_bytes(b"half")
    mine[1].write_bytes(b"half")
    live = tmp_path / f".reportgen-{os.getppid()}-abc.part"  # a run in progress
    live.mkdir()
    others = [tmp_path / ".reportgen-notes.part", tmp_path / "2019.part", tmp_path / ".hidden"]
    for path in others:
        path.write_bytes(b"keep")
    later = tmp_path / f".reportgen-{old_pid}-later.part"  # made after the run started
    started = time.time()
    later.mkdir()
    os.utime(later, (started + 5, started + 5))
    for path in [*mine, live, *others]:
        os.utime(path, (started - 5, started - 5))

    assert files.recover(tmp_path, started) == [
        f"已删除上次中断留下的 2 个临时文件（{tmp_path}/ 中的 .reportgen-…）"]
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in [live, *others, later])
    assert files.recover(tmp_path / "missing", started) == []


def test_a_folder_with_an_outputs_name_is_never_moved_or_deleted(tmp_path: Path) -> None:
    (tmp_path / "r.pdf").mkdir()
    (tmp_path / "r.pdf" / "keep.txt").write_text("mine")
    with pytest.raises(files.WriteError) as info:
        files.write_all_atomic({tmp_path / "r.docx": b"new", tmp_path / "r.pdf": b"new"})
    assert info.value.message == f"无法写入 {tmp_path / 'r.pdf'}：这是文件夹，不是文件；原有文件未被改动"
    assert sorted(os.listdir(tmp_path)) == ["r.pdf"]
    assert (tmp_path / "r.pdf" / "keep.txt").read_text() == "mine"


def test_files_in_several_folders_are_written_too(tmp_path: Path) -> None:
    site = {tmp_path / "site" / "index.html": b"page", tmp_path / "site" / "a" / "x.css": b"css"}
    files.write_all_atomic(site)
    assert {p: p.read_bytes() for p in site} == site
    assert sorted(os.listdir(tmp_path / "site")) == ["a", "index.html"]


_SLOW_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from reportgen import files

    real = os.replace

    def slow(*args):
        time.sleep(0.3)
        return real(*args)

    os.replace = slow
    folder = Path(sys.argv[1])
    files.write_all_atomic({folder / "r.docx": b"A docx", folder / "r.pdf": b"A pdf"})
""")


@pytest.mark.slow
def test_two_runs_swapping_into_one_folder_take_turns(tmp_path: Path) -> None:
    slow = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(tmp_path)])
    deadline = time.time() + 30
    while not any(n.endswith(".ready") for n in os.listdir(tmp_path)):  # A is swapping
        assert time.time() < deadline and slow.poll() is None
        time.sleep(0.01)
    files.write_all_atomic({tmp_path / "r.docx": b"B docx", tmp_path / "r.pdf": b"B pdf"})
    assert slow.wait(30) == 0
    # B waited for A's swap to end, then swapped in its own: one generation, B's, and nothing
    # of B's was moved away by A.
    assert _tree(tmp_path) == {"r.docx": b"B docx", "r.pdf": b"B pdf"}
    assert sorted(os.listdir(tmp_path)) == ["r.docx", "r.pdf"]


@pytest.mark.slow
def test_kill_during_the_swap_ends_the_process_only_once_the_swap_is_done(tmp_path: Path) -> None:
    for name in ("r.docx", "r.pdf"):
        (tmp_path / name).write_bytes(b"old")
    slow = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(tmp_path)])
    deadline = time.time() + 30
    while not any(n.endswith(".ready") for n in os.listdir(tmp_path)):
        assert time.time() < deadline and slow.poll() is None
        time.sleep(0.01)
    slow.terminate()  # SIGTERM, what `kill` sends
    assert slow.wait(30) == -signal.SIGTERM
    assert _tree(tmp_path) == {"r.docx": b"A docx", "r.pdf": b"A pdf"}
    assert sorted(os.listdir(tmp_path)) == ["r.docx", "r.pdf"]
