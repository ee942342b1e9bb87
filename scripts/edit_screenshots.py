"""Screenshots of ``reportgen edit`` for the README, taken in Debian's headless chromium.

Usage: python scripts/edit_screenshots.py    # writes docs/images/edit-*.png

The pictures follow the README guide: a new file as the form first shows it, the filled sample,
the T3-1 finding at its cell, the PDF preview after 生成 PDF, the attachments at the end of the
form, and the form on a phone-wide window.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@contextmanager
def editing(path: Path, *extra: str) -> Iterator[str]:
    """Run ``reportgen edit`` on ``path``; yield its address."""
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "edit", str(path), "--no-browser",
         "-o", "output", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=path.parent)
    assert process.stdout is not None
    try:
        yield process.stdout.readline().strip().removeprefix("编辑地址：")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


def settled(page: Page, summary: str) -> None:
    """Wait until the live check has answered with ``summary``."""
    expect(page.locator("#rg-summary")).to_have_text(summary, timeout=15_000)


def part(page: Page, selector: str, name: str) -> None:
    """Take one part of the form into ``docs/images/name``.

    A part taller than the window is taken in steps, and the sticky bar (file name, counts,
    buttons) would be drawn across the middle of it; the bar is taken out of the way meanwhile
    (through the DOM: the page's content security policy refuses injected style sheets).
    """
    bar = page.locator("header.bar")
    bar.evaluate("bar => { bar.style.position = 'static'; }")
    try:
        page.locator(selector).screenshot(path=IMAGES / name)
    finally:
        bar.evaluate("bar => { bar.style.position = ''; }")


def main() -> None:
    """Take the screenshots into docs/images."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        work = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        desktop: ViewportSize = {"width": 1366, "height": 768}

        with editing(work / "2025.yaml", "--agency", "示例县教育局", "--year", "2025") as url:
            page = browser.new_page(viewport=desktop)
            page.goto(url)
            settled(page, "8 个错误，0 个警告")
            page.locator("section.part").nth(1).scroll_into_view_if_needed()
            page.screenshot(path=IMAGES / "edit-new.png")
            page.close()

        sample = work / "2024.yaml"
        shutil.copy(ROOT / "sample_inputs" / "2024.yaml", sample)
        with editing(sample) as url:
            page = browser.new_page(viewport=desktop)
            page.goto(url)
            settled(page, "0 个错误，0 个警告")
            page.screenshot(path=IMAGES / "edit-form.png")

            page.locator("input[data-path='applications.carried_forward[0]']").fill("2")
            settled(page, "1 个错误，1 个警告")
            part(page, "section.part:has(table.applications)", "edit-table3.png")
            page.locator("input[data-path='applications.carried_forward[0]']").fill("1")
            settled(page, "0 个错误，0 个警告")

            page.locator("#rg-build-pdf").click()
            expect(page.locator("#rg-files a")).to_have_text("下载 2024.pdf", timeout=120_000)
            page.wait_for_timeout(1500)  # the PDF viewer draws its first page
            page.screenshot(path=IMAGES / "edit-build.png")

            # The printing fields at the end of the form (not saved: the sample stays as it is).
            page.locator("textarea[data-path='attachment_note']").fill("附件：清河县教育局政务公开工作制度")
            page.locator("button[data-add-part='attachments']").click()
            page.locator("input[data-path='attachments[0].title']").fill("清河县教育局政务公开工作制度")
            page.locator("textarea[data-path='attachments[0].text']").fill(
                "第一条　为规范政务公开工作，制定本制度。\n\n第二条　本制度自印发之日起施行。")
            settled(page, "0 个错误，0 个警告")
            part(page, "section.part.attachments", "edit-attachments.png")
            page.close()

            phone = browser.new_page(viewport=ViewportSize(width=390, height=844))
            phone.goto(url)
            settled(phone, "0 个错误，0 个警告")
            phone.locator("section.part").nth(2).scroll_into_view_if_needed()
            phone.screenshot(path=IMAGES / "edit-phone.png")
            phone.close()
        browser.close()
    print(" ".join(f"docs/images/edit-{n}.png" for n in ("new", "form", "table3", "build", "attachments", "phone")))


if __name__ == "__main__":
    main()
