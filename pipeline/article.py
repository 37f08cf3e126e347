"""Reading a source article into paragraphs and sentences, keeping every byte."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.models import Article, Paragraph, Sentence
from pipeline.placeholders import extract_template
from pipeline.segment import sentence_spans

# "date 2024-06-27" at the very start (after optional whitespace), then the
# whitespace that separates it from the first paragraph.
_DATELINE = re.compile(r"\A(\s*)(?i:date)(?:[ \t]*:[ \t]*|[ \t]+)(\d{4})-(\d{1,2})-(\d{1,2})(?=\s|\Z)\s*")
# A first line that means to give the date but does not say it as above ("Date: 16.09.2025").
_NEAR_DATELINE = re.compile(r"\A\s*(?i:date)\b[ \t]*[:=]?[ \t]*[^\n]{0,40}\d[^\n]{0,20}(?:\n|\Z)")

# A line break inside a sentence, with the spaces around it.
_WRAP = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")

# One or more blank lines (lines with only spaces or tabs count as blank).
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))+")

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")


def is_slug(name: str) -> bool:
    """Whether ``name`` is one safe file name for an article's POT, PO and output files."""
    return bool(_SLUG.fullmatch(name)) and ".." not in name


def slug_for(path: Path) -> str:
    """The article's slug: its file name without the extension.

    Raises:
        SourceError: If the name would not make a safe file name for the
            POT, PO and output files.
    """
    slug = path.stem
    if not is_slug(slug):
        raise SourceError(
            f"file name {slug!r} cannot be used as an article slug",
            path=path,
            hint="rename it to lower-case ASCII letters, digits, '-', '_' or '.'",
        )
    return slug


def parse_article(text: str, path: Path, lang: str) -> Article:
    """Parse a plain-text article.

    Paragraphs are separated by blank lines; an optional leading
    ``date YYYY-MM-DD`` is the article's date. Every character of ``text``
    ends up in the result, so :meth:`Article.source_text` returns ``text``.

    Args:
        text: The decoded file contents.
        path: The file's path relative to the project, used for the slug,
            references and error messages.
        lang: The source language, for sentence segmentation.

    Raises:
        SourceError: If the article has no text or its dateline is not a date.
    """
    head, date, body_start = _read_dateline(text, path)
    body = text[body_start:]
    if not body.strip():
        raise SourceError("the article has no text", path=path, hint="add paragraphs after the date line")

    paragraphs: list[Paragraph] = []
    pos = 0
    counted = [0, 1]  # offset and line number reached so far

    def line_of(offset: int) -> int:
        counted[1] += _line_breaks(text[counted[0] : offset])
        counted[0] = offset
        return counted[1]

    breaks = list(_PARAGRAPH_BREAK.finditer(body))
    ends = [(b.start(), b.end()) for b in breaks] + [(len(body), len(body))]
    for end, next_start in ends:
        chunk = body[pos:end]
        if not chunk.strip():
            # Whitespace before the first break: fold it into what precedes.
            if paragraphs:
                last = paragraphs.pop()
                paragraphs.append(Paragraph(last.pieces, last.trail + chunk + body[end:next_start]))
            else:
                head += chunk + body[end:next_start]
            pos = next_start
            continue
        first_line = line_of(body_start + pos)
        paragraphs.append(
            Paragraph(
                _split_paragraph(chunk, first_line, lang),
                body[end:next_start],
            )
        )
        pos = next_start
    return Article(slug=slug_for(path), path=path, date=date, head=head, paragraphs=tuple(paragraphs))


def _read_dateline(text: str, path: Path) -> tuple[str, datetime.date | None, int]:
    if text.startswith("\ufeff"):
        # A UTF-8 byte order mark belongs to the file, not to the first sentence.
        head, date, start = _read_dateline(text[1:], path)
        return "\ufeff" + head, date, start + 1
    m = _DATELINE.match(text)
    if m is None:
        near = _NEAR_DATELINE.match(text)
        if near is not None:
            raise SourceError(
                f"the first line {near.group(0).strip()!r} looks like a date line but is not one",
                path=path,
                line=1 + text.count("\n", 0, len(text) - len(text.lstrip())),
                hint="write it as date YYYY-MM-DD, or start the article with its title",
            )
        lead = len(text) - len(text.lstrip())
        return text[:lead], None, lead
    year, month, day = (int(g) for g in m.group(2, 3, 4))
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise SourceError(
            f"the date line '{m.group(0).strip()}' is not a calendar date",
            path=path,
            line=1 + text.count("\n", 0, m.start(2)),
            hint="write it as date YYYY-MM-DD",
        ) from None
    return m.group(0), date, m.end()


def _split_paragraph(chunk: str, first_line: int, lang: str) -> tuple[str | Sentence, ...]:
    pieces: list[str | Sentence] = []
    pos = 0
    line = first_line
    for span in sentence_spans(chunk, lang):
        gap = chunk[pos : span.start]
        pieces.append(gap)
        # Count line breaks incrementally: a huge paragraph must stay linear.
        line += _line_breaks(gap)
        text = chunk[span.start : span.end]
        # A hard-wrapped sentence keeps its line breaks in the text (the article
        # rebuilds exactly) but not in its msgid: rewrapping a paragraph must not
        # change what translators see, and a break inside a msgstr would be published.
        pieces.append(Sentence(text=text, template=extract_template(_WRAP.sub(" ", text)), line=line))
        line += _line_breaks(text)
        pos = span.end
    pieces.append(chunk[pos:])
    return tuple(pieces)


def _line_breaks(text: str) -> int:
    """Line breaks in ``text``, counting CRLF, LF and a lone CR once each."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")
