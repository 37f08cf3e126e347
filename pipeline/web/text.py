"""The text of a story's blocks as Markdown: escaping, white space, emphasis, and reading it back as plain text.

Emphasis and line breaks are first written as private-use markers
(:data:`S_OPEN`, :data:`BR`…), which text from the page cannot hold, and
turned into Markdown once a block's text is whole.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass


@dataclass(slots=True)
class Block:
    """One block of the body's Markdown: its kind (p, heading, caption, list, quote, code, table) and text."""

    kind: str
    text: str


# Private-use characters, which escape() takes out of the page's text, so that none of them can come from it.
S_OPEN, S_CLOSE, E_OPEN, E_CLOSE, BR = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
PRIVATE = re.compile("[\ue000-\ue004\u00ad\u200b\u2060\ufeff]")
_MARKERS = re.compile("[\ue000-\ue003]")


@dataclass(frozen=True, slots=True)
class Style:
    """What encloses inline content: emphasis may be written, is already open, or a link is."""

    emphasis: bool = True
    strong: bool = False
    em: bool = False
    link: bool = False

    def but(self, **changes: bool) -> Style:
        """This style with ``changes`` (``strong=True`` inside ``<strong>``)."""
        return dataclasses.replace(self, **changes)


def escape(text: str) -> str:
    """Markdown-escape text from a page so that it stays text (and cannot forge this module's markers)."""
    text = PRIVATE.sub("", text).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    text = re.sub(r"([\\`*_\[\]<])", r"\\\1", text)
    return re.sub(r"&(?=#?[A-Za-z0-9]+;)", r"\\&", text)  # "&amp;copy;" on the page is "&copy;", not ©


# Runs of white space, and single white space other than a space or a no-break one (U+00A0, U+202F, U+2007).
_SPACES = re.compile(r"\s{2,}|[^\S \u00a0\u202f\u2007]")


def squash(text: str) -> str:
    """Runs of white space as one space, but a no-break space alone kept (``14 700``, ``5 %``)."""
    return _SPACES.sub(" ", text).strip()


def write_emphasis(text: str) -> str:
    """Turn the emphasis markers into ``**`` and ``*``, with spaces outside them, or drop those that cannot work.

    ``<strong>АСТАНА. </strong>Глава`` must become ``**АСТАНА.** Глава``: with
    the space inside, CommonMark would show the asterisks and run the words
    together. A pair that CommonMark could still not read as emphasis (a
    closing marker after punctuation, right before a letter) is left out,
    keeping the text.
    """
    if not _MARKERS.search(text):
        return text
    text = text.replace(S_CLOSE + S_OPEN, "").replace(E_CLOSE + E_OPEN, "")
    before = None
    while before != text:
        before = text
        text = re.sub(r"([\ue000\ue002])(\s+)", r"\2\1", text)
        text = re.sub(r"(\s+)([\ue001\ue003])", r"\2\1", text)
        text = re.sub("\ue000\ue001|\ue002\ue003", "", text)
    text = squash(text)
    chars = list(text)
    stack: list[int] = []
    drop: set[int] = set()
    for i, ch in enumerate(chars):
        if ch in (S_OPEN, E_OPEN):
            stack.append(i)
        elif ch in (S_CLOSE, E_CLOSE):
            if not stack:
                drop.add(i)
                continue
            start = stack.pop()
            if not _flanking(chars, start, i):
                drop.update((start, i))
    drop.update(stack)
    marks = {S_OPEN: "**", S_CLOSE: "**", E_OPEN: "*", E_CLOSE: "*"}
    return "".join("" if i in drop else marks.get(ch, ch) for i, ch in enumerate(chars))


def _flanking(chars: list[str], start: int, end: int) -> bool:
    """Whether markers at ``start`` and ``end`` open and close emphasis by CommonMark's flanking rules."""

    def near(i: int, step: int) -> str:
        i += step
        while 0 <= i < len(chars) and chars[i] in "\ue000\ue001\ue002\ue003":
            i += step
        return chars[i] if 0 <= i < len(chars) else " "

    def punct(ch: str) -> bool:
        return unicodedata.category(ch)[0] in "PS"

    after_open, before_open = near(start, 1), near(start, -1)
    before_close, after_close = near(end, -1), near(end, 1)
    if after_open.isspace() or before_close.isspace() or end - start < 2:
        return False
    opens = not punct(after_open) or before_open.isspace() or punct(before_open)
    closes = not punct(before_close) or after_close.isspace() or punct(after_close)
    return opens and closes


_STARTS = (
    (re.compile(r"^(#{1,6})(?=\s|$)"), r"\\\1"),  # a heading
    (re.compile(r"^([-+*])(?=\s|$)"), r"\\\1"),  # a list item: Russian dialogue written with hyphens
    (re.compile(r"^(\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),  # an ordered list item
    (re.compile(r"^>"), r"\\>"),  # a block quote
    (re.compile(r"^([-=_]{2,}\s*)$"), r"\\\1"),  # a thematic break or a setext underline
    (re.compile(r"^(~{3,})"), r"\\\1"),  # a code fence
)


def escape_start(text: str) -> str:
    """Escape what would make a paragraph something else (``- Да,`` is a list item, ``1. Первое`` too)."""
    if not text or text[0] not in "#-+*0123456789>=_~":
        return text
    for pattern, repl in _STARTS:
        text = pattern.sub(repl, text, count=1)
    return text


# A link as the blocks write it: [text](target), the text escaped, the target without spaces or a closing parenthesis.
LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(([^)\s]*)\)")


def plain_text(text: str) -> str:
    """A block's text as a reader sees it: no link targets, emphasis or escapes."""
    text = LINK.sub(r"\1", text)
    text = re.sub(r"(?<!\\)\*+", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"^(?:>\s?)+|^#{1,6}\s+|^[-+]\s+|^\d{1,9}[.)]\s+", "", text, flags=re.MULTILINE)
    return squash(text)
