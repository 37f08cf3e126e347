"""Bad input, one case each, through the real CLI: exit code 1 (2 for usage), one line on stderr
naming the file (and line), no traceback, and nothing written or changed."""

from __future__ import annotations

import os
import shutil

import pytest

SEED = "baiterek-space-rocket-complex"
PO_RU = f"locale/ru/LC_MESSAGES/{SEED}.po"
SOURCE = f"source/{SEED}.txt"


def refused(project, args: list[str], where: str, code: int = 1) -> str:
    before = project.snapshot()
    result = project.run(*args)
    assert result.exit_code == code, result.output + result.stderr
    assert result.stderr.startswith("l10n: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert where in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.output
    assert project.snapshot() == before
    return result.stderr


def not_built(project, args: list[str], where: str) -> str:
    """The build went on without the broken input: one error line naming it, exit 1, nothing else changed."""
    before = project.snapshot()
    result = project.run(*args)
    assert result.exit_code == 1, result.output + result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(where), result.stderr
    assert "Traceback" not in result.stderr + result.output
    outside_caches = lambda files: {k: v for k, v in files.items() if not k.startswith(".l10n/")}  # noqa: E731
    assert outside_caches(project.snapshot()) == outside_caches(before)
    return errors[0]


def not_extracted(project, where: str) -> None:
    """Extract went on without the broken article: one error line naming it, exit 1, the other articles made."""
    (project.root / "source" / "good.txt").write_text("A good story. It is short.\n", encoding="utf-8")
    bad = sorted(p.name for p in (project.root / "locale").glob("*.pot"))
    result = project.run("extract")
    assert result.exit_code == 1, result.output + result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    location, message = where.split(": ", 1)
    assert len(errors) == 1 and errors[0].startswith(f"{location}: error: {message}"), result.stderr
    assert "Traceback" not in result.stderr + result.output
    assert (project.root / "locale" / "good.pot").exists()  # the others are made
    assert sorted(p.name for p in (project.root / "locale").glob("*.pot")) == sorted([*bad, "good.pot"])


def _po(project, old: str, new: str) -> None:
    path = project.root / PO_RU
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- PO files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('msgstr "Фото: gov.kz"', 'msgstr "Фото: gov.k', f"{PO_RU}:60:20: the string has no closing quote"),
        ('msgstr "Фото: gov.kz"', 'msgstr "Фото: \\q"', f"{PO_RU}:60:15: invalid escape \\q"),
        ('msgstr "Фото: gov.kz"', "", f"{PO_RU}:59: msgid without msgstr"),
        ("charset=UTF-8", "charset=KOI8-R", f"{PO_RU}:2: the header declares charset KOI8-R"),
        ("charset=UTF-8", "", f"{PO_RU}:2: the header declares no charset"),
        ('msgstr "Фото: gov.kz"', 'msgstr ""\n\nmsgid "Photo credit: gov.kz"\nmsgstr ""', ": duplicate message"),
        (
            'msgstr "Фото: gov.kz"',
            'msgstr ""\n\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "a"\nmsgstr[1] "b"',
            "2 plural forms, but the header's Plural-Forms says nplurals=3",
        ),
        ('"Language: ru\\n"', '"Language: kk\\n"', "the file says Language: kk, but it is in the ru folder"),
        # The catalogue's plural entries disagree with the header before CLDR does.
        ("nplurals=3;", "nplurals=2;", f"{PO_RU}:92: 3 plural forms, but the header's Plural-Forms says nplurals=2"),
        (
            'plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 "',
            'plural=__import__ (n) "',
            "Plural-Forms: its plural formula '__import__ (n) >= 2",
        ),
        ('plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 "', 'plural=n + 5; "', "chooses form 5, but nplurals is 3"),
        ('plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 "', 'plural=n % 0; "', "can divide by zero"),
    ],
    ids=[
        "unterminated",
        "bad-escape",
        "missing-msgstr",
        "wrong-charset",
        "no-charset",
        "duplicate",
        "plural-count",
        "wrong-language",
        "plural-forms-vs-cldr",
        "plural-formula-code",
        "plural-formula-out-of-range",
        "plural-formula-division-by-zero",
    ],
)
def test_broken_po(project, old, new, where):
    _po(project, old, new)
    refused(project, ["update"], where)


def test_invalid_utf8_in_po(project):
    path = project.root / PO_RU
    path.write_bytes(path.read_bytes().replace("Фото: gov.kz".encode(), b"\xff\xfe gov.kz", 1))
    not_built(project, ["build", "-l", "ru"], f"{PO_RU}:60:9: error: invalid UTF-8 (byte 0xff)")


def test_empty_po(project):
    (project.root / PO_RU).write_bytes(b"")
    refused(project, ["update"], f"{PO_RU}: the file is empty (delete it and run l10n update)")


def test_50_mb_po(project):
    path = project.root / PO_RU
    path.write_bytes(path.read_bytes() + b"\n# padding\n" * 5_000_000)
    refused(project, ["update"], f"{PO_RU}: the file is 55,")


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", f"{PO_RU}:1:1: invalid UTF-8 (byte 0x89)"),
        (b'{"msgid": "not a PO file"}\n', f"{PO_RU}:1:1: unexpected text"),
    ],
    ids=["png", "json"],
)
def test_not_a_po_at_all(project, content, where):
    (project.root / PO_RU).write_bytes(content)
    refused(project, ["update"], where)


def test_a_directory_where_a_po_should_be(project):
    path = project.root / PO_RU
    path.unlink()
    path.mkdir()
    refused(project, ["update"], f"{PO_RU}: is a folder, not a PO file")


def test_an_unreadable_po(project):
    path = project.root / PO_RU
    path.unlink()
    os.symlink(path.name, path)  # a link to itself: unreadable, even for root
    refused(project, ["update"], f"{PO_RU}: cannot read the file: Too many levels of symbolic links")


# --- source articles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"", "source/bad.txt: the article has no text"),
        (b"  \n\n \t\n", "source/bad.txt: the article has no text"),
        (b"date 2024-06-27\n\n", "source/bad.txt: the article has no text"),
        (bytes(range(256)) * 4, "source/bad.txt:2: not UTF-8 (byte 0x80 at offset 128)"),
        (b"Text.\x00More text.", "source/bad.txt:1: control character U+0000"),
        ("Бюджет".encode("utf-16"), "source/bad.txt:1: the file is UTF-16 (save it as UTF-8)"),
        ("Бюджет вырос.".encode("cp1251"), "source/bad.txt:1: not UTF-8 (byte 0xc1 at offset 0)"),
        (b"One line.\nTwo \x07 lines.", "source/bad.txt:2: control character U+0007 in the text"),
        (b"date 2024-02-30 Text.", "source/bad.txt:1: the date line 'date 2024-02-30' is not a calendar date"),
    ],
    ids=["empty", "whitespace", "dateline-only", "binary", "nul", "utf16", "cp1251", "control", "bad-date"],
)
def test_bad_source(project, content, where):
    (project.root / "source" / "bad.txt").write_bytes(content)
    not_extracted(project, where)


def test_a_huge_source(project):
    (project.root / "source" / "bad.txt").write_bytes(b"Word. " * 4_000_000)
    not_extracted(project, "source/bad.txt: the file is 24,000,000 bytes")


@pytest.mark.parametrize(
    ("name", "where", "code"),
    [
        ("../../../etc/passwd", "../../../etc/passwd: is not an article of this project", 1),
        ("../../../no/such/file.txt", "../../../no/such/file.txt: no such article", 1),
        ("../pyproject.toml", "../pyproject.toml: is not an article of this project", 1),
    ],
)
def test_article_outside_the_source_folder(project, name, where, code):
    refused(project, ["extract", name], where, code)


def test_a_file_name_that_is_no_slug(project):
    (project.root / "source" / "Bad Name!.txt").write_text("Text.", encoding="utf-8")
    refused(project, ["extract"], "source/Bad Name!.txt: file name 'Bad Name!' cannot be used as an article slug")


# --- odd but valid input: the round trip stays exact -------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "\ufeffdate 2024-06-27 First sentence. Second one.\n\nThird.",
        "date 2024-06-27 First sentence.\r\nA credit line\r\n\r\nSecond paragraph.\r\n",
        "date 2024-06-27 First sentence.\rA credit line\r\rSecond paragraph.\r",
    ],
    ids=["utf8-bom", "crlf", "lone-cr"],
)
def test_odd_line_endings_and_bom_round_trip_exactly(project, content):
    (project.root / "source" / "odd.txt").write_bytes(content.encode("utf-8"))
    assert project.run("extract", "odd.txt").exit_code == 0
    assert project.run("update").exit_code == 0
    assert project.run("build", "-l", "en", "--format", "txt", "odd.txt").exit_code == 0
    assert (project.root / "build/en/odd.txt").read_bytes() == content.encode("utf-8")
    pot = (project.root / "locale/odd.pot").read_text(encoding="utf-8")
    assert "\ufeff" not in pot and "\r" not in pot.replace("\\r", "")


def test_a_five_megabyte_paragraph(project):
    text = "The budget grew to 14.7 billion tenge in 2024. " * 110_000
    (project.root / "source" / "long.txt").write_text(text, encoding="utf-8")
    result = project.run("extract", "long.txt")
    assert result.exit_code == 0
    assert result.output == "locale/long.pot: created (1 message from 110,000 sentences)\n"


def test_a_sentence_with_30_placeholders(project):
    from conftest import msgfmt_check

    sentence = "Spending: " + ", ".join(f"{n}.5 billion tenge" for n in range(1, 31)) + "."
    (project.root / "source" / "many.txt").write_text(sentence, encoding="utf-8")
    assert project.run("extract", "many.txt").exit_code == 0
    pot = project.root / "locale/many.pot"
    assert "{amount_30}" in pot.read_text(encoding="utf-8")
    assert msgfmt_check(pot) == []


# --- options and configuration ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["build", "-l", "fr"], "unknown locale 'fr'"),
        (["update", "-l", "../../etc"], "unknown locale '../../etc'"),
        (["init", "-l", "ru_RU"], "unknown locale 'ru_RU'"),
    ],
)
def test_unknown_locales_are_usage_errors(project, args, where):
    refused(project, args, where, code=2)


def test_a_locale_babel_does_not_know(project):
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('"ru_KZ"', '"xx_YY"'), encoding="utf-8")
    refused(project, ["build", "-l", "ru"], "[tool.l10n] locales.ru: Babel does not know the locale 'xx_YY'")


def test_a_locale_babel_does_not_know_is_refused_after_a_good_build_in_the_same_process(project):
    # Formatters are kept per process; one made for ru_KZ must not stand in for another locale.
    assert project.run("build", "-l", "ru").exit_code == 0
    test_a_locale_babel_does_not_know(project)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('target-locales = ["kk", "ru"]', "target-locales = 5", "[tool.l10n] target-locales: must be a non-empty list"),
        ('formats = ["txt", "md", "html"]', 'formats = "txt"', "[tool.l10n] formats: must be a non-empty list"),
        ('source-dir = "source"', "source-dir = true", "[tool.l10n] source-dir: must be a non-empty string"),
        ("[tool.l10n]", "[tool.l10n\n", "pyproject.toml: not valid TOML"),
    ],
)
def test_a_config_with_wrong_types(project, old, new, where):
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert old in text
    pyproject.write_text(text.replace(old, new, 1), encoding="utf-8")
    refused(project, ["extract"], where)


def test_the_build_folder_is_a_file(project):
    (project.root / "build").write_text("not a folder", encoding="utf-8")
    refused(project, ["build", "-l", "ru", "--format", "txt"], f"build/ru/{SEED}.txt: cannot write the file")


def test_a_catalogue_saved_by_poedit_with_a_locale_in_its_language_header_is_read(project):
    _po(project, '"Language: ru\\n"', '"Language: ru_RU\\n"')
    assert project.run("check", "-l", "ru").output == "1 catalogues checked: 0 errors, 0 warnings\n"
    result = project.run("build", "-l", "ru", "--format", "txt")
    assert result.exit_code == 0
    assert "направили 14,7\xa0млрд\xa0тенге" in (project.root / "build/ru/baiterek-space-rocket-complex.txt").read_text(
        encoding="utf-8"
    )


def test_a_source_linked_from_outside_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("date 2024-07-01 Secret note of 7.5% that must not be published.\n", encoding="utf-8")
    (project.root / "source" / "linked.txt").symlink_to(outside)
    not_extracted(
        project,
        f"source/linked.txt: is a link that leaves the project (to {outside}) (replace the link by"
        " the file or folder itself, inside the project)",
    )
    assert not (project.root / "locale" / "linked.pot").exists()
    assert project.run("build", "-l", "ru", "linked.txt").exit_code == 1
    assert not (project.root / "build" / "ru" / "linked.txt").exists()


def test_an_output_folder_linked_outside_the_project_is_not_written_through(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (project.root / "build").mkdir()
    (project.root / "build" / "ru").symlink_to(outside, target_is_directory=True)
    result = project.run("build")
    assert result.exit_code == 1
    assert "build/ru/baiterek-space-rocket-complex.txt: is a link that leaves the project" in result.stderr
    assert list(outside.iterdir()) == []
    assert (project.root / "build" / "kk" / "baiterek-space-rocket-complex.txt").exists()


def test_a_catalogue_folder_linked_outside_the_project_is_neither_read_nor_written(project, tmp_path):
    outside = tmp_path / "ru-elsewhere"
    shutil.move(project.root / "locale" / "ru", outside)
    (project.root / "locale" / "ru").symlink_to(outside, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in (outside / "LC_MESSAGES").iterdir()}
    result = project.run("update")
    assert result.exit_code == 1
    assert "is a link that leaves the project" in result.stderr
    assert {p.name: p.read_bytes() for p in (outside / "LC_MESSAGES").iterdir()} == before


def test_the_temporary_files_of_a_killed_command_are_removed_by_the_next_one(project):
    stale = [
        project.root / "locale/ru/LC_MESSAGES/.baiterek-space-rocket-complex.po.k3x9_a1.tmp",
        project.root / "build/kk/.baiterek-space-rocket-complex.html.q0zz8b.tmp",
    ]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half written", encoding="utf-8")
    kept = project.root / "locale/ru/LC_MESSAGES/notes.tmp"  # not one of ours: left alone
    kept.write_text("mine", encoding="utf-8")
    (project.root / ".l10n").mkdir(exist_ok=True)
    (project.root / ".l10n" / "lock").write_text("busy\n", encoding="utf-8")  # as a killed command leaves it
    assert project.run("update").exit_code == 0
    assert not any(path.exists() for path in stale) and kept.exists()
    assert (project.root / ".l10n" / "lock").read_text(encoding="utf-8") == ""


def test_a_command_that_finished_leaves_the_lock_file_idle_and_other_temporaries_alone(project):
    (project.root / "locale/ru/LC_MESSAGES/.x.po.abc123.tmp").write_text("a writer's", encoding="utf-8")
    assert project.run("update").exit_code == 0
    assert (project.root / ".l10n" / "lock").read_text(encoding="utf-8") == ""
    assert (project.root / "locale/ru/LC_MESSAGES/.x.po.abc123.tmp").exists()


def test_a_paragraph_too_long_to_segment_is_refused_with_its_line(project):
    (project.root / "source" / "wall.txt").write_text(
        "date 2024-07-01 A first paragraph.\n\n" + "Word and word. " * 410_000 + "\n", encoding="utf-8"
    )
    not_extracted(
        project,
        "source/wall.txt:3: a paragraph of 6,150,000 characters, more than the 6,000,000 allowed"
        " (separate its paragraphs with blank lines)",
    )


def test_a_msgstr_too_long_to_be_a_translation_is_refused_before_any_work(project):
    _po(project, 'msgstr "Фото: gov.kz"', 'msgstr "' + "Фото. " * 350_000 + '"')
    refused(project, ["update"], f"{PO_RU}:59: a string of 2,100,000 characters, more than the 2,000,000")


@pytest.mark.parametrize("command", [["all"], ["all", "-j", "2"], ["build", "-l", "ru"]])
def test_a_broken_article_is_one_error_line_and_the_others_are_still_done(project, command):
    (project.root / "source" / "bad.txt").write_bytes(b"Bad \xff bytes.\n")
    (project.root / "source" / "good.txt").write_text("A good story. It is short.\n", encoding="utf-8")
    if command[0] == "build":
        project.run("all")  # the good article's catalogues exist; the bad one never got any
    result = project.run(*command)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == ["source/bad.txt:1: error: not UTF-8 (byte 0xff at offset 4) (save the file as UTF-8)"]
    assert (project.root / "build" / "ru" / "good.txt").exists()
    assert not list((project.root / "build").rglob("bad.*"))


@pytest.mark.parametrize("command", ["compile", "review", "stats"])
def test_a_broken_catalogue_is_one_error_line_and_the_others_are_still_done(project, command):
    (project.root / "source" / "good.txt").write_text("A good story. It is short.\n", encoding="utf-8")
    assert project.run("all").exit_code == 0
    _po(project, 'msgstr "Фото: gov.kz"', 'msgstr "Фото: gov.k')  # the seed's ru catalogue, cut short
    result = project.run(command)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [f'{PO_RU}:60:20: error: the string has no closing quote (end the line with ")']
    made = {
        "compile": [
            "locale/kk/LC_MESSAGES/good.mo",
            "locale/ru/LC_MESSAGES/good.mo",
            f"locale/kk/LC_MESSAGES/{SEED}.mo",
        ],
        "review": ["build/review/good.html"],
        "stats": [],
    }[command]
    assert all((project.root / name).exists() for name in made)
    if command == "stats":  # the other catalogues are counted
        assert [line.split()[:2] for line in result.stdout.splitlines()[2:]] == [
            ["kk", SEED],
            ["kk", "good"],
            ["kk", "total"],
            ["ru", "good"],
            ["ru", "total"],
        ]
    assert "Traceback" not in result.stderr + result.output
