"""``reportgen edit`` end to end: the real command, driven in Debian's headless chromium."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import SAMPLES

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                       "(bash scripts/test-deps.sh installs it)"),
]
# The flags keep chromium from calling home on a machine with no network (each refused
# connection would otherwise slow it down).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT = 15_000  # ms; checks answer in well under a second, a PDF build takes a few seconds
playwright.expect.set_options(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


class Editor:
    """A running ``reportgen edit`` on a copy of the 2024 sample."""

    def __init__(self, folder: Path, sample: str = "2024.yaml") -> None:
        self.path = folder / Path(sample).name
        shutil.copy(SAMPLES / sample, self.path)
        self.output = folder / "output"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "edit", str(self.path), "--no-browser",
             "-o", str(self.output)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("编辑地址：http://127.0.0.1:"), line + self.process.stderr.read()
        self.url = line.strip().removeprefix("编辑地址：")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=20)
        return err


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    running = Editor(tmp_path)
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture
def page(browser: object, editor: Editor) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT)
    tab.goto(editor.url)
    playwright.expect(tab.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
    yield tab
    context.close()


def _cell(page: object, path: str) -> object:
    return page.locator(f'input[data-path="{path}"]')  # type: ignore[attr-defined]


def test_fill_check_save_and_build(page: object, editor: Editor) -> None:
    expect = playwright.expect
    before = editor.path.read_text(encoding="utf-8")
    cell = _cell(page, "applications.carried_forward[0]")
    cell.fill("2")  # type: ignore[attr-defined]
    td = page.locator("td:has(input[data-path='applications.carried_forward[0]'])")  # type: ignore[attr-defined]
    expect(td).to_have_class("cell error")
    expect(td).to_have_attribute("data-rule", "T3-1")
    finding = page.locator("li.finding[data-rule='T3-1']")  # type: ignore[attr-defined]
    expect(finding.locator(".message")).to_have_text(
        "错误：四、结转下年度继续办理 · 自然人：“自然人”一列不平衡：第一项加第二项之和 5 + 0 = 5，"
        "第三项加第四项之和 4 + 2 = 6，两者应相等（相差 1） [T3-1]")
    expect(page.locator("#rg-summary")).to_have_text("1 个错误，1 个警告")  # type: ignore[attr-defined]
    # The rule's entry opens at the finding (as reportgen explain prints it), without leaving
    # for the cell, and stays open while the form is checked again.
    entry = finding.locator("details p")
    expect(entry).to_be_hidden()
    finding.locator("summary").click()
    expect(entry).to_have_text(re.compile(r"^T3-1：表三每列平衡：.*\n检查什么：.*\n怎样改：逐列核对", re.S))
    expect(cell).not_to_be_focused()
    page.locator("textarea[data-path='other_matters']").fill("本年度未收取信息处理费。")  # type: ignore[attr-defined]
    page.locator("textarea[data-path='other_matters']").blur()  # type: ignore[attr-defined]
    expect(finding.locator("details")).to_have_attribute("open", "")
    # A 规则说明 with the keyboard focus keeps it when the list is drawn anew by a check.
    finding.locator("summary").focus()
    finding.evaluate("li => { li.dataset.old = 'yes'; }")
    page.evaluate("""() => {  // typed elsewhere without moving the focus
        const box = document.querySelector("textarea[data-path='other_matters']");
        box.value = "本年度未收取信息处理费。另：无。";
        box.dispatchEvent(new Event("input", {bubbles: true}));
    }""")  # type: ignore[attr-defined]
    expect(finding).not_to_have_attribute("data-old", "yes")  # drawn anew
    expect(finding.locator("summary")).to_be_focused()
    finding.locator(".message").click()
    expect(cell).to_be_focused()
    # the row's total (greyed, computed) follows the typing
    expect(td.locator("xpath=following-sibling::td[last()]")).to_have_text("2")  # type: ignore[attr-defined]
    cell.fill("1")  # type: ignore[attr-defined]
    expect(finding).to_have_count(0)
    expect(td).to_have_class("cell")

    narrative = page.locator("textarea[data-path='other_matters']")  # type: ignore[attr-defined]
    narrative.fill("本年度未收取信息处理费。\n\n另：本年度承办建议提案10件。")
    page.locator("#rg-save").click()  # type: ignore[attr-defined]
    expect(page.locator("#rg-status")).to_have_text("已保存 2024.yaml")  # type: ignore[attr-defined]
    after = editor.path.read_text(encoding="utf-8")
    head = before.split("other_matters: |\n")[0]
    assert after == head + "other_matters: |\n  本年度未收取信息处理费。\n\n  另：本年度承办建议提案10件。\n"

    page.locator("#rg-build-pdf").click()  # type: ignore[attr-defined]
    link = page.locator("#rg-files a")  # type: ignore[attr-defined]
    expect(link).to_have_text("下载 2024.pdf", timeout=120_000)
    pdf = editor.output / "2024.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    base = editor.url.split("/?")[0]
    served = page.request.get(base + link.get_attribute("href"))  # type: ignore[attr-defined]
    assert served.body() == pdf.read_bytes()
    # the preview pane shows that same file
    expect(page.locator("#rg-preview")).to_have_attribute("src", base + link.get_attribute("href"))  # type: ignore[attr-defined]
    assert editor.stop().endswith("编辑服务已停止\n")
    assert editor.process.returncode == 0


def test_a_file_changed_on_disk_is_reported(page: object, editor: Editor) -> None:
    expect = playwright.expect
    page.locator("input[data-path='agency']").fill("清河县教育体育局")  # type: ignore[attr-defined]
    with editor.path.open("a", encoding="utf-8") as handle:
        handle.write("# 另一人的补充\n")
    page.locator("#rg-save").click()  # type: ignore[attr-defined]
    expect(page.locator("#rg-conflict-text")).to_have_text(  # type: ignore[attr-defined]
        "2024.yaml 在表单打开后被其他程序修改过。可以重新载入文件（放弃表单中的修改），或用表单内容覆盖。")
    assert "清河县教育体育局" not in editor.path.read_text(encoding="utf-8")
    page.locator("#rg-overwrite").click()  # type: ignore[attr-defined]
    expect(page.locator("#rg-status")).to_have_text("已保存 2024.yaml")  # type: ignore[attr-defined]
    text = editor.path.read_text(encoding="utf-8")
    assert "agency: 清河县教育体育局\n" in text and text.endswith("# 另一人的补充\n")

    editor.path.write_text(text.replace("清河县教育体育局", "清河县教育局"), encoding="utf-8")
    page.locator("input[data-path='agency']").fill("别的名字")  # type: ignore[attr-defined]
    page.locator("#rg-save").click()  # type: ignore[attr-defined]
    page.locator("#rg-reload").click()  # type: ignore[attr-defined]
    expect(page.locator("input[data-path='agency']")).to_have_value("清河县教育局")  # type: ignore[attr-defined]


def test_keyboard_paste_and_drafts(page: object, editor: Editor) -> None:
    expect = playwright.expect
    first = _cell(page, "applications.received[0]")
    first.focus()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    expect(_cell(page, "applications.carried_over[0]")).to_be_focused()
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    expect(_cell(page, "applications.carried_over[1]")).to_be_focused()
    # A block copied from Excel/WPS: tab-separated cells, one line a row.
    _cell(page, "applications.received[0]").evaluate(
        """el => { const data = new DataTransfer(); data.setData('text/plain', '7\\t2\\r\\n1\\t0\\r\\n');
                   el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                                 cancelable: true})); }""")
    expect(_cell(page, "applications.received[1]")).to_have_value("2")
    expect(_cell(page, "applications.carried_over[0]")).to_have_value("1")
    expect(page.locator("li.finding[data-rule='T3-1']").first).to_be_visible()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    expect(page.locator("#rg-status")).to_have_text("已恢复上次未保存的修改")  # type: ignore[attr-defined]
    expect(_cell(page, "applications.received[0]")).to_have_value("7")


def test_sub_headings_are_added_moved_and_removed(page: object, editor: Editor) -> None:
    expect = playwright.expect
    before = editor.path.read_text(encoding="utf-8")
    page.locator("button[data-add='problems']").click()  # type: ignore[attr-defined]
    title = page.locator("input[data-path='problems.sections[1].title']")  # type: ignore[attr-defined]
    expect(page.locator("li.finding[data-path='problems.sections[1].title']")).to_have_count(1)  # type: ignore[attr-defined]
    title.fill("下一步工作")
    page.locator("textarea[data-path='problems.sections[1].text']").fill("2025年3月底前由办公室修订栏目巡查制度。")  # type: ignore[attr-defined]
    # Numbered as the report prints them, and renumbered when they move.
    numbers = page.locator("section.part:has([data-add='problems']) .sub-head .number")  # type: ignore[attr-defined]
    expect(numbers).to_have_text(["（一）", "（二）"])
    expect(title).to_have_attribute("aria-label", "小标题（二）")
    expect(page.locator("textarea[data-path='problems.intro']")).to_have_attribute(  # type: ignore[attr-defined]
        "placeholder", "开头一段，印在各小标题之前（可不填）")
    page.locator("button[data-move='problems.sections[1]']").first.click()  # type: ignore[attr-defined]
    expect(page.locator("input[data-path='problems.sections[0].title']")).to_have_value("下一步工作")  # type: ignore[attr-defined]
    expect(page.locator("input[data-path='problems.sections[0].title']")).to_have_attribute(  # type: ignore[attr-defined]
        "aria-label", "小标题（一）")
    page.locator("button[data-remove='problems.sections[1]']").click()  # type: ignore[attr-defined]
    expect(page.locator("input[data-path='problems.sections[1].title']")).to_have_count(0)  # type: ignore[attr-defined]
    expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")  # type: ignore[attr-defined]
    page.keyboard.press("Control+s")  # type: ignore[attr-defined]
    expect(page.locator("#rg-status")).to_have_text("已保存 2024.yaml")  # type: ignore[attr-defined]
    # The one sub-heading left took the place of the old one: written over it, in place.
    old = before.split("    - title: 改进情况\n      text: |\n")[1].split("\n")[0]
    assert editor.path.read_text(encoding="utf-8") == before.replace(
        "    - title: 改进情况\n      text: |\n" + old,
        "    - title: 下一步工作\n      text: |\n        2025年3月底前由办公室修订栏目巡查制度。")


def test_without_the_token_the_server_refuses(browser: object, editor: Editor) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    reply = context.new_page().goto(editor.url.split("?")[0])
    assert reply.status == 403
    assert "缺少或错误的令牌" in reply.text()
    context.close()


def test_a_new_file_is_created_and_the_address_is_the_only_output(tmp_path: Path) -> None:
    target = tmp_path / "2025.yaml"
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "edit", str(target), "--agency", "示例县教育局",
         "--year", "2025", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    line = process.stdout.readline()
    url = line.strip().removeprefix("编辑地址：")
    with urllib.request.urlopen(url, timeout=20) as reply:  # the server answers, then Ctrl-C
        assert reply.status == 200
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert line.startswith("编辑地址：http://127.0.0.1:") and "/?token=" in line and out == ""
    assert err == f"已新建 {target}\n按 Ctrl+C 停止编辑服务\n编辑服务已停止\n"
    assert process.returncode == 0
    assert "agency: 示例县教育局\n" in target.read_text(encoding="utf-8")


def test_a_legacy_report_gets_a_new_part(browser: object, tmp_path: Path) -> None:
    expect = playwright.expect
    editor = Editor(tmp_path, "seeds/xiangqiao-2017.yaml")
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(editor.url)
        expect(page.locator("p.nested")).to_have_text(
            "此小标题下还有 3 个下级小标题，保存时原样保留；如需修改请直接编辑文件。")
        parts = page.locator("input.part-title")
        count = parts.count()
        page.locator("button[data-add-part='sections']").click()
        expect(parts).to_have_count(count + 1)
        title = page.locator(f"input[data-path='sections[{count}].title']")
        expect(page.locator(f"li.finding[data-path='sections[{count}].title']")).to_have_count(1)
        title.fill("其他需要报告的事项")
        page.locator(f"textarea[data-path='sections[{count}].text']").fill("无。")
        page.locator("#rg-save").click()
        expect(page.locator("#rg-status")).to_have_text("已保存 xiangqiao-2017.yaml")
        text = editor.path.read_text(encoding="utf-8")
        assert text.startswith("# 种子文档 003（湘桥区教育局 2017 年报告）")
        assert "  - title: 其他需要报告的事项\n    text: 无。\n" in text
        assert "          - title: 发挥政府网站主阵地作用\n" in text  # the nested ones, kept
        page.close()
    finally:
        editor.stop()


def test_a_script_in_a_narrative_stays_text(browser: object, tmp_path: Path) -> None:
    expect = playwright.expect
    editor = Editor(tmp_path)
    text = editor.path.read_text(encoding="utf-8")
    editor.path.write_text(text.replace('agency: 清河县教育局', 'agency: "<img src=x onerror=alert(1)>"')
                           .replace("other_matters: |\n", "other_matters: |\n  <script>alert(1)</script>\n"),
                           encoding="utf-8")
    dialogs: list[str] = []
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(editor.url)
        expect(page.locator("textarea[data-path='other_matters']")).to_have_value(
            "<script>alert(1)</script>\n本年度未收取信息处理费，未发出收费通知。本年度承办县人大代表建议4件、"
            "政协委员提案6件，办理结果均已公开。\n")
        expect(page.locator("input[data-path='agency']")).to_have_value("<img src=x onerror=alert(1)>")
        page.locator("input[data-path='agency']").fill("清河县教育局")
        assert page.evaluate("window.reportgenEdit.isDirty()") is True  # beforeunload would warn
        page.locator("#rg-save").click()
        expect(page.locator("#rg-status")).to_have_text("已保存 2024.yaml")
        assert page.evaluate("window.reportgenEdit.isDirty()") is False
        assert dialogs == []
        page.close()
    finally:
        editor.stop()


SCRATCH_TEXTS = [
    "全年主动公开政府信息126条，其中招生入学政策18条，均在发布前由办公室审核。",
    "全年收到政府信息公开申请3件，均在法定期限内答复，其中予以公开2件。",
    "修订本局政府信息公开指南1次，按季度更新政府信息公开目录，全年更新4次。",
    "门户网站政府信息公开专栏全年更新信息126条，栏目巡查12次。",
    "将政府信息公开工作纳入年度绩效考核，全年开展业务培训2次。",
]


def test_a_report_from_scratch_in_the_form_alone(browser: object, tmp_path: Path) -> None:
    """The README guide: a new file, filled in the form only (no YAML typed), built to DOCX and PDF."""
    expect = playwright.expect
    target = tmp_path / "2025.yaml"
    output = tmp_path / "output"
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "edit", str(target), "--agency", "示例县教育局",
         "--year", "2025", "--no-browser", "-o", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    url = process.stdout.readline().strip().removeprefix("编辑地址：")
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
        page.goto(url)
        # The scaffold's empty narratives and its empty date (D-MISSING) are the only errors.
        expect(page.locator("#rg-summary")).to_have_text("8 个错误，0 个警告")
        page.locator("input[data-path='published']").fill("2026-01-20")
        for index, text in enumerate(SCRATCH_TEXTS):
            page.locator(f"textarea[data-path='overview.sections[{index}].text']").fill(text)
        # A number typed with its unit: a finding at that cell that says what to do.
        cell = _cell(page, "applications.received[0]")
        cell.fill("3件")
        td = page.locator("td:has(input[data-path='applications.received[0]'])")
        expect(td).to_have_class("cell error")
        expect(td).to_have_attribute("data-rule", "VALUE")
        expect(cell).to_have_attribute("aria-invalid", "true")
        expect(page.locator("li.finding[data-path='applications.received[0]'] .message")).to_have_text(
            "错误：一、本年新收政府信息公开申请数量 · 自然人：应为整数，实际为文本 “3件”"
            "（只填数字，不带单位、逗号、空格或其他文字） [VALUE]")
        # The finding is reached by keyboard too, and Enter leads to its cell.
        page.locator("li.finding[data-path='applications.received[0]']").focus()
        page.keyboard.press("Enter")
        expect(cell).to_be_focused()
        cell.fill("3")
        expect(td).to_have_class("cell")
        _cell(page, "applications.results.disclosed[0]").fill("2")
        _cell(page, "applications.results.unavailable.not_held[0]").fill("1")
        page.locator("textarea[data-path='problems']").fill(
            "部分栏目更新不够及时。2026年3月底前由办公室修订栏目巡查制度，每月通报更新情况。")
        page.locator("textarea[data-path='other_matters']").fill("本年度未收取信息处理费。")
        expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
        page.locator("#rg-build-docx").click()  # saves first, then builds
        expect(page.locator("#rg-files a")).to_have_text("下载 2025.docx", timeout=120_000)
        page.locator("#rg-build-pdf").click()
        expect(page.locator("#rg-files a")).to_have_text("下载 2025.pdf", timeout=120_000)
        page.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
    assert (output / "2025.docx").read_bytes().startswith(b"PK")
    assert (output / "2025.pdf").read_bytes().startswith(b"%PDF")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# 示例县教育局2025年政府信息公开工作年度报告：输入文件\n")
    assert "  received: [3, 0, 0, 0, 0, 0]                    # 一、本年新收政府信息公开申请数量\n" in text
    assert "published: 2026-01-20" in text
    checked = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(target)],
                             capture_output=True, text=True, encoding="utf-8", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"


def test_a_phone_wide_window_scrolls_the_tables_not_the_page(browser: object, editor: Editor) -> None:
    expect = playwright.expect
    # axe is put in by the test, so the page's own policy (no inline scripts) is bypassed for it
    context = browser.new_context(viewport={"width": 390, "height": 844},  # type: ignore[attr-defined]
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(editor.url)
    expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
    if AXE.exists():  # tests/node is installed wherever yaml-language-server is (test_schemas)
        _cell(page, "applications.carried_forward[0]").fill("x")  # findings shown, a cell marked
        expect(page.locator("#rg-summary")).to_have_text("1 个错误，0 个警告")
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate("axe.run(document).then(r => r.violations.map(v => [v.id, v.help]))")
        assert violations == []
        _cell(page, "applications.carried_forward[0]").fill("1")
        expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    wrap = page.locator(".table-wrap:has(table.applications)")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls sideways by itself
    # What a person reads: the kind of organ in Chinese, the default title spelled out.
    expect(page.locator("select[data-path='organ_kind'] option:checked")).to_have_text("部门")
    expect(page.locator("input[data-path='title']")).to_have_attribute(
        "placeholder", "缺省为“清河县教育局2024年政府信息公开工作年度报告”")
    context.close()


def test_a_typed_total_that_disagrees_is_marked(browser: object, tmp_path: Path) -> None:
    expect = playwright.expect
    editor = Editor(tmp_path)
    text = editor.path.read_text(encoding="utf-8")
    editor.path.write_text(text.replace("received:       [5, 1, 0, 0, 0, 0]",
                                        "received:       [5, 1, 0, 0, 0, 0, 6]"), encoding="utf-8")
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(editor.url)
        expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
        total = page.locator("td:has(input[data-path='applications.received[6]'])")
        expect(total).to_have_class("cell")
        _cell(page, "applications.received[1]").fill("2")  # the typed 6 no longer adds up
        expect(total).to_have_class(re.compile(r"\bmismatch\b"))
        expect(page.locator("li.finding[data-path='applications.received[6]']")).to_have_count(1)
        _cell(page, "applications.received[6]").fill("7")
        expect(total).not_to_have_class(re.compile(r"\bmismatch\b"))
        page.close()
    finally:
        editor.stop()


def test_leaving_with_unsaved_changes_asks_first(browser: object, editor: Editor) -> None:
    expect = playwright.expect
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(editor.url)
    expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))  # "stay"
    page.locator("input[data-path='agency']").click()
    page.keyboard.type("x")  # typed by a person: browsers ask only after a real gesture
    expect(page.locator("#rg-status")).to_have_text("有未保存的修改")
    with pytest.raises(playwright.Error):  # the navigation is called off by "stay on the page"
        page.goto("about:blank", timeout=5_000)
    assert asked == ["beforeunload"] and page.url == editor.url
    page.locator("#rg-save").click()
    expect(page.locator("#rg-status")).to_have_text("已保存 2024.yaml")
    page.goto("about:blank")  # saved: it leaves without asking
    assert asked == ["beforeunload"]
    page.close()


def test_the_unit_free_amount_takes_its_unit_and_says_so(browser: object, tmp_path: Path) -> None:
    expect = playwright.expect
    running = Editor(tmp_path, "2019.yaml")
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(running.url)
        expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
        cell = _cell(page, "active_disclosure.procurement.amount")
        expect(cell).to_have_value("3865200元")
        expect(cell).to_have_attribute("placeholder", "可带单位：元或万元")
        expect(cell).to_have_attribute("title", "政府集中采购 · 采购总金额（可带单位：元或万元）")
        # other number cells take no unit and show no hint
        expect(_cell(page, "active_disclosure.procurement.projects")).not_to_have_attribute(
            "placeholder", "可带单位：元或万元")
        cell.fill("约5万元")  # type: ignore[attr-defined]
        finding = page.locator("li.finding[data-rule='VALUE']")
        expect(finding.locator(".message")).to_have_text("错误：政府集中采购 · 采购总金额：应为金额数字，或数字紧跟单位“元”或“万元”"
                                     "（如 251000元，不加空格和逗号），实际为文本 “约5万元” [VALUE]")
        cell.fill(" 25.1 万元 ")  # type: ignore[attr-defined]
        expect(finding).to_have_count(0)
        expect(page.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
        page.locator("#rg-save").click()
        expect(page.locator("#rg-status")).to_have_text("已保存 2019.yaml")
        assert "amount: 25.1万元}" in running.path.read_text(encoding="utf-8")
    finally:
        context.close()
        running.stop()
