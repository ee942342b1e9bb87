"""The PDF writer: HTML through WeasyPrint, with no access to anything but local templates."""

from __future__ import annotations

import contextlib
import ctypes.util
import gc
import importlib
import io
import logging
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

from ..errors import ReportgenError
from . import pdf_resume
from .pagelabel import repeat_labels
from .standards import check_pdf_standard


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


def _ready(weasyprint: ModuleType) -> ModuleType:
    """Check and prepare the imported WeasyPrint.

    Fails clearly when HarfBuzz subsetting is missing (PDFs would take ~40x longer), asking
    WeasyPrint's own loader (it knows each platform's file names, such as MSYS2's
    ``libharfbuzz-subset-0.dll``) instead of guessing names here. Then applies the lazy
    font-file patch of :mod:`.pdf_fonts` where it fits this WeasyPrint.
    """
    ffi = getattr(getattr(weasyprint, "text", None), "ffi", None)
    if ffi is None:
        return weasyprint  # not the real WeasyPrint (tests put stand-ins in its place)
    if getattr(ffi, "harfbuzz_subset", None) is None:
        raise ReportgenError("缺少系统库 libharfbuzz-subset0（WeasyPrint 用它精简字体）；"
                             "请运行 bash scripts/setup.sh，或 apt-get install libharfbuzz-subset0")
    from .pdf_fonts import patch

    patch(weasyprint)
    # WeasyPrint and its imports are loaded for good: keep the collector from scanning those
    # objects again and again during layout (about a tenth of a build's time otherwise).
    gc.freeze()
    return weasyprint


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
    if sys.platform.startswith("linux"):
        original = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            # WeasyPrint prints an installation hint before raising; the slow retry will
            # print it again if the library is really missing.
            with contextlib.redirect_stdout(io.StringIO()):
                return _ready(importlib.import_module("weasyprint"))
        except OSError:
            pass
        finally:
            ctypes.util.find_library = original
    try:
        return _ready(importlib.import_module("weasyprint"))
    except OSError as exc:
        raise ReportgenError(f"无法加载 WeasyPrint 需要的系统库（{exc}）；"
                             "请运行 bash scripts/setup.sh 安装 Pango 等依赖") from exc


#: The collector's thresholds while WeasyPrint renders (Python's default: 700, 10, 10).
RENDER_GC_THRESHOLDS = (10_000, 50, 50)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a document is laid out and written.

    A render allocates some millions of short-lived objects (boxes, styles, PDF objects); with
    the default thresholds the collector runs hundreds of times per report and scans the whole
    live box tree in its older generations again and again (a tenth of the time even after
    :func:`gc.freeze`). Its garbage is still collected, only in fewer, larger batches; the
    thresholds the process had are restored afterwards.
    """
    previous = gc.get_threshold()
    gc.set_threshold(*RENDER_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _add_xmp(document: Any, pdf: Any) -> None:
    # A plain PDF gets the same XMP metadata stream as the standards' variants (title,
    # author, subject, keywords, dates), so that archive tools read it from any output.
    document.metadata.include_in_pdf(pdf, None, None, None, compress=True)


def render(html: str, base: Path, allowed: tuple[Path, ...] = (), *,
           stylesheets: tuple[str, ...] = (), standard: str | None = None,
           tagged: bool = True) -> bytes:
    """Return the PDF bytes of ``html``.

    Args:
        html: the document.
        base: folder that relative references resolve against.
        allowed: folders whose files may be read (a house style's images and fonts); nothing
            else is ever read, and nothing is fetched from the network.
        stylesheets: style sheets applied after the document's own (see
            :func:`reportgen.writers.html.render_for_pdf`), each parsed once per process.
        standard: one of :data:`reportgen.writers.PDF_STANDARDS`, or ``None`` for a plain PDF with XMP metadata.
        tagged: write the structure tree (headings, paragraphs, tables) for screen readers;
            PDF/UA and the ``a`` levels of PDF/A are always tagged.

    Raises:
        UsageError: an unknown standard.
    """
    check_pdf_standard(standard)
    weasyprint = engine()
    _quiet()
    fetcher = fetcher_class()(allowed)
    with _fewer_collections():
        source = weasyprint.HTML(string=html, base_url=str(base), url_fetcher=fetcher)
        options = dict(weasyprint.DEFAULT_OPTIONS, uncompressed_pdf=False, pdf_variant=standard,
                       pdf_tags=tagged, stylesheets=[_stylesheet(text, base, allowed)
                                                     for text in stylesheets])
        font_config = _font_config(allowed)
        # Group labels cut by a page break are repeated on the new page: the HTML is cut at
        # the first such break and only the pages from there on are laid out again
        # (:mod:`.pdf_resume`); with another WeasyPrint, the whole document is, and a
        # repeated label can make a row taller and move a later break, hence the (bounded)
        # check of the new layout.
        if pdf_resume.applies(weasyprint):
            document = pdf_resume.render(weasyprint, source, font_config, options)
        else:
            document = source.render(font_config, **options)
            for _ in range(3):
                if not repeat_labels(source.etree_element, document):
                    break
                document = source.render(font_config, **options)
        pdf = document.write_pdf(None, 1, None if standard else _add_xmp,
                                 **{key: options[key] for key in weasyprint.DEFAULT_OPTIONS})
    assert isinstance(pdf, bytes)
    return pdf


@cache
def _font_config(allowed: tuple[Path, ...]) -> Any:
    """Return one WeasyPrint font configuration per set of readable folders, for the process.

    Making one loads every installed font's metadata through fontconfig; a batch renders many
    reports with the same house style, whose ``@font-face`` rules WeasyPrint adds once per
    configuration (it keys them by their descriptors). The folders a report may read decide
    which ``@font-face`` files it can name, so they key the cache.
    """
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    _remove_at_exit(config)
    return config


def _remove_at_exit(config: Any) -> None:
    """Remove the folder the configuration copies ``@font-face`` files into (~40 MB), at exit.

    WeasyPrint removes it when the configuration is collected; one kept for the process is
    collected at interpreter exit at best, and never in a pool worker, which ends with
    ``os._exit`` after running only multiprocessing's finalizers: each ``--jobs`` worker left
    its copy in the temporary folder.
    """
    import atexit
    import multiprocessing.util
    import shutil

    def remove() -> None:
        folder = getattr(config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    multiprocessing.util.Finalize(None, remove, exitpriority=10)


@lru_cache(maxsize=32)
def _stylesheet(text: str, base: Path, allowed: tuple[Path, ...]) -> Any:
    """Return ``text`` parsed by WeasyPrint, once per process for each text, base and folders.

    Parsing the house style's sheets (selectors, declarations, ``@font-face`` rules) is the same
    work for every report. The key is the sheet's text itself, so an edited sheet is parsed
    anew; the folders also decide the font configuration its ``@font-face`` rules go into. A
    parsed sheet is only read while documents are laid out.
    """
    return engine().CSS(string=text, base_url=str(base), url_fetcher=fetcher_class()(allowed),
                        font_config=_font_config(allowed))
