"""One layout for documents whose group labels are repeated (guarded WeasyPrint hook).

:mod:`.pagelabel` cuts a row-spanning cell where a page break falls inside it, which changes
the HTML, so the document must be laid out again. Laid out in full twice, the 2024 sample
cost a third of its render time. WeasyPrint itself knows how to re-make only some pages of
a document (``make_all_pages`` re-makes a page only when its ``page_maker`` entry says its
content changed, and reuses the others); this module uses that machinery:

1. the first layout stops at the first page whose table body ends inside a spanning cell
   (the cut is made in the HTML at once, from that page's boxes, and nothing after that page
   is laid out);
2. the second layout (new cascade and boxes for the changed HTML) takes over the pages
   before that one as they are and re-makes only the page of the cut and those after it.

The pages before the cut depend only on the HTML before it, which the cut does not change,
so the pages are the ones two full layouts give. The hook replaces
``weasyprint.layout.make_all_pages`` only for the duration of a render, and only on the
WeasyPrint version it was written for (:data:`WEASYPRINT_VERSION`); any other version falls
back to two full layouts (``tests/test_pdf_resume.py`` fails on a new WeasyPrint, so that
the hook is checked again).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import threading
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from .pagelabel import cut_after

#: The WeasyPrint version whose ``layout.make_all_pages`` and ``page_maker`` entries
#: (resume_at, next_page, right_page, page_state, remake_state) this hook was written for.
WEASYPRINT_VERSION = "70.0"

#: sha256 of the sources of ``layout_document``, ``make_all_pages`` and ``remake_page`` (in
#: that order) in that release: the page re-making this module relies on.
EXPECTED_SOURCE_HASH = "c969d5ec3e8e907852ba160845399ad6e9d6f44603109557bdc3b02f3110d649"

#: At most this many cuts are made per document (each can move a later break).
MAX_CUTS = 3

# The hook is a module global of WeasyPrint while it is in place: one hooked render at a time.
_LOCK = threading.Lock()


class _Cut(Exception):
    """Raised out of a layout when the HTML was cut after page ``index``."""

    def __init__(self, index: int, pages: list[Any], page_maker: list[Any], context: Any) -> None:
        super().__init__(index)
        self.index = index
        self.pages = pages
        self.page_maker = page_maker
        self.context = context


class Layouts:
    """Counts of the process's renders: layouts started and pages laid out (for the tests)."""

    started = 0
    pages = 0


@cache
def source_hash() -> str:
    """Return the sha256 of the WeasyPrint functions whose page re-making the hook uses."""
    from weasyprint import layout
    from weasyprint.layout import page

    text = "".join(inspect.getsource(function) for function in
                   (layout.layout_document, page.make_all_pages, page.remake_page))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def applies(weasyprint: Any) -> bool:
    """Return whether the hook fits this WeasyPrint (the release and source it was written for)."""
    return (getattr(weasyprint, "__version__", None) == WEASYPRINT_VERSION
            and source_hash() == EXPECTED_SOURCE_HASH)


@contextlib.contextmanager
def _hooked(layout: Any, hook: Callable[..., Iterator[Any]]) -> Iterator[None]:
    original = layout.make_all_pages
    layout.make_all_pages = hook
    try:
        yield
    finally:
        layout.make_all_pages = original


def _resume(cut: _Cut, context: Any, html: Any, pages: list[Any]) -> list[Any]:
    # The pages before the cut are kept: their page_maker entries (whose remake_state says
    # "unchanged"), the strings and running elements they set and the styles of their page
    # types (@page rules and margin boxes, looked up when the margin boxes are made); the
    # entry of the cut's page is marked changed, so that page and all after it are made anew.
    from weasyprint.layout.page import set_page_type_computed_styles

    index = cut.index
    entries = list(cut.page_maker[:index + 1])
    resume_at, next_page, right_page, page_state, _ = entries[index]
    entries[index] = (resume_at, next_page, right_page, page_state,
                      {"content_changed": True, "pages_wanted": False, "anchors": [],
                       "content_lookups": []})
    context.page_maker = entries
    for name in ("string_set", "running_elements"):
        for key, per_page in getattr(cut.context, name).items():
            for number, values in per_page.items():
                if number <= index:
                    getattr(context, name)[key][number] = values
    for page in cut.pages[:index]:
        set_page_type_computed_styles(page.page_type, html, context.style_for)
    del pages[:]
    pages.extend(cut.pages[:index])
    pages.append(None)  # a placeholder, re-made
    return pages


def render(weasyprint: Any, source: Any, font_config: Any, options: dict[str, Any]) -> Any:
    """Return ``source`` laid out with its group labels repeated, laying out each page ~once.

    Args:
        weasyprint: the WeasyPrint module (:func:`applies` must hold).
        source: the ``weasyprint.HTML`` whose tree is cut.
        font_config: its font configuration.
        options: the render options.
    """
    layout = weasyprint.layout
    original = layout.make_all_pages
    state: dict[str, Any] = {"cut": None, "cuts": 0}

    def hook(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Iterator[Any]:
        cut, first = state["cut"], 0
        if cut is not None:
            state["cut"], first = None, cut.index
            pages = _resume(cut, context, html, pages)
        made: list[Any] = []
        for page in original(context, root_box, html, pages):
            made.append(page)
            index = len(made) - 1
            if index >= first:
                # A page passed on unchanged (a repagination round) is not laid out again.
                Layouts.pages += index >= len(pages) or page is not pages[index]
                if state["cuts"] < MAX_CUTS and cut_after(page):
                    state["cuts"] += 1
                    raise _Cut(index, made, context.page_maker, context)
            yield page

    with _LOCK, _hooked(layout, hook):
        while True:
            Layouts.started += 1
            try:
                return source.render(font_config, **options)
            except _Cut as cut:
                state["cut"] = cut

