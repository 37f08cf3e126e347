"""All locale formatting, through one object bound to a Babel locale and a house style."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_compact_currency,
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_currency_name,
    parse_pattern,
)

from pipeline.errors import ConfigError
from pipeline.models import DATE_STYLES, DateValue, MoneyValue, NumberValue, PercentValue, Style, Value

_NBSP = "\u00a0"


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
        if self.style.date not in DATE_STYLES:
            try:
                format_skeleton(self.style.date, datetime.date(2024, 6, 27), locale=self.locale)
            except (KeyError, ValueError) as exc:
                raise ConfigError(f"the date skeleton {self.style.date!r} is not usable: {exc}") from None

    def format(self, value: Value) -> str:
        """Format any placeholder value."""
        if isinstance(value, DateValue):
            return self.date(value)
        if isinstance(value, MoneyValue):
            return self.money(value)
        if isinstance(value, PercentValue):
            return self.percent(value)
        return self.number(value)

    def full_date(self, date: datetime.date) -> str:
        """A calendar date in the style's form: ``27 июня 2024 г.`` for CLDR long."""
        if self.style.date in DATE_STYLES:
            return format_date(date, self.style.date, locale=self.locale)
        return format_skeleton(self.style.date, date, locale=self.locale)

    def date(self, value: DateValue) -> str:
        """A date, leaving out what the source left out ("May 2028", "March 3")."""
        if value.year is not None and value.day is not None:
            return self.full_date(datetime.date(value.year, value.month, value.day))
        if value.year is not None:
            return format_skeleton("yMMMM", datetime.date(value.year, value.month, 1), locale=self.locale)
        # The year does not matter for the month-day pattern; 2000 is a leap year.
        return format_skeleton("MMMMd", datetime.date(2000, value.month, value.day or 1), locale=self.locale)

    def money(self, value: MoneyValue) -> str:
        """An amount in the style's currency display."""
        compact = value.compact and self.style.compact
        style = self.style.money
        if style == "symbol" or (style == "word" and value.currency not in self.style.currency_words):
            return self._compact(value.amount, value.currency) if compact else self._full(value.amount, value.currency)
        number = self._compact(value.amount, None) if compact else self._full(value.amount, None)
        if style == "code":
            unit = value.currency
        elif style == "name":
            unit = get_currency_name(value.currency, value.amount, locale=self.locale)
        else:
            unit = self.style.currency_words[value.currency]
        return f"{number}{_NBSP}{unit}"

    def percent(self, value: PercentValue) -> str:
        """A percentage in the locale's pattern (``70 %`` in Russian)."""
        return format_percent(value.value.scaleb(-2), locale=self.locale, decimal_quantization=False)

    def number(self, value: NumberValue) -> str:
        """A number with the locale's separators, compact ("3,4 млн") if written so."""
        if value.compact and self.style.compact:
            return self._compact(value.value, None)
        return self._full(value.value, None)

    def _compact(self, number: Decimal, currency: str | None) -> str:
        """Compact form that keeps every digit the author wrote (never rounds 14.7 to 15)."""
        formats = self.locale.compact_currency_formats if currency else self.locale.compact_decimal_formats
        table = formats["short"]["other"]
        magnitude = max((int(m) for m in table if int(m) <= abs(number)), default=0)
        if magnitude == 0:
            return self._full(number, currency)
        pattern = parse_pattern(table[str(magnitude)]).pattern
        zeros = pattern.count("0")
        if zeros == 0 or pattern == "0":
            # CLDR has no abbreviation at this size ("0" means "as is").
            return self._full(number, currency)
        scaled = number / Decimal(magnitude // 10 ** (zeros - 1))
        digits = max(0, -scaled.normalize().as_tuple().exponent)
        if currency:
            return format_compact_currency(number, currency, locale=self.locale, fraction_digits=digits)
        return format_compact_decimal(number, locale=self.locale, fraction_digits=digits)

    def _full(self, number: Decimal, currency: str | None) -> str:
        digits = max(0, -number.as_tuple().exponent)
        if currency is None:
            return format_decimal(number, locale=self.locale, decimal_quantization=False)
        # The standard currency pattern forces two decimals ("7 500,00 ₸");
        # show exactly the decimals the author wrote instead.
        pattern = copy.copy(parse_pattern(self.locale.currency_formats["standard"]))
        pattern.frac_prec = (digits, digits)
        return pattern.apply(number, self.locale, currency=currency, currency_digits=False)
