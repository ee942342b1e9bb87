"""Section 五 as evaluators read it: concrete measures, and last year's problems followed up.

R-VAGUE: the measures are only 加强/进一步/持续 phrases, with no concrete action, owner, date or figure.
With last year's report (called from :mod:`reportgen.crossyear`):
X-7: a sentence of section 五 repeats one of last year's section 五 (digits normalised), named
     with both places;
X-8: section 五 says nothing of what became of last year's problems and measures;
X-9: a section repeats last year's text above its own limit (五 and 一 stricter than X-6's 50%).

Sentences are compared after :func:`reportgen.text.normalise` (no punctuation, numbers as 0), so a
sentence copied with a new year still counts as copied. Two similarity measures, both well
defined: the ``difflib`` ratio for "the same sentence" (order matters; clauses between commas
are compared too, for a measure copied into a longer sentence), and for "speaks of the same
problem" the share of last year's character bigrams, common words removed, that occur in this
year's sentence (order does not matter).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .figures import texts
from .formats import Format
from .locations import KeyPath, Source
from .models import ReportBase
from .rulebook import Emit
from .text import normalise, sentences

#: difflib ratio from which two sentences count as the same sentence.
SAME = 0.85
#: Share of a sentence of last year's bigrams (common words removed) from which a sentence of
#: this year speaks of the same problem; 0.15–0.4 all score alike on tests/data's corpus.
TOPIC = 0.3
#: Sentences shorter than this (normalised characters) are headings or fragments: not compared.
MIN_CHARS = 8
#: A clause (between commas) this long is compared on its own: a measure copied into a longer sentence.
MIN_CLAUSE = 10


@dataclass(frozen=True)
class Limits:
    """Repeated-text limits: for the whole report (X-6), and per section key (X-9)."""

    overall: float = 0.5
    sections: Mapping[str, float] = field(
        default_factory=lambda: {"overview": 0.4, "problems": 0.3})


DEFAULT_LIMITS = Limits()

_PLAN = re.compile(r"将|拟|计划|下一步|下一阶段|下一年|明年|今后|力争|争取")
_PROBLEM = re.compile(r"不足|不够|有待|偏少|较少|单一|滞后|薄弱|差距|欠缺|不及时|不到位|不规范|不高|不强|"
                      r"不全|不一|不够|缺乏|仍存在|问题是|还需|仍需|亟待")
_MEASURE = re.compile(r"加强|进一步|持续|不断|着力|努力|切实|全面|深入|提升|提高|加大|强化|完善|推进|推动|"
                      r"健全|优化|落实|做好|建立|规范|丰富|拓展|组织|开展")
_VAGUE = re.compile(r"加强|进一步|持续|不断|着力|努力|切实|全面|深入|提升|提高|加大|强化|完善|推进|推动|"
                    r"健全|优化|做好")
_CONCRETE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:件|条|次|个|项|期|人|名|篇|场|家|所|批|轮|类|%|％|万|天|日|个工作日)|"
    r"[一二两三四五六七八九十]+\s*(?:次|期|场|轮|批|个工作日)|"
    r"\d{1,2}月|月底|年底前|年内|季度|上半年|下半年|每周|每月|每季|每半年|前完成|"
    r"牵头|负责|责任人|专人|专岗|专班|责任科室|"
    r"制定|修订|印发|编制|出台|上线|开通|开设|增设|新增|改版|迁移|巡查|通报|台账|清单|图解|视频|时限|模板")
#: Words of every section 五: removed before the topic measure, else every pair looks alike.
_COMMON = re.compile(r"政府信息公开|政务公开|信息公开|政府信息|公开|发布|更新|内容|及时|不足|不够|不全|工作|进一步|加强|持续|不断|我局|我委|我办|"
                     r"本机关|本单位|全县|全市|全区|有关|相关|存在|问题|情况|方面|部分|一定|进行")
_LAST_YEAR = r"上一?年度?|去年|前一年"
_FOLLOW_WORDS = re.compile(r"问题|不足|措施|整改|改进|落实|完成|解决|提出|指出|计划|承诺")
#: A count in a sentence on last year's topic reports what was done (“按月公开12次”).
_DONE_COUNT = re.compile(r"\d+\s*(?:次|件|条|个|期|场|份|项|户|篇|名)")
_PROGRESS = re.compile(r"已|完成|实现|解决|整改|落实|建成|上线|改善|仍|尚未|继续|得到")


@dataclass(frozen=True)
class Said:
    """A sentence of section 五 with where it was written."""

    path: KeyPath
    text: str
    norm: str

    @property
    def kind(self) -> str:
        """改进措施 (a plan), 问题 (a shortcoming) or 其他 (a result, a statement)."""
        if _PLAN.search(self.text):
            return "改进措施"
        if _PROBLEM.search(self.text):
            return "问题"
        return "改进措施" if _MEASURE.search(self.text) else "其他"

    @property
    def snippet(self) -> str:
        """The start of the sentence, short enough to sit on one line of the source file."""
        return self.text[:12]


def said(fmt: Format, report: ReportBase, key: str = "problems") -> list[Said]:
    """Return the sentences of section ``key`` (titles of sub-heads left out)."""
    out: list[Said] = []
    for path, text in texts(fmt, report):
        if path[0] != key or path[-1] == "title":
            continue
        out += [Said(path, sentence, norm) for sentence, norm in _split(text)]
    return out


@lru_cache(maxsize=1024)
def _split(text: str) -> tuple[tuple[str, str], ...]:
    """The sentences of ``text`` long enough to compare, each with its normalised form.

    Remembered: a report's section 五 is read by R-VAGUE, then again as this year's and as
    last year's by X-7/X-8 (three splits of the same text in a folder check).
    """
    out = []
    for sentence in sentences(text):
        norm = normalise(sentence.text)
        if len(norm) >= MIN_CHARS:
            out.append((sentence.text, norm))
    return tuple(out)


def same(a: str, b: str) -> float:
    """How much two normalised sentences are the same sentence (difflib ratio, 0–1)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def topic(text: str, earlier: str) -> float:
    """How much of ``earlier`` (normalised) ``text`` takes up: the share of its character
    bigrams, common words removed, that occur in ``text`` (0–1)."""
    x, y = (_bigrams(_COMMON.sub("", s)) for s in (text, earlier))
    return len(x & y) / len(y) if y else 0.0


def _bigrams(text: str) -> set[str]:
    return {text[i: i + 2] for i in range(len(text) - 1)}


def vague(fmt: Format, report: ReportBase, emit: Emit) -> None:
    """R-VAGUE: section 五 plans only in set phrases (no action, owner, date or figure)."""
    if not any(s.key == "problems" for s in fmt.sections):
        return
    sentences_ = said(fmt, report)
    plans = [s for s in sentences_ if s.kind == "改进措施"]
    concrete = [s for s in sentences_ if s.kind != "问题" and _CONCRETE.search(s.text)]
    if plans and not concrete and any(_VAGUE.search(s.text) for s in plans):
        title = fmt.section("problems").title
        words = "、".join(dict.fromkeys(m.group(0) for s in plans for m in _VAGUE.finditer(s.text)))
        emit(False, "R-VAGUE", plans[0].path,
             f"“{title}”的改进措施只有“{words}”一类表述，没有具体做法、责任部门、完成时间或数字；"
             "请写明做什么、谁负责、何时完成", snippet=plans[0].snippet)


def run(fmt: Format, report: ReportBase, previous_fmt: Format, previous: ReportBase,
        previous_name: str, previous_source: Source | None, emit: Emit) -> None:
    """X-7 and X-8: this year's section 五 against last year's (the year before, same organ)."""
    if not (any(s.key == "problems" for s in fmt.sections)
            and any(s.key == "problems" for s in previous_fmt.sections)):
        return
    now, before = said(fmt, report), said(previous_fmt, previous)
    if not before:
        return  # last year stated no problem: nothing to follow up
    copies = set()
    last_units = [u for b in before for u in _units(b)]
    # One matcher per unit of last year's text: difflib caches what it learns about its second
    # sequence, so each of this year's units is compared against a prepared matcher.
    matchers = [(b, difflib.SequenceMatcher(None, "", b.norm, autojunk=False)) for b in last_units]
    for sentence in now:
        if sentence.kind == "其他":
            continue
        closest = _closest(_units(sentence), matchers)
        if closest is None:
            continue
        ratio, unit, match = closest
        copies.add(sentence)
        where = _place(previous_source, previous_name, match)
        emit(False, "X-7", sentence.path,
             f"这一句与上年报告 {where} 的{match.kind}几乎相同（相似度 {ratio:.0%}）：“{_short(unit.text)}”；"
             + ("请写明这一问题本年的整改进展，不要照抄上年的表述" if match.kind == "问题"
                else "请写明上年措施的落实结果和本年新的措施"), snippet=unit.snippet)
    if not any(_follows_up(s, before, previous.year) for s in now if s not in copies):
        title = fmt.section("problems").title
        problem = next((b for b in before if b.kind == "问题"), before[0])
        emit(False, "X-8", ("problems",),
             f"“{title}”没有说明上年报告（{previous_name}）所提问题和改进措施的落实情况，"
             f"如上年提出的“{_short(problem.text)}”；请写明整改结果或仍存在的原因")


def _closest(units: Iterable[Said], matchers: list[tuple[Said, difflib.SequenceMatcher[str]]],
             ) -> tuple[float, Said, Said] | None:
    """Return the most similar pair (ratio, unit, last year's unit), the first of equals, as
    :func:`same` over every pair would; ``None`` when no pair reaches :data:`SAME`.

    A pair is skipped when difflib's upper bounds (``real_quick_ratio`` >= ``quick_ratio`` >=
    ``ratio``, the same formula on fewer matches) show it can neither reach :data:`SAME` nor
    beat the best so far: the exact ratio was ~a third of checking a folder with last year's
    files beside it.
    """
    best: tuple[float, Said, Said] | None = None
    for unit in units:
        for match, matcher in matchers:
            matcher.set_seq1(unit.norm)
            floor = SAME if best is None else max(SAME, best[0])
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio >= SAME and (best is None or ratio > best[0]):
                best = (ratio, unit, match)
    return best


def _units(sentence: Said) -> Iterator[Said]:
    """The sentence, and its clauses long enough to be a measure of their own."""
    yield sentence
    clauses = re.split(r"[，,]\s*(?:并且|并|同时|还)?", sentence.text)
    for clause in clauses if len(clauses) > 1 else ():
        norm = normalise(clause)
        if len(norm) >= MIN_CLAUSE:
            yield Said(sentence.path, clause, norm)


def _follows_up(sentence: Said, before: list[Said], previous_year: int) -> bool:
    if (re.search(rf"{_LAST_YEAR}|{previous_year}年", sentence.text)
            and _FOLLOW_WORDS.search(sentence.text)):
        return True
    return bool(_PROGRESS.search(sentence.text) or _DONE_COUNT.search(sentence.text)) and any(
        topic(sentence.norm, b.norm) >= TOPIC for b in before)


def _place(source: Source | None, name: str, sentence: Said) -> str:
    """Return ``FILE:LINE`` of a sentence of last year's report, or just the file's name."""
    if source is None:
        return name
    path = sentence.path
    while path and isinstance(source.get(path[:-1]), str):
        path = path[:-1]  # a narrative written as plain text has no intro key
    position = source.find(sentence.snippet, path)
    return f"{name}:{position.line}" if position else f"{name}:{source.locate(path).line}"


def _short(text: str, size: int = 30) -> str:
    return text if len(text) <= size else text[:size] + "……"


def section_repeats(shares: Mapping[str, float], limits: Limits) -> Iterator[tuple[str, float, float]]:
    """Yield (section key, share, limit) for each section repeated above its own limit."""
    for key, share in shares.items():
        limit = limits.sections.get(key)
        if limit is not None and share > limit:
            yield key, share, limit
