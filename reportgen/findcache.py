"""The findings cache of ``validate``: what checking a file found, kept for the next run.

Checking a folder of thousands of reports again after a few of them changed need not check
the others again (issue 19.5), as ruff and mypy keep their results. An entry is the outcome of
one input (its findings, and the notices about its previous year) and is used only when all
that the outcome depends on is the same, its key:

- the input's bytes and its name as shown in messages;
- the previous year's file it was compared with: its name and its bytes (or that none was
  found, or which files all fitted);
- reportgen's version and a hash of every file of the package (code, formats, rulebook), and
  the versions of Python, PyYAML (and whether libyaml parses) and pydantic-core;
- the options that change findings (``--no-input-styles``).

An input whose check reads other files (a rules folder, by ``--rules`` or its own ``rules:``;
a style folder named by ``style:``) is never kept, nor one read from standard input or from a
published document. Entries live in the user's private cache folder
(:func:`reportgen.cache.cache_dir`, ``$XDG_CACHE_HOME/reportgen/KEY/findings``), one file
per folder of inputs (one entry per input file, replaced by the next run's: the cache does
not grow with every edit), read once and written once by the command's own process (workers
get only the inputs not found), with the SHA-256 of its content, checked before use. A
missing, damaged, foreign or unwritable cache only means checking again: nothing is said,
nothing fails. ``validate --no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import cache_dir, tree_key
from .errors import Finding, Severity

if TYPE_CHECKING:
    from .batch import Outcome, Task
    from .store import Store

_PACKAGE = Path(__file__).resolve().parent
#: The layout of an entry; a change of layout is a change of the package, hence of the key,
#: but the name says what an entry is when one is looked at.
LAYOUT = "reportgen-findings/1"


@cache
def findings_key() -> str:
    """Return reportgen's version and a hash of the package's files and of the versions of
    the libraries whose behaviour the findings depend on (about 4 ms: the package is read)."""
    import pydantic_core
    import yaml

    libraries = (f"python={sys.version_info[:3]} pyyaml={yaml.__version__} "
                 f"libyaml={getattr(yaml, '__with_libyaml__', False)} "
                 f"pydantic-core={pydantic_core.__version__}")
    return tree_key(libraries, [_PACKAGE])


@cache
def _folder(cache_home: str, home: str) -> Path | None:
    # Checked once per process and cache location (the checks of the folders write a probe
    # file); by the variables that decide the location, cheaper to read than the path to build.
    return cache_dir("findings", findings_key())


def folder() -> Path | None:
    """Return the private folder of the findings cache, or None when there is none."""
    return _folder(os.environ.get("XDG_CACHE_HOME") or "", os.environ.get("HOME") or "")


def key(task: Task, store: Store) -> str | None:
    """Return the key of ``task``'s outcome, or None when it is not to be cached."""
    if not task.cache or task.output_dir is not None or task.display is not None \
            or task.rules is not None:
        return None
    own = store.digest(task.path)
    last = store.digest(task.previous) if task.previous is not None else None
    if own is None or (task.previous is not None and last is None):
        return None
    material = [LAYOUT, findings_key(), str(task.path), own,
                str(task.previous) if task.previous is not None else None, last,
                [str(path) for path in task.pairing.ambiguous], task.pairing.former,
                task.pairing.chosen, task.input_styles]
    return hashlib.sha256(json.dumps(material, ensure_ascii=False).encode()).hexdigest()


class _Pack:
    """The entries of the inputs of one folder: one file, read once, written once.

    The file is the SHA-256 of the rest, a line naming the layout and the folder, then a line
    per input: its key, its name (JSON) and its outcome (JSON), tab-separated (JSON text has no
    raw tab or line break). Entries stay text until looked up: a folder's outcomes held as
    objects would add some 200 000 objects for the collector to scan again and again.
    """

    def __init__(self, where: Path, name: str) -> None:
        self.path = where / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.txt"
        self.name = name
        self.entries: dict[str, tuple[str, str]] = {}  # input → (key, outcome as JSON)
        self.dirty = False
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        digest, _, body = data.partition(b"\n")
        if digest != hashlib.sha256(body).hexdigest().encode():
            return  # cut short or altered: everything is checked again, and rewritten
        try:
            head, *lines = body.decode("utf-8").split("\n")
            if head != self._head():
                return
            for line in lines:
                wanted, path, outcome = line.split("\t")
                self.entries[json.loads(path)] = (wanted, outcome)
        except ValueError:  # not UTF-8, not three fields, not JSON
            self.entries = {}

    def _head(self) -> str:
        return json.dumps([LAYOUT, self.name], ensure_ascii=False)

    def save(self) -> None:
        lines = [self._head(), *(f"{wanted}\t{json.dumps(path, ensure_ascii=False)}\t{outcome}"
                                 for path, (wanted, outcome) in self.entries.items())]
        body = "\n".join(lines).encode("utf-8")
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
        with contextlib.suppress(OSError):
            temporary.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(temporary, self.path)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        self.dirty = False


#: The packs this process has read, by cache folder and input folder.
_packs: dict[tuple[Path, str], _Pack] = {}


def _pack(task: Task) -> _Pack | None:
    where = folder()
    if where is None:
        return None
    name = str(task.path.parent)
    found = _packs.get((where, name))
    if found is None:
        found = _packs[(where, name)] = _Pack(where, name)
    return found


def lookup(task: Task, wanted: str) -> Outcome | None:
    """Return the outcome kept under ``wanted`` (see :func:`key`), or None."""
    pack = _pack(task)
    entry = pack.entries.get(str(task.path)) if pack is not None else None
    if entry is None or entry[0] != wanted:
        return None
    try:
        return _outcome(json.loads(entry[1]))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _number(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value


def _outcome(entry: Any) -> Outcome:
    from .batch import Outcome

    findings = [Finding(Severity(_text(f[0])), _text(f[1]), _text(f[2]), _number(f[3]),
                        _number(f[4]), _text(f[5]), _text(f[6]), _text(f[7]), _text(f[8]))
                for f in entry["findings"]]
    return Outcome(_text(entry["name"]), _text(entry["format"]), findings,
                   previous=_text(entry["previous"]),
                   previous_candidates=[_text(p) for p in entry["previous_candidates"]],
                   notices=[_text(n) for n in entry["notices"]])


def keep(task: Task, wanted: str, outcome: Outcome) -> None:
    """Keep ``outcome`` under ``wanted`` unless it depends on other files; written by
    :func:`flush`."""
    if outcome.other_files or outcome.written or outcome.problem or outcome.interrupted:
        return
    pack = _pack(task)
    if pack is None:
        return
    pack.entries[str(task.path)] = (wanted, json.dumps({
        "name": outcome.name, "format": outcome.format_id,
        "findings": [[f.severity.value, f.rule, f.file, f.line, f.column, f.path, f.label,
                      f.message, f.where] for f in outcome.findings],
        "previous": outcome.previous, "previous_candidates": outcome.previous_candidates,
        "notices": outcome.notices}, ensure_ascii=False))
    pack.dirty = True


def flush() -> None:
    """Write the entries kept by this command (best effort: a failure only costs time next
    run) and forget the packs, so that the next command reads what is on disk then."""
    for pack in _packs.values():
        if pack.dirty:
            pack.save()
    _packs.clear()
