"""Shared code of the Office Open XML writers (DOCX, and the Word template generator)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def table_key(name: str, format_id: str) -> str:
    """Return the template's name for a drawn table (table 四 is the same in both formats)."""
    if name == "reviews":
        return "reviews_gov2021"
    if name == "statistics":
        return "statistics_legacy"
    return f"{name}_{format_id}"


def package(parts: tuple[tuple[str, bytes], ...], replaced: dict[str, bytes],
             moment: dt.datetime) -> bytes:
    """Zip the parts in the template's order with fixed timestamps (deterministic bytes)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, replaced.get(name, data))
    return out.getvalue()
