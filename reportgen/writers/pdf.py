"""The PDF writer: HTML through WeasyPrint, with no access to anything but local templates."""

from __future__ import annotations

import ctypes.util
import logging
import urllib.parse
import urllib.request
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from ..errors import ReportgenError


def _refuse(url: str) -> NoReturn:
    # Nothing but files under the allowed folders is ever read: no network, no other file.
    raise ValueError(f"reportgen 不读取此资源：{url}")


@cache
def _fetcher_class() -> type[Any]:
    """Return WeasyPrint's URL fetcher restricted to files under allowed folders."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols=("file",))
            self._roots = tuple(root.resolve() for root in roots)

        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urllib.parse.urlparse(url)
            if parsed.scheme == "file":
                path = Path(urllib.request.url2pathname(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in self._roots):
                    return super().fetch(url, headers)
            _refuse(url)

    return LocalFetcher


@cache
def _quiet() -> None:
    # WeasyPrint reports ignored CSS and refused resources through logging; during a build
    # they would only be noise on the terminal (the style check collects them instead).
    for name in ("weasyprint", "fontTools"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


@cache
def check_engine() -> None:
    """Fail clearly when HarfBuzz subsetting is missing (PDFs would take ~40x longer)."""
    if ctypes.util.find_library("harfbuzz-subset") is None:
        raise ReportgenError("缺少系统库 libharfbuzz-subset0（WeasyPrint 用它精简字体）；"
                             "请运行 bash scripts/setup.sh，或 apt-get install libharfbuzz-subset0")


def render(html: str, base: Path, allowed: tuple[Path, ...] = ()) -> bytes:
    """Return the PDF bytes of ``html``.

    Args:
        html: the document.
        base: folder that relative references resolve against.
        allowed: folders whose files may be read (a house style's images and fonts); nothing
            else is ever read, and nothing is fetched from the network.
    """
    check_engine()
    import weasyprint

    _quiet()
    fetcher = _fetcher_class()(allowed)
    document = weasyprint.HTML(string=html, base_url=str(base), url_fetcher=fetcher)
    pdf = document.write_pdf(uncompressed_pdf=False)
    assert isinstance(pdf, bytes)
    return pdf
