"""Properties over generated and mutated input: nothing raises but the project's own error type."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import have
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.article import parse_article
from pipeline.catalog import merge, template
from pipeline.checks import Severity, check_catalog
from pipeline.errors import L10nError
from pipeline.localeformat import LocaleFormat
from pipeline.markdown import parse_markdown_article
from pipeline.plurals import plural_problem
from pipeline.pofile import dump_po, parse_po
from pipeline.render import localize, to_html, to_md, to_txt

REPO = Path(__file__).resolve().parents[2]
SEED_PO = (REPO / "locale/ru/LC_MESSAGES/baiterek-space-rocket-complex.po").read_bytes()
CRASHES = REPO / "tests" / "data" / "fuzz"
FMT = LocaleFormat("ru_KZ")


@st.composite
def mutated_po(draw) -> bytes:
    data = bytearray(SEED_PO)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = draw(
            st.sampled_from([b'"', b"\\", b"\n", b"msgid ", b"msgstr[1] ", b"#~ ", b"#| ", b"\xff", b"{", b"%"])
        )
        if action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = chunk
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_po())
def test_po_reader_raises_only_catalog_errors_and_round_trips(data):
    try:
        po = parse_po(data, "fuzz.po")
    except L10nError:
        return
    again = parse_po(dump_po(po).encode("utf-8"), "again.po")
    assert dump_po(again) == dump_po(po)


def test_kept_fuzz_inputs_are_read_or_refused_with_a_line():
    """Inputs kept from bench/fuzz_po.py: each is read, or refused naming its line."""
    cases = sorted(CRASHES.glob("*.po"))
    assert len(cases) >= 12
    for case in cases:
        try:
            parse_po(case.read_bytes(), case.name)
        except L10nError as exc:
            assert exc.line is not None, (case.name, str(exc))


@pytest.mark.parametrize("case", sorted((CRASHES / "msgfmt-refuses").glob("*.po")), ids=lambda p: p.stem)
def test_what_the_differential_fuzzer_found_msgfmt_refusing_check_refuses(case, tmp_path):
    """Finds of bench/differential_po.py: catalogues msgfmt refuses and check accepted (NUL, #~, headers, plurals)."""
    data = case.read_bytes()
    try:
        po = parse_po(data, case.name)
    except L10nError:
        refused = True
    else:
        errors = [f for f in check_catalog(po, case.name, "kk", ()) if f.severity == Severity.ERROR]
        refused = bool(plural_problem(po) or errors)
    assert refused
    if have("msgfmt"):
        (tmp_path / "x.po").write_bytes(data)
        assert subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "x.po")], capture_output=True
        ).returncode


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["source/a.txt", "source/a.md"]))
def test_reading_segmenting_extracting_updating_and_building_raise_only_our_error(text, name):
    path = Path(name)
    try:
        article = (parse_markdown_article if name.endswith(".md") else parse_article)(text, path, "en")
    except L10nError:
        return
    assert article.source_text() == text
    pot = template(article, project="fuzz")
    po = merge(pot, pot).catalog
    for entry in po:
        entry.msgstr = entry.msgid[::-1]  # nonsense translations, placeholders scrambled
    doc = localize(article, "ru", is_source=False, fmt=FMT, translations={e.msgid: e.msgstr for e in po})
    for render in (to_txt, to_md):
        assert isinstance(render(doc), str)
    assert to_html(doc, ("en", "ru"), "en").startswith("<!DOCTYPE html>")
