"""A guarded patch of WeasyPrint: read an embedded font's whole file only when it is needed.

WeasyPrint's ``pdf.fonts.Font.__init__`` copies the whole file of every font it embeds into a
Python ``bytes`` object (``file_content = get_hb_object_data(hb_face)``): about 20 MB per Noto
CJK face, 77 MB for reportgen's four faces, on every build. HarfBuzz then subsets the font from
``hb_face`` itself and replaces ``file_content`` with the subset, so the copy is thrown away
unread. Here ``file_content`` becomes a lazy attribute: it is read from ``hb_face`` the first
time something asks for it (fontTools subsetting, variable fonts, colour fonts), and never
otherwise. The PDF is byte-identical; a cold build's peak memory is about halved.

The patch is applied only to the WeasyPrint version and source it was written against
(:data:`PATCHED_VERSION` and a hash of ``Font.__init__``'s source); on any other version
reportgen runs WeasyPrint unpatched, and ``tests/test_writers.py`` fails so that the patch is
looked at again. Upstream, the same change is a property on ``Font`` that reads the blob lazily.
"""

from __future__ import annotations

import hashlib
import inspect
from types import ModuleType
from typing import Any

#: The WeasyPrint release whose ``Font.__init__`` this patch was checked against.
PATCHED_VERSION = "70.0"
#: sha256 of ``inspect.getsource(weasyprint.pdf.fonts.Font.__init__)`` in that release.
EXPECTED_SOURCE_HASH = "1f281166b10302a4278a04384970b91496a19b071e071a4087f77a49bc1487fe"


def _source_hash(fonts: ModuleType) -> str:
    init = getattr(fonts.Font.__init__, "__wrapped__", fonts.Font.__init__)  # once patched
    return hashlib.sha256(inspect.getsource(init).encode("utf-8")).hexdigest()


class _LazyFileContent:
    """``Font.file_content``: the font's whole file, read from ``hb_face`` on first use."""

    def __init__(self, read: Any) -> None:
        self._read = read

    def __get__(self, font: Any, owner: type | None = None) -> Any:
        if font is None:
            return self
        data = font.__dict__.get("_reportgen_file_content")
        if data is None:
            data = self._read(font.hb_face)
            font.__dict__["_reportgen_file_content"] = data
        return data

    def __set__(self, font: Any, value: Any) -> None:
        font.__dict__["_reportgen_file_content"] = value


def applies(weasyprint: ModuleType) -> bool:
    """Whether the patch fits this WeasyPrint (the release and source it was written for)."""
    from weasyprint.pdf import fonts

    return (getattr(weasyprint, "__version__", "") == PATCHED_VERSION
            and _source_hash(fonts) == EXPECTED_SOURCE_HASH)


def patch(weasyprint: ModuleType) -> bool:
    """Make ``file_content`` lazy when the patch fits; return whether it was applied."""
    from weasyprint.pdf import fonts

    if isinstance(fonts.Font.__dict__.get("file_content"), _LazyFileContent):
        return True
    if not applies(weasyprint):
        return False
    read = fonts.get_hb_object_data
    original_init = fonts.Font.__init__

    def init(font: Any, *args: Any, **kwargs: Any) -> None:
        # During __init__ the whole-file read returns None: the descriptor stores None, which
        # means "not read yet". Font.__init__ calls get_hb_object_data only for that copy.
        fonts.get_hb_object_data = lambda *_args, **_kwargs: None
        try:
            original_init(font, *args, **kwargs)
        finally:
            fonts.get_hb_object_data = read

    init.__wrapped__ = original_init  # type: ignore[attr-defined]
    fonts.Font.file_content = _LazyFileContent(read)
    fonts.Font.__init__ = init
    return True
