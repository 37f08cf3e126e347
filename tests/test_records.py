"""The files under .l10n/ through their one loader each (typed records, format numbers, unusable files); the State."""

from __future__ import annotations

import json
import os

import pytest
from conftest import SEED, Project

from pipeline import records, state, store, tuning
from pipeline.memory import TranslationMemory
from pipeline.records import (
    CachedCatalogue,
    CatalogueRecord,
    InputRecord,
    OutputRecord,
    PatchRecord,
    StateChanges,
    StateRecords,
    Unusable,
)
from pipeline.state import State

BASE = "b" * 32
PO = f"locale/ru/LC_MESSAGES/{SEED}.po"


@pytest.fixture
def root(project: Project):
    store.load_config(project.root)  # the project records' writes may touch
    (project.root / ".l10n").mkdir()
    return project.root


def _state() -> StateRecords:
    return StateRecords(
        {"build/ru/a.txt": OutputRecord("in", "out", "1:2")},
        {"source/a.txt": InputRecord("d", "3:4")},
        {"memory ru": "m"},
    )


def test_the_state_and_its_journal_read_back_as_written(root):
    assert records.load_state(root) == Unusable("missing") and records.load_journal(root) == Unusable("missing")
    records.write_state(root, _state())
    assert records.load_state(root) == _state()
    changes = StateChanges({"build/ru/a.txt": None}, {"source/b.txt": InputRecord("e", "5:6")}, {"memory ru": "n"})
    records.append_journal(root, changes, start=True)
    records.append_journal(root, StateChanges(values={"memory kk": "k"}), start=False)
    journal = records.load_journal(root)
    assert not isinstance(journal, Unusable)
    assert journal.lines == 4
    assert journal.changes == StateChanges(
        {"build/ru/a.txt": None}, {"source/b.txt": InputRecord("e", "5:6")}, {"memory ru": "n", "memory kk": "k"}
    )
    both, lines = state.saved(store.load_config(root))
    assert lines == 4
    assert both == StateRecords(
        {},
        {"source/a.txt": InputRecord("d", "3:4"), "source/b.txt": InputRecord("e", "5:6")},
        {"memory ru": "n", "memory kk": "k"},
    )


@pytest.mark.parametrize(
    "content",
    [
        "{",
        "[]",
        '{"build/ru/a.txt": ["in", "out", "1:2"]}',  # the layout before format numbers
        '{"format": 0, "outputs": [], "inputs": [], "values": {}}',
        '{"format": 1, "outputs": ["a", "in", "out"], "inputs": [], "values": {}}',  # a field short
        '{"format": 1, "outputs": {"a": ["in", "out", "1:2"]}, "inputs": [], "values": {}}',  # a list per record
        '{"format": 1, "outputs": [], "inputs": ["a", "d", 5], "values": {}}',
        '{"format": 1, "outputs": [], "inputs": [], "values": {"memory ru": ["m"]}}',
        '{"format": 1, "outputs": [], "inputs": []}',
    ],
)
def test_a_state_file_of_another_format_or_shape_is_unusable(root, content: str):
    (root / records.STATE_FILE).write_text(content, encoding="utf-8")
    assert isinstance(records.load_state(root), Unusable)
    assert state.saved(store.load_config(root))[0] == StateRecords()  # as if missing: everything is checked again


def test_a_journal_line_cut_short_is_skipped_and_one_of_another_shape_makes_it_unusable(root):
    records.append_journal(root, StateChanges(inputs={"a": InputRecord("d", "1:2")}), start=True)
    records.append_journal(root, StateChanges(inputs={"b": InputRecord("e", "3:4")}), start=False)
    path = root / records.STATE_JOURNAL
    whole = path.read_text(encoding="utf-8")
    path.write_text(whole[:-10], encoding="utf-8")
    journal = records.load_journal(root)
    assert not isinstance(journal, Unusable)
    assert journal.changes.inputs == {"a": InputRecord("d", "1:2")} and journal.lines == 2
    for line in ('["input", "c", ["d"]]', '["inputs", "c", ["d", "1:2"]]', '["c", ["d", "1:2"]]', '["value", "c", 1]'):
        path.write_text(whole + line + "\n", encoding="utf-8")
        assert isinstance(records.load_journal(root), Unusable), line
    path.write_text(whole.partition("\n")[2], encoding="utf-8")  # no header: the layout before format numbers
    assert isinstance(records.load_journal(root), Unusable)


def test_an_unusable_journal_is_started_afresh_not_appended_to(root):
    config = store.load_config(root)
    (root / records.STATE_JOURNAL).write_text('["build/ru/a.txt", ["in", "out", "1:2"]]\n', encoding="utf-8")
    st = State(config)
    assert st.journal is None
    st.set_value("memory ru", "m")
    st.save()
    again = State(config)
    assert again.journal == 1 and again.value("memory ru") == "m"


def test_a_long_journal_is_folded_into_the_state_file(root):
    config = store.load_config(root)
    st = State(config)
    for n in range(tuning.JOURNAL_MIN + 1):
        st.set_value(f"v{n}", "x")
    st.save()
    found = records.load_state(root)
    assert not isinstance(found, Unusable) and len(found.values) == tuning.JOURNAL_MIN + 1
    assert st.journal is None and isinstance(records.load_journal(root), Unusable)  # the next change starts one


def test_the_memory_caches_read_back_as_written(root):
    cat_path = records.memory_file(root, "ru", records.CATALOGUES)
    assert records.load_catalogues(cat_path, BASE) == Unusable("missing")
    catalogs = {PO: CachedCatalogue("d", ["Hello", "Привет"])}
    records.write_catalogues(cat_path, BASE, catalogs)
    assert records.load_catalogues(cat_path, BASE) == catalogs
    assert isinstance(records.load_catalogues(cat_path, "another tool"), Unusable)

    memory = TranslationMemory()
    memory.add_pairs([("Hello", "Привет")], PO)
    built_path = records.memory_file(root, "ru", records.BUILT)
    recorded = {PO: CatalogueRecord("d", records.pairs_key(["Hello", "Привет"])), "x.po": CatalogueRecord("e", "")}
    identity = records.write_built(built_path, BASE, recorded, memory)
    built = records.load_built(built_path, BASE)
    assert not isinstance(built, Unusable)
    assert (built.identity, built.catalogs) == (identity, recorded)
    loaded = built.memory()
    assert not isinstance(loaded, Unusable) and loaded.to_json() == memory.to_json()
    assert isinstance(records.load_built(built_path, "another tool"), Unusable)

    patch_path = records.memory_file(root, "ru", records.PATCH)
    patch = {PO: PatchRecord("f", records.pairs_key(["Hi", "Привет"]), ["Hi", "Привет"]), "x.po": records.GONE}
    records.write_patch(patch_path, identity, patch)
    assert records.load_patch(patch_path, identity) == patch
    assert isinstance(records.load_patch(patch_path, "0" * 32), Unusable)  # another memory's patch


@pytest.mark.parametrize("suffix", [records.CATALOGUES, records.PATCH])
def test_a_memory_cache_of_another_format_is_unusable(root, suffix: str):
    path = records.memory_file(root, "ru", suffix)
    if suffix == records.CATALOGUES:
        records.write_catalogues(path, BASE, {})
    else:
        records.write_patch(path, BASE, {})
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format": data["format"] + 1}), encoding="utf-8")
    loaded = records.load_catalogues(path, BASE) if suffix == records.CATALOGUES else records.load_patch(path, BASE)
    assert isinstance(loaded, Unusable)


def test_the_settled_snapshot_reads_back_as_written_and_goes_when_removed(root):
    assert records.load_settled(root) == Unusable("missing")
    records.write_settled(root, "s" * 32)
    assert records.load_settled(root) == "s" * 32
    records.write_settled(root, None)
    assert records.load_settled(root) == Unusable("missing")


@pytest.mark.parametrize(
    "content",
    ["{", '"s"', '{"snapshot": "s"}', '{"format": 2, "snapshot": "s"}', '{"format": 1, "snapshot": 5}', "{}"],
)
def test_a_settled_snapshot_of_another_format_or_shape_is_unusable(root, content: str):
    (root / records.SETTLED_FILE).write_text(content, encoding="utf-8")
    assert isinstance(records.load_settled(root), Unusable)


def _made(root, config) -> tuple[State, str]:
    """A state that recorded the seed's template as made from inputs "x", saved."""
    st = State(config)
    target = root / f"locale/{SEED}.pot"
    target.write_text("made\n", encoding="utf-8")
    st.record(target, "x", "made\n")
    st.save()
    return State(config), str(target)


def test_fresh_answers_without_recording_and_save_keeps_the_size_and_time_found(root, monkeypatch):
    config = store.load_config(root)
    st, target = _made(root, config)
    # Touched, not changed: fresh hashes it, answers, and records nothing ...
    os.utime(target, ns=(1, 1))
    before = st.new.copy()
    assert st.fresh(target, "x") and not st.fresh(target, "y")
    assert st.new == before
    # ... until the state is saved: then the next run need not hash it.
    st.save()
    record = records.load_journal(root)
    assert not isinstance(record, Unusable)
    assert record.changes.outputs[config.key(target)] == OutputRecord(
        before.outputs[config.key(target)][0], store.digest(b"made\n"), store.stat_key(target)
    )

    def no_hashing(path):
        raise AssertionError(f"{path} hashed again")

    monkeypatch.setattr(store, "file_digest", no_hashing)
    assert State(config).fresh(target, "x")


def test_a_changed_output_is_not_fresh_and_its_new_hash_is_kept_as_an_input(root):
    config = store.load_config(root)
    st, target = _made(root, config)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("edited by hand\n")
    assert not st.fresh(target, "x")
    digest = st.file_digest(target)
    assert digest == store.digest(b"made\nedited by hand\n")
    st.save()
    again = State(config)
    assert again.new.inputs[config.key(target)] == InputRecord(digest, store.stat_key(target))
    assert not again.fresh(target, "x")
