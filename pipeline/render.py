"""Localised articles: each sentence of an article in one locale, and the txt, md and html outputs.

A sentence is published only through :mod:`pipeline.substitution` (the
placeholder grammar and the rule of what may be published); one that has no
approved, valid translation falls back to the source as the author wrote it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.errors import PlaceholderError
from pipeline.localeformat import LocaleFormat
from pipeline.markdown import kept_front_matter, quote_yaml
from pipeline.models import Article, RenderedSentence, Sentence, Status
from pipeline.review import language_name
from pipeline.substitution import PluralRule, Translation, choose_form, refusal, write_values

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


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
        date_text: The article's date in the locale's date style, or "".
        paragraphs: The body.
        title: A Markdown article's title, rendered.
    """

    article: Article
    lang: str
    is_source: bool
    date_text: str
    paragraphs: tuple[LocalizedParagraph, ...]
    title: RenderedSentence | None = None

    @property
    def sentences(self) -> tuple[RenderedSentence, ...]:
        """Every rendered message in reading order, the title first."""
        body = tuple(p for para in self.paragraphs for p in para.pieces if isinstance(p, RenderedSentence))
        return (self.title, *body) if self.title else body


def localize(
    article: Article,
    lang: str,
    *,
    is_source: bool,
    fmt: LocaleFormat,
    translations: dict[str, Translation],
    fuzzy: frozenset[str] = frozenset(),
    plural: PluralRule | None = None,
) -> LocalizedArticle:
    """Render every sentence of ``article`` for ``lang``.

    Args:
        article: The source article.
        lang: The language code.
        is_source: Whether ``lang`` is the source language (sentences kept as written).
        fmt: Formats the placeholder values for the locale.
        translations: Approved msgstr (or plural forms) by msgid.
        fuzzy: Msgids whose translation exists but is fuzzy (reported as such).
        plural: The catalogue's plural rule, for plural entries.

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
                pieces.append(
                    _render_sentence(piece, fmt, translations, fuzzy, plural, markdown=article.kind == "markdown")
                )
        paragraphs.append(LocalizedParagraph(tuple(pieces), paragraph.trail))
    date_text = fmt.dateline(article.date) if article.date else ""
    title = None
    if article.title is not None:
        title = (
            RenderedSentence(article.title.text, Status.SOURCE, article.title.line)
            if is_source
            else _render_sentence(article.title, fmt, translations, fuzzy, plural, markdown=True)
        )
    return LocalizedArticle(article, lang, is_source, date_text, tuple(paragraphs), title)


def _render_sentence(
    sentence: Sentence,
    fmt: LocaleFormat,
    translations: dict[str, Translation],
    fuzzy: frozenset[str],
    plural: PluralRule | None,
    *,
    markdown: bool = False,
) -> RenderedSentence:
    template = sentence.template
    found = translations.get(template.msgid)
    if found is None:
        status = Status.FUZZY if template.msgid in fuzzy else Status.UNTRANSLATED
        return RenderedSentence(sentence.text, status, sentence.line)
    try:
        msgstr = choose_form(template, found, fmt, plural)
    except PlaceholderError as exc:
        return RenderedSentence(sentence.text, Status.REFUSED, sentence.line, exc.message)
    problem = refusal(template.msgid, msgstr, is_format=template.is_format, markdown=markdown)
    if problem:
        return RenderedSentence(sentence.text, Status.REFUSED, sentence.line, problem)
    if not template.is_format:
        return RenderedSentence(msgstr, Status.TRANSLATED, sentence.line)
    try:
        text = write_values(msgstr, template.placeholders, fmt)
    except PlaceholderError as exc:
        return RenderedSentence(sentence.text, Status.REFUSED, sentence.line, exc.message)
    return RenderedSentence(text, Status.TRANSLATED, sentence.line)


# --- output formats ----------------------------------------------------------


def _body(doc: LocalizedArticle, sentence=None) -> str:
    """The body in the source's own format, each sentence replaced by ``sentence(rendered)``."""
    if sentence is None:
        sentence = _plain_sentence(doc)
    out: list[str] = []
    for para in doc.paragraphs:
        out.extend(p if isinstance(p, str) else sentence(p) for p in para.pieces)
        out.append(para.trail)
    return "".join(out)


def _plain_sentence(doc: LocalizedArticle):
    if doc.article.kind == "markdown" and not doc.is_source:
        return lambda s: _inert_markdown(s.text) if s.status == Status.TRANSLATED else s.text
    # A sentence that fell back is the source's bytes, line prefixes ("> ") included.
    return lambda s: s.text


# What would open a block if a translation began a line with it: a heading, list item, quote,
# fence, thematic break or setext underline, or a footnote or link definition. A sentence may
# begin a line (after a line break or a hard break), and its msgid had none of these.
_BLOCK_START = re.compile(
    r"(?:#{1,6}|[-+*]|\d{1,9}(?P<delimiter>[.)]))(?=[ \t]|$)|>|`{3}|~{3}|(?:[-*_=][ \t]*)+$|\[[^\]]*\]:"
)


def _inert_markdown(translation: str) -> str:
    """A translation as it may stand in a Markdown block: one line, beginning no block of its own.

    Line breaks become spaces and the whitespace around the text goes (four
    leading spaces make code, two trailing ones a line break); a block marker
    at the start is escaped, so it reads as the character it is.
    """
    text = re.sub(r"\s*\n\s*", " ", translation).strip(" \t")
    m = _BLOCK_START.match(text)
    if m is None:
        return text
    at = m.start("delimiter") if m.group("delimiter") else 0
    return text[:at] + "\\" + text[at:]


def to_txt(doc: LocalizedArticle) -> str:
    """Plain text; for a plain-text source in its own language, exactly the source file."""
    if doc.article.kind == "markdown":
        blocks = [doc.title.text] if doc.title else []
        if doc.date_text:
            blocks.append(doc.date_text)
        blocks.extend(_markdown_to_text(doc.article.head + _body(doc)))
        return "\n\n".join(blocks) + "\n"
    head = doc.article.head if doc.is_source else f"{doc.date_text}\n\n" if doc.date_text else ""
    return head + _body(doc)


def _markdown_to_text(source: str) -> list[str]:
    """Markdown as plain-text blocks: headings, paragraphs and tables; list items and footnotes marked; code kept.

    An ordered list is numbered from its first number, as a renderer numbers
    it (``1. 1. 1.`` in the source reads 1, 2, 3), with the source's ``.`` or
    ``)``; the blocks of an item or a footnote after its first are indented
    under its marker, and so are nested lists.
    """
    blocks: list[str] = []
    indent: list[str] = []  # what each open list item or footnote indents its text by
    numbers: list[int | None] = []  # per open list: the next item's number (None: bullets)
    marker: str | None = None  # the first line's prefix, marker included, of an item still without text
    table: list[list[tuple[str, str]]] | None = None  # rows of (cell text, alignment)
    align = ""

    def add(text: str) -> None:
        nonlocal marker
        first = marker if marker is not None else "".join(indent)
        marker = None
        blocks.append(first + text.replace("\n", "\n" + "".join(indent)))

    for token in _markdown_parser().parse(source):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            numbers.append(int(token.attrGet("start") or 1) if kind == "ordered_list_open" else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind in ("list_item_open", "footnote_open"):
            if kind == "footnote_open":
                mark = f"[{token.meta['n']}] "
            elif numbers[-1] is None:
                mark = "• "
            else:
                mark = f"{numbers[-1]}{token.markup} "
                numbers[-1] += 1
            # An item whose first block is a nested list ("- - a") puts both markers on one line.
            marker = (marker if marker is not None else "".join(indent)) + mark
            indent.append(" " * len(mark))
        elif kind in ("list_item_close", "footnote_close"):
            indent.pop()
            marker = None
        elif kind == "table_open":
            table = []
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind in ("th_open", "td_open"):
            align = re.sub(r"^text-align:", "", str(token.attrGet("style") or ""))
        elif kind == "table_close" and table is not None:
            add(_text_table(table))
            table = None
        elif kind == "inline":
            if table is not None:
                table[-1].append((_inline_text(token), align))
            else:
                add(_inline_text(token))
        elif kind in ("fence", "code_block"):
            add(token.content.rstrip("\n"))
    return blocks


def _inline_text(token) -> str:
    """An inline token's text: markup dropped, hard breaks kept, footnote references as ``[1]``."""
    out = []
    for child in token.children or ():
        if child.type == "hardbreak":
            out.append("\n")
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "footnote_ref":
            out.append(f"[{child.meta.get('n', 0)}]")
        else:
            out.append(child.content)
    return "".join(out)


def _text_table(rows: list[list[tuple[str, str]]]) -> str:
    """A table as aligned plain text: columns padded to their widest cell, a rule under the header."""
    count = max(len(row) for row in rows)
    rows = [row + [("", "")] * (count - len(row)) for row in rows]
    widths = [max(_width(row[i][0]) for row in rows) for i in range(count)]

    def cell(text: str, align: str, width: int) -> str:
        room = width - _width(text)
        if align == "right":
            return " " * room + text
        if align == "center":
            return " " * (room // 2) + text + " " * (room - room // 2)
        return text + " " * room

    lines = [" | ".join(cell(text, align, widths[i]) for i, (text, align) in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: combining marks none, wide characters two."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
# Only what would turn a line into a heading, list item or block quote.
_MD_LINE_START = re.compile(r"^([ \t]*)((?:[#+\-]|\d{1,9}[.)])(?=[ \t]|$)|>)", re.MULTILINE)


def to_md(doc: LocalizedArticle) -> str:
    """Markdown with front matter; a Markdown source in its own language is the source file itself."""
    article = doc.article
    if article.kind == "markdown" and doc.is_source:
        return article.source_text()
    meta = dict(article.meta)
    lines = ["---"]
    if doc.title:
        lines.append(f"title: {quote_yaml(doc.title.text)}")
    if article.date:
        lines.append(f"date: {article.date.isoformat()}")
    if meta.get("source"):
        lines.append(f"source: {quote_yaml(meta['source'])}")
    # The other keys (author, tags, ...) as the source has them, never translated: see pipeline.markdown.
    lines += kept_front_matter(article.front_matter)
    lines += [f"lang: {doc.lang}", "---"]
    if article.kind == "markdown":
        return "\n".join(lines) + "\n" + article.head + _body(doc)
    blocks = ["\n".join(lines)]
    if doc.date_text:
        blocks.append(f"*{_md_escape(doc.date_text)}*")
    for para in doc.paragraphs:
        text = "".join(_md_escape(p) if isinstance(p, str) else _md_escape(p.text) for p in para.pieces).strip()
        # A line break inside a paragraph (a credit line, a list) stays a break.
        blocks.append(_breaks(text, "\\\n"))
    return "\n\n".join(blocks) + "\n"


_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")


def _breaks(text: str, written: str) -> str:
    """Each line break of ``text``, with the spaces around it, as ``written`` (a literal, not a template)."""
    # Most pieces have no break, and a sub that finds none costs a call through re's machinery.
    return _LINE_BREAK.sub(lambda _: written, text) if "\n" in text or "\r" in text else text


# A search is much cheaper than a sub that finds nothing, and most text has nothing to escape.
_MD_INLINE_ANY = re.compile(r"[\\`*_\[\]<>]")


def _md_escape(text: str) -> str:
    if _MD_INLINE_ANY.search(text):
        text = _MD_INLINE.sub(r"\\\1", text)
    # Without a line feed, only the start of the text can be a line start (MULTILINE's ^ knows no other break).
    if "\n" in text or _MD_LINE_START.match(text):
        text = _MD_LINE_START.sub(r"\1\\\2", text)
    return text


_STYLE = """
:root{color-scheme:light dark;--ink:#1d1d1f;--muted:#6b6b70;--rule:#e3e3e6;--accent:#0b5cad;--paper:#fff}
@media (prefers-color-scheme:dark){:root{--ink:#ececee;--muted:#a0a0a8;--rule:#333338;--accent:#7ab8ff;--paper:#141416}}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:1.0625rem/1.65 Georgia,"Times New Roman",serif;
-webkit-text-size-adjust:100%}
nav.languages{display:flex;gap:.5rem;justify-content:flex-end;max-width:42rem;margin:0 auto;padding:.75rem 1.25rem;
font:500 .875rem/1 system-ui,-apple-system,"Segoe UI",sans-serif}
nav.languages a{color:var(--accent);text-decoration:none;padding:.35rem .6rem;border:1px solid var(--rule);
border-radius:999px}
nav.languages a[aria-current]{color:var(--paper);background:var(--accent);border-color:var(--accent)}
article{max-width:42rem;margin:0 auto;padding:0 1.25rem 3rem;hyphens:auto;overflow-wrap:break-word}
h1,h2,h3{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.25;margin:1.6em 0 .5em}
h1{font-size:clamp(1.6rem,5vw,2.2rem);margin-top:.5em}
.dateline{color:var(--muted);font:.875rem/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 0 1.5rem;
padding-bottom:.75rem;border-bottom:1px solid var(--rule)}
p{margin:0 0 1.1em}
a{color:var(--accent)}
blockquote{margin:1.5em 0;padding:.25em 1.25em;border-left:3px solid var(--accent);color:var(--muted)}
pre{overflow-x:auto;padding:1rem;background:rgba(127,127,127,.1);border-radius:6px;font-size:.875rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
""".strip()


def to_html(doc: LocalizedArticle, alternates: tuple[str, ...], source_lang: str) -> str:
    """A standalone UTF-8 page: ``lang``, the dateline, a language switcher and hreflang links.

    Args:
        doc: The localised article.
        alternates: Every language the article is published in (this one included).
        source_lang: Marks sentences that fell back to the source with ``lang``
            so that screen readers switch voice.
    """
    article = doc.article
    slug = article.slug
    e = html.escape
    body = _markdown_body_html(doc, source_lang).rstrip("\n") if article.kind == "markdown" else ""
    # Only pages with a table or footnotes carry their rules.
    style = "\n".join([_STYLE, *(rules for mark, rules in _OPTIONAL_STYLES if mark in body)])
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(doc.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_page_title(doc))}</title>",
    ]
    out.extend(f'<link rel="alternate" hreflang="{e(code)}" href="../{e(code)}/{e(slug)}.html">' for code in alternates)
    out += ["<style>", style, "</style>", "</head>", "<body>", '<nav class="languages" aria-label="Languages">']
    for code in alternates:
        current = ' aria-current="page"' if code == doc.lang else ""
        link = f'<a href="../{e(code)}/{e(slug)}.html" hreflang="{e(code)}" lang="{e(code)}"{current}>'
        out.append(f"{link}{e(language_name(code))}</a>")
    out += ["</nav>", "<article>"]
    if doc.title:
        out.append(f"<h1>{_inline_html(doc.title, source_lang)}</h1>")
    if article.date:
        out.append(f'<p class="dateline"><time datetime="{article.date.isoformat()}">{e(doc.date_text)}</time></p>')
    if article.kind == "markdown":
        out.append(body)
    else:
        for para in doc.paragraphs:
            parts = []
            last = len(para.pieces) - 1
            for i, piece in enumerate(para.pieces):
                if isinstance(piece, str):
                    # A line break between two sentences is the author's; one before the first or
                    # after the last (the file's final newline) is not a break inside the paragraph.
                    text = piece.lstrip() if i == 0 else piece
                    text = text.rstrip() if i == last else text
                    parts.append(_breaks(e(text), "<br>\n"))
                elif piece.status in (Status.TRANSLATED, Status.SOURCE):
                    parts.append(e(piece.text))
                else:
                    parts.append(f'<span lang="{e(source_lang)}">{e(piece.text)}</span>')
            out.append(f"<p>{''.join(parts).strip()}</p>")
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out)


_OPTIONAL_STYLES = (
    (
        "<table>",
        "table{display:block;overflow-x:auto;border-collapse:collapse;margin:0 0 1.1em;font-size:.9375rem}\n"
        "th,td{border:1px solid var(--rule);padding:.35rem .6rem;text-align:left;vertical-align:top}",
    ),
    (
        '<section class="footnotes">',
        ".footnotes{margin-top:2rem;padding-top:.75rem;border-top:1px solid var(--rule);font-size:.9375rem}\n"
        ".footnote-ref a,.footnote-backref{text-decoration:none}",
    ),
)


def _page_title(doc: LocalizedArticle) -> str:
    """The page's ``<title>``: the article's title, else its first sentence that is not a dateline.

    A plain-text article has no title of its own; its first paragraph is one
    when it is a single line that does not end a sentence (a headline).
    """
    article = doc.article
    if doc.title is not None:
        return _markdown_text(doc.title.text)
    for source, para in zip(article.paragraphs, doc.paragraphs, strict=True):
        rendered = [p for p in para.pieces if isinstance(p, RenderedSentence)]
        if not rendered:
            continue
        if article.kind == "text" and _is_headline(source):
            return _one_line("".join(p if isinstance(p, str) else p.text for p in para.pieces))
        for sentence, shown in zip(source.sentences, rendered, strict=True):
            if not _is_dateline(sentence.text):
                text = _one_line(shown.text)
                return _markdown_text(text) if article.kind == "markdown" else text
    return article.slug


def _one_line(text: str) -> str:
    # Only line breaks go: a value's no-break spaces ("2,4\xa0трлн") are part of it.
    return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", text).strip(" \t")


def _is_headline(paragraph) -> bool:
    """Whether a plain-text paragraph is a headline: one line, no sentence end, no dateline."""
    text = "".join(p if isinstance(p, str) else p.text for p in paragraph.pieces).strip()
    return "\n" not in text and "\r" not in text and not _SENTENCE_END.search(text) and not _is_dateline(text)


# A full stop, question or exclamation mark, ellipsis, colon or semicolon, before closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'»”’)\]]*$")
# "ASTANA.", "ALMATY, June 27 (Kazinform) –", "NUR-SULTAN, KAZAKHSTAN:": a place in capitals,
# then perhaps a date or a country and an agency; no sentence of its own.
_DATELINE_AGENCY = re.compile(r"\s*\([^()]{1,60}\)$")
_DATELINE_DATE = re.compile(r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})(?:,? \d{4})?")


def _is_dateline(text: str) -> bool:
    """Whether a sentence is only a wire story's dateline: a place in capitals, a date or agency after it."""
    rest = _DATELINE_AGENCY.sub("", text.strip().rstrip(" .:–—-")).rstrip(" .:–—-,")
    place, _, after = rest.partition(",")
    letters = [ch for ch in place if ch.isalpha()]
    if len(letters) < 2 or not place.isupper() or any(not (ch.isalpha() or ch in " .-'’") for ch in place):
        return False
    after = after.strip()
    return not after or after.isupper() or _DATELINE_DATE.fullmatch(after) is not None


def _markdown_parser() -> MarkdownIt:
    """A new :func:`pipeline.mdparser.parser`.

    Imported here, not at the top: markdown-it is loaded by the first
    Markdown article rendered, and an archive of plain text never loads it.
    """
    from pipeline.mdparser import parser

    return parser()


def _inline_html(sentence: RenderedSentence, source_lang: str, env: dict | None = None) -> str:
    rendered = _markdown_parser().renderInline(sentence.text, env)
    if sentence.status in (Status.TRANSLATED, Status.SOURCE):
        return rendered
    return f'<span lang="{html.escape(source_lang)}">{rendered}</span>'


def _markdown_text(text: str) -> str:
    return "".join(child.content for token in _markdown_parser().parseInline(text) for child in token.children or ())


_MARK = "\ue000{}\ue001"


def _markdown_body_html(doc: LocalizedArticle, source_lang: str) -> str:
    """The Markdown body as HTML; sentences that fell back to the source carry ``lang``."""
    fallen: list[RenderedSentence] = []
    plain = _plain_sentence(doc)

    def sentence(s: RenderedSentence) -> str:
        if s.status in (Status.TRANSLATED, Status.SOURCE):
            return plain(s)
        fallen.append(s)
        return _MARK.format(len(fallen) - 1)

    # The document's link definitions and footnote numbers also serve the sentences rendered alone.
    env: dict = {}
    rendered = _markdown_parser().render(doc.article.head + _body(doc, sentence), env)
    for n, s in enumerate(fallen):
        rendered = rendered.replace(_MARK.format(n), _inline_html(s, source_lang, env))
    return rendered
