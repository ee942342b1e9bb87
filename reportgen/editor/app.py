"""The form's web application: pages, checks, saving and building, behind a per-run token.

Security (the server runs on the user's own computer, next to their browser): it answers only
to its own address (``Host``), every request carries the run's secret token, state-changing
requests must come from the form's own origin with its CSRF token, bodies are size-limited, and
the only files it reads or writes are the input file, its outputs and the package's own assets.
Templates escape everything (Jinja autoescape) and a strict Content-Security-Policy forbids
inline scripts, so a narrative containing ``<script>`` is shown as text.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..rulebook import lookup
from ..styles import builtin_templates
from . import document, form

MAX_BODY = 2 * 1024 * 1024  # a whole report is some tens of kilobytes
STATIC = Path(__file__).parent / "static"
_ASSETS = {"edit.js": "text/javascript", "edit.css": "text/css"}
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; frame-ancestors 'self'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token is in the address
    "Cache-Control": "no-store",
}


@dataclass
class Settings:
    """One editing run: the file, where builds go, and the run's secrets."""

    path: Path
    port: int
    output: Path = Path("output")
    style: Path | None = None
    previous: Path | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def origins(self) -> tuple[str, ...]:
        """The origins the form is served from."""
        return (f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}")

    @property
    def url(self) -> str:
        """The address printed for the user, token included."""
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: host, token, origin, CSRF and size checks before any route runs."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        problem = self._problem(request)
        if problem:
            await PlainTextResponse(problem, status_code=403, headers=_HEADERS)(scope, receive, send)
            return
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            await PlainTextResponse("请求过大", status_code=413, headers=_HEADERS)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _problem(self, request: Request) -> str:
        allowed_hosts = {o.removeprefix("http://") for o in self.settings.origins}
        if request.headers.get("host", "") not in allowed_hosts:
            return "禁止访问：地址不是本机编辑服务"
        token = request.query_params.get("token") or request.headers.get("x-reportgen-token", "")
        if not secrets.compare_digest(token.encode(), self.settings.token.encode()):
            return "禁止访问：缺少或错误的令牌（请使用 reportgen edit 打印的编辑地址）"
        if request.method not in ("GET", "HEAD"):
            if request.headers.get("origin", "") not in self.settings.origins:
                return "禁止访问：请求不是来自本编辑页面"
            csrf = request.headers.get("x-csrf-token", "")
            if not secrets.compare_digest(csrf.encode(), self.settings.csrf.encode()):
                return "禁止访问：缺少或错误的 CSRF 令牌，请刷新页面"
        return ""


def create(settings: Settings) -> ASGIApp:
    """Return the application for one editing run."""
    env = Environment(loader=FileSystemLoader(builtin_templates() / "edit"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.policies["json.dumps_kwargs"] = {"sort_keys": False}  # the file's key order
    path = settings.path
    previous = _previous(settings)

    def page(data: dict[str, Any], version: str, problem: str) -> str:
        fmt, inputs, parts = form.build(data)
        return env.get_template("page.html.j2").render(
            file=path.name, fmt=fmt, inputs=inputs, parts=parts, state=data, version=version,
            problem=problem, token=settings.token, csrf=settings.csrf,
            output=str(settings.output))

    def fragment(data: dict[str, Any]) -> str:
        fmt, inputs, parts = form.build(data)
        return env.get_template("form.html.j2").render(fmt=fmt, inputs=inputs, parts=parts)

    async def index(request: Request) -> Response:
        loaded = document.load(path)
        return HTMLResponse(page(loaded.data, loaded.version, loaded.problem), headers=_HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            return PlainTextResponse("没有这个文件", status_code=404, headers=_HEADERS)
        return FileResponse(STATIC / name, media_type=_ASSETS[name], headers=_HEADERS)

    async def check(request: Request) -> Response:
        body = await _json(request)
        checked = await run_in_threadpool(document.check, body.get("state"), path.name, previous)
        return _reply({"findings": [_finding(f) for f in checked.findings],
                       "errors": len(checked.errors), "warnings": len(checked.warnings)})

    async def render(request: Request) -> Response:
        body = await _json(request)
        state = body.get("state")
        return _reply({"html": fragment(state if isinstance(state, dict) else {})})

    async def reload(request: Request) -> Response:
        loaded = document.load(path)
        return _reply({"state": loaded.data, "version": loaded.version, "problem": loaded.problem,
                       "html": fragment(loaded.data)})

    async def save(request: Request) -> Response:
        body = await _json(request)
        state = body.get("state")
        if not isinstance(state, dict):
            return _reply({"message": "表单内容无效"}, 400)
        base = None if body.get("force") else str(body.get("base", ""))
        try:
            version = await run_in_threadpool(document.save, path, state, base)
        except document.Conflict:
            return _reply({"message": f"{path.name} 在表单打开后被其他程序修改过。"
                                      "可以重新载入文件（放弃表单中的修改），或用表单内容覆盖。"}, 409)
        except document.Unreadable as exc:
            return _reply({"message": f"{path.name} 有语法错误，表单无法读取，为免覆盖其中内容，未保存。"
                                      f"请先在文本编辑器中按提示改正，再重新载入：\n{exc}"}, 422)
        return _reply({"version": version, "message": f"已保存 {path.name}"})

    async def build(request: Request) -> Response:
        body = await _json(request)
        kinds = tuple(k for k in ("docx", "pdf") if k in _list(body.get("kinds")))
        return _reply(await run_in_threadpool(_build, settings, kinds or ("docx", "pdf")))

    async def output(request: Request) -> Response:
        name = request.path_params["name"]
        target = settings.output / name
        if "/" in name or name.startswith(".") or not target.is_file() or \
                target.suffix not in (".docx", ".pdf"):
            return PlainTextResponse("没有这个文件", status_code=404, headers=_HEADERS)
        types = {".pdf": "application/pdf",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        disposition = "inline" if target.suffix == ".pdf" else "attachment"
        return FileResponse(target, media_type=types[target.suffix], headers=_HEADERS,
                            content_disposition_type=disposition, filename=name)

    routes = [
        Route("/", index),
        Route("/static/{name}", asset),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/render", render, methods=["POST"]),
        Route("/api/reload", reload),
        Route("/api/save", save, methods=["POST"]),
        Route("/api/build", build, methods=["POST"]),
        Route("/output/{name}", output),
    ]
    app = Starlette(routes=routes, exception_handlers={_TooLarge: _too_large})
    return Guard(app, settings)


def _previous(settings: Settings) -> Path | None:
    """Last year's file as ``validate`` and ``build`` find it (given, or beside the input)."""
    from .. import pipeline
    from ..errors import ReportgenError

    try:
        work = pipeline.tasks([str(settings.path)],
                              previous=str(settings.previous) if settings.previous else None)
    except ReportgenError:
        return None
    return work[0].previous


def _build(settings: Settings, kinds: tuple[str, ...]) -> dict[str, Any]:
    """Build like ``reportgen build FILE``: the same tasks, the same worker, the same files."""
    from .. import batch, pipeline
    from ..errors import ReportgenError

    try:
        work = pipeline.tasks([str(settings.path)], output_dir=settings.output, kinds=kinds,
                              style=settings.style,
                              previous=str(settings.previous) if settings.previous else None)
        outcome = batch.work(work[0])
    except ReportgenError as exc:
        return {"ok": False, "message": exc.message, "files": []}
    files = [{"name": p.name, "kind": p.suffix[1:]} for p in outcome.written]
    if outcome.written:
        message = "已生成 " + "、".join(str(p) for p in outcome.written)
    elif outcome.errors:
        message = f"有 {len(outcome.errors)} 个错误，未生成；请先改正标红的内容"
    else:
        message = outcome.problem or "未生成"
    return {"ok": bool(outcome.written), "message": message, "files": files,
            "findings": [_finding(f) for f in outcome.findings]}


async def _json(request: Request) -> dict[str, Any]:
    """Read a JSON body, stopping at :data:`MAX_BODY` whatever the headers said."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise _TooLarge
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def _too_large(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("请求过大", status_code=413, headers=_HEADERS)


def _reply(data: dict[str, Any], status: int = 200) -> Response:
    return JSONResponse(data, status_code=status, headers=_HEADERS)


def _finding(finding: Any) -> dict[str, Any]:
    # The rule's entry goes with it, as `reportgen explain` prints it: the form opens it at the
    # finding, for staff who never run a command (a local rule's id has none).
    entry = lookup(finding.rule)
    return {"severity": finding.severity.value, "rule": finding.rule, "path": finding.path,
            "label": finding.label, "message": finding.message,
            "explain": entry.text() if entry else ""}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
