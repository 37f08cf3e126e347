"""``l10n all`` over an archive where nothing changed since a run that found everything up to date."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import SEED, Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import store
from pipeline.commands import cycle
from pipeline.reports import Keys, Report, UpToDate


def _age(project: Project) -> None:
    """Date every file an hour back (as a copy or checkout that keeps times may)."""
    past = time.time() - 3600
    for path in project.root.rglob("*"):
        if path.is_file() and ".l10n" not in path.parts:
            os.utime(path, (past, past))


def _settle(project: Project) -> None:
    project.run("all")
    _age(project)
    result = project.run("all")  # finds everything up to date, and says so for the next run
    assert result.exit_code == 0 and "created" not in result.output and "updated" not in result.output


def test_a_settled_rerun_reports_every_file_as_a_full_check_does(project: Project):
    # Slugs whose order differs from their files' ("a" before "a-b", but "a-b.pot" before "a.pot").
    seed = (project.root / "source" / f"{SEED}.txt").read_text(encoding="utf-8")
    for slug in ("a", "a-b"):
        (project.root / "source" / f"{slug}.txt").write_text(seed.replace("600-seat", f"{len(slug)}00-seat"))
    _settle(project)
    settled = project.run("-v", "all")
    (project.root / "source" / f"{SEED}.txt").touch()  # a new time, the same bytes: every file is checked
    _age(project)
    checked = project.run("-v", "all")
    assert settled.exit_code == checked.exit_code == 0
    assert settled.stdout == checked.stdout
    assert settled.stdout.count(": unchanged (up to date)") == 36


def test_a_settled_runs_report_is_the_full_checks_report_made_as_it_is_read(project: Project):
    for slug in ("a", "a-b"):
        shutil.copy(project.root / "source" / f"{SEED}.txt", project.root / "source" / f"{slug}.txt")
    _settle(project)
    settled = cycle(store.load_config(project.root))
    (project.root / "source" / f"{SEED}.txt").touch()  # every file checked
    _age(project)
    checked = cycle(store.load_config(project.root))
    assert isinstance(settled.files, UpToDate) and isinstance(checked.files, tuple)
    assert settled == checked and checked == settled and hash(settled) == hash(checked)
    files = checked.files
    assert len(settled.files) == len(files) == 36
    assert list(settled.files) == list(files)
    assert [settled.files[n] for n in range(-len(files), len(files))] == [*files, *files]
    assert settled.files[5:30:4] == files[5:30:4] and settled.files[::-1] == files[::-1]
    with pytest.raises(IndexError):
        settled.files[len(files)]
    assert settled != Report(files[:-1]) and settled != Report((*files[:-1], files[0]))


def test_keys_are_the_product_of_their_axes_in_order():
    keys = Keys(lambda *parts: "/".join(parts), ["kk", "ru"], ["a-b", "a"], ["txt", "md", "html"])
    product = ["/".join(parts) for parts in itertools.product(["kk", "ru"], ["a-b", "a"], ["txt", "md", "html"])]
    assert len(keys) == 12 and list(keys) == product
    assert [keys[n] for n in range(-12, 12)] == [*product, *product] and keys[1:9:3] == product[1:9:3]
    assert list(Keys(str.upper, [])) == [] and len(Keys(str.upper, [])) == 0


def test_an_article_edited_after_a_settled_run_is_made_again(project: Project):
    _settle(project)
    source = project.root / "source" / f"{SEED}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("600-seat", "900-seat"), encoding="utf-8")
    os.utime(source, (time.time() - 60, time.time() - 60))  # an old time, as a copy that keeps times gives
    result = project.run("all")
    assert f"locale/{SEED}.pot: updated" in result.output
    assert "900" in (project.root / "build" / "en" / f"{SEED}.txt").read_text(encoding="utf-8")


def test_an_output_deleted_after_a_settled_run_is_made_again(project: Project):
    _settle(project)
    output = project.root / "build" / "ru" / f"{SEED}.html"
    output.unlink()
    result = project.run("all")
    assert f"build/ru/{SEED}.html: created" in result.output


_EDITS = st.sampled_from(["nothing", "touch source", "edit source", "edit catalogue", "delete output", "age"])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_EDITS, min_size=1, max_size=5))
def test_all_with_its_shortcut_leaves_what_the_three_commands_leave(tmp_path_factory, edits):
    import shutil

    from conftest import REPO

    twins = []
    for name in ("all", "steps"):
        root = tmp_path_factory.mktemp(name)
        shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
        shutil.copytree(REPO / "source", root / "source")
        shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
        twins.append(Project(root))
    quick, steps = twins
    for n, edit in enumerate(edits):
        for twin in twins:
            _edit(twin, edit, n)
        quick.run("all")
        for command in ("extract", "update", "build"):
            steps.run(command)
    assert _outputs(quick) == _outputs(steps)


def _edit(project: Project, edit: str, n: int) -> None:
    source = project.root / "source" / f"{SEED}.txt"
    po = project.root / "locale" / "ru" / "LC_MESSAGES" / f"{SEED}.po"
    if edit == "touch source":
        source.touch()
    elif edit == "edit source":
        source.write_text(source.read_text(encoding="utf-8") + f"\nEdit number {n}.\n", encoding="utf-8")
    elif edit == "edit catalogue" and po.exists():
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace('msgstr "Фото: gov.kz"', f'msgstr "Фото: gov.kz {n}"', 1), encoding="utf-8")
    elif edit == "delete output":
        Path(project.root / "build" / "kk" / f"{SEED}.md").unlink(missing_ok=True)
    elif edit == "age":
        _age(project)


def _outputs(project: Project) -> dict[str, bytes]:
    return {key: data for key, data in project.snapshot().items() if not key.startswith(".l10n/")}


_LOADED = """
import sys
from pipeline.cli import cli
try:
    cli(["-q", "all"])
except SystemExit:
    pass
print(sorted(m for m in ("pipeline.catalog", "pipeline.commands", "pipeline.memory") if m in sys.modules))
"""


def test_a_settled_rerun_never_loads_the_catalogue_machinery(project: Project):
    import subprocess
    import sys

    _settle(project)
    done = subprocess.run([sys.executable, "-c", _LOADED], cwd=project.root, capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
    (project.root / "build" / "kk" / f"{SEED}.txt").unlink()
    done = subprocess.run([sys.executable, "-c", _LOADED], cwd=project.root, capture_output=True, text=True, check=True)
    assert done.stdout == "['pipeline.catalog', 'pipeline.commands', 'pipeline.memory']\n"


_OPENED = """
import sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and opened.append(str(args[0])))
from pipeline.cli import cli
try:
    cli(["-q", "all"])
except SystemExit:
    pass
print(sorted({name.rsplit("/", 1)[-1] for name in opened if "/.l10n/" in name}))
"""


def test_a_settled_rerun_does_not_read_the_state(project: Project):
    import subprocess
    import sys

    _settle(project)
    done = subprocess.run([sys.executable, "-c", _OPENED], cwd=project.root, capture_output=True, text=True, check=True)
    assert done.stdout == "['lock', 'settled.json']\n"


def test_a_state_changed_since_the_settled_run_makes_every_file_checked(project: Project):
    import subprocess
    import sys

    _settle(project)
    (project.root / ".l10n" / "state.db").unlink()
    done = subprocess.run([sys.executable, "-c", _LOADED], cwd=project.root, capture_output=True, text=True, check=True)
    assert done.stdout == "['pipeline.catalog', 'pipeline.commands', 'pipeline.memory']\n"
    result = project.run("-v", "all")  # and having found every file up to date again, the next run settles
    assert result.exit_code == 0 and "created" not in result.output and "updated" not in result.output
    done = subprocess.run([sys.executable, "-c", _LOADED], cwd=project.root, capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


_DAYS = st.sampled_from(
    ["edit source", "edit catalogue", "refuse", "delete output", "delete article", "russian article", "age", "nothing"]
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(_DAYS, min_size=1, max_size=4))
def test_the_run_after_any_run_says_what_a_full_check_says(tmp_path_factory, days):
    """Whatever a run wrote, removed or said, the next one (settled or not) reports as checking every file does."""
    import shutil

    from conftest import REPO

    root = tmp_path_factory.mktemp("day")
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    seed = (root / "source" / f"{SEED}.txt").read_text(encoding="utf-8")
    (root / "source" / "second.txt").write_text(seed.replace("600-seat", "700-seat"), encoding="utf-8")
    project = Project(root)
    for n, day in enumerate(days):
        _day(project, day, n)
        project.run("all")
        twin = Project(tmp_path_factory.mktemp("twin") / "newsroom")
        shutil.copytree(root, twin.root)  # times kept: the state's records hold for the copy too
        (twin.root / ".l10n" / "settled.json").unlink(missing_ok=True)  # every file checked
        ours, checked = project.run("-v", "all"), twin.run("-v", "all")
        said = [(r.exit_code, r.stdout, re.sub(r" in [0-9.]+ s$", "", r.stderr, flags=re.M)) for r in (ours, checked)]
        assert said[0] == said[1]
        assert _outputs(project) == _outputs(twin)


def _day(project: Project, day: str, n: int) -> None:
    source = project.root / "source" / f"{SEED}.txt"
    po = project.root / "locale" / "ru" / "LC_MESSAGES" / f"{SEED}.po"
    if day == "refuse" and po.exists():  # a translation naming a value its sentence does not have
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace('msgstr "Фото: gov.kz"', 'msgstr "Фото: {amount}"', 1), encoding="utf-8")
    elif day == "delete article":
        source.unlink(missing_ok=True)
    elif day == "russian article":
        text = "Астана, 1 июля 2024 года. Правительство выделило 14,7 млрд тенге на строительство новых школ.\n"
        (project.root / "source" / f"russian-{n}.txt").write_text(text, encoding="utf-8")
    elif source.exists():
        _edit(project, day, n)  # its sentence added falls back to English until translated


@pytest.mark.parametrize("changed", ["written", "untouched"])
def test_a_file_changed_while_a_run_wrote_its_files_is_made_again_by_the_next(project: Project, changed: str):
    from pipeline import commands, store
    from pipeline.reports import joined
    from pipeline.workspace import Workspace

    source = project.root / "source" / f"{SEED}.txt"
    (project.root / "source" / "second.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _settle(project)
    source.write_text(source.read_text(encoding="utf-8").replace("600-seat", "900-seat"), encoding="utf-8")
    ws = Workspace(store.load_config(project.root))
    ws.snapshot()  # as l10n all takes it first
    config = ws.config
    report = joined(
        commands.extract(ws),
        commands.update(ws, config.targets),
        commands.build(ws, config.all_locales, config.formats),
    )
    assert f"build/kk/{SEED}.txt" in {f.path for f in report.files if f.outcome.value == "updated"}
    # Someone writes a file while the run is still going: one it wrote, or one it found up to date.
    victim = project.root / "build" / "kk" / (f"{SEED}.txt" if changed == "written" else "second.txt")
    victim.write_bytes(victim.read_bytes() + b"\n")
    ws.settle(report)
    again = project.run("-v", "all")
    assert f"{victim.relative_to(project.root).as_posix()}: updated" in again.stdout
    assert again.stdout.count(": updated") == 1  # every file checked, the others found as the run left them
