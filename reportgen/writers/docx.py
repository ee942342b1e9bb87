"""The DOCX writer: the render context through the Word template (docxtpl), autoescaped.

The output is deterministic: fixed document properties and zip timestamps, so rebuilding the
same input gives the same bytes and does not churn in version control.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..context import Document, signature_offsets
from ..errors import ReportgenError
from ..styles import search_path

TEMPLATE = Path("docx") / "report.docx"


class _CompilingOnce(jinja2.Environment):
    """docxtpl compiles the document XML from a string on every render (~0.45 s for the
    official tables). The XML of a template never changes, so it is compiled once per
    process, and its bytecode kept in the user's cache folder for the next process."""

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True,
                         loader=jinja2.FunctionLoader(self._source),
                         bytecode_cache=_bytecode_cache())
        self._sources: dict[str, str] = {}

    def _source(self, name: str) -> str | None:
        return self._sources.get(name)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None
                    ) -> jinja2.Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        name = hashlib.sha256(source.encode("utf-8")).hexdigest()
        self._sources[name] = source
        return self.get_template(name)  # cached in memory, then on disk


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return an on-disk bytecode cache, or ``None`` when no cache folder can be written."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "reportgen" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


_ENVIRONMENT = _CompilingOnce()


@cache
def _template_class() -> type[Any]:
    """Return a DocxTemplate whose tag preprocessing (regexes over the XML, ~45 ms) is done
    once per template text rather than on every render."""
    from docxtpl import DocxTemplate

    patched: dict[str, str] = {}

    class Template(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            if src_xml not in patched:
                patched[src_xml] = super().patch_xml(src_xml)
            return patched[src_xml]

    return Template


def table_key(name: str, format_id: str) -> str:
    """Return the template's name for a drawn table (table 四 is the same in both formats)."""
    if name == "reviews":
        return "reviews_gov2021"
    if name == "statistics":
        return "statistics_legacy"
    return f"{name}_{format_id}"


def render(doc: Document, style_dirs: tuple[Path, ...] = ()) -> bytes:
    """Return the DOCX bytes of a report.

    Raises:
        ReportgenError: the Word template is missing or broken.
    """
    template = next((p / TEMPLATE for p in search_path(style_dirs) if (p / TEMPLATE).is_file()),
                    None)
    if template is None:
        raise ReportgenError(f"找不到 Word 模板 {TEMPLATE}")
    grids = [b.grid for s in doc.sections for b in s.blocks if b.grid]
    grids += [a.grid for a in doc.attachments]
    tables = {table_key(g.name, doc.format_id): [[c.text for c in row] for row in (*g.header, *g.body)]
              for g in grids}
    sig_right, date_right = signature_offsets(doc.signature, doc.date)
    context = {"doc": doc, "tables": tables,
               "signature": {"signature_right": sig_right, "date_right": date_right}}
    tpl = _template_class()(str(template))
    try:
        tpl.render(context, jinja_env=_ENVIRONMENT, autoescape=True)
    except jinja2.TemplateError as exc:
        raise ReportgenError(f"{template}: Word 模板错误：{exc}") from None
    moment = dt.datetime.combine(doc.published or dt.date(doc.year + 1, 1, 1), dt.time())
    properties = tpl.docx.core_properties
    properties.title = doc.title
    properties.author = doc.agency
    properties.last_modified_by = doc.agency
    properties.language = "zh-CN"
    properties.created = properties.modified = moment
    properties.revision = 1
    properties.comments = ""
    out = io.BytesIO()
    tpl.save(out)
    return _fixed_zip(out.getvalue(), moment)


def _fixed_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip with fixed entry timestamps (python-docx stamps the current time)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
