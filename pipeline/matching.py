"""Finding earlier translations for new messages: minor edits, fuzzy matches, translation memory.

Fuzzy look-ups go through an inverted index of words, so a project with
thousands of articles compares each new message with a handful of likely
candidates instead of every message (msgmerge's fuzzy matching compares every
pair and grows quadratically).
"""

from __future__ import annotations

import base64
import itertools
import re
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD
_CANDIDATES = 8  # best-sharing candidates scored exactly per query
_RAREST_TERMS = 12  # terms of the query whose postings are read
_POSTING_CAP = 400  # entries read from one posting list

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»\"'‘’‚‛"})
_SPACE = re.compile(r"\s+")
_FINAL = re.compile(r"[.!?…:;]+[\"')\]»”’]*$")
_WORD = re.compile(r"\{[^{}]*\}|\w+", re.UNICODE)


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


def similarity(a: str, b: str) -> float:
    """How alike two strings are, 0 to 1 (difflib's ratio, close to msgmerge's fstrcmp)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A fuzzy match: what was found and how similar its key is."""

    key: str
    item: T
    score: float


class FuzzyIndex(Generic[T]):
    """Near matches of strings among many, through an inverted word index."""

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._items: list[T] = []
        self._postings: dict[str, list[int] | str] = {}  # a string until first read, when restored

    def __len__(self) -> int:
        return len(self._keys)

    def postings(self) -> dict[str, str]:
        """Each term's entries in the order added, packed (see :func:`pack_numbers`) for :meth:`restore`."""
        return {
            term: found if isinstance(found, str) else pack_numbers(found) for term, found in self._postings.items()
        }

    @classmethod
    def restore(cls, keys: list[str], items: list[T], postings: dict[str, str]) -> FuzzyIndex[T]:
        """The index that had these keys and items added, in this order, and these :meth:`postings`.

        A term's entries are read from their string when a look-up first needs them.
        """
        index: FuzzyIndex[T] = cls()
        index._keys, index._items = keys, items
        index._postings = postings  # type: ignore[assignment]
        return index

    def _posting(self, term: str) -> list[int] | None:
        found = self._postings.get(term)
        if isinstance(found, str):
            found = self._postings[term] = numbers(found, len(self._keys))
        return found

    def add(self, key: str, item: T) -> None:
        """Index ``item`` under the string ``key``."""
        if self._postings and isinstance(next(iter(self._postings.values())), str):
            for term in self._postings:  # restored: read every term's entries first
                self._posting(term)
        n = len(self._keys)
        self._keys.append(key)
        self._items.append(item)
        for term in _terms(key):
            self._postings.setdefault(term, []).append(n)

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
        terms = dict.fromkeys(_terms(query))
        postings = sorted((p for t in terms if (p := self._posting(t))), key=len)
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
        for n in sorted(score, key=lambda k: (-score[k], k)):
            if tried == _CANDIDATES:
                break
            item = self._items[n]
            if accept is not None and not accept(item):
                continue
            tried += 1
            key = self._keys[n]
            # The ratio can never exceed 2*min/(sum) of the lengths: skip early.
            if 2 * min(length, len(key)) / (length + len(key)) < threshold:
                continue
            matcher = SequenceMatcher(None, query, key, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold and (best is None or ratio > best.score):
                best = Match(key, item, ratio)
        return best


def _terms(text: str) -> list[str]:
    """Index terms: the words, and each pair of neighbouring words (pairs tell sentences apart)."""
    words = _words(text)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if len(w) > 2 or w.startswith("{")]


def pack_numbers(found: list[int]) -> str:
    """Whole numbers (0 to 2**32 - 1) as one string: base64 of little-endian 32-bit words.

    Encoding and decoding a million of them takes milliseconds, where JSON
    lists of numbers took a tenth of a second each way.
    """
    words = array("I", found)
    if sys.byteorder == "big":
        words.byteswap()
    return base64.b64encode(words.tobytes()).decode("ascii")


def numbers(text: str, below: int) -> list[int]:
    """The whole numbers :func:`pack_numbers` packed in ``text``, each less than ``below``.

    For indexes read back from a file: a number out of range, or anything
    not packed that way, gives no numbers at all rather than a wrong look-up.
    """
    try:
        words = array("I", base64.b64decode(text, validate=True))
    except (ValueError, TypeError):
        return []
    if sys.byteorder == "big":
        words.byteswap()
    return words.tolist() if not words or max(words) < below else []
