"""Faults: kill -9 at random points, two updates at once, a full disk. Nothing is ever half written."""

from __future__ import annotations

import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402

ARTICLES = 120

pytestmark = pytest.mark.slow


def l10n(root: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "-C", str(root), *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err


def files(root: Path, pattern: str) -> dict[str, bytes]:
    """The files matching ``pattern``, but for the hidden temporary files a killed process leaves behind."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.glob(pattern))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    """An archive whose sources were edited after translation: update and build have real work to do."""
    base = tmp_path_factory.mktemp("archive") / "project"
    base.mkdir()
    shutil.copy2(REPO / "pyproject.toml", base / "pyproject.toml")
    corpus.main(ARTICLES, base, edit=False)
    for command in ("extract", "update"):
        assert finish(l10n(base, command))[0] == 0
    corpus.translate_all(base)
    corpus.main(ARTICLES, base, edit=True)
    assert finish(l10n(base, "extract"))[0] == 0
    old = files(base, "locale/*/LC_MESSAGES/*.po")
    done = tmp_path_factory.mktemp("done") / "project"
    shutil.copytree(base, done)
    start = time.perf_counter()
    assert finish(l10n(done, "update"))[0] == 0
    update_seconds = time.perf_counter() - start
    new = files(done, "locale/*/LC_MESSAGES/*.po")
    start = time.perf_counter()
    assert finish(l10n(done, "build"))[0] == 0
    build_seconds = time.perf_counter() - start
    built = files(done, "build/*/*")
    return {
        "base": base,
        "done": done,
        "old": old,
        "new": new,
        "built": built,
        "update": update_seconds,
        "build": build_seconds,
    }


def small_disk() -> None:
    """Run in the child: writing past 4 kB fails with EFBIG, as a full disk fails a write."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def _copy(archive: dict, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(archive["base"], root)
    return root


def test_workers_write_what_one_process_writes(archive, tmp_path):
    # 120 stale catalogues per language: the workers share out the articles.
    root = _copy(archive, tmp_path)
    assert finish(l10n(root, "update", "-j", "2"))[0] == 0
    assert files(root, "locale/*/LC_MESSAGES/*.po") == archive["new"]
    assert finish(l10n(root, "build", "-j", "2"))[0] == 0
    assert files(root, "build/*/*") == archive["built"]


def test_a_small_edit_leaves_the_memory_cache_and_the_next_run_still_sees_it(archive, tmp_path):
    root = _copy(archive, tmp_path)
    assert finish(l10n(root, "update"))[0] == 0
    caches = files(root, ".l10n/memory-??.json") | files(root, ".l10n/memory-*.built.db")
    first = root / "source" / "a00000.txt"
    first.write_text(first.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    for command in ("extract", "update"):
        assert finish(l10n(root, command, "-j", "2"))[0] == 0
    # One catalogue of 120 is out of date in the caches: not worth rewriting
    # them; the saved memory's patch says what changed.
    assert files(root, ".l10n/memory-??.json") | files(root, ".l10n/memory-*.built.db") == caches
    assert all(b"a00000.po" in text for text in files(root, ".l10n/memory-*.patch.json").values())
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    for path in (twin / ".l10n").iterdir():
        path.unlink()
    second = "\nAnother sentence added later.\n"
    for project in (root, twin):
        source = project / "source" / "a00001.txt"
        source.write_text(source.read_text(encoding="utf-8") + second, encoding="utf-8")
        for command in ("extract", "update"):
            assert finish(l10n(project, command))[0] == 0
    assert files(root, "locale/*/LC_MESSAGES/*.po") == files(twin, "locale/*/LC_MESSAGES/*.po")


@pytest.mark.parametrize(("seed", "jobs"), [(1, "1"), (2, "1"), (3, "2"), (4, "2")])
def test_kill_during_update_leaves_every_po_old_or_new(archive, tmp_path, seed, jobs):
    # With -j 2 only the parent is killed: its workers finish the catalogue
    # they are writing and exit, and hold the project's lock until they do.
    root = _copy(archive, tmp_path)
    proc = l10n(root, "update", "-j", jobs)
    time.sleep(random.Random(seed).uniform(0.2, 0.9) * archive["update"])
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    now = files(root, "locale/*/LC_MESSAGES/*.po")
    assert now.keys() == archive["old"].keys()
    for name, data in now.items():
        assert data in (archive["old"][name], archive["new"][name]), f"{name} is neither the old nor the new file"
    code, err = finish(l10n(root, "update"))
    assert code == 0, err
    # The rerun ends where an uninterrupted update ends, byte for byte.
    assert files(root, "locale/*/LC_MESSAGES/*.po") == archive["new"]


@pytest.fixture(scope="module")
def cycled(archive, tmp_path_factory) -> dict:
    """What an uninterrupted ``l10n all`` makes of the archive, and how long it takes."""
    root = tmp_path_factory.mktemp("cycled") / "project"
    shutil.copytree(archive["base"], root)
    start = time.perf_counter()
    assert finish(l10n(root, "all"))[0] == 0
    return {"seconds": time.perf_counter() - start, "files": files(root, "locale/**/*.po") | files(root, "build/*/*")}


@pytest.mark.parametrize(("seed", "jobs"), [(6, "1"), (7, "1"), (8, "2"), (9, "2")])
def test_a_rerun_after_kill_during_all_gives_what_an_uninterrupted_run_gives(archive, cycled, tmp_path, seed, jobs):
    root = _copy(archive, tmp_path)
    proc = l10n(root, "all", "-j", jobs)
    time.sleep(random.Random(seed).uniform(0.1, 0.95) * cycled["seconds"])
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    code, err = finish(l10n(root, "all"))
    assert code == 0, err
    assert files(root, "locale/**/*.po") | files(root, "build/*/*") == cycled["files"]
    assert not [p for p in root.rglob(".*") if p.is_file() and p.name.endswith((".tmp", ".pending"))]


def test_a_full_disk_during_update_changes_nothing_and_a_rerun_completes(archive, tmp_path):
    root = _copy(archive, tmp_path)
    before = {**files(root, "locale/**/*.po"), **files(root, ".l10n/*")}

    code, err = finish(l10n(root, "update", preexec_fn=small_disk))
    assert code == 1
    assert err.startswith("l10n: error: ") and ": cannot write the file: File too large" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert {**files(root, "locale/**/*.po"), **files(root, ".l10n/*")} == before
    assert not [p for p in root.rglob(".*.pending")]
    assert finish(l10n(root, "update"))[0] == 0
    assert files(root, "locale/*/LC_MESSAGES/*.po") == archive["new"]


@pytest.mark.parametrize(("seed", "jobs"), [(4, "1"), (5, "1"), (3, "2")])
def test_kill_during_build_leaves_no_half_written_output(archive, tmp_path, seed, jobs):
    root = _copy(archive, tmp_path)
    shutil.copytree(archive["done"] / "locale", root / "locale", dirs_exist_ok=True)
    proc = l10n(root, "build", "-j", jobs)
    time.sleep(random.Random(seed).uniform(0.2, 0.9) * archive["build"])
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for name, data in files(root, "build/*/*").items():
        assert data == archive["built"][name], f"{name} is half written"
    code, err = finish(l10n(root, "build"))
    assert code == 0, err
    assert files(root, "build/*/*") == archive["built"]


def test_two_updates_at_once_wait_for_each_other(archive, tmp_path):
    root = _copy(archive, tmp_path)
    first, second = l10n(root, "update"), l10n(root, "update")
    assert finish(first)[0] == 0
    assert finish(second)[0] == 0
    assert files(root, "locale/*/LC_MESSAGES/*.po") == archive["new"]


def test_a_full_disk_is_one_clear_error_and_touches_no_source_or_po(archive, tmp_path):
    root = _copy(archive, tmp_path)
    before = {**files(root, "source/*"), **files(root, "locale/**/*.po*")}

    code, err = finish(l10n(root, "build", preexec_fn=small_disk))
    assert code == 1
    assert err.startswith("l10n: error: build/") and ": cannot write the file: File too large" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert {**files(root, "source/*"), **files(root, "locale/**/*.po*")} == before
    assert not list(root.glob("build/*/.*.tmp"))
