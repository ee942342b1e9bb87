"""``reportgen edit``: a local web form that fills the input file (server, form, saving).

The server runs only on the loopback interface for as long as the command runs; see
:mod:`reportgen.editor.app` for what it guards against.
"""

from __future__ import annotations

import datetime as dt
import errno
import socket
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from ..readers import DATA_SUFFIXES


def prepare(path: Path, year: int | None, agency: str | None) -> bool:
    """Make sure ``path`` is an input file to edit; create it from the scaffold when missing.

    Returns:
        Whether the file was created.

    Raises:
        UsageError: not an input file name, or a missing file without ``--agency``.
    """
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise UsageError(f"{path} 不是输入文件：文件名应以 {'、'.join(DATA_SUFFIXES)} 结尾")
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹；请给出一个输入文件")
    if path.exists():
        return False
    if not agency:
        raise UsageError(f"找不到 {path}；要新建请给出机关名称，如 --agency 示例县教育局（可加 --year）")
    from .. import pipeline

    target_year = year if year is not None else dt.date.today().year - 1
    if path.suffix.lower() == ".json":
        raise UsageError("新建的输入文件只能是 .yaml；已有的 .json 文件可以直接编辑")
    pipeline.init(target_year, agency, output=str(path))
    return True


def listen(port: int | None) -> socket.socket:
    """Return a listening socket on 127.0.0.1 (``port``, or a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port or 0))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"端口 {port} 已被占用；请换一个 --port，或不加 --port 自动选择") from None
        raise UsageError(f"无法使用端口 {port}：{exc.strerror}") from None
    sock.listen(16)
    return sock


def serve(path: Path, *, port: int | None = None, output: Path = Path("output"),
          style: Path | None = None, previous: Path | None = None,
          ready: Callable[[str], None] = print) -> None:
    """Serve the form for ``path`` until Ctrl-C.

    Args:
        path: the input file (it must exist; see :func:`prepare`).
        port: the port, or ``None`` for a free one.
        output: where 生成 DOCX / PDF write, as ``build -o``.
        style: the house style folder, as ``build --style``.
        previous: last year's file, as ``build --previous``.
        ready: called with the address (token included) once the server accepts requests.

    Raises:
        UsageError: the port is taken, or ``previous`` does not exist.
        StyleError: the style folder is broken.
    """
    import uvicorn

    from .app import Settings, create

    if style is not None:
        from ..styles import load_style

        load_style(style)
    if previous is not None and not previous.is_file():
        raise UsageError(f"找不到上年文件 {previous}")
    sock = listen(port)
    settings = Settings(path.resolve(), sock.getsockname()[1], output=output, style=style,
                        previous=previous)
    config = uvicorn.Config(create(settings), log_level="warning", access_log=False,
                            lifespan="off", server_header=False)
    server = uvicorn.Server(config)
    try:
        ready(settings.url)
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled once it has stopped
        pass
    finally:
        sock.close()
