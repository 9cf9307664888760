"""No import cycle between the package's files, nor between its packages.

The imports are read with ``ast`` from ``src/dateline`` (nothing is imported).
Every import that runs counts, at module level or inside a function: a lazy
import hides a cycle, it does not remove it. Imports under ``if TYPE_CHECKING:``
never run and do not count; neither do modules loaded by name through
``importlib`` (the stage registry, which exists so the core imports no stage).

A package node is a subpackage (``dateline.nlp.quotes``: its ``__init__`` and
its modules) or a top-level module (``dateline.api``); an edge joins two nodes
when a file of one imports a file of the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import dateline

SRC = Path(dateline.__file__).resolve().parent

def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package)."""
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        found[".".join(parts)] = (path, package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run (not under ``if TYPE_CHECKING:``)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph(root: Path = SRC) -> dict[str, set[str]]:
    """Module -> the package modules it imports."""
    modules = _modules(root)
    top = root.name

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, package) in modules.items():
        here = name if package else name.rpartition(".")[0]
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str | None] = []
            if isinstance(node, ast.Import):
                targets = [known(a.name) for a in node.names if a.name.split(".")[0] == top]
            else:
                base = node.module or ""
                if node.level:
                    parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                if base.split(".")[0] != top:
                    continue
                # "from pkg import module" imports the module; "from mod import name" the module
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else known(base) for a in node.names]
            graph[name].update(t for t in targets if t is not None and t != name)
    return graph


def package_of(module: str, packages: set[str], top: str = SRC.name) -> str:
    """The node a module belongs to: itself when it is a package or a top-level
    module, else the package holding it."""
    if module in packages or module.count(".") == 1 or module == top:
        return module
    return module.rpartition(".")[0]


def package_graph(graph: dict[str, set[str]], packages: set[str]) -> dict[str, set[str]]:
    nodes: dict[str, set[str]] = {}
    for source, targets in graph.items():
        a = package_of(source, packages)
        nodes.setdefault(a, set())
        for target in targets:
            b = package_of(target, packages)
            if a != b:
                nodes[a].add(b)
    return nodes


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
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
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _without(graph: dict[str, set[str]], edges: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    dropped = set(edges)
    return {a: {b for b in targets if (a, b) not in dropped} for a, targets in graph.items()}


def _packages() -> set[str]:
    return {name for name, (_, package) in _modules(SRC).items() if package}


def test_no_cycle_between_files() -> None:
    graph = import_graph()
    assert cycles(graph) == []


def test_no_cycle_between_packages() -> None:
    graph = import_graph()
    found = cycles(package_graph(graph, _packages()))
    assert found == [], "\n".join(
        f"{cycle}: " + ", ".join(f"{a} -> {b}" for a in sorted(graph) for b in sorted(graph[a])
                                 if package_of(a, _packages()) in cycle and package_of(b, _packages()) in cycle
                                 and package_of(a, _packages()) != package_of(b, _packages()))
        for cycle in found
    )


def test_the_walk_sees_lazy_imports_and_skips_type_checking(tmp_path: Path) -> None:
    """The checker itself, on a hand-built package: a function-level import
    closing a loop is a cycle; a TYPE_CHECKING import is not."""
    pkg = tmp_path / "demo"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from demo.sub import b\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from demo import a\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from demo import a\nfrom . import d\n"
    )
    (pkg / "d.py").write_text("X = 1\n")
    graph = import_graph(pkg)
    assert graph["demo.a"] == {"demo.sub.b"}
    assert graph["demo.sub.b"] == {"demo.a"}
    assert graph["demo.c"] == {"demo.d"}  # the relative import counts, the TYPE_CHECKING one not
    assert cycles(graph) == [["demo.a", "demo.sub.b"]]
    packages = {name for name, (_, package) in _modules(pkg).items() if package}
    assert cycles(package_graph(graph, packages)) == [["demo.a", "demo.sub"]]
    assert cycles(_without(graph, {("demo.sub.b", "demo.a")})) == []
