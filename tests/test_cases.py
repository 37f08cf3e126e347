"""Golden extraction cases, one folder each: ``X.txt`` and ``X.txt.expect.pot``.

To add a case, write ``tests/cases/<name>/<name>.txt``, run
``pytest --update-goldens`` and review the expected POT. The
templates note each value's grammatical class in the house styles of kk and ru.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Golden, msgfmt_check

from pipeline.article import parse_article
from pipeline.catalog import render_catalog, template
from pipeline.config import HOUSE_STYLES
from pipeline.localeformat import LocaleFormat

CASES = Path(__file__).parent / "cases"


def expected_pot(article_file: Path) -> str:
    text = article_file.read_bytes().decode("utf-8")
    article = parse_article(text, Path("source") / article_file.name, "en")
    assert article.source_text() == text
    formatters = {code: LocaleFormat(f"{code}_KZ", style) for code, style in HOUSE_STYLES.items()}
    return render_catalog(template(article, project="cases", formatters=formatters))


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_extracted_pot_matches_golden(case: str, golden: Golden):
    expected = CASES / case / f"{case}.txt.expect.pot"
    golden.check(expected, expected_pot(CASES / case / f"{case}.txt"))
    assert msgfmt_check(expected) == []
