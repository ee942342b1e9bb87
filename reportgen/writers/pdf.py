"""The PDF writer: HTML through WeasyPrint, with no access to anything but local templates."""

from __future__ import annotations

import ctypes.util
import logging
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ReportgenError


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # The default house style needs no external resource; anything else (an <img> or url()
    # smuggled in through input text, a remote font) is refused rather than fetched.
    raise ValueError(f"reportgen 不读取外部资源：{url}")


@cache
def check_engine() -> None:
    """Fail clearly when HarfBuzz subsetting is missing (PDFs would take ~40x longer)."""
    if ctypes.util.find_library("harfbuzz-subset") is None:
        raise ReportgenError("缺少系统库 libharfbuzz-subset0（WeasyPrint 用它精简字体）；"
                             "请运行 bash scripts/setup.sh，或 apt-get install libharfbuzz-subset0")


def render(html: str, base: Path) -> bytes:
    """Return the PDF bytes of ``html``; relative references resolve against ``base``."""
    check_engine()
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=str(base), url_fetcher=_no_fetch)
    pdf = document.write_pdf(uncompressed_pdf=False)
    assert isinstance(pdf, bytes)
    return pdf
