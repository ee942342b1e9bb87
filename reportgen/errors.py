"""Findings (located problems in an input) and the errors reportgen raises.

Every problem a user can cause is a :class:`Finding` printed as one line
``FILE:LINE:COL: path（官方名称）: 说明``; problems that stop a command are raised as
:class:`ReportgenError` subclasses, which the CLI turns into messages and exit codes.
Anything else escaping is a bug in reportgen.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How serious a finding is: errors refuse the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def word(self) -> str:
        """Return the Chinese word printed before the explanation."""
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Finding:
    """One problem found in an input file, with where it is and what to do.

    Attributes:
        severity: error or warning.
        rule: stable rule id (``T3-1``, ``KEY-UNKNOWN``…), used by ``--json`` and ``--explain``.
        file: the file as the user named it.
        line: 1-based line, 0 when unknown.
        column: 1-based column, 0 when unknown.
        path: dotted key path (``applications.received[0]``), empty for file-level problems.
        label: the official label of that cell or section, empty when there is none.
        message: plain-Chinese explanation with what was expected and what was found.
        where: the place in words, for a published document (``第3页:表三 第4行 第4列``);
            printed instead of line and column when given.
    """

    severity: Severity
    rule: str
    file: str
    line: int
    column: int
    path: str
    label: str
    message: str
    where: str = ""

    @property
    def place(self) -> str:
        """Where in its file, as users read it: ``16:11``, or ``第3页:表三 第4行 第4列``."""
        return self.where or f"{self.line}:{self.column}"

    def format(self) -> str:
        """Return the finding as the one-line message users read."""
        where = f"{self.file}:{self.place}"
        subject = ""
        if self.path:
            subject = f" {self.path}（{self.label}）:" if self.label else f" {self.path}:"
        return f"{where}:{subject} {self.severity.word}：{self.message} [{self.rule}]"

    def to_json(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready mapping."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class HasFindings:
    """Mixin for results that carry ``findings``: split them by severity."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        """Findings that refuse the build."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that do not refuse the build."""
        return [f for f in self.findings if f.severity is Severity.WARNING]


#: The page a published document's place starts with (``第3页:表三 第4行 第4列``).
_PAGE = re.compile(r"第(\d+)页")
#: The table a published document's place names (``表三``), and the numerals tables go by.
_NUMERALS = "一二三四五六七八九十"
_TABLE = re.compile(f"表([{_NUMERALS}])")


def sort_key(finding: Finding) -> tuple[str, int, int, int, int, str]:
    """Order findings by file and position, then by rule id.

    In a published document the line and column are a table's row and column or a
    paragraph's number, so its findings go by page first, as a reader turns the pages, and
    then by table (paragraphs first): row 1 of 表四 does not come before row 2 of 表三.
    """
    page = _PAGE.match(finding.where) if finding.where else None
    table = _TABLE.search(finding.where) if finding.where else None
    return (finding.file, int(page.group(1)) if page else 0,
            _NUMERALS.index(table.group(1)) + 1 if table else 0, finding.line, finding.column,
            finding.rule)


class ReportgenError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback.

    Attributes:
        exit_code: process exit code the CLI uses for this error.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(ReportgenError):
    """An input file could not be read as a report; carries the findings that say why."""

    exit_code = 1

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(f.format() for f in findings))
        self.findings = findings


class UsageError(ReportgenError):
    """The command was called wrongly (missing file, unknown format name…)."""

    exit_code = 2
