"""The strict PO reader with its fast path (``parse_po``) beside its careful reader alone, on a project's catalogues.

Usage::

    python bench/poread.py [--articles 300] [--rounds 7] [--dir DIR]

The catalogues are the ones a real cycle writes: bench/corpus2.py writes
``--articles`` articles into a temporary project, ``l10n all -j 2`` extracts
and merges them, corpus2's stand-in translations fill the catalogues, then
corpus2's edited variant of the articles goes through ``l10n all`` again
(fuzzy entries with ``#|`` previous strings, obsolete ``#~`` entries).
``--dir`` reads the ``.po`` and ``.pot`` files of an existing project instead
of making one.

Both readers first read every file and must give the same catalogue (or the
same error). Then each round reads every file with each reader in turn (which
goes first alternates), timed in CPU time (``time.process_time``); the figures
are medians over the rounds, per file, for the templates, the catalogues and
all files, and the fast path's share of files.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.errors import CatalogError  # noqa: E402
from pipeline.pofile import _parse_po_careful, _parse_po_fast, parse_po  # noqa: E402


def make_project(articles: int, root: Path) -> None:
    """A project of ``articles`` corpus2 articles after a cycle, a translation pass and an update of edits."""
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    write_articles = [sys.executable, str(ROOT / "bench" / "corpus2.py"), str(articles), str(root)]
    l10n = [sys.executable, "-m", "pipeline", "-q"]
    subprocess.run(write_articles, check=True)
    subprocess.run([*l10n, "all", "-j", "2"], cwd=root, check=True)
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus2

    corpus2.translate_all(root)
    subprocess.run([*write_articles, "--edited"], check=True)
    subprocess.run([*l10n, "all", "-j", "2"], cwd=root, check=True)


def _outcome(read: Callable, data: bytes, path: Path) -> tuple:
    try:
        po = read(data, path)
    except CatalogError as exc:
        return ("refused", str(exc))
    return ("read", repr((vars(po), [vars(e) for e in po])))


def _turn(read: Callable, files: list[tuple[bytes, Path]]) -> float:
    start = time.process_time()
    for data, path in files:
        read(data, path)
    return time.process_time() - start


def main() -> None:
    """Make or find the catalogues, check that the readers agree, time them and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="an existing project whose catalogues to read")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="poread-") as tmp:
        root = args.dir
        if root is None:
            root = Path(tmp)
            make_project(args.articles, root)
        paths = sorted(p for p in (root / "locale").rglob("*") if p.suffix in (".po", ".pot"))
        files = [(p.read_bytes(), p) for p in paths]
    if not files:
        sys.exit(f"no catalogues under {root / 'locale'}")

    fast = 0
    for data, path in files:
        if _outcome(parse_po, data, path) != _outcome(_parse_po_careful, data, path):
            sys.exit(f"{path}: the two readers disagree")
        fast += _parse_po_fast(data, path) is not None
    groups = {
        "templates (.pot)": [f for f in files if f[1].suffix == ".pot"],
        "catalogues (.po)": [f for f in files if f[1].suffix == ".po"],
        "all files": files,
    }
    size = sum(len(data) for data, _ in files) / len(files)
    entries = sum(len(parse_po(data, path)) for data, path in files) / len(files)
    print(f"{len(files)} files from {root}: {size:,.0f} bytes and {entries:.1f} entries a file on average")
    print(f"fast path taken on {fast} of {len(files)} files; {args.rounds} rounds, CPU time, median per file")
    print()
    print(f"{'files':<18} {'n':>5} {'careful µs':>11} {'parse_po µs':>12} {'speed-up':>9}")
    for name, group in groups.items():
        if not group:
            continue
        careful: list[float] = []
        new: list[float] = []
        for round_ in range(args.rounds):
            turns = [(careful, _parse_po_careful), (new, parse_po)]
            for times, read in turns if round_ % 2 == 0 else turns[::-1]:
                times.append(_turn(read, group) / len(group) * 1e6)
        old_us, new_us = statistics.median(careful), statistics.median(new)
        print(f"{name:<18} {len(group):>5} {old_us:>11.1f} {new_us:>12.1f} {old_us / new_us:>8.2f}×")


if __name__ == "__main__":
    main()
