"""Rebuild every golden file of the test suite (review the diff before committing).

Templates (the seed's, the corpora's and the golden cases'), the built
articles of the seed and of each corpus, and the value-variation corpus's
published sentences and review reasons.

Usage: python tests/regenerate_goldens.py
"""

import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from pipeline.cli import cli  # noqa: E402

SEED = "baiterek-space-rocket-complex"


def run(root: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
        print(f"wrote {target.relative_to(REPO)}")


def golden(source: Path, locale: Path, slug: str, expect: Path, pots: tuple[Path, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
        shutil.copytree(source, root / "source")
        shutil.copytree(locale, root / "locale", ignore=shutil.ignore_patterns("*.mo", "*.pot"))
        run(root, "extract")
        for pot in pots:
            write(pot, (root / "locale" / f"{slug}.pot").read_bytes())
        run(root, "build")
        for lang in ("en", "kk", "ru"):
            for built in sorted((root / "build" / lang).glob(f"{slug}.*")):
                write(expect / lang / built.name, built.read_bytes())


golden(
    REPO / "source",
    REPO / "locale",
    SEED,
    HERE / "golden" / SEED,
    (HERE / "golden" / SEED / f"{SEED}.pot", REPO / "locale" / f"{SEED}.pot"),
)
for name in ("wire-copy", "markdown-brief"):
    corpus = HERE / "corpus" / name
    golden(corpus / "source", corpus / "locale", name, corpus / "expect", (corpus / "locale" / f"{name}.pot",))

from test_cases import CASES, expected_pot  # noqa: E402

for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
    write(case / f"{case.name}.txt.expect.pot", expected_pot(case / f"{case.name}.txt").encode("utf-8"))

from test_values import VARIANTS, published  # noqa: E402

for variant in VARIANTS:
    write(variant / "expect.txt", published(variant).encode("utf-8"))
