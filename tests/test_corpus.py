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
from conftest import REPO, Project

CORPUS = Path(__file__).parent / "corpus" / "wire-copy"
SLUG = "wire-copy"


@pytest.fixture
def wire(tmp_path: Path) -> Project:
    root = tmp_path / "wire"
    root.mkdir()
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(CORPUS / "source", root / "source")
    shutil.copytree(CORPUS / "locale", root / "locale")
    return Project(root)


def test_extract_finds_every_value_form(wire: Project):
    golden = (wire.root / "locale" / f"{SLUG}.pot").read_bytes()
    (wire.root / "locale" / f"{SLUG}.pot").unlink()
    wire.run("extract")
    assert (wire.root / "locale" / f"{SLUG}.pot").read_bytes() == golden


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_wire_copy_builds_to_the_golden_output(wire: Project, lang: str, fmt: str):
    result = wire.run("build", "-l", lang, "--format", fmt)
    assert result.exit_code == 0
    built = (wire.root / "build" / lang / f"{SLUG}.{fmt}").read_bytes()
    assert built == (CORPUS / "expect" / lang / f"{SLUG}.{fmt}").read_bytes()


def test_wire_copy_translations_check_clean(wire: Project):
    result = wire.run("check")
    assert result.output == "2 catalogues checked: 0 errors, 0 warnings\n"


def test_a_date_ending_a_sentence_takes_no_second_period():
    ru = (CORPUS / "expect" / "ru" / f"{SLUG}.txt").read_text(encoding="utf-8")
    assert "2025\u202fг., а аудиторский отчет датирован 27 июня 2024\u202fг. Сроки" in ru
    assert "г.." not in ru


def test_values_are_rendered_for_each_locale():
    ru = (CORPUS / "expect" / "ru" / f"{SLUG}.txt").read_text(encoding="utf-8")
    kk = (CORPUS / "expect" / "kk" / f"{SLUG}.txt").read_text(encoding="utf-8")
    for expected in ("2,4\xa0трлн\xa0₸", "120\xa0млрд\xa0₸", "91\xa0млн\xa0$", "1,6\xa0млрд\xa0₽", "7\xa0500\xa0₸",
                     "17,2\xa0%", "к 3 марта", "ноябрь 2021\u202fг.", "2\xa0450\xa0000", "3,4\xa0млн", "9 февраля",
                     "5,1 процента", "№ 512"):  # fmt: skip
        assert expected in ru, expected
    for expected in ("14 қыркүйек", "2021\u202fж. қараша", "9 ақпан", "40%-тан"):
        assert expected in kk, expected
