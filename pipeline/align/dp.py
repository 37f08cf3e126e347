"""The search: Gale and Church's dynamic programme over beads, with paragraphs followed where the translator kept them.

Beads are 1-1, 2-1, 1-2, 1-0, 0-1 and two adjacent sentences swapped; each is
priced by :mod:`pipeline.align.score`, and a paragraph break on one side that
the other has not costs a little more. The cheapest path, within a band
around the diagonal, is the alignment.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.align.anchors import Source, Target
from pipeline.align.result import Bead, BeadKind
from pipeline.align.score import Evidence, Priced, anchor_counts, price_bead, shared_names
from pipeline.align.weights import (
    BAND,
    BAND_SHARE,
    LEAST_RATIO,
    MOST_RATIO,
    PARAGRAPH_CROSSED,
    PARAGRAPH_MISMATCH,
    PRIOR_COST,
)
from pipeline.errors import L10nError

# Each bead as (kind, source sentences, target sentences) it takes; a swap takes two of each.
_MOVES = (("1-1", 1, 1), ("1-0", 1, 0), ("0-1", 0, 1), ("2-1", 2, 1), ("1-2", 1, 2), ("swap", 2, 2))


class Search:
    """Gale and Church's dynamic programme, with values, numbers, names and paragraphs in each bead's price."""

    def __init__(self, sources: Sequence[Source], targets: Sequence[Target]) -> None:
        self.sources = sources
        self.targets = targets
        self.ratio = _ratio(sum(len(s.text) for s in sources), sum(len(t.text) for t in targets))
        self.source_breaks = _breaks([s.paragraph for s in sources])
        self.target_breaks = _breaks([t.paragraph for t in targets])
        self._priced: dict[tuple[str, int, int], Priced] = {}

    def evidence(self, i: int, di: int, j: int, dj: int) -> Evidence:
        """What sources ``i`` to ``i + di`` and targets ``j`` to ``j + dj`` have in common."""
        sources, targets = self.sources[i : i + di], self.targets[j : j + dj]
        return Evidence(*anchor_counts(sources, targets), shared_names(sources, targets))

    def price(self, kind: str, i: int, j: int) -> Priced:
        """The bead of ``kind`` that starts at source ``i`` and target ``j``."""
        key = (kind, i, j)
        priced = self._priced.get(key)
        if priced is None:
            if kind == "swap":
                first, second = self.price("1-1", i, j + 1), self.price("1-1", i + 1, j)
                own = PRIOR_COST["swap"] - 2 * PRIOR_COST["1-1"]
                priced = Priced(first.cost + second.cost + own, min(first.score, second.score))
            elif kind in ("1-0", "0-1"):
                # A sentence left out or added has nothing to agree with: its prior is its whole price.
                priced = Priced(PRIOR_COST[kind], 0.0)
            else:
                di, dj = int(kind[0]), int(kind[2])
                length = sum(len(s.text) for s in self.sources[i : i + di])
                translated = sum(len(t.text) for t in self.targets[j : j + dj])
                priced = price_bead(kind, self.evidence(i, di, j, dj), length, translated, self.ratio)
            self._priced[key] = priced
        return priced

    def _crossed(self, kind: str, i: int, j: int) -> int:
        """Paragraph breaks inside a bead (the translator joined or split paragraphs there)."""
        di, dj = (2, 2) if kind == "swap" else (int(kind[0]), int(kind[2]))
        return sum(self.source_breaks[i + 1 : i + di]) + sum(self.target_breaks[j + 1 : j + dj])

    def _paragraphs(self, kind: str, i: int, j: int, pending: int) -> tuple[float, int]:
        """What paragraphs add to a bead from (i, j): its cost, and the breaks left pending after it.

        A paragraph break of one side is kept when the other side has one at
        the same place. A sentence left out or added does not move the place:
        a break just before it is carried to the next pair of sentences
        (``pending``: 2 for the source's, 1 for the target's).
        """
        source_break = self.source_breaks[i] or bool(pending & 2)
        target_break = self.target_breaks[j] or bool(pending & 1)
        if kind == "1-0":
            return 0.0, (2 if source_break else 0) | (pending & 1)
        if kind == "0-1":
            return 0.0, (pending & 2) | (1 if target_break else 0)
        cost = PARAGRAPH_CROSSED * self._crossed(kind, i, j)
        if source_break != target_break:
            cost += PARAGRAPH_MISMATCH
        return cost, 0

    def run(self) -> list[tuple[str, int, int]]:
        """The cheapest path as (kind, source start, target start) steps, in order."""
        n, m = len(self.sources), len(self.targets)
        width = max(BAND, (n + m) // BAND_SHARE)
        # States are (i, j, pending breaks); each keeps its cost and the step that reached it.
        best: dict[tuple[int, int, int], tuple[float, tuple[str, int, int, int] | None]] = {(0, 0, 0): (0.0, None)}
        for i in range(n + 1):
            for j in range(m + 1):
                if abs(j - i * m / max(n, 1)) > width:
                    continue
                for pending in range(4):
                    here = best.get((i, j, pending))
                    if here is None:
                        continue
                    for kind, di, dj in _MOVES:
                        if i + di > n or j + dj > m:
                            continue
                        extra, after = self._paragraphs(kind, i, j, pending)
                        total = here[0] + self.price(kind, i, j).cost + extra
                        key = (i + di, j + dj, after)
                        if key not in best or total < best[key][0]:
                            best[key] = (total, (kind, i, j, pending))
        end = min((best[(n, m, p)][0], p) for p in range(4) if (n, m, p) in best)[1]
        steps = []
        state = (n, m, end)
        while state != (0, 0, 0):
            step = best[state][1]
            if step is None:  # pragma: no cover - every state but the start was reached by a step
                raise L10nError("the alignment found no path")
            steps.append(step[:3])
            state = (step[1], step[2], step[3])
        return steps[::-1]


def _ratio(source: int, target: int) -> float:
    """The texts' length ratio, within what translations between these languages have.

    Kept within bounds so that a text that is no translation of the article
    (a line, a different story) is not measured as if it were.
    """
    if not source or not target:
        return 1.0
    return min(max(target / source, LEAST_RATIO), MOST_RATIO)


def _rounded(score: float) -> float:
    return round(score, 4)


def _breaks(paragraphs: Sequence[int]) -> list[bool]:
    """Whether a paragraph starts before each position (neither end counts)."""
    return [False] + [paragraphs[k] != paragraphs[k - 1] for k in range(1, len(paragraphs))] + [False]


def to_beads(search: Search, steps: Sequence[tuple[str, int, int]]) -> list[Bead]:
    """The beads of a path (:meth:`Search.run`), a swap as its two 1-1 beads, with their scores rounded."""
    beads = []
    for kind, i, j in steps:
        if kind == "swap":
            for source, target in ((i, j + 1), (i + 1, j)):
                score = _rounded(search.price("1-1", source, target).score)
                beads.append(Bead(BeadKind.ONE_ONE, (source,), (target,), score, swapped=True))
            continue
        di, dj = int(kind[0]), int(kind[2])
        score = search.price(kind, i, j).score if di and dj else 0.0
        beads.append(Bead(BeadKind(kind), tuple(range(i, i + di)), tuple(range(j, j + dj)), _rounded(score)))
    return beads
