"""Hostile house styles: templates run in Jinja's sandbox, styles read only their own folders."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.sandbox import ConfinedLoader, environment, safe_name, scan
from reportgen.stylecheck import check, export
from reportgen.styles import StyleError, load_style

from .helpers import SAMPLES

PAYLOADS = {
    "cycler": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "lipsum": "{{ lipsum.__globals__ }}",
    "passwd": '{% include "/etc/passwd" %}',
}
UNSAFE = {
    "cycler": "模板不安全：访问了内部属性“__init__”：样式模板只能使用 README 中列出的变量，不能执行程序代码",
    "lipsum": "模板不安全：访问了内部属性“__globals__”：样式模板只能使用 README 中列出的变量，不能执行程序代码",
    "passwd": "模板不安全：引用了样式文件夹以外的文件“/etc/passwd”：模板只能引用样式文件夹 html/ 中的模板",
}


def _style(folder: Path, files: dict[str, str], yaml: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "style.yaml").write_text(yaml, encoding="utf-8")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(tmp_path: Path, style: Path, kinds: tuple[str, ...]) -> pipeline.Outcome:
    [outcome] = pipeline.build([str(SAMPLES / "2024.yaml")], output_dir=str(tmp_path / "out"),
                               kinds=kinds, style=style)
    return outcome


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_a_hostile_html_template_builds_nothing_and_style_check_reports_it(
        tmp_path: Path, payload: str) -> None:
    folder = _style(tmp_path / "house", {"html/report.html.j2": (
        '{% extends "builtin/report.html.j2" %}\n{% block title %}\n' + PAYLOADS[payload]
        + "\n{% endblock %}\n")})
    outcome = _build(tmp_path, folder, ("html",))
    assert outcome.written == [] and not (tmp_path / "out").exists()
    assert "uid=" not in outcome.problem and "root:" not in outcome.problem
    found = [f.format() for f in check(folder, [])]
    assert found == [f"{folder}/html/report.html.j2:3:0: 错误：{UNSAFE[payload]} [STYLE-UNSAFE]"]


def test_an_unsafe_template_met_while_building_is_located(tmp_path: Path) -> None:
    folder = _style(tmp_path / "house", {"html/report.html.j2": (
        '{% extends "builtin/report.html.j2" %}\n{% block title %}\n' + PAYLOADS["cycler"]
        + "\n{% endblock %}\n")})
    outcome = _build(tmp_path, folder, ("html",))
    assert outcome.problem == f"{folder}/html/report.html.j2:3:0: 错误：{UNSAFE['cycler']} [STYLE-UNSAFE]"


def test_the_sandbox_keeps_only_the_documented_globals() -> None:
    env = environment(ConfinedLoader([]))
    assert sorted(env.globals) == ["namespace", "range"]
    assert env.from_string("{{ range(3) | join(',') }}").render() == "0,1,2"


@pytest.mark.parametrize(("name", "safe"), [
    ("table.html.j2", True), ("builtin/report.html.j2", True), ("/etc/passwd", False),
    ("../x.j2", False), ("a/../../x", False), ("C:/x", False), ("\\\\server\\x", False),
])
def test_template_names_that_leave_the_folder(name: str, safe: bool) -> None:
    assert safe_name(name) is safe


def test_the_scan_finds_every_spelling_of_a_private_attribute() -> None:
    env = environment(ConfinedLoader([]))
    source = ("{{ doc.__class__ }}\n{{ doc['__dict__'] }}\n{{ doc | attr('_x') }}\n"
              "{% import '../m.j2' as m %}\n{{ doc.title }}\n")
    assert [line for line, _ in scan(env, source)] == [1, 2, 3, 4]


def test_a_symlink_out_of_the_style_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("秘密", encoding="utf-8")
    folder = _style(tmp_path / "house", {"html/report.html.j2": (
        '{% extends "builtin/report.html.j2" %}\n{% block title %}{% include "leak.j2" %}'
        "{% endblock %}\n")})
    (folder / "html" / "leak.j2").symlink_to(tmp_path / "secret.txt")
    outcome = _build(tmp_path, folder, ("html",))
    assert outcome.problem == (f"{folder}/html/report.html.j2:2:0: 错误：模板不安全：引用了样式文件夹以外的文件"
                               "“leak.j2”：模板只能引用样式文件夹 html/ 中的模板 [STYLE-UNSAFE]")


@pytest.mark.parametrize("payload", ["cycler", "passwd"])
def test_a_hostile_word_template_builds_nothing_and_style_check_reports_it(
        tmp_path: Path, payload: str) -> None:
    import docx

    export(tmp_path / "exported", with_docx=True)
    document = docx.Document(str(tmp_path / "exported" / "docx" / "report.docx"))
    document.paragraphs[0].insert_paragraph_before(PAYLOADS[payload].replace('"', "'"))
    folder = _style(tmp_path / "word", {})
    (folder / "docx").mkdir()
    document.save(str(folder / "docx" / "report.docx"))
    outcome = _build(tmp_path, folder, ("docx",))
    assert outcome.written == [] and "STYLE-UNSAFE" in outcome.problem, outcome.problem
    unsafe = [f.format() for f in check(folder, []) if f.rule == "STYLE-UNSAFE"]
    message = UNSAFE[payload] if payload != "passwd" else "模板不安全：引用了其他文件“/etc/passwd”：Word 模板不能引用任何文件"
    [finding] = unsafe  # the paragraph named by its first 40 characters (the next one may follow)
    assert finding.startswith(f"{folder}/docx/report.docx:0:0: 错误：{message}（在含有“"
                              + PAYLOADS[payload].replace('"', "'")[:20])


@pytest.mark.parametrize("extends", ["/", "../..", "../../etc"])
def test_extends_cannot_leave_the_first_styles_folder(tmp_path: Path, extends: str) -> None:
    folder = _style(tmp_path / "a" / "house", {}, f"extends: {extends}\n")
    with pytest.raises(StyleError) as info:
        load_style(folder)
    [finding] = info.value.findings
    assert finding.format().startswith(f"{folder}/style.yaml:1:10: 错误：extends: {extends} 指向 ")
    assert finding.rule == "STYLE-EXTENDS" and "继承的样式只能在第一个样式所在的文件夹中" in finding.message


def test_css_import_of_a_local_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.css").write_text("秘密内容 { color: red }\n", encoding="utf-8")
    folder = _style(tmp_path / "house", {"html/extra.css": (
        '@import "../../secret.css";\np { background: url("/etc/hostname"); }\n')})
    found = [f.format() for f in check(folder, [])]
    assert found == [
        f"{folder}/html/extra.css:1:9: 错误：样式表不安全：引用了样式文件夹以外的文件“../../secret.css”："
        "样式只能使用样式文件夹中的文件 [STYLE-UNSAFE]",
        f"{folder}/html/extra.css:2:21: 错误：样式表不安全：引用了样式文件夹以外的文件“/etc/hostname”："
        "样式只能使用样式文件夹中的文件 [STYLE-UNSAFE]"]
    outcome = _build(tmp_path, folder, ("html",))
    assert outcome.written == [] and "secret.css" in outcome.problem
    assert "秘密内容" not in outcome.problem


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.slow
def test_nothing_is_fetched_from_the_network_in_check_or_build(
        tmp_path: Path, server: tuple[str, list[str]]) -> None:
    from reportgen.writers import pdf

    url, requests = server
    folder = _style(tmp_path / "house", {"html/extra.css": (
        f'@import url("{url}/import.css");\n'
        f'@page {{ @top-left {{ content: url("{url}/logo.png"); }} }}\n')})
    found = [f.format() for f in check(folder, [SAMPLES / "2024.yaml"])]
    assert f"{folder}/html/extra.css:1:13: 错误：样式表不安全：引用了网络或其他来源的资源“{url}/import.css”：" \
           "样式只能使用样式文件夹中的文件，不会访问网络 [STYLE-UNSAFE]" in found
    assert _build(tmp_path, folder, ("pdf",)).written == []
    # The URL fetcher is the second line: HTML that names the network directly reads nothing.
    html = (f'<link rel="stylesheet" href="{url}/a.css"><img src="{url}/b.png">'
            f'<style>@import "{url}/c.css";</style><p>正文</p>')
    assert pdf.render(html, folder, (folder,)).startswith(b"%PDF")
    assert requests == []


def test_an_input_names_only_a_style_inside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "style.yaml").write_text("", encoding="utf-8")
    agency = tmp_path / "各单位"
    _style(agency / "样式", {})
    (agency / "link").symlink_to(tmp_path / "elsewhere")
    text = (SAMPLES / "2024.yaml").read_text(encoding="utf-8")
    lines = text.count("\n") + 1
    for name, style in {"up": "../elsewhere", "abs": str(tmp_path / "elsewhere"), "link": "link",
                        "ok": "样式"}.items():
        (agency / f"{name}.yaml").write_text(text + f"style: {style}\n", encoding="utf-8")
    outcomes = {o.name.rsplit("/", 1)[-1]: o for o in pipeline.build(
        [str(agency / f"{n}.yaml") for n in ("up", "abs", "link", "ok")],
        output_dir=str(tmp_path / "out"), kinds=("html",))}
    for name, style in {"up": "../elsewhere", "abs": str(tmp_path / "elsewhere"), "link": "link"}.items():
        [error] = outcomes[f"{name}.yaml"].errors
        assert error.format() == (
            f"{agency}/{name}.yaml:{lines}:8: style: 错误：style: {style} 不在本文件所在的文件夹中：输入文件只能指定它所在"
            "文件夹（或其子文件夹）中的样式，不能用绝对路径或 ..；其他位置的样式请在命令行用 --style 指定 [STYLE-INPUT]")
        assert outcomes[f"{name}.yaml"].written == []
    assert outcomes["ok.yaml"].written == [tmp_path / "out" / "ok.html"]
    assert outcomes["ok.yaml"].notices == [f"使用样式：{agency / '样式'}（{agency / 'ok.yaml'} 中的 style:）"]


def test_no_input_styles_ignores_the_style_an_input_names(tmp_path: Path) -> None:
    _style(tmp_path / "样式", {"html/extra.css": "p { color: red }\n"})
    source = tmp_path / "r.yaml"
    source.write_text((SAMPLES / "2024.yaml").read_text(encoding="utf-8") + "style: 样式\n",
                      encoding="utf-8")
    [outcome] = pipeline.build([str(source)], output_dir=str(tmp_path / "out"), kinds=("html",),
                               input_styles=False)
    assert "color: red" not in outcome.written[0].read_text(encoding="utf-8")
    assert outcome.notices == [f"忽略 {source} 中的 style: 样式（--no-input-styles），使用内置样式"]


def test_a_style_sheet_that_is_a_symlink_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("秘密内容 { color: red }\n", encoding="utf-8")
    folder = _style(tmp_path / "house", {})
    (folder / "html").mkdir()
    (folder / "html" / "extra.css").symlink_to(tmp_path / "secret.txt")
    (folder / "fonts").mkdir()
    (folder / "fonts" / "x.ttf").symlink_to(tmp_path / "secret.txt")
    assert not [p for p in load_style(folder).font_files if p.is_relative_to(folder)]
    found = [f.format() for f in check(folder, [])]
    assert found == [f"{folder}/fonts/x.ttf:0:0: 错误：字体文件指向样式文件夹以外的文件 {tmp_path / 'secret.txt'}，"
                     "未使用 [STYLE-UNSAFE]",
                     f"{folder}/html/extra.css:0:0: 错误：样式表不安全：extra.css 指向样式文件夹以外的文件 "
                     f"{tmp_path / 'secret.txt'}，未读取 [STYLE-UNSAFE]"]
    outcome = _build(tmp_path, folder, ("html",))
    assert outcome.written == [] and "秘密内容" not in outcome.problem


@pytest.mark.slow
def test_the_command_line_announces_input_styles_and_can_ignore_them(tmp_path: Path) -> None:
    import subprocess
    import sys

    _style(tmp_path / "样式", {"html/extra.css": "p { color: red }\n"})
    source = tmp_path / "r.yaml"
    source.write_text((SAMPLES / "2024.yaml").read_text(encoding="utf-8") + "style: 样式\n",
                      encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True,
                              text=True, cwd=tmp_path)

    built = run("build", "r.yaml", "--to", "html", "-o", "out")
    assert built.returncode == 0 and built.stderr == "使用样式：样式（r.yaml 中的 style:）\n"
    assert "color: red" in (tmp_path / "out" / "r.html").read_text(encoding="utf-8")
    ignored = run("build", "r.yaml", "--to", "html", "-o", "out2", "--no-input-styles")
    assert ignored.stderr == "忽略 r.yaml 中的 style: 样式（--no-input-styles），使用内置样式\n"
    assert "color: red" not in (tmp_path / "out2" / "r.html").read_text(encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8").replace("style: 样式", "style: /etc"),
                      encoding="utf-8")
    checked = run("validate", "r.yaml")
    assert checked.returncode == 1 and "[STYLE-INPUT]" in checked.stdout
    assert run("validate", "r.yaml", "--no-input-styles").returncode == 0
    assert "STYLE-UNSAFE：样式中的模板或样式表试图做不允许的事" in run("explain", "STYLE-UNSAFE").stdout


@pytest.mark.parametrize(("payload", "message"), [
    ("{{ 'x' * 1000000000 }}", "重复生成的文字或列表长度 1000000000 超过上限 100000"),
    ("{{ [1] * 200000 }}", "重复生成的文字或列表长度 200000 超过上限 100000"),
    ("{{ 9 ** 99999999 }}", "幂运算的指数 99999999 超过上限 64"),
])
def test_an_expression_that_would_exhaust_the_machine_is_refused(
        tmp_path: Path, payload: str, message: str) -> None:
    folder = _style(tmp_path / "house", {"html/report.html.j2": (
        '{% extends "builtin/report.html.j2" %}\n{% block title %}\n' + payload
        + "\n{% endblock %}\n")})
    outcome = _build(tmp_path, folder, ("html",))
    assert outcome.problem == (f"{folder}/html/report.html.j2:3:0: 错误：模板不安全：做了模板沙箱不允许的操作"
                               f"（{message}） [STYLE-UNSAFE]")
    assert outcome.written == []


def test_a_template_that_loops_for_ever_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    from reportgen import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)  # the real limit is 30 s
    loops = ("{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
             "{% endfor %}{% endfor %}{% endfor %}")
    folder = _style(tmp_path / "house", {"html/report.html.j2": (
        '{% extends "builtin/report.html.j2" %}\n{% block title %}\n' + loops
        + "\n{% endblock %}\n")})
    outcome = _build(tmp_path, folder, ("html",))
    assert outcome.problem == (f"{folder}/html/report.html.j2:3:0: 错误：模板不安全：做了模板沙箱不允许的操作"
                               "（模板运行超过 0.5 秒（可能有层层嵌套的循环），已停止） [STYLE-UNSAFE]")
