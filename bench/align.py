"""Sentence alignment: pipeline.align beside Gale–Church alone and a naive 1-1 pairing, on tests/data/align/.

The test set (see its README) is nine English news articles written for this
project, each with its Russian and Kazakh versions as a news agency publishes
them (merged, split, left out, added and swapped sentences; values in each
language's press style), and a gold alignment per language in
``gold/<slug>.json``: beads as ``"SOURCE=TARGET"`` with sentence indices
joined by ``+`` (``"4+5=4"`` is a 2-1 bead, ``"1="`` a sentence left out,
``"=10"`` one added). Two articles were written after the aligner's weights
were first set ("held out"; the README says what changed since).

Aligners, on the same sentences (cut by pipeline.segment):

- ``ours``: pipeline.align.align (values, numbers, names and cognates,
  lengths, paragraphs);
- ``gale-church``: NLTK's ``nltk.translate.gale_church.align_blocks`` on
  character lengths, over the whole article as one block (the paragraphs of
  a translation need not match the source's), as NLTK ships it (mean ratio 1)
  and with the mean ratio set to the two texts' length ratio, as ours uses;
- ``naive``: the i-th sentence with the i-th, the rest left over as 1-0 or 0-1.

Scores per language: beads right (a gold bead the aligner returns exactly, over
all gold beads), the same by the gold bead's kind, and for ours, of the gold
1-1 beads whose msgid has placeholders and that ours aligns right, how many get
every placeholder back in their msgstr.

Usage: pip install nltk && python bench/align.py [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.align import align, read_translation, source_sentences
from pipeline.article import parse_article
from pipeline.markdown import parse_markdown_article
from pipeline.models import Article

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "align"
LANGS = ("ru", "kk")

Beads = frozenset[str]


@dataclass(frozen=True, slots=True)
class Case:
    """One article and one of its translations, with the gold beads."""

    slug: str
    lang: str
    article: Article
    path: Path
    text: str
    gold: Beads
    held_out: bool


def load_cases() -> list[Case]:
    """Every (article, language) pair of the test set."""
    cases = []
    for gold_file in sorted((DATA / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        source = next((DATA / "source").glob(gold_file.stem + ".*"))
        parse = parse_markdown_article if source.suffix == ".md" else parse_article
        article = parse(source.read_text(encoding="utf-8"), Path("source") / source.name, "en")
        for lang in LANGS:
            path = DATA / lang / source.name
            text = path.read_text(encoding="utf-8")
            beads = frozenset(gold[lang]["beads"])
            cases.append(Case(gold_file.stem, lang, article, path, text, beads, gold.get("held_out", False)))
    return cases


def kind(gold: str, beads: Beads) -> str:
    """A gold bead's kind: ``1-1``, ``2-1`` …, and ``swap`` for a 1-1 bead crossed with its neighbour."""
    source, target = (side.split("+") if side else [] for side in gold.split("="))
    if len(source) == len(target) == 1:
        i, j = int(source[0]), int(target[0])
        if f"{i + 1}={j - 1}" in beads or f"{i - 1}={j + 1}" in beads:
            return "swap"
    return f"{len(source)}-{len(target)}"


def bead(source: tuple[int, ...] | list[int], target: tuple[int, ...] | list[int]) -> str:
    """A bead in the gold's notation."""
    return "+".join(map(str, source)) + "=" + "+".join(map(str, target))


def ours(case: Case) -> Beads:
    """pipeline.align."""
    result = align(case.article, case.text, case.lang, path=case.path)
    return frozenset(bead(b.source, b.target) for b in result.beads)


def _lengths(case: Case) -> tuple[list[int], list[int]]:
    source = [len(s.text) for s, _ in source_sentences(case.article)]
    target = [len(t.text) for t in read_translation(case.text, case.lang, path=case.path)]
    return source, target


def _from_pairs(pairs: list[tuple[int, int]], n: int, m: int) -> Beads:
    """Beads from the index pairs NLTK returns: connected pairs are one bead, sentences in none are 1-0 or 0-1."""
    groups: list[tuple[set[int], set[int]]] = []
    for i, j in pairs:
        joined = [g for g in groups if i in g[0] or j in g[1]]
        merged: tuple[set[int], set[int]] = ({i}, {j})
        for g in joined:
            merged[0].update(g[0])
            merged[1].update(g[1])
            groups.remove(g)
        groups.append(merged)
    beads = {bead(sorted(s), sorted(t)) for s, t in groups}
    covered_s = {i for i, _ in pairs}
    covered_t = {j for _, j in pairs}
    beads.update(bead([i], []) for i in range(n) if i not in covered_s)
    beads.update(bead([], [j]) for j in range(m) if j not in covered_t)
    return frozenset(beads)


def gale_church(ratio_from_text: bool) -> Callable[[Case], Beads]:
    """NLTK's Gale–Church on character lengths, with NLTK's mean ratio or the texts' own."""
    from nltk.translate import gale_church as gc

    def run(case: Case) -> Beads:
        source, target = _lengths(case)

        class Params(gc.LanguageIndependent):
            AVERAGE_CHARACTERS = sum(target) / sum(source) if ratio_from_text else 1

        return _from_pairs(gc.align_blocks(source, target, Params), len(source), len(target))

    return run


def naive(case: Case) -> Beads:
    """The i-th sentence with the i-th."""
    source, target = _lengths(case)
    n, m = len(source), len(target)
    beads = {bead([k], [k]) for k in range(min(n, m))}
    beads.update(bead([k], []) for k in range(m, n))
    beads.update(bead([], [k]) for k in range(n, m))
    return frozenset(beads)


def placeholders_recovered(cases: list[Case]) -> dict[str, tuple[int, int]]:
    """Per language: (1-1 beads with placeholders that got them all back, such beads aligned right)."""
    out = dict.fromkeys(LANGS, (0, 0))
    for case in cases:
        result = align(case.article, case.text, case.lang, path=case.path)
        got, total = out[case.lang]
        for message in result.messages:
            key = bead((message.index,), message.target)
            if message.kind.value != "1-1" or key not in case.gold or not message.sentence.template.placeholders:
                continue
            total += 1
            got += not message.missing
        out[case.lang] = (got, total)
    return out


KINDS = ("1-1", "2-1", "1-2", "1-0", "0-1", "swap")


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every gold bead an aligner misses")
    args = parser.parse_args()
    cases = load_cases()
    aligners: dict[str, Callable[[Case], Beads]] = {"ours": ours}
    try:
        aligners["gale-church (NLTK, ratio 1)"] = gale_church(False)
        aligners["gale-church (NLTK, text ratio)"] = gale_church(True)
    except ImportError:
        print("nltk is not installed: pip install nltk (Gale–Church left out)")
    aligners["naive 1-1"] = naive
    found = {}
    timing = {}
    for name, run in aligners.items():
        started = time.perf_counter()
        found[name] = [run(case) for case in cases]
        timing[name] = (time.perf_counter() - started) * 1000 / len(cases)

    def share(name: str, chosen: Callable[[Case, str], bool]) -> str:
        right = total = 0
        for case, got in zip(cases, found[name], strict=True):
            picked = {b for b in case.gold if chosen(case, b)}
            right += len(picked & got)
            total += len(picked)
        return f" {right:>4}/{total:<4}{right / total:>6.1%}" if total else f"{'–':>16}"

    articles = len({c.slug for c in cases})
    held = len({c.slug for c in cases if c.held_out})
    print(f"{articles} articles ({held} held out: written after the aligner's weights were first set)")
    print()
    header = "".join(f"{lang:>16}" for lang in LANGS) + "".join(f"{f'{lang} held out':>16}" for lang in LANGS)
    print(f"{'beads right':32}{header}{'time':>13}")
    for name in aligners:
        cells = "".join(share(name, lambda c, b, lang=lang: c.lang == lang) for lang in LANGS)
        cells += "".join(share(name, lambda c, b, lang=lang: c.lang == lang and c.held_out) for lang in LANGS)
        print(f"{name:32}{cells} {timing[name]:>8.1f} ms")
    print()
    print(f"{'by gold bead kind, ru and kk':32}" + "".join(f"{k:>16}" for k in KINDS))
    for name in aligners:
        print(f"{name:32}" + "".join(share(name, lambda c, b, k=k: kind(b, c.gold) == k) for k in KINDS))
    if args.verbose:
        for name in aligners:
            print(f"\n{name} misses:")
            for case, got in zip(cases, found[name], strict=True):
                for missed in sorted(case.gold - got):
                    print(f"    {case.lang} {case.slug}: {missed} ({kind(missed, case.gold)})")
    print()
    recovered = placeholders_recovered(cases)
    print(
        "placeholders back in the msgstr (ours; gold 1-1 beads aligned right whose msgid has values): "
        + ", ".join(f"{lang} {got}/{total}" for lang, (got, total) in recovered.items())
    )
    print("time: per article and language, reading the translation included")


if __name__ == "__main__":
    main()
