"""Loading: positions, exact decimals, encodings, and the located messages for broken files."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.locations import UNREADABLE, Position, format_path
from reportgen.readers.yaml_reader import load_bytes, load_file, load_text


def _error(raw: bytes) -> str:
    """The reader's findings: raised when the file cannot be read at all, else carried."""
    try:
        source = load_bytes(raw, "t.yaml")
    except InputError as exc:
        return exc.message
    assert source.findings, "no finding"
    return "\n".join(f.format() for f in source.findings)


def test_a_value_that_cannot_be_read_stands_in_as_unreadable_and_the_rest_is_read() -> None:
    source = load_bytes(b"year: 2024\npublished: !!timestamp 2025\xe5\xb9\xb41\xe6\x9c\x88\n"
                        b"applications:\n  received: [1, 0x10, 0]\nagency: a\n", "t.yaml")
    assert source.data["published"] is UNREADABLE and source.data["agency"] == "a"
    assert source.unreadable == frozenset({("published",)})
    assert [f.rule for f in source.findings] == ["YAML-TAG"]


def test_positions_of_keys_and_values() -> None:
    source = load_bytes(b"year: 2019\napplications:\n  received: [5, 1]\n", "t.yaml")
    assert source.values[("applications", "received", 1)] == Position(3, 17)
    assert source.keys[("applications", "received")] == Position(3, 3)
    assert source.locate(("applications", "received", 9)) == Position(3, 13)
    assert source.locate(("nothing", "here")) == Position(1, 1)


def test_values_keep_their_types_and_money_stays_exact() -> None:
    source = load_bytes(b"a: 59237.2449\nb: 12.50\nc: 2020-01-14\nd: 7\ne: text\n", "t.yaml")
    assert source.data == {"a": Decimal("59237.2449"), "b": Decimal("12.50"),
                           "c": dt.date(2020, 1, 14), "d": 7, "e": "text"}
    assert str(source.data["b"]) == "12.50"


def test_bom_and_crlf_are_accepted() -> None:
    assert load_bytes("\ufeffa: 1\r\nb: 2\r\n".encode(), "t.yaml").data == {"a": 1, "b": 2}


def test_json_input_reads_the_same() -> None:
    assert load_bytes(b'{"year": 2019, "agency":\t"x\\/y"}', "t.json").data == {
        "year": 2019, "agency": "x/y"}


@pytest.mark.parametrize(("raw", "message"), [
    ("year：2019\nagency: x\n".encode(),
     "t.yaml:1:5: 错误：键 year 后面用了全角冒号“：”，YAML 只认半角冒号“:”，且冒号后要有一个空格："
     "应写 year: 值 [YAML-FULLWIDTH-COLON]"),
    (b"year: 2019\noverview:\n\tintro: x\n",
     "t.yaml:3:1: 错误：行首用了制表符（Tab）缩进，YAML 只允许空格缩进：请把 Tab 换成空格（通常每级两个空格） [YAML-TAB]"),
    (b"year: 2019\nagency: a\nyear: 2020\n",
     "t.yaml:3:1: 错误：键 year 重复出现（第一次在第 1 行）：YAML 只会保留最后一个值，请删除或合并其中一个 "
     "[YAML-DUPLICATE-KEY]"),
    (b"a: &x [1]\nb: *x\n", "t.yaml:1:4: 错误：不支持 YAML 锚点和别名（& 与 *）：请把内容直接写出 [YAML-ALIAS]"),
    ("agency: 教育局\n".encode("gbk"),
     "t.yaml:1:9: 错误：文件像是 GBK/GB18030 编码（Windows 中文版的默认编码），reportgen 只读 UTF-8："
     "请在记事本或 WPS 中“另存为”并选择 UTF-8，或运行 iconv -f GB18030 -t UTF-8 t.yaml -o 新文件.yaml [ENCODING]"),
    ("a: 1".encode("utf-16"), "t.yaml:1:1: 错误：文件是 UTF-16 编码，请另存为 UTF-8 编码后再试 [ENCODING]"),
    (b'agency: "a\x07b"\n',
     "t.yaml:1:11: 错误：文件中有不可见的控制字符（U+0007），常由复制粘贴带入：请删除该字符 [CONTROL-CHAR]"),
    (b"- 1\n- 2\n", "t.yaml:1:1: 错误：文件的最外层应为“键: 值”的映射（如 year: 2019），实际为列表 [YAML-TOP]"),
    (b"", "t.yaml:1:1: 错误：文件是空的，应为一份年度报告的各项内容 [YAML-EMPTY]"),
    (b"year: 2019\nagency: [a, b\n",
     "t.yaml:3:1: 错误：YAML 语法错误：方括号或花括号没有正确闭合：请补上“]”或“}”，或去掉多余的“[”“{”（相关位置：第 2 行第 9 列） [YAML-SYNTAX]"),
    (b"a: {x: 1}\nb:\n  <<: {y: 2}\n",
     "t.yaml:3:3: 错误：键必须是简单的名称（如 year），不能是列表、映射或“<<”合并 [YAML-KEY]"),
    (b"a: !!python/object:os.system x\n",
     "t.yaml:1:4: 错误：不支持标记 !!python/object:os.system（值 “x”）：输入文件只需要文字、数字和日期，"
     "请删去值前的标记 [YAML-TAG]"),
])
def test_broken_files_give_located_messages(raw: bytes, message: str) -> None:
    assert _error(raw) == message


@pytest.mark.parametrize(("raw", "message"), [
    (b'agency: "a\\x07b"\n',
     "t.yaml:1:9: 错误：文本中有不可见的控制字符（U+0007），常由复制粘贴带入：请删除该字符 [CONTROL-CHAR]"),
    (b'agency: "a\\0b"\n',
     "t.yaml:1:9: 错误：文本中有不可见的控制字符（U+0000），常由复制粘贴带入：请删除该字符 [CONTROL-CHAR]"),
    (b"a: " + b"[" * 100_000 + b"]" * 100_000,  # crashed libyaml's composer (segfault) before
     "t.yaml:1:43: 错误：嵌套层数过多（上限 40 层）：年度报告的输入最多只有几层，请检查是否多写了括号 [YAML-DEPTH]"),
    (b"a: " + b"{a: " * 100_000 + b"}" * 100_000,
     "t.yaml:1:160: 错误：嵌套层数过多（上限 40 层）：年度报告的输入最多只有几层，请检查是否多写了括号 [YAML-DEPTH]"),
    (b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
     "t.yaml:1:4: 错误：不支持 YAML 锚点和别名（& 与 *）：请把内容直接写出（共 6 处） [YAML-ALIAS]"),
    (b"penalty: " + b"9" * 5000 + b"\n",
     "t.yaml:1:10: 错误：数字有 5000 位，远超合理范围：请检查是否误输入 [YAML-NUMBER]"),
])
def test_hostile_inputs_are_refused_with_a_location(raw: bytes, message: str) -> None:
    assert _error(raw) == message


_INDENT = ("错误：这一行比上一行缩进少，不再算作第 {n} 行“{header}”下的文字，而被当成了新的一项："
           "这段文字的每一行都要缩进 {want} 个空格（与第 {first} 行对齐），这一行只缩进了 {got} 个；"
           "请在行首补足空格 [YAML-INDENT]")


@pytest.mark.parametrize(("text", "message"), [
    # One space short after a blank line: the parser says "expected key" about line 1.
    ("year: 2024\nproblems: |\n  第一段。\n\n 第二段。\nother_matters: x\n",
     "t.yaml:5:2: " + _INDENT.format(n=2, header="problems: |", want=2, first=3, got=1)),
    # Flush left: the parser says "missing colon" about the next line.
    ("year: 2024\nproblems: |\n  第一段。\n第二段顶格写了。\nother_matters: x\n",
     "t.yaml:4:1: " + _INDENT.format(n=2, header="problems: |", want=2, first=3, got=0)),
    # Under a list item, aligned with the key instead of the text; a colon in the text.
    ("overview:\n  sections:\n    - title: 主动公开\n      text: >-\n        第一段。\n"
     "      联系电话：1234, 网址: http://x\n    - title: 乙\n      text: 乙。\n",
     "t.yaml:6:7: " + _INDENT.format(n=4, header="text: >-", want=8, first=5, got=6)),
    # The last line of the file.
    ("year: 2024\nother_matters: |\n    甲。\n   乙。\n",
     "t.yaml:4:4: " + _INDENT.format(n=2, header="other_matters: |", want=4, first=3, got=3)),
])
def test_an_under_indented_line_of_block_text_is_said_to_be_one(text: str, message: str) -> None:
    assert _error(text.encode()) == message


def test_a_first_line_not_indented_under_its_key_is_said_to_be_one() -> None:
    assert _error("overview:\n  intro: |\n  全年公开信息：538条，其中: 文件12件\n".encode()) == (
        "t.yaml:3:3: 错误：这一行没有比第 2 行“intro: |”多缩进，不算作它下面的文字，而被当成了新的一项："
        "文字的每一行都要比“intro”多缩进两个空格（即 4 个空格），这一行只缩进了 2 个；请在行首补足空格 [YAML-INDENT]")


@pytest.mark.parametrize("text", [
    "problems: |\n  甲。\nother_matters: x\n",         # a key after the block ends it
    "problems: |\n  甲。\n# 注释\nother_matters: x\n",  # so does a comment
    "a:\n  - |\n    甲。\n  - 乙\n",                    # and a list item
])
def test_block_text_that_ends_normally_is_not_an_indentation_mistake(text: str) -> None:
    assert all(f.rule != "YAML-INDENT" for f in load_bytes(text.encode(), "t.yaml").findings)


def test_a_key_after_block_text_that_breaks_is_not_taken_for_text() -> None:
    # The key is misspelt into a sentence-like line only by its colon; it looks like a key, so
    # the parser's own message stands.
    message = _error("year: 2024\nproblems: |\n  甲。\n other_matters: x\n".encode())
    assert "[YAML-SYNTAX]" in message and "YAML-INDENT" not in message


def test_a_syntax_error_right_after_a_fullwidth_colon_is_not_repeated() -> None:
    message = _error("year: 2019\nagency：x\n  - y\n".encode())
    assert message.count("\n") == 0 and "全角冒号" in message


def test_missing_and_oversized_files(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(InputError) as info:
        load_file(tmp_path / "none.yaml", "none.yaml")  # type: ignore[operator]
    assert info.value.message == "none.yaml:0:0: 错误：无法读取文件：文件不存在，请检查文件名和路径 [FILE-READ]"


def test_format_path() -> None:
    assert format_path(("applications", "received", 0)) == "applications.received[0]"
    assert format_path(("overview", "sections", 2, "title")) == "overview.sections[2].title"


def test_scalars_follow_reportgens_rules_not_yaml_1_1() -> None:
    source = load_bytes(b"a: 012\nb: 0x10\nc: 0b101\nd: 1:30\ne: 1_000\nf: 1e3\ng: yes\nh: off\n"
                        b"i: true\nj: FALSE\nk: ~\nl:\nm: -12.50\nn: +7\no: .inf\np: 0\n", "t.yaml")
    assert source.data == {"a": "012", "b": "0x10", "c": "0b101", "d": "1:30", "e": "1_000",
                           "f": "1e3", "g": "yes", "h": "off", "i": True, "j": False, "k": None,
                           "l": None, "m": Decimal("-12.50"), "n": 7, "o": ".inf", "p": 0}


def test_yaml_1_1_directive_does_not_bring_back_octal() -> None:
    assert load_bytes(b"%YAML 1.1\n---\na: 012\n", "t.yaml").data == {"a": "012"}


@pytest.mark.parametrize(("raw", "message"), [
    ("a: !!timestamp 2025年1月22日\n".encode(),
     "t.yaml:1:4: 错误：值 “2025年1月22日” 不符合标记 !!timestamp：应为日期，写成 YYYY-MM-DD（如 2025-01-20）；"
     "一般不需要写标记，请删去它 [YAML-TAG]"),
    (b"a: !!float abc\n",
     "t.yaml:1:4: 错误：值 “abc” 不符合标记 !!float：应为数字（如 12.5）；一般不需要写标记，请删去它 [YAML-TAG]"),
    (b"a: !!bool maybe\n",
     "t.yaml:1:4: 错误：值 “maybe” 不符合标记 !!bool：应为 true 或 false；一般不需要写标记，请删去它 [YAML-TAG]"),
    (b"a: !!int ''\n",
     "t.yaml:1:4: 错误：值 “” 不符合标记 !!int：应为整数（如 12）；一般不需要写标记，请删去它 [YAML-TAG]"),
    (b"a: !!int 012\n",
     "t.yaml:1:4: 错误：“012” 请写成 12：数字前面不加 0（有的程序会把它读成八进制数 10） [NUMBER-SPELLING]"),
    (b"a: !foo x\n",
     "t.yaml:1:4: 错误：不支持标记 !foo（值 “x”）：输入文件只需要文字、数字和日期，请删去值前的标记 [YAML-TAG]"),
    (b"%TAG ! tag:x.com,2000:\n---\na: !y 1\n",
     "t.yaml:3:4: 错误：不支持标记 tag:x.com,2000:y（值 “1”）：输入文件只需要文字、数字和日期，请删去值前的标记 "
     "[YAML-TAG]"),
    (b"a: !!python/object:os.system {}\n",
     "t.yaml:1:4: 错误：不支持标记 !!python/object:os.system：输入文件只需要文字、数字和日期，请删去标记 [YAML-TAG]"),
    (b"a: !!set {x, y}\n",
     "t.yaml:1:4: 错误：不支持标记 !!set：输入文件只需要文字、数字和日期，请删去标记 [YAML-TAG]"),
    (b"a: 2019-02-30\n",
     "t.yaml:1:4: 错误：“2019-02-30” 不是有效的日期：请检查年、月、日（如 2025-01-20） [DATE-INVALID]"),
    (b"a: !!timestamp 0000-01-01\n",
     "t.yaml:1:4: 错误：“0000-01-01” 不是有效的日期：请检查年、月、日（如 2025-01-20） [DATE-INVALID]"),
    (b'{"a": "\\ud840", "b": 1}',
     "t.yaml:1:10: 错误：YAML 语法错误：双引号字符串中的“\\u”转义不是有效的字符（如不成对的代理项 \\ud800）："
     "请直接写出该字符（相关位置：第 1 行第 7 列） [YAML-SYNTAX]"),
])
def test_explicit_tags_and_bad_values_are_located_findings(raw: bytes, message: str) -> None:
    assert _error(raw) == message


def test_block_text_is_text_whatever_it_contains() -> None:
    raw = "preface: |\n  APP：下载量 3 万次。\n  QQ：123456\n  \t缩进的一行\nother: >\n  WeChat：公众号\n".encode()
    assert load_bytes(raw, "t.yaml").data == {
        "preface": "APP：下载量 3 万次。\nQQ：123456\n\t缩进的一行\n", "other": "WeChat：公众号\n"}
    raw = "preface: 第一行\n  APP：第二行\nyear：2019\n".encode()
    assert _error(raw) == ("t.yaml:3:5: 错误：键 year 后面用了全角冒号“：”，YAML 只认半角冒号“:”，且冒号后要有一个空格："
                           "应写 year: 值 [YAML-FULLWIDTH-COLON]")


def test_json_surrogate_pairs_and_tabs_read_as_json_does() -> None:
    raw = json.dumps({"agency": "\U00020000局😀", "year": 2019}).encode()
    source = load_bytes(raw, "t.json")
    assert source.data == json.loads(raw) == {"agency": "\U00020000局😀", "year": 2019}
    assert source.values[("year",)] == Position(1, raw.decode().index("2019") + 1)
    raw = json.dumps({"agency": "x", "contact": {"office": "y"}}, indent="\t").encode()
    assert load_bytes(raw, "t.json").data == json.loads(raw)


def test_files_that_are_not_regular_files_get_one_message(tmp_path: Path) -> None:
    def message(path: Path) -> str:
        with pytest.raises(InputError) as info:
            load_file(path, "x.yaml")
        return info.value.message

    assert message(Path("/dev/zero")) == ("x.yaml:0:0: 错误：这是一个设备或特殊文件，不是普通文件："
                                          "reportgen 只读普通的 .yaml 或 .json 文件 [FILE-READ]")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert message(fifo) == ("x.yaml:0:0: 错误：这是一个管道（FIFO），不是普通文件："
                             "reportgen 只读普通的 .yaml 或 .json 文件 [FILE-READ]")
    with socket.socket(socket.AF_UNIX) as sock:  # opening a socket fails with ENXIO
        sock.bind(str(tmp_path / "s.yaml"))
        assert message(tmp_path / "s.yaml") == (
            "x.yaml:0:0: 错误：无法读取文件：这是一个套接字或设备文件，不是普通文件 [FILE-READ]")
    assert message(tmp_path) == ("x.yaml:0:0: 错误：这是一个文件夹，不是文件：请给出其中的 .yaml 或 .json 文件，"
                                 "或用 reportgen build 文件夹/ 处理整个文件夹 [FILE-READ]")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))
    assert message(big) == ("x.yaml:1:1: 错误：文件有 1048577 字节，超过上限 1048576 字节；"
                            "一份年度报告的输入通常只有几十 KB，请检查是否选错了文件 [FILE-TOO-LARGE]")


def test_a_syntax_error_after_a_joined_surrogate_pair_is_at_its_written_column() -> None:
    raw = b'{"a": "\\ud840\\udc00", "b": [1,}'
    assert _error(raw) == "t.yaml:1:31: 错误：YAML 语法错误：此处缺少内容（值）：请在此写上值，或删去多余的符号 [YAML-SYNTAX]"  # at the }


def test_a_full_width_colon_after_a_key_hides_nothing_else() -> None:
    # In a nested mapping "licensing： 120" cannot be parsed at all; read as the colon it
    # stands for, the rest of the file is checked too (and the hint still blocks the build).
    source = load_text("agncy: 局\nactive_disclosure:\n  licensing： 120\n  penalty: 3\n", "t.yaml")
    assert source.data == {"agncy": "局", "active_disclosure": {"licensing": 120, "penalty": 3}}
    assert [f.format() for f in source.findings] == [
        "t.yaml:3:12: 错误：键 licensing 后面用了全角冒号“：”，YAML 只认半角冒号“:”，且冒号后要有一个空格："
        "应写 licensing: 值 [YAML-FULLWIDTH-COLON]"]
    assert source.values[("active_disclosure", "penalty")].column == 12


def test_a_full_width_colon_without_a_space_hides_nothing_else() -> None:
    # "licensing：120" (no space): a space is read in as well; later columns on that line are
    # still those of the text as written.
    source = load_text("active_disclosure:\n  licensing：12x\n  penalty: 3\n", "t.yaml")
    assert source.data == {"active_disclosure": {"licensing": "12x", "penalty": 3}}
    assert source.values[("active_disclosure", "licensing")] == Position(2, 13)
    assert [f.format() for f in source.findings] == [
        "t.yaml:2:12: 错误：键 licensing 后面用了全角冒号“：”，YAML 只认半角冒号“:”，且冒号后要有一个空格："
        "应写 licensing: 值 [YAML-FULLWIDTH-COLON]"]


def test_keys_run_together_by_full_width_colons_are_each_reported_and_read() -> None:
    # Without a half-width colon the two lines parse as one text under contact; each is a
    # key's line, and both are read as keys (no wrong-shape error for contact follows).
    source = load_text("contact:\n  office：办公室\n  phone：123\n", "t.yaml")
    assert source.data == {"contact": {"office": "办公室", "phone": 123}}
    assert [(f.line, f.column, f.rule) for f in source.findings] == [
        (2, 9, "YAML-FULLWIDTH-COLON"), (3, 8, "YAML-FULLWIDTH-COLON")]


def test_full_width_colons_in_a_plain_text_value_are_text() -> None:
    # A narrative written on from its key's line is text, whatever its lines hold.
    source = load_text("overview:\n  intro: 全年发布信息\n    APP：下载量\n", "t.yaml")
    assert source.data == {"overview": {"intro": "全年发布信息 APP：下载量"}}
    assert source.findings == []
