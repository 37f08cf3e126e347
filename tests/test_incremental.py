"""An archive brought up to date run after run is what one run from scratch makes of the same files."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO, SEED, Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Sentences that fill one another exactly or as suggestions once a translator translates one.
_SENTENCES = [
    "A sentence nobody has translated yet.",
    "A sentence nobody has translated so far.",
    "Another line that waits for its translator.",
    "Another line that still waits for its translator.",
    "The ministry opened two schools last year.",
]
_EDITS = st.tuples(
    st.sampled_from(["add", "translate", "reword", "nothing"]),
    st.integers(0, 3),
    st.integers(0, len(_SENTENCES) - 1),
)


def _outputs(p: Project) -> dict[str, bytes]:
    return {k: v for k, v in p.snapshot().items() if not k.startswith(".l10n/")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_EDITS, min_size=1, max_size=6))
def test_translators_and_editors_edits_leave_what_a_run_from_scratch_makes(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("inc")
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    p = Project(root)
    slugs = [SEED, "b-one", "c-two", "d-three"]
    for i, slug in enumerate(slugs[1:]):
        (root / "source" / f"{slug}.txt").write_text(_SENTENCES[i] + "\n", encoding="utf-8")
    assert p.run("all").exit_code == 0
    for n, (kind, which, s) in enumerate(edits):
        slug = slugs[which]
        po = root / "locale" / "ru" / "LC_MESSAGES" / f"{slug}.po"
        if kind == "add":
            src = root / "source" / f"{slug}.txt"
            src.write_text(src.read_text(encoding="utf-8") + "\n" + _SENTENCES[s] + "\n", encoding="utf-8")
        elif kind == "translate" and po.exists():
            text = po.read_text(encoding="utf-8")
            first = r'(msgid "[^"\n]+"\n)msgstr ""\n'  # the first message without a translation
            po.write_text(re.sub(first, rf'\1msgstr "Перевод {n}."\n', text, count=1), "utf-8")
        elif kind == "reword" and po.exists():
            text = po.read_text(encoding="utf-8")
            po.write_text(re.sub(r'msgstr "Перевод \d+\."', f'msgstr "Перевод {n}, иначе."', text, count=1), "utf-8")
        assert p.run("all").exit_code == 0
    # The same files without the state, caches and outputs: every catalogue merged with today's memory.
    fresh = Project(tmp_path_factory.mktemp("fresh"))
    shutil.copytree(root, fresh.root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".l10n", "build"))
    mine = _outputs(p)
    assert fresh.run("all").exit_code == 0
    theirs = _outputs(fresh)
    diff = {k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)}
    assert not diff, (edits, sorted(diff))


@pytest.mark.parametrize("budget", [0, 40, 10**9])
def test_a_build_handed_some_merged_catalogues_and_reading_the_rest_makes_what_separate_commands_make(
    tmp_path, monkeypatch, budget
):
    from pipeline import tuning

    together, apart = (_project_with_copies(tmp_path / name) for name in ("all", "apart"))
    # The update hands the build what it merged of each catalogue until the budget is spent (l10n all only).
    monkeypatch.setattr(tuning, "VIEWS_KEPT", budget)
    assert together.run("all", "-j", "2").exit_code == 0
    for step in ("extract", "update", "build"):
        assert apart.run(step).exit_code == 0
    assert _outputs(together) == _outputs(apart)


def _project_with_copies(root) -> Project:
    """The repository's project and three more articles (their catalogues filled from the seed's by the memory)."""
    root.mkdir()
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    seed = (root / "source" / f"{SEED}.txt").read_text(encoding="utf-8")
    for n in range(3):
        text = seed.replace(".", f" ({n}).", 1) if n else seed
        (root / "source" / f"copy-{n}.txt").write_text(text, encoding="utf-8")
    return Project(root)


def test_a_build_saving_its_records_as_it_goes_leaves_what_one_saving_at_its_end_leaves(tmp_path, monkeypatch):
    from pipeline import state, store, tuning

    made = {}
    for held in (1, 10**9):
        p = _project_with_copies(tmp_path / str(held))
        monkeypatch.setattr(tuning, "MADE_HELD", held)
        assert p.run("all", "-j", "2").exit_code == 0
        rerun = p.run("build")
        assert rerun.exit_code == 0 and not re.findall(r": (created|updated)", rerun.output)
        saved = state.saved(store.load_config(p.root)).whole()
        # Sizes and times differ between the two projects; what each file was made from and holds does not.
        made[held] = ({k: r[:2] for k, r in saved.outputs.items()}, {k: r[0] for k, r in saved.inputs.items()})
        made[held, "files"] = _outputs(p)
    assert made[1] == made[10**9] and made[1, "files"] == made[10**9, "files"]
    assert sum(key.startswith("build/") for key in made[1][0]) == 4 * 3 * 3


@pytest.mark.parametrize("patch_min", [20, 1])
def test_an_update_whose_memory_is_built_on_disk_writes_what_one_built_in_ram_writes(tmp_path, monkeypatch, patch_min):
    from pipeline import tuning

    # A patch of 1 catalogue: the second run's merges outgrow it, and the saved memory is built again, not patched.
    monkeypatch.setattr(tuning, "PATCH_MIN", patch_min)
    made = {}
    for limit in (0, 10**9):
        p = _project_with_copies(tmp_path / str(limit))
        # 0: every memory is past the limit, built on disk and read as the merges look things up.
        monkeypatch.setattr(tuning, "MEMORY_IN_RAM", limit)
        assert p.run("all", "-j", "2").exit_code == 0
        first = p.snapshot()
        # A translator's edit, and two articles that gain a sentence the memory has.
        po = p.root / "locale" / "ru" / "LC_MESSAGES" / "copy-1.po"
        text = po.read_text(encoding="utf-8")
        po.write_text(re.sub(r"#, fuzzy\n((?:#.*\n)*msgid)", r"\1", text, count=1), encoding="utf-8")
        for n in (0, 2):
            source = p.root / "source" / f"copy-{n}.txt"
            source.write_text(source.read_text(encoding="utf-8") + "\nPhoto credit: gov.kz\n", encoding="utf-8")
        assert p.run("all", "-j", "2").exit_code == 0
        # The state and the settled snapshot record files' times, which differ between the two projects.
        timed = (".l10n/state.db", ".l10n/settled.json")
        made[limit] = tuple({k: v for k, v in files.items() if k not in timed} for files in (first, p.snapshot()))
    on_disk, in_ram = made[0], made[10**9]
    assert sorted(on_disk[0]) == sorted(in_ram[0])  # no scratch file left in .l10n/
    assert on_disk == in_ram  # the memory files included, byte for byte
    assert {".l10n/memory-kk.built.db", ".l10n/memory-ru.built.db"} <= set(on_disk[0])
    assert on_disk[0]["locale/ru/LC_MESSAGES/copy-1.po"] != on_disk[1]["locale/ru/LC_MESSAGES/copy-1.po"]
    patched = b'"catalogs":{}' not in on_disk[1][".l10n/memory-ru.patch.json"]
    assert patched == (patch_min == 20)  # 1: the memory was saved again whole
