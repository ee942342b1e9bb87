"""Readers of table cells: counts, signed counts and amounts, with Chinese messages.

Raised as :class:`pydantic_core.PydanticCustomError`; the validator adds the location and the
official label.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

#: Upper bounds: a count above a billion or an amount above 10^12 万元 is a typing slip.
MAX_COUNT = 10**9
MAX_MONEY = Decimal(10**12)

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
    """Read a non-negative amount exactly (a Decimal)."""
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
