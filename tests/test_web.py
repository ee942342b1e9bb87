"""The web page (--to web): structure, table headers, self-containment, the CMS fragment, the
batch index, and the real clients: the Nu HTML Checker and axe-core in headless chromium."""

from __future__ import annotations

import html
import itertools
import json
import re
import subprocess
from functools import cache
from pathlib import Path

import lxml.html
import pytest

from reportgen.context import Document, build
from reportgen.errors import ReportgenError, UsageError
from reportgen.grid import Cell, Grid
from reportgen.styles import load_style
from reportgen.validation import check_file
from reportgen.writers import check_kinds, output_name, web

from .helpers import GOV2021, ROOT, SAMPLES, check

SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))
NODE = ROOT / "tests" / "node" / "node_modules"
AXE = NODE / "axe-core" / "axe.min.js"
VNU = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"


@cache
def _doc(path: Path) -> Document:
    result = check_file(path)
    assert result.report is not None
    return build(result.format, result.report)


@cache
def _page(path: Path) -> str:
    return web.render(_doc(path)).decode("utf-8")


def _tree(text: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(text)


def _gov2021() -> Document:
    result = check(GOV2021)
    assert result.report is not None
    return build(result.format, result.report)


# --------------------------------------------------------------------------------------------
# Structure


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_page_language_title_and_headings_in_order(path: Path) -> None:
    doc = _doc(path)
    tree = _tree(_page(path))
    assert tree.get("lang") == "zh-CN"
    headings = [(int(h.tag[1]), h.text_content()) for h in tree.iter("h1", "h2", "h3", "h4", "h5")]
    assert headings[0] == (1, doc.title) and [h for h in headings if h[0] == 1] == [headings[0]]
    expected = [s.heading for s in doc.sections] + [a.title for a in doc.attachments]
    assert [text for level, text in headings if level == 2] == expected
    levels = [level for level, _ in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no level skipped


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_data_cell_names_header_cells_of_its_own_table(path: Path) -> None:
    tree = _tree(_page(path))
    tables = tree.findall(".//table")
    assert len(tables) == len(web.tables(_doc(path)))
    for table in tables:
        caption = table.find("caption")
        assert caption is not None and caption.text_content()
        ids = {th.get("id") for th in table.iter("th")}
        assert all(th.get("scope") in ("col", "colgroup", "row", "rowgroup") for th in table.iter("th"))
        for td in table.iter("td"):
            if td.get("class") == "rg-number":
                assert td.get("headers"), lxml.html.tostring(td)
            assert set((td.get("headers") or "").split()) <= ids
        assert table.getparent().get("class") == "rg-table-wrap"


def test_table_three_cells_name_their_applicant_column_and_row_labels() -> None:
    tree = _tree(web.render(_gov2021()).decode())
    table = tree.find_class("rg-table-applications")[0]
    by_id = {th.get("id"): th.text_content() for th in table.iter("th")}
    first = table.find("tbody/tr/td")
    names = [by_id[i] for i in first.get("headers").split()]
    assert names == ["申请人情况", "自然人", "一、本年新收政府信息公开申请数量"]
    assert first.text_content() == "5"


def test_a_row_label_names_its_column_header() -> None:
    grid = Grid(((Cell("指标", kind="head"), Cell("数量", kind="head")),),
                ((Cell("甲"), Cell("1", kind="number")),), (1.0, 1.0), "t")
    table = web.web_table(grid, "表", "x")
    assert [(c.tag, c.scope) for c in table.head[0]] == [("th", "col"), ("th", "col")]
    assert [(c.tag, c.scope, c.headers) for c in table.body[0]] == [
        ("th", "row", "x-r1c1"), ("td", "", "x-r1c2 x-r2c1")]


def test_the_page_needs_nothing_from_anywhere() -> None:
    page = _page(SAMPLES / "2024.yaml")
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"""(src|href)=|url\(|@import""", page)


def test_house_extra_css_comes_last_and_its_files_are_embedded(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "logo.png").write_bytes(b"PNG")
    (tmp_path / "web" / "extra.css").write_text(
        '.rg-report h1 { background: url("logo.png"); }', encoding="utf-8")
    css = web.stylesheet(load_style(tmp_path))
    assert css.endswith('.rg-report h1 { background: url("data:image/png;base64,UE5H"); }')
    (tmp_path / "web" / "extra.css").write_text("a { background: url(https://x.cn/a.png) }",
                                                encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        web.stylesheet(load_style(tmp_path))
    assert caught.value.message == (
        f"{tmp_path / 'web' / 'extra.css'}: 网页须自成一体，样式表只能引用其所在文件夹中的文件，"
        "不能引用 https://x.cn/a.png")


def test_every_rule_of_the_builtin_css_is_scoped_to_the_report() -> None:
    css = (ROOT / "templates" / "web" / "web.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = re.findall(r"([^{}]+)\{[^{}]*\}", re.sub(r"@media[^{]*\{", "", css))
    for group in selectors:
        for selector in group.split(","):
            assert selector.strip().startswith(".rg-report"), selector


def test_the_fragment_is_the_style_sheet_and_the_article() -> None:
    fragment = web.render(_gov2021(), fragment=True).decode()
    assert fragment.startswith("<style>") and fragment.rstrip().endswith("</article>")
    assert "<html" not in fragment and "<head" not in fragment and "<body" not in fragment
    assert '<article class="rg-report rg-format-gov2021" lang="zh-CN">' in fragment


def test_the_page_metadata() -> None:
    tree = _tree(_page(SAMPLES / "2019.yaml"))
    meta = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    assert tree.findtext(".//title") == "清河县教育局2019年政府信息公开工作年度报告"
    assert meta["author"] == "清河县教育局"
    assert meta["description"] == "政府信息公开工作年度报告"
    assert meta["keywords"] == "政府信息公开,年度报告,清河县教育局,2019年"
    assert meta["dcterms.created"] == "2020-01-16"


def test_input_text_is_escaped() -> None:
    result = check(GOV2021.replace("problems: 存在的问题。", "problems: 甲<script>&乙"))
    assert result.report is not None
    page = web.render(build(result.format, result.report)).decode()
    assert "甲&lt;script&gt;&amp;乙" in page and "<script" not in page


def test_output_names_and_kinds() -> None:
    assert output_name("2019", "web") == "web/2019.html"
    assert output_name("2019", "web-fragment") == "web/2019.fragment.html"
    assert output_name("2019", "pdf") == "2019.pdf"
    with pytest.raises(UsageError) as caught:
        check_kinds(("pdf", "web-fragment"))
    assert caught.value.message == "--web-fragment 需与 --to web 一起使用，如 --to web --web-fragment"


def test_the_index_lists_reports_by_agency_then_newest_year() -> None:
    entries = [web.IndexEntry("乙局2019年报告", "乙局", 2019, "b.html"),
               web.IndexEntry("甲局2018年报告", "甲局", 2018, "a18.html"),
               web.IndexEntry("甲局2019年报告", "甲局", 2019, "a19.html")]
    tree = _tree(web.render_index(entries).decode())
    links = [(a.get("href"), a.text_content()) for a in tree.iter("a")]
    # By agency name (code point order: 乙 U+4E59 before 甲 U+7532), then newest year first.
    assert links == [("b.html", "乙局2019年报告"), ("a19.html", "甲局2019年报告"),
                     ("a18.html", "甲局2018年报告")]
    assert tree.findtext(".//h1") == "政府信息公开工作年度报告"


def web_texts(page: str) -> list[str]:
    """The page's printed text in reading order (captions repeat headings: left out)."""
    article = _tree(page).find(".//article")
    for caption in article.iter("caption"):
        caption.drop_tree()
    return [el.text_content() for el in article.iter("h1", "h2", "h3", "h4", "h5", "p", "th", "td")
            if el.text_content()]


# --------------------------------------------------------------------------------------------
# Real clients


@pytest.mark.slow
def test_pages_and_fragments_are_valid_html(tmp_path: Path) -> None:
    files = []
    for path in SAMPLE_FILES:
        page = tmp_path / f"{path.stem}.html"
        page.write_text(_page(path), encoding="utf-8")
        fragment = web.render(_doc(path), fragment=True).decode()
        host = tmp_path / f"{path.stem}.cms.html"  # a CMS page the fragment is pasted into
        host.write_text('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
                        f"<title>专栏</title></head><body>\n{fragment}</body></html>", encoding="utf-8")
        files += [page, host]
    index = tmp_path / "index.html"
    index.write_bytes(web.render_index([web.IndexEntry("甲", "甲", 2019, "a.html")]))
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--also-check-css",
                          *map(str, [*files, index])], capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (0, "")


def in_chromium(page: str, script: str, folder: Path, width: int = 375) -> object:
    """Open ``page`` in headless chromium in a viewport ``width`` px wide, run ``script``
    (which ends by calling ``report(value)``) in it, and return that value.

    Headless chromium's window is at least 500 px wide, so the page is shown in an iframe of
    exactly ``width`` px (its viewport, for media queries too); ``srcdoc`` keeps it same-origin
    with the host page, into which the result is written.
    """
    runner = ("<script>function report(value) { var out = parent.document.createElement('pre');"
              "out.id = 'test-results'; out.textContent = JSON.stringify(value);"
              f"parent.document.body.appendChild(out); }}\n{script}</script>")
    framed = html.escape(page.replace("</body>", runner + "</body>"), quote=True)
    target = folder / "host.html"
    target.write_text('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>host</title>'
                      f"<style>body {{ margin: 0 }} iframe {{ border: 0; width: {width}px; height: 800px }}"
                      f'</style></head><body><iframe title="page" srcdoc="{framed}"></iframe></body></html>',
                      encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          f"--window-size={max(width, 500)},800", "--virtual-time-budget=20000",
                          "--dump-dom", target.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    found = re.search(r'<pre id="test-results">(.*?)</pre>', dom, re.S)
    assert found, "the script in chromium did not finish"
    return json.loads(html.unescape(found.group(1)))


def axe_violations(page: str, folder: Path, width: int = 375) -> list[dict[str, object]]:
    """Run axe-core on ``page`` in headless chromium at ``width`` px; return its violations."""
    script = AXE.read_text(encoding="utf-8") + "\naxe.run(document).then(function (r) { report(r.violations); });"
    violations = in_chromium(page, script, folder, width)
    assert isinstance(violations, list)
    return violations


@pytest.mark.slow
def test_on_a_phone_only_the_tables_scroll_sideways(tmp_path: Path) -> None:
    script = """var root = document.documentElement;
        report({viewport: window.innerWidth, overflow: root.scrollWidth - root.clientWidth,
        tables: Array.from(document.querySelectorAll('.rg-table-wrap')).map(function (w) {
            return w.scrollWidth > w.clientWidth; })});"""
    result = in_chromium(_page(SAMPLES / "2024.yaml"), script, tmp_path)
    # The page fits the 375 px screen; table 二 too, tables 三 and 四 scroll in their frame.
    assert result == {"viewport": 375, "overflow": 0, "tables": [False, True, True]}


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_axe_finds_no_violation(path: Path, tmp_path: Path) -> None:
    assert [(v["id"], v["nodes"]) for v in axe_violations(_page(path), tmp_path)] == []


@pytest.mark.slow
def test_axe_finds_no_violation_on_the_index_and_a_wide_screen(tmp_path: Path) -> None:
    index = web.render_index([web.IndexEntry("甲局报告", "甲局", 2019, "a.html")]).decode()
    assert axe_violations(index, tmp_path) == []
    assert axe_violations(_page(SAMPLES / "2024.yaml"), tmp_path, width=1280) == []


@pytest.mark.slow
def test_build_to_web_writes_pages_and_an_index(tmp_path: Path) -> None:
    run = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "reportgen"), "build", str(SAMPLES / "2019.yaml"),
         str(SAMPLES / "2024.yaml"), "-o", str(tmp_path), "--to", "web", "--web-fragment"],
        capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "web").iterdir()) == [
        "2019.fragment.html", "2019.html", "2024.fragment.html", "2024.html", "index.html"]
    assert f"已生成网页目录 {tmp_path / 'web' / 'index.html'}" in run.stdout
    links = [a.get("href") for a in _tree((tmp_path / "web" / "index.html").read_text()).iter("a")]
    assert links == ["2024.html", "2019.html"]
