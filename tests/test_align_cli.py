"""l10n align: a newsroom brings its published translations into the catalogues."""

from __future__ import annotations

import shutil

import polib
from conftest import REPO, Project

ALIGN = REPO / "tests" / "data" / "align"


def _article(project: Project, slug: str, suffix: str = ".txt") -> None:
    shutil.copy2(ALIGN / "source" / f"{slug}{suffix}", project.root / "source" / f"{slug}{suffix}")


def _po(project: Project, lang: str, slug: str) -> polib.POFile:
    return polib.pofile(str(project.root / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"))


def test_align_fills_untranslated_entries_as_fuzzy_with_where_they_came_from(project: Project):
    _article(project, "grain-harvest")
    assert project.run("extract").exit_code == 0
    result = project.run("align", "-l", "ru", "grain-harvest", str(ALIGN / "ru" / "grain-harvest.txt"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("locale/ru/LC_MESSAGES/grain-harvest.po: created (")
    po = _po(project, "ru", "grain-harvest")
    filled = [e for e in po if e.msgstr or any(e.msgstr_plural.values())]
    assert filled and all("fuzzy" in e.flags for e in filled)
    assert all("Aligned from " in e.tcomment for e in filled)
    assert any("{" in (e.msgstr or e.msgstr_plural.get(0, "")) for e in filled)  # values came back as placeholders


def test_align_never_overwrites_a_translators_work(project: Project):
    _article(project, "grain-harvest")
    assert project.run("all").exit_code == 0
    path = project.root / "locale" / "ru" / "LC_MESSAGES" / "grain-harvest.po"
    po = polib.pofile(str(path))
    mine = next(e for e in po if not e.msgid_plural and e.msgid)
    mine.msgstr = "Перевод редактора."
    po.save(str(path))
    assert project.run("align", "-l", "ru", "grain-harvest", str(ALIGN / "ru" / "grain-harvest.txt")).exit_code == 0
    again = {e.msgid: e for e in _po(project, "ru", "grain-harvest")}
    assert again[mine.msgid].msgstr == "Перевод редактора."
    assert "fuzzy" not in again[mine.msgid].flags


def test_approved_alignments_serve_other_articles_through_the_translation_memory(project: Project):
    _article(project, "grain-harvest")
    assert project.run("extract").exit_code == 0
    assert (
        project.run(
            "align", "-l", "kk", "--approve-above", "0.5", "grain-harvest", str(ALIGN / "kk" / "grain-harvest.txt")
        ).exit_code
        == 0
    )
    approved = [e for e in _po(project, "kk", "grain-harvest") if e.translated() and e.msgid and "{" not in e.msgid]
    assert approved
    sentence = approved[0].msgid
    (project.root / "source" / "later.txt").write_text(f"Later story\n\n{sentence}\n", encoding="utf-8")
    assert project.run("all").exit_code == 0
    later = {e.msgid: e for e in _po(project, "kk", "later")}
    assert later[sentence].msgstr == approved[0].msgstr and "fuzzy" not in later[sentence].flags


def test_align_from_a_folder_reports_files_with_no_article(project: Project, tmp_path):
    for slug in ("grain-harvest", "oil-output"):
        _article(project, slug)
    folder = tmp_path / "published-ru"
    folder.mkdir()
    for slug in ("grain-harvest", "oil-output"):
        shutil.copy2(ALIGN / "ru" / f"{slug}.txt", folder / f"{slug}.txt")
    (folder / "retracted.txt").write_text("Эта статья снята.\n", encoding="utf-8")
    assert project.run("extract").exit_code == 0
    result = project.run("align", "-l", "ru", "--from", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(": created (") == 2
    assert "retracted.txt: warning: no article of this slug in the source folder" in result.stderr


def test_a_translation_that_cannot_be_aligned_is_one_line_and_nothing_is_written(project: Project, tmp_path):
    _article(project, "grain-harvest")
    assert project.run("extract").exit_code == 0
    for name, text, reason in (
        ("empty.txt", "", "empty"),
        ("english.txt", (ALIGN / "source" / "grain-harvest.txt").read_text(encoding="utf-8"), "not in"),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = project.run("align", "-l", "ru", "grain-harvest", str(tmp_path / name))
        assert result.exit_code == 1
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert len(errors) == 1 and name in errors[0] and reason in errors[0], result.stderr
        assert not (project.root / "locale" / "ru" / "LC_MESSAGES" / "grain-harvest.po").exists()


def test_align_usage_errors(project: Project):
    assert project.run("align", "-l", "ru").exit_code == 2
    assert project.run("align", "-l", "fr", "a", "b").exit_code == 2
