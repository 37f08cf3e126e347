"""A prototype: the translation memory in SQLite, answering exactly as pipeline.memory.TranslationMemory.

Usage (from the repository root, with .venv/bin/python):

    python bench/sqlite_memory.py prepare PROJECT QUERY_PROJECT OUT
        PROJECT: a generated, translated project (bench/corpus2.py, l10n all, translate_all);
        QUERY_PROJECT: the edited sources of the same archive after ``l10n extract`` (its POT files).
        Writes OUT/pairs.jsonl (one catalogue a line, in name order) and OUT/queries.jsonl.
    python bench/sqlite_memory.py check OUT          every exact and near answer, both memories
    python bench/sqlite_memory.py property [N]       the Hypothesis property (N examples a setting)
    python bench/sqlite_memory.py measure OUT [--repeat R]
        build time, file size, RSS and µs a look-up, each variant in its own process, interleaved.

Nothing here is used by the pipeline: it is the measurement behind the question
"can a SQLite memory give exactly today's answers, and at what cost?" (see
bench/sqlite_memory_notes.md).

The schema (one file, built in catalogue-name order as TranslationMemory is):

    sources(id INTEGER PRIMARY KEY, name TEXT)     id in name order
    entries(id INTEGER PRIMARY KEY, h INTEGER, msgid TEXT, first INTEGER)
        each distinct msgid once; id = its place in the index's order
        (first catalogue's name, msgid); h = a 64-bit hash of msgid, indexed
        (a msgid index would hold every msgid twice); a hit is checked against msgid
    pairs(rowid, entry INTEGER, source INTEGER, text TEXT), index (entry)
        each remembered (msgid, memory text) in rowid order = by source name, then text
    terms(id INTEGER PRIMARY KEY, term TEXT, n INTEGER, head BLOB)
        id = a 64-bit hash of the term (checked against term; two terms with one
        hash fail the build); n = the posting's length (an entry twice if its key
        has the term twice); head = the first _POSTING_CAP entries of the posting
        (uint32, little-endian): all a look-up ever reads. With layout "split",
        heads(id, ids) holds the heads instead.
    rest(term INTEGER, part INTEGER, ids BLOB, PRIMARY KEY (term, part)) WITHOUT ROWID
        the rest of each posting, so that the index could be patched; never read
        by a look-up.

A look-up splits the query into terms in Python (pipeline.matching._terms),
reads the terms' lengths and heads in one statement, scores in Python in the
same order of float additions as FuzzyIndex.best (SQLite's SUM() sums
otherwise from 3.43 on), ranks by (score, order), and reads candidates' msgids
and first remembered pairs (other than the excluded catalogue's) eight at a time.

Environment: SQLITE_MEMORY_LAYOUT (inline, split), SQLITE_MEMORY_FLUSH (posting
entries held in RAM while building), SQLITE_MEMORY_TERM_CACHE (terms kept in RAM
by ``check``).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import itertools
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Indel  # noqa: E402

from pipeline import matching  # noqa: E402
from pipeline.matching import Match, _terms  # noqa: E402
from pipeline.memory import Remembered, TranslationMemory  # noqa: E402

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE entries(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, msgid TEXT NOT NULL, first INTEGER NOT NULL);
CREATE TABLE pairs(entry INTEGER NOT NULL, source INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL, n INTEGER NOT NULL, head BLOB);
CREATE TABLE heads(id INTEGER PRIMARY KEY, ids BLOB NOT NULL);
CREATE TABLE rest(term INTEGER, part INTEGER, ids BLOB NOT NULL, PRIMARY KEY (term, part)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX entries_h ON entries(h);
CREATE INDEX pairs_entry ON pairs(entry);
"""
LAYOUT = os.environ.get("SQLITE_MEMORY_LAYOUT", "inline")
_REST_PART = 4096  # entries a row of the rest of a posting
# Posting entries held in RAM while building before they go to the scratch file.
_FLUSH = int(os.environ.get("SQLITE_MEMORY_FLUSH", 2_000_000))


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def _blob(ids: Iterable[int]) -> bytes:
    a = array("I", ids)
    if sys.byteorder == "big":
        a.byteswap()
    return a.tobytes()


def _ids(blob: bytes) -> array:
    a = array("I")
    a.frombytes(blob)
    if sys.byteorder == "big":
        a.byteswap()
    return a


class SqliteMemory:
    """TranslationMemory's exact and near, answered from one SQLite file."""

    def __init__(self, path: Path | str, *, mmap: int = 0, cache_kib: int = 65536, term_cache: int = 0) -> None:
        """Open the memory at ``path``, read only.

        ``cache_kib``: SQLite's page cache; ``term_cache``: how many terms'
        lengths and heads to keep in RAM between look-ups (0: none; first in,
        first out).
        """
        self._cache: OrderedDict[str, tuple | None] = OrderedDict()
        self._cache_size = term_cache
        self.path = Path(path)
        # Room for every statement: near's IN lists of each length are statements of their own, and
        # with the default 128 exact's was prepared again at nearly every call.
        self.db = sqlite3.connect(
            f"file:{self.path}?mode=ro", uri=True, check_same_thread=False, cached_statements=1024
        )
        self.db.execute(f"PRAGMA cache_size=-{cache_kib}")
        if mmap:
            self.db.execute(f"PRAGMA mmap_size={mmap}")
        self._sources = [name for (name,) in self.db.execute("SELECT name FROM sources ORDER BY id")]
        self._source_ids = {name: n for n, name in enumerate(self._sources)}
        (self._entries,) = self.db.execute("SELECT count(*) FROM entries").fetchone()
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        if meta.get("cap") != matching._POSTING_CAP:
            raise ValueError("built with another posting cap")
        self.layout = meta["layout"]

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def build(
        cls, path: Path | str, catalogues: Iterable[tuple[str, Iterable[tuple[str, str]]]], layout: str = LAYOUT
    ) -> None:
        """Write the memory of ``catalogues`` (source, pairs), which come in the order of their names.

        As TranslationMemory.add_pairs in that order: a catalogue's pairs
        sorted, one without pairs left out, each distinct msgid indexed once
        in the order of (first catalogue, msgid). RAM stays bounded: postings
        go to a scratch database every _FLUSH entries and are merged at the end.

        ``layout``: "inline", each term's head in its row of ``terms`` (a
        look-up reads the lengths and heads of all its terms in one query), or
        "split", heads in their own table (two queries, the second for the
        rarest twelve only).
        """
        if layout not in ("inline", "split"):
            raise ValueError(layout)
        path = Path(path)
        scratch = path.with_name(path.name + ".scratch")
        for p in (path, scratch):
            p.unlink(missing_ok=True)
        db = sqlite3.connect(path, isolation_level=None)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;")
        db.executescript(_SCHEMA)
        db.execute("ATTACH ? AS s", (str(scratch),))
        db.executescript(
            "PRAGMA s.journal_mode=OFF; PRAGMA s.synchronous=OFF;"
            "CREATE TABLE s.chunks(h INTEGER, term TEXT, chunk INTEGER, ids BLOB);"
        )
        db.execute("CREATE INDEX entries_h ON entries(h)")  # needed while building: is a msgid new?
        db.execute("BEGIN")
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("cap", matching._POSTING_CAP), ("layout", layout)])
        chunk: dict[str, array] = {}
        held = chunks = entries = number = 0
        last = None
        for source, given in catalogues:
            pairs = sorted(given)
            if not pairs:
                continue
            if last is not None and source <= last:
                raise ValueError("catalogues must come in the order of their names, each once")
            last = source
            db.execute("INSERT INTO sources VALUES (?, ?)", (number, source))
            msgids = list(dict.fromkeys(m for m, _ in pairs))
            hashes = {m: _hash(m) for m in msgids}
            known: dict[str, int] = {}
            hs = list(set(hashes.values()))
            for at in range(0, len(hs), 500):
                part = hs[at : at + 500]
                q = f"SELECT id, msgid FROM entries WHERE h IN ({','.join('?' * len(part))})"  # noqa: S608
                known.update((m, i) for i, m in db.execute(q, part))
            new = []
            for m in msgids:
                if m not in known:
                    known[m] = entries
                    new.append((entries, hashes[m], m, number))
                    for term in _terms(m):  # not deduplicated: a term twice in a key is there twice in the posting
                        posting = chunk.get(term)
                        if posting is None:
                            chunk[term] = array("I", (entries,))
                        else:
                            posting.append(entries)
                    held += len(_terms(m))
                    entries += 1
            db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", new)
            db.executemany("INSERT INTO pairs VALUES (?, ?, ?)", ((known[m], number, t) for m, t in pairs))
            number += 1
            if held > _FLUSH:
                cls._flush(db, chunk, chunks)
                chunk, held, chunks = {}, 0, chunks + 1
        if chunks:
            cls._flush(db, chunk, chunks)
            chunk.clear()
            cls._write_terms(db, cls._merged(db), layout)
        else:  # everything fitted in RAM: no scratch round trip
            cls._write_terms(db, sorted((_hash(t), t, p) for t, p in chunk.items()), layout)
            chunk.clear()
        db.execute("COMMIT")
        db.execute("DETACH s")
        scratch.unlink(missing_ok=True)
        db.executescript(_INDEXES.replace("CREATE INDEX entries_h ON entries(h);", "") + "ANALYZE;")
        db.close()

    @staticmethod
    def _flush(db: sqlite3.Connection, chunk: dict[str, array], number: int) -> None:
        db.executemany(
            "INSERT INTO s.chunks VALUES (?, ?, ?, ?)", ((_hash(t), t, number, _blob(p)) for t, p in chunk.items())
        )

    @staticmethod
    def _merged(db: sqlite3.Connection) -> Iterator[tuple[int, str, array]]:
        """Each term's posting, its chunks joined in order, in the order of the terms' hashes."""
        rows = db.execute("SELECT h, term, ids FROM s.chunks ORDER BY h, term, chunk")
        for (h, term), group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
            posting = array("I")
            for _, _, ids in group:
                posting.extend(_ids(ids))
            yield h, term, posting

    @staticmethod
    def _write_terms(db: sqlite3.Connection, postings: Iterable[tuple[int, str, array]], layout: str) -> None:
        """The terms (numbered by their hashes: two terms with one hash fail the build), lengths, heads, rests."""
        cap = matching._POSTING_CAP
        terms: list[tuple] = []
        heads: list[tuple] = []
        rest: list[tuple] = []

        def flush() -> None:
            db.executemany("INSERT INTO terms VALUES (?, ?, ?, ?)", terms)
            db.executemany("INSERT INTO heads VALUES (?, ?)", heads)
            db.executemany("INSERT INTO rest VALUES (?, ?, ?)", rest)
            terms.clear(), heads.clear(), rest.clear()

        inline = layout == "inline"
        for number, term, posting in postings:
            head = _blob(posting[:cap])
            terms.append((number, term, len(posting), head if inline else None))
            if not inline:
                heads.append((number, head))
            for part, at in enumerate(range(cap, len(posting), _REST_PART)):
                rest.append((number, part, _blob(posting[at : at + _REST_PART])))
            if len(terms) == 20000:
                flush()
        flush()

    # -- look-ups ---------------------------------------------------------------------------------

    def exact(self, msgid: str, exclude: str) -> Remembered | None:
        """An approved translation of exactly ``msgid`` from another catalogue (the first remembered)."""
        row = self.db.execute(
            "SELECT text, source FROM pairs WHERE entry = (SELECT id FROM entries WHERE h = ? AND msgid = ?)"
            " AND source <> ? ORDER BY rowid LIMIT 1",
            (_hash(msgid), msgid, self._source_ids.get(exclude, -1)),
        ).fetchone()
        return None if row is None else Remembered(msgid, row[0], self._sources[row[1]])

    def near(
        self, msgid: str, threshold: float, exclude: str, fits: Callable[[str], bool] | None = None
    ) -> Match[Remembered] | None:
        """The most similar remembered message from another catalogue (among those whose msgid ``fits``)."""
        if not self._entries:
            return None
        db = self.db
        terms = list(dict.fromkeys(_terms(msgid)))
        if not terms:
            return None
        # Each term's (id, n, head): head None with the split layout; terms not indexed: None.
        cache, size = self._cache, self._cache_size
        found: dict[str, tuple | None] = {}
        missing = []
        for t in terms:
            hit = cache.get(t, cache)
            if hit is cache:
                missing.append(t)
            else:
                found[t] = hit
        if missing:
            inline = self.layout == "inline"
            marks = ",".join("?" * len(missing))
            sql = f"SELECT term, id, n{', head' if inline else ''} FROM terms WHERE id IN ({marks})"  # noqa: S608
            got = {row[0]: row for row in db.execute(sql, [_hash(t) for t in missing])}
            for t in missing:
                row = got.get(t)  # by the term: a hash's namesake is not it
                found[t] = hit = None if row is None else (row[1], row[2], row[3] if inline else None)
                if size:
                    if len(cache) >= size:
                        cache.popitem(last=False)  # (del d[next(iter(d))] slows down: dicts skip the holes)
                    cache[t] = hit
        # As FuzzyIndex.best: the postings by length, ties in the query's order of terms.
        postings = sorted((p for t in terms if (p := found[t]) is not None), key=lambda p: p[1])
        postings = postings[: matching._RAREST_TERMS]
        if not postings:
            return None
        heads = {i: head for i, _, head in postings}
        if postings[0][2] is None:  # the split layout
            ids = list(heads)
            sql = f"SELECT id, ids FROM heads WHERE id IN ({','.join('?' * len(ids))})"  # noqa: S608
            heads = dict(db.execute(sql, ids))
        score: dict[int, float] = {}
        get = score.get
        cap = matching._POSTING_CAP
        for i, n, _ in postings:
            weight = 1.0 / n
            for e in _ids(heads[i])[:cap].tolist():
                score[e] = get(e, 0.0) + weight
        skip = self._source_ids.get(exclude, -1)
        length = len(msgid)
        best: tuple[str, int, float] | None = None  # key, entry, score
        chosen: dict[int, int] = {}  # entry -> the rowid of its first pair from another catalogue
        tried = 0
        ranked = _ranked(score)
        limit = matching._CANDIDATES
        while tried < limit:
            batch = list(itertools.islice(ranked, max(limit - tried, 8)))
            if not batch:
                break
            # Each candidate's msgid and first pair from another catalogue (as exact()), if any.
            first = {
                e: (key, pair)
                for e, key, pair in db.execute(
                    "SELECT e.id, e.msgid, (SELECT p.rowid FROM pairs p WHERE p.entry = e.id AND p.source <> ?"  # noqa: S608
                    f" ORDER BY p.rowid LIMIT 1) FROM entries e WHERE e.id IN ({','.join('?' * len(batch))})",
                    [skip, *batch],
                )
            }
            for e in batch:
                if tried == limit:
                    break
                key, pair = first[e]
                if pair is None:
                    continue  # only in the excluded catalogue
                if fits is not None and not fits(key):
                    continue
                tried += 1
                chosen[e] = pair
                if 2 * min(length, len(key)) / (length + len(key)) < threshold:
                    continue
                total = length + len(key)
                edits = Indel.distance(msgid, key, score_cutoff=int(total * (1 - threshold)) + 1)
                ratio = (total - edits) / total  # as pipeline.matching divides
                if ratio >= threshold and (best is None or ratio > best[2]):
                    best = (key, e, ratio)
        if best is None:
            return None
        key, entry, ratio = best
        text, source = db.execute("SELECT text, source FROM pairs WHERE rowid = ?", (chosen[entry],)).fetchone()
        return Match(key, Remembered(key, text, self._sources[source]), ratio)


def _ranked(score: dict[int, float]) -> Iterator[int]:
    """As FuzzyIndex._ranked, where an entry's order is its number."""
    ranked = sorted(score, key=score.__getitem__, reverse=True)
    start = 0
    while start < len(ranked):
        end, top = start + 1, score[ranked[start]]
        while end < len(ranked) and score[ranked[end]] == top:
            end += 1
        group = ranked[start:end]
        if len(group) > 1:
            group.sort()
        yield from group
        start = end


# -- data ---------------------------------------------------------------------------------------


def prepare(project: Path, query_project: Path, out: Path, lang: str = "ru") -> None:
    """Write OUT/pairs.jsonl and OUT/queries.jsonl from a translated project and an edited one's POT files."""
    from pipeline.memory import memory_pairs
    from pipeline.pofile import parse_po

    out.mkdir(parents=True, exist_ok=True)
    n = 0
    with (out / "pairs.jsonl").open("w", encoding="utf-8") as f:
        for po_path in sorted((project / "locale" / lang / "LC_MESSAGES").glob("*.po")):
            key = f"locale/{lang}/LC_MESSAGES/{po_path.name}"
            pairs = memory_pairs(parse_po(po_path.read_bytes(), po_path), lang)
            n += len(pairs)
            f.write(json.dumps([key, pairs], ensure_ascii=False) + "\n")
    q = 0
    with (out / "queries.jsonl").open("w", encoding="utf-8") as f:
        for pot in sorted((query_project / "locale").glob("*.pot")):
            key = f"locale/{lang}/LC_MESSAGES/{pot.stem}.po"
            for entry in parse_po(pot.read_bytes(), pot):
                if entry.msgid and not entry.msgctxt:
                    f.write(json.dumps([entry.msgid, key], ensure_ascii=False) + "\n")
                    q += 1
    print(f"{n} pairs, {q} queries in {out}")


def read_catalogues(out: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The catalogues prepare() wrote, (key, pairs), in name order, one at a time."""
    with (out / "pairs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            key, pairs = json.loads(line)
            yield key, [tuple(p) for p in pairs]


def read_queries(out: Path, every: int = 1) -> list[tuple[str, str]]:
    """The queries (msgid, its catalogue's key), every ``every``th only (read as a stream: no peak of them all)."""
    with (out / "queries.jsonl").open(encoding="utf-8") as f:
        return [tuple(json.loads(line)) for line in itertools.islice(f, 0, None, every)]


def build_ram(catalogues: Iterable[tuple[str, list[tuple[str, str]]]]) -> TranslationMemory:
    """Today's memory of these catalogues, added in name order as memory_store builds it."""
    memory = TranslationMemory()
    for key, pairs in sorted(catalogues, key=lambda c: c[0]) if isinstance(catalogues, list) else catalogues:
        memory.add_pairs(pairs, key)
    return memory


# -- the differential check ---------------------------------------------------------------------


def check(out: Path, threshold: float = 0.6) -> None:
    """Compare every exact and near answer of both memories on OUT's data; print the disagreements."""
    catalogues = list(read_catalogues(out))
    queries = read_queries(out)
    t = time.perf_counter()
    ram = build_ram(catalogues)
    print(f"in RAM: built in {time.perf_counter() - t:.1f} s")
    db = out / "check.sqlite"
    t = time.perf_counter()
    SqliteMemory.build(db, catalogues)
    print(f"SQLite: built in {time.perf_counter() - t:.1f} s")
    lite = SqliteMemory(db, term_cache=int(os.environ.get("SQLITE_MEMORY_TERM_CACHE", 0)))
    print(f"layout {lite.layout}, term cache {lite._cache_size}")
    remembered = {m for _, pairs in catalogues for m, _ in pairs}
    counts = dict.fromkeys(["exact", "exact hits", "near", "near hits", "near (new msgids)"], 0)
    bad = []
    for msgid, key in queries:
        a, b = ram.exact(msgid, key), lite.exact(msgid, key)
        counts["exact"] += 1
        counts["exact hits"] += a is not None
        if a != b:
            bad.append(("exact", msgid, key, a, b))
        a, b = ram.near(msgid, threshold, key), lite.near(msgid, threshold, key)
        counts["near"] += 1
        counts["near hits"] += a is not None
        counts["near (new msgids)"] += msgid not in remembered
        if a != b:
            bad.append(("near", msgid, key, a, b))
    # Exact look-ups of every remembered msgid, excluding its first catalogue and an unknown one.
    for key, pairs in catalogues:
        for msgid, _ in pairs:
            for exclude in (key, "elsewhere"):
                counts["exact"] += 1
                a, b = ram.exact(msgid, exclude), lite.exact(msgid, exclude)
                counts["exact hits"] += a is not None
                if a != b:
                    bad.append(("exact", msgid, exclude, a, b))
    # And fits: only keys of an even length (a stand-in for the merge's placeholder check).
    for msgid, key in queries[::7]:
        counts["near"] += 1
        fits = lambda k: len(k) % 2 == 0  # noqa: E731
        a, b = ram.near(msgid, threshold, key, fits), lite.near(msgid, threshold, key, fits)
        counts["near hits"] += a is not None
        if a != b:
            bad.append(("near/fits", msgid, key, a, b))
    lite.close()
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    print(f"disagreements: {len(bad)}")
    for b in bad[:20]:
        print("  ", b)


# -- the property -------------------------------------------------------------------------------


def property_test(examples: int = 30) -> None:
    """Hypothesis: random small memories and queries, both memories answer alike (today's constants and small ones)."""
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(
        [
            "the",
            "The",
            "THE",
            "of",
            "a",
            "news",
            "News",
            "akimat",
            "region",
            "{amount}",
            "{n}",
            "{}",
            "Астана",
            "ёлка",
            "Ёлка",
            "ǅemal",
            "ß",
            "straße",
            "İstanbul",
            "x1",
            "2025",
            "12",
            "grain",
            "terminal",
            "a-b",
        ]
    )
    sep = st.sampled_from([" ", " ", ", ", ". ", "  ", "\t", "-", "\n"])
    sentence = st.lists(st.tuples(words, sep), min_size=0, max_size=9).map(lambda ws: "".join(w + s for w, s in ws))
    odd = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
    # Dense: few words, so that rarity scores and similarities tie (ties are where orders matter).
    dense_words = st.sampled_from(["alpha", "beta", "gamma", "Beta", "{x}", "beta"])
    dense = st.lists(dense_words, min_size=1, max_size=10).map(" ".join)
    msgid = st.one_of(sentence, dense, dense, odd)
    text = st.one_of(st.sampled_from(["A", "B", "b", "\0forms\0\0n=few", ""]), odd)
    names = st.sampled_from(["a.po", "b.po", "B.po", "c.po", "ä.po", "z/a.po", "zz.po", "é.po"])
    catalogue = st.tuples(names, st.lists(st.tuples(msgid, text), max_size=15))
    memory = st.lists(catalogue, max_size=6)
    query = st.one_of(msgid, sentence, dense)

    def run(cats, queries, threshold, fits_mod):
        merged: dict[str, list] = {}
        for name, pairs in cats:
            merged.setdefault(name, []).extend(pairs)  # one catalogue a name, as the pipeline's keys are
        ordered = sorted(merged.items())
        ram = build_ram(ordered)
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "m.sqlite"
            SqliteMemory.build(path, ordered)
            lite = SqliteMemory(path, term_cache=5)  # a small term cache: hits, misses and evictions
            try:
                fits = None if fits_mod is None else (lambda k: len(k) % fits_mod != 0)
                names_ = [n for n, _ in ordered] + ["nowhere.po"]
                for q, name in queries:
                    ex = names_[name % len(names_)]
                    assert ram.exact(q, ex) == lite.exact(q, ex), (q, ex)  # noqa: S101
                    assert ram.near(q, threshold, ex, fits) == lite.near(q, threshold, ex, fits), (q, ex, threshold)  # noqa: S101
                for name, pairs in ordered:
                    for m, _ in pairs:
                        for ex in (name, "nowhere.po"):
                            assert ram.exact(m, ex) == lite.exact(m, ex)  # noqa: S101
                            assert ram.near(m, threshold, ex, fits) == lite.near(m, threshold, ex, fits)  # noqa: S101
            finally:
                lite.close()

    prop = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)(
        given(
            memory,
            st.lists(st.tuples(query, st.integers(0, 20)), max_size=8),
            st.sampled_from([0.0, 0.3, 0.6, 0.6, 0.9, 1.0]),
            st.sampled_from([None, None, 2, 3]),
        )(run)
    )
    global _FLUSH
    saved = (matching._POSTING_CAP, matching._RAREST_TERMS, matching._CANDIDATES, _FLUSH)
    # Today's constants, then small ones so that caps and limits are reached; a small _FLUSH
    # builds through the scratch file and merges postings from several chunks.
    for cap, rarest, candidates, flush in [saved, (3, 2, 2, 10), (1, 1, 1, 3), (2, 4, 3, saved[3])]:
        matching._POSTING_CAP, matching._RAREST_TERMS, matching._CANDIDATES, _FLUSH = cap, rarest, candidates, flush
        try:
            prop()
        finally:
            matching._POSTING_CAP, matching._RAREST_TERMS, matching._CANDIDATES, _FLUSH = saved
        print(
            f"property: {examples} examples agreed (cap {cap}, rarest {rarest}, candidates {candidates},"
            f" build flush every {flush} postings)"
        )


# -- measurements -------------------------------------------------------------------------------


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _rss_mib() -> float:
    """Peak RSS of this process so far.

    VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over exec from
    the forking parent (a measuring parent that once held a memory would leave
    its peak in every worker); VmHWM belongs to this process's own address space.
    """
    peak = _status_mib("VmHWM")
    return peak if peak == peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mib() -> float:
    return _status_mib("VmRSS")


def _evict(path: Path) -> None:
    """Drop this file's pages from the OS page cache (only its own, clean, pages)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)  # dirty pages (a file just written) are not dropped
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def _time_queries(memory, queries, threshold=0.6) -> dict:
    """µs a look-up: CPU (process_time) and wall (perf_counter), each call timed alone."""
    pt, pc = time.process_time, time.perf_counter
    ex_cpu, ex_wall, near_cpu, near_wall = [], [], [], []
    gc.disable()
    for msgid, key in queries:
        c0, w0 = pt(), pc()
        memory.exact(msgid, key)
        c1, w1 = pt(), pc()
        memory.near(msgid, threshold, key)
        c2, w2 = pt(), pc()
        ex_cpu.append(c1 - c0)
        ex_wall.append(w1 - w0)
        near_cpu.append(c2 - c1)
        near_wall.append(w2 - w1)
    gc.enable()

    def us(xs):
        return {
            "median": statistics.median(xs) * 1e6,
            "mean": statistics.fmean(xs) * 1e6,
            "p99": sorted(xs)[int(len(xs) * 0.99)] * 1e6,
            "total_s": sum(xs),
        }

    return {"exact_cpu": us(ex_cpu), "exact_wall": us(ex_wall), "near_cpu": us(near_cpu), "near_wall": us(near_wall)}


def worker(variant: str, out: Path, every: int = 1, passes: int = 2) -> dict:
    """One measurement in this (fresh) process; the result as JSON on stdout."""
    result: dict = {"variant": variant, "rss_start_mib": _rss_mib()}
    queries = None
    db = out / "memory.sqlite"
    if variant == "ram-build":
        c, w = time.process_time(), time.perf_counter()
        memory = build_ram(read_catalogues(out))
        result["build_cpu_s"], result["build_wall_s"] = time.process_time() - c, time.perf_counter() - w
    elif variant == "ram-json":
        c, w = time.process_time(), time.perf_counter()
        memory = TranslationMemory.from_json(json.loads((out / "memory.json").read_text(encoding="utf-8")))
        result["build_cpu_s"], result["build_wall_s"] = time.process_time() - c, time.perf_counter() - w
        result["file_mib"] = (out / "memory.json").stat().st_size / 2**20
    elif variant == "sqlite-build":
        tmp = out / "memory.sqlite.new"
        c, w = time.process_time(), time.perf_counter()
        SqliteMemory.build(tmp, read_catalogues(out))
        result["build_cpu_s"], result["build_wall_s"] = time.process_time() - c, time.perf_counter() - w
        result["file_mib"] = tmp.stat().st_size / 2**20
        result["tables_mib"] = _table_sizes(tmp)
        os.replace(tmp, db)
        result["rss_after_build_mib"] = _rss_mib()
        return result
    elif variant in ("sqlite-cold", "sqlite-warm", "sqlite-mmap", "sqlite-cache", "sqlite-8mib"):
        if variant == "sqlite-cold":
            _evict(db)
        c, w = time.process_time(), time.perf_counter()
        memory = SqliteMemory(
            db,
            mmap=2**34 if variant == "sqlite-mmap" else 0,
            term_cache=100_000 if variant == "sqlite-cache" else 0,
            cache_kib=8192 if variant == "sqlite-8mib" else 65536,
        )
        result["build_cpu_s"], result["build_wall_s"] = time.process_time() - c, time.perf_counter() - w
        result["file_mib"] = db.stat().st_size / 2**20
    else:
        raise SystemExit(f"unknown variant {variant}")
    result["rss_after_build_mib"] = _rss_mib()
    result["rss_now_mib"] = _current_rss_mib()
    queries = read_queries(out, every)
    result["queries"] = len(queries)
    result["rss_queries_read_mib"] = _current_rss_mib() - result["rss_now_mib"]  # what the query list takes
    for n in range(1, passes + 1):
        result[f"pass{n}"] = _time_queries(memory, queries)
        result[f"rss_after_pass{n}_mib"] = _rss_mib()
        result[f"rss_now_after_pass{n}_mib"] = _current_rss_mib()
    return result


def _table_sizes(path: Path) -> dict:
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        return {name: size / 2**20 for name, size in rows}
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()


def measure(out: Path, repeat: int, every: int, variants: list[str], passes: int = 2, save: str = "measure") -> None:
    """Run each variant's worker in a fresh process, ``repeat`` times, in alternating orders; print the table."""
    if not (out / "memory.json").exists():  # in a child: this process stays small
        subprocess.run([sys.executable, __file__, "save-json", str(out)], check=True)
    runs: dict[str, list[dict]] = {}
    order = variants
    for r in range(repeat):
        for variant in order if r % 2 == 0 else order[:1] + order[1:][::-1]:
            proc = subprocess.run(
                [sys.executable, __file__, "worker", variant, str(out), "--every", str(every), "--passes", str(passes)],
                capture_output=True,
                text=True,
                check=True,
            )
            res = json.loads(proc.stdout.splitlines()[-1])
            runs.setdefault(variant, []).append(res)
            print(f"[{r}] {variant}: {json.dumps(_brief(res))}", flush=True)
    saved = out / f"{save}.json"
    old = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
    for variant, results in runs.items():
        old.setdefault(variant, []).extend(results)  # several sessions of one OUT add up
    runs = old
    saved.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    table(runs)


def _brief(res: dict) -> dict:
    keep = {k: round(v, 2) for k, v in res.items() if isinstance(v, int | float)}
    for p in ("pass1", "pass2"):
        if p in res:
            keep[p] = {k: round(v["median"], 1) for k, v in res[p].items()}
    return keep


def table(runs: dict[str, list[dict]]) -> None:
    """Medians over runs, the variants side by side."""

    def med(variant, *path):
        vals = []
        for res in runs.get(variant, []):
            v = res
            for p in path:
                v = v.get(p) if isinstance(v, dict) else None
            if v is not None:
                vals.append(v)
        return statistics.median(vals) if vals else float("nan")

    print("\nmedians over runs (each run: a fresh process)")
    known = ["ram-build", "ram-json", "sqlite-build", "sqlite-cold", "sqlite-warm", "sqlite-cache", "sqlite-8mib"]
    cols = [c for c in known if c in runs] + [c for c in runs if c not in known]
    print(f"{'':34}" + "".join(f"{c:>14}" for c in cols))
    print(f"{'runs':34}" + "".join(f"{len(runs[c]):14}" for c in cols))
    lines = [
        ("queries", ("queries",)),
        ("RSS of python + imports MiB", ("rss_start_mib",)),
        ("build / load, wall s", ("build_wall_s",)),
        ("build / load, CPU s", ("build_cpu_s",)),
        ("file MiB", ("file_mib",)),
        ("peak RSS after build/load MiB", ("rss_after_build_mib",)),
        ("peak RSS after the passes MiB", ("rss_after_pass2_mib",)),
        ("RSS after pass 1 MiB", ("rss_now_after_pass1_mib",)),
        ("  of which the query list MiB", ("rss_queries_read_mib",)),
        ("exact µs CPU, pass 1 median", ("pass1", "exact_cpu", "median")),
        ("exact µs CPU, pass 2 median", ("pass2", "exact_cpu", "median")),
        ("exact µs wall, pass 1 median", ("pass1", "exact_wall", "median")),
        ("near µs CPU, pass 1 median", ("pass1", "near_cpu", "median")),
        ("near µs CPU, pass 2 median", ("pass2", "near_cpu", "median")),
        ("near µs CPU, pass 2 mean", ("pass2", "near_cpu", "mean")),
        ("near µs wall, pass 1 median", ("pass1", "near_wall", "median")),
        ("near µs wall, pass 1 mean", ("pass1", "near_wall", "mean")),
        ("near µs wall, pass 2 median", ("pass2", "near_wall", "median")),
        ("near µs wall, pass 2 p99", ("pass2", "near_wall", "p99")),
        ("all near, wall s, pass 1", ("pass1", "near_wall", "total_s")),
        ("all near, wall s, pass 2", ("pass2", "near_wall", "total_s")),
    ]
    for label, path in lines:
        print(f"{label:34}" + "".join(f"{med(c, *path):14.1f}" for c in cols))
    sizes = runs.get("sqlite-build", [{}])[0].get("tables_mib")
    if sizes:
        print("SQLite tables and indexes, MiB: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(sizes.items())))


def main() -> None:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("project", type=Path)
    p.add_argument("query_project", type=Path)
    p.add_argument("out", type=Path)
    p = sub.add_parser("check")
    p.add_argument("out", type=Path)
    p = sub.add_parser("property")
    p.add_argument("examples", type=int, nargs="?", default=30)
    p = sub.add_parser("measure")
    p.add_argument("out", type=Path)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--every", type=int, default=1, help="every Nth query only")
    p.add_argument("--passes", type=int, default=2)
    p.add_argument("--save", default="measure", help="results go to OUT/SAVE.json (added to what is there)")
    p.add_argument("--variants", default="sqlite-build,ram-build,sqlite-cold,ram-json,sqlite-warm,sqlite-cache")
    p = sub.add_parser("table")
    p.add_argument("out", type=Path)
    p.add_argument("--save", default="measure")
    p = sub.add_parser("save-json")
    p.add_argument("out", type=Path)
    p = sub.add_parser("worker")
    p.add_argument("variant")
    p.add_argument("out", type=Path)
    p.add_argument("--every", type=int, default=1)
    p.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.project, args.query_project, args.out)
    elif args.command == "check":
        check(args.out)
    elif args.command == "property":
        property_test(args.examples)
    elif args.command == "measure":
        measure(args.out, args.repeat, args.every, args.variants.split(","), args.passes, args.save)
    elif args.command == "table":
        table(json.loads((args.out / f"{args.save}.json").read_text(encoding="utf-8")))
    elif args.command == "save-json":
        memory = build_ram(read_catalogues(args.out))
        (args.out / "memory.json").write_text(json.dumps(memory.to_json(), ensure_ascii=False), encoding="utf-8")
    elif args.command == "worker":
        print(json.dumps(worker(args.variant, args.out, args.every, args.passes)))


if __name__ == "__main__":
    random.seed(0)
    main()
