"""l10n check, stats and compile on a copy of the project."""

from __future__ import annotations

import gettext
import json
import subprocess
import sys

import polib
import pytest
from conftest import SEED, Project

from pipeline.checks import Severity, check_catalog, check_entry
from pipeline.pofile import parse_po

PO_RU = f"locale/ru/LC_MESSAGES/{SEED}.po"
PO_KK = f"locale/kk/LC_MESSAGES/{SEED}.po"


def _replace(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(project: Project, relative: str, needle: str) -> int:
    lines = (project.root / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_shipped_catalogues_check_clean(project: Project):
    result = project.run("check")
    assert result.exit_code == 0
    assert result.output == "2 catalogues checked: 0 errors, 0 warnings\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'msgstr[0] "В этом году на его реализацию направили {amount}."',
            'msgstr[0] "В этом году на его реализацию направили 14,7 млрд тенге."',
            [
                "error: msgstr[0]: placeholder {amount} is missing [placeholders]",
                "error: msgstr[0]: the number 14.7 is typed in the translation; use the msgid's placeholders for"
                " values [literal-number]",
            ],
        ),
        (
            'msgstr[0] "В этом году на его реализацию направили {amount}."',
            'msgstr[0] "В этом году на его реализацию направили {amount!r}."',
            ["error: msgstr[0]: placeholder {amount!r} is not a plain name [placeholders]"],
        ),
        (
            "С 2018 года комплекс",
            "С тех пор комплекс",
            ["error: the number 2018 of the msgid is missing from the translation [numbers]"],
        ),
        ("Фото: gov.kz", "Фото: (gov.kz", ["error: unbalanced () in the translation [brackets]"]),
        ("ракет-носителей «Союз-5».", "ракет-носителей «Союз-5.", ["error: unbalanced «» in the translation [quotes]"]),
    ],
)
def test_check_reports_each_problem_at_the_entry(project: Project, old, new, expected):
    _replace(project, PO_RU, old, new)
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1].startswith("1 catalogues checked: ")
    msgid_line = _msgid_line_before(project, PO_RU, new)
    assert lines[:-1] == [f"{PO_RU}:{msgid_line}: {e}" for e in expected]


def _msgid_line_before(project: Project, relative: str, msgstr_text: str) -> int:
    lines = (project.root / relative).read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if msgstr_text in line)
    while not lines[at].startswith("msgid "):
        at -= 1
    return at + 1


def test_check_warns_about_final_punctuation_and_whitespace(project: Project):
    _replace(project, PO_KK, "Өткен жылы екі балабақша ашылды.", "Өткен жылы екі балабақша ашылды ")
    result = project.run("check", "-l", "kk")
    line = _msgid_line_before(project, PO_KK, "Өткен жылы екі балабақша ашылды ")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{PO_KK}:{line}: warning: leading or trailing whitespace differs from the msgid [whitespace]",
        f"{PO_KK}:{line}: warning: the msgid ends with '.', the translation with 'no punctuation' [punctuation]",
        "1 catalogues checked: 0 errors, 2 warnings",
    ]


def test_check_enforces_the_glossary(project: Project):
    _replace(project, PO_KK, "Айдын Айымбетов", "Айдын Аимбетов")
    result = project.run("check", "-l", "kk")
    line = _msgid_line_before(project, PO_KK, "Айдын Аимбетов")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{PO_KK}:{line}: error: glossary: 'Aimbetov' must be translated as 'Айымбетов' [glossary]"
    )


def test_check_reports_a_broken_po_as_a_syntax_error_with_line_and_column(project: Project):
    _replace(project, PO_RU, 'msgstr "Фото: gov.kz"', 'msgstr "Фото: gov.k')
    result = project.run("check", "--format", "json")
    report = json.loads(result.output)
    assert result.exit_code == 1
    assert report["errors"] == 1
    (finding,) = report["findings"]
    line = _line_of(project, PO_RU, 'msgstr "Фото: gov.k')
    assert finding == {
        "path": PO_RU,
        "line": line,
        "column": 20,
        "severity": "error",
        "message": 'the string has no closing quote (end the line with ")',
        "check": "po-syntax",
    }
    text = project.run("check").output.splitlines()
    # The form editors' and CI's problem matchers read: path:line:col: error: message.
    assert text[0] == f'{PO_RU}:{line}:20: error: the string has no closing quote (end the line with ") [po-syntax]'


def test_check_counts_fuzzy_and_untranslated(project: Project):
    _replace(project, PO_RU, 'msgstr "В прошлом году открыты два детских сада."', 'msgstr ""')
    result = project.run("check", "-l", "ru")
    assert f"{PO_RU}: note: 0 fuzzy and 1 untranslated messages [progress]" in result.output.splitlines()
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Exports reached 1,285 tons in 2024.", "Экспорт достиг 1\u00a0285 тонн в 2024 году."),
        ("Exports reached 1,285 tons in 2024.", "Экспорт достиг 1 285 тонн в 2024 году."),
        ("The rate is 14.7 now.", "Ставка сейчас 14,7."),
        ("In his words, {percent} are citizens.", "По его словам, {percent} – граждане."),
        ("It makes 6-8 launches.", "Это 6–8 пусков."),
        ("“Ready,” he said.", "«Готово», – сказал он."),
        ("Chairman of JSC JV Baiterek spoke.", "Выступил председатель АО «СП «Байтерек»."),
    ],
)
def test_correct_locale_spellings_are_not_flagged(msgid, msgstr):
    flags = "#, python-brace-format\n" if "{" in msgid else ""
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    text = f'{header}{flags}msgid "{msgid}"\nmsgstr "{msgstr}"\n'
    (entry,) = parse_po(text.encode("utf-8"), "x.po")
    assert check_entry(entry, "x.po", "ru", ()) == []


def test_every_glossary_term_occurs_in_the_seed_and_is_honoured_by_both_translations():
    from conftest import REPO

    pot = (REPO / "locale" / f"{SEED}.pot").read_text(encoding="utf-8").replace('"\n"', "")
    terms = [line.split(",")[0] for line in (REPO / "glossary.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert len(terms) == 16
    assert [t for t in terms if t.lower() not in pot.lower()] == []


def test_stats_counts_messages_and_words(project: Project):
    _replace(project, PO_RU, 'msgstr "В прошлом году открыты два детских сада."', 'msgstr ""')
    result = project.run("stats", "-l", "ru", "--format", "json")
    rows = json.loads(result.output)
    assert rows[0]["article"] == SEED
    assert rows[0]["messages"] == {"translated": 18, "fuzzy": 0, "untranslated": 1, "obsolete": 0}
    assert rows[0]["words"]["untranslated"] == 6
    assert rows[1]["article"] == "total"
    assert rows[1]["percent_translated"] == 94.7


def test_stats_table_has_a_total_line(project: Project):
    lines = project.run("stats").output.splitlines()
    assert lines[0].split() == ["locale", "article", "translated", "fuzzy", "untranslated", "obsolete", "%"]
    assert [line.split()[:2] for line in lines[2:]] == [["kk", SEED], ["kk", "total"], ["ru", SEED], ["ru", "total"]]
    assert lines[3].split()[-1] == "100.0"


def test_compile_writes_mo_files_that_gettext_reads(project: Project):
    result = project.run("compile")
    assert result.stdout.splitlines() == [
        f"locale/kk/LC_MESSAGES/{SEED}.mo: created (19 translated messages)",
        f"locale/ru/LC_MESSAGES/{SEED}.mo: created (19 translated messages)",
    ]
    with (project.root / f"locale/ru/LC_MESSAGES/{SEED}.mo").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Photo credit: gov.kz") == "Фото: gov.kz"


def test_compile_remakes_only_the_mo_file_whose_catalogue_changed(project: Project):
    project.run("compile")
    kk_mo = project.root / f"locale/kk/LC_MESSAGES/{SEED}.mo"
    kk_mo.write_bytes(b"damaged")
    _replace(project, PO_RU, 'msgstr "Фото: gov.kz"', 'msgstr "Фото: Gov.kz"')
    result = project.run("compile", "-j", "2")
    assert result.stdout.splitlines() == [
        f"locale/kk/LC_MESSAGES/{SEED}.mo: updated (19 translated messages)",
        f"locale/ru/LC_MESSAGES/{SEED}.mo: updated (19 translated messages)",
    ]
    assert project.run("-v", "compile").stdout.splitlines() == [
        f"locale/kk/LC_MESSAGES/{SEED}.mo: unchanged (up to date)",
        f"locale/ru/LC_MESSAGES/{SEED}.mo: unchanged (up to date)",
    ]
    with (project.root / f"locale/ru/LC_MESSAGES/{SEED}.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Photo credit: gov.kz") == "Фото: Gov.kz"


@pytest.mark.needs("msgfmt")
def test_compiled_mo_is_byte_identical_to_msgfmt(project: Project, tmp_path):
    _replace(project, PO_RU, 'msgid "Two kindergartens', '#, fuzzy\nmsgid "Two kindergartens')
    project.run("compile", "-l", "ru")
    gnu = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "-o", str(gnu), str(project.root / PO_RU)], check=True)
    assert (project.root / f"locale/ru/LC_MESSAGES/{SEED}.mo").read_bytes() == gnu.read_bytes()


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (
            PO_KK,
            "{percent}-ы – Қазақстан",
            "{percent}ы – Қазақстан",
            "error: msgstr[0]: {percent}ы: write the ending after a hyphen ({percent}-ы) [kk-ending]",
        ),
        (
            PO_KK,
            "{month}-да аяқтау",
            "{month}-лық аяқтау",
            "error: -лық after {month} is not a Kazakh case ending the build can choose [kk-ending]",
        ),
        (
            PO_RU,
            "запланировано на {month},",
            "запланировано на {month} (на май),",
            "warning: «май…» looks like a date typed as text; the msgid's date placeholders format dates for every"
            " value [typed-value]",
        ),
        (
            PO_RU,
            "запланировано на {month},",
            "запланировано на\\n{month},",
            "warning: the translation has a line break inside it, which is published as is [whitespace]",
        ),
    ],
    ids=["kk-glued-ending", "kk-unknown-ending", "ru-typed-month", "ru-line-break"],
)
def test_check_reports_values_that_cannot_agree_with_their_sentence(project: Project, relative, old, new, expected):
    _replace(project, relative, old, new)
    result = project.run("check")
    line = _msgid_line_before(project, relative, new)
    assert f"{relative}:{line}: {expected}" in result.output.splitlines()


def _wire(tmp_path) -> Project:
    from conftest import corpus_project

    return corpus_project(tmp_path, "wire-copy")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{number_3}\u00a0га",
            "{number_3} гектара",
            "error: «гектара» after {number_3}: its value is written with млн or млрд, after which nouns and"
            " adjectives are genitive plural; write that, or an abbreviation that fits every value [ru-counted-noun]",
        ),
        (
            "(около {amount_2})",
            "(около {amount_2}ов)",
            "error: {amount_2}ов: letters glued to a value; the build declines the value itself [ru-glued]",
        ),
    ],
    ids=["noun-after-million", "glued"],
)
def test_check_reports_russian_values_the_build_cannot_make_agree(tmp_path, old, new, expected):
    project = _wire(tmp_path)
    po = "locale/ru/LC_MESSAGES/wire-copy.po"
    _replace(project, po, old, new)
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 1
    assert f"{po}:{_msgid_line_before(project, po, new)}: {expected}" in result.output.splitlines()


def test_check_warns_about_a_russian_noun_that_changes_with_its_number(tmp_path):
    project = _wire(tmp_path)
    po = "locale/ru/LC_MESSAGES/wire-copy.po"
    _replace(project, po, "{number_1}\u00a0т грузов", "{number_1} тонн грузов")
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 0  # a warning: the translation is right for today's value
    line = _msgid_line_before(project, po, "{number_1} тонн грузов")
    assert (
        f"{po}:{line}: warning: «тонн» after {{number_1}} changes with the number; write an abbreviation"
        " (т, км, га) or a phrase that does not depend on it [ru-counted-noun]"
    ) in result.output.splitlines()


def test_a_fuzzy_entry_is_checked_but_only_warned_about(project: Project):
    old = 'msgstr[0] "В этом году на его реализацию направили {amount}."'
    _replace(project, PO_RU, old, 'msgstr[0] "В этом году на его реализацию направили {date}."')
    _replace(
        project,
        PO_RU,
        '#, python-brace-format\nmsgid "{amount} were spent',
        '#, fuzzy, python-brace-format\nmsgid "{amount} were spent',
    )
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 0
    line = _msgid_line_before(project, PO_RU, "направили {date}.")
    assert f"{PO_RU}:{line}: warning: fuzzy: msgstr[0]: placeholder {{date}} is not in the msgid [placeholders]" in (
        result.output.splitlines()
    )


def test_check_warns_when_a_noun_after_the_counted_value_is_the_same_in_every_plural_form(tmp_path):
    from pipeline.checks import check_entry

    po = parse_po(
        (
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n'
            '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
            '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
            "#. {number}: 21,001\n#, python-brace-format\n"
            'msgid "It carried {number} tons."\nmsgid_plural "It carried {number} tons."\n'
            'msgstr[0] "Перевезено {number} тонн."\nmsgstr[1] "Перевезено {number} тонн."\n'
            'msgstr[2] "Перевезено {number} тонн."\n'
        ).encode(),
        "ru.po",
    )
    (entry,) = list(po)
    assert [f.message for f in check_entry(entry, "ru.po", "ru", ())] == [
        "«тонн» after {number} is the same in every plural form; make it agree in each (тонна, тонны, тонн)"
        " or write an abbreviation (т)"
    ]
    entry.msgstr_plural = {
        0: "Перевезена {number} тонна.",
        1: "Перевезено {number} тонны.",
        2: "Перевезено {number} тонн.",
    }
    assert check_entry(entry, "ru.po", "ru", ()) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "unbalanced"),
    [
        ("\u201cGrain exports rose this year.", "«Экспорт зерна вырос в этом году.", False),
        ("We expect more next year,\u201d he said.", "Мы ждем большего в следующем году», – сказал он.", False),
        ('"Grain exports rose this year.', "«Экспорт зерна вырос в этом году.", False),
        ("Grain exports rose this year.", "«Экспорт зерна вырос в этом году.", True),
        ("\u201cGrain exports rose,\u201d he said.", "«Экспорт зерна вырос, – сказал он.", True),
        ('He said: "Exports rose."', 'Он сказал: "Экспорт вырос.', True),
    ],
)
def test_a_translation_may_be_as_open_as_its_msgid_is_in_its_own_quotes(msgid, msgstr, unbalanced):
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
    found = [f.message for f in check_entry(entry, "x.po", "ru", ()) if f.check == "quotes"]
    assert bool(found) is unbalanced, found


_PLURAL_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)


@pytest.mark.needs("msgfmt")
@pytest.mark.parametrize(
    ("flags", "forms", "refused"),
    [
        ("python-brace-format", ("{number} работника", "{number} работников", ""), True),
        ("python-brace-format", ("{number} работника", "", ""), True),
        ("python-brace-format", ("", "", ""), False),
        ("python-brace-format", ("{number} работника", "{number} работников", "{number} работников"), False),
        ("fuzzy, python-brace-format", ("{number} работника", "", ""), False),
    ],
    ids=["one-empty", "two-empty", "untranslated", "complete", "fuzzy"],
)
def test_a_plural_with_a_form_left_empty_is_refused_as_msgfmt_refuses_it(tmp_path, flags, forms, refused):
    body = f'#, {flags}\nmsgid "{{number}} worker"\nmsgid_plural "{{number}} workers"\n'
    body += "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms))
    path = tmp_path / "x.po"
    path.write_text(_PLURAL_HEADER + body, encoding="utf-8")
    errors = [
        f for f in check_catalog(parse_po(path.read_bytes(), path), "x.po", "ru", ()) if f.severity == Severity.ERROR
    ]
    msgfmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, check=False)
    assert bool(errors) == refused == (msgfmt.returncode != 0), (errors, msgfmt.stderr)


_OPENS = """
import sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and str(args[0]).endswith(".po") and opened.append(args[0]))
from pipeline.cli import cli
try:
    cli(["-q", "compile", "-j", "1"])
except SystemExit:
    pass
print(len(opened))
"""


def test_a_first_compile_reads_each_catalogue_once_and_its_rerun_reads_none(project: Project):
    def opens() -> int:
        done = subprocess.run([sys.executable, "-c", _OPENS], cwd=project.root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return int(done.stdout)

    assert opens() == 2  # kk and ru, read to be hashed and compiled at once
    assert opens() == 0  # the sizes and times recorded: nothing is read again
    assert project.run("-v", "compile").stdout.count("unchanged (up to date)") == 2
