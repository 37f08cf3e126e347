"""Anchors: what an English sentence and its translation can have in common, read once per sentence.

A source message is read into its placeholders, the digits outside them and
its words; a translated sentence into its values (:mod:`pipeline.align.values`),
the digits outside them and its words. Words of both sides are compared in
one folded Latin spelling, so that names («Бектенову» for "Bektenov") and
cognates («инфляция» for "inflation") survive translation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.align.result import FoundValue, TranslatedSentence
from pipeline.align.values import find_values
from pipeline.align.weights import COGNATE_LENGTH, COGNATE_PREFIX, NAME_CONSONANTS
from pipeline.models import Placeholder, Sentence

_DIGITS = re.compile(r"\d+")
_FIELD = re.compile(r"\{\w+\}")
# Words of either side: a domain name, or letters with inner hyphens and apostrophes.
_WORD = re.compile(r"(?<![\w.])(?:[a-z][\w-]*(?:\.[a-z][\w-]*)+|[^\W\d_]+(?:['’-][^\W\d_]+)*)")
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "iu", "я": "ia", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
        "һ": "h", "і": "i", "'": "", "’": "", "-": "",
    }
)  # fmt: skip
# Spellings English and the Cyrillic transliteration write differently for one
# sound: "Kazakhstan", «Қазақстан» and «Казахстан»; "hectare" and «гектар»;
# "Tokayev" and «Тоқаев»; "export" and «экспорт»; "commission" and «комиссия».
_FOLDS = (
    ("ph", "f"), ("x", "ks"), ("ou", "u"), ("c", "k"), ("q", "k"), ("w", "v"),
    ("kh", "k"), ("h", "k"), ("g", "k"), ("j", "i"), ("y", "i"),
)  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of either side in folded Latin letters (see :func:`_word`)."""

    latin: str
    consonants: str
    name: bool  # capitalised, or a domain name


def _word(text: str) -> Word:
    latin = text.lower().translate(_TRANSLIT)
    for written, folded in _FOLDS:
        latin = latin.replace(written, folded)
    latin = _DOUBLED.sub(r"\1", latin)
    return Word(latin, _VOWELS.sub("", latin), text[0].isupper() or "." in text)


def _words(text: str) -> tuple[Word, ...]:
    return tuple(
        word for word in map(_word, _WORD.findall(text)) if len(word.latin) >= (3 if word.name else COGNATE_LENGTH)
    )


def same_name(source: Word, target: Word) -> bool:
    """Whether a translated name is the English one, a case ending allowed («Бектенову» for "Bektenov")."""
    if not (source.name and target.name):
        return False
    if len(source.consonants) >= NAME_CONSONANTS:
        return target.consonants.startswith(source.consonants) and _vowel_first(source) == _vowel_first(target)
    return target.latin.startswith(source.latin)


def _vowel_first(word: Word) -> bool:
    return word.latin[:1] in ("a", "e", "i", "o", "u")


@dataclass(frozen=True, slots=True)
class Source:
    """A message of the article as the search compares it (:func:`anchor_source`).

    Attributes:
        text: The sentence as the article has it.
        placeholders: The msgid's placeholders: the values a translation must have.
        digits: The numbers of the msgid outside its placeholders.
        words: Its words long enough to be names or cognates.
        paragraph: The index of its paragraph.
    """

    text: str
    placeholders: tuple[Placeholder, ...]
    digits: Counter[str]
    words: tuple[Word, ...]
    paragraph: int


@dataclass(frozen=True, slots=True)
class Target:
    """A sentence of the translation as the search compares it (:func:`anchor_target`).

    Attributes:
        text: The sentence as published.
        found: Its values (:func:`pipeline.align.values.find_values`).
        found_digits: The digits of each value, in the order of ``found``.
        digits: The numbers outside the values.
        words: Its words, outside the values, long enough to be names or cognates.
        paragraph: The index of its paragraph.
        names: The words that are names, by position in ``words``.
        prefixes: The longer words by their first letters, for cognates.
    """

    text: str
    found: tuple[FoundValue, ...]
    found_digits: tuple[Counter[str], ...]
    digits: Counter[str]
    words: tuple[Word, ...]
    paragraph: int
    names: tuple[int, ...]
    prefixes: dict[str, tuple[int, ...]]


def anchor_source(sentence: Sentence, paragraph: int) -> Source:
    """Read the anchors of a message of the article, in paragraph ``paragraph``."""
    template = sentence.template
    rest = _FIELD.sub(" ", template.msgid) if template.placeholders else template.msgid
    return Source(
        sentence.text,
        template.placeholders,
        Counter(_DIGITS.findall(rest)),
        _words(rest),
        paragraph,
    )


def anchor_target(sentence: TranslatedSentence, lang: str) -> Target:
    """Read the anchors of a sentence of the translation, in ``lang``'s press style."""
    text = sentence.text
    found = find_values(text, lang)
    outside = text
    for value in reversed(found):
        outside = outside[: value.start] + " " + outside[value.end :]
    words = _words(outside)
    prefixes: dict[str, list[int]] = {}
    for k, word in enumerate(words):
        if len(word.latin) >= COGNATE_LENGTH:
            prefixes.setdefault(word.latin[:COGNATE_PREFIX], []).append(k)
    return Target(
        text,
        found,
        tuple(Counter(_DIGITS.findall(text[v.start : v.end])) for v in found),
        Counter(_DIGITS.findall(outside)),
        words,
        sentence.paragraph,
        tuple(k for k, word in enumerate(words) if word.name),
        {prefix: tuple(ks) for prefix, ks in prefixes.items()},
    )
