"""Russian values agreeing with the preposition before them (pipeline.russian)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import russian
from pipeline.russian import case_after, currency_word, month_year, plural_category, preposition_form

NBSP = "\u00a0"
CASES = ["nomn", "gent", "datv", "accs", "ablt", "loct"]

# Written out by hand, not taken from pymorphy3, so that the tests check it.
MONTHS = {
    "nomn": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "gent": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "datv": "январю февралю марту апрелю маю июню июлю августу сентябрю октябрю ноябрю декабрю",
    "accs": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "ablt": "январем февралем мартом апрелем маем июнем июлем августом сентябрем октябрем ноябрем декабрем",
    "loct": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре",
}
MONTH_FORMS = {case: dict(enumerate(words.split(), start=1)) for case, words in MONTHS.items()}

# Singular and plural of each declinable currency, by case.
CURRENCIES = {
    "USD": {
        "nomn": ("доллар", "доллары"),
        "gent": ("доллара", "долларов"),
        "datv": ("доллару", "долларам"),
        "accs": ("доллар", "доллары"),
        "ablt": ("долларом", "долларами"),
        "loct": ("долларе", "долларах"),
    },
    "RUB": {
        "nomn": ("рубль", "рубли"),
        "gent": ("рубля", "рублей"),
        "datv": ("рублю", "рублям"),
        "accs": ("рубль", "рубли"),
        "ablt": ("рублем", "рублями"),
        "loct": ("рубле", "рублях"),
    },
    "GBP": {
        "nomn": ("фунт", "фунты"),
        "gent": ("фунта", "фунтов"),
        "datv": ("фунту", "фунтам"),
        "accs": ("фунт", "фунты"),
        "ablt": ("фунтом", "фунтами"),
        "loct": ("фунте", "фунтах"),
    },
    "CNY": {
        "nomn": ("юань", "юани"),
        "gent": ("юаня", "юаней"),
        "datv": ("юаню", "юаням"),
        "accs": ("юань", "юани"),
        "ablt": ("юанем", "юанями"),
        "loct": ("юане", "юанях"),
    },
}
LEMMAS = {"USD": "доллар", "RUB": "рубль", "GBP": "фунт", "CNY": "юань"}

GENITIVE = "с со до после около от из для без у".split()
DATIVE = ["к", "ко"]
ACCUSATIVE = "на за через про по".split()
PREPOSITIONAL = "о об обо при".split()
INSTRUMENTAL = "между над перед".split()


def expected_currency(code: str, n: int, case: str | None) -> str:
    """The grammar-book rule, independent of the module."""
    forms = CURRENCIES[code]
    if n % 1000 == 0:
        return forms["gent"][1]
    one = n % 10 == 1 and n % 100 != 11
    few = 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14
    if case in (None, "nomn", "accs"):
        return forms["nomn"][0] if one else forms["gent"][0] if few else forms["gent"][1]
    return forms[case][0] if one else forms[case][1]


def grouped(n: int) -> str:
    """``n`` as Russian prints it: 2 450 001 with no-break spaces."""
    return f"{n:,}".replace(",", NBSP)


def amount(preposition: str, number: str, code: str, *, compact: bool = False) -> str:
    """The phrase the build makes: preposition, number, magnitude, currency."""
    case = case_after(preposition, "amount")
    magnitude = f"{NBSP}млн" if compact else ""
    value = f"{number}{magnitude}{NBSP}{currency_word(code, number, compact=compact, case=case)}"
    return f"{preposition_form(preposition, value, case)} {value}".replace(NBSP, " ")


def month_phrase(preposition: str, month: int, year: int) -> str:
    case = case_after(preposition, "month")
    value = month_year(month, year, case)
    return f"{preposition_form(preposition, value, case)} {value}"


def date_phrase(preposition: str, value: str) -> str:
    case = case_after(preposition, "month")
    return f"{preposition_form(preposition, value, case)} {value}"


# --- plural_category -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "category"),
    [
        ("1", "one"),
        ("21", "one"),
        ("101", "one"),
        ("2 450 001", "one"),
        (f"2{NBSP}450{NBSP}001", "one"),
        ("2", "few"),
        ("4", "few"),
        ("22", "few"),
        ("11", "many"),
        ("12", "many"),
        ("14", "many"),
        ("111", "many"),
        ("5", "many"),
        ("0", "many"),
        ("1 000", "many"),
        ("14,7", "other"),
        ("1,5", "other"),
        ("0,5", "other"),
        ("1,0", "other"),
        (Decimal("21"), "one"),
        (Decimal("3"), "few"),
        (Decimal("1.5"), "other"),
    ],
)
def test_plural_category_of_examples(number, category):
    assert plural_category(number) == category


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "14 7", "1e5"])
def test_plural_category_rejects_what_is_not_a_number(text):
    with pytest.raises(ValueError, match="number"):
        plural_category(text)


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_plural_category_of_an_integer_is_babels(n):
    expected = Locale("ru").plural_form(n)
    assert plural_category(Decimal(n)) == expected
    assert plural_category(grouped(n)) == expected
    assert plural_category(str(n)) == expected


@settings(deadline=None)
@given(st.integers(1, 3).flatmap(lambda places: st.decimals(min_value=0, max_value=10**6, places=places)))
def test_plural_category_of_a_decimal_is_babels(d):
    printed = str(d).replace(".", ",")
    assert plural_category(printed) == Locale("ru").plural_form(d)
    assert plural_category(d) == Locale("ru").plural_form(d)


# --- case_after ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "month", "amount_case"),
    [
        (GENITIVE, "gent", "gent"),
        (DATIVE, "datv", "datv"),
        (ACCUSATIVE, "accs", "accs"),
        (PREPOSITIONAL, "loct", "loct"),
        (INSTRUMENTAL, "ablt", "ablt"),
        (["в", "во"], "loct", "accs"),
    ],
)
def test_case_after_each_preposition_class(words, month, amount_case):
    for word in words:
        assert case_after(word, "month") == month, word
        assert case_after(word, "amount") == amount_case, word


def test_case_after_v_is_prepositional_before_a_month_and_accusative_before_an_amount():
    assert case_after("в", "month") == "loct"
    assert case_after("в", "amount") == "accs"


def test_case_after_na_is_accusative():
    assert case_after("на", "month") == "accs"
    assert case_after("на", "amount") == "accs"


def test_case_after_s_before_a_month_is_genitive_since():
    assert case_after("с", "month") == "gent"


@pytest.mark.parametrize("word", ["более", "менее", "порядка"])
def test_case_after_comparatives_govern_the_genitive_of_an_amount_only(word):
    assert case_after(word, "amount") == "gent"
    assert case_after(word, "month") is None


@pytest.mark.parametrize("word", ["С", "К", "В", "До", "ОКОЛО", " на "])
def test_case_after_ignores_letter_case_and_spaces(word):
    assert case_after(word, "month") == case_after(word.strip().lower(), "month") is not None


@pytest.mark.parametrize("word", ["и", "составит", "2028", "", "Бектенов"])
def test_case_after_an_unknown_word_is_none(word):
    assert case_after(word, "month") is None
    assert case_after(word, "amount") is None


def test_case_after_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        case_after("в", "date")


# --- month_year ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preposition", "phrase"),
    [
        ("в", "в мае 2028 года"),
        ("до", "до мая 2028 года"),
        ("с", "с мая 2028 года"),
        ("после", "после мая 2028 года"),
        ("около", "около мая 2028 года"),
        ("от", "от мая 2028 года"),
        ("из", "из мая 2028 года"),
        ("для", "для мая 2028 года"),
        ("без", "без мая 2028 года"),
        ("у", "у мая 2028 года"),
        ("со", "с мая 2028 года"),
        ("на", "на май 2028 года"),
        ("за", "за май 2028 года"),
        ("через", "через май 2028 года"),
        ("про", "про май 2028 года"),
        ("по", "по май 2028 года"),
        ("о", "о мае 2028 года"),
        ("об", "о мае 2028 года"),
        ("между", "между маем 2028 года"),
        ("перед", "перед маем 2028 года"),
    ],
)
def test_month_year_may_2028_after_each_preposition(preposition, phrase):
    assert month_phrase(preposition, 5, 2028) == phrase


def test_month_year_examples():
    assert month_year(5, 2028, None) == "май 2028 года"
    assert month_year(5, 2028, "loct") == "мае 2028 года"
    assert month_phrase("к", 3, 2025) == "к марту 2025 года"
    assert month_phrase("с", 9, 2025) == "с сентября 2025 года"
    assert month_phrase("о", 4, 2025) == "об апреле 2025 года"
    assert month_phrase("о", 8, 2025) == "об августе 2025 года"
    assert month_phrase("о", 10, 2025) == "об октябре 2025 года"
    assert month_phrase("в", 2, 2025) == "в феврале 2025 года"
    assert month_phrase("С", 1, 2026) == "С января 2026 года"


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize(
    ("words", "case"),
    [
        (GENITIVE, "gent"),
        (DATIVE, "datv"),
        (ACCUSATIVE, "accs"),
        (PREPOSITIONAL, "loct"),
        (INSTRUMENTAL, "ablt"),
        (["в", "во"], "loct"),
    ],
)
def test_month_year_each_month_after_each_preposition_class(month, words, case):
    for word in words:
        assert month_year(month, 2028, case_after(word, "month")) == f"{MONTH_FORMS[case][month]} 2028 года"


@pytest.mark.parametrize("month", range(1, 13))
def test_month_year_nominative_is_the_stand_alone_name(month):
    assert month_year(month, 2030, None) == f"{MONTH_FORMS['nomn'][month]} 2030 года"
    assert month_year(month, 2030, "nomn") == month_year(month, 2030, None)


@pytest.mark.parametrize("month", range(1, 13))
def test_month_year_months_take_the_plain_prepositions(month):
    # No month name calls for со/ко/во; «об» only before a vowel.
    for preposition in ["с", "к", "в"]:
        assert month_phrase(preposition, month, 2028).split()[0] == preposition
    expected = "об" if MONTH_FORMS["loct"][month][0] in "аоуэиы" else "о"
    assert month_phrase("о", month, 2028).split()[0] == expected


def test_month_year_writes_e_not_yo():
    assert month_year(1, 2028, "ablt") == "январем 2028 года"


@pytest.mark.parametrize(("month", "case"), [(0, None), (13, None), (5, "voct"), (5, "Gent")])
def test_month_year_rejects_what_is_out_of_range(month, case):
    with pytest.raises(ValueError, match=r"month|case"):
        month_year(month, 2028, case)


@settings(deadline=None)
@given(st.integers(1, 12), st.integers(1, 9999), st.sampled_from([None, *CASES]))
def test_month_year_keeps_the_year_in_the_genitive(month, year, case):
    text = month_year(month, year, case)
    assert text.endswith(f" {year} года")
    word = text.split()[0]
    lemma = Locale("ru").months["stand-alone"]["wide"][month]
    lemmas = {p.normal_form.replace("ё", "е") for p in russian._morph().parse(word)}
    assert lemma in lemmas


# --- full dates and month-days ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preposition", "value", "phrase"),
    [
        ("с", "2 мая 2024 года", "со 2 мая 2024 года"),
        ("с", "2 мая", "со 2 мая"),
        ("к", "2 марта", "ко 2 марта"),
        ("к", "2 марта 2025 года", "ко 2 марта 2025 года"),
        ("с", "12 мая", "с 12 мая"),
        ("к", "20 марта", "к 20 марта"),
        ("к", "22 марта", "к 22 марта"),
        ("с", "22 мая", "с 22 мая"),
        ("с", "7 мая", "с 7 мая"),
        ("с", "6 мая", "с 6 мая"),
        ("с", "1 сентября", "с 1 сентября"),
        ("с", "31 декабря", "с 31 декабря"),
        ("до", "27 июня 2024 года", "до 27 июня 2024 года"),
        ("о", "11 мая", "об 11 мая"),
        ("о", "1 мая", "о 1 мая"),
        ("о", "8 марта", "о 8 марта"),
        ("С", "2 мая", "Со 2 мая"),
        ("К", "2 марта", "Ко 2 марта"),
        ("со", "3 мая", "с 3 мая"),
        ("ко", "3 мая", "к 3 мая"),
    ],
)
def test_dates_stay_genitive_and_choose_the_preposition_as_spoken(preposition, value, phrase):
    assert date_phrase(preposition, value) == phrase


def test_dates_with_no_break_spaces():
    assert preposition_form("с", f"2{NBSP}мая{NBSP}2024{NBSP}года", "gent") == "со"


@pytest.mark.parametrize("day", range(1, 32))
def test_dates_only_the_second_takes_so_and_ko(day):
    s = preposition_form("с", f"{day} мая", "gent")
    k = preposition_form("к", f"{day} мая", "datv")
    assert (s, k) == (("со", "ко") if day == 2 else ("с", "к"))


# --- currency_word ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preposition", "number", "code", "compact", "phrase"),
    [
        (None, "14,7", "KZT", True, "14,7 млн тенге"),
        (None, "7 500", "KZT", False, "7 500 тенге"),
        (None, "40", "EUR", True, "40 млн евро"),
        (None, "91", "USD", True, "91 млн долларов"),
        ("около", "91", "USD", True, "около 91 млн долларов"),
        ("к", "1", "RUB", True, "к 1 млн рублей"),
        (None, "1", "USD", False, "1 доллар"),
        (None, "2", "USD", False, "2 доллара"),
        (None, "5", "USD", False, "5 долларов"),
        (None, "21", "USD", False, "21 доллар"),
        (None, "1,5", "USD", False, "1,5 доллара"),
        ("около", "91", "USD", False, "около 91 доллара"),
        ("около", "2", "USD", False, "около 2 долларов"),
        ("до", "5", "USD", False, "до 5 долларов"),
        ("около", "1,5", "USD", False, "около 1,5 доллара"),
        ("к", "21", "USD", False, "к 21 доллару"),
        ("к", "5", "USD", False, "к 5 долларам"),
        ("о", "5", "USD", False, "о 5 долларах"),
        ("в", "5", "USD", False, "в 5 долларов"),
        ("в", "21", "USD", False, "в 21 доллар"),
        ("на", "2", "RUB", False, "на 2 рубля"),
        ("с", "100", "USD", False, "со 100 долларов"),
        ("с", "200", "USD", False, "с 200 долларов"),
        ("с", "150", "USD", False, "со 150 долларов"),
        ("с", "100 000", "USD", False, "со 100 000 долларов"),
        ("с", "1 000", "USD", False, "с 1 000 долларов"),
        ("к", "1 000", "USD", False, "к 1 000 долларов"),
        ("о", "1 000", "USD", False, "о 1 000 долларов"),
        ("о", "11", "USD", False, "об 11 долларах"),
        ("о", "1", "USD", False, "об 1 долларе"),
        ("о", "8", "USD", False, "о 8 долларах"),
        ("о", "1,5", "USD", True, "о 1,5 млн долларов"),
        ("о", "0,5", "USD", False, "о 0,5 доллара"),
        ("между", "2", "CNY", False, "между 2 юанями"),
        ("более", "21", "GBP", False, "более 21 фунта"),
        ("по", "5", "USD", False, "по 5 долларов"),
    ],
)
def test_currency_examples_read_as_the_press_writes_them(preposition, number, code, compact, phrase):
    if preposition is None:
        word = currency_word(code, number, compact=compact, case=None)
        magnitude = " млн" if compact else ""
        assert f"{number}{magnitude} {word}" == phrase
    else:
        assert amount(preposition, number, code, compact=compact) == phrase


def test_currency_word_with_an_explicit_instrumental():
    assert currency_word("USD", "2", compact=False, case="ablt") == "долларами"
    assert currency_word("USD", "1", compact=False, case="ablt") == "долларом"


def test_currency_word_api_example():
    assert currency_word("USD", "91", compact=False, case="gent") == "доллара"


NUMBERS = [1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 24, 25, 100, 101, 102, 111, 112, 114, 121, 2_450_001]


@pytest.mark.parametrize("code", list(CURRENCIES))
@pytest.mark.parametrize("case", [None, *CASES])
@pytest.mark.parametrize("n", NUMBERS)
def test_currency_word_agrees_with_each_number_in_each_case(code, case, n):
    assert currency_word(code, grouped(n), compact=False, case=case) == expected_currency(code, n, case)


@pytest.mark.parametrize("code", list(CURRENCIES))
@pytest.mark.parametrize("case", [None, *CASES])
@pytest.mark.parametrize("number", ["1,5", "0,5", "14,7", "21,1", "2,0", "1.5"])
def test_currency_word_after_a_decimal_is_genitive_singular_in_every_case(code, case, number):
    assert currency_word(code, number, compact=False, case=case) == CURRENCIES[code]["gent"][0]


@pytest.mark.parametrize("code", list(CURRENCIES))
@pytest.mark.parametrize("case", [None, *CASES])
@pytest.mark.parametrize("number", ["1", "2", "21", "91", "111", "14,7", "1,5"])
def test_currency_word_after_a_magnitude_is_genitive_plural_in_every_case(code, case, number):
    assert currency_word(code, number, compact=True, case=case) == CURRENCIES[code]["gent"][1]


@pytest.mark.parametrize("case", [None, *CASES])
@pytest.mark.parametrize("number", ["0", "1 000", "2 000", "21 000", "1 000 000"])
def test_currency_word_after_a_round_thousand_or_zero_is_genitive_plural(case, number):
    assert currency_word("USD", number, compact=False, case=case) == "долларов"


@pytest.mark.parametrize(("code", "word"), [("KZT", "тенге"), ("EUR", "евро"), ("kzt", "тенге")])
@pytest.mark.parametrize("case", [None, *CASES])
@pytest.mark.parametrize("number", ["1", "2", "5", "21", "1,5", "7 500"])
@pytest.mark.parametrize("compact", [False, True])
def test_currency_word_tenge_and_euro_never_decline(code, word, case, number, compact):
    assert currency_word(code, number, compact=compact, case=case) == word


def test_currency_word_writes_e_not_yo():
    assert currency_word("RUB", "1", compact=False, case="ablt") == "рублем"


@pytest.mark.parametrize(
    ("code", "number", "case"),
    [("XYZ", "1", None), ("USD", "много", None), ("USD", "", None), ("USD", "1", "voct")],
)
def test_currency_word_rejects_what_it_does_not_know(code, number, case):
    with pytest.raises(ValueError, match=r"currency|number|case"):
        currency_word(code, number, compact=False, case=case)


@settings(deadline=None)
@given(st.sampled_from(list(LEMMAS)), st.integers(min_value=0, max_value=10**9))
def test_currency_word_nominative_is_pymorphy3_agreement(code, n):
    nominative = next(p for p in russian._morph().parse(LEMMAS[code]) if "nomn" in p.tag and "NOUN" in p.tag)
    expected = nominative.make_agree_with_number(n).word
    assert currency_word(code, grouped(n), compact=False, case=None) == expected
    assert currency_word(code, grouped(n), compact=False, case="accs") == expected


@settings(deadline=None)
@given(st.sampled_from(list(CURRENCIES)), st.integers(min_value=0, max_value=10**9), st.sampled_from([None, *CASES]))
def test_currency_word_follows_the_grammar_book_for_any_integer(code, n, case):
    assert currency_word(code, grouped(n), compact=False, case=case) == expected_currency(code, n, case)


# --- preposition_form ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preposition", "value", "case", "form"),
    [
        ("с", "100 долларов", "gent", "со"),
        ("с", "200", "gent", "с"),
        ("с", "2 мая 2024 года", "gent", "со"),
        ("к", "2 марта", "datv", "ко"),
        ("с", "сентября 2025 года", "gent", "с"),
        ("к", "марту 2025 года", "datv", "к"),
        ("в", "мае 2028 года", "loct", "в"),
        ("в", "вторник", "accs", "во"),
        ("в", "Франции", "loct", "во"),
        ("в", "феврале", "loct", "в"),
        ("в", "2 доллара", "accs", "в"),
        ("в", "8 долларов", "accs", "в"),
        ("с", "вторника", "gent", "со"),
        ("к", "вторнику", "datv", "ко"),
        ("с", "7 долларов", "gent", "с"),
        ("с", "40 долларов", "gent", "с"),
        ("с", "−5", "gent", "с"),
        ("с", "$100", "gent", "со"),
        ("с", "«100»", "gent", "со"),
        ("к", "100 долларам", "datv", "к"),
        ("с", f"100{NBSP}000", "gent", "со"),
        ("о", "апреле", "loct", "об"),
        ("о", "мае", "loct", "о"),
        ("об", "мае", "loct", "о"),
        ("обо", "11 долларах", "loct", "об"),
        ("о", "всём", "loct", "обо"),
        ("со", "200", "gent", "с"),
        ("ко", "20 марта", "datv", "к"),
        ("во", "мае", "loct", "в"),
        ("с", "", "gent", "с"),
        ("к", "...", "datv", "к"),
    ],
)
def test_preposition_form_as_spoken(preposition, value, case, form):
    assert preposition_form(preposition, value, case) == form


@pytest.mark.parametrize(
    ("preposition", "value", "case", "form"),
    [
        ("С", "100 долларов", "gent", "Со"),
        ("С", "200 долларов", "gent", "С"),
        ("К", "2 марта", "datv", "Ко"),
        ("В", "вторник", "accs", "Во"),
        ("О", "апреле", "loct", "Об"),
        ("Со", "мая", "gent", "С"),
        ("СО", "мая", "gent", "С"),
        ("С", "2 мая", "gent", "Со"),
    ],
)
def test_preposition_form_keeps_the_capital_letter(preposition, value, case, form):
    assert preposition_form(preposition, value, case) == form


@pytest.mark.parametrize("preposition", ["до", "после", "на", "Около", "между", "и"])
def test_preposition_form_leaves_other_words_alone(preposition):
    assert preposition_form(preposition, "2 мая", "gent") == preposition
    assert preposition_form(preposition, "100 долларов", "gent") == preposition


def test_preposition_form_rejects_an_unknown_case():
    with pytest.raises(ValueError, match="case"):
        preposition_form("с", "100", "genitive")


FAMILIES = {"с": {"с", "со"}, "к": {"к", "ко"}, "в": {"в", "во"}, "о": {"о", "об", "обо"}}
VALUES = st.one_of(
    st.integers(-(10**9), 10**12).map(grouped),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(lambda d: str(d).replace(".", ",")),
    st.builds(lambda d, m: f"{d} {MONTH_FORMS['gent'][m]}", st.integers(1, 31), st.integers(1, 12)),
    st.builds(lambda m, c: MONTH_FORMS[c][m], st.integers(1, 12), st.sampled_from(CASES)),
    st.text(max_size=20),
)


@settings(deadline=None, max_examples=300)
@given(
    st.sampled_from([word for family in FAMILIES.values() for word in family]),
    st.booleans(),
    VALUES,
    st.sampled_from([None, *CASES]),
)
def test_preposition_form_only_returns_a_form_of_the_preposition(preposition, capital, value, case):
    written = preposition.capitalize() if capital else preposition
    form = preposition_form(written, value, case)
    family = next(f for f in FAMILIES.values() if preposition in f)
    assert form.lower() in family
    assert form[0].isupper() == capital
    if preposition[0] != "о":
        assert form.lower() in (preposition[0], preposition[0] + "о")


@settings(deadline=None)
@given(st.integers(0, 10**12), st.sampled_from(["с", "к", "в"]), st.sampled_from([None, *CASES]))
def test_preposition_form_of_a_number_does_not_depend_on_group_separators(n, preposition, case):
    assert preposition_form(preposition, grouped(n), case) == preposition_form(
        preposition, grouped(n).replace(NBSP, " "), case
    )


# --- the module itself -----------------------------------------------------------------------------------------------


def test_importing_the_module_does_not_load_pymorphy3():
    code = "import sys, pipeline.russian; assert 'pymorphy3' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_one_analyzer_is_shared():
    assert russian._morph() is russian._morph()
