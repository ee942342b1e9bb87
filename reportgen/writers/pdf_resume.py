"""One layout for documents whose group labels are repeated (guarded WeasyPrint hook).

:mod:`.pagelabel` cuts a row-spanning cell where a page break falls inside it. Cut in the
HTML, the document must be styled, built and laid out again: laid out in full twice, the 2024
sample cost a third of its render time. WeasyPrint itself re-makes only some pages of a
document: ``layout_document`` repaginates in rounds, and each round's ``make_all_pages``
re-makes a page only when its ``page_maker`` entry says its content changed, reusing the
others. This module uses that machinery within the one layout:

1. as soon as a page is laid out whose table body ends inside a spanning cell, the cell is
   cut in WeasyPrint's box tree (:func:`.pagelabel.cut_boxes`) and the page's entry marked
   changed; the next page is laid out from the cut boxes, and so on to the end;
2. the next round takes over the pages as they are and re-makes only the pages of the cuts
   (and a page after one, should the cut page now break elsewhere).

A page depends only on its boxes and where the page before it ends, and the cut boxes are
those that building the cut HTML gives (same cells, spans and collapsed borders), so the
pages are the ones a new document made from the cut HTML gives. The hook replaces
``weasyprint.layout.make_all_pages`` only for the duration of a render, and only on the
WeasyPrint version it was written for (:data:`WEASYPRINT_VERSION`) and source of the
functions it relies on (:data:`EXPECTED_SOURCE_HASH`); any other falls back to cutting the
HTML and two full layouts (``tests/test_pdf_resume.py`` fails on a new WeasyPrint, so that
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

from .pagelabel import cut_boxes

#: The WeasyPrint version whose ``layout_document`` rounds, ``make_all_pages`` and
#: ``page_maker`` entries (resume_at, next_page, right_page, page_state, remake_state), table
#: grid (``wrap_table``) and collapsed borders this hook was written for.
WEASYPRINT_VERSION = "70.0"

#: sha256 of the sources of ``layout_document``, ``make_all_pages``, ``remake_page``,
#: ``wrap_table`` and ``collapse_table_borders`` (in that order) in that release: the page
#: re-making and the table boxes this module relies on.
EXPECTED_SOURCE_HASH = "c4e30309400ba75514775dd338886051db35e15609cdf81594c9db501ea43ca1"

#: Cuts are made in at most this many rounds of a layout (a page made again after its cut
#: may break elsewhere and need a cut of its own); the HTML fallback lays out as often.
MAX_ROUNDS = 3

# The hook is a module global of WeasyPrint while it is in place: one hooked render at a time.
_LOCK = threading.Lock()


class Layouts:
    """Counts of the process's renders: layouts started and pages laid out (for the tests)."""

    started = 0
    pages = 0


@cache
def source_hash() -> str:
    """Return the sha256 of the WeasyPrint functions whose page re-making the hook uses."""
    from weasyprint import layout
    from weasyprint.formatting_structure import build
    from weasyprint.layout import page, table

    text = "".join(inspect.getsource(function) for function in
                   (layout.layout_document, page.make_all_pages, page.remake_page,
                    build.wrap_table, table.collapse_table_borders))
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


def render(weasyprint: Any, source: Any, font_config: Any, options: dict[str, Any]) -> Any:
    """Return ``source`` laid out with its group labels repeated, laying out each page ~once.

    Args:
        weasyprint: the WeasyPrint module (:func:`applies` must hold).
        source: the ``weasyprint.HTML`` to lay out (its tree is not changed).
        font_config: its font configuration.
        options: the render options.
    """
    layout = weasyprint.layout
    original = layout.make_all_pages
    rounds = 0

    def hook(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Iterator[Any]:
        nonlocal rounds
        rounds += 1
        for index, page in enumerate(original(context, root_box, html, pages)):
            # A page passed on unchanged (from an earlier round) is not laid out again.
            fresh = index >= len(pages) or page is not pages[index]
            Layouts.pages += fresh
            yield page
            # The next page is made from the cut boxes; this one is made again next round.
            if fresh and rounds <= MAX_ROUNDS and cut_boxes(page, root_box):
                context.page_maker[index][-1]["content_changed"] = True

    with _LOCK, _hooked(layout, hook):
        Layouts.started += 1
        return source.render(font_config, **options)
