"""Values in their sentence: the house style, Russian cases and agreement, Kazakh endings, plural forms.

Everything goes through the public API a build uses: a :class:`LocaleFormat`
bound to the shipped house style, :func:`write_values` for one translation,
and :func:`localize` with a catalogue's plural rule for plural entries.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import parse_article
from pipeline.catalog import template
from pipeline.config import HOUSE_STYLES
from pipeline.errors import PlaceholderError
from pipeline.localeformat import LocaleFormat
from pipeline.models import DateValue, Kind, MoneyValue, NumberValue, PercentValue, Placeholder, Style
from pipeline.plurals import plural_forms, plural_rule
from pipeline.render import localize
from pipeline.substitution import write_values

RU = LocaleFormat("ru_KZ", HOUSE_STYLES["ru"])
KK = LocaleFormat("kk_KZ", HOUSE_STYLES["kk"])
KINDS = {DateValue: Kind.DATE, MoneyValue: Kind.AMOUNT, PercentValue: Kind.PERCENT, NumberValue: Kind.NUMBER}


def _write(fmt: LocaleFormat, msgstr: str, **values) -> str:
    placeholders = []
    for name, value in values.items():
        kind = KINDS[type(value)]
        if isinstance(value, DateValue):
            kind = Kind.MONTH if value.day is None else Kind.DAY if value.year is None else Kind.DATE
        placeholders.append(Placeholder(name, kind, "", value))
    return write_values(msgstr, tuple(placeholders), fmt)


# --- the house style ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        (RU, MoneyValue(Decimal("14.7e9"), "KZT", True), "14,7\xa0млрд\xa0тенге"),
        (KK, MoneyValue(Decimal("14.7e9"), "KZT", True), "14,7\xa0млрд\xa0теңге"),
        (RU, MoneyValue(Decimal("91e6"), "USD", True), "91\xa0млн\xa0долларов"),
        (KK, MoneyValue(Decimal("91e6"), "USD", True), "91\xa0млн\xa0доллар"),
        (RU, MoneyValue(Decimal("1"), "USD", False), "1\xa0доллар"),
        (RU, MoneyValue(Decimal("2"), "USD", False), "2\xa0доллара"),
        (RU, MoneyValue(Decimal("91"), "USD", False), "91\xa0доллар"),
        (RU, MoneyValue(Decimal("40e6"), "EUR", True), "40\xa0млн\xa0евро"),
        (KK, MoneyValue(Decimal("40e6"), "EUR", True), "40\xa0млн\xa0еуро"),
        (RU, MoneyValue(Decimal("1.6e9"), "RUB", True), "1,6\xa0млрд\xa0рублей"),
        (KK, MoneyValue(Decimal("1.6e9"), "RUB", True), "1,6\xa0млрд\xa0рубль"),
        (RU, PercentValue(Decimal("70")), "70%"),
        (KK, PercentValue(Decimal("17.2")), "17,2%"),
        (RU, DateValue(2024, 6, 27), "27 июня 2024 года"),
        (KK, DateValue(2024, 6, 27), "2024 жылғы 27 маусым"),
        (RU, DateValue(2028, 5, None), "май 2028 года"),
        (KK, DateValue(2028, 5, None), "2028 жылғы мамыр"),
        (RU, DateValue(None, 2, 9), "9 февраля"),
        (KK, DateValue(None, 2, 9), "9 ақпан"),
    ],
)
def test_values_are_written_as_kazakhstani_press_prints_them(fmt, value, expected):
    assert fmt.format(value) == expected


def test_house_style_false_restores_cldr_forms(tmp_path: Path):
    from pipeline.store import load_config

    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-locale = "en"\ntarget-locales = ["ru"]\n'
        '[tool.l10n.locales.ru]\nbabel-locale = "ru_KZ"\nhouse-style = false\n',
        encoding="utf-8",
    )
    fmt = LocaleFormat("ru_KZ", load_config(tmp_path).targets[0].style)
    assert fmt.format(MoneyValue(Decimal("14.7e9"), "KZT", True)) == "14,7\xa0млрд\xa0₸"
    assert fmt.format(PercentValue(Decimal("70"))) == "70\xa0%"
    assert fmt.format(DateValue(2024, 6, 27)) == "27 июня 2024\u202fг."
    assert fmt.dateline(datetime.date(2024, 6, 27)) == "27 июня 2024\u202fг."
    assert fmt.value_class(Kind.PERCENT, PercentValue(Decimal("70"))) is None


def test_each_date_form_takes_any_cldr_pattern_with_literal_words():
    style = Style(date="d MMMM y 'года'", month="LLLL y 'г.'", day="d MMM", dateline="dd.MM.y")
    fmt = LocaleFormat("ru_KZ", style)
    assert fmt.format(DateValue(2024, 6, 27)) == "27 июня 2024 года"
    assert fmt.format(DateValue(2028, 5, None)) == "май 2028 г."
    assert fmt.format(DateValue(None, 2, 9)) == "9 февр."
    assert fmt.dateline(datetime.date(2024, 6, 27)) == "27.06.2024"


# --- Russian: case after a preposition, agreement with the number ------------------


@pytest.mark.parametrize(
    ("msgstr", "value", "expected"),
    [
        ("Работы завершатся в {v}.", DateValue(2028, 5, None), "Работы завершатся в мае 2028 года."),
        ("Работы завершатся к {v}.", DateValue(2025, 3, None), "Работы завершатся к марту 2025 года."),
        ("Работы продлятся до {v}.", DateValue(2028, 5, None), "Работы продлятся до мая 2028 года."),
        ("Завершение намечено на {v}.", DateValue(2028, 5, None), "Завершение намечено на май 2028 года."),
        ("С {v} работы идут.", DateValue(2021, 9, None), "С сентября 2021 года работы идут."),
        ("В {v} начнется.", DateValue(2021, 11, None), "В ноябре 2021 года начнется."),
        ("Прием заявок – с {v}.", DateValue(2024, 5, 2), "Прием заявок – со 2 мая 2024 года."),
        ("Добавят к {v}.", DateValue(None, 3, 2), "Добавят ко 2 марта."),
        ("Добавят к {v}.", DateValue(None, 3, 3), "Добавят к 3 марта."),
        ("Около {v}.", MoneyValue(Decimal("91"), "USD", False), "Около 91\xa0доллара."),
        ("около {v}.", MoneyValue(Decimal("5"), "USD", False), "около 5\xa0долларов."),
        ("около {v}.", MoneyValue(Decimal("91e6"), "USD", True), "около 91\xa0млн\xa0долларов."),
        ("к {v}.", MoneyValue(Decimal("21"), "RUB", False), "к 21\xa0рублю."),
        ("стоит {v}.", MoneyValue(Decimal("7501"), "KZT", False), "стоит 7\xa0501\xa0тенге."),
        ("Выручка достигла {v}.", MoneyValue(Decimal("21"), "USD", False), "Выручка достигла 21\xa0доллара."),
        ("по {v}.", MoneyValue(Decimal("21"), "USD", False), "по 21\xa0доллару."),
        ("по {v}.", MoneyValue(Decimal("5"), "USD", False), "по 5\xa0долларов."),
        ("до\n{v}.", DateValue(2026, 9, None), "до\nсентября 2026 года."),
        ("{v} стал рекордным.", DateValue(2026, 5, None), "Май 2026 года стал рекордным."),
        ("«{v} стал рекордным».", DateValue(2026, 5, None), "«Май 2026 года стал рекордным»."),
        ("добыто {v} тонн.", NumberValue(Decimal("21e6"), True), "добыто 21\xa0млн тонн."),
        ("купят {v} новых вагонов.", NumberValue(Decimal("2.3e6"), True), "купят 2,3\xa0млн новых вагонов."),
        ("купят {v} новых вагона.", NumberValue(Decimal("22"), False), "купят 22 новых вагона."),
        ("купят {v} новый вагон.", NumberValue(Decimal("1"), False), "купят 1 новый вагон."),
        ("около {v} тонн.", NumberValue(Decimal("2"), False), "около 2 тонн."),
        ("перевезено {v} тонну.", NumberValue(Decimal("21001"), False), "перевезено 21\xa0001 тонну."),
    ],
)
def test_russian_values_take_the_case_of_the_preposition_before_them(msgstr, value, expected):
    assert _write(RU, msgstr.replace("{v}", "{value}"), value=value) == expected


# --- Kazakh: endings after values ------------------------------------------------


@pytest.mark.parametrize(
    ("msgstr", "values", "expected"),
    [
        (
            "Инфляция {b}-тан {a}-ге дейін баяулады.",
            {"a": PercentValue(Decimal("17.2")), "b": PercentValue(Decimal("40"))},
            "Инфляция 40%-дан 17,2%-ға дейін баяулады.",
        ),
        ("{a}-да ашылады.", {"a": DateValue(2028, 5, 15)}, "2028 жылғы 15 мамырда ашылады."),
        ("{a}-да ашылады.", {"a": DateValue(2021, 9, None)}, "2021 жылғы қыркүйекте ашылады."),
        ("{a}-ға дейін.", {"a": DateValue(None, 4, 2)}, "2 сәуірге дейін."),
        ("{a}-дан асты.", {"a": MoneyValue(Decimal("14.7e9"), "KZT", True)}, "14,7\xa0млрд\xa0теңгеден асты."),
        ("{a}-ге жетті.", {"a": NumberValue(Decimal("2450008"), False)}, "2\xa0450\xa0008-ге жетті."),
        ("{a}-ға жетті.", {"a": NumberValue(Decimal("70"), False)}, "70-ке жетті."),
        ("{a}-ға жетті.", {"a": NumberValue(Decimal("3.4e6"), True)}, "3,4\xa0млн-ға жетті."),
        ("тұрғындардың {a}-ы", {"a": PercentValue(Decimal("70"))}, "тұрғындардың 70%-ы"),
    ],
)
def test_kazakh_endings_follow_the_value_read_aloud(msgstr, values, expected):
    assert _write(KK, msgstr, **values) == expected


@pytest.mark.parametrize(
    ("msgstr", "reason"),
    [
        ("{a}ға жетті.", "letters glued to the value"),
        ("{a}-xyz жетті.", "-xyz after the value is not a Kazakh case ending"),
    ],
)
def test_a_kazakh_ending_no_rule_can_choose_is_refused(msgstr, reason):
    with pytest.raises(PlaceholderError, match=reason):
        _write(KK, msgstr, a=NumberValue(Decimal("70"), False))


@pytest.mark.parametrize(
    ("msgstr", "value", "reason"),
    [
        ("до {a}ов.", MoneyValue(Decimal("5e6"), "USD", True), "letters glued to the value"),
        ("добыл {a} тонну.", NumberValue(Decimal("21e6"), True), "«тонну» after «21 млн»: after млн, млрд it must"),
        ("добыл {a} тонны.", NumberValue(Decimal("3.5e6"), True), "after млн, млрд it must be genitive plural"),
        ("купят {a} новых вагона.", NumberValue(Decimal("2.3e6"), True), "«вагона» after «2,3 млн»"),
        ("перевезено {a} тонн.", NumberValue(Decimal("21001"), False), "«тонн» after «21 001»: it cannot agree"),
        ("перевезено {a} тонна.", NumberValue(Decimal("5"), False), "category 'many'"),
    ],
)
def test_a_russian_value_no_rule_can_make_agree_is_refused(msgstr, value, reason):
    with pytest.raises(PlaceholderError, match=reason):
        _write(RU, msgstr, a=value)


# Datives of the last words of numbers, as a Kazakh grammar lists them: an
# oracle written apart from the module under test.
_DATIVE = {
    "нөл": "ге", "бір": "ге", "екі": "ге", "үш": "ке", "төрт": "ке", "бес": "ке", "алты": "ға", "жеті": "ге",
    "сегіз": "ге", "тоғыз": "ға", "он": "ға", "жиырма": "ға", "отыз": "ға", "қырық": "қа", "елу": "ге",
    "алпыс": "қа", "жетпіс": "ке", "сексен": "ге", "тоқсан": "ға", "жүз": "ге", "мың": "ға", "миллион": "ға",
    "миллиард": "қа",
}  # fmt: skip
_UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]


def _last_word(n: int) -> str:
    if n == 0:
        return "нөл"
    if n % 10:
        return _UNITS[n % 10]
    if n % 100:
        return _TENS[n % 100 // 10]
    if n % 1000:
        return "жүз"
    if n % 1_000_000:
        return "мың"
    return "миллион" if n % 1_000_000_000 else "миллиард"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**11))
def test_kazakh_dative_agrees_with_the_last_word_of_any_number(n: int):
    written = _write(KK, "{a}-ға", a=NumberValue(Decimal(n), False))
    assert written == KK.format(NumberValue(Decimal(n), False)) + "-" + _DATIVE[_last_word(n)]


# The words a Kazakh money or date value ends in, with their datives (the same grammar).
_WORD_DATIVE = {
    "теңге": "теңгеге", "доллар": "долларға", "еуро": "еуроға", "рубль": "рубльге", "фунт": "фунтқа",
    "юань": "юаньге", "қаңтар": "қаңтарға", "ақпан": "ақпанға", "наурыз": "наурызға", "сәуір": "сәуірге",
    "мамыр": "мамырға", "маусым": "маусымға", "шілде": "шілдеге", "тамыз": "тамызға", "қыркүйек": "қыркүйекке",
    "қазан": "қазанға", "қараша": "қарашаға", "желтоқсан": "желтоқсанға",
}  # fmt: skip
_CURRENCIES = ("KZT", "USD", "EUR", "RUB", "GBP", "CNY")


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 10**12).map(Decimal),
    st.sampled_from(_CURRENCIES),
    st.booleans(),
)
def test_kazakh_ending_after_money_follows_the_currency_word_joined_to_it(amount: Decimal, currency: str, compact):
    written = _write(KK, "{a}-ге", a=MoneyValue(amount, currency, compact))
    word = HOUSE_STYLES["kk"].currency_words[currency]
    assert written == KK.format(MoneyValue(amount, currency, compact))[: -len(word)] + _WORD_DATIVE[word]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)), st.sampled_from("dmy"))
def test_kazakh_ending_after_a_date_follows_its_month_joined_to_it(date: datetime.date, granularity: str):
    value = DateValue(None if granularity == "d" else date.year, date.month, None if granularity == "m" else date.day)
    written = _write(KK, "{a}-ға", a=value)
    month = KK.format(value).split(" ")[-1]
    assert written == KK.format(value)[: -len(month)] + _WORD_DATIVE[month]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False))
def test_kazakh_percent_takes_the_endings_of_paiyz_whatever_the_number(number: Decimal):
    assert _write(KK, "{a}-ге", a=PercentValue(number)).endswith("%-ға")
    assert _write(KK, "{a}-тен", a=PercentValue(number)).endswith("%-дан")


# --- plural entries --------------------------------------------------------------


def _plural_catalogue(lang: str) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": lang, "Plural-Forms": plural_forms(lang)}
    return po


def _published(lang: str, fmt: LocaleFormat, amount: Decimal, forms: tuple[str, ...]) -> str:
    article = parse_article(f"It cost {amount} percent.", Path("source/a.txt"), "en")
    (entry,) = template(article, project="p")
    assert entry.msgid == entry.msgid_plural == "It cost {percent}."
    po = _plural_catalogue(lang)
    doc = localize(article, lang, is_source=False, fmt=fmt, translations={entry.msgid: forms}, plural=plural_rule(po))
    return doc.sentences[0].text


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(0, 10**6).map(Decimal),
        st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False, allow_infinity=False),
    )
)
def test_the_russian_form_published_is_the_one_for_the_cldr_category_of_the_value(number: Decimal):
    published = _published("ru", RU, number, ("ONE {percent}", "FEW {percent}", "MANY {percent}"))
    category = Locale("ru").plural_form(number)
    # Fractions (CLDR "other") agree as 2, 3, 4 do: «1,5 доллара», «14,7 миллиарда».
    expected = {"one": "ONE", "few": "FEW", "many": "MANY", "other": "FEW"}[category]
    assert published.split(" ")[0] == expected


@pytest.mark.parametrize(
    ("number", "form"),
    [(Decimal(1), "ONE"), (Decimal(21), "ONE"), (Decimal(11), "MANY"), (Decimal(2), "FEW"), (Decimal("14.7"), "FEW")],
)
def test_russian_plural_forms_follow_the_printed_number(number, form):
    assert _published("ru", RU, number, ("ONE {percent}", "FEW {percent}", "MANY {percent}")).startswith(form)


def test_the_kazakh_form_is_chosen_by_the_kazakh_rule():
    assert _published("kk", KK, Decimal(1), ("ONE {percent}", "OTHER {percent}")).startswith("ONE")
    assert _published("kk", KK, Decimal(5), ("ONE {percent}", "OTHER {percent}")).startswith("OTHER")


def test_a_compact_amount_agrees_as_printed():
    # «21 млрд» agrees with 21 (one), not with 21,000,000,000 (many).
    assert RU.plural_category(MoneyValue(Decimal("21e9"), "KZT", True)) == "one"
    assert RU.plural_category(MoneyValue(Decimal("14.7e9"), "KZT", True)) == "other"
    assert RU.plural_category(MoneyValue(Decimal("25e9"), "KZT", True)) == "many"
