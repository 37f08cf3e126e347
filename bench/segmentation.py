"""Sentence segmentation: pipeline.segment beside pySBD and an earlier segment.py, on every case set.

Scores each case file of tests/data/segmentation (the Golden Rules, ``golden_*``,
and the wire-copy traps written for this project, ``wire_*``) with the shared
harness (``bench/vendor/seg_bench.py``, a copy of the shared one): whole cases right,
with the sentences as written and with whitespace collapsed (how the Golden
Rules' cleaned gold for en-040/041 is meant to be read), and boundary F1. Then
the harness's speed text per language (its cases and news paragraphs, about
``--speed-mb`` MB), one call on the whole text; the segmenters take turns for
``--rounds`` rounds and the best time of each is kept, so that a busy machine
slows them alike. pySBD is superlinear on one long string: it is timed one
paragraph at a time on a smaller text.

Usage::

    git show HEAD:pipeline/segment.py > /tmp/segment_head.py
    python bench/segmentation.py --baseline /tmp/segment_head.py [--pysbd] [--rounds 5]

pySBD is measured only with ``--pysbd`` and only if it is importable
(``pip install pysbd``); it is not a dependency of the project.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.segment import split_sentences  # noqa: E402

DATA = REPO / "tests" / "data" / "segmentation"
HARNESS = REPO / "bench" / "vendor" / "seg_bench.py"
LANGS = ("en", "ru", "kk")

Segmenter = Callable[[str, str], list[str]]


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _pysbd() -> Segmenter | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenters: dict[str, object] = {}

    def segment(text: str, lang: str) -> list[str]:
        if lang not in segmenters:
            segmenters[lang] = pysbd.Segmenter(language=lang, clean=False)
        return segmenters[lang].segment(text)

    return segment


def accuracy(harness, segmenters: dict[str, Segmenter]) -> None:
    """One row per case file and segmenter: cases right as written, collapsed, and boundary F1."""
    print(f"{'cases':18} {'segmenter':10} {'as written':>12} {'collapsed':>12} {'boundary F1':>12}")
    for path in sorted(DATA.glob("*.jsonl")):
        cases = harness.load_cases([str(path)])
        for name, segment in segmenters.items():
            strict = harness.run_accuracy(segment, cases, "strip", set())
            loose = harness.run_accuracy(segment, cases, "collapse", set())
            for lang in strict:
                s, c = strict[lang], loose[lang]
                print(
                    f"{path.stem:18} {name:10} {s['correct']:>5}/{s['total']:<6} {c['correct']:>5}/{c['total']:<6}"
                    f" {s['f1']:>12.3f}"
                )


def speed(harness, segmenters: dict[str, Segmenter], size: float, rounds: int) -> None:
    """MB/s and sentences/s of each segmenter on the harness's speed text, whole text per call."""
    cases = harness.load_cases(sorted(str(p) for p in Path(harness.HERE).glob("golden_*.jsonl")))
    for lang in LANGS:
        parts, reference = harness.build_speed_text(cases, lang, size)
        text = "\n\n".join(parts)
        megabytes = len(text.encode("utf-8")) / 1e6
        best = dict.fromkeys(segmenters, float("inf"))
        for _ in range(rounds):
            for name, segment in segmenters.items():
                start = time.perf_counter()
                segment(text, lang)
                best[name] = min(best[name], time.perf_counter() - start)
        row = "  ".join(f"{name} {megabytes / t:6.2f} MB/s {reference / t:9,.0f} sent/s" for name, t in best.items())
        print(f"speed {lang} ({megabytes:.2f} MB, best of {rounds}): {row}")


def pysbd_speed(harness, segment: Segmenter, size: float) -> None:
    """Time pySBD one paragraph at a time (it is superlinear on one long string)."""
    cases = harness.load_cases(sorted(str(p) for p in Path(harness.HERE).glob("golden_*.jsonl")))
    for lang in LANGS:
        parts, _ = harness.build_speed_text(cases, lang, size)
        megabytes = len("\n\n".join(parts).encode("utf-8")) / 1e6
        start = time.perf_counter()
        for part in parts:
            segment(part, lang)
        took = time.perf_counter() - start
        print(f"speed {lang} ({megabytes:.2f} MB, per paragraph): pysbd {megabytes / took:6.2f} MB/s")


def main() -> None:
    """Score, then time, the segmenters asked for."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--harness", type=Path, default=HARNESS, help="the shared seg_bench.py")
    parser.add_argument("--baseline", type=Path, help="an earlier pipeline/segment.py to compare with")
    parser.add_argument("--pysbd", action="store_true", help="also measure pySBD, if it is installed")
    parser.add_argument("--speed-mb", type=float, default=5.0)
    parser.add_argument("--pysbd-speed-mb", type=float, default=0.5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()

    harness = _load(args.harness, "seg_bench")
    segmenters: dict[str, Segmenter] = {"ours": split_sentences}
    if args.baseline:
        segmenters["baseline"] = _load(args.baseline, "segment_baseline").split_sentences
    pysbd_segment = _pysbd() if args.pysbd else None
    if args.pysbd and pysbd_segment is None:
        print("pysbd is not installed: not measured")
    scored = dict(segmenters)
    if pysbd_segment is not None:
        scored["pysbd"] = pysbd_segment
    accuracy(harness, scored)
    if not args.no_speed:
        speed(harness, segmenters, args.speed_mb, args.rounds)
        if pysbd_segment is not None:
            pysbd_speed(harness, pysbd_segment, args.pysbd_speed_mb)


if __name__ == "__main__":
    main()
