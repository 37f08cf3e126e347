"""Values in Russian and Kazakh press style: «14,7 млрд тенге», «17,2%-ға», «2024 жылғы 27 маусымда».

:func:`find_values` reads the money, percentages, dates and numbers of a
translated sentence, by their value and not their spelling, with the Kazakh
ending glued to each. They are the aligner's strongest anchors
(:mod:`pipeline.align.score`) and what the placeholders of a msgid take
(:mod:`pipeline.align.template`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from pipeline import kazakh
from pipeline.align.result import FoundValue

#: The languages whose press style :func:`find_values` reads.
LANGUAGES = ("kk", "ru")

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

#: A letter of any script, as a regular expression (no digit, no underscore).
LETTERS = r"[^\W\d_]"
_NO_LETTER = r"(?!" + LETTERS + ")"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_RU_MONTH = r"(?P<mon>" + _alternatives(_RU_MONTH_NUMBER) + r")(?!" + LETTERS + ")"
_RU_YEAR_WORD = r"(?:" + _SPACE + r"(?:года|году|годом|год|г\.))"
_KK_MONTH = "(?P<mon>" + "|".join(f"(?P<m{n}>{stem})" for n, stem in enumerate(_KK_MONTHS, start=1)) + ")"
_KK_YEAR_WORD = _SPACE + r"(?P<yw>жылғы|жылдың|ж\.)" + _SPACE
# What a Kazakh value may have glued after it: an ending (checked with
# pipeline.kazakh), after a hyphen for digits and symbols.
_KK_END = r"(?P<end>" + LETTERS + r"*)"
# A month that opens a range («2024 жылғы қаңтар – қазан айларында») is no date of its own.
_KK_NO_RANGE = r"(?!\s?[-–—]\s?" + LETTERS + ")"
_KK_HYPHEN_END = r"(?:[-‐‑](?P<end>" + LETTERS + r"+))?(?!" + LETTERS + ")"


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
        re.compile(_SYMBOL + _SPACE + "?" + _NUM + r"(?:" + _SPACE + _RU_MAG + r")?(?!" + LETTERS + ")", re.I),
    ),
    ("money", re.compile(_NUM + r"(?:" + _SPACE + _RU_MAG + r")?" + _SPACE + "?" + _SYMBOL, re.IGNORECASE)),
    (
        "percent",
        re.compile(
            _NUM + r"(?:" + _SPACE + r"?%|" + _SPACE + r"процент(?:ов|а|ам|ами|ах|у|ом|е)?(?!" + LETTERS + "))",
            re.IGNORECASE,
        ),
    ),
    ("number", re.compile(_NUM + r"(?:" + _SPACE + _RU_MAG + r"(?!" + LETTERS + "))?", re.IGNORECASE)),
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
