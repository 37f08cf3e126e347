"""What compile's shortcuts must not change: the MO bytes (msgfmt's), the hashes, what is refused, the order.

Each shortcut is compared with what it replaced: the hash cache and the
one-expression hash step with gettext's own C step and with the MO files GNU
msgfmt writes; the placeholder and safety fast paths with the token-by-token
and search-by-search code they skip; the interleaved compile order with the
order of the report.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from conftest import SEED, Project, require
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import mo
from pipeline.errors import PlaceholderError
from pipeline.pofile import parse_po
from pipeline.substitution import (
    _BARE_FIELD,
    _BIDI,
    _CONTROL,
    _checked_names,
    placeholder_names,
    stray_placeholder,
    suspicious,
)

# After "bjiyttixhhokpo" the word is 0x0FFFFFFF: shifting in "z" carries past bit 31, which the
# 32-bit word drops (a 64-bit one would not: its hash is 0x16A, and msgfmt's slot differs).
CARRY = b"bjiyttixhhokpoz"


def hashpjw(data: bytes) -> int:
    """GNU gettext's hash_string, step by step as its C code, on a 32-bit word."""
    hval = 0
    for byte in data:
        hval = ((hval << 4) + byte) & 0xFFFFFFFF
        g = hval & 0xF0000000
        if g:
            hval ^= g >> 24
            hval ^= g
    return hval


def test_the_carry_example_carries():
    assert hashpjw(CARRY) == 0x6A


@given(st.lists(st.binary(max_size=300), max_size=30))
@example([CARRY, CARRY + b"abc", CARRY])
@example([b"", b"\xff" * 200, "Қазақстан {amount} жыл".encode()])
def test_the_hash_and_its_cache_are_gettexts_hash(keys):
    for key in keys:
        assert mo._hash(key) == hashpjw(key)
        assert mo._cached_hash(key) == hashpjw(key)


def test_the_cache_gives_the_same_hash_after_it_is_full():
    first = [f"message {i}".encode() for i in range(100)]
    before = [mo._cached_hash(key) for key in first]
    for i in range(mo._cached_hash.cache_info().maxsize + 100):  # every first key is evicted
        mo._cached_hash(f"other {i}".encode())
    assert [mo._cached_hash(key) for key in first] == before == [hashpjw(key) for key in first]


_TEXT = st.text(alphabet=st.sampled_from([*"ab zAZ09{}_.,%-'\"\\\t", "ж", "қ", "ә", "€", "𝔸"]), min_size=1, max_size=30)
_KIND = st.sampled_from(["translated", "fuzzy", "untranslated", "obsolete", "plural", "empty plural"])


@st.composite
def _catalogues(draw) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "test",
        "POT-Creation-Date": "2024-01-01 00:00+0000",  # left out of the MO, as msgfmt leaves it out
        "Language": "ru",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    keys = draw(st.lists(st.tuples(st.none() | _TEXT, _TEXT), max_size=60, unique=True))
    for context, msgid in keys:
        kind = draw(_KIND)
        entry = polib.POEntry(msgctxt=context, msgid=msgid, obsolete=kind == "obsolete")
        if kind in ("plural", "empty plural"):
            entry.msgid_plural = draw(_TEXT)
            forms = [draw(_TEXT), draw(_TEXT)] if kind == "plural" else ["", ""]
            entry.msgstr_plural = dict(enumerate(forms))
        elif kind != "untranslated":
            entry.msgstr = draw(_TEXT)
        if kind == "fuzzy":
            entry.flags.append("fuzzy")
        po.append(entry)
    return po


@pytest.mark.needs("msgfmt")
@settings(max_examples=60)
@given(_catalogues(), st.sampled_from([[], [CARRY.decode()], [CARRY.decode(), CARRY.decode() + "abc"]]))
def test_compile_mo_writes_msgfmts_bytes(po, carried):
    """Random catalogues, and catalogues whose msgids carry past bit 31, as msgfmt compiles them."""
    for msgid in carried:
        if po.find(msgid) is None:
            po.append(polib.POEntry(msgid=msgid, msgstr="перевод"))
    msgfmt = require("msgfmt")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "ru.po"
        source.write_text(str(po), encoding="utf-8")
        gnu = Path(tmp) / "gnu.mo"
        subprocess.run([msgfmt, "-o", str(gnu), str(source)], check=True, capture_output=True)
        parsed = parse_po(source.read_bytes(), "ru.po")
        assert mo.compile_mo(parsed) == gnu.read_bytes()
        assert mo.compile_mo(parsed) == gnu.read_bytes()  # again, with every hash from the cache


def _outcome(names, template: str) -> tuple[str, object]:
    try:
        return ("names", tuple(names(template)))
    except PlaceholderError as exc:
        return ("refused", exc.message)


@given(st.text(alphabet=st.sampled_from([*"{}{}ab_1 .!:[]x", "ж"]), max_size=30))
@example("{a}{{b}}{c!r}")
@example("{a}}")
@example("{{{a}}}")
@example("{1}{a}")
def test_placeholder_names_finds_what_the_token_by_token_parse_finds(template):
    assert _outcome(placeholder_names, template) == _outcome(_checked_names, template)


def _suspicious_searching_both(msgid: str, msgstr: str) -> str:
    """:func:`suspicious` as it was before one search could clear a translation."""
    bidi = _BIDI.search(msgstr)
    if bidi:
        return f"the translation has the bidirectional control character U+{ord(bidi.group()):04X}"
    control = _CONTROL.search(msgstr)
    if control:
        return f"the translation has the control character U+{ord(control.group()):04X}"
    if len(msgstr) > 20 * len(msgid) + 2000:
        return f"the translation is {len(msgstr):,} characters long, for a msgid of {len(msgid):,}"
    return ""


def _stray_searching(msgid: str, msgstr: str) -> str:
    for m in _BARE_FIELD.finditer(msgstr):
        if m.group(0) not in msgid:
            return f"placeholder {m.group(0)} is not in the msgid, which has no values: write the value itself"
    return ""


_RISKY = st.text(alphabet=st.sampled_from(["a", " ", "{", "}", "x", "\t", "\n", "\x1b", "\x85", "\u202e", "\u2066"]))


@given(_RISKY, _RISKY)
@example("a", "\x1b\u202e")
@example("{x}", "{x} {a}")
def test_the_safety_checks_say_what_they_said_searching_every_time(msgid, msgstr):
    assert suspicious(msgid, msgstr) == _suspicious_searching_both(msgid, msgstr)
    assert stray_placeholder(msgid, msgstr) == _stray_searching(msgid, msgstr)


def test_compile_reports_in_catalogue_order_whatever_order_it_compiles_in(project: Project):
    """Catalogues are compiled article by article (kk, ru, kk, ru), reported language by language."""
    folders = {lang: project.root / f"locale/{lang}/LC_MESSAGES" for lang in ("kk", "ru")}
    for folder in folders.values():
        for slug in ("alpha", "omega"):
            shutil.copy2(folder / f"{SEED}.po", folder / f"{slug}.po")
        for slug in ("alpha", SEED, "omega"):
            po = folder / f"{slug}.po"
            text = po.read_text(encoding="utf-8")
            first = text.index('msgstr "', text.index("msgid", text.index("\n\n")))  # the first entry's
            po.write_text(text[:first] + 'msgstr "\u202e' + text[first + len('msgstr "') :], encoding="utf-8")
    runs = []
    for jobs in ("1", "2"):
        for made in project.root.glob("locale/*/LC_MESSAGES/*.mo"):
            made.unlink()
        result = project.run("compile", "-j", jobs)
        assert result.exit_code == 0, result.output
        runs.append((result.stdout, result.stderr.splitlines()[:-1]))  # but the summary's time
    assert runs[0] == runs[1]
    warned = [line.split(":")[0] for line in runs[0][1] if "left out of the MO file" in line]
    assert warned == [f"locale/{lang}/LC_MESSAGES/{slug}.po" for lang in folders for slug in ("alpha", SEED, "omega")]
