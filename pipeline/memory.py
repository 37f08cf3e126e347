"""The translation memory: every article's approved translations in one language, for exact and fuzzy look-ups.

A catalogue's approved entries go in as ``(msgid, memory text)`` pairs
(:func:`memory_pairs`); :class:`TranslationMemory` keeps them by catalogue,
indexed with :mod:`pipeline.matching`, and saves and restores itself as JSON.
The merge (:mod:`pipeline.catalog`) asks it for what other articles approved.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, MutableMapping, MutableSequence, Sequence
from dataclasses import dataclass
from typing import Any

import polib

from pipeline.entries import complete_translation, language, plural_classes, refusal
from pipeline.matching import FuzzyIndex, Match, Numbered, Packed


@dataclass(frozen=True, slots=True)
class Remembered:
    """One approved translation in the translation memory."""

    msgid: str
    msgstr: str
    source: str


def memory_pairs(po: polib.POFile, lang: str = "", *, publishable: bool = False) -> list[tuple[str, str]]:
    """What the translation memory keeps of ``po``: ``(msgid, memory text)`` per approved translation, in file order.

    Approved means complete and not fuzzy, as :func:`pipeline.entries.state`
    has it, but obsolete entries (``#~``) count too: a translation is never
    lost when its sentence leaves the article, and fills the same sentence if it
    comes back or is written in another article. With ``publishable``, a
    translation the build refuses (:func:`pipeline.entries.refusal`) is left
    out: what an exact match may take as approved. The memory text is the
    msgstr, or a plural entry's forms, with the plural classes of the values it
    was approved for.
    """
    lang = lang or language(po)
    pairs = []
    for e in po:
        if e.msgctxt or "fuzzy" in e.flags:
            continue
        found = complete_translation(e)
        if found is not None and not (publishable and refusal(e)):
            pairs.append((e.msgid, _remembered(found, e.comment, lang)))
    return pairs


# A memory text: the msgstr or the forms joined by NUL (which no PO string can
# hold), then, after two NULs, the values' plural classes ("amount=other").
_FORMS = "\0"
_CLASSES = "\0\0"


def _remembered(found: str | tuple[str, ...] | None, comment: str, lang: str) -> str:
    """How the memory keeps an approved entry: its translation (``found``), then its values' plural classes."""
    text = found if isinstance(found, str) else _FORMS.join(found or ())
    classes = plural_classes(comment, lang)
    return text + (_CLASSES + classes if classes else "")


@dataclass(frozen=True, slots=True)
class Recalled:
    """A memory text read back: a msgstr or plural forms, and the plural classes of its values."""

    msgstr: str
    forms: tuple[str, ...]
    classes: dict[str, str]


def recall(text: str) -> Recalled:
    """Read a memory text as :func:`memory_pairs` makes it."""
    body, _, classes = text.partition(_CLASSES)
    found = dict(part.split("=", 1) for part in classes.split(";") if "=" in part)
    if _FORMS in body:
        return Recalled("", tuple(body.split(_FORMS)), found)
    return Recalled(body, (), found)


@dataclass(frozen=True, slots=True)
class SavedParts:
    """Everything a memory holds, numbered as saved (see :meth:`TranslationMemory.saved`).

    Attributes:
        sources: The catalogues, in name order.
        texts: Each memory text once, in the order first used.
        msgids: Each msgid once, in the index's order (its first catalogue's name, the msgid).
        first: Each msgid's first catalogue (a number into ``sources``).
        found: Each msgid's remembered pairs: text and source numbers, one after the other.
        members: Each catalogue's msgids (numbers into ``msgids``).
        terms: The index's terms, sorted.
        postings: The terms' entries (numbers into ``msgids``), one posting after another.
        ends: Where each term's posting ends in ``postings``.
    """

    sources: list[str]
    texts: list[str]
    msgids: list[str]
    first: list[int]
    found: list[list[int]]
    members: list[list[int]]
    terms: list[str]
    postings: array
    ends: array


def _pairs(numbers: list[int]) -> Iterable[tuple[int, int]]:
    return zip(numbers[0::2], numbers[1::2], strict=True)


class TranslationMemory:
    """Approved translations of every article in one language, indexed for look-ups.

    What it holds depends only on each catalogue's approved translations,
    never on the order they were added in or of a file's entries: catalogues
    come in the order of their names, a catalogue's pairs sorted. So a memory
    saved by an earlier run (see :meth:`to_json`) and brought up to date with
    :meth:`replace` answers exactly as one built afresh.
    """

    def __init__(self) -> None:
        self._forget()

    def _forget(self) -> None:
        self._sources: list[str] = []  # by number as first seen (entries are ordered by the names)
        self._source_ids: dict[str, int] = {}
        self._last = ""  # the name that sorts last
        # Plain lists and dicts, or for a reopened memory their saved parts read on demand.
        self._texts: MutableSequence[str] = []  # each distinct msgstr once
        self._text_ids: MutableMapping[str, int] = {}
        # msgid -> [msgstr number, source number, ...] by source name, then
        # msgstr (for a restored memory, the msgid's entry number, until first
        # looked up); a Remembered is made only for what a look-up returns.
        self._exact: MutableMapping[str, list[int] | int] = {}
        self._saved: Numbered = Packed()
        # Source number -> the msgids it has (for a restored memory, until
        # first needed, numbers into _saved_msgids in _saved_members).
        self._members: dict[int, list[str]] = {}
        self._saved_members: Numbered = Packed()
        self._saved_msgids: Sequence[str] = []
        # Each distinct msgid is indexed once (in the order of the first
        # catalogue that has it, then msgid): credit lines and boilerplate
        # repeat across an archive, and copies would only crowd the candidates.
        self._index: FuzzyIndex[str] = FuzzyIndex()
        self._entry: MutableMapping[str, int] = {}  # msgid -> its number in the index
        self._bounded = False  # a reopened memory that keeps nothing it reads (see reopen)

    def __len__(self) -> int:
        return sum(len(self._found(msgid)) for msgid in self._exact) // 2

    def add_catalog(self, po: polib.POFile, source: str) -> None:
        """Remember the approved translations of ``po``, found at ``source``."""
        self.add_pairs(memory_pairs(po), source)

    def add_pairs(self, pairs: Iterable[tuple[str, str]], source: str) -> None:
        """Remember ``(msgid, msgstr)`` pairs found at ``source`` (see :func:`memory_pairs`)."""
        pairs = sorted(pairs)
        if not pairs:
            return  # a catalogue with nothing approved leaves the memory as it was
        if source in self._source_ids or source < self._last:
            self.replace({source: self.pairs_of(source) + pairs})
            return
        # A catalogue whose name comes after every other's (as when a memory
        # is built in order): everything it brings goes at the end.
        number = self._source(source)
        exact, text_ids, index, entry = self._exact, self._text_ids, self._index, self._entry
        self._members[number] = list(dict.fromkeys(msgid for msgid, _ in pairs))
        for msgid, msgstr in pairs:
            found = exact.get(msgid)
            if found is None:
                exact[msgid] = found = []
                entry[msgid] = index.add(msgid, msgid, (source, msgid))
            elif isinstance(found, int):
                found = exact[msgid] = self._found(msgid, found)  # kept, since it changes (bounded or not)
            text = text_ids.get(msgstr)
            if text is None:
                text = text_ids[msgstr] = len(self._texts)
                self._texts.append(msgstr)
            found.extend((text, number))

    def rebuild(self, catalogs: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> None:
        """Hold only these catalogues' pairs (by source, in order), added afresh.

        In place, and what the memory held goes first: a memory built again
        never sits beside the one it replaces.
        """
        self._forget()
        for source, pairs in catalogs:
            self.add_pairs(pairs, source)

    def replace(self, catalogs: dict[str, list[tuple[str, str]]]) -> None:
        """Make what these catalogues (by source) hold their new approved translations (none: gone).

        Only their msgids are touched, so bringing a saved memory up to date
        after an edit costs far less than building it again.
        """
        numbers = {self._source(source) for source in catalogs}
        touched = dict.fromkeys(m for n in sorted(numbers) for m in self._members_of(n))
        incoming: dict[str, list[tuple[str, int]]] = {}
        for source, pairs in catalogs.items():
            number = self._source_ids[source]
            self._members[number] = sorted({msgid for msgid, _ in pairs})
            for msgid, msgstr in pairs:
                touched[msgid] = None
                incoming.setdefault(msgid, []).append((msgstr, number))
        for msgid in touched:
            kept = (
                [(self._texts[t], s) for t, s in _pairs(self._found(msgid)) if s not in numbers]
                if msgid in self._exact
                else []
            )
            entries = sorted(kept + incoming.get(msgid, []), key=lambda e: (self._sources[e[1]], e[0]))
            first = self._sources[entries[0][1]] if entries else None
            n = self._entry.get(msgid)
            if n is not None and not (entries and self._index.order_of(n) == (first, msgid)):
                self._index.remove(self._entry.pop(msgid))  # gone, or its first catalogue changed
            if not entries:
                self._exact.pop(msgid, None)
                continue
            if msgid not in self._entry:
                self._entry[msgid] = self._index.add(msgid, msgid, (first, msgid))
            self._exact[msgid] = [n for msgstr, source in entries for n in (self._text(msgstr), source)]

    def _source(self, source: str) -> int:
        number = self._source_ids.get(source)
        if number is None:
            number = self._source_ids[source] = len(self._sources)
            self._sources.append(source)
            self._last = max(self._last, source)
        return number

    def _text(self, msgstr: str) -> int:
        number = self._text_ids.get(msgstr)
        if number is None:
            number = self._text_ids[msgstr] = len(self._texts)
            self._texts.append(msgstr)
        return number

    def _members_of(self, number: int) -> list[str]:
        """The msgids source ``number`` has."""
        found = self._members.get(number)
        if found is None:
            saved = self._saved_members[number] if number < len(self._saved_members) else []
            found = self._members[number] = [self._saved_msgids[n] for n in saved]
        return found

    def pairs_of(self, source: str) -> list[tuple[str, str]]:
        """The pairs the memory holds for ``source``."""
        number = self._source_ids.get(source)
        if number is None:
            return []
        return [
            (msgid, self._texts[text])
            for msgid in self._members_of(number)
            for text, found in _pairs(self._found(msgid))
            if found == number
        ]

    def exact(self, msgid: str, exclude: str) -> Remembered | None:
        """An approved translation of exactly ``msgid`` from another catalogue (the first remembered)."""
        value = self._exact.get(msgid)  # one look-up: a reopened memory's is a query
        if value is None:
            return None
        found = self._found(msgid, value)
        skip = self._source_ids.get(exclude, -1)
        for i in range(1, len(found), 2):
            if found[i] != skip:
                return Remembered(msgid, self._texts[found[i - 1]], self._sources[found[i]])
        return None

    def _found(self, msgid: str, found: list[int] | int | None = None) -> list[int]:
        if found is None:
            found = self._exact[msgid]
        if isinstance(found, int):
            found = self._saved[found]
            texts, sources = found[0::2], found[1::2]
            if len(found) % 2 or (found and (max(texts) >= len(self._texts) or max(sources) >= len(self._sources))):
                found = []  # not as saved: nothing remembered rather than a wrong look-up
            if not self._bounded:
                self._exact[msgid] = found
        return found

    def near(
        self, msgid: str, threshold: float, exclude: str, fits: Callable[[str], bool] | None = None
    ) -> Match[Remembered] | None:
        """The most similar remembered message from another catalogue (among those whose msgid ``fits``)."""
        chosen: dict[str, Remembered] = {}

        def accept(key: str) -> bool:
            if fits is not None and not fits(key):
                return False
            found = self.exact(key, exclude)
            if found is not None:
                chosen[key] = found
            return found is not None

        match = self._index.best(msgid, threshold, accept=accept)
        return None if match is None else Match(match.key, chosen[match.key], match.score)

    def to_json(self) -> dict:
        """Everything the memory holds, index included, as JSON-ready data (see :meth:`from_json`)."""
        parts = self.saved()
        return {
            "sources": parts.sources,
            "texts": parts.texts,
            "msgids": parts.msgids,
            "first": Packed.pack([parts.first]),
            "found": Packed.pack(parts.found),
            "members": Packed.pack(parts.members),
            "index": {"terms": parts.terms, "entries": Packed.packed(parts.postings, parts.ends)},
        }

    def saved(self) -> SavedParts:
        """Everything the memory holds, index included, numbered to be saved.

        The parts depend only on what the memory holds: a memory brought up to
        date with :meth:`replace` saves exactly as one built afresh. Loading it
        is several times faster than adding every catalogue's pairs again,
        most of which is splitting 60,000 msgids into index terms.
        """
        index = self._index
        keys = index.keys()
        live = [n for n, key in enumerate(keys) if key is not None]
        live.sort(key=index.order_of)
        msgids: list[str] = [keys[n] for n in live]  # type: ignore[misc]
        rows = [self._found(msgid) for msgid in msgids]
        # Sources and texts are renumbered by their numbers here (each stands
        # for one name or text), which spares hashing every string again.
        used = sorted({s for row in rows for s in row[1::2]}, key=self._sources.__getitem__)
        names = [self._sources[s] for s in used]
        new_source = {s: n for n, s in enumerate(used)}
        texts: list[str] = []
        new_text: dict[int, int] = {}
        found = []
        members: list[list[int]] = [[] for _ in names]
        for n, row in enumerate(rows):
            saved: list[int] = []
            pairs = iter(row)
            for t, s in zip(pairs, pairs, strict=True):
                number = new_text.get(t)
                if number is None:
                    number = new_text[t] = len(texts)
                    texts.append(self._texts[t])
                source = new_source[s]
                saved += (number, source)
                its = members[source]
                if not its or its[-1] != n:
                    its.append(n)
            found.append(saved)
        source_number = {name: n for n, name in enumerate(names)}
        first = [source_number[index.order_of(n)[0]] for n in live]
        terms, postings, ends = index.parts(live)
        return SavedParts(names, texts, msgids, first, found, members, terms, postings, ends)

    @classmethod
    def from_json(cls, data: dict) -> TranslationMemory:
        """The memory :meth:`to_json` described.

        Raises:
            ValueError: If ``data`` is not shaped as :meth:`to_json` makes it.
        """
        sources, texts, msgids = data.get("sources"), data.get("texts"), data.get("msgids")
        for strings in (sources, texts, msgids):
            if not (isinstance(strings, list) and set(map(type, strings)) <= {str}):
                raise ValueError("not a translation memory")
        assert isinstance(sources, list) and isinstance(texts, list) and isinstance(msgids, list)  # noqa: S101
        memory = cls()
        memory._sources, memory._texts = sources, texts
        memory._source_ids = {source: n for n, source in enumerate(sources)}
        memory._last = max(sources, default="")
        memory._text_ids = {text: n for n, text in enumerate(texts)}
        memory._entry = {msgid: n for n, msgid in enumerate(msgids)}
        if len(memory._entry) != len(msgids) or len(memory._source_ids) != len(sources):
            raise ValueError("a msgid or source twice in a translation memory")
        memory._exact = dict(memory._entry)
        first = Packed.unpack(data.get("first"), 1, max(len(sources), 1))[0]
        if len(first) != len(msgids):
            raise ValueError("not a translation memory")
        order = [(sources[f], m) for f, m in zip(first, msgids, strict=True)]
        # Each msgid's list and each source's are checked when first read (see _found, Packed).
        memory._saved = Packed.unpack(data.get("found"), len(msgids), max(len(texts), len(sources)), checked=False)
        memory._saved_members = Packed.unpack(data.get("members"), len(sources), len(msgids), checked=False)
        memory._saved_msgids = msgids
        memory._index = FuzzyIndex.restore(msgids, msgids, order, data.get("index") or {})
        return memory

    @classmethod
    def reopen(cls, saved: Any, *, bounded: bool = False) -> TranslationMemory:
        """The memory in a saved memory file, its parts read as look-ups need them.

        Args:
            saved: A :class:`pipeline.memory_db.SavedMemory` (which holds the
                memory as :meth:`saved` gave it).
            bounded: Keep nothing read for a look-up, however many look-ups
                there are: RAM stays flat, and each look-up reads the file.

        Raises:
            ValueError: If a catalogue is named twice.
        """
        memory = cls()
        saved.bounded = memory._bounded = bounded
        sources = list(saved.sources)
        memory._sources, memory._last = sources, max(sources, default="")
        memory._source_ids = {source: n for n, source in enumerate(sources)}
        if len(memory._source_ids) != len(sources):
            raise ValueError("a source twice in a translation memory")
        memory._texts, memory._text_ids = saved.texts(), saved.text_ids()
        memory._entry, memory._exact = saved.entry_numbers(), saved.entry_numbers()
        memory._saved, memory._saved_members, memory._saved_msgids = saved.found(), saved.members(), saved.msgids()
        memory._index = FuzzyIndex.reopen(
            saved.msgids(), saved.msgids(), saved.orders(), saved.terms(), saved.postings()
        )
        return memory
