"""Merging a PO file with a newer template keeps every translation, as msgmerge does."""

from __future__ import annotations

import polib

from pipeline.catalog import approved, merge, render_catalog


def _pot(*msgids: str) -> polib.POFile:
    pot = polib.POFile()
    pot.metadata = {"POT-Creation-Date": "2024-06-27 00:00+0000", "Content-Type": "text/plain; charset=UTF-8"}
    for n, msgid in enumerate(msgids, 1):
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("source/a.txt", str(n))]))
    return pot


def _po(**translations: str) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in translations.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return po


def test_kept_translation_takes_new_references_and_keeps_translator_comments():
    po = _po(One="Один")
    po[0].tcomment = "checked by the desk"
    po[0].flags.append("fuzzy")
    merged = merge(po, _pot("Zero", "One"))
    entry = merged.catalog.find("One")
    assert entry.msgstr == "Один"
    assert entry.tcomment == "checked by the desk"
    assert entry.flags == ["fuzzy"]
    assert entry.occurrences == [("source/a.txt", "2")]
    assert [e.msgid for e in merged.catalog] == ["Zero", "One"]
    assert merged.counts.kept == 1 and merged.counts.added == 1


def test_removed_translated_message_becomes_obsolete_and_untranslated_is_dropped():
    merged = merge(_po(Old="Старое", Empty=""), _pot("New"))
    obsolete = [e for e in merged.catalog if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in obsolete] == [("Old", "Старое")]
    assert merged.counts.obsoleted == 1 and merged.counts.dropped == 1


def test_obsolete_entry_is_revived_when_its_msgid_returns():
    first = merge(_po(Old="Старое"), _pot("New")).catalog
    again = merge(first, _pot("New", "Old"))
    entry = again.catalog.find("Old")
    assert not entry.obsolete and entry.msgstr == "Старое"
    assert again.counts.revived == 1


def test_merge_is_idempotent():
    once = merge(_po(Old="Старое", One="Один"), _pot("One", "Two")).catalog
    twice = merge(once, _pot("One", "Two")).catalog
    assert render_catalog(once) == render_catalog(twice)


def test_only_approved_translations_are_published():
    po = _po(Done="Готово", Draft="Черновик", Todo="")
    po.find("Draft").flags.append("fuzzy")
    po.append(polib.POEntry(msgid="Gone", msgstr="Ушло", obsolete=True))
    assert approved(po) == {"Done": "Готово"}
