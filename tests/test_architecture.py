"""The layout docs/architecture.md describes: a small root, and no import cycles at all.

import-linter (run by .ci/run) checks the layer order; this adds what its contracts do
not say: no two modules anywhere import each other, even through others and even inside
functions, and the package root holds only the public API.
"""

from __future__ import annotations

from pathlib import Path

import grimp

import hazchem_cli

PACKAGE = Path(hazchem_cli.__file__).parent


def test_the_root_holds_only_the_api_errors_and_version() -> None:
    modules = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "api.py", "errors.py", "version.py"]
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders == [
        "cli",
        "edit",
        "escape",
        "i18n",
        "model",
        "output",
        "query",
        "review",
        "store",
    ]


def test_no_module_takes_part_in_an_import_cycle() -> None:
    graph = grimp.build_graph("hazchem_cli")
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        order[module] = low[module] = len(order)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            component = []
            while (top := stack.pop()) != module:
                component.append(top)
            if component:
                cycles.append([module, *component])

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    assert cycles == []
