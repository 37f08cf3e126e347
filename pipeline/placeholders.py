"""Finding locale-sensitive values in English source sentences.

Dates, money, percentages and numbers whose spelling differs by locale become
named python-brace-format placeholders; everything else (years alone, ranges,
model names such as "Soyuz-5") stays literal. A value is recognised only when
it can be read with certainty: "5,1 per cent" is left alone.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from decimal import Decimal

from pipeline.models import (
    DateValue,
    Kind,
    MoneyValue,
    NumberValue,
    PercentValue,
    Placeholder,
    Template,
    Value,
)

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d\d)"

# A number as English copy writes it: thousands groups with commas, a decimal point.
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MAGNITUDES = {
    "thousand": 3, "k": 3, "million": 6, "mln": 6, "mn": 6, "m": 6,
    "billion": 9, "bln": 9, "bn": 9, "b": 9, "trillion": 12, "trln": 12, "tn": 12,
}  # fmt: skip
_MAG_WORD = r"(?:\s(?P<mag>thousand|million|billion|trillion|mln|bln|bn|trln|tn))"
_MAG_ANY = r"(?:\s?(?P<mag>thousand|million|billion|trillion|mln|bln|bn|trln|tn|mn|m|b|k)\b)"
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₸": "KZT", "₽": "RUB", "¥": "JPY", "Tg": "KZT"}
_CODES = (
    "KZT", "USD", "EUR", "RUB", "GBP", "CNY", "JPY", "CHF", "AED", "TRY", "UZS", "KGS", "INR", "SAR", "KRW",
)  # fmt: skip
_CURRENCY_WORDS = {
    "tenge": "KZT", "dollar": "USD", "dollars": "USD", "US dollars": "USD",
    "euro": "EUR", "euros": "EUR", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
    "roubles": "RUB", "pounds": "GBP", "yuan": "CNY", "yen": "JPY", "dirhams": "AED", "dirham": "AED",
}  # fmt: skip

# Edges: a value is not part of a longer token ("Soyuz-5", "MS-26", "1.2.3",
# a range "6-8", "5,1" typed with a decimal comma). A minus sign belongs to the
# value when it starts a token ("-3.4%", "(−2.1%)"), not after a word ("COVID-19").
_BEFORE = r"(?<![\w.,\-–—/+−])"
_SIGNED = r"(?:(?<![\w.,\-–—/+−])(?P<sign>[-−])|" + _BEFORE + ")"
_AFTER = r"(?![\w]|[.,]\d|[-–—]\d)"
# A month name that ends a range ("January-September 2025") is no date of its own.
_NOT_RANGE_END = r"(?<![-–—/])"

_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.DATE, re.compile(_BEFORE + r"(?P<year>\d{4})-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])" + _AFTER)),
    (Kind.DATE, re.compile(_NOT_RANGE_END + r"\b" + _MONTH + r"\s" + _DAY + r"(?:,?\s" + _YEAR + r")?" + _AFTER)),
    (Kind.DATE, re.compile(_BEFORE + _DAY + r"\s" + _MONTH + r"(?:,?\s" + _YEAR + r")?" + _AFTER)),
    (Kind.DATE, re.compile(_NOT_RANGE_END + r"\b" + _MONTH + r",?\s" + _YEAR + _AFTER)),
    (
        Kind.AMOUNT,
        re.compile(r"(?<![\w$])(?P<sign>[-−])?(?P<sym>US\$|\$|€|£|₸|₽|¥|Tg\b)\s?" + _NUM + _MAG_ANY + "?" + _AFTER),
    ),
    (
        Kind.AMOUNT,
        re.compile(r"\b(?P<code>" + "|".join(_CODES) + r")\s?" + _NUM + _MAG_ANY + "?" + _AFTER),
    ),
    (
        Kind.AMOUNT,
        re.compile(
            _SIGNED + _NUM + r"(?:" + _MAG_WORD + r"|(?P<mag2>bln|bn|mln|trln|tn|k|m))?\s(?P<cur>"
            + "|".join(sorted(_CURRENCY_WORDS, key=len, reverse=True)) + "|" + "|".join(_CODES) + r")\b"
        ),
    ),
    (Kind.PERCENT, re.compile(_SIGNED + _NUM + r"(?:\s?%|\s(?:percent|per\scent)\b)")),
    (
        Kind.NUMBER,
        re.compile(
            _SIGNED
            + r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+"
            + r"|\d+(?=\s(?:thousand|million|billion|trillion)\b))"
            + _MAG_WORD + "?" + _AFTER
        ),
    ),
)  # fmt: skip


# What every match of each of _PATTERNS holds, in their order: a search for a few letters costs far
# less than a pattern whose lookbehind is tried at every position, and most sentences with a digit
# hold only a year or a count. A gate is only ever a necessary condition (tested against the patterns).
_MONTH_NAME = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_SYMBOL = re.compile("[$€£₸₽¥]|Tg")
_CODE = re.compile("|".join(_CODES))
_CURRENCY = re.compile("|".join(_CURRENCY_WORDS) + "|" + "|".join(_CODES))
_NUMBER_SHAPE = re.compile(r"\d[.,]\d|\d\s(?:thousand|million|billion|trillion)")
# A day no month has as many of: what every impossible date's day is written with.
_LATE_DAY = re.compile("29|3[01]")


def _open_patterns(sentence: str) -> tuple[bool, ...]:
    """Which of _PATTERNS may match ``sentence`` (False: it cannot)."""
    month = _MONTH_NAME.search(sentence) is not None
    currency = _CURRENCY.search(sentence) is not None
    return (
        "-" in sentence,
        month,
        month,
        month,
        _SYMBOL.search(sentence) is not None,
        currency and _CODE.search(sentence) is not None,
        currency,
        "%" in sentence or "per" in sentence,
        _NUMBER_SHAPE.search(sentence) is not None,
    )


def extract_template(sentence: str, protected: list[tuple[int, int]] | tuple = ()) -> Template:
    """Replace the locale-sensitive values of ``sentence`` by named placeholders.

    Args:
        sentence: One source sentence as written.
        protected: Ranges of the sentence that are never values (Markdown
            code spans and link destinations).

    Returns:
        The msgid and its placeholders. Without placeholders the msgid is the
        sentence unchanged; with them, literal braces are doubled so that the
        msgid is a valid python-brace-format string.
    """
    found = [f for f in _find_values(sentence) if not any(a < f[1].end() and f[1].start() < b for a, b in protected)]
    if not found:
        return Template(msgid=sentence)
    totals = Counter(kind for kind, _, _ in found)
    seen: Counter[Kind] = Counter()
    placeholders = []
    out = []
    pos = 0
    for kind, match, value in found:
        seen[kind] += 1
        name = kind.value if totals[kind] == 1 else f"{kind.value}_{seen[kind]}"
        out.append(_escape_braces(sentence[pos : match.start()]))
        out.append("{" + name + "}")
        placeholders.append(Placeholder(name=name, kind=kind, source=match.group(0), value=value))
        pos = match.end()
    out.append(_escape_braces(sentence[pos:]))
    return Template(msgid="".join(out), placeholders=tuple(placeholders))


def _escape_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


_DIGIT = re.compile(r"\d")

# A decimal that is no quantity: a time ("7.30 a.m."), a reference ("paragraph 2.3",
# "Article 12.1"), a name or version ("Industry 4.0", "Web 3.0").
_TIME_AFTER = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b|hrs\b|hours\b|h\b|GMT\b|UTC\b|local time\b)", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:paragraph|para|article|art|clause|section|sec|item|point|chapter|part|rule|annex|appendix|"
    r"table|figure|fig|version|v|no|number|step|stage|phase|level|grade|class|pp?)\.?\s*)$",
    re.IGNORECASE,
)
_NAME_BEFORE = re.compile(r"(?:^|\s)(?:[A-Z][A-Za-z]*|[A-Z]{2,})\s$")


def _find_values(sentence: str, *, gated: bool = True) -> list[tuple[Kind, re.Match[str], Value]]:
    """Every value in the sentence: leftmost first, the longest reading where they overlap.

    ``gated=False`` tries every pattern, for the tests of :func:`_open_patterns`.
    """
    if _DIGIT.search(sentence) is None:
        return []  # every value has a digit, and many sentences have none
    candidates = []
    tried = _open_patterns(sentence) if gated else (True,) * len(_PATTERNS)
    for order, (kind, pattern) in enumerate(_PATTERNS):
        if not tried[order]:
            continue
        for m in pattern.finditer(sentence):
            if kind is Kind.NUMBER and _not_a_quantity(sentence, m):
                continue
            value = _value(kind, m)
            if value is not None:
                candidates.append((m.start(), -(m.end() - m.start()), order, _granularity(kind, value), m, value))
    candidates.sort(key=lambda c: c[:3])
    chosen = []
    end = 0
    for start, _, _, kind, m, value in candidates:
        if start >= end:
            chosen.append((kind, m, value))
            end = m.end()
    return chosen


def _not_a_quantity(sentence: str, m: re.Match[str]) -> bool:
    """Whether a decimal number is a time, a reference or part of a name, to be kept as written."""
    before, after = sentence[: m.start()], sentence[m.end() :]
    if _TIME_AFTER.match(after) or _REFERENCE_BEFORE.search(before):
        return True
    # "Industry 4.0", "Web 3.0": a short decimal right after a capitalised word.
    number = m.group("num")
    return "." in number and len(number.split(".")[0]) <= 2 and _NAME_BEFORE.search(before) is not None


def _granularity(kind: Kind, value: Value) -> Kind:
    """A date's kind by what the author wrote: full date, month of a year, or day of a month."""
    if isinstance(value, DateValue):
        if value.day is None:
            return Kind.MONTH
        if value.year is None:
            return Kind.DAY
    return kind


def _decimal(m: re.Match[str]) -> Decimal:
    return Decimal(m.group("num").replace(",", ""))


def _magnitude(m: re.Match[str]) -> int:
    groups = m.groupdict()
    word = groups.get("mag") or groups.get("mag2")
    return _MAGNITUDES[word.lower()] if word else 0


def _value(kind: Kind, m: re.Match[str]) -> Value | None:
    groups = m.groupdict()
    if kind is Kind.DATE:
        month = int(groups["mon"]) if "mon" in groups else _MONTHS[groups["month"].rstrip(".").lower()]
        year = int(groups["year"]) if groups.get("year") else None
        day = int(groups["day"]) if groups.get("day") else None
        if day is None and year is None:
            return None
        if day is not None and not _on_the_calendar(year, month, day):
            return None  # "February 30": no date, so no placeholder (extract warns about it)
        return DateValue(year=year, month=month, day=day)
    sign = -1 if groups.get("sign") else 1
    if kind is Kind.PERCENT:
        return PercentValue(sign * _decimal(m))
    exponent = _magnitude(m)
    amount = (sign * _decimal(m)).scaleb(exponent)
    if kind is Kind.NUMBER:
        return NumberValue(amount, compact=bool(exponent), magnitude=exponent)
    if groups.get("sym"):
        currency = _SYMBOLS[groups["sym"]]
    elif groups.get("code"):
        currency = groups["code"]
    else:
        cur = groups["cur"]
        currency = _CURRENCY_WORDS.get(cur, cur)
    return MoneyValue(amount, currency, compact=bool(exponent), magnitude=exponent)


def _on_the_calendar(year: int | None, month: int, day: int) -> bool:
    # Without a year, February 29 is a date (2000 was a leap year).
    try:
        datetime.date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def impossible_dates(sentence: str) -> list[str]:
    """The texts of ``sentence`` written as dates that no calendar has ("February 30, 2025")."""
    return _impossible_dates(sentence) if _LATE_DAY.search(sentence) else []


def _impossible_dates(sentence: str) -> list[str]:
    """:func:`impossible_dates` without its fast path (tested to agree)."""
    found = []
    for kind, pattern in _PATTERNS:
        if kind is not Kind.DATE:
            continue
        for m in pattern.finditer(sentence):
            groups = m.groupdict()
            if not groups.get("day"):
                continue
            month = int(groups["mon"]) if "mon" in groups else _MONTHS[groups["month"].rstrip(".").lower()]
            year = int(groups["year"]) if groups.get("year") else None
            if not _on_the_calendar(year, month, int(groups["day"])) and m.group(0) not in found:
                found.append(m.group(0))
    return found
