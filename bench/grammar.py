"""Russian currency words after a number: pymorphy3 (what the build uses) beside CLDR's plural names.

Prints, for each way of choosing the word, how many of 60 forms from a
Russian grammar it gets right (two currencies × ten numbers × three cases)
and its time per word. CLDR's currency names (Babel's ``get_currency_name``
with a count) are the peer: they know the number's plural category but only
the nominative, so «около 91 доллара» and «к 5 долларам» are out of reach.

Usage: python bench/grammar.py
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from babel.numbers import get_currency_name

from pipeline import russian

NUMBERS = ("1", "2", "5", "11", "21", "22", "25", "101", "111", "1,5")
# As a Russian grammar gives them: nominative, genitive (около), dative (к).
EXPECTED = {
    ("USD", None): "доллар доллара долларов долларов доллар доллара долларов доллар долларов доллара",
    ("USD", "gent"): "доллара долларов долларов долларов доллара долларов долларов доллара долларов доллара",
    ("USD", "datv"): "доллару долларам долларам долларам доллару долларам долларам доллару долларам доллара",
    ("RUB", None): "рубль рубля рублей рублей рубль рубля рублей рубль рублей рубля",
    ("RUB", "gent"): "рубля рублей рублей рублей рубля рублей рублей рубля рублей рубля",
    ("RUB", "datv"): "рублю рублям рублям рублям рублю рублям рублям рублю рублям рубля",
}


def pymorphy3_word(code: str, number: str, case: str | None) -> str:
    """The word as the build chooses it."""
    return russian.currency_word(code, number, compact=False, case=case)


def cldr_word(code: str, number: str, case: str | None) -> str:
    """The first word of CLDR's name for the number's plural category."""
    # CLDR has one name per plural category, in the nominative: case is ignored.
    return get_currency_name(code, Decimal(number.replace(",", ".")), locale="ru").split(" ")[0]


def score(choose) -> tuple[int, int, float]:
    """Forms right, forms asked, and seconds per word (best of repeated rounds)."""
    right = total = 0
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        right = total = 0
        for (code, case), forms in EXPECTED.items():
            for number, form in zip(NUMBERS, forms.split(), strict=True):
                total += 1
                right += choose(code, number, case) == form
    per_word = (time.perf_counter() - started) / (rounds * total)
    return right, total, per_word


def main() -> None:
    """Print the comparison table."""
    pymorphy3_word("USD", "1", None)  # load the dictionary outside the timing
    print(f"{'approach':<32} {'right':>7} {'µs/word':>8}")
    for name, choose in (("pymorphy3 (pipeline.russian)", pymorphy3_word), ("CLDR plural names (Babel)", cldr_word)):
        right, total, seconds = score(choose)
        print(f"{name:<32} {right:>3}/{total:<3} {seconds * 1e6:>8.1f}")


if __name__ == "__main__":
    main()
