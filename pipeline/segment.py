"""Sentence segmentation for news copy in English, Russian and Kazakh.

Rules of our own, chosen by measurement with the shared Golden Rules harness
(see README). A regular expression finds every place a sentence could end
(terminal punctuation, closing quotes, the gap after them); a short decision
function then looks at the word before and the text after. A line break inside
a paragraph is a boundary (credit lines, lists) unless the paragraph is
hard-wrapped and the break falls inside a sentence: then it is read as a space
(see :func:`_wrapped_blocks`), and the sentence keeps the line break in its text.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right

from pipeline.models import Span

# Abbreviations that never end a sentence (lower case, without the final
# period). Titles, month names, "No."-style markers and Russian/Kazakh
# contractions: in news copy a capitalised word after them is a name. Some
# do end one in a context the rules check first (_ENUMERATION_END, _UNIT_END,
# _NUMBER_MARKERS, "et al.", "и др.").
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
_MAY_END = frozenset(["co", "corp", "inc", "ltd", "llc", "plc", "jsc"])

# Legal forms that follow a company abbreviation within one name ("Co. Ltd.",
# "Corp. Inc."): a capital after "Co." is no new sentence when it is one of these.
_LEGAL_FORMS = frozenset("co corp inc ltd llc llp plc jsc pjsc gmbh limited".split())

# Abbreviations that close an enumeration ("etc.", "et al.", "и т.д.", "и др.",
# "т.б."): nothing of the sentence can follow them, so a capital after them
# opens the next one. Matched on the word before the period, with its context
# (see _closes_enumeration).
_ENUMERATION_END = frozenset(["etc", "т.д", "т.п", "т.б", "т.с.с"])

# Units and "year" after a number ("1998 г.", "500 руб.", "12 тыс.", "2024 ж."):
# a name often follows them in the same sentence ("г. Волгоград", "долл. США"),
# so they end a sentence only before a word that opens sentences and is no name
# (_CLEAR_OPENERS).
_UNIT_END = frozenset("г гг руб коп тыс млн млрд трлн долл дол мин сек обл ж жж".split())

# Markers that introduce a number ("No. 512", "Art. 5", "Vol. II") and are also
# words that can end a sentence ("the minister said no.", "modern art."): before
# a capitalised word that is no Roman numeral or single letter, the word it is.
_NUMBER_MARKERS = frozenset("no nos art fig figs vol vols para".split())

# Russian and Kazakh words that open sentences and are not names: pronouns,
# prepositions, conjunctions and sentence adverbs of news copy. One-letter
# words ("В", "С", "И") are left out: the Golden Rules keep "1898 г. В 1854
# году" together (ru-037), and a lone capital is also how an initial starts.
_CLEAR_OPENERS = frozenset(
    (
        "во на по со ко об обо от до из за для при под над перед без через после про это этот эта "
        "эти этим этой этого этом тот та те то такой так он она оно они мы вы его ее её их ему ей им как "
        "когда где что кто также однако но тогда затем потом сейчас сегодня вчера завтра ранее позже "
        "кроме всего все всё между вместе причем причём поэтому кстати впрочем здесь там теперь уже еще ещё "
        "не ни лишь только именно если хотя пока чтобы около более менее почти согласно напомним отметим "
        "известно сообщается отмечается итого "
        "бұл ол олар осы сол сондай-ақ сонымен алайда бірақ ал және қазір қазіргі бүгін кеше ертең мұнда онда "
        "биыл былтыр енді бұдан бұған оның оған біз біздің сіз сондықтан себебі өйткені мысалы атап айта жалпы "
        "сонда кейін бұрын әрі әзірге дегенмен тіпті осылайша нәтижесінде сондай еске "
    ).split()
)

# What may follow "a.m." / "p.m." within its sentence: a day, a month, a time zone.
_TIME_CONTINUATIONS = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
        "january february march april may june july august september october november december jan feb mar "
        "apr jun jul aug sep sept oct nov dec gmt utc bst cet cest eet est edt cst cdt mst mdt pst pdt et pt "
        "ct mt msk almt qyzt "
    ).split()
)

# Words that open a time phrase at the head of a sentence ("At 5 a.m. Mr. Smith
# went..."): "a.m." there ends the phrase, not the sentence.
_TIME_PREPOSITIONS = frozenset("at by from until till before after since around about shortly on".split())

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
_WORD_AFTER_OPENERS = re.compile(r"[\"'“‘«(\[¿¡]*([^\W\d_]+(?:-[^\W\d_]+)*)")
_END_BEFORE_WORD = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_SHORT_PART = re.compile(r"[^\W\d_]{1,3}\.")
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"[ \u00a0]+")
_NUMBER_BEFORE = re.compile(r"\d[ \u00a0]{1,2}$")
_TIME_WORD = re.compile(r"[ \u00a0]+time\b")
# What a number marker may number instead of digits: a Roman numeral, a letter ("No. IV", "Vol. B");
# a lone "I" is read as the pronoun ("I said no. I meant it.").
_NUMBERING = re.compile(r"[\"'“‘«(\[]*(?!I(?![^\W_]))(?:[IVXLCDM]+|[^\W\d_])(?![^\W_])")
_OPENERS = "\"'“‘«([¿¡"
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
# What opens a sentence after an abbreviation that may end one: a capital letter.
_OPENS_CAPITAL = rf"[\"'“‘«(\[¿¡]*[{_UPPER}]"
_CAPITAL_AFTER = re.compile(_OPENS_CAPITAL)
_GAP_ONLY = re.compile(_GAP)
_LEGAL_FORM_WORD = rf"(?i:{'|'.join(sorted(_LEGAL_FORMS))})(?![^\W_])"


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
# Abbreviations the engine passes to the rules only before a capital: they
# end a sentence in some contexts (enumerations, units after a number).
_SOMETIMES_END = (
    _UNIT_END | _NUMBER_MARKERS | frozenset(["etc", "al", "д", "с", "т.б", "т.с.с", "др", "пр"])
) & _NEVER_END
_ALWAYS_ABBREVIATION = _NEVER_END - _SOMETIMES_END
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
    # "Co.", "Inc.", "JSC." before a capital that is not the next part of the name ("Co. Ltd.")
    + rf"|{_after_one_of(_MAY_END)}(?={_CLOSE}{_GAP}{_OPENS_CAPITAL})(?!{_CLOSE}{_GAP}{_LEGAL_FORM_WORD})"
    # a year or a number within a sentence: "in 2024.", "by Dec. 31."
    + rf"|(?<=\d\d\d\d\.)|(?<={_NOT_BULLET}[ \t]\d\.)|(?<={_NOT_BULLET}[ \t]\d\d\.)"
    + rf"|(?<={_NOT_BULLET}[ \t]\d\d\d\.)|(?<=[.,]\d\.)"
    + rf"){_CLOSE}(?P<fast>)"
    # the rules decide: an ellipsis, or a single period not after an abbreviation or an initial
    + r"|(?P<trest>(?:[ \u00a0]?\.)+"
    # (text must follow on the line, not a lower-case word: checked before the slower guards)
    + rf"|(?={_CLOSE}(?:[^\S\r\n]+[^\s{_LOWER}]|[^\s0-9{_LOWER}]))(?<!^[^\W\d_IІ]\.)"
    # an initial ("B. Seitkali"), unless it ends a spaced "т. д." before a capital
    + rf"(?:(?<![\s\"'“‘«(\[¿¡][^\W\d_IІ]\.)|{_SPACED_ENUMERATION}(?={_CLOSE}{_GAP}{_OPENS_CAPITAL}))"
    + _abbreviation_guard(_ALWAYS_ABBREVIATION)
    # "etc.", "г.", "руб.": only a capital after them may make them an end
    + rf"(?:{_abbreviation_guard(_SOMETIMES_END)}|(?={_CLOSE}{_GAP}{_OPENS_CAPITAL}))"
    + rf"{_NOT_ELLIPSIS})"
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

# Hard-wrapped paragraphs (see _wrapped_blocks).
# A line break, then a line with text (not the second break of "\n\n", whose test is cheaper here).
_BREAK_BEFORE_TEXT = re.compile(r"\n(?<!\n\n)(?<!\n\r\n)(?=[ \t]*[^\s])")
_SENTENCE_END_IN = re.compile(r"[.!?…‽][\"'”’»)\]]*(?:\s|$)")
_ENDS_WITH_TERMINAL = re.compile(r"[.!?…‽][\"'”’»)\]]*$")
# A list item or bullet starts the line ("1.", "2)", "a.", "(b)", "•", "-", "*");
# an en or em dash does not: it opens the words after a quotation ("– сказал он").
_ITEM_START = re.compile(r"(?:[•⁃‣◦▪·]|[-*](?=\s)|\d{1,3}(?:\.\)|\)|\.)(?=\s)|[a-z][.)](?=\s)|\((?:\d{1,3}|[a-z])\))")
# Narrower lines than this are not read as wrapped prose (credit lines, addresses).
_WRAP_MIN_WIDTH = 30


def sentence_spans(text: str, lang: str) -> list[Span]:
    """Split ``text`` into sentences.

    Args:
        text: A paragraph (or any text). A line break inside it is a boundary
            unless it wraps a sentence of a hard-wrapped paragraph (see
            :func:`_wrapped_blocks`); such a sentence keeps the line break.
        lang: ``en``, ``ru`` or ``kk`` (other languages get the English rules).

    Returns:
        Spans of the sentences, stripped of surrounding whitespace, in order.
        The text between spans is whitespace only.
    """
    if "\n" not in text:
        return _spans(text, _cuts(text, lang))  # one line: nothing to unwrap
    spans = []
    for start, end, block in _regions(text):
        if block is None:
            spans.extend(_spans(text, _cuts(text, lang, start, end), start))
        else:
            spans.extend(Span(start + span.start, start + span.end) for span in _spans(block, _cuts(block, lang)))
    return spans


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentence strings (the benchmark harness's interface)."""
    out: list[str] = []
    for start, end, block in _regions(text) if "\n" in text else ((0, len(text), None),):
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
    for start, end, block in _regions(text):
        piece = text[start:end] if block is None else block
        cuts: list[int] = []
        pos = 0
        for line in piece.splitlines(keepends=True):
            cuts.extend(pos + c for c in _line_cuts(line, lang, reference=True))
            pos += len(line)
            cuts.append(pos)
        spans.extend(Span(start + span.start, start + span.end) for span in _spans(piece, cuts))
    return spans


def _regions(text: str) -> list[tuple[int, int, str | None]]:
    """``text`` cut at the ends of its hard-wrapped blocks: (start, end, the block unwrapped, or None).

    In an unwrapped block the line breaks that wrap a sentence are spaces of
    the same length, so offsets hold. A line next to a block's end is blank
    or the text's end: a boundary anyway, so each region can be segmented on
    its own, and the text around a block need not be copied.
    """
    blocks = _wrapped_blocks(text)
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


def _wrapped_blocks(text: str) -> list[tuple[int, int, list[int]]]:
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
    """Which line breaks of the block ``text[start:end]`` wrap a sentence (see :func:`_wrapped_blocks`)."""
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
    word = line[line.rfind(" ") + 1 : -1].lstrip(_OPENERS)
    return (len(word) == 1 and word.isalpha()) or _ends_with_one_of(word, _ALWAYS_ABBREVIATION)


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
        cut = _boundary(text, at, text[at : m.end("trest")], m.end("close"), gap, m.end(), lang)
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
        cut = _boundary(line, start, term, close_end, gap, m.end(), lang)
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
        if dots >= 4:
            return nxt.isupper()
        # An ellipsis written against its word ("paused... Then", "ждем… Потом")
        # trails off the sentence; a spaced one (". . .", "really ... well") or
        # one in brackets ("[...]") is a pause inside it.
        return (
            " " not in term
            and "\u00a0" not in term
            and start > 0
            and (line[start - 1].isalnum() or line[start - 1] == "%")
            and _capital_follows(line, after, gap)
        )
    # A single period.
    word = _word_before(line, start)
    if start >= 2 and line[start - 2] in _OPENERS and _LETTER.match(line, start - 1):
        word = line[start - 1]  # 'ready."B.': a letter after an opening mark is an initial, as in the engine
    if not gap:
        # "world.Today", "1,000.That": a missing space, not an abbreviation or URL.
        prev = line[start - 1] if start else ""
        return (
            nxt.isupper()
            and (prev.islower() or prev.isdigit())
            and len(word) >= 2
            and not _ends_with_one_of(word, _NEVER_END)
            and not _inside_abbreviation(line, start, word)
            and not _URLISH.search(_token_around(line, start))
        )
    if not _starts_sentence(line, after):
        return False
    if not word:
        return True
    lower = word.lower()
    if _closes_enumeration(line, start, lower):
        return _capital_follows(line, after, gap)
    if lower in _UNIT_END and (len(lower) > 1 or _after_number(line, start - 1)):
        return _clear_opener_follows(line, after, gap)
    if lower in _NUMBER_MARKERS:
        return _capital_follows(line, after, gap) and _NUMBERING.match(line, after) is None
    if _ends_with_one_of(word, _NEVER_END):
        return False
    if _ends_with_one_of(word, _MAY_END):
        return (nxt.isupper() or nxt in _OPENERS) and _next_word(line, after).lower() not in _LEGAL_FORMS
    if lower in ("a.m", "p.m"):
        return _time_ends_sentence(line, start - len(word), after, gap)
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


def _capital_follows(line: str, after: int, gap: str) -> bool:
    """Whether a capital letter (maybe after opening quotes) follows a gap the engine also counts as one."""
    return _GAP_ONLY.fullmatch(gap) is not None and _CAPITAL_AFTER.match(line, after) is not None


def _closes_enumeration(line: str, start: int, lower: str) -> bool:
    """Whether the word before the period at ``start`` (``lower``, lower-cased) closes an enumeration.

    "etc.", "et al.", "и т.д.", "и т. п.", "и др.", "т.б.", "т. с. с.": the
    short words are read so only in their phrase ("д." alone is "дом", "др." a
    title, "al." a name).
    """
    if lower in _ENUMERATION_END:
        return True
    before = _SPACES.sub(" ", line[max(0, start - len(lower) - 10) : start - len(lower)].lower())
    if lower == "al":
        return _ends_phrase(before, "et ")
    if lower in ("др", "пр"):
        return _ends_phrase(before, "и ")
    if lower in ("д", "п", "б"):
        return _ends_phrase(before, "т. ")
    if lower == "с":
        return _ends_phrase(before, "т. с. ")
    return False


def _after_number(line: str, letter: int) -> bool:
    """Whether a number and one or two spaces come before the letter at ``letter`` ("1998 г.", not "г. Волгоград")."""
    before = line[max(0, letter - 3) : letter]
    return bool(_NUMBER_BEFORE.search(before))


def _ends_phrase(before: str, phrase: str) -> bool:
    """Whether ``before`` ends with ``phrase`` as whole words."""
    return before.endswith(phrase) and (len(before) == len(phrase) or not before[-len(phrase) - 1].isalnum())


def _clear_opener_follows(line: str, after: int, gap: str) -> bool:
    """Whether a word that opens sentences and is no name follows ("Сейчас", "Бұл", not "Волгоград", "США")."""
    if not _capital_follows(line, after, gap):
        return False
    m = _WORD_AFTER_OPENERS.match(line, after)
    if m is None or line.startswith(".", m.end()):
        return False  # "г. В. Путин": an initial, not the preposition "В"
    return m.group(1).lower() in _CLEAR_OPENERS


def _time_ends_sentence(line: str, word_start: int, after: int, gap: str) -> bool:
    """Whether "a.m." / "p.m." (starting at ``word_start``) ends its sentence before the capital at ``after``.

    The time ends the sentence unless what follows belongs to it (a day, a
    month, a time zone, "Astana time") or the time phrase opened the sentence
    ("At 5 a.m. Mr. Smith went...": a sentence needs more than that phrase).
    """
    if not _capital_follows(line, after, gap) or line[after] in "([":
        return False
    m = _WORD_AFTER_OPENERS.match(line, after)
    if m is None or m.group(1).lower() in _TIME_CONTINUATIONS or _TIME_WORD.match(line, m.end()):
        return False
    return not _opens_with_time_phrase(line, word_start)


def _opens_with_time_phrase(line: str, word_start: int) -> bool:
    """Whether the sentence holding ``word_start`` begins with a short time phrase ("At 5", "Shortly after 9")."""
    newline = line.rfind("\n", max(0, word_start - 60), word_start)
    window_start = newline + 1 if newline >= 0 else max(0, word_start - 60)
    window = line[window_start:word_start]
    begin = None
    for m in _END_BEFORE_WORD.finditer(window):
        ended = _word_before(window, m.start() + 1).rstrip(".!?")
        if not (len(ended) == 1 or _ends_with_one_of(ended, _NEVER_END)):
            begin = m.end()  # "Dec. 5" and "B. Seitkali" do not end a sentence
    if begin is None:
        if newline < 0 and window_start > 0:
            return False  # a long sentence so far
        begin = 0
    words = window[begin:].split()
    return 1 <= len(words) <= 5 and words[0].lstrip(_OPENERS).lower() in _TIME_PREPOSITIONS


def _inside_abbreviation(line: str, start: int, word: str) -> bool:
    """Whether the period at ``start`` joins short parts of one abbreviation ("Ph.D.", "M.Sc.", "Co.Ltd.")."""
    return len(word.rsplit(".", 1)[-1]) <= 3 and _SHORT_PART.match(line, start + 1) is not None


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
