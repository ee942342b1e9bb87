"""The edited file: loading it, checking form states, saving them back without losing the person's file.

The form sends the whole document as JSON (cells as typed). Saving merges that state into the file
as it is on disk, read with a round-trip YAML library, so comments, key order, flow style and
block scalars of everything the form did not change stay byte for byte; JSON inputs stay JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..catalog import catalog
from ..errors import InputError
from ..files import write_atomic
from ..locations import KeyPath, Source
from ..readers.yaml_reader import load_bytes
from ..validation import Checked, check_file, check_source, choose_format
from .patch import patch, plain_ok, tab_led

_NUMBER = re.compile(r"^\s*-?[0-9]+(\.[0-9]+)?\s*$")  # ASCII only, as the reader: ５ is not a number
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_KEYS = frozenset({"published", "signed"})


class Conflict(Exception):
    """The file changed on disk since the form loaded it."""


class Unreadable(Exception):
    """The file on disk cannot be read (a syntax error): saving would throw its content away."""


@dataclass(frozen=True)
class Loaded:
    """The file as the form sees it: plain JSON-ready data and the version it was read at."""

    data: dict[str, Any]
    version: str
    problem: str  # why the file could not be read ("" when it could)


def version_of(raw: bytes) -> str:
    """Return the version token of file contents (changes whenever the bytes do)."""
    return hashlib.sha256(raw).hexdigest()[:16]


def load(path: Path) -> Loaded:
    """Read the file for the form; a broken file gives empty data and the reason."""
    raw = path.read_bytes()
    try:
        source = load_bytes(raw, path.name)
    except InputError as exc:
        return Loaded({}, version_of(raw), "\n".join(f.format() for f in exc.findings))
    data = source.data if isinstance(source.data, dict) else {}
    return Loaded(plain(data), version_of(raw), "")


def plain(value: Any) -> Any:
    """Turn reader data into JSON-ready data: decimals and dates as the strings they were."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value


def coerce(data: Any) -> Any:
    """Turn a form state into what the reader would give for the same file.

    Table cells arrive as typed text: ASCII numbers become numbers (decimals exact); anything
    else stays text, so the validator reports it just as it would in the file.
    """
    if not isinstance(data, dict):
        return data
    year = data.get("year")
    cat = catalog(choose_format({**data, "year": _number(year) if isinstance(year, str) else year}).id)

    def walk(value: Any, path: KeyPath) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        if isinstance(value, str) and (path == ("year",) or cat.kind(path) is not None):
            return _number(value)
        if isinstance(value, str) and path and path[-1] in _DATE_KEYS and _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        return value

    return walk(data, ())


def _number(text: str) -> Any:
    if not _NUMBER.match(text):
        return text
    text = text.strip()
    return Decimal(text) if "." in text else int(text)


def check(data: Any, name: str, previous: Path | None = None) -> Checked:
    """Check a form state with the same validator as ``reportgen validate``.

    Args:
        data: the form state.
        name: the file name used in messages.
        previous: last year's file, for the cross-year rules (as ``validate`` finds it).
    """
    last = check_file(previous) if previous is not None and previous.is_file() else None
    return check_source(Source(name, coerce(data)), last)


# --------------------------------------------------------------------------------------------
# Saving


def _yaml() -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long Chinese line that the person wrote on one line
    yaml.indent(mapping=2, sequence=4, offset=2)  # "key:\n  - item", as init writes lists
    yaml.representer.add_representer(Decimal, _represent_decimal)
    return yaml


def _dump(value: Any) -> str:
    """Write a new value in block style, as :func:`patch` inserts it."""
    out = io.StringIO()
    _yaml().dump(_fresh(value), out)
    return out.getvalue()


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", str(value))


def save(path: Path, state: dict[str, Any], base: str | None) -> str:
    """Merge ``state`` into the file and write it atomically; return the new version.

    Args:
        path: the input file.
        state: the whole document as the form holds it.
        base: the version the form loaded; ``None`` overwrites whatever is on disk.

    Raises:
        Conflict: the file on disk is no longer at version ``base``.
        Unreadable: the file on disk has a syntax error (fix it by hand, then reload).
    """
    raw = path.read_bytes() if path.exists() else b""
    if base is not None and raw and version_of(raw) != base:
        raise Conflict
    if raw.strip():
        try:
            load_bytes(raw, path.name)
        except InputError as exc:
            raise Unreadable("\n".join(f.format() for f in exc.findings)) from None
    wanted = coerce(state)
    as_json = path.suffix.lower() == ".json"
    original = raw.decode("utf-8-sig", errors="replace")
    text = patch(original, wanted, as_json=as_json, dump=_dump) if raw.strip() else None
    if text is None:
        text = _save_json(raw, wanted) if as_json else _save_yaml(raw, wanted)
    data = text.encode("utf-8")
    write_atomic(path, data)
    return version_of(data)


def _save_json(raw: bytes, wanted: dict[str, Any]) -> str:
    try:
        old = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError):
        old = {}
    merged = merge(old, wanted) if isinstance(old, dict) else wanted
    return json.dumps(merged, ensure_ascii=False, indent=2, default=_json_scalar) + "\n"


def _json_scalar(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _save_yaml(raw: bytes, wanted: dict[str, Any]) -> str:
    yaml = _yaml()
    try:
        old = yaml.load(raw.decode("utf-8-sig")) if raw.strip() else None
    except (YAMLError, ValueError):  # a file the reader rejects is rewritten from the form
        old = None
    merged = merge(old, wanted) if isinstance(old, CommentedMap) else _fresh(wanted)
    out = io.StringIO()
    yaml.dump(merged, out)
    return out.getvalue()


def merge(old: Any, new: Any) -> Any:
    """Return ``old`` changed in place to equal ``new``, keeping what did not change.

    Mappings keep their key order (new keys go last) and the comments on their keys; lists
    keep their flow or block style; an unchanged scalar keeps its original spelling.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else _fresh(value)
        return old
    if isinstance(old, list) and isinstance(new, list):
        while len(old) > len(new):
            old.pop()
        for index, value in enumerate(new):
            item = merge(old[index], value) if index < len(old) else _fresh(value)
            if isinstance(old, CommentedSeq) and old.fa.flow_style() and isinstance(item, str) \
                    and not plain_ok(item, flow=True):
                item = DoubleQuotedScalarString(item)  # e.g. ":5", which only ruamel reads plain
            if index < len(old):
                old[index] = item
            else:
                old.append(item)
        return old
    if _same(old, new):
        return old
    if isinstance(new, str) and isinstance(old, LiteralScalarString) and not tab_led(new):
        return LiteralScalarString(new if new.endswith("\n") or not new else new + "\n")
    return _fresh(new)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, str) and isinstance(new, str):
        return old == new or old.rstrip("\n") == new.rstrip("\n")
    if isinstance(old, int | float | Decimal) and isinstance(new, int | Decimal):
        return Decimal(str(old)) == Decimal(new) and isinstance(old, int) == isinstance(new, int)
    return type(old) is type(new) and bool(old == new)


def _fresh(value: Any) -> Any:
    """A new node for the round-trip dumper: numbers of a table row flow on one line."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _fresh(item)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v) for v in value)
        if all(isinstance(v, int | Decimal) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and tab_led(value):
        # Quoted explicitly: the dumper would otherwise keep a replaced block's style.
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    return value
