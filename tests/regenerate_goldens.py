"""Rebuild the golden outputs of the seed and of the wire-copy corpus (review the diff before committing).

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

from pipeline.cli import cli  # noqa: E402

SEED = "baiterek-space-rocket-complex"


def build(source: Path, locale: Path, slug: str, expect: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
        shutil.copytree(source, root / "source")
        shutil.copytree(locale, root / "locale", ignore=shutil.ignore_patterns("*.mo"))
        result = CliRunner().invoke(cli, ["-C", str(root), "build"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        for lang in ("en", "kk", "ru"):
            for built in sorted((root / "build" / lang).glob(f"{slug}.*")):
                target = expect / lang / built.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(built.read_bytes())
                print(f"wrote {target.relative_to(REPO)}")


build(REPO / "source", REPO / "locale", SEED, HERE / "golden" / SEED)
for name in ("wire-copy", "markdown-brief"):
    corpus = HERE / "corpus" / name
    build(corpus / "source", corpus / "locale", name, corpus / "expect")
