"""The HTML reader: reportgen's own web pages of every sample read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.context import build
from reportgen.errors import InputError
from reportgen.readers.html_reader import load_file
from reportgen.validation import check_source
from reportgen.writers import render

from .test_docx_reader import SAMPLE_FILES, _original


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_own_html_reads_back_every_figure_and_paragraph(path: Path, tmp_path: Path) -> None:
    original = _original(path)
    assert original.report is not None
    page = tmp_path / f"{path.stem}.html"
    page.write_bytes(render(build(original.format, original.report), ("html",), path.parent)["html"])
    source = load_file(page, page.name)
    again = check_source(source)
    assert again.report is not None, again.findings
    assert build(again.format, again.report).texts() == build(original.format, original.report).texts()
    assert source.notes == []


_PAGE = """<html><head><meta charset="utf-8"><link rel="stylesheet" href="http://{host}/site.css">
<script src="https://{host}/app.js"></script></head><body>
<h1>示例局2024年政府信息公开工作年度报告</h1>
<p><img src="http://{host}/banner.png">本报告依据条例编制。</p>
<h2>一、总体情况</h2><p>2024年，示例局依法公开政府信息。<img src="https://{host}/chart.png"></p>
<iframe src="http://{host}/frame.html"></iframe>
<h2>三、收到和处理政府信息公开申请情况</h2>
<p><img src="http://{host}/table3.png" alt="表三"></p>
</body></html>"""


def test_remote_images_styles_and_scripts_are_ignored_and_nothing_is_fetched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    page = tmp_path / "report.html"
    page.write_text(_PAGE.format(host="www.example.gov.cn"), encoding="utf-8")
    source = load_file(page, "report.html")
    assert source.data["agency"] == "示例局" and source.data["year"] == 2024
    assert source.data["overview"] == {"intro": "2024年，示例局依法公开政府信息。"}
    # The tables are not in the page (here: pictures of them): said so, never guessed.
    assert [n.message for n in source.notes if n.where == "表三"] == [
        "文中找不到表三（可能是图片或未按官方表格排版），其中的数字未读取"]


@pytest.mark.parametrize(("content", "message", "rule"), [
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "文件不是网页（是二进制文件），无法读取", "DOC-BROKEN"),
    ("<html><body><h1>通知</h1><p>明天停电。</p></body></html>".encode(),
     "文件中既找不到年度报告的各部分标题（一、总体情况……），也找不到官方统计表格，"
     "不是一份政府信息公开工作年度报告", "DOC-NOT-REPORT"),
    (b"", "文件不是网页或已损坏，无法读取", "DOC-BROKEN"),
])
def test_pages_that_are_not_reports_get_one_message(tmp_path: Path, content: bytes, message: str,
                                                   rule: str) -> None:
    page = tmp_path / "x.html"
    page.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_file(page, "x.html")
    assert caught.value.message == f"x.html:0:0: 错误：{message} [{rule}]"


def test_a_huge_page_is_refused_unread(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("wb") as handle:  # sparse: no disk used
        handle.truncate(30 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        load_file(page, "huge.html")
    assert caught.value.message == ("huge.html:0:0: 错误：文件有 31457280 字节，超过上限 20971520 字节，"
                                    "不是一份年度报告 [DOC-BROKEN]")
