"""The backend's layers, read from its source with ``ast`` (nothing is imported).

- ``backend.domain``: the standard library and ``backend.domain`` only (pure).
- ``backend.adapters``: nothing from the service layer, the API or the command line.
- ``backend.service``: nothing from the API or the command line.
- No backend module imports the bot (``bot/``: another process, another environment).
- Every module belongs to a layer, or is one of the entry points and shared modules
  named in ``LAYERS``.
- No import cycle among backend modules, nor among its packages (``backend.service``
  and a package it imports must not import it back); imports inside functions count.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STDLIB = frozenset(sys.stdlib_module_names)
LAYERS = (
    "backend.domain",
    "backend.adapters",
    "backend.service",
    "backend.api",
    "backend.migrations",
    "backend.settings",
    "backend.log_setup",
    "backend.security",
    "backend.cli",
)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    """Every module under backend/, by dotted name."""
    return {module_name(path, root): path for path in sorted((root / "backend").rglob("*.py"))}


def _imported(tree: ast.AST, name: str, is_package: bool) -> Iterator[str]:
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            yield source
            # "from backend.domain import notifications" imports a module too
            yield from (f"{source}.{alias.name}" for alias in node.names)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Each backend module and what it imports: backend modules by name, anything else
    by its top-level package."""
    known = modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        targets: set[str] = set()
        for imported in _imported(tree, name, path.name == "__init__.py"):
            if imported.split(".")[0] == "backend":
                if imported in known:
                    targets.add(imported)
            else:
                targets.add(imported.split(".")[0])
        targets.discard(name)
        graph[name] = targets
    return graph


def in_layer(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def layer_breaches(graph: dict[str, set[str]]) -> list[str]:
    """Every import that breaks a rule in the module docstring, as "a -> b"."""
    forbidden = {
        "backend.adapters": ("backend.service", "backend.api", "backend.cli"),
        "backend.service": ("backend.api", "backend.cli"),
    }
    breaches = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if target == "bot":
                breaches.append(f"{module} -> bot")
            if in_layer(module, "backend.domain") and not (
                target in STDLIB or in_layer(target, "backend.domain")
            ):
                breaches.append(f"{module} -> {target}")
            for layer, above in forbidden.items():
                if in_layer(module, layer) and any(in_layer(target, a) for a in above):
                    breaches.append(f"{module} -> {target}")
    return breaches


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The module graph folded into the backend's top-level packages and modules."""

    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])

    folded: dict[str, set[str]] = {}
    for module, targets in graph.items():
        edges = folded.setdefault(package(module), set())
        edges.update(package(t) for t in targets if t.startswith("backend."))
        edges.discard(package(module))
    return folded


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle for each back edge a depth-first search finds among backend modules."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the path, "done" after
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in graph:
                continue
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return cycles


def test_the_graph_sees_the_backend_and_its_imports() -> None:
    graph = import_graph(ROOT)
    assert "backend.service.unit_of_work" in graph["backend.service.referrals"]
    assert "backend.domain.model" in graph["backend.service.referrals"]
    assert "sqlalchemy" in graph["backend.adapters.orm"]


def test_each_layer_imports_only_what_is_below_it() -> None:
    assert layer_breaches(import_graph(ROOT)) == []


def test_every_module_is_in_a_layer() -> None:
    graph = import_graph(ROOT)
    assert [m for m in graph if m != "backend" and not any(in_layer(m, x) for x in LAYERS)] == []


def test_no_import_cycle_among_backend_modules() -> None:
    assert import_cycles(import_graph(ROOT)) == []


def test_no_import_cycle_among_backend_packages() -> None:
    assert import_cycles(package_graph(import_graph(ROOT))) == []


def test_the_checks_catch_an_upward_import_and_a_cycle() -> None:
    graph = {
        "backend.domain.a": {"sqlalchemy", "backend.service.b"},
        "backend.service.b": {"backend.api.c", "bot"},
        "backend.api.c": {"backend.service.b"},
        "backend.adapters.d": {"backend.service.b", "backend.settings"},
        "backend.settings": {"os"},
    }
    assert layer_breaches(graph) == [
        "backend.adapters.d -> backend.service.b",
        "backend.domain.a -> backend.service.b",
        "backend.domain.a -> sqlalchemy",
        "backend.service.b -> backend.api.c",
        "backend.service.b -> bot",
    ]
    assert import_cycles(graph) == [["backend.service.b", "backend.api.c", "backend.service.b"]]
    folded = package_graph(
        {"backend.service.x.y": {"backend.sms.z"}, "backend.sms.z": {"backend.service.x"}}
    )
    assert import_cycles(folded) == [["backend.service", "backend.sms", "backend.service"]]
