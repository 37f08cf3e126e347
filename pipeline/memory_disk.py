"""A language's saved memory built on disk: the file a memory built in RAM saves, in a fraction of the RAM.

A :class:`pipeline.memory.TranslationMemory` built in RAM costs about 1.8 KB
per distinct msgid (3.6 GB a language at 100,000 articles), and saving it
copies it once more. :func:`build` makes the same ``memory-<lang>.built.db``
(byte for byte: :mod:`pipeline.memory_db` writes both from the same rows)
while holding in RAM only a few numbers per pair: the strings wait in a
staging SQLite file beside the target, found again by their CRC-32, and the
index's postings are sorted in runs of a bounded size, staged there too, and
merged in order at the end.

What the rows must be, from :meth:`TranslationMemory.saved`: catalogues in
name order; entries numbered by their first catalogue, then msgid; each
entry's pairs by catalogue, then text; texts numbered as first used in that
order; every term of an entry's msgid in its posting as often as it occurs.
"""

from __future__ import annotations

import heapq
import itertools
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from pipeline import memory_db, store
from pipeline.matching import index_terms

#: Postings held in RAM before they are sorted and staged as a run (each costs 4 bytes, its term's share of a map).
RUN_POSTINGS = 2_000_000

_IN_LIST = 500  # strings looked up in one statement (SQLite allows 32,766 parameters)
#: Terms of a run to a row of the staging file.
RUN_PART = 1024
_SEPARATOR = "\0"  # between a row's terms: no PO string holds it

_SCHEMA = """
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;
CREATE TABLE msgids(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, s BLOB NOT NULL);
CREATE INDEX msgids_h ON msgids(h);
CREATE TABLE texts(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, s BLOB NOT NULL);
CREATE INDEX texts_h ON texts(h);
CREATE TABLE runs(run INTEGER NOT NULL, part INTEGER NOT NULL, terms BLOB NOT NULL, ends BLOB NOT NULL,
                  entries BLOB NOT NULL, PRIMARY KEY (run, part)) WITHOUT ROWID;
CREATE TABLE final(id INTEGER PRIMARY KEY, text INTEGER NOT NULL);
"""


def build(
    path: Path,
    header: str,
    catalogs: Iterable[tuple[str, Iterable[tuple[str, str]]]],
    *,
    run_postings: int = RUN_POSTINGS,
    run_part: int = RUN_PART,
) -> None:
    """Write the saved memory of these catalogues' ``(msgid, memory text)`` pairs to ``path``.

    Args:
        path: The memory file (written atomically; the staging file beside
            it is removed whatever happens).
        header: As for :func:`pipeline.memory_db.write`.
        catalogs: ``(source, pairs)`` in the order of the sources' names, each
            source once.
        run_postings: Postings sorted in RAM at a time.
        run_part: Terms of a run staged to a row.

    Raises:
        ValueError: If the sources are not in name order.
        OSError: If the staging file cannot be written.
    """
    _build(path, lambda rows: memory_db.write_rows(path, header, rows), catalogs, run_postings, run_part)


def fill(name: str, catalogs: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> None:
    """Write the memory of ``catalogs`` (as for :func:`build`) into the new empty file named ``name``.

    For a memory used only during a run (a scratch file): its header is empty.
    """
    _build(Path(name), lambda rows: memory_db.fill(name, "{}", rows), catalogs, RUN_POSTINGS, RUN_PART)


def _build(
    path: Path,
    write: Callable[[memory_db.Rows], None],
    catalogs: Iterable[tuple[str, Iterable[tuple[str, str]]]],
    run_postings: int,
    run_part: int,
) -> None:
    with store.scratch(path) as staging:
        db = sqlite3.connect(staging, isolation_level=None)
        try:
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
            stager = _Stager(db, run_postings, run_part)
            for source, pairs in catalogs:
                stager.add(source, pairs)
            write(stager.rows())
        except sqlite3.Error as exc:  # a full disk, say
            raise OSError(str(exc)) from None
        finally:
            db.close()


def _decode(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")


class _Strings:
    """Strings numbered as first seen, kept in a staging table and found by their hash."""

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        self._db = db
        self._insert = f"INSERT INTO {table} VALUES (?, ?, ?)"  # noqa: S608 (names are ours)
        self._find = f"SELECT id, s FROM {table} WHERE h IN ({{}})"  # noqa: S608
        self.count = 0

    def numbers(self, strings: Sequence[str]) -> tuple[list[int], list[bool]]:
        """Each string's number (new ones numbered in the order given), and whether it was new."""
        hashes = [memory_db.hash_of(s) for s in strings]
        known: dict[str, int] = {}
        unique = sorted(set(hashes))
        for start in range(0, len(unique), _IN_LIST):
            batch = unique[start : start + _IN_LIST]
            for n, blob in self._db.execute(self._find.format(",".join("?" * len(batch))), batch):
                known[_decode(blob)] = n
        numbers, new, rows = [], [], []
        for s, h in zip(strings, hashes, strict=True):
            n = known.get(s)
            if n is None:
                n = known[s] = self.count
                self.count += 1
                rows.append((n, h, s.encode("utf-8", "surrogatepass")))
                new.append(True)
            else:
                new.append(False)
            numbers.append(n)
        self._db.executemany(self._insert, rows)
        return numbers, new


class _Stager:
    """The catalogues' pairs taken in one after the other, and the saved rows made of them."""

    def __init__(self, db: sqlite3.Connection, run_postings: int, run_part: int) -> None:
        self._db = db
        self._run_postings, self._run_part = run_postings, run_part
        self._msgids = _Strings(db, "msgids")
        self._texts = _Strings(db, "texts")
        self._sources: list[str] = []
        self._first = array("I")  # by entry: its first source
        self._members: list[array] = []  # by source: its entries, ascending
        # By pair, in the order taken in (which is each entry's pairs' order): entry, source, text.
        self._entry, self._source, self._text = array("I"), array("I"), array("I")
        self._run: dict[str, array] = {}
        self._held = 0
        self._runs = 0

    def add(self, source: str, pairs: Iterable[tuple[str, str]]) -> None:
        pairs = sorted(pairs)
        if not pairs:
            return  # as TranslationMemory.add_pairs: a catalogue with nothing approved is not a source
        if self._sources and source <= self._sources[-1]:
            raise ValueError(f"catalogues out of order: {source!r} after {self._sources[-1]!r}")
        number = len(self._sources)
        self._sources.append(source)
        msgids = list(dict.fromkeys(msgid for msgid, _ in pairs))
        entries, new = self._msgids.numbers(msgids)
        entry_of = dict(zip(msgids, entries, strict=True))
        for msgid, entry, fresh in zip(msgids, entries, new, strict=True):
            if fresh:
                self._first.append(number)
                self._index(msgid, entry)
        self._members.append(array("I", sorted(set(entries))))
        texts, _ = self._texts.numbers([text for _, text in pairs])
        self._entry.extend(entry_of[msgid] for msgid, _ in pairs)
        self._source.extend(itertools.repeat(number, len(pairs)))
        self._text.extend(texts)

    def _index(self, msgid: str, entry: int) -> None:
        run = self._run
        terms = index_terms(msgid)
        for term in terms:
            posting = run.get(term)
            if posting is None:
                run[term] = array("I", (entry,))
            else:
                posting.append(entry)
        self._held += len(terms)
        if self._held >= self._run_postings:
            self._spill()

    def _spill(self) -> None:
        """Stage the postings held as a run, sorted by term, a part of it to a row."""
        if not self._run:
            return
        run, terms = self._run, sorted(self._run)
        rows = []
        for part, start in enumerate(range(0, len(terms), self._run_part)):
            some = terms[start : start + self._run_part]
            ends = array("I", itertools.accumulate(len(run[term]) for term in some))
            entries = b"".join(run[term].tobytes() for term in some)
            joined = _SEPARATOR.join(some).encode("utf-8", "surrogatepass")
            rows.append((self._runs, part, joined, ends.tobytes(), entries))
        self._db.executemany("INSERT INTO runs VALUES (?, ?, ?, ?, ?)", rows)
        self._runs += 1
        self._run, self._held = {}, 0

    def rows(self) -> memory_db.Rows:
        self._spill()
        found_at, found = self._found()
        # Texts renumbered as first used, reading the entries and their pairs in order.
        final = array("i", itertools.repeat(-1, self._texts.count))
        used = 0
        for n, t in enumerate(found[0::2]):
            if final[t] < 0:
                final[t] = used
                used += 1
            found[2 * n] = final[t]
        order = array("I", itertools.repeat(0, used))
        for t, f in enumerate(final):
            if f >= 0:
                order[f] = t
        del final
        self._db.executemany("INSERT INTO final VALUES (?, ?)", enumerate(order))
        entries = (
            (_decode(blob), first, found[found_at[n] : found_at[n + 1]])
            for n, ((blob,), first) in enumerate(
                zip(self._db.execute("SELECT s FROM msgids ORDER BY id"), self._first, strict=True)
            )
        )
        texts = (
            _decode(blob)
            for (blob,) in self._db.execute(
                "SELECT texts.s FROM final JOIN texts ON texts.id = final.text ORDER BY final.id"
            )
        )
        return memory_db.Rows(self._sources, texts, entries, self._members, self._terms())

    def _found(self) -> tuple[array, array]:
        """Each entry's ``[text, source, …]`` pairs in one array (a counting sort by entry), and where each starts."""
        count = self._msgids.count
        starts = array("I", itertools.repeat(0, count + 1))
        for entry in self._entry:
            starts[entry + 1] += 2
        for n in range(count):
            starts[n + 1] += starts[n]
        found = array("I", itertools.repeat(0, starts[count]))
        at = array("I", starts)
        for entry, source, text in zip(self._entry, self._source, self._text, strict=True):
            i = at[entry]
            found[i], found[i + 1] = text, source
            at[entry] = i + 2
        self._entry = self._source = self._text = array("I")
        return starts, found

    def _terms(self) -> Iterator[tuple[list[str], array, array]]:
        """The index's terms with their postings, merged from the runs in term order, as memory_db's rows take them.

        A term's entries from one run come after those of the run before (the runs follow the entries' order).
        """
        runs = [self._run_terms(run) for run in range(self._runs)]
        names: list[str] = []
        ends, numbers = array("I"), array("I")
        for term, group in itertools.groupby(heapq.merge(*runs), key=lambda row: row[0]):
            for _, _, entries in group:
                numbers.frombytes(entries)
            names.append(term)
            ends.append(len(numbers))
            if len(names) == memory_db.TERMS_A_ROW:
                yield names, ends, numbers
                names, ends, numbers = [], array("I"), array("I")
        if names:
            yield names, ends, numbers

    def _run_terms(self, run: int) -> Iterator[tuple[str, int, bytes]]:
        """A staged run's terms in order, each with the run's number and its entries (as bytes)."""
        for joined, ends, entries in self._db.execute(
            "SELECT terms, ends, entries FROM runs WHERE run = ? ORDER BY part", (run,)
        ):
            start = 0
            for term, end in zip(_decode(joined).split(_SEPARATOR), array("I", ends), strict=True):
                yield term, run, entries[4 * start : 4 * end]
                start = end
