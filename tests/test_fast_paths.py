"""The build's and the extract's caches and fast paths give the answers of the slow paths they skip (Hypothesis)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from decimal import Decimal
from typing import NamedTuple

import pytest
from babel.numbers import parse_pattern
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import placeholders, records, render, review
from pipeline.config import HOUSE_STYLES
from pipeline.localeformat import LocaleFormat
from pipeline.models import MoneyValue, NumberValue, PercentValue, Style

# --- placeholders: the patterns' gates -----------------------------------------

# Pieces of wire copy around values: every pattern's anchors, near misses of them, digits and separators.
_TOKENS = st.sampled_from(
    [
        "January", "Jan.", "Feb", "March", "Mar", "May", "June", "Sept.", "Sep", "Dec", "Decade", "Mayor",
        "1", "3", "12", "28", "29", "30", "31", "2024", "1999", "2025-02-30", "2024-06-27", "0?", "5th", "1st",
        "14.7", "1,285", "1,285.50", "7.30", "2.3", "4.0", "$", "US$", "€", "£", "₸", "₽", "¥", "Tg", "Tgx",
        "KZT", "USD", "EURO", "tenge", "dollars", "US dollars", "euro", "roubles", "yuan", "%", "percent",
        "per cent", "per", "thousand", "million", "billion", "trillion", "mln", "bn", "k", "m", "b",
        "-", "−", "–", "/", ",", ".", "(", ")", "a.m.", "paragraph", "Industry", "Web", "COVID-19", "x",
    ]
)  # fmt: skip
_SEPARATORS = st.sampled_from(["", " ", " ", "\u00a0", ", ", "-", "\n"])


@st.composite
def _copy(draw) -> str:
    tokens = draw(st.lists(st.tuples(_TOKENS, _SEPARATORS), max_size=12))
    return "".join(token + separator for token, separator in tokens)


def _found(sentence: str, *, gated: bool) -> list:
    return [(kind, m.span(), m.group(0), value) for kind, m, value in placeholders._find_values(sentence, gated=gated)]


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_copy(), st.text(max_size=40)))
def test_gated_patterns_find_what_every_pattern_finds(sentence: str) -> None:
    assert _found(sentence, gated=True) == _found(sentence, gated=False)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_copy(), st.text(max_size=40)))
def test_impossible_dates_fast_path_agrees(sentence: str) -> None:
    assert placeholders.impossible_dates(sentence) == placeholders._impossible_dates(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "On 2025-02-30 and February 30, 2025, 31 April and Sept. 31 nothing happened.",
        "Exports grew 14.7% to US$1,285.5 million, KZT 3 bn and 12 billion tenge in May 2024.",
        "Prices rose 7.30 p.m. on March 3 by 5 per cent, 2.3 percent, −4% and 21 thousand dollars.",
    ],
)
def test_gates_on_wire_copy(sentence: str) -> None:
    assert _found(sentence, gated=True) == _found(sentence, gated=False)
    assert placeholders.impossible_dates(sentence) == placeholders._impossible_dates(sentence)


# --- render: Markdown escaping and line breaks -----------------------------------

_MARKDOWN_TEXT = st.text(alphabet=st.sampled_from(" \t\n\r#+-*_`\\[]<>.)1234567890aбк"), max_size=30)


@settings(max_examples=3000, deadline=None)
@given(_MARKDOWN_TEXT)
def test_md_escape_fast_paths_agree(text: str) -> None:
    slow = render._MD_LINE_START.sub(r"\1\\\2", render._MD_INLINE.sub(r"\\\1", text))
    assert render._md_escape(text) == slow


@settings(max_examples=1000, deadline=None)
@given(_MARKDOWN_TEXT)
def test_breaks_fast_path_agrees(text: str) -> None:
    assert render._breaks(text, "\\\n") == re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", "\\\\\n", text)
    assert render._breaks(text, "<br>\n") == re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", "<br>\n", text)


# --- caches ----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["en", "kk", "ru", "de", "zh_Hant", "kk", "ru"])
def test_language_name_cache_agrees(code: str) -> None:
    assert review.language_name(code) == review.language_name.__wrapped__(code)


_AMOUNTS = st.builds(
    lambda digits, exponent, sign: Decimal(sign * digits).scaleb(exponent),
    st.integers(0, 10**7),
    st.integers(-3, 9),
    st.sampled_from([1, -1]),
)
_MONEY = st.builds(
    lambda amount, currency, magnitude, compact: MoneyValue(amount, currency, compact=compact, magnitude=magnitude),
    _AMOUNTS,
    st.sampled_from(["KZT", "USD", "EUR", "RUB", "GBP", "CNY", "AED"]),
    st.sampled_from([0, 3, 6, 9, 12]),
    st.booleans(),
)
_CASES = st.sampled_from([None, "nomn", "gent", "datv", "accs", "ablt", "loct"])
_STYLES = [Style(), Style(money="code"), Style(money="name"), Style(compact=False), *HOUSE_STYLES.values()]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_MONEY, _CASES), min_size=1, max_size=6), st.sampled_from(["ru_KZ", "kk_KZ", "en_US"]))
def test_money_cache_agrees(calls: list, locale: str) -> None:
    for style in _STYLES:
        cached, fresh = LocaleFormat(locale, style), LocaleFormat(locale, style)
        for value, case in calls + calls:  # the second time from the cache
            assert cached.money(value, case) == fresh._money_uncached(value, case)
        # A value equal to another but written otherwise is no hit: 8.0 is not 8.
        for value, case in calls:
            other = dataclasses.replace(value, amount=value.amount.normalize())
            assert cached.money(other, case) == fresh._money_uncached(other, case)


_NUMBERS = st.one_of(
    st.builds(lambda amount, compact: NumberValue(amount, compact=compact, magnitude=0), _AMOUNTS, st.booleans()),
    st.builds(
        lambda amount, magnitude: NumberValue(amount, compact=True, magnitude=magnitude),
        _AMOUNTS,
        st.sampled_from([3, 6, 9, 12]),
    ),
)
_VALUES = st.one_of(_NUMBERS, _MONEY, st.builds(PercentValue, _AMOUNTS))
_LOCALES = st.sampled_from(["ru_KZ", "kk_KZ", "en_US", "de_DE", "ar_EG"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=8), _LOCALES, st.sampled_from(_STYLES))
def test_formatting_does_not_depend_on_what_was_formatted_before(values: list, locale: str, style: Style) -> None:
    warm = LocaleFormat(locale, style)
    for value in values:
        assert warm._format(value) == LocaleFormat(locale, style)._format(value)


@settings(max_examples=300, deadline=None)
@given(_AMOUNTS, _LOCALES, st.sampled_from(["KZT", "USD", "EUR"]))
def test_kept_patterns_agree_with_babels_copy(number: Decimal, locale: str, currency: str) -> None:
    fmt = LocaleFormat(locale)
    digits = max(0, -number.as_tuple().exponent)
    for which, base in (
        ("decimal", fmt.locale.decimal_formats[None]),
        ("percent", fmt.locale.percent_formats[None]),
        ("currency", parse_pattern(fmt.locale.currency_formats["standard"])),
    ):
        pattern = copy.copy(base)
        pattern.frac_prec = (digits, digits)
        for _ in range(2):  # the second time from the cache
            kept = fmt._pattern(which, digits)
            assert kept.apply(number, fmt.locale, currency=currency, currency_digits=False) == pattern.apply(
                number, fmt.locale, currency=currency, currency_digits=False
            )
    for magnitude in (0, 3, 6, 9, 12, 15):
        for unit_currency in (None, currency):
            assert fmt._unit(unit_currency, magnitude) == fmt._unit_uncached(unit_currency, magnitude)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dates(), min_size=1, max_size=5), _LOCALES, st.sampled_from(_STYLES))
def test_dateline_cache_agrees(dates: list, locale: str, style: Style) -> None:
    fmt = LocaleFormat(locale, style)
    for date in dates + dates:
        assert fmt.dateline(date) == fmt._date_as(style.dateline, date)


# --- records: large files written in pieces -----------------------------------------


class _Record(NamedTuple):
    digest: object
    pairs: object


# Records hold named tuples, written as lists; integers past 64 bits are json's to write.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-(2**70), 2**70) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=7)
        | st.dictionaries(st.text(max_size=4), inner, max_size=7)
        | st.builds(_Record, inner, inner)
        | st.tuples(inner, inner)
    ),
    max_leaves=40,
)


# Keys json writes as strings too (unsorted: json cannot sort keys of several types).
_KEYS = st.one_of(st.text(max_size=4), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
_JSON_ANY_KEYS = st.recursive(
    st.none() | st.integers() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=7) | st.dictionaries(_KEYS, inner, max_size=7),
    max_leaves=40,
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.tuples(_JSON, st.booleans()), st.tuples(_JSON_ANY_KEYS, st.just(False))), st.integers(1, 4))
def test_json_written_in_pieces_is_json_dumps_byte_for_byte(case, slice_size: int) -> None:
    value, sort_keys = case
    whole = json.dumps(value, sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert b"".join(records._json_pieces(value, sort_keys, slice_size=slice_size)) == whole


# --- the memory's plural classes -----------------------------------------------

_NOTE_PIECES = st.sampled_from(
    [
        "{amount}: ", "{n}: ", "{date}: ", "{amount}", "KZT 396 million", "5%", " [", "]", "[", "kk: ", "ru: ",
        "en: ", "k: ", ": ", "; ", "one", "few", "many", "other", "two", "zero", "front, vowel", "back", "\n",
        "#. ", "x", " ",
    ]
)  # fmt: skip


def _classes_by_notes(comment: str, lang: str) -> str:
    """The plural classes as read through :func:`value_notes` (the memory's reading before its fast path)."""
    from pipeline.entries import class_kind, value_notes

    return ";".join(
        f"{name}={note.classes[lang]}"
        for name, note in value_notes(comment).items()
        if lang in note.classes and class_kind(note.classes[lang]) == "plural"
    )


@settings(max_examples=3000, deadline=None)
@example("{n}: 5 [ru: one; ru: few]\n{n}: 6 [ru: many]\n{m}: x [kk: front; ru: other]", "ru")
@example("{n}: 5 [kk: front, vowel; ru: one]", "kk")
@given(st.lists(_NOTE_PIECES, max_size=16).map("".join) | st.text(max_size=30), st.sampled_from(["kk", "ru", "k", ""]))
def test_plural_classes_are_those_of_the_value_notes(comment: str, lang: str) -> None:
    from pipeline.entries import plural_classes

    assert plural_classes(comment, lang) == _classes_by_notes(comment, lang)


# --- a translation's placeholders -------------------------------------------------------------------

_BRACE_PIECES = st.sampled_from(
    ["{a}", "{b}", "{ab}", "{amount}", "{{", "}}", "{", "}", "{0}", "{a.b}", "{a!r}", "{a:>3}", "{}", "x", " ", "a"]
)
_BRACED = st.lists(_BRACE_PIECES, max_size=8).map("".join)


def _outcome_parsed(msgid: str, msgstr: str) -> str:
    """What check_translation says when both strings are parsed (the path its fast path skips)."""
    from pipeline.substitution import PlaceholderError, placeholder_names

    try:
        expected = placeholder_names(msgid)
        got = placeholder_names(msgstr)
    except PlaceholderError as exc:
        return exc.message
    extra = [n for n in got if n not in expected]
    if extra:
        return f"placeholder {{{extra[0]}}} is not in the msgid"
    missing = [n for n in expected if n not in got]
    return f"placeholder {{{missing[0]}}} is missing" if missing else ""


@settings(max_examples=4000, deadline=None)
@example("{a} and {a}", "{a} {b}")
@example("{a}", "{{a}}")
@example("{a}", "{a}}{")
@example("{ab}", "{a}{b}")
@given(_BRACED, _BRACED)
def test_a_translations_placeholders_are_checked_as_parsing_both_strings_checks_them(msgid: str, msgstr: str) -> None:
    from pipeline.substitution import PlaceholderError, check_translation

    try:
        check_translation(msgid, msgstr)
        said = ""
    except PlaceholderError as exc:
        said = exc.message
    assert said == _outcome_parsed(msgid, msgstr)


# --- the memory's answers: a rewording judged without the entry it was made in --------------------------------------

_PIECES = st.sampled_from(
    ["{amount}", "{percent}", "{{", "}}", "{", "}", "*", "**", "`code`", "[link](https://a.kz)", "<b>", "\\",
     "|", "\u202e", "\x1b", "Бюджет", "вырос", " ", "."]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    msgid=st.lists(_PIECES, max_size=6).map("".join),
    plural=st.none() | st.lists(_PIECES, max_size=6).map("".join),
    forms=st.lists(st.lists(_PIECES, min_size=1, max_size=6).map("".join), min_size=2, max_size=3),
    is_format=st.booleans(),
    origin=st.sampled_from(["source/a.txt", "source/a.md"]),
)
@example(msgid="{amount}", plural=None, forms=["{amount}", ""], is_format=True, origin="source/a.md")
def test_a_text_always_published_is_published_by_any_entry_of_its_msgids(msgid, plural, forms, is_format, origin):
    import polib

    from pipeline import answers, entries

    # A memory text is a complete translation: a msgstr, or every plural form joined by NUL.
    entry = polib.POEntry(msgid=msgid, occurrences=[(origin, "1")], flags=["python-brace-format"] if is_format else [])
    if plural is None:
        entry.msgstr = text = forms[0]
    else:
        entry.msgid_plural = plural
        entry.msgstr_plural = dict(enumerate(forms))
        text = "\0".join(forms)
    if answers.always_published(entry, text):
        assert entries.refusal(entry) == ""


# --- Markdown signatures: text without a character markup starts with --------------------------------------------

_MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            *"aZ9 \t\n!#>-+=~:()&;.,\"'{}^]/%$@?ё№—«»",
            "&amp;",
            "&#42;",
            "http://a.kz",
            "    ",
            "x.png)",
            "**",
            "*",
            "_",
            "`",
            "[",
            "](",
            "<",
            "<b>",
            "|",
            "\\",
            "[^1]",
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_MARKDOWNISH)
@example("&#42;not emphasis&#42; !alt](x.png) ^1] http://a.kz > ")
@example("*a*")
def test_a_markup_signature_is_markdown_its_whether_or_not_the_text_has_a_markup_character(text):
    from pipeline import markdown

    assert markdown.markup_signature(text) == markdown._signature(text)
