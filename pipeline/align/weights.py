"""The aligner's tuning: every weight, prior and threshold of its score model, in one place.

Costs are negative log probabilities: a bead's cost is its prior's, plus the
length term of Gale and Church (1993), plus the evidence weights below times
what the bead's sentences share (:func:`pipeline.align.score.price_bead`); the
search (:mod:`pipeline.align.dp`) adds the paragraph costs and keeps the
cheapest path. A weight is in the units of a prior's cost, so that evidence
and priors are traded against each other directly.

The weights were set on the parallel test set (``tests/data/align/``) before
its held-out articles were written; a change is measured with
``bench/align.py`` and held by ``tests/test_align.py``.
"""

from __future__ import annotations

import math

# --- priors and the length model ------------------------------------------------

#: Gale and Church's priors for each bead (as NLTK has them); two sentences
#: swapped are priced as their 2-2 bead.
PRIORS = {"1-1": 0.89, "1-0": 0.0099, "0-1": 0.0099, "2-1": 0.089, "1-2": 0.089, "swap": 0.011}
#: :data:`PRIORS` as costs.
PRIOR_COST = {kind: -math.log(p) for kind, p in PRIORS.items()}
#: Variance of the length difference per character (Gale and Church's estimate).
VARIANCE = 6.8
# Bounds of the two texts' length ratio, the mean of the length model: what
# translations between these languages have (see pipeline.align.dp._ratio).
LEAST_RATIO = 0.6
MOST_RATIO = 1.8

# --- evidence weights, in the units of the costs ----------------------------------

#: A value of the msgid found in the translation, by its value.
VALUE_MATCH = 3.0
#: A value of the msgid the translation has not.
VALUE_MISS = 3.0
#: A value of the translation the source has not: more often in an added sentence than a translated one.
VALUE_ADDED = 1.5
#: A number outside values on both sides (years, ranges, «№ 512»).
NUMBER_MATCH = 1.5
#: A number on one side only.
NUMBER_MISS = 0.5
#: A name both sides have; a cognate counts :data:`COGNATE_WEIGHT` of one.
NAME_MATCH = 1.0
COGNATE_WEIGHT = 0.5

# --- names and cognates -------------------------------------------------------------

# A name is compared by its consonants, so that a case ending or a vowel
# transliterated another way does not matter; other words by their first
# letters, as cognates are (Simard, Foster and Isabelle, 1992).
NAME_CONSONANTS = 3
COGNATE_PREFIX = 4
COGNATE_LENGTH = 5

# --- paragraphs -------------------------------------------------------------------

#: A paragraph break on one side where the other has none.
PARAGRAPH_MISMATCH = 1.0
#: A paragraph break inside a bead (the translator joined or split paragraphs there).
PARAGRAPH_CROSSED = 4.0

# --- the search's band --------------------------------------------------------------

# The search keeps to a band around the diagonal: a translation does not drift
# further from its source than its sentences left out, added, joined and split
# add up to, and a long article has more of them.
BAND = 15
BAND_SHARE = 10

# --- refusing a translation of another article ------------------------------------

#: A bead below this score pairs nothing the evidence supports.
LEAST_SCORE = 0.3
# With this many values and numbers in the article, a translation must have
# this share of them: its own translation keeps nearly all, another story's
# shares a year or two.
FEW_ANCHORS = 4
LEAST_SHARED = 0.3
