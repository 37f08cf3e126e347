"""Reading a published translation: its language checked, its text cut into paragraphs and sentences.

Plain text and Markdown are both read, with the project's segmenter
(:mod:`pipeline.segment`) and Markdown reader, so that a translated sentence is
cut where a source sentence would be.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.align.result import TranslatedSentence
from pipeline.align.values import LANGUAGES, find_values
from pipeline.errors import SourceError, UsageError
from pipeline.segment import sentence_spans

#: A run of spaces and line breaks: a sentence is compared and written with each as one space.
WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))+")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
# An English-style date line some archives keep at the top of every language version.
_DATE_LINE = re.compile(r"(?i:date)[ \t]*:?[ \t]*\d{4}-\d{1,2}-\d{1,2}")

_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters Kazakh has and Russian has not.
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# Kazakh prose has several of these letters in every sentence; Russian copy has
# them only in a Kazakh name now and then.
_KAZAKH_SHARE = 0.03
_LANGUAGE_NAMES = {"ru": "Russian", "kk": "Kazakh"}


def check_language(text: str, lang: str, *, path: Path | str | None = None) -> None:
    """Refuse a translation that is not written in ``lang``.

    Russian and Kazakh are told apart by the letters only Kazakh has (ә, ғ, қ,
    ң, ө, ұ, ү, һ, і); both from English or any other Latin-script language
    by their Cyrillic.

    Raises:
        UsageError: If ``lang`` is not one :func:`pipeline.align.align` reads.
        SourceError: If the text has no letters or reads as another language.
    """
    check_supported(lang)
    name = _LANGUAGE_NAMES[lang]
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic + latin == 0:
        raise SourceError("the translation has no text", path=path, hint="is this the right file?")
    if cyrillic < latin:
        raise SourceError(
            f"the translation is not in {name}: {latin / (latin + cyrillic):.0%} of its letters are Latin",
            path=path,
            hint=f"give the {name} version of the article",
        )
    share = len(_KAZAKH_LETTERS.findall(text)) / cyrillic
    if lang == "kk" and share < _KAZAKH_SHARE:
        raise SourceError(
            "the translation is not in Kazakh: it has almost none of the letters ә, ғ, қ, ң, ө, ұ, ү, һ, і"
            " (it reads as Russian)",
            path=path,
            hint="give the Kazakh version, or align it with -l ru",
        )
    if lang == "ru" and share >= _KAZAKH_SHARE:
        raise SourceError(
            f"the translation is not in Russian: {share:.0%} of its Cyrillic letters are Kazakh (ә, ғ, қ, ң, ө, ұ, ү,"
            " һ, і)",
            path=path,
            hint="give the Russian version, or align it with -l kk",
        )


def check_supported(lang: str) -> None:
    """Refuse a language whose press style :func:`pipeline.align.values.find_values` does not read.

    Raises:
        UsageError: If ``lang`` is not in :data:`pipeline.align.values.LANGUAGES`.
    """
    if lang not in LANGUAGES:
        raise UsageError(
            f"cannot align a translation into {lang!r}", hint=f"align reads {' and '.join(LANGUAGES)} press style"
        )


def read_translation(
    text: str, lang: str, *, path: Path | str | None = None, markdown: bool | None = None
) -> tuple[TranslatedSentence, ...]:
    """Cut a translation into paragraphs and sentences with the project's segmenter.

    Plain text has paragraphs separated by blank lines; a first paragraph that
    is only a date (the dateline of a published article: «27 июня 2024 года»,
    «2024 жылғы 27 маусым», ``date 2024-06-27``) is left out. Markdown is read
    as source articles are (front matter title first, then the text of
    paragraphs, headings, list items and table cells).

    Args:
        text: The translated file's text.
        lang: Its language, for the segmenter.
        path: The file, for error messages and to recognise Markdown by its
            ``.md`` suffix.
        markdown: Read as Markdown; by default when the path ends in ``.md``
            or the text opens with front matter.

    Raises:
        SourceError: If there is no sentence in it, or the Markdown cannot be read.
    """
    if markdown is None:
        markdown = (path is not None and Path(path).suffix == ".md") or bool(_FRONT_MATTER.match(text))
    sentences = _markdown_sentences(text, lang, path) if markdown else _text_sentences(text, lang)
    if not sentences:
        raise SourceError("the translation has no text", path=path, hint="is this the right file?")
    return tuple(sentences)


def _markdown_sentences(text: str, lang: str, path: Path | str | None) -> list[TranslatedSentence]:
    from pipeline.markdown import parse_markdown_article

    parsed = parse_markdown_article(text, Path(path) if path is not None else Path("translation.md"), lang)
    out: list[TranslatedSentence] = []
    if parsed.title is not None:
        out.append(TranslatedSentence(0, parsed.title.text, 0, parsed.title.line))
    first = 1 if parsed.title is not None else 0
    for number, paragraph in enumerate(parsed.paragraphs, start=first):
        for sentence in paragraph.sentences:
            if out or not _is_dateline(sentence.text):
                out.append(TranslatedSentence(len(out), sentence.text, number, sentence.line))
    return out


def _text_sentences(text: str, lang: str) -> list[TranslatedSentence]:
    out: list[TranslatedSentence] = []
    text = text.removeprefix("\ufeff")
    pos = 0
    paragraph = 0
    line = 1
    ends = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)] + [(len(text), len(text))]
    for end, next_start in ends:
        chunk = text[pos:end]
        offset = 0
        if chunk.strip() and not (not out and _is_dateline(chunk.strip())):
            for span in sentence_spans(chunk, lang):
                line += _line_breaks(chunk[offset : span.start])
                # A hard-wrapped sentence is one line in a msgstr, as the Markdown reader makes it.
                written = WHITESPACE.sub(" ", chunk[span.start : span.end])
                out.append(TranslatedSentence(len(out), written, paragraph, line))
                offset = span.start
            paragraph += 1
        line += _line_breaks(chunk[offset:]) + _line_breaks(text[end:next_start])
        pos = next_start
    return out


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _is_dateline(text: str) -> bool:
    if _DATE_LINE.fullmatch(text):
        return True
    stripped = text.rstrip(".")
    return any(
        found.kind == "date" and found.start == 0 and found.end == len(stripped)
        for lang in LANGUAGES
        for found in find_values(stripped, lang)
    )
