"""One update's files take effect together: killed at the commit, the next command finishes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED, Project

# Writes three catalogues in one transaction, and is killed (SIGKILL, by
# itself) at the second rename of the commit: the commit record is on disk,
# one file is in place and two are staged.
KILLED_AT_COMMIT = """
import os, signal, sys
from pathlib import Path
from pipeline import lock, store
config = store.load_config(Path(sys.argv[1]))
renames = 0
real_replace = os.replace
def replace(src, dst):
    global renames
    if str(src).endswith(".pending"):
        renames += 1
        if renames == 2:
            os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
os.replace = replace
with lock.project_lock(config):
    with store.transaction(config):
        for name in ("a", "b", "c"):
            store.write_text(config.locale_dir / "ru" / "LC_MESSAGES" / f"{name}.po", f"new {name}\\n")
"""


def _folder(project: Project) -> Path:
    return project.root / "locale" / "ru" / "LC_MESSAGES"


def test_a_transaction_killed_at_its_commit_is_finished_by_the_next_command(project: Project):
    folder = _folder(project)
    for name in "abc":
        (folder / f"{name}.po").write_text(f"old {name}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", KILLED_AT_COMMIT, str(project.root)], cwd=REPO, check=False)
    assert done.returncode == -9
    # Killed half way through the renames: a mix, for now.
    assert sorted(p.read_text(encoding="utf-8") for p in folder.glob("[abc].po")) == ["new a\n", "old b\n", "old c\n"]
    project.run("compile", "-l", "kk")  # any command that takes the lock finishes the commit first
    assert [(folder / f"{n}.po").read_text(encoding="utf-8") for n in "abc"] == ["new a\n", "new b\n", "new c\n"]
    assert not list(folder.glob(".*.pending"))
    assert not (project.root / ".l10n" / "commit.json").exists()


def test_a_transaction_that_fails_changes_nothing(project: Project):
    from pipeline import store

    config = store.load_config(project.root)
    before = project.snapshot()
    try:
        with store.transaction(config):
            store.write_text(_folder(project) / "baiterek-space-rocket-complex.po", "changed\n")
            raise OSError("disk full")
    except OSError:
        pass
    assert project.snapshot() == before


def test_staged_files_left_by_a_killed_command_before_its_commit_are_removed(project: Project):
    stray = _folder(project) / ".baiterek-space-rocket-complex.po.pending"
    stray.write_text("half an update\n", encoding="utf-8")
    (project.root / ".l10n").mkdir(exist_ok=True)
    (project.root / ".l10n" / "lock").write_text("busy\n", encoding="utf-8")  # as a kill -9 leaves it
    shipped = (REPO / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po").read_bytes()
    assert project.run("update", "-l", "ru").exit_code == 0
    assert not stray.exists()
    assert (_folder(project) / "baiterek-space-rocket-complex.po").read_bytes() == shipped


def _write_in_a_worker(name: str) -> str:
    from pipeline import store
    from pipeline.workers import context

    folder: Path = context()
    store.write_text(folder / f"{name}.po", f"from a worker {name}\n")
    return name


def test_files_staged_by_workers_take_effect_at_the_commit(project: Project):
    from pipeline import store
    from pipeline.reports import quiet
    from pipeline.workers import parallel

    config = store.load_config(project.root)
    folder = _folder(project)
    names = [f"w{n}" for n in range(12)]
    with store.transaction(config):
        store.write_text(folder / "parent.po", "from the parent\n")
        assert parallel(_write_in_a_worker, names, 2, quiet, folder) == names
        assert not (folder / "w0.po").exists()  # staged until the commit
    assert (folder / "parent.po").read_text(encoding="utf-8") == "from the parent\n"
    assert [(folder / f"{n}.po").read_text(encoding="utf-8") for n in names] == [f"from a worker {n}\n" for n in names]
    assert not list(folder.glob(".*.pending"))


def test_each_hands_on_the_workers_results_in_order_as_they_come(project: Project):
    from pipeline import store
    from pipeline.workers import each

    config = store.load_config(project.root)
    folder = _folder(project)
    names = [f"w{n}" for n in range(40)]
    taken: list[str] = []
    told: list[tuple[int, int]] = []
    with store.transaction(config):
        each(_write_in_a_worker, names, 2, lambda done, total: told.append((done, total)), folder, taken.append)
    assert taken == names
    assert told == [(n, 40) for n in range(41)]
    assert [(folder / f"{n}.po").read_text(encoding="utf-8") for n in names] == [f"from a worker {n}\n" for n in names]


def _mark_slowly(name: str) -> str:
    import time

    from pipeline.workers import context

    (context() / name).touch()
    time.sleep(0.01)
    return name


def test_an_error_taking_a_result_stops_the_work_not_started_yet(tmp_path: Path):
    from pipeline.reports import quiet
    from pipeline.workers import each

    def refuse(name: str) -> None:
        raise RuntimeError(f"cannot take {name}")

    names = [f"m{n}" for n in range(400)]
    with pytest.raises(RuntimeError, match="cannot take m0"):
        each(_mark_slowly, names, 2, quiet, tmp_path, refuse)
    assert 0 < len(list(tmp_path.iterdir())) < len(names)


_STARTED: list[str] = []


def _start(key: str) -> None:
    _STARTED.append(key)  # in the standby process: the work there sees it


def _started_and_written(name: str) -> tuple[list[str], str]:
    return list(_STARTED), _write_in_a_worker(name)


def _fail(name: str) -> None:
    from pipeline.errors import OutputError

    raise OutputError("cannot write the file: No space left on device", path=name)


def test_standby_processes_start_ahead_and_stage_their_work_in_the_transaction_that_runs_it(project: Project):
    from pipeline import store
    from pipeline.workers import Standby

    config = store.load_config(project.root)
    folder = _folder(project)
    # Forked before the transaction began.
    with Standby(["kk", "ru", "en"], _start, folder) as standby, store.transaction(config):
        done = standby.run([("ru", _started_and_written, "x"), ("kk", _started_and_written, "y")])
        assert done == [(["ru"], "x"), (["kk"], "y")]
        assert not (folder / "x.po").exists()  # staged until the commit
        assert standby.keys() == []  # the one given no work is stopped once the work is done
    assert _STARTED == []  # each start ran in its own process
    assert (folder / "x.po").read_text(encoding="utf-8") == "from a worker x\n"
    assert (folder / "y.po").read_text(encoding="utf-8") == "from a worker y\n"
    assert not list(folder.glob(".*.pending"))


def _telling(steps: int) -> int:
    from pipeline.workers import told

    for done in range(steps + 1):
        told(done, steps)
    return steps


def test_standby_processes_tell_their_progress_to_the_command_summed(project: Project):
    from pipeline.workers import Standby, told

    told(1, 2)  # outside a standby process: nothing to tell, nothing fails
    heard: list[tuple[int, int]] = []
    with Standby(["kk", "ru"], _start, _folder(project)) as standby:
        done = standby.run([("kk", _telling, 3), ("ru", _telling, 5)], lambda d, t: heard.append((d, t)))
    assert done == [3, 5]
    assert heard[-1] == (8, 8)  # both done, whichever was heard last
    assert len(heard) == 4 + 6 and all(done <= total <= 8 for done, total in heard)
    assert [total for _, total in heard] == sorted(total for _, total in heard)


def _interrupt(done: int, total: int) -> None:
    raise RuntimeError("interrupted")  # as Ctrl-C interrupts the command while it hears the processes out


def test_an_interrupted_standby_run_stops_its_processes_instead_of_waiting_for_them(project: Project):
    import multiprocessing

    from pipeline.workers import Standby

    # Enough words of progress to fill the links: unread, they would block the processes for good.
    with Standby(["kk", "ru"], _start, _folder(project)) as standby, pytest.raises(RuntimeError, match="interrupted"):
        standby.run([("kk", _telling, 100_000), ("ru", _telling, 100_000)], _interrupt)
    assert multiprocessing.active_children() == []


def _start_or_die(key: str) -> None:
    if key == "ru":
        os._exit(1)  # killed before its work, say by the out-of-memory killer


@pytest.mark.parametrize(
    ("start", "work", "error"),
    [
        (_start, _fail, "No space left"),  # the work raised an error of its own
        (_start_or_die, _write_in_a_worker, "ended before its work was done"),
    ],
)
def test_a_standby_process_that_fails_is_reported_and_the_others_are_ended_with_nothing_staged(
    project: Project, start, work, error
):
    from pipeline import store
    from pipeline.errors import OutputError
    from pipeline.workers import Standby

    config = store.load_config(project.root)
    before = project.snapshot()
    with (
        Standby(["kk", "ru"], start, _folder(project)) as standby,
        pytest.raises(OutputError, match=error),
        store.transaction(config),
    ):
        standby.run([("kk", _write_in_a_worker, "x"), ("ru", work, "y")])
    assert project.snapshot() == before  # the other's write was heard, then undone with the rest


def test_a_staged_name_hard_linked_outside_the_project_is_not_written_through(project: Project, tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not the project's\n", encoding="utf-8")
    folder = _folder(project)
    po = folder / "baiterek-space-rocket-complex.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "x', 1), encoding="utf-8")
    os.link(outside, folder / ".baiterek-space-rocket-complex.po.pending")
    assert project.run("update", "-l", "ru").exit_code == 0
    assert outside.read_text(encoding="utf-8") == "not the project's\n"
    assert os.stat(outside).st_nlink == 1
    assert not list(folder.glob(".*.pending"))


def test_a_file_written_twice_in_a_transaction_takes_the_second(project: Project):
    from pipeline import store

    config = store.load_config(project.root)
    target = _folder(project) / "twice.po"
    with store.transaction(config):
        store.write_text(target, "first, and longer than the second\n")
        store.write_text(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert not list(_folder(project).glob(".*.pending"))


def test_a_catalogue_linked_to_a_file_elsewhere_in_the_project_is_updated_through_the_link(project: Project):
    folder = _folder(project)
    kept = project.root / "shared" / f"{SEED}.po"
    kept.parent.mkdir()
    (folder / f"{SEED}.po").rename(kept)
    (folder / f"{SEED}.po").symlink_to(Path("../../../shared") / kept.name)
    with (project.root / "source" / f"{SEED}.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA closing sentence was added on the day.\n")
    result = project.run("all")
    assert result.exit_code == 0, result.output
    assert (folder / f"{SEED}.po").is_symlink()
    assert 'msgid "A closing sentence was added on the day."' in kept.read_text(encoding="utf-8")
    assert not list(folder.glob(".*.pending")) and not list(kept.parent.glob(".*.pending"))
    again = project.run("all", "-v")
    assert f"locale/ru/LC_MESSAGES/{SEED}.po: updated" not in again.output
