"""The PO writer's line breaking: pipeline.linebreak and dump_po beside an earlier version of both.

Usage::

    python bench/linebreak.py --baseline HEAD [--mb 4] [--rounds 7] [--profile]

The corpus is PO text as the pipeline writes it: the shipped catalogues
(``locale/`` and ``tests/corpus/*/locale``) and, for the Russian and Kazakh
prose, catalogues made from the stories of ``tests/data/align`` (sentence ``i``
of the English story as msgid, sentence ``i`` of a translation as msgstr), all
replicated to about ``--mb`` MB. Each replica's strings differ from the
others' (the replica's number is inserted as a word), but within a replica the
template and both catalogues share their msgids, as an article's do: so caching
identical strings gains what it would gain in a project, not more.

Three measurements, each a median over ``--rounds`` rounds in which the two
versions take turns (which one goes first alternates), every cache of both
modules cleared before each turn (a turn is a fresh process's work):

- ``breaks``: :func:`break_opportunities` on every string, escaped as the
  writer escapes it;
- ``fill``: :func:`fill` of the same strings at 79 columns;
- ``dump_po``: every catalogue written in the order ``l10n all`` writes them
  (the templates, then kk, then ru), also by the working tree's writer with
  its memo bypassed ("no memo"); the versions' outputs are compared byte for
  byte first.

``--baseline REV`` takes ``pipeline/linebreak.py`` and ``pipeline/powriter.py``
from that git revision (``git show``) into a temporary folder; without it only
the working tree's version is timed. ``--profile`` prints cProfile's top
functions of one ``dump_po`` turn of the working tree's version.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import polib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import linebreak, powriter  # noqa: E402
from pipeline.pofile import parse_po  # noqa: E402
from pipeline.segment import split_sentences  # noqa: E402

ALIGN = REPO / "tests" / "data" / "align"


def shipped() -> list[tuple[str, polib.POFile]]:
    """The shipped templates and catalogues, each with its language ("" for a template)."""
    paths = sorted(REPO.glob("locale/**/*.po*")) + sorted(REPO.glob("tests/corpus/*/locale/**/*.po*"))
    return [(_language(path), parse_po(path.read_bytes(), str(path))) for path in paths]


def _language(path: Path) -> str:
    return path.parent.parent.name if path.parent.name == "LC_MESSAGES" else ""


def _sentences(path: Path, lang: str) -> list[str]:
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    return [s for p in paragraphs for s in split_sentences(" ".join(p.split()), lang)]


def stories(headers: dict[str, polib.POFile]) -> list[tuple[str, polib.POFile]]:
    """A template and a kk and ru catalogue for every story of tests/data/align."""
    made = []
    for source in sorted((ALIGN / "source").iterdir()):
        english = _sentences(source, "en")
        for lang in ("", "kk", "ru"):
            po = polib.POFile()
            po.header = headers[lang].header
            po.metadata = dict(headers[lang].metadata)
            po.metadata["Project-Id-Version"] = f"Kazinform {source.stem}"
            translated = _sentences(ALIGN / lang / source.name, lang) if lang else []
            for n, msgid in enumerate(english):
                msgstr = translated[n] if n < len(translated) else ""
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[(f"source/{source.name}", str(n))]))
            made.append((lang, po))
    return made


def _vary(text: str, replica: int) -> str:
    """The text with the replica's number as a word in the middle (the text itself for replica 0)."""
    if not replica or not text:
        return text
    words = text.split(" ")
    words.insert(len(words) // 2, str(replica))
    return " ".join(words)


def replicate(catalogues: list[tuple[str, polib.POFile]], megabytes: float) -> list[tuple[str, polib.POFile]]:
    """Copies of the catalogues, each replica's strings its own, up to about ``megabytes`` of PO text."""
    size = sum(len(powriter.dump_po(po).encode("utf-8")) for _, po in catalogues)
    copies = max(1, round(megabytes * 1e6 / size))
    made = []
    for replica in range(copies):
        for lang, po in catalogues:
            copy = polib.POFile()
            copy.header = po.header
            copy.metadata = dict(po.metadata)
            copy.metadata["Project-Id-Version"] = _vary(po.metadata.get("Project-Id-Version", ""), replica)
            copy.metadata_is_fuzzy = po.metadata_is_fuzzy
            for e in po:
                entry = polib.POEntry(
                    msgid=_vary(e.msgid, replica),
                    msgstr=_vary(e.msgstr, replica),
                    msgctxt=e.msgctxt,
                    msgid_plural=_vary(e.msgid_plural, replica),
                    msgstr_plural={k: _vary(v, replica) for k, v in e.msgstr_plural.items()},
                    occurrences=list(e.occurrences),
                    flags=list(e.flags),
                    comment=e.comment,
                    tcomment=e.tcomment,
                    obsolete=e.obsolete,
                    previous_msgid=_vary(e.previous_msgid, replica) if e.previous_msgid else None,
                )
                copy.append(entry)
            made.append((lang, copy))
    # As `l10n all` writes them: every template, then every kk catalogue, then every ru one.
    order = {"": 0, "kk": 1, "ru": 2}
    return sorted(made, key=lambda pair: order.get(pair[0], 3))


def strings(catalogues: list[tuple[str, polib.POFile]]) -> list[str]:
    """Every msgid and msgstr as the writer hands it to the line breaker (escaped, one line of it)."""
    found = []
    for _, po in catalogues:
        for e in po:
            for value in (e.msgid, e.msgstr, *e.msgstr_plural.values()):
                for portion in value.splitlines(keepends=True):
                    found.append(powriter._escape(portion)[0])
    return found


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def baseline(revision: str, folder: Path) -> tuple[ModuleType, ModuleType]:
    """pipeline.linebreak and pipeline.powriter of ``revision``, the writer using that line breaker."""
    for name in ("linebreak", "powriter"):
        text = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{revision}:pipeline/{name}.py"], capture_output=True, check=True
        ).stdout
        (folder / f"{name}_baseline.py").write_bytes(text)
    breaker = _load(folder / "linebreak_baseline.py", "linebreak_baseline")
    current = sys.modules["pipeline.linebreak"]
    sys.modules["pipeline.linebreak"] = breaker  # what the old writer's import finds
    try:
        writer = _load(folder / "powriter_baseline.py", "powriter_baseline")
    finally:
        sys.modules["pipeline.linebreak"] = current
    return breaker, writer


def _clear(*modules: ModuleType) -> None:
    for module in modules:
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def measure(versions: dict[str, tuple[ModuleType, ModuleType]], work: Callable, rounds: int) -> dict[str, list[float]]:
    """Seconds of ``work(breaker, writer)`` per round for each version, the versions taking turns."""
    times: dict[str, list[float]] = {name: [] for name in versions}
    for n in range(rounds):
        names = list(versions) if n % 2 == 0 else list(reversed(versions))
        for name in names:
            _clear(*versions[name])
            start = time.perf_counter()
            work(*versions[name])
            times[name].append(time.perf_counter() - start)
    return times


def report(what: str, megabytes: float, times: dict[str, list[float]]) -> None:
    """One line: the median of each version, its MB/s, and the median ratio of the rounds."""
    row = "  ".join(
        f"{name} {statistics.median(t) * 1e3:8.1f} ms {megabytes / statistics.median(t):6.2f} MB/s"
        for name, t in times.items()
    )
    for name in ("new", "no memo"):
        if "baseline" in times and name in times:
            ratios = [b / n for b, n in zip(times["baseline"], times[name], strict=True)]
            row += f"  {name} {statistics.median(ratios):4.2f}x faster (rounds {min(ratios):.2f}-{max(ratios):.2f})"
    print(f"{what:8} {row}")


def main() -> None:
    """Build the corpus, check that both versions write the same bytes, and time them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", metavar="REV", help="the git revision to compare with (e.g. HEAD)")
    parser.add_argument("--mb", type=float, default=4.0, help="about this many MB of PO text")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    found = shipped()
    headers = {lang: po for lang, po in found if "X-Generator" in po.metadata}
    catalogues = replicate(found + stories(headers), args.mb)
    texts = strings(catalogues)
    versions = {"new": (linebreak, powriter)}
    with tempfile.TemporaryDirectory() as folder:
        if args.baseline:
            versions = {"baseline": baseline(args.baseline, Path(folder)), **versions}
        written = {name: [writer.dump_po(po) for _, po in catalogues] for name, (_, writer) in versions.items()}
        if len({tuple(w) for w in written.values()}) != 1:
            raise SystemExit("the versions write different bytes")
        po_mb = sum(len(text.encode("utf-8")) for text in written["new"]) / 1e6
        text_mb = sum(len(text.encode("utf-8")) for text in texts) / 1e6
        cyrillic = sum(any("\u0400" <= ch <= "\u04ff" for ch in text) for text in texts) / len(texts)
        print(
            f"{len(catalogues)} catalogues, {po_mb:.2f} MB of PO text; {len(texts)} strings, {text_mb:.2f} MB"
            f" ({cyrillic:.0%} Cyrillic); median of {args.rounds} rounds, caches cleared before each"
        )

        def breaks(breaker: ModuleType, _: ModuleType) -> None:
            for text in texts:
                breaker.break_opportunities(text)

        def fill(breaker: ModuleType, _: ModuleType) -> None:
            for text in texts:
                breaker.fill(text, 76, 6)

        def dump(_: ModuleType, writer: ModuleType) -> None:
            for _, po in catalogues:
                writer.dump_po(po)

        report("breaks", text_mb, measure(versions, breaks, args.rounds))
        report("fill", text_mb, measure(versions, fill, args.rounds))
        # The working tree's writer once more, its memo of written strings bypassed: what the memo adds.
        unmemoised = _load(REPO / "pipeline" / "powriter.py", "powriter_unmemoised")
        unmemoised._field = unmemoised._field.__wrapped__
        report("dump_po", po_mb, measure({**versions, "no memo": (linebreak, unmemoised)}, dump, args.rounds))
        memo = getattr(powriter, "_field", None)
        if memo is not None:
            info = memo.cache_info()
            print(f"memo of one dump_po turn: {info.hits} hits, {info.misses} misses (at most {info.maxsize} kept)")
    if args.profile:
        _clear(linebreak, powriter)
        profiler = cProfile.Profile()
        profiler.runcall(dump, linebreak, powriter)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        print(out.getvalue())


if __name__ == "__main__":
    main()
