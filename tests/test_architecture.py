"""The house without circles: imports between reportgen's modules (including those inside
functions) form no cycle, and no stage imports a later one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .helpers import ROOT

PACKAGE = ROOT / "reportgen"

#: Stages in the order a build runs; a module may import only from its own stage or earlier
#: ones. A module not listed here fails the test: every new module must be placed.
STAGES: list[set[str]] = [
    {"reportgen", "errors", "oserrors", "locations", "text", "formats", "rulebook", "cells"},
    {"readers", "fonts", "cache", "confine", "sandbox", "zipguard"},
    {"models", "catalog", "grid", "figures", "keynames"},
    {"rules", "content", "crossyear", "followup", "evidence", "localrules"},
    {"standins", "validation"},
    {"layout"},
    {"context", "scaffold", "importer", "styles", "summary", "yearly", "schemas"},
    {"writers"},
    {"inputs", "store", "discovery", "files", "batch", "chunks", "findcache", "stylecheck", "pipeline", "console"},
    {"editor"},
    {"cli", "cli_options", "cli_edit", "cli_import", "usage", "__main__"},
]


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "reportgen"


def _top(module: str) -> str:
    return module.split(".")[0] if module != "reportgen" else module


def _imports() -> dict[str, set[str]]:
    """Module (dotted, relative to the package) → the package modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = _name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".") if package and package != "reportgen" else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, node.module] if node.module else base)
                for alias in node.names:
                    sub = f"{target}.{alias.name}" if target else alias.name
                    found.add(sub if (PACKAGE / sub.replace(".", "/")).exists()
                              or (PACKAGE / f"{sub.replace('.', '/')}.py").exists()
                              else target or "reportgen")
            elif isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0):
                modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                           else [node.module or ""])
                found |= {m.removeprefix("reportgen.") for m in modules
                          if m == "reportgen" or m.startswith("reportgen.")}
        graph[name] = {m for m in found if m != name}
    return graph


def _stage(module: str) -> int:
    for index, stage in enumerate(STAGES):
        if _top(module) in stage:
            return index
    raise AssertionError(f"module {module} is in no stage of tests/test_architecture.py")


def test_no_import_circles() -> None:
    graph = _imports()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_stage_imports_a_later_one() -> None:
    wrong = sorted(f"{a} → {b}" for a, targets in _imports().items() for b in targets
                   if _stage(b) > _stage(a))
    assert wrong == []


def test_help_imports_no_validation_models() -> None:
    code = ("import sys\nfrom reportgen import cli\n"
            "sys.argv = ['reportgen', '--help']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "bad = sorted(m for m in sys.modules if m in ('pydantic', 'reportgen.models', "
            "'reportgen.validation', 'weasyprint', 'docxtpl'))\n"
            "print(bad, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_no_module_is_over_400_lines() -> None:
    long = {_name(p): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


#: Modules written after the rule "official labels live in formats/ only"; older ones predate it.
LABEL_FREE = ("followup.py", "evidence.py", "text.py", "localrules.py", "yearly.py", "summary.py",
              "writers/xlsx.py", "readers/legacy_table.py")


def _official_labels() -> set[str]:
    from reportgen.catalog import catalog
    from reportgen.formats import FORMATS

    found: set[str] = set()
    for fmt in FORMATS.values():
        cat = catalog(fmt.id)
        found |= {s.title for s in fmt.sections} | set(fmt.overview_topics)
        found |= {label for label in cat.labels.values() if len(label) >= 4}
        found |= {cat.label(row.path) for row in cat.rows}
    return {part for label in found for part in label.split(" · ") if len(part) >= 4}


def test_new_modules_type_no_official_label() -> None:
    labels = _official_labels()
    typed = []
    for name in LABEL_FREE:
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    id(node) not in docstrings:
                typed += [f"{name}: {label}" for label in labels if label in node.value]
    assert typed == []
