"""Merging a PO file with a newer template keeps every translation, as msgmerge does."""

from __future__ import annotations

import polib
import pytest

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


def _plural_pot(msgid: str, comment: str) -> polib.POFile:
    pot = _pot()
    pot.append(
        polib.POEntry(
            msgid=msgid,
            msgid_plural=msgid,
            msgstr_plural={0: "", 1: ""},
            comment=comment,
            flags=["python-brace-format"],
        )
    )
    return pot


def test_a_singular_translation_of_a_message_that_now_has_plural_forms_fills_each_form_for_review():
    po = _po(**{"{amount} were spent.": "Потрачено {amount}."})
    po.metadata["Plural-Forms"] = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);"
    merged = merge(po, _plural_pot("{amount} were spent.", "{amount}: 14.7 billion tenge [ru: other]")).catalog
    entry = merged.find("{amount} were spent.")
    assert entry.msgstr_plural == {0: "Потрачено {amount}.", 1: "Потрачено {amount}.", 2: "Потрачено {amount}."}
    assert entry.flags[0] == "fuzzy"
    assert entry.tcomment == "the message now has plural forms: make each agree with its numbers"
    assert approved(merged) == {}


@pytest.mark.parametrize(
    ("msgstr", "was", "now", "flags", "comment"),
    [
        (
            "Был потрачен {amount} и {number}.",
            "{amount}: 21 billion tenge [ru: one]\n{number}: 5 [ru: many]",
            "{amount}: 25 billion tenge [ru: many]\n{number}: 6 [ru: many]",
            ["fuzzy"],
            "value changed: 21 billion tenge → 25 billion tenge; ru plural one → many",
        ),
        (
            "Потрачено {amount} и {number}.",
            "{amount}: 25 billion tenge [kk: front, vowel; ru: many]\n{number}: 5 [ru: many]",
            "{amount}: 22 billion tenge [kk: back, vowel; ru: few]\n{number}: 6 [ru: many]",
            [],
            "",
        ),
    ],
    ids=["one-to-many-goes-to-review", "many-to-few-cannot-alter-it"],
)
def test_a_value_that_changes_class_sends_the_translation_to_review_only_if_it_can_alter_it(
    msgstr, was, now, flags, comment
):
    po = _po(**{"{amount} and {number} were spent.": msgstr})
    po[0].comment = was
    pot = _pot("{amount} and {number} were spent.")
    pot[0].comment = now
    entry = merge(po, pot).catalog.find("{amount} and {number} were spent.")
    assert (entry.flags, entry.tcomment, entry.msgstr) == (flags, comment, msgstr)


def test_an_edited_message_with_plural_forms_gets_a_fuzzy_suggestion_with_its_placeholders_renamed():
    po = _po()
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.append(
        polib.POEntry(
            msgid="Built in {amount} by {date}.",
            msgid_plural="Built in {amount} by {date}.",
            msgstr_plural={0: "Построено за {amount} к {date}.", 1: "Построено за {amount} к {date}."},
        )
    )
    pot = _pot()
    pot.append(
        polib.POEntry(
            msgid="Built in {amount} by {month}.",
            msgid_plural="Built in {amount} by {month}.",
            msgstr_plural={0: "", 1: ""},
        )
    )
    merged = merge(po, pot).catalog
    entry = merged.find("Built in {amount} by {month}.")
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == entry.previous_msgid_plural == "Built in {amount} by {date}."
    assert entry.msgstr_plural == {0: "Построено за {amount} к {month}.", 1: "Построено за {amount} к {month}."}
    assert not [e for e in merged if e.obsolete]  # the translation lives on in the suggestion, as msgmerge does


def test_a_plural_translation_of_a_message_that_lost_its_plural_keeps_its_first_form_for_review():
    po = _po()
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.append(polib.POEntry(msgid="One file", msgid_plural="{n} files", msgstr_plural={0: "Один файл", 1: "{n} файла"}))
    entry = merge(po, _pot("One file")).catalog.find("One file")
    assert (entry.msgstr, entry.flags) == ("Один файл", ["fuzzy"])
    assert entry.tcomment == "the message no longer has plural forms: this was the first form"


def test_a_changed_msgid_plural_keeps_the_forms_for_review_with_the_previous_plural():
    po = _po()
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.append(polib.POEntry(msgid="One file", msgid_plural="{n} files", msgstr_plural={0: "Один файл", 1: "{n} файла"}))
    pot = _pot()
    pot.append(polib.POEntry(msgid="One file", msgid_plural="{n} documents", msgstr_plural={0: "", 1: ""}))
    entry = merge(po, pot).catalog.find("One file")
    assert entry.msgstr_plural == {0: "Один файл", 1: "{n} файла"} and entry.flags == ["fuzzy"]
    assert entry.previous_msgid_plural == "{n} files"


def test_a_templates_obsolete_entries_are_not_messages():
    pot = _pot("Kept")
    pot.append(polib.POEntry(msgid="Gone", msgstr="", obsolete=True))
    merged = merge(_po(), pot).catalog
    assert [(e.msgid, e.obsolete) for e in merged] == [("Kept", False)]


def test_an_entry_that_becomes_obsolete_keeps_the_previous_msgid_its_fuzzy_translation_was_made_for():
    po = _po(**{"New wording.": "Перевод старой формулировки."})
    po[0].flags.append("fuzzy")
    po[0].previous_msgid = "Old wording."
    merged = merge(po, _pot("Something else entirely, unrelated.")).catalog
    (kept,) = [e for e in merged if e.obsolete]
    assert (kept.msgid, kept.previous_msgid) == ("New wording.", "Old wording.")
    assert '#~| msgid "Old wording."' in render_catalog(merged)


def test_a_fuzzy_suggestion_keeps_the_previous_msgid_its_translation_was_made_for():
    po = _po(**{"The plan runs to May.": "План рассчитан до апреля."})
    po[0].flags.append("fuzzy")
    po[0].previous_msgid = "The plan runs to April."
    entry = merge(po, _pot("The plan runs to June.")).catalog.find("The plan runs to June.")
    assert (entry.msgstr, entry.previous_msgid) == ("План рассчитан до апреля.", "The plan runs to April.")


def test_a_templates_translator_comment_reaches_a_new_entry_and_the_catalogues_own_wins():
    pot = _pot("New", "Kept")
    pot[0].tcomment = pot[1].tcomment = "Desk: keep it short"
    po = _po(Kept="Сохранено")
    po[0].tcomment = "checked"
    merged = merge(po, pot).catalog
    assert [(e.msgid, e.tcomment) for e in merged] == [("New", "Desk: keep it short"), ("Kept", "checked")]


def test_a_format_flag_the_template_adds_sends_only_a_failing_translation_to_review():
    # GNU msgmerge keeps a translation that passes the new flag's check, and marks one that fails it.
    po = _po(**{"{a} files": "{a} файлов", "{a} docs": "{b} доков"})
    pot = _pot("{a} files", "{a} docs")
    for entry in pot:
        entry.flags.append("python-brace-format")
    merged = merge(po, pot).catalog
    assert [(e.msgid, e.flags) for e in merged] == [
        ("{a} files", ["python-brace-format"]),
        ("{a} docs", ["fuzzy", "python-brace-format"]),
    ]


def test_a_msgid_that_lost_its_final_line_break_sends_the_translation_to_review():
    po = _po(**{"Done.\n": "Готово.\n"})
    entry = merge(po, _pot("Done.")).catalog.find("Done.")
    assert entry.flags == ["fuzzy"] and entry.msgstr == "Готово.\n" and entry.previous_msgid == "Done.\n"


def test_a_one_word_edit_to_a_very_long_sentence_is_offered_as_a_fuzzy_suggestion():
    # difflib's ratio took minutes on pairs of this length; the bit-parallel measure is exact at any length.
    words = ("budget", "region", "tenge", "project", "railway", "agreement", "minister", "capacity")
    old = " ".join(words[i * 7 % 8] for i in range(8_000)) + "."
    new = old.replace("railway", "highway", 1)
    entry = merge(_po(**{old: "Перевод."}), _pot(new)).catalog.find(new)
    assert (entry.msgstr, entry.flags, entry.previous_msgid) == ("Перевод.", ["fuzzy"], old)
