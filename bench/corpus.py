"""A deterministic newsroom archive for benchmarks: N articles, kk/ru catalogues, an edited variant.

Usage: python bench/corpus.py N DIR [--edited]

Articles have 15-30 sentences in the style of the seed: dates, tenge and dollar
amounts, percentages, quotes, abbreviations and a repeated photo-credit line.
The kk and ru catalogues hold stand-in translations that keep the placeholders.
``--edited`` changes 5% of the sentences slightly and adds 2% new ones, with the
same seed, so that an update has fuzzy matching and translation-memory work.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

SUBJECTS = [
    "The Government", "The Ministry of Energy", "Prime Minister Olzhas Bektenov", "The National Bank",
    "Kazakhstan Temir Zholy", "The akimat of Astana", "Samruk-Kazyna", "Mr. Nurtay", "Dr. Aimbetov",
    "The Senate", "JSC JV Baiterek", "The Kyzylorda region administration",
]  # fmt: skip
VERBS = [
    "approved", "announced", "reviewed", "allocated", "reported on", "discussed", "presented", "signed",
    "launched", "inspected", "completed", "postponed",
]  # fmt: skip
OBJECTS = [
    "a new support package for small businesses", "the plans of the city development", "the gasification project",
    "the modernization of the complex", "the housing programme", "the road construction plan",
    "the water supply network", "the airport terminal", "a school for 600 pupils", "the industrial park",
]  # fmt: skip
TAILS = [
    "on {date}", "worth {money}", "by {month}", "with a budget of {money}", "after growth of {pct}",
    "for approx. {num} residents", "in the U.S. and Europe", "under decree No. {int}", "in {year}",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


def _value(rng: random.Random, kind: str) -> str:
    if kind == "date":
        return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2026)}"
    if kind == "money":
        return rng.choice([
            f"{rng.randint(1, 99)}.{rng.randint(1, 9)} billion tenge", f"KZT {rng.randint(1, 500)} million",
            f"${rng.randint(1, 90)}.{rng.randint(1, 9)} million", f"{rng.randint(2, 9)},{rng.randint(100, 999)} tenge",
        ])  # fmt: skip
    if kind == "month":
        return f"{rng.choice(MONTHS)} {rng.randint(2024, 2030)}"
    if kind == "pct":
        return rng.choice(
            [f"{rng.randint(1, 99)}%", f"{rng.randint(1, 30)}.{rng.randint(1, 9)}%", f"{rng.randint(2, 40)} percent"]
        )
    if kind == "num":
        return f"{rng.randint(1, 99)},{rng.randint(100, 999)}"
    if kind == "int":
        return str(rng.randint(10, 999))
    return str(rng.randint(2015, 2030))


def sentence(rng: random.Random) -> str:
    """One sentence in wire-copy style."""
    tail = rng.choice(TAILS)
    for kind in ("date", "money", "month", "pct", "num", "int", "year"):
        tail = tail.replace("{" + kind + "}", _value(rng, kind))
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {tail}."
    if rng.random() < 0.1:
        text = f"“{text[:-1]},” the press service said."
    return text


def article(rng: random.Random, n: int) -> str:
    """One article: a dateline, 15-30 sentences in paragraphs of three, photo credits."""
    paragraphs = []
    count = rng.randint(15, 30)
    sentences = [sentence(rng) for _ in range(count)]
    for i in range(0, count, 3):
        paragraphs.append(" ".join(sentences[i : i + 3]))
        if i % 9 == 6:
            paragraphs.append("Photo credit: gov.kz")
    return f"date 2024-{(n % 12) + 1:02d}-{(n % 28) + 1:02d} " + "\n\n".join(paragraphs) + "\n"


def edited(text: str, rng: random.Random) -> str:
    """5% of sentences changed slightly, 2% new ones."""
    out = []
    for paragraph in text.split("\n\n"):
        parts = paragraph.split(". ")
        for i, part in enumerate(parts):
            roll = rng.random()
            if roll < 0.05:
                parts[i] = part.replace(" the ", " the new ", 1) if " the " in part else part + " again"
            elif roll < 0.07:
                parts[i] = part + ". " + sentence(rng)[:-1]
        out.append(". ".join(parts))
    return "\n\n".join(out)


def main(n: int, root: Path, edit: bool) -> None:
    """Write ``root/source/a00000.txt``... for ``n`` articles, edited or not."""
    rng = random.Random(2024)
    source = root / "source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    for i in range(n):
        text = article(rng, i)
        if edit:
            text = edited(text, random.Random(i))
        (source / f"a{i:05d}.txt").write_text(text, encoding="utf-8")


def translate_all(root: Path) -> None:
    """Fill every PO of the project with stand-in translations that keep the placeholders."""
    for lang in ("kk", "ru"):
        for path in sorted((root / "locale" / lang / "LC_MESSAGES").glob("*.po")):
            translate_file(path)


def translate_file(path: Path) -> None:
    """Fill one PO file (``locale/<lang>/LC_MESSAGES/<name>.po``) as :func:`translate_all` does."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline.pofile import dump_po, parse_po

    lang = path.parent.parent.name
    po = parse_po(path.read_bytes(), path)
    for e in po:
        if not e.obsolete:
            if e.msgid_plural:
                e.msgstr_plural = dict.fromkeys(e.msgstr_plural, f"[{lang}] {e.msgid}")
            else:
                e.msgstr = f"[{lang}] {e.msgid}"
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
    path.write_text(dump_po(po), encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]), "--edited" in sys.argv)
