"""The lazy font-file patch of WeasyPrint: applied to the locked release, output unchanged."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.styles import load_style
from reportgen.validation import check_file
from reportgen.writers import html as html_writer
from reportgen.writers import pdf, pdf_fonts

from .helpers import SAMPLES

LOCK = Path(__file__).parent.parent / "requirements.lock"


def test_the_patch_fits_the_locked_weasyprint() -> None:
    # Fails when the lock moves WeasyPrint underneath the patch: look at Font.__init__ again,
    # then update PATCHED_VERSION and EXPECTED_SOURCE_HASH (or drop the patch if upstream took it).
    weasyprint = pdf.engine()
    locked = re.search(r"^weasyprint==(\S+)", LOCK.read_text(encoding="utf-8"), re.M)
    assert locked is not None
    if weasyprint.__version__ != locked.group(1):
        pytest.skip(f"WeasyPrint {weasyprint.__version__} is not the locked {locked.group(1)} "
                    "(a run against other releases): reportgen runs it unpatched")
    assert pdf_fonts.applies(weasyprint)
    from weasyprint.pdf import fonts

    assert isinstance(fonts.Font.__dict__["file_content"], pdf_fonts._LazyFileContent)


def test_another_weasyprint_is_left_unpatched(monkeypatch: pytest.MonkeyPatch) -> None:
    weasyprint = pdf.engine()
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert not pdf_fonts.applies(weasyprint)


@pytest.mark.slow
def test_a_patched_build_is_byte_identical_to_an_unpatched_one() -> None:
    checked = check_file(SAMPLES / "2024.yaml")
    assert checked.report is not None
    house = load_style()
    html = html_writer.render(build(checked.format, checked.report, house.style.title), house)
    allowed = (*house.folders, SAMPLES)
    patched = hashlib.sha256(pdf.render(html, house.html_folder, allowed)).hexdigest()
    # The same render in a process where the patch is switched off before WeasyPrint loads.
    code = ("import hashlib, sys\n"
            "from pathlib import Path\n"
            "from reportgen.writers import pdf, pdf_fonts\n"
            "pdf_fonts.patch = lambda weasyprint: False\n"
            "html, base, *allowed = sys.argv[1:]\n"
            "out = pdf.render(Path(html).read_text('utf-8'), Path(base), tuple(map(Path, allowed)))\n"
            "from weasyprint.pdf import fonts\n"
            "assert 'file_content' not in fonts.Font.__dict__, 'patched'\n"
            "print(hashlib.sha256(out).hexdigest())\n")
    source = Path(__file__).parent.parent / "output" / "test-pdf-fonts.html"
    source.parent.mkdir(exist_ok=True)
    source.write_text(html, encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(source), str(house.html_folder),
                               *map(str, allowed)], capture_output=True, text=True, check=True)
    finally:
        source.unlink()
    assert done.stdout.strip() == patched
