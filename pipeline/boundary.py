"""The sentence rules: whether a sentence ends at one candidate terminator, from the word before and the text after.

:mod:`pipeline.segment` finds the candidates (terminal punctuation, closing
quotes, the gap after them) and decides the plain ones in its scan; every
other candidate comes here. The rules read the word tables of
:mod:`pipeline.abbreviations`.
"""

from __future__ import annotations

import re

from pipeline.abbreviations import (
    CLEAR_OPENERS,
    ENUMERATION_END,
    LEGAL_FORMS,
    MAY_END,
    NEVER_END,
    NUMBER_MARKERS,
    STARTERS,
    TIME_CONTINUATIONS,
    TIME_PREPOSITIONS,
    UNIT_END,
)

# Shared with the scan of pipeline.segment, so that the rules and the engine
# agree on what a capital and a gap are.
UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁӘҒҚҢӨҰҮҺІЄЇЎ"
GAP = r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+"
# What opens a sentence after an abbreviation that may end one: a capital letter.
OPENS_CAPITAL = rf"[\"'“‘«(\[¿¡]*[{UPPER}]"
# Opening quotes and brackets, which may come before a sentence's first word.
OPENERS = "\"'“‘«([¿¡"

_CAPITAL_AFTER = re.compile(OPENS_CAPITAL)
_GAP_ONLY = re.compile(GAP)
_INITIALISM = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_URLISH = re.compile(r"://|@|www\.", re.IGNORECASE)
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
_DASHES = "-–—‒―"
_BULLETS = "•⁃‣◦▪*·-–"


def _word_before(line: str, end: int) -> str:
    """The run of non-space characters ending at ``end``, outer punctuation removed."""
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].lstrip(OPENERS).rstrip("\"'”’»)]")


def boundary(line: str, start: int, term: str, close_end: int, gap: str, after: int, lang: str) -> int | None:
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
    if start >= 2 and line[start - 2] in OPENERS and _LETTER.match(line, start - 1):
        word = line[start - 1]  # 'ready."B.': a letter after an opening mark is an initial, as in the engine
    if not gap:
        # "world.Today", "1,000.That": a missing space, not an abbreviation or URL.
        prev = line[start - 1] if start else ""
        return (
            nxt.isupper()
            and (prev.islower() or prev.isdigit())
            and len(word) >= 2
            and not ends_with_one_of(word, NEVER_END)
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
    if lower in UNIT_END and (len(lower) > 1 or _after_number(line, start - 1)):
        return _clear_opener_follows(line, after, gap)
    if lower in NUMBER_MARKERS:
        return _capital_follows(line, after, gap) and _NUMBERING.match(line, after) is None
    if ends_with_one_of(word, NEVER_END):
        return False
    if ends_with_one_of(word, MAY_END):
        return (nxt.isupper() or nxt in OPENERS) and _next_word(line, after).lower() not in LEGAL_FORMS
    if lower in ("a.m", "p.m"):
        return _time_ends_sentence(line, start - len(word), after, gap)
    if "." in word and _INITIALISM.fullmatch(word) and any(len(part) == 1 for part in word.split(".")):
        # An initialism ("U.S.", "Ph.D.", "Л.Н."): only a typical sentence opener
        # follows a real end. "gov.kz." is a domain, not an initialism.
        return _next_word(line, after).lower() in STARTERS
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
    if lower in ENUMERATION_END:
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
    return m.group(1).lower() in CLEAR_OPENERS


def _time_ends_sentence(line: str, word_start: int, after: int, gap: str) -> bool:
    """Whether "a.m." / "p.m." (starting at ``word_start``) ends its sentence before the capital at ``after``.

    The time ends the sentence unless what follows belongs to it (a day, a
    month, a time zone, "Astana time") or the time phrase opened the sentence
    ("At 5 a.m. Mr. Smith went...": a sentence needs more than that phrase).
    """
    if not _capital_follows(line, after, gap) or line[after] in "([":
        return False
    m = _WORD_AFTER_OPENERS.match(line, after)
    if m is None or m.group(1).lower() in TIME_CONTINUATIONS or _TIME_WORD.match(line, m.end()):
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
        if not (len(ended) == 1 or ends_with_one_of(ended, NEVER_END)):
            begin = m.end()  # "Dec. 5" and "B. Seitkali" do not end a sentence
    if begin is None:
        if newline < 0 and window_start > 0:
            return False  # a long sentence so far
        begin = 0
    words = window[begin:].split()
    return 1 <= len(words) <= 5 and words[0].lstrip(OPENERS).lower() in TIME_PREPOSITIONS


def _inside_abbreviation(line: str, start: int, word: str) -> bool:
    """Whether the period at ``start`` joins short parts of one abbreviation ("Ph.D.", "M.Sc.", "Co.Ltd.")."""
    return len(word.rsplit(".", 1)[-1]) <= 3 and _SHORT_PART.match(line, start + 1) is not None


def ends_with_one_of(word: str, table: frozenset[str]) -> bool:
    """Whether ``word`` ends with an entry of ``table`` that starts after a non-alphanumeric character.

    "approx", "(approx" and "Tuesday.Mr" end with an abbreviation; "Mrx" does not.
    """
    return any((k == 0 or not word[k - 1].isalnum()) and word[k:].lower() in table for k in range(len(word)))


def _starts_sentence(line: str, pos: int) -> bool:
    """Whether the text at ``pos`` can open a sentence: a capital or digit, maybe after openers."""
    i = pos
    while i < len(line) and line[i] in OPENERS:
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
