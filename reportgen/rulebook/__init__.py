"""The rulebook: one entry for every rule id reportgen can print.

Entries live in this package's ``*.yaml`` files, one file per area (tables, content, input,
styles, …), so that each area adds its rules without touching the others. The rulebook is read
by ``reportgen explain``, by ``validate --json`` and by the README's rule list
(``scripts/rulebook_readme.py``); a test fails when an id the code can emit has no entry.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..locations import KeyPath

#: The fields every entry must have, in the order ``explain`` prints them.
FIELDS = ("title", "what", "why", "source", "fix")

#: Each rulebook file's heading where rules are listed (``reportgen explain``, the README's
#: rule list), in the order a user meets the checks. A test fails when a file has none.
AREAS = {"input": "读取输入文件", "tables": "表格勾稽关系", "content": "正文、日期和格式",
         "crossyear": "与上年报告核对", "local": "本地规则（rules.yaml）", "style": "本单位样式",
         "zip": "读取 DOCX/XLSX 文件", "published": "读取已发布的报告（DOCX、PDF、网页）"}


@dataclass(frozen=True)
class Entry:
    """What one rule checks, why, on what authority, and how to fix what it reports."""

    id: str
    area: str
    title: str
    what: str
    why: str
    source: str
    fix: str

    def as_dict(self) -> dict[str, str]:
        """The entry as plain data (for ``--json``)."""
        return asdict(self)

    def text(self) -> str:
        """The entry as ``reportgen explain`` prints it."""
        return (f"{self.id}：{self.title}\n检查什么：{self.what}\n为什么：{self.why}\n"
                f"依据：{self.source}\n怎样改：{self.fix}")


class RulebookError(Exception):
    """A rulebook file is malformed (a bug in reportgen, caught by the tests)."""


@cache
def entries() -> dict[str, Entry]:
    """Return every entry by rule id, in file order (files sorted by name)."""
    import yaml

    out: dict[str, Entry] = {}
    folder = resources.files(__package__)
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".yaml"):
            continue
        area = item.name.removesuffix(".yaml")
        # The C loader when PyYAML has it: the pure-Python one took ~25 ms for the rulebook,
        # paid by every failing validate for its closing hint.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(item.read_text(encoding="utf-8"), Loader=loader) or {}
        for rule_id, fields in data.items():
            if rule_id in out:
                raise RulebookError(f"rule {rule_id} in {item.name} is also in {out[rule_id].area}.yaml")
            if not isinstance(fields, dict) or set(fields) != set(FIELDS):
                raise RulebookError(f"rule {rule_id} in {item.name} needs exactly {FIELDS}")
            out[str(rule_id)] = Entry(str(rule_id), area, *(str(fields[f]).strip() for f in FIELDS))
    return out


def lookup(rule_id: str) -> Entry | None:
    """Return the entry of ``rule_id`` (case-insensitive), or ``None``."""
    return entries().get(rule_id.strip().upper())


class Emit(Protocol):
    """How a rule reports a finding: severity, rule id, path (mapping form), message, and
    optionally a text snippet whose own position (inside a long text value) is reported."""

    def __call__(self, error: bool, rule: str, path: KeyPath, message: str, *,
                 snippet: str = "") -> None: ...
