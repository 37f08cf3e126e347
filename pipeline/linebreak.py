"""Line breaking of PO strings the way GNU gettext does it.

GNU gettext wraps msgid/msgstr lines with libunistring's implementation of
the Unicode line breaking algorithm (UAX #14) and a greedy fill. To write PO
files that ``msgcat`` leaves unchanged we need the same break opportunities.
This module has the pair-table form of UAX #14 for the line-breaking classes
that occur in news copy (Latin, Cyrillic, digits, ASCII and typographic
punctuation, currency signs, no-break spaces); other characters are treated as
letters (class AL), which is what they are in the scripts this project uses.

Most strings are plain prose: one-column characters without combining marks.
:func:`fill` places those without listing every break opportunity: it looks
back from each line's last column for the nearest one (:func:`_fill_prose`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Line-breaking classes (UAX #14 names).
OP, CL, CP, QU, GL, NS, EX, SY, IS, PR, PO, NU, AL, IN, HY, BA, BB, B2, SP, CM, ID = range(21)

_ASCII = {
    "!": EX, '"': QU, "#": AL, "$": PR, "%": PO, "&": AL, "'": QU, "(": OP, ")": CP,
    "*": AL, "+": PR, ",": IS, "-": HY, ".": IS, "/": SY, ":": IS, ";": IS, "<": AL,
    "=": AL, ">": AL, "?": EX, "@": AL, "[": OP, "\\": PR, "]": CP, "^": AL, "_": AL,
    "`": AL, "{": OP, "|": BA, "}": CL, "~": AL, " ": SP, "\t": BA,
}  # fmt: skip
_OTHER = {
    "\u00a0": GL, "\u202f": GL, "\u2007": GL, "\u2011": GL, "\u2060": GL, "\ufeff": GL,
    "«": QU, "»": QU, "‘": QU, "’": QU, "“": QU, "”": QU, "‛": QU, "‟": QU, "‹": QU, "›": QU,
    "„": OP, "‚": OP, "¡": OP, "¿": OP,
    "°": PO, "‰": PO, "‱": PO, "′": PO, "″": PO, "¢": PO, "℃": PO,
    "€": PR, "£": PR, "¥": PR, "₸": PR, "₽": PR, "₴": PR, "№": PR, "±": PR, "₹": PR, "₩": PR,
    "\u2010": BA, "\u2012": BA, "\u2013": BA, "\u00ad": BA, "\u2009": BA, "\u200a": BA,
    "\u2002": BA, "\u2003": BA, "\u2004": BA, "\u2005": BA, "\u2006": BA, "\u2008": BA,
    "\u2014": B2, "\u2026": IN, "\u2024": IN, "\u2025": IN, "\u00b4": BB,
    "\u3000": BA,
}  # fmt: skip

# Break actions.
_DIRECT, _INDIRECT, _NEVER = 0, 1, 2


@lru_cache(maxsize=4096)
def line_class(ch: str) -> int:
    """The UAX #14 line-breaking class of one character (resolved as libunistring does)."""
    cls = _ASCII.get(ch)
    if cls is not None:
        return cls
    cls = _OTHER.get(ch)
    if cls is not None:
        return cls
    if "0" <= ch <= "9":
        return NU
    category = unicodedata.category(ch)
    if category in ("Mn", "Me"):
        return CM
    if category == "Nd":
        return NU
    if category == "Zs":
        return BA
    if category in ("Ps",):
        return OP
    if category in ("Pe",):
        return CL
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return ID
    return AL


def char_width(ch: str) -> int:
    """Columns a character takes on a terminal (as libunistring's uc_width)."""
    if ch < "\u0300":
        return 1
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _pair_table() -> list[list[int]]:
    """The UAX #14 pair table for our classes: what happens between ``before`` and ``after``."""
    n = ID + 1
    table = [[_DIRECT] * n for _ in range(n)]

    def rule(befores, afters, action):
        for b in befores:
            for a in afters:
                # Earlier rules win: only relax a cell that no earlier rule set.
                if (b, a) not in decided:
                    table[b][a] = action
                    decided.add((b, a))

    decided: set[tuple[int, int]] = set()
    every = range(n)
    rule(every, (CL, CP, EX, IS, SY), _NEVER)  # LB13
    rule((OP,), every, _NEVER)  # LB14
    rule((QU,), (OP,), _NEVER)  # LB15
    rule((CL, CP), (NS,), _NEVER)  # LB16
    rule((B2,), (B2,), _NEVER)  # LB17
    rule(every, (GL,), _INDIRECT)  # LB12a: no break before GL unless after SP/BA/HY
    for b in (BA, HY):
        table[b][GL] = _DIRECT
    rule((GL,), every, _INDIRECT)  # LB12
    rule(every, (QU,), _INDIRECT)  # LB19
    rule((QU,), every, _INDIRECT)
    rule(every, (BA, HY, NS), _INDIRECT)  # LB21
    rule((BB,), every, _INDIRECT)
    rule(every, (IN,), _INDIRECT)  # LB22
    rule((AL,), (NU,), _INDIRECT)  # LB23
    rule((NU,), (AL,), _INDIRECT)
    rule((PR,), (ID,), _INDIRECT)  # LB23a
    rule((ID,), (PO,), _INDIRECT)
    rule((PR, PO), (AL,), _INDIRECT)  # LB24
    rule((AL,), (PR, PO), _INDIRECT)
    rule((CL, CP, NU), (PO, PR), _INDIRECT)  # LB25
    rule((PO, PR), (OP, NU), _INDIRECT)
    rule((HY, IS, NU, SY), (NU,), _INDIRECT)
    rule((AL,), (AL,), _INDIRECT)  # LB28
    # LB29 (IS × AL) is not applied by libunistring 1.0: "gov.kz" may break after the dot.
    rule((AL, NU), (OP,), _INDIRECT)  # LB30
    rule((CP,), (AL, NU), _INDIRECT)
    rule(every, (CM,), _INDIRECT)  # LB9: marks stay with their base
    return table


_TABLE = _pair_table()


def break_opportunities(text: str, prohibited: frozenset[int] = frozenset()) -> list[int]:
    """Where a line may break: the indexes ``i`` such that a break may come before ``text[i]``.

    Words (runs without a space) recur across a catalogue, so each word's own
    break opportunities are computed once and cached; between two words only
    the pair table is consulted. The result is that of :func:`_scan` on the
    whole text.

    Args:
        text: The (escaped) string.
        prohibited: Indexes before which a break is never allowed (inside escapes).
    """
    breaks: list[int] = []
    before = None  # class of the last non-space character
    for match in _WORD.finditer(text):
        first, last, inner = _word(match.group())
        start = match.start()
        if before is not None:
            if first == CM:
                return _scan(text, prohibited)  # a mark after a space takes the class before the space
            # Words are separated by spaces, so an indirect break is allowed too.
            if _TABLE[before][first] != _NEVER:
                breaks.append(start)
        breaks.extend(start + k for k in inner)
        before = last
    if prohibited:
        breaks = [i for i in breaks if i not in prohibited]
    return breaks


_WORD = re.compile("[^ ]+")


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[int, int, tuple[int, ...]]:
    """A word's first and last line-breaking class and its inner break opportunities."""
    first = line_class(word[0])
    last = first
    for ch in word[1:]:
        cls = line_class(ch)
        if cls != CM:
            last = cls
    return first, last, tuple(_scan(word))


def _scan(text: str, prohibited: frozenset[int] = frozenset()) -> list[int]:
    """Break opportunities character by character (the reference for :func:`break_opportunities`)."""
    result = []
    before = None
    spaces = False
    for i, ch in enumerate(text):
        cls = line_class(ch)
        if cls == SP:
            spaces = True
            continue
        if cls == CM and before is not None:
            continue  # a combining mark takes its base's class
        if before is not None and i not in prohibited:
            action = _TABLE[before][cls]
            if action == _DIRECT or (action == _INDIRECT and spaces):
                result.append(i)
        before = cls
        spaces = False
    return result


def fill(text: str, width: int, start: int, prohibited: frozenset[int] = frozenset()) -> list[int]:
    """Greedy line filling: the indexes where ``text`` is broken into lines.

    Args:
        text: The string to place.
        width: The last usable column.
        start: The column the first line starts at (relative to later lines' start).
        prohibited: Indexes where no break may be made.

    Returns:
        Indexes ``i`` such that a new line starts with ``text[i]``.
    """
    if start + len(text) <= width and not _WIDE.search(text):
        return []  # it fits: every character is one column wide here
    breaks = _fill_prose(text, width, start, prohibited)
    if breaks is not None:
        return breaks
    return _fill_all(text, width, start, prohibited)


def _fill_all(text: str, width: int, start: int, prohibited: frozenset[int]) -> list[int]:
    """:func:`fill` from every break opportunity of ``text`` (the reference for :func:`_fill_prose`)."""
    possible = break_opportunities(text, prohibited)
    breaks: list[int] = []
    column = start
    piece = 0
    last = None
    if not _WIDE.search(text):
        # One column per character: a piece's width is its length.
        piece_start = 0
        for i in possible:
            piece = i - piece_start
            if last is not None and column + piece > width:
                breaks.append(last)
                column = 0
            last = i
            column += piece
            piece_start = i
        piece = len(text) - piece_start
    else:
        allowed = set(possible)
        for i, ch in enumerate(text):
            if i in allowed:
                if last is not None and column + piece > width:
                    breaks.append(last)
                    column = 0
                last = i
                column += piece
                piece = 0
            piece += char_width(ch)
    if last is not None and column + piece > width:
        breaks.append(last)
    return breaks


# Characters that are not one column wide (combining marks, format characters, wide ones).
_WIDE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
    "\ufe00-\ufe0f\ufe20-\ufe6f\uff00-\uff60\uffe0-\uffe6\U00010000-\U0010ffff]"
)


# --- plain prose ----------------------------------------------------------------

# Blocks whose characters may be plain prose: news copy in Latin, Greek and
# Cyrillic script (Kazakh letters included) with its punctuation, currency and
# number signs. Which of them are is decided by their class and width.
_PROSE_BLOCKS = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x2000, 0x20CF), (0x2100, 0x214F))


@lru_cache(maxsize=1)
def _prose() -> tuple[dict[str, int], re.Pattern[str]]:
    """The line-breaking class of every plain prose character, and an expression finding any other.

    Plain prose characters are one column wide and not combining marks, so a
    character's class is its own and the break before it depends only on the
    last non-space character before it and on whether spaces come between
    (as in :func:`_scan`). Built on first use, not at import.
    """
    classes: dict[str, int] = {}
    for first, last in _PROSE_BLOCKS:
        for code in range(first, last + 1):
            ch = chr(code)
            if unicodedata.category(ch) in ("Cc", "Cf", "Cn", "Co", "Zl", "Zp") or _WIDE.match(ch):
                continue
            cls = line_class.__wrapped__(ch)
            if cls not in (CM, ID) and char_width(ch) == 1:
                classes[ch] = cls
    codes = sorted(ord(ch) for ch in classes)
    runs = []
    run_start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code != prev + 1:
            runs.append(f"\\u{run_start:04x}-\\u{prev:04x}")
            run_start = code
        prev = code
    return classes, re.compile("[^" + "".join(runs) + "]")


def _fill_prose(text: str, width: int, start: int, prohibited: frozenset[int]) -> list[int] | None:
    """:func:`fill` for plain prose, looking back from each line's end for its last break opportunity.

    The reference, :func:`_fill_all`, lists every break opportunity and walks
    them all; its greedy fill breaks each line at the last opportunity that
    leaves the line within ``width``, so only that one is needed. Here it is
    found by going back from the line's last column, one character at a time,
    with :func:`_scan`'s rule.

    Returns:
        The breaks, or None when ``text`` is not plain prose or a line has no
        opportunity within the width (a long word, which the reference places).
    """
    classes, other = _prose()
    if other.search(text):
        return None
    table = _TABLE
    breaks = []
    line = 0  # where the line starts
    column = start  # the column of text[line]
    end = len(text)
    while column + end - line > width:
        at = line + width - column  # the last index that may start the next line
        while True:
            if at <= line:
                return None
            ch = text[at]
            if ch != " " and at not in prohibited:
                before = at - 1
                if text[before] != " ":
                    if table[classes[text[before]]][classes[ch]] == _DIRECT:
                        break
                else:
                    while before >= 0 and text[before] == " ":
                        before -= 1
                    # After spaces any break the table does not forbid is taken (an indirect one too).
                    if before >= 0 and table[classes[text[before]]][classes[ch]] != _NEVER:
                        break
            at -= 1
        breaks.append(at)
        line = at
        column = 0
    return breaks
