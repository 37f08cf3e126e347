"""Sentence segmentation for news copy in English, Russian and Kazakh: the scan that finds and cuts sentences.

Rules of our own, chosen by measurement with the shared Golden Rules harness
(see README). A regular expression finds every place a sentence could end
(terminal punctuation, closing quotes, the gap after them) and decides the
plain ones itself; the rest go to the decision function of
:mod:`pipeline.boundary`, which looks at the word before and the text after
(its word tables are in :mod:`pipeline.abbreviations`). A line break inside a
paragraph is a boundary (credit lines, lists) unless the paragraph is
hard-wrapped and the break falls inside a sentence: then it is read as a space
(see :mod:`pipeline.hardwrap`), and the sentence keeps the line break in its text.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right

from pipeline.abbreviations import ALWAYS_ABBREVIATION, LEGAL_FORMS, MAY_END, NEVER_END, SOMETIMES_END
from pipeline.boundary import GAP, OPENS_CAPITAL, UPPER, boundary
from pipeline.hardwrap import regions
from pipeline.models import Span

# A terminator: ?/! runs, a period possibly continued into a spaced ellipsis
# (". . ."), or the ellipsis character. Then closing quotes/brackets, then the gap.
_CANDIDATE = re.compile(
    r"(?P<term>[!?‽]+[.!?‽]*|\.(?:[ \u00a0]?\.)*|…+[.!?]*)"
    r"(?P<close>[\"'”’»)\]]*)"
    r"(?P<gap>\s*)"
)

# In a text longer than _LONG_TEXT, _quotations visits the first _FEW_QUOTES marks of a kind one by one.
_LONG_TEXT = 4096
_FEW_QUOTES = 16
_TERMINATORS = ".!?‽…"


def _nested_quotation(opening: str, closing: str) -> re.Pattern[str]:
    """A quotation in ``opening``/``closing`` marks, one level of nesting, with a terminator inside.

    The lookahead finds the terminator before the closing mark. The
    quantifiers are possessive: nothing here needs backtracking, and a
    quotation without a terminator (most of them) must fail fast.
    """
    any_text = rf"[^{opening}{closing}\n]*+"
    no_end = rf"[^{opening}{closing}\n{_TERMINATORS}]*+"
    return re.compile(
        f"{opening}(?={no_end}(?:{opening}{no_end}{closing}{no_end})*+(?:{opening}{no_end})?+[{_TERMINATORS}])"
        f"{any_text}(?:{opening}{any_text}{closing}{any_text})*+{closing}"
    )


# The quotations _quotations looks for, each with its opening and closing marks.
_QUOTATION_PATTERNS = (
    ("«", "»", _nested_quotation("«", "»")),
    ("“", "”", _nested_quotation("“", "”")),
    ("„", "“”", re.compile(rf"„(?=[^„“”\n{_TERMINATORS}]*+[{_TERMINATORS}])[^„“”\n]*+[“”]")),
    # Opens after a space, a bracket or a dash, before a non-space; closes after a non-space.
    (
        '"',
        '"',
        re.compile(rf'"(?=[^"\n{_TERMINATORS}]*+[{_TERMINATORS}])(?<![^\s(\[«“„—–/-]")(?=[^\s"])[^"\n]*+(?<=\S)"'),
    ),
)
_TERMINATOR = re.compile(f"[{_TERMINATORS}]")

# A list marker at the start of a line: "1.)", "1)", "1.", "• 9.", "⁃10.", "a."
_LIST_START = re.compile(
    r"^(?P<bullet>[•⁃‣◦▪]\s*)?(?:(?P<num>\d{1,3})(?P<nsuf>\.\)|\)|\.)|(?P<let>[a-z])(?P<lsuf>\.|\)))\s"
)


def _abbreviation_guard(words: frozenset[str]) -> str:
    """Negative lookbehinds, placed after a period: the token before it is not one of ``words``.

    Python's lookbehind needs a fixed width, so the words are grouped by length.
    """
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return "".join(rf"(?<!(?<![^\W_])(?i:{'|'.join(group)})\.)" for group in by_length.values())


def _after_one_of(words: frozenset[str]) -> str:
    """A lookbehind, placed after a period: the token before it is one of ``words``."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return "(?:" + "|".join(rf"(?<=(?<![^\W_])(?i:{'|'.join(group)})\.)" for group in by_length.values()) + ")"


# Letters of the scripts this project reads, as explicit ranges: the engine
# tests these much faster than the category class [^\W\d_]. A letter outside
# them only sends its period to the slower rules.
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-žА-яЁёЂ-џҐ-ӿ"


def _ordinary_word(abbreviations: frozenset[str]) -> str:
    """Lookbehinds, placed after a period: the word before it has two or more letters and is not an abbreviation.

    A word of seven letters or more is never an abbreviation here; a shorter
    one is compared with the abbreviations of its own length only, which keeps
    the engine fast.
    """
    longest = max(len(a) for a in abbreviations if a.isalpha())
    branches = [rf"(?<=[{_LETTERS}]{{{longest + 1}}}\.)"]
    for length in range(longest, 1, -1):
        same = sorted(re.escape(a) for a in abbreviations if len(a) == length and a.isalpha())
        branch = rf"(?<=[{_LETTERS}]{{{length}}}\.)(?<![\w.][{_LETTERS}]{{{length}}}\.)"
        if same:
            branch += rf"(?<!(?i:{'|'.join(same)})\.)"
        branches.append(branch)
    return "|".join(branches)


# The scan's own character classes (UPPER, GAP and OPENS_CAPITAL it shares with the rules).
_LOWER = "a-zß-öø-ÿа-яёәғқңөұүһіґєїў"
_CLOSE = r"[\"'”’»)\]]*"

# What opens a sentence: opening quotes or brackets, then a capital or a digit.
_OPENS = rf"[\"'“‘«(\[¿¡]*[{UPPER}0-9]"
# After a candidate: a gap then more text on the line, or no gap and not a digit or
# lower-case letter. A candidate that ends its line needs no cut: line breaks are cuts.
_TAIL = r"(?:(?P<gap>[^\S\r\n]+)(?=[^\r\n])|(?P<nogap>)(?=[^\r\n0-9" + _LOWER + r"]))"
_NOT_ELLIPSIS = r"(?![ \u00a0]?\.)(?<!\.\.)"  # after a period: it is a single one

_LEGAL_FORM_WORD = rf"(?i:{'|'.join(sorted(LEGAL_FORMS))})(?![^\W_])"


def _spaced(*parts: str) -> str:
    """Lookbehinds for ``parts`` joined by one or two spaces (an unwrapped CRLF line break is two)."""
    gaps = ("[ \u00a0]", "[ \u00a0]{2}")
    return "|".join(
        "(?<=" + parts[0] + "".join(g + p for g, p in zip(chosen, parts[1:], strict=True)) + ")"
        for chosen in itertools.product(gaps, repeat=len(parts) - 1)
    )


# Single letters that are no initials: the period of a spaced "т. д.", "т. п.",
# "т. б.", "т. с. с.", and "г." / "ж." (year) after a number.
_SPACED_ENUMERATION = (
    "(?<=[дпбсгжДПБСГЖ]\\.)(?:"  # one cheap test first: most initials are other letters
    + "|".join(
        (
            _spaced(r"[тТ]\.", r"[дпбДПБ]\."),
            _spaced(r"[тТ]\.", r"[сС]\.", r"[сС]\."),
            _spaced(r"\d", r"[гжГЖ]\."),
        )
    )
    + ")"
)

_NOT_BULLET = r"[^\d\s•⁃‣◦▪*·\-–]"
# The fast path, after the terminator the scan starts with: boundaries that
# the rules would accept anyway, decided inside the regular-expression engine
# (news copy is mostly these).
# Two scans find every place a sentence may end: one for periods, one for
# "?", "!" and "…" (each starts with its terminator, so the engine skips
# ahead at C speed, a literal "." fastest of all). The fast path, marked by
# the empty group "fast", holds boundaries that the rules would accept anyway;
# other matches are left to the rules. Left out in the engine already:
# periods inside tokens ("14.7", "gov.kz"), known abbreviations ("approx.",
# "Dec.") and initials ("B. Seitkali").
_SCAN_DOT = re.compile(
    # A period right after "?", "!" or "…" belongs to the other scan's match.
    # (a digit or a lower-case letter right after the period: "14.7", "gov.kz": never a boundary)
    rf"\.(?![0-9{_LOWER}])(?<![!?‽…]\.)(?:"
    # before a new sentence (checked once, then who may end with it)
    # (a period of an ellipsis never passes: the lookahead wants a gap, then a capital)
    rf"(?={_CLOSE}{GAP}{_OPENS})(?:"
    # an ordinary word of two or more letters (not an abbreviation, not "U.S.", not "gov.kz");
    # split by length so that only abbreviations of the word's own length are compared
    + _ordinary_word(NEVER_END | MAY_END)
    # "Co.", "Inc.", "JSC." before a capital that is not the next part of the name ("Co. Ltd.")
    + rf"|{_after_one_of(MAY_END)}(?={_CLOSE}{GAP}{OPENS_CAPITAL})(?!{_CLOSE}{GAP}{_LEGAL_FORM_WORD})"
    # a year or a number within a sentence: "in 2024.", "by Dec. 31."
    + rf"|(?<=\d\d\d\d\.)|(?<={_NOT_BULLET}[ \t]\d\.)|(?<={_NOT_BULLET}[ \t]\d\d\.)"
    + rf"|(?<={_NOT_BULLET}[ \t]\d\d\d\.)|(?<=[.,]\d\.)"
    + rf"){_CLOSE}(?P<fast>)"
    # the rules decide: an ellipsis, or a single period not after an abbreviation or an initial
    + r"|(?P<trest>(?:[ \u00a0]?\.)+"
    # (text must follow on the line, not a lower-case word: checked before the slower guards)
    + rf"|(?={_CLOSE}(?:[^\S\r\n]+[^\s{_LOWER}]|[^\s0-9{_LOWER}]))(?<!^[^\W\d_IІ]\.)"
    # an initial ("B. Seitkali"), unless it ends a spaced "т. д." before a capital
    + rf"(?:(?<![\s\"'“‘«(\[¿¡][^\W\d_IІ]\.)|{_SPACED_ENUMERATION}(?={_CLOSE}{GAP}{OPENS_CAPITAL}))"
    + _abbreviation_guard(ALWAYS_ABBREVIATION)
    # "etc.", "г.", "руб.": only a capital after them may make them an end
    + rf"(?:{_abbreviation_guard(SOMETIMES_END)}|(?={_CLOSE}{GAP}{OPENS_CAPITAL}))"
    + rf"{_NOT_ELLIPSIS})"
    + rf"(?P<close>{_CLOSE}){_TAIL}"
    + r")",
    re.MULTILINE,
)
_SCAN_MARK = re.compile(
    rf"[!?‽…](?:(?<=[!?‽])[.!?‽]*{_CLOSE}(?={GAP}{_OPENS})(?P<fast>)"
    r"|(?P<trest>(?<=[!?‽])[.!?‽]*|(?<=…)…*[.!?]*)"
    rf"(?P<close>{_CLOSE}){_TAIL})"
)
_SCANS = (_SCAN_DOT, _SCAN_MARK)
_LIST_LINE = re.compile(r"^[ \t]*(?:[•⁃‣◦▪][ \t]*)?(?:\d{1,3}(?:\.\)|\)|\.)|[a-z][.)])[ \t]", re.MULTILINE)
# A list line after a line break (the text's first line is checked apart).
_LIST_AFTER_BREAK = re.compile(r"\n[ \t]*(?:[•⁃‣◦▪][ \t]*)?(?:\d{1,3}(?:\.\)|\)|\.)|[a-z][.)])[ \t]")
_ODD_BREAK_CHARS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def sentence_spans(text: str, lang: str) -> list[Span]:
    """Split ``text`` into sentences.

    Args:
        text: A paragraph (or any text). A line break inside it is a boundary
            unless it wraps a sentence of a hard-wrapped paragraph (see
            :func:`pipeline.hardwrap.wrapped_blocks`); such a sentence keeps the line break.
        lang: ``en``, ``ru`` or ``kk`` (other languages get the English rules).

    Returns:
        Spans of the sentences, stripped of surrounding whitespace, in order.
        The text between spans is whitespace only.
    """
    if "\n" not in text:
        return _spans(text, _cuts(text, lang))  # one line: nothing to unwrap
    spans = []
    for start, end, block in regions(text):
        if block is None:
            spans.extend(_spans(text, _cuts(text, lang, start, end), start))
        else:
            spans.extend(Span(start + span.start, start + span.end) for span in _spans(block, _cuts(block, lang)))
    return spans


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentence strings (the benchmark harness's interface)."""
    out: list[str] = []
    for start, end, block in regions(text) if "\n" in text else ((0, len(text), None),):
        if block is None:
            cuts = _cuts(text, lang, start, end)
            for piece in map(str.strip, map(text.__getitem__, map(slice, [start, *cuts], cuts))):
                if "\n" in piece:  # a line break inside is a boundary too
                    out.extend(line for line in map(str.strip, piece.split("\n")) if line)
                elif piece:
                    out.append(piece)
        else:  # a wrapped block: its sentences keep their line breaks
            out.extend(text[start + span.start : start + span.end] for span in _spans(block, _cuts(block, lang)))
    return out


def reference_spans(text: str, lang: str) -> list[Span]:
    """:func:`sentence_spans` without the fast path: every candidate goes through the rules, line by line.

    Slower; the tests check that both always agree.
    """
    spans: list[Span] = []
    for start, end, block in regions(text):
        piece = text[start:end] if block is None else block
        cuts: list[int] = []
        pos = 0
        for line in piece.splitlines(keepends=True):
            cuts.extend(pos + c for c in _line_cuts(line, lang, reference=True))
            pos += len(line)
            cuts.append(pos)
        spans.extend(Span(start + span.start, start + span.end) for span in _spans(piece, cuts))
    return spans


def _spans(text: str, cuts: list[int], start: int = 0) -> list[Span]:
    """The stripped, non-empty pieces between cuts (from ``start``); a line break inside a piece splits it too."""
    spans = []
    for cut in cuts:
        chunk = text[start:cut]
        stripped = chunk.strip()
        if stripped:
            begin = start + len(chunk) - len(chunk.lstrip())
            if "\n" in stripped:
                line_start = begin
                for line in stripped.split("\n"):
                    inner = line.strip()
                    if inner:
                        lead = line_start + len(line) - len(line.lstrip())
                        spans.append(Span(lead, lead + len(inner)))
                    line_start += len(line) + 1
            else:
                spans.append(Span(begin, begin + len(stripped)))
        start = cut
    return spans


def _cuts(text: str, lang: str, start: int = 0, end: int | None = None) -> list[int]:
    """Positions where sentences end in ``text[start:end]`` (whole lines), ascending; the last is ``end``.

    Line breaks are boundaries too, but not listed: the pieces between cuts
    are split at them.

    Lines with an inline list or with «» / “” quotes are done one by one (the
    rules must know where the list items and quotations are); the rest of the
    text is scanned in one go, and the fast path's boundaries need no Python.
    """
    if end is None or (start == 0 and end == len(text)):
        end = len(text)
        # str.__contains__ is the fastest test on a whole text.
        odd = any(ch in text for ch in _ODD_BREAK_CHARS) or ("\r" in text and text.count("\r") != text.count("\r\n"))
    else:
        odd = any(text.find(ch, start, end) >= 0 for ch in _ODD_BREAK_CHARS) or (
            text.find("\r", start, end) >= 0 and text.count("\r", start, end) != text.count("\r\n", start, end)
        )
    if odd:
        # Rare line separators (lone CR, form feed, U+2028...): line by line.
        special = []
        pos = start
        for line in text[start:end].splitlines(keepends=True):
            special.append((pos, pos + len(line)))
            pos += len(line)
    else:
        # Lines with an inline list need the per-line rules.
        found = {_line_around(text, m.end() - 1) for m in _LIST_AFTER_BREAK.finditer(text, start, end)}
        if _LIST_LINE.match(text, start, end):
            found.add(_line_around(text, start))
        special = sorted(found)
    cuts: list[int] = []
    pos = start
    for line_start, line_end in special:
        _scan_region(text, pos, line_start, lang, cuts)
        cuts.extend(line_start + c for c in _line_cuts(text[line_start:line_end], lang))
        cuts.append(line_end)
        pos = line_end
    _scan_region(text, pos, end, lang, cuts)
    cuts.sort()
    cuts.append(end)
    return cuts


def _line_around(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end + 1


def _scan_region(text: str, start: int, end: int, lang: str, cuts: list[int]) -> None:
    """Cuts for ``text[start:end]``, which holds whole lines without inline lists."""
    if start >= end:
        return
    quotations = _quotations(text, start, end)
    for matches in _matches(text, start, end):
        if quotations:
            # "«К чему ты готовишься? – спросила мама.»" is one sentence.
            matches = _outside_quotations(matches, quotations)
        _decide(matches, text, lang, cuts)


def _matches(text: str, start: int, end: int) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The scans' matches in ``text[start:end]``: the periods', then the other marks', each in order."""
    dots = list(_SCAN_DOT.finditer(text, start, end))
    # "?", "!" and "…" are rare in news copy: find them with str.find (much
    # faster than a character-class scan) and match only there.
    marks = []
    for mark in "!?‽…":
        at = text.find(mark, start, end)
        while at >= 0:
            marks.append(at)
            at = text.find(mark, at + 1, end)
    found = []
    resume = start
    for at in sorted(marks):
        if at < resume:
            continue  # inside the previous match ("?!", "...")
        m = _SCAN_MARK.match(text, at, end)
        if m is not None:
            found.append(m)
            resume = m.end()
    return dots, found


def _outside_quotations(matches: list[re.Match[str]], quotations: list[tuple[int, int]]) -> list[re.Match[str]]:
    """The matches (in order) that may end a sentence: not inside a quotation, or ending it with its closing mark.

    There are few quotations, so bisect, and drop the few matches in place.
    """
    inside: list[int] = []
    for opening, closing in quotations:
        first = bisect_right(matches, opening, key=re.Match.start)
        last = bisect_left(matches, closing, lo=first, key=re.Match.start)
        inside.extend(k for k in range(first, last) if _close_end(matches[k]) <= closing)
    if inside:
        matches = list(matches)
        for k in reversed(inside):
            del matches[k]
    return matches


def _close_end(m: re.Match[str]) -> int:
    """Where the closing quotes and brackets after a scan match's terminator end."""
    return m.end() if m.lastgroup == "fast" else m.end("close")


def _decide(matches: list[re.Match[str]], text: str, lang: str, cuts: list[int]) -> None:
    """Add the cuts of scan matches: the fast path's directly, the others by the rules."""
    cuts.extend([m.end() for m in matches if m.lastgroup == "fast"])
    for m in matches:
        if m.lastgroup == "fast":
            continue
        gap = m.group("gap") or ""
        at = m.start()
        cut = boundary(text, at, text[at : m.end("trest")], m.end("close"), gap, m.end(), lang)
        if cut is not None:
            cuts.append(cut)


def _line_cuts(line: str, lang: str, *, reference: bool = False) -> list[int]:
    """Where sentences end inside one line (positions relative to it, the line end not included)."""
    markers = _list_markers(line) if _LIST_LINE.match(line) else []
    cuts = [start for start, _ in markers]
    quotations = _quotations(line, 0, len(line))
    openings = [opening for opening, _ in quotations]
    matches = list(_CANDIDATE.finditer(line)) if reference else [m for ms in _matches(line, 0, len(line)) for m in ms]
    for m in matches:
        start = m.start()
        if markers and any(a <= start < b for a, b in markers):
            continue  # the period of a list marker such as "2."
        if openings and _quoted(quotations, openings, start, m.end("close") if reference else _close_end(m)):
            continue  # "«К чему ты готовишься? – спросила мама.»" is one sentence
        if reference:
            term, close_end, gap = m.group("term"), m.end("close"), m.group("gap")
        elif m.lastgroup == "fast":
            cuts.append(m.end())
            continue
        else:
            term, close_end, gap = line[start : m.end("trest")], m.end("close"), m.group("gap") or ""
        cut = boundary(line, start, term, close_end, gap, m.end(), lang)
        if cut is not None:
            cuts.append(cut)
    return sorted(set(cuts))


def _quoted(quotations: list[tuple[int, int]], openings: list[int], start: int, close_end: int) -> bool:
    """Whether a terminator at ``start`` is inside a quotation its closing marks (up to ``close_end``) leave open."""
    k = bisect_left(openings, start) - 1
    return k >= 0 and start < quotations[k][1] and close_end <= quotations[k][1]


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The outermost quotations in ``text[start:end]`` with a terminator inside: where each opens and closes.

    «», “”, „“ (one level of nesting each) and straight double quotes count; a
    straight quote opens after a space, a bracket or a dash and closes after
    a letter or punctuation. Only a quotation closed on its line counts: an
    unclosed one (a quotation that runs on into the next paragraph, a stray
    mark, inches) keeps no sentence together. One without a terminator inside
    keeps nothing together either, so it is not looked for.
    """
    found = []
    for quote, closings, pattern in _QUOTATION_PATTERNS:
        at = text.find(quote, start, end)
        if at < 0:
            continue  # most texts have one kind of quotes or none
        last = text.rfind(closings[0], at + 1, end)
        if len(closings) > 1:
            last = max(last, text.rfind(closings[1], at + 1, end))
        if last < 0 or _TERMINATOR.search(text, at, last) is None:
            continue  # no terminator between the first opening mark and the last closing one
        stop = last + 1
        if stop - at > _LONG_TEXT:
            # A long text with a few marks: str.find skips to them much faster
            # than the engine; a text full of them is left to the engine.
            for _ in range(_FEW_QUOTES):
                m = pattern.match(text, at, stop)
                if m is not None:
                    found.append((at, m.end() - 1))
                at = text.find(quote, at + 1 if m is None else m.end(), stop)
                if at < 0:
                    break
        if at >= 0:
            for m in pattern.finditer(text, at, stop):
                found.append((m.start(), m.end() - 1))
    if len(found) < 2:
        return found
    found.sort()
    outermost = [found[0]]
    for quotation in found[1:]:
        if quotation[0] > outermost[-1][1]:
            outermost.append(quotation)  # not inside the previous one (a straight pair inside «»)
    return outermost


def _list_markers(line: str) -> list[tuple[int, int]]:
    """Where each further item of an inline list that opens the line starts and its marker ends."""
    body = line.lstrip()
    m = _LIST_START.match(body)
    if m is None:
        return []
    bullet = (m.group("bullet") or "").strip()
    if m.group("num") is not None:
        first, suffix = int(m.group("num")), m.group("nsuf")
        labels = [str(n) for n in range(first + 1, first + 100)]
    else:
        first_letter, suffix = m.group("let"), m.group("lsuf")
        labels = [chr(c) for c in range(ord(first_letter) + 1, ord("z") + 1)]
    prefix = re.escape(bullet) + r"\s*" if bullet else ""
    markers: list[tuple[int, int]] = []
    pos = len(line) - len(body) + m.end()
    for label in labels:
        found = re.compile(r"(?<=\s)" + prefix + re.escape(label + suffix) + r"(?=\s)").search(line, pos)
        if found is None:
            break
        markers.append((found.start(), found.end()))
        pos = found.end()
    return markers
