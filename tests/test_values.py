"""Value variations: only the English values change, and the kk and ru catalogues stay as translated.

Each folder of ``tests/corpus/values/`` holds articles whose values differ
from those their catalogues were translated for (the seed's, in ``locale/``,
or a corpus's): amounts across Russian plural categories, month-year and full
dates, percents and months across Kazakh harmony classes, counted nouns, and
a translation-memory match made for values of another class. After
``extract``, ``update`` and ``build`` every published sentence equals its
golden text, and every entry sent back to review says why (``expect.txt``;
``python tests/regenerate_goldens.py`` writes it).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, Golden, msgfmt_check

from pipeline.cli import cli
from pipeline.pofile import parse_po

CORPORA = Path(__file__).parent / "corpus"
VARIANTS = tuple(sorted(p for p in (CORPORA / "values").iterdir() if p.is_dir()))


def _catalogues(slug: str) -> Path:
    """The folder whose catalogues translate the article ``slug``."""
    return REPO / "locale" if slug == "baiterek-space-rocket-complex" else CORPORA / slug / "locale"


def _run(root: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _project(variant: Path, root: Path) -> Path:
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(variant / "source", root / "source")
    for article in sorted((variant / "source").iterdir()):
        base = _catalogues(article.stem)
        if not base.exists():
            continue  # an article with no translation yet: the memory's to fill
        for lang in ("kk", "ru"):
            target = root / "locale" / lang / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(base / lang / "LC_MESSAGES" / f"{article.stem}.po", target)
    return root


def published(variant: Path, root: Path | None = None) -> str:
    """What the variant publishes in kk and ru, and each entry it sends back to review with the reason."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _project(variant, root or Path(tmp))
        for command in ("extract", "update"):
            _run(root, command)
        _run(root, "build", "--format", "txt")
        out = []
        for lang in ("kk", "ru"):
            for article in sorted((root / "source").iterdir()):
                slug = article.stem
                out.append(f"=== {lang}/{slug}.txt")
                out.append((root / "build" / lang / f"{slug}.txt").read_text(encoding="utf-8").rstrip("\n"))
                po_file = root / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"
                for entry in parse_po(po_file.read_bytes(), po_file):
                    if "fuzzy" in entry.flags and not entry.obsolete:
                        reason = entry.tcomment.replace("\n", " / ")
                        if entry.previous_msgid:
                            reason = " / ".join(filter(None, (reason, f"the msgid was: {entry.previous_msgid}")))
                        out.append(f"--- review: {entry.msgid}\n    because: {reason}")
        return "\n".join(out) + "\n"


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_changed_values_publish_grammatical_sentences_or_go_to_review_with_a_reason(
    variant: Path, tmp_path: Path, golden: Golden
):
    golden.check(variant / "expect.txt", published(variant, tmp_path))
    for po_file in sorted(tmp_path.glob("locale/*/LC_MESSAGES/*.po")):
        assert msgfmt_check(po_file) == []


def test_update_says_how_many_translations_it_sent_back_to_review(tmp_path: Path):
    root = _project(CORPORA / "values" / "wire-classes", tmp_path)
    _run(root, "extract")
    result = CliRunner().invoke(cli, ["-C", str(root), "update"], catch_exceptions=False)
    assert result.output.splitlines()[:2] == [
        "locale/kk/LC_MESSAGES/wire-copy.po: updated (12 translated, 0 fuzzy, 0 untranslated, 0 obsolete;"
        " comments or layout only)",
        "locale/ru/LC_MESSAGES/wire-copy.po: updated (10 translated, 2 fuzzy, 0 untranslated, 0 obsolete;"
        " 2 sent back to review (see their comments))",
    ]
