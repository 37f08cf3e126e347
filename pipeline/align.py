"""Aligning a published translation with its source article, sentence by sentence.

A newsroom that adopts the pipeline has years of stories published in English,
Kazakh and Russian. :func:`align` pairs the sentences of one translation with
the messages of its source article and turns each aligned translation into a
reusable template: the values the msgid has as placeholders are found in the
translation, written in that language's press style («14,7 млрд тенге»,
«2024 жылғы 27 маусымда», «17,2%-ға»), and replaced by the placeholder with the
translation's own case endings kept around it («в {date}», «{percent}-ға»).

How sentences are paired: both sides are cut by :mod:`pipeline.segment`; a
dynamic programme over beads (1-1, 2-1, 1-2, 1-0, 0-1, and two adjacent
sentences swapped) chooses the cheapest path, each bead priced by

- the values it pairs: a value of the msgid found in the translation, by its
  value and not its spelling, is the strongest evidence there is;
- numbers, names and cognates that survive translation (years, ranges,
  «№ 512», «gov.kz», «Бектенову» for "Bektenov", «инфляция» for
  "inflation", compared in transliteration);
- a value the translation has and the source has not, which belongs to a
  sentence the translator added more often than to a translated one;
- the length ratio of Gale and Church (1993) for the rest, with the ratio of
  the two texts' lengths as its mean;
- paragraphs: a paragraph break on one side that the other has not costs a
  little, so the search follows the paragraphs where the translator kept them
  and crosses them where the translator joined or split them.

Nothing here reads or writes files; the caller brings the article and the
translation's text and fills the catalogue (every aligned entry is a
suggestion for a translator to confirm).
"""

from __future__ import annotations

import dataclasses
import enum
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import kazakh
from pipeline.errors import L10nError, SourceError, UsageError
from pipeline.models import Article, DateValue, Kind, MoneyValue, NumberValue, PercentValue, Placeholder, Sentence
from pipeline.segment import sentence_spans

if TYPE_CHECKING:
    from pipeline.localeformat import LocaleFormat

#: The languages whose press style :func:`find_values` reads.
LANGUAGES = ("kk", "ru")

# --- results ------------------------------------------------------------------


class BeadKind(enum.StrEnum):
    """How many source messages and translated sentences a bead joins, as ``source-target``."""

    ONE_ONE = "1-1"
    TWO_ONE = "2-1"  # two messages, translated together in one sentence
    ONE_TWO = "1-2"  # one message, translated in two sentences
    ONE_ZERO = "1-0"  # a message the translation leaves out
    ZERO_ONE = "0-1"  # a sentence the translator added


class Role(enum.StrEnum):
    """A message's part in its bead."""

    WHOLE = "whole"  # the bead's only message
    FIRST = "first"  # the first of a 2-1 bead: it carries the joined translation
    SECOND = "second"  # the second of a 2-1 bead: its translation is in the first


@dataclass(frozen=True, slots=True)
class TranslatedSentence:
    """One sentence of the translation.

    Attributes:
        index: Its position among the translation's sentences.
        text: The sentence as published.
        paragraph: The index of its paragraph (the Markdown title is one).
        line: The 1-based line it starts on in the translated file.
    """

    index: int
    text: str
    paragraph: int
    line: int


@dataclass(frozen=True, slots=True)
class FoundValue:
    """A value recognised in a Russian or Kazakh sentence.

    Attributes:
        start: Where the value starts in the sentence.
        end: Where it ends, its ending included (``17,2%-ға``, ``мамырда``).
        kind: ``money``, ``percent``, ``number`` or ``date``.
        amount: The number at full scale (14.7 billion for «14,7 млрд»), or None for a date.
        currency: The ISO code of money, if the translation names a currency.
        date: ``(year, month, day)`` of a date; year or day may be None.
        ending: The Kazakh ending to write after the placeholder, with its
            hyphen (``-ға``), or "".
        plain: A bare integer (no digit groups, decimals, magnitude or unit):
            a year or a count more often than a value.
        problem: Why the value cannot become a placeholder (an ending the
            build cannot write), or "".
    """

    start: int
    end: int
    kind: str
    amount: Decimal | None = None
    currency: str | None = None
    date: tuple[int | None, int, int | None] | None = None
    ending: str = ""
    plain: bool = False
    problem: str = ""


@dataclass(frozen=True, slots=True)
class Templated:
    """A translated sentence with the msgid's values replaced by its placeholders.

    Attributes:
        msgstr: The template (python-brace-format when there are placeholders).
        found: The placeholders put in, in the msgid's order.
        missing: The msgid's placeholders whose value the translation does not
            have in a form that could be recognised.
        literal: Values of the translation left as text (they match none of the
            msgid's placeholders, or cannot take one).
    """

    msgstr: str
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    literal: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Bead:
    """A group of source messages and translated sentences aligned together.

    Attributes:
        kind: How many of each.
        source: Indices into the article's messages (:attr:`Article.sentences`).
        target: Indices into the translation's sentences.
        score: 0 to 1: the share of the evidence (values, numbers, names,
            length) that agrees with this pairing; 0 for 1-0 and 0-1 beads.
        swapped: This 1-1 bead and its neighbour are in the opposite order in
            the translation.
    """

    kind: BeadKind
    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float
    swapped: bool = False


@dataclass(frozen=True, slots=True)
class AlignedMessage:
    """What the alignment proposes for one message of the article.

    Attributes:
        index: The message's position in :attr:`Article.sentences`.
        sentence: The source sentence; its template holds the msgid.
        kind: The kind of its bead.
        role: Its part in the bead (a 2-1 bead has a first and a second).
        score: The bead's score.
        msgstr: The proposed translation as a template; "" when there is none
            (a 1-0 bead, the second message of a 2-1 bead).
        translation: The translated sentences as published, joined by a space.
        target: The indices of those sentences in the translation.
        found: Placeholders the msgstr has.
        missing: Placeholders of the msgid the translation's values did not
            supply; the msgstr lacks them.
        literal: Values of the translation left as text in the msgstr.
        swapped: The translation has this sentence and its neighbour the
            other way round.
        rebuilds: Whether the build, given the msgstr and the msgid's values,
            writes the published translation again (spaces aside); None when
            not checked (no locale format given, or no msgstr).
        refusal: Why the build would not publish the msgstr as it stands
            (:func:`pipeline.render.refusal`: a placeholder missing, Markdown
            markup the msgid has and the translation has not), or "".
    """

    index: int
    sentence: Sentence
    kind: BeadKind
    role: Role
    score: float
    msgstr: str
    translation: str
    target: tuple[int, ...]
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    literal: tuple[str, ...] = ()
    swapped: bool = False
    rebuilds: bool | None = None
    refusal: str = ""

    @property
    def msgid(self) -> str:
        """The message's msgid."""
        return self.sentence.template.msgid

    @property
    def complete(self) -> bool:
        """Whether the msgstr is a whole translation with every placeholder of the msgid."""
        return bool(self.msgstr) and not self.missing and self.role is not Role.SECOND

    def describe(self) -> str:
        """The bead in a few words, for a translator comment (without the file, which the caller knows).

        Examples: ``1-1, score 0.93``; ``2-1 with the next sentence (the
        translation joins them; it is on this message), score 0.81``;
        ``1-1, in the other order in the translation, score 0.88;
        {amount_2} not found in the translation``.
        """
        text = {
            (BeadKind.ONE_ONE, Role.WHOLE): "1-1",
            (BeadKind.TWO_ONE, Role.FIRST): "2-1 with the next sentence (the translation joins them; it is on this"
            " message)",
            (BeadKind.TWO_ONE, Role.SECOND): "2-1 with the previous sentence (the translation joins them; it is on"
            " the previous message)",
            (BeadKind.ONE_TWO, Role.WHOLE): "1-2 (the translation splits it in two sentences)",
            (BeadKind.ONE_ZERO, Role.WHOLE): "1-0 (the translation leaves it out)",
        }[self.kind, self.role]
        if self.swapped:
            text += ", in the other order in the translation"
        if self.kind is not BeadKind.ONE_ZERO:
            text += f", score {self.score:.2f}"
        if self.missing and self.role is not Role.SECOND:
            names = ", ".join("{" + name + "}" for name in self.missing)
            text += f"; {names} not found in the translation"
        if self.literal and self.role is not Role.SECOND:
            text += "; left as text: " + ", ".join(f"«{value}»" for value in self.literal)
        if self.rebuilds is False:
            text += "; the build writes it differently from the published text"
        return text


@dataclass(frozen=True, slots=True)
class Alignment:
    """An article and one translation of it, aligned.

    Attributes:
        lang: The translation's language.
        messages: One proposal per message of the article, in its order.
        beads: The beads in the order of the article (a 0-1 bead where the
            translation has the sentence).
        sentences: The translation's sentences.
        added: Sentences the translator added (0-1 beads): reported, never
            put on a message.
    """

    lang: str
    messages: tuple[AlignedMessage, ...]
    beads: tuple[Bead, ...]
    sentences: tuple[TranslatedSentence, ...]
    added: tuple[TranslatedSentence, ...]

    def by_msgid(self) -> dict[str, AlignedMessage]:
        """One proposal per msgid (a sentence that repeats is one message): the most complete, then the best scored.

        The second message of a 2-1 bead and a 1-0 message are kept only when
        the msgid has nothing better, so that the caller can say so.
        """
        best: dict[str, AlignedMessage] = {}
        for message in self.messages:
            kept = best.get(message.msgid)
            if kept is None or _rank(message) > _rank(kept):
                best[message.msgid] = message
        return best

    def counts(self) -> Counter[str]:
        """How many beads of each kind (``1-1``, ``2-1`` …), for a summary line."""
        return Counter(bead.kind.value for bead in self.beads)


def _rank(message: AlignedMessage) -> tuple[bool, bool, float]:
    return (bool(message.msgstr), message.complete, message.score)


# --- reading the translation --------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))+")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
# An English-style date line some archives keep at the top of every language version.
_DATE_LINE = re.compile(r"(?i:date)[ \t]*:?[ \t]*\d{4}-\d{1,2}-\d{1,2}")

_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters Kazakh has and Russian has not.
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# Kazakh prose has several of these letters in every sentence; Russian copy has
# them only in a Kazakh name now and then.
_KAZAKH_SHARE = 0.03
_LANGUAGE_NAMES = {"ru": "Russian", "kk": "Kazakh"}


def check_language(text: str, lang: str, *, path: Path | str | None = None) -> None:
    """Refuse a translation that is not written in ``lang``.

    Russian and Kazakh are told apart by the letters only Kazakh has (ә, ғ, қ,
    ң, ө, ұ, ү, һ, і); both from English or any other Latin-script language
    by their Cyrillic.

    Raises:
        UsageError: If ``lang`` is not one :func:`align` reads.
        SourceError: If the text has no letters or reads as another language.
    """
    _check_supported(lang)
    name = _LANGUAGE_NAMES[lang]
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic + latin == 0:
        raise SourceError("the translation has no text", path=path, hint="is this the right file?")
    if cyrillic < latin:
        raise SourceError(
            f"the translation is not in {name}: {latin / (latin + cyrillic):.0%} of its letters are Latin",
            path=path,
            hint=f"give the {name} version of the article",
        )
    share = len(_KAZAKH_LETTERS.findall(text)) / cyrillic
    if lang == "kk" and share < _KAZAKH_SHARE:
        raise SourceError(
            "the translation is not in Kazakh: it has almost none of the letters ә, ғ, қ, ң, ө, ұ, ү, һ, і"
            " (it reads as Russian)",
            path=path,
            hint="give the Kazakh version, or align it with -l ru",
        )
    if lang == "ru" and share >= _KAZAKH_SHARE:
        raise SourceError(
            f"the translation is not in Russian: {share:.0%} of its Cyrillic letters are Kazakh (ә, ғ, қ, ң, ө, ұ, ү,"
            " һ, і)",
            path=path,
            hint="give the Russian version, or align it with -l kk",
        )


def _check_supported(lang: str) -> None:
    if lang not in LANGUAGES:
        raise UsageError(
            f"cannot align a translation into {lang!r}", hint=f"align reads {' and '.join(LANGUAGES)} press style"
        )


def read_translation(
    text: str, lang: str, *, path: Path | str | None = None, markdown: bool | None = None
) -> tuple[TranslatedSentence, ...]:
    """Cut a translation into paragraphs and sentences with the project's segmenter.

    Plain text has paragraphs separated by blank lines; a first paragraph that
    is only a date (the dateline of a published article: «27 июня 2024 года»,
    «2024 жылғы 27 маусым», ``date 2024-06-27``) is left out. Markdown is read
    as source articles are (front matter title first, then the text of
    paragraphs, headings, list items and table cells).

    Args:
        text: The translated file's text.
        lang: Its language, for the segmenter.
        path: The file, for error messages and to recognise Markdown by its
            ``.md`` suffix.
        markdown: Read as Markdown; by default when the path ends in ``.md``
            or the text opens with front matter.

    Raises:
        SourceError: If there is no sentence in it, or the Markdown cannot be read.
    """
    if markdown is None:
        markdown = (path is not None and Path(path).suffix == ".md") or bool(_FRONT_MATTER.match(text))
    sentences = _markdown_sentences(text, lang, path) if markdown else _text_sentences(text, lang)
    if not sentences:
        raise SourceError("the translation has no text", path=path, hint="is this the right file?")
    return tuple(sentences)


def _markdown_sentences(text: str, lang: str, path: Path | str | None) -> list[TranslatedSentence]:
    from pipeline.markdown import parse_markdown_article

    parsed = parse_markdown_article(text, Path(path) if path is not None else Path("translation.md"), lang)
    out: list[TranslatedSentence] = []
    if parsed.title is not None:
        out.append(TranslatedSentence(0, parsed.title.text, 0, parsed.title.line))
    first = 1 if parsed.title is not None else 0
    for number, paragraph in enumerate(parsed.paragraphs, start=first):
        for sentence in paragraph.sentences:
            if out or not _is_dateline(sentence.text):
                out.append(TranslatedSentence(len(out), sentence.text, number, sentence.line))
    return out


def _text_sentences(text: str, lang: str) -> list[TranslatedSentence]:
    out: list[TranslatedSentence] = []
    text = text.removeprefix("\ufeff")
    pos = 0
    paragraph = 0
    line = 1
    ends = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)] + [(len(text), len(text))]
    for end, next_start in ends:
        chunk = text[pos:end]
        offset = 0
        if chunk.strip() and not (not out and _is_dateline(chunk.strip())):
            for span in sentence_spans(chunk, lang):
                line += _line_breaks(chunk[offset : span.start])
                # A hard-wrapped sentence is one line in a msgstr, as the Markdown reader makes it.
                written = _WHITESPACE.sub(" ", chunk[span.start : span.end])
                out.append(TranslatedSentence(len(out), written, paragraph, line))
                offset = span.start
            paragraph += 1
        line += _line_breaks(chunk[offset:]) + _line_breaks(text[end:next_start])
        pos = next_start
    return out


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _is_dateline(text: str) -> bool:
    if _DATE_LINE.fullmatch(text):
        return True
    stripped = text.rstrip(".")
    return any(
        found.kind == "date" and found.start == 0 and found.end == len(stripped)
        for lang in LANGUAGES
        for found in find_values(stripped, lang)
    )


# --- values in Russian and Kazakh press style -----------------------------------

_SPACE = "[ \u00a0\u202f]"
# A number as Russian and Kazakh copy write it: digit groups with (no-break)
# spaces, a decimal comma (a point is read too). Not part of a range, a
# reference or a longer token ("2019–2024", "6–8", "МС-26", "1.2.3").
_NUM = (
    r"(?<![\w.,\-–—/])(?P<sign>[-−])?"
    r"(?P<num>\d{1,3}(?:" + _SPACE + r"\d{3})+(?![\d])(?:[,.]\d+)?|\d+(?:[,.]\d+)?)"
    r"(?![,.]\d|\d|[-–—]\d)"
)

_RU_MAGNITUDES = (
    (3, r"тыс\.|тысяч(?:а|и|у|е|ей|ами|ах)?"),
    (6, r"млн\.?|миллион(?:а|ов|у|ом|е|ам|ами|ах)?"),
    (9, r"млрд\.?|миллиард(?:а|ов|у|ом|е|ам|ами|ах)?"),
    (12, r"трлн\.?|триллион(?:а|ов|у|ом|е|ам|ами|ах)?"),
)
_KK_MAGNITUDES = ((3, r"мың"), (6, r"млн|миллион"), (9, r"млрд|миллиард"), (12, r"трлн|триллион"))

# Currency words by ISO code, with the forms a number can stand before. An
# adjective the press puts before the word («американских долларов») is part
# of the value; a country after it («долларов США») is not, and stays as text.
_RU_CURRENCIES = (
    ("KZT", r"(?:казахстанск(?:их|ого|ой|им|ими)\s)?тенге"),
    ("USD", r"(?:американск(?:их|ого|ому|им|ими)\s)?(?:доллар(?:ов|а|ам|ами|ах|у|ом|е)?|долл\.)"),
    ("EUR", r"евро"),
    ("RUB", r"(?:российск(?:их|ого|ому|им|ими)\s)?(?:рубл(?:ей|я|ям|ями|ях|ь|ю|ём|ем|е)|руб\.)"),
    ("GBP", r"фунт(?:ов|а|ам|ами|ах|у|ом|е)?(?:\sстерлингов)?"),
    ("CNY", r"(?:китайск(?:их|ого|ому|им|ими)\s)?юан(?:ей|я|ям|ями|ях|ь|ю|ем|е)"),
    ("JPY", r"иен(?:а|ы|у|е|ой|ам|ами|ах)?"),
    ("AED", r"дирхам(?:ов|а|ам|ами|ах|у|ом|е)?"),
    ("CHF", r"(?:швейцарск(?:их|ого|ому|им|ими)\s)?франк(?:ов|а|ам|ами|ах|у|ом|е)?"),
    ("TRY", r"(?:турецк(?:их|ой|им|ими)\s)?лир(?:а|ы|у|е|ой|ам|ами|ах)?"),
    ("KGS", r"сом(?:ов|а|ам|ами|ах|у|ом|е)?"),
    ("INR", r"рупи(?:й|я|и|ю|ей|ям|ями|ях)"),
    ("SAR", r"риял(?:ов|а|ам|ами|ах|у|ом|е)?"),
    ("KRW", r"вон(?:а|ы|у|е|ой|ам|ами|ах)?"),
    ("UZS", r"сум(?:ов|а|ам|ами|ах|у|ом|е)?"),
)
# Kazakh currency words take their ending glued (теңгеден, доллардан); «АҚШ
# доллары» is a compound whose possessive goes when the build writes «доллар».
_KK_CURRENCIES = (
    ("KZT", r"теңге"),
    ("USD", r"(?:АҚШ\s)?доллар"),
    ("EUR", r"еуро|евро"),
    ("RUB", r"рубль|рубл"),
    ("GBP", r"фунт(?:\sстерлинг)?"),
    ("CNY", r"юань|юан"),
    ("JPY", r"иена|иен"),
    ("AED", r"дирхам"),
    ("CHF", r"франк"),
    ("TRY", r"лира"),
    ("KGS", r"сом"),
    ("INR", r"рупия|рупи"),
    ("SAR", r"риял"),
    ("KRW", r"вона"),
    ("UZS", r"сум"),
)
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₸": "KZT", "₽": "RUB", "¥": "JPY"}
_SYMBOL = r"(?P<sym>US\$|\$|€|£|₸|₽|¥)"

_RU_MONTHS = (
    "январь января январю январём январем январе",
    "февраль февраля февралю февралём февралем феврале",
    "март марта марту мартом марте",
    "апрель апреля апрелю апрелем апреле",
    "май мая маю маем мае",
    "июнь июня июню июнем июне",
    "июль июля июлю июлем июле",
    "август августа августу августом августе",
    "сентябрь сентября сентябрю сентябрём сентябрем сентябре",
    "октябрь октября октябрю октябрём октябрем октябре",
    "ноябрь ноября ноябрю ноябрём ноябрем ноябре",
    "декабрь декабря декабрю декабрём декабрем декабре",
)
_RU_MONTH_NUMBER = {form: number for number, forms in enumerate(_RU_MONTHS, start=1) for form in forms.split()}
# Kazakh month names as stems: the ending follows glued, and a final к voices
# before a vowel (қыркүйегі).
_KK_MONTHS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйе[кг]",
    "қазан",
    "қараша",
    "желтоқсан",
)

_LETTERS = r"[^\W\d_]"
_NO_LETTER = r"(?!" + _LETTERS + ")"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_RU_MONTH = r"(?P<mon>" + _alternatives(_RU_MONTH_NUMBER) + r")(?!" + _LETTERS + ")"
_RU_YEAR_WORD = r"(?:" + _SPACE + r"(?:года|году|годом|год|г\.))"
_KK_MONTH = "(?P<mon>" + "|".join(f"(?P<m{n}>{stem})" for n, stem in enumerate(_KK_MONTHS, start=1)) + ")"
_KK_YEAR_WORD = _SPACE + r"(?P<yw>жылғы|жылдың|ж\.)" + _SPACE
# What a Kazakh value may have glued after it: an ending (checked with
# pipeline.kazakh), after a hyphen for digits and symbols.
_KK_END = r"(?P<end>" + _LETTERS + r"*)"
# A month that opens a range («2024 жылғы қаңтар – қазан айларында») is no date of its own.
_KK_NO_RANGE = r"(?!\s?[-–—]\s?" + _LETTERS + ")"
_KK_HYPHEN_END = r"(?:[-‐‑](?P<end>" + _LETTERS + r"+))?(?!" + _LETTERS + ")"


def _magnitude_group(table: tuple[tuple[int, str], ...]) -> str:
    return "(?P<mag>" + "|".join(f"(?P<g{power}>{pattern})" for power, pattern in table) + ")"


def _currency_group(table: tuple[tuple[str, str], ...]) -> str:
    return "(?P<cur>" + "|".join(f"(?P<c{code}>{pattern})" for code, pattern in table) + ")"


_RU_MAG = _magnitude_group(_RU_MAGNITUDES)
_KK_MAG = _magnitude_group(_KK_MAGNITUDES)

_RU_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"(?<![\w.,\-–—])(?P<day>[12]\d|3[01]|0?[1-9])" + _SPACE + _RU_MONTH + _SPACE + r"(?P<year>\d{4})"
            r"(?!\d)" + _RU_YEAR_WORD + "?",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(r"(?<![\w.,\-–—])(?P<day>[12]\d|3[01]|0?[1-9])" + _SPACE + _RU_MONTH, re.IGNORECASE),
    ),
    # A month that closes a range («январе – октябре 2024 года») is no date of its own.
    (
        "date",
        re.compile(
            r"(?<![\w\-–—])(?<![-–—]\s)" + _RU_MONTH + _SPACE + r"(?P<year>\d{4})(?!\d)" + _RU_YEAR_WORD + "?", re.I
        ),
    ),
    (
        "money",
        re.compile(
            _NUM + r"(?:" + _SPACE + _RU_MAG + r")?" + _SPACE + _currency_group(_RU_CURRENCIES) + _NO_LETTER,
            re.IGNORECASE,
        ),
    ),
    (
        "money",
        re.compile(_SYMBOL + _SPACE + "?" + _NUM + r"(?:" + _SPACE + _RU_MAG + r")?(?!" + _LETTERS + ")", re.I),
    ),
    ("money", re.compile(_NUM + r"(?:" + _SPACE + _RU_MAG + r")?" + _SPACE + "?" + _SYMBOL, re.IGNORECASE)),
    (
        "percent",
        re.compile(
            _NUM + r"(?:" + _SPACE + r"?%|" + _SPACE + r"процент(?:ов|а|ам|ами|ах|у|ом|е)?(?!" + _LETTERS + "))",
            re.IGNORECASE,
        ),
    ),
    ("number", re.compile(_NUM + r"(?:" + _SPACE + _RU_MAG + r"(?!" + _LETTERS + "))?", re.IGNORECASE)),
)

_KK_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"(?<![\w.,\-–—])(?P<year>\d{4})" + _KK_YEAR_WORD + r"(?P<day>[12]\d|3[01]|0?[1-9])" + _SPACE + _KK_MONTH
            + _KK_END + _KK_NO_RANGE,
            re.IGNORECASE,
        ),
    ),
    ("date", re.compile(r"(?<![\w.,\-–—])(?P<year>\d{4})" + _KK_YEAR_WORD + _KK_MONTH + _KK_END + _KK_NO_RANGE, re.I)),
    (
        "date",
        re.compile(r"(?<![\w.,\-–—])(?P<day>[12]\d|3[01]|0?[1-9])" + _SPACE + _KK_MONTH + _KK_END + _KK_NO_RANGE, re.I),
    ),
    (
        "money",
        re.compile(
            _NUM + r"(?:" + _SPACE + _KK_MAG + r")?" + _SPACE + _currency_group(_KK_CURRENCIES) + _KK_END, re.IGNORECASE
        ),
    ),
    ("money", re.compile(_SYMBOL + _SPACE + "?" + _NUM + r"(?:" + _SPACE + _KK_MAG + r")?" + _KK_HYPHEN_END, re.I)),
    ("money", re.compile(_NUM + r"(?:" + _SPACE + _KK_MAG + r")?" + _SPACE + "?" + _SYMBOL + _KK_HYPHEN_END, re.I)),
    ("percent", re.compile(_NUM + _SPACE + r"?%" + _KK_HYPHEN_END, re.IGNORECASE)),
    ("percent", re.compile(_NUM + _SPACE + r"пайыз" + _KK_END, re.IGNORECASE)),
    ("number", re.compile(_NUM + r"(?:" + _SPACE + _KK_MAG + ")?" + _KK_HYPHEN_END, re.IGNORECASE)),
)  # fmt: skip

_PATTERNS = {"ru": _RU_PATTERNS, "kk": _KK_PATTERNS}


def find_values(text: str, lang: str) -> tuple[FoundValue, ...]:
    """Every value in a Russian or Kazakh sentence: leftmost first, the longest reading where they overlap.

    Recognises what Kazakhstani press writes: money with a magnitude and a
    currency word in any case («14,7 млрд тенге», «91 млн долларов», «40 млн
    еуродан»), symbols («$91 млн»), percentages («70%», «17,2%-ға», «6
    процентов», «70 пайызы»), dates («27 июня 2024 года», «в мае 2028 года»,
    «2024 жылғы 27 маусымда», «2028 жылғы мамыр», «3 наурызға») and numbers
    («2 450 000», «3,4 млн», «8300»).

    Args:
        text: One sentence (or any text).
        lang: ``ru`` or ``kk``.

    Returns:
        The values, each with its span, kind, number or date and (Kazakh) the
        ending glued to it.
    """
    if not any(ch.isdigit() for ch in text):
        return ()
    candidates = []
    for order, (kind, pattern) in enumerate(_PATTERNS[lang]):
        for m in pattern.finditer(text):
            found = _read_value(kind, m, lang)
            if found is not None:
                candidates.append((found.start, -(found.end - found.start), order, found))
    candidates.sort(key=lambda c: c[:3])
    chosen: list[FoundValue] = []
    end = 0
    for start, _, _, found in candidates:
        if start >= end:
            chosen.append(found)
            end = found.end
    return tuple(chosen)


def _read_value(kind: str, m: re.Match[str], lang: str) -> FoundValue | None:
    groups = m.groupdict()
    ending, problem = _ending(m, lang)
    end = m.end()
    if kind == "date":
        month = _month(groups, lang)
        year = int(groups["year"]) if groups.get("year") else None
        day = int(groups["day"]) if groups.get("day") else None
        if year is None and day is None:
            return None
        return FoundValue(m.start(), end, "date", date=(year, month, day), ending=ending, problem=problem)
    try:
        number = Decimal(groups["num"].replace(",", ".").translate(_NO_SPACES))
    except InvalidOperation:  # pragma: no cover - the pattern admits numbers only
        return None
    if groups.get("sign"):
        number = -number
    power = next((int(name[1:]) for name, value in groups.items() if value and _POWER_GROUP.fullmatch(name)), 0)
    amount = number.scaleb(power)
    currency = None
    if groups.get("sym"):
        currency = _SYMBOLS[groups["sym"]]
    elif groups.get("cur"):
        currency = next(name[1:] for name, value in groups.items() if value and _CURRENCY_GROUP.fullmatch(name))
    plain = kind == "number" and not power and groups["num"].isdigit()
    start = m.start("sign") if groups.get("sign") else m.start("num")
    if groups.get("sym") and m.start("sym") < start:
        start = m.start("sym")
    return FoundValue(start, end, kind, amount, currency, ending=ending, plain=plain, problem=problem)


_NO_SPACES = str.maketrans("", "", " \u00a0\u202f")
_POWER_GROUP = re.compile(r"g\d+")
_CURRENCY_GROUP = re.compile(r"c[A-Z]{3}")
_MONTH_GROUP = re.compile(r"m\d+")


def _month(groups: dict[str, str | None], lang: str) -> int:
    if lang == "ru":
        return _RU_MONTH_NUMBER[(groups["mon"] or "").lower()]
    return next(int(name[1:]) for name, value in groups.items() if value and _MONTH_GROUP.fullmatch(name))


def _ending(m: re.Match[str], lang: str) -> tuple[str, str]:
    """The Kazakh ending glued to a value, as the placeholder takes it (``-ға``), and why it cannot be, if so.

    A possessive that belongs to a compound of the translator's wording
    («2024 жылдың 27 маусымында», «АҚШ долларынан») goes with that wording:
    the build writes «2024 жылғы 27 маусымда», «доллардан».
    """
    groups = m.groupdict()
    written = groups.get("end") or ""
    if lang != "kk" or not written:
        return "", ""
    unknown = f"-{written} after the value is not an ending the build can write"
    parsed = kazakh.parse_ending(written)
    if parsed is None:
        return "", unknown
    chain = parsed.chain
    compound = groups.get("yw") == "жылдың" or (groups.get("cur") or "").upper().startswith("АҚШ")
    if compound and chain[:1] == ("possessive",):
        chain = chain[1:]
        if not chain:
            return "", ""
        base = m.group(0)[: m.start("end") - m.start()]
        try:
            spelled = kazakh.Ending(chain).spell(kazakh.sound_class(kazakh.last_word_read_aloud(base)))
        except ValueError:
            return "", unknown
        return "-" + spelled, ""
    return "-" + written, ""


# --- matching the msgid's values ----------------------------------------------


def _matches(placeholder: Placeholder, found: FoundValue, *, loose: bool) -> bool:
    """Whether ``found`` is the placeholder's value; ``loose`` admits a translator's omissions and additions.

    Loose: money whose currency the translation leaves unsaid, a date whose
    year the translation leaves out or adds to a day of a month.
    """
    value = placeholder.value
    if isinstance(value, DateValue):
        if found.kind != "date" or found.date is None:
            return False
        year, month, day = found.date
        if month != value.month or day != value.day:
            return False
        if placeholder.kind is Kind.MONTH:
            return year == value.year
        return year == value.year or (loose and (year is None or value.year is None))
    if found.amount is None:
        return False
    if isinstance(value, PercentValue):
        return found.kind == "percent" and found.amount == value.value
    if isinstance(value, MoneyValue):
        if found.amount != value.amount:
            return False
        if found.kind == "money":
            return found.currency == value.currency
        return loose and found.kind == "number"
    if isinstance(value, NumberValue):
        return found.kind == "number" and found.amount == value.value
    return False  # pragma: no cover - every value kind is handled above


def _assign(placeholders: Sequence[Placeholder], found: Sequence[FoundValue]) -> dict[int, int]:
    """Which found value each placeholder takes (by position), exact matches first, in order."""
    taken: dict[int, int] = {}
    used: set[int] = set()
    for loose in (False, True):
        for p, placeholder in enumerate(placeholders):
            if p in taken:
                continue
            for f, value in enumerate(found):
                if f not in used and not value.problem and _matches(placeholder, value, loose=loose):
                    taken[p] = f
                    used.add(f)
                    break
    return taken


_CLOSING = " \t\r\n\"'»”’)]"
# «со 2 мая», «ко 2 марта», «во вторник», «обо всём»: the build chooses the form
# for the value it prints, from the plain one.
_PLAIN_PREPOSITIONS = {"со": "с", "ко": "к", "во": "в", "об": "о", "обо": "о"}
_WORD_BEFORE = re.compile(r"(?<![\w\-])(" + _LETTERS + r"+)(\s+)$")


def to_template(text: str, placeholders: Sequence[Placeholder], lang: str) -> Templated:
    """Replace the values of a translated sentence by the msgid's placeholders.

    Each placeholder takes the value of the translation equal to its own
    («14,7 млрд тенге» for 14.7 billion tenge, whatever the case of the
    currency word); the words around stay as the translator wrote them, a
    Kazakh ending goes after the placeholder with a hyphen («{percent}-ға»,
    «{month}-да») and a Russian preposition in its spoken form goes back to its
    plain one («с {date}»: the build writes «со 2 мая»). Literal braces are
    doubled when the result has placeholders.

    Args:
        text: The translated sentence (or sentences) as published.
        placeholders: The msgid's placeholders.
        lang: ``ru`` or ``kk``.

    Returns:
        The template, with the placeholders put in, those missing, and the
        values left as text.
    """
    found = find_values(text, lang)
    taken = _assign(placeholders, found)
    by_start = sorted(((found[f], placeholders[p].name) for p, f in taken.items()), key=lambda pair: pair[0].start)
    if not by_start:
        msgstr = _escape(text) if placeholders else text
        return Templated(msgstr, (), tuple(p.name for p in placeholders), _literal(text, found, set()))
    out: list[str] = []
    pos = 0
    for value, name in by_start:
        before = _escape(text[pos : value.start])
        word = _WORD_BEFORE.search(before)
        if lang == "ru" and word and word.group(1).lower() in _PLAIN_PREPOSITIONS:
            plain = _PLAIN_PREPOSITIONS[word.group(1).lower()]
            plain = plain.upper() if word.group(1)[0].isupper() else plain
            before = before[: word.start(1)] + plain + word.group(2)
        out.append(before)
        out.append("{" + name + "}" + value.ending)
        pos = value.end
        if text[pos - 1] == "." and not text[pos:].strip(_CLOSING):
            # «$91 млн.», «27 июня 2024 г.» ending the sentence: the period is the
            # sentence's, and the build writes none after a value that has one.
            pos -= 1
    out.append(_escape(text[pos:]))
    used = {f for f in taken.values()}
    return Templated(
        msgstr="".join(out),
        found=tuple(p.name for p in placeholders if any(name == p.name for _, name in by_start)),
        missing=tuple(p.name for i, p in enumerate(placeholders) if i not in taken),
        literal=_literal(text, found, used),
    )


def _literal(text: str, found: Sequence[FoundValue], used: set[int]) -> tuple[str, ...]:
    """The values left as text, each with the reason it could not take a placeholder, if there is one."""
    return tuple(
        text[v.start : v.end] + (f" ({v.problem})" if v.problem else "")
        for i, v in enumerate(found)
        if i not in used and not v.plain
    )


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


# --- anchors: what a sentence and its translation have in common ----------------

_DIGITS = re.compile(r"\d+")
_FIELD = re.compile(r"\{\w+\}")
# Words of either side: a domain name, or letters with inner hyphens and apostrophes.
_WORD = re.compile(r"(?<![\w.])(?:[a-z][\w-]*(?:\.[a-z][\w-]*)+|[^\W\d_]+(?:['’-][^\W\d_]+)*)")
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "iu", "я": "ia", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
        "һ": "h", "і": "i", "'": "", "’": "", "-": "",
    }
)  # fmt: skip
# Spellings English and the Cyrillic transliteration write differently for one
# sound: "Kazakhstan", «Қазақстан» and «Казахстан»; "hectare" and «гектар»;
# "Tokayev" and «Тоқаев»; "export" and «экспорт»; "commission" and «комиссия».
_FOLDS = (
    ("ph", "f"), ("x", "ks"), ("ou", "u"), ("c", "k"), ("q", "k"), ("w", "v"),
    ("kh", "k"), ("h", "k"), ("g", "k"), ("j", "i"), ("y", "i"),
)  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")
# A name is compared by its consonants, so that a case ending or a vowel
# transliterated another way does not matter; other words by their first
# letters, as cognates are (Simard, Foster and Isabelle, 1992).
_NAME_CONSONANTS = 3
_COGNATE_PREFIX = 4
_COGNATE_LENGTH = 5


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of either side in folded Latin letters (see :func:`_word`)."""

    latin: str
    consonants: str
    name: bool  # capitalised, or a domain name


def _word(text: str) -> _Word:
    latin = text.lower().translate(_TRANSLIT)
    for written, folded in _FOLDS:
        latin = latin.replace(written, folded)
    latin = _DOUBLED.sub(r"\1", latin)
    return _Word(latin, _VOWELS.sub("", latin), text[0].isupper() or "." in text)


def _words(text: str) -> tuple[_Word, ...]:
    return tuple(
        word for word in map(_word, _WORD.findall(text)) if len(word.latin) >= (3 if word.name else _COGNATE_LENGTH)
    )


def _same_name(source: _Word, target: _Word) -> bool:
    """Whether a translated name is the English one, a case ending allowed («Бектенову» for "Bektenov")."""
    if not (source.name and target.name):
        return False
    if len(source.consonants) >= _NAME_CONSONANTS:
        return target.consonants.startswith(source.consonants) and _vowel_first(source) == _vowel_first(target)
    return target.latin.startswith(source.latin)


def _vowel_first(word: _Word) -> bool:
    return word.latin[:1] in ("a", "e", "i", "o", "u")


@dataclass(frozen=True, slots=True)
class _Source:
    text: str
    placeholders: tuple[Placeholder, ...]
    digits: Counter[str]
    words: tuple[_Word, ...]
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Target:
    text: str
    found: tuple[FoundValue, ...]
    found_digits: tuple[Counter[str], ...]
    digits: Counter[str]  # outside the found values
    words: tuple[_Word, ...]
    paragraph: int
    names: tuple[int, ...]  # the words that are names, by position
    prefixes: dict[str, tuple[int, ...]]  # the longer words by their first letters, for cognates


def _source(sentence: Sentence, paragraph: int) -> _Source:
    template = sentence.template
    rest = _FIELD.sub(" ", template.msgid) if template.placeholders else template.msgid
    return _Source(
        sentence.text,
        template.placeholders,
        Counter(_DIGITS.findall(rest)),
        _words(rest),
        paragraph,
    )


def _target(sentence: TranslatedSentence, lang: str) -> _Target:
    text = sentence.text
    found = find_values(text, lang)
    outside = text
    for value in reversed(found):
        outside = outside[: value.start] + " " + outside[value.end :]
    words = _words(outside)
    prefixes: dict[str, list[int]] = {}
    for k, word in enumerate(words):
        if len(word.latin) >= _COGNATE_LENGTH:
            prefixes.setdefault(word.latin[:_COGNATE_PREFIX], []).append(k)
    return _Target(
        text,
        found,
        tuple(Counter(_DIGITS.findall(text[v.start : v.end])) for v in found),
        Counter(_DIGITS.findall(outside)),
        words,
        sentence.paragraph,
        tuple(k for k, word in enumerate(words) if word.name),
        {prefix: tuple(ks) for prefix, ks in prefixes.items()},
    )


# --- pricing a bead -------------------------------------------------------------

# Gale and Church's priors for each bead (as NLTK has them); two sentences
# swapped are priced as their 2-2 bead.
_PRIORS = {"1-1": 0.89, "1-0": 0.0099, "0-1": 0.0099, "2-1": 0.089, "1-2": 0.089, "swap": 0.011}
_PRIOR_COST = {kind: -math.log(p) for kind, p in _PRIORS.items()}
# Variance of the length difference per character (Gale and Church's estimate).
_VARIANCE = 6.8
# Evidence weights, in the units of the costs (negative log probabilities).
_VALUE_MATCH = 3.0
_VALUE_MISS = 3.0
_VALUE_ADDED = 1.5
_NUMBER_MATCH = 1.5
_NUMBER_MISS = 0.5
_NAME_MATCH = 1.0
_COGNATE_WEIGHT = 0.5
_PARAGRAPH_MISMATCH = 1.0
_PARAGRAPH_CROSSED = 4.0
# A bead below this score pairs nothing the evidence supports.
_LEAST_SCORE = 0.3
# With this many values and numbers in the article, a translation must have
# this share of them: its own translation keeps nearly all, another story's
# shares a year or two.
_FEW_ANCHORS = 4
_LEAST_SHARED = 0.3


@dataclass(frozen=True, slots=True)
class _Priced:
    cost: float
    score: float


def _length_p(source: int, target: int, ratio: float) -> float:
    """Gale and Church's two-tailed probability of the length difference."""
    mean = (source + target / ratio) / 2
    if mean == 0:
        return 1.0
    delta = (target - source * ratio) / math.sqrt(mean * _VARIANCE)
    return max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the sentences of a bead have in common, whatever the length ratio.

    Attributes:
        values: The msgid's values found in the translation.
        missed: The msgid's values not found.
        added: Values of the translation the source has not.
        numbers: Numbers outside values on both sides.
        alone: Numbers on one side only.
        names: Names and cognates both sides have (a cognate counts half).
    """

    values: int
    missed: int
    added: int
    numbers: int
    alone: int
    names: float


def _price(kind: str, evidence: _Evidence, source_length: int, target_length: int, ratio: float) -> _Priced:
    """A bead's cost (a negative log probability) and its score."""
    cost = _PRIOR_COST[kind]
    cost += -_VALUE_MATCH * evidence.values + _VALUE_MISS * evidence.missed + _VALUE_ADDED * evidence.added
    cost += -_NUMBER_MATCH * evidence.numbers + _NUMBER_MISS * evidence.alone - _NAME_MATCH * evidence.names
    p = _length_p(source_length, target_length, ratio)
    cost += -math.log(p)
    agree = 2 * evidence.values + evidence.numbers + evidence.names
    score = (p + agree) / (1 + agree + 2 * evidence.missed + evidence.added + 0.5 * evidence.alone)
    return _Priced(cost, score)


def _counts(sources: Sequence[_Source], targets: Sequence[_Target]) -> tuple[int, int, int, int, int]:
    """Values matched, values of the msgid missing, values the translation adds, numbers matched, numbers alone.

    A value of the translation that no placeholder takes may be one the
    msgid keeps as text ("5,1 per cent" is read as «5,1%»): it counts as
    numbers if the source has its digits, else as a value the translator
    added, which belongs to an added sentence more often than to a translated one.
    """
    placeholders = [p for s in sources for p in s.placeholders]
    found = [v for t in targets for v in t.found]
    found_digits = [d for t in targets for d in t.found_digits]
    taken = _assign(placeholders, found)
    used = set(taken.values())
    source_digits: Counter[str] = Counter()
    for s in sources:
        source_digits.update(s.digits)
    target_digits: Counter[str] = Counter()
    for t in targets:
        target_digits.update(t.digits)
    numbers = added = 0
    for f, value in enumerate(found):
        digits = found_digits[f]
        if f in used:
            continue
        if value.plain:
            target_digits.update(digits)
        elif digits - source_digits:
            added += 1
        else:
            numbers += sum(digits.values())
            source_digits -= digits
    shared = sum((source_digits & target_digits).values())
    alone = sum(source_digits.values()) + sum(target_digits.values()) - 2 * shared
    return len(taken), len(placeholders) - len(taken), added, numbers + shared, alone


def _names(sources: Sequence[_Source], targets: Sequence[_Target]) -> float:
    """Names and cognates the two sides share, each word of a side used once: a name counts one, a cognate half."""
    used: set[tuple[int, int]] = set()
    count = 0.0
    for word in (word for s in sources for word in s.words):
        hit = None
        if word.name:
            hit = next(
                (
                    (t, k)
                    for t, target in enumerate(targets)
                    for k in target.names
                    if (t, k) not in used and _same_name(word, target.words[k])
                ),
                None,
            )
        if hit is not None:
            count += 1.0
        elif len(word.latin) >= _COGNATE_LENGTH:
            prefix = word.latin[:_COGNATE_PREFIX]
            hit = next(
                (
                    (t, k)
                    for t, target in enumerate(targets)
                    for k in target.prefixes.get(prefix, ())
                    if (t, k) not in used
                ),
                None,
            )
            if hit is not None:
                count += _COGNATE_WEIGHT
        if hit is not None:
            used.add(hit)
    return count


# --- the search -----------------------------------------------------------------

_MOVES = (("1-1", 1, 1), ("1-0", 1, 0), ("0-1", 0, 1), ("2-1", 2, 1), ("1-2", 1, 2), ("swap", 2, 2))
_LEAST_RATIO = 0.6
_MOST_RATIO = 1.8
# The search keeps to a band around the diagonal: a translation does not drift
# further from its source than its sentences left out, added, joined and split
# add up to, and a long article has more of them.
_BAND = 15
_BAND_SHARE = 10


class _Search:
    """Gale and Church's dynamic programme, with values, numbers, names and paragraphs in each bead's price."""

    def __init__(self, sources: Sequence[_Source], targets: Sequence[_Target]) -> None:
        self.sources = sources
        self.targets = targets
        self.ratio = _ratio(sum(len(s.text) for s in sources), sum(len(t.text) for t in targets))
        self.source_breaks = _breaks([s.paragraph for s in sources])
        self.target_breaks = _breaks([t.paragraph for t in targets])
        self._priced: dict[tuple[str, int, int], _Priced] = {}

    def evidence(self, i: int, di: int, j: int, dj: int) -> _Evidence:
        """What sources ``i`` to ``i + di`` and targets ``j`` to ``j + dj`` have in common."""
        sources, targets = self.sources[i : i + di], self.targets[j : j + dj]
        return _Evidence(*_counts(sources, targets), _names(sources, targets))

    def price(self, kind: str, i: int, j: int) -> _Priced:
        """The bead of ``kind`` that starts at source ``i`` and target ``j``."""
        key = (kind, i, j)
        priced = self._priced.get(key)
        if priced is None:
            if kind == "swap":
                first, second = self.price("1-1", i, j + 1), self.price("1-1", i + 1, j)
                own = _PRIOR_COST["swap"] - 2 * _PRIOR_COST["1-1"]
                priced = _Priced(first.cost + second.cost + own, min(first.score, second.score))
            elif kind in ("1-0", "0-1"):
                # A sentence left out or added has nothing to agree with: its prior is its whole price.
                priced = _Priced(_PRIOR_COST[kind], 0.0)
            else:
                di, dj = int(kind[0]), int(kind[2])
                length = sum(len(s.text) for s in self.sources[i : i + di])
                translated = sum(len(t.text) for t in self.targets[j : j + dj])
                priced = _price(kind, self.evidence(i, di, j, dj), length, translated, self.ratio)
            self._priced[key] = priced
        return priced

    def _crossed(self, kind: str, i: int, j: int) -> int:
        """Paragraph breaks inside a bead (the translator joined or split paragraphs there)."""
        di, dj = (2, 2) if kind == "swap" else (int(kind[0]), int(kind[2]))
        return sum(self.source_breaks[i + 1 : i + di]) + sum(self.target_breaks[j + 1 : j + dj])

    def _paragraphs(self, kind: str, i: int, j: int, pending: int) -> tuple[float, int]:
        """What paragraphs add to a bead from (i, j): its cost, and the breaks left pending after it.

        A paragraph break of one side is kept when the other side has one at
        the same place. A sentence left out or added does not move the place:
        a break just before it is carried to the next pair of sentences
        (``pending``: 2 for the source's, 1 for the target's).
        """
        source_break = self.source_breaks[i] or bool(pending & 2)
        target_break = self.target_breaks[j] or bool(pending & 1)
        if kind == "1-0":
            return 0.0, (2 if source_break else 0) | (pending & 1)
        if kind == "0-1":
            return 0.0, (pending & 2) | (1 if target_break else 0)
        cost = _PARAGRAPH_CROSSED * self._crossed(kind, i, j)
        if source_break != target_break:
            cost += _PARAGRAPH_MISMATCH
        return cost, 0

    def run(self) -> list[tuple[str, int, int]]:
        """The cheapest path as (kind, source start, target start) steps, in order."""
        n, m = len(self.sources), len(self.targets)
        width = max(_BAND, (n + m) // _BAND_SHARE)
        # States are (i, j, pending breaks); each keeps its cost and the step that reached it.
        best: dict[tuple[int, int, int], tuple[float, tuple[str, int, int, int] | None]] = {(0, 0, 0): (0.0, None)}
        for i in range(n + 1):
            for j in range(m + 1):
                if abs(j - i * m / max(n, 1)) > width:
                    continue
                for pending in range(4):
                    here = best.get((i, j, pending))
                    if here is None:
                        continue
                    for kind, di, dj in _MOVES:
                        if i + di > n or j + dj > m:
                            continue
                        extra, after = self._paragraphs(kind, i, j, pending)
                        total = here[0] + self.price(kind, i, j).cost + extra
                        key = (i + di, j + dj, after)
                        if key not in best or total < best[key][0]:
                            best[key] = (total, (kind, i, j, pending))
        end = min((best[(n, m, p)][0], p) for p in range(4) if (n, m, p) in best)[1]
        steps = []
        state = (n, m, end)
        while state != (0, 0, 0):
            step = best[state][1]
            if step is None:  # pragma: no cover - every state but the start was reached by a step
                raise L10nError("the alignment found no path")
            steps.append(step[:3])
            state = (step[1], step[2], step[3])
        return steps[::-1]


def _ratio(source: int, target: int) -> float:
    """The texts' length ratio, within what translations between these languages have.

    Kept within bounds so that a text that is no translation of the article
    (a line, a different story) is not measured as if it were.
    """
    if not source or not target:
        return 1.0
    return min(max(target / source, _LEAST_RATIO), _MOST_RATIO)


def _rounded(score: float) -> float:
    return round(score, 4)


def _breaks(paragraphs: Sequence[int]) -> list[bool]:
    """Whether a paragraph starts before each position (neither end counts)."""
    return [False] + [paragraphs[k] != paragraphs[k - 1] for k in range(1, len(paragraphs))] + [False]


def _beads(search: _Search, steps: Sequence[tuple[str, int, int]]) -> list[Bead]:
    beads = []
    for kind, i, j in steps:
        if kind == "swap":
            for source, target in ((i, j + 1), (i + 1, j)):
                score = _rounded(search.price("1-1", source, target).score)
                beads.append(Bead(BeadKind.ONE_ONE, (source,), (target,), score, swapped=True))
            continue
        di, dj = int(kind[0]), int(kind[2])
        score = search.price(kind, i, j).score if di and dj else 0.0
        beads.append(Bead(BeadKind(kind), tuple(range(i, i + di)), tuple(range(j, j + dj)), _rounded(score)))
    return beads


# --- aligning an article ----------------------------------------------------------


def source_sentences(article: Article) -> list[tuple[Sentence, int]]:
    """The article's messages in order (:attr:`Article.sentences`), each with the index of its paragraph.

    A Markdown title is a paragraph of its own.
    """
    out: list[tuple[Sentence, int]] = []
    if article.title is not None:
        out.append((article.title, 0))
    first = len(out)
    for number, paragraph in enumerate(article.paragraphs, start=first):
        out.extend((sentence, number) for sentence in paragraph.sentences)
    return out


def align(
    article: Article,
    translation: str,
    lang: str,
    *,
    path: Path | str | None = None,
    markdown: bool | None = None,
    fmt: LocaleFormat | None = None,
) -> Alignment:
    """Align a published translation with its source article and propose a msgstr for each message.

    Args:
        article: The source article (:func:`pipeline.store.read_article`).
        translation: The translated file's text: plain text with paragraphs
            separated by blank lines, or Markdown.
        lang: The translation's language, ``ru`` or ``kk``.
        path: The translated file, for error messages (and Markdown by its suffix).
        markdown: Read the translation as Markdown (see :func:`read_translation`).
        fmt: The project's formatter for ``lang``; given, each msgstr is built
            with the msgid's values and compared with the published text
            (:attr:`AlignedMessage.rebuilds`).

    Returns:
        The alignment: a proposal per message, the beads, and the sentences
        the translator added.

    Raises:
        UsageError: If ``lang`` is not Russian or Kazakh.
        SourceError: If the translation is empty, is not in ``lang``, or has
            no sentence that aligns with the article.
    """
    _check_supported(lang)
    if not translation.strip("\ufeff \t\r\n"):
        raise SourceError("the translation is empty", path=path, hint="is this the right file?")
    check_language(translation, lang, path=path)
    sentences = read_translation(translation, lang, path=path, markdown=markdown)
    sources = source_sentences(article)
    if not sources:
        raise SourceError("the article has no text to align", path=article.path)
    search = _Search([_source(s, p) for s, p in sources], [_target(t, lang) for t in sentences])
    beads = _beads(search, search.run())
    _check_alignable(search, beads, article, path)
    messages: list[AlignedMessage | None] = [None] * len(sources)
    for bead in beads:
        for message in _messages(bead, sources, sentences, lang, markdown=article.kind == "markdown"):
            messages[message.index] = message
    added = tuple(sentences[bead.target[0]] for bead in beads if bead.kind is BeadKind.ZERO_ONE)
    proposals = tuple(m for m in messages if m is not None)
    if fmt is not None:
        proposals = tuple(dataclasses.replace(m, rebuilds=_rebuilds(m, fmt)) for m in proposals)
    return Alignment(lang, proposals, tuple(beads), tuple(sentences), added)


def _rebuilds(message: AlignedMessage, fmt: LocaleFormat) -> bool | None:
    """Whether the build writes the published translation from the msgstr (:func:`pipeline.render.write_values`)."""
    if not message.msgstr:
        return None
    template = message.sentence.template
    if not template.placeholders:
        return message.msgstr == message.translation
    from pipeline.errors import PlaceholderError
    from pipeline.render import write_values

    try:
        built = write_values(message.msgstr, template.placeholders, fmt)
    except PlaceholderError:
        return False
    return _WHITESPACE.sub(" ", built) == _WHITESPACE.sub(" ", message.translation)


def _check_alignable(search: _Search, beads: Sequence[Bead], article: Article, path: Path | str | None) -> None:
    """Refuse a translation that pairs nothing: another article's, or no translation at all.

    Values and numbers decide when the article has a few: a translation keeps
    nearly all of them, another story almost none. Otherwise some pair of
    sentences must be better than chance.
    """
    paired = [bead for bead in beads if bead.source and bead.target]
    anchors = sum(len(s.placeholders) + sum(s.digits.values()) for s in search.sources)
    shared = 0
    for bead in paired:
        values, _, _, numbers, _ = _counts(
            [search.sources[i] for i in bead.source], [search.targets[j] for j in bead.target]
        )
        shared += values + numbers
    where = article.path.as_posix()
    if anchors >= _FEW_ANCHORS and shared < _LEAST_SHARED * anchors:
        raise SourceError(
            f"the translation does not match the article {where}: {shared} of its {anchors} values and numbers"
            " are in it",
            path=path,
            hint="is it the translation of this article?",
        )
    if not any(bead.score >= _LEAST_SCORE for bead in paired):
        raise SourceError(
            f"no sentence of the translation aligns with the article {where}",
            path=path,
            hint="is it the translation of this article?",
        )


def _messages(
    bead: Bead,
    sources: Sequence[tuple[Sentence, int]],
    sentences: Sequence[TranslatedSentence],
    lang: str,
    *,
    markdown: bool,
) -> list[AlignedMessage]:
    from pipeline.render import refusal

    translation = " ".join(sentences[j].text for j in sorted(bead.target))
    target = tuple(sorted(bead.target))
    out = []
    for position, index in enumerate(bead.source):
        sentence = sources[index][0]
        if bead.kind is BeadKind.ONE_ZERO:
            out.append(AlignedMessage(index, sentence, bead.kind, Role.WHOLE, bead.score, "", "", ()))
            continue
        role = Role.WHOLE if len(bead.source) == 1 else (Role.FIRST if position == 0 else Role.SECOND)
        if role is Role.SECOND:
            out.append(AlignedMessage(index, sentence, bead.kind, role, bead.score, "", translation, target))
            continue
        template = sentence.template
        templated = to_template(translation, template.placeholders, lang)
        refused = refusal(template.msgid, templated.msgstr, is_format=template.is_format, markdown=markdown)
        out.append(
            AlignedMessage(
                index,
                sentence,
                bead.kind,
                role,
                bead.score,
                templated.msgstr,
                translation,
                target,
                templated.found,
                templated.missing,
                templated.literal,
                bead.swapped,
                refusal=refused,
            )
        )
    return out
