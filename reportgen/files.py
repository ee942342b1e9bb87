"""Every write to disk: outputs and input files are written atomically, with the modes people expect.

Only the pipeline (and the batch workers it starts) call these; readers, validation and the
writers never touch the file system.
"""

from __future__ import annotations

import os
import stat
import tempfile
from functools import cache
from pathlib import Path

from .errors import UsageError


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files so that they change together: every temporary file is written
    and flushed first, then all are renamed into place; on failure none is touched.

    Raises:
        UsageError: a folder cannot be written (read-only, full, missing permissions).
    """
    temporaries: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            temporaries[target] = _write_temporary(target, data)
        for target, temporary in temporaries.items():
            os.replace(temporary, target)
    except OSError as exc:
        raise UsageError(f"无法写入 {exc.filename or next(iter(files))}：{exc.strerror or exc}；"
                         "原有文件未被改动") from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


@cache
def _new_file_mode() -> int:
    """Return the mode a newly created file gets here (0o666 less the umask)."""
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _write_temporary(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temporary = Path(name)
    try:
        # mkstemp makes the file private (0600); the output is meant to be shared and published,
        # so it gets the mode of the file it replaces, or that of any new file.
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = _new_file_mode()
        os.chmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that readers see the old or the new file, never a part.

    Raises:
        UsageError: the folder cannot be written (read-only, full, missing permissions).
    """
    write_all_atomic({target: data})
