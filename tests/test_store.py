"""The store of one command: each file read once; the digest is of the bytes it parses."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from reportgen.store import Store

from .helpers import GOV2021


def test_the_digest_is_of_the_bytes_read_and_follows_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "2024.yaml"
    path.write_text(GOV2021, encoding="utf-8")
    kept = Store()
    assert kept.digest(path) == hashlib.sha256(GOV2021.encode()).hexdigest()
    assert kept.source(path).data["year"] == 2024
    changed = GOV2021.replace("year: 2024", "year: 2025")
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(1, 1))  # another modification time, whatever the clock's resolution
    assert kept.digest(path) == hashlib.sha256(changed.encode()).hexdigest()
    assert kept.source(path).data["year"] == 2025  # parsed again: what the digest is of


def test_no_digest_for_other_files_and_none_kept_after_the_last_ask(tmp_path: Path) -> None:
    published = tmp_path / "2024.pdf"
    published.write_bytes(b"%PDF-1.7")
    kept = Store()
    assert kept.digest(published) is None
    assert kept.digest(tmp_path / "missing.yaml") is None
    path = tmp_path / "2024.yaml"
    path.write_text(GOV2021, encoding="utf-8")
    kept.expect(path)
    assert kept.digest(path) is not None
    kept.skip(path)  # its outcome came from the cache: the only ask is done
    assert kept.taken(path) == (None, None, None)


def test_a_worker_gets_the_digest_with_what_the_parent_read(tmp_path: Path) -> None:
    path = tmp_path / "2024.yaml"
    path.write_text(GOV2021, encoding="utf-8")
    parent = Store()
    parent.raw(path)
    raw, source, digest = parent.taken(path)
    worker = Store()
    worker.seed(path, raw=raw, source=source, digest=digest)
    assert worker.digest(path) == digest == hashlib.sha256(GOV2021.encode()).hexdigest()
