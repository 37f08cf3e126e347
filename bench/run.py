"""The newsroom-archive benchmark: the l10n cycle at several sizes, against its peers doing the same work.

Usage: python bench/run.py [--corpus corpus,corpus2] [--sizes 1000,10000] [--repeats 3]
       [--large-repeats 1] [--jobs 2] [--msgmerge-fuzzy-max 3000]

For each size N a deterministic archive is generated (bench/corpus.py, or the
independently written bench/corpus2.py) in a temporary folder, and every stage
runs as a real ``l10n`` process. Each figure is the median over rounds of the
child's wall time, its CPU time (user + system, workers included, from
``os.wait4``) and its peak RSS (the largest process of its tree).

Every comparison gives both sides the same input and the same languages (kk
and ru); when ``--jobs`` is 2 or more the peers run the two languages side by
side, as ``-j`` lets us use both cores:

- first import: ``l10n all`` on N new articles with no catalogues, against
  Translate Toolkit from scratch (``txt2po -P``, then ``pot2po`` and ``po2txt``
  per language);
- full cycle with translations: the edited articles with last version's
  translated catalogues; ``extract``, ``update`` and ``build`` against
  ``txt2po -P``, ``pot2po -t <its own translated catalogues>`` and ``po2txt``;
- ``update`` (fuzzy) and ``update --no-fuzzy``: the pre-edit translated
  catalogues and the edited templates, against ``msgmerge --previous`` (with
  and without ``-N``) on the same catalogues and templates concatenated per
  language (msgcat --use-first: msgmerge sees each message once, where we merge
  one file per article, hence the ratio per entry processed);
- ``compile`` against ``msgfmt`` on the same translated catalogues.

Rounds interleave: in each round every pair runs ours then the peer, or the
peer first in odd rounds, and the ratio of that round is kept; the table shows
the median of the rounds' ratios and the load average at the start of each
round (the machine may be shared). A stage that fails stops the benchmark with
its last lines of stderr: a failed stage did not do the work it is timed for.

The tables at the end are Markdown, for the README.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

L10N = [sys.executable, "-m", "pipeline"]
LANGS = ("kk", "ru")
TOOLS = Path(sys.executable).parent
#: Articles above which a stage is measured in fewer rounds (see --large-repeats).
LARGE = 10000


@dataclass(frozen=True)
class Measure:
    """What one process (or a chain of them) cost: wall seconds, CPU seconds and peak RSS in MB."""

    wall: float
    cpu: float
    rss: int

    def then(self, other: Measure) -> Measure:
        """This and ``other`` one after the other."""
        return Measure(self.wall + other.wall, self.cpu + other.cpu, max(self.rss, other.rss))


NOTHING = Measure(0.0, 0.0, 0)


# Every program runs as installed software does, with its compiled modules cached: a machine that
# sets PYTHONDONTWRITEBYTECODE would otherwise add the compiling of ours (not the peers', which
# pip compiled) to every process.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(args: list[str], cwd: Path) -> Measure:
    """Run a command to its end; exit with its last lines of stderr if it fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=_ENV)
        # wait4's usage covers the child and the workers it waited for: -j's CPU counts too.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            # A stage that failed did not do the work it is timed for: its figure would flatter it.
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            raise SystemExit("\n".join([f"{' '.join(args)} exited {code} in {cwd}:", *said]))
    return Measure(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024)


def chain(commands: list[list[str]], cwd: Path) -> Measure:
    """Commands one after the other."""
    total = NOTHING
    for command in commands:
        total = total.then(run(command, cwd))
    return total


def lanes(chains: list[list[list[str]]], cwd: Path, width: int) -> Measure:
    """Independent chains (one per language), ``width`` at a time: wall is the whole, CPU the sum."""
    if width < 2:
        total = NOTHING
        for commands in chains:
            total = total.then(chain(commands, cwd))
        return total
    start = time.perf_counter()
    with ThreadPoolExecutor(width) as pool:
        # result() re-raises a chain's SystemExit here, in the main thread.
        done = [f.result() for f in [pool.submit(chain, c, cwd) for c in chains]]
    return Measure(time.perf_counter() - start, sum(m.cpu for m in done), max(m.rss for m in done))


_MSGID = re.compile(rb"^msgid ", re.MULTILINE)
_HEADER = re.compile(rb'^msgid ""\nmsgstr ', re.MULTILINE)


def entries(paths: list[Path]) -> int:
    """Messages in PO or POT files, headers and obsolete entries left out."""
    total = 0
    for path in paths:
        data = path.read_bytes()
        total += len(_MSGID.findall(data)) - len(_HEADER.findall(data))
    return total


@dataclass
class Results:
    """Every round's measures and ratios, by label and size."""

    stages: dict[tuple[str, int], list[Measure]] = field(default_factory=dict)
    ratios: dict[tuple[str, int], list[tuple[float, float]]] = field(default_factory=dict)
    #: For a pair at a size: (ours label, peer label, our entries, peer entries or 0 when not counted).
    pairs: dict[tuple[str, int], tuple[str, str, int, int]] = field(default_factory=dict)
    skipped: dict[tuple[str, int], str] = field(default_factory=dict)
    load: dict[int, list[tuple[float, float, float]]] = field(default_factory=dict)
    counts: dict[int, dict[str, int]] = field(default_factory=dict)

    def add(self, label: str, n: int, measure: Measure) -> Measure:
        """Keep one round's measure of a stage."""
        self.stages.setdefault((label, n), []).append(measure)
        return measure

    def median(self, label: str, n: int) -> Measure:
        """The median wall and CPU, and the largest RSS, of a stage's rounds."""
        rounds = self.stages[(label, n)]
        return Measure(
            statistics.median(m.wall for m in rounds),
            statistics.median(m.cpu for m in rounds),
            max(m.rss for m in rounds),
        )


class Archive:
    """One generated archive of ``n`` articles in a temporary project, with the snapshots every round restores.

    Args:
        n: Articles.
        generator: The corpus module (``main(n, root, edited)`` and ``translate_all(root)``).
        jobs: ``-j`` for our stages; the peers run up to this many languages side by side.
        top: The temporary folder.
    """

    def __init__(self, n: int, generator, jobs: int, top: Path) -> None:
        self.n, self.generator, self.jobs = n, generator, jobs
        self.root = top / "project"
        self.snap = top / "snapshots"
        self.width = min(jobs, len(LANGS))
        self.root.mkdir()
        self.snap.mkdir()
        shutil.copy2(REPO / "pyproject.toml", self.root / "pyproject.toml")

    # --- running -------------------------------------------------------------

    def l10n(self, *args: str) -> Measure:
        """One of our commands on the project, quiet as the peers are."""
        return run([*L10N, "-C", str(self.root), "-q", *args], REPO)

    def j(self) -> tuple[str, str]:
        """The ``-j`` option."""
        return ("-j", str(self.jobs))

    # --- the archive's states ------------------------------------------------

    def restore(self, source: str, locale: str | None) -> None:
        """Put back a snapshot's sources and catalogues; no state, no outputs."""
        for folder in ("source", "locale", "build", ".l10n", "ttk"):
            shutil.rmtree(self.root / folder, ignore_errors=True)
        shutil.copytree(self.snap / source, self.root / "source")
        if locale:
            shutil.copytree(self.snap / locale, self.root / "locale")

    def prepare(self, progress: Callable[[str], None]) -> dict[str, int]:
        """Make the snapshots: sources before and after the edit, each side's translated catalogues.

        Returns:
            The counts the table reports (articles and entries).
        """
        root, snap = self.root, self.snap
        progress("generating the archive and last version's translated catalogues")
        self.generator.main(self.n, root, False)
        shutil.copytree(root / "source", snap / "source-old")
        self.l10n("extract", *self.j())
        self.l10n("update", *self.j())
        self.generator.translate_all(root)
        shutil.copytree(root / "locale", snap / "locale-old")
        self.generator.main(self.n, root, True)
        shutil.copytree(root / "source", snap / "source-new")
        self.l10n("extract", *self.j())
        (snap / "pot-new").mkdir()
        for pot in (root / "locale").glob("*.pot"):
            shutil.copy2(pot, snap / "pot-new" / pot.name)
        counts = {
            "articles": self.n,
            "template entries (per language)": entries(sorted((snap / "pot-new").glob("*.pot"))),
        }
        if shutil.which("msgcat"):
            progress("concatenating the catalogues for GNU gettext")
            pots = sorted(str(p) for p in (snap / "pot-new").glob("*.pot"))
            self._msgcat(pots, snap / "all-new.pot")
            for lang in LANGS:
                pos = sorted(str(p) for p in (snap / "locale-old" / lang / "LC_MESSAGES").glob("*.po"))
                self._msgcat(pos, snap / f"all-{lang}.po")
            counts["msgmerge's template entries (per language)"] = entries([snap / "all-new.pot"])
        if self.toolkit():
            progress("Translate Toolkit's own translated catalogues of last version")
            self.restore("source-old", None)
            tools = str(TOOLS)
            run([f"{tools}/txt2po", "--progress=none", "-P", "source", str(snap / "ttk-pot-old")], root)
            for lang in LANGS:
                old = snap / f"ttk-{lang}-old"
                run([f"{tools}/pot2po", "--progress=none", str(snap / "ttk-pot-old"), str(old)], root)
                fill(old, lang)
        return counts

    @staticmethod
    def _msgcat(paths: list[str], out: Path) -> None:
        # Many files: msgcat reads a list from a file rather than a command line that could be too long.
        listing = out.with_suffix(".list")
        listing.write_text("\n".join(paths) + "\n")
        subprocess.run(["msgcat", "--use-first", "-f", str(listing), "-o", str(out)], check=True, capture_output=True)

    @staticmethod
    def toolkit() -> bool:
        """Whether Translate Toolkit's commands are installed beside this Python."""
        return (TOOLS / "txt2po").exists()

    # --- the peers -----------------------------------------------------------

    def ttk_cycle(self, templates: bool) -> Measure:
        """Translate Toolkit's directory-mode cycle on ``source/``, with last version's catalogues or from scratch.

        ``txt2po -P`` makes one template per article (a paragraph per message:
        it does not split sentences or touch values), ``pot2po`` merges it
        (with ``-t``: into its own translated catalogues of the pre-edit
        articles, fuzzy matching included), ``po2txt`` writes the text.
        """
        work, tools = self.root / "ttk", str(TOOLS)
        shutil.rmtree(work, ignore_errors=True)
        (work / "out").mkdir(parents=True)  # the tools create only the last folder of a path
        first = run([f"{tools}/txt2po", "--progress=none", "-P", "source", str(work / "pot")], self.root)
        chains = []
        for lang in LANGS:
            merge = [f"{tools}/pot2po", "--progress=none"]
            if templates:
                merge += ["-t", str(self.snap / f"ttk-{lang}-old")]
            chains.append(
                [
                    [*merge, str(work / "pot"), str(work / lang)],
                    [f"{tools}/po2txt", "--progress=none", "-t", "source", str(work / lang), str(work / "out" / lang)],
                ]
            )
        return first.then(lanes(chains, self.root, self.width))

    def msgmerge(self, *extra: str) -> Measure:
        """``msgmerge --previous`` for kk and ru: last version's translations and the edited templates."""
        snap = self.snap
        return lanes(
            [
                [
                    [
                        *("msgmerge", "--previous", "-q", *extra, "-o", str(snap / f"merged-{lang}.po")),
                        *(str(snap / f"all-{lang}.po"), str(snap / "all-new.pot")),
                    ]
                ]
                for lang in LANGS
            ],
            snap,
            self.width,
        )

    def msgfmt(self) -> Measure:
        """``msgfmt`` for kk and ru, on last version's translated catalogues."""
        snap = self.snap
        return lanes(
            [[["msgfmt", "-o", str(snap / f"{lang}.mo"), str(snap / f"all-{lang}.po")]] for lang in LANGS],
            snap,
            self.width,
        )


def fill(folder: Path, lang: str) -> None:
    """Stand-in translations in Translate Toolkit's catalogues, as corpus.translate_all writes in ours."""
    import polib

    for path in folder.glob("*.po"):
        po = polib.pofile(str(path))
        for entry in po:
            if not entry.obsolete:
                entry.msgstr = f"[{lang}] {entry.msgid}"
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()


#: Our three stages of the full cycle.
CYCLE = ("extract", "update", "build")


class Round:
    """One round at one size: every pair, ours and the peer's in turn, then the daily stages.

    Args:
        archive: The archive and its snapshots.
        number: The round, from 0; odd rounds run the peer first, so that a
            drift in the machine's load falls on both sides.
        results: Where the measures go.
        fuzzy_max: The largest size at which msgmerge's fuzzy matching runs.
    """

    def __init__(self, archive: Archive, number: int, results: Results, fuzzy_max: int) -> None:
        self.archive, self.number, self.results, self.fuzzy_max = archive, number, results, fuzzy_max
        self.n, self.jobs = archive.n, archive.jobs
        self.gnu = shutil.which("msgmerge") is not None
        self.ttk = archive.toolkit()

    def ours(self, *args: str) -> Callable[[], Measure]:
        """One of our commands with ``-j``, to run later."""
        return lambda: self.archive.l10n(*args, *self.archive.j())

    def pair(
        self,
        name: str,
        ours: tuple[str, Callable[[], Measure]],
        peer: tuple[str, Callable[[], Measure]] | None,
        counted: tuple[int, int] = (0, 0),
    ) -> None:
        """Run both sides (ours alone without the peer); keep each measure and the round's ratio."""
        if peer is None:
            self.results.add(ours[0], self.n, ours[1]())
            return
        sides = [ours, peer] if self.number % 2 == 0 else [peer, ours]
        got = {label: self.results.add(label, self.n, go()) for label, go in sides}
        self.ratio(name, got[ours[0]], got[peer[0]])
        self.results.pairs[(name, self.n)] = (ours[0], peer[0], *counted)

    def ratio(self, name: str, mine: Measure, theirs: Measure) -> None:
        """Keep this round's ratios of a pair."""
        self.results.ratios.setdefault((name, self.n), []).append((mine.wall / theirs.wall, mine.cpu / theirs.cpu))

    def full_cycle(self) -> Measure:
        """Extract, update and build, each kept as a stage of its own."""
        total = NOTHING
        for label, command in zip(self.stages(), CYCLE, strict=True):
            total = total.then(self.results.add(label, self.n, self.ours(command)()))
        return total

    def stages(self) -> tuple[str, ...]:
        """The labels of the full cycle's stages."""
        j = self.jobs
        return (f"extract, -j {j}", f"update (fuzzy + memory), -j {j}", f"build txt+md+html, -j {j}")

    def run(self) -> None:
        """Every pair of this round, then the daily stages."""
        archive, n, jobs = self.archive, self.n, self.jobs
        counts = self.results.counts[n]
        # The templates' entries, for each language, on both sides.
        merged = (
            counts["template entries (per language)"] * len(LANGS),
            counts.get("msgmerge's template entries (per language)", 0) * len(LANGS),
        )

        archive.restore("source-old", None)  # new articles and nothing else
        self.pair(
            "first import: l10n all ÷ Translate Toolkit from scratch",
            (f"first import: l10n all, -j {jobs}", self.ours("all")),
            ("Translate Toolkit from scratch: txt2po -P, pot2po, po2txt", lambda: archive.ttk_cycle(False))
            if self.ttk
            else None,
        )

        archive.restore("source-new", "locale-old")  # the edited articles, last version's translations
        self.pair(
            "full cycle with translations ÷ Translate Toolkit (pot2po -t)",
            ("full cycle with translations: extract, update, build", self.full_cycle),
            ("Translate Toolkit: txt2po -P, pot2po -t, po2txt", lambda: archive.ttk_cycle(True)) if self.ttk else None,
        )
        daily(archive, n, self.results)
        fuzzy = "update (fuzzy) ÷ msgmerge --previous"
        if self.gnu and n > self.fuzzy_max:
            self.results.skipped[(fuzzy, n)] = f"quadratic; runs up to --msgmerge-fuzzy-max {self.fuzzy_max:,}"
        elif self.gnu:
            # Ours is the full cycle's update: the same catalogues and templates as msgmerge's.
            mine = self.results.stages[(self.stages()[1], n)][-1]
            self.ratio(fuzzy, mine, self.results.add("GNU msgmerge --previous", n, archive.msgmerge()))
            self.results.pairs[(fuzzy, n)] = (self.stages()[1], "GNU msgmerge --previous", *merged)

        archive.restore("source-new", "locale-old")
        compiled = (
            entries(sorted((archive.root / "locale").glob("*/LC_MESSAGES/*.po"))),
            sum(entries([archive.snap / f"all-{lang}.po"]) for lang in LANGS) if self.gnu else 0,
        )
        self.pair(
            "compile ÷ msgfmt",
            (f"compile, -j {jobs}", self.ours("compile")),
            ("GNU msgfmt", archive.msgfmt) if self.gnu else None,
            compiled,
        )
        for pot in (archive.snap / "pot-new").iterdir():
            shutil.copy2(pot, archive.root / "locale" / pot.name)
        shutil.rmtree(archive.root / ".l10n", ignore_errors=True)
        self.pair(
            "update --no-fuzzy ÷ msgmerge --previous -N",
            (f"update --no-fuzzy (memory only), -j {jobs}", self.ours("update", "--no-fuzzy")),
            ("GNU msgmerge --previous -N", lambda: archive.msgmerge("-N")) if self.gnu else None,
            merged,
        )


def size(n: int, rounds: int, generator, jobs: int, fuzzy_max: int, results: Results) -> None:
    """Every stage and pair at size ``n``, in ``rounds`` interleaved rounds."""
    with tempfile.TemporaryDirectory(prefix="l10n-bench-") as tmp:
        archive = Archive(n, generator, jobs, Path(tmp))

        def progress(what: str) -> None:
            print(f"{generator.__name__}, N={n:,}: {what}", file=sys.stderr, flush=True)

        results.counts[n] = archive.prepare(progress)
        for number in range(rounds):
            progress(f"round {number + 1} of {rounds}")
            results.load.setdefault(n, []).append(os.getloadavg())
            Round(archive, number, results, fuzzy_max).run()
        edited_update(archive, n, results, progress)


def daily(archive: Archive, n: int, results: Results) -> None:
    """The day-to-day stages (ours alone: no peer keeps state between runs), on the project the full cycle left."""
    jj = archive.j()
    archive.l10n("all", *jj)  # whatever the full cycle left for a second pass, so that a rerun finds nothing

    def rerun() -> Measure:
        total = NOTHING
        for command in CYCLE:
            total = total.then(archive.l10n(command, *jj))
        return total

    results.add("rerun, nothing changed: extract, update, build", n, rerun())
    # A new time on one article, its bytes the same: l10n all checks every file (and finds all up to date).
    touched = sorted((archive.root / "source").iterdir())[0]
    os.utime(touched)
    results.add("rerun, nothing changed, every file checked: l10n all", n, archive.l10n("all", *jj))
    results.add("rerun, nothing changed since a settled run: l10n all", n, archive.l10n("all", *jj))
    # The first article with a few sentences (a brief of one would leave nothing to vary).
    first = next(
        p for p in sorted((archive.root / "source").iterdir()) if p.read_text(encoding="utf-8").count(". ") > 3
    )
    pieces = first.read_text(encoding="utf-8").rstrip().split(". ")
    number = 0

    def edit_one() -> None:
        # Each time another translated sentence changes (its translation
        # turns fuzzy) and a new one is added (untranslated).
        nonlocal number
        number += 1
        k = number % (len(pieces) - 1)
        revised = [*pieces[:k], pieces[k] + " again", *pieces[k + 1 :]]
        first.write_text(". ".join(revised) + f"\n\nEdit number {number}.\n", encoding="utf-8")

    edit_one()
    results.add("one article edited: extract, update, build", n, rerun())
    edit_one()
    results.add("one article edited: l10n all", n, archive.l10n("all", *jj))
    edit_one()
    results.add("one article edited: l10n all <article>", n, archive.l10n("all", *jj, str(first)))
    second = sorted((archive.root / "locale" / "ru" / "LC_MESSAGES").glob("*.po"))[1]
    translated = second.read_text(encoding="utf-8")
    # A translator rewords one approved translation, as in Poedit.
    reworded = translated.replace('"[ru] ', '"[ru, reworded] ', 1)
    if reworded == translated:
        raise SystemExit(f"no stand-in translation to reword in {second}")
    second.write_text(reworded, encoding="utf-8")
    results.add("one catalogue edited by a translator: l10n all", n, archive.l10n("all", *jj))


def edited_update(archive: Archive, n: int, results: Results, progress: Callable[[str], None]) -> None:
    """Once per size: the update after the edit on a project whose state knows last version (the daily way)."""
    progress("update after the edit, with last version's state")
    archive.restore("source-old", "locale-old")
    archive.l10n("all", *archive.j())
    shutil.rmtree(archive.root / "source")
    shutil.copytree(archive.snap / "source-new", archive.root / "source")
    archive.l10n("extract", *archive.j())
    results.add(
        f"update after the edit, with state (fuzzy + memory), -j {archive.jobs}",
        n,
        archive.l10n("update", *archive.j()),
    )


# --- the report ----------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:,.0f} s"


def _ratio(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def stage_table(results: Results, sizes: list[int]) -> str:
    """Stage × size: median wall, median CPU, peak RSS; growth from the second-largest size to the largest."""
    labels = list(dict.fromkeys(label for label, _ in results.stages))
    head = ["stage"]
    for n in sizes:
        head += [f"N={n:,} wall", "CPU", "RSS"]
    grow = len(sizes) >= 2
    if grow:
        head.append(f"growth {sizes[-2]:,}→{sizes[-1]:,} (wall / CPU)")
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for label in labels:
        cells = [label]
        for n in sizes:
            if (label, n) in results.stages:
                m = results.median(label, n)
                cells += [_seconds(m.wall), _seconds(m.cpu), f"{m.rss:,} MB"]
            else:
                cells += ["—", "—", "—"]
        if grow:
            a, b = (label, sizes[-2]), (label, sizes[-1])
            if a in results.stages and b in results.stages:
                x, y = results.median(*a), results.median(*b)
                cells.append(f"{y.wall / max(x.wall, 1e-9):.1f}× / {y.cpu / max(x.cpu, 1e-9):.1f}×")
            else:
                cells.append("—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ratio_table(results: Results, sizes: list[int]) -> str:
    """Each pair at each size: both sides' medians and the median of the rounds' ratios."""
    head = [
        "ours ÷ peer",
        "N",
        "rounds",
        "ours wall / CPU",
        "peer wall / CPU",
        "wall ratio",
        "CPU ratio",
        "entries ours / peer",
        "CPU ratio per entry",
    ]
    lines = ["| " + " | ".join(head) + " |", "|---|---:" + "|---:" * (len(head) - 2) + "|"]
    names = list(dict.fromkeys([name for name, _ in results.ratios] + [name for name, _ in results.skipped]))
    for name in names:
        for n in sizes:
            if (name, n) in results.skipped:
                lines.append(f"| {name} | {n:,} | — | skipped: {results.skipped[(name, n)]} |" + " |" * 5)
                continue
            if (name, n) not in results.ratios:
                continue
            ours, peer, mine_count, peer_count = results.pairs[(name, n)]
            rounds = results.ratios[(name, n)]
            mine, theirs = results.median(ours, n), results.median(peer, n)
            walls, cpus = [w for w, _ in rounds], [c for _, c in rounds]
            spread = (lambda v: f" ({min(v):.2f}–{max(v):.2f})") if len(rounds) > 1 else (lambda v: "")
            cpu = statistics.median(cpus)
            per_entry, counted = "—", "—"
            if mine_count and peer_count:
                counted = f"{mine_count:,} / {peer_count:,}"
                per_entry = _ratio(cpu * peer_count / mine_count)
            lines.append(
                "| "
                + " | ".join(
                    [
                        name,
                        f"{n:,}",
                        str(len(rounds)),
                        f"{_seconds(mine.wall)} / {_seconds(mine.cpu)}",
                        f"{_seconds(theirs.wall)} / {_seconds(theirs.cpu)}",
                        _ratio(statistics.median(walls)) + spread(walls),
                        _ratio(cpu) + spread(cpus),
                        counted,
                        per_entry,
                    ]
                )
                + " |"
            )
    return "\n".join(lines)


def peers() -> str:
    """The peers' versions, and whether Translate Toolkit has its accelerator."""
    said = []
    if shutil.which("msgmerge"):
        said.append(subprocess.run(["msgmerge", "--version"], capture_output=True, text=True).stdout.splitlines()[0])
    try:
        toolkit = importlib.metadata.version("translate-toolkit")
    except importlib.metadata.PackageNotFoundError:
        said.append(
            "Translate Toolkit not installed (pip install -U pip && pip install -e '.[bench]'): its rows are left out"
        )
    else:
        try:
            importlib.import_module("rapidfuzz")
            fuzzy = f"with RapidFuzz {importlib.metadata.version('rapidfuzz')}"
        except ImportError:
            fuzzy = "**without RapidFuzz** (its slower built-in fuzzy matching)"
        said.append(f"Translate Toolkit {toolkit} {fuzzy}")
    return "; ".join(said)


def report(results: Results, sizes: list[int], corpus_name: str, jobs: int) -> str:
    """The Markdown the README carries: how it was run, the stages, the pairs."""
    width = min(jobs, len(LANGS))
    side = "side by side" if width > 1 else "one after the other"
    loads = "; ".join(f"N={n:,}: " + ", ".join(f"{one:.2f}" for one, _, _ in results.load.get(n, [])) for n in sizes)
    counts = "; ".join(
        f"N={n:,}: " + ", ".join(f"{v:,} {k}" for k, v in results.counts[n].items() if k != "articles") for n in sizes
    )
    return "\n".join(
        [
            f"#### `bench/{corpus_name}.py`",
            "",
            f"{os.cpu_count()} cores; our stages with `-j {jobs}`, the peers' kk and ru {side}; {peers()}.",
            f"Load average (1 min) at the start of each round: {loads}.",
            f"Entries: {counts}.",
            "",
            "Median of the rounds (wall, CPU = user + system of the process and its workers, peak RSS of "
            "the largest process):",
            "",
            stage_table(results, sizes),
            "",
            "Ours ÷ peer on the same input, median of the rounds' ratios (range over rounds):",
            "",
            ratio_table(results, sizes),
        ]
    )


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        default="corpus",
        help="the archive generator: corpus, corpus2, or both comma-separated (each gets its tables)",
    )
    parser.add_argument("--sizes", default="1000,10000", help="articles, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="rounds at each size")
    parser.add_argument("--large-repeats", type=int, default=1, help=f"rounds at sizes of {LARGE:,} articles and more")
    parser.add_argument("--jobs", type=int, default=2, help="-j for our stages; the peers' languages side by side")
    parser.add_argument(
        "--msgmerge-fuzzy-max",
        type=int,
        default=3000,
        help="largest size at which msgmerge's (quadratic) fuzzy matching runs",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    names = args.corpus.split(",")
    if unknown := set(names) - {"corpus", "corpus2"}:
        parser.error(f"no such corpus: {', '.join(sorted(unknown))} (corpus or corpus2)")
    began = time.perf_counter()
    for name in names:
        generator = importlib.import_module(name)
        results = Results()
        for n in sizes:
            rounds = args.repeats if n < LARGE else args.large_repeats
            size(n, rounds, generator, args.jobs, args.msgmerge_fuzzy_max, results)
        # Each corpus's tables as soon as they are measured: a later failure does not lose them.
        print(report(results, sizes, name, args.jobs) + "\n", flush=True)
    print(f"benchmark: {time.perf_counter() - began:,.0f} s in all", file=sys.stderr)


if __name__ == "__main__":
    main()
