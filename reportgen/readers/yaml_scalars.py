"""Scalars by reportgen's own rules (a strict subset of YAML 1.2 core), never YAML 1.1's.

PyYAML resolves plain scalars by YAML 1.1: ``012`` is octal 10, ``0x10`` is 16, ``1:30`` is 90,
``1_000`` is 1000 and ``yes`` is true, so a figure typed with a leading zero would print as a
different figure without a word. Here a plain scalar is a number only when it is plain decimal
digits (an optional sign, for decimals a point and digits after it), ``true``/``false`` are the
only booleans, ``null``/``~``/nothing the only nulls, and ``YYYY-MM-DD`` a date; everything else is
text. Text where a count or amount belongs that *looks* like a number in another spelling gets
a message saying what to write instead (:func:`respell`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any, ClassVar

import yaml

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
# YAML's timestamp forms; only the date form is part of the input contract, but a time after it
# is read too so that the validator can say "应为日期".
TIMESTAMP = re.compile(
    r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$")


class Loader(_BASE):  # type: ignore[misc]
    """PyYAML's safe loader (the C one when available) with reportgen's scalar resolution."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """Return the tag of a node, as PyYAML's ``BaseResolver.resolve`` does.

        The C parser calls this for every node; PyYAML's version concatenates two resolver
        lists per scalar. The same answer without that, remembered for short texts; path
        resolvers, which reportgen never registers, and subclasses take PyYAML's way.
        """
        if self.yaml_path_resolvers or type(self) is not Loader:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if implicit[0]:
                known = _RESOLVED.get(value)
                if known is not None:
                    return known
                tag = self._implicit(value)
                if len(value) <= 32 and len(_RESOLVED) < 4096:
                    _RESOLVED[value] = tag  # table cells and dates repeat across files
                return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return super().resolve(kind, value, implicit)

    def _implicit(self, value: str) -> str:
        """Return the tag of a plain scalar, by the implicit resolvers."""
        resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = self.yaml_implicit_resolvers
        for first in (value[:1], None):
            for tag, regexp in resolvers.get(first, ()):
                if regexp.match(value):
                    return tag
        return str(self.DEFAULT_SCALAR_TAG)


#: Tags of short plain scalars already resolved (the answer depends on the text alone while
#: no path resolver is registered); bounded so that a large folder cannot grow it without end.
_RESOLVED: dict[str, str] = {}


def _resolver(tag: str, pattern: re.Pattern[str], first: str) -> None:
    Loader.add_implicit_resolver(_TAG + tag, pattern, list(first))


_resolver("null", NULL, "~nN")
Loader.yaml_implicit_resolvers.setdefault("", []).append((_TAG + "null", NULL))
_resolver("bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF")
_resolver("int", INT, "-+0123456789")
_resolver("float", DECIMAL, "-+0123456789")
_resolver("timestamp", TIMESTAMP, "0123456789")

_TIMESTAMPS = yaml.constructor.SafeConstructor()
_SCALAR_TAGS = {"str", "null", "bool", "int", "float", "timestamp"}


class ScalarError(ValueError):
    """A scalar that cannot be read as its tag says; ``rule`` and ``message`` for the finding."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def tag_name(tag: str) -> str:
    """Return a tag as the user wrote it (``!!int``, ``!custom``)."""
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def construct(tag: str, value: str) -> Any:
    """Return the value of a scalar whose tag was resolved (or written) as ``tag``.

    Raises:
        ScalarError: the text is not a value of that tag, or the tag is not one reportgen reads.
    """
    kind = tag[len(_TAG):] if tag.startswith(_TAG) else ""
    if kind not in _SCALAR_TAGS:
        raise ScalarError("YAML-TAG", f"不支持标记 {tag_name(tag)}（值 {_shown(value)}）："
                          "输入文件只需要文字、数字和日期，请删去值前的标记")
    if kind == "str":
        return value
    if kind == "null":
        if NULL.match(value):
            return None
    elif kind == "bool":
        if value in BOOL:
            return BOOL[value]
    elif kind in ("int", "float"):
        if INT.match(value):
            return int(value) if kind == "int" else Decimal(value)
        if kind == "float" and DECIMAL.match(value):
            return Decimal(value)
        spelt = respell(value)
        if spelt is not None:
            raise ScalarError("NUMBER-SPELLING", spelt)
    elif TIMESTAMP.match(value):
        node = yaml.ScalarNode(tag, value)
        try:
            stamp: dt.date = _TIMESTAMPS.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise ScalarError("DATE-INVALID", f"{_shown(value)} 不是有效的日期：请检查年、月、日"
                              "（如 2025-01-20）") from None
        return stamp
    expected = {"null": "空值（null 或 ~）", "bool": " true 或 false", "int": "整数（如 12）",
                "float": "数字（如 12.5）", "timestamp": "日期，写成 YYYY-MM-DD（如 2025-01-20）"}
    raise ScalarError("YAML-TAG", f"值 {_shown(value)} 不符合标记 {tag_name(tag)}：应为{expected[kind]}"
                      "；一般不需要写标记，请删去它")


def _shown(value: str) -> str:
    return f"“{value if len(value) <= 20 else value[:20] + '…'}”"


_LEADING_ZEROS = re.compile(r"^([-+]?)0+([0-9]+(?:\.[0-9]+)?)$")
_RADIX = re.compile(r"^([-+]?)0([xXoObB])([0-9a-fA-F_]+)$")
_OLD_OCTAL = re.compile(r"^[-+]?0[0-7]+$")
_SEPARATED = re.compile(r"^[-+]?[0-9]+(?:[_,，][0-9]+)+(?:\.[0-9]+)?$")
_EXPONENT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]{1,2}$")
_SEXAGESIMAL = re.compile(r"^([-+]?)([1-9][0-9]*(?::[0-5]?[0-9])+)$")
_BARE_POINT = re.compile(r"^([-+]?)(?:\.([0-9]+)|([0-9]+)\.)$")
_RADIX_NAMES = {"x": ("十六进制", 16), "o": ("八进制", 8), "b": ("二进制", 2)}


def respell(text: str) -> str | None:
    """Say how to write ``text`` as a plain decimal number, when it is one in another spelling.

    Returns ``None`` when ``text`` does not look like a number at all (then it is just text).
    """
    text = text.strip()
    if not text or len(text) > 40:
        return None
    if any(unicodedata.east_asian_width(c) == "F" for c in text):
        narrow = unicodedata.normalize("NFKC", text)
        if INT.match(narrow) or DECIMAL.match(narrow):
            return f"“{text}” 请写成 {narrow}：数字要用半角（英文）数字"
        return None
    match = _LEADING_ZEROS.match(text)
    if match:
        plain = match.group(1).replace("+", "") + match.group(2)
        old = (f"（有的程序会把它读成八进制数 {int(text, 8)}）" if _OLD_OCTAL.match(text) else "")
        return f"“{text}” 请写成 {plain}：数字前面不加 0{old}"
    match = _RADIX.match(text)
    if match:
        name, base = _RADIX_NAMES[match.group(2).lower()]
        try:
            number = int(match.group(3).replace("_", ""), base)
        except ValueError:
            return None
        return f"“{text}” 是{name}写法：请写成十进制数 {match.group(1).replace('+', '')}{number}"
    if _SEPARATED.match(text):
        plain = re.sub(r"[_,，]", "", text)
        return f"“{text}” 请写成 {plain}：数字中不加分隔符"
    if _EXPONENT.match(text):
        return f"“{text}” 是科学计数法：请写成 {Decimal(text):f}"
    match = _SEXAGESIMAL.match(text)
    if match:
        total = 0
        for part in match.group(2).split(":"):
            total = total * 60 + int(part)
        return (f"“{text}” 不是一个数（有的程序会把它读成六十进制数 {total}）："
                "件数和金额只写十进制数字，如 12")
    match = _BARE_POINT.match(text)
    if match:
        sign = match.group(1).replace("+", "")
        plain = f"{sign}0.{match.group(2)}" if match.group(2) else f"{sign}{match.group(3)}"
        return f"“{text}” 请写成 {plain}"
    return None
