"""The newsroom-archive benchmark: the whole l10n cycle at several sizes, with GNU gettext beside it.

Usage: python bench/run.py [--sizes 100,1000,10000] [--repeats 3] [--jobs 2]

For each size N a deterministic archive is generated (bench/corpus.py) in a
temporary folder and every stage is run as a real ``l10n`` process; the table
gives the median wall time of the repeats, sentences per second, the peak RSS
of the process, and the growth factor from N/10 to N. GNU gettext runs on the
same catalogues concatenated into one (msgmerge --previous with and without
fuzzy matching, msgfmt); Translate Toolkit's txt2po/pot2po/po2txt run when
installed (``pip install -e '.[bench]'``). Times only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

L10N = [sys.executable, "-m", "pipeline"]
#: The daily cycle, as the rerun and one-edit stages run it.
CYCLE = ("extract", "update", "build")


def run(args: list[str], cwd: Path) -> tuple[float, int]:
    """Run a command; return wall seconds and peak RSS in MB."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            # A stage that failed did not do the work it is timed for: its figure would flatter it.
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            raise SystemExit("\n".join([f"{' '.join(args)} exited {code} in {cwd}:", *said]))
    return elapsed, usage.ru_maxrss // 1024


def timed(label: str, results: dict, n: int, repeats: int, prepare, command, cwd: Path) -> None:
    """Run ``prepare`` then ``command`` ``repeats`` times; keep the median time and the peak RSS."""
    times, peaks = [], []
    for _ in range(repeats):
        prepare()
        seconds, peak = command()
        times.append(seconds)
        peaks.append(peak)
    results[(label, n)] = (statistics.median(times), max(peaks))


def sentences(root: Path) -> int:
    """About how many sentences the archive has (for sentences per second)."""
    return sum(
        text.count(". ") + text.count("\n\n") + 1 for text in (p.read_text() for p in (root / "source").iterdir())
    )


def cycle(n: int, repeats: int, jobs: int, results: dict, counts: dict) -> None:
    """Every stage at size ``n``, in a temporary project."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
        corpus.main(n, root, edit=False)
        counts[n] = sentences(root)
        env_project = ["-C", str(root)]

        def fresh() -> None:
            for folder in ("locale", "build", ".l10n"):
                shutil.rmtree(root / folder, ignore_errors=True)

        def l10n(*args: str):
            return lambda: run([*L10N, *env_project, *args], REPO)

        def stage(label: str, prepare, command, times: int = repeats) -> None:
            timed(label, results, n, times, prepare, command, root)

        def clear_state() -> None:
            shutil.rmtree(root / ".l10n", True)

        stage(f"extract, -j {jobs}", fresh, l10n("extract", "-j", str(jobs)))
        stage(f"update (fuzzy + memory), -j {jobs}", clear_state, l10n("update", "-j", str(jobs)))
        corpus.translate_all(root)
        stage(
            f"build txt+md+html, -j {jobs}",
            lambda: (shutil.rmtree(root / "build", True), clear_state()),
            l10n("build", "-j", str(jobs)),
        )
        stage(f"compile, -j {jobs}", clear_state, l10n("compile", "-j", str(jobs)))
        stage("update --no-fuzzy (memory only), -j 1", clear_state, l10n("update", "--no-fuzzy"))
        toolkit(root, n, repeats, results)
        for command in CYCLE:
            run([*L10N, *env_project, command, "-j", str(jobs)], REPO)

        def rerun():
            total, peak = 0.0, 0
            for command in CYCLE:
                seconds, rss = run([*L10N, *env_project, command, "-j", str(jobs)], REPO)
                total, peak = total + seconds, max(peak, rss)
            return total, peak

        together = l10n("all", "-j", str(jobs))
        stage("rerun, nothing changed: extract, update, build", lambda: None, rerun)
        stage("rerun, nothing changed: l10n all", lambda: None, together)
        first = root / "source" / "a00000.txt"
        original = first.read_text()
        pieces = original.split(" the ")
        edits = iter(range(1, 10**6))

        def edit_one():
            # Each time another translated sentence changes (its translation
            # turns fuzzy) and a new one is added (untranslated).
            number = next(edits)
            k = min(number, len(pieces) - 1)
            revised = " the ".join(pieces[:k]) + " the revised " + " the ".join(pieces[k:])
            first.write_text(f"{revised}\n\nEdit number {number}.\n")

        stage("one article edited: extract, update, build", edit_one, rerun)
        stage("one article edited: l10n all", edit_one, together)
        stage("one article edited: l10n all <article>", edit_one, l10n("all", "-j", str(jobs), str(first)))
        catalogue = root / "locale" / "ru" / "LC_MESSAGES" / "a00001.po"
        translated = catalogue.read_text()

        def translator_edit():
            # A translator rewords one approved translation, as in Poedit.
            catalogue.write_text(translated.replace('msgstr "[ru] ', f'msgstr "[ru {time.time()}] ', 1))

        stage("one catalogue edited by a translator: l10n all", translator_edit, together)
        # The edited archive: 5% of sentences changed slightly, 2% new.
        corpus.main(n, root, edit=True)
        run([*L10N, *env_project, "extract", "-j", str(jobs)], REPO)
        stage(f"update after 5% edits (fuzzy + memory), -j {jobs}", lambda: None, l10n("update", "-j", str(jobs)), 1)
        gnu(root, n, results)


def toolkit(root: Path, n: int, repeats: int, results: dict) -> None:
    """Translate Toolkit's directory-mode cycle on the same sources and catalogues.

    ``txt2po -P`` makes one template per article (a paragraph per message: it
    does not split sentences or touch values), ``pot2po`` merges it with the
    existing kk and ru catalogues, ``po2txt`` writes the translated text.
    """
    tools = Path(sys.executable).parent
    if not (tools / "txt2po").exists():
        return
    work = root / "ttk"

    def cycle() -> tuple[float, int]:
        shutil.rmtree(work, ignore_errors=True)
        (work / "out").mkdir(parents=True)  # the tools create only the last folder of a path
        steps = [[str(tools / "txt2po"), "--progress=none", "-P", "source", str(work / "pot")]]
        for lang in ("kk", "ru"):
            steps.append(
                [
                    str(tools / "pot2po"),
                    "--progress=none",
                    "-t",
                    f"locale/{lang}/LC_MESSAGES",
                    str(work / "pot"),
                    str(work / lang),
                ]
            )
            steps.append(
                [str(tools / "po2txt"), "--progress=none", "-t", "source", str(work / lang), str(work / "out" / lang)]
            )
        total, peak = 0.0, 0
        for step in steps:
            seconds, rss = run(step, root)
            total, peak = total + seconds, max(peak, rss)
        return total, peak

    timed("Translate Toolkit txt2po -P, pot2po, po2txt", results, n, repeats, lambda: None, cycle, root)
    shutil.rmtree(work, ignore_errors=True)


def ratios(results: dict, sizes: list[int], jobs: int) -> str:
    """Our time divided by the peer's, per stage, at each size where both ran."""
    full = (f"extract, -j {jobs}", f"update (fuzzy + memory), -j {jobs}", f"build txt+md+html, -j {jobs}")
    pairs = (
        ("full cycle (extract, update, build)", full, "Translate Toolkit txt2po -P, pot2po, po2txt"),
        ("update --no-fuzzy ÷ msgmerge -N", ("update --no-fuzzy (memory only), -j 1",), "GNU msgmerge --previous -N"),
        ("update (fuzzy) ÷ msgmerge (fuzzy)", (f"update (fuzzy + memory), -j {jobs}",), "GNU msgmerge --previous"),
        ("compile ÷ msgfmt", (f"compile, -j {jobs}",), "GNU msgfmt"),
    )
    lines = ["ours ÷ peer (wall time):"]
    for label, ours, theirs in pairs:
        cells = []
        for n in sizes:
            if all((s, n) in results for s in ours) and (theirs, n) in results:
                mine = sum(results[(s, n)][0] for s in ours)
                peer = results[(theirs, n)][0]
                cells.append(f"N={n:,}: {mine:.2f} s / {peer:.2f} s = {mine / peer:.1f}×")
        if cells:
            lines.append(f"  {label:38} " + "; ".join(cells))
    return "\n".join(lines)


def gnu(root: Path, n: int, results: dict) -> None:
    """GNU gettext on the same catalogues, concatenated into one."""
    if shutil.which("msgmerge") is None:
        return
    big_po, big_pot = root / "all-ru.po", root / "all.pot"
    pots = sorted(str(p) for p in (root / "locale").glob("*.pot"))
    pos = sorted(str(p) for p in (root / "locale" / "ru" / "LC_MESSAGES").glob("*.po"))
    subprocess.run(["msgcat", "--use-first", "-o", str(big_pot), *pots], check=True, capture_output=True)
    subprocess.run(["msgcat", "--use-first", "-o", str(big_po), *pos], check=True, capture_output=True)
    out = root / "merged.po"
    for label, extra in (("GNU msgmerge --previous", []), ("GNU msgmerge --previous -N", ["-N"])):
        if label == "GNU msgmerge --previous" and n > 3000:
            continue  # quadratic: minutes at this size
        seconds, peak = run(["msgmerge", "--previous", "-q", *extra, "-o", str(out), str(big_po), str(big_pot)], root)
        results[(label, n)] = (seconds, peak)
    seconds, peak = run(["msgfmt", "-o", str(root / "all.mo"), str(big_po)], root)
    results[("GNU msgfmt", n)] = (seconds, peak)


def table(results: dict, counts: dict, sizes: list[int]) -> str:
    """The results as a text table: stage × size, and the growth to the largest size."""
    labels = list(dict.fromkeys(label for label, _ in results))
    head = f"{'stage':48}" + "".join(f"{f'N={n:,}':>28}" for n in sizes) + f"{'growth':>10}"
    lines = [head, "-" * len(head)]
    for label in labels:
        cells = []
        for n in sizes:
            if (label, n) in results:
                seconds, peak = results[(label, n)]
                rate = counts[n] / seconds if seconds else 0
                cells.append(f"{seconds:8.2f} s {rate:8,.0f}/s {peak:5d} MB")
            else:
                cells.append("—")
        growth = ""
        if len(sizes) >= 2 and (label, sizes[-1]) in results and (label, sizes[-2]) in results:
            growth = f"{results[(label, sizes[-1])][0] / max(results[(label, sizes[-2])][0], 1e-9):.1f}×"
        lines.append(f"{label:48}" + "".join(f"{c:>28}" for c in cells) + f"{growth:>10}")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict = {}
    counts: dict = {}
    for n in sizes:
        print(f"N={n:,} ...", file=sys.stderr, flush=True)
        cycle(n, args.repeats if n < 10000 else 1, args.jobs, results, counts)
    print(table(results, counts, sizes))
    print()
    print(ratios(results, sizes, args.jobs))
    print(f"\n(sentences: {', '.join(f'N={n:,}: {counts[n]:,}' for n in sizes)}; {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
