"""The DOCX writer: the render context through the Word template (docxtpl), autoescaped.

The output is deterministic: fixed document properties and zip timestamps, so rebuilding the
same input gives the same bytes and does not churn in version control.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2

from ..context import Document, signature_offsets
from ..errors import ReportgenError
from ..styles import HouseStyle, bytecode_cache, cache_dir, load_style
from .docx_clean import finish_document
from .ooxml import package, table_key

TEMPLATE = Path("docx") / "report.docx"


class _CompilingOnce(jinja2.Environment):
    """docxtpl compiles the document XML from a string on every render (~0.45 s for the
    official tables). The XML of a template never changes, so it is compiled once per
    process, and its bytecode kept in the user's cache folder for the next process."""

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True,
                         loader=jinja2.FunctionLoader(self._source),
                         bytecode_cache=bytecode_cache())
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


_ENVIRONMENT = _CompilingOnce()


@dataclass(frozen=True)
class _Prepared:
    """A Word template read once: its parts, and its body XML with docxtpl's tags patched."""

    template: Any  # the docxtpl template, used for its tag language
    parts: tuple[tuple[str, bytes], ...]
    body: str  # body XML after docxtpl's tag preprocessing
    head: str  # document.xml before <w:body>
    tail: str  # document.xml after </w:body>


@cache
def _prepare(path: Path, mtime_ns: int) -> _Prepared:
    from docxtpl import DocxTemplate

    del mtime_ns  # part of the cache key: an edited template is read again
    template = DocxTemplate(str(path))
    template.init_docx()
    with zipfile.ZipFile(path) as archive:
        parts = tuple((info.filename, archive.read(info)) for info in archive.infolist())
    document = dict(parts)["word/document.xml"].decode("utf-8")
    start, end = document.index("<w:body"), document.index("</w:body>") + len("</w:body>")
    return _Prepared(template, parts, _patched_body(template, path), document[:start],
                     document[end:])


def _patched_body(template: Any, path: Path) -> str:
    """Return the body XML with docxtpl's tags preprocessed (~45 ms of regexes), kept in the
    user's cache by the template's hash so that a new process need not redo it."""
    folder = cache_dir("docx")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cached = folder / f"{digest}.xml" if folder else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    body = str(template.patch_xml(template.get_xml()))
    if cached is not None:
        with contextlib.suppress(OSError):
            temporary = cached.with_suffix(f".{os.getpid()}.part")
            temporary.write_text(body, encoding="utf-8")
            os.replace(temporary, cached)
    return body


def template_for(house: HouseStyle) -> Path:
    """Return the Word template of a house style: its own ``docx/report.docx`` (edited in
    Word) if it has one, else one generated from its style.yaml, else the built-in one."""
    for folder in house.folders[:-1]:
        if (folder / TEMPLATE).is_file():
            return folder / TEMPLATE
    if len(house.folders) == 1:
        return house.folders[0] / TEMPLATE
    from .docx_template import make_template

    key = hashlib.sha256(house.style.model_dump_json().encode()).hexdigest()[:24]
    folder = cache_dir("docx-templates") or Path(tempfile.gettempdir())
    path = folder / f"{key}.docx"
    if not path.is_file():
        temporary = path.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(make_template(house.style))
        os.replace(temporary, path)
    return path


def render(doc: Document, house: HouseStyle | None = None) -> bytes:
    """Return the DOCX bytes of a report.

    docxtpl's template language renders the document body; the other parts of the package
    (styles, footers, settings…) are copied from the template unchanged, and the document
    properties are written here. This skips docxtpl's round trip through python-docx (parse,
    re-serialise and re-compress every part), which cost more than the rendering itself.

    Raises:
        ReportgenError: the Word template is missing or broken.
    """
    house = house or load_style()
    template = template_for(house)
    prepared = _prepare(template, template.stat().st_mtime_ns)
    grids = [b.grid for s in doc.sections for b in s.blocks if b.grid]
    grids += [a.grid for a in doc.attachments]
    tables = {table_key(g.name, doc.format_id): [[c.text for c in row] for row in (*g.header, *g.body)]
              for g in grids}
    signature = house.style.signature
    sig_right, date_right = signature_offsets(doc.signature, doc.date, signature.right,
                                              signature.date_step)
    context = {"doc": doc, "tables": tables,
               "signature": {"signature_right": sig_right, "date_right": date_right}}
    tpl = prepared.template
    try:
        body = tpl.render_xml_part(prepared.body, tpl.docx._part, context, _ENVIRONMENT)
    except jinja2.TemplateError as exc:
        raise ReportgenError(f"{template}: Word 模板错误：{exc}") from None
    moment = dt.datetime.combine(doc.published or dt.date(doc.year + 1, 1, 1), dt.time())
    replaced = {
        "word/document.xml": finish_document((prepared.head + body + prepared.tail).encode("utf-8")),
        "docProps/core.xml": _core_xml(doc, moment),
    }
    return package(prepared.parts, replaced, moment)


def _core_xml(doc: Document, moment: dt.datetime) -> bytes:
    """Return the document properties: title, author (the agency), language, fixed dates."""
    when = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    title, author = escape(doc.title), escape(doc.agency)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        "<dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
