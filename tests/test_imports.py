"""rasad's import graph has no cycles, between modules or between its subpackages.

The graph is read from the source with `ast`: every import, at module level or inside a function,
counts. `from rasad.x import y` depends on `rasad.x` and, when `rasad.x.y` is a module, on it too;
importing `rasad.x.y` also runs `rasad.x/__init__.py`, so a module depends on the packages above
what it imports (but not on its own packages, which are imported before it).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "rasad"
SUBPACKAGES = ("rasad.acquire", "rasad.parse", "rasad.extract", "rasad.text", "rasad.link", "rasad.store")
# Cycles known and tolerated for now, to be removed from here when they are broken (none today).
KNOWN_CYCLES: set[tuple[str, str]] = set()
KNOWN_PACKAGE_CYCLES: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def import_graph() -> dict[str, set[str]]:
    """Module -> the rasad modules it imports (any depth in the file)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, node, path.name == "__init__.py")
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        for target in targets:
            parts = target.split(".")
            # importing a.b.c imports a.b and a too
            for i in range(2, len(parts) + 1):
                dep = ".".join(parts[:i])
                if dep in modules and dep != name and not name.startswith(dep + "."):
                    graph[name].add(dep)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in sorted(graph.get(node, ())):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _without_known(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {m: {d for d in deps if (m, d) not in KNOWN_CYCLES and (d, m) not in KNOWN_CYCLES}
            for m, deps in graph.items()}


def test_graph_sees_imports() -> None:
    graph = import_graph()
    assert "rasad.text.normalize" in graph["rasad.extract.agencies"]
    assert "rasad.extract.quotes" in graph["rasad.pipeline"]  # `from rasad.extract.quotes import analyze`
    assert "rasad.parse" in graph["rasad.pipeline"]  # `from rasad.parse import parse_document`
    assert "rasad.extract._bilstm" in graph["rasad.extract.entities"]  # imported inside a function


def test_no_module_cycles() -> None:
    assert _cycles(_without_known(import_graph())) == []


def test_known_cycles_are_still_cycles() -> None:
    """An exception that no longer holds must leave KNOWN_CYCLES."""
    graph = import_graph()
    for a, b in KNOWN_CYCLES:
        if a in graph and b in graph:
            assert b in graph[a] and a in graph[b], f"{a} <-> {b} is broken: drop it from KNOWN_CYCLES"


def _owner(module: str) -> str | None:
    return next((p for p in SUBPACKAGES if module == p or module.startswith(p + ".")), None)


def package_graph() -> dict[str, set[str]]:
    """Subpackage -> the other subpackages its modules import."""
    packages: dict[str, set[str]] = {p: set() for p in SUBPACKAGES}
    for module, deps in _without_known(import_graph()).items():
        owner = _owner(module)
        if owner is not None:
            packages[owner].update(o for d in deps if (o := _owner(d)) is not None and o != owner)
    return packages


def test_no_subpackage_cycles() -> None:
    packages = {p: {d for d in deps if (p, d) not in KNOWN_PACKAGE_CYCLES and (d, p) not in KNOWN_PACKAGE_CYCLES}
                for p, deps in package_graph().items()}
    assert _cycles(packages) == []


def test_known_package_cycles_are_still_cycles() -> None:
    packages = package_graph()
    for a, b in KNOWN_PACKAGE_CYCLES:
        assert b in packages[a] and a in packages[b], f"{a} <-> {b} is broken: drop it from KNOWN_PACKAGE_CYCLES"
