"""Pricing a bead: what its sentences share, and what that makes its cost and its score.

The length model of Gale and Church (1993), with the two texts' length ratio
as its mean, plus the evidence the anchors give (:mod:`pipeline.align.anchors`):
the msgid's values found in the translation, numbers, names and cognates. The
weights are in :mod:`pipeline.align.weights`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.align.anchors import Source, Target, same_name
from pipeline.align.template import assign
from pipeline.align.weights import (
    COGNATE_LENGTH,
    COGNATE_PREFIX,
    COGNATE_WEIGHT,
    NAME_MATCH,
    NUMBER_MATCH,
    NUMBER_MISS,
    PRIOR_COST,
    VALUE_ADDED,
    VALUE_MATCH,
    VALUE_MISS,
    VARIANCE,
)


@dataclass(frozen=True, slots=True)
class Priced:
    """A bead's price.

    Attributes:
        cost: A negative log probability: what the search adds up and keeps low.
        score: 0 to 1, the share of the evidence that agrees with the bead (:attr:`pipeline.align.result.Bead.score`).
    """

    cost: float
    score: float


def _length_p(source: int, target: int, ratio: float) -> float:
    """Gale and Church's two-tailed probability of the length difference."""
    mean = (source + target / ratio) / 2
    if mean == 0:
        return 1.0
    delta = (target - source * ratio) / math.sqrt(mean * VARIANCE)
    return max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the sentences of a bead have in common, whatever the length ratio.

    Attributes:
        values: The msgid's values found in the translation.
        missed: The msgid's values not found.
        added: Values of the translation the source has not.
        numbers: Numbers outside values on both sides.
        alone: Numbers on one side only.
        names: Names and cognates both sides have (a cognate counts half).
    """

    values: int
    missed: int
    added: int
    numbers: int
    alone: int
    names: float


def price_bead(kind: str, evidence: Evidence, source_length: int, target_length: int, ratio: float) -> Priced:
    """A bead's cost (a negative log probability) and its score."""
    cost = PRIOR_COST[kind]
    cost += -VALUE_MATCH * evidence.values + VALUE_MISS * evidence.missed + VALUE_ADDED * evidence.added
    cost += -NUMBER_MATCH * evidence.numbers + NUMBER_MISS * evidence.alone - NAME_MATCH * evidence.names
    p = _length_p(source_length, target_length, ratio)
    cost += -math.log(p)
    agree = 2 * evidence.values + evidence.numbers + evidence.names
    score = (p + agree) / (1 + agree + 2 * evidence.missed + evidence.added + 0.5 * evidence.alone)
    return Priced(cost, score)


def anchor_counts(sources: Sequence[Source], targets: Sequence[Target]) -> tuple[int, int, int, int, int]:
    """Values matched, values of the msgid missing, values the translation adds, numbers matched, numbers alone.

    A value of the translation that no placeholder takes may be one the
    msgid keeps as text ("5,1 per cent" is read as «5,1%»): it counts as
    numbers if the source has its digits, else as a value the translator
    added, which belongs to an added sentence more often than to a translated one.
    """
    placeholders = [p for s in sources for p in s.placeholders]
    found = [v for t in targets for v in t.found]
    found_digits = [d for t in targets for d in t.found_digits]
    taken = assign(placeholders, found)
    used = set(taken.values())
    source_digits: Counter[str] = Counter()
    for s in sources:
        source_digits.update(s.digits)
    target_digits: Counter[str] = Counter()
    for t in targets:
        target_digits.update(t.digits)
    numbers = added = 0
    for f, value in enumerate(found):
        digits = found_digits[f]
        if f in used:
            continue
        if value.plain:
            target_digits.update(digits)
        elif digits - source_digits:
            added += 1
        else:
            numbers += sum(digits.values())
            source_digits -= digits
    shared = sum((source_digits & target_digits).values())
    alone = sum(source_digits.values()) + sum(target_digits.values()) - 2 * shared
    return len(taken), len(placeholders) - len(taken), added, numbers + shared, alone


def shared_names(sources: Sequence[Source], targets: Sequence[Target]) -> float:
    """Names and cognates the two sides share, each word of a side used once: a name counts one, a cognate half."""
    used: set[tuple[int, int]] = set()
    count = 0.0
    for word in (word for s in sources for word in s.words):
        hit = None
        if word.name:
            hit = next(
                (
                    (t, k)
                    for t, target in enumerate(targets)
                    for k in target.names
                    if (t, k) not in used and same_name(word, target.words[k])
                ),
                None,
            )
        if hit is not None:
            count += 1.0
        elif len(word.latin) >= COGNATE_LENGTH:
            prefix = word.latin[:COGNATE_PREFIX]
            hit = next(
                (
                    (t, k)
                    for t, target in enumerate(targets)
                    for k in target.prefixes.get(prefix, ())
                    if (t, k) not in used
                ),
                None,
            )
            if hit is not None:
                count += COGNATE_WEIGHT
        if hit is not None:
            used.add(hit)
    return count
