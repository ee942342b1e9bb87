"""Input readers: each turns a file into a located :class:`~reportgen.locations.Source`.

Every reader produces the same plain data (the shape of the input contract) with the position
of every value, so one validator and one model serve every kind of input. The reader is
chosen by the file's suffix (:data:`READERS`): input files (YAML/JSON) and published reports
(DOCX, PDF with a text layer, web pages) and fill-in workbooks (XLSX), whose readers return a :class:`~reportgen.readers.published.Published` source.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..locations import Source
from .yaml_reader import load_file as _load_yaml

#: Suffixes of input files proper (the input contract), which ``edit`` and ``init`` write.
DATA_SUFFIXES = (".yaml", ".yml", ".json")
#: Suffixes of published reports (read by ``reportgen import`` and checked by ``validate``).
PUBLISHED_SUFFIXES = (".docx", ".pdf", ".html", ".htm")
#: Suffixes of fill-in workbooks (``reportgen init --xlsx``): inputs in reportgen's own layout,
#: not published reports, but read back and imported like them.
WORKBOOK_SUFFIXES = (".xlsx",)
#: Suffixes of the inputs reportgen reads, in the order they are described to users.
INPUT_SUFFIXES = DATA_SUFFIXES + WORKBOOK_SUFFIXES + PUBLISHED_SUFFIXES
#: The JSON Schema ``init`` writes beside a new input (for editors): never an input itself.
SCHEMA_FILE = "reportgen.schema.json"


def _load_docx(path: Path, display: str | None) -> Source:
    from .docx_reader import load_file  # python-docx is imported only for DOCX inputs

    return load_file(path, display)


def _load_pdf(path: Path, display: str | None) -> Source:
    from .pdf_reader import load_file  # pdfplumber is imported only for PDF inputs

    return load_file(path, display)


def _load_html(path: Path, display: str | None) -> Source:
    from .html_reader import load_file

    return load_file(path, display)


def _load_xlsx(path: Path, display: str | None) -> Source:
    from .xlsx_reader import load_file  # openpyxl is imported only for workbooks

    return load_file(path, display)


READERS: dict[str, Callable[[Path, str | None], Source]] = {
    ".yaml": _load_yaml, ".yml": _load_yaml, ".json": _load_yaml, ".docx": _load_docx,
    ".pdf": _load_pdf, ".html": _load_html, ".htm": _load_html, ".xlsx": _load_xlsx,
}


def read_file(path: Path, display: str | None = None) -> Source:
    """Read ``path`` with the reader for its suffix (YAML for an unknown suffix).

    Args:
        path: the input file.
        display: the name to use in messages (defaults to ``str(path)``).

    Raises:
        InputError: the file cannot be read; carries located findings.
    """
    return READERS.get(path.suffix.lower(), _load_yaml)(path, display)
