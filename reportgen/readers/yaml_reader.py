"""Reading an input file: bytes → plain data + the source position of every key and value.

YAML is composed into nodes by PyYAML's C parser (fast), then walked here once to build plain
Python data while recording positions, rejecting what YAML would silently accept (duplicate
keys, aliases) and keeping decimals exact (``59237.2449`` stays a :class:`~decimal.Decimal`).
JSON files go through the same path: JSON is YAML's subset for everything reports use.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import Finding, InputError, Severity
from ..locations import KeyPath, Position, Source

#: Inputs larger than this are refused before parsing. A real report is ~20 KB; 1 MiB is about
#: 560 pages, which builds in ~10 s and ~700 MiB (benchmarks/bench_limits.py).
MAX_INPUT_BYTES = 1024 * 1024
#: Deeper nesting than this is refused (a report is at most ~8 levels deep).
MAX_DEPTH = 40

# The C parser is ~10x faster; the pure-Python one (without libyaml) is the same grammar.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FULLWIDTH_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
_TAB_INDENT = re.compile(r"^[ ]*\t")


def load_file(path: Path, display: str | None = None) -> Source:
    """Read and parse an input file.

    Args:
        path: the file to read.
        display: the name to use in messages (defaults to ``str(path)``).

    Raises:
        InputError: the file cannot be read as a YAML/JSON document; carries located findings.
    """
    name = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                [_problem(name, 1, 1, "FILE-TOO-LARGE",
                          f"文件有 {size} 字节，超过上限 {MAX_INPUT_BYTES} 字节；"
                          "一份年度报告的输入通常只有几十 KB，请检查是否选错了文件")]
            )
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError([_problem(name, 0, 0, "FILE-READ", f"无法读取文件：{reason}")]) from None
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Source:
    """Parse the bytes of an input file; see :func:`load_file`."""
    text = _decode(raw, name)
    return load_text(text, name)


def load_text(text: str, name: str) -> Source:
    """Parse the text of an input file; see :func:`load_file`."""
    hints = _scan_hints(text, name)
    if text.count("[") + text.count("{") > MAX_DEPTH:
        _check_flow_depth(text, name)  # before composing: deep flow nesting crashes libyaml's composer
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise InputError(_merge_syntax(hints, exc, name)) from None
    except yaml.YAMLError as exc:  # ReaderError and friends: no mark object
        raise InputError(hints or [_reader_finding(exc, text, name)]) from None
    except RecursionError:
        raise InputError(
            [_problem(name, 1, 1, "YAML-DEPTH", f"嵌套层数过多（上限 {MAX_DEPTH} 层）")]
        ) from None
    if hints:
        raise InputError(hints)
    if node is None:
        raise InputError([_problem(name, 1, 1, "YAML-EMPTY", "文件是空的，应为一份年度报告的各项内容")])
    walker = _Walker(name)
    data = walker.walk(node, (), 0)
    if walker.aliases > 1:
        first = next(f for f in walker.findings if f.rule == "YAML-ALIAS")
        index = walker.findings.index(first)
        walker.findings[index] = replace(first, message=f"{first.message}（共 {walker.aliases} 处）")
    if walker.findings:
        raise InputError(walker.findings)
    if not isinstance(data, dict):
        raise InputError(
            [_problem(name, 1, 1, "YAML-TOP", "文件的最外层应为“键: 值”的映射（如 year: 2019），"
                      f"实际为{_kind_name(data)}")]
        )
    return Source(name, data, walker.values, walker.keys, text)


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` using the parser's event stream.

    PyYAML's C composer recurses once per level and overflows the C stack (a segfault, not an
    exception) on inputs like ``[[[[…]]]]`` of 100 000 levels; the event parser does not.
    """
    depth = block_depth = 0
    flows: list[bool] = []  # flow style of each open collection (end events do not say)
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                flows.append(bool(event.flow_style))
                block_depth += not flows[-1]
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise _too_deep(name, line, column)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                block_depth -= not (flows.pop() if flows else True)
    except yaml.YAMLError:
        # PyYAML 6.0.2+ stops at its own nesting limit (1000) while scanning ahead, before
        # the event that crosses ours: find that place in the text, whatever PyYAML says.
        place = _flow_too_deep(text, MAX_DEPTH - block_depth)
        if place is not None:
            raise _too_deep(name, *place) from None
        return  # a syntax error: the real parse reports it with its position
    finally:
        loader.dispose()


def _too_deep(name: str, line: int, column: int) -> InputError:
    return InputError([_problem(name, line, column, "YAML-DEPTH", f"嵌套层数过多（上限 {MAX_DEPTH} 层）")])


def _flow_too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """Return the line and column of the first ``[`` or ``{`` nested more than ``limit`` deep,
    skipping quoted strings and comments; ``None`` when there is none."""
    depth, quote, line, column = 0, "", 1, 0
    previous = "\n"
    for char in text:
        column += 1
        if char == "\n":
            line, column, previous = line + 1, 0, char
            if quote != '"':
                quote = "" if quote == "#" else quote
            continue
        if quote == "#":
            continue
        if quote:
            if char == quote and previous != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and previous in " \t\n":
            quote = "#"
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, column
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return None


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # UTF-8 with BOM, as Windows Notepad saves it: accepted
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([_problem(name, 1, 1, "ENCODING",
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
        raise InputError([_problem(name, line, column, "ENCODING", hint)]) from None


def _scan_hints(text: str, name: str) -> list[Finding]:
    """Find the two classic hand-editing slips that YAML reports confusingly."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _FULLWIDTH_COLON.match(line)
        if match:
            column = line.index("：", match.end(2)) + 1
            found.append(_problem(
                name, number, column, "YAML-FULLWIDTH-COLON",
                f"键 {match.group(2)} 后面用了全角冒号“：”，YAML 只认半角冒号“:”，"
                f"且冒号后要有一个空格：应写 {match.group(2)}: 值"))
        elif _TAB_INDENT.match(line):
            found.append(_problem(
                name, number, line.index("\t") + 1, "YAML-TAB",
                "行首用了制表符（Tab）缩进，YAML 只允许空格缩进：请把 Tab 换成空格（通常每级两个空格）"))
    return found


def _merge_syntax(hints: list[Finding], exc: yaml.MarkedYAMLError, name: str) -> list[Finding]:
    # A full-width colon or tab makes the parser fail at or just after that line; the hint
    # already says why, so the parser's own message would only repeat it confusingly.
    lines = {m.line + 1 for m in (exc.problem_mark, exc.context_mark) if m is not None}
    if any(0 <= line - hint.line <= 1 for hint in hints for line in lines):
        return hints
    return [*hints, _syntax_finding(exc, name)]


def _syntax_finding(exc: yaml.MarkedYAMLError, name: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    translations = {
        "mapping values are not allowed": "此处不能出现“键: 值”，常见原因是上一行缩进不对，或文本中含有“: ”而未加引号",
        "could not find expected ':'": "缺少“:”：每个键后应有半角冒号和一个空格",
        "found character that cannot start any token": "此处有 YAML 不允许的字符（常见为 Tab 或 @、` 开头的文本，请给文本加引号）",
        "found duplicate anchor": "锚点（&）重复",
        "did not find expected key": "此处应为一个“键: 值”，请检查缩进是否与上一行对齐",
        "did not find expected '-' indicator": "列表项应以“- ”开头，且与上一项对齐",
        "found undefined alias": "引用了未定义的别名（*）",
        "found unexpected end of stream": "文件意外结束：可能缺少右引号或右括号",
        "found unknown escape character": "双引号字符串中的反斜杠“\\”后是未知的转义字符：请改用单引号，或写成“\\\\”",
        "expected a single document in the stream": "文件中只能有一份文档（不要用“---”分隔多份）",
        "did not find expected node content": "此处缺少内容（值）",
        "while parsing a flow": "方括号或花括号没有正确闭合",
    }
    text = next((zh for en, zh in translations.items() if en in problem or en in str(exc)), None)
    if text is None:
        text = problem or str(exc).splitlines()[0]
    context = exc.context_mark
    if context and mark and (context.line, context.column) != (mark.line, mark.column):
        text += f"（相关位置：第 {context.line + 1} 行第 {context.column + 1} 列）"
    return _problem(name, line, column, "YAML-SYNTAX", f"YAML 语法错误：{text}")


def _reader_finding(exc: yaml.YAMLError, text: str, name: str) -> Finding:
    position = getattr(exc, "position", 0) or 0
    character = getattr(exc, "character", None)
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    if isinstance(character, str):
        character = ord(character)
    code = f"U+{character:04X}" if isinstance(character, int) else "未知字符"
    return _problem(name, line, column, "CONTROL-CHAR",
                    f"文件中有不可见的控制字符（{code}），常由复制粘贴带入：请删除该字符")


class _Walker:
    """Builds plain data from YAML nodes, recording positions and rejecting unsafe shapes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[KeyPath, Position] = {}
        self.keys: dict[KeyPath, Position] = {}
        self.findings: list[Finding] = []
        self._seen: set[int] = set()
        self.aliases = 0
        self._constructor = _Loader("")

    def walk(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        mark = node.start_mark
        self.values[path] = Position(mark.line + 1, mark.column + 1)
        if id(node) in self._seen:
            self.aliases += 1
            if self.aliases == 1:
                self._fail(node, "YAML-ALIAS", "不支持 YAML 锚点和别名（& 与 *）：请把内容直接写出")
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._fail(node, "YAML-DEPTH", f"嵌套层数过多（上限 {MAX_DEPTH} 层）")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                self._fail(key_node, "YAML-KEY", "键必须是简单的名称（如 year），不能是列表、映射或“<<”合并")
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                self._fail(key_node, "YAML-DUPLICATE-KEY",
                           f"键 {key} 重复出现（第一次在第 {first_line[key]} 行）：YAML 只会保留最后一个值，"
                           "请删除或合并其中一个")
                continue
            first_line[key] = line
            child = (*path, key)
            self.keys[child] = Position(line, key_node.start_mark.column + 1)
            out[key] = self.walk(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        value = str(node.value)
        if tag == "tag:yaml.org,2002:str":
            bad = next((c for c in value if _is_control(c)), None)
            if bad is not None:  # written as an escape ("\x07"), so the YAML reader let it in
                self._fail(node, "CONTROL-CHAR",
                           f"文本中有不可见的控制字符（U+{ord(bad):04X}），常由复制粘贴带入：请删除该字符")
            return value
        if tag == "tag:yaml.org,2002:int" and len(value) > 30:
            self._fail(node, "YAML-NUMBER", f"数字有 {len(value)} 位，远超合理范围：请检查是否误输入")
            return None
        if tag == "tag:yaml.org,2002:float":
            # Money must stay exact: parse the source text, not a binary float.
            cleaned = value.replace("_", "")
            try:
                return Decimal(cleaned)
            except InvalidOperation:
                return float(cleaned.lower().replace(".inf", "inf").replace(".nan", "nan"))
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            self._fail(node, "YAML-TAG", f"无法识别的值 {value!r}（标记 {tag}）")
            return None

    def _fail(self, node: yaml.Node, rule: str, message: str) -> None:
        mark = node.start_mark
        self.findings.append(_problem(self.name, mark.line + 1, mark.column + 1, rule, message))


def _is_control(char: str) -> bool:
    """Control characters other than line breaks and tabs (C0, DEL, C1)."""
    code = ord(char)
    return (code < 0x20 and char not in "\n\t\r") or 0x7F <= code <= 0x9F


def _problem(name: str, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(Severity.ERROR, rule, name, line, column, "", "", message)


def _kind_name(value: Any) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, str):
        return f"文本 {value[:20]!r}"
    return f"值 {value!r}"
