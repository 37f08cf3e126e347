"""The caches under .l10n/ are shortcuts: a forged or damaged record never becomes a published translation."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project

from pipeline import memory_store, records, store
from pipeline.records import Unusable

SEED = "baiterek-space-rocket-complex"
SENTENCE = "The committee will meet again next week."


def _forge(project: Project, sentence: str, translation: str) -> None:
    """Add a pair the seed's catalogue does not hold to the Russian memory's cache, through its own writer."""
    config = store.load_config(project.root)
    path = records.memory_file(project.root, "ru", records.CATALOGUES)
    base = memory_store.base_of(config)
    cache = records.load_catalogues(path, base)
    assert not isinstance(cache, Unusable)
    key = f"locale/ru/LC_MESSAGES/{SEED}.po"
    cache[key] = cache[key]._replace(flat=[*cache[key].flat, sentence, translation])  # under its real content hash
    records.write_catalogues(path, base, cache)
    for suffix in (records.BUILT, records.PATCH):
        records.memory_file(project.root, "ru", suffix).unlink(missing_ok=True)  # the run builds from the forged cache


def test_a_forged_memory_record_under_a_catalogues_real_hash_is_not_published(project: Project):
    assert project.run("all").exit_code == 0
    assert (project.root / ".l10n/memory-ru.json").exists()
    _forge(project, SENTENCE, "ПОДДЕЛКА")
    (project.root / "source/second.txt").write_text(f"{SENTENCE}\n", encoding="utf-8")
    assert project.run("all").exit_code == 0
    assert "ПОДДЕЛКА" not in (project.root / "build/ru/second.txt").read_text(encoding="utf-8")


def test_an_honest_memory_record_still_fills_the_same_sentence_elsewhere(project: Project):
    # The check does not cost the memory its use: a pair the catalogue holds is taken as before.
    assert project.run("all").exit_code == 0
    sentence = "Since 2018, the complex has been operated by the Kazakh side."
    (project.root / "source/second.txt").write_text(f"{sentence}\n", encoding="utf-8")
    assert project.run("all").exit_code == 0
    published = (project.root / "build/ru/second.txt").read_text(encoding="utf-8")
    assert published == "С 2018 года комплекс эксплуатируется казахстанской стороной.\n"


@pytest.mark.parametrize(
    "name", ["state.json", "state.log", "memory-ru.json", "memory-ru.built.db", "memory-ru.patch.json", "commit.json"]
)
@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"catalogs": 5, "base": [1], "format": {}, "files": [1, "../../x", null], "on": 3}',
    ],
    ids=["nested-past-the-parser", "wrongly-typed"],
)
def test_a_damaged_cache_file_is_ignored_and_the_run_gives_what_a_clean_one_gives(project: Project, name, content):
    assert project.run("all").exit_code == 0
    clean = {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")}
    (project.root / ".l10n" / name).write_text(content, encoding="utf-8")
    result = project.run("all")
    assert result.exit_code == 0, result.output
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == clean


_CACHES = ["state.db", "state.db-journal", "state.json", "state.log", "settled.json"]
_CACHES += ["memory-ru.json", "memory-ru.built.db", "memory-ru.patch.json"]


@pytest.mark.parametrize("name", _CACHES)
@pytest.mark.parametrize("kind", ["fifo", "link to a fifo outside the project"])
def test_a_cache_that_is_not_a_regular_file_is_not_waited_on_nor_followed(project: Project, tmp_path, name, kind):
    assert project.run("all").exit_code == 0
    clean = {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")}
    cache = project.root / ".l10n" / name
    cache.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(cache)
    else:
        os.mkfifo(tmp_path / "outside")
        cache.symlink_to(tmp_path / "outside")
    # In its own process, so that a read that waits on the FIFO fails the test instead of hanging it.
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "-q", "all"], cwd=project.root, capture_output=True, text=True, timeout=120
    )
    if run.returncode == 1:  # a cache the run writes is refused, as any write through a link leaving the project
        assert kind != "fifo" and run.stderr.count("\n") == 1 and "is a link that leaves the project" in run.stderr
        assert stat.S_ISFIFO(os.lstat(tmp_path / "outside").st_mode)
        return
    assert run.returncode == 0, run.stderr
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == clean


def _immutable(path: Path) -> None:
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", path], capture_output=True).returncode:
        pytest.skip("chattr +i needs the CAP_LINUX_IMMUTABLE capability, which this machine does not give")


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("state.db", Path.mkdir, "is a folder where l10n keeps its state (remove it: l10n makes its state again"),
        ("state.db-journal", Path.mkdir, "is a folder where l10n keeps its state"),
        ("state.db", _immutable, "cannot be written (read-only or immutable) (make it writable, or remove it"),
    ],
    ids=["folder", "folder-at-journal", "immutable"],
)
def test_a_state_that_could_never_be_written_stops_the_run_before_any_work(project: Project, name, make, said):
    assert project.run("extract").exit_code == 0
    path = project.root / ".l10n" / name
    if make is not _immutable:
        path.unlink(missing_ok=True)
    make(path)
    try:
        before = project.snapshot()
        result = project.run("update")
        assert result.exit_code == 1 and result.stderr.startswith(f"l10n: error: .l10n/{name}: {said}")
        assert result.stderr.count("\n") == 1 and project.snapshot() == before
    finally:
        subprocess.run(["chattr", "-i", path], capture_output=True)
    path.rmdir() if path.is_dir() else path.unlink()
    assert project.run("update").exit_code == 0  # as the hint says


def test_a_state_folder_that_leaves_the_project_is_refused_before_anything_is_written(project: Project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project.root / ".l10n").symlink_to(outside, target_is_directory=True)
    result = project.run("all")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"l10n: error: .l10n/lock: is a link that leaves the project (to {outside})")
    assert list(outside.iterdir()) == []
