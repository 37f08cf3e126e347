"""SECURITY.md names a test for each promise: every test it names exists."""

from __future__ import annotations

import ast
import re

from conftest import REPO


def _tests_in(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_test_security_md_names_exists():
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    section = text.split("## Promises and their tests", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    assert len(rows) >= 15
    named = 0
    for row in rows:
        current = None
        for file, name in re.findall(r"`(?:([\w/]+\.py))?(?:::)?(?:…::)?(test_\w+)?`", row):
            if file:
                current = REPO / "tests" / file
                assert current.exists(), f"SECURITY.md names {file}, which does not exist"
            if name:
                assert current is not None, row
                assert name in _tests_in(current), f"SECURITY.md names {name} in {current.name}: no such test"
                named += 1
    assert named > 40


def test_every_command_option_and_check_id_is_in_the_readme():
    from pipeline.cli import cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in cli.commands.items():
        if f"l10n {name}" not in readme:
            missing.append(f"command {name}")
        for param in command.params:
            opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
            if opts and not any(re.search(re.escape(o) + r"\b", readme) for o in opts):
                missing.append(f"{name} {opts[-1]}")
    source = (REPO / "pipeline" / "checks.py").read_text(encoding="utf-8")
    for module in sorted((REPO / "pipeline" / "commands").glob("*.py")):
        source += module.read_text(encoding="utf-8")
    ids = set(re.findall(r'Severity\.\w+, [^\n]*?"([a-z][a-z-]+)"\)', source))
    ids |= set(re.findall(r'report\(Severity\.\w+, [^\n]+, "([a-z][a-z-]+)"\)', source))
    ids |= {"po-syntax", "format", "progress"}
    missing += [f"check {i}" for i in sorted(ids) if f"`{i}`" not in readme]
    assert not missing, missing
