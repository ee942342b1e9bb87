"""What one command knows of its files: each file read once, parsed once, checked once.

Finding last year's file needs every file's agency and year; checking needs every file parsed,
and a report's check needs last year's checked report. Without a shared store each of these
would read and parse the same files again (a folder check did it two to three times). A
:class:`Store` keeps, per file, its bytes until they are parsed, its parsed source and its
check, and forgets each as soon as nothing of the command will ask for it again (the command
says beforehand how often it will ask, :meth:`Store.expect`), so that a folder of thousands of
reports is not held in memory at once. A file that changed on disk since it was read (another
size or modification time) is read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import stat
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .locations import Source
from .readers import DATA_SUFFIXES, read_file
from .readers.yaml_reader import MAX_INPUT_BYTES, load_bytes

if TYPE_CHECKING:
    from .localrules import LocalRules
    from .validation import Checked

_Stamp = tuple[int, int]  # modification time (ns) and size: a file read again when they change


def _stamp(path: Path) -> tuple[_Stamp, bool] | None:
    """Return the file's stamp and whether it is a regular file small enough to be an input."""
    try:
        info = path.stat()
    except OSError:
        return None
    small = stat.S_ISREG(info.st_mode) and info.st_size <= MAX_INPUT_BYTES
    return (info.st_mtime_ns, info.st_size), small


class Store:
    """Bytes, sources and checks of the files of one command (see the module's docstring)."""

    def __init__(self) -> None:
        self._raw: dict[Path, tuple[_Stamp, bytes | None]] = {}
        self._sources: dict[Path, dict[str, tuple[_Stamp | None, Source | InputError]]] = {}
        self._checked: dict[Path, Checked] = {}
        self._wanted: Counter[Path] = Counter()
        self._digests: dict[Path, tuple[_Stamp, str]] = {}  # SHA-256 of the bytes read

    def expect(self, path: Path, times: int = 1) -> None:
        """Say that ``path``'s check will be asked for ``times`` more times (as an input, or
        as last year's report of an input); it is kept until then."""
        self._wanted[path] += times

    def seed(self, path: Path, raw: bytes | None = None,
             source: Source | InputError | None = None, digest: str | None = None) -> None:
        """Give the store what another process already read or parsed (under the file's own
        name) and the digest of the bytes it read, as a worker gets them with its chunk."""
        found = _stamp(path)
        if found is None:
            return
        if source is not None:
            self._sources.setdefault(path, {})[str(path)] = (found[0], source)
        elif raw is not None:
            self._raw[path] = (found[0], raw)
            digest = digest or hashlib.sha256(raw).hexdigest()
        if digest is not None:
            self._digests[path] = (found[0], digest)

    def taken(self, path: Path) -> tuple[bytes | None, Source | InputError | None, str | None]:
        """Hand over what is kept of ``path`` (its bytes, or its source parsed under its own
        name, or the error parsing gave, and the digest of its bytes) to another process,
        and forget it here."""
        raw = self._raw.pop(path, (None, None))[1]
        kept = self._sources.pop(path, {}).get(str(path))
        source = kept[1] if kept is not None else None
        digest = self._digests.pop(path, (None, None))[1]
        self._wanted.pop(path, None)
        self._checked.pop(path, None)
        return raw, source, digest

    def digest(self, path: Path) -> str | None:
        """Return the SHA-256 (hex) of the bytes of a data file (YAML, JSON) as this command
        reads and parses it, or None (another kind of file, unreadable, not a regular file).

        The digest is of the very bytes the store parses, so that a result keyed by it
        (:mod:`reportgen.findcache`) is the result of those bytes.
        """
        found = _stamp(path)
        kept = self._digests.get(path)
        if found is not None and kept is not None and kept[0] == found[0]:
            return kept[1]
        if found is None or path.suffix.lower() not in DATA_SUFFIXES:
            return None
        self._sources.pop(path, None)  # parsed from older bytes: parse again what is read now
        self.raw(path)
        kept = self._digests.get(path)
        return kept[1] if kept is not None and kept[0] == found[0] else None

    def raw(self, path: Path) -> bytes | None:
        """Return the file's bytes (read once), or None when it cannot be read, is too large or
        is not a regular file: a FIFO or ``/dev/zero`` is never opened here."""
        found = _stamp(path)
        if found is None:
            return None
        now, small = found
        kept = self._raw.get(path)
        if kept is not None and kept[0] == now:
            return kept[1]
        data = None
        if small:
            with contextlib.suppress(OSError):
                data = path.read_bytes()
        self._raw[path] = (now, data)
        if data is not None:
            self._digests[path] = (now, hashlib.sha256(data).hexdigest())
        return data

    def source(self, path: Path, name: str | None = None) -> Source:
        """Return the parsed file (parsed once per name).

        Raises:
            InputError: the file cannot be read or parsed (the same error each time).
        """
        shown = name if name is not None else str(path)
        found = _stamp(path)
        now = found[0] if found else None
        kept = self._sources.get(path, {}).get(shown)
        if kept is not None and kept[0] == now and now is not None:
            result = kept[1]
        else:
            result = self._parse(path, shown)
            self._sources.setdefault(path, {})[shown] = (now, result)
            self._raw.pop(path, None)  # parsed: the bytes are no longer needed
        if isinstance(result, InputError):
            raise result
        return result

    def _parse(self, path: Path, name: str) -> Source | InputError:
        raw = self.raw(path) if path.suffix.lower() in DATA_SUFFIXES else None
        try:
            # Bytes already read are parsed as they are; anything else (a published document,
            # an unreadable or special file) goes to its reader, which says what is wrong.
            return load_bytes(raw, name) if raw is not None else read_file(path, name)
        except InputError as exc:
            return exc

    def check(self, path: Path, name: str | None = None, previous: Path | None = None,
              local: LocalRules | None = None) -> tuple[Checked, Checked | None]:
        """Check an input (with last year's file, when given); return it and last year's
        check. Each is kept while another input still needs it as its last year's report."""
        from .validation import check_file

        last = self.previous(previous) if previous is not None else None
        checked = check_file(path, name, local=local, last=last, source=self._source_or_none(path, name))
        self._checked[path] = checked
        self._release(path)
        if previous is not None:
            self._release(previous)
        return checked, last

    def previous(self, path: Path) -> Checked:
        """Return ``path`` checked as last year's report: the check it had as an input of
        this command, or one made now (and kept while needed)."""
        from .validation import check_file

        if path not in self._checked:
            self._checked[path] = check_file(path, source=self._source_or_none(path, None))
        return self._checked[path]

    def _source_or_none(self, path: Path, name: str | None) -> Source | InputError | None:
        try:
            return self.source(path, name)
        except InputError as exc:
            return exc

    def forget(self, path: Path) -> None:
        """Drop whatever is kept of ``path`` (it was read only to find out what it is)."""
        if not self._wanted[path]:
            self._release(path)

    def _release(self, path: Path) -> None:
        """One of the expected asks for ``path`` is done; forget it after the last."""
        if self._wanted[path] > 1:
            self._wanted[path] -= 1
            return
        self._wanted.pop(path, None)
        self._checked.pop(path, None)
        self._raw.pop(path, None)
        self._sources.pop(path, None)
        self._digests.pop(path, None)

    def skip(self, path: Path, previous: Path | None = None) -> None:
        """An input's result came from elsewhere (the findings cache): its ask for ``path`` and
        for its ``previous`` year are done, as after :meth:`check`."""
        self._release(path)
        if previous is not None:
            self._release(previous)


#: The store of this process's current command (a worker process has its own).
_current = Store()


def current() -> Store:
    """Return the store of this process's current command."""
    return _current


def fresh() -> Store:
    """Start a new command: forget everything the previous one kept, and return the store."""
    global _current
    _current = Store()
    return _current
