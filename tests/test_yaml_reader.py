"""Loading: positions, exact decimals, encodings, and the located messages for broken files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reportgen.errors import InputError
from reportgen.locations import Position, format_path
from reportgen.readers.yaml_reader import load_bytes, load_file


def _error(raw: bytes) -> str:
    with pytest.raises(InputError) as info:
        load_bytes(raw, "t.yaml")
    return info.value.message


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
     "t.yaml:3:1: 错误：YAML 语法错误：方括号或花括号没有正确闭合（相关位置：第 2 行第 9 列） [YAML-SYNTAX]"),
    (b"a: {x: 1}\nb:\n  <<: {y: 2}\n",
     "t.yaml:3:3: 错误：键必须是简单的名称（如 year），不能是列表、映射或“<<”合并 [YAML-KEY]"),
    (b"a: !!python/object:os.system x\n",
     "t.yaml:1:4: 错误：无法识别的值 'x'（标记 tag:yaml.org,2002:python/object:os.system） [YAML-TAG]"),
])
def test_broken_files_give_located_messages(raw: bytes, message: str) -> None:
    assert _error(raw) == message


@pytest.mark.parametrize(("raw", "message"), [
    (b'agency: "a\\x07b"\n',
     "t.yaml:1:9: 错误：文本中有不可见的控制字符（U+0007），常由复制粘贴带入：请删除该字符 [CONTROL-CHAR]"),
    (b'agency: "a\\0b"\n',
     "t.yaml:1:9: 错误：文本中有不可见的控制字符（U+0000），常由复制粘贴带入：请删除该字符 [CONTROL-CHAR]"),
    (b"a: " + b"[" * 100_000 + b"]" * 100_000,  # crashed libyaml's composer (segfault) before
     "t.yaml:1:43: 错误：嵌套层数过多（上限 40 层） [YAML-DEPTH]"),
    (b"a: " + b"{a: " * 100_000 + b"}" * 100_000,
     "t.yaml:1:160: 错误：嵌套层数过多（上限 40 层） [YAML-DEPTH]"),
    (b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
     "t.yaml:1:4: 错误：不支持 YAML 锚点和别名（& 与 *）：请把内容直接写出（共 6 处） [YAML-ALIAS]"),
    (b"penalty: " + b"9" * 5000 + b"\n",
     "t.yaml:1:10: 错误：数字有 5000 位，远超合理范围：请检查是否误输入 [YAML-NUMBER]"),
])
def test_hostile_inputs_are_refused_with_a_location(raw: bytes, message: str) -> None:
    assert _error(raw) == message


def test_a_syntax_error_right_after_a_fullwidth_colon_is_not_repeated() -> None:
    message = _error("year: 2019\nagency：x\n  - y\n".encode())
    assert message.count("\n") == 0 and "全角冒号" in message


def test_missing_and_oversized_files(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(InputError) as info:
        load_file(tmp_path / "none.yaml", "none.yaml")  # type: ignore[operator]
    assert info.value.message == "none.yaml:0:0: 错误：无法读取文件：No such file or directory [FILE-READ]"


def test_format_path() -> None:
    assert format_path(("applications", "received", 0)) == "applications.received[0]"
    assert format_path(("overview", "sections", 2, "title")) == "overview.sections[2].title"
