"""What the YAML parser says, said in Chinese: hand-editing slips found before parsing, and the
parser's own errors translated.

The two classic slips (a full-width colon after a key, a tab in the indentation) make the
parser fail confusingly, or not at all, so they are looked for in the text first. Only lines
that YAML reads as structure are looked at: the content of ``|``/``>`` block text and the
continuation lines of multi-line text are text, whatever they contain (``APP：下载量`` in a
narrative is a sentence, not a key). JSON is not looked at for tabs: tabs are JSON whitespace.
"""

from __future__ import annotations

import bisect
import re

import yaml

from ..errors import Finding, Severity
from .yaml_scalars import Loader

_FULLWIDTH_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
_TAB_INDENT = re.compile(r"^[ ]*\t")
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def problem(name: str, line: int, column: int, rule: str, message: str) -> Finding:
    """Return an error finding about the file as read."""
    return Finding(Severity.ERROR, rule, name, line, column, "", "", message)


def json_like(text: str, name: str) -> bool:
    """Whether the input is JSON: named ``.json``, or a document that opens with ``{`` or ``[``."""
    return name.lower().endswith(".json") or text.lstrip()[:1] in ("{", "[")


def join_surrogates(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """Replace each JSON surrogate-pair escape by one ``\\UXXXXXXXX`` escape YAML reads.

    Returns the new text and, for positions in it, the columns to add to get back to the text
    as written: sorted ``(line, first column after a replacement, columns added)``, cumulative
    on its line. In JSON a backslash occurs only inside strings, so no quoting state is needed.
    """
    if "\\u" not in text and "\\U" not in text:
        return text, []
    shifts: list[tuple[int, int, int]] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if "\\" not in line:
            continue
        added = 0
        parts: list[str] = []
        last = 0
        for match in _SURROGATE_PAIR.finditer(line):
            high, low = int(match.group(2), 16), int(match.group(3), 16)
            code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            parts += [line[last:match.start()], match.group(1), f"\\U{code:08X}"]
            last = match.end()
            added += 2  # 12 characters written, 10 read
            shifts.append((number, sum(map(len, parts)) + 1, added))
        if parts:
            lines[number - 1] = "".join(parts) + line[last:]
    return "\n".join(lines), shifts


def unshift(shifts: list[tuple[int, int, int]], line: int, column: int) -> int:
    """Return the column in the text as written of ``column`` in the text after
    :func:`join_surrogates` (both 1-based)."""
    at = bisect.bisect_right(shifts, (line, column, 1 << 62)) - 1
    return column + shifts[at][2] if at >= 0 and shifts[at][0] == line else column


def scan_hints(text: str, name: str, is_json: bool) -> list[Finding]:
    """Find the two classic hand-editing slips that YAML reports confusingly."""
    candidates: list[tuple[int, str, re.Match[str] | None]] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _FULLWIDTH_COLON.match(line)
        if match or (not is_json and _TAB_INDENT.match(line)):
            candidates.append((number, line, match))
    if not candidates:
        return []
    text_lines = _text_lines(text)
    found = []
    for number, line, match in candidates:
        if number in text_lines:
            continue
        if match:
            column = line.index("：", match.end(2)) + 1
            found.append(problem(
                name, number, column, "YAML-FULLWIDTH-COLON",
                f"键 {match.group(2)} 后面用了全角冒号“：”，YAML 只认半角冒号“:”，"
                f"且冒号后要有一个空格：应写 {match.group(2)}: 值"))
        else:
            found.append(problem(
                name, number, line.index("\t") + 1, "YAML-TAB",
                "行首用了制表符（Tab）缩进，YAML 只允许空格缩进：请把 Tab 换成空格（通常每级两个空格）"))
    return found


def mend_colons(text: str, hints: list[Finding]) -> tuple[str, list[tuple[int, int, int]]] | None:
    """Return ``text`` with each hinted full-width colon after a key read as the half-width one
    it stands for, or None when there is none to mend.

    Where no space follows (``office：某办公室``) a space is inserted too; the shifts returned
    (as :func:`join_surrogates` gives them: ``(line, first column after, columns added)``) map
    later positions on that line back to the text as written.
    """
    lines = text.split("\n")
    shifts: list[tuple[int, int, int]] = []
    mended = False
    for hint in sorted(hints, key=lambda found: (found.line, found.column)):
        if hint.rule != "YAML-FULLWIDTH-COLON" or not 0 < hint.line <= len(lines):
            continue
        line, at = lines[hint.line - 1], hint.column - 1
        if line[at:at + 1] != "：":
            continue
        if line[at + 1:at + 2] in ("", " "):
            lines[hint.line - 1] = line[:at] + ":" + line[at + 1:]
        else:  # one hint per line (the key's colon), so one shift per line
            lines[hint.line - 1] = line[:at] + ": " + line[at + 1:]
            shifts.append((hint.line, at + 3, -1))
        mended = True
    return ("\n".join(lines), shifts) if mended else None


def _text_lines(text: str) -> set[int]:
    """Return the 1-based lines that lie inside a text value begun on an earlier line.

    Found with the parser's token stream, up to the first syntax error (the text before it is
    known; after it nothing is, and a hint there is the best guess).
    """
    inside: set[int] = set()
    lines = text.splitlines()
    loader = Loader(text)
    try:
        while True:
            token = loader.get_token()
            if token is None or isinstance(token, yaml.StreamEndToken):
                break
            if isinstance(token, yaml.ScalarToken):
                first, last = token.start_mark.line + 1, token.end_mark.line + 1
                if token.end_mark.column == 0:
                    last -= 1  # ends at the start of the next line
                inside.update(range(first + 1, last + 1))
                if token.plain and last > first:
                    inside -= _keys_run_together(lines, first, last, token.start_mark.column)
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return inside


def _keys_run_together(lines: list[str], first: int, last: int, column: int) -> set[int]:
    """Return the lines of a plain multi-line value that are keys run together by full-width
    colons (``office：某办公室`` then ``phone：电话`` at the same indentation, under a key):
    with no half-width colon the parser reads them as one text, yet each is a key's line."""
    start = lines[first - 1]
    if len(start) - len(start.lstrip(" ")) != column or not _FULLWIDTH_COLON.match(start):
        return set()
    return {number for number in range(first + 1, last + 1)
            if _FULLWIDTH_COLON.match(lines[number - 1])
            and len(lines[number - 1]) - len(lines[number - 1].lstrip(" ")) == column}


_BLOCK_HEADER = re.compile(
    r"^( *)((?:- +)*)(?:([A-Za-z_][A-Za-z0-9_]*|\"[^\"]*\"|'[^']*') *: +)?[|>][+-]? *(?:#.*)?$")
#: What a line after block text can be other than text: a key (ASCII, as every key of the
#: contract), a list item, a comment, a document marker, or YAML syntax (quoted or complex keys,
#: merge keys, flow collections, anchors, aliases, tags, directives) that the reader judges.
_STRUCTURE = re.compile(r"^ *(?:-(?: |$)|[A-Za-z_][A-Za-z0-9_]* *[:：](?: |$)|[\"'?\[{<&*!%#]|---|\.\.\.)")


def indent_hints(text: str, name: str, before: int) -> list[Finding]:
    """Find under-indented lines of ``|``/``>`` block text, up to line ``before``.

    A line of block text indented less than the block's first line ends the text: YAML then
    reads it as structure and fails on it with "missing colon" or "expected key", a message
    about keys where the mistake is the indentation. Only lines that do not look like
    structure (a key, a list item, a comment) are taken for text: a key that follows a block
    is the normal end of the block. A first line not indented under its key is one too (the
    block is then empty, and the line a key if it holds ": ").
    """
    lines = text.split("\n")
    found: list[Finding] = []
    number = 0
    # A header holds "|" or ">": only those lines are matched (the pattern on every line
    # was most of this function's time on a folder of reports).
    for index in [i for i, line in enumerate(lines[:before]) if "|" in line or ">" in line]:
        if index < number:
            continue  # inside a block already read
        header = _BLOCK_HEADER.match(lines[index])
        number = index + 1
        if not header:
            continue
        # The column the text must be indented beyond: its key's, or its list dash's.
        owner = len(header.group(1)) + len(header.group(2)) if header.group(3) else \
            len(header.group(1)) + len(header.group(2).rstrip()) - 1
        first = next((i for i in range(number, len(lines)) if lines[i].strip()), None)
        if first is None:
            break
        indent = len(lines[first]) - len(lines[first].lstrip(" "))
        said = lines[number - 1].strip().removeprefix("-").strip()
        if indent <= owner:  # an empty block, or its first line is not indented under the key
            if first + 1 <= before and not _STRUCTURE.match(lines[first]) \
                    and lines[first][indent:indent + 1] != "\t":
                found.append(problem(
                    name, first + 1, indent + 1, "YAML-INDENT",
                    f"这一行没有比第 {number} 行“{said}”多缩进，不算作它下面的文字，而被当成了新的一项："
                    f"文字的每一行都要比“{said.split(':')[0]}”多缩进两个空格（即 {owner + 2} 个空格），"
                    f"这一行只缩进了 {indent} 个；请在行首补足空格"))
            continue
        if lines[first][indent:indent + 1] == "\t":
            continue
        end = next((i for i in range(first, len(lines)) if lines[i].strip()
                    and len(lines[i]) - len(lines[i].lstrip(" ")) < indent), None)
        if end is None or end + 1 > before:
            break
        line = lines[end]
        short = len(line) - len(line.lstrip(" "))
        if not _STRUCTURE.match(line) and line[short:short + 1] != "\t":
            found.append(problem(
                name, end + 1, short + 1, "YAML-INDENT",
                f"这一行比上一行缩进少，不再算作第 {number} 行“{said}”下的文字，而被当成了新的一项："
                f"这段文字的每一行都要缩进 {indent} 个空格（与第 {first + 1} 行对齐），"
                f"这一行只缩进了 {short} 个；请在行首补足空格"))
        number = end
    return found


def merge_syntax(hints: list[Finding], exc: yaml.MarkedYAMLError, syntax: Finding) -> list[Finding]:
    """Return the hints plus the parser's error, unless a hint already explains it."""
    # A full-width colon or tab makes the parser fail at or just after that line; the hint
    # already says why, so the parser's own message would only repeat it confusingly.
    lines = {m.line + 1 for m in (exc.problem_mark, exc.context_mark) if m is not None}
    if any(0 <= line - hint.line <= 1 for hint in hints for line in lines):
        return hints
    return [*hints, syntax]


def syntax_finding(exc: yaml.MarkedYAMLError, name: str) -> Finding:
    """Return the parser's error as a located Chinese finding."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    said = (exc.problem or "").strip()
    translations = {
        "mapping values are not allowed": "此处不能出现“键: 值”，常见原因是上一行缩进不对，或文本中含有“: ”而未加引号",
        "could not find expected ':'": "缺少“:”：每个键后应有半角冒号和一个空格",
        "found character that cannot start any token": "此处有 YAML 不允许的字符（常见为 Tab 或 @、` 开头的文本，请给文本加引号）",
        "found duplicate anchor": "锚点（&）重复",
        "did not find expected key": "此处应为一个“键: 值”，请检查缩进是否与上一行对齐",
        "did not find expected '-' indicator": "列表项应以“- ”开头，且与上一项对齐",
        "found undefined alias": "引用了未定义的别名（*）",
        "found unexpected end of stream": "文件意外结束：可能缺少右引号或右括号",
        "found invalid Unicode character escape code": "双引号字符串中的“\\u”转义不是有效的字符（如不成对的代理项 \\ud800）：请直接写出该字符",
        "found unknown escape character": "双引号字符串中的反斜杠“\\”后是未知的转义字符：请改用单引号，或写成“\\\\”",
        "found incompatible YAML document": "不支持的 YAML 版本（%YAML 指令）：请删去文件开头以 %YAML 开头的一行",
        "found unknown directive name": "未知的指令（以 % 开头的行）：请删去这一行，或给以 % 开头的文字加引号",
        "found duplicate %": "同一个 % 指令写了两次：请删去重复的一行",
        "found undefined tag handle": "标记（以 ! 开头）没有定义：请删去值前的标记",
        "did not find expected whitespace or line break": "此处应有空格或换行（常见于“!”“&”“*”后面紧跟了其他符号）：请给这段文字加引号",
        "did not find expected hexdecimal number": "双引号字符串中“\\x”“\\u”转义后应为十六进制数字：请改用单引号，或写成“\\\\”",
        "block sequence entries are not allowed": "此处不能出现列表项“- ”：请检查缩进，或给以“- ”开头的文字加引号",
        "found a tab character": "此处用了制表符（Tab）：YAML 只允许空格缩进，请把 Tab 换成空格",
        "expected a single document in the stream": "文件中只能有一份文档（不要用“---”分隔多份）",
        "did not find expected node content": "此处缺少内容（值）：请在此写上值，或删去多余的符号",
        "while parsing a flow": "方括号或花括号没有正确闭合：请补上“]”或“}”，或去掉多余的“[”“{”",
    }
    text = next((zh for en, zh in translations.items() if en in said or en in str(exc)), None)
    if text is None:
        text = f"无法读取此处（解析器提示：{said or str(exc).splitlines()[0]}）"
    context = exc.context_mark
    if context and mark and (context.line, context.column) != (mark.line, mark.column):
        text += f"（相关位置：第 {context.line + 1} 行第 {context.column + 1} 列）"
    return problem(name, line, column, "YAML-SYNTAX", f"YAML 语法错误：{text}")


def reader_finding(exc: yaml.YAMLError, text: str, name: str) -> Finding:
    """Return a reader error (a character YAML does not allow) as a located finding."""
    position = getattr(exc, "position", 0) or 0
    character = getattr(exc, "character", None)
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    if isinstance(character, str):
        character = ord(character)
    code = f"U+{character:04X}" if isinstance(character, int) else "未知字符"
    return problem(name, line, column, "CONTROL-CHAR",
                    f"文件中有不可见的控制字符（{code}），常由复制粘贴带入：请删除该字符")
