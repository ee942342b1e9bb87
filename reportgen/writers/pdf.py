"""The PDF writer: HTML through WeasyPrint, with no access to anything but local templates."""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import io
import logging
import sys
import urllib.parse
import urllib.request
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

from ..errors import ReportgenError


def _refuse(url: str) -> NoReturn:
    # Nothing but files under the allowed folders is ever read: no network, no other file.
    raise ValueError(f"reportgen 不读取此资源：{url}")


@cache
def fetcher_class() -> type[Any]:
    """Return WeasyPrint's URL fetcher restricted to files under allowed folders."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols=("file", "data"))
            self._roots = tuple(root.resolve() for root in roots)

        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urllib.parse.urlparse(url)
            if parsed.scheme == "data":  # inline, reads nothing
                return super().fetch(url, headers)
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


@cache
def engine() -> ModuleType:
    """Import and return WeasyPrint (once), failing clearly when its system libraries are missing.

    WeasyPrint tries several spellings of each system library (``libpango-1.0-0``,
    ``pango-1.0``, ``libpango-1.0.so.0`` ...) and cffi asks ``ctypes.util.find_library`` about
    every spelling the dynamic loader does not know; on Linux each such question runs ldconfig,
    gcc and ld in subprocesses, about 10 ms each and 0.2 s per cold build. Every list also holds
    the library's soname, which the loader finds by itself, so the import is first tried with
    those questions answered "not found" at once. Only if that fails (a library reachable by gcc
    but not by the loader) is the import repeated the slow way.
    """
    check_engine()
    if sys.platform.startswith("linux"):
        original = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            # WeasyPrint prints an installation hint before raising; the slow retry will
            # print it again if the library is really missing.
            with contextlib.redirect_stdout(io.StringIO()):
                return importlib.import_module("weasyprint")
        except OSError:
            pass
        finally:
            ctypes.util.find_library = original
    try:
        return importlib.import_module("weasyprint")
    except OSError as exc:
        raise ReportgenError(f"无法加载 WeasyPrint 需要的系统库（{exc}）；"
                             "请运行 bash scripts/setup.sh 安装 Pango 等依赖") from exc


def render(html: str, base: Path, allowed: tuple[Path, ...] = ()) -> bytes:
    """Return the PDF bytes of ``html``.

    Args:
        html: the document.
        base: folder that relative references resolve against.
        allowed: folders whose files may be read (a house style's images and fonts); nothing
            else is ever read, and nothing is fetched from the network.
    """
    weasyprint = engine()
    _quiet()
    fetcher = fetcher_class()(allowed)
    document = weasyprint.HTML(string=html, base_url=str(base), url_fetcher=fetcher)
    pdf = document.write_pdf(uncompressed_pdf=False)
    assert isinstance(pdf, bytes)
    return pdf
