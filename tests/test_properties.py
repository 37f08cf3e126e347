"""Invariants over generated articles and edits (Hypothesis)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import memory_db, store
from pipeline.article import parse_article
from pipeline.catalog import MergeOptions, merge, template
from pipeline.errors import L10nError, PlaceholderError
from pipeline.localeformat import LocaleFormat
from pipeline.matching import Packed
from pipeline.memory import Remembered, TranslationMemory
from pipeline.pofile import dump_po
from pipeline.render import localize, to_txt
from pipeline.substitution import fill

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


def _edit(sentences: list[str], data) -> list[str]:
    """One editor's change: reword, repunctuate, respace, drop or add a sentence."""
    out = list(sentences)
    i = data.draw(st.integers(0, len(out) - 1))
    kind = data.draw(st.sampled_from(["word", "punct", "space", "drop", "add"]))
    if kind == "word":
        words = out[i].split(" ")
        words[data.draw(st.integers(0, len(words) - 1))] = data.draw(WORDS)
        out[i] = " ".join(words)
    elif kind == "punct":
        out[i] = out[i].rstrip(".?!”") + data.draw(ENDS)
    elif kind == "space":
        out[i] = out[i].replace(" ", "  ", 1)
    elif kind == "drop" and len(out) > 1:
        del out[i]
    else:
        out.insert(i, data.draw(SENTENCE))
    return [s for s in dict.fromkeys(out) if s.strip()] or ["Fallback sentence."]


def _unnamed(text: str) -> str:
    return re.sub(r"\{\w+\}", "{}", text)


def _texts(entry: polib.POEntry) -> set[str]:
    return {t for t in (entry.msgstr, *entry.msgstr_plural.values()) if t}


@settings(max_examples=150, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=6, unique=True), st.integers(1, 6), st.booleans(), st.data())
def test_update_never_drops_a_translation(first, steps, fuzzy, data):
    """Across any sequence of source edits, every translation stays in an active, fuzzy or obsolete entry."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    written: set[str] = set()
    sentences = first
    for n in range(steps + 1):
        article = parse_article("\n\n".join(sentences), Path("source/a.txt"), "en")
        po = merge(po, template(article, project="p"), options=MergeOptions(fuzzy=fuzzy)).catalog
        for entry in po:
            if not entry.obsolete and not _texts(entry) and data.draw(st.booleans()):
                text = f"T{n}:{entry.msgid}"
                if entry.msgid_plural:  # a message with one number: a form per plural category
                    entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural or (0, 1), text)
                else:
                    entry.msgstr = text
                written.add(text)
        # A fuzzy suggestion's placeholders are renamed to the new msgid's: the text is the same otherwise.
        assert {_unnamed(t) for t in written} <= {_unnamed(text) for e in po for text in _texts(e)}
        # A translation written since the last update may suggest one for a sentence still
        # untranslated (as msgmerge's do); after that, a second update changes nothing.
        once = merge(po, template(article, project="p"), options=MergeOptions(fuzzy=fuzzy)).catalog
        again = merge(once, template(article, project="p"), options=MergeOptions(fuzzy=fuzzy)).catalog
        assert dump_po(again) == dump_po(once), "update is not idempotent"
        sentences = _edit(sentences, data)


# Characters of every line-breaking class the table knows, spaces weighted up,
# and combining marks, so that words start and end with each class.
_BREAK_ALPHABET = " " * 6 + "aZ9-–—.,;:!?()[]{}«»\"'/%$₸№\u00a0\u0301\u0483…\t|ыЖ中"


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(_BREAK_ALPHABET), max_size=60),
    st.sets(st.integers(0, 60), max_size=6),
)
def test_word_cached_break_opportunities_match_the_character_scan(text, prohibited):
    from pipeline.linebreak import _scan, break_opportunities

    prohibited = frozenset(prohibited)
    assert break_opportunities(text, prohibited) == _scan(text, prohibited)


_words = st.sampled_from(["rocket", "launch", "Baiterek", "complex", "tenge", "{amount}", "said", "new", "the"])
_sentences = st.lists(_words, min_size=1, max_size=8).map(" ".join)
_catalogues = st.lists(
    st.lists(st.tuples(_sentences, st.sampled_from(["А", "Б", "В"])), max_size=6), min_size=1, max_size=5
)


def _through_json(memory: TranslationMemory) -> TranslationMemory:
    return TranslationMemory.from_json(json.loads(json.dumps(memory.to_json(), ensure_ascii=False)))


def _through_a_file(memory: TranslationMemory, *, whole: bool = False, bounded: bool = False) -> TranslationMemory:
    """The memory written to a saved memory file and opened again (read as look-ups need it, keeping none, or whole)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
        store.load_config(root)  # writes stay inside this project
        path = root / ".l10n" / "memory.db"
        memory_db.write(path, "{}", memory.saved())
        saved = memory_db.open_saved(path)
        assert not isinstance(saved, str), saved
        if whole:
            return TranslationMemory.from_json(saved.whole())
        return TranslationMemory.reopen(saved, bounded=bounded)  # its connection keeps the file readable


def _through_a_file_read_whole(memory: TranslationMemory) -> TranslationMemory:
    return _through_a_file(memory, whole=True)


def _through_a_file_kept_bounded(memory: TranslationMemory) -> TranslationMemory:
    return _through_a_file(memory, bounded=True)


def _built(catalogues: dict[str, list[tuple[str, str]]]) -> TranslationMemory:
    """A memory of these catalogues' pairs (by source), added in the order of their names, as an update does."""
    memory = TranslationMemory()
    for source in sorted(catalogues):
        memory.add_pairs(catalogues[source], source)
    return memory


_SAVES = pytest.mark.parametrize(
    "save",
    [_through_json, _through_a_file, _through_a_file_read_whole, _through_a_file_kept_bounded],
    ids=["json", "file", "file-whole", "file-bounded"],
)


@_SAVES
@settings(max_examples=150, deadline=None)
@given(catalogues=_catalogues, queries=st.lists(_sentences, min_size=1, max_size=5))
def test_a_saved_translation_memory_answers_as_the_one_it_was_saved_from(
    save: Callable[[TranslationMemory], TranslationMemory], catalogues, queries
):
    built = TranslationMemory()
    for n, pairs in enumerate(catalogues):
        built.add_pairs(pairs, f"c{n}.po")
    restored = save(built)
    assert len(restored) == len(built)
    for query in queries + [msgid for pairs in catalogues for msgid, _ in pairs]:
        for exclude in ("c0.po", "c1.po", "elsewhere.po"):
            assert restored.exact(query, exclude) == built.exact(query, exclude)
            assert restored.near(query, 0.3, exclude) == built.near(query, 0.3, exclude)
    # A restored memory takes more catalogues as the one it was saved from does.
    for memory in (built, restored):
        memory.add_pairs([(query, "Г") for query in queries], "later.po")
    assert restored.to_json() == built.to_json()


@_SAVES
@settings(max_examples=150, deadline=None)
@given(
    before=st.dictionaries(st.sampled_from(["a.po", "b.po", "c.po", "d.po"]), _catalogues.map(lambda c: c[0])),
    after=st.dictionaries(st.sampled_from(["a.po", "b.po", "c.po", "e.po"]), _catalogues.map(lambda c: c[0])),
    queries=st.lists(_sentences, min_size=1, max_size=4),
)
def test_a_saved_memory_brought_up_to_date_or_built_again_in_place_answers_as_one_built_afresh(
    save: Callable[[TranslationMemory], TranslationMemory], before, after, queries
):
    # The catalogues change (edited, added, emptied, deleted); the saved memory is patched, or rebuilt.
    original = _built(before)
    patched = save(original)
    # Looked up before it is patched, as an update does (what was read is kept, and must be let go).
    for query in queries:
        patched.near(query, 0.3, "a.po")
    patched.replace({source: after.get(source, []) for source in set(before) | set(after)})
    rebuilt = save(original)
    rebuilt.exact("rocket", "")  # part of what was saved is unpacked, as in use
    rebuilt.rebuild((source, after[source]) for source in sorted(after))
    afresh = _built(after)
    assert patched.to_json() == rebuilt.to_json() == afresh.to_json()  # saved, they are the same bytes
    again = save(patched)
    assert len(patched) == len(rebuilt) == len(afresh) == len(again)
    for query in queries + [msgid for pairs in after.values() for msgid, _ in pairs]:
        for exclude in ("a.po", "c.po", "e.po", "elsewhere.po"):
            for memory in (patched, rebuilt, again):
                assert memory.exact(query, exclude) == afresh.exact(query, exclude)
                assert memory.near(query, 0.3, exclude) == afresh.near(query, 0.3, exclude)


@_SAVES
@settings(max_examples=150, deadline=None)
@given(
    before=st.dictionaries(st.sampled_from(["a.po", "b.po", "c.po", "d.po"]), _catalogues.map(lambda c: c[0])),
    reworded=st.sets(st.sampled_from(["a.po", "b.po", "c.po", "d.po"])),
    queries=st.lists(_sentences, min_size=1, max_size=4),
)
def test_a_memory_whose_translations_are_reworded_finds_what_it_found_before(
    save: Callable[[TranslationMemory], TranslationMemory], before, reworded, queries
):
    # pipeline.answers rests on this: the same msgids in each catalogue, whatever their translations,
    # give every look-up the same match (the catalogue it is from, its msgid and score), or none.
    original = _built(before)
    patched = save(original)
    patched.replace(
        {source: [(msgid, f"{text}, иначе") for msgid, text in before.get(source, [])] for source in reworded}
    )
    for query in queries + [msgid for pairs in before.values() for msgid, _ in pairs]:
        for exclude in ("a.po", "c.po", "elsewhere.po"):
            was, now = original.exact(query, exclude), patched.exact(query, exclude)
            assert (was and (was.msgid, was.source)) == (now and (now.msgid, now.source))
            was_near, now_near = original.near(query, 0.3, exclude), patched.near(query, 0.3, exclude)
            assert (was_near and (was_near.key, was_near.item.source, was_near.score)) == (
                now_near and (now_near.key, now_near.item.source, now_near.score)
            )


_memory_texts = st.sampled_from(["А", "Б", "Ә", "{amount} теңге", "форма\0формы\0форм", "А\0\0amount=few"])
_memory_pairs = st.lists(st.tuples(_sentences, _memory_texts))


@settings(max_examples=150, deadline=None)
@given(
    before=st.dictionaries(st.sampled_from(["a.po", "a-b.po", "c.po", "ж.po"]), _memory_pairs),
    after=st.dictionaries(st.sampled_from(["a.po", "a-b.po", "c.po", "e.po"]), _memory_pairs),
    run=st.integers(1, 40),
    part=st.integers(1, 5),
)
def test_a_memory_built_on_disk_is_the_file_a_memory_built_in_ram_or_patched_saves(
    tmp_path_factory, before, after, run, part
):
    from pipeline import memory_disk

    root = tmp_path_factory.mktemp("project")
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    store.load_config(root)  # writes stay inside this project
    folder = root / ".l10n"
    folder.mkdir()
    patched = TranslationMemory()
    for source in sorted(before):
        patched.add_pairs(before[source], source)
    patched.replace({source: after.get(source, []) for source in set(before) | set(after)})
    memory_db.write(folder / "in-ram.db", '{"a": 1}', patched.saved())
    # Runs of a few postings, staged a few terms to a row: the index is merged from many runs.
    memory_disk.build(folder / "on-disk.db", '{"a": 1}', sorted(after.items()), run_postings=run, run_part=part)
    assert (folder / "on-disk.db").read_bytes() == (folder / "in-ram.db").read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["in-ram.db", "on-disk.db"]  # no staging file left


def test_a_memory_built_on_disk_takes_its_catalogues_in_name_order_only(tmp_path):
    from pipeline import memory_disk

    shutil.copy2(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    store.load_config(tmp_path)
    with pytest.raises(ValueError, match="out of order"):
        memory_disk.build(tmp_path / "m.db", "{}", [("b.po", [("Launch day.", "А")]), ("a.po", [("Day.", "Б")])])
    assert [p.name for p in tmp_path.iterdir()] == ["pyproject.toml"]


@settings(max_examples=100, deadline=None)
@given(
    catalogues=_catalogues,
    order=st.randoms(use_true_random=False),
)
def test_the_order_of_a_catalogues_entries_does_not_change_the_memory(catalogues, order):
    first, second = TranslationMemory(), TranslationMemory()
    for n, pairs in enumerate(catalogues):
        first.add_pairs(pairs, f"c{n}.po")
        shuffled = list(pairs)
        order.shuffle(shuffled)
        second.add_pairs(shuffled, f"c{n}.po")
    assert first.to_json() == second.to_json()


def test_numbers_out_of_range_in_a_saved_memory_find_nothing_rather_than_fail():
    memory = TranslationMemory()
    memory.add_pairs([("The rocket was launched.", "Ракета запущена."), ("Launch day.", "День запуска.")], "a.po")
    saved = memory.to_json()
    saved["found"] = Packed.pack([[0, 0], [1, 1]])  # there is no source 1 (only two texts and one source)
    damaged = TranslationMemory.from_json(saved)
    assert damaged.exact("The rocket was launched.", "b.po") is None
    assert damaged.near("The rocket was launched!", 0.5, "b.po") is None


def test_index_and_member_numbers_out_of_range_in_a_saved_memory_find_nothing_rather_than_fail():
    memory = TranslationMemory()
    memory.add_pairs([("The rocket was launched.", "Ракета запущена."), ("Launch day.", "День запуска.")], "a.po")
    saved = memory.to_json()
    saved["index"] = {"terms": ["rocket"], "entries": Packed.pack([[5]])}  # there is no msgid 5
    saved["members"] = Packed.pack([[0, 7]])  # nor msgid 7
    damaged = TranslationMemory.from_json(saved)
    assert damaged.near("The rocket was launched!", 0.5, "b.po") is None
    damaged.replace({"a.po": [("Launch day.", "День запуска!")]})  # reads the damaged members: nothing
    assert damaged.exact("Launch day.", "b.po") == Remembered("Launch day.", "День запуска!", "a.po")


def test_a_packed_list_out_of_range_reads_as_empty_when_checked_as_it_is_read():
    packed = Packed.unpack(Packed.pack([[1, 2], [3, 9], []]), 3, 4, checked=False)
    assert [packed[n] for n in range(3)] == [[1, 2], [], []]
    with pytest.raises(ValueError):
        Packed.unpack(Packed.pack([[1, 2], [3, 9], []]), 3, 4)
    disordered = {"numbers": Packed.pack([[1, 2, 3]])["numbers"], "ends": Packed.pack([[2, 1, 3]])["numbers"]}
    with pytest.raises(ValueError):
        Packed.unpack(disordered, 3, 4)
    packed = Packed.unpack(disordered, 3, 4, checked=False)  # lists out of order: wrong, never out of range
    assert [packed[n] for n in range(3)] == [[1, 2], [], [2, 3]]


@pytest.mark.parametrize(
    "damage",
    [
        {"found": Packed.pack([[0, 0], [0]])},  # two lists for one msgid
        {"found": {"numbers": "not base64!", "ends": ""}},
        {"index": {"terms": ["rocket"], "entries": {"numbers": Packed.pack([[0]])["numbers"], "ends": "AAAA"}}},
        {"msgids": ["The rocket was launched.", "The rocket was launched."]},
        {"texts": [1]},
        {"index": []},
    ],
)
def test_a_saved_memory_of_the_wrong_shape_is_refused(damage):
    memory = TranslationMemory()
    memory.add_pairs([("The rocket was launched.", "Ракета запущена.")], "a.po")
    with pytest.raises(ValueError):
        TranslationMemory.from_json({**memory.to_json(), **damage})


@given(st.lists(st.lists(st.integers(0, 2**32 - 1), max_size=5), max_size=10))
def test_packed_lists_read_back_as_they_were(lists):
    packed = Packed.unpack(json.loads(json.dumps(Packed.pack(lists))), len(lists), 2**32)
    assert [packed[n] for n in range(len(packed))] == lists


def test_a_saved_memory_file_read_mostly_row_by_row_then_whole_answers_as_the_memory_saved():
    # Enough entries and look-ups that each part of the file is read row by row first, then whole.
    words = ["rocket", "launch", "Baiterek", "complex", "tenge", "{amount}", "said", "new", "budget", "region"]
    built = TranslationMemory()
    for n in range(40):
        pairs = [
            (f"{words[n % 10]} {words[(n * k) % 10]} {words[k % 10]} number {n * 50 + k}", f"Т{k % 7}")
            for k in range(50)
        ]
        built.add_pairs(pairs, f"c{n:02}.po")
    reopened = _through_a_file(built)
    queries = [f"{words[n % 10]} {words[(n * 3) % 10]} number {n * 37}" for n in range(300)]
    for n, query in enumerate(queries):
        exclude = f"c{n % 40:02}.po"
        assert reopened.exact(query, exclude) == built.exact(query, exclude)
        assert reopened.near(query, 0.5, exclude) == built.near(query, 0.5, exclude)
    built.replace({"c03.po": [("rocket launch again", "Запуск")], "c41.po": [("budget region", "Бюджет")]})
    reopened.replace({"c03.po": [("rocket launch again", "Запуск")], "c41.po": [("budget region", "Бюджет")]})
    assert reopened.to_json() == built.to_json()
    assert len(reopened) == len(built)


_FOLDERS = st.sampled_from(["build/en", "build/en-GB", "build/kk", "build/ru", "build/ru.x"])
_STEMS = st.sampled_from(["a", "a-b", "a.b", "a_b", "ab", "b", "2024-01-01-a", "z"])


@given(
    st.lists(st.tuples(_FOLDERS, _STEMS, st.integers(0, 2)), max_size=40),
    st.permutations(["txt", "md", "html"]),
)
def test_reports_put_in_build_order_are_sorted_by_folder_article_then_format(outputs, formats):
    from pipeline.commands.build import in_build_order
    from pipeline.models import FileReport, Outcome

    reports = [FileReport(f"{folder}/{stem}.{formats[n]}", Outcome.CREATED) for folder, stem, n in outputs]

    def by_the_three(report: FileReport) -> tuple[str, str, int]:
        folder, _, name = report.path.rpartition("/")
        stem, _, ext = name.rpartition(".")
        return folder, stem, formats.index(ext)

    expected = sorted(reports, key=by_the_three)
    in_build_order(reports, tuple(formats))
    assert reports == expected
