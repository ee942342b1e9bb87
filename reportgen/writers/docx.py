"""The DOCX writer: the render context through the Word template (docxtpl), autoescaped.

The output is deterministic: fixed document properties and zip timestamps, so rebuilding the
same input gives the same bytes and does not churn in version control.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from jinja2.exceptions import SecurityError

from .. import cache
from ..cache import bytecode_cache
from ..context import Document, signature_offsets
from ..errors import ReportgenError
from ..sandbox import Sandbox, UnsafeTemplateError, explain, restrict, template_line, word_include
from ..styles import HouseStyle, load_style
from ..zipguard import open_zip, read_zip
from .docx_clean import finish_document
from .ooxml import package, table_key

TEMPLATE = Path("docx") / "report.docx"
#: How many Word templates a process keeps read and compiled (each costs megabytes; a batch
#: may bring one per agency).
_KEEP = 8


class _CompilingOnce(Sandbox):
    """The sandbox the Word template renders in (it is untrusted code, like the HTML ones).

    docxtpl compiles the document XML from a string on every render (~0.45 s for the
    official tables). The XML of a template never changes, so it is compiled once per
    process, and its bytecode kept in the user's private cache for the next process. The
    loader serves only those sources: a Word template cannot include any file."""

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True,
                         loader=jinja2.FunctionLoader(self._source),
                         bytecode_cache=bytecode_cache(), cache_size=_KEEP)
        restrict(self)
        self.sources: dict[str, str] = {}

    def _source(self, name: str) -> tuple[str, str, Callable[[], bool]]:
        if name not in self.sources:
            raise word_include(name)
        return self.sources[name], name, lambda: True

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None
                    ) -> jinja2.Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        name = hashlib.sha256(source.encode("utf-8")).hexdigest()
        if name not in self.sources and len(self.sources) >= _KEEP:
            del self.sources[next(iter(self.sources))]
        self.sources[name] = source
        return self.get_template(name)  # cached in memory, then on disk

    def paragraph(self, exc: BaseException) -> str:
        """Return the text of the template paragraph where ``exc`` was raised, if known."""
        where = template_line(exc, tuple(self.sources))
        if where is None:
            return ""
        lines = self.sources[where[0]].splitlines()
        text = re.sub(r"<[^>]+>", "", lines[where[1] - 1]) if 0 < where[1] <= len(lines) else ""
        return text.strip()[:40]


_ENVIRONMENT = _CompilingOnce()


@dataclass(frozen=True)
class _Prepared:
    """A Word template read once: its parts, and its body XML with docxtpl's tags patched."""

    template: Any  # the docxtpl template, used for its tag language
    parts: tuple[tuple[str, bytes], ...]
    body: str  # body XML after docxtpl's tag preprocessing
    head: str  # document.xml before <w:body>
    tail: str  # document.xml after </w:body>


_PREPARED: dict[str, _Prepared] = {}
#: Word templates generated from a style.yaml in this process, by the style's hash.
_GENERATED: dict[str, bytes] = {}


def _prepare(name: str, data: bytes) -> _Prepared:
    """Read a Word template (once per process and content)."""
    from docxtpl import DocxTemplate

    digest = hashlib.sha256(data).hexdigest()
    if digest in _PREPARED:
        return _PREPARED[digest]
    try:
        with open_zip(data, what="Word 模板", name=name) as archive:
            parts = tuple((info.filename, archive.read(info)) for info in archive.infolist())
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
        document = dict(parts)["word/document.xml"].decode("utf-8")
        start, end = document.index("<w:body"), document.index("</w:body>") + len("</w:body>")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:  # damaged, or not a Word file
        raise ReportgenError(f"{name}: Word 模板无法读取：不是完好的 Word 文档（{exc}）") from None
    prepared = _Prepared(template, parts, _patched_body(template, digest), document[:start],
                         document[end:])
    if len(_PREPARED) >= _KEEP:  # a batch of agencies with a Word template each
        del _PREPARED[next(iter(_PREPARED))]
    _PREPARED[digest] = prepared
    return prepared


def _patched_body(template: Any, digest: str) -> str:
    """Return the body XML with docxtpl's tags preprocessed (~45 ms of regexes), kept in the
    user's private cache by the template's hash so that a new process need not redo it."""
    import docxtpl

    name = f"{digest}-docxtpl-{docxtpl.__version__}"  # its preprocessing may change
    cached = cache.load("docx", name)
    if cached is not None:
        return cached.decode("utf-8")
    body = str(template.patch_xml(template.get_xml()))
    cache.store("docx", name, body.encode("utf-8"))
    return body


def template_for(house: HouseStyle) -> tuple[str, bytes]:
    """Return the name (for messages) and bytes of a house style's Word template: its own
    ``docx/report.docx`` (edited in Word) if it has one, else one generated from its
    style.yaml (kept in the private cache when there is one), else the built-in one.

    Raises:
        InputError: the template is not a readable zip within the size limits.
    """
    own = [folder / TEMPLATE for folder in house.folders[:-1] if (folder / TEMPLATE).is_file()]
    if own or len(house.folders) == 1:
        path = own[0] if own else house.folders[0] / TEMPLATE
        return str(path), read_zip(path, what="Word 模板")
    from .docx_template import make_template

    key = hashlib.sha256(house.style.model_dump_json().encode()).hexdigest()
    data = _GENERATED.get(key) or cache.load("docx-templates", key)
    if data is None:
        data = make_template(house.style)  # seconds: kept in memory and in the private cache
        cache.store("docx-templates", key, data)
    _GENERATED[key] = data
    return f"{house.folders[0] / 'style.yaml'}（据此生成的 Word 模板）", data


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
    template, data = template_for(house)
    prepared = _prepare(template, data)
    if any(a.grid is None for a in doc.attachments) and "attachment.paragraphs" not in prepared.body:
        # A house template made before text attachments existed draws a table in every one.
        raise ReportgenError(f"{template}: Word 模板不支持文字附件（attachments）：请用 "
                             "reportgen style export 文件夹 --docx 导出新模板，再把本单位的修改做到新模板上")
    grids = [b.grid for s in doc.sections for b in s.blocks if b.grid]
    grids += [a.grid for a in doc.attachments if a.grid]
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
    except SecurityError as exc:
        near = _ENVIRONMENT.paragraph(exc)
        raise UnsafeTemplateError(template, 0, explain(exc) + (f"（在含有“{near}”的段落）" if near
                                                               else "")) from None
    except jinja2.TemplateError as exc:
        raise ReportgenError(f"{template}: Word 模板错误：{exc}") from None
    moment = dt.datetime.combine(doc.published or dt.date(doc.year + 1, 1, 1), dt.time())
    replaced = {
        "word/document.xml": finish_document((prepared.head + body + prepared.tail).encode("utf-8")),
        "docProps/core.xml": _core_xml(doc, moment),
    }
    return package(prepared.parts, replaced, moment)


def _core_xml(doc: Document, moment: dt.datetime) -> bytes:
    """Return the document properties (context.Metadata, as in the PDF and the web page):
    title, author (the agency), subject, keywords, language, fixed dates."""
    when = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = doc.metadata
    title, author, subject = escape(meta.title), escape(meta.author), escape(meta.subject)
    keywords = escape(",".join(meta.keywords))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dc:subject>{subject}</dc:subject><cp:keywords>{keywords}</cp:keywords>"
        f"<dc:language>{escape(meta.language)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
