"""Values in wire copy nobody here wrote: what is a value, what is not, and every digit kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import Project

from pipeline.localeformat import LocaleFormat
from pipeline.placeholders import extract_template, impossible_dates


@pytest.mark.parametrize(
    ("sentence", "msgid"),
    [
        # No calendar has these days: text, not a date placeholder.
        ("The talks end on February 30, 2025.", "The talks end on February 30, 2025."),
        ("Payments are due by April 31.", "Payments are due by April 31."),
        ("The contract was signed on 2025-02-29.", "The contract was signed on 2025-02-29."),
        ("Leap day, February 29, 2024, was a Thursday.", "Leap day, {date}, was a Thursday."),
        # Times and references are no quantities.
        ("The first train leaves at 7.30 a.m. on weekdays.", "The first train leaves at 7.30 a.m. on weekdays."),
        ("Flights resume at 10.45 GMT.", "Flights resume at 10.45 GMT."),
        (
            "Under paragraph 2.3 of the decree, fees rise 4.5%.",
            "Under paragraph 2.3 of the decree, fees rise {percent}.",
        ),
        ("Article 12.1 of the Tax Code was amended.", "Article 12.1 of the Tax Code was amended."),
        ("See section 4.2 for the figures.", "See section 4.2 for the figures."),
        # Names and versions.
        ("The Industry 4.0 programme covers 120 plants.", "The Industry 4.0 programme covers 120 plants."),
        ("Banks moved to Web 3.0 services.", "Banks moved to Web 3.0 services."),
        # A month that closes a range belongs to the range.
        ("In January-September 2025 output grew 5.5%.", "In January-September 2025 output grew {percent}."),
        ("In March–May 2024 exports fell.", "In March–May 2024 exports fell."),
        # Negative values.
        ("The index fell -3.4% after rising 1.2%.", "The index fell {percent_1} after rising {percent_2}."),
        ("The balance was −2.5 billion tenge.", "The balance was {amount}."),
        ("COVID-19 cases rose 12.5 percent.", "COVID-19 cases rose {percent}."),
        # Currencies written in other ways.
        ("The fund raised Tg 150 billion.", "The fund raised {amount}."),
        ("Tokyo pledged ¥3.2 billion and Dubai AED 40 million.", "Tokyo pledged {amount_1} and Dubai {amount_2}."),
    ],
)
def test_what_is_a_value_in_wire_copy(sentence, msgid):
    assert extract_template(sentence).msgid == msgid


def test_impossible_dates_are_named_for_the_warning():
    assert impossible_dates("From April 31 to June 31, 2025, not May 31.") == ["April 31", "June 31, 2025"]


@pytest.mark.parametrize(
    ("sentence", "ru", "kk"),
    [
        ("Inflation was 16.50%.", ["16,50%"], ["16,50%"]),
        ("Growth was 8.0% and -3.4%.", ["8,0%", "-3,4%"], ["8,0%", "-3,4%"]),
        ("The plant cost 21.0 billion tenge.", ["21,0\xa0млрд\xa0тенге"], ["21,0\xa0млрд\xa0теңге"]),
        ("Reserves were 284,700 million tenge.", ["284\xa0700\xa0млн\xa0тенге"], ["284\xa0700\xa0млн\xa0теңге"]),
        (
            "Tokyo pledged ¥3.2 billion and Dubai AED 40 million.",
            ["3,2\xa0млрд\xa0иен", "40\xa0млн\xa0дирхамов"],
            ["3,2\xa0млрд\xa0иена", "40\xa0млн\xa0дирхам"],
        ),
        (
            "It hosted 1,234.50 guests and 1.2 million visitors.",
            ["1\xa0234,50", "1,2\xa0млн"],
            ["1\xa0234,50", "1,2\xa0млн"],
        ),
    ],
)
def test_every_digit_and_the_authors_unit_are_kept(sentence, ru, kk):
    from pipeline.config import HOUSE_STYLES

    placeholders = extract_template(sentence).placeholders
    for code, locale, expected in (("ru", "ru_KZ", ru), ("kk", "kk_KZ", kk)):
        fmt = LocaleFormat(locale, HOUSE_STYLES[code])
        assert [fmt.format(p.value) for p in placeholders] == expected


def test_a_value_printed_with_its_decimals_agrees_as_printed():
    fmt = LocaleFormat("ru_KZ")
    (placeholder,) = extract_template("It grew 21.0 percent.").placeholders
    assert fmt.operand(placeholder.value) == Decimal("21.0")
    assert fmt.plural_category(placeholder.value) == "other"  # «21,0 процента», not «21 процент»


def test_an_impossible_date_is_a_warning_with_its_line_and_the_archive_builds(project: Project):
    (project.root / "source" / "talks.txt").write_text(
        "Talks resume\n\nThe talks end on February 30, 2025.\n\nThe next round opens on March 3, 2025.\n",
        encoding="utf-8",
    )
    result = project.run("all")
    assert result.exit_code == 0, result.stderr
    assert (
        "source/talks.txt:3: warning: 'February 30, 2025' is no calendar date: kept as text, not a date placeholder"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    built = (project.root / "build" / "en" / "talks.txt").read_text(encoding="utf-8")
    assert "February 30, 2025" in built
    assert (project.root / "build" / "ru" / "baiterek-space-rocket-complex.txt").exists()


def test_one_article_with_a_broken_catalogue_does_not_stop_the_others(project: Project):
    (project.root / "source" / "talks.txt").write_text("Talks resume\n\nThe talks went on.\n", encoding="utf-8")
    assert project.run("all").exit_code == 0
    broken = project.root / "locale" / "ru" / "LC_MESSAGES" / "talks.po"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "x"\n', encoding="utf-8")
    seed_ru = project.root / "build" / "ru" / "baiterek-space-rocket-complex.txt"
    seed_ru.unlink()
    result = project.run("build")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("locale/ru/LC_MESSAGES/talks.po:"), result.stderr
    assert seed_ru.exists()  # built after the broken one was reported
    assert (project.root / "build" / "kk" / "talks.txt").exists()


def _po(body: str):
    from pipeline.pofile import parse_po

    header = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return parse_po((header + body).encode("utf-8"), "ru.po")


def test_a_suggestion_whose_placeholders_cannot_fit_the_new_msgid_is_not_offered():
    from pipeline.catalog import merge

    old = _po(
        '#, python-brace-format\nmsgid "Exports reached {amount} in May."\nmsgstr "Экспорт достиг {amount} в мае."\n'
    )
    pot = _po(
        'msgid "Exports reached a record in May."\nmsgstr ""\n\n'
        'msgid "Exports reached {amount} and {percent} in May."\nmsgstr ""\n'
    )
    entries = {e.msgid: e for e in merge(old, pot, lang="ru").catalog if not e.obsolete}
    assert entries["Exports reached a record in May."].msgstr == ""
    assert entries["Exports reached {amount} and {percent} in May."].msgstr == ""


def test_a_suggestion_with_as_many_placeholders_is_renamed_and_offered():
    from pipeline.catalog import merge

    old = _po(
        '#, python-brace-format\nmsgid "Exports reached {amount} in May."\nmsgstr "Экспорт достиг {amount} в мае."\n'
    )
    pot = _po('#, python-brace-format\nmsgid "Exports reached {number} tonnes in May."\nmsgstr ""\n')
    (entry,) = [e for e in merge(old, pot, lang="ru").catalog if not e.obsolete]
    assert (entry.msgstr, entry.flags[0]) == ("Экспорт достиг {number} в мае.", "fuzzy")


def test_a_placeholder_in_the_translation_of_a_msgid_without_values_is_refused_and_never_published(project: Project):
    (project.root / "source" / "record.txt").write_text("Exports\n\nExports reached a record in May.\n", "utf-8")
    assert project.run("all").exit_code == 0
    po = project.root / "locale" / "ru" / "LC_MESSAGES" / "record.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        'msgid "Exports reached a record in May."\nmsgstr ""',
        'msgid "Exports reached a record in May."\nmsgstr "Экспорт достиг {amount} в мае."',
    )
    text = text.replace('msgid "Exports"\nmsgstr ""', 'msgid "Exports"\nmsgstr "Экспорт"')
    po.write_text(text, encoding="utf-8")
    checked = project.run("check", "-l", "ru")
    assert checked.exit_code == 1
    assert "placeholder {amount} is not in the msgid, which has no values" in checked.output
    built = project.run("build", "-l", "ru")
    assert "{amount}" not in (project.root / "build" / "ru" / "record.txt").read_text(encoding="utf-8")
    assert "placeholder {amount} is not in the msgid" in built.stderr
