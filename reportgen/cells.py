"""Readers of table cells: counts, signed counts and amounts, with Chinese messages.

Raised as :class:`pydantic_core.PydanticCustomError`; the validator adds the location and the
official label.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

#: Upper bounds: a count above a billion or an amount above 10^12 万元 is a typing slip.
MAX_COUNT = 10**9
MAX_MONEY = Decimal(10**12)
#: An amount written with its unit: half-width digits, optional decimals, then 元 or 万元.
WRITTEN = re.compile(r"([0-9]+(?:\.[0-9]+)?)(元|万元)")
#: What the form says beside a cell that may carry its unit.
UNIT_HINT = "可带单位：元或万元"
_WAN = 4  # 1 万元 = 10^4 元


class Amount(Decimal):
    """An amount written with its unit (``251000元``): the number as written, and the unit.

    It is a :class:`~decimal.Decimal` of the number as written, so every check and sum reads
    it like a plain amount; :meth:`wan` gives it in 万元 where units differ. Printed by
    :attr:`written`, exactly as typed.
    """

    __slots__ = ("unit",)
    unit: str

    def __new__(cls, number: str | Decimal, unit: str) -> Amount:
        made = super().__new__(cls, number)
        made.unit = unit
        return made

    @property
    def written(self) -> str:
        """The amount as written: the number, then its unit."""
        return format(self, "f") + self.unit

    def wan(self) -> Decimal:
        """The amount in 万元."""
        return Decimal(self).scaleb(-_WAN) if self.unit == "元" else Decimal(self)

    def __repr__(self) -> str:
        return f"Amount('{format(self, 'f')}', '{self.unit}')"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Amount, (format(self, "f"), self.unit))

    def __copy__(self) -> Amount:
        return self

    def __deepcopy__(self, memo: Any) -> Amount:
        return self


def in_wan(value: Decimal | int) -> Decimal | int:
    """Return ``value`` in 万元 when it carries 元, else as it is (a plain amount)."""
    return value.wan() if isinstance(value, Amount) else value


def add(values: list[Any]) -> Any:
    """Sum amounts: in their unit when all share it, else in 万元 (plain numbers as they are)."""
    units = {v.unit if isinstance(v, Amount) else "" for v in values}
    if units <= {""}:
        return sum(values)
    if len(units) == 1:
        return Amount(sum(values, Decimal(0)), units.pop())
    total = Decimal(sum((in_wan(v) for v in values), Decimal(0)))
    return Amount(format(total.normalize(), "f"), "万元")


def count(value: Any, *, signed: bool = False) -> int:
    """Read a count (a signed one with ``signed``); Chinese message otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise PydanticCustomError("count", "应为整数，实际为{found}", {"found": not_a_number(value)})
    if not isinstance(value, int):
        if not math.isfinite(value):  # .nan / .inf
            raise PydanticCustomError("count", "应为整数，实际为{found}", {"found": describe(value)})
        if value != int(value):
            raise PydanticCustomError("count", "应为整数（件数不能有小数），实际为 {found}",
                                      {"found": str(value)})
        value = int(value)
    assert isinstance(value, int)
    if not signed and value < 0:
        raise PydanticCustomError("count", "应为 0 或正整数，实际为 {found}", {"found": value})
    if abs(value) > MAX_COUNT:
        raise PydanticCustomError("count", "数值 {found} 超出合理范围（不超过 10 亿），请检查是否多输了数字",
                                  {"found": value})
    return value


def signed(value: Any) -> int:
    """Read a signed count (本年增/减)."""
    return count(value, signed=True)


def money(value: Any) -> Decimal:
    """Read a non-negative amount exactly (a Decimal), in the 万元 its header names.

    ``0.394万元`` is the amount 0.394 (the header carries the unit); ``3940元`` is an error that
    gives the amount in 万元.
    """
    written = WRITTEN.fullmatch(value) if isinstance(value, str) else None
    if written and written.group(2) == "万元":
        value = Decimal(written.group(1))
    elif written:
        raise PydanticCustomError(
            "money_unit", "表头单位为万元，这里写的是“{found}”：应填 {wan}",
            {"found": value, "wan": format(Decimal(written.group(1)).scaleb(-_WAN).normalize(), "f")})
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise PydanticCustomError("money", "应为金额数字（如 12.5），实际为{found}",
                                  {"found": not_a_number(value)})
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite():
        raise PydanticCustomError("money", "应为金额数字，实际为{found}", {"found": describe(value)})
    if amount < 0:
        raise PydanticCustomError("money", "金额不能为负数，实际为 {found}", {"found": str(value)})
    if amount > MAX_MONEY:
        raise PydanticCustomError("money", "金额 {found} 超出合理范围，请检查单位（万元）和位数",
                                  {"found": str(value)})
    return amount


def amount(value: Any) -> Decimal:
    """Read an amount whose header names no unit: a number, or one written with 元 or 万元.

    The number with its unit is kept as an :class:`Amount`, printed as written.
    """
    written = WRITTEN.fullmatch(value) if isinstance(value, str) else None
    if not written and isinstance(value, str) and value.strip() \
            and not any("０" <= c <= "９" for c in value):
        # This cell does take a unit: say how to write one, not "no units"
        raise PydanticCustomError(
            "money", "应为金额数字，或数字紧跟单位“元”或“万元”（如 251000元，不加空格和逗号），实际为{found}",
            {"found": describe(value)})
    if not written:
        return value if isinstance(value, Amount) else money(value)
    number, unit = written.groups()
    read = Amount(number, unit)
    if read.wan() > MAX_MONEY:
        raise PydanticCustomError("money", "金额 {found} 超出合理范围，请检查单位和位数",
                                  {"found": value})
    return read


def not_a_number(value: Any) -> str:
    """Describe what stands where a number should, with the fix a person needs.

    The form sends a cleared cell as empty text and a cell typed as "3件" as that text; the
    plain description ("文本 “”") would not say what to do.
    """
    if isinstance(value, str) and not value.strip():
        return "空白（没有发生的事项填 0）"
    if isinstance(value, str) and any("0" <= c <= "9" for c in value) \
            and not any("０" <= c <= "９" for c in value):
        return describe(value) + "（只填数字，不带单位、逗号、空格或其他文字）"
    return describe(value)


def describe(value: Any) -> str:
    """Describe a wrong input value in Chinese for a message."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        if any("０" <= c <= "９" for c in value):
            return f"文本 “{shown}”（全角数字：请改为半角数字，不加引号）"
        return f"文本 “{shown}”"
    if isinstance(value, list):
        return f"包含 {len(value)} 项的列表"
    if isinstance(value, dict):
        return "映射（键: 值）"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"日期 {value}"
    return f" {value}"
