"""``reportgen style export`` and ``reportgen style check``: tools for whoever keeps a style.

export writes a starting point (the built-in style.yaml with its comments, an extra.css and a
template example, a fonts/ folder); check renders sample reports with a style and reports
every problem with its file and position, as validation does for inputs.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
from pathlib import Path

from .errors import Finding, InputError, ReportgenError, Severity, UsageError
from .fonts import file_font, font_stacks, installed_families, missing_glyphs
from .locations import Source
from .styles import HouseStyle, StyleError, builtin_templates, load_style

#: Names the Word template may use (the render context given to docxtpl).
DOCX_NAMES = frozenset({"doc", "tables", "signature"})
_SMART_QUOTE = re.compile(r"(\{\{|\{%)[^}%]*[“”‘’][^}%]*(\}\}|%\})")

_EXTRA_CSS = """/* 本单位的补充样式：在内置样式之后加载，只写要改的规则。相对路径的图片、字体以本文件所在文件夹为准。
   例：页眉加单位标志（把 logo.png 放在本文件旁边）：
@page { @top-center { content: url("logo.png"); } }
   例：表格文字改为小四：
table.grid { font-size: 12pt; }
*/
"""
_TEMPLATE_EXAMPLE = """{#- 要改 PDF 的某一部分，把本文件改名为 report.html.j2，保留第一行，只写要改的块。
    可改的块：page_setup、title、preface、section、table、signature、attachments。
    变量见 README“修改版式”一节。 -#}
{% extends "builtin/report.html.j2" %}
{% block signature %}
{{ super() }}
<p class="body">（本单位补充的落款说明）</p>
{% endblock %}
"""
_FONTS_README = """把本单位的字体文件（.ttf 或 .otf）放在这里，PDF 会使用它们；在 style.yaml 的 fonts 中写字体名。
不要放 .ttc 字体集：WeasyPrint 只会用其中第一个字体，中文可能显示成日文字形。
"""


def export(target: Path, *, with_docx: bool = False, force: bool = False) -> list[Path]:
    """Write a new style folder starting from the built-in style; return the files written.

    Raises:
        UsageError: the folder exists and is not empty (and ``force`` is not set).
    """
    if target.exists() and any(target.iterdir()) and not force:
        raise UsageError(f"{target} 已存在且不是空文件夹；如要覆盖请加 --force")
    builtin = builtin_templates()
    files = {
        target / "style.yaml": _commented((builtin / "style.yaml").read_text(encoding="utf-8")),
        target / "html" / "extra.css": _EXTRA_CSS,
        target / "html" / "report.html.j2.example": _TEMPLATE_EXAMPLE,
        target / "fonts" / "README.txt": _FONTS_README,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    written = list(files)
    if with_docx:
        docx = target / "docx" / "report.docx"
        docx.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(builtin / "docx" / "report.docx", docx)
        written.append(docx)
    return written


def _commented(builtin: str) -> str:
    """The built-in style.yaml with every setting commented out: a house style states only
    what it changes, and keeps following the built-in style for everything else."""
    lines = ["# 本单位样式。去掉行首的“#”并修改，即可改变该项；未改的项沿用内置样式（GB/T 9704）。",
             "# 例如把“#   body: 三号”改为“  body: 小三”时，也要去掉它上级“# sizes:”行的“#”。", ""]
    for line in builtin.splitlines():
        lines.append(line if not line.strip() or line.lstrip().startswith("#") else f"# {line}")
    return "\n".join(lines) + "\n"


def check(folder: Path, samples: list[Path]) -> list[Finding]:
    """Check a style folder by rendering ``samples`` with it; return every problem found."""
    try:
        house = load_style(folder)
    except StyleError as exc:
        return exc.findings
    findings = _fonts(house)
    findings += _css(house)
    findings += _templates(house)
    findings += _docx(house)
    for sample in samples:
        findings += _render(house, sample)
    unique: dict[str, Finding] = {f.format(): f for f in findings}
    return list(unique.values())


def _problem(where: Path | str, message: str, rule: str, *, line: int = 0, column: int = 0,
             error: bool = True) -> Finding:
    severity = Severity.ERROR if error else Severity.WARNING
    return Finding(severity, rule, str(where), line, column, "", "", message)


def _fonts(house: HouseStyle) -> list[Finding]:
    out = []
    own: set[str] = set()
    for path in sorted((house.folders[0] / "fonts").glob("*")):
        if path.suffix.lower() in (".ttf", ".otf") and path not in house.font_files:
            out.append(_problem(path, f"字体文件指向样式文件夹以外的文件 {path.resolve()}，未使用", "STYLE-UNSAFE"))
        elif path.suffix.lower() == ".ttc":
            out.append(_problem(path, "字体集（.ttc）不会被使用：WeasyPrint 只取其中第一个字体，中文可能显示成"
                                "日文字形；请改用单个字体文件（.ttf/.otf）", "STYLE-FONT", error=False))
        elif path.suffix.lower() in (".ttf", ".otf"):
            try:
                own |= set(file_font(path).families)
            except ReportgenError as exc:
                out.append(_problem(path, exc.message, "STYLE-FONT"))
    # The built-in style's own fonts (Fandol, from scripts/setup.sh) serve every house style.
    own |= {name for path in house.font_files if path.parent.parent != house.folders[0]
            for name in file_font(path).families}
    available = installed_families() | own
    stacks = font_stacks(house.style.fonts, frozenset(own))
    sources = _house_sources(house)
    for role, names in house.style.fonts.items():
        where = _set_by(sources, ("fonts", role))
        missing = [name for name in names if name not in available]
        if not stacks[role]:
            out.append(_problem(where[0], f"fonts.{role} 中的字体都没有安装，也不在 fonts/ 中："
                                f"{'、'.join(names)}", "STYLE-FONT", line=where[1], column=where[2]))
        elif missing and missing[0] == names[0] and where[0] != "":
            out.append(_problem(where[0], f"fonts.{role} 的首选字体“{names[0]}”本机没有，PDF 将使用"
                                f"“{stacks[role][0]}”", "STYLE-FONT", line=where[1], column=where[2],
                                error=False))
    return out


def _house_sources(house: HouseStyle) -> list[Source]:
    """The parsed style.yaml files of the house chain (the built-in one excluded)."""
    from .readers import read_file

    sources = []
    for folder in house.folders[:-1]:
        file = folder / "style.yaml"
        if file.is_file():
            with contextlib.suppress(ReportgenError):  # empty: sets nothing
                sources.append(read_file(file))
    return sources


def _set_by(sources: list[Source], path: tuple[str, ...]) -> tuple[str, int, int]:
    """Return (file, line, column) of the house style.yaml that sets ``path``; ("", 0, 0)
    when only the built-in style does (its official font names are meant to be missing on
    machines that lack them, so they are not reported)."""
    for source in sources:
        if source.get(path) is not None:
            position = source.locate(path)
            return source.name, position.line, position.column
    return "", 0, 0


def _css(house: HouseStyle) -> list[Finding]:
    from .confine import confined_css
    from .writers.pdf import engine, fetcher_class

    weasyprint = engine()
    fetcher = fetcher_class()(house.folders)
    out = []
    sheets = [p / "html" / name for p in house.folders[:-1] for name in ("report.css", "extra.css")]
    for sheet in (s for s in sheets if s.is_file()):
        text, unsafe = confined_css(sheet, house.folders)
        out += unsafe
        with _captured() as messages:  # parsed as built, so nothing is fetched from outside
            weasyprint.CSS(string=text, base_url=str(sheet), url_fetcher=fetcher)
        for message in messages:
            match = re.search(r" at (\d+):(\d+)", message)
            line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
            out.append(_problem(sheet, f"CSS 问题：{message}", "STYLE-CSS", line=line,
                                column=column, error=False))
    return out


def _templates(house: HouseStyle) -> list[Finding]:
    """Unsafe constructs in the house HTML templates, also in branches no sample reaches."""
    from jinja2 import BaseLoader, TemplateSyntaxError

    from .sandbox import environment, scan, unsafe

    env = environment(BaseLoader())
    out = []
    for path in sorted(p for folder in house.folders[:-1] for p in (folder / "html").glob("*")
                       if p.suffix in (".j2", ".html") and p.is_file()):
        try:
            found = scan(env, path.read_text(encoding="utf-8"))
        except (TemplateSyntaxError, UnicodeDecodeError):
            continue  # reported with its line when the samples are rendered
        out += [unsafe(str(path), line, message) for line, message in found]
    return out


def _docx(house: HouseStyle) -> list[Finding]:
    import io

    from docxtpl import DocxTemplate
    from jinja2 import BaseLoader, TemplateSyntaxError, meta

    from .sandbox import environment, scan, unsafe
    from .zipguard import read_zip

    own = next((p / "docx" / "report.docx" for p in house.folders[:-1]
                if (p / "docx" / "report.docx").is_file()), None)
    if own is None:
        return []
    try:
        template = DocxTemplate(io.BytesIO(read_zip(own, what="Word 模板")))
        template.init_docx()
    except InputError as exc:
        return exc.findings
    out = []
    for index, paragraph in enumerate(_paragraph_texts(template), 1):
        where = f"第 {index} 段“{paragraph[:30]}”"
        for match in _SMART_QUOTE.finditer(paragraph):
            out.append(_problem(own, f"{where}：标记 {match.group(0)} 中有中文引号（Word 自动替换的“智能引号”），"
                                "Jinja 只认英文引号 ' 或 \"", "STYLE-DOCX"))
        if paragraph.count("{{") != paragraph.count("}}") or paragraph.count("{%") != paragraph.count("%}"):
            out.append(_problem(own, f"{where}：{{{{ }}}} 或 {{% %}} 标记不完整或被拆开", "STYLE-DOCX"))
    # One paragraph a line, as docxtpl renders it, so that a line names its paragraph.
    body = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.get_xml()))
    env = environment(BaseLoader())
    try:
        names = meta.find_undeclared_variables(env.parse(body))
        found = scan(env, body, word=True)
    except TemplateSyntaxError as exc:
        return [*out, _problem(own, f"模板语法错误：{exc.message}（在含有“{_near(body, exc.lineno)}”的段落）",
                               "STYLE-DOCX")]
    out += [unsafe(str(own), 0, f"{message}（在含有“{_near(body, line)}”的段落）") for line, message in found]
    for name in sorted(names - DOCX_NAMES):
        out.append(_problem(own, f"模板使用了不存在的变量 {name}：可用的变量为 {'、'.join(sorted(DOCX_NAMES))}",
                            "STYLE-DOCX"))
    return out


def _paragraph_texts(template: object) -> list[str]:
    document = template.docx  # type: ignore[attr-defined]
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for table in document.tables for row in table.rows for cell in row.cells
              for p in cell.paragraphs]
    return [t for t in texts if "{" in t or "}" in t]


def _near(xml: str, line: int | None) -> str:
    lines = xml.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[line - 1]) if line and 0 < line <= len(lines) else ""
    return text.strip()[:40]


def _render(house: HouseStyle, sample: Path) -> list[Finding]:
    from .context import build
    from .validation import check_file
    from .writers import render

    checked = check_file(sample)
    if checked.report is None or checked.errors:
        return [_problem(sample, "示例文件本身有错误，无法用来检查样式", "STYLE-SAMPLE", error=False)]
    doc = build(checked.format, checked.report, house.style.title)
    missing = missing_glyphs(doc.texts(), house.style.fonts, house.font_files)
    out = []
    if missing:
        out.append(_problem(house.folders[0] / "style.yaml",
                            f"用 {sample.name} 检查：样式中的字体缺少这些字：{'、'.join(missing)}",
                            "STYLE-GLYPH"))
    with _captured() as messages:
        try:
            render(doc, ("pdf", "docx"), sample.parent, house)
        except InputError as exc:  # an unsafe template or style sheet, a zip over the limits
            out += exc.findings
        except ReportgenError as exc:
            if not missing:
                out.append(_problem(sample, f"用此文件检查时出错：{exc.message}", "STYLE-RENDER"))
    for message in messages:
        out.append(_problem(house.folders[0], f"用 {sample.name} 生成时：{message}", "STYLE-RENDER",
                            error=False))
    return out


class _captured:
    """Collect WeasyPrint's warnings (CSS it ignores, resources it could not read)."""

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.handler = logging.Handler(logging.WARNING)
        self.handler.emit = lambda record: self.messages.append(record.getMessage())  # type: ignore[method-assign]
        self.logger = logging.getLogger("weasyprint")
        self.level = self.logger.level
        self.logger.addHandler(self.handler)
        self.logger.setLevel(logging.WARNING)
        return self.messages

    def __exit__(self, *args: object) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)
