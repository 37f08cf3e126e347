"""Locale-sensitive values become named placeholders; everything else stays literal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.models import DateValue, Kind, MoneyValue, NumberValue, PercentValue
from pipeline.placeholders import extract_template


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("2024-06-27", Kind.DATE, DateValue(2024, 6, 27)),
        ("June 27, 2024", Kind.DATE, DateValue(2024, 6, 27)),
        ("27 June 2024", Kind.DATE, DateValue(2024, 6, 27)),
        ("May 2028", Kind.MONTH, DateValue(2028, 5, None)),
        ("Sept. 14", Kind.DAY, DateValue(None, 9, 14)),
        ("14 September", Kind.DAY, DateValue(None, 9, 14)),
        ("14.7 billion tenge", Kind.AMOUNT, MoneyValue(Decimal("14.7e9"), "KZT", True, 9)),
        ("KZT 5 billion", Kind.AMOUNT, MoneyValue(Decimal("5e9"), "KZT", True, 9)),
        ("KZT120bn", Kind.AMOUNT, MoneyValue(Decimal("120e9"), "KZT", True, 9)),
        ("$1.2 million", Kind.AMOUNT, MoneyValue(Decimal("1.2e6"), "USD", True, 6)),
        ("US$3.1 billion", Kind.AMOUNT, MoneyValue(Decimal("3.1e9"), "USD", True, 9)),
        ("€3 million", Kind.AMOUNT, MoneyValue(Decimal("3e6"), "EUR", True, 6)),
        ("1.6 billion rubles", Kind.AMOUNT, MoneyValue(Decimal("1.6e9"), "RUB", True, 9)),
        ("7,500 tenge", Kind.AMOUNT, MoneyValue(Decimal("7500"), "KZT", False)),
        ("70%", Kind.PERCENT, PercentValue(Decimal("70"))),
        ("12 percent", Kind.PERCENT, PercentValue(Decimal("12"))),
        ("6 per cent", Kind.PERCENT, PercentValue(Decimal("6"))),
        ("17.2%", Kind.PERCENT, PercentValue(Decimal("17.2"))),
        ("2,450,000", Kind.NUMBER, NumberValue(Decimal("2450000"), False)),
        ("3.4 million", Kind.NUMBER, NumberValue(Decimal("3.4e6"), True, 6)),
        ("8.4", Kind.NUMBER, NumberValue(Decimal("8.4"), False)),
    ],
)
def test_value_becomes_a_placeholder(text, kind, value):
    template = extract_template(f"It was {text} then.")
    assert template.msgid == f"It was {{{kind.value}}} then."
    (placeholder,) = template.placeholders
    assert placeholder.kind is kind
    assert placeholder.source == text
    assert placeholder.value == value


@pytest.mark.parametrize(
    "text",
    [
        "Since 2018, it has run.",
        "It makes 6-8 launches per year.",
        "Between 2019–2024 and 2024-2026 it grew.",
        "Soyuz-5 and Soyuz MS-26 flew.",
        "See No. 512 at gov.kz today.",
        "A 600-seat school is set to be built here.",
        "It rose 5,1 per cent.",
        "Version 1.2.3 shipped.",
        "They may meet again.",
    ],
)
def test_text_stays_literal(text):
    template = extract_template(text)
    assert template.msgid == text
    assert template.placeholders == ()
    assert not template.is_format


def test_repeated_kinds_are_numbered_in_order():
    template = extract_template("From $5 million to $7 million between May 2020 and June 2021, up 4%.")
    assert template.msgid == "From {amount_1} to {amount_2} between {month_1} and {month_2}, up {percent}."


def test_each_date_granularity_is_its_own_placeholder_kind():
    template = extract_template("Due on June 27, 2024, from May 2020 and by Feb. 9, after 27 June 2025.")
    assert template.msgid == "Due on {date_1}, from {month} and by {day}, after {date_2}."
    assert [p.kind for p in template.placeholders] == [Kind.DATE, Kind.MONTH, Kind.DAY, Kind.DATE]


def test_a_message_with_one_number_counts_it_and_one_with_two_does_not():
    assert extract_template("It cost $5 million on May 2, 2024.").count.name == "amount"
    assert extract_template("It rose 4% to 2,500 units.").count is None
    assert extract_template("It opened on May 2, 2024.").count is None


def test_literal_braces_are_doubled_only_in_format_messages():
    assert extract_template("A {brace} here.").msgid == "A {brace} here."
    assert extract_template("A {brace} cost $5 million.").msgid == "A {{brace}} cost {amount}."
