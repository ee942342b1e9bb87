"""The user's private cache: compiled templates, Word templates, validate's findings, font facts.

Caches only save time; nothing depends on them. So they are used only when they are
safe: a folder of the user's own (created 0700, owned by the user, no symlinks), keyed by
reportgen's version and a hash of the code and templates that produce the entries, and
every entry carries the SHA-256 of its content, checked before use. Anything else (a shared
or foreign folder, a damaged entry) means working without the cache, never a fallback to a
shared location such as /tmp.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:  # Jinja is imported only by what renders: checking a folder does not need it
    import jinja2

_PACKAGE = Path(__file__).resolve().parent


def cache_root() -> Path:
    """Return ``$XDG_CACHE_HOME/reportgen`` (default ``~/.cache/reportgen``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportgen"


@cache
def code_key() -> str:
    """Return reportgen's version and a hash of its code, its templates and Jinja's version.

    Any upgrade or edit of the code that generates an entry gives a new key, so an entry
    made by another version is never used (issue 12: caches that cannot go stale). Entries
    that depend on another library put its version in their own name (docxtpl's, for the
    patched Word XML). Reading the files takes about 2 ms; asking package metadata for
    versions would take 70.
    """
    import jinja2

    roots = [_PACKAGE]
    roots += [p for p in (_PACKAGE.parent / "templates", _PACKAGE / "_templates") if p.is_dir()]
    return tree_key(f"jinja2={jinja2.__version__}", roots)


#: Files named by their size, not read: no cache entry is made from a font's bytes, and the
#: built-in fonts (34 MB) took ~190 ms to hash at every start.
_NAMED_BY_SIZE = (".otf", ".ttf", ".ttc", ".woff", ".woff2", ".gz")


def tree_key(prefix: str, roots: list[Path]) -> str:
    """Return reportgen's version and a hash of ``prefix`` and of the files under ``roots``
    (names and contents; fonts by name and size), e.g. ``0.1.0-1a2b…``."""
    digest = hashlib.sha256(prefix.encode() + b"\0")
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                if path.suffix in _NAMED_BY_SIZE:
                    digest.update(str(path.stat().st_size).encode() + b"\0")
                else:
                    digest.update(path.read_bytes() + b"\0")
    return f"{__version__}-{digest.hexdigest()[:16]}"


def _private(folder: Path) -> bool:
    """Make ``folder`` if missing (0700) and tell whether it is the user's own, private one."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):  # a symlink or a file planted in its place
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    if os.name == "posix" and info.st_mode & 0o077:
        if info.st_mode & 0o022:  # others could have written into it: never trust it
            return False
        try:  # ours and only readable by others (a cache made by an older reportgen)
            os.chmod(folder, 0o700)
        except OSError:
            return False
    return True


def cache_dir(kind: str, key: str | None = None) -> Path | None:
    """Return this version's private cache folder for ``kind``, or ``None`` (no caching).

    The folders ``reportgen/``, ``reportgen/VERSION-HASH/`` and ``…/KIND`` are each created
    0700 and must be owned by the user and not be symlinks. ``key`` replaces
    ``VERSION-HASH`` (:func:`code_key`) for entries that depend on other code than the
    templates' (the findings of ``validate``, :mod:`reportgen.findcache`).
    """
    root = cache_root()
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    folder = root
    for part in (key or code_key(), kind):
        if not _private(folder):
            return None
        folder = folder / part
    if not _private(folder):
        return None
    probe = folder / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return folder


def _entry(folder: Path, name: str) -> Path:
    return folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.entry"


def load(kind: str, name: str, key: str | None = None) -> bytes | None:
    """Return the cached bytes stored under ``name``, or ``None`` when absent or damaged.

    An entry is ``SHA-256 hex`` + newline + content; one whose digest does not match its
    content (cut short, altered) is ignored and will be rewritten. ``key`` as for
    :func:`cache_dir`.
    """
    folder = cache_dir(kind, key)
    if folder is None:
        return None
    try:
        data = _entry(folder, name).read_bytes()
    except OSError:
        return None
    digest, _, content = data.partition(b"\n")
    if digest != hashlib.sha256(content).hexdigest().encode():
        return None
    return content


def store(kind: str, name: str, content: bytes, key: str | None = None) -> None:
    """Keep ``content`` under ``name`` (best effort: a failure only costs time next run)."""
    folder = cache_dir(kind, key)
    if folder is None:
        return
    target = _entry(folder, name)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.part")
    with contextlib.suppress(OSError):
        temporary.write_bytes(hashlib.sha256(content).hexdigest().encode() + b"\n" + content)
        os.replace(temporary, target)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


@cache
def _bytecode_class() -> type[jinja2.BytecodeCache]:
    """Return the class of the verified cache of compiled templates (made on first use, so
    that importing this module does not import Jinja)."""
    import jinja2
    from jinja2.bccache import Bucket

    class VerifiedBytecodeCache(jinja2.BytecodeCache):
        """Jinja's compiled templates in the private cache, each entry checked before use."""

        def load_bytecode(self, bucket: Bucket) -> None:
            data = load("jinja", bucket.key)
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: Bucket) -> None:
            store("jinja", bucket.key, bucket.bytecode_to_string())

    return VerifiedBytecodeCache


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates, or ``None`` when there is no private folder."""
    return _bytecode_class()() if cache_dir("jinja") else None
