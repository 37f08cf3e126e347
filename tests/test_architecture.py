"""The layers of the package, as the README's Layout section draws them, checked on the import graph.

Every module of the package sits in one layer; a module may import modules of
its own layer or of a lower one, never of a higher one, and no chain of
imports (deferred ones inside functions included) comes back to where it
started. A subpackage's modules have layers of their own. A new module has
to be placed in a layer here, so the picture stays true as the package grows.
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
    ("powriter", "pofile", "poscan", "mo", "gnu", "entries", "plurals"),
    ("memory",),
    ("catalog",),
    ("checks",),
    # The disk.
    ("store",),
    ("listing", "lock"),
    # Outputs.
    ("review", "render"),
    # Outside material: web pages (only fetch uses the network) and published translations.
    ("web", "web.fetched", "web.dates", "web.text", "web.names"),
    ("web.tidy",),
    ("web.meta", "web.story"),
    ("web.page",),
    ("fetch",),
    ("align.weights", "align.result"),
    ("align.values",),
    ("align.template", "align.read", "align.anchors"),
    ("align.score",),
    ("align.dp",),
    ("align",),
    # The project: its layout, state, memory caches, workers, commands.
    (
        "reports",
        "workspace",
        "sources",
        "tuning",
        "records",
        "memory_db",
        "memory_disk",
        "state_db",
        "state",
        "workers",
        "parsed",
        "answers",
        "memory_store",
    ),
    ("commands.common",),
    ("commands.extract", "commands.update", "commands.build", "commands.quality", "commands.fetch", "commands.align"),
    ("commands.cycle",),
    ("commands",),
    # The terminal.
    ("cli", "__main__"),
)


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name under it (a subpackage's ``__init__`` by the subpackage's)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: set[str]) -> set[str]:
    """The package's modules that one file imports, at any depth of its code (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            dotted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                within = [NAME, *package.split(".")] if package else [NAME]
                base = ".".join(within[: len(within) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            dotted = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in dotted:
            head, _, rest = target.partition(".")
            if head == NAME and rest in modules:
                targets.add(rest)
    return targets


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) - {name} for name, path in modules.items()}


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
    missing += [
        path.parent.relative_to(PACKAGE.parent).as_posix()
        for path in sorted(PACKAGE.rglob("*/__init__.py"))
        if f" {path.parent.name}/ " not in layout.replace("\n", " \n")
    ]
    assert missing == []
