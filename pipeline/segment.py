"""Sentence segmentation for news copy in English, Russian and Kazakh.

Rules of our own, chosen by measurement with the shared Golden Rules harness
(see README). A regular expression finds every place a sentence could end
(terminal punctuation, closing quotes, the gap after them); a short decision
function then looks at the word before and the text after. Line breaks inside
a paragraph are always boundaries (credit lines, lists).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from pipeline.models import Span

# Abbreviations that never end a sentence (lower case, without the final
# period). Titles, month names, "No."-style markers and Russian/Kazakh
# contractions: in news copy a capitalised word after them is a name.
_NEVER_END = frozenset(
    (
        "mr mrs ms messrs dr prof st mt ft gen col lt sgt capt cmdr adm rev hon sen rep gov pres supt det "
        "insp sr jr vs etc approx est dept univ assn bros no nos nr n° № p pp para vol vols fig figs ch sec "
        "art cf ca al jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri "
        "sat sun e.g i.e г гг ул пр просп пер д кв корп стр рис см им тыс млн млрд трлн руб коп долл дол "
        "проф акад доц чл тов гр пгт ок обл р-н с пос ст ср напр др т тт мин сек б.з.б т.б т.с.с ж жж "
    ).split()
)

# Abbreviations that end a sentence when a capitalised word follows.
_MAY_END = frozenset(["co", "corp", "inc", "ltd", "llc", "plc", "jsc", "etc"])

# Words that start a sentence after an initialism such as "U.S." (en-015 vs
# en-016 of the Golden Rules: "the U.S. How about you?" / "the U.S. Government").
_STARTERS = frozenset(
    (
        "a an the he she it i we they you this that these those there here his her its our their how what "
        "when where why who which whose if but and so as in on at by for from with after before during while "
        "although though however meanwhile yet then thus also "
    ).split()
)

_INITIALISM = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_URLISH = re.compile(r"://|@|www\.", re.IGNORECASE)

# A terminator: ?/! runs, a period possibly continued into a spaced ellipsis
# (". . ."), or the ellipsis character. Then closing quotes/brackets, then the gap.
_CANDIDATE = re.compile(
    r"(?P<term>[!?‽]+[.!?‽]*|\.(?:[ \u00a0]?\.)*|…+[.!?]*)"
    r"(?P<close>[\"'”’»)\]]*)"
    r"(?P<gap>\s*)"
)

_SPACED_FOUR = re.compile(r"\.(?: \.){3}")
_OPENERS = "\"'“‘«([¿¡"
_DASHES = "-–—‒―"
_BULLETS = "•⁃‣◦▪*·-–"

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


_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁӘҒҚҢӨҰҮҺІЄЇЎ"
_LOWER = "a-zß-öø-ÿа-яёәғқңөұүһіґєїў"
_CLOSE = r"[\"'”’»)\]]*"
_GAP = r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+"
# What opens a sentence: opening quotes or brackets, then a capital or a digit.
_OPENS = rf"[\"'“‘«(\[¿¡]*[{_UPPER}0-9]"
# After a candidate: a gap then more text on the line, or no gap and not a digit or
# lower-case letter. A candidate that ends its line needs no cut: line breaks are cuts.
_TAIL = r"(?:(?P<gap>[^\S\r\n]+)(?=[^\r\n])|(?P<nogap>)(?=[^\r\n0-9" + _LOWER + r"]))"
_NOT_ELLIPSIS = r"(?![ \u00a0]?\.)(?<!\.\.)"  # after a period: it is a single one
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
    rf"(?={_CLOSE}{_GAP}{_OPENS})(?:"
    # an ordinary word of two or more letters (not an abbreviation, not "U.S.", not "gov.kz");
    # split by length so that only abbreviations of the word's own length are compared
    + _ordinary_word(_NEVER_END | _MAY_END)
    # "Co.", "Inc.", "JSC." before a capital
    + rf"|{_after_one_of(_MAY_END - {'etc'})}(?={_CLOSE}{_GAP}[\"'“‘«(\[¿¡]*[{_UPPER}])"
    # a year or a number within a sentence: "in 2024.", "by Dec. 31."
    + rf"|(?<=\d\d\d\d\.)|(?<={_NOT_BULLET}[ \t]\d\.)|(?<={_NOT_BULLET}[ \t]\d\d\.)"
    + rf"|(?<={_NOT_BULLET}[ \t]\d\d\d\.)|(?<=[.,]\d\.)"
    + rf"){_CLOSE}(?P<fast>)"
    # the rules decide: an ellipsis, or a single period not after an abbreviation or an initial
    + r"|(?P<trest>(?:[ \u00a0]?\.)+"
    + rf"|(?={_CLOSE}(?:\s|(?![0-9{_LOWER}])))(?<!^[^\W\d_IІ]\.)(?<![\s\"'“‘«(\[¿¡][^\W\d_IІ]\.)"
    + rf"{_abbreviation_guard(_NEVER_END)}{_NOT_ELLIPSIS})"
    + rf"(?P<close>{_CLOSE}){_TAIL}"
    + r")",
    re.MULTILINE,
)
_SCAN_MARK = re.compile(
    rf"[!?‽…](?:(?<=[!?‽])[.!?‽]*{_CLOSE}(?={_GAP}{_OPENS})(?P<fast>)"
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
        text: A paragraph (or any text); line breaks inside it are boundaries.
        lang: ``en``, ``ru`` or ``kk`` (other languages get the English rules).

    Returns:
        Spans of the sentences, stripped of surrounding whitespace, in order.
        The text between spans is whitespace only.
    """
    return _spans(text, _cuts(text, lang))


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentence strings (the benchmark harness's interface)."""
    cuts = _cuts(text, lang)
    pieces = map(str.strip, map(text.__getitem__, map(slice, [0, *cuts], cuts)))
    out = []
    for piece in pieces:
        if "\n" in piece:  # a line break inside is a boundary too
            out.extend(line for line in map(str.strip, piece.split("\n")) if line)
        elif piece:
            out.append(piece)
    return out


def reference_spans(text: str, lang: str) -> list[Span]:
    """:func:`sentence_spans` without the fast path: every candidate goes through the rules, line by line.

    Slower; the tests check that both always agree.
    """
    cuts = []
    pos = 0
    for line in text.splitlines(keepends=True):
        cuts.extend(pos + c for c in _line_cuts(line, lang, reference=True))
        pos += len(line)
        cuts.append(pos)
    return _spans(text, cuts)


def _spans(text: str, cuts: list[int]) -> list[Span]:
    """The stripped, non-empty pieces between cuts; a line break inside a piece splits it too."""
    spans = []
    start = 0
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


def _cuts(text: str, lang: str) -> list[int]:
    """Positions where sentences end in ``text``, ascending; the last is ``len(text)``.

    Line breaks are boundaries too, but not listed: the pieces between cuts
    are split at them.

    Lines with an inline list or with «» / “” quotes are done one by one (the
    rules must know where the list items and quotations are); the rest of the
    text is scanned in one go, and the fast path's boundaries need no Python.
    """
    if any(ch in text for ch in _ODD_BREAK_CHARS) or ("\r" in text and text.count("\r") != text.count("\r\n")):
        # Rare line separators (lone CR, form feed, U+2028...): line by line.
        special = []
        pos = 0
        for line in text.splitlines(keepends=True):
            special.append((pos, pos + len(line)))
            pos += len(line)
    else:
        # Lines with an inline list need the per-line rules.
        found = {_line_around(text, m.end() - 1) for m in _LIST_AFTER_BREAK.finditer(text)}
        if _LIST_LINE.match(text):
            found.add(_line_around(text, 0))
        special = sorted(found)
    cuts: list[int] = []
    pos = 0
    for line_start, line_end in special:
        _scan_region(text, pos, line_start, lang, cuts)
        cuts.extend(line_start + c for c in _line_cuts(text[line_start:line_end], lang))
        cuts.append(line_end)
        pos = line_end
    _scan_region(text, pos, len(text), lang, cuts)
    cuts.sort()
    cuts.append(len(text))
    return cuts


def _line_around(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end + 1


def _scan_region(text: str, start: int, end: int, lang: str, cuts: list[int]) -> None:
    """Cuts for ``text[start:end]``, which holds whole lines without inline lists."""
    if start >= end:
        return
    quote_at, quoted = _quotations(text, start, end)
    for matches in _matches(text, start, end):
        if quote_at:
            # "«К чему ты готовишься? – спросила мама.»" is one sentence.
            matches = _outside_quotations(matches, quote_at, quoted, end)
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


def _outside_quotations(
    matches: list[re.Match[str]], quote_at: list[int], quoted: list[bool], end: int
) -> list[re.Match[str]]:
    """The matches (in order) that are not inside a quotation; there are few quotations, so bisect."""
    starts = [m.start() for m in matches]
    keep = [True] * len(matches)
    dropped = False
    for i, inside in enumerate(quoted):
        if inside:
            until = quote_at[i + 1] if i + 1 < len(quote_at) else end
            a, b = bisect_left(starts, quote_at[i] + 1), bisect_left(starts, until + 1)
            if a < b:
                keep[a:b] = [False] * (b - a)
                dropped = True
    return [m for m, k in zip(matches, keep, strict=True) if k] if dropped else matches


def _decide(matches: list[re.Match[str]], text: str, lang: str, cuts: list[int]) -> None:
    """Add the cuts of scan matches: the fast path's directly, the others by the rules."""
    cuts.extend([m.end() for m in matches if m.lastgroup == "fast"])
    for m in matches:
        if m.lastgroup == "fast":
            continue
        gap = m.group("gap") or ""
        at = m.start()
        cut = _boundary(text, at, text[at : m.end("trest")], m.end("close"), gap, m.end(), lang)
        if cut is not None:
            cuts.append(cut)


def _line_cuts(line: str, lang: str, *, reference: bool = False) -> list[int]:
    """Where sentences end inside one line (positions relative to it, the line end not included)."""
    markers = _list_markers(line) if _LIST_LINE.match(line) else []
    cuts = [start for start, _ in markers]
    quote_at, quoted = _quotations(line, 0, len(line))
    matches = list(_CANDIDATE.finditer(line)) if reference else [m for ms in _matches(line, 0, len(line)) for m in ms]
    for m in matches:
        start = m.start()
        if markers and any(a <= start < b for a, b in markers):
            continue  # the period of a list marker such as "2."
        if quote_at and quoted[bisect_left(quote_at, start) - 1]:
            continue  # "«К чему ты готовишься? – спросила мама.»" is one sentence
        if reference:
            term, close_end, gap = m.group("term"), m.end("close"), m.group("gap")
        elif m.lastgroup == "fast":
            cuts.append(m.end())
            continue
        else:
            term, close_end, gap = line[start : m.end("trest")], m.end("close"), m.group("gap") or ""
        cut = _boundary(line, start, term, close_end, gap, m.end(), lang)
        if cut is not None:
            cuts.append(cut)
    return sorted(set(cuts))


def _quotations(text: str, start: int, end: int) -> tuple[list[int], list[bool]]:
    """Where quotations open and close in ``text[start:end]``.

    Returns each «, », “ or ” and each line break that ends an open quotation
    (quotations do not run across lines), with whether the text after it is
    inside a quotation. The first entry is a sentinel before ``start``.
    """
    marks = []
    for quote in "«»“”":  # str.find is much faster than a character-class scan
        at = text.find(quote, start, end)
        while at >= 0:
            marks.append(at)
            at = text.find(quote, at + 1, end)
    positions = [start - 1]
    inside = [False]
    guillemets = curly = 0
    for at in sorted(marks):
        if guillemets or curly:
            newline = text.find("\n", positions[-1] + 1, at)
            if newline >= 0:
                positions.append(newline)
                inside.append(False)
                guillemets = curly = 0
        ch = text[at]
        if ch == "«":
            guillemets += 1
        elif ch == "»":
            guillemets -= 1
        elif ch == "“":
            curly += 1
        else:
            curly -= 1
        positions.append(at)
        inside.append(guillemets > 0 or curly > 0)
    if guillemets or curly:
        newline = text.find("\n", positions[-1] + 1, end)
        if newline >= 0:
            positions.append(newline)
            inside.append(False)
    return (positions, inside) if len(positions) > 1 else ([], [])


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


def _word_before(line: str, end: int) -> str:
    """The run of non-space characters ending at ``end``, outer punctuation removed."""
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].lstrip(_OPENERS).rstrip("\"'”’»)]")


def _boundary(line: str, start: int, term: str, close_end: int, gap: str, after: int, lang: str) -> int | None:
    """Where the sentence ends at a candidate, or None if it does not end there.

    Args:
        line: The line.
        start: Where the terminator starts.
        term: The terminator ("." "?!" ". . ." "…").
        close_end: Where the closing quotes and brackets after it end.
        gap: The whitespace after them.
        after: Where the next text starts.
        lang: The language.
    """
    if (
        _SPACED_FOUR.fullmatch(term)
        and start > 0
        and not line[start - 1].isspace()
        and gap
        and line[after : after + 1].isupper()
    ):
        # "compounds. . . . The": the period ends the sentence and the
        # ellipsis opens the next one (Golden Rule en-051).
        return start + 1
    return close_end if _is_boundary(line, start, term, gap, after, lang) else None


def _is_boundary(line: str, start: int, term: str, gap: str, after: int, lang: str) -> bool:
    if after >= len(line) or line[after] in "\r\n":
        return True
    nxt = line[after]
    if term[0] in "!?‽":
        if not gap and not nxt.isupper():
            return False
        return _starts_sentence(line, after) or (lang in ("ru", "kk") and nxt.isalpha())
    dots = term.count(".") + 3 * term.count("…")
    if dots >= 2:
        # "..." inside a sentence is a pause; four dots end a sentence.
        return dots >= 4 and nxt.isupper()
    # A single period.
    word = _word_before(line, start)
    if not gap:
        # "world.Today", "1,000.That": a missing space, not an abbreviation or URL.
        prev = line[start - 1] if start else ""
        return (
            nxt.isupper()
            and (prev.islower() or prev.isdigit())
            and len(word) >= 2
            and not _ends_with_one_of(word, _NEVER_END)
            and not _URLISH.search(_token_around(line, start))
        )
    if not _starts_sentence(line, after):
        return False
    if not word:
        return True
    if _ends_with_one_of(word, _NEVER_END):
        return False
    if _ends_with_one_of(word, _MAY_END):
        return nxt.isupper() or nxt in _OPENERS
    if "." in word and _INITIALISM.fullmatch(word) and any(len(part) == 1 for part in word.split(".")):
        # An initialism ("U.S.", "Ph.D.", "Л.Н."): only a typical sentence opener
        # follows a real end. "gov.kz." is a domain, not an initialism.
        return _next_word(line, after).lower() in _STARTERS
    if len(word) == 1 and word.isalpha():
        # "you and I. Did": the pronoun after a lower-case word ends a sentence;
        # otherwise a single letter is an initial ("B. Seitkali") or "p.", "г.".
        return word == "I" and lang == "en" and _prev_word_is_lower(line, start - 1)
    stripped = word.lstrip(_BULLETS)
    # A list number ("1. The first item") does not end a sentence.
    return not (stripped.isdigit() and len(stripped) <= 3 and _is_first_word(line, start - len(word)))


def _ends_with_one_of(word: str, table: frozenset[str]) -> bool:
    """Whether ``word`` ends with an entry of ``table`` that starts after a non-alphanumeric character.

    "approx", "(approx" and "Tuesday.Mr" end with an abbreviation; "Mrx" does not.
    """
    return any((k == 0 or not word[k - 1].isalnum()) and word[k:].lower() in table for k in range(len(word)))


def _starts_sentence(line: str, pos: int) -> bool:
    """Whether the text at ``pos`` can open a sentence: a capital or digit, maybe after openers."""
    i = pos
    while i < len(line) and line[i] in _OPENERS:
        i += 1
    if i >= len(line):
        return False
    c = line[i]
    return c.isupper() or c.isdigit() or (c in _BULLETS and i == pos and c not in _DASHES)


def _next_word(line: str, pos: int) -> str:
    m = re.compile(r"[^\W\d_]+").match(line, pos)
    return m.group(0) if m else ""


def _prev_word_is_lower(line: str, pos: int) -> bool:
    """Whether the word before the one ending at ``pos`` starts with a lower-case letter."""
    i = pos
    while i > 0 and not line[i - 1].isspace():
        i -= 1
    while i > 0 and line[i - 1].isspace():
        if line[i - 1] in "\r\n":
            return False  # the word starts the line
        i -= 1
    j = i
    while j > 0 and not line[j - 1].isspace():
        j -= 1
    return j < i and line[j].islower()


def _is_first_word(line: str, pos: int) -> bool:
    """Whether only whitespace and bullets precede ``pos`` on the line."""
    i = pos - 1
    while i >= 0 and line[i] not in "\r\n":
        if line[i] not in _BULLETS and line[i] not in " \t":
            return False
        i -= 1
    return True


def _token_around(line: str, pos: int) -> str:
    start = pos
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    end = pos
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[start:end]
