"""A translated sentence as a reusable template: the msgid's placeholders where the translation has their values.

:func:`assign` decides which value of the translation each placeholder of the
msgid takes (by value, exact matches first); :func:`to_template` puts the
placeholders in their place and keeps the translator's words and Kazakh
endings around them («в {date}», «{percent}-ға»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.align.result import FoundValue, Templated
from pipeline.align.values import LETTERS, find_values
from pipeline.models import DateValue, Kind, MoneyValue, NumberValue, PercentValue, Placeholder


def _matches(placeholder: Placeholder, found: FoundValue, *, loose: bool) -> bool:
    """Whether ``found`` is the placeholder's value; ``loose`` admits a translator's omissions and additions.

    Loose: money whose currency the translation leaves unsaid, a date whose
    year the translation leaves out or adds to a day of a month.
    """
    value = placeholder.value
    if isinstance(value, DateValue):
        if found.kind != "date" or found.date is None:
            return False
        year, month, day = found.date
        if month != value.month or day != value.day:
            return False
        if placeholder.kind is Kind.MONTH:
            return year == value.year
        return year == value.year or (loose and (year is None or value.year is None))
    if found.amount is None:
        return False
    if isinstance(value, PercentValue):
        return found.kind == "percent" and found.amount == value.value
    if isinstance(value, MoneyValue):
        if found.amount != value.amount:
            return False
        if found.kind == "money":
            return found.currency == value.currency
        return loose and found.kind == "number"
    if isinstance(value, NumberValue):
        return found.kind == "number" and found.amount == value.value
    return False  # pragma: no cover - every value kind is handled above


def assign(placeholders: Sequence[Placeholder], found: Sequence[FoundValue]) -> dict[int, int]:
    """Which found value each placeholder takes (by position), exact matches first, in order."""
    taken: dict[int, int] = {}
    used: set[int] = set()
    for loose in (False, True):
        for p, placeholder in enumerate(placeholders):
            if p in taken:
                continue
            for f, value in enumerate(found):
                if f not in used and not value.problem and _matches(placeholder, value, loose=loose):
                    taken[p] = f
                    used.add(f)
                    break
    return taken


_CLOSING = " \t\r\n\"'»”’)]"
# «со 2 мая», «ко 2 марта», «во вторник», «обо всём»: the build chooses the form
# for the value it prints, from the plain one.
_PLAIN_PREPOSITIONS = {"со": "с", "ко": "к", "во": "в", "об": "о", "обо": "о"}
_WORD_BEFORE = re.compile(r"(?<![\w\-])(" + LETTERS + r"+)(\s+)$")


def to_template(text: str, placeholders: Sequence[Placeholder], lang: str) -> Templated:
    """Replace the values of a translated sentence by the msgid's placeholders.

    Each placeholder takes the value of the translation equal to its own
    («14,7 млрд тенге» for 14.7 billion tenge, whatever the case of the
    currency word); the words around stay as the translator wrote them, a
    Kazakh ending goes after the placeholder with a hyphen («{percent}-ға»,
    «{month}-да») and a Russian preposition in its spoken form goes back to its
    plain one («с {date}»: the build writes «со 2 мая»). Literal braces are
    doubled when the result has placeholders.

    Args:
        text: The translated sentence (or sentences) as published.
        placeholders: The msgid's placeholders.
        lang: ``ru`` or ``kk``.

    Returns:
        The template, with the placeholders put in, those missing, and the
        values left as text.
    """
    found = find_values(text, lang)
    taken = assign(placeholders, found)
    by_start = sorted(((found[f], placeholders[p].name) for p, f in taken.items()), key=lambda pair: pair[0].start)
    if not by_start:
        msgstr = _escape(text) if placeholders else text
        return Templated(msgstr, (), tuple(p.name for p in placeholders), _literal(text, found, set()))
    out: list[str] = []
    pos = 0
    for value, name in by_start:
        before = _escape(text[pos : value.start])
        word = _WORD_BEFORE.search(before)
        if lang == "ru" and word and word.group(1).lower() in _PLAIN_PREPOSITIONS:
            plain = _PLAIN_PREPOSITIONS[word.group(1).lower()]
            plain = plain.upper() if word.group(1)[0].isupper() else plain
            before = before[: word.start(1)] + plain + word.group(2)
        out.append(before)
        out.append("{" + name + "}" + value.ending)
        pos = value.end
        if text[pos - 1] == "." and not text[pos:].strip(_CLOSING):
            # «$91 млн.», «27 июня 2024 г.» ending the sentence: the period is the
            # sentence's, and the build writes none after a value that has one.
            pos -= 1
    out.append(_escape(text[pos:]))
    used = {f for f in taken.values()}
    return Templated(
        msgstr="".join(out),
        found=tuple(p.name for p in placeholders if any(name == p.name for _, name in by_start)),
        missing=tuple(p.name for i, p in enumerate(placeholders) if i not in taken),
        literal=_literal(text, found, used),
    )


def _literal(text: str, found: Sequence[FoundValue], used: set[int]) -> tuple[str, ...]:
    """The values left as text, each with the reason it could not take a placeholder, if there is one."""
    return tuple(
        text[v.start : v.end] + (f" ({v.problem})" if v.problem else "")
        for i, v in enumerate(found)
        if i not in used and not v.plain
    )


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
