"""Reading an input file: bytes → plain data + the source position of every key and value.

YAML is composed into nodes by PyYAML's C parser (fast), then walked here once to build plain
Python data while recording positions, rejecting what YAML would silently accept (duplicate
keys, aliases) and keeping decimals exact (``59237.2449`` stays a :class:`~decimal.Decimal`).
Scalars are resolved by reportgen's own rules, never YAML 1.1's (:mod:`.yaml_scalars`).
JSON files go through the same path (JSON is YAML's subset for everything reports use), with
their surrogate-pair escapes joined and without YAML's tab rule (:mod:`.yaml_hints`).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from ..errors import Finding, InputError, sort_key
from ..locations import UNREADABLE, KeyPath, Position, Source
from ..oserrors import read_reason
from .yaml_depth import MAX_DEPTH, check_flow_depth
from .yaml_hints import (
    indent_hints,
    join_surrogates,
    json_like,
    mend_colons,
    merge_syntax,
    problem,
    reader_finding,
    scan_hints,
    syntax_finding,
    unshift,
)
from .yaml_scalars import Loader, ScalarError, construct, tag_name

#: Inputs larger than this are refused before parsing. A real report is ~20 KB; 1 MiB is about
#: 560 pages, which builds in ~10 s and ~700 MiB (benchmarks/bench_limits.py).
MAX_INPUT_BYTES = 1024 * 1024
# The C parser is ~10x faster; the pure-Python one (without libyaml) is the same grammar. Both
# resolve scalars by reportgen's rules (yaml_scalars), not YAML 1.1's.
_Loader: Any = Loader


def load_file(path: Path, display: str | None = None) -> Source:
    """Read and parse an input file.

    Args:
        path: the file to read.
        display: the name to use in messages (defaults to ``str(path)``).

    Raises:
        InputError: the file cannot be read as a YAML/JSON document; carries located findings.
    """
    name = display if display is not None else str(path)
    return load_bytes(_read_capped(path, name), name)


def _read_capped(path: Path, name: str) -> bytes:
    """Read at most :data:`MAX_INPUT_BYTES` of a regular file; refuse anything else.

    Opened non-blocking so that a FIFO cannot hang the read, then checked with ``fstat`` on the
    open file (not the name, which could change in between): devices (``/dev/zero``), FIFOs and
    folders get a message instead of an endless read or a ``MemoryError``.
    """
    def refuse(rule: str, message: str) -> InputError:
        place = 0 if rule == "FILE-READ" else 1  # the file as a whole, not a place in it
        return InputError([problem(name, place, place, rule, message)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if path.is_dir():
            raise refuse("FILE-READ", _FOLDER) from None
        raise refuse("FILE-READ", f"无法读取文件：{read_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("FILE-READ", _FOLDER)
        if not stat.S_ISREG(info.st_mode):
            kind = "管道（FIFO）" if stat.S_ISFIFO(info.st_mode) else "设备或特殊文件"
            raise refuse("FILE-READ", f"这是一个{kind}，不是普通文件：reportgen 只读普通的 .yaml 或 .json 文件")
        chunks: list[bytes] = []
        left = MAX_INPUT_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        raise refuse("FILE-READ", f"无法读取文件：{read_reason(exc)}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_INPUT_BYTES:
        size = max(info.st_size, len(raw))
        shown = f"{size} 字节" if info.st_size > MAX_INPUT_BYTES else f"超过 {MAX_INPUT_BYTES} 字节"
        raise refuse("FILE-TOO-LARGE", f"文件有 {shown}，超过上限 {MAX_INPUT_BYTES} 字节；"
                     "一份年度报告的输入通常只有几十 KB，请检查是否选错了文件")
    return raw


_FOLDER = ("这是一个文件夹，不是文件：请给出其中的 .yaml 或 .json 文件，"
           "或用 reportgen build 文件夹/ 处理整个文件夹")
def load_bytes(raw: bytes, name: str) -> Source:
    """Parse the bytes of an input file; see :func:`load_file`."""
    text = _decode(raw, name)
    return load_text(text, name)


def load_text(text: str, name: str) -> Source:
    """Parse the text of an input file; see :func:`load_file`."""
    source_text = text
    shifts: list[tuple[int, int, int]] = []
    if json_like(text, name):
        # JSON writes a character beyond U+FFFF as a surrogate pair ("\\ud840\\udc00"), which
        # YAML does not read; join each pair into one escape, remembering the columns moved.
        text, shifts = join_surrogates(text)
    hints = scan_hints(text, name, json_like(text, name))
    if not json_like(text, name) and ("|" in text or ">" in text):
        # Found before parsing: an under-indented line holding ": " parses as a key.
        hints = sorted([*hints, *indent_hints(text, name, text.count("\n") + 1)], key=sort_key)
    if text.count("[") + text.count("{") > MAX_DEPTH:
        check_flow_depth(text, name)  # before composing: deep flow nesting crashes libyaml's composer
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        recovered = _recover(text, name, hints, source_text) if not shifts else None
        if recovered is not None:
            return recovered
        syntax = syntax_finding(exc, name)
        if shifts:
            syntax = replace(syntax, column=unshift(shifts, syntax.line, syntax.column))
        raise InputError(merge_syntax(hints, exc, syntax)) from None
    except yaml.YAMLError as exc:  # ReaderError and friends: no mark object
        raise InputError(hints or [reader_finding(exc, text, name)]) from None
    except RecursionError:
        raise InputError(
            [problem(name, 1, 1, "YAML-DEPTH", f"嵌套层数过多（上限 {MAX_DEPTH} 层）：年度报告的输入最多只有几层，请检查是否多写了括号")]
        ) from None
    if node is None:
        raise InputError([problem(name, 1, 1, "YAML-EMPTY", "文件是空的，应为一份年度报告的各项内容")])
    if not shifts and any(hint.rule == "YAML-FULLWIDTH-COLON" for hint in hints):
        # Keys run together by full-width colons parse as one text: read them as the keys
        # they are, so their values are checked and no wrong-shape error follows from it.
        recovered = _recover(text, name, hints, source_text)
        if recovered is not None:
            return recovered
    walker = _Walker(name, shifts)
    data = walker.walk(node, (), 0)
    if walker.aliases > 1:
        first = next(f for f in walker.findings if f.rule == "YAML-ALIAS")
        index = walker.findings.index(first)
        walker.findings[index] = replace(first, message=f"{first.message}（共 {walker.aliases} 处）")
    if not isinstance(data, dict):
        raise InputError([*hints, *walker.findings,
            problem(name, 1, 1, "YAML-TOP", "文件的最外层应为“键: 值”的映射（如 year: 2019），"
                    f"实际为{_kind_name(data)}")])
    # The file parsed: what the hints and the walker found is reported with everything the
    # validator finds in the rest of the file (each unreadable value stands in as UNREADABLE).
    return Source(name, data, walker.values, walker.keys, source_text,
                  sorted([*hints, *walker.findings], key=sort_key), frozenset(walker.unreadable))


def _recover(text: str, name: str, hints: list[Finding], source_text: str) -> Source | None:
    """Check the rest of a file that a full-width colon after a key made unparsable (see
    :func:`mend_colons`): its findings come with the hint's, which blocks the build all the same."""
    mended = mend_colons(text, hints)
    if mended is None:
        return None
    try:
        fixed = load_text(mended[0], name)
    except InputError:
        return None
    shifts = mended[1]

    def back(where: Position) -> Position:
        return Position(where.line, unshift(shifts, where.line, where.column)) if shifts else where

    findings = [replace(f, column=unshift(shifts, f.line, f.column)) if shifts else f
                for f in fixed.findings]
    return Source(name, fixed.data, {path: back(at) for path, at in fixed.values.items()},
                  {path: back(at) for path, at in fixed.keys.items()}, source_text,
                  sorted([*hints, *findings], key=sort_key), fixed.unreadable)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # UTF-8 with BOM, as Windows Notepad saves it: accepted
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([problem(name, 1, 1, "ENCODING",
                                   "文件是 UTF-16 编码，请另存为 UTF-8 编码后再试")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            hint = "文件不是 UTF-8 编码，请用编辑器另存为 UTF-8 编码"
        else:
            hint = ("文件像是 GBK/GB18030 编码（Windows 中文版的默认编码），reportgen 只读 UTF-8："
                    "请在记事本或 WPS 中“另存为”并选择 UTF-8，或运行 "
                    f"iconv -f GB18030 -t UTF-8 {name} -o 新文件.yaml")
        raise InputError([problem(name, line, column, "ENCODING", hint)]) from None


_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"


class _Walker:
    """Builds plain data from YAML nodes, recording positions and rejecting unsafe shapes."""

    def __init__(self, name: str, shifts: list[tuple[int, int, int]]) -> None:
        self.name = name
        self.values: dict[KeyPath, Position] = {}
        self.keys: dict[KeyPath, Position] = {}
        self.findings: list[Finding] = []
        self.unreadable: set[KeyPath] = set()
        self._seen: set[int] = set()
        self.aliases = 0
        self._shifts = shifts  # (line, column, columns added before it) after joined surrogates

    def position(self, mark: Any) -> Position:
        """Return the 1-based position of ``mark`` in the text as the user wrote it."""
        line, column = mark.line + 1, mark.column + 1
        return Position(line, unshift(self._shifts, line, column) if self._shifts else column)

    def walk(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        mark = node.start_mark
        # Inlined position(): this runs for every node of every file
        self.values[path] = (self.position(mark) if self._shifts
                             else Position(mark.line + 1, mark.column + 1))
        if id(node) in self._seen:
            self.aliases += 1
            if self.aliases == 1:
                self._fail(node, "YAML-ALIAS", "不支持 YAML 锚点和别名（& 与 *）：请把内容直接写出")
            self.unreadable.add(path)
            return UNREADABLE
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._fail(node, "YAML-DEPTH", f"嵌套层数过多（上限 {MAX_DEPTH} 层）：年度报告的输入最多只有几层，请检查是否多写了括号")
            self.unreadable.add(path)
            return UNREADABLE
        kind = type(node)
        if kind is not yaml.ScalarNode and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            expected = _MAP if isinstance(node, yaml.MappingNode) else _SEQ
            if node.tag != expected:  # !!set, !!omap, !!python/object…, %TAG shorthands
                self._fail(node, "YAML-TAG", f"不支持标记 {tag_name(node.tag)}：输入文件只需要文字、数字和日期，"
                           "请删去标记")
                self.unreadable.add(path)
                return UNREADABLE
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, depth)
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        if value is UNREADABLE:
            self.unreadable.add(path)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            # "<<" is YAML 1.1's merge key; refused, not read as a key of that name
            if not isinstance(key_node, yaml.ScalarNode) or (key_node.value == "<<"
                                                             and not key_node.style):
                self._fail(key_node, "YAML-KEY", "键必须是简单的名称（如 year），不能是列表、映射或“<<”合并")
                continue
            key = str(key_node.value)
            mark = key_node.start_mark
            where = (self.position(mark) if self._shifts
                     else Position(mark.line + 1, mark.column + 1))
            if key in first_line:
                self._fail(key_node, "YAML-DUPLICATE-KEY",
                           f"键 {key} 重复出现（第一次在第 {first_line[key]} 行）：YAML 只会保留最后一个值，"
                           "请删除或合并其中一个")
                continue
            first_line[key] = where.line
            child = (*path, key)
            self.keys[child] = where
            out[key] = self.walk(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        value = str(node.value)
        if tag == _STR:
            found = _BAD_CHAR.search(value)
            if found is not None:
                bad = found.group()  # written as an escape ("\x07"), so the YAML reader let it in
                what = "不成对的代理项" if "\ud800" <= bad <= "\udfff" else "不可见的控制字符"
                self._fail(node, "CONTROL-CHAR",
                           f"文本中有{what}（U+{ord(bad):04X}），常由复制粘贴带入：请删除该字符")
            return value
        known = _CONSTRUCTED.get((tag, value), _CONSTRUCTED)
        if known is not _CONSTRUCTED:
            return known
        if tag == "tag:yaml.org,2002:int" and len(value) > 30:
            self._fail(node, "YAML-NUMBER", f"数字有 {len(value)} 位，远超合理范围：请检查是否误输入")
            return UNREADABLE
        try:
            result = construct(tag, value)
        except ScalarError as exc:
            self._fail(node, exc.rule, exc.message)
            return UNREADABLE
        if len(value) <= 32 and len(_CONSTRUCTED) < 4096:
            _CONSTRUCTED[(tag, value)] = result  # immutable (number, date, bool, None)
        return result

    def _fail(self, node: yaml.Node, rule: str, message: str) -> None:
        where = self.position(node.start_mark)
        self.findings.append(problem(self.name, where.line, where.column, rule, message))


#: Values of short scalars already read without a finding, by (tag, text): table cells and dates
#: repeat across the files of a folder. Bounded so that a large folder cannot grow it without end.
_CONSTRUCTED: dict[tuple[str, str], Any] = {}

#: Control characters other than line breaks and tabs (C0, DEL, C1) and lone surrogates, found
#: by one search (a scan per character was ~5 % of checking a folder).
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _kind_name(value: Any) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, str):
        return f"文本 {value[:20]!r}"
    return f"值 {value!r}"
