"""Every write to disk: outputs and input files are written atomically, with the modes people expect.

Only the pipeline (and the batch workers it starts) call these; readers, validation and the
writers never touch the file system.

The outputs of one input (``2019.docx``, ``2019.pdf``) are written as one *generation*:

1. every file is written and flushed to disk in a fresh hidden folder next to the targets,
   ``.reportgen-<pid>-<token>.part/new/``;
2. that folder is renamed to ``….ready`` — the commit point: from here on the new generation
   is complete on disk and will be put in place even if this process dies;
3. the old outputs are moved out into ``….ready/old/``, then the new ones are moved in, and the
   folder is removed.

So a reader of the output folder sees old files only or new files only (all of them, or for an
instant some), never a new DOCX next to an old PDF. A process killed during step 3 leaves a ``….ready`` folder; the next run
into that folder (:func:`recover`) finishes the swap before anything else. A process killed
during step 1 leaves a ``….part`` folder, which the next run removes. Steps 2 and 3 hold a lock
on the output folder, so two runs writing into it at once swap one after the other.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from .errors import ReportgenError
from .oserrors import describe

#: Our temporary folders (and single files of older versions): ``.reportgen-<pid>-<token>.part``.
_OURS = re.compile(r"^\.reportgen-(?P<pid>\d+)-[A-Za-z0-9_]+\.(?P<state>part|ready)$")
#: Temporary files of reportgen before generations (``.2019.docx.k3j2_x9a.part``).
_LEGACY = re.compile(r"^\..+\.(?:docx|pdf|html|xlsx|csv|yaml|yml|json)\.[a-z0-9_]{8}\.part$")
#: A leftover of a live process is kept unless it is this old (seconds): a process that has been
#: writing one generation for a day is not alive in any useful sense, or its pid was reused.
_STALE = 24 * 3600


class WriteError(ReportgenError):
    """A file could not be written (full disk, no permission…): the machine, not the command,
    so exit code 1 as for any input that could not be built.

    Attributes:
        number: the error number (``errno``) of the cause.
    """

    exit_code = 1

    def __init__(self, message: str, number: int = 0) -> None:
        super().__init__(message)
        self.number = number

    def __reduce__(self) -> tuple[type[WriteError], tuple[str, int]]:
        return WriteError, (self.message, self.number)  # to come back whole from a worker

    @property
    def concerns_one_file(self) -> bool:
        """Whether the cause is the file's own (a folder in its place, a name too long), not
        the output folder's or the disk's, so that other inputs can still be written."""
        return self.number in (errno.EISDIR, errno.ENAMETOOLONG, errno.EEXIST)


class InterruptedAfterWriting(KeyboardInterrupt):
    """Ctrl-C arrived while a generation was being swapped in; the swap was finished first,
    so the new files are all in place."""


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write the files of one generation so that they change together.

    Files in one folder change together as the module describes. Files in several folders
    (a site with its assets) are all written first; then each folder's are swapped in, one
    folder after the other.

    Raises:
        WriteError: a folder cannot be written (read-only, full, missing permissions); the
            previous files are then untouched.
        InterruptedAfterWriting: Ctrl-C came during the swap; the new files are in place.
    """
    by_folder: dict[Path, dict[Path, bytes]] = {}
    for target, data in files.items():
        by_folder.setdefault(target.parent, {})[target] = data
    staged: list[Path] = []
    committed = False
    current = next(iter(files), Path())  # the file named if something fails
    try:
        for folder, group in by_folder.items():
            folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".reportgen-{os.getpid()}-", suffix=".part",
                                            dir=folder))
            staged.append(staging)
            (staging / "new").mkdir()
            (staging / "old").mkdir()
            for current, data in group.items():
                _refuse_folder(current)
                _write_durably(staging / "new" / current.name, data, _mode_for(current))
            _sync_folder(staging / "new")
        with _interrupts_held() as held:
            for staging in list(staged):
                with _folder_lock(staging.parent):
                    ready = staging.with_suffix(".ready")
                    os.rename(staging, ready)
                    staged.remove(staging)
                    committed = True
                    _sync_folder(ready.parent)
                    _swap(ready)
        if held:
            raise InterruptedAfterWriting
    except OSError as exc:
        after = ("；新文件已完整写好，下次运行 reportgen build 时会补完替换" if committed
                 else "；原有文件未被改动")
        exc.filename = str(current)  # the file the user asked for, not a folder or temporary
        raise WriteError(describe(exc) + after, exc.errno or 0) from None
    finally:
        for staging in staged:
            shutil.rmtree(staging, ignore_errors=True)


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that readers see the old or the new file, never a part.

    Raises:
        WriteError: the folder cannot be written (read-only, full, missing permissions).
    """
    write_all_atomic({target: data})


def _swap(ready: Path) -> None:
    """Put the generation in ``ready`` in place: all old files out first, then all new ones in
    (so no reader sees a mix). Safe to repeat after a crash at any point."""
    folder = ready.parent
    names = sorted(os.listdir(ready / "new"))
    for name in names:
        _refuse_folder(folder / name)  # a folder moved out would be deleted with ``ready``
    for name in names:
        with contextlib.suppress(FileNotFoundError):  # no old file, or already moved out
            os.replace(folder / name, ready / "old" / name)
    for name in names:
        os.replace(ready / "new" / name, folder / name)
    _sync_folder(folder)
    shutil.rmtree(ready)


def recover(folder: Path, started: float) -> list[str]:
    """Clean up after runs that were killed: finish their swaps, remove their temporaries.

    Only reportgen's own leftovers are touched: hidden names of the form
    ``.reportgen-<pid>-<token>.part``/``.ready`` (or those of older versions), last changed before
    ``started`` (the start of this run) and not belonging to a live process.

    Returns:
        One notice per thing done, for standard error.

    Raises:
        WriteError: a leftover cannot be put in place or removed.
    """
    if not folder.is_dir():
        return []
    try:
        with _folder_lock(folder):
            return _recover(folder, started)
    except OSError as exc:
        raise WriteError(describe(exc, "读取")) from None


def _recover(folder: Path, started: float) -> list[str]:
    notices: list[str] = []
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    removed = 0
    for entry in entries:
        ours, legacy = _OURS.match(entry.name), _LEGACY.match(entry.name)
        if not (ours or legacy):
            continue
        try:
            changed = entry.stat(follow_symlinks=False).st_mtime
            ready = bool(ours) and entry.name.endswith(".ready")
            # A ….ready folder is swapped in under the folder's lock, which we hold: one seen
            # now belongs to a process that died. A ….part may be a live run's, still writing.
            if changed >= started or (ours and not ready and _alive(int(ours["pid"]), changed)):
                continue
            if ready and entry.is_dir(follow_symlinks=False):
                names = "、".join(sorted(os.listdir(Path(entry.path) / "new")))
                _swap(Path(entry.path))
                notices.append(f"上次生成在替换文件时中断，已补完：{folder}/ 中的 {names}")
            elif entry.is_dir(follow_symlinks=False) and ours:
                shutil.rmtree(entry.path)
                removed += 1
            elif entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except FileNotFoundError:  # another run cleaned it up at the same time
            continue
        except OSError as exc:
            raise WriteError(describe(exc, "清理")) from None
    if removed:
        notices.append(f"已删除上次中断留下的 {removed} 个临时文件（{folder}/ 中的 .reportgen-…）")
    return notices


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (swaps into one folder happen one at a time, so two
    runs building the same input at once still end with one generation, not a mix). Where the
    file system has no locks, go on without."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _refuse_folder(target: Path) -> None:
    """Raise unless ``target`` is absent or a file (a folder there is someone's, not an output).

    Raises:
        IsADirectoryError: ``target`` is a folder.
    """
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))


def _alive(pid: int, changed: float) -> bool:
    """Whether the leftover may still be in use by process ``pid`` (on this machine)."""
    if pid == os.getpid() or time.time() - changed > _STALE:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


@contextlib.contextmanager
def _interrupts_held() -> Iterator[list[int]]:
    """Hold Ctrl-C and ``kill`` (SIGTERM) off while a generation is swapped in (milliseconds).

    Yields the Ctrl-Cs that came, for the caller to act on; a SIGTERM that came ends the
    process right after, as it would have. Only the main thread can set handlers; a signal
    already ignored (Ctrl-C in a worker) stays ignored; SIGKILL cannot be held (the next run
    finishes the swap instead).
    """
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield came
        return
    held = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    held = {number: handler for number, handler in held.items()
            if handler not in (signal.SIG_IGN, None)
            and (number == signal.SIGINT or handler is signal.SIG_DFL)}
    for number in held:
        signal.signal(number, lambda number, frame: came.append(number))
    try:
        yield came
    finally:
        for number, handler in held.items():
            signal.signal(number, handler)
        if signal.SIGTERM in came:
            os.kill(os.getpid(), signal.SIGTERM)
        came[:] = [number for number in came if number == signal.SIGINT]


@cache
def _new_file_mode() -> int:
    """Return the mode a newly created file gets here (0o666 less the umask)."""
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(target: Path) -> int:
    # The output is meant to be shared and published: it gets the mode of the file it
    # replaces, or that of any new file.
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return _new_file_mode()


def _write_durably(path: Path, data: bytes, mode: int) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(handle, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames) to disk, where the system allows it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:  # some file systems cannot sync a folder; the rename still happened
        pass
    finally:
        os.close(handle)
