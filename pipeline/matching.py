"""Matching new messages with earlier ones: minor-edit keys and an inverted index for fuzzy look-ups.

Fuzzy look-ups go through an inverted index of words, so a project with
thousands of articles compares each new message with a handful of likely
candidates instead of every message (msgmerge's fuzzy matching compares every
pair and grows quadratically).
"""

from __future__ import annotations

import base64
import bisect
import functools
import itertools
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from rapidfuzz.distance import Indel

T = TypeVar("T")

DEFAULT_THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD
_CANDIDATES = 8  # best-sharing candidates scored exactly per query
_RAREST_TERMS = 12  # terms of the query whose postings are read
_POSTING_CAP = 400  # entries read from one posting list
_HEADS_KEPT = 65_536  # saved postings' heads kept once read (each up to _POSTING_CAP entries)

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»\"'‘’‚‛"})
_SPACE = re.compile(r"\s+")
_FINAL = re.compile(r"[.!?…:;]+[\"')\]»”’]*$")
# A placeholder, or a word of three characters or more (shorter ones tell no sentence apart).
_WORD = re.compile(r"\{[^{}]*\}|\w{3,}")


def minor_key(text: str) -> str:
    """The text with whitespace collapsed, quotes unified and final punctuation removed.

    Two msgids with the same key differ only in ways that do not change what a
    translation has to say.
    """
    collapsed = _SPACE.sub(" ", text).strip().translate(_QUOTES)
    return _FINAL.sub("", collapsed)


def final_punctuation(text: str) -> str:
    """The sentence-final punctuation of ``text`` (closing quotes excluded), or ""."""
    m = _FINAL.search(text.rstrip().translate(_QUOTES))
    return m.group(0).rstrip("\"')]") if m else ""


class Numbered(Protocol):
    """Lists of numbers by number, as :class:`Packed` holds them (or a saved memory file, read on demand)."""

    def __len__(self) -> int: ...

    def __getitem__(self, n: int) -> list[int]: ...

    def raw(self, n: int) -> array:
        """List ``n`` as an array."""


class SavedPostings(Numbered, Protocol):
    """Postings by term number, whose first entries can be read without the rest."""

    def head(self, n: int, cap: int) -> tuple[int, array]:
        """Posting ``n``'s length and its first ``cap`` entries."""


class TermNumbers(Protocol):
    """Sorted terms, each found by its number, as :class:`_SavedTerms` holds them (or a saved memory file)."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[str]: ...

    def get(self, term: str) -> int | None:
        """The term's number, None if it is not one of them."""


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A fuzzy match: what was found and how similar its key is."""

    key: str
    item: T
    score: float


class FuzzyIndex(Generic[T]):
    """Near matches of strings among many, through an inverted word index.

    Each entry has an order (by default, the order it was added in): term
    postings are kept in it, and ties go to the earlier entry, so the answers
    depend on the entries and their orders, never on how the index got them
    (an index patched by :meth:`remove` and :meth:`add` answers as one built
    afresh).
    """

    def __init__(self) -> None:
        self._keys: MutableSequence[str | None] = []  # by entry number; None once removed
        self._items: MutableSequence[T | None] = []
        self._order: MutableSequence = []
        self._postings: dict[str, list[int]] = {}
        # When restored: each saved term's number in _entries (unpacked into _postings when first needed).
        self._saved: TermNumbers = _SavedTerms([])
        self._entries: SavedPostings = Packed()
        # A saved posting's length and first entries (all a look-up reads), until the posting is unpacked.
        self._heads: dict[str, _Head | None] = {}
        self._removed = 0
        self._last: tuple[Any] | None = None  # the greatest order added yet (in a tuple: an order may be None)

    def __len__(self) -> int:
        return len(self._keys) - self._removed

    def to_json(self, entries: list[int] | None = None) -> dict:
        """The index's terms and their entries, JSON-ready for :meth:`restore` (``entries``: as :meth:`parts`)."""
        terms, numbers, ends = self.parts(entries)
        return {"terms": terms, "entries": Packed.packed(numbers, ends)}

    def parts(self, entries: list[int] | None = None) -> tuple[list[str], array, array]:
        """The index's terms, sorted, their entries one posting after another, and where each posting ends.

        Args:
            entries: The entries to save, by number, in the order they are to
                be numbered (default: every entry, as numbered now). Those
                left out must have been removed.
        """
        numbers = list(entries if entries is not None else range(len(self._keys)))
        renumber: list[int] | None = None
        if numbers != list(range(len(self._keys))):
            renumber = [0] * len(self._keys)
            for i, n in enumerate(numbers):
                renumber[n] = i
        postings = self._postings  # built in this process: every posting is at hand (emptied ones left out)
        if self._saved:
            try:
                return self._saved_parts(renumber)
            except ValueError:  # saved terms out of order (a file not as saved): each posting read instead
                postings = {t: p for t in {*self._saved, *self._postings} if (p := self._current(t))}
        terms = sorted(t for t, p in postings.items() if p)
        # Each posting keeps its order: entries are numbered in the order they go in.
        return (terms, *Packed.arrays(list(map(postings.__getitem__, terms)), renumber))

    def _saved_parts(self, renumber: list[int] | None) -> tuple[list[str], array, array]:
        """:meth:`parts` of a restored index, copying the postings nothing touched as they were packed.

        Made lists, every saved posting would grow the index it saves.
        """
        touched = self._postings
        saved = self._saved
        added = sorted(t for t in touched if saved.get(t) is None)
        terms: list[str] = []
        numbers = array("I")
        ends = array("I")
        for term, n in _merged(saved, added):
            posting: Sequence[int] | None = touched.get(term)
            if posting is None and n is not None:
                posting = self._entries.raw(n)
            if posting:
                terms.append(term)
                numbers.extend(posting)
                ends.append(len(numbers))
        if renumber is not None:
            numbers = array("I", map(renumber.__getitem__, numbers))
        return terms, numbers, ends

    @classmethod
    def restore(cls, keys: list[str], items: list[T], order: list, data: dict) -> FuzzyIndex[T]:
        """The index with these entries (by number) that was saved as ``data``.

        A term's entries are unpacked when a look-up first needs them.

        Raises:
            ValueError: If ``data`` is not as :meth:`to_json` makes it for these keys.
        """
        terms = data.get("terms") if isinstance(data, dict) else None
        if not (isinstance(terms, list) and set(map(type, terms)) <= {str}):
            raise ValueError("not an index")
        index: FuzzyIndex[T] = cls()
        index._keys, index._items, index._order = list(keys), list(items), list(order)  # its own: add() appends
        index._entries = Packed.unpack(data.get("entries"), len(terms), len(keys), checked=False)
        index._saved = _SavedTerms(terms)
        index._last = (max(index._order),) if index._order else None
        return index

    @classmethod
    def reopen(
        cls,
        keys: MutableSequence[str | None],
        items: MutableSequence[T | None],
        order: MutableSequence,
        terms: TermNumbers,
        postings: SavedPostings,
    ) -> FuzzyIndex[T]:
        """The index :meth:`parts` saved, its entries and postings read on demand (as a saved memory file holds them).

        The entries are in their order, so the last is the greatest.
        """
        index: FuzzyIndex[T] = cls()
        index._keys, index._items, index._order = keys, items, order
        index._saved, index._entries = terms, postings
        index._last = (order[len(order) - 1],) if len(order) else None
        return index

    def keys(self) -> Sequence[str | None]:
        """The entries' keys by number (None for those removed)."""
        return self._keys

    def order_of(self, n: int) -> Any:
        """Where entry ``n`` goes among the others (see :meth:`add`)."""
        return self._order[n]

    def _current(self, term: str) -> list[int] | None:
        """The term's posting as it stands, without unpacking it for good."""
        found = self._postings.get(term)
        return self._unpacked(term) if found is None else found

    def _posting(self, term: str) -> list[int] | None:
        found = self._postings.get(term)
        if found is None and (found := self._unpacked(term)) is not None:
            self._postings[term] = found
        return found

    def _peek(self, term: str) -> Sequence[int] | None:
        """The term's posting as a look-up reads it: its length and (sliced) its first entries."""
        found = self._postings.get(term)
        if found is not None or not self._saved:
            return found
        head = self._heads.get(term, _UNREAD)
        if head is _UNREAD:
            if len(self._heads) >= _HEADS_KEPT:
                self._heads.clear()  # a full update of a large archive would otherwise keep every head it read
            n = self._saved.get(term)
            head = self._heads[term] = None if n is None else _Head(*self._entries.head(n, _POSTING_CAP))
        return head

    def _unpacked(self, term: str) -> list[int] | None:
        """A restored index's saved posting of the term (None if it has none)."""
        n = self._saved.get(term)
        return None if n is None else self._entries[n]

    def add(self, key: str, item: T, order: Any = None) -> int:
        """Index ``item`` under the string ``key``; return its entry number.

        Args:
            key: The string to match.
            item: What a match returns.
            order: Where it goes among the entries (comparable with theirs;
                default: after every entry added before it).
        """
        n = len(self._keys)
        order = n if order is None else order
        last = self._last
        self._keys.append(key)
        self._items.append(item)
        self._order.append(order)
        if last is None or last[0] <= order:
            # After every entry (an index built in order): each posting just grows at its end.
            self._last = (order,)
            postings, saved = self._postings, self._saved
            for term in _terms(key):
                posting = postings.get(term)
                if posting is None and saved:
                    posting = self._posting(term)
                if posting is None:
                    postings[term] = [n]
                else:
                    posting.append(n)
            return n
        by_order = self._order.__getitem__
        for term in _terms(key):
            posting = self._posting(term)
            if posting is None:
                self._postings[term] = [n]
            elif not posting or by_order(posting[-1]) <= order:  # in order, as when built afresh
                posting.append(n)
            else:
                posting.insert(bisect.bisect_right(posting, order, key=by_order), n)
        return n

    def remove(self, n: int) -> None:
        """Take entry ``n`` out of the index."""
        key, order = self._keys[n], self._order[n]
        if key is None:
            return
        by_order = self._order.__getitem__
        for term in dict.fromkeys(_terms(key)):
            posting = self._posting(term) or []
            start = bisect.bisect_left(posting, order, key=by_order)
            end = start
            while end < len(posting) and posting[end] == n:
                end += 1
            del posting[start:end]
        self._keys[n] = self._items[n] = None
        self._removed += 1

    def best(self, query: str, threshold: float, accept: Callable[[T], bool] | None = None) -> Match[T] | None:
        """The most similar indexed string with a score of at least ``threshold``.

        Candidates come from the query's rarest terms (words and word pairs),
        weighted by rarity, so a look-up costs about the same however large
        the index grows; only the best few are compared character by character.

        Args:
            query: The string to match.
            threshold: The least similarity to report.
            accept: Only items for which this returns True are considered.

        Ties go to the string indexed first, so results are deterministic.
        """
        # The query's terms in their order, not a set's: a set's order follows
        # string hashes, which change from process to process, and ties in
        # rarity would pick different terms (and different matches) each run.
        if len(self._keys) == self._removed:
            return None  # nothing to find (a first import's catalogues): the query need not be split
        terms = dict.fromkeys(_terms(query))
        postings = sorted((p for t in terms if (p := self._peek(t))), key=len)
        if not postings:
            return None
        score: dict[int, float] = {}
        for posting in postings[:_RAREST_TERMS]:
            weight = 1.0 / len(posting)
            for n in posting[:_POSTING_CAP]:
                score[n] = score.get(n, 0.0) + weight
        best: Match[T] | None = None
        length = len(query)
        tried = 0
        for n in self._ranked(score):
            if tried == _CANDIDATES:
                break
            item, key = self._items[n], self._keys[n]
            if item is None or key is None:
                continue  # removed (postings no longer name it; the check keeps the types honest)
            if accept is not None and not accept(item):
                continue
            tried += 1
            # The ratio can never exceed 2*min/(sum) of the lengths: skip early.
            if 2 * min(length, len(key)) / (length + len(key)) < threshold:
                continue
            # GNU fstrcmp's measure (msgmerge's): matching characters, twice, over both lengths,
            # divided here as msgmerge divides (RapidFuzz's normalised cutoff drops a score equal to it).
            total = length + len(key)
            edits = Indel.distance(query, key, score_cutoff=int(total * (1 - threshold)) + 1)
            ratio = (total - edits) / total
            if ratio >= threshold and (best is None or ratio > best.score):
                best = Match(key, item, ratio)
        return best

    def _ranked(self, score: dict[int, float]) -> Iterator[int]:
        """The scored entries by score, highest first, and entries of equal score in their order.

        Sorting every candidate by (score, order) compared orders (tuples of
        strings, for a translation memory) thousands of times a look-up; the
        scores sort in C, and only the groups of equal score that the caller
        reaches are put in order.
        """
        ranked = sorted(score, key=score.__getitem__, reverse=True)  # stable: ties keep their places
        start = 0
        while start < len(ranked):
            end, top = start + 1, score[ranked[start]]
            while end < len(ranked) and score[ranked[end]] == top:
                end += 1
            group = ranked[start:end]
            if len(group) > 1:
                group.sort(key=self._order.__getitem__)
            yield from group
            start = end


class _Head(Sequence[int]):
    """A saved posting as a look-up sees it: its whole length, and its first entries when sliced."""

    __slots__ = ("_entries", "_length")

    def __init__(self, length: int, entries: array) -> None:
        self._length, self._entries = length, entries

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, at):
        # A look-up only slices within the first entries.
        return self._entries[at]


_UNREAD: Any = object()


@functools.lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[str, ...]:
    """Index terms: the words, and each pair of neighbouring words (pairs tell sentences apart).

    Cached: a new message is looked up in its catalogue and in the memory, and
    an entry is indexed when it is added and again when it is removed.
    """
    words = _words(text)
    return (*words, *(f"{a} {b}" for a, b in itertools.pairwise(words)))


def index_terms(text: str) -> tuple[str, ...]:
    """The terms :class:`FuzzyIndex` indexes ``text`` under, each as often as it occurs."""
    return _terms(text)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class _SavedTerms:
    """A restored index's terms, as :meth:`FuzzyIndex.to_json` sorts them: each one's number, found by bisection.

    A map of every term of a large memory costs more to build than the few
    hundred look-ups of a one-article update; the map is built once
    look-ups are many enough to repay it. Terms not sorted (a file not as
    saved) are found wrongly or not at all, never out of range.
    """

    __slots__ = ("_looked", "_map", "_terms")

    def __init__(self, terms: list[str]) -> None:
        self._terms = terms
        self._map: dict[str, int] | None = None
        self._looked = 0

    def get(self, term: str) -> int | None:
        """The term's number, None if it is not one of them."""
        if self._map is None:
            self._looked += 1
            if self._looked <= len(self._terms) // 8:  # a bisection costs about 8 map entries' building
                n = bisect.bisect_left(self._terms, term)
                return n if n < len(self._terms) and self._terms[n] == term else None
            self._map = dict(zip(self._terms, range(len(self._terms)), strict=True))
        return self._map.get(term)

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


class Packed:
    """Many lists of whole numbers (0 to 2**32 - 1) in one array: saved and loaded in milliseconds.

    JSON lists of a million numbers took a tenth of a second each way; these
    are base64 of little-endian 32-bit words, with where each list ends.
    """

    def __init__(self, numbers: array | None = None, ends: array | None = None, below: int | None = None) -> None:
        self._numbers = numbers if numbers is not None else array("I")
        self._ends = ends if ends is not None else array("I")
        self._below = below

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, n: int) -> list[int]:
        """List ``n`` (empty if it holds a number out of range: read from a file not as :meth:`pack` made it)."""
        return self.raw(n).tolist()

    def raw(self, n: int) -> array:
        """List ``n`` as :meth:`__getitem__` gives it, left an array of 32-bit numbers."""
        found = self._numbers[self._ends[n - 1] if n else 0 : self._ends[n]]  # out of order: empty
        if found and self._below is not None and max(found) >= self._below:
            return array("I")
        return found

    def head(self, n: int, cap: int) -> tuple[int, array]:
        """List ``n``'s length and its first ``cap`` numbers (as :meth:`raw` would give them)."""
        start = self._ends[n - 1] if n else 0
        length = self._ends[n] - start
        found = self._numbers[start : start + min(cap, max(length, 0))]
        if length < 0 or (found and self._below is not None and max(found) >= self._below):
            return 0, array("I")
        return length, found

    @staticmethod
    def packed(numbers: array, ends: array) -> dict:
        """Lists already packed: their numbers one after the other and where each ends, for :meth:`unpack`."""
        return {"numbers": _encode(numbers), "ends": _encode(ends)}

    @staticmethod
    def pack(lists: Sequence[Sequence[int]], renumber: Sequence[int] | None = None) -> dict:
        """The lists, in order, as JSON-ready data for :meth:`unpack`.

        Args:
            lists: The lists of numbers.
            renumber: The number each number is saved as (default: itself).
        """
        return Packed.packed(*Packed.arrays(lists, renumber))

    @staticmethod
    def arrays(lists: Sequence[Sequence[int]], renumber: Sequence[int] | None = None) -> tuple[array, array]:
        """The lists' numbers one after the other, and where each list ends (see :meth:`pack`)."""
        numbers: Iterable[int] = itertools.chain.from_iterable(lists)
        if renumber is not None:
            numbers = map(renumber.__getitem__, numbers)
        return array("I", numbers), array("I", itertools.accumulate(map(len, lists)))

    @classmethod
    def unpack(cls, data: object, count: int, below: int, *, checked: bool = True) -> Packed:
        """The ``count`` lists :meth:`pack` made, each number less than ``below``.

        Args:
            data: What :meth:`pack` returned, read back.
            count: How many lists it must hold.
            below: The bound of its numbers.
            checked: Check every number now; if False, each list is checked
                when it is first read, and reads as empty if out of range or
                out of order (a look-up then pays only for the lists it reads,
                not for every number of a large memory at its loading).

        Raises:
            ValueError: If ``data`` is not that.
        """
        if not isinstance(data, dict):
            raise ValueError("not packed numbers")
        numbers, ends = _decode(data.get("numbers")), _decode(data.get("ends"))
        if len(ends) != count or (checked and numbers and max(numbers) >= below):
            raise ValueError("packed numbers out of range")
        if (ends[-1] if ends else 0) != len(numbers) or (checked and ends.tolist() != sorted(ends)):
            raise ValueError("packed lists out of order")
        return cls(numbers, ends, None if checked else below)


def _merged(saved: TermNumbers, added: list[str]) -> Iterator[tuple[str, int | None]]:
    """The saved terms (each with its number) and the ``added`` ones (None), both sorted, in one sorted run.

    Raises:
        ValueError: If the saved terms are not sorted, each once.
    """
    extra = iter(added)
    pending = next(extra, None)
    last = None
    for n, term in enumerate(saved):
        if last is not None and term <= last:
            raise ValueError("saved terms out of order")
        last = term
        while pending is not None and pending < term:
            yield pending, None
            pending = next(extra, None)
        yield term, n
    while pending is not None:
        yield pending, None
        pending = next(extra, None)


def _encode(words: array) -> str:
    if sys.byteorder == "big":
        words = array("I", words)
        words.byteswap()
    return base64.b64encode(words.tobytes()).decode("ascii")


def _decode(text: object) -> array:
    if isinstance(text, array) and text.typecode == "I":
        return text  # read from a saved memory file as numbers already
    if not isinstance(text, str):
        raise ValueError("not packed numbers")
    try:
        words = array("I", base64.b64decode(text, validate=True))
    except (ValueError, TypeError):
        raise ValueError("not packed numbers") from None
    if sys.byteorder == "big":
        words.byteswap()
    return words
