"""Kazakh endings and numbers read aloud: pipeline.kazakh beside the PyPI libraries that do part of it.

Prints two tables. Endings: seven forms (six cases and the 3rd-person
possessive) of 18 words a value ends in (months, currencies, «пайыз», number
words), checked against a Kazakh grammar's table, for pipeline.kazakh and for
qazaq-inflector. Numbers: the last word read aloud of 0…100,000 and of a
seeded sample up to 10⁹, pipeline.kazakh against num2words (``lang="kz"``).
Times are the best of three rounds.

Usage: pip install -U pip && pip install -e '.[bench]' && python bench/kazakh_peers.py
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from num2words import num2words
from qazaq_inflector import QazaqNameInflector

from pipeline import kazakh

FORMS = ("dative", "locative", "ablative", "accusative", "genitive", "instrumental", "possessive")
ENDING = ("ға", "да", "дан", "ды", "дың", "мен", "ы")  # any allomorph names the form
# As a Kazakh grammar gives them, in the order of FORMS.
GRAMMAR = {
    "қараша": "қарашаға қарашада қарашадан қарашаны қарашаның қарашамен қарашасы",
    "мамыр": "мамырға мамырда мамырдан мамырды мамырдың мамырмен мамыры",
    "қыркүйек": "қыркүйекке қыркүйекте қыркүйектен қыркүйекті қыркүйектің қыркүйекпен қыркүйегі",
    "теңге": "теңгеге теңгеде теңгеден теңгені теңгенің теңгемен теңгесі",
    "доллар": "долларға долларда доллардан долларды доллардың доллармен доллары",
    "рубль": "рубльге рубльде рубльден рубльді рубльдің рубльмен рублі",
    "еуро": "еуроға еурода еуродан еуроны еуроның еуромен еуросы",
    "пайыз": "пайызға пайызда пайыздан пайызды пайыздың пайызбен пайызы",
    "миллион": "миллионға миллионда миллионнан миллионды миллионның миллионмен миллионы",
    "миллиард": "миллиардқа миллиардта миллиардтан миллиардты миллиардтың миллиардпен миллиарды",
    "мың": "мыңға мыңда мыңнан мыңды мыңның мыңмен мыңы",
    "жүз": "жүзге жүзде жүзден жүзді жүздің жүзбен жүзі",
    "сегіз": "сегізге сегізде сегізден сегізді сегіздің сегізбен сегізі",
    "жетпіс": "жетпіске жетпісте жетпістен жетпісті жетпістің жетпіспен жетпісі",
    "қырық": "қырыққа қырықта қырықтан қырықты қырықтың қырықпен қырығы",
    "алты": "алтыға алтыда алтыдан алтыны алтының алтымен алтысы",
    "бес": "беске бесте бестен бесті бестің беспен бесі",
    "үш": "үшке үште үштен үшті үштің үшпен үші",
}


def best_of_three(work: Callable[[], object], calls: int) -> float:
    """Microseconds per call of ``work``, which makes ``calls`` calls."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best / calls * 1e6


def endings() -> None:
    """Forms right against the grammar's table, per library."""
    inflector = QazaqNameInflector()

    def ours(word: str, form: int) -> str:
        return kazakh.attach(word, ENDING[form])

    def peer(word: str, form: int) -> str:
        if FORMS[form] == "possessive":
            return inflector.possessive(word, "3")
        return inflector.inflect(word, FORMS[form])

    asked = [(word, n, form) for word, forms in GRAMMAR.items() for n, form in enumerate(forms.split())]
    print(f"{'endings':<28} {'right':>9} {'µs/form':>8}  wrong")
    for name, choose in (("pipeline.kazakh", ours), ("qazaq-inflector 0.5.0", peer)):
        wrong = [f"{got} ({want})" for word, n, want in asked if (got := choose(word, n)) != want]
        seconds = best_of_three(lambda choose=choose: [choose(w, n) for w, n, _ in asked], len(asked))
        print(f"{name:<28} {len(asked) - len(wrong):>4}/{len(asked):<4} {seconds:>8.1f}  {', '.join(wrong) or '-'}")


def numbers() -> None:
    """Agreement on the last word read aloud, and time per number."""
    rng = random.Random(2024)
    sample = list(range(100_001)) + [rng.randrange(10**9) for _ in range(100_000)]
    agree = sum(kazakh.last_word_read_aloud(str(n)) == num2words(n, lang="kz").split()[-1] for n in sample)
    ours = best_of_three(lambda: [kazakh.last_word_read_aloud(str(n)) for n in sample[:20_000]], 20_000)
    peer = best_of_three(lambda: [num2words(n, lang="kz").split()[-1] for n in sample[:20_000]], 20_000)
    print(f"\nlast word read aloud of {len(sample):,} numbers: the same in {agree:,}")
    print(f"  pipeline.kazakh {ours:.1f} µs a number, num2words 0.5.14 {peer:.1f} µs")


if __name__ == "__main__":
    endings()
    numbers()
