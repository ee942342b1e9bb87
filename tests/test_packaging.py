"""The wheel people install from: it carries everything the commands need at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_carries_templates_and_the_style_check_samples(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="the build backend is installed from the lock")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sample in ("2019.yaml", "2024.yaml", "seeds/manzhouli-2018.yaml"):
        assert f"reportgen/sample_inputs/{sample}" in names
    assert "reportgen/_templates/html/report.html.j2" in names
    assert "reportgen/rulebook/tables.yaml" in names
    # An installed copy finds them where the code looks (reportgen/ beside _templates/).
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("from reportgen.cli import _default_samples; "
            "print(len(_default_samples()))")
    done = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); "
                           + code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout == "3\n"
