"""Wire copy with every value form, built for kk and ru: golden outputs compared byte for byte.

The corpus (tests/corpus/wire-copy/) is written in the style of English-language
Kazakh wire copy: money in every spelling (KZT 2.4 trillion, KZT120bn, 350bln tenge,
US$3.1 billion, €40 million, 1.6 billion rubles, 7,500 tenge), percentages (17.2%,
40 percent, 6 per cent), dates with and without a year or a day, grouped and
compact numbers, and what must stay literal (2019–2024, 6-8, No. 512, Soyuz MS-26,
gov.kz, 5,1 per cent). Its kk and ru catalogues are translated and check clean.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, Golden, Project, msgfmt_check

CORPORA = Path(__file__).parent / "corpus"
CORPUS = CORPORA / "wire-copy"
SLUG = "wire-copy"
NAMES = ("wire-copy", "markdown-brief")


def _project(tmp_path: Path, name: str) -> Project:
    root = tmp_path / name
    root.mkdir()
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(CORPORA / name / "source", root / "source")
    shutil.copytree(CORPORA / name / "locale", root / "locale")
    return Project(root)


@pytest.mark.parametrize("name", NAMES)
def test_extract_gives_the_golden_template(tmp_path: Path, name: str, golden: Golden):
    project = _project(tmp_path, name)
    pot = project.root / "locale" / f"{name}.pot"
    pot.unlink()
    project.run("extract")
    golden.check(CORPORA / name / "locale" / f"{name}.pot", pot.read_bytes())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_corpus_builds_to_the_golden_output(tmp_path: Path, name: str, lang: str, fmt: str, golden: Golden):
    project = _project(tmp_path, name)
    result = project.run("build", "-l", lang, "--format", fmt)
    assert result.exit_code == 0
    built = (project.root / "build" / lang / f"{name}.{fmt}").read_bytes()
    golden.check(CORPORA / name / "expect" / lang / f"{name}.{fmt}", built)


@pytest.mark.parametrize("name", NAMES)
def test_corpus_translations_check_clean(tmp_path: Path, name: str):
    result = _project(tmp_path, name).run("check")
    assert result.output == "2 catalogues checked: 0 errors, 0 warnings\n"


def test_markdown_source_rebuilds_byte_for_byte(tmp_path: Path):
    project = _project(tmp_path, "markdown-brief")
    project.run("build", "-l", "en", "--format", "md")
    built = (project.root / "build" / "en" / "markdown-brief.md").read_bytes()
    assert built == (CORPORA / "markdown-brief" / "source" / "markdown-brief.md").read_bytes()


def test_markdown_keeps_urls_code_and_fences_out_of_placeholders():
    from pipeline.pofile import parse_po

    pot = parse_po((CORPORA / "markdown-brief" / "locale" / "markdown-brief.pot").read_bytes(), "x.pot")
    msgids = [e.msgid for e in pot]
    assert any("[the Government said](https://gov.kz/memleket/entities/press/2024-06-27)" in m for m in msgids)
    assert "Costs are listed in `costs_2.1.xlsx`, an annex to the plan." in msgids
    assert not any("stays as written" in m for m in msgids)
    assert msgids[0] == "Baikonur gets {amount} for gas"


def test_markdown_translation_that_drops_markup_is_refused(tmp_path: Path):
    project = _project(tmp_path, "markdown-brief")
    po = project.root / "locale/ru/LC_MESSAGES/markdown-brief.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Газификация **Байконура**", "Газификация Байконура"), "utf-8")
    result = project.run("build", "-l", "ru", "--format", "html")
    assert "the translation does not keep the msgid's Markdown markup" in result.stderr
    page = (project.root / "build/ru/markdown-brief.html").read_text(encoding="utf-8")
    assert '<h1><span lang="en">Gasification of <strong>Baikonur</strong></span></h1>' in page


def test_a_date_ending_a_sentence_takes_no_second_period():
    ru = (CORPUS / "expect" / "ru" / f"{SLUG}.txt").read_text(encoding="utf-8")
    assert "2025 года, а аудиторский отчет датирован 27 июня 2024 года. Строительство" in ru
    assert "г.." not in ru


def test_values_are_rendered_for_each_locale():
    ru = (CORPUS / "expect" / "ru" / f"{SLUG}.txt").read_text(encoding="utf-8")
    kk = (CORPUS / "expect" / "kk" / f"{SLUG}.txt").read_text(encoding="utf-8")
    for expected in ("2,4\xa0трлн\xa0тенге", "120\xa0млрд\xa0тенге", "около 91\xa0млн\xa0долларов",
                     "1,6\xa0млрд\xa0рублей", "7\xa0500\xa0тенге", "с 40% годом ранее до 17,2%", "к 3 марта",
                     "в ноябре 2021 года", "2\xa0450\xa0000\xa0т", "3,4\xa0млн\xa0га", "9 февраля", "5,1%",
                     "№ 512"):  # fmt: skip
        assert expected in ru, expected
    for expected in ("14 қыркүйек күні", "2021 жылғы қарашада", "9 ақпан", "40%-дан 17,2%-ға",
                     "3 наурызға дейін", "2,4\xa0трлн\xa0теңге", "91\xa0млн\xa0доллар"):  # fmt: skip
        assert expected in kk, expected


def test_check_reports_markdown_markup_lost_in_translation(tmp_path: Path):
    project = _project(tmp_path, "markdown-brief")
    po = project.root / "locale/kk/LC_MESSAGES/markdown-brief.po"
    text = po.read_text(encoding="utf-8")
    assert '"(https://gov.kz/memleket' in text
    head, _, tail = text.rpartition('"(https://gov.kz/memleket')  # the msgstr's, not the msgid's
    po.write_text(head + '"(https://example.com/memleket' + tail, encoding="utf-8")
    result = project.run("check", "-l", "kk")
    assert result.exit_code == 1
    assert "error: the translation does not keep the msgid's Markdown markup [markup]" in result.output


@pytest.mark.parametrize("name", NAMES)
def test_corpus_catalogues_pass_msgfmt_check_plural_entries_included(name: str):
    catalogues = sorted((CORPORA / name / "locale").rglob("*.po")) + sorted((CORPORA / name / "locale").glob("*.pot"))
    assert any("msgid_plural" in p.read_text(encoding="utf-8") for p in catalogues)
    for path in catalogues:
        assert msgfmt_check(path) == [], path


def test_a_translated_title_cannot_add_to_the_front_matter(tmp_path: Path):
    project = _project(tmp_path, "markdown-brief")
    po = project.root / "locale/ru/LC_MESSAGES/markdown-brief.po"
    text = po.read_text(encoding="utf-8")
    assert text.count('"Байконур получит {amount} на газификацию"') == 3
    po.write_text(
        text.replace('"Байконур получит {amount} на газификацию"', '"Байконур {amount}\\n---\\nlayout: evil\\n---"'),
        encoding="utf-8",
    )
    assert project.run("build", "-l", "ru", "--format", "md").exit_code == 0
    built = (project.root / "build/ru/markdown-brief.md").read_text(encoding="utf-8")
    front, body = built.split("\n---\n", 1)
    assert front.splitlines()[1] == 'title: "Байконур 5\\u00a0млрд\\u00a0тенге\\n---\\nlayout: evil\\n---"'.replace(
        "\\u00a0", "\xa0"
    )
    assert "layout:" not in body and not any(line.startswith("layout") for line in front.splitlines())
