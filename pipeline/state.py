"""The incremental state: which outputs are up to date, decided by content hashes.

The state lives in ``.l10n/state.db`` (its layout is :mod:`pipeline.state_db`'s,
its records :mod:`pipeline.records`'): one record per output (what it was made
from and what it holds), per input (what it holds), and a few named values.
This module decides with them and says what changed.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from pipeline import records, state_db, store
from pipeline.config import Config
from pipeline.records import InputRecord, OutputRecord, StateChanges, StateRecords, Unusable
from pipeline.state_db import Changed, ChangedState, SavedState, Table


def fingerprint(config: Config) -> str:
    """What every output depends on besides its inputs: the tool, the libraries that shape it, the configuration."""
    from importlib.metadata import version

    from pipeline import __version__

    # Where the project lies is no setting: moved, or checked out elsewhere by CI, it keeps its caches.
    settings = {f.name: getattr(config, f.name) for f in fields(config) if f.repr}
    for name, value in settings.items():
        if isinstance(value, Path):
            settings[name] = Path(os.path.relpath(value, config.root))
    return (
        f"l10n {__version__}; rules 5; babel {version('babel')}; markdown-it {version('markdown-it-py')};"
        f" pymorphy3 {version('pymorphy3')}; {settings!r}"
    )


def saved(config: Config) -> SavedState:
    """The state the last runs left (empty if there is none, or it is unusable: everything is checked again by content).

    A project whose state is still the JSON file of an earlier version
    (``state.json`` and its journal ``state.log``) has it moved into
    ``state.db`` first, so that nothing is made again for the change.

    Raises:
        OutputError: If the state could never be written where it lies (see
            :func:`pipeline.state_db.check_place`): said before any work.
    """
    root = config.root
    state_db.check_place(root)
    found = state_db.open_state(root)
    old = [path for path in (root / records.STATE_FILE, root / records.STATE_JOURNAL) if store.exists(path)]
    if not old:
        return found
    if found.file.why == "missing":
        loaded = records.load_state(root)
        journal = records.load_journal(root)
        before = StateRecords() if isinstance(loaded, Unusable) else loaded
        if not isinstance(journal, Unusable):  # a small project's state was its journal alone
            before.apply(journal.changes)
        if len(before):
            found.file.write(StateChanges(dict(before.outputs), dict(before.inputs), dict(before.values)))
            found = state_db.open_state(root)
    if found.file.why is None:
        for path in old:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)  # not store.remove: inside a transaction, that waits for its end
    return found


class State:
    """Decides from content hashes, not timestamps, which outputs are stale.

    Each output is recorded with a hash of everything it was made from (the
    inputs' bytes, the configuration, the tool's and Babel's versions) and a
    hash of the output itself; it is up to date when both still match.

    Asking (:meth:`fresh`, :meth:`file_digest`) changes no record: what a
    file was found to hold when hashed is kept aside, and :meth:`save`
    records it, so that the next run need not hash the file again.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.old = saved(config)
        self.new = ChangedState(self.old)
        #: The fingerprint of the tool and configuration (see :func:`fingerprint`).
        self.base = fingerprint(config)
        # Every output's inputs start with the fingerprint: hash it once.
        self._seed = store.hasher(self.base.encode("utf-8") + b"\0")
        # A cycle looks at each catalogue and source up to three times: each
        # file's size and time are read once (a file this process writes is
        # read again when it is recorded).
        self._stats: dict[str, str] = {}
        # Files hashed by this process: key -> (size:time, hash). save() records them.
        self._seen: dict[str, tuple[str, str]] = {}
        # The keys of the records this process set or dropped, by map: what save() compares.
        self._touched = _Touched()
        # The outputs made() since save_made() last ran: saved then, and held no longer.
        self._made_keys: list[str] = []

    def known_stats(self, stats: dict[str, str]) -> None:
        """Take these sizes and times (by key, as :func:`pipeline.store.stat_key` gives them) as read in this run."""
        self._stats.update(stats)

    def _stat(self, path: Path | str, key: str) -> str:
        stat = self._stats.get(key)
        if stat is None:
            stat = self._stats[key] = store.stat_key(path)
        return stat

    def inputs(self, *parts: bytes | str | None) -> str:
        """The hash of an output's inputs."""
        h = self._seed.copy()
        if bytes in map(type, parts):
            h.update(b"\0".join(b"-" if p is None else p if isinstance(p, bytes) else p.encode("utf-8") for p in parts))
        else:  # the same bytes, joined before encoding (most calls: this is a rerun's hottest loop)
            h.update("\0".join("-" if p is None else p for p in parts).encode("utf-8"))  # type: ignore[misc]
        return h.hexdigest()

    def fresh(self, target: Path | str, inputs: str, key: str | None = None) -> bool:
        """Whether ``target`` was made from these inputs and is unchanged since.

        A file whose size and modification time are as recorded is not hashed
        again (as git does); any other file is, so content decides. Nothing
        is recorded: :meth:`save` records the size and time of a file found
        unchanged by its hash, so that the next run need not hash it (no
        decision depends on that). ``key`` is ``config.key(target)``, where
        the caller has it already.
        """
        key = key or self.config.key(target)
        record = self.old.outputs[key]
        if record is None or record.inputs != inputs:
            return False
        stat = self._stat(target, key)
        return stat == record.stat or (bool(stat) and self._digest(target, key, stat) == record.digest)

    def made_as(self, target: Path | str, inputs: str) -> str | None:
        """The hash of the bytes ``target`` was recorded to hold when last made from ``inputs`` (None: not so made)."""
        record = self.old.outputs.get(self.config.key(target))
        return record.digest if record is not None and record.inputs == inputs and record.digest else None

    def made_digest(self, key: str) -> str | None:
        """The content hash of what this state records the output ``key`` to hold (None: no record)."""
        record = self.new.outputs[key]
        return record.digest if record is not None and record.digest else None

    def file_digest(self, path: Path | str) -> str | None:
        """The content hash of an input file (None if it does not exist).

        Files whose size and modification time are as recorded are not read
        again; any other file is read and hashed, so content decides.
        """
        key = self.config.key(path)
        stat = self._stat(path, key)
        if not stat:
            return None
        made = self.new.outputs[key]
        if made is not None and made.stat == stat:
            if self.new.inputs[key] is not None:  # the file's record as an output says it all: save() drops this one
                self._seen[key] = (stat, made.digest)
            return made.digest
        return self._digest(path, key, stat)

    def _digest(self, path: Path | str, key: str, stat: str) -> str | None:
        """The hash of a file found at size and time ``stat``: as known, or read now (and kept for save())."""
        seen = self._seen.get(key)
        if seen is not None and seen[0] == stat:
            return seen[1]
        kept = self.new.inputs[key]
        if kept is not None and kept.stat == stat:
            return kept.digest
        found = store.file_digest(path)
        if found is not None:
            self._seen[key] = (stat, found)
        return found

    def hashed(self) -> dict[str, tuple[str, str]]:
        """The files this process hashed since the last save: by key, their size and time and their hash."""
        return dict(self._seen)

    def hashed_elsewhere(self, found: dict[str, tuple[str, str]]) -> None:
        """Take what another process found hashing files (see :meth:`hashed`), for :meth:`save` to record."""
        for key, seen in found.items():
            self._seen.setdefault(key, seen)

    def record(self, target: Path, inputs: str, output: str | bytes) -> None:
        """Remember how ``target`` was made (call after writing it)."""
        data = output.encode("utf-8") if isinstance(output, str) else output
        self.remember(target, inputs, store.digest(data))

    def value(self, name: str) -> str | None:
        """A value that is no file's record (see :meth:`set_value`)."""
        return self.new.values.get(name)

    def set_value(self, name: str, value: str) -> None:
        """Keep ``value`` under ``name`` in the state."""
        self.new.values[name] = value
        self._touched.values.add(name)

    def remember(self, target: Path | str, inputs: str, digest: str | None) -> None:
        """Remember that ``target``, whose bytes hash to ``digest``, was made from ``inputs``."""
        key = self.config.key(target)
        stat = self._stats[key] = store.stat_key(target)  # it was just written; a later step may read it
        self._made(key, OutputRecord(inputs, digest or "", stat))

    def made(self, key: str, inputs: str, digest: str, stat: str) -> None:
        """:meth:`remember` a file that no later step of the run reads, its key and size and time known.

        The worker that wrote the file knows both (so it sends no path to
        stat here), and its size and time are not kept apart from its record.
        """
        self._stats.pop(key, None)  # looked up again after all, the file is stat'ed
        self._made(key, OutputRecord(inputs, digest, stat))
        self._made_keys.append(key)

    def save_made(self, at_least: int = 0) -> None:
        """Save, if :meth:`made` was called ``at_least`` times since, and hold those records no longer.

        For a step whose outputs nothing later in the run looks up (the
        build), so that a first import does not hold a record for every
        output of the archive until its end. Looked up again, each is read
        from the file.
        """
        if len(self._made_keys) < max(1, at_least):
            return
        made, self._made_keys = self._made_keys, []
        self.save()
        self.new.outputs.forget(made)
        self.old.outputs.forget(made)

    def _made(self, key: str, record: OutputRecord) -> None:
        self._seen.pop(key, None)  # what it held before
        self.new.outputs[key] = record  # a digest "" matches no file: it is made again
        self._touched.outputs.add(key)
        # This record now says what the file holds; one kept for it as an input would only go stale.
        if self.new.inputs.get(key) is not None:  # (a new file has none: nothing to hold or compare)
            self.new.inputs.pop(key)
            self._touched.inputs.add(key)

    def save(self) -> None:
        """Write what changed since the state was read or last saved."""
        self._record_seen()
        # Only what this process touched can differ (comparing every record
        # of a 10,000-article state took longer than recording an edit).
        touched, self._touched = self._touched, _Touched()
        changes = StateChanges(
            _changed(touched.outputs, self.new.outputs, self.old.outputs),
            _changed(touched.inputs, self.new.inputs, self.old.inputs),
            _changed(touched.values, self.new.values, self.old.values),
        )
        if not changes:
            return
        self.old.file.write(changes)
        self.old.apply(changes)

    def read_all(self) -> None:
        """Read every record at once (for a run that looks at every file)."""
        self.old.outputs.read_all()
        self.old.inputs.read_all()
        self.new.outputs.take_read()
        self.new.inputs.take_read()

    def read_under(self, folder: str) -> None:
        """Read the records of every file in the folder whose key is ``folder`` at once (for a loop over them)."""
        self.old.read_under(folder + "/")

    def _record_seen(self) -> None:
        """Record what the files hashed by this process hold, at the size and time they had."""
        for key, (stat, digest) in self._seen.items():
            made = self.new.outputs.get(key)
            if made is not None and made.digest == digest:
                # An output found unchanged: its new size and time spare the next run hashing it.
                if made.stat != stat:
                    self.new.outputs[key] = made._replace(stat=stat)
                    self._touched.outputs.add(key)
                if self.new.inputs.pop(key, None) is not None:
                    self._touched.inputs.add(key)
            elif self.new.inputs.get(key) != (digest, stat):
                self.new.inputs[key] = InputRecord(digest, stat)
                self._touched.inputs.add(key)
        self._seen.clear()


@dataclass(slots=True)
class _Touched:
    """The keys of the records a process set or dropped since the state was read or saved, by map."""

    outputs: set[str] = field(default_factory=set)
    inputs: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)


def _changed(keys: set[str], new: dict | Changed, old: dict | Table) -> dict:
    """The records of ``keys`` that differ between ``new`` and ``old`` (None: removed)."""
    return {key: record for key in keys if (record := new.get(key)) != old.get(key)}
