"""The PO reader's fast path (pipeline/poscan.py) reads exactly what the careful reader reads, on any input.

``parse_po`` reads a file in GNU's layout with :func:`pipeline.poscan.scan` and
leaves everything else to the careful reader (``_parse_po_careful``). Each test
here compares the two outcomes: the same catalogue (every attribute of the file
and of each entry, in order and with its types), or the same error (message,
path, line, column and hint).
"""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest
from conftest import REPO, SEED
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pipeline.article import parse_article
from pipeline.catalog import merge, new_catalog, render_catalog, template
from pipeline.errors import CatalogError
from pipeline.pofile import _parse_po_careful, _parse_po_fast, dump_po, kept, parse_po, restored

# --- comparing the two readers ---------------------------------------------------------------------------------


def _snapshot(po: polib.POFile) -> str:
    """Everything a catalogue holds, as text that also tells apart 1 and "1", lists and tuples, and orders."""
    return repr((type(po), sorted(vars(po).items()), list(po.metadata.items()), [(type(e), vars(e)) for e in po]))


def _outcome(read, data: bytes) -> tuple:
    try:
        po = read(data, "x.po")
    except CatalogError as exc:
        return ("refused", exc.message, exc.path, exc.line, exc.column, exc.hint, str(exc))
    except Exception as exc:  # a bug, but it must be the same bug on both paths
        return ("raised", type(exc), str(exc))
    return ("read", _snapshot(po))


def _shared(po: polib.POFile) -> list[str]:
    """Lists and dicts that two entries (or an entry and the header) share: the careful reader makes each anew."""
    seen: dict[int, str] = {}
    shared = []
    owners = [("header", {"metadata": po.metadata, "flags": po.metadata_is_fuzzy})]
    owners += [(f"entry {n}", vars(e)) for n, e in enumerate(po)]
    for owner, attributes in owners:
        for name, value in attributes.items():
            if isinstance(value, list | dict):
                if id(value) in seen:
                    shared.append(f"{owner}.{name} is {seen[id(value)]}")
                seen[id(value)] = f"{owner}.{name}"
    return shared


def assert_same(data: bytes) -> bool:
    """Assert that parse_po and the careful reader agree on ``data``; return whether the fast path read it."""
    careful = _outcome(_parse_po_careful, data)
    assert _outcome(parse_po, data) == careful
    try:
        fast = _parse_po_fast(data, "x.po")
    except CatalogError:
        fast = None  # not UTF-8: refused before either path
    if fast is not None:
        assert ("read", _snapshot(fast)) == careful
        assert _shared(fast) == []
    return fast is not None


def _count(fast: bool, data: bytes) -> None:
    """Tell Hypothesis's statistics which path read an example (pytest --hypothesis-show-statistics)."""
    event("fast path" if fast else f"careful path ({_outcome(_parse_po_careful, data)[0]})")


# --- generated catalogues --------------------------------------------------------------------------------------

# Letters, white space and control characters of every kind the writer escapes or keeps, the
# characters PO syntax gives a meaning to, non-ASCII letters and Unicode spaces.
_ALPHABET = [
    *"abc xyz ABC 019 .,:;!?-/()[]{}%$'\"\\#~|=",
    *["\t", "\n", "\r", "\a", "\b", "\f", "\v", "\x01", "\x1c", "\x85", "\xa0", "\u2028", "\u202f"],
    *"қЖё€₸«»",
]
TEXT = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40)
LONG = st.lists(
    st.sampled_from(["Kazakh", "{amount}", "14,7", "тенге", "gov.kz", "\\", '"', "\n", "a\tb"]), max_size=30
)
STRING = st.one_of(TEXT, LONG.map(" ".join))
LINE = st.text(alphabet=st.sampled_from([c for c in _ALPHABET if c not in "\n\r"]), max_size=25)
FLAGS = st.lists(st.sampled_from(["fuzzy", "python-brace-format", "c-format", "no-wrap", "two words", ""]), max_size=3)
OCCURRENCES = st.lists(
    st.tuples(
        st.sampled_from(["source/a.txt", "source/b c.md", "x:y", "¹", ""]), st.sampled_from(["7", "", "12", "²"])
    ),
    max_size=4,
)


@st.composite
def entries(draw, n: int, nplurals: int) -> polib.POEntry:
    obsolete = draw(st.integers(0, 5)) == 0
    entry = polib.POEntry(
        msgid=f"{n} " + draw(STRING) if draw(st.integers(0, 9)) else draw(STRING),
        msgctxt=draw(st.one_of(st.none(), STRING)),
        tcomment=draw(st.one_of(st.just(""), LINE, st.lists(LINE, max_size=3).map("\n".join))),
        comment=draw(st.one_of(st.just(""), LINE, st.lists(LINE, max_size=3).map("\n".join))),
        occurrences=draw(OCCURRENCES),
        flags=draw(FLAGS),
        obsolete=obsolete,
    )
    if draw(st.booleans()):
        entry.msgid_plural = draw(STRING) or "many"
        forms = nplurals if draw(st.integers(0, 9)) else draw(st.sampled_from([1, 2, 4]))
        entry.msgstr_plural = {i: draw(STRING) for i in range(forms)}
    else:
        entry.msgstr = draw(STRING)
    if draw(st.integers(0, 3)) == 0:
        entry.previous_msgid = draw(STRING)
        entry.previous_msgctxt = draw(st.one_of(st.none(), STRING))
        if entry.msgid_plural:
            entry.previous_msgid_plural = draw(st.one_of(st.none(), STRING))
    return entry


@st.composite
def catalogues(draw) -> polib.POFile:
    po = polib.POFile()
    po.header = draw(st.sampled_from(["", "Russian translation.", "Two\nlines", "#x"]))
    # Mostly what the project accepts, so that most catalogues are read and not refused at once.
    charset = "UTF-8" if draw(st.integers(0, 9)) else draw(st.sampled_from(["utf8", "CHARSET", "ISO-8859-1", None]))
    nplurals = 3 if draw(st.integers(0, 3)) else draw(st.sampled_from([2, 1, 0]))
    po.metadata = {"Project-Id-Version": draw(LINE)}
    if charset is not None:
        po.metadata["Content-Type"] = f"text/plain; charset={charset}"
    if nplurals:
        po.metadata["Plural-Forms"] = f"nplurals={nplurals}; plural=0;"
    po.metadata_is_fuzzy = draw(st.sampled_from([[], [], ["fuzzy"]]))
    for n in range(draw(st.integers(0, 7))):
        po.append(draw(entries(n, nplurals or 2)))
    return po


def _written(po: polib.POFile, how: str) -> str:
    if how == "polib":
        try:
            return po.__unicode__()  # another tool's layout: polib wraps and orders lines its own way
        except Exception:  # polib cannot write every catalogue; ours can
            return dump_po(po)
    return dump_po(po, width={"gnu": 79, "narrow": 20, "no-wrap": None}[how])


WRITER = st.sampled_from(["gnu", "gnu", "narrow", "no-wrap", "polib"])


# --- other layouts of the same text ------------------------------------------------------------------------------

_KEYWORD_LINE = ("msgid ", "msgstr", "msgctxt ", "msgid_plural ", "#~ msg", "#| msg", "#~| msg")


def _is_keyword(line: str) -> bool:
    return line.startswith(_KEYWORD_LINE) and '"' in line


def _next_line_string(lines: list[str], rng: random.Random) -> list[str]:
    """``msgid "a"`` as ``msgid`` and ``"a"`` on the next line."""
    out = []
    for line in lines:
        if _is_keyword(line) and rng.random() < 0.5:
            head, _, rest = line.partition(' "')
            prefix = "#~ " if line.startswith("#~ ") else ""
            out += [head, f'{prefix}"{rest}']
        else:
            out.append(line)
    return out


def _joined(lines: list[str], rng: random.Random) -> list[str]:
    """A line joined to the one before it: a continuation string, or the next keyword, on the keyword's line."""
    out: list[str] = []
    for line in lines:
        if out and line and out[-1] and (line.startswith('"') or line.startswith("msg")) and rng.random() < 0.4:
            out[-1] += rng.choice([" ", "\t", ""]) + line
        else:
            out.append(line)
    return out


def _split_string(lines: list[str], rng: random.Random) -> list[str]:
    """A string cut in two at a point outside any escape: the same string, wrapped elsewhere."""
    out = []
    for line in lines:
        start = line.find('"')
        if start != -1 and line.endswith('"') and len(line) - start > 3 and rng.random() < 0.5:
            prefix = "#~ " if line.startswith("#~ ") else "#| " if line.startswith("#| ") else ""
            cut = rng.randrange(start + 1, len(line) - 1)
            if line[start + 1 : cut].count("\\") % 2 == 0 and not line[start + 1 : cut].endswith("\\"):
                out += [line[:cut] + '"', f'{prefix}"{line[cut:]}']
                continue
        out.append(line)
    return out


def _octal(lines: list[str], rng: random.Random) -> list[str]:
    """A non-ASCII character in a string written as octal escapes of its UTF-8 bytes, as msgcat --escape does."""
    out = []
    for line in lines:
        chars = [i for i, c in enumerate(line) if not c.isascii() and '"' in line[:i]]
        if chars and rng.random() < 0.5:
            i = rng.choice(chars)
            line = line[:i] + "".join(f"\\{b:03o}" for b in line[i].encode("utf-8")) + line[i + 1 :]
        out.append(line)
    return out


def _spaces(lines: list[str], rng: random.Random) -> list[str]:
    """White space around lines or after keywords, and lines of white space alone."""
    out = []
    for line in lines:
        roll = rng.random()
        if roll < 0.1:
            line = rng.choice([" ", "\t", "\xa0"]) + line
        elif roll < 0.2:
            line += rng.choice([" ", "\t", "\x0c", "\x85"])
        elif roll < 0.3 and _is_keyword(line):
            line = line.replace(' "', rng.choice(['  "', '\t"']), 1)
        elif roll < 0.35:
            out.append(rng.choice(["", " ", "\x0c"]))
        out.append(line)
    return out


def _shuffled_comments(lines: list[str], rng: random.Random) -> list[str]:
    """Each run of comment lines in another order, or moved after the #| lines."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, None]:
        if line is not None and line.startswith("#") and not line.startswith("#~"):
            run.append(line)
            continue
        rng.shuffle(run)
        out += run
        run = []
        if line is not None:
            out.append(line)
    return out


def _dropped_header(lines: list[str], rng: random.Random) -> list[str]:
    return lines[lines.index("") + 1 :] if "" in lines else []


def _odd_lines(lines: list[str], rng: random.Random) -> list[str]:
    """Lines msgfmt reads though no writer writes them: obsolete comments, stray ``#~``, comments at the end."""
    out = list(lines)
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randint(0, len(out)), rng.choice(["#~ # an old note", "#~", "#", "# note", "#, fuzzy", "#|"]))
    return out


_LAYOUTS = {
    "next-line": _next_line_string,
    "joined": _joined,
    "split": _split_string,
    "octal": _octal,
    "spaces": _spaces,
    "shuffled": _shuffled_comments,
    "no-header": _dropped_header,
    "odd-lines": _odd_lines,
}


@st.composite
def layouts(draw) -> bytes:
    """A generated catalogue as written, then possibly laid out differently (valid or not)."""
    text = _written(draw(catalogues()), draw(WRITER))
    rng = draw(st.randoms(use_true_random=False))
    changes = draw(st.lists(st.sampled_from(sorted(_LAYOUTS)), max_size=3, unique=True))
    if changes:
        lines = text.split("\n")
        for change in changes:
            lines = _LAYOUTS[change](lines, rng)
        text = "\n".join(lines)
    ending = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    if ending != "\n":
        text = text.replace("\n", ending)
    if draw(st.integers(0, 9)) == 0:
        text = text.rstrip("\n")
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text.encode("utf-8")


# --- damage --------------------------------------------------------------------------------------------------

_CHUNKS = [
    b'"', b"\\", b"\n", b"\n\n", b"\r", b" ", b"\t", b"#", b"msgid ", b"msgstr ", b"msgstr[1] ", b"msgctxt ",
    b"msgid_plural ", b"#~ ", b"#| ", b"#~| ", b"#, fuzzy\n", b"#. x\n", b'"\\n"', b"\\004", b"\\x00", b"\x00",
    b"\x04", b"\\n", b"\\q", b"\xff", b"\xd0", b"{", b"0", b"]", b"[", b"\xc2\xa0",
]  # fmt: skip


_SHIPPED = sorted((REPO / "locale").rglob("*.po*"))


@st.composite
def damaged(draw) -> bytes:
    """A written catalogue, or a shipped one, with bytes or lines deleted, inserted, replaced, repeated or swapped."""
    if draw(st.integers(0, 3)):
        data = bytearray(_written(draw(catalogues()), draw(WRITER)).encode("utf-8"))
    else:
        data = bytearray(draw(st.sampled_from(_SHIPPED)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["delete", "insert", "replace", "line-delete", "line-repeat", "line-swap"]))
        if action == "delete":
            del data[at : at + draw(st.integers(1, 12))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(_CHUNKS))
        elif action == "replace":
            chunk = draw(st.sampled_from(_CHUNKS))
            data[at : at + len(chunk)] = chunk
        else:
            lines = bytes(data).split(b"\n")
            i = data.count(b"\n", 0, at)
            if action == "line-delete":
                del lines[i]
            elif action == "line-repeat":
                lines.insert(i, lines[i])
            elif i + 1 < len(lines):
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


# --- the properties ------------------------------------------------------------------------------------------


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(layouts())
def test_any_layout_of_a_catalogue_is_read_alike_by_the_fast_and_the_careful_path(data):
    _count(assert_same(data), data)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged())
def test_a_damaged_catalogue_is_read_or_refused_alike_by_the_fast_and_the_careful_path(data):
    _count(assert_same(data), data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(catalogues(), st.sampled_from(["gnu", "narrow", "no-wrap"]))
def test_what_our_writer_writes_and_the_careful_reader_accepts_is_read_by_the_fast_path(po, how):
    data = _written(po, how).encode("utf-8")
    fast = assert_same(data)
    _count(fast, data)
    careful = _outcome(_parse_po_careful, data)
    # A CR in a comment is written as it is; the careful reader takes it for a line end.
    if careful[0] == "read" and b"\r" not in data:
        assert fast


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n\n",
        "# only a comment\n",
        'msgid ""\nmsgstr ""\n',
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=ASCII\\n"\n\nmsgid "a"\nmsgstr "é"\n',
        'msgid ""\nmsgstr "Content-Type\\n"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms\\n"\n',
        'msgctxt "c"\nmsgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n',
        '#~ msgid ""\n#~ msgstr "x"\n',
        'msgid "a"\nmsgstr "b"\n',
        'msgid ""\nmsgid_plural ""\nmsgstr[0] "Content-Type: text/plain; charset=UTF-8\\n"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=2;\\n"\n\n'
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[00] "y"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b\\x04"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n\n#~ msgid "a"\n'
        '#~ msgstr "b"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#| msgid "old"\n#| msgid "older"\n'
        '#| "!"\nmsgid "a"\nmsgstr "b"\n\n#~| msgctxt "c"\n#~| msgid "d"\n#~| "e"\n#~ msgid "f"\n#~ msgstr "g"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#| msgid "old"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\nmsgid "a"\nmsgstr "b"\nmsgctxt "c"\n'
        'msgid "a"\nmsgstr "b"\n# comment\n#. x\n#.y\n#.\n#\n#:a:1 b\n#: c:x :2\n#,a,,b\n#, c\n',
    ],
)
def test_edge_cases_are_read_alike_by_the_fast_and_the_careful_path(body):
    assert_same(body.encode("utf-8"))


def _catalogue_files() -> list[Path]:
    return sorted(
        p for root in (REPO / "tests", REPO / "locale") for p in root.rglob("*") if p.suffix in (".po", ".pot")
    )


def test_every_catalogue_in_the_repository_is_read_alike_by_the_fast_and_the_careful_path():
    files = _catalogue_files()
    fast = [path for path in files if assert_same(path.read_bytes())]
    assert len(files) > 30
    # The shipped catalogues and the goldens are our writer's: all of them take the fast path.
    written = [p for p in files if "data" not in p.relative_to(REPO).parts]
    assert written
    assert set(written) <= set(fast)


def test_the_fast_path_reads_what_update_writes_fuzzy_previous_and_obsolete_entries_included():
    pot = (REPO / "locale" / f"{SEED}.pot").read_bytes()
    po = new_catalog(parse_po(pot, "a.pot"), "ru", slug=SEED)
    for n, entry in enumerate(po):
        if entry.msgid_plural:
            entry.msgstr_plural = {i: f"формы {n} {i}" for i in entry.msgstr_plural}
        else:
            entry.msgstr = f"перевод {n}"
    changed = parse_po(pot, "a.pot")
    for entry in list(changed)[::3]:
        entry.msgid += " (edited)"
    del changed[1]
    text = render_catalog(merge(po, changed).catalog)
    assert "#| msgid" in text and "#~ msgid" in text and "#, fuzzy" in text
    for data in (pot, render_catalog(po).encode("utf-8"), text.encode("utf-8")):
        assert _parse_po_fast(data, "a.po") is not None
        assert assert_same(data)


def test_the_fast_path_reads_a_template_extracted_from_an_article():
    path = REPO / "source" / f"{SEED}.txt"
    pot = template(parse_article(path.read_text(encoding="utf-8"), path, "en"), project="Kazinform")
    data = render_catalog(pot).encode("utf-8")
    assert _parse_po_fast(data, "a.pot") is not None
    assert assert_same(data)


# --- a catalogue kept for the rest of a run -----------------------------------------------------------------------


def assert_restored_as_read(data: bytes) -> None:
    """A catalogue ``parse_po`` reads from ``data`` comes back from kept() and restored() as read, sharing nothing."""
    try:
        po = parse_po(data, "x.po")
    except CatalogError:
        return
    once = kept(po)
    assert once is not None
    back = restored(once)
    assert _snapshot(back) == _snapshot(po)
    assert _shared(back) == _shared(po)
    owned = {id(v) for v in [vars(po), *(vars(e) for e in po)] for v in [v, *v.values()] if isinstance(v, list | dict)}
    assert not owned & {
        id(v) for v in [vars(back), *(vars(e) for e in back)] for v in [v, *v.values()] if isinstance(v, list | dict)
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(layouts(), damaged()))
def test_a_catalogue_kept_for_the_run_is_restored_as_it_was_read(data):
    assert_restored_as_read(data)


def test_every_catalogue_in_the_repository_is_restored_as_it_was_read():
    for path in _catalogue_files():
        assert_restored_as_read(path.read_bytes())


def test_a_catalogue_of_entries_of_another_class_is_not_kept():
    po = parse_po((REPO / "locale" / f"{SEED}.pot").read_bytes(), "a.pot")
    po.append(polib.MOEntry(msgid="x", msgstr="y"))
    assert kept(po) is None
