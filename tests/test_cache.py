"""The private cache: a folder of the user's own, keyed by version and code, entries verified."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

import pytest

from reportgen import __version__, cache
from reportgen.context import build
from reportgen.styles import load_style
from reportgen.validation import check_file
from reportgen.writers import docx as docx_writer

from .helpers import SAMPLES


def _root() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "reportgen"


def test_the_tests_use_their_own_cache(tmp_path: Path) -> None:
    assert cache.cache_root() == tmp_path / "home" / ".cache" / "reportgen"


def test_folders_are_private_and_keyed_by_version_and_code() -> None:
    folder = cache.cache_dir("docx")
    assert folder is not None
    assert folder.parent.name == cache.code_key()
    version, _, digest = cache.code_key().rpartition("-")
    assert version == __version__ and len(digest) == 16
    for path in (_root(), folder.parent, folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700


def test_an_entry_is_verified_before_use() -> None:
    cache.store("docx", "key", b"content")
    assert cache.load("docx", "key") == b"content"
    [entry] = (f for f in cache.cache_dir("docx").iterdir() if f.suffix == ".entry")  # type: ignore[union-attr]
    entry.write_bytes(entry.read_bytes()[:-1] + b"X")  # altered after it was written
    assert cache.load("docx", "key") is None
    entry.write_bytes(b"no digest at all")
    assert cache.load("docx", "key") is None


def test_a_folder_others_could_write_is_never_used() -> None:
    _root().mkdir(parents=True)
    os.chmod(_root(), 0o777)  # e.g. XDG_CACHE_HOME pointing at a shared folder
    assert cache.cache_dir("docx") is None
    os.chmod(_root(), 0o755)  # ours, only readable by others (made by an older reportgen)
    assert cache.cache_dir("docx") is not None
    assert stat.S_IMODE(_root().stat().st_mode) == 0o700


def test_a_symlink_in_place_of_the_folder_is_never_used(tmp_path: Path) -> None:
    (tmp_path / "planted").mkdir(mode=0o700)
    _root().parent.mkdir(parents=True)
    _root().symlink_to(tmp_path / "planted")
    assert cache.cache_dir("docx") is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_folder_owned_by_someone_else_is_never_used() -> None:
    _root().mkdir(parents=True, mode=0o700)
    os.chown(_root(), 65534, 65534)
    assert cache.cache_dir("docx") is None


@pytest.mark.slow  # generates a Word template (seconds)
def test_without_a_private_cache_the_word_template_is_built_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    style = tmp_path / "house"
    style.mkdir()
    (style / "style.yaml").write_text("sizes: {table: 小四}\n", encoding="utf-8")
    result = check_file(SAMPLES / "2019.yaml")
    assert result.report is not None
    house = load_style(style)
    name, data = docx_writer.template_for(house)
    assert name.endswith("style.yaml（据此生成的 Word 模板）") and data.startswith(b"PK")
    assert docx_writer.render(build(result.format, result.report), house).startswith(b"PK")
    assert list(shared.iterdir()) == []  # nothing taken from or left in a shared folder


@pytest.mark.slow  # generates a Word template (seconds)
def test_a_generated_word_template_is_cached_and_checked(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    style = tmp_path / "house"
    style.mkdir()
    (style / "style.yaml").write_text("sizes: {table: 小四}\n", encoding="utf-8")
    house = load_style(style)
    monkeypatch.setattr(docx_writer, "_GENERATED", {})  # as in a new process
    _, first = docx_writer.template_for(house)
    entries = list(cache.cache_dir("docx-templates").iterdir())  # type: ignore[union-attr]
    assert len(entries) == 1
    key = hashlib.sha256(house.style.model_dump_json().encode()).hexdigest()
    assert cache.load("docx-templates", key) == first  # what a new process would take
    entries[0].write_bytes(entries[0].read_bytes().replace(b"PK", b"PX", 1))  # tampered with
    assert cache.load("docx-templates", key) is None  # so a new process makes it again


def test_an_edit_of_the_code_or_templates_gives_a_new_key(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "reportgen"
    (package / "writers").mkdir(parents=True)
    (package / "writers" / "docx_template.py").write_text("GENERATOR = 1\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "style.yaml").write_text("sizes: {}\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    keys = [cache.code_key.__wrapped__()]
    (package / "writers" / "docx_template.py").write_text("GENERATOR = 2\n", encoding="utf-8")
    keys.append(cache.code_key.__wrapped__())
    (tmp_path / "templates" / "style.yaml").write_text("sizes: {body: 小三}\n", encoding="utf-8")
    keys.append(cache.code_key.__wrapped__())
    assert len(set(keys)) == 3 and all(k.startswith(f"{__version__}-") for k in keys)


def test_a_process_keeps_only_a_few_word_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import zipfile

    from reportgen.styles import builtin_templates

    monkeypatch.setattr(docx_writer, "_PREPARED", {})
    original = (builtin_templates() / "docx" / "report.docx").read_bytes()
    for index in range(docx_writer._KEEP + 2):  # one Word template per agency of a batch
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as copy:
            for info in source.infolist():
                copy.writestr(info, source.read(info))
            copy.writestr("customXml/agency.xml", f"<a>{index}</a>")
        docx_writer._prepare(f"agency{index}.docx", out.getvalue())
        docx_writer._ENVIRONMENT.from_string(f"{{{{ doc }}}}{index}")
    assert len(docx_writer._PREPARED) == docx_writer._KEEP
    assert len(docx_writer._ENVIRONMENT.sources) <= docx_writer._KEEP
