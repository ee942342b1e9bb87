"""Jinja's sandbox for every template reportgen renders, and what counts as unsafe.

A house style comes from outside (an agency may send one with its input file), so its HTML
templates and its Word template are untrusted code. They render in Jinja's
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: no attribute starting with ``_``, no
mutation of the context, with only the variables reportgen passes (``doc``, ``tables``,
``signature``, ``stylesheets``), ``range`` and ``namespace``, and Jinja's built-in filters.
Templates are loaded only from the style folders of the search path: an ``include`` of an
absolute path, of ``..`` or through a symlink that leaves the folder is refused.
"""

from __future__ import annotations

import operator
import re
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import Finding, InputError, Severity

#: Jinja's default globals a template may use; lipsum, cycler, joiner and dict are removed.
GLOBALS = ("range", "namespace")
RULE = "STYLE-UNSAFE"


#: Longest string or list a template may make with ``*`` (a page of text is ~2,000 characters).
MAX_REPEAT = 100_000
#: Largest exponent of ``**``.
MAX_POWER = 64
#: Seconds a template may run: a loop a hostile style nests a million deep stops here. A real
#: report renders in well under a second.
TIME_LIMIT = 30.0


class TemplateTimeout(SecurityError):
    """A template ran longer than :data:`TIME_LIMIT`."""


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with caps on what one expression may build: ``"x" * 10**9``
    or ``9 ** 9 ** 9`` would otherwise take the machine's memory or hours of CPU."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int) and abs(right) > MAX_POWER:
                raise SecurityError(f"幂运算的指数 {right} 超过上限 {MAX_POWER}")
            return operator.pow(left, right)
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                    and len(seq) * times > MAX_REPEAT:
                raise SecurityError(f"重复生成的文字或列表长度 {len(seq) * times} 超过上限 {MAX_REPEAT}")
        return operator.mul(left, right)


class _Timed(jinja2.Template):
    """A template whose rendering stops after :data:`TIME_LIMIT` seconds (main thread only:
    the timer is a signal; batch workers render in their own main threads)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with time_limit(TIME_LIMIT):
            return super().render(*args, **kwargs)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TemplateTimeout` in the block after ``seconds`` (no-op off the main
    thread or when a timer is already running)."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TemplateTimeout(f"模板运行超过 {seconds:g} 秒（可能有层层嵌套的循环），已停止")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def restrict(environment: jinja2.Environment) -> None:
    """Keep only the documented globals in ``environment``; time its templates."""
    environment.globals = {name: environment.globals[name] for name in GLOBALS}
    environment.template_class = _Timed


class ForbiddenTemplate(SecurityError):
    """A template name that leaves the style folders (absolute, ``..``, symlink out)."""


def safe_name(name: str) -> bool:
    """Tell whether a template name stays inside the folder it is looked up in."""
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or ":" in parts[0] or ".." in parts or "\0" in name)


def _forbidden(name: str) -> ForbiddenTemplate:
    return ForbiddenTemplate(f"引用了样式文件夹以外的文件“{name}”：模板只能引用样式文件夹 html/ 中的模板")


def word_include(name: str) -> ForbiddenTemplate:
    """The refusal of any include, import or extends in a Word template."""
    return ForbiddenTemplate(f"引用了其他文件“{name}”：Word 模板不能引用任何文件")


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file loader that never serves a file outside its folders."""

    def __init__(self, folders: Sequence[Path]) -> None:
        super().__init__([str(f) for f in folders])
        self._roots = tuple(Path(f).resolve() for f in folders)

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        if not safe_name(template):
            raise _forbidden(template)
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(root) for root in self._roots):
            raise _forbidden(template)
        return source, filename, uptodate


def environment(loader: jinja2.BaseLoader, bytecode_cache: jinja2.BytecodeCache | None = None
                ) -> ImmutableSandboxedEnvironment:
    """Return the sandboxed, autoescaping environment the HTML templates render in."""
    env = Sandbox(
        loader=loader,
        autoescape=True,  # input text is data: <, & and quotes come out literally
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )
    restrict(env)
    return env


_UNSAFE_ATTRIBUTE = re.compile(r"access to attribute '([^']*)' of '([^']*)' object is unsafe")


def explain(exc: SecurityError) -> str:
    """Return the Chinese explanation of a sandbox refusal."""
    if isinstance(exc, ForbiddenTemplate):
        return str(exc)
    match = _UNSAFE_ATTRIBUTE.search(str(exc))
    if match:
        return (f"访问了内部属性“{match.group(1)}”：样式模板只能使用 README 中列出的变量，"
                "不能执行程序代码")
    return f"做了模板沙箱不允许的操作（{exc}）"


class UnsafeTemplateError(InputError):
    """A template tried something the sandbox refuses; carries one located finding."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__([unsafe(file, line, message)])


def unsafe(file: str, line: int, message: str) -> Finding:
    """Return the STYLE-UNSAFE finding for ``file:line``."""
    return Finding(Severity.ERROR, RULE, file, line, 0, "", "", f"模板不安全：{message}")


def template_line(exc: BaseException, names: Sequence[str] = ()) -> tuple[str, int] | None:
    """Return the file and line of the innermost template frame of a rendering error.

    Args:
        exc: the error raised while rendering.
        names: template file names to look for besides ``*.j2`` and ``*.html``.
    """
    frame = exc.__traceback__
    where = None
    while frame is not None:
        name = frame.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html")) or name in names:
            where = (name, frame.tb_lineno)
        frame = frame.tb_next
    return where


def scan(env: jinja2.Environment, source: str, *, word: bool = False) -> list[tuple[int, str]]:
    """Return (line, explanation) of every unsafe construct a template's text contains.

    This finds what the sandbox would refuse even in branches no sample report reaches:
    attributes starting with ``_`` (``cycler.__init__``, ``x['__class__']``,
    ``x | attr('__class__')``) and includes, imports or extends of names outside the folder
    (in a Word template, ``word``: of any name).

    Raises:
        jinja2.TemplateSyntaxError: the template is not valid Jinja.
    """
    found: dict[int, str] = {}  # one per line: the innermost, first in reading order
    for node in env.parse(source).find_all((nodes.Getattr, nodes.Getitem, nodes.Filter,
                                            nodes.Include, nodes.Extends, nodes.Import,
                                            nodes.FromImport)):
        name = _private_name(node)
        if name is not None:
            found[node.lineno] = f"访问了内部属性“{name}”：样式模板只能使用 README 中列出的变量，不能执行程序代码"
        template = getattr(node, "template", None)
        if word and template is not None:
            shown = template.value if isinstance(template, nodes.Const) else "…"
            found[node.lineno] = str(word_include(str(shown)))
        elif (isinstance(template, nodes.Const) and isinstance(template.value, str)
                and not safe_name(template.value)):
            found[node.lineno] = str(_forbidden(template.value))
    return sorted(found.items())


def _private_name(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr if node.attr.startswith("_") else None
    argument: Any = None
    if isinstance(node, nodes.Getitem):
        argument = node.arg
    elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
        argument = node.args[0]
    if isinstance(argument, nodes.Const) and str(argument.value).startswith("_"):
        return str(argument.value)
    return None
