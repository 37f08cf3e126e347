"""The files under .l10n/ through their one loader each (typed records, format numbers, unusable files); the State."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import time

import pytest
from conftest import SEED, Project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st_

from pipeline import listing, memory_db, records, state, state_db, store, tuning
from pipeline.errors import OutputError
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


def _save(config, records_: StateRecords) -> None:
    """Save ``records_`` through a State, as a run does."""
    st = State(config)
    for key, output in records_.outputs.items():
        st.new.outputs[key] = output
        st._touched.outputs.add(key)
    for key, kept in records_.inputs.items():
        st.new.inputs[key] = kept
        st._touched.inputs.add(key)
    for name, value in records_.values.items():
        st.set_value(name, value)
    st.save()


def test_the_state_reads_back_as_saved_and_changes_only_what_changed(root):
    config = store.load_config(root)
    assert state.saved(config).whole() == StateRecords()
    _save(config, _state())
    assert state.saved(config).whole() == _state()
    st = State(config)
    st.new.outputs.pop("build/ru/a.txt")
    st._touched.outputs.add("build/ru/a.txt")
    st.set_value("memory kk", "k")
    st.save()
    assert state.saved(config).whole() == StateRecords(
        {}, {"source/a.txt": InputRecord("d", "3:4")}, {"memory ru": "m", "memory kk": "k"}
    )


def _sqlite(path, script: str) -> None:
    db = sqlite3.connect(path)
    db.executescript(script)
    db.close()


@pytest.mark.parametrize(
    "make",
    [
        lambda path: path.write_text("{", encoding="utf-8"),
        lambda path: path.write_bytes(b""),
        lambda path: path.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000),
        lambda path: _sqlite(path, "CREATE TABLE outputs(key TEXT PRIMARY KEY);"),  # another tool's database
        lambda path: _sqlite(path, "PRAGMA application_id=1815228526; PRAGMA user_version=1;"),  # another format
        lambda path: _sqlite(path, "PRAGMA application_id=1815228526; PRAGMA user_version=2;"),  # no tables
        lambda path: os.symlink("/etc/passwd", path),
        lambda path: os.mkfifo(path),
    ],
    ids=["json", "empty", "damaged", "another-tool", "another-format", "no-tables", "link", "fifo"],
)
def test_a_state_file_that_is_no_state_is_an_empty_state_and_is_written_afresh(root, make):
    config = store.load_config(root)
    path = root / state_db.STATE_DB
    make(path)
    assert state.saved(config).whole() == StateRecords()  # as if missing: everything is checked again
    _save(config, _state())
    assert not path.is_symlink() and state.saved(config).whole() == _state()


def test_a_link_at_the_place_of_the_states_journal_is_not_written_through(root, tmp_path):
    config = store.load_config(root)
    _save(config, _state())
    outside = tmp_path / "outside.txt"
    outside.write_text("not the project's\n", encoding="utf-8")
    journal = root / ".l10n" / "state.db-journal"
    os.symlink(outside, journal)
    _save(config, StateRecords(values={"memory kk": "k"}))
    assert outside.read_text(encoding="utf-8") == "not the project's\n" and not journal.is_symlink()
    assert state.saved(config).whole().values == {"memory ru": "m", "memory kk": "k"}


def test_a_hard_linked_state_file_is_not_written_through(root, tmp_path):
    config = store.load_config(root)
    _save(config, _state())
    elsewhere = tmp_path / "elsewhere.db"
    os.link(root / state_db.STATE_DB, elsewhere)
    kept = elsewhere.read_bytes()
    assert state.saved(config).whole() == StateRecords()  # shared with a file outside: no state of the project's
    _save(config, StateRecords(values={"memory kk": "k"}))
    assert elsewhere.read_bytes() == kept and (root / state_db.STATE_DB).stat().st_nlink == 1
    assert state.saved(config).whole() == StateRecords(values={"memory kk": "k"})


def test_a_write_the_machine_refuses_is_an_error_and_keeps_the_saved_records(root):
    """A full disk (here the file size limit, which fails a write as one does) is no damage to the file."""
    config = store.load_config(root)
    _save(config, _state())
    path = root / state_db.STATE_DB
    kept = path.read_bytes()
    many = StateRecords({f"build/ru/{n:05}.txt": OutputRecord("i" * 64, "o" * 64, f"{n}:1") for n in range(2000)})
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(kept), limits[1]))
    try:
        with pytest.raises(OutputError, match=r"^\.l10n/state\.db: cannot write the file: "):
            _save(config, many)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)
    assert state.saved(config).whole() == _state()


@pytest.mark.parametrize(("at", "byte"), [(18, 3), (19, 0), (18, 255)])
def test_a_state_whose_header_asks_for_another_sqlite_is_written_afresh(root, at, byte):
    # SQLite reads such a file and refuses to write it, with the answer it gives a read-only one.
    config = store.load_config(root)
    _save(config, _state())
    path = root / state_db.STATE_DB
    with open(path, "r+b") as handle:
        handle.seek(at)
        handle.write(bytes([byte]))
    assert state.saved(config).whole() == StateRecords()
    _save(config, StateRecords(values={"memory kk": "k"}))
    assert state.saved(config).whole() == StateRecords(values={"memory kk": "k"})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st_.data())
def test_a_damaged_state_file_is_read_without_error_and_written_afresh(root, data):
    """Whatever bytes are damaged, reading gives records of their shape or none, and the next save is read back."""
    config = store.load_config(root)
    path = root / state_db.STATE_DB
    path.unlink(missing_ok=True)
    saved = StateRecords(
        {f"build/ru/{n:04}.txt": OutputRecord(f"in{n}", f"out{n}", f"{n}:2") for n in range(300)},
        {f"source/{n:04}.txt": InputRecord(f"d{n}", f"{n}:4") for n in range(300)},
        {"memory ru": "m"},
    )
    _save(config, saved)
    size = path.stat().st_size
    damage = data.draw(
        st_.lists(st_.tuples(st_.integers(0, size - 1), st_.binary(min_size=1, max_size=64)), max_size=4)
    )
    with open(path, "r+b") as handle:
        for at, bytes_ in damage:
            handle.seek(at)
            handle.write(bytes_)
    found = state.saved(config)
    for key in data.draw(st_.lists(st_.sampled_from(sorted(saved.outputs)), max_size=20)):
        record = found.outputs.get(key)
        assert record is None or (type(record) is OutputRecord and set(map(type, record)) == {str})
    if data.draw(st_.booleans()):
        found.read_under("source/")
    whole = found.whole()
    assert {type(r) for r in whole.inputs.values()} <= {InputRecord} and set(whole.values) <= {"memory ru"}
    undamaged = not damage or (found.file.why is None and whole == saved)
    _save(config, StateRecords(values={"memory kk": "k"}))
    after = state.saved(config).whole()
    assert after.values["memory kk"] == "k" and (not undamaged or after.inputs == saved.inputs)


_KEYS = ["a/1", "a/2", "a/3", "ab/1", "b/1", "b/2", "a0", "c"]


def _steps(*actions: str):
    """Runs of (action, key, value) for the tables' properties, each of the saved tables read in a few ways."""
    step = st_.tuples(st_.sampled_from(actions), st_.sampled_from(_KEYS), st_.none() | st_.sampled_from(["x", "y"]))
    return st_.lists(step, max_size=30)


def _saved_inputs(root, monkeypatch, alone: int) -> tuple[state_db.SavedState, dict]:
    """A state saved with some input records, read with ``alone`` rows read one at a time at most; and its model."""
    monkeypatch.setattr(tuning, "STATE_ROWS_ALONE", alone)
    config = store.load_config(root)
    (root / state_db.STATE_DB).unlink(missing_ok=True)
    model = {k: InputRecord(k, "1:1") for k in ("a/1", "a/3", "ab/1", "b/2", "a0")}
    _save(config, StateRecords({}, dict(model), {}))
    return state.saved(config), model


_PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_PROPERTY
@given(_steps("get", "under", "all", "apply", "forget"), st_.integers(0, 5))
@example(steps=[("get", "a/1", None), ("forget", "a/1", None), ("get", "a/1", None)], alone=0)
@example(steps=[("all", "a/1", None), ("forget", "a/1", None), ("get", "a/1", None)], alone=5)
def test_a_table_read_row_by_row_by_folder_or_whole_answers_as_a_dict(root, monkeypatch, steps, alone):
    """However its rows are read or let go, and whatever was applied since, a table answers as a dict of the records."""
    found, model = _saved_inputs(root, monkeypatch, alone)
    table = found.inputs
    for action, key, value in steps:
        if action == "get":
            assert table.get(key) == model.get(key) and (key in table) == (key in model)
        elif action == "under":
            table.read_under(key.split("/")[0] + "/")
        elif action == "all":
            table.read_all()
        elif action == "forget":
            table.forget([key])
        else:
            record = None if value is None else InputRecord(value, "2:2")
            found.file.write(StateChanges(inputs={key: record}))  # as State.save does: written, then applied
            table.apply({key: record})
            if record is None:
                model.pop(key, None)
            else:
                model[key] = record
    assert table.whole() == dict(sorted(model.items()))


@_PROPERTY
@given(_steps("get", "set", "pop", "under", "all", "take"), st_.integers(0, 5))
def test_a_changed_view_answers_as_a_dict_of_the_saved_records_with_its_changes(root, monkeypatch, steps, alone):
    saved, model = _saved_inputs(root, monkeypatch, alone)
    view = state_db.Changed(saved.inputs)
    for action, key, value in steps:
        if action == "get":
            assert view[key] == view.get(key) == model.get(key) and (key in view) == (key in model)
        elif action == "set":
            view[key] = model[key] = InputRecord(value or "z", "2:2")
        elif action == "pop":
            assert view.pop(key) == model.pop(key, None)
        elif action == "under":
            saved.read_under(key.split("/")[0] + "/")
        elif action == "all":
            saved.inputs.read_all()
        else:
            view.take_read()
    assert {key: view[key] for key in _KEYS if key in view} == model


@_PROPERTY
@given(st_.lists(st_.tuples(st_.sampled_from(_KEYS), st_.sampled_from("xyz"), st_.integers(0, 3)), max_size=20))
def test_outputs_saved_and_let_go_as_they_are_made_answer_as_if_held(root, made):
    """A build saves its outputs' records every so many and holds them no longer: nothing it answers changes."""
    config = store.load_config(root)
    (root / state_db.STATE_DB).unlink(missing_ok=True)
    _save(config, StateRecords({"a/2": OutputRecord("in", "old", "1:1")}, {"a/3": InputRecord("d", "1:1")}))
    st = State(config)
    st.old.outputs.read_all()
    outputs, inputs = {"a/2": OutputRecord("in", "old", "1:1")}, {"a/3": InputRecord("d", "1:1")}
    for key, digest, every in made:
        st.made(key, "in", digest, "2:2")
        outputs[key] = OutputRecord("in", digest, "2:2")
        inputs.pop(key, None)  # an input made an output has its output's record only
        st.save_made(at_least=every)
        assert {k: st.new.outputs.get(k) for k in _KEYS} == {k: outputs.get(k) for k in _KEYS}
        assert {k: st.new.inputs.get(k) for k in _KEYS} == {k: inputs.get(k) for k in _KEYS}
    st.save()
    assert state.saved(config).whole() == StateRecords(outputs, inputs)


def _write_json_state(root, content: dict, journal: list[str]) -> None:
    """An earlier version's state: state.json and its journal."""
    (root / records.STATE_FILE).write_text(json.dumps(content), encoding="utf-8")
    (root / records.STATE_JOURNAL).write_text("\n".join(['{"format": 1}', *journal]) + "\n", encoding="utf-8")


def test_an_earlier_versions_json_state_is_moved_into_the_database(root):
    config = store.load_config(root)
    _write_json_state(
        root,
        {
            "format": 1,
            "outputs": ["build/ru/a.txt", "in", "out", "1:2", "build/ru/b.txt", "i", "o", "3:4"],
            "inputs": ["source/a.txt", "d", "3:4"],
            "values": {"memory ru": "m"},
        },
        ['["output", "build/ru/b.txt", null]', '["value", "memory kk", "k"]', '["input", "source', "cut short"],
    )
    assert state.saved(config).whole() == StateRecords(
        {"build/ru/a.txt": OutputRecord("in", "out", "1:2")},
        {"source/a.txt": InputRecord("d", "3:4")},
        {"memory ru": "m", "memory kk": "k"},
    )
    assert not (root / records.STATE_FILE).exists() and not (root / records.STATE_JOURNAL).exists()
    assert state.saved(config).whole().values == {"memory ru": "m", "memory kk": "k"}


def test_an_earlier_versions_state_that_is_only_its_journal_is_moved_into_the_database(root):
    """A project small enough never to have had its journal folded into state.json."""
    config = store.load_config(root)
    path = root / records.STATE_JOURNAL
    path.write_text('{"format": 1}\n["output", "build/ru/a.txt", ["in", "out", "1:2"]]\n', encoding="utf-8")
    assert state.saved(config).whole() == StateRecords({"build/ru/a.txt": OutputRecord("in", "out", "1:2")})
    assert not path.exists() and not (root / records.STATE_FILE).exists()


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
def test_an_earlier_versions_state_of_another_shape_is_not_moved(root, content: str):
    (root / records.STATE_FILE).write_text(content, encoding="utf-8")
    assert isinstance(records.load_state(root), Unusable)
    assert state.saved(store.load_config(root)).whole() == StateRecords()  # everything is checked again


def test_an_earlier_versions_journal_of_another_shape_is_not_moved(root):
    path = root / records.STATE_JOURNAL
    whole = '{"format": 1}\n["input", "a", ["d", "1:2"]]\n'
    for line in ('["input", "c", ["d"]]', '["inputs", "c", ["d", "1:2"]]', '["c", ["d", "1:2"]]', '["value", "c", 1]'):
        path.write_text(whole + line + "\n", encoding="utf-8")
        assert isinstance(records.load_journal(root), Unusable), line
    path.write_text(whole.partition("\n")[2], encoding="utf-8")  # no header: the layout before format numbers
    assert isinstance(records.load_journal(root), Unusable)


def test_a_folder_of_the_state_read_at_once_is_not_frozen_out_of_the_cycle_collector(root):
    import gc

    state_db.open_state(root).file.write(StateChanges({"build/ru/a.txt": OutputRecord("in", "out", "1:2")}, {}, {}))
    gc.unfreeze()
    try:
        saved = state_db.open_state(root)
        saved.read_under("build/")
        # Frozen, a cycle that became garbage would never be freed: a run reads many folders.
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        assert saved.outputs["build/ru/a.txt"] == OutputRecord("in", "out", "1:2")
        saved.outputs.read_all()  # once a run: what it read lives as long as the run
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    finally:
        gc.unfreeze()


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


def _check_bytes_wrong(path) -> None:
    """Spoil the saved memory's CRC-32 (kept in SQLite's user version field, at byte 60) and nothing else."""
    with open(path, "r+b") as f:
        f.seek(60)
        word = f.read(4)
        f.seek(60)
        f.write(bytes(b ^ 0xFF for b in word))


def test_a_saved_memory_is_read_whole_to_check_it_until_it_is_sealed_as_checked(root, monkeypatch):
    memory = TranslationMemory()
    memory.add_pairs([("Hello", "Привет")], PO)
    path = records.memory_file(root, "ru", records.BUILT)
    seal_path = records.memory_file(root, "ru", records.SEAL)
    records.write_built(path, BASE, {PO: CatalogueRecord("d", records.pairs_key(["Hello", "Привет"]))}, memory)
    assert not isinstance(records.load_built(path, BASE), Unusable)
    assert not seal_path.exists()  # the file is too new: a write in the same tick of the clock would keep its seal
    monkeypatch.setattr(tuning, "SEAL_AFTER_NS", 0)
    built = records.load_built(path, BASE)
    assert not isinstance(built, Unusable)
    assert json.loads(seal_path.read_text(encoding="utf-8")) == {"format": 1, "seal": built.saved.seal}
    # Any write a tick of the clock later gives the file another seal: it is checked again, and the damage found.
    time.sleep(0.05)
    _check_bytes_wrong(path)
    assert records.load_built(path, BASE) == Unusable("does not match its check")
    # A file that keeps its seal is not read to be checked: that is what the seal is for.
    seal_path.write_text(json.dumps({"format": 1, "seal": listing.seal_of(os.stat(path))}), encoding="utf-8")
    assert not isinstance(records.load_built(path, BASE), Unusable)
    assert isinstance(memory_db.open_saved(path), str)
    # Nor is its header hashed again: a seal is written only once every check of the file passed.
    header = dict(built.saved.header)
    memory_db.write(path, json.dumps({**header, "identity": "0" * 32}), memory.saved())
    assert records.load_built(path, BASE) == Unusable("a record of the wrong shape")
    seal_path.write_text(json.dumps({"format": 1, "seal": listing.seal_of(os.stat(path))}), encoding="utf-8")
    assert not isinstance(records.load_built(path, BASE), Unusable)
    _check_bytes_wrong(path)
    # A run that finds the file damaged as it reads it forgets the seal, so that the next checks it whole.
    records.unseal(path)
    assert not seal_path.exists()
    records.unseal(path)  # no seal: nothing to do
    # A seal of another format, or of another shape, is no seal.
    for seal in ({"format": 2, "seal": listing.seal_of(os.stat(path))}, {"format": 1, "seal": 7}, []):
        seal_path.write_text(json.dumps(seal), encoding="utf-8")
        assert records.load_built(path, BASE) == Unusable("does not match its check")


def test_a_catalogue_cache_cut_short_gives_the_catalogues_before_the_cut(root):
    path = records.memory_file(root, "ru", records.CATALOGUES)
    catalogs = {f"locale/ru/LC_MESSAGES/{n}.po": CachedCatalogue(str(n), ["Hello", f"Привет {n}"]) for n in range(3)}
    records.write_catalogues(path, BASE, catalogs)
    whole = path.read_bytes()
    assert whole.count(b"\n") == 4  # a header, then a line per catalogue
    path.write_bytes(whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 5])
    first_two = dict(list(catalogs.items())[:2])
    assert records.load_catalogues(path, BASE) == first_two
    # An earlier version's cache (one JSON object, format 1) is not used.
    earlier = {"base": BASE, "catalogs": {key: list(record) for key, record in catalogs.items()}, "format": 1}
    path.write_text(json.dumps(earlier), encoding="utf-8")
    assert isinstance(records.load_catalogues(path, BASE), Unusable)


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
    before = st.new.outputs.get(config.key(target))
    assert st.fresh(target, "x") and not st.fresh(target, "y")
    assert st.new.outputs.get(config.key(target)) == before
    # ... until the state is saved: then the next run need not hash it.
    st.save()
    assert state.saved(config).whole().outputs[config.key(target)] == OutputRecord(
        before.inputs, store.digest(b"made\n"), store.stat_key(target)
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
