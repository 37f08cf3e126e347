"""The first article end to end, against golden files compared byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLDEN, REPO, SEED, Golden, Project, msgfmt_check

FORMATS = ("txt", "md", "html")


def test_source_is_the_seed_byte_for_byte():
    data = (REPO / "source" / f"{SEED}.txt").read_bytes()
    assert data.startswith(b" date 2024-06-27 ")
    assert not data.endswith(b"\n")
    seed = REPO.parent / "shared" / "seed" / f"{SEED}.txt"
    if seed.exists():  # the shared folder is beside the checkout on the team's machines
        assert data == seed.read_bytes()


def test_extract_writes_the_golden_pot(project: Project, golden: Golden):
    (project.root / "locale" / f"{SEED}.pot").unlink()
    result = project.run("extract")
    assert result.exit_code == 0
    assert result.output == f"locale/{SEED}.pot: created (19 messages from 21 sentences)\n"
    made = (project.root / "locale" / f"{SEED}.pot").read_bytes()
    # The repository's own template is the same file: the project ships what extract makes.
    golden.check(GOLDEN / SEED / f"{SEED}.pot", made, REPO / "locale" / f"{SEED}.pot")


def test_shipped_pot_is_up_to_date_with_the_source():
    assert (REPO / "locale" / f"{SEED}.pot").read_bytes() == (GOLDEN / SEED / f"{SEED}.pot").read_bytes()


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_build_matches_golden_output(project: Project, lang: str, fmt: str, golden: Golden):
    result = project.run("build", "-l", lang, "--format", fmt)
    assert result.exit_code == 0, result.output
    built = project.root / "build" / lang / f"{SEED}.{fmt}"
    golden.check(GOLDEN / SEED / lang / f"{SEED}.{fmt}", built.read_bytes())


def test_building_the_source_locale_reproduces_the_source(project: Project):
    project.run("build", "-l", "en", "--format", "txt")
    built = project.root / "build" / "en" / f"{SEED}.txt"
    assert built.read_bytes() == (project.root / "source" / f"{SEED}.txt").read_bytes()


def test_seed_has_21_sentences_in_11_paragraphs_and_one_credit_message():
    from pipeline.article import parse_article

    text = (REPO / "source" / f"{SEED}.txt").read_text(encoding="utf-8")
    article = parse_article(text, Path(f"source/{SEED}.txt"), "en")
    assert len(article.paragraphs) == 11
    assert len(article.sentences) == 21
    credits = [s.line for s in article.sentences if s.text == "Photo credit: gov.kz"]
    assert credits == [5, 11, 17]
    assert article.date.isoformat() == "2024-06-27"
    assert article.sentences[0].text.startswith("Prime Minister Olzhas Bektenov")


def test_shipped_translations_are_complete_and_approved():
    import polib

    for lang in ("kk", "ru"):
        po = polib.pofile(str(REPO / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"))
        assert po.percent_translated() == 100
        assert not po.fuzzy_entries()
        assert not po.obsolete_entries()
        assert po.metadata["Language"] == lang


def test_translated_outputs_format_values_in_the_house_style():
    ru = (GOLDEN / SEED / "ru" / f"{SEED}.txt").read_text(encoding="utf-8")
    kk = (GOLDEN / SEED / "kk" / f"{SEED}.txt").read_text(encoding="utf-8")
    # As Kazakhstani press prints them (docs/terminology.md), not CLDR's «14,7 млрд ₸», «70 %», «2024 г.».
    assert ru.startswith("27 июня 2024 года\n\n")
    assert kk.startswith("2024 жылғы 27 маусым\n\n")
    assert "направили 14,7\xa0млрд\xa0тенге." in ru and "14,7\xa0млрд\xa0теңге жұмсалды" in kk
    assert "По его словам, 70% населения" in ru and "тұрғындарының 70%-ы" in kk
    assert "запланировано на май 2028 года" in ru and "Жұмыстарды 2028 жылғы мамырда" in kk


def test_html_is_a_standalone_page_with_lang_time_and_alternates():
    page = (GOLDEN / SEED / "kk" / f"{SEED}.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="kk">')
    assert '<meta charset="utf-8">' in page
    assert '<time datetime="2024-06-27">2024 жылғы 27 маусым</time>' in page
    for code in ("en", "kk", "ru"):
        assert f'<link rel="alternate" hreflang="{code}" href="../{code}/{SEED}.html">' in page
    assert "«„Бәйтерек“ бірлескен кәсіпорны» АҚ" in page


def test_every_shipped_catalogue_passes_msgfmt_check():
    catalogues = sorted((REPO / "locale").rglob("*.po")) + sorted((REPO / "locale").rglob("*.pot"))
    assert len(catalogues) == 3
    for path in catalogues:
        assert msgfmt_check(path) == [], path
