"""Random damage to any file under .l10n/: the next run gives the bytes a run without the damage gives.

The caches and the state are shortcuts. Whatever happens to their bytes (a
flipped bit, a file cut short, garbage appended, a file emptied), a run reads
them as unusable or as what they say, never as something else: the project's
files after the run are those of a twin project whose caches were left alone.
The files are found by listing ``.l10n/``, not by name, so a new cache is
covered the day it appears.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEED = "baiterek-space-rocket-complex"
PO_RU = f"locale/ru/LC_MESSAGES/{SEED}.po"

pytestmark = pytest.mark.slow


def _project(root: Path) -> Project:
    root.mkdir(parents=True)
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    (root / "source" / "second.txt").write_text("The committee will meet again next week.\n", encoding="utf-8")
    return Project(root)


def _edit(project: Project) -> None:
    """A day's work: an article edited, a translation changed by hand."""
    article = project.root / "source" / f"{SEED}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n\nThe work will be finished in 2026.", "utf-8")
    po = project.root / PO_RU
    po.write_text(po.read_text(encoding="utf-8").replace("Фото: Gov.kz", "Фото: gov.kz"), "utf-8")


def _outputs(project: Project) -> dict[str, bytes]:
    return {name: data for name, data in project.snapshot().items() if not name.startswith(".l10n/")}


def _damage(data: bytes, how: str, where: int, byte: int) -> bytes:
    at = where % (len(data) + 1)
    if how == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << (byte % 8))]) + data[at + 1 :]
    if how == "cut":
        return data[:at]
    if how == "append":
        return data + bytes([byte]) * (1 + where % 7)
    return b""


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What a run after the day's work gives when nothing under .l10n/ was damaged."""
    project = _project(tmp_path_factory.mktemp("clean") / "newsroom")
    assert project.run("all").exit_code == 0
    _edit(project)
    assert project.run("all").exit_code == 0
    return _outputs(project)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pick=st.integers(min_value=0),
    how=st.sampled_from(["flip", "cut", "append", "empty"]),
    where=st.integers(min_value=0, max_value=1 << 20),
    byte=st.integers(min_value=0, max_value=255),
)
def test_damaged_cache_bytes_never_change_what_a_run_writes(
    tmp_path_factory: pytest.TempPathFactory, clean: dict[str, bytes], pick: int, how: str, where: int, byte: int
):
    project = _project(tmp_path_factory.mktemp("damaged") / "newsroom")
    assert project.run("all").exit_code == 0
    caches = sorted(p for p in (project.root / ".l10n").rglob("*") if p.is_file() and p.name != "lock")
    assert caches, "the first run left no state to damage"
    target = caches[pick % len(caches)]
    target.write_bytes(_damage(target.read_bytes(), how, where, byte))
    _edit(project)
    result = project.run("all")
    assert result.exit_code == 0, (target.name, how, result.output)
    assert _outputs(project) == clean, (target.name, how)
