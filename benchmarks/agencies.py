"""Synthetic agency input files for batch benchmarks and the batch acceptance test.

``write(folder, n, broken=k, seed=s)`` writes n gov2021 files whose tables balance and whose
narrative quotes figures that agree with them; the first k are broken in k different ways.
"""

from __future__ import annotations

import random
from pathlib import Path

#: Ways to break a file, each a (description, text → text) pair; applied in this order.
BREAKAGES: list[tuple[str, str, str]] = [
    ("table 三 does not balance", "  carried_forward: [", "  carried_forward: [9"),
    ("full-width colon", "year: ", "year："),
    ("misspelt key", "  carried_over:", "  carry_over:"),
    ("publication date inside the report year", "published: 2025-01-20", "published: 2024-06-01"),
    ("count written with a decimal", "licensing: ", "licensing: 2.5 #"),
    ("section five missing", "problems: |", "problemz: |"),
]


def agency_text(index: int, rng: random.Random) -> str:
    """Return one valid agency file."""
    columns = 6
    leaves = {key: [rng.randint(0, 6) if c < 2 else 0 for c in range(columns)]
              for key in ("disclosed", "partially_disclosed", "not_held")}
    forward = [rng.randint(0, 2) if c == 0 else 0 for c in range(columns)]
    over = [min(rng.randint(0, 2), sum(v[c] for v in leaves.values()) + forward[c]) if c == 0 else 0
            for c in range(columns)]
    received = [sum(v[c] for v in leaves.values()) + forward[c] - over[c] for c in range(columns)]
    total = sum(received)
    licensing, penalty = rng.randint(0, 300), rng.randint(0, 20)
    issued, repealed = rng.randint(0, 4), rng.randint(0, 2)
    in_force = rng.randint(issued, 40)
    row = lambda values: "[" + ", ".join(map(str, values)) + "]"  # noqa: E731
    return f"""format: gov2021
year: 2024
agency: 第{index:04d}号示例局
organ_kind: department
published: 2025-01-20
preface: |
  本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。
overview:
  intro: |
    本局第{index}号年度工作围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障展开。
  sections:
    - title: 主动公开
      text: |
        全年制发行政规范性文件{issued}件，作出行政许可决定{licensing}件。
    - title: 依申请公开
      text: |
        全年新收政府信息公开申请{total}件，已在法定期限内答复。
    - title: 政府信息管理
      text: |
        落实公开属性源头认定，编号{rng.randint(1000, 9999)}的审查记录齐全。
    - title: 政府信息公开平台建设
      text: |
        依托门户网站发布信息，栏目编号{rng.randint(100, 999)}。
    - title: 监督保障
      text: |
        将政务公开纳入年度考核，开展培训{rng.randint(1, 5)}次。
active_disclosure:
  regulations: {{issued: 0, repealed: 0, in_force: 0}}
  normative_documents: {{issued: {issued}, repealed: {repealed}, in_force: {in_force + repealed}}}
  licensing: {licensing}
  penalty: {penalty}
  enforcement: 0
  fees: {rng.randint(0, 500) / 10}
applications:
  received: {row(received)}
  carried_over: {row(over)}
  results:
    disclosed: {row(leaves["disclosed"])}
    partially_disclosed: {row(leaves["partially_disclosed"])}
    unavailable:
      not_held: {row(leaves["not_held"])}
  carried_forward: {row(forward)}
reviews:
  reconsideration: {{upheld: {rng.randint(0, 1)}, corrected: 0, other: 0, pending: 0}}
  litigation_direct: {{upheld: 0, corrected: 0, other: 0, pending: 0}}
  litigation_after_reconsideration: {{upheld: 0, corrected: 0, other: 0, pending: 0}}
problems: |
  第{index}号单位存在政策解读形式较单一等问题，下一步将丰富解读形式。
other_matters: |
  本年度未收取信息处理费。
"""


def write(folder: Path, n: int, broken: int = 0, seed: int = 0) -> list[Path]:
    """Write ``n`` agency files into ``folder``; the first ``broken`` are broken differently."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(n):
        text = agency_text(index, rng)
        if index < broken:
            _, old, new = BREAKAGES[index % len(BREAKAGES)]
            assert old in text, old
            text = text.replace(old, new, 1)
        path = folder / f"agency-{index:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
