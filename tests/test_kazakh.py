"""Kazakh case endings after values: reading aloud, harmony, final sounds, spelling."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from pipeline.kazakh import (
    CHAINS,
    Ending,
    SoundClass,
    attach,
    last_word_read_aloud,
    needs_hyphen,
    parse_ending,
    sound_class,
)

NBSP = "\u00a0"
NNBSP = "\u202f"

UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
SCALES = ["", "мың", "миллион", "миллиард", "триллион", "квадриллион"]
MONTHS = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()


def spell_out(n: int) -> list[str]:
    """The whole Kazakh reading of n, word by word (the tests' own oracle)."""
    if n == 0:
        return ["нөл"]
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for scale in reversed(range(len(groups))):
        group = groups[scale]
        if not group:
            continue
        hundreds, tens, units = group // 100, group // 10 % 10, group % 10
        if hundreds:
            words += [UNITS[hundreds], "жүз"] if hundreds > 1 else ["жүз"]
        if tens:
            words.append(TENS[tens])
        if units:
            words.append(UNITS[units])
        if scale:
            words.append(SCALES[scale])
    return words


def kk_integer(n: int, separator: str, grouped: bool) -> str:
    return f"{n:,}".replace(",", separator) if grouped else str(n)


# --- reading aloud --------------------------------------------------------------


@pytest.mark.parametrize("digit", range(10))
def test_a_single_digit_is_read_as_its_unit_word(digit):
    assert last_word_read_aloud(str(digit)) == UNITS[digit]


@pytest.mark.parametrize("digit", range(1, 10))
def test_an_integer_ending_in_a_nonzero_digit_ends_with_that_unit(digit):
    assert last_word_read_aloud(f"2 45{digit}".replace(" ", NBSP)) == UNITS[digit]


@pytest.mark.parametrize("tens", range(1, 10))
def test_round_tens_end_with_the_tens_word(tens):
    assert last_word_read_aloud(str(tens * 10)) == TENS[tens]
    assert last_word_read_aloud(f"1{NBSP}3{tens}0") == TENS[tens]


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("2028", "сегіз"),
        (f"2{NBSP}028", "сегіз"),
        ("70", "жетпіс"),
        ("40", "қырық"),
        ("20", "жиырма"),
        ("11", "бір"),
        ("100", "жүз"),
        ("200", "жүз"),
        ("105", "бес"),
        ("120", "жиырма"),
        ("2000", "мың"),
        (f"7{NBSP}500", "жүз"),
        (f"1{NNBSP}250", "елу"),
        (f"2{NBSP}450{NBSP}000", "мың"),
        (f"1{NBSP}000{NBSP}000", "миллион"),
        (f"3{NNBSP}000{NNBSP}000{NNBSP}000", "миллиард"),
        ("1000000000000", "триллион"),
        ("1000000000000000", "квадриллион"),
    ],
)
def test_integers_end_with_the_last_word_of_their_reading(value, word):
    assert last_word_read_aloud(value) == word


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("17,2", "екі"),
        ("0,5", "бес"),
        ("0,25", "бес"),
        ("3,05", "бес"),
        ("2,40", "қырық"),
        ("1,0", "нөл"),
        ("12,75", "бес"),
        ("4,1", "бір"),
        (f"7{NBSP}500,5", "бес"),
        ("6,100", "жүз"),
    ],
)
def test_decimals_end_with_their_fraction_read_as_a_number(value, word):
    assert last_word_read_aloud(value) == word


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("3,4 млн", "миллион"),
        (f"1,2{NBSP}млрд", "миллиард"),
        ("5 трлн", "триллион"),
        ("12 км", "километр"),
        ("40 т", "тонна"),
        ("300 га", "гектар"),
        ("450 м.", "мың"),
        (f"7{NBSP}мың", "мың"),
        ("70%", "пайыз"),
        ("17,2%", "пайыз"),
        ("6%", "пайыз"),
        ("14,7 млрд теңге", "теңге"),
        (f"7{NBSP}500 теңге", "теңге"),
        ("91 млн доллар", "доллар"),
        ("40 млн еуро", "еуро"),
        ("1,6 млрд рубль", "рубль"),
        ("512,8 млн доллар", "доллар"),
        (f"₸7{NBSP}500", "теңге"),
        ("$91 млн", "доллар"),
        ("14,7 млрд ₸", "теңге"),
        (f"7{NBSP}500,00{NBSP}₸", "теңге"),
        ("€40 млн", "еуро"),
        ("1,6 млрд ₽", "рубль"),
        ("£3", "фунт"),
        ("2024 жылғы 27 маусым", "маусым"),
        ("2028 жылғы мамыр", "мамыр"),
        ("27 маусым", "маусым"),
        (f"2024{NNBSP}ж. 27 маусым", "маусым"),
        (f"2024{NNBSP}ж. 27 мау.", "маусым"),
        (f"2024{NNBSP}ж. 27 маусым, бейсенбі", "бейсенбі"),
        ("2024 ж.", "жыл"),
    ],
)
def test_symbols_abbreviations_and_words_are_read_as_words(value, word):
    assert last_word_read_aloud(value) == word


@pytest.mark.parametrize("index", range(12))
def test_cldr_abbreviated_months_are_read_in_full(index):
    abbreviated = format_date(datetime.date(2024, index + 1, 1), "d MMM", locale="kk_KZ")
    assert last_word_read_aloud(abbreviated) == MONTHS[index]


def test_a_value_with_nothing_to_read_is_refused():
    with pytest.raises(ValueError, match="nothing to read"):
        last_word_read_aloud(" — ")


# --- sound classes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "label"),
    [
        ("сегіз", "front, voiced"),
        ("тоғыз", "back, voiced"),
        ("жетпіс", "front, voiceless"),
        ("қырық", "back, voiceless"),
        ("мың", "back, nasal"),
        ("миллион", "back, nasal"),
        ("миллиард", "back, voiceless"),
        ("триллион", "back, nasal"),
        ("жүз", "front, voiced"),
        ("екі", "front, vowel"),
        ("алты", "back, vowel"),
        ("жиырма", "back, vowel"),
        ("бір", "front, sonorant"),
        ("нөл", "front, sonorant"),
        ("елу", "front, sonorant"),
        ("пайыз", "back, voiced"),
        ("теңге", "front, vowel"),
        ("доллар", "back, sonorant"),
        ("еуро", "back, vowel"),
        ("рубль", "front, sonorant"),
        ("фунт", "back, voiceless"),
        ("километр", "front, sonorant"),
        ("тонна", "back, vowel"),
        ("гектар", "back, sonorant"),
        ("наурыз", "back, voiced"),
        ("сәуір", "front, sonorant"),
        ("шілде", "front, vowel"),
        ("қыркүйек", "front, voiceless"),
        ("желтоқсан", "back, nasal"),
        ("Алматы", "back, vowel"),
        ("Азия", "back, vowel"),
        ("фильм", "front, nasal"),
        ("су", "back, sonorant"),
        ("АҚШ", "back, voiceless"),
    ],
)
def test_sound_class_gives_harmony_and_final_sound(word, label):
    assert sound_class(word).label == label


def test_sound_class_keeps_the_final_letter_for_the_plural():
    assert sound_class("нөл") == SoundClass(back=False, final="sonorant", letter="л")


@pytest.mark.parametrize("word", ["", "USD", "70", "ь"])
def test_sound_class_refuses_what_is_not_a_kazakh_word(word):
    with pytest.raises(ValueError):
        sound_class(word)


# --- endings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "chain"),
    [
        ("ға", ("dative",)),
        ("-ге", ("dative",)),
        ("қа", ("dative",)),
        ("ке", ("dative",)),
        ("да", ("locative",)),
        ("те", ("locative",)),
        ("дан", ("ablative",)),
        ("нан", ("ablative",)),
        ("тен", ("ablative",)),
        ("ны", ("accusative",)),
        ("ды", ("accusative",)),
        ("ті", ("accusative",)),
        ("ның", ("genitive",)),
        ("дің", ("genitive",)),
        ("тың", ("genitive",)),
        ("мен", ("instrumental",)),
        ("бен", ("instrumental",)),
        ("пен", ("instrumental",)),
        ("ы", ("possessive",)),
        ("сі", ("possessive",)),
        ("ына", ("possessive", "dative")),
        ("сіне", ("possessive", "dative")),
        ("ында", ("possessive", "locative")),
        ("інен", ("possessive", "ablative")),
        ("ын", ("possessive", "accusative")),
        ("сін", ("possessive", "accusative")),
        ("ының", ("possessive", "genitive")),
        ("імен", ("possessive", "instrumental")),
        ("дағы", ("locative", "attributive")),
        ("тегі", ("locative", "attributive")),
        ("ындағы", ("possessive", "locative", "attributive")),
        ("лар", ("plural",)),
        ("тер", ("plural",)),
        ("дарға", ("plural", "dative")),
        ("лары", ("plural", "possessive")),
        ("теріне", ("plural", "possessive", "dative")),
        ("‑ҒА", ("dative",)),
    ],
)
def test_parse_ending_names_the_chain_of_any_allomorph(written, chain):
    assert parse_ending(written) == Ending(chain)


@pytest.mark.parametrize("written", ["", "-", "менен", "ші", "ыншы", "мамыр", "на", "н", "ga", "ғаа"])
def test_parse_ending_returns_none_for_what_it_does_not_know(written):
    assert parse_ending(written) is None


@pytest.mark.parametrize("chain", CHAINS)
def test_every_allomorph_of_a_chain_parses_back_to_it(chain):
    ending = Ending(chain)
    assert ending.allomorphs
    for spelling in ending.allomorphs:
        assert parse_ending(spelling) == ending


def test_endings_have_readable_names():
    assert parse_ending("ына").name == "possessive+dative"


# --- attaching ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ending", "expected"),
    [
        ("17,2%", "ге", "17,2%-ға"),
        ("2024 жылғы 27 маусым", "де", "2024 жылғы 27 маусымда"),
        ("14,7 млрд теңге", "дан", "14,7 млрд теңгеден"),
        ("2028", "ға", "2028-ге"),
        ("3,4 млн", "ға", "3,4 млн-ға"),
        ("3,4 млн", "ден", "3,4 млн-нан"),
        ("70%", "ы", "70%-ы"),
        ("70", "ға", "70-ке"),
        ("40", "дан", "40-тан"),
        ("40%", "нан", "40%-дан"),
        ("7,5%", "ны", "7,5%-ды"),
        ("2000", "ге", "2000-ға"),
        ("100", "ға", "100-ге"),
        (f"1{NBSP}000{NBSP}000", "ге", f"1{NBSP}000{NBSP}000-ға"),
        (f"1{NBSP}000{NBSP}000", "ден", f"1{NBSP}000{NBSP}000-нан"),
        ("1,2 млрд", "ға", "1,2 млрд-қа"),
        ("1,2 млрд", "дан", "1,2 млрд-тан"),
        ("1,2 миллиард", "ға", "1,2 миллиардқа"),
        ("91 млн доллар", "ның", "91 млн доллардың"),
        ("2028 жылғы мамыр", "те", "2028 жылғы мамырда"),
        ("27 маусым", "ға", "27 маусымға"),
        ("40 млн еуро", "ге", "40 млн еуроға"),
        ("1,6 млрд рубль", "ға", "1,6 млрд рубльге"),
        ("1,6 млрд рубль", "ы", "1,6 млрд рублі"),
        ("27 қыркүйек", "і", "27 қыркүйегі"),
        ("27 қыркүйек", "ге", "27 қыркүйекке"),
        ("2", "ы", "2-сі"),
        ("6", "і", "6-сы"),
        ("20", "ына", "20-сына"),
        ("5", "сына", "5-іне"),
        ("8", "мен", "8-бен"),
        ("3", "мен", "3-пен"),
        ("10", "пен", "10-мен"),
        ("0", "лар", "0-дер"),
        ("50", "дар", "50-лер"),
        ("7 500 теңге", "дағы", "7 500 теңгедегі"),
        ("2024 жылғы 27 маусым", "ғы", None),
        ("91 млн доллар", "ының", "91 млн долларының"),
        ("14,7 млрд ₸", "ға", "14,7 млрд ₸-ге"),
        (f"₸7{NBSP}500", "ға", f"₸7{NBSP}500-ге"),
        ("$91 млн", "ге", "$91 млн-ға"),
        ("АҚШ", "ға", "АҚШ-қа"),
        ("70% ", "ы", "70%-ы"),
    ],
)
def test_attach_chooses_and_spells_the_allomorph(value, ending, expected):
    if expected is None:
        with pytest.raises(ValueError, match="not a Kazakh case ending"):
            attach(value, ending)
    else:
        assert attach(value, ending) == expected


# Each number word after the cases: dative, locative, ablative, accusative,
# genitive, instrumental, possessive.
NUMBER_ENDINGS = {
    0: "ге де ден ді дің мен і",
    1: "ге де ден ді дің мен і",
    2: "ге де ден ні нің мен сі",
    3: "ке те тен ті тің пен і",
    4: "ке те тен ті тің пен і",
    5: "ке те тен ті тің пен і",
    6: "ға да дан ны ның мен сы",
    7: "ге де ден ні нің мен сі",
    8: "ге де ден ді дің бен і",
    9: "ға да дан ды дың бен ы",
    10: "ға да нан ды ның мен ы",
    20: "ға да дан ны ның мен сы",
    30: "ға да дан ды дың бен ы",
    40: "қа та тан ты тың пен ы",
    50: "ге де ден ді дің мен і",
    60: "қа та тан ты тың пен ы",
    70: "ке те тен ті тің пен і",
    80: "ге де нен ді нің мен і",
    90: "ға да нан ды ның мен ы",
    100: "ге де ден ді дің бен і",
    1000: "ға да нан ды ның мен ы",
}
CASE_WRITTEN = ["ға", "да", "дан", "ды", "дың", "мен", "ы"]


@pytest.mark.parametrize("number", NUMBER_ENDINGS)
def test_numbers_take_the_endings_of_their_last_word(number):
    for written, expected in zip(CASE_WRITTEN, NUMBER_ENDINGS[number].split(), strict=True):
        assert attach(str(number), written) == f"{number}-{expected}"


MONTH_ENDINGS = {
    "қаңтар": "ға да дан",
    "ақпан": "ға да нан",
    "наурыз": "ға да дан",
    "сәуір": "ге де ден",
    "мамыр": "ға да дан",
    "маусым": "ға да нан",
    "шілде": "ге де ден",
    "тамыз": "ға да дан",
    "қыркүйек": "ке те тен",
    "қазан": "ға да нан",
    "қараша": "ға да дан",
    "желтоқсан": "ға да нан",
}


@pytest.mark.parametrize("month", MONTHS)
def test_month_names_are_joined_to_their_endings(month):
    for written, expected in zip(["ке", "те", "тен"], MONTH_ENDINGS[month].split(), strict=True):
        assert attach(f"2024 жылғы 27 {month}", written) == f"2024 жылғы 27 {month}{expected}"
        assert attach(f"2028 жылғы {month}", written) == f"2028 жылғы {month}{expected}"


# The currency word after dative, ablative, genitive, accusative, instrumental, possessive.
MONEY_ENDINGS = {
    "теңге": "теңгеге теңгеден теңгенің теңгені теңгемен теңгесі",
    "доллар": "долларға доллардан доллардың долларды доллармен доллары",
    "еуро": "еуроға еуродан еуроның еуроны еуромен еуросы",
    "рубль": "рубльге рубльден рубльдің рубльді рубльмен рублі",
    "фунт": "фунтқа фунттан фунттың фунтты фунтпен фунты",
}


@pytest.mark.parametrize("currency", MONEY_ENDINGS)
def test_currency_words_are_joined_to_their_endings(currency):
    for written, expected in zip(["ға", "дан", "дың", "ды", "мен", "ы"], MONEY_ENDINGS[currency].split(), strict=True):
        assert attach(f"14,7 млрд {currency}", written) == f"14,7 млрд {expected}"


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [("₸", "ге"), ("$", "ға"), ("€", "ға"), ("₽", "ге"), ("£", "қа"), ("%", "ға")],
)
def test_symbols_take_the_endings_of_the_word_they_stand_for(symbol, expected):
    assert attach(f"5 млн {symbol}", "ға") == f"5 млн {symbol}-{expected}"


@pytest.mark.parametrize(
    ("word", "endings"),
    [
        ("маусым", "ына ында ынан ын ының ымен ындағы"),
        ("теңге", "сіне сінде сінен сін сінің сімен сіндегі"),
        ("доллар", "ына ында ынан ын ының ымен ындағы"),
        ("қыркүйек", "іне інде інен ін інің імен індегі"),
    ],
)
def test_possessive_chains_take_the_pronominal_n(word, endings):
    chains = ["ына", "ында", "ынан", "ын", "ының", "ымен", "ындағы"]
    for written, expected in zip(chains, endings.split(), strict=True):
        stem = "қыркүйег" if word == "қыркүйек" else word
        assert attach(f"27 {word}", written) == f"27 {stem}{expected}"


@pytest.mark.parametrize(
    ("value", "plural"),
    [("жүз", "дер"), ("нөл", "дер"), ("екі", "лер"), ("бір", "лер"), ("мың", "дар"), ("алпыс", "тар"), ("елу", "лер")],
)
def test_plural_after_l_nasals_and_voiced_takes_d(value, plural):
    assert attach(value, "лар") == value + plural
    assert attach(value, "ларға").startswith(value + plural)


def test_attach_refuses_an_unknown_ending():
    with pytest.raises(ValueError, match="not a Kazakh case ending"):
        attach("70%", "менен")


# --- hyphen or joined -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hyphen"),
    [
        ("2028", True),
        ("17,2%", True),
        ("3,4 млн", True),
        ("1,2 млрд", True),
        ("5 трлн", True),
        ("12 км", True),
        ("40 т", True),
        ("14,7 млрд ₸", True),
        (f"₸7{NBSP}500", True),
        ("450 м.", True),
        ("АҚШ", True),
        ("5 USD", True),
        ("14,7 млрд теңге", False),
        ("2024 жылғы 27 маусым", False),
        ("2028 жылғы мамыр", False),
        ("7 мың", False),
        ("Алматы", False),
        ("Нұр-Сұлтан", False),
    ],
)
def test_needs_hyphen_after_digits_symbols_and_abbreviations_only(value, hyphen):
    assert needs_hyphen(value) is hyphen


def test_needs_hyphen_refuses_an_empty_value():
    with pytest.raises(ValueError):
        needs_hyphen("  ")


# --- values formatted by Babel for kk_KZ ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (format_decimal(Decimal("7500"), locale="kk_KZ"), "-ге"),
        (format_decimal(Decimal("2450000"), locale="kk_KZ"), "-ға"),
        (format_decimal(Decimal("2028"), locale="kk_KZ"), "-ге"),
        (format_percent(Decimal("0.172"), "#,##0.#%", locale="kk_KZ"), "-ға"),
        (format_currency(Decimal("7500"), "KZT", locale="kk_KZ"), "-ге"),
        (format_currency(Decimal("91000000"), "USD", locale="kk_KZ"), "-ға"),
        (format_compact_decimal(3_400_000, locale="kk_KZ", fraction_digits=1), "-ға"),
        (format_compact_decimal(1_200_000_000, locale="kk_KZ", fraction_digits=1), "-қа"),
        (format_date(datetime.date(2024, 6, 27), "long", locale="kk_KZ"), "ға"),
        (format_date(datetime.date(2024, 6, 27), "full", locale="kk_KZ"), "ге"),
    ],
)
def test_babel_kk_values_take_the_right_dative(value, expected):
    assert attach(value, "ға") == value + expected


# --- invariants -------------------------------------------------------------------------

SEPARATOR = st.sampled_from([NBSP, NNBSP])
INTEGERS = st.integers(min_value=0, max_value=10**15)
KK_INTEGER = st.builds(kk_integer, INTEGERS, SEPARATOR, st.booleans())
KK_DECIMAL = st.builds(
    lambda whole, fraction: f"{whole},{fraction}", KK_INTEGER, st.text("0123456789", min_size=1, max_size=3)
)
SUFFIX = st.sampled_from(["", "%", f"{NBSP}млн", f"{NBSP}млрд", f"{NBSP}трлн", f"{NBSP}₸", f"{NBSP}$", f"{NBSP}м."])
KK_VALUE = st.builds(str.__add__, st.one_of(KK_INTEGER, KK_DECIMAL), SUFFIX)
CHAIN = st.sampled_from(CHAINS)

BACK = set("аоұы")
FRONT = set("әеөүі")
FINAL = {
    **dict.fromkeys("аәеоөұүыі", "vowel"),
    **dict.fromkeys("рйлу", "sonorant"),
    **dict.fromkeys("мнң", "nasal"),
    **dict.fromkeys("зж", "voiced"),
    **dict.fromkeys("кқпстшд", "voiceless"),
}
# The first letter of each single suffix by the final sound before it (None: a vowel, ы or і).
FIRST_LETTER = {
    "dative": {"voiceless": "қк", "vowel": "ғг", "sonorant": "ғг", "nasal": "ғг", "voiced": "ғг"},
    "locative": {"voiceless": "т", "vowel": "д", "sonorant": "д", "nasal": "д", "voiced": "д"},
    "ablative": {"voiceless": "т", "vowel": "д", "sonorant": "д", "nasal": "н", "voiced": "д"},
    "accusative": {"voiceless": "т", "vowel": "н", "sonorant": "д", "nasal": "д", "voiced": "д"},
    "genitive": {"voiceless": "т", "vowel": "н", "sonorant": "д", "nasal": "н", "voiced": "д"},
    "instrumental": {"voiceless": "п", "vowel": "м", "sonorant": "м", "nasal": "м", "voiced": "б"},
    "possessive": {"voiceless": "ыі", "vowel": "с", "sonorant": "ыі", "nasal": "ыі", "voiced": "ыі"},
}


def is_back(word: str) -> bool:
    return next(c in BACK for c in reversed(word) if c in BACK | FRONT)


def suffix_of(value: str, ending: str) -> str:
    result = attach(value, ending)
    assert result.startswith(value + "-")
    return result[len(value) + 1 :]


@given(INTEGERS)
def test_the_last_word_of_an_integer_is_the_last_word_of_its_full_reading(n):
    assert last_word_read_aloud(str(n)) == spell_out(n)[-1]


@given(INTEGERS, SEPARATOR)
def test_digit_groups_do_not_change_the_reading(n, separator):
    assert last_word_read_aloud(kk_integer(n, separator, grouped=True)) == last_word_read_aloud(str(n))


@given(KK_INTEGER, st.integers(min_value=1, max_value=999))
def test_a_decimal_ends_with_its_fraction_read_as_a_number(whole, fraction):
    assert last_word_read_aloud(f"{whole},{fraction}") == spell_out(fraction)[-1]


@given(KK_VALUE, CHAIN)
def test_attach_keeps_the_value_and_adds_a_hyphen_and_the_spelled_chain(value, chain):
    ending = Ending(chain)
    written = sorted(ending.allomorphs)[0]
    assert needs_hyphen(value)
    assert suffix_of(value, written) == ending.spell(sound_class(last_word_read_aloud(value)))


@given(KK_VALUE, CHAIN)
def test_the_ending_has_the_harmony_of_the_last_word_read_aloud(value, chain):
    suffix = suffix_of(value, sorted(Ending(chain).allomorphs)[0])
    if chain[-1] == "instrumental":
        suffix = suffix[:-3]  # -мен never harmonises
    vowels = [c for c in suffix if c in BACK | FRONT]
    expected = BACK if is_back(last_word_read_aloud(value)) else FRONT
    assert all(c in expected for c in vowels)


@given(KK_VALUE, st.sampled_from(list(FIRST_LETTER)))
def test_the_first_letter_of_the_ending_follows_the_final_sound(value, morpheme):
    final = FINAL[last_word_read_aloud(value)[-1]]
    suffix = suffix_of(value, sorted(Ending((morpheme,)).allomorphs)[0])
    assert suffix[0] in FIRST_LETTER[morpheme][final]


@given(KK_VALUE, CHAIN)
def test_every_allomorph_of_a_chain_gives_the_same_result(value, chain):
    results = {attach(value, written) for written in Ending(chain).allomorphs}
    assert len(results) == 1


@given(KK_VALUE, CHAIN)
def test_attaching_the_result_s_own_ending_gives_the_same_result(value, chain):
    result = attach(value, sorted(Ending(chain).allomorphs)[0])
    suffix = result.rsplit("-", 1)[1]
    assert attach(value, suffix) == result
    assert attach(value, "-" + suffix) == result


@given(
    st.sampled_from([*MONTHS, "теңге", "доллар", "еуро", "фунт", "мың", "миллион", "миллиард"]),
    st.sampled_from([c for c in CHAINS if "possessive" not in c]),
)
def test_a_full_word_is_kept_and_joined_to_its_ending(word, chain):
    value = f"27 {word}"
    result = attach(value, sorted(Ending(chain).allomorphs)[0])
    assert not needs_hyphen(value)
    assert result == value + Ending(chain).spell(sound_class(word))
