"""Validation: a parsed source → the validated model plus every finding, located and labelled.

Order: choose the format, accept quoted numbers (with a warning), validate against the pydantic
model of that format (every type problem at once), then run the rules of :mod:`reportgen.rules`
on the model. Nothing here raises for bad input: problems become :class:`Finding` objects.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import content, localrules, rules, standins
from .catalog import ROW_KEYS, Catalog, catalog
from .cells import describe
from .errors import Finding, HasFindings, InputError, Severity, sort_key
from .followup import DEFAULT_LIMITS
from .formats import FORMATS, Format, format_for_year
from .keynames import allowed_keys, closest, suggest
from .localrules import LocalRules, RulesError, load_rules, own_rules
from .locations import KeyPath, Source, format_path
from .models import FIELD_NAMES, ReportBase, report_model
from .readers import read_file
from .readers.yaml_scalars import respell

_DIGITS = re.compile(r"^\s*-?(0|[1-9][0-9]*)(\.[0-9]+)?\s*$")  # ASCII only: ５ is not a number
#: Longest paragraph accepted, in characters (a long real paragraph has ~2 000).
MAX_PARAGRAPH = 20_000
#: Unknown keys given a "是不是想写……" suggestion; the rest are reported without one.
MAX_SUGGESTIONS = 200
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # as context.paragraphs splits


@dataclass
class Checked(HasFindings):
    """The result of checking one input file.

    Attributes:
        name: the file name used in messages.
        source: the parsed file, or ``None`` when it could not be parsed.
        format: the format the file was checked against.
        report: the validated model, or ``None`` when type errors prevented building it.
        findings: every problem found, sorted by position.
    """

    name: str
    source: Source | None
    format: Format
    report: ReportBase | None
    findings: list[Finding] = field(default_factory=list)


def check_file(path: Path, display: str | None = None, previous: Path | None = None,
               local: LocalRules | None = None, *, last: Checked | None = None,
               source: Source | InputError | None = None) -> Checked:
    """Load and check one input file; never raises for bad content.

    Args:
        path: the input file.
        display: its name in messages (default: the path as given).
        previous: the same organ's file for the previous year, for the cross-year rules.
        local: local rules (``--rules``); else the rules folder the input names, if any.
        last: last year's file already checked (instead of ``previous``).
        source: the file already parsed (or the error parsing it gave), so that a command
            parses each file once (:mod:`reportgen.store`).
    """
    name = display if display is not None else str(path)
    if isinstance(source, InputError):
        return Checked(name, None, FORMATS["gov2021"], None, source.findings)
    if source is None:
        try:
            source = read_file(path, name)
        except InputError as exc:
            return Checked(name, None, FORMATS["gov2021"], None, exc.findings)
    if last is None and previous is not None:
        last = check_file(previous)
    broken: list[Finding] = []
    folder = own_rules(path, source.data) if local is None else None
    if folder is not None:
        try:
            local = load_rules(folder)
        except RulesError as exc:  # reported with the input's findings; built-in rules still run
            broken = exc.findings
    checked = check_source(source, last, local)
    checked.findings[:0] = broken
    return checked


def choose_format(data: dict[str, Any]) -> Format:
    """Return the format named in the file, else the one for its year, else gov2021."""
    name = data.get("format")
    if isinstance(name, str) and name in FORMATS:
        return FORMATS[name]
    year = data.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        return format_for_year(year)
    return FORMATS["gov2021"]


def check_source(source: Source, previous: Checked | None = None,
                 local: LocalRules | None = None) -> Checked:
    """Check a parsed source against its format and rules (last year's and local ones, when given)."""
    fmt = choose_format(source.data)
    cat = catalog(fmt.id)
    checker = _Checker(source, fmt, cat)
    data = checker.unquote_numbers()
    checker.long_paragraphs()
    model = report_model(fmt.id)
    report: ReportBase | None = None
    broken: set[KeyPath] = set()
    misspelt: dict[KeyPath, str] = {}
    try:
        report = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            checker.translate(error)
            loc = tuple(error["loc"])
            intended = (standins.intended(data, loc, checker.close_match(loc))
                        if error["type"] == "extra_forbidden" else None)
            if intended:
                misspelt[loc] = intended
            elif not (len(loc) == 1 and error["type"] == "extra_forbidden"):
                broken.add(standins.block(fmt, loc))  # an unknown top-level key spoils nothing else
        # One typo, one finding: "未知的键 agancy……是不是想写 agency（即“机关名称”）？" says that
        # agency is missing.
        respelt = {format_path((*loc[:-1], intended)) for loc, intended in misspelt.items()}
        # A line of block text indented too little parses as a key when it holds ": "; the
        # reader said so (YAML-INDENT), so "unknown key" on that line would only mislead.
        dented = {f.line for f in source.findings if f.rule == "YAML-INDENT"}
        checker.findings = [f for f in checker.findings
                            if not (f.rule == "KEY-MISSING" and f.path in respelt)
                            and not (f.rule == "KEY-UNKNOWN" and f.line in dented)]
    if report is not None:
        rules.run(fmt, cat, report, checker.emit)
        content.run(fmt, cat, report, checker.emit)  # reads across the whole report: valid ones only
        if previous is not None and previous.report is not None:
            from . import crossyear

            crossyear.run(fmt, report, previous.format, previous.report, previous.name,
                          checker.emit, previous.source, local.limits if local else DEFAULT_LIMITS)
        if local is not None:
            localrules.run(local, fmt, report, checker.emit)
    else:
        # Still run the rules on the parts that are fine: broken top-level parts are replaced
        # by neutral stand-ins and their rules skipped, so no false alarm comes from a repair.
        # A misspelt key with an obvious intended name is read as that key, so that the
        # rules of its table still run (the typo is already reported).
        try:
            repaired = standins.stand_in(fmt, model, standins.respell_keys(data, misspelt), broken)
            stand_in = model.model_validate(repaired)
        except ValidationError:
            broken |= {standins.block(fmt, loc) for loc in misspelt}
            stand_in = model.model_validate(standins.stand_in(fmt, model, data, broken))
        rules.run(fmt, cat, stand_in, checker.emit, broken)
        content.run(fmt, cat, stand_in, checker.emit, broken)
    if local is not None:
        checker.findings = localrules.adjust(local, checker.findings)
    checker.findings.sort(key=sort_key)
    return Checked(source.name, source, fmt, report, checker.findings)


class _Checker:
    """Turns paths into positions and labels, and pydantic errors into Chinese findings."""

    def __init__(self, source: Source, fmt: Format, cat: Catalog) -> None:
        self.source = source
        self.fmt = fmt
        self.cat = cat
        # What the reader found comes first; the values it could not read are reported there,
        # so nothing else is said about them (or about anything inside them).
        self.findings: list[Finding] = list(source.findings)
        self.unreadable = {cat.normalize(path) for path in source.unreadable}
        self.spelt: set[KeyPath] = set()  # values already reported as a number misspelt
        self._close: dict[KeyPath, str | None] = {}

    def close_match(self, loc: KeyPath) -> str | None:
        """Return the allowed key an unknown key at ``loc`` was surely meant to be, if any.

        Looked up for the first :data:`MAX_SUGGESTIONS` unknown keys only: each look-up compares
        the name with every allowed key, which made 105 000 unknown keys take half a minute.
        """
        if loc not in self._close:
            self._close[loc] = None
            if len(self._close) <= MAX_SUGGESTIONS:
                self._close[loc] = closest(str(loc[-1]), self.allowed(loc[:-1]))
        return self._close[loc]

    def allowed(self, path: KeyPath) -> list[str]:
        """Return the keys accepted at ``path`` (see :func:`_allowed_keys`)."""
        return allowed_keys(report_model(self.fmt.id), path)

    def emit(self, error: bool, rule: str, path: KeyPath, message: str, *,
             key: bool = False, snippet: str = "") -> None:
        raw = self._raw_path(path)
        position = (snippet and self.source.find(snippet, raw)) or self.source.locate(raw, key=key)
        self.findings.append(Finding(
            Severity.ERROR if error else Severity.WARNING, rule, self.source.name,
            position.line, position.column, format_path(raw), self._label(path), message, position.where))

    def _label(self, path: KeyPath) -> str:
        label = self.cat.label(path)
        if not label and path and isinstance(path[0], str):
            label = FIELD_NAMES.get(path[0], "")
        return label

    def _raw_path(self, path: KeyPath) -> KeyPath:
        """Map a model path to the path as written (list-shaped rows, plain-text narratives)."""
        out: list[str | int] = []
        for part in path:
            parent = self.source.get(tuple(out)) if out else self.source.data
            if isinstance(parent, list) and isinstance(part, str) and part in ROW_KEYS:
                part = ROW_KEYS.index(part)
            elif isinstance(parent, str) and part == "intro":
                break  # the narrative was written as plain text
            out.append(part)
        return tuple(out)

    @functools.cached_property
    def texts(self) -> list[tuple[KeyPath, str]]:
        """Every text value of the file with its key path, in file order (one walk)."""
        found: list[tuple[KeyPath, str]] = []

        def walk(node: Any, path: KeyPath) -> None:
            if isinstance(node, str):
                if path:
                    found.append((path, node))
            elif isinstance(node, dict):
                for key, value in node.items():
                    walk(value, (*path, key))
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, (*path, index))

        walk(self.source.data, ())
        return found

    def unquote_numbers(self) -> Any:
        """Accept ``"5"`` where a number belongs, with a warning; return the data to validate.

        Text in another number spelling (``012``, ``0x10``, ``1e3``, ``1_000``…) where a count,
        an amount or the year belongs is an error saying what to write: the reader keeps such
        spellings as text (never YAML 1.1's octal, hex or base 60), so nothing is guessed.
        """
        data = self.source.data
        quoted: list[KeyPath] = []
        for path, value in self.texts:
            if self.cat.kind(path) is None and path != ("year",):
                continue
            spelt = respell(value)
            if spelt is not None:
                self.spelt.add(self.cat.normalize(path))
                self.emit(True, "NUMBER-SPELLING", self.cat.normalize(path), spelt)
            elif _DIGITS.match(value) and path != ("year",):
                quoted.append(path)
        if not quoted:
            return data
        data = copy.deepcopy(data)
        for path in quoted:
            text = self.source.get(path).strip()
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = Decimal(text) if "." in text else int(text)
            self.emit(False, "NUMBER-TEXT", self.cat.normalize(path),
                      f"数字加了引号（“{text}”），已按数字 {text} 处理；请去掉引号，写成 {text}")
        return data

    def long_paragraphs(self) -> None:
        """Refuse a paragraph longer than :data:`MAX_PARAGRAPH` characters (layout time grows
        faster than its length: 300 000 characters took minutes to build)."""
        for path, value in self.texts:
            if len(value) <= MAX_PARAGRAPH:
                continue
            longest = max(len(p) for p in _PARAGRAPH_BREAK.split(value))
            if longest > MAX_PARAGRAPH:
                self.emit(True, "TEXT-TOO-LONG", path,
                          f"一段文字有 {longest} 个字符，超过上限 {MAX_PARAGRAPH} 个：请用空行分成几段")

    def translate(self, error: Any) -> None:
        loc: KeyPath = tuple(error["loc"])
        kind: str = error["type"]
        value = error.get("input")
        if loc in self.spelt:
            return  # "“012” 请写成 12" says it; "应为整数，实际为文本" would only repeat it
        if any(loc[:n] in self.unreadable for n in range(len(loc) + 1)):
            return  # the reader already said why this value could not be read
        if kind == "extra_forbidden":
            self._unknown_key(loc)
            return
        if kind == "missing":
            self._missing(loc)
            return
        if kind in _CUSTOM:
            self.emit(True, _CUSTOM[kind], loc, str(error["msg"]))
            return
        self.emit(True, "TYPE", loc, self._type_message(loc, kind, value, error.get("ctx") or {}))

    def _type_message(self, loc: KeyPath, kind: str, value: Any, ctx: dict[str, Any]) -> str:
        found = describe(value)
        if loc == ("year",):
            if kind in ("greater_than_equal", "less_than_equal"):
                return f"报告年度应在 2008 到 2100 之间，实际为 {value}"
            return f"报告年度应为四位数的年份（如 2019），实际为{found}"
        if kind == "literal_error":
            allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            hint = suggest(str(value), allowed)
            return f"应为 {' / '.join(allowed)} 之一，实际为{found}{hint}"
        if kind.startswith("date"):
            return f"应为日期，写成 YYYY-MM-DD（如 2020-01-14），实际为{found}"
        if kind == "string_type":
            return f"应为文本，实际为{found}"
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            if loc and isinstance(loc[0], str) and self.fmt.sections and \
                    len(loc) == 1 and loc[0] in {s.key for s in self.fmt.sections}:
                section = self.fmt.section(loc[0])
                if section.kind.value == "narrative":
                    return f"应为文本，或含 intro/sections 的映射，实际为{found}"
            return f"应为“键: 值”的映射，实际为{found}"
        if kind in ("tuple_type", "list_type"):
            return f"应为列表（每项以“- ”开头），实际为{found}"
        if kind == "too_short":
            return "至少应有一项"
        return f"值不符合要求（{kind}），实际为{found}"

    def _unknown_key(self, loc: KeyPath) -> None:
        name = str(loc[-1])
        close = self.close_match(loc)
        if close:  # name the official label too: the user knows the form, not our keys
            label = self._label((*loc[:-1], close))
            hint = f"；是不是想写 {close}" + (f"（即“{label}”）" if label else "") + "？"
        elif len(self._close) > MAX_SUGGESTIONS:
            hint = f"（未知的键超过 {MAX_SUGGESTIONS} 个，不再逐一给出建议）"
        else:
            allowed = self.allowed(loc[:-1])
            hint = f"；此处可用的键：{'、'.join(allowed)}" if allowed else ""
        where = f"“{self._label(loc[:-1])}”中" if self._label(loc[:-1]) else "此处"
        self.emit(True, "KEY-UNKNOWN", loc, f"未知的键 {name}：{where}没有这一项{hint}", key=True)

    def _missing(self, loc: KeyPath) -> None:
        name = str(loc[-1])
        label = self._label(loc)
        if len(loc) == 1 and self.cat.labels.get(loc):
            message = f"缺少必填部分“{label}”：请添加 {name}:"
        else:
            message = f"缺少必填项 {name}" + (f"（{label}）" if label else "")
        raw = self._raw_path(loc[:-1])
        position = self.source.locate(raw)
        self.findings.append(Finding(Severity.ERROR, "KEY-MISSING", self.source.name,
                                     position.line, position.column, format_path(loc), label,
                                     message, position.where))


#: Errors the models raise with their own Chinese message → rule id.
_CUSTOM = {"count": "VALUE", "money": "VALUE", "money_unit": "MONEY-UNIT", "empty": "VALUE",
           "row_length": "VALUE",
           "date_range": "DATE-RANGE", "title_lines": "VALUE"}
