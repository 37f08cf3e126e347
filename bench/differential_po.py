"""Compare the strict PO reader with GNU msgfmt on mutated catalogues (not part of CI).

Usage: python bench/differential_po.py [SECONDS] [--keep DIR]

Each mutation of a shipped or test catalogue (bench/fuzz_po.py's mutations)
is given to ``msgfmt --check`` and to ``l10n``'s reader with the checks that
agree with msgfmt's (python-brace-format placeholders, plural counts). The
table counts where they agree, where msgfmt refuses what we accept (a find:
``check`` must refuse it too) and where we refuse what msgfmt accepts (where
this project is stricter on purpose: UTF-8 only, Language must match the
folder, or too strict). ``--keep DIR`` writes one example of each kind of
disagreement there, named by the first line of the reasons, for a regression test.
"""

from __future__ import annotations

import collections
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from fuzz_po import mutate  # noqa: E402

from pipeline.checks import check_entry  # noqa: E402
from pipeline.errors import L10nError  # noqa: E402
from pipeline.plurals import plural_expression, plural_problem  # noqa: E402
from pipeline.pofile import parse_po  # noqa: E402


def ours(data: bytes) -> str:
    """The first reason the reader and the placeholder checks refuse ``data`` for, or an empty string."""
    try:
        po = parse_po(data, "x.po")
    except L10nError as exc:
        return f"reader: {exc.message}"
    problem = plural_problem(po)  # l10n check refuses the catalogue for it, as it reads it
    if problem:
        return f"plural: {problem}"
    expression = plural_expression(po)
    for entry in po:
        for finding in check_entry(entry, "x.po", "ru", (), expression):
            if finding.check in ("placeholders", "format") and "fuzzy" not in entry.flags:
                return f"check: {finding.message}"
    return ""


def gnu(data: bytes, folder: Path) -> str:
    """The first complaint of msgfmt --check about ``data``, or an empty string."""
    path = folder / "x.po"
    path.write_bytes(data)
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True)
    if done.returncode == 0:
        return ""
    lines = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if "warning" not in line]
    return lines[0].split(": ", 2)[-1] if lines else "rejected"


def main(seconds: float, keep: Path | None) -> None:
    """Mutate and compare for ``seconds``; print the table."""
    if shutil.which("msgfmt") is None:
        sys.exit("GNU gettext's msgfmt is not installed")
    seeds = [p.read_bytes() for p in sorted((REPO / "locale").rglob("*.po"))]
    seeds += [p.read_bytes() for p in sorted((REPO / "tests" / "corpus").rglob("*.po"))]
    rng = random.Random(2024)
    verdicts: collections.Counter[str] = collections.Counter()
    examples: dict[str, tuple[bytes, str, str]] = {}
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() < deadline:
            data = mutate(rng, rng.choice(seeds))
            mine, theirs = ours(data), gnu(data, Path(tmp))
            kind = (
                "both accept" if not mine and not theirs
                else "both refuse" if mine and theirs
                else "msgfmt refuses, we accept" if theirs
                else "we refuse, msgfmt accepts"
            )  # fmt: skip
            verdicts[kind] += 1
            if kind.startswith(("msgfmt", "we")):
                reason = (theirs or mine).split("(")[0][:60]
                examples.setdefault(f"{kind}: {reason}", (data, mine, theirs))
    print(f"{'verdict':<30} {'mutations':>9}")
    for kind, count in verdicts.most_common():
        print(f"{kind:<30} {count:>9}")
    print("\nkinds of disagreement (first reason each):")
    for name in sorted(examples):
        print(f"  {name}")
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        for n, (name, (data, _, _)) in enumerate(sorted(examples.items())):
            (keep / f"disagreement-{n:02}.po").write_bytes(data)
            (keep / f"disagreement-{n:02}.txt").write_text(name + "\n", encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    keep = Path(args[args.index("--keep") + 1]) if "--keep" in args else None
    numbers = [a for a in args if a.replace(".", "").isdigit()]
    main(float(numbers[0]) if numbers else 30.0, keep)
