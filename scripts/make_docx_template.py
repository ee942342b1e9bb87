"""Regenerate templates/docx/report.docx from the format definitions.

Usage: .venv/bin/python scripts/make_docx_template.py
The template is committed; regenerate it after changing reportgen/formats.py or the styles in
reportgen/writers/docx_template.py. A person may also open it in Word/WPS and change styles
(not the {{ }} / {%p %} tags); `reportgen style check` (issue 4) will verify such edits.
"""

from pathlib import Path

from reportgen.writers.docx_template import write

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "templates" / "docx" / "report.docx"
    write(target)
    print(f"wrote {target}")
