"""The strict PO reader and the GNU-layout writer."""

from __future__ import annotations

import subprocess

import polib
import pytest
from conftest import REPO, Project, have
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import CatalogError
from pipeline.pofile import dump_po, parse_po

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=3; plural=0;\\n"\n\n'
)


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ('msgid "Photo credit: gov.kz"\nmsgstr "Фото: gov.k\n', "7:20", "the string has no closing quote"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', "6", "msgid without msgstr"),
        ('msgid "a"\nmsgstr "b\\q"\n', "7:10", "invalid escape \\q"),
        ('msgid "a"\nmsgstr "b"c"\n', "7:11", "text after the closing quote"),
        ('msgid "a"\nmsgstr\n\nmsgid "b"\nmsgstr ""\n', "7:7", "msgstr has no string after it"),
        ('msgid "a" msgid "b"\nmsgstr ""\n', "6", "msgid without msgstr"),
        ('msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n', "9", "duplicate message (first on line 6)"),
        ('msgctxt "x"\nmsgid "a"\nmsgstr ""\n\nmsgctxt "x"\nmsgid "a"\nmsgstr ""\n', "10", "duplicate message"),
        ('msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\nmsgstr[1] ""\n', "6", "2 plural forms, but"),
        ('msgid "a"\nmsgstr\n', "7:7", "msgstr has no string after it"),
        ('# a comment\n"orphan"\n', "7:1", "a string without a keyword"),
        ("hello\n", "6:1", "unexpected text 'hello'"),
    ],
)
def test_strict_reader_refuses_with_line_and_column(body, where, message):
    with pytest.raises(CatalogError) as caught:
        parse_po((HEADER + body).encode("utf-8"), "x.po")
    assert str(caught.value).startswith(f"x.po:{where}: {message}")


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ('msgid "Photo" " credit"\nmsgstr "Фото" ": gov.kz"\n', [("Photo credit", "Фото: gov.kz")]),
        ('msgid "2" msgstr "два"\n\nmsgid "3" msgstr "три"\n', [("2", "два"), ("3", "три")]),
        ('msgid\n"a"\nmsgstr\n"б"\n', [("a", "б")]),
        ('msgid "a"\nmsgstr "б" "в" "г"\n', [("a", "бвг")]),
    ],
    ids=["adjacent-strings", "keywords-on-one-line", "keyword-alone-on-its-line", "three-strings"],
)
def test_layouts_msgfmt_reads_are_read(body, messages, tmp_path):
    data = (HEADER + body).encode("utf-8")
    assert [(e.msgid, e.msgstr) for e in parse_po(data, "x.po")] == messages
    if have("msgfmt"):
        (tmp_path / "x.po").write_bytes(data)
        done = subprocess.run(["msgfmt", "-o", "/dev/null", str(tmp_path / "x.po")], capture_output=True)
        assert done.returncode == 0, done.stderr


def test_invalid_utf8_is_refused_with_line_and_column():
    data = (HEADER + 'msgid "a"\nmsgstr "').encode() + b"\xd0\x28" + b'"\n'
    with pytest.raises(CatalogError) as caught:
        parse_po(data, "x.po")
    assert str(caught.value).startswith("x.po:7:9: invalid UTF-8 (byte 0xd0)")


@pytest.mark.parametrize(
    ("content_type", "message"),
    [("text/plain", "the header declares no charset"), ("text/plain; charset=ISO-8859-1", "declares charset ISO")],
)
def test_charset_must_be_declared_utf8(content_type, message):
    data = f'msgid ""\nmsgstr ""\n"Content-Type: {content_type}\\n"\n\nmsgid "a"\nmsgstr ""\n'.encode()
    with pytest.raises(CatalogError, match=message):
        parse_po(data, "x.po")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Content-Type\\n", "the header declares no charset"),
        ("Content-Type: text/plain; charset=UTF-8\\nPlural-Forms\\n", "the header has no Plural-Forms"),
    ],
)
def test_a_header_field_without_its_colon_is_an_error_not_a_crash(header, message):
    data = f'msgid ""\nmsgstr "{header}"\n\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\n'.encode()
    with pytest.raises(CatalogError, match=message):
        parse_po(data, "x.po")


def test_reader_keeps_everything_the_writer_needs():
    text = (REPO / "tests" / "data" / "layout.po").read_text(encoding="utf-8")
    po = parse_po(text.encode("utf-8"), "layout.po")
    assert dump_po(po) == text


def test_cli_refuses_a_broken_po_and_writes_nothing(project: Project):
    po = project.root / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Фото: gov.kz"', 'msgstr "Фото: gov.k'), "utf-8")
    before = project.snapshot()
    result = project.run("update")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "l10n: error: locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po:60:20: the string has no closing quote"
    )
    assert project.snapshot() == before


# --- the writer against GNU msgcat -------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("abcxyz ABC 0189.,:;!?-/()[]{}\"'%$\\\t\n") + list("€₸№«»“”’–—…°қЖё\u00a0\u202f")),
    max_size=180,
)
WORDS = st.lists(
    st.sampled_from(
        [
            "Kazakh-Russian",
            "{amount}",
            "{date_2}",
            "{{",
            "}}",
            "{a!r}",
            "14,7",
            "gov.kz",
            "(about",
            "«Бәйтерек»",
            "70 %",
        ]
    ),
    max_size=25,
).map(" ".join)


@st.composite
def catalogues(draw) -> polib.POFile:
    po = polib.POFile()
    po.header = draw(st.sampled_from(["", "A header comment.", "Two\nlines"]))
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "X-Long": draw(WORDS)}
    for n in range(draw(st.integers(1, 6))):
        obsolete = draw(st.booleans()) and n > 0
        entry = polib.POEntry(
            msgid=f"{n} " + draw(st.one_of(TEXT, WORDS)),
            msgstr=draw(st.one_of(TEXT, WORDS)) or ("x" if obsolete else ""),
            msgctxt=draw(st.one_of(st.none(), WORDS)),
            tcomment=draw(st.sampled_from(["", "checked", "two\nlines"])),
            obsolete=obsolete,
            flags=draw(st.sampled_from([[], ["python-brace-format"]])) if obsolete else [],
        )
        if not obsolete:
            entry.comment = draw(st.sampled_from(["", "{amount}: 14.7 billion tenge"]))
            entry.occurrences = [(f"source/article-{i}.txt", str(i * 7)) for i in range(draw(st.integers(0, 5)))]
            entry.flags = draw(
                st.sampled_from([[], ["fuzzy"], ["python-brace-format"], ["fuzzy", "python-brace-format"]])
            )
            if "fuzzy" in entry.flags:  # msgcat keeps #| only on fuzzy entries
                entry.previous_msgid = draw(st.one_of(st.none(), WORDS))
        po.append(entry)
    return po


@pytest.mark.needs("msgcat")
@settings(max_examples=60, deadline=None)
@given(catalogues(), st.sampled_from([79, 79, 40, None]))
def test_writer_output_is_what_msgcat_writes(po, width):
    ours = dump_po(po, width=width)
    args = ["msgcat", "-", "--no-wrap" if width is None else f"--width={width}"]
    gnu = subprocess.run(args, input=ours.encode("utf-8"), capture_output=True, check=True).stdout.decode("utf-8")
    assert ours == gnu
    assert dump_po(parse_po(ours.encode("utf-8"), "x.po"), width=width) == ours


@pytest.mark.needs("msgcat")
def test_every_shipped_catalogue_is_unchanged_by_msgcat():
    for path in sorted((REPO / "locale").rglob("*.po*")):
        done = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
        assert done.stdout == path.read_bytes(), path


def test_update_wraps_at_the_requested_width_or_not_at_all(project: Project):
    po = project.root / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po"
    project.run("update", "-l", "ru", "--no-wrap")
    lines = po.read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) > 200
    assert 'msgid "Prime Minister Olzhas Bektenov, who is on a working trip' in po.read_text(encoding="utf-8")
    project.run("update", "-l", "ru", "--width", "40")
    # GNU gettext wraps strings, never comments.
    strings = [line for line in po.read_text(encoding="utf-8").splitlines() if not line.startswith(("#:", "# ", "#."))]
    assert max(len(line) for line in strings) <= 40
    project.run("update", "-l", "ru")
    assert po.read_bytes() == (REPO / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po").read_bytes()


@pytest.mark.needs("msgcat")
def test_octal_escapes_written_by_msgcat_escape_are_utf8_bytes_and_every_translation_survives(project: Project):
    po = project.root / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po"
    escaped = subprocess.run(["msgcat", "--escape", str(po)], capture_output=True, check=True).stdout
    assert b"\\320" in escaped and "Байтерек".encode() not in escaped
    po.write_bytes(escaped)
    assert project.run("update", "-l", "ru").exit_code == 0
    # Normalised once to GNU's layout: the shipped file again, byte for byte.
    assert po.read_bytes() == (REPO / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po").read_bytes()


def test_escaped_bytes_that_are_not_utf8_are_refused_with_the_line():
    from pipeline.errors import CatalogError
    from pipeline.pofile import parse_po

    data = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "M"\nmsgstr "\\320"\n'
    with pytest.raises(CatalogError) as caught:
        parse_po(data, "x.po")
    assert (caught.value.line, caught.value.message) == (5, "the escaped bytes b'\\xd0' are not UTF-8")


@pytest.mark.parametrize("ending", [b"\r", b"\r\n"], ids=["old-mac-cr", "windows-crlf"])
def test_a_catalogue_with_cr_line_ends_is_read_whole_and_normalised_once(project: Project, ending: bytes):
    po = project.root / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po"
    shipped = po.read_bytes()
    po.write_bytes(shipped.replace(b"\n", ending))
    assert project.run("check", "-l", "ru").output == "1 catalogues checked: 0 errors, 0 warnings\n"
    assert project.run("update", "-l", "ru").exit_code == 0
    assert po.read_bytes() == shipped


def test_an_obsolete_copy_of_an_active_message_is_a_duplicate_as_msgfmt_says():
    data = (HEADER + 'msgid "a"\nmsgstr "A"\n\n#~ msgid "a"\n#~ msgstr "B"\n').encode()
    with pytest.raises(CatalogError) as caught:
        parse_po(data, "x.po")
    assert str(caught.value).startswith("x.po:9: duplicate message (first on line 6)")


@pytest.mark.needs("msgcat")
@pytest.mark.parametrize("layout", [["--no-wrap"], ["-w", "60"], ["polib"]], ids=["no-wrap", "width-60", "polib"])
def test_a_catalogue_in_another_tools_layout_is_normalised_once_and_then_left_alone(project: Project, layout):
    po = project.root / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po"
    if layout == ["polib"]:
        polib.pofile(str(po)).save(str(po))
    else:
        subprocess.run(["msgcat", *layout, str(po), "-o", str(po)], check=True)
    assert po.read_bytes() != (REPO / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po").read_bytes()
    first = project.run("update", "-l", "ru")
    assert "comments or layout only" in first.output
    assert po.read_bytes() == (REPO / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po").read_bytes()
    again = project.run("update", "-l", "ru")
    assert again.stdout == ""  # nothing to rewrite: the layout is GNU's now


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ('msgid "a\\004b"\nmsgstr "x"\n', "5", "msgid holds the context separator (EOT, \\004)"),
        ('msgid "a\\x04b"\nmsgstr "x"\n', "5", "msgid holds the context separator"),
        ('msgid "a"\nmsgstr "x\\4"\n', "5", "msgstr holds the context separator"),
        ('msgid "one"\nmsgid_plural "many"\nmsgstr[0] "один"\nmsgstr[1] "много"\n', "5", "plural forms translated,"),
        ('msgid "a"\nmsgstr ""\n#~ "x"\n', "7", "an entry mixes obsolete (#~) and active lines"),
        ('#~ msgid "a"\n#~ msgstr ""\n"x"\n', "7", "an entry mixes obsolete (#~) and active lines"),
    ],
    ids=[
        "context-separator",
        "context-separator-hex",
        "context-separator-in-msgstr",
        "plural-without-plural-forms",
        "obsolete-continuation-in-active-entry",
        "active-continuation-in-obsolete-entry",
    ],
)
def test_what_msgfmt_refuses_the_reader_refuses(body, where, message):
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    with pytest.raises(CatalogError) as caught:
        parse_po((header + body).encode(), "x.po")
    assert str(caught.value).startswith(f"x.po:{where}: {message}")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('msgid "a"\nmsgstr "x\\0y"\n', "msgstr holds a NUL character, which ends a string for gettext"),
        ('msgid "a\x00b"\nmsgstr "x"\n', "msgid holds a NUL character"),
        ('msgid "a"\nmsgstr "x\\000y"\n', "msgstr holds a NUL character"),
    ],
    ids=["escaped", "raw", "octal"],
)
def test_a_nul_that_gettext_would_cut_the_string_at_is_refused(body, message):
    # msgfmt accepts it and silently writes "x" for "x\0y" into the MO file.
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    with pytest.raises(CatalogError) as caught:
        parse_po((header + body).encode(), "x.po")
    assert str(caught.value).startswith(f"x.po:5: {message}")


def test_the_span_gnu_keeps_unbroken_in_a_brace_format_string_is_counted_in_bytes():
    # GNU protects bytes 1 to 7 ("{source}" ends 7 bytes after it starts): the first
    # three letters of "Дерек", so it may break after the slash; counted in characters,
    # the span would reach the slash, and the line would run past the width.
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(
        polib.POEntry(
            msgid="Source: {source}",
            msgstr="Дерек/kazinformbaiterekspacerocketcomplex2024 {source}",
            flags=["python-brace-format"],
        )
    )
    assert dump_po(po, width=40).endswith(
        '#, python-brace-format\nmsgid "Source: {source}"\nmsgstr ""\n'
        '"Дерек/"\n"kazinformbaiterekspacerocketcomplex2024 "\n"{source}"\n'
    )
