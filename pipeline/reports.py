"""What the commands return, and how their results are worded for the user.

Every command returns a :class:`Report` (or a :class:`CheckReport`, or
:class:`StatsRow` rows); the CLI only prints them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, overload

from pipeline.errors import L10nError
from pipeline.models import FileReport, MergeCounts, Outcome, Status

if TYPE_CHECKING:  # a rerun that finds nothing to do never loads the catalogue machinery
    import polib

    from pipeline.checks import Finding

#: Told ``(done, total)`` as a long command works through its files (for a progress bar).
Progress = Callable[[int, int], None]


def quiet(done: int, total: int) -> None:
    """The default progress: nobody is watching."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that did not stop the command."""

    path: Path
    line: int | None
    message: str
    severity: str = "warning"
    column: int | None = None


#: Fallback notes of one catalogue the CLI has the build keep; past them, one line (see :func:`fallbacks`).
FEW_FALLBACKS = 5


@dataclass(frozen=True, slots=True)
class Report:
    """What a command did: one entry per file, and notices.

    ``files`` is a tuple, or :class:`UpToDate` (which compares equal to the tuple it stands for).
    """

    files: Sequence[FileReport]
    notices: tuple[Notice, ...] = ()


class Keys(Sequence[str]):
    """``[make(*parts) for parts in itertools.product(*axes)]``, each key made when it is read."""

    def __init__(self, make: Callable[..., str], *axes: Sequence[str]) -> None:
        self._make = make
        self._axes = axes
        self._len = math.prod(map(len, axes))

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, n: int) -> str: ...
    @overload
    def __getitem__(self, n: slice) -> list[str]: ...
    def __getitem__(self, n: int | slice) -> str | list[str]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(self._len))]
        if n < 0:
            n += self._len
        if not 0 <= n < self._len:
            raise IndexError(n)
        parts = []
        for axis in reversed(self._axes):
            n, i = divmod(n, len(axis))
            parts.append(axis[i])
        return self._make(*reversed(parts))

    def __iter__(self) -> Iterator[str]:
        return itertools.starmap(self._make, itertools.product(*self._axes))


class UpToDate(Sequence[FileReport]):
    """A :class:`FileReport` "unchanged (up to date)" for each of ``keys``, made when it is read.

    A rerun that finds a settled archive reports every template, catalogue
    and output (over a million files at 100,000 articles), and ``l10n -q``
    reads none of them: made all at once, they were much of its time.
    """

    def __init__(self, *keys: Sequence[str]) -> None:
        self._keys = keys
        self._len = sum(map(len, keys))

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, n: int) -> FileReport: ...
    @overload
    def __getitem__(self, n: slice) -> tuple[FileReport, ...]: ...
    def __getitem__(self, n: int | slice) -> FileReport | tuple[FileReport, ...]:
        if isinstance(n, slice):
            return tuple(self[i] for i in range(*n.indices(self._len)))
        if n < 0:
            n += self._len
        for keys in self._keys:
            if 0 <= n < len(keys):
                return _up_to_date(keys[n])
            n -= len(keys)
        raise IndexError(n)

    def __iter__(self) -> Iterator[FileReport]:
        return map(_up_to_date, itertools.chain.from_iterable(self._keys))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UpToDate | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


def _up_to_date(key: str) -> FileReport:
    return FileReport(key, Outcome.UNCHANGED, "up to date")


def joined(*reports: Report) -> Report:
    """Several commands' reports as one, in order; a notice two commands gave (a broken article) is said once."""
    return Report(
        tuple(f for report in reports for f in report.files),
        tuple(dict.fromkeys(n for report in reports for n in report.notices)),
    )


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The findings of ``l10n check`` over every catalogue examined."""

    findings: tuple[Finding, ...]
    catalogs: int

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        from pipeline.checks import Severity

        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


#: The states of a catalogue's entries, as ``l10n stats`` counts them.
STATES = ("translated", "fuzzy", "untranslated", "obsolete")


@dataclass(frozen=True, slots=True)
class StatsRow:
    """Counts for one catalogue (or the total): messages and source words per state."""

    lang: str
    article: str
    messages: dict[str, int]
    words: dict[str, int]

    @property
    def percent(self) -> float:
        """Share of active messages that are translated, 0-100."""
        active = sum(v for k, v in self.messages.items() if k != "obsolete")
        return 100.0 * self.messages["translated"] / active if active else 100.0


@dataclass(frozen=True, slots=True)
class StatsReport:
    """What ``l10n stats`` found: a row per catalogue and a total per locale, and the catalogues it could not read."""

    rows: tuple[StatsRow, ...]
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of an article a locale has translated, in percent.

    Attributes:
        messages: Of its distinct messages.
        sentences: Of its sentences, counting each occurrence.
    """

    messages: float
    sentences: float

    @classmethod
    def of(cls, doc) -> Coverage:
        """Measure a localised article."""
        sentences = doc.sentences
        if not sentences:
            return cls(100.0, 100.0)
        done = sum(1 for s in sentences if s.status is Status.TRANSLATED)
        by_msgid: dict[str, bool] = {}
        for source, rendered in zip(doc.article.sentences, sentences, strict=True):
            by_msgid[source.template.msgid] = rendered.status is Status.TRANSLATED
        return cls(100.0 * sum(by_msgid.values()) / len(by_msgid), 100.0 * done / len(sentences))


def error_notice(exc: L10nError, fallback: Path | str) -> Notice:
    """An error that stopped one article (or one of its languages) but not the command."""
    message = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return Notice(Path(exc.path) if exc.path is not None else Path(fallback), exc.line, message, "error", exc.column)


def fallbacks(doc, po_file: Path, lines: dict[str, int] | None = None, few: int | None = None) -> list[Notice]:
    """A notice for every sentence published in the source language instead of the translation.

    ``lines`` gives each msgid's line in the catalogue, so that a refusal names the entry to fix.
    Past ``few`` notes of sentences that fell back (untranslated or fuzzy; default: no limit),
    one line stands where the first of them would, counting them by reason: a first build of an
    untranslated archive falls back on every sentence, and a line each would bury the warnings.
    ``few`` 0 keeps no note, nor that line (what ``-q`` shows). A refusal is a warning and is always said.
    """
    pairs = list(zip(doc.sentences, doc.article.sentences, strict=True))
    reasons: dict[str, int] = {}
    for sentence, _ in pairs:
        if sentence.status is not Status.REFUSED and sentence.status is not Status.TRANSLATED:
            reasons[sentence.status.value] = reasons.get(sentence.status.value, 0) + 1
    summary = few is not None and sum(reasons.values()) > few
    notices = []
    lines = lines or {}
    for sentence, source in pairs:
        if sentence.status is Status.REFUSED:
            notices.append(
                Notice(
                    po_file,
                    lines.get(source.template.msgid),
                    f"translation of the sentence on {doc.article.path}:{sentence.line} refused: "
                    f"{sentence.reason}; the source sentence is used",
                    "warning",
                )
            )
        elif sentence.status is Status.TRANSLATED:
            continue
        elif not summary:
            notices.append(
                Notice(
                    po_file,
                    None,
                    f"{doc.article.path}:{sentence.line} falls back to the source ({sentence.status.value}): "
                    f"{short(source.text)}",
                    "note",
                )
            )
        elif reasons and few:  # the summary, once
            counted = ", ".join(f"{n:,} {reason}" for reason, n in reasons.items())
            message = (
                f"{amount(sum(reasons.values()), 'sentence')} of {doc.article.path} fall back to the source"
                f" ({counted}); l10n review {Path(doc.article.path).stem} shows each, l10n -v lists them here"
            )
            notices.append(Notice(po_file, None, message, "note"))
            reasons = {}
    return notices


def amount(n: int, noun: str) -> str:
    """``1 message``, ``2 messages``: a count with its noun in the right number (English plurals in -s)."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def short(text: str, limit: int = 60) -> str:
    """A sentence on one line, cut to ``limit`` characters, quoted."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def changes(c: MergeCounts) -> str:
    """What a merge did to a catalogue, in words ("2 new, 1 fuzzy suggestion")."""
    parts = [
        (c.added, "new", "new"),
        (c.fuzzy, "fuzzy suggestion", "fuzzy suggestions"),
        (c.memory, "from translation memory", "from translation memory"),
        (c.reviewed, "sent back to review (see its comment)", "sent back to review (see their comments)"),
        (c.minor, "kept across a minor edit", "kept across minor edits"),
        (c.obsoleted, "obsolete", "obsolete"),
        (c.revived, "revived", "revived"),
        (c.dropped, "dropped", "dropped"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n) or "comments or layout only"


def describe(po: polib.POFile) -> str:
    """A catalogue's entries by state, in words."""
    from pipeline import catalog

    s = catalog.stats(po)
    return f"{s.translated} translated, {s.fuzzy} fuzzy, {s.untranslated} untranslated, {s.obsolete} obsolete"


def count(sentences: tuple) -> str:
    """A built article's sentences: how many were translated and how many fell back, in words."""
    total = len(sentences)
    if sentences and sentences[0].status is Status.SOURCE:
        return f"{total} sentences, source language"
    translated = sum(1 for s in sentences if s.status is Status.TRANSLATED)
    fell_back = total - translated
    return f"{total} sentences: {translated} translated, {fell_back} fell back to the source"
