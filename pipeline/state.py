"""The incremental state: which outputs are up to date, decided by content hashes.

The state lives in ``.l10n/state.json`` and its journal ``.l10n/state.log``:
one record per output (what it was made from and what it holds), per input
(what it holds), and a few named values. This module owns that format.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import store
from pipeline.config import Config

STATE_FILE = Path(".l10n") / "state.json"
STATE_JOURNAL = Path(".l10n") / "state.log"

#: Changes the state's journal may hold however small the state is.
JOURNAL_MIN = 1000


def fingerprint(config: Config) -> str:
    """What every output depends on besides its inputs: the tool, the libraries that shape it, the configuration."""
    from importlib.metadata import version

    from pipeline import __version__

    return (
        f"l10n {__version__}; rules 4; babel {version('babel')}; markdown-it {version('markdown-it-py')};"
        f" pymorphy3 {version('pymorphy3')}; {config!r}"
    )


class State:
    """Decides from content hashes, not timestamps, which outputs are stale.

    Each output is recorded with a hash of everything it was made from (the
    inputs' bytes, the configuration, the tool's and Babel's versions) and a
    hash of the output itself; it is up to date when both still match.

    Records are kept by the file's key (its path relative to the project):
    ``key -> [inputs, digest, size:time]`` for an output, ``"@" + key ->
    [digest, size:time]`` for an input that is no output, and named values
    (:meth:`set_value`) under names that no file's key can have.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.old, self.journal = _read(config)
        self.new = dict(self.old)
        #: The fingerprint of the tool and configuration (see :func:`fingerprint`).
        self.base = fingerprint(config)
        # Every output's inputs start with the fingerprint: hash it once.
        self._seed = store.hasher(self.base.encode("utf-8") + b"\0")
        # A cycle looks at each catalogue and source up to three times: each
        # file's size and time are read once (a file this process writes is
        # read again when it is recorded).
        self._stats: dict[str, str] = {}
        # The names whose records this process set or dropped: what save() compares.
        self._touched: set[str] = set()

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
        again (as git does); any other file is, so content decides. A file
        found unchanged by its hash has its size and time recorded anew, so
        that the next run need not hash it (no decision depends on that).
        ``key`` is ``config.key(target)``, where the caller has it already.
        """
        key = key or self.config.key(target)
        record = self.old.get(key)
        if not record or record[0] != inputs:
            return False
        if len(record) == 3 and self._stat(target, key) == record[2]:
            return True
        if store.file_digest(target) != record[1]:
            return False
        self.remember(target, inputs, record[1])
        return True

    def file_digest(self, path: Path | str) -> str | None:
        """The content hash of an input file (None if it does not exist).

        Files whose size and modification time are as recorded are not read
        again; any other file is read and hashed, so content decides.
        """
        key = self.config.key(path)
        stat = self._stat(path, key)
        if not stat:
            return None
        made = self.new.get(key)
        if made and made[-1] == stat:
            if self.new.pop("@" + key, None) is not None:  # the file's record as an output says it all
                self._touched.add("@" + key)
            return made[-2]
        kept = self.new.get("@" + key)
        if kept and kept[-1] == stat:
            return kept[-2]
        found = store.file_digest(path)
        if found is not None:
            self.new["@" + key] = [found, stat]
            self._touched.add("@" + key)
        return found

    def record(self, target: Path, inputs: str, output: str | bytes) -> None:
        """Remember how ``target`` was made (call after writing it)."""
        data = output.encode("utf-8") if isinstance(output, str) else output
        self.remember(target, inputs, store.digest(data))

    def value(self, name: str) -> list[str] | None:
        """A record that is not a file's (see :meth:`set_value`)."""
        return self.new.get(name)

    def set_value(self, name: str, value: list[str]) -> None:
        """Keep ``value`` under ``name`` in the state (a name no file's record can have)."""
        self.new[name] = value
        self._touched.add(name)

    def remember(self, target: Path | str, inputs: str, digest: str | None) -> None:
        """Remember that ``target``, whose bytes hash to ``digest``, was made from ``inputs``."""
        key = self.config.key(target)
        stat = self._stats[key] = store.stat_key(target)  # it was just written
        self.new[key] = [inputs, digest or "", stat]  # "" matches no file: it is made again
        # This record now says what the file holds; one kept for it as an input would only go stale.
        self.new.pop("@" + key, None)
        self._touched.update((key, "@" + key))

    def save(self) -> None:
        """Write what changed since the state was read or last saved."""
        # Only what this process touched can differ (comparing every record
        # of a 10,000-article state took longer than recording an edit).
        changes: dict[str, list[str] | None] = {}
        for name in self._touched:
            if (record := self.new.get(name)) != self.old.get(name):
                changes[name] = record
        if not changes:
            return
        # A few changes go to the journal; when it grows past a tenth of the
        # state, the state is written afresh.
        if self.journal + len(changes) > max(JOURNAL_MIN, len(self.new) // 10):
            _write(self.config, self.new)
            self.journal = 0
        else:
            _append(self.config, changes)
            self.journal += len(changes)
        self._touched.clear()
        for name, record in changes.items():
            if record is None:
                self.old.pop(name, None)
            else:
                self.old[name] = record


def _read(config: Config) -> tuple[dict[str, list[str]], int]:
    """What the last runs produced: the state file, then its journal; and how many lines the journal holds.

    A missing or damaged state file is an empty state (everything is checked
    again by content); a journal line cut short by a crash is skipped.
    """
    entries = store.read_cache(config.root / STATE_FILE)
    try:
        lines = (store.read_kept(config.root / STATE_JOURNAL) or b"").decode("utf-8").splitlines()
    except ValueError:
        lines = []
    for line in lines:
        try:
            key, record = json.loads(line)
        except (ValueError, TypeError, RecursionError):
            continue
        if not isinstance(key, str):
            continue
        if record is None:
            entries.pop(key, None)
        elif isinstance(record, list) and all(isinstance(part, str) for part in record):
            entries[key] = record
    return entries, len(lines)


def _write(config: Config, entries: dict[str, list[str]]) -> None:
    """Write the whole state (atomically) and empty the journal."""
    store.write_cache(config.root / STATE_FILE, entries)
    store.remove(config.root / STATE_JOURNAL)


def _append(config: Config, changes: dict[str, list[str] | None]) -> None:
    """Add changed records (None: removed) to the state's journal, one JSON line each.

    Rewriting the state of a 10,000-article archive to record one article took
    longer than building it; a line cut short by a crash is skipped when read.
    """
    text = "".join(json.dumps([k, changes[k]], ensure_ascii=False) + "\n" for k in sorted(changes))
    store.append_text(config.root / STATE_JOURNAL, text, shown=STATE_JOURNAL)
