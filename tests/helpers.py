"""Small inline inputs for tests: a valid base report per format, overridable by YAML text."""

from __future__ import annotations

import textwrap
from pathlib import Path

from reportgen.readers.yaml_reader import load_text
from reportgen.validation import Checked, check_source

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_inputs"
SPEC = ROOT.parent / "shared" / "spec"

GOV2021 = """\
format: gov2021
year: 2024
agency: 示例局
published: 2025-01-20
overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。
active_disclosure: {}
applications:
  received: [5, 1, 0, 0, 0, 0]
  carried_over: [1, 0, 0, 0, 0, 0]
  results:
    disclosed: [4, 1, 0, 0, 0, 0]
    unavailable:
      not_held: [1, 0, 0, 0, 0, 0]
  carried_forward: [1, 0, 0, 0, 0, 0]
reviews: {}
problems: 存在的问题。
other_matters: 本年度未收取信息处理费。
"""

GOV2019 = GOV2021.replace("gov2021", "gov2019").replace("2024", "2019").replace(
    "2025-01-20", "2020-01-15")

LEGACY = """\
format: legacy
year: 2018
agency: 示例局
published: 2019-01-15
sections:
  - title: 概述
    text: 概述正文。
"""


def check(text: str, name: str = "t.yaml") -> Checked:
    """Check an inline YAML text (dedented) as if it were a file called ``name``."""
    return check_source(load_text(textwrap.dedent(text), name))


def messages(text: str) -> list[str]:
    """Return the formatted findings of an inline YAML text."""
    return [f.format() for f in check(text).findings]


def replace_line(base: str, old: str, new: str) -> str:
    """Return ``base`` with the one line equal to ``old`` replaced by ``new``."""
    lines = base.splitlines()
    assert lines.count(old) == 1, old
    return "\n".join(new if line == old else line for line in lines) + "\n"
