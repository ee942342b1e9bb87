"""Shared pytest configuration: the --update-golden switch, a private cache per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# The suite is the same every run, so CI cannot go red by chance: hypothesis draws its examples
# from a fixed seed. `pytest --hypothesis-profile=explore` draws new ones to hunt for bugs (a
# failure found that way becomes a fixed test).
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("default")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite golden files from the current output instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point HOME and XDG_CACHE_HOME into the test's folder: tests never read or fill the
    user's cache (nor each other's), so a stale entry can never make a test pass."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))
