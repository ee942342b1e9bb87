"""Robustness at the level of the document tree: values of the wrong kind, keys moved a level,
YAML tags, directives, anchors, JSON quirks, Unicode edge cases and number spellings.

Property: reading and checking end in reportgen's own findings (never another exception), and
every finding has a position, a message and a rule id with a rulebook entry. Deterministic:
case N uses random.Random(N), so a failure names its seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import yaml

from reportgen.errors import Finding, InputError
from reportgen.readers.yaml_reader import load_bytes
from reportgen.rulebook import lookup
from reportgen.validation import check_source

from .helpers import SAMPLES

TREES = [load_bytes(path.read_bytes(), path.name).data for path in sorted(SAMPLES.rglob("*.yaml"))]
CASES = 3_000

#: Raw YAML written where a value was: number spellings, tags, anchors, odd scalars.
RAW_VALUES = [
    "012", "-07", "0x10", "0o17", "0b101", "1:30", "190:20:30", "1_000", "1,000", "1e3", "1.5E+2",
    ".5", "5.", "+5", "１２", "'０３'", "yes", "no", "on", "off", "Y", "~", "null", "NULL", ".nan",
    "-.inf", "!!int ''", "!!int 0x1F", "!!float abc", "!!float 1e3", "!!bool maybe", "!!null x",
    "!!timestamp 2025年1月22日", "!!timestamp 0000-01-01", "!!binary aGk=", "!!str 12",
    "!!python/object:os.system x", "!!python/name:os.system", "!foo bar", "!<tag:x.com,2000:y> 1",
    "!!set {a, b}", "!!omap [a: 1]", "!!map [1]", "!!seq {a: 1}", "&a 5", "*a", "&b [1, 2]",
    "2019-02-30", "2108-01-01", "1900-01-01", "2025-01-20 10:00:00", "2025-1-5", "9" * 35,
    "\"\\ud840\\udc00\"", "\"\\ud840\"", "\"\\U0010FFFF\"", "\"\\x07\"", "'\u200b5'", "5\u200b",
    "|\n  APP：下载\n  \tQQ：1", ">-\n  a\n\n  b",
]
#: Characters slipped into text and keys.
ODD_CHARACTERS = ["\u200b", "\u200f", "\u202e", "\ufeff", "\u00a0", "\u3000", "１", "：",
                  "\U00020000", "😀", "\u0301", "\ud7ff", "\t", "#", ": ", " - "]
DIRECTIVES = ["%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "%YAML 2.0\n---\n", "%TAG ! tag:x.com,2000:\n---\n",
              "%TAG !! tag:x.com,2000:\n---\n", "%FOO bar\n---\n", "---\n", "--- !!map\n"]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _set(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(tree, path[:-1])[path[-1]] = value
    return tree


def swap_type(tree: Any, rng: random.Random, raw: dict[str, str]) -> Any:
    path = rng.choice(_paths(tree))
    value = _get(tree, path)
    options = [[value], {"x": value}, "文本", 0, -1, None, True, [], {}, Decimal("2.5"),
               list(value.values()) if isinstance(value, dict) else value,
               dict(enumerate(value)) if isinstance(value, list) else value]
    return _set(tree, path, rng.choice(options))


def move_key(tree: Any, rng: random.Random, raw: dict[str, str]) -> Any:
    maps = [p for p in _paths(tree) if isinstance(_get(tree, p), dict) and _get(tree, p)]
    if not maps:
        return tree
    path = rng.choice(maps)
    mapping = _get(tree, path)
    key = rng.choice(list(mapping))
    value = mapping.pop(key)
    targets = [p for p in _paths(tree) if p != path and isinstance(_get(tree, p), dict)]
    if path and rng.random() < 0.5:
        targets = [path[:-1]] if isinstance(_get(tree, path[:-1]), dict) else targets
    if targets:
        target = _get(tree, rng.choice(targets))
        target[key] = value
    return tree


def raw_value(tree: Any, rng: random.Random, raw: dict[str, str]) -> Any:
    paths = [p for p in _paths(tree) if p and not isinstance(_get(tree, p), (dict, list))]
    if not paths:
        return tree
    marker = f"RAWVALUE{len(raw)}"
    raw[marker] = rng.choice(RAW_VALUES)
    return _set(tree, rng.choice(paths), marker)


def odd_character(tree: Any, rng: random.Random, raw: dict[str, str]) -> Any:
    paths = [p for p in _paths(tree) if p]
    if not paths:
        return tree
    path = rng.choice(paths)
    char = rng.choice(ODD_CHARACTERS)
    value = _get(tree, path)
    parent = _get(tree, path[:-1])
    if isinstance(value, str):
        at = rng.randrange(len(value) + 1)
        parent[path[-1]] = value[:at] + char + value[at:]
    elif isinstance(parent, dict):  # into the key
        parent[char + str(path[-1]) if rng.random() < 0.5 else str(path[-1]) + char] = parent.pop(path[-1])
    return tree


TREE_MUTATIONS: list[Callable[[Any, random.Random, dict[str, str]], Any]] = [
    swap_type, move_key, raw_value, raw_value, odd_character]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_yaml(tree: Any, rng: random.Random, raw: dict[str, str]) -> bytes:
    text = yaml.safe_dump(_plain(tree), allow_unicode=rng.random() < 0.8, sort_keys=False,
                          default_flow_style=rng.choice([False, None, True]), width=rng.choice([80, 10**6]))
    for marker, value in raw.items():
        if "\n" in value:  # block text: only where the marker is the value of a block mapping key
            value = value.replace("\n", "\n" + " " * 8)
        text = text.replace(marker, value)
    if rng.random() < 0.3:
        text = rng.choice(DIRECTIVES) + text
    if rng.random() < 0.2:  # an anchor on one value, aliases elsewhere
        text = text.replace(": ", ": &x ", 1).replace("\n  ", "\n  alias: *x\n  ", 1)
    return text.encode("utf-8", errors="surrogatepass")


def as_json(tree: Any, rng: random.Random, raw: dict[str, str]) -> bytes:
    text = json.dumps(_plain(tree), ensure_ascii=rng.random() < 0.5,
                      indent=rng.choice([None, 2, "\t", "\u3000"]), allow_nan=True)
    for marker, value in raw.items():
        text = text.replace(f'"{marker}"', value if rng.random() < 0.5 else json.dumps(value))
    quirk = rng.randrange(8)
    if quirk == 0:
        text = "\ufeff" + text
    elif quirk == 1 and text.startswith("{"):
        text = '{"year": 2020, ' + text[1:]  # a duplicate key
    elif quirk == 2:
        text = text.replace("}", ",}", 1)  # a trailing comma
    elif quirk == 3:
        text = "// 注释\n" + text
    elif quirk == 4:
        text = text.replace("0", "NaN", 1)
    elif quirk == 5:
        text = text.replace('"', '\\"', 1)
    return text.encode("utf-8", errors="surrogatepass")


def _check_findings(findings: list[Finding]) -> None:
    assert findings
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1, finding.format()
        assert finding.message and lookup(finding.rule) is not None, finding.format()


def _run(data: bytes, name: str) -> None:
    try:
        result = check_source(load_bytes(data, name))
    except InputError as exc:
        _check_findings(exc.findings)
        return
    if result.findings:
        _check_findings(result.findings)


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(6))
def test_tree_mutations_never_raise(chunk: int) -> None:
    for seed in range(chunk * CASES // 6, (chunk + 1) * CASES // 6):
        rng = random.Random(seed)
        tree = json.loads(json.dumps(_plain(rng.choice(TREES))))
        raw: dict[str, str] = {}
        for _ in range(rng.randrange(1, 4)):
            tree = rng.choice(TREE_MUTATIONS)(tree, rng, raw)
        json_out = rng.random() < 0.4
        data = (as_json if json_out else as_yaml)(tree, rng, raw)
        try:
            _run(data, "f.json" if json_out else "f.yaml")
        except Exception as exc:  # pragma: no cover - the failure report
            raise AssertionError(f"seed {seed}: {type(exc).__name__}: {exc}\n{data[:400]!r}") from exc


@pytest.mark.parametrize("raw", RAW_VALUES)
def test_each_raw_value_in_every_place_kind(raw: str) -> None:
    for line in (f"year: {raw}", f"published: {raw}", f"agency: {raw}",
                 f"active_disclosure:\n  licensing: {raw}", f"applications:\n  received: [{raw}, 1]"):
        _run(f"format: gov2021\n{line}\n".encode("utf-8", errors="surrogatepass"), "f.yaml")
