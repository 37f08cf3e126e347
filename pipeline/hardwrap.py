"""Hard-wrapped paragraphs: which line breaks wrap a sentence, and the text with those breaks read as spaces.

A line break inside a paragraph is a sentence boundary (credit lines, lists)
unless the paragraph is hard-wrapped and the break falls inside a sentence
(see :func:`wrapped_blocks`). :func:`regions` cuts a text at the ends of
its wrapped blocks and unwraps them, each such break turned into spaces of
its own length so that offsets hold; :mod:`pipeline.segment` then segments
each region on its own.
"""

from __future__ import annotations

import itertools
import re

from pipeline.abbreviations import ALWAYS_ABBREVIATION
from pipeline.boundary import OPENERS, ends_with_one_of

# A line break, then a line with text (not the second break of "\n\n", whose test is cheaper here).
_BREAK_BEFORE_TEXT = re.compile(r"\n(?<!\n\n)(?<!\n\r\n)(?=[ \t]*[^\s])")
_SENTENCE_END_IN = re.compile(r"[.!?…‽][\"'”’»)\]]*(?:\s|$)")
_ENDS_WITH_TERMINAL = re.compile(r"[.!?…‽][\"'”’»)\]]*$")
# A list item or bullet starts the line ("1.", "2)", "a.", "(b)", "•", "-", "*");
# an en or em dash does not: it opens the words after a quotation ("– сказал он").
_ITEM_START = re.compile(r"(?:[•⁃‣◦▪·]|[-*](?=\s)|\d{1,3}(?:\.\)|\)|\.)(?=\s)|[a-z][.)](?=\s)|\((?:\d{1,3}|[a-z])\))")
# Narrower lines than this are not read as wrapped prose (credit lines, addresses).
_WRAP_MIN_WIDTH = 30


def regions(text: str) -> list[tuple[int, int, str | None]]:
    """``text`` cut at the ends of its hard-wrapped blocks: (start, end, the block unwrapped, or None).

    In an unwrapped block the line breaks that wrap a sentence are spaces of
    the same length, so offsets hold. A line next to a block's end is blank
    or the text's end: a boundary anyway, so each region can be segmented on
    its own, and the text around a block need not be copied.
    """
    blocks = wrapped_blocks(text)
    if not blocks:
        return [(0, len(text), None)]
    regions: list[tuple[int, int, str | None]] = []
    pos = 0
    for start, end, soft in blocks:
        if pos < start:
            regions.append((pos, start, None))
        parts = []
        at = start
        for brk in soft:
            cut = brk - 1 if text[brk - 1] == "\r" else brk
            parts.append(text[at:cut])
            parts.append(" " * (brk + 1 - cut))
            at = brk + 1
        parts.append(text[at:end])
        regions.append((start, end, "".join(parts)))
        pos = end
    if pos < len(text):
        regions.append((pos, len(text), None))
    return regions


def wrapped_blocks(text: str) -> list[tuple[int, int, list[int]]]:
    """The blocks of non-blank lines with line breaks that wrap a sentence: (start, end, those breaks).

    Plain text is often hard-wrapped: a paragraph's lines are cut at a fixed
    width, wherever a word no longer fits. Such a break is no boundary. A
    break inside a block of non-blank lines wraps a sentence when a sentence
    end (".", "?", "!", "…") comes after it in the block and the next line is
    no list item, and either

    * the next line starts in lower case, the line ends with a comma or a
      semicolon ("It was a cold" on one line, "night in the city." on the
      next), or with a title, abbreviation or initial that never ends a
      sentence ("Mr.", "approx.", "A."), or
    * the block is hard-wrapped and the line is full: the next line's first
      word would not have fitted on it (within an eighth of the block's
      width, for wrappers that balance lines, such as fmt), and the block has
      more full lines that break mid-sentence (no final punctuation) than
      short ones. A full line that ends with punctuation is then read as a
      space too: the rules decide there as after any space ("Dr." at the end
      of a line before "Smith" is no boundary).

    A short line in a wrapped block, a credit line, the items of a list keep
    their breaks: their next word would have fitted, or no sentence runs
    across them.
    """
    if "\n" not in text:
        return []
    blocks = []
    breaks: list[int] = []
    for m in _BREAK_BEFORE_TEXT.finditer(text):
        at = m.start()
        before = at - 1
        while before >= 0 and text[before] in " \t\r":
            before -= 1
        if before < 0 or text[before] == "\n":
            continue  # after a blank line: a new block starts here
        if breaks and text.find("\n", breaks[-1] + 1, at) >= 0:
            blocks.append(_block(text, breaks))
            breaks = []
        breaks.append(at)
    if breaks:
        blocks.append(_block(text, breaks))
    return [block for block in blocks if block[2]]


def _block(text: str, breaks: list[int]) -> tuple[int, int, list[int]]:
    """The block of lines joined by ``breaks`` (consecutive line breaks): its start, end and soft breaks."""
    start = text.rfind("\n", 0, breaks[0]) + 1
    end = text.find("\n", breaks[-1] + 1)
    end = len(text) if end < 0 else end
    return start, end, _soft_breaks(text, start, end, breaks)


def _soft_breaks(text: str, start: int, end: int, breaks: list[int]) -> list[int]:
    """Which line breaks of the block ``text[start:end]`` wrap a sentence (see :func:`wrapped_blocks`)."""
    bounds = [start, *(at + 1 for at in breaks), end]
    lines = [text[a:b].rstrip() for a, b in itertools.pairwise(bounds)]
    widths = [len(line) for line in lines]
    width = max(widths)
    # Whether a sentence ends after each break (somewhere on the lines below it).
    ends_later = [False] * len(breaks)
    seen = False
    for i in range(len(breaks) - 1, -1, -1):
        seen = seen or _SENTENCE_END_IN.search(lines[i + 1]) is not None
        ends_later[i] = seen
    short_enough = width - width // 8
    # Per break: None (a boundary), or (full line, ends with punctuation, strong evidence).
    kinds: list[tuple[bool, bool, bool] | None] = []
    mid_full = mid_short = 0
    for i in range(len(breaks)):
        line, head = lines[i], lines[i + 1].lstrip()
        colon = line.endswith(":")
        closed = _ENDS_WITH_TERMINAL.search(line) is not None
        item = _ITEM_START.match(head) is not None
        if item and head[0] == "-" and not (colon or closed or _ITEM_START.match(line.lstrip())):
            item = False  # "ASTANA\n- The Government": a hyphen for a dash after a line that runs on
        if not ends_later[i] or item:
            kinds.append(None)
            continue
        strong = not colon and (head[:1].islower() or line.endswith((",", ";")) or _cannot_end(line))
        full = widths[i] + 1 + len(head.split(None, 1)[0]) > short_enough
        if not closed and not colon:
            if full:
                mid_full += 1
            elif not strong:
                mid_short += 1
        kinds.append((full, closed, strong))
    wrapped = width >= _WRAP_MIN_WIDTH and mid_full > mid_short
    return [
        at
        for at, kind in zip(breaks, kinds, strict=True)
        if kind is not None and (kind[2] or (wrapped and (kind[0] or kind[1])))
    ]


def _cannot_end(line: str) -> bool:
    """Whether ``line`` ends with a title, an abbreviation or an initial that never ends a sentence ("Mr.", "A.")."""
    if not line.endswith("."):
        return False
    word = line[line.rfind(" ") + 1 : -1].lstrip(OPENERS)
    return (len(word) == 1 and word.isalpha()) or ends_with_one_of(word, ALWAYS_ABBREVIATION)
