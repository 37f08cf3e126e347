"""The article and review pages in a real browser: headless Chromium parses them and we read its DOM."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import SEED, Project, require

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    return require("chromium")


def dom(page: Path, profile: Path) -> str:
    """The DOM Chromium builds from ``page``, serialised."""
    done = subprocess.run(
        [_chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_article_page_in_chromium(project: Project, tmp_path: Path):
    project.run("build", "-l", "ru", "--format", "html")
    page = dom(project.root / "build" / "ru" / f"{SEED}.html", tmp_path / "profile")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ru"><head>')
    links = re.findall(r'<a href="\.\./(\w+)/[^"]+" hreflang="\w+" lang="\w+"( aria-current="page")?>([^<]+)</a>', page)
    assert [(code, bool(current), name) for code, current, name in links] == [
        ("en", False, "English"),
        ("kk", False, "Қазақ тілі"),
        ("ru", True, "Русский"),
    ]
    assert '<time datetime="2024-06-27">27 июня 2024 года</time>' in page
    article = page.split("<article>")[1].split("</article>")[0]
    assert article.count("<p>") == 11
    assert 'lang="en"' not in article


def test_fallback_sentences_carry_the_source_language_in_chromium(project: Project, tmp_path: Path):
    po = project.root / f"locale/ru/LC_MESSAGES/{SEED}.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Фото: gov.kz"', 'msgstr ""'), encoding="utf-8")
    project.run("build", "-l", "ru", "--format", "html")
    page = dom(project.root / "build" / "ru" / f"{SEED}.html", tmp_path / "profile")
    assert page.count('<p><span lang="en">Photo credit: gov.kz</span></p>') == 3


def test_review_page_in_chromium(project: Project, tmp_path: Path):
    po = project.root / f"locale/ru/LC_MESSAGES/{SEED}.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Фото: gov.kz"', 'msgstr ""')
    text = text.replace('msgid "Two kindergartens', '#, fuzzy\nmsgid "Two kindergartens')
    text = text.replace("направили {amount}.", "направили {amount!r}.")
    po.write_text(text, encoding="utf-8")
    result = project.run("review")
    assert result.output.splitlines()[0] == f"build/review/{SEED}.html: created (21 sentences)"
    page = dom(project.root / "build" / "review" / f"{SEED}.html", tmp_path / "profile")
    rows = page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 21
    statuses = re.findall(r'<td lang="(\w+)" class="status-(\w+)">', page)
    kk = [s for lang, s in statuses if lang == "kk"]
    ru = [s for lang, s in statuses if lang == "ru"]
    assert set(kk) == {"translated"}
    assert ru.count("untranslated") == 3 and ru.count("fuzzy") == 1 and ru.count("refused") == 1
    assert "placeholder {amount!r} is not a plain name" in page
    assert '<mark class="ph" title="{amount}">14,7&nbsp;млрд&nbsp;теңге</mark>' in page  # Chromium serialises U+00A0
    assert '<mark class="ph" title="{amount}">14.7 billion tenge</mark>' in page
    coverage = re.findall(
        r'<div class="locale" data-lang="(\w+)"><strong>[^<]+</strong> <span class="percent">(\d+)%', page
    )
    assert coverage == [("kk", "100"), ("ru", "84")]
