"""Everyday use of the CLI by a newsroom: retracted stories, slugs, subfolders, -q, compile, summaries."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import Project, have

from pipeline.cli import cli

SEED = "baiterek-space-rocket-complex"
PO_RU = f"locale/ru/LC_MESSAGES/{SEED}.po"


def _story(project: Project, slug: str, text: str = "Wheat exports\n\nWheat exports grew this year.\n") -> None:
    (project.root / "source" / f"{slug}.txt").write_text(text, encoding="utf-8")


def test_all_removes_what_was_made_from_a_deleted_article_and_keeps_its_catalogues(project: Project):
    _story(project, "wheat-exports")
    assert project.run("all").exit_code == 0
    (project.root / "source" / "wheat-exports.txt").unlink()  # the story is retracted
    result = project.run("all")
    assert result.exit_code == 0
    gone = [f"build/{lang}/wheat-exports.{ext}" for lang in ("en", "kk", "ru") for ext in ("txt", "md", "html")]
    for name in [*gone, "locale/wheat-exports.pot"]:
        assert not (project.root / name).exists(), name
        assert f"{name}: removed (its article is gone)" in result.stdout
    for lang in ("kk", "ru"):
        kept = f"locale/{lang}/LC_MESSAGES/wheat-exports.po"
        assert (project.root / kept).exists()
        assert f"{kept}: warning: its article is gone; kept for its translations" in result.stderr
    assert (project.root / "build" / "ru" / f"{SEED}.txt").exists()


def test_a_renamed_article_leaves_no_stale_output(project: Project):
    _story(project, "wheat")
    assert project.run("all").exit_code == 0
    (project.root / "source" / "wheat.txt").rename(project.root / "source" / "wheat-exports.txt")
    assert project.run("all").exit_code == 0
    assert not list((project.root / "build").glob("*/wheat.*"))
    assert (project.root / "build" / "kk" / "wheat-exports.txt").exists()


def test_an_article_is_named_by_its_slug_too(project: Project):
    _story(project, "wheat-exports")
    assert project.run("all").exit_code == 0
    result = project.run("-v", "build", "-l", "ru", "wheat-exports")
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.stdout.splitlines() if line.startswith("build/")] == [
        "build/ru/wheat-exports.txt",
        "build/ru/wheat-exports.md",
        "build/ru/wheat-exports.html",
    ]
    (project.root / "source" / "wheat-exports.md").write_text("# Wheat\n\nText.\n", encoding="utf-8")
    both = project.run("build", "wheat-exports")
    assert both.exit_code == 1
    assert "wheat-exports: names two articles (wheat-exports.txt, wheat-exports.md)" in both.stderr


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_and_verbose_work_after_the_command_name(project: Project, flag):
    assert project.run("build", flag).stdout == ""
    verbose = project.run("build", "-v").stdout
    assert f"build/ru/{SEED}.txt: unchanged (up to date)" in verbose


def test_l10n_finds_the_project_from_a_subfolder(project: Project):
    inside = project.root / "locale" / "ru"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "stats", "-l", "ru"], cwd=inside, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert SEED in done.stdout


def test_update_does_not_count_a_sentence_that_stayed_untranslated_as_new(project: Project):
    _story(project, "wheat-exports", "Wheat exports\n\nWheat exports grew this year.\n\nBarley fell.\n")
    assert project.run("all").exit_code == 0
    _story(project, "wheat-exports", "Wheat exports\n\nWheat exports grew this year.\n\nBarley fell.\n\nOats held.\n")
    result = project.run("all")
    line = next(
        line for line in result.stdout.splitlines() if line.startswith("locale/ru/LC_MESSAGES/wheat-exports.po")
    )
    assert line.endswith("; 1 new)"), line


def test_compile_leaves_out_what_build_refuses(project: Project):
    po = project.root / PO_RU
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Фото: gov.kz"', 'msgstr "Фото: {amount}"')
    po.write_text(text, encoding="utf-8")
    result = project.run("compile", "-l", "ru")
    assert result.exit_code == 0
    line = text[: text.index('msgstr "Фото: {amount}"')].count("\n")  # the entry's msgid line
    reason = "placeholder {amount} is not in the msgid, which has no values"
    assert f"{PO_RU}:{line}: warning: left out of the MO file: {reason}" in result.stderr
    mo = po.with_suffix(".mo")
    if have("msgunfmt"):
        shown = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True).stdout
        assert "Фото: {amount}" not in shown and "Photo credit: gov.kz" not in shown
        assert "Байтерек" in shown  # the rest is there


def test_the_cli_group_is_the_one_tested(project: Project):
    assert "quiet" in {p.name for p in cli.commands["build"].params}


@pytest.mark.parametrize(
    "line", ["date 2025-09-16", "Date 2025-09-16", "date: 2025-09-16", "Date: 2025-9-16", "DATE:2025-09-16"]
)
def test_the_obvious_ways_of_writing_the_date_line_are_read(project: Project, line):
    _story(project, "wheat-exports", f"{line}\n\nWheat exports\n\nWheat exports grew this year.\n")
    assert project.run("all").exit_code == 0
    pot = (project.root / "locale" / "wheat-exports.pot").read_text(encoding="utf-8")
    assert '"POT-Creation-Date: 2025-09-16 00:00+0000\\n"' in pot
    assert "Date" not in pot.split("msgid", 2)[2]  # no message made of the date line
    assert (project.root / "build" / "en" / "wheat-exports.txt").read_text(encoding="utf-8").startswith(line)


@pytest.mark.parametrize("line", ["Date: 16.09.2025", "date September 16, 2025", "Date - 2025/09/16"])
def test_a_date_line_that_cannot_be_read_is_one_line_naming_the_file(project: Project, line):
    _story(project, "wheat-exports", f"{line}\n\nWheat exports\n\nWheat exports grew this year.\n")
    result = project.run("extract")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("source/wheat-exports.txt:1: error: the first line ")
    assert "write it as date YYYY-MM-DD" in errors[0]


def test_an_article_in_another_language_is_not_extracted_and_says_why(project: Project):
    (project.root / "source" / "zerno.md").write_text(
        '---\ntitle: "Экспорт зерна"\nlang: "ru"\n---\n\nЭкспорт зерна вырос в этом году.\n', encoding="utf-8"
    )
    result = project.run("all")
    assert result.exit_code == 0, result.stderr
    assert (
        "source/zerno.md: warning: not extracted: the article is in ru (its front matter says so), not in en,"
        in result.stderr
    )
    assert not (project.root / "locale" / "zerno.pot").exists()
    assert not (project.root / "locale" / "ru" / "LC_MESSAGES" / "zerno.po").exists()
    assert (project.root / "build" / "ru" / f"{SEED}.txt").exists()  # the others are done


def test_a_hard_wrapped_article_gives_the_same_messages_as_its_paragraphs_on_one_line(project: Project):
    text = (
        "Grain harvest\n\nKazakh farmers have threshed 26.7 million tons of grain, the Ministry of Agriculture "
        "reported on Oct. 21. The harvest is 59% higher than last year. Wheat accounts for 18.9 million tons of "
        "the total, the ministry said.\n"
    )
    import textwrap

    wrapped = "\n\n".join(textwrap.fill(p, 60) for p in text.strip().split("\n\n")) + "\n"
    _story(project, "one-line", text)
    _story(project, "wrapped", wrapped)
    assert project.run("all").exit_code == 0
    messages = {}
    for slug in ("one-line", "wrapped"):
        pot = (project.root / "locale" / f"{slug}.pot").read_text(encoding="utf-8")
        messages[slug] = [block.split("msgid ", 1)[1] for block in pot.split("\n\n")[1:]]
    assert messages["wrapped"] == messages["one-line"] and len(messages["wrapped"]) == 4
    # The source language rebuilds the wrapped file byte for byte.
    assert (project.root / "build" / "en" / "wrapped.txt").read_text(encoding="utf-8") == wrapped


def test_the_review_page_refuses_what_the_build_refuses(project: Project):
    po = project.root / PO_RU
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Фото: gov.kz"', 'msgstr "Фото: \u202egov.kz"'), "utf-8"
    )
    assert project.run("review").exit_code == 0
    page = (project.root / "build" / "review" / f"{SEED}.html").read_text(encoding="utf-8")
    assert "the translation has the bidirectional control character U+202E" in page
    built = project.run("build", "-l", "ru")
    assert "the translation has the bidirectional control character U+202E" in built.stderr
