"""The edit server's guards and endpoints, through Starlette's in-process client."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette 1.x would rather have httpx2; httpx works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from reportgen.editor import listen, prepare
from reportgen.editor.app import MAX_BODY, Settings, create
from reportgen.errors import UsageError

from .helpers import SAMPLES

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def server(tmp_path: Path) -> tuple[TestClient, Settings]:
    path = tmp_path / "2024.yaml"
    shutil.copy(SAMPLES / "2024.yaml", path)
    settings = Settings(path, PORT, output=tmp_path / "output")
    return TestClient(create(settings), base_url=ORIGIN), settings


def _post(client: TestClient, settings: Settings, url: str, body: object) -> object:
    return client.post(f"{url}?token={settings.token}", json=body,
                       headers={"Origin": ORIGIN, "X-CSRF-Token": settings.csrf})


def test_every_request_needs_the_token(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").text == "禁止访问：缺少或错误的令牌（请使用 reportgen edit 打印的编辑地址）"
    assert client.get("/static/edit.js").status_code == 403
    assert client.get(f"/?token={settings.token}").status_code == 200
    assert client.get(f"/static/edit.js?token={settings.token}").status_code == 200


def test_another_host_name_is_refused(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    reply = client.get(f"/?token={settings.token}", headers={"Host": f"evil.example:{PORT}"})
    assert (reply.status_code, reply.text) == (403, "禁止访问：地址不是本机编辑服务")


def test_posts_need_the_origin_and_the_csrf_token(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    url = f"/api/save?token={settings.token}"
    body = {"state": {}, "base": ""}
    other = client.post(url, json=body, headers={"Origin": "http://evil.example",
                                                  "X-CSRF-Token": settings.csrf})
    assert (other.status_code, other.text) == (403, "禁止访问：请求不是来自本编辑页面")
    missing = client.post(url, json=body, headers={"Origin": ORIGIN})
    assert (missing.status_code, missing.text) == (403, "禁止访问：缺少或错误的 CSRF 令牌，请刷新页面")
    assert settings.path.read_bytes() == (SAMPLES / "2024.yaml").read_bytes()


def test_large_bodies_are_refused(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    reply = client.post(f"/api/check?token={settings.token}", content=b"x" * (MAX_BODY + 1),
                        headers={"Origin": ORIGIN, "X-CSRF-Token": settings.csrf})
    assert (reply.status_code, reply.text) == (413, "请求过大")


def test_check_uses_the_validator(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    state = client.get(f"/api/reload?token={settings.token}").json()["state"]
    state["applications"]["carried_forward"][0] = "2"
    reply = _post(client, settings, "/api/check", {"state": state}).json()  # type: ignore[attr-defined]
    assert reply["errors"] == 1
    found = [f for f in reply["findings"] if f["rule"] == "T3-1"]
    # The rule's entry, as reportgen explain prints it, for the form to open at the finding.
    explain = found[0].pop("explain")
    assert explain.startswith("T3-1：表三每列平衡：第一项加第二项之和等于第三项加第四项之和\n检查什么：")
    assert explain.splitlines()[-1].startswith("怎样改：逐列核对")
    assert found == [{
        "severity": "error", "rule": "T3-1", "path": "applications.carried_forward[0]",
        "label": "四、结转下年度继续办理 · 自然人",
        "message": "“自然人”一列不平衡：第一项加第二项之和 5 + 0 = 5，第三项加第四项之和 4 + 2 = 6，"
                   "两者应相等（相差 1）"}]


def test_text_is_escaped_and_no_inline_script_runs(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    text = settings.path.read_text(encoding="utf-8").replace(
        "other_matters: |\n", "other_matters: |\n  <script>alert(1)</script>\n")
    settings.path.write_text(text, encoding="utf-8")
    page = client.get(f"/?token={settings.token}")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert re.findall(r"<script(?: [^>]*)?>", page.text) == [
        '<script type="application/json" id="rg-state">',
        f'<script src="/static/edit.js?token={settings.token}">']


def test_only_built_files_are_served(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    settings.output.mkdir()
    (settings.output / "2024.pdf").write_bytes(b"%PDF-1.7")
    assert client.get(f"/output/2024.pdf?token={settings.token}").content == b"%PDF-1.7"
    for name in ("..%2F2024.yaml", "2024.yaml", ".hidden.pdf"):
        assert client.get(f"/output/{name}?token={settings.token}").status_code == 404


def test_save_conflict_and_overwrite(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    loaded = client.get(f"/api/reload?token={settings.token}").json()
    settings.path.write_text(settings.path.read_text(encoding="utf-8") + "# 手工\n", encoding="utf-8")
    state = loaded["state"]
    state["agency"] = "清河县教育体育局"
    body = {"state": state, "base": loaded["version"]}
    conflict = _post(client, settings, "/api/save", body)
    assert conflict.status_code == 409  # type: ignore[attr-defined]
    assert conflict.json()["message"].startswith("2024.yaml 在表单打开后被其他程序修改过。")  # type: ignore[attr-defined]
    saved = _post(client, settings, "/api/save", {**body, "force": True})
    assert saved.json()["message"] == "已保存 2024.yaml"  # type: ignore[attr-defined]
    text = settings.path.read_text(encoding="utf-8")
    assert "agency: 清河县教育体育局\n" in text and text.endswith("# 手工\n")


def test_prepare_creates_a_missing_file_or_says_what_is_needed(tmp_path: Path) -> None:
    target = tmp_path / "2025.yaml"
    with pytest.raises(UsageError) as missing:
        prepare(target, None, None)
    assert missing.value.message == (
        f"找不到 {target}；要新建请给出机关名称，如 --agency 示例县教育局（可加 --year）")
    assert prepare(target, 2025, "示例县教育局") is True
    assert "year: 2025\nagency: 示例县教育局\n" in target.read_text(encoding="utf-8")
    assert prepare(target, 2025, "示例县教育局") is False
    with pytest.raises(UsageError) as wrong:
        prepare(tmp_path / "2025.txt", None, None)
    assert wrong.value.message.endswith("不是输入文件：文件名应以 .yaml、.yml、.json 结尾")


def test_a_file_with_a_syntax_error_is_never_overwritten(server: tuple[TestClient, Settings]) -> None:
    client, settings = server
    settings.path.write_text("year: 2024\nagency: [示例局\n", encoding="utf-8")
    loaded = client.get(f"/api/reload?token={settings.token}").json()
    assert loaded["state"] == {} and loaded["problem"].startswith("2024.yaml:")
    reply = _post(client, settings, "/api/save", {"state": {"year": 2024}, "base": loaded["version"]})
    assert reply.status_code == 422  # type: ignore[attr-defined]
    assert reply.json()["message"].startswith(  # type: ignore[attr-defined]
        "2024.yaml 有语法错误，表单无法读取，为免覆盖其中内容，未保存。")
    assert settings.path.read_text(encoding="utf-8") == "year: 2024\nagency: [示例局\n"


def test_a_port_in_use_is_a_usage_error() -> None:
    taken = listen(None)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(UsageError) as error:
            listen(port)
        assert error.value.message == f"端口 {port} 已被占用；请换一个 --port，或不加 --port 自动选择"
    finally:
        taken.close()


def test_checks_include_last_year_like_validate(tmp_path: Path) -> None:
    path = tmp_path / "2024.yaml"
    shutil.copy(SAMPLES / "2024.yaml", path)
    last = tmp_path / "2023.yaml"
    last.write_text((SAMPLES / "2024.yaml").read_text(encoding="utf-8").replace("year: 2024", "year: 2023")
                    .replace("published: 2025-01-22", "published: 2024-01-22")
                    .replace("carried_forward: [1, 0", "carried_forward: [3, 0"), encoding="utf-8")
    settings = Settings(path, PORT, previous=last)
    client = TestClient(create(settings), base_url=ORIGIN)
    state = client.get(f"/api/reload?token={settings.token}").json()["state"]
    reply = _post(client, settings, "/api/check", {"state": state}).json()  # type: ignore[attr-defined]
    from reportgen.pipeline import validate

    expected = next(iter(validate([str(path)], previous=str(last)))).findings
    found = sorted((f["rule"], f["path"], f["message"]) for f in reply["findings"])
    assert found == sorted((f.rule, f.path, f.message) for f in expected)
    assert ("X-1", "applications.carried_over[0]") in [(f[0], f[1]) for f in found]
