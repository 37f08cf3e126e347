"""Format flags other tools write (c-format, python-format, ranges): check and update give msgfmt's verdict."""

from __future__ import annotations

import subprocess

import polib
import pytest
from conftest import Project

from pipeline.catalog import merge
from pipeline.checks import check_catalog
from pipeline.pofile import dump_po, parse_po

needs_gettext = pytest.mark.needs("msgfmt")

# The Russian rule: form 0 is taken for 1, 21, 31 … (often), so it may not drop a directive either.
RU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
# A rule whose form 0 is taken for n == 1 only: that form may leave the number out ("one file").
ONE_ONLY = "nplurals=2; plural=(n != 1);"


def _catalog(entry: str, plural_forms: str = RU) -> bytes:
    header = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n\n'
    )
    return (header + entry).encode("utf-8")


# (entry, Plural-Forms, whether msgfmt --check refuses it)
CASES = {
    "c-same-directives": ('#, c-format\nmsgid "%s of %d"\nmsgstr "%s из %d"\n', RU, False),
    "c-reordered-by-number": ('#, c-format\nmsgid "%s of %d"\nmsgstr "%2$d: %1$s"\n', RU, False),
    "c-swapped-types": ('#, c-format\nmsgid "%s of %d"\nmsgstr "%d из %s"\n', RU, True),
    "c-directive-dropped": ('#, c-format\nmsgid "%s of %d"\nmsgstr "%s"\n', RU, True),
    "c-directive-added": ('#, c-format\nmsgid "%s"\nmsgstr "%s %d"\n', RU, True),
    "c-percent-literal": ('#, c-format\nmsgid "%d%% done"\nmsgstr "%d%% готово"\n', RU, False),
    "c-not-a-conversion": ('#, c-format\nmsgid "%d files"\nmsgstr "%d файлов %y"\n', RU, True),
    "python-named": ('#, python-format\nmsgid "%(n)d files"\nmsgstr "файлов: %(n)d"\n', RU, False),
    "python-named-missing": ('#, python-format\nmsgid "%(n)d files"\nmsgstr "файлы"\n', RU, True),
    "python-named-unknown": ('#, python-format\nmsgid "%(n)d files"\nmsgstr "%(m)d файлов"\n', RU, True),
    "python-mapping-for-tuple": ('#, python-format\nmsgid "%(n)d files"\nmsgstr "%d файлов"\n', RU, True),
    "python-named-type-changed": ('#, python-format\nmsgid "%(n)d files"\nmsgstr "%(n)s файлов"\n', RU, True),
    "plural-rare-form-may-drop": (
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "один файл"\nmsgstr[1] "%d файла"\n',
        ONE_ONLY,
        False,
    ),
    "plural-frequent-form-may-not-drop": (
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
        'msgstr[0] "один файл"\nmsgstr[1] "%d файла"\nmsgstr[2] "%d файлов"\n',
        RU,
        True,
    ),
    "plural-range-makes-a-form-rare": (
        '#, python-format, range: 1..3\nmsgid "%(n)s hours"\nmsgid_plural "%(n)s hours"\n'
        'msgstr[0] "час"\nmsgstr[1] "%(n)s часа"\nmsgstr[2] "%(n)s часов"\n',
        RU,
        False,
    ),
    "fuzzy-is-not-checked": ('#, fuzzy, c-format\nmsgid "%s of %d"\nmsgstr "%d"\n', RU, False),
}


def _errors(data: bytes) -> list[str]:
    po = parse_po(data, "ru.po")
    return [f.message for f in check_catalog(po, "ru.po", "ru", ()) if f.severity == "error"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_refuses_exactly_the_directives_msgfmt_refuses(name):
    entry, plural_forms, refused = CASES[name]
    assert bool(_errors(_catalog(entry, plural_forms))) is refused, _errors(_catalog(entry, plural_forms))


@needs_gettext
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_expected_verdicts_are_msgfmts_own(name, tmp_path):
    entry, plural_forms, refused = CASES[name]
    path = tmp_path / "ru.po"
    path.write_bytes(_catalog(entry, plural_forms))
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert (done.returncode != 0) is refused, done.stderr


def _merged(old_entry: str, new_entry: str, plural_forms: str = RU) -> polib.POEntry:
    old = parse_po(_catalog(old_entry, plural_forms), "ru.po")
    pot = parse_po(_catalog(new_entry.replace("MSGSTR", '""'), plural_forms), "x.pot")
    merged = merge(old, pot, lang="ru")
    return next(e for e in merged.catalog if not e.obsolete)


def test_a_format_flag_the_translation_fails_sends_it_to_review_with_what_it_was_written_for():
    entry = _merged('msgid "%s of %d"\nmsgstr "%d из %s"\n', '#, c-format\nmsgid "%s of %d"\nmsgstr MSGSTR\n')
    assert entry.flags == ["fuzzy", "c-format"]
    assert entry.previous_msgid == "%s of %d"
    assert entry.msgstr == "%d из %s"


def test_a_format_flag_the_translation_passes_keeps_it_approved():
    entry = _merged('msgid "%s of %d"\nmsgstr "%s из %d"\n', '#, c-format\nmsgid "%s of %d"\nmsgstr MSGSTR\n')
    assert entry.flags == ["c-format"]
    assert entry.previous_msgid is None


def test_a_format_flag_this_project_cannot_check_sends_the_translation_to_review():
    entry = _merged('msgid "Open %1"\nmsgstr "Открыть %1"\n', '#, qt-format\nmsgid "Open %1"\nmsgstr MSGSTR\n')
    assert "fuzzy" in entry.flags


@pytest.mark.parametrize(
    ("old_range", "new_range", "fuzzy"),
    [
        ("range: 1..5", "range: 1..5", False),
        ("range: 1..5", "range: 2..4", False),
        ("range: 1..5", "range: 0..9", True),
    ],
)
def test_a_widened_or_dropped_range_sends_the_translation_to_review(old_range, new_range, fuzzy):
    forms = 'msgstr[0] "%d файл"\nmsgstr[1] "%d файла"\nmsgstr[2] "%d файлов"\n'
    old = f'#, c-format, {old_range}\nmsgid "%d file"\nmsgid_plural "%d files"\n{forms}'
    new = f'#, c-format, {new_range}\nmsgid "%d file"\nmsgid_plural "%d files"\n{forms}'
    assert ("fuzzy" in _merged(old, new).flags) is fuzzy


def test_a_message_that_gains_plural_forms_says_what_the_translation_was_written_for():
    entry = _merged(
        'msgid "%d error"\nmsgstr "%d ошибка"\n',
        'msgid "%d error"\nmsgid_plural "%d errors"\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n',
    )
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "%d error"
    assert set(entry.msgstr_plural.values()) == {"%d ошибка"}


def test_a_catalogue_without_plural_forms_gets_its_languages_when_plural_messages_arrive():
    old = parse_po(b'msgid ""\nmsgstr "Language: ru\\nContent-Type: text/plain; charset=UTF-8\\n"\n\n', "ru.po")
    pot = parse_po(
        _catalog('msgid "%d error"\nmsgid_plural "%d errors"\nmsgstr[0] ""\nmsgstr[1] ""\n', ONE_ONLY), "x.pot"
    )
    merged = merge(old, pot, lang="ru")
    assert merged.catalog.metadata["Plural-Forms"].startswith("nplurals=3;")
    parse_po(dump_po(merged.catalog).encode("utf-8"), "again.po")  # our reader reads what update wrote


def test_suggestions_come_from_every_translated_entry_in_any_context():
    old = (
        'msgctxt "menu"\nmsgid "Open the file"\nmsgstr "Открыть файл"\n\n'
        'msgctxt "lock"\nmsgid "Open the door"\nmsgstr "Открыть дверь"\n'
    )
    new = (
        'msgctxt "menu"\nmsgid "Open the file"\nmsgstr ""\n\n'
        'msgctxt "lock"\nmsgid "Open the door"\nmsgstr ""\n\n'
        'msgctxt "toolbar"\nmsgid "Open the files"\nmsgstr ""\n'
    )
    merged = merge(parse_po(_catalog(old), "ru.po"), parse_po(_catalog(new), "x.pot"), lang="ru")
    suggested = next(e for e in merged.catalog if e.msgctxt == "toolbar")
    assert (suggested.msgstr, suggested.flags, suggested.previous_msgid) == ("Открыть файл", ["fuzzy"], "Open the file")
    # The entries it came from are still in use and stay approved.
    assert [e.msgstr for e in merged.catalog if not e.flags] == ["Открыть файл", "Открыть дверь"]


def test_a_plural_formula_that_divides_by_zero_past_the_usual_samples_is_refused(tmp_path):
    data = _catalog('msgid "a"\nmsgstr "б"\n', "nplurals=3; plural=(1 + (1 / (n - 257)));")
    from pipeline.plurals import plural_problem

    assert "divide by zero" in plural_problem(parse_po(data, "ru.po"))


def test_a_plural_formula_that_gives_a_negative_form_is_refused():
    from pipeline.plurals import plural_problem

    data = _catalog('msgid "a"\nmsgstr "б"\n', "nplurals=2; plural=(n > 500 ? n - 1000 : n != 1);")
    assert "chooses form -1" in plural_problem(parse_po(data, "ru.po"))


def test_a_template_in_xgettexts_charset_placeholder_or_ascii_is_read():
    for charset in ("CHARSET", "ASCII"):
        pot = parse_po(
            f'msgid ""\nmsgstr "Content-Type: text/plain; charset={charset}\\n"\n\n'.encode()
            + b'msgid "a"\nmsgstr ""\n',
            "x.pot",
        )
        assert [e.msgid for e in pot] == ["a"]


def test_a_file_in_charset_placeholder_with_non_ascii_text_is_still_refused():
    data = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "a"\nmsgstr "б"\n'.encode()
    with pytest.raises(Exception, match="charset CHARSET"):
        parse_po(data, "x.po")


def test_a_multi_domain_file_is_refused_with_what_to_do():
    data = _catalog('domain "other"\nmsgid "a"\nmsgstr "б"\n')
    with pytest.raises(Exception, match=r"domain directive.*several catalogues"):
        parse_po(data, "ru.po")


def test_header_lines_without_a_colon_and_header_flags_survive_reading_and_writing():
    text = (
        '# Translators\' notes.\n#, fuzzy, no-wrap\nmsgid ""\nmsgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Reviewed by the desk\\n"\n"X-Custom: yes\\n"\n\n'
        'msgid "a"\nmsgstr "б"\n'
    )
    assert dump_po(parse_po(text.encode(), "ru.po")) == text


def test_update_keeps_the_header_whole_and_check_agrees_with_msgfmt_on_a_c_format_entry(project: Project):
    po = project.root / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        'msgstr ""\n"Project-Id-Version', 'msgstr ""\n"Reviewed by the desk\\n"\n"Project-Id-Version', 1
    )
    text = text.replace('\nmsgid ""\n', '\n#, no-wrap\nmsgid ""\n', 1)
    text += '\n#, c-format\nmsgid "%s of %d"\nmsgstr "%d из %s"\n'
    po.write_text(text, encoding="utf-8")
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 1
    assert "the directives for argument 1 differ in the msgid and msgstr [format]" in result.output
    assert project.run("update", "-l", "ru").exit_code == 0
    updated = po.read_text(encoding="utf-8")
    assert '"Reviewed by the desk\\n"' in updated
    assert '#, no-wrap\nmsgid ""\n' in updated
    # The c-format entry left the template: kept, obsolete, as msgmerge keeps it.
    assert '#~ msgid "%s of %d"\n#~ msgstr "%d из %s"\n' in updated


def _with_qt_entry(project: Project, msgstr: str) -> None:
    po = project.root / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po"
    po.write_text(
        po.read_text(encoding="utf-8") + f'\n#, qt-format\nmsgid "Open %1 of %2"\nmsgstr "{msgstr}"\n', "utf-8"
    )


@needs_gettext
def test_check_asks_msgfmt_about_a_format_it_does_not_check_itself(project: Project):
    _with_qt_entry(project, "Открыть %1 из %2 и %3")
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "[format]" in line)
    assert line.startswith("locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po:")
    assert "error: msgfmt: a format specification for argument 3" in line


def test_check_says_when_a_format_could_not_be_checked(project: Project, monkeypatch, tmp_path):
    _with_qt_entry(project, "Открыть %1 из %2 и %3")
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without GNU gettext
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 0
    assert "warning: qt-format not checked: GNU msgfmt, which checks them, is not installed [format]" in result.output


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ('"X-Note: nplurals=1\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 ? 0 : n%10<5 ? 1 : 2);\\n"', "'X-Note'"),
        ('"Plural-Forms: nplurals=3;\\n"', "needs both nplurals=N and plural=EXPRESSION"),
        ('"Plural-Forms: plural=(n != 1);\\n"', "needs both nplurals=N and plural=EXPRESSION"),
    ],
    ids=["nplurals-in-another-field-first", "no-expression", "no-count"],
)
def test_a_header_gettext_would_read_another_plural_rule_from_is_refused(header, problem):
    from pipeline.plurals import plural_problem

    data = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n{header}\n\nmsgid "a"\nmsgstr "б"\n'
    assert problem in plural_problem(parse_po(data.encode(), "ru.po"))
