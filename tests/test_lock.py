"""The lock (requirements.lock) agrees with pyproject.toml: every requirement, direct or of the
dev extra, is pinned at a version its specifier allows, with hashes."""

from __future__ import annotations

import re
import sys

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .helpers import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _pins() -> dict[str, list[tuple[Version, Marker | None]]]:
    pins: dict[str, list[tuple[Version, Marker | None]]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            name, version, marker = match.groups()
            pins.setdefault(canonicalize_name(name), []).append(
                (Version(version), Marker(marker) if marker else None))
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(name) for name in names]


def test_every_requirement_is_locked_at_an_allowed_version() -> None:
    pins = _pins()
    wrong = []
    for requirement in _requirements():
        locked = pins.get(canonicalize_name(requirement.name), [])
        here = [v for v, marker in locked if marker is None or marker.evaluate()]
        if not here or not all(requirement.specifier.contains(v, prereleases=True) for v in here):
            wrong.append(f"{requirement} locked as {[str(v) for v in here] or 'missing'}")
    assert wrong == [], "pyproject.toml and requirements.lock disagree; refresh the lock (README 开发)"


def test_every_pin_has_a_hash() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+==)", text.split("\n", 2)[2])
    assert blocks and all("--hash=sha256:" in block for block in blocks if "==" in block)
