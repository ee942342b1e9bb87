"""What a house style may read: files inside its own folders, nothing else, no network.

Used for the style sheets' ``@import`` and ``url()`` (here, before WeasyPrint sees them; the
PDF writer's URL fetcher refuses the rest as a second line) and for the paths a style or an
input names (``extends``, ``style:``).
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import Finding, Severity

RULE = "STYLE-UNSAFE"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """Tell whether ``path`` (symlinks resolved) lies inside one of ``roots``."""
    real = path.resolve()
    return any(real.is_relative_to(root.resolve()) for root in roots)


def relative_name(name: str) -> bool:
    """Tell whether ``name`` is a relative path that does not climb (no ``..``, no root)."""
    if not name.strip() or "\0" in name:
        return False
    path = Path(name.replace("\\", "/"))
    return not path.is_absolute() and not name.startswith(("/", "\\")) and ".." not in path.parts \
        and not _SCHEME.match(name)


def _target(reference: str, folder: Path) -> Path | None:
    """The local file a CSS reference names, or ``None`` for anything but a file."""
    if _SCHEME.match(reference):
        parsed = urllib.parse.urlparse(reference)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        return Path(urllib.request.url2pathname(parsed.path))
    return folder / urllib.parse.unquote(reference.split("#")[0].split("?")[0])


def confined_css(path: Path, roots: tuple[Path, ...]) -> tuple[str, list[Finding]]:
    """Read a style sheet, with its references made absolute ``file:`` URIs.

    Relative references name files beside the sheet (it is embedded in the HTML, whose base
    is elsewhere). A reference to the network or to a file outside ``roots`` is a finding at
    its line and column, and becomes an empty ``data:`` URI in the text returned; ``data:``
    URIs and ``#fragments`` stay as they are.

    Returns:
        The rewritten text, and the findings (empty when every reference is allowed).
    """
    import tinycss2

    if not inside(path, roots):  # a symlink to a file elsewhere: not read at all
        return "", [Finding(Severity.ERROR, RULE, str(path), 0, 0, "", "",
                            f"样式表不安全：{path.name} 指向样式文件夹以外的文件 {path.resolve()}，未读取")]
    text = path.read_text(encoding="utf-8")
    rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
    findings = []
    for token in _references(rules):
        reference = str(token.value)
        if reference.startswith(("data:", "#")) or not reference.strip():
            continue
        target = _target(reference, path.parent)
        if target is None:
            problem = f"引用了网络或其他来源的资源“{reference}”：样式只能使用样式文件夹中的文件，不会访问网络"
        elif not inside(target, roots):
            problem = f"引用了样式文件夹以外的文件“{reference}”：样式只能使用样式文件夹中的文件"
        else:
            _replace(token, target.resolve().as_uri())
            continue
        _replace(token, "data:,")  # refused: an empty resource, so that nothing is read
        findings.append(Finding(Severity.ERROR, RULE, str(path), token.source_line,
                                token.source_column, "", "", f"样式表不安全：{problem}"))
    return tinycss2.serialize(rules), findings


def _replace(token: Any, uri: str) -> None:
    token.value = uri
    token.representation = f'url("{uri}")' if token.type == "url" else f'"{uri}"'


def _references(nodes: list[Any]) -> Iterator[Any]:
    """Yield the tokens holding a URL: ``url(…)``, ``url("…")`` and ``@import "…"``."""
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node
        elif kind == "function" and node.lower_name == "url":
            yield from (t for t in node.arguments if t.type == "string")
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            yield from (t for t in node.prelude if t.type == "string")
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                yield from _references(children)
