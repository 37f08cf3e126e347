"""A language's saved translation memory, ``.l10n/memory-<lang>.built.db``: an SQLite file read on demand.

Written whole, once; a run reads only what its look-ups and patches touch (loading it whole, as
JSON, was most of a one-article update on a large archive: see the README's Performance section).

The tables hold :meth:`pipeline.memory.TranslationMemory.saved` as it is:

- ``meta``: the header (format, tool, identity, the catalogues it was built
  from, as JSON) and the counts of the tables below;
- ``sources(id, name)``: the catalogues, in name order (read whole at opening);
- ``texts(id, h, text)``, ``entries(id, h, msgid, first, found)``: each
  distinct memory text and msgid, numbered as saved, found by a CRC-32 of
  the string (``h``, indexed) and then compared;
- ``members(id, entries)``: each catalogue's entries;
- ``terms(id, first, terms, ends, entries)``: the index's sorted terms
  :data:`TERMS_A_ROW` to a row (a row per term made writing a large memory
  several times slower), NUL-separated, with their postings.

Numbers are little-endian 32-bit words. The file is never changed once
written (a new one replaces it), so it is opened ``immutable``: no locks,
no journal. Each process opens its own connection (a connection must not
cross a fork), checking that the file is still the one first opened.
"""

from __future__ import annotations

import bisect
import itertools
import os
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from pipeline import store
from pipeline.errors import L10nError
from pipeline.listing import seal_of

if TYPE_CHECKING:
    from pipeline.memory import SavedParts

#: The layout of memory-<lang>.built.db.
FORMAT = 4
#: Index terms to a row of the terms table.
TERMS_A_ROW = 64
_SEPARATOR = "\0"  # between a row's terms: no PO string holds it
_HINT = "it is a cache: delete it, and the next run builds it again"

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE texts(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE entries(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, msgid TEXT NOT NULL,
                     first INTEGER NOT NULL, found BLOB NOT NULL);
CREATE TABLE members(id INTEGER PRIMARY KEY, entries BLOB NOT NULL);
CREATE TABLE terms(id INTEGER PRIMARY KEY, first TEXT NOT NULL, terms TEXT NOT NULL,
                   ends BLOB NOT NULL, entries BLOB NOT NULL);
"""
# Made once the rows are in: an index filled row by row is slower to build.
_INDEXES = """
CREATE INDEX texts_h ON texts(h);
CREATE INDEX entries_h ON entries(h);
CREATE INDEX terms_first ON terms(first);
"""


class DamagedMemory(L10nError):
    """The saved memory could not be read part-way through a run (its file damaged since it was opened)."""


def write(path: Path, header: str, parts: SavedParts) -> None:
    """Write the memory ``parts`` with its ``header`` (a JSON object) to ``path``, atomically as every write."""
    entries, terms = zip(parts.msgids, parts.first, parts.found, strict=True), _chunks(parts)
    write_rows(path, header, Rows(parts.sources, parts.texts, entries, parts.members, terms))


def _chunks(parts: SavedParts) -> Iterator[tuple[list[str], array, array]]:
    terms, numbers, ends = parts.terms, parts.postings, parts.ends
    for start in range(0, len(terms), TERMS_A_ROW):
        stop, low = min(start + TERMS_A_ROW, len(terms)), ends[start - 1] if start else 0
        yield terms[start:stop], array("I", (end - low for end in ends[start:stop])), numbers[low : ends[stop - 1]]


@dataclass(frozen=True, slots=True)
class Rows:
    """A memory's rows in the order they are saved (see :meth:`pipeline.memory.TranslationMemory.saved`).

    Attributes:
        sources: The catalogues, in name order.
        texts: Each memory text, by number.
        entries: Each entry's msgid, first catalogue and ``[text, source, …]`` numbers, by number.
        members: Each catalogue's entry numbers, by source number.
        terms: The index's terms in order, :data:`TERMS_A_ROW` at a time: the terms, where each one's
            posting ends (counted from the chunk's first entry), and the postings one after another.
    """

    sources: Sequence[str]
    texts: Iterable[str]
    entries: Iterable[tuple[str, int, Sequence[int]]]
    members: Iterable[Sequence[int]]
    terms: Iterable[tuple[list[str], Sequence[int], Sequence[int]]]


def write_rows(path: Path, header: str, rows: Rows) -> None:
    """Write a memory given as its ``rows`` (read once, in order), atomically: the same bytes for the same rows."""
    store.write_with(path, lambda name: fill(name, header, rows))


def fill(name: str, header: str, rows: Rows) -> None:
    """Write a memory given as its ``rows`` into the new empty file named ``name`` (a scratch file, say)."""
    try:
        _insert(name, header, rows)
    except sqlite3.Error as exc:  # a full disk, say: reported as the write's failure
        raise OSError(str(exc)) from None
    fd = os.open(name, os.O_RDWR)
    try:
        os.pwrite(fd, _check(fd).to_bytes(4, "big"), _CHECK_AT)
    finally:
        os.close(fd)


# The file's CRC-32 goes where SQLite keeps the "user version", which it never
# reads itself, so a file damaged or cut short is found before it is used (a
# row read wrongly would give wrong answers, not an error).
_CHECK_AT = 60
_BLOCK = 1 << 20


def _check(fd: int) -> int:
    """The CRC-32 of the file open as ``fd``, its 4 bytes at :data:`_CHECK_AT` taken as zero."""
    crc, offset = 0, 0
    while block := os.pread(fd, _BLOCK, offset):
        if offset <= _CHECK_AT < offset + len(block):
            block = block[:_CHECK_AT] + bytes(4) + block[_CHECK_AT + 4 :]
        crc = zlib.crc32(block, crc)
        offset += len(block)
    return crc


def _checked(path: Path, seal: str) -> tuple[str, str]:
    """Why the file at ``path`` is not as written, "" if it is (not read if still ``seal``); its seal."""
    fd = store.open_kept(path)
    if fd is None:
        return "missing", ""
    try:
        found = seal_of(os.fstat(fd))
        if found != seal and os.pread(fd, 4, _CHECK_AT) != _check(fd).to_bytes(4, "big"):
            return "does not match its check", ""
        return "", found
    except OSError:
        return "cannot be read", ""
    finally:
        os.close(fd)


def _insert(name: str, header: str, rows: Rows) -> None:
    db = sqlite3.connect(name, isolation_level=None)
    try:
        # A new file written in one transaction: nothing to roll back to, no temporary file outside the project.
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;" + _SCHEMA)
        db.execute("BEGIN")
        counts = dict.fromkeys(("sources", "texts", "entries", "terms"), 0)

        def counted(table: str, items: Iterable) -> Iterator:
            for item in items:
                counts[table] += 1
                yield item

        db.executemany("INSERT INTO sources VALUES (?, ?)", enumerate(counted("sources", rows.sources)))
        texts = ((n, hash_of(t), t) for n, t in enumerate(counted("texts", rows.texts)))
        db.executemany("INSERT INTO texts VALUES (?, ?, ?)", texts)
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
            (
                (n, hash_of(msgid), msgid, first, _blob(found))
                for n, (msgid, first, found) in enumerate(counted("entries", rows.entries))
            ),
        )
        db.executemany("INSERT INTO members VALUES (?, ?)", ((n, _blob(m)) for n, m in enumerate(rows.members)))

        def term_rows() -> Iterator[tuple]:
            for row, (names, ends, numbers) in enumerate(rows.terms):
                counts["terms"] += len(names)
                yield row, names[0], _SEPARATOR.join(names), _blob(ends), _blob(numbers)

        db.executemany("INSERT INTO terms VALUES (?, ?, ?, ?, ?)", term_rows())
        for statement in _INDEXES.strip().splitlines():
            db.execute(statement)
        # Last, since the counts are known only now (a row's place in the file depends only on the rows before it).
        meta = {"header": header, "counts": orjson.dumps(counts).decode("utf-8")}
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        db.execute("COMMIT")
    finally:
        db.close()


class SavedMemory:
    """A saved memory file, opened: its header, and the parts :meth:`TranslationMemory.reopen` reads on demand.

    Attributes:
        path: The file.
        header: What :func:`write` was given as the header.
        inode: The file's inode when it was opened (a forked worker opens the same file or none).
        bounded: Never read a part whole, nor keep what was read (set before its parts are made).
        seal: The file's :func:`pipeline.listing.seal_of` when it was opened.
    """

    def __init__(
        self, path: Path, header: dict, counts: dict[str, int], sources: list[str], db: sqlite3.Connection, seal: str
    ):
        self.path = path
        self.header = header
        self._counts = counts
        self.sources = sources
        self._db = db
        self._pid = _FORKS[0]
        self.inode = os.stat(path).st_ino
        self.bounded = False
        self.seal = seal

    def _connection(self) -> sqlite3.Connection:
        if self._pid != _FORKS[0]:  # a forked worker: its own connection, to the same file
            try:
                same = os.stat(self.path).st_ino == self.inode
            except OSError:
                same = False
            if not same:
                raise DamagedMemory("the saved translation memory was replaced during the run", path=self.path)
            self._db, self._pid = _connect(self.path), _FORKS[0]
        return self._db

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        """The rows ``sql`` selects.

        Raises:
            DamagedMemory: If the file cannot be read as the database it was when opened.
        """
        try:
            return self._connection().execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise DamagedMemory(
                f"the saved translation memory cannot be read ({exc})", path=self.path, hint=_HINT
            ) from None

    def count(self, table: str) -> int:
        """How many rows ``table`` holds (of sources, texts, entries; terms: how many index terms)."""
        return self._counts[table]

    def texts(self) -> Column:
        """The memory texts by number."""
        return Column(self, "texts", "text", itemgetter(0))

    def msgids(self) -> Column:
        """The msgids by entry number (each call: a column of its own, changed on its own)."""
        return Column(self, "entries", "msgid", itemgetter(0))

    def orders(self) -> Column:
        """Each entry's place in the index: (its first catalogue's name, its msgid)."""
        sources = self.sources

        def order(row: tuple) -> tuple[str, str]:
            first, msgid = row
            if not (isinstance(first, int) and 0 <= first < len(sources) and isinstance(msgid, str)):
                raise DamagedMemory("the saved translation memory holds a wrong entry", path=self.path, hint=_HINT)
            return sources[first], msgid

        return Column(self, "entries", "first, msgid", order)

    def text_ids(self) -> Lookup:
        """Each memory text's number, by text."""
        return Lookup(self, "texts", "text")

    def entry_numbers(self) -> Lookup:
        """Each msgid's entry number, by msgid (each call: a look-up of its own)."""
        return Lookup(self, "entries", "msgid")

    def found(self) -> Lists:
        """Each entry's ``[text, source, …]`` numbers, by entry number."""
        return Lists(self, "entries", "found", max(self.count("texts"), len(self.sources)))

    def members(self) -> Lists:
        """Each catalogue's entry numbers, by source number."""
        return Lists(self, "members", "entries", self.count("entries"))

    def whole(self) -> dict:
        """The whole memory read at once, as :meth:`TranslationMemory.to_json` describes it (numbers as arrays).

        For a run that will read most of it: a row at a time, it would cost
        far more than reading every row in one go.
        """
        texts = [text for (text,) in self.query("SELECT text FROM texts ORDER BY id")]
        entries = self.query("SELECT msgid, first, found FROM entries ORDER BY id")
        members = [blob for (blob,) in self.query("SELECT entries FROM members ORDER BY id")]
        terms: list[str] = []
        ends = array("I")
        postings: list[bytes] = []
        for joined, row_ends, row_entries in self.query("SELECT terms, ends, entries FROM terms ORDER BY id"):
            if not isinstance(joined, str):
                raise ValueError("not a memory's terms")
            terms += joined.split(_SEPARATOR)
            start = ends[-1] if ends else 0
            ends.extend(start + end for end in _numbers(row_ends))
            postings.append(row_entries)
        return {
            "sources": self.sources,
            "texts": texts,
            "msgids": [msgid for msgid, _, _ in entries],
            "first": {"numbers": array("I", [first for _, first, _ in entries]), "ends": array("I", [len(entries)])},
            "found": _packed([found for _, _, found in entries]),
            "members": _packed(members),
            "index": {"terms": terms, "entries": {"numbers": _numbers(b"".join(postings)), "ends": ends}},
        }

    def terms(self) -> Terms:
        """The index's terms, sorted."""
        return Terms(self)

    def postings(self) -> Postings:
        """Each index term's entry numbers, by term number."""
        return Postings(self)


# This process's id, kept at each fork: a look-up asks whether its connection is its process's, many times a run.
_FORKS = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _FORKS.__setitem__(0, os.getpid()))


def open_saved(path: Path, seal: str = "") -> SavedMemory | str:
    """The saved memory at ``path``, or why it cannot be used; its CRC-32 checked unless it still has ``seal``."""
    why, found = _checked(path, seal)
    if why:
        return why
    try:
        db = _connect(path)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        header, counts = orjson.loads(meta["header"]), orjson.loads(meta["counts"])
        sources = [name for (name,) in db.execute("SELECT name FROM sources ORDER BY id")]
        tops = [db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] for table in ("texts", "entries", "terms")]  # noqa: S608 (table names are ours)
    except (sqlite3.Error, KeyError, ValueError, TypeError):
        return "not a memory file"
    names = ("sources", "texts", "entries", "terms")
    if not (isinstance(counts, dict) and all(type(counts.get(name)) is int for name in names)):
        return "a header of the wrong shape"
    rows = -(-counts["terms"] // TERMS_A_ROW)
    expected = [counts["texts"], counts["entries"], rows]
    if [-1 if top is None else top for top in tops] != [n - 1 for n in expected] or len(sources) != counts["sources"]:
        return "tables of the wrong size"
    if not (isinstance(header, dict) and set(map(type, sources)) <= {str}):
        return "a header of the wrong shape"
    try:
        saved = SavedMemory(path, header, counts, sources, db, found)
    except OSError:
        return "missing"
    # SQLite opened the file by its name: the one checked, unless it was replaced in between.
    return saved if found.split(":")[1] == str(saved.inode) else "replaced while it was opened"


def _connect(path: Path) -> sqlite3.Connection:
    # immutable: the file never changes once written, so SQLite takes no locks and looks for no journal.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def hash_of(text: str) -> int:
    """How a string is found in the file's tables (and in :mod:`pipeline.memory_disk`'s staging file)."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def _blob(numbers: Any) -> bytes:
    words = numbers if isinstance(numbers, array) else array("I", numbers)
    if sys.byteorder == "big":
        words = array("I", words)
        words.byteswap()
    return words.tobytes()


def _numbers(blob: object) -> array:
    if not isinstance(blob, bytes) or len(blob) % 4:
        return array("I")
    words = array("I", blob)
    if sys.byteorder == "big":
        words.byteswap()
    return words


def _packed(blobs: list[bytes]) -> dict:
    """Lists saved one to a row, as :meth:`pipeline.matching.Packed.unpack` takes them."""
    ends = array("I", itertools.accumulate(len(blob) // 4 for blob in blobs))
    return {"numbers": _numbers(b"".join(blobs)), "ends": ends}


def _within(numbers: array, below: int) -> array:
    """``numbers``, or none if one is out of range (a file not as written)."""
    return numbers if not numbers or max(numbers) < below else array("I")


# After this share of a part's rows (and at least _PER_ROW rows) is read one by
# one, the rest is read in one go: a full save reads every row, a one-article
# update a few hundred.
_WHOLE_SHARE = 16
_PER_ROW = 64


def _per_row(saved: SavedMemory, count: int) -> int:
    return sys.maxsize if saved.bounded else max(_PER_ROW, count // _WHOLE_SHARE)


class Column:
    """A list-like column of a saved table, by row number, read on demand; appended and changed in memory."""

    def __init__(self, saved: SavedMemory, table: str, columns: str, make: Callable[[tuple], Any]):
        self._saved, self._make = saved, make
        self._one = f"SELECT {columns} FROM {table} WHERE id = ?"  # noqa: S608 (names are ours)
        self._all = f"SELECT {columns} FROM {table} ORDER BY id"  # noqa: S608
        self._count = saved.count(table)
        self._read: dict[int, Any] = {}
        self._whole: list | None = None
        self._added: list = []
        self._misses = 0
        self._limit = _per_row(saved, self._count)

    def __len__(self) -> int:
        return self._count + len(self._added)

    def __getitem__(self, n: int) -> Any:
        if n < 0:
            n += len(self)
        if n >= self._count:
            return self._added[n - self._count]
        found = self._read.get(n, _MISSING)
        if found is not _MISSING:
            return found
        if self._whole is None:
            self._misses += 1
            if self._misses <= self._limit:
                rows = self._saved.query(self._one, (n,))
                if not rows:
                    raise DamagedMemory(
                        "the saved translation memory has rows missing", path=self._saved.path, hint=_HINT
                    )
                found = self._make(rows[0])
                if not self._saved.bounded:  # kept: the next look-up of it costs nothing
                    self._read[n] = found
                return found
            whole = [self._make(row) for row in self._saved.query(self._all)]
            if len(whole) != self._count:
                raise DamagedMemory("the saved translation memory has rows missing", path=self._saved.path, hint=_HINT)
            self._whole = whole
        return self._whole[n]

    def __setitem__(self, n: int, value: Any) -> None:
        if n >= self._count:
            self._added[n - self._count] = value
        else:
            self._read[n] = value

    def __iter__(self) -> Iterator[Any]:
        for n in range(len(self)):
            yield self[n]

    def append(self, value: Any) -> None:
        """Add a value after the last."""
        self._added.append(value)


_MISSING = object()


class Lookup:
    """A dict-like map from a saved table's strings to their row numbers, changed in memory."""

    def __init__(self, saved: SavedMemory, table: str, column: str):
        self._saved = saved
        self._one = f"SELECT id, {column} FROM {table} WHERE h = ?"  # noqa: S608 (names are ours)
        self._all = f"SELECT {column}, id FROM {table}"  # noqa: S608
        self._changed: dict[str, Any] = {}  # _MISSING: taken out
        self._whole: dict[str, Any] | None = None
        self._misses = 0
        self._limit = _per_row(saved, saved.count(table))

    def _base(self, key: str) -> Any:
        if self._whole is None:
            self._misses += 1
            if self._misses <= self._limit:
                try:
                    rows = self._saved.query(self._one, (hash_of(key),))
                except UnicodeEncodeError:
                    return _MISSING
                return next((n for n, text in rows if text == key), _MISSING)
            self._whole = dict(self._saved.query(self._all))
        return self._whole.get(key, _MISSING)

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, ``default`` if it has none."""
        found = self._changed.get(key, _MISSING) if key in self._changed else self._base(key)
        return default if found is _MISSING else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def __getitem__(self, key: str) -> Any:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def __setitem__(self, key: str, value: Any) -> None:
        self._changed[key] = value

    def pop(self, key: str, *default: Any) -> Any:
        """Take ``key`` out; its value (``default``, if it had none)."""
        found = self.get(key, _MISSING)
        if found is _MISSING:
            if default:
                return default[0]
            raise KeyError(key)
        self._changed[key] = _MISSING
        return found

    def __iter__(self) -> Iterator[str]:
        if self._whole is None:
            self._whole = dict(self._saved.query(self._all))
        for key in self._whole:
            if self._changed.get(key) is not _MISSING:
                yield key
        for key, value in self._changed.items():
            if value is not _MISSING and key not in self._whole:
                yield key


class Lists:
    """Lists of numbers saved one to a row (as :class:`pipeline.matching.Packed` gives them), read on demand."""

    def __init__(self, saved: SavedMemory, table: str, column: str, below: int):
        self._saved, self._below = saved, below
        self._one = f"SELECT {column} FROM {table} WHERE id = ?"  # noqa: S608 (names are ours)
        self._all = f"SELECT {column} FROM {table} ORDER BY id"  # noqa: S608
        self._count = saved.count(table) if table != "members" else len(saved.sources)
        self._whole: list[bytes] | None = None
        self._misses = 0
        self._limit = _per_row(saved, self._count)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, n: int) -> list[int]:
        """List ``n`` (empty if it holds a number out of range)."""
        return self.raw(n).tolist()

    def raw(self, n: int) -> array:
        """List ``n`` as an array."""
        if not 0 <= n < self._count:
            raise IndexError(n)
        if self._whole is None:
            self._misses += 1
            if self._misses <= self._limit:
                rows = self._saved.query(self._one, (n,))
                return _within(_numbers(rows[0][0] if rows else None), self._below)
            self._whole = [row[0] for row in self._saved.query(self._all)]
        return _within(_numbers(self._whole[n]), self._below)


class Terms:
    """The saved index's terms in order, each found by its row's first term (as ``matching._SavedTerms``)."""

    def __init__(self, saved: SavedMemory):
        self._saved = saved
        self._count = saved.count("terms")
        self._map: dict[str, int] | None = None
        self._misses = 0
        self._limit = _per_row(saved, self._count // TERMS_A_ROW)

    def __len__(self) -> int:
        return self._count

    def get(self, term: str) -> int | None:
        """The term's number, None if it is not one of them."""
        if self._map is None:
            self._misses += 1
            if self._misses > self._limit:
                self._map = {term: n for n, term in enumerate(self)}
        if self._map is not None:
            return self._map.get(term)
        try:
            rows = self._saved.query(
                "SELECT id, terms FROM terms WHERE first <= ? ORDER BY first DESC LIMIT 1", (term,)
            )
        except UnicodeEncodeError:
            return None
        if not rows:
            return None
        row, joined = rows[0]
        terms = joined.split(_SEPARATOR) if isinstance(joined, str) else []
        i = bisect.bisect_left(terms, term)
        return row * TERMS_A_ROW + i if i < len(terms) and terms[i] == term else None

    def __iter__(self) -> Iterator[str]:
        for (joined,) in self._saved.query("SELECT terms FROM terms ORDER BY id"):
            yield from joined.split(_SEPARATOR)


class Postings:
    """The saved index's postings by term number, a row of :data:`TERMS_A_ROW` at a time (the last kept)."""

    def __init__(self, saved: SavedMemory):
        self._saved = saved
        self._below = saved.count("entries")
        self._row = -1
        self._ends = array("I")
        self._numbers = array("I")
        self._rows: list[tuple] | None = None  # every row's blobs, once many rows were read
        self._misses = 0
        self._limit = _per_row(saved, saved.count("terms") // TERMS_A_ROW)

    def _read(self, row: int) -> tuple:
        if self._rows is None:
            self._misses += 1
            if self._misses <= self._limit:
                return (self._saved.query("SELECT ends, entries FROM terms WHERE id = ?", (row,)) or [(None, None)])[0]
            self._rows = self._saved.query("SELECT ends, entries FROM terms ORDER BY id")
        return self._rows[row] if row < len(self._rows) else (None, None)

    def __getitem__(self, n: int) -> list[int]:
        """Term ``n``'s entries (empty if out of range: a file not as written)."""
        return self.raw(n).tolist()

    def raw(self, n: int) -> array:
        """Term ``n``'s entries, an array."""
        return self.head(n, -1)[1]

    def head(self, n: int, cap: int) -> tuple[int, array]:
        """Term ``n``'s length and first ``cap`` entries (-1: all)."""
        row, i = divmod(n, TERMS_A_ROW)
        if row != self._row:
            ends, entries = self._read(row)
            self._ends, self._numbers, self._row = _numbers(ends), _numbers(entries), row
        if i >= len(self._ends):
            return 0, array("I")
        start = self._ends[i - 1] if i else 0
        length = self._ends[i] - start
        found = self._numbers[start : start + length if cap < 0 else start + min(cap, max(length, 0))]
        if length < 0 or (found and max(found) >= self._below):
            return 0, array("I")
        return length, found
