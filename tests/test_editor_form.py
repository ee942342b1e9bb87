"""The form's printing fields: title lines, run-in sub-headings, table notes and attachments.

The model is checked in process; filling, saving, clearing and building are driven in Debian's
headless chromium through the real ``reportgen edit`` (the harness of test_editor_browser).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.editor import document, form

from .helpers import SAMPLES

TITLE = "清河县教育局2024年政府信息公开工作年度报告"


def _sample(tmp_path: Path) -> Path:
    path = tmp_path / "2024.yaml"
    shutil.copy(SAMPLES / "2024.yaml", path)
    return path


def test_the_printing_keys_are_fields_in_report_order(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "      text: |\n        全年主动公开", "      run_in: true\n      text: |\n        全年主动公开", 1)
    path.write_text(text + "title_lines: [清河县教育局2024年政府信息公开, 工作年度报告]\n"
                    "table_notes:\n  reviews: 注：无。\nattachment_note: 附件：制度\n"
                    "attachments:\n  - title: 制度\n    text: 第一条\n", encoding="utf-8")
    _, inputs, parts = form.build(document.load(path).data)
    paths = [i.path for i in inputs]
    assert paths[paths.index("title") + 1] == "title_lines"  # next to the title
    lines = inputs[paths.index("title_lines")]
    assert (lines.label, lines.kind, lines.value) == ("标题分行", "lines", "清河县教育局2024年政府信息公开\n工作年度报告")
    overview = parts[0]
    assert [s.run_in for s in overview.subsections] == [True, False, False, False, False]
    notes = [(p.key, p.note_path, p.note) for p in parts if p.kind == "table"]
    assert notes == [("active_disclosure", "table_notes.active_disclosure", ""),
                     ("applications", "table_notes.applications", ""),
                     ("reviews", "table_notes.reviews", "注：无。")]
    last = parts[-1]  # after the tables: printed after the body, before the signature
    assert (last.key, last.title, last.kind, last.note_path, last.note) == (
        "attachments", "附件说明与附件", "attachments", "attachment_note", "附件：制度")
    assert [(i.path, i.title, i.text) for i in last.items] == [("attachments[0]", "制度", "第一条")]


def test_sub_headings_are_numbered_as_printed(tmp_path: Path) -> None:
    # The report prints （一）（二）… before the sub-headings of a section; the form showed
    # （1）（2）…, which a user then looked for in the PDF in vain.
    _, _, parts = form.build(document.load(_sample(tmp_path)).data)
    overview = parts[0]
    assert [(s.number, s.title) for s in overview.subsections] == [
        ("（一）", "主动公开"), ("（二）", "依申请公开"), ("（三）", "政府信息管理"),
        ("（四）", "政府信息公开平台建设"), ("（五）", "监督保障")]


def test_a_legacy_report_gets_a_note_under_its_statistics_and_attachments_last() -> None:
    data = {"format": "legacy", "year": 2012, "agency": "示例局",
            "sections": [{"title": "概述", "text": "正文"}], "table_notes": {"statistics": "注：单位为件。"}}
    _, _, parts = form.build(data)
    assert [(p.key, p.kind, p.note) for p in parts] == [
        ("sections[0]", "narrative", ""), ("statistics", "table", "注：单位为件。"),
        ("attachments", "attachments", "")]


def test_saving_the_new_keys_adds_lines_and_clearing_them_gives_the_file_back(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    before = path.read_text(encoding="utf-8")
    loaded = document.load(path)
    state = loaded.data
    state["overview"]["sections"][0]["run_in"] = True
    state["table_notes"] = {"applications": "注：含电子邮件申请。"}
    state["attachments"] = [{"title": "制度", "text": "第一条\n\n第二条"}]
    version = document.save(path, state, loaded.version)
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "招生入学政策在报名前30日公开，解读材料同步发布。\n",
        "招生入学政策在报名前30日公开，解读材料同步发布。\n      run_in: true\n", 1) + (
        "table_notes:\n  applications: 注：含电子邮件申请。\n"
        "attachments:\n  - title: 制度\n    text: |\n      第一条\n\n      第二条\n")
    for key in ("table_notes", "attachments"):
        del state[key]
    del state["overview"]["sections"][0]["run_in"]
    document.save(path, state, version)
    assert path.read_text(encoding="utf-8") == before


def test_a_hand_written_flow_list_and_mapping_are_changed_in_place(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    hand = "title_lines: [清河县教育局2024年政府信息公开, 工作年度报告]   # 分行\n" \
        "table_notes: {reviews: 注：无。, applications: 注：二}\n"
    before = path.read_text(encoding="utf-8") + hand
    path.write_text(before, encoding="utf-8")
    loaded = document.load(path)
    state = loaded.data
    state["title_lines"] = ["清河县教育局", "2024年政府信息公开, 工作", "年度报告"]  # a line more
    del state["table_notes"]["reviews"]  # the box emptied: the key goes, its neighbour stays
    document.save(path, state, loaded.version)
    # Each flow collection written anew on its line; the aligned tables above keep their spaces.
    assert path.read_text(encoding="utf-8") == before.replace(hand, (
        'title_lines: [清河县教育局, "2024年政府信息公开, 工作", 年度报告]   # 分行\n'
        "table_notes: {applications: 注：二}\n"))


# --------------------------------------------------------------------------------------------
# In the browser


@pytest.mark.slow
def test_the_printing_fields_in_the_browser(tmp_path: Path) -> None:
    from . import test_editor_browser as harness  # skips without playwright

    if not harness.CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (bash scripts/test-deps.sh installs it)")
    _in_the_browser(harness, tmp_path)


def _in_the_browser(harness: Any, tmp_path: Path) -> None:
    pw, expect = harness.playwright, harness.playwright.expect
    editor = harness.Editor(tmp_path)
    # A hand edit the form must keep: an aligned comment in the middle of the file.
    hand = editor.path.read_text(encoding="utf-8").replace(
        "other_matters: |", "# 手工加的注释，保存后原样保留\nother_matters:   |", 1)
    editor.path.write_text(hand, encoding="utf-8")
    try:
        with pw.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(harness.CHROMIUM), args=harness.FLAGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.set_default_timeout(harness.TIMEOUT)
            page.goto(editor.url)
            summary = page.locator("#rg-summary")
            expect(summary).to_have_text("0 个错误，0 个警告")
            _fill(page, expect)
            page.locator("#rg-save").click()
            expect(page.locator("#rg-status")).to_have_text("已保存 2024.yaml")
            assert editor.path.read_text(encoding="utf-8") == hand.replace(
                "招生入学政策在报名前30日公开，解读材料同步发布。\n",
                "招生入学政策在报名前30日公开，解读材料同步发布。\n      run_in: true\n", 1) + (
                f"title: {TITLE}\n"
                "title_lines:\n  - 清河县教育局2024年政府信息公开\n  - 工作年度报告\n"
                "table_notes:\n  active_disclosure: 注：收费金额单位为万元。\n"
                "attachment_note: 附件：清河县教育局政务公开工作制度\n"
                "attachments:\n  - title: 清河县教育局政务公开工作制度\n"
                "    text: |\n      第一条　为规范政务公开工作，制定本制度。\n\n      第二条　本制度自印发之日起施行。\n")

            page.locator("#rg-build-docx").click()
            expect(page.locator("#rg-files a")).to_have_text("下载 2024.docx", timeout=120_000)
            texts = _docx_texts((editor.output / "2024.docx").read_bytes())
            assert "（一）主动公开。全年主动公开政府信息538条。" in "\n".join(texts)  # one paragraph
            for printed in ("注：收费金额单位为万元。", "附件：清河县教育局政务公开工作制度",
                            "第一条　为规范政务公开工作，制定本制度。", "第二条　本制度自印发之日起施行。"):
                assert printed in texts

            _clear(page, expect)
            page.locator("#rg-save").click()
            expect(page.locator("#rg-status")).to_have_text("已保存 2024.yaml")
            assert editor.path.read_text(encoding="utf-8") == hand  # every key gone, every byte back

            phone = browser.new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
            phone.goto(editor.url)
            expect(phone.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")
            phone.locator("button[data-add-part='attachments']").click()  # an empty title: a finding
            expect(phone.locator("ul.findings[data-for='attachments[0].title'] li .message")).to_have_text(
                "错误：附件：不能为空，请填写内容 [VALUE]")
            phone.locator("textarea[data-path='table_notes.reviews']").fill("注：无。")
            if harness.AXE.exists():
                phone.evaluate(harness.AXE.read_text(encoding="utf-8"))
                violations = phone.evaluate("axe.run(document).then(r => r.violations.map(v => [v.id, v.help]))")
                assert violations == []
            assert phone.evaluate("document.documentElement.scrollWidth") == 390
            browser.close()
    finally:
        editor.stop()


def _fill(p: Any, expect: Any) -> None:
    p.locator("input[data-path='title']").fill(TITLE)
    lines = p.locator("textarea[data-path='title_lines']")
    lines.fill("清河县教育局2024年政府信息公开\n工作年度报告（草稿）")
    # The [VALUE] message at the field, read out with it.
    finding = p.locator("ul.findings[data-for='title_lines'] li .message")
    expect(finding).to_have_text(
        "错误：标题分行：各行合起来是“清河县教育局2024年政府信息公开工作年度报告（草稿）”，"
        f"与标题“{TITLE}”不同 [VALUE]")
    expect(lines).to_have_attribute("aria-invalid", "true")
    lines.fill("清河县教育局2024年政府信息公开\n\n工作年度报告\n")  # blank lines are no lines
    expect(finding).to_have_count(0)
    p.locator("label.run-in:has(input[data-path='overview.sections[0].run_in'])").click()
    p.locator("textarea[data-path='table_notes.active_disclosure']").fill("注：收费金额单位为万元。")
    p.locator("textarea[data-path='attachment_note']").fill("附件：清河县教育局政务公开工作制度")
    p.locator("button[data-add-part='attachments']").click()
    p.locator("input[data-path='attachments[0].title']").fill("清河县教育局政务公开工作制度")
    p.locator("textarea[data-path='attachments[0].text']").fill(
        "第一条　为规范政务公开工作，制定本制度。\n\n第二条　本制度自印发之日起施行。")
    expect(p.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")


def _clear(p: Any, expect: Any) -> None:
    p.locator("input[data-path='title']").fill("")
    p.locator("textarea[data-path='title_lines']").fill("")
    p.locator("input[data-path='overview.sections[0].run_in']").uncheck()
    p.locator("textarea[data-path='table_notes.active_disclosure']").fill("")
    p.locator("textarea[data-path='attachment_note']").fill("")
    p.locator("button[data-remove='attachments[0]']").click()
    expect(p.locator("input[data-path='attachments[0].title']")).to_have_count(0)
    expect(p.locator("#rg-summary")).to_have_text("0 个错误，0 个警告")


def _docx_texts(data: bytes) -> list[str]:
    from .test_writers import docx_texts
    return docx_texts(data)
