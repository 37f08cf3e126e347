"""Russian values that agree with the sentence they sit in, as Kazakhstani press (Kazinform) writes them.

A Russian translation says ``Работы завершатся к {month}.``; the value filled in
must take the case the preposition governs (``к марту 2025 года``), and the
preposition itself must take the form it has when the value is read aloud
(``со 100 долларов``: *со ста*; ``ко 2 марта``: *ко второму*).

Words are inflected with pymorphy3 (OpenCorpora's dictionary); plural
categories come from Babel's CLDR data. pymorphy3 loads its dictionary on first
use, so importing this module stays cheap.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from babel import Locale

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

#: The cases this module deals in, as pymorphy3 names them.
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

_KINDS = ("month", "amount")

# What each preposition governs before a month and before an amount. «в» is
# the one that differs: a point in time is prepositional (в мае), a measure is
# accusative (оценили в 5 долларов).
_GOVERNING: tuple[tuple[str, tuple[str | None, str | None]], ...] = (
    # «с» also means "with" (ablt), which cannot be told from "since"/"from"
    # without parsing the sentence; before a date or an amount "from" is far
    # more common.
    (
        "с со до после около от из из-за для без у вокруг кроме вместо среди против накануне свыше сверх",
        ("gent", "gent"),
    ),
    ("к ко благодаря согласно вопреки", ("datv", "datv")),
    # «по» with a time limit is accusative («по май 2028 года включительно»);
    # distributive «по» is too (по 5 долларов), except with «один», which a
    # single grammeme cannot express. «под» before a date or an amount is the
    # temporal or rate sense, which is accusative (под Новый год, под 12
    # процентов), never "beneath" (ablt).
    ("на за через про по под", ("accs", "accs")),
    ("в во", ("loct", "accs")),
    ("о об обо при", ("loct", "loct")),
    ("между над перед", ("ablt", "ablt")),
    # Not prepositions, but they stand right before an amount in news copy and
    # govern the genitive (более 21 доллара); a month never follows them.
    ("более менее больше меньше порядка", (None, "gent")),
)
_GOVERNS = {word: cases for words, cases in _GOVERNING for word in words.split()}

# Each preposition with a spoken variant, by any of its forms: the plain form
# first, then the longer ones.
_FAMILIES = {word: family for family in (("с", "со"), ("к", "ко"), ("в", "во"), ("о", "об", "обо")) for word in family}

_CURRENCY_LEMMAS = {
    "KZT": "тенге", "USD": "доллар", "EUR": "евро", "RUB": "рубль", "GBP": "фунт", "CNY": "юань",
    "JPY": "иена", "AED": "дирхам", "CHF": "франк", "TRY": "лира", "KGS": "сом", "INR": "рупия",
    "SAR": "риял", "KRW": "вона",
}  # fmt: skip

# OpenCorpora marks «евро» indeclinable (Fixd) but does not know «тенге» and
# reads it as the prepositional of a made-up «тенг»; both never decline.
_INDECLINABLE = frozenset({"тенге", "евро"})

# Russian press leaves «ё» out (it is optional in the orthography), while
# OpenCorpora's forms have it (январём, рублём).
_NO_YO = str.maketrans("ёЁ", "еЕ")

# «Об» goes before a vowel sound; е, ё, ю, я begin with [j] (о Европе).
_OB_VOWELS = frozenset("аоуэиы")
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")

_SPACES = "\u0020\u00a0\u202f\u2009"
_MINUS = "-\u2212"
_NUMBER = re.compile(rf"[{_MINUS}]?\d+(?:[{_SPACES}]\d{{3}})*(?:[,.]\d+)?")
# A number at the start of a value: digit groups only count as such when a
# group of exactly three digits follows (2 000, not the 27 of 27 июня).
_LEADING_NUMBER = re.compile(
    rf"(?P<minus>[{_MINUS}])?(?P<int>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?!\d)|\d+)(?:[,.](?P<frac>\d+))?"
)
_LEADING_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

# Number names, needed only for their first word; pymorphy3 inflects them but
# does not spell numbers.
_UNITS = ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_TEENS = (
    "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать"
).split()
_TENS = ("", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто")
_HUNDREDS = ("", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот")
_SCALES = ("тысяча", "миллион", "миллиард", "триллион", "квадриллион")
_NOUN_NUMERALS = frozenset({"ноль", *_SCALES})
_ORDINALS_TO_20 = (
    "первый второй третий четвёртый пятый шестой седьмой восьмой девятый десятый"
    " одиннадцатый двенадцатый тринадцатый четырнадцатый пятнадцатый шестнадцатый"
    " семнадцатый восемнадцатый девятнадцатый двадцатый"
).split()
_DAY_ORDINALS = {**dict(enumerate(_ORDINALS_TO_20, start=1)), 30: "тридцатый"}


def plural_category(number: Decimal | str) -> str:
    """The CLDR plural category of ``number`` in Russian.

    Args:
        number: A Decimal, or the number as printed (``"14,7"``, ``"2 450 001"``,
            ``"21"``). Visible fraction digits count, as in CLDR: ``"1,0"`` is
            ``"other"``.

    Returns:
        ``"one"``, ``"few"``, ``"many"`` or ``"other"`` (any decimal fraction).

    Raises:
        ValueError: If ``number`` is a string that is not a number.
    """
    value = _parse_number(number) if isinstance(number, str) else Decimal(number)
    return _ru().plural_form(value)


def case_after(preposition: str, kind: str) -> str | None:
    """The case a preposition governs in a month or an amount that follows it.

    Args:
        preposition: The word right before the value, in any letter case.
        kind: ``"month"`` (a month and year) or ``"amount"`` (money or a number).

    Returns:
        A pymorphy3 case grammeme (``"gent"``, ``"datv"``, ``"accs"``, ``"loct"``
        or ``"ablt"``), or None if this module does not know the word; the
        caller then keeps the nominative.

    Raises:
        ValueError: If ``kind`` is not ``"month"`` or ``"amount"``.
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'month' or 'amount', not {kind!r}")
    cases = _GOVERNS.get(preposition.strip().lower().translate(_NO_YO))
    if cases is None:
        return None
    return cases[_KINDS.index(kind)]


def month_year(month: int, year: int, case: str | None) -> str:
    """A month and year in the given case: ``мае 2028 года``.

    Only the month declines; the year is the genitive «2028 года» in every
    case, as the press writes it (в мае 2028 года, к марту 2025 года).

    Args:
        month: 1 to 12.
        year: The year, printed without separators.
        case: A case grammeme, or None for the nominative.

    Raises:
        ValueError: If ``month`` or ``case`` is out of range.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, not {month!r}")
    _check_case(case)
    lemma = _ru().months["stand-alone"]["wide"][month]
    word = lemma if case in (None, "nomn") else _inflect(lemma, "NOUN", {case, "sing"})
    return f"{word} {year} года"


def currency_lemma(code: str) -> str | None:
    """The house word for an ISO currency code in its dictionary form («доллар»), or None."""
    return _CURRENCY_LEMMAS.get(code.upper())


def currency_word(code: str, number: str, *, compact: bool, case: str | None) -> str:
    """The currency's name in the form the number and the case call for.

    Tenge and euro never decline. After a magnitude abbreviation («млн»,
    «млрд») the name is genitive plural whatever the case, because it depends
    on the abbreviated noun (91 млн долларов, к 1 млн рублей); so it is after
    0 and round thousands, which end in a noun (к 1 000 долларов). Otherwise it
    agrees with the number: ``1 доллар``, ``2 доллара``, ``5 долларов``,
    ``к 21 доллару``; a decimal fraction takes the genitive singular in every
    case (``1,5 доллара``, ``около 0,5 доллара``).

    Args:
        code: An ISO 4217 code: KZT, USD, EUR, RUB, GBP or CNY.
        number: The number as printed: ``"91"``, ``"1,5"``, ``"2 450 001"``.
        compact: Whether the number is followed by a magnitude abbreviation.
        case: A case grammeme, or None for the nominative.

    Returns:
        The word alone, such as ``"доллара"`` for (``"USD"``, ``"91"``, gent).

    Raises:
        ValueError: If the code, the number or the case is not one this module knows.
    """
    lemma = _CURRENCY_LEMMAS.get(code.upper())
    if lemma is None:
        raise ValueError(f"no Russian name for the currency {code!r}; known: {', '.join(_CURRENCY_LEMMAS)}")
    value = _parse_number(number)
    _check_case(case)
    if lemma in _INDECLINABLE:
        return lemma
    if compact:
        return _inflect(lemma, "NOUN", {"gent", "plur"})
    # A decimal fraction is read «… целых … десятых», which governs the
    # genitive singular; a visible ",0" counts, as it does for CLDR.
    if "," in number or "." in number:
        return _inflect(lemma, "NOUN", {"gent", "sing"})
    # A number that ends in a noun (ноль, тысяча, миллион…: 0, 1 000, 2 000 000)
    # governs the genitive plural in every case, as the abbreviated noun does:
    # к 1 000 долларов (к тысяче долларов).
    if value % 1000 == 0:
        return _inflect(lemma, "NOUN", {"gent", "plur"})
    parse = _lexeme(lemma, "NOUN")
    inflected = parse.inflect({case or "nomn", "sing"})
    if inflected is None:  # pragma: no cover - every lemma above has all cases
        raise ValueError(f"pymorphy3 cannot put {lemma!r} in the case {case!r}")
    # pymorphy3 applies the agreement rules: 1/21 → case singular; in the
    # nominative and accusative 2–4 → genitive singular, 5–20 and 11–14 →
    # genitive plural; in the other cases anything but 1/21 → case plural.
    agreed = inflected.make_agree_with_number(abs(int(value)))
    return _press(agreed.word if agreed is not None else inflected.word)


def preposition_form(preposition: str, value: str, case: str | None) -> str:
    """The preposition in the form it takes before ``value`` read aloud.

    «с/со», «к/ко», «в/во» and «о/об/обо» are chosen from the first word of the
    value as spoken in ``case``: ``со 100 долларов`` (со ста), ``с 200`` (с
    двухсот), ``со 2 мая`` (со второго), ``ко 2 марта`` (ко второму), ``об 11
    долларах`` (об одиннадцати), ``во вторник``. Any other word is returned as
    it is.

    Args:
        preposition: The preposition as written, in any of its forms; its
            capitalisation is kept (``"С"`` → ``"Со"``).
        value: The formatted value that follows it.
        case: The case the value is in (see :func:`case_after`), or None for
            the nominative.

    Raises:
        ValueError: If ``case`` is not a case grammeme.
    """
    _check_case(case)
    family = _FAMILIES.get(preposition.lower())
    if family is None:
        return preposition
    word = _spoken_head(value, case)
    form = _choose(family, word) if word else family[0]
    return _match_capitals(form, preposition)


# Verbs that govern the genitive of an amount after them (достигла 21 доллара), by lemma.
_GENITIVE_VERBS = frozenset({"достигнуть", "достичь", "лишиться", "недоставать", "недосчитаться"})


def case_after_verb(word: str) -> str | None:
    """The case a verb right before an amount governs, where that is certain (``достигла`` → gent).

    Most verbs before an amount take it in the accusative, which for an
    inanimate amount is the nominative form the caller assumes; only the few
    verbs listed govern another case.
    """
    for parse in _parses(word.lower()):
        if parse.tag.POS in ("VERB", "INFN", "PRTF", "PRTS", "GRND") and parse.normal_form in _GENITIVE_VERBS:
            return "gent"
    return None


def is_genitive_plural(word: str) -> bool:
    """Whether ``word`` can be read as a genitive plural noun (тонн, долларов, гектаров)."""
    return any(p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.number == "plur" for p in _parses(word.lower()))


def counted_phrase_problem(words: list[str], category: str, *, magnitude: bool) -> str | None:
    """The first word after a number that cannot agree with it in any case, or None.

    ``words`` follow the number in the sentence; adjectives are read up to
    the first noun. Only what no case allows is caught: after «млн», «млрд»
    (``magnitude``) anything but the genitive plural («21 млн новых вагонов»);
    after a number of the category "one" (1, 21, 21 001) a plural («21 001
    тонна», never «тонн»); after any other number a nominative singular
    («5 тонн», never «5 тонна»). Abbreviations and indeclinable words agree
    with anything.
    """
    for word in words:
        parses = [p for p in _parses(word.lower()) if p.is_known and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        if not parses or any("Fixd" in p.tag or "Abbr" in p.tag for p in parses):
            return None
        if magnitude:
            fits = any(p.tag.case == "gent" and p.tag.number == "plur" for p in parses)
        elif category == "one":
            fits = any(p.tag.number == "sing" for p in parses)
        else:
            fits = any(not (p.tag.case == "nomn" and p.tag.number == "sing") for p in parses)
        if not fits:
            return word
        if not any(p.tag.POS in ("ADJF", "PRTF") for p in parses):
            return None  # the phrase ends with its noun («новых» can be read as a noun too, but goes on)
    return None


def agrees_with_number(word: str) -> bool:
    """Whether ``word``, written right after a number, would change with it (``тонн``, ``тонна``, ``тонну``).

    True for a declinable noun in a form a numeral governs (nominative or
    accusative singular, genitive singular or plural) whose forms differ
    between 1, 2 and 5; abbreviations (``т``, ``км``, ``га``) and
    indeclinable nouns never change. A word pymorphy3 only guesses at counts
    as not a noun, so unknown names are not flagged.
    """
    for parse in _parses(word.lower()):
        tag = parse.tag
        if tag.POS != "NOUN" or "Fixd" in tag or "Abbr" in tag or not parse.is_known:
            continue
        if (tag.case, tag.number) not in {("nomn", "sing"), ("accs", "sing"), ("gent", "sing"), ("gent", "plur")}:
            continue
        forms = {agreed.word for n in (1, 2, 5) if (agreed := parse.make_agree_with_number(n)) is not None}
        if len(forms) > 1:
            return True
    return False


# --- internals --------------------------------------------------------------------------------------------------------


@functools.cache
def _morph() -> MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=16_384)
def _parses(word: str) -> tuple[Parse, ...]:
    # A sentence's words repeat across an archive (prepositions, verbs, units), and each
    # analysis walks pymorphy3's dictionary: one per distinct word and process.
    return tuple(_morph().parse(word))


@functools.cache
def _ru() -> Locale:
    return Locale("ru")


@functools.cache
def _lexeme(lemma: str, pos: str) -> Parse:
    """The pymorphy3 analysis of ``lemma`` as the part of speech ``pos``.

    A word form can belong to several lexemes (сто is also an abbreviation,
    три a form of тереть); the one wanted is the one whose lemma is the word.
    """
    plain = lemma.translate(_NO_YO)
    candidates = [p for p in _parses(lemma) if pos == p.tag.POS and p.normal_form.translate(_NO_YO) == plain]
    if not candidates:
        raise ValueError(f"pymorphy3 does not know {lemma!r} as {pos}")
    # Prefer a declinable reading: сто is also a fixed abbreviation (СТО).
    return next((p for p in candidates if "Fixd" not in p.tag), candidates[0])


def _inflect(lemma: str, pos: str, grammemes: set[str]) -> str:
    inflected = _lexeme(lemma, pos).inflect(grammemes)
    if inflected is None:
        raise ValueError(f"pymorphy3 has no form {sorted(grammemes)} of {lemma!r}")
    return _press(inflected.word)


def _press(word: str) -> str:
    return word.translate(_NO_YO)


def _check_case(case: str | None) -> None:
    if case is not None and case not in CASES:
        raise ValueError(f"case must be one of {', '.join(CASES)} or None, not {case!r}")


def _parse_number(text: str) -> Decimal:
    stripped = text.strip()
    if not _NUMBER.fullmatch(stripped):
        raise ValueError(f"not a number as Russian prints it: {text!r}")
    plain = re.sub(f"[{_SPACES}]", "", stripped).replace(",", ".").replace("\u2212", "-")
    try:
        return Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"not a number: {text!r}") from None


@functools.cache
def _genitive_months() -> re.Pattern[str]:
    names = "|".join(_ru().months["format"]["wide"][m] for m in range(1, 13))
    return re.compile(rf"[{_SPACES}]+(?:{names})(?!\w)", re.IGNORECASE)


def _spoken_head(value: str, case: str | None) -> str:
    """The first word of ``value`` as spoken in ``case``, in lower case; empty if none.

    Digits are read as numbers (a day before a month name as an ordinal:
    2 мая is *второе мая*); a leading word is taken as written, because a
    month or a weekday keeps its first letters in every case.
    """
    # Currency signs, quotes and brackets are not read before the number.
    text = value.lstrip().lstrip("$€£¥₸₽«\"'“„([")
    number = _LEADING_NUMBER.match(text)
    if number is None:
        word = _LEADING_WORD.match(text)
        return word.group().lower() if word else ""
    if number.group("minus"):
        return "минус"
    integer = int(re.sub(f"[{_SPACES}]", "", number.group("int")))
    fraction = number.group("frac")
    if fraction is None and 1 <= integer <= 31 and _genitive_months().match(text, number.end()):
        return _day_head(integer, case)
    if integer == 1 and fraction == "5":
        # 1,5 is read «полтора», which decides о/об: «о полутора миллионах».
        return _inflected_numeral("полтора", "NUMR", case)
    head = _cardinal_head(integer)
    pos = "NOUN" if head in _NOUN_NUMERALS else "ADJF" if head == "один" else "NUMR"
    return _inflected_numeral(head, pos, case)


def _day_head(day: int, case: str | None) -> str:
    ordinal = _DAY_ORDINALS.get(day)
    if ordinal is None:
        # 21–29 and 31 are compound ordinals: only the last word declines
        # (с двадцать второго), so the first stays as it is.
        return _TENS[day // 10]
    # «Число» is neuter: второе мая, ко второму мая.
    return _inflected_numeral(ordinal, "ADJF", case, {"neut", "sing"})


def _inflected_numeral(lemma: str, pos: str, case: str | None, extra: frozenset[str] | set[str] = frozenset()) -> str:
    if case in (None, "nomn") and not extra:
        return lemma
    return _inflect(lemma, pos, {case or "nomn", *extra})


def _cardinal_head(number: int) -> str:
    """The first word of the cardinal ``number`` in the nominative."""
    if number == 0:
        return _UNITS[0]
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    top, scale = groups[-1], len(groups) - 1
    # «Одна тысяча», «один миллион» are read without «один».
    if top == 1 and 0 < scale <= len(_SCALES):
        return _SCALES[scale - 1]
    hundreds, rest = divmod(top, 100)
    if hundreds:
        return _HUNDREDS[hundreds]
    if rest >= 20:
        return _TENS[rest // 10]
    if rest >= 10:
        return _TEENS[rest - 10]
    return _UNITS[rest]


def _choose(family: tuple[str, ...], word: str) -> str:
    """The form of the preposition ``family`` that goes before the spoken ``word``."""
    word = word.lower().translate(_NO_YO)
    first, second = word[0], word[1:2]
    before_cluster = second in _CONSONANTS
    base = family[0]
    if base == "о":
        # «Обо» only in fixed phrases (обо всём, обо мне); «об» before a vowel sound.
        if word.startswith("вс") or word in ("мне", "мной"):
            return "обо"
        return "об" if first in _OB_VOWELS else "о"
    # «Мне», «многих», «вс-», «вт-» take the long form after each of these (со
    # всеми, ко второму, во многом, со мной).
    lexical = word.startswith(("вс", "вт", "мно")) or word in ("мне", "мной", "мною")
    if base == "с":
        long = lexical or word.startswith("вз") or (first in "сзшжщ" and before_cluster)
    elif base == "к":
        long = lexical
    else:  # в
        long = lexical or (first in "вф" and before_cluster)
    return family[1] if long else base


def _match_capitals(form: str, written: str) -> str:
    if len(written) > 1 and written.isupper():
        return form.upper()
    if written[:1].isupper():
        return form.capitalize()
    return form
