"""House styles: style.yaml, extends, search order, effects on both outputs, style check."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.stylecheck import check, export
from reportgen.styles import StyleError, builtin_templates, load_style
from reportgen.validation import check_file
from reportgen.writers import render

from .helpers import SAMPLES


def _style(folder: Path, yaml: str = "", files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "style.yaml").write_text(yaml, encoding="utf-8")
    for name, text in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _render(folder: Path | None, kinds: tuple[str, ...] = ("pdf", "docx", "html")) -> dict[str, bytes]:
    result = check_file(SAMPLES / "2019.yaml")
    assert result.report is not None
    house = load_style(folder)
    doc = build(result.format, result.report)
    return render(doc, kinds, SAMPLES, house)


def test_search_order_with_one_and_two_levels_of_extends(tmp_path: Path) -> None:
    base = _style(tmp_path / "base", "sizes: {table: 小四}\n")
    middle = _style(tmp_path / "middle", "extends: ../base\nsizes: {body: 小三}\n")
    house = _style(tmp_path / "house", "extends: ../middle\nsizes: {body: 四号}\n")
    assert load_style(middle).folders == (middle.resolve(), base.resolve(), builtin_templates())
    resolved = load_style(house)
    assert resolved.folders == (house.resolve(), middle.resolve(), base.resolve(), builtin_templates())
    assert (resolved.style.sizes["body"], resolved.style.sizes["table"]) == (14.0, 12.0)
    assert resolved.style.sizes["title"] == 22.0  # the built-in default


@pytest.mark.parametrize(("yaml", "message"), [
    ("sizes: {body: 大三}\n", "style.yaml:1:15: 错误：sizes.body：应为字号（如 三号、五号）或带单位的长度（如 16pt、37mm），"
     "实际为 '大三' [STYLE]"),
    ("colour: red\n", "style.yaml:1:1: 错误：colour：未知的样式项，请检查拼写（可用的项见 README“修改版式”一节） [STYLE]"),
    ("page_number: {position: top}\n", "style.yaml:1:25: 错误：page_number.position：应为 outside / center / "
     "right / left 之一，实际为 'top' [STYLE]"),
    ("bold: {title: 3}\nfonts: {body: 仿宋}\n", "style.yaml:1:15: 错误：bold.title：应为 true 或 false，实际为 3 [STYLE]"
     "\nstyle.yaml:2:15: 错误：fonts.body：应为列表（如 [仿宋_GB2312, FangSong]），实际为 '仿宋' [STYLE]"),
])
def test_broken_style_yaml_is_located(tmp_path: Path, yaml: str, message: str) -> None:
    folder = _style(tmp_path / "s", yaml)
    with pytest.raises(StyleError) as info:
        load_style(folder)
    assert "\n".join(f.format().replace(str(folder) + "/", "")
                     for f in info.value.findings) == message


def test_extends_cycle_and_missing_parent(tmp_path: Path) -> None:
    _style(tmp_path / "a", "extends: ../b\n")
    _style(tmp_path / "b", "extends: ../a\n")
    with pytest.raises(StyleError, match="extends 形成了循环"):
        load_style(tmp_path / "a")
    _style(tmp_path / "c", "extends: ../nowhere\n")
    with pytest.raises(StyleError, match="找不到样式文件夹"):
        load_style(tmp_path / "c")


@pytest.mark.slow
def test_a_style_changes_both_outputs(tmp_path: Path) -> None:
    folder = _style(
        tmp_path / "house",
        "page: {margins: {top: 20mm, bottom: 20mm, left: 20mm, right: 20mm}}\n"
        "fonts: {title: [AR PL KaitiM GB]}\nsizes: {table: 小四}\n",
        {"html/report.html.j2": '{% extends "builtin/report.html.j2" %}'
                                "{% block signature %}<p class=\"body\">本单位落款块</p>{% endblock %}"})
    default, house = _render(None), _render(folder)
    # PDF: the title font is embedded; the block replaced the signature; text moved up-left.
    fonts = subprocess.run(["pdffonts", "-"], input=house["pdf"], capture_output=True,
                           check=True).stdout.decode()
    assert "KaitiM" in fonts
    text = subprocess.run(["pdftotext", "-", "-"], input=house["pdf"], capture_output=True,
                          check=True).stdout.decode()
    assert "本单位落款块" in text and "2020年1月16日" not in text

    def first_word_box(pdf: bytes) -> tuple[float, float]:
        html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf,
                              capture_output=True, check=True).stdout.decode()
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"', html)
        assert match
        return float(match.group(1)), float(match.group(2))

    assert first_word_box(house["pdf"])[1] < first_word_box(default["pdf"])[1]  # top 20 < 37 mm
    # DOCX: styles carry the title font and the 小四 table size; the page has the margins.
    archive = zipfile.ZipFile(io.BytesIO(house["docx"]))
    styles = archive.read("word/styles.xml").decode()
    assert 'w:eastAsia="AR PL KaitiM GB"' in styles
    table_style = styles[styles.index('w:styleId="表格文字"'):][:1200]
    assert '<w:sz w:val="24"/>' in table_style
    assert 'w:top="1134"' in archive.read("word/document.xml").decode()  # 20 mm in twips


def test_style_key_in_the_input_is_relative_to_it(tmp_path: Path) -> None:
    from reportgen import pipeline

    folder = _style(tmp_path / "样式", "fonts: {title: [AR PL KaitiM GB]}\n")
    source = tmp_path / "r.yaml"
    source.write_text((SAMPLES / "2024.yaml").read_text(encoding="utf-8") + "style: 样式\n",
                      encoding="utf-8")
    [outcome] = pipeline.build([str(source)], output_dir=str(tmp_path / "out"), kinds=("pdf",))
    fonts = subprocess.run(["pdffonts", str(outcome.written[0])], capture_output=True,
                           check=True).stdout.decode()
    assert "KaitiM" in fonts and folder.is_dir()


def test_style_check_finds_each_kind_of_problem(tmp_path: Path) -> None:
    folder = _style(
        tmp_path / "broken",
        "fonts: {title: [不存在的字体, Noto Serif CJK SC], table: [另一个不存在的字体]}\n",
        {"html/extra.css": "p { colr: red; }\n",
         "html/report.html.j2": '{% extends "builtin/report.html.j2" %}\n{% block title %}\n'
                                "{{ doc.titel }}\n{% endblock %}\n"})
    (folder / "fonts").mkdir()
    (folder / "fonts" / "collection.ttc").write_bytes(b"")
    found = [f.format().replace(str(folder) + "/", "") for f in check(folder, [SAMPLES / "2024.yaml"])]
    assert "fonts/collection.ttc:0:0: 警告：字体集（.ttc）不会被使用：WeasyPrint 只取其中第一个字体，中文可能显示成日文字形；" \
           "请改用单个字体文件（.ttf/.otf） [STYLE-FONT]" in found
    assert "style.yaml:1:52: 错误：fonts.table 中的字体都没有安装，也不在 fonts/ 中：另一个不存在的字体 [STYLE-FONT]" in found
    assert "style.yaml:1:16: 警告：fonts.title 的首选字体“不存在的字体”本机没有，PDF 将使用“Noto Serif CJK SC” [STYLE-FONT]" in found
    assert not [f for f in found if "fonts.body" in f]  # set by the built-in style only
    css = [f for f in found if f.startswith("html/extra.css:1:5:")]
    assert css and "colr" in css[0]
    template = [f for f in found if "STYLE-RENDER" in f and "report.html.j2:3" in f]
    assert template and "titel" in template[0]


def test_style_check_catches_word_smart_quotes_and_unknown_names(tmp_path: Path) -> None:
    import docx

    folder = _style(tmp_path / "word")
    export(tmp_path / "exported", with_docx=True)
    template = tmp_path / "exported" / "docx" / "report.docx"
    document = docx.Document(str(template))
    document.add_paragraph("{{ doc.agency | replace(“局”, “厅”) }}")
    document.add_paragraph("{{ agency_name }}")
    (folder / "docx").mkdir()
    document.save(str(folder / "docx" / "report.docx"))
    found = [f.format() for f in check(folder, [])]
    assert any("中有中文引号" in f and "STYLE-DOCX" in f for f in found), found
    assert any("不存在的变量 agency_name" in f for f in found), found


def test_a_style_cannot_read_files_outside_its_folders(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.errors import InputError
    from reportgen.writers import pdf

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not really")
    folder = _style(tmp_path / "house", "", {"html/extra.css": (
        f'@page {{ @top-left {{ content: url("{secret.as_uri()}"); }} }}\n'
        'p { background: url("../../secret.png"); } div { background: url("http://127.0.0.1:9/x.png"); }\n')})
    with pytest.raises(InputError) as info:  # refused before WeasyPrint sees the sheet
        _render(folder, ("pdf",))
    assert [(f.line, f.column, f.rule) for f in info.value.findings] == [
        (1, 34, "STYLE-UNSAFE"), (2, 21, "STYLE-UNSAFE"), (2, 66, "STYLE-UNSAFE")]
    refused: list[str] = []

    def spy(url: str) -> None:
        refused.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(pdf, "_refuse", spy)  # the URL fetcher refuses what HTML names directly
    html = f'<img src="{secret.as_uri()}"><p>正文</p>'
    assert pdf.render(html, folder, load_style(folder).folders).startswith(b"%PDF")
    assert secret.as_uri() in refused


def test_export_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    from reportgen.errors import UsageError

    export(tmp_path / "s")
    with pytest.raises(UsageError, match="已存在且不是空文件夹"):
        export(tmp_path / "s")
    exported = (tmp_path / "s" / "style.yaml").read_text(encoding="utf-8")
    assert load_style(tmp_path / "s").style == load_style().style  # all commented: no change
    uncommented = "\n".join(line[2:] if line.startswith("# ") and not line.startswith("# 本单位")
                            and not line.startswith("# 例如") else line for line in exported.splitlines())
    assert "sizes:\n  title: 二号" in uncommented


def test_an_input_can_only_name_a_real_style_folder(tmp_path: Path) -> None:
    from reportgen import pipeline

    source = tmp_path / "r.yaml"
    source.write_text((SAMPLES / "2024.yaml").read_text(encoding="utf-8") + "style: /etc\n",
                      encoding="utf-8")
    (tmp_path / "空").mkdir()
    (tmp_path / "r2.yaml").write_text(source.read_text(encoding="utf-8").replace("style: /etc", "style: 空"),
                                      encoding="utf-8")
    outcomes = list(pipeline.build([str(source), str(tmp_path / "r2.yaml")], output_dir=str(tmp_path / "out"),
                                   kinds=("docx",)))
    assert [o.written for o in outcomes] == [[], []]
    assert [f.message for o in outcomes for f in o.errors] == [
        "style: /etc 不在本文件所在的文件夹中：输入文件只能指定它所在文件夹（或其子文件夹）中的样式，不能用绝对路径或 ..；"
        "其他位置的样式请在命令行用 --style 指定",
        f"style: 空 不是样式文件夹（{tmp_path / '空'} 中没有 style.yaml）；可用 reportgen style export 生成样式文件夹"]
