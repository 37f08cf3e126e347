"""Localised articles: sentence substitution and the txt, md and html outputs.

A translation is a template, never code: placeholders are replaced by name
with a small parser of our own, so ``{amount.__class__}``, ``{0}`` or
``{amount!r}`` are refused instead of evaluated (``str.format`` is never
called on a translation).
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

from pipeline.errors import PlaceholderError
from pipeline.localeformat import LocaleFormat
from pipeline.models import Article, RenderedSentence, Sentence, Status

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class LocalizedParagraph:
    """A paragraph in one locale: rendered sentences and the source's gaps."""

    pieces: tuple[str | RenderedSentence, ...]
    trail: str


@dataclass(frozen=True, slots=True)
class LocalizedArticle:
    """An article rendered for one locale, ready to be written in any format.

    Attributes:
        article: The source article.
        lang: The gettext language code of this rendering.
        is_source: Whether ``lang`` is the source language.
        date_text: The article's date in the locale's CLDR long form, or "".
        paragraphs: The body.
    """

    article: Article
    lang: str
    is_source: bool
    date_text: str
    paragraphs: tuple[LocalizedParagraph, ...]

    @property
    def sentences(self) -> tuple[RenderedSentence, ...]:
        """Every rendered sentence in reading order."""
        return tuple(p for para in self.paragraphs for p in para.pieces if isinstance(p, RenderedSentence))


def placeholder_names(template: str) -> list[str]:
    """The placeholder names of a python-brace-format string, in order.

    Raises:
        PlaceholderError: If a field is not a bare name (an attribute, index,
            conversion, format spec or positional field) or a brace is unpaired.
    """
    names = []
    for m in _FIELD.finditer(template):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        field = m.group(1)
        if field is None:
            raise PlaceholderError(f"unpaired {token!r}; write {token * 2!r} for a literal brace")
        if not _NAME.fullmatch(field):
            raise PlaceholderError(f"placeholder {{{field}}} is not a plain name")
        names.append(field)
    return names


def fill(template: str, values: dict[str, str]) -> str:
    """Substitute ``values`` into a python-brace-format ``template`` by name only.

    Raises:
        PlaceholderError: If a field is malformed or names an unknown value.
    """
    out = []
    pos = 0
    for m in _FIELD.finditer(template):
        out.append(template[pos : m.start()])
        token = m.group(0)
        if token in ("{{", "}}"):
            out.append(token[0])
        else:
            field = m.group(1)
            if field is None or not _NAME.fullmatch(field):
                placeholder_names(template)  # raises with the precise reason
            if field not in values:
                raise PlaceholderError(f"placeholder {{{field}}} is not in the msgid")
            value = values[field]
            out.append(value)
            if value.endswith(".") and template.startswith(".", m.end()):
                # "27 июня 2024 г." ending a sentence takes no second period.
                pos = m.end() + 1
                continue
        pos = m.end()
    out.append(template[pos:])
    return "".join(out)


def check_translation(msgid: str, msgstr: str) -> None:
    """Refuse a translation whose placeholders are not exactly the msgid's.

    Each placeholder of the msgid must appear in the msgstr (the value would
    silently vanish otherwise) and the msgstr may use no other field.

    Raises:
        PlaceholderError: Naming the first problem.
    """
    expected = placeholder_names(msgid)
    got = placeholder_names(msgstr)
    extra = [n for n in got if n not in expected]
    if extra:
        raise PlaceholderError(f"placeholder {{{extra[0]}}} is not in the msgid")
    missing = [n for n in expected if n not in got]
    if missing:
        raise PlaceholderError(f"placeholder {{{missing[0]}}} is missing")


def localize(
    article: Article,
    lang: str,
    *,
    is_source: bool,
    fmt: LocaleFormat,
    translations: dict[str, str],
    fuzzy: frozenset[str] = frozenset(),
) -> LocalizedArticle:
    """Render every sentence of ``article`` for ``lang``.

    Args:
        article: The source article.
        lang: The language code.
        is_source: Whether ``lang`` is the source language (sentences kept as written).
        fmt: Formats the placeholder values for the locale.
        translations: Approved msgstr by msgid.
        fuzzy: Msgids whose translation exists but is fuzzy (reported as such).

    Returns:
        The localised article; a sentence without an approved, valid
        translation is the source sentence as the author wrote it.
    """
    paragraphs = []
    for paragraph in article.paragraphs:
        pieces: list[str | RenderedSentence] = []
        for piece in paragraph.pieces:
            if isinstance(piece, str):
                pieces.append(piece)
            elif is_source:
                pieces.append(RenderedSentence(piece.text, Status.SOURCE, piece.line))
            else:
                pieces.append(_render_sentence(piece, fmt, translations, fuzzy))
        paragraphs.append(LocalizedParagraph(tuple(pieces), paragraph.trail))
    date_text = fmt.full_date(article.date) if article.date else ""
    return LocalizedArticle(article, lang, is_source, date_text, tuple(paragraphs))


def _render_sentence(
    sentence: Sentence, fmt: LocaleFormat, translations: dict[str, str], fuzzy: frozenset[str]
) -> RenderedSentence:
    template = sentence.template
    msgstr = translations.get(template.msgid)
    if msgstr is None:
        status = Status.FUZZY if template.msgid in fuzzy else Status.UNTRANSLATED
        return RenderedSentence(sentence.text, status, sentence.line)
    if not template.is_format:
        return RenderedSentence(msgstr, Status.TRANSLATED, sentence.line)
    try:
        check_translation(template.msgid, msgstr)
        values = {p.name: fmt.format(p.value) for p in template.placeholders}
        text = fill(msgstr, values)
    except PlaceholderError as exc:
        return RenderedSentence(sentence.text, Status.REFUSED, sentence.line, exc.message)
    return RenderedSentence(text, Status.TRANSLATED, sentence.line)


# --- output formats ----------------------------------------------------------


def to_txt(doc: LocalizedArticle) -> str:
    """Plain text; for the source language, exactly the source file."""
    head = doc.article.head if doc.is_source else f"{doc.date_text}\n\n" if doc.date_text else ""
    body = "".join(
        "".join(p if isinstance(p, str) else p.text for p in para.pieces) + para.trail for para in doc.paragraphs
    )
    return head + body


_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
# Only what would turn a line into a heading, list item or block quote.
_MD_LINE_START = re.compile(r"^([ \t]*)((?:[#+\-]|\d{1,9}[.)])(?=[ \t]|$)|>)", re.MULTILINE)


def to_md(doc: LocalizedArticle, date: datetime.date | None) -> str:
    """Markdown with YAML front matter (language, ISO date) and the dateline in italics."""
    lines = ["---", f"lang: {doc.lang}"]
    if date:
        lines.append(f"date: {date.isoformat()}")
    lines.append("---")
    blocks = ["\n".join(lines)]
    if doc.date_text:
        blocks.append(f"*{_md_escape(doc.date_text)}*")
    for para in doc.paragraphs:
        text = "".join(_md_escape(p) if isinstance(p, str) else _md_escape(p.text) for p in para.pieces)
        # A line break inside a paragraph (a credit line, a list) stays a break.
        blocks.append(re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", "\\\\\n", text.strip()))
    return "\n\n".join(blocks) + "\n"


def _md_escape(text: str) -> str:
    return _MD_LINE_START.sub(r"\1\\\2", _MD_INLINE.sub(r"\\\1", text))


def to_html(doc: LocalizedArticle, alternates: tuple[str, ...], source_lang: str) -> str:
    """A standalone UTF-8 page with ``lang``, the dateline and hreflang links.

    Args:
        doc: The localised article.
        alternates: Every language the article is published in (this one included).
        source_lang: Marks sentences that fell back to the source with ``lang``
            so that screen readers switch voice.
    """
    slug = doc.article.slug
    e = html.escape
    title = doc.sentences[0].text if doc.sentences else slug
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(doc.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
    ]
    out.extend(f'<link rel="alternate" hreflang="{e(code)}" href="../{e(code)}/{e(slug)}.html">' for code in alternates)
    out += [
        "<style>",
        "body{max-width:40rem;margin:2rem auto;padding:0 1rem;font:1.125rem/1.6 Georgia,serif;color:#222}",
        ".dateline{color:#666;font-family:system-ui,sans-serif;font-size:.9rem}",
        "</style>",
        "</head>",
        "<body>",
        "<article>",
    ]
    if doc.article.date:
        out.append(f'<p class="dateline"><time datetime="{doc.article.date.isoformat()}">{e(doc.date_text)}</time></p>')
    for para in doc.paragraphs:
        parts = []
        for piece in para.pieces:
            if isinstance(piece, str):
                parts.append(re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", "<br>\n", e(piece)))
            elif piece.status in (Status.TRANSLATED, Status.SOURCE):
                parts.append(e(piece.text))
            else:
                parts.append(f'<span lang="{e(source_lang)}">{e(piece.text)}</span>')
        out.append(f"<p>{''.join(parts).strip()}</p>")
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out)
