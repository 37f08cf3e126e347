"""All locale formatting, through one object bound to a Babel locale and a house style."""

from __future__ import annotations

import contextlib
import copy
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    NumberPattern,
    format_compact_currency,
    format_compact_decimal,
    get_currency_name,
    get_currency_symbol,
    parse_pattern,
)

from pipeline.errors import ConfigError
from pipeline.models import DATE_STYLES, DateValue, Kind, MoneyValue, NumberValue, PercentValue, Style, Value

_NBSP = "\u00a0"
_K = TypeVar("_K")
_V = TypeVar("_V")

_SKELETON = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+(?=%)|(?<=%)[\s\u00a0\u202f]+")
_SAMPLE = datetime.date(2024, 6, 27)


@dataclass(frozen=True, slots=True)
class Inflected:
    """A value written into its sentence.

    Attributes:
        before: The word before the value as it must be written (``со`` for
            ``с`` before ``2 мая``), or the word as it was.
        text: The value in the form the sentence requires, its ending attached.
        consumed: How many characters after the placeholder (the translator's
            ending) ``text`` replaces.
    """

    before: str
    text: str
    consumed: int = 0


class GrammarError(ValueError):
    """A value cannot be made to agree with its sentence by rule (the entry needs review)."""


class LocaleFormat:
    """Formats placeholder values for one locale with CLDR data (like ``babel.support.Format``).

    Dates follow the style's date form (the month-and-year and month-and-day
    skeletons when the source left the day or the year out); money follows the
    style's display; every number keeps the precision the author gave it
    (14.7 billion is never rounded to 15).
    """

    def __init__(self, locale: str, style: Style | None = None) -> None:
        """Bind to ``locale``, a Babel identifier such as ``ru_KZ``, and a house style.

        Raises:
            ConfigError: If Babel does not know the locale or the style's date skeleton.
        """
        try:
            self.locale = Locale.parse(locale)
        except (UnknownLocaleError, ValueError) as exc:
            raise ConfigError(f"Babel does not know the locale {locale!r}: {exc}") from None
        self.style = style or Style()
        self.language = self.locale.language
        # Values are keyed by repr: Decimal("8.0") == Decimal("8"), but they print differently.
        self._formatted: _Memo[str, str] = _Memo()
        self._money: _Memo[tuple[str, str | None], str] = _Memo()
        self._patterns: _Memo[tuple[str, int], NumberPattern] = _Memo(1_000)
        self._units: _Memo[tuple[bool, int], str | None] = _Memo(1_000)
        self._datelines: _Memo[datetime.date, str] = _Memo()
        self._classes: _Memo[tuple[Kind, str], str | None] = _Memo()
        self._categories: _Memo[str, str | None] = _Memo()
        for setting in (self.style.date, self.style.month, self.style.day, self.style.dateline):
            try:
                self._date_as(setting, _SAMPLE)
            except (KeyError, ValueError, AttributeError) as exc:
                raise ConfigError(f"the date format {setting!r} is not usable: {exc}") from None

    def format(self, value: Value) -> str:
        """Format any placeholder value (the same value twice costs one formatting)."""
        return self._formatted.get(repr(value), lambda: self._format(value))

    def _format(self, value: Value) -> str:
        if isinstance(value, DateValue):
            return self.date(value)
        if isinstance(value, MoneyValue):
            return self.money(value)
        if isinstance(value, PercentValue):
            return self.percent(value)
        return self.number(value)

    def _date_as(self, setting: str, date: datetime.date) -> str:
        """``date`` by a CLDR style name, a skeleton (letters only) or a pattern."""
        if setting in DATE_STYLES:
            return format_date(date, setting, locale=self.locale)
        if _SKELETON.fullmatch(setting):
            return format_skeleton(setting, date, locale=self.locale)
        return format_date(date, setting, locale=self.locale)

    def full_date(self, date: datetime.date) -> str:
        """A calendar date in the style's form: ``27 июня 2024 года`` in the house style."""
        return self._date_as(self.style.date, date)

    def dateline(self, date: datetime.date) -> str:
        """The article's own date, as shown above its text."""
        # An archive's articles share few dates, and each is shown in every output of every article.
        return self._datelines.get(date, lambda: self._date_as(self.style.dateline, date))

    def _pattern(self, which: str, digits: int) -> NumberPattern:
        """The locale's ``decimal``, ``percent`` or ``currency`` pattern with exactly ``digits`` decimals.

        Made once per locale, kind and decimals: Babel's pattern look-up and a
        copy per value cost as much as the formatting; ``apply`` never changes
        the pattern it is called on.
        """
        return self._patterns.get((which, digits), lambda: self._pattern_uncached(which, digits))

    def _pattern_uncached(self, which: str, digits: int) -> NumberPattern:
        if which == "decimal":
            base = self.locale.decimal_formats[None]
        elif which == "percent":
            base = self.locale.percent_formats[None]
        else:
            base = parse_pattern(self.locale.currency_formats["standard"])
        pattern = copy.copy(base)
        pattern.frac_prec = (digits, digits)
        return pattern

    def date(self, value: DateValue) -> str:
        """A date, leaving out what the source left out ("May 2028", "March 3")."""
        if value.year is not None and value.day is not None:
            return self.full_date(datetime.date(value.year, value.month, value.day))
        if value.year is not None:
            return self._date_as(self.style.month, datetime.date(value.year, value.month, 1))
        # The year does not matter for the month-day pattern; 2000 is a leap year.
        return self._date_as(self.style.day, datetime.date(2000, value.month, value.day or 1))

    def money(self, value: MoneyValue, case: str | None = None) -> str:
        """An amount in the style's currency display; ``case`` is the Russian case the sentence requires."""
        # A Russian sentence asks for an amount in a case, which format's cache cannot serve; the
        # same amount recurs across an archive's articles and in every output of a build.
        return self._money.get((repr(value), case), lambda: self._money_uncached(value, case))

    def _money_uncached(self, value: MoneyValue, case: str | None) -> str:
        compact = value.compact and self.style.compact
        style = self.style.money
        if style == "symbol" or (style == "word" and value.currency not in self.style.currency_words):
            if compact:
                return self._compact(value.amount, value.currency, value.magnitude)
            return self._full(value.amount, value.currency)
        number = self._compact(value.amount, None, value.magnitude) if compact else self._full(value.amount, None)
        if style == "code":
            unit = value.currency
        elif style == "name":
            unit = get_currency_name(value.currency, value.amount, locale=self.locale)
        else:
            unit = self.style.currency_words[value.currency]
            if self.style.grammar and self.language == "ru":
                from pipeline import russian

                # Only the house words decline; a newsroom's own word ("долл.") is kept as written.
                if unit == russian.currency_lemma(value.currency):
                    with contextlib.suppress(ValueError):  # a number it cannot read: the word as configured
                        unit = russian.currency_word(
                            value.currency, _digits(number), compact=self._abbreviated(value), case=case
                        )
        return f"{number}{_NBSP}{unit}"

    def percent(self, value: PercentValue) -> str:
        """A percentage in the locale's pattern (``70 %`` in Russian), or attached (``70%``)."""
        # The decimals as written: "16.50%" is "16,50 %", "8.0%" is "8,0 %".
        text = self._pattern("percent", _decimals(value.value)).apply(value.value.scaleb(-2), self.locale)
        return _SPACES.sub("", text) if self.style.percent == "attached" else text

    def operand(self, value: Value) -> Decimal | None:
        """The number a sentence agrees with, as printed: 21 for "21 млрд", 14.7 for "14,7 млрд"."""
        if isinstance(value, DateValue):
            return None
        if isinstance(value, PercentValue):
            return value.value
        amount = value.amount if isinstance(value, MoneyValue) else value.value
        scaled = self._scale(amount, None, value.magnitude) if self._abbreviated(value) else None
        if scaled is None:
            return amount  # as written: "100.00" is "100,00"
        if value.magnitude and self._unit(None, value.magnitude):
            return scaled  # at the author's magnitude, as written: "21.0 billion" is "21,0 млрд"
        digits = _decimals(scaled.normalize())
        return scaled.quantize(Decimal(1).scaleb(-digits))

    def _abbreviated(self, value: MoneyValue | NumberValue) -> bool:
        """Whether the value is printed with a magnitude abbreviation («21 млрд»), which nouns follow in the plural."""
        amount = value.amount if isinstance(value, MoneyValue) else value.value
        return value.compact and self.style.compact and self._scale(amount, None, value.magnitude) is not None

    def plural_category(self, value: Value) -> str | None:
        """The CLDR plural category of the number the sentence agrees with (None for a date)."""

        def category() -> str | None:
            number = self.operand(value)
            return None if number is None else self.locale.plural_form(number)

        return self._categories.get(repr(value), category)

    def value_class(self, kind: Kind, value: Value) -> str | None:
        """What the grammar of a translation depends on in this value, for translators and for review.

        Russian: the CLDR plural category of a number. Kazakh: the harmony
        and final sound of the value's last word read aloud. Other languages
        and CLDR's own forms (``grammar = false``): None.
        """
        if not self.style.grammar:
            return None
        return self._classes.get((kind, repr(value)), lambda: self._value_class(value))

    def _value_class(self, value: Value) -> str | None:
        if self.language == "ru":
            return self.plural_category(value)
        if self.language == "kk":
            from pipeline import kazakh

            try:
                return kazakh.sound_class(kazakh.last_word_read_aloud(self.format(value))).label
            except ValueError:
                return None  # a value this module cannot read aloud: its endings go to review at build
        return None

    def in_context(self, value: Value, kind: Kind, before: str, after: str) -> Inflected:
        """``value`` written between ``before`` (the preceding word) and ``after`` (what follows it).

        Russian: a month takes the case of the preposition before it (``в мае
        2028 года``), an amount's currency word agrees with the number and the
        case (``около 91 доллара``), and «с», «к», «в» become «со», «ко», «во»
        where the value is read so. Kazakh: an ending the translator wrote
        after the value (``{percent}-ға``) is chosen by vowel harmony and the
        final sound of the value read aloud, and spelled with a hyphen after
        digits and symbols (``17,2%-ға``, ``мамырда``).

        Raises:
            GrammarError: If the translation glues to the value something this
                language's rules cannot make agree (the entry needs review).
        """
        if not self.style.grammar:
            return Inflected(before, self.format(value))
        try:
            if self.language == "ru":
                return self._russian(value, kind, before, after)
            if self.language == "kk":
                return self._kazakh(value, after, before)
        except GrammarError:
            raise
        except ValueError as exc:
            raise GrammarError(f"no rule makes {self.format(value)!r} agree here: {exc}") from None
        return Inflected(before, self.format(value))

    def _russian(self, value: Value, kind: Kind, before: str, after: str) -> Inflected:
        from pipeline import russian

        if _GLUED.match(after):
            raise GrammarError(f"letters glued to the value ({after[:8]!r}): the build declines the value itself")
        preposition = before.lower()
        case = russian.case_after(preposition, "month" if kind is Kind.MONTH else "amount") if before else None
        if case is None and before and not isinstance(value, DateValue):
            case = russian.case_after_verb(preposition)
        if preposition == "по" and case == "accs" and self.plural_category(value) == "one":
            case = "datv"  # distributive «по» takes the dative with one: по 21 доллару, по 5 долларов
        if kind is Kind.NUMBER and isinstance(value, NumberValue) and (phrase := _PHRASE_AFTER.match(after)):
            magnitude = self._abbreviated(value)
            category = self.plural_category(value) or "other"
            wrong = russian.counted_phrase_problem(phrase.group(0).split(), category, magnitude=magnitude)
            if wrong:
                shown = self.format(value).replace(_NBSP, " ")
                rule = (
                    "after млн, млрд it must be genitive plural"
                    if magnitude
                    else f"it cannot agree with a number of the CLDR category {category!r}"
                )
                raise GrammarError(
                    f"«{wrong}» after «{shown}»: {rule}; write the form for this value in its plural form, or an"
                    " abbreviation that fits every value"
                )
        if isinstance(value, DateValue) and kind is Kind.MONTH and case and case != "nomn":
            text = self.date(value)
            month = _SAMPLE.replace(month=value.month)
            nominative = format_date(month, "LLLL", locale=self.locale)
            if text.startswith(nominative):
                inflected = russian.month_year(value.month, value.year or 2000, case).split(" ")[0]
                text = inflected + text[len(nominative) :]
        elif isinstance(value, MoneyValue):
            text = self.money(value, case)
        else:
            text = self.format(value)
        if before and case:
            before = russian.preposition_form(before, text, case)
        return Inflected(before, text)

    def _kazakh(self, value: Value, after: str, before: str) -> Inflected:
        from pipeline import kazakh

        text = self.format(value)
        m = _ENDING.match(after)
        if m is None:
            if _GLUED.match(after):
                raise GrammarError(f"letters glued to the value ({after[:8]!r}): write its ending after a hyphen")
            return Inflected(before, text)
        if kazakh.parse_ending(m.group(1)) is None:
            raise GrammarError(f"-{m.group(1)} after the value is not a Kazakh case ending this build knows")
        try:
            return Inflected(before, kazakh.attach(text, m.group(1)), m.end())
        except ValueError as exc:
            raise GrammarError(f"cannot choose the ending -{m.group(1)} for {text!r}: {exc}") from None

    def number(self, value: NumberValue) -> str:
        """A number with the locale's separators, compact ("3,4 млн") if written so."""
        if value.compact and self.style.compact:
            return self._compact(value.value, None, value.magnitude)
        return self._full(value.value, None)

    def _unit(self, currency: str | None, magnitude: int) -> str | None:
        """The locale's compact pattern for exactly 10**magnitude ("0 млн"), if it has one with digits."""
        # Which currency does not matter: its symbol is put in later.
        return self._units.get((bool(currency), magnitude), lambda: self._unit_uncached(currency, magnitude))

    def _unit_uncached(self, currency: str | None, magnitude: int) -> str | None:
        formats = self.locale.compact_currency_formats if currency else self.locale.compact_decimal_formats
        found = formats["short"]["other"].get(str(10**magnitude)) if magnitude else None
        pattern = parse_pattern(found).pattern if found is not None else ""
        return pattern if "0" in pattern and pattern.strip("0") else None

    def _compact(self, number: Decimal, currency: str | None, magnitude: int = 0) -> str:
        """Compact form that keeps every digit the author wrote (never rounds 14.7 to 15).

        At the author's own magnitude when the locale abbreviates it
        ("284,700 million" is "284 700 млн", "21.0 billion" "21,0 млрд").
        """
        unit = self._unit(currency, magnitude)
        if unit is not None:
            mantissa = number.scaleb(-magnitude)
            plain = self._pattern("decimal", _decimals(mantissa))
            text = re.sub("0+", lambda _: plain.apply(mantissa, self.locale), unit, count=1)
            if currency:
                text = text.replace("¤", get_currency_symbol(currency, locale=self.locale))
            return text.replace("'", "")
        scaled = self._scale(number, currency)
        if scaled is None:
            return self._full(number, currency)
        digits = _decimals(scaled.normalize())
        if currency:
            return format_compact_currency(number, currency, locale=self.locale, fraction_digits=digits)
        return format_compact_decimal(number, locale=self.locale, fraction_digits=digits)

    def _scale(self, number: Decimal, currency: str | None, magnitude: int = 0) -> Decimal | None:
        """The number as its compact form prints it (14.7 for 14,700,000,000: "14,7 млрд"), or None if it has none."""
        if self._unit(currency, magnitude):
            return number.scaleb(-magnitude)
        formats = self.locale.compact_currency_formats if currency else self.locale.compact_decimal_formats
        table = formats["short"]["other"]
        magnitude = max((int(m) for m in table if int(m) <= abs(number)), default=0)
        if magnitude == 0:
            return None
        pattern = parse_pattern(table[str(magnitude)]).pattern
        zeros = pattern.count("0")
        if zeros == 0 or pattern == "0":
            return None  # CLDR has no abbreviation at this size ("0" means "as is")
        return number / Decimal(magnitude // 10 ** (zeros - 1))

    def _full(self, number: Decimal, currency: str | None) -> str:
        digits = _decimals(number)
        if currency is None:
            # The decimals as written: "8.0" is "8,0".
            return self._pattern("decimal", digits).apply(number, self.locale)
        # The standard currency pattern forces two decimals ("7 500,00 ₸");
        # show exactly the decimals the author wrote instead.
        return self._pattern("currency", digits).apply(number, self.locale, currency=currency, currency_digits=False)


class _Memo(Generic[_K, _V]):
    """Answers kept by key, all forgotten at once past ``limit``: a bound on memory over a whole archive."""

    def __init__(self, limit: int = 10_000) -> None:
        self._found: dict[_K, _V] = {}
        self._limit = limit

    def get(self, key: _K, make: Callable[[], _V]) -> _V:
        """The answer for ``key``, made by ``make`` the first time (an answer may be None)."""
        found = self._found
        if key in found:
            return found[key]
        if len(found) > self._limit:
            found.clear()
        value = found[key] = make()
        return value


def _decimals(number: Decimal) -> int:
    """How many decimals ``number`` was written with."""
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def class_change_matters(lang: str, name: str, was: str, now: str, msgstr: str) -> bool:
    """Whether a value's plural category changing from ``was`` to ``now`` can make ``msgstr`` wrong.

    Russian: a change to or from "one" changes the agreement of verbs and
    adjectives (``направлен 21 млрд``, ``направлено 25 млрд``); between
    "few", "many" and "other" verbs agree alike (neuter singular), and only
    a noun right after a number changes (``2 450 000 тонн``, ``2 450 002
    тонны``). A money amount's own currency word is the build's to decline.
    Other languages: any change matters.
    """
    if was == now:
        return False
    if lang != "ru":
        return True
    if "one" in (was, now):
        return True
    from pipeline import russian

    after = re.search(r"\{" + re.escape(name) + r"\}[ \u00a0]+([^\W\d_]+)", msgstr)
    return after is not None and name.split("_")[0] == "number" and russian.agrees_with_number(after.group(1))


_ENDING = re.compile(r"-([^\W\d_]+)")
_GLUED = re.compile(r"[^\W\d_]")
# The words right after a value, up to punctuation: a counted noun and its adjectives.
_PHRASE_AFTER = re.compile(r"(?:[ \u00a0]+[^\W\d_]+){1,4}")


_NUMBER_PART = re.compile(r"^[\d\u00a0\u202f ,.]*\d")


def _digits(text: str) -> str:
    """The number at the start of a formatted amount ("14,7" of "14,7 млрд")."""
    m = _NUMBER_PART.match(text)
    return m.group(0) if m else text
