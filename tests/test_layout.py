"""The package layout (docs/design.md, "Package layout"): no import circle among il7onto's modules,
each subpackage imports only the layers below it, no module over 400 lines, subpackage ``__init__``
files that hold only a docstring.

The import graph is read from the source with ``ast``: every ``import`` / ``from ... import`` counts,
at module level, inside functions and under ``if TYPE_CHECKING:`` alike (a function-level import is
a dependency all the same, only deferred; a circle through one still means two modules that cannot
be understood apart). ``from .. import __version__`` reads the version literal from the package root
and is the one import of the root allowed (the root imports its implementation only inside the API
functions).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "il7onto"
MAX_LINES = 400
# Each layer may import itself and the layers before it (docs/design.md, "The dependency rule").
LAYERS = ["core", "publish", "sparql", "validation", "endpoint", "cli"]


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The il7onto modules ``name`` imports (a package's ``__init__`` when a name is not a module)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), and self-loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_the_graph_is_read_from_the_source():
    assert "il7onto.sparql.engine" in GRAPH["il7onto.sparql.queries"]
    assert "il7onto.core.errors" in GRAPH["il7onto.sparql.engine"]
    # a function-level import counts (the launcher imports the CLI only when the fast path declines)
    assert "il7onto.cli.main" in GRAPH["il7onto.launcher"]


def test_the_circle_finder_finds_circles():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    assert _circles(GRAPH) == []


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else None


def test_each_layer_imports_only_itself_and_the_layers_below():
    wrong = []
    for module, imported in GRAPH.items():
        layer = _layer(module)
        if layer is None:
            continue
        allowed = set(LAYERS[: LAYERS.index(layer) + 1])
        for other in sorted(imported):
            if other == "il7onto":
                source = MODULES[module].read_text(encoding="utf-8")
                if "from .. import __version__" not in source:
                    wrong.append(f"{module} imports the package root for more than __version__")
            elif _layer(other) not in allowed:
                wrong.append(f"{module} -> {other}")
    assert wrong == []


def test_every_module_belongs_to_a_layer_or_is_an_entry_point():
    loose = {name for name in MODULES if _layer(name) is None and name.count(".") >= 1}
    assert loose - {f"il7onto.{layer}" for layer in LAYERS} == {"il7onto.__main__", "il7onto.launcher"}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_at_most_400_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines: split it along a seam"


@pytest.mark.parametrize("layer", LAYERS)
def test_subpackage_init_holds_only_its_docstring(layer):
    """A subpackage's ``__init__`` runs whenever any of its modules is imported (the start-up path
    imports ``core``, ``sparql`` and ``cli``): it holds a docstring saying what the layer does, nothing
    else."""
    body = ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")).body
    assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
