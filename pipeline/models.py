"""Plain data shared by every layer: frozen dataclasses, no behaviour that touches disk."""

from __future__ import annotations

import datetime
import enum
import operator
import sys
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any


def _pickled_by_fields(cls: type) -> type:
    """Give a slotted dataclass a pickle state of its field values as one tuple.

    An article is pickled to be handed from the extract's workers to the
    build's (see ``Workspace.passing_parsed``); the state methods that
    ``dataclass(slots=True)`` adds call ``fields()`` for every object,
    where these look the names up once per class.
    """
    names = tuple(f.name for f in fields(cls))
    get = operator.attrgetter(*names)
    one = len(names) == 1

    def __getstate__(self: Any) -> tuple:
        return (get(self),) if one else get(self)

    def __setstate__(self: Any, state: tuple) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    # On the class dataclass made, in place of the ones it added; setattr, as mypy refuses to assign a method.
    setattr(cls, "__getstate__", __getstate__)  # noqa: B010  # see above
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010  # see above
    return cls


# --- values found in source text -------------------------------------------


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date as written in the source; day or year may be absent."""

    year: int | None
    month: int
    day: int | None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class MoneyValue:
    """An amount of money with its ISO 4217 currency.

    ``compact`` records that the author used a magnitude word ("14.7 billion"),
    so the rendering uses the locale's compact form ("14,7 млрд"); ``magnitude``
    is that word's power of ten (9), so the author's unit is kept ("284,700
    million" is "284 700 млн", not "284,7 млрд"). The amount keeps the digits
    as written: "21.0 billion" is printed "21,0 млрд".
    """

    amount: Decimal
    currency: str
    compact: bool
    magnitude: int = 0


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class PercentValue:
    """A percentage; ``value`` is in percent (70 for "70%")."""

    value: Decimal


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class NumberValue:
    """A number whose spelling differs by locale (decimals, thousands groups); see :class:`MoneyValue`."""

    value: Decimal
    compact: bool
    magnitude: int = 0


Value = DateValue | MoneyValue | PercentValue | NumberValue


class Kind(enum.StrEnum):
    """Placeholder kinds; the value is the placeholder's base name.

    Dates are three kinds by what the author wrote (their granularity): a full
    date, a month of a year ("May 2028") and a day of a month ("Feb. 9"). A
    value that changes granularity changes the msgid, so its translation goes
    back to review the usual way.
    """

    DATE = "date"
    MONTH = "month"
    DAY = "day"
    AMOUNT = "amount"
    PERCENT = "percent"
    NUMBER = "number"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Placeholder:
    """A locale-sensitive value lifted out of a sentence.

    Attributes:
        name: The name used in the msgid, e.g. ``amount`` or ``date_2``.
        kind: What the value is.
        source: The value exactly as the author wrote it.
        value: The parsed value, formatted per locale at build time.
    """

    name: str
    kind: Kind
    source: str
    value: Value


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Template:
    """A sentence with its values replaced by named placeholders.

    Attributes:
        msgid: The text offered for translation. When there are placeholders,
            it is python-brace-format: literal braces are doubled.
        placeholders: In order of appearance.
    """

    msgid: str
    placeholders: tuple[Placeholder, ...] = ()

    @property
    def is_format(self) -> bool:
        """Whether the msgid is a python-brace-format string."""
        return bool(self.placeholders)

    @property
    def count(self) -> Placeholder | None:
        """The value a translation agrees with, if the message has exactly one number in it.

        Such a message gets plural forms (``msgid_plural``): the build picks
        the form from this value with the catalogue's plural rule. With two or
        more numbers no single one decides, so there are no plural forms.
        """
        numeric = [p for p in self.placeholders if p.kind in COUNTED_KINDS]
        return numeric[0] if len(numeric) == 1 else None


#: The kinds of value a sentence's grammar can agree with.
COUNTED_KINDS = frozenset({Kind.AMOUNT, Kind.NUMBER, Kind.PERCENT})


# --- house styles ------------------------------------------------------------

DATE_STYLES = ("short", "medium", "long", "full")
MONEY_STYLES = ("symbol", "code", "name", "word")
PERCENT_STYLES = ("cldr", "attached")


@dataclass(frozen=True, slots=True)
class Style:
    """How one language's newsroom writes dates, money and percentages.

    Every date setting is a CLDR date style (short, medium, long, full), a
    CLDR skeleton such as ``yMMMd`` (letters only), or a CLDR pattern with
    literal words in quotes, such as ``d MMMM y 'года'``.

    Attributes:
        date: Dates with day, month and year.
        month: Dates with a month and a year ("May 2028").
        day: Dates with a month and a day ("Feb. 9").
        dateline: The article's own date, above its text.
        money: ``symbol`` (CLDR symbol, ``14,7 млрд ₸``), ``code`` (ISO code,
            ``14,7 млрд KZT``), ``name`` (CLDR currency name with its plural
            form, ``14,7 млрд казахских тенге``) or ``word`` (the newsroom's
            word for each currency, ``14,7 млрд тенге``, in the form the number
            and the sentence require).
        compact: Use the compact form (``млрд``) where the author wrote a
            magnitude word; otherwise write the number in full.
        currency_words: For ``word``: the word per ISO code; a currency without
            one falls back to its CLDR symbol.
        percent: ``cldr`` (the locale's pattern, ``70 %`` in Russian) or
            ``attached`` (``70%``, as Kazakhstani press prints it).
        grammar: Make values agree with the sentence (case after a Russian
            preposition, Kazakh endings, the currency word's number).
    """

    date: str = "long"
    month: str = "yMMMM"
    day: str = "MMMMd"
    dateline: str = "long"
    money: str = "symbol"
    compact: bool = True
    currency_words: dict[str, str] = field(default_factory=dict)
    percent: str = "cldr"
    grammar: bool = False


# --- articles --------------------------------------------------------------


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in a text."""

    start: int
    end: int


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Sentence:
    """One translatable sentence of an article.

    Attributes:
        text: The sentence exactly as written.
        template: Its msgid and placeholders.
        line: The 1-based source line the sentence starts on.
    """

    text: str
    template: Template
    line: int


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: sentences and the exact text between and around them.

    ``pieces`` alternates: ``pieces[0]`` is the text before the first
    sentence, then a sentence, the text after it, and so on, always starting
    and ending with a (possibly empty) string. ``trail`` is what separates
    this paragraph from the next (blank lines) or ends the file.
    """

    pieces: tuple[str | Sentence, ...]
    trail: str

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The paragraph's sentences in order."""
        return tuple(p for p in self.pieces if isinstance(p, Sentence))


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Article:
    """A source article, kept so that it rebuilds byte for byte.

    Attributes:
        slug: The file name without extension; names the POT and PO files.
        path: The source file, relative to the project (used in references).
        date: The article's date from its dateline or front matter, if any.
        head: Everything before the first paragraph (a plain-text dateline,
            or the Markdown skeleton before the first block).
        paragraphs: The body.
        kind: ``text`` or ``markdown``.
        front_matter: A Markdown article's front matter, exactly as written.
        title: A Markdown article's title (a message like any sentence).
        meta: The front matter's fields (source URL, language...).
    """

    slug: str
    path: Path
    date: datetime.date | None
    head: str
    paragraphs: tuple[Paragraph, ...]
    kind: str = "text"
    front_matter: str = ""
    title: Sentence | None = None
    meta: tuple[tuple[str, str], ...] = ()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every message of the article in reading order, the title first."""
        body = tuple(s for p in self.paragraphs for s in p.sentences)
        return (self.title, *body) if self.title else body

    def source_text(self) -> str:
        """Rebuild the source text exactly."""
        out = [self.front_matter, self.head]
        for paragraph in self.paragraphs:
            out.extend(p if isinstance(p, str) else p.text for p in paragraph.pieces)
            out.append(paragraph.trail)
        return "".join(out)


# --- results of commands ---------------------------------------------------


class Outcome(enum.StrEnum):
    """What happened to one output file."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class FileReport:
    """One line of a command's summary: a file and what happened to it.

    Attributes:
        path: The file, relative to the project, with ``/`` between folders
            (a string: reports name tens of thousands of files).
        outcome: What happened to it.
        detail: Counts or the reason, for the user.
    """

    path: str
    outcome: Outcome
    detail: str = ""

    def __post_init__(self) -> None:
        # An archive's reports repeat a few hundred details over every file: one copy of each.
        object.__setattr__(self, "detail", sys.intern(self.detail))

    def __reduce__(self) -> tuple[type[FileReport], tuple[str, Outcome, str]]:
        # Made again by the constructor when a worker sends it (so its detail is this process's copy).
        return FileReport, (self.path, self.outcome, self.detail)


@dataclass(frozen=True, slots=True)
class MergeCounts:
    """How a PO file's entries fared in a merge with its POT."""

    kept: int = 0
    added: int = 0
    obsoleted: int = 0
    revived: int = 0
    dropped: int = 0
    minor: int = 0
    fuzzy: int = 0
    memory: int = 0
    reviewed: int = 0  # approved translations sent back to review: their values changed class


class Status(enum.StrEnum):
    """How one sentence was rendered in a build."""

    TRANSLATED = "translated"
    SOURCE = "source"  # the source locale itself
    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class RenderedSentence:
    """A sentence as it appears in one locale's output."""

    text: str
    status: Status
    line: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A source term and what each language's translation must contain.

    Attributes:
        source: The English term, matched case-insensitively on word boundaries.
        targets: Per language, the required text; a stem is enough where the
            word inflects ("Бектенов" matches "Бектенову"). Alternatives are
            separated by ``|``.
    """

    source: str
    targets: dict[str, tuple[str, ...]]
