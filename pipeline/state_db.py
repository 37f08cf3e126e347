"""The incremental state's file, ``.l10n/state.db``: an SQLite file whose records are read as a run asks for them.

The state of a 100,000-article archive holds over a million records. Read
whole at every run, as the JSON file it was, it took 2.65 s and most of the
memory of a one-article edit (the README's Performance section has the
figures). Here each record is a row, keyed by its file, and a run reads the
rows it asks for: one at a time, a folder's at once (the update asks for every
catalogue of a language), or the whole table once so many were asked for one
at a time that reading them all costs less.

Tables, each keyed by the file's path relative to the project (``key``):

- ``outputs(key, inputs, digest, stat)``: a :class:`pipeline.records.OutputRecord`;
- ``inputs(key, digest, stat)``: a :class:`pipeline.records.InputRecord`;
- ``vals(key, value)``: the state's named values.

SQLite's ``application_id`` says the file is l10n's and its ``user_version``
gives :data:`FORMAT`. Changes are written in one transaction (SQLite's own
journal makes a killed write roll back). A file that is not such a database,
or that SQLite finds damaged at any read, is unusable from then on: what was
not read yet is checked again by content, as with no state at all, and the
next save writes the file afresh. As with the JSON file before it, damage
SQLite does not notice (a changed letter in a record) is not caught: it can
only make a file look changed, as a record counts only when its inputs' hash
and its file's size and time, or content hash, all match.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from pipeline import store, tuning
from pipeline.errors import OutputError
from pipeline.records import InputRecord, OutputRecord, StateChanges, StateRecords, bulk

STATE_DB = Path(".l10n") / "state.db"
#: The layout of state.db (1 was the JSON file ``state.json`` and its journal ``state.log``).
FORMAT = 2
_APPLICATION = 0x6C31306E  # "l10n"

_TABLES = {"outputs": ("inputs", "digest", "stat"), "inputs": ("digest", "stat"), "vals": ("value",)}
_SCHEMA = "".join(
    f"CREATE TABLE {name}(key TEXT PRIMARY KEY NOT NULL, {', '.join(f'{c} TEXT NOT NULL' for c in columns)})"
    " WITHOUT ROWID;"
    for name, columns in _TABLES.items()
)

R = TypeVar("R", bound=tuple)
_UNKNOWN: Any = object()

# SQLite's primary result codes that speak of the machine (a full disk, a file it may not write, a lock
# held, a failing device), not of the file: its records are kept and the run stops with the error.
_FAULTS = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_INTERRUPT,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PROTOCOL,
        sqlite3.SQLITE_NOLFS,
        sqlite3.SQLITE_AUTH,
    }
)
# Connections a forked process found open: never closed there (SQLite's rule: a connection is not
# used across fork(), closing included), and kept so that collecting them does not close them either.
_INHERITED: list[sqlite3.Connection] = []


class StateFile:
    """The project's ``.l10n/state.db``, opened as first needed (each process opens its own connection).

    Attributes:
        path: Where it lies.
        why: Why the file is not used (None: it is, so far).
    """

    def __init__(self, root: Path) -> None:
        self.path = root / STATE_DB
        self.why: str | None = None
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def _connection(self) -> sqlite3.Connection | None:
        if self.why is not None:
            return None
        if self._db is None or self._pid != os.getpid():  # a forked worker: its own connection to the file
            self._drop()
            self._pid = os.getpid()
            try:
                self._db = _open(self.path)
            except sqlite3.Error as exc:
                _raise_fault(exc, "read")
                self.why = "not a state file"
            except UnicodeDecodeError:  # a damaged header can make SQLite's answers text that is not UTF-8
                self.why = "not a state file"
            except _Unusable as exc:
                self.why = str(exc)
        return self._db

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        """The rows ``sql`` selects: none once the file is unusable (it becomes so at SQLite's first error)."""
        db = self._connection()
        if db is None:
            return []
        try:
            return db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            _raise_fault(exc, "read")
            self.why = "damaged"
        except UnicodeDecodeError:  # text that is not UTF-8
            self.why = "damaged"
        return []

    def write(self, changes: StateChanges) -> None:
        """Write ``changes`` in one transaction (into a new file if this one is unusable or missing).

        Raises:
            OutputError: If the machine does not let the file be written (it is left as it was), or
                it cannot be written afresh.
        """
        db = self._connection()
        if db is not None and self.why is None:
            try:
                _write(db, changes)
                return
            except sqlite3.Error as exc:
                _raise_fault(exc, "write")
                self.why = "damaged"
        self.close()
        try:
            for suffix in ("", "-journal"):  # not store.remove: inside a transaction, that waits for its end
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path.with_name(self.path.name + suffix))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db, self._pid, self.why = _create(self.path), os.getpid(), None
            _write(self._db, changes)
        except (OSError, sqlite3.Error) as exc:
            self.why = "cannot be written"
            reason = getattr(exc, "strerror", None) or str(exc)
            raise OutputError(f"cannot write the file: {reason}", path=STATE_DB) from None

    def close(self) -> None:
        """Close this process's connection (the next query opens one again)."""
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._drop()

    def _drop(self) -> None:
        if self._db is not None and self._pid != os.getpid():
            _INHERITED.append(self._db)
        self._db = None


def check_place(root: Path) -> None:
    """Refuse, before any work, a project whose state could never be written where it lies.

    A link at ``state.db`` itself is no such case: it is not followed, and
    the state is written afresh in its place.

    Raises:
        OutputError: If ``.l10n`` leaves the project, or a folder or a file
            that cannot be written lies where the state or its journal goes.
    """
    path = root / STATE_DB
    store.refuse_outside(path, OutputError, STATE_DB, link=False)
    remedy = "remove it: l10n makes its state again from the files (nothing else is lost)"
    for place in (path, path.with_name(path.name + "-journal")):
        shown = STATE_DB.with_name(place.name)
        try:
            mode = os.lstat(place).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot look at the file: {exc.strerror or exc}", path=shown) from None
        if stat.S_ISDIR(mode):
            raise OutputError("is a folder where l10n keeps its state", path=shown, hint=remedy)
        if stat.S_ISREG(mode) and not os.access(place, os.W_OK):
            hint = f"make it writable, or {remedy}"
            raise OutputError("cannot be written (read-only or immutable)", path=shown, hint=hint)
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        folder = STATE_DB.parent
        raise OutputError("cannot be written in (read-only or immutable)", path=folder, hint="make it writable")


def _raise_fault(exc: sqlite3.Error, doing: str) -> None:
    """Raise an OutputError for ``exc`` if it is the machine's fault, not the file's (see _FAULTS)."""
    if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _FAULTS:
        raise OutputError(f"cannot {doing} the file: {exc}", path=STATE_DB) from None


class _Unusable(Exception):
    pass


def _open(path: Path) -> sqlite3.Connection | None:
    fd = store.open_kept(path)  # a FIFO or a link at the state's place is no state (and must not hang the run)
    if fd is None:
        raise _Unusable("missing")
    try:
        links = os.fstat(fd).st_nlink
        header = os.pread(fd, 20, 0)
    finally:
        os.close(fd)
    if links != 1:  # a hard link: SQLite would write into a file that is also elsewhere
        raise _Unusable("linked")
    # SQLite reads a file whose header asks for a newer writer (bytes 18 and 19) but refuses to write it,
    # as it refuses a read-only file: that is damage here, not the machine's refusal.
    if header[:16] == b"SQLite format 3\0" and not set(header[18:20]) <= {1, 2}:
        raise _Unusable("damaged")
    journal = path.with_name(path.name + "-journal")
    try:
        if not stat.S_ISREG(os.lstat(journal).st_mode):  # not SQLite's: it would follow a link out of the project
            os.unlink(journal)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _Unusable("a journal that cannot be removed") from exc
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        application, version = db.execute("PRAGMA application_id").fetchone()[0], _version(db)
        if application != _APPLICATION or version != FORMAT:
            raise _Unusable("another format")
        _tune(db)
    except BaseException:
        db.close()
        raise
    return db


def _create(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.executescript(f"PRAGMA application_id={_APPLICATION}; PRAGMA user_version={FORMAT};" + _SCHEMA)
    _tune(db)
    return db


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _tune(db: sqlite3.Connection) -> None:
    # Not flushed, as no cache is: a state lost to a power cut is only checked again by content.
    # The rollback journal beside the file keeps a killed write from leaving half a transaction.
    db.executescript("PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA journal_mode=DELETE;")


def _write(db: sqlite3.Connection, changes: StateChanges) -> None:
    maps: tuple[tuple[str, dict], ...] = (
        ("outputs", changes.outputs),
        ("inputs", changes.inputs),
        ("vals", {k: None if v is None else (v,) for k, v in changes.values.items()}),
    )
    db.execute("BEGIN")
    try:
        for table, records in maps:
            # Rows made as SQLite takes them: a first import saves a row for every file of the archive at once.
            keys = sorted(records)
            gone = ((key,) for key in keys if records[key] is None)
            kept = ((key, *record) for key in keys if (record := records[key]) is not None)
            db.executemany(f"DELETE FROM {table} WHERE key = ?", gone)  # noqa: S608 (table names are ours)
            marks = ", ".join("?" * (1 + len(_TABLES[table])))
            db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", kept)  # noqa: S608 (as above)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


class Table(dict[str, R | None]):
    """One table's records as saved, read as asked: a row at a time, a folder's at once, or the whole table.

    ``table[key]`` is the record of ``key``, or None: a key not read yet is
    read from the file then (as ``dict.__missing__``), so that a record read
    once is a plain dictionary look-up (the hottest loop of a run checking
    every file). As a dictionary, it holds the keys read so far. Records of
    another shape (a damaged row) are taken as missing.
    """

    def __init__(self, file: StateFile, table: str, kind: type[R]) -> None:
        super().__init__()
        self._file = file
        self._table = table
        self._kind = kind
        self._size = len(_TABLES[table])
        self._read: tuple[str, ...] = ()  # the folders (key prefixes) whose rows are all known
        self._whole = False
        self._asked = 0
        self._forgotten: set[str] = set()  # keys of records saved and then dropped (see forget)

    def __missing__(self, key: str) -> R | None:
        if key not in self._forgotten:  # (a forgotten record is read alone: reading all would not bring it back)
            if self._whole or key.startswith(self._read):
                return None
            self._asked += 1
            if self._asked > tuning.STATE_ROWS_ALONE:
                self.read_all()
                return dict.get(self, key)
        rows = self._file.query(f"SELECT * FROM {self._table} WHERE key = ?", (key,))  # noqa: S608 (ours)
        record = self[key] = self._record(rows[0]) if rows else None
        return record

    def get(self, key: str, default: Any = None) -> Any:
        """The record of ``key`` (``default`` if there is none)."""
        found = self[key]
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self[key] is not None

    def _record(self, row: tuple) -> R | None:
        values = row[1:]
        if len(values) != self._size or not all(type(value) is str for value in values):
            return None
        return tuple.__new__(self._kind, values)

    def _take(self, sql: str, args: tuple = (), *, whole: bool = False) -> None:
        # Read as one bulk of records (a large archive's table is over a million rows), out of the
        # cycle collector's way: its passes over the growing heap were much of the time it took.
        with bulk(freeze=whole):
            rows = self._file.query(sql, args)
            if set(map(len, rows)) <= {self._size + 1} and set(map(type, chain.from_iterable(rows))) <= {str}:
                kind = self._kind  # every row of its shape: made in one go (a folder of a large archive is 100,000)
                taken: dict[str, R | None] = {row[0]: tuple.__new__(kind, row[1:]) for row in rows}
            else:
                taken = {row[0]: self._record(row) for row in rows if type(row[0]) is str}
            del rows
            # What was known already is as the file holds it (changes are applied once written), unless the
            # file became unusable; then no row is read any more.
            self.update(taken)

    def read_under(self, prefix: str) -> None:
        """Read every record whose key starts with ``prefix`` (a folder's key and ``/``) at once."""
        if self._whole or prefix in self._read or not prefix:
            return
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # keys from prefix up to the next string not starting so
        self._take(f"SELECT * FROM {self._table} WHERE key >= ? AND key < ?", (prefix, end))  # noqa: S608 (ours)
        self._read += (prefix,)

    def read_all(self) -> None:
        """Read every record of the table."""
        if not self._whole:
            self._take(f"SELECT * FROM {self._table}", whole=True)  # noqa: S608 (ours)
            self._whole = True

    def whole(self) -> dict[str, R]:
        """Every record, by key."""
        if self._forgotten:
            self._whole = False  # read again, the forgotten ones with the rest
            self._forgotten.clear()
        self.read_all()
        return {key: record for key, record in sorted(self.items()) if record is not None}

    def apply(self, changes: dict[str, R | None]) -> None:
        """Take ``changes`` as saved (a record None: removed)."""
        self.update(changes)

    def forget(self, keys: list[str]) -> None:
        """Hold the records of ``keys``, as saved, no longer: each is read from the file if asked again."""
        for key in keys:
            dict.pop(self, key, None)
        self._forgotten.update(keys)


class Changed(dict[str, R | None]):
    """A table as a process changed it, over the records as saved.

    As a dictionary it holds the process's changes (None: removed), and
    after :meth:`take_read` the records read from the file too; ``view[key]``
    is the record of ``key`` or None, read through to the file as in
    :class:`Table`.
    """

    def __init__(self, saved: Table[R]) -> None:
        super().__init__()
        self.saved = saved

    def __missing__(self, key: str) -> R | None:
        return self.saved[key]

    def take_read(self) -> None:
        """Hold every record read from the file so far too, so that looking one up calls nothing.

        For a run that read the whole table (as a rerun checking every file
        does): its every look-up went through :meth:`__missing__` before.
        """
        merged = dict(self.saved)
        merged.update(self)
        self.update(merged)

    def get(self, key: str, default: Any = None) -> Any:
        """The record of ``key`` (``default`` if there is none)."""
        found = self[key]
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self[key] is not None

    def pop(self, key: str, default: Any = None) -> Any:
        """Remove the record of ``key``, and return it (``default`` if there was none)."""
        found = self[key]
        self[key] = None
        return default if found is None else found

    def forget(self, keys: list[str]) -> None:
        """Hold the changes of ``keys`` no longer, once saved: asked again, each is the saved table's."""
        for key in keys:
            dict.pop(self, key, None)


class SavedState:
    """The state's records as saved, each table read as asked.

    Attributes:
        file: The state's file.
        outputs: By the key of each file made.
        inputs: By the key of each file read that is no output.
        values: The named values (few: read whole at opening).
    """

    def __init__(self, file: StateFile) -> None:
        self.file = file
        self.outputs: Table[OutputRecord] = Table(file, "outputs", OutputRecord)
        self.inputs: Table[InputRecord] = Table(file, "inputs", InputRecord)
        rows = file.query("SELECT key, value FROM vals")
        self.values = {key: value for key, value in rows if type(key) is str and type(value) is str}

    def apply(self, changes: StateChanges) -> None:
        """Take ``changes`` as saved."""
        self.outputs.apply(changes.outputs)
        self.inputs.apply(changes.inputs)
        for name, value in changes.values.items():
            if value is None:
                self.values.pop(name, None)
            else:
                self.values[name] = value

    def read_under(self, prefix: str) -> None:
        """Read the records of every file whose key starts with ``prefix``."""
        self.outputs.read_under(prefix)
        self.inputs.read_under(prefix)

    def whole(self) -> StateRecords:
        """Every record, read at once (to look at a state, as the tests do)."""
        return StateRecords(self.outputs.whole(), self.inputs.whole(), dict(self.values))


class ChangedState:
    """The state's records as a process changed them (see :class:`Changed`)."""

    def __init__(self, saved: SavedState) -> None:
        self.outputs: Changed[OutputRecord] = Changed(saved.outputs)
        self.inputs: Changed[InputRecord] = Changed(saved.inputs)
        self.values = dict(saved.values)


def open_state(root: Path) -> SavedState:
    """The state saved in ``root``'s ``.l10n/state.db`` (empty if it is missing or unusable)."""
    return SavedState(StateFile(root))
