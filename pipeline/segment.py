"""Sentence segmentation for news copy in English, Russian and Kazakh.

Rules of our own, chosen by measurement with the shared Golden Rules harness
(see README). A regular expression finds every place a sentence could end
(terminal punctuation, closing quotes, the gap after them); a short decision
function then looks at the word before and the text after. Line breaks inside
a paragraph are always boundaries (credit lines, lists).
"""

from __future__ import annotations

import re

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


_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁӘҒҚҢӨҰҮҺІЄЇЎ"
_LOWER = "a-zß-öø-ÿа-яёәғқңөұүһіґєїў"
_CLOSE = r"[\"'”’»)\]]*"
_GAP = r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+"
# What opens a sentence: opening quotes or brackets, then a capital or a digit.
_OPENS = rf"[\"'“‘«(\[¿¡]*[{_UPPER}0-9]"
_NOT_ELLIPSIS = r"(?![ \u00a0]?\.)(?<!\.\.)"  # after a period: it is a single one
_NOT_BULLET = r"[^\d\s•⁃‣◦▪*·\-–]"
# The fast path, after the terminator the scan starts with: boundaries that
# the rules would accept anyway, decided inside the regular-expression engine
# (news copy is mostly these).
_FAST = (
    # an ordinary word of two or more letters (not an abbreviation, not "U.S.", not "gov.kz")
    rf"(?<=[^\W\d_][^\W\d_]\.)(?={_CLOSE}{_GAP}{_OPENS})(?<!\.[^\W\d_]{{2}}\.)(?<!\.[^\W\d_]{{3}}\.)"
    + _abbreviation_guard(_NEVER_END | _MAY_END)
    + rf"{_NOT_ELLIPSIS}{_CLOSE}"
    # "Co.", "Inc.", "JSC." before a capital
    + rf"|{_after_one_of(_MAY_END - {'etc'})}{_NOT_ELLIPSIS}{_CLOSE}(?={_GAP}[\"'“‘«(\[¿¡]*[{_UPPER}])"
    # a year or a number within a sentence: "in 2024.", "by Dec. 31."
    + rf"|(?:(?<=\d\d\d\d\.)|(?<={_NOT_BULLET}[ \t]\d\.)|(?<={_NOT_BULLET}[ \t]\d\d\.)"
    + rf"|(?<={_NOT_BULLET}[ \t]\d\d\d\.)|(?<=[.,]\d\.)){_NOT_ELLIPSIS}{_CLOSE}(?={_GAP}{_OPENS})"
    # "?" and "!" before a new sentence
    + rf"|(?<=[!?‽])[.!?‽]*{_CLOSE}(?={_GAP}{_OPENS})"
)
# One scan for every place a sentence may end. It starts with the terminator
# (so the engine skips ahead at C speed); the fast path is marked by the empty
# group "fast"; other matches are left to the rules. Left out in the engine
# already: periods inside tokens ("14.7", "gov.kz"), known abbreviations
# ("approx.", "Dec.") and initials ("B. Seitkali").
_SCAN = re.compile(
    r"[.!?‽…](?:"
    rf"(?:{_FAST})(?P<fast>)"
    r"|(?P<trest>(?<=[!?‽])[.!?‽]*|(?<=\.)(?:[ \u00a0]?\.)+|(?<=…)…*[.!?]*"
    rf"|(?<=\.)(?<!^[^\W\d_IІ]\.)(?<![\s\"'“‘«(\[¿¡][^\W\d_IІ]\.){_abbreviation_guard(_NEVER_END)}{_NOT_ELLIPSIS})"
    rf"(?P<close>{_CLOSE})(?:(?P<gap>\s+)|(?P<nogap>)(?![0-9{_LOWER}]))"
    r")"
)


def sentence_spans(text: str, lang: str) -> list[Span]:
    """Split ``text`` into sentences.

    Args:
        text: A paragraph (or any text); line breaks inside it are boundaries.
        lang: ``en``, ``ru`` or ``kk`` (other languages get the English rules).

    Returns:
        Spans of the sentences, stripped of surrounding whitespace, in order.
        The text between spans is whitespace only.
    """
    spans: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        _split_line(line, pos, lang, spans)
        pos += len(line)
    return spans


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentence strings (the benchmark harness's interface)."""
    return [text[s.start : s.end] for s in sentence_spans(text, lang)]


def reference_spans(text: str, lang: str) -> list[Span]:
    """:func:`sentence_spans` without the fast path: every candidate goes through the rules.

    Slower; the tests check that both always agree.
    """
    spans: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        _split_line(line, pos, lang, spans, reference=True)
        pos += len(line)
    return spans


def _split_line(line: str, offset: int, lang: str, out: list[Span], *, reference: bool = False) -> None:
    markers = _list_markers(line) if line[:1].isdigit() or line.lstrip()[:1] in "•⁃‣◦▪abcdefghij" else []
    cuts = [start for start, _ in markers]
    quotes = _QuoteDepth(line)
    for m in (_CANDIDATE if reference else _SCAN).finditer(line):
        start = m.start()
        if markers and any(a <= start < b for a, b in markers):
            continue  # the period of a list marker such as "2."
        if quotes.active and quotes.inside(start):
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
    start = 0
    for cut in sorted(set(cuts)) if markers else cuts:
        _emit(line, start, cut, offset, out)
        start = cut
    _emit(line, start, len(line), offset, out)


class _QuoteDepth:
    """Tracks whether a position is inside «…» or “…”, scanning each character once."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.active = "«" in line or "“" in line
        self.pos = 0
        self.guillemets = 0
        self.curly = 0

    def inside(self, pos: int) -> bool:
        if not self.active:
            return False
        chunk = self.line[self.pos : pos]
        self.guillemets += chunk.count("«") - chunk.count("»")
        self.curly += chunk.count("“") - chunk.count("”")
        self.pos = pos
        return self.guillemets > 0 or self.curly > 0


def _emit(line: str, start: int, end: int, offset: int, out: list[Span]) -> None:
    chunk = line[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        begin = offset + start + lead
        out.append(Span(begin, begin + len(stripped)))


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
    if "." in word and re.fullmatch(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}", word):
        # An initialism ("U.S.", "Л.Н."): only a typical sentence opener follows a real end.
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
        i -= 1
    j = i
    while j > 0 and not line[j - 1].isspace():
        j -= 1
    return j < i and line[j].islower()


def _is_first_word(line: str, pos: int) -> bool:
    """Whether only whitespace and bullets precede ``pos`` on the line."""
    return not line[:pos].strip(_BULLETS + " \t")


def _token_around(line: str, pos: int) -> str:
    start = pos
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    end = pos
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[start:end]
