"""Local rules without code: a province's or city's own demands, in a rules folder's rules.yaml.

A rules folder is like a style folder: ``--rules DIR`` or the input's ``rules:`` key, and
``extends:`` another rules folder (the city's extends the province's). It declares required
topics (words or a regular expression, per section, optionally with a figure), length limits,
a stricter publication deadline, severity changes of built-in rules, and the repeated-text
limits. Every problem in a rules.yaml is reported with its file and position, as for inputs;
findings of local rules carry the rule's own id (``L-…``) and source text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .errors import Finding, InputError, Severity
from .figures import texts
from .followup import Limits
from .formats import FORMATS, Format
from .locations import KeyPath, Source
from .models import ReportBase
from .rulebook import Emit, entries
from .text import chinese_date

RULES_FILE = "rules.yaml"
_SECTIONS = sorted({s.key for f in FORMATS.values() for s in f.sections})


def _regex(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"不是有效的正则表达式：{exc}") from None
    return value


def _known_rule(value: str) -> str:
    if value not in entries():
        raise ValueError(f"没有内置规则 {value}（reportgen explain 规则 可查看）")
    return value


def _month_day(value: str | None) -> str | None:
    if value is not None:
        try:
            dt.date(2001, *map(int, value.split("-")))
        except (TypeError, ValueError):
            raise ValueError(f"应为“月-日”，如 01-20，实际为 {value!r}") from None
    return value


def _off(value: Any) -> Any:
    return "off" if value is False else value  # YAML 1.1 reads an unquoted off as false


def _section(value: str) -> str:
    if value not in _SECTIONS:
        raise ValueError(f"没有这一部分 {value!r}；可用：{'、'.join(_SECTIONS)}")
    return value


LocalId = Annotated[str, Field(pattern=r"^L-[A-Z0-9]+(?:-[A-Z0-9]+)*$")]
Section = Annotated[str, AfterValidator(_section)]
MonthDay = Annotated[str | None, AfterValidator(_month_day)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Topic(_Part):
    """A topic a section must cover: any of ``words``, or ``regex``; with a figure if asked."""

    id: LocalId
    section: Section
    title: str
    words: tuple[str, ...] = ()
    regex: Annotated[str | None, AfterValidator(_regex)] = None
    figure: bool = False
    source: str | None = None  # default: the file's source
    severity: Literal["error", "warning"] = "warning"


class Length(_Part):
    """At most ``max`` characters (spaces not counted) in a section."""

    id: LocalId
    section: Section
    max: Annotated[int, Field(gt=0)]
    source: str | None = None  # default: the file's source
    severity: Literal["error", "warning"] = "warning"


class Deadline(_Part):
    """A local publication deadline (month-day of the next year), per kind of organ."""

    id: LocalId = "L-DEADLINE"
    source: str | None = None  # default: the file's source
    department: MonthDay = None
    government: MonthDay = None
    township: MonthDay = None
    severity: Literal["error", "warning"] = "warning"


class Duplication(_Part):
    """Repeated-text limits (X-6 for the whole report, X-9 per section), 0–1."""

    overall: Annotated[float, Field(gt=0, le=1)] | None = None
    sections: dict[Section, Annotated[float, Field(gt=0, le=1)]] = {}


class _File(_Part):
    """What one rules.yaml may contain."""

    extends: str | None = None
    source: str | None = None  # the local document the rules of this file come from
    topics: tuple[Topic, ...] = ()
    lengths: tuple[Length, ...] = ()
    deadline: Deadline | None = None
    severity: dict[Annotated[str, AfterValidator(_known_rule)],
                   Annotated[Literal["error", "warning", "off"], BeforeValidator(_off)]] = {}
    duplication: Duplication | None = None


@dataclass(frozen=True)
class LocalRules:
    """A rules folder resolved with its ``extends`` chain (the nearer folder wins)."""

    folders: tuple[Path, ...] = ()
    topics: tuple[Topic, ...] = ()
    lengths: tuple[Length, ...] = ()
    deadline: Deadline | None = None
    severity: dict[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)


class RulesError(InputError):
    """A rules folder cannot be used; carries located findings."""


def load_rules(folder: Path) -> LocalRules:
    """Resolve a rules folder with its ``extends`` chain.

    Raises:
        RulesError: a rules.yaml is missing or broken, or ``extends`` is missing or circular.
    """
    return _load(folder.resolve())


@cache
def _load(folder: Path) -> LocalRules:
    chain: list[Path] = []
    files: list[_File] = []
    current: Path | None = folder
    while current is not None:
        if current in chain:
            raise RulesError([_finding(current / RULES_FILE, 1, 1, "LOCAL-EXTENDS",
                                       "extends 形成了循环：" + " → ".join(map(str, [*chain, current])))])
        if not (current / RULES_FILE).is_file():
            raise RulesError([_finding(current, 0, 0, "LOCAL-EXTENDS",
                                       f"{current} 不是规则文件夹（其中没有 {RULES_FILE}）；"
                                       "可用 reportgen rules export 生成")])
        chain.append(current)
        own = _read(current / RULES_FILE)
        files.append(own)
        current = (current / own.extends).resolve() if own.extends else None
    topics: dict[str, Topic] = {}
    lengths: dict[str, Length] = {}
    deadline: Deadline | None = None
    severity: dict[str, str] = {}
    overall, sections = Limits().overall, dict(Limits().sections)
    for own in reversed(files):  # the farthest first, so that nearer folders override
        topics |= {t.id: t for t in own.topics}
        lengths |= {t.id: t for t in own.lengths}
        deadline = own.deadline or deadline
        severity |= own.severity
        if own.duplication:
            overall = own.duplication.overall or overall
            sections |= own.duplication.sections
    return LocalRules(tuple(chain), tuple(topics.values()), tuple(lengths.values()), deadline,
                      severity, Limits(overall, sections))


def _read(path: Path) -> _File:
    from .readers import read_file

    try:
        source = read_file(path)
    except InputError as exc:
        if [f.rule for f in exc.findings] == ["YAML-EMPTY"]:
            return _File()
        raise RulesError(exc.findings) from None
    try:
        own = _File.model_validate(source.data)
    except ValidationError as exc:
        found = [_located(source, path, error) for error in exc.errors(include_url=False)]
        raise RulesError(sorted(found, key=lambda f: (f.line, f.column))) from None
    if own.source:
        return own.model_copy(update={
            "topics": tuple(t.model_copy(update={"source": t.source or own.source}) for t in own.topics),
            "lengths": tuple(t.model_copy(update={"source": t.source or own.source}) for t in own.lengths),
            "deadline": own.deadline and own.deadline.model_copy(
                update={"source": own.deadline.source or own.source})})
    unsourced: list[KeyPath] = [("topics", i) for i, t in enumerate(own.topics) if not t.source]
    unsourced += [("lengths", i) for i, t in enumerate(own.lengths) if not t.source]
    unsourced += [("deadline",)] if own.deadline and not own.deadline.source else []
    if unsourced:
        raise RulesError([_finding(path, p.line, p.column, "LOCAL-RULES",
                                   f"{'.'.join(map(str, loc))}：缺少 source（依据的本地文件及条款），"
                                   "也可在文件开头写一个共同的 source:")
                          for loc in unsourced for p in [source.locate(loc)]])
    return own


def _located(source: Source, path: Path, error: Any) -> Finding:
    loc: KeyPath = tuple(error["loc"])
    key = error["type"] == "extra_forbidden"
    if loc and loc[-1] == "[key]":  # a mapping key that is wrong in itself
        loc, key = loc[:-1], True
    name = ".".join(map(str, loc))
    if error["type"] == "extra_forbidden":
        message = f"{name}：未知的项，请检查拼写（可用的项见 README“本地规则”一节）"
    elif error["type"] == "missing":
        message = f"{name}：缺少这一项"
    elif error["type"] == "string_pattern_mismatch":
        message = f"{name}：本地规则的编号应以 L- 开头，如 L-ZCJD，实际为 {error['input']!r}"
    elif error["type"] == "literal_error":
        message = f"{name}：应为 {error['ctx']['expected']} 之一，实际为 {error['input']!r}"
    else:
        message = f"{name}：{str(error['msg']).removeprefix('Value error, ')}"
    position = source.locate(loc, key=key)
    return _finding(path, position.line, position.column, "LOCAL-RULES", message)


def _finding(path: Path, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(Severity.ERROR, rule, str(path), line, column, "", "", message)


def own_rules(path: Path, data: Any) -> Path | None:
    """The rules folder an input names with ``rules:`` (relative to the input), if any."""
    named = data.get("rules") if isinstance(data, dict) else None
    return (path.parent / named) if isinstance(named, str) and named.strip() else None


# --------------------------------------------------------------------------------------------
# Applying local rules


_FIGURE = re.compile(r"\d")
_DATES = re.compile(r"\d{4}\s*年度?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")


def run(local: LocalRules, fmt: Format, report: ReportBase, emit: Emit) -> None:
    """Emit the findings of the local topics, lengths and deadline."""
    sections = {s.key: s.title for s in fmt.sections}
    text_of: dict[str, str] = {}
    for path, text in texts(fmt, report):
        if isinstance(path[0], str) and path[-1] != "title":
            text_of[path[0]] = text_of.get(path[0], "") + text + "\n"
    for topic in local.topics:
        if topic.section not in sections:
            continue
        text = text_of.get(topic.section, "")
        if not _covers(topic, text):
            wanted = "、".join(f"“{w}”" for w in topic.words) or f"符合 {topic.regex} 的内容"
            extra = "及具体数字" if topic.figure else ""
            emit(topic.severity == "error", topic.id, (topic.section,),
                 f"“{sections[topic.section]}”应写明{topic.title}（{wanted}{extra}）；"
                 f"依据：{topic.source}")
    for length in local.lengths:
        count = len(re.sub(r"\s", "", text_of.get(length.section, "")))
        if length.section in sections and count > length.max:
            emit(length.severity == "error", length.id, (length.section,),
                 f"“{sections[length.section]}”共 {count} 字，超过 {length.max} 字的限制；"
                 f"依据：{length.source}")
    deadline = local.deadline
    limit = getattr(deadline, report.organ_kind, None) if deadline else None
    if deadline and limit and report.published is not None:
        month, day = map(int, limit.split("-"))
        date = dt.date(report.year + 1, month, day)
        if report.published > date:
            emit(deadline.severity == "error", deadline.id, ("published",),
                 f"发布日期 {chinese_date(report.published)} 晚于本地要求的 {chinese_date(date)}；"
                 f"依据：{deadline.source}")


def _covers(topic: Topic, text: str) -> bool:
    clauses = re.split(r"[。；\n]", text)
    for clause in clauses:
        found = any(w in clause for w in topic.words) or bool(
            topic.regex and re.search(topic.regex, clause))
        if found and (not topic.figure or _FIGURE.search(_DATES.sub("", clause))):
            return True
    return False


def adjust(local: LocalRules, findings: list[Finding]) -> list[Finding]:
    """Apply the severity changes: a built-in rule made an error or a warning, or turned off."""
    out = []
    for finding in findings:
        change = local.severity.get(finding.rule)
        if change == "off":
            continue
        if change is not None:
            severity = Severity.ERROR if change == "error" else Severity.WARNING
            finding = replace(finding, severity=severity)
        out.append(finding)
    return out


#: What ``reportgen rules export`` writes: every setting explained, all commented out, so that
#: the file is valid as it is and each demand is switched on by removing its “#”.
STARTER = """\
# 本地规则（rules.yaml）：本省、本市对政府信息公开工作年度报告的补充要求。
# 用法：reportgen validate 各单位/ --rules 本文件夹；或在输入文件中写 rules: 本文件夹（相对于输入文件）。
# 去掉行首的“#”即生效（上级项的“#”也要去掉）。每条本地规则有自己的编号（以 L- 开头）和依据，
# 会出现在提示中。部分名：{sections}。
#
# extends: ../省级规则              # 先用另一个规则文件夹的规则，本文件的同编号规则优先
#
# topics:                          # 必须写到的内容：words 中任一词出现即可，或 regex 匹配
#   - id: L-ZCJD
#     section: overview
#     title: 政策解读情况
#     words: [政策解读]
#     figure: true                 # 同一句中还要有数字（年份、日期不算）
#     source: 某市政务公开办《关于做好年度报告编制工作的通知》第二条
#   - id: L-JYTA
#     section: other_matters
#     title: 人大代表建议和政协委员提案办理情况
#     regex: 建议.*提案|提案.*建议
#     source: 某市政务公开办《关于做好年度报告编制工作的通知》第三条
#     severity: error              # error 或 warning（缺省 warning）
#
# lengths:                         # 字数上限（不计空白）
#   - id: L-LEN1
#     section: overview
#     max: 1000
#     source: 某市政务公开办《关于做好年度报告编制工作的通知》第二条
#
# deadline:                        # 比法定期限更早的本地发布期限（次年的 月-日）
#   source: 某市政务公开办《关于做好年度报告编制工作的通知》第一条
#   department: 01-20
#   township: 01-20
#
# severity:                        # 内置规则改为 error / warning，或 off 不检查
#   R-FIGURE: error
#   X-9: off
#
# duplication:                     # 与上年重复的限度（0–1）：整篇（X-6）、各部分（X-9）
#   overall: 0.4
#   sections:
#     overview: 0.3
#     problems: 0.3
""".format(sections="、".join(
    f"{s.key}（{s.title}）" for s in FORMATS["gov2021"].sections if s.kind.value == "narrative"))
