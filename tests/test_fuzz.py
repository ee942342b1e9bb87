"""Robustness: mutated and hostile inputs end in success or a located reportgen error, never
an exception. Deterministic: case N uses random.Random(N), so a failure names its seed."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.errors import InputError
from reportgen.readers.yaml_reader import load_bytes
from reportgen.rulebook import lookup
from reportgen.validation import check_source
from reportgen.writers import docx as docx_writer
from reportgen.writers import html as html_writer

from .helpers import SAMPLES

# Thousands of mutated documents: part of the full run, not the quick loop.
pytestmark = pytest.mark.slow

CORPUS = [path.read_bytes() for path in sorted(SAMPLES.rglob("*.yaml"))]
CASES = 10_000  # mutation cases per run (about 10 s)
NUMBER = re.compile(rb"(?<![\w.])\d+(?![\w.])")
REPLACEMENTS = [b"-1", b"1.5", b".nan", b".inf", b"1e400", b"99999999999", "\uff15".encode(),
                b"'3'", b"true", b"null", b"[]", b"{}", b"~", b"0x1F", b"1_000", b"'", b'"',
                b"*x", b"&x 1", b"!!python/object:os.system x", b"9" * 40, b"2019-02-30",
                b"012", b"0b101", b"0o17", b"1:30", b"1e3", b"yes", b"off", b"!!int ''",
                b"!!float abc", b"!!bool maybe", "!!timestamp 2025年1月22日".encode(), b"2108-01-01"]


def _lines(data: bytes, rng: random.Random) -> list[bytes]:
    return data.split(b"\n")


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data, rng)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data, rng)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])  # often a duplicate key
    return b"\n".join(lines)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data, rng)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def replace_number(data: bytes, rng: random.Random) -> bytes:
    matches = list(NUMBER.finditer(data))
    if not matches:
        return data
    match = rng.choice(matches)
    return data[: match.start()] + rng.choice(REPLACEMENTS) + data[match.end():]


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[at:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def gbk(data: bytes, rng: random.Random) -> bytes:
    return data.decode("utf-8", errors="replace").encode("gb18030")


def bom_crlf(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")


def fullwidth_colon(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data, rng)
    index = rng.randrange(len(lines))
    lines[index] = lines[index].replace(b": ", "：".encode(), 1)
    return b"\n".join(lines)


def tab_indent(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data, rng)
    index = rng.randrange(len(lines))
    lines[index] = re.sub(rb"^  ", b"\t", lines[index])
    return b"\n".join(lines)


def nest(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([50, 1000, 100_000])
    return data + b"\nextra: " + b"[" * depth + b"]" * depth + b"\n"


def markup(data: bytes, rng: random.Random) -> bytes:
    hostile = rng.choice(["{{ 7*7 }}", "{% for x in y %}", "<script>x</script>", "&amp;",
                          "<w:p/>", '<img src="file:///etc/passwd">', "\\x00"])
    return data.replace("。".encode(), f"。{hostile}".encode(), 1)


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    delete_line, duplicate_line, swap_lines, replace_number, replace_number, random_bytes,
    truncate, gbk, bom_crlf, fullwidth_colon, tab_indent, nest, markup]


def _run(data: bytes, render: bool) -> None:
    try:
        result = check_source(load_bytes(data, "f.yaml"))
    except InputError as exc:
        assert exc.findings and all(f.line >= 1 and f.column >= 1 for f in exc.findings)
        assert all(lookup(f.rule) is not None for f in exc.findings)
        return
    assert all(f.line >= 1 and f.column >= 1 and f.message for f in result.findings)
    assert all(lookup(f.rule) is not None for f in result.findings)
    if render and result.report is not None and not result.errors:
        doc = build(result.format, result.report)
        html_writer.render(doc)
        assert docx_writer.render(doc).startswith(b"PK")


@pytest.mark.parametrize("chunk", range(10))
def test_mutated_samples_never_raise(chunk: int) -> None:
    for seed in range(chunk * CASES // 10, (chunk + 1) * CASES // 10):
        rng = random.Random(seed)
        data = rng.choice(CORPUS)
        for _ in range(rng.randrange(1, 4)):
            data = rng.choice(MUTATIONS)(data, rng) or b" "
        try:
            _run(data, render=seed % 5 == 0)
        except Exception as exc:  # pragma: no cover - the failure report
            raise AssertionError(f"seed {seed}: {type(exc).__name__}: {exc}\n{data[:300]!r}") from exc


def test_enormous_input_is_refused_before_parsing(tmp_path: Path) -> None:
    from reportgen.readers.yaml_reader import load_file

    big = tmp_path / "big.yaml"
    big.write_bytes(b"preface: |\n" + b"  " + "很长的文字。".encode() * 400_000 + b"\n")
    with pytest.raises(InputError) as info:
        load_file(big, "big.yaml")
    assert info.value.findings[0].rule == "FILE-TOO-LARGE"
