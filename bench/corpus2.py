"""A second benchmark archive, written apart from corpus.py: other article shapes, densities and lengths.

Usage: python bench/corpus2.py N DIR [--edited]

corpus.py writes one kind of article (wire sentences of one shape, in
paragraphs of three). A pipeline tuned on it could look faster than it is, so
this generator shares none of its code or word lists and varies what that one
holds still:

- five article shapes, in newsroom proportions: briefs (2-6 sentences),
  reports (8-25), long features with subheadings (40-90), interviews (questions
  and answers, one paragraph each) and data digests (one short line per figure,
  two or three values a line): 2 to about 100 sentences an article, median 14,
  against corpus.py's 18-50, median 33;
- sentences of 3 words to over 100 (median 17, a tenth over 37: clauses
  joined by commas, semicolons and "while"), against corpus.py's median 10 and
  longest 23;
- value density from none (feature prose) to three a line (digests), with other
  shapes of value: "12 March 2025", "3.4 trillion tenge", "€18 million",
  "-0.7 percentage points", "14:30", "No. 415-VIII";
- proper names made from syllables (thousands of distinct people, companies and
  places) so that fewer sentences repeat across articles, and boilerplate lines
  that do ("Follow Kazinform on Telegram.", "Read also: ...");
- its own edit model for ``--edited``: about 4% of sentences changed (an adverb
  or an adjective inserted), 2% removed, 2% new, and one paragraph in fifty moved.

Files are ``source/<yyyy-mm-dd>-<word>-<n>.txt`` with a ``date: YYYY-MM-DD``
first line. The stand-in translations are corpus.translate_all's: filling
catalogues is not what this generator varies.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

_ONSETS = "b d g k l m n r s t z sh zh ch kh ay ba ka ma nu ta er ul".split()
_NUCLEI = "a e i o u y ai au ei ua".split()
_CODAS = ["", "", "n", "r", "l", "k", "t", "m", "sh", "s", "ng", "y"]
_ROLES = [
    "deputy akim", "chief economist", "head of the department", "spokeswoman", "vice minister",
    "chairman of the board", "rector", "project manager", "senior analyst", "farmer",
]  # fmt: skip
_ORGS = ["LLP", "JSC", "Holding", "Group", "Invest", "Agro", "Energy", "Logistics", "Pharm", "Build"]
_PLACES = ["district", "region", "village", "city", "industrial zone", "free economic zone"]
_ACTIONS = [
    "will commission", "has tendered", "is financing", "halted work on", "expects to complete",
    "is negotiating over", "submitted a proposal for", "opened bids for", "has doubled spending on",
    "criticised the delays in", "toured", "received the keys to", "audited",
]  # fmt: skip
_THINGS = [
    "a grain terminal", "the district heating plant", "three kindergartens", "a wind farm",
    "the bypass road", "the new maternity ward", "a copper smelter", "the sewage treatment works",
    "a logistics hub", "the regional airport", "two hundred rental flats", "a solar park",
    "the irrigation canal", "the cardiology centre", "a dairy complex", "the tram line",
]  # fmt: skip
_ADJECTIVES = ["long-awaited", "controversial", "second", "delayed", "modernised", "state-funded", "private"]
_CLAUSES = [
    "according to the local executive body", "as officials told reporters after the meeting",
    "although residents have complained about the noise", "which had been planned since the spring",
    "despite a shortage of qualified engineers", "while the contractor is still being chosen",
    "in line with the national development plan", "after two earlier tenders failed",
    "once the environmental review is finished", "with support from the regional budget",
]  # fmt: skip
_MONTHS = "January February March April May June July August September October November December".split()
_COMMODITIES = ["Wheat", "Barley", "Crude oil", "Coal", "Copper", "Uranium", "Beef", "Sunflower seeds", "Cement"]
_BOILERPLATE = [
    "Follow Kazinform on Telegram.",
    "Photo: press service of the akimat",
    "Earlier, Kazinform reported on the same project.",
    "The author's opinion may not coincide with the position of the editorial board.",
]
_QUESTIONS = [
    "What will change for ordinary people",
    "When do you expect the first results",
    "How much will it cost the budget",
    "Why was the project delayed",
    "Who is responsible for the quality of the work",
]


def _name(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS) for _ in range(syllables))
    return word.capitalize()


def _person(rng: random.Random) -> str:
    return f"{_name(rng, rng.randint(1, 3))} {_name(rng, rng.randint(2, 3))}"


def _org(rng: random.Random) -> str:
    return f"{_name(rng, rng.randint(2, 3))} {rng.choice(_ORGS)}"


def _place(rng: random.Random) -> str:
    return f"the {_name(rng, rng.randint(2, 4))} {rng.choice(_PLACES)}"


def _figure(rng: random.Random) -> str:
    """One value, in one of the shapes news copy uses."""
    kind = rng.randrange(11)
    if kind == 0:
        return f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2020, 2027)}"
    if kind == 1:
        return f"{rng.randint(1, 9)}.{rng.randint(1, 9)} trillion tenge"
    if kind == 2:
        return f"{rng.randint(12, 990)} million tenge"
    if kind == 3:
        return f"€{rng.randint(2, 80)} million"
    if kind == 4:
        return f"{rng.randint(1, 60)}.{rng.randint(0, 9)}%"
    if kind == 5:
        return f"{rng.choice('+-')}{rng.randint(0, 3)}.{rng.randint(1, 9)} percentage points"
    if kind == 6:
        return f"{rng.randint(7, 21)}:{rng.choice(['00', '15', '30', '45'])}"
    if kind == 7:
        return f"No. {rng.randint(10, 999)}-{rng.choice(['VI', 'VII', 'VIII'])}"
    if kind == 8:
        return f"{rng.randint(1, 999)},{rng.randint(0, 999):03d} tonnes"
    if kind == 9:
        return f"{rng.randint(2, 40)} thousand people"
    return f"${rng.randint(1, 900)},{rng.randint(0, 999):03d}"


def _clause(rng: random.Random, density: float) -> str:
    subject = rng.choice([_org, _person, lambda r: f"The akimat of {_place(r)[4:]}"])(rng)
    text = f"{subject} {rng.choice(_ACTIONS)} {rng.choice(_THINGS)}"
    if rng.random() < density:
        text += rng.choice([" worth ", " by ", " at a cost of ", " for "]) + _figure(rng)
    if rng.random() < 0.5:
        text += f" in {_place(rng)}"
    return text


def _sentence(rng: random.Random, density: float) -> str:
    """A sentence of 4 to about 50 words: one clause, or several joined."""
    shape = rng.random()
    if shape < 0.15:
        return f"{rng.choice(['Work', 'Trading', 'Traffic', 'Voting'])} {rng.choice(['resumed', 'stopped'])} today."
    parts = [_clause(rng, density)]
    while rng.random() < 0.4 and len(parts) < 3:
        parts.append(rng.choice([", ", "; ", " while "]) + _clause(rng, density))
    if rng.random() < 0.4:
        parts.append(", " + rng.choice(_CLAUSES))
    text = "".join(parts) + "."
    if rng.random() < 0.08:
        text = f"“{text[:-1]},” said {rng.choice(_ROLES)} {_person(rng)}."
    return text


def _brief(rng: random.Random) -> list[str]:
    sentences = [_sentence(rng, 0.6) for _ in range(rng.randint(2, 6))]
    return [" ".join(sentences[:2]), " ".join(sentences[2:]), rng.choice(_BOILERPLATE)]


def _report(rng: random.Random) -> list[str]:
    out: list[str] = []
    for _ in range(rng.randint(4, 10)):
        out.append(" ".join(_sentence(rng, 0.35) for _ in range(rng.randint(1, 4))))
    out.append(f"Read also: {_clause(rng, 0.0)}")
    out.append(rng.choice(_BOILERPLATE))
    return out


def _feature(rng: random.Random) -> list[str]:
    out: list[str] = []
    for _ in range(rng.randint(4, 7)):
        out.append(f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_THINGS).split(' ', 1)[1]}")  # a subheading
        for _ in range(rng.randint(2, 4)):
            out.append(" ".join(_sentence(rng, 0.15) for _ in range(rng.randint(2, 6))))
    return out


def _interview(rng: random.Random) -> list[str]:
    guest = f"{rng.choice(_ROLES)} {_person(rng)}"
    out = [f"Kazinform spoke with {guest}."]
    for _ in range(rng.randint(4, 9)):
        out.append(f"— {rng.choice(_QUESTIONS)}?")
        out.append("— " + " ".join(_sentence(rng, 0.3) for _ in range(rng.randint(1, 5))))
    return out


def _digest(rng: random.Random) -> list[str]:
    out = [f"Exchange prices on {_figure(rng) if rng.random() < 0.2 else rng.choice(_MONTHS) + ' 2025'}."]
    lines = [
        f"{rng.choice(_COMMODITIES)}: {_figure(rng)}, {_figure(rng)} ({_figure(rng)} a year earlier)"
        for _ in range(rng.randint(6, 18))
    ]
    # A digest's lines are one paragraph each, as agencies publish them.
    return out + lines + [rng.choice(_BOILERPLATE)]


#: Shapes and how often each occurs.
_SHAPES = ((_brief, 30), (_report, 40), (_feature, 10), (_interview, 8), (_digest, 12))


def paragraphs(rng: random.Random) -> list[str]:
    """One article's paragraphs, in a shape drawn by weight."""
    makers, weights = zip(*_SHAPES, strict=True)
    return [p for p in rng.choices(makers, weights)[0](rng) if p.strip()]


def edit(parts: list[str], rng: random.Random) -> list[str]:
    """The article as an editor revised it: changed, removed, new and moved sentences."""
    out = []
    for paragraph in parts:
        kept = []
        for piece in paragraph.split(". "):
            roll = rng.random()
            if roll < 0.02:
                continue  # removed
            if roll < 0.04:
                words = piece.split(" ")
                at = rng.randrange(len(words))
                words.insert(at, rng.choice(["reportedly", "finally", "also", "again"]))
                piece = " ".join(words)
            elif roll < 0.06:
                piece = piece.replace(" the ", " the " + rng.choice(_ADJECTIVES) + " ", 1)
            elif roll < 0.08:
                kept.append(_sentence(rng, 0.3)[:-1])  # new, before this one (which may end the paragraph)
            kept.append(piece)
        if kept:
            out.append(". ".join(kept))
    if len(out) > 2 and rng.random() < 0.02 * len(out):
        moved = out.pop(rng.randrange(1, len(out)))
        out.insert(rng.randrange(1, len(out)), moved)
    return out


def main(n: int, root: Path, edit_them: bool) -> None:
    """Write ``n`` articles to ``root/source``, the edited variant if ``edit_them``."""
    source = root / "source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    for i in range(n):
        # One generator per article: the edited variant of article i starts from the same text.
        rng = random.Random(f"corpus2-{i}")
        day = f"{2023 + i % 3}-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}"
        slug = f"{day}-{_name(rng, 2).lower()}-{i}"
        parts = paragraphs(rng)
        if edit_them:
            parts = edit(parts, random.Random(f"corpus2-edit-{i}"))
        (source / f"{slug}.txt").write_text(f"date: {day}\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")


def translate_all(root: Path) -> None:
    """The stand-in translations: corpus.translate_all's (see the module docstring)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpus

    corpus.translate_all(root)


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]), "--edited" in sys.argv)
