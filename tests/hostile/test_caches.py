"""The caches under .l10n/ are shortcuts: a forged or damaged record never becomes a published translation."""

from __future__ import annotations

import json

import pytest
from conftest import Project

SEED = "baiterek-space-rocket-complex"
SENTENCE = "The committee will meet again next week."


def _forge(project: Project, sentence: str, translation: str) -> None:
    """Add a pair the seed's catalogue does not hold to every cached copy of the Russian memory."""
    l10n = project.root / ".l10n"
    cache = json.loads((l10n / "memory-ru.json").read_text(encoding="utf-8"))
    record = cache["catalogs"][f"locale/ru/LC_MESSAGES/{SEED}.po"]
    record[1] += [sentence, translation]  # under the catalogue's real content hash
    (l10n / "memory-ru.json").write_text(json.dumps(cache), encoding="utf-8")
    for name in ("memory-ru.built.json", "memory-ru.patch.json"):
        (l10n / name).unlink(missing_ok=True)  # so that the run builds its memory from the forged cache


def test_a_forged_memory_record_under_a_catalogues_real_hash_is_not_published(project: Project):
    assert project.run("all").exit_code == 0
    assert (project.root / ".l10n/memory-ru.json").exists()
    _forge(project, SENTENCE, "ПОДДЕЛКА")
    (project.root / "source/second.txt").write_text(f"{SENTENCE}\n", encoding="utf-8")
    assert project.run("all").exit_code == 0
    assert "ПОДДЕЛКА" not in (project.root / "build/ru/second.txt").read_text(encoding="utf-8")


def test_an_honest_memory_record_still_fills_the_same_sentence_elsewhere(project: Project):
    # The check does not cost the memory its use: a pair the catalogue holds is taken as before.
    assert project.run("all").exit_code == 0
    sentence = "Since 2018, the complex has been operated by the Kazakh side."
    (project.root / "source/second.txt").write_text(f"{sentence}\n", encoding="utf-8")
    assert project.run("all").exit_code == 0
    published = (project.root / "build/ru/second.txt").read_text(encoding="utf-8")
    assert published == "С 2018 года комплекс эксплуатируется казахстанской стороной.\n"


@pytest.mark.parametrize(
    "name", ["state.json", "state.log", "memory-ru.json", "memory-ru.built.json", "memory-ru.patch.json", "commit.json"]
)
@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"catalogs": 5, "base": [1], "format": {}, "files": [1, "../../x", null], "on": 3}',
    ],
    ids=["nested-past-the-parser", "wrongly-typed"],
)
def test_a_damaged_cache_file_is_ignored_and_the_run_gives_what_a_clean_one_gives(project: Project, name, content):
    assert project.run("all").exit_code == 0
    clean = {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")}
    (project.root / ".l10n" / name).write_text(content, encoding="utf-8")
    result = project.run("all")
    assert result.exit_code == 0, result.output
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == clean
