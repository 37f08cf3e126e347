"""The layers of the package, as the README's Layout section draws them, checked on the import graph.

Every module of the package sits in one layer; a module may import modules of
its own layer or of a lower one, never of a higher one, and no chain of
imports (deferred ones inside functions included) comes back to where it
started. A new module has to be placed in a layer here, so the picture stays
true as the package grows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline

PACKAGE = Path(pipeline.__file__).parent
NAME = PACKAGE.name

#: Bottom first. Within a layer, modules may import each other (without a cycle).
LAYERS: tuple[tuple[str, ...], ...] = (
    # What every layer shares: records, errors, the configuration.
    ("models", "errors", "config"),
    # Self-contained knowledge: languages, line breaking, format directives, fuzzy keys.
    ("kazakh", "russian", "linebreak", "formats", "matching", "abbreviations"),
    # Reading: sentences, values, articles.
    ("boundary", "hardwrap"),
    ("segment",),
    ("placeholders",),
    ("mdparser", "article"),
    ("markdown",),
    # Values for a locale, and a translation as a template of them.
    ("localeformat", "substitution"),
    # Catalogues: PO and MO files, entries, the memory, the merge, the checks.
    ("powriter", "pofile", "mo", "gnu", "entries", "plurals"),
    ("memory",),
    ("catalog",),
    ("checks",),
    # The disk.
    ("store",),
    # Outputs.
    ("review", "render"),
    # Outside material: web pages (only fetch uses the network) and published translations.
    ("webarticle", "webdates", "webtext", "webnames"),
    ("webtidy",),
    ("webmeta", "webstory"),
    ("webpage",),
    ("fetch",),
    ("alignweights", "alignresult"),
    ("alignvalues",),
    ("aligntemplate", "alignread", "alignanchors"),
    ("alignscore",),
    ("aligndp",),
    ("align",),
    # The project: its layout, state, memory caches, workers, commands.
    ("reports", "workspace", "sources", "state", "workers", "memory_store"),
    ("commands",),
    # The terminal.
    ("cli", "__main__"),
)


def _modules() -> dict[str, list[Path]]:
    """Every module of the package by its name in the layers (a subpackage counts as one module)."""
    found: dict[str, list[Path]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts == ("__init__",):
            continue
        found.setdefault(parts[0], []).append(path)
    return found


def _imports(paths: list[Path]) -> set[str]:
    """The package's modules that these files import, at any depth of the code."""
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:  # relative imports stay within a subpackage
                continue
            for target in targets:
                parts = target.split(".")
                if parts[0] == NAME and len(parts) > 1 and parts[1] != "__version__":
                    names.add(parts[1])
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(paths) & set(modules) - {name} for name, paths in modules.items()}


def _layer() -> dict[str, int]:
    return {name: depth for depth, layer in enumerate(LAYERS) for name in layer}


def test_every_module_has_a_layer():
    assert sorted(set(_modules()) - set(_layer())) == []


def test_no_module_imports_from_a_higher_layer():
    layer = _layer()
    upward = [
        f"{name} (layer {layer[name]}) imports {target} (layer {layer[target]})"
        for name, targets in sorted(_graph().items())
        for target in sorted(targets)
        if name in layer and target in layer and layer[target] > layer[name]
    ]
    assert upward == []


def test_no_import_cycle():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_no_module_is_longer_than_a_reader_can_hold():
    # About 600 lines: past that, a module has more than one role (issue 16).
    long = {
        path.relative_to(PACKAGE).as_posix(): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 650
    }
    assert long == {}


def test_the_readme_layout_names_every_module():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    missing = [
        path.relative_to(PACKAGE.parent).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py") and f" {path.name} " not in layout.replace("\n", " \n")
    ]
    assert missing == []
