"""The PDF standards a build can ask for: known before any renderer is imported."""

from __future__ import annotations

from ..errors import UsageError

#: The PDF standards ``--pdf-standard`` offers (WeasyPrint's variants that fit a report):
#: PDF/A-2 and PDF/A-3 for archives (b: appearance, u: also Unicode text, a: also tagged),
#: and PDF/UA-1 for screen readers. PDF/A-1 (PDF 1.4, no transparency) and the PDF 2.0
#: variants are left out: the first predates what the fonts and colours use, and PDF 2.0
#: readers are still rare in government offices.
PDF_STANDARDS = ("pdf/a-2b", "pdf/a-2u", "pdf/a-2a", "pdf/a-3b", "pdf/a-3u", "pdf/a-3a", "pdf/ua-1")


def check_pdf_standard(standard: str | None) -> None:
    """Refuse a PDF standard not in :data:`PDF_STANDARDS`.

    Raises:
        UsageError: an unknown standard.
    """
    if standard is not None and standard not in PDF_STANDARDS:
        raise UsageError(f"未知的 PDF 标准 {standard}：可用 {'、'.join(PDF_STANDARDS)}")
