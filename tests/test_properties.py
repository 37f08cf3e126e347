"""Invariants over generated articles and edits (Hypothesis)."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import parse_article
from pipeline.catalog import merge, template
from pipeline.errors import L10nError, PlaceholderError
from pipeline.localeformat import LocaleFormat
from pipeline.render import fill, localize, to_txt

WORDS = st.sampled_from(
    [
        "the",
        "Kazakh",
        "Government",
        "said",
        "Mr.",
        "Dr.",
        "approx.",
        "14.7",
        "billion",
        "tenge",
        "70%",
        "12",
        "percent",
        "May",
        "2028",
        "June",
        "27,",
        "2024",
        "$1.2",
        "million",
        "1,285",
        "3.5",
        "Soyuz-5",
        "6-8",
        "2018",
        "U.S.",
        "“quoted”",
        "{brace}",
        "Photo",
        "credit:",
        "gov.kz",
        "Астана",
        "Бәйтерек",
    ]
)
ENDS = st.sampled_from([".", "?", "!", "", "...", ".”"])
SENTENCE = st.builds(lambda ws, end: " ".join(ws) + end, st.lists(WORDS, min_size=1, max_size=12), ENDS)
SPACE = st.sampled_from([" ", "  ", "\n", " \t", "\r\n"])
PARAGRAPH = st.builds(
    lambda ss, seps: "".join(s + sep for s, sep in zip(ss, seps, strict=False)).rstrip(),
    st.lists(SENTENCE, min_size=1, max_size=5),
    st.lists(SPACE, min_size=5, max_size=5),
)
BREAK = st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\r\n\r\n"])


@st.composite
def articles(draw) -> str:
    lead = draw(st.sampled_from(["", " ", "\n", " date 2024-06-27 ", "date 2023-01-05\n\n"]))
    paragraphs = draw(st.lists(PARAGRAPH, min_size=1, max_size=6))
    breaks = draw(st.lists(BREAK, min_size=len(paragraphs), max_size=len(paragraphs)))
    tail = draw(st.sampled_from(["", "\n", "\n\n", "  "]))
    body = "".join(p + b for p, b in zip(paragraphs, breaks, strict=True))
    return lead + body[: -len(breaks[-1])] + tail


@settings(max_examples=300, deadline=None)
@given(articles())
def test_article_rebuilds_byte_for_byte(text):
    article = parse_article(text, Path("source/a.txt"), "en")
    assert article.source_text() == text
    doc = localize(article, "en", is_source=True, fmt=LocaleFormat("en"), translations={})
    assert to_txt(doc) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_fails_with_the_projects_error(text):
    try:
        article = parse_article(text, Path("source/a.txt"), "en")
    except L10nError:
        return
    assert article.source_text() == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("{}a_0!r:.[]x "), max_size=30))
def test_fill_raises_only_placeholder_errors_and_never_evaluates(msgstr):
    try:
        out = fill(msgstr, {"amount": "V"})
    except PlaceholderError:
        return
    # Only the msgstr's own characters and the value can appear: nothing was evaluated.
    assert set(out) <= set(msgstr) | {"V"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(SENTENCE, min_size=1, max_size=6, unique=True), min_size=2, max_size=5), st.data())
def test_update_never_drops_a_translation(versions, data):
    """Across any sequence of source edits, every translation stays in an active or obsolete entry."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    written: dict[str, str] = {}
    for n, sentences in enumerate(versions):
        text = "\n\n".join(sentences)
        article = parse_article(text, Path("source/a.txt"), "en")
        pot = template(article, project="p")
        po = merge(po, pot).catalog
        for entry in po:
            if not entry.obsolete and not entry.msgstr and data.draw(st.booleans()):
                entry.msgstr = f"T{n}:{entry.msgid}"
                written[entry.msgid] = entry.msgstr
        kept = {e.msgid: e.msgstr for e in po}
        assert all(kept.get(msgid) == msgstr for msgid, msgstr in written.items())
