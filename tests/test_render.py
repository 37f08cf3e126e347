"""Substitution by name only: hostile translations are refused, never executed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SEED, Project

from pipeline.errors import PlaceholderError
from pipeline.localeformat import LocaleFormat
from pipeline.models import DateValue, MoneyValue, NumberValue, PercentValue, Style
from pipeline.substitution import check_translation, fill

MSGID = "{amount} were spent this year."


@pytest.mark.parametrize(
    ("msgstr", "reason"),
    [
        ("{amount.__class__} потрачено.", "placeholder {amount.__class__} is not a plain name"),
        ("{amount.__class__.__init__.__globals__}", "placeholder {amount.__class__.__init__.__globals__} is not"),
        ("{0} потрачено.", "placeholder {0} is not a plain name"),
        ("{amount!r} потрачено.", "placeholder {amount!r} is not a plain name"),
        ("{amount:>99999} потрачено.", "placeholder {amount:>99999} is not a plain name"),
        ("{amount[0]} потрачено.", "placeholder {amount[0]} is not a plain name"),
        ("Потрачено.", "placeholder {amount} is missing"),
        ("{amount} и {total} потрачено.", "placeholder {total} is not in the msgid"),
        ("{amount} потрачено {", "unpaired '{'"),
        ("{amount} потрачено }", "unpaired '}'"),
    ],
)
def test_bad_translation_is_refused(msgstr, reason):
    with pytest.raises(PlaceholderError) as caught:
        check_translation(MSGID, msgstr)
    assert caught.value.message.startswith(reason)


def test_fill_substitutes_by_name_and_unescapes_doubled_braces():
    assert fill("{{x}} {amount}, {amount}!", {"amount": "14,7 млрд ₸"}) == "{x} 14,7 млрд ₸, 14,7 млрд ₸!"


def test_fill_never_formats_values_as_templates():
    assert fill("{a}", {"a": "{b.__class__}"}) == "{b.__class__}"


def test_fill_refuses_unknown_names():
    with pytest.raises(PlaceholderError):
        fill("{secret}", {"amount": "1"})


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("ru_KZ", DateValue(2024, 6, 27), "27 июня 2024\u202fг."),
        ("kk_KZ", DateValue(2024, 6, 27), "2024\u202fж. 27 маусым"),
        ("ru_KZ", DateValue(2028, 5, None), "май 2028\u202fг."),
        ("ru_KZ", DateValue(None, 9, 14), "14 сентября"),
        ("ru_KZ", MoneyValue(Decimal("14.7e9"), "KZT", True), "14,7\xa0млрд\xa0₸"),
        ("kk_KZ", MoneyValue(Decimal("14.7e9"), "KZT", True), "14,7\xa0млрд\xa0₸"),
        ("ru_KZ", MoneyValue(Decimal("512.8e6"), "USD", True), "512,8\xa0млн\xa0$"),
        ("ru_KZ", MoneyValue(Decimal("7500"), "KZT", False), "7\xa0500\xa0₸"),
        ("ru_KZ", MoneyValue(Decimal("100.00"), "USD", False), "100,00\xa0$"),
        ("ru_KZ", PercentValue(Decimal("70")), "70\xa0%"),
        ("kk_KZ", PercentValue(Decimal("17.2")), "17,2%"),
        ("ru_KZ", NumberValue(Decimal("1285"), False), "1\xa0285"),
        ("ru_KZ", NumberValue(Decimal("3.4e6"), True), "3,4\xa0млн"),
    ],
)
def test_values_are_formatted_by_cldr_keeping_precision(locale, value, expected):
    assert LocaleFormat(locale).format(value) == expected


AMOUNT = MoneyValue(Decimal("14.7e9"), "KZT", True)


@pytest.mark.parametrize(
    ("locale", "style", "value", "expected"),
    [
        ("ru_KZ", Style(money="word", currency_words={"KZT": "тенге"}), AMOUNT, "14,7\xa0млрд\xa0тенге"),
        ("kk_KZ", Style(money="word", currency_words={"KZT": "теңге"}), AMOUNT, "14,7\xa0млрд\xa0теңге"),
        ("ru_KZ", Style(money="word", currency_words={"KZT": "тенге"}), MoneyValue(Decimal("5e6"), "USD", True),
         "5\xa0млн\xa0$"),
        ("ru_KZ", Style(money="code"), AMOUNT, "14,7\xa0млрд\xa0KZT"),
        ("ru_KZ", Style(money="name"), AMOUNT, "14,7\xa0млрд\xa0казахских тенге"),
        ("ru_KZ", Style(money="name"), MoneyValue(Decimal("1"), "USD", False), "1\xa0доллар США"),
        ("ru_KZ", Style(compact=False), AMOUNT, "14\xa0700\xa0000\xa0000\xa0₸"),
        ("ru_KZ", Style(compact=False), NumberValue(Decimal("3.4e6"), True), "3\xa0400\xa0000"),
        ("ru_KZ", Style(date="short"), DateValue(2024, 6, 27), "27.06.2024"),
        ("ru_KZ", Style(date="full"), DateValue(2024, 6, 27), "четверг, 27 июня 2024\u202fг."),
        ("ru_KZ", Style(date="yMMMd"), DateValue(2024, 6, 27), "27 июн. 2024\u202fг."),
        ("kk_KZ", Style(date="medium"), DateValue(2024, 6, 27), "2024\u202fж. 27 мау."),
    ],
)  # fmt: skip
def test_house_style_chooses_date_and_money_display(locale, style, value, expected):
    assert LocaleFormat(locale, style).format(value) == expected


def test_an_unusable_date_skeleton_is_a_config_error():
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="date format"):
        LocaleFormat("ru_KZ", Style(date="Qzzz"))


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\n\n", "  \n", ""])
def test_the_files_last_newline_is_no_line_break_in_the_html_page(ending):
    from pathlib import Path

    from pipeline.article import parse_article
    from pipeline.render import localize, to_html

    text = "Dateless story. It has a second sentence.\nA line the author broke.\n\nLast paragraph." + ending
    article = parse_article(text, Path("source/story.txt"), "en")
    doc = localize(article, "en", is_source=True, fmt=LocaleFormat("en"), translations={})
    page = to_html(doc, ("en",), "en")
    assert "<p>Dateless story. It has a second sentence.<br>\nA line the author broke.</p>" in page
    assert "<p>Last paragraph.</p>" in page


_MARKDOWN_LOADED = """
import sys
from pipeline.cli import cli
try:
    cli(["-q", "all"])
except SystemExit:
    pass
print("markdown_it" in sys.modules)
"""


def test_markdown_it_is_loaded_by_markdown_articles_only(project: Project):
    import subprocess
    import sys

    def loaded() -> str:
        run = subprocess.run([sys.executable, "-c", _MARKDOWN_LOADED], cwd=project.root, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout

    # The whole cycle of a plain-text archive (its catalogues merged, every format built) does without it,
    # and so does taking in a translator's edit (its translations checked as the build checks them, the
    # other article's catalogue, with a sentence to translate, left unread).
    (project.root / "source" / "brief.txt").write_text("A sentence nobody has translated yet.\n", encoding="utf-8")
    assert loaded() == "False\n"
    assert (project.root / "build" / "ru" / f"{SEED}.html").exists()
    po = project.root / "locale" / "ru" / "LC_MESSAGES" / f"{SEED}.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Фото: gov.kz", "Фото: Gov.kz"), encoding="utf-8")
    assert loaded() == "False\n"
    assert "Фото: Gov.kz" in (project.root / "build" / "ru" / f"{SEED}.txt").read_text(encoding="utf-8")
    (project.root / "source" / "other.md").write_text("---\ntitle: A brief\n---\n\nThe *first* sentence.\n")
    assert loaded() == "True\n"
    assert "<em>" in (project.root / "build" / "en" / "other.html").read_text(encoding="utf-8")
