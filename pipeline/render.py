"""Localised articles: sentence substitution and the txt, md and html outputs.

A translation is a template, never code: placeholders are replaced by name
with a small parser of our own, so ``{amount.__class__}``, ``{0}`` or
``{amount!r}`` are refused instead of evaluated (``str.format`` is never
called on a translation).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.errors import PlaceholderError
from pipeline.localeformat import GrammarError, Inflected, LocaleFormat
from pipeline.markdown import kept_front_matter, markup_signature, quote_yaml
from pipeline.markdown import parser as markdown_parser
from pipeline.models import Article, Placeholder, RenderedSentence, Sentence, Status, Template

#: An approved translation: a msgstr, or a plural entry's forms in the catalogue's order.
Translation = str | tuple[str, ...]
#: The catalogue's plural rule: a CLDR plural category to the index of its form.
PluralRule = Callable[[str], int]

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
    return _substitute(template, lambda field, before, after: Inflected(before, values[field]), set(values))


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 controls but tab and line feed, DEL, and C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def suspicious(msgid: str, msgstr: str) -> str:
    """Why a translation must not be published whatever its placeholders, or "".

    Bidirectional control characters can make text read differently from how
    it is stored (Trojan Source); Kazakh and Russian never need them. A
    translation many times longer than its msgid is not a translation.
    """
    bidi = _BIDI.search(msgstr)
    if bidi:
        return f"the translation has the bidirectional control character U+{ord(bidi.group()):04X}"
    control = _CONTROL.search(msgstr)
    if control:
        # A terminal escape (ESC), NUL or a C1 code would reach every reader of the txt and md outputs.
        return f"the translation has the control character U+{ord(control.group()):04X}"
    if len(msgstr) > 20 * len(msgid) + 2000:
        return f"the translation is {len(msgstr):,} characters long, for a msgid of {len(msgid):,}"
    return ""


_BARE_FIELD = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})")


def stray_placeholder(msgid: str, msgstr: str) -> str:
    """Why a translation of a msgid without values must not be published: a placeholder it cannot fill, or "".

    A suggestion made for an earlier msgid that had values ("{amount}") can be
    accepted for a msgid that has none; published, the braces would be read.
    Braces the msgid has itself, as text, may stay.
    """
    for m in _BARE_FIELD.finditer(msgstr):
        if m.group(0) not in msgid:
            return f"placeholder {m.group(0)} is not in the msgid, which has no values: write the value itself"
    return ""


def refusal(msgid: str, msgstr: str, *, is_format: bool, markdown: bool) -> str:
    """Why a translation is never published (by ``build``, nor compiled by ``compile``), or "".

    Control characters and oversized text (:func:`suspicious`), Markdown markup
    the msgid has not, and placeholders other than the msgid's.
    """
    problem = suspicious(msgid, msgstr)
    if problem:
        return problem
    if markdown and markup_signature(msgstr) != markup_signature(msgid):
        return "the translation does not keep the msgid's Markdown markup"
    if not is_format:
        return stray_placeholder(msgid, msgstr)
    try:
        check_translation(msgid, msgstr)
    except PlaceholderError as exc:
        return exc.message
    return ""


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


def choose_form(template: Template, found: Translation, fmt: LocaleFormat, plural: PluralRule | None) -> str:
    """The msgstr to publish: for plural forms, the one the counted value's plural category selects.

    Raises:
        PlaceholderError: If the entry has plural forms but the message counts
            no single value, or the catalogue has no plural rule.
    """
    if isinstance(found, str):
        return found
    count = template.count
    if count is None or plural is None:
        raise PlaceholderError("the entry has plural forms, but its message has no single number to agree with")
    category = fmt.plural_category(count.value) or "other"
    index = plural(category)
    if not 0 <= index < len(found):
        raise PlaceholderError(f"the catalogue's plural rule chose form {index}, which the entry has not")
    return found[index]


# A word right before a value, separated by spaces only: a preposition to agree with.
_WORD_BEFORE = re.compile(r"(?<![\w\-])([^\W\d_]+)\s+$")
# What may stand before a value that begins a sentence: opening quotes, dashes, spaces.
_SENTENCE_START = re.compile(r"[\s«„“\"'(\-–—]*")


def write_values(
    msgstr: str,
    placeholders: tuple[Placeholder, ...],
    fmt: LocaleFormat,
    escape: Callable[[str], str] = lambda text: text,
    mark: Callable[[str, str], str] = lambda name, text: text,
) -> str:
    """Substitute each value into ``msgstr`` by name, in the form its place in the sentence requires.

    Each value is formatted by ``fmt`` with the word before it (a Russian
    preposition) and the text after it (a Kazakh ending) as its context (see
    :meth:`LocaleFormat.in_context`); a value that begins the sentence is
    capitalised. ``escape`` is applied to the translation's own text and
    ``mark`` wraps each value (the review page).

    Raises:
        PlaceholderError: If a field is malformed or unknown, or a value
            cannot be made to agree with the sentence by rule.
    """
    by_name = {p.name: p for p in placeholders}

    def written(field: str, before: str, after: str) -> Inflected:
        p = by_name[field]
        try:
            return fmt.in_context(p.value, p.kind, before, after)
        except GrammarError as exc:
            raise PlaceholderError(f"{{{field}}}: {exc}") from None

    return _substitute(msgstr, written, set(by_name), escape, mark, capitalise=True)


def _substitute(
    msgstr: str,
    written: Callable[[str, str, str], Inflected],
    known: set[str],
    escape: Callable[[str], str] = lambda text: text,
    mark: Callable[[str, str], str] = lambda name, text: text,
    *,
    capitalise: bool = False,
) -> str:
    """The one substitution loop: fields by name, doubled braces, the value's context, no second period."""
    out = ""
    pos = 0
    for m in _FIELD.finditer(msgstr):
        out += escape(msgstr[pos : m.start()])
        token = m.group(0)
        pos = m.end()
        if token in ("{{", "}}"):
            out += escape(token[0])
            continue
        field = m.group(1)
        if field is None or not _NAME.fullmatch(field):
            placeholder_names(msgstr)  # raises with the precise reason
        if field not in known:
            raise PlaceholderError(f"placeholder {{{field}}} is not in the msgid")
        word = _WORD_BEFORE.search(out)
        before = word.group(1) if word else ""
        value = written(field, before, msgstr[pos:])
        if word and value.before != before:
            out = out[: word.start(1)] + value.before + out[word.end(1) :]
        text = value.text
        if capitalise and _SENTENCE_START.fullmatch(out) and text[:1].islower():
            text = text[:1].upper() + text[1:]  # «Май 2026 года стал…»: a month begins the sentence
        out += mark(field, text)
        pos += value.consumed
        if text.endswith(".") and msgstr.startswith(".", pos):
            pos += 1  # "27 июня 2024 г." ending a sentence takes no second period
    return out + escape(msgstr[pos:])


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

    for token in markdown_parser().parse(source):
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
        text = "".join(_md_escape(p) if isinstance(p, str) else _md_escape(p.text) for p in para.pieces)
        # A line break inside a paragraph (a credit line, a list) stays a break.
        blocks.append(re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", "\\\\\n", text.strip()))
    return "\n\n".join(blocks) + "\n"


def _md_escape(text: str) -> str:
    return _MD_LINE_START.sub(r"\1\\\2", _MD_INLINE.sub(r"\\\1", text))


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


def language_name(code: str) -> str:
    """A language's name in itself, capitalised: ``Русский``, ``Қазақ тілі``, ``English``."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def _inline_html(sentence: RenderedSentence, source_lang: str, env: dict | None = None) -> str:
    rendered = markdown_parser().renderInline(sentence.text, env)
    if sentence.status in (Status.TRANSLATED, Status.SOURCE):
        return rendered
    return f'<span lang="{html.escape(source_lang)}">{rendered}</span>'


def _markdown_text(text: str) -> str:
    return "".join(child.content for token in markdown_parser().parseInline(text) for child in token.children or ())


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
    rendered = markdown_parser().render(doc.article.head + _body(doc, sentence), env)
    for n, s in enumerate(fallen):
        rendered = rendered.replace(_MARK.format(n), _inline_html(s, source_lang, env))
    return rendered


# --- the review page -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewColumn:
    """One language of the review page: its formatter and its catalogue's entries by msgid."""

    lang: str
    fmt: LocaleFormat
    entries: dict[str, tuple[Translation, bool]]  # msgid -> (msgstr or plural forms, fuzzy)
    plural: PluralRule | None = None


_REVIEW_STYLE = """
:root{color-scheme:light;--ok:#1a7f37;--fuzzy:#9a6700;--todo:#6e7781;--bad:#cf222e;--rule:#d0d7de}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#f6f8fa}
header{padding:1rem 1.5rem;background:#fff;border-bottom:1px solid var(--rule)}
h1{font-size:1.25rem;margin:0 0 .75rem}
.coverage{display:flex;flex-wrap:wrap;gap:1.5rem}
.locale{min-width:16rem}
.bar{display:flex;height:.6rem;border-radius:999px;overflow:hidden;background:#eaeef2;margin:.25rem 0}
.bar span{display:block}
.bar .translated{background:var(--ok)}.bar .fuzzy{background:var(--fuzzy)}.bar .refused{background:var(--bad)}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid var(--rule);padding:.6rem .75rem;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#fff;z-index:1}
td.where{white-space:nowrap;color:var(--todo);font-size:12px}
.badge{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em;
padding:0 .4rem;border-radius:4px;color:#fff;margin-bottom:.25rem}
.status-translated .badge{background:var(--ok)}.status-fuzzy .badge{background:var(--fuzzy)}
.status-untranslated .badge{background:var(--todo)}.status-refused .badge{background:var(--bad)}
.status-untranslated .text{color:var(--todo);font-style:italic}
mark.ph{background:#ddf4ff;border-radius:3px;padding:0 .15rem}
.reason{color:var(--bad);font-size:12px}
""".strip()


def to_review_html(article: Article, source_lang: str, columns: tuple[ReviewColumn, ...]) -> str:
    """A side-by-side page for translators: source and each translation, sentence by sentence.

    Each cell shows its status (translated, fuzzy, untranslated, refused) in
    colour, with the placeholders highlighted and their rendered values; the
    header has a coverage bar per language.
    """
    e = html.escape
    rows = []
    tallies = {c.lang: dict.fromkeys(("translated", "fuzzy", "untranslated", "refused"), 0) for c in columns}
    seen: set[str] = set()
    for sentence in article.sentences:
        template = sentence.template
        first = template.msgid not in seen
        seen.add(template.msgid)
        cells = [f'<td class="where">{e(article.path.as_posix())}:{sentence.line}</td>']
        source_values = {p.name: p.source for p in template.placeholders}
        cells.append(f'<td lang="{e(source_lang)}">{_highlight(template, source_values)}</td>')
        for column in columns:
            status, body, reason = _review_cell(template, column)
            if first:
                tallies[column.lang][status] += 1
            extra = f'<div class="reason">{e(reason)}</div>' if reason else ""
            cells.append(
                f'<td lang="{e(column.lang)}" class="status-{status}"><span class="badge">{status}</span>'
                f'<div class="text">{body}</div>{extra}</td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    coverage = []
    for column in columns:
        counts = tallies[column.lang]
        total = sum(counts.values()) or 1
        bars = "".join(
            f'<span class="{k}" style="width:{100 * counts[k] / total:.1f}%"></span>'
            for k in ("translated", "fuzzy", "refused")
        )
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        coverage.append(
            f'<div class="locale" data-lang="{e(column.lang)}"><strong>{e(language_name(column.lang))}</strong> '
            f'<span class="percent">{100 * counts["translated"] / total:.0f}%</span>'
            f'<div class="bar" role="img" aria-label="{e(summary)}">{bars}</div><small>{e(summary)}</small></div>'
        )
    head = "".join(f"<th>{e(language_name(c.lang))}</th>" for c in columns)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Review: {e(article.slug)}</title>",
            f"<style>{_REVIEW_STYLE}</style>",
            "</head>",
            "<body>",
            f"<header><h1>Review: {e(article.slug)}</h1>",
            f'<div class="coverage">{"".join(coverage)}</div></header>',
            "<table>",
            f"<thead><tr><th>Where</th><th>{e(language_name(source_lang))}</th>{head}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _review_cell(template, column: ReviewColumn) -> tuple[str, str, str]:
    """Status, HTML and refusal reason of one translation on the review page."""
    found, fuzzy = column.entries.get(template.msgid, ("", False))
    if not found:
        return "untranslated", "not translated yet", ""
    status = "fuzzy" if fuzzy else "translated"
    try:
        msgstr = choose_form(template, found, column.fmt, column.plural)
    except PlaceholderError as exc:
        return "refused", html.escape(" | ".join(found)), exc.message
    # The page shows what the build would refuse, by the build's own rule.
    problem = refusal(template.msgid, msgstr, is_format=template.is_format, markdown=False)
    if problem:
        return "refused", html.escape(msgstr), problem
    if not template.is_format:
        return status, html.escape(msgstr), ""
    try:
        body = write_values(msgstr, template.placeholders, column.fmt, html.escape, _mark)
        return status, body, ""
    except PlaceholderError as exc:
        return "refused", html.escape(msgstr), exc.message


def _mark(name: str, text: str) -> str:
    return f'<mark class="ph" title="{{{name}}}">{html.escape(text)}</mark>'


def _highlight(template, values: dict[str, str]) -> str:
    if not template.is_format:
        return html.escape(template.msgid)
    return _highlight_str(template.msgid, values)


def _highlight_str(text: str, values: dict[str, str]) -> str:
    """The template as HTML with each placeholder shown as a highlighted value."""
    marked = {name: _mark(name, value) for name, value in values.items()}
    escaped = html.escape(text, quote=False)
    for name, value in values.items():
        if value.endswith("."):  # as in fill(): "27 июня 2024 г." takes no second period
            escaped = escaped.replace("{" + name + "}.", "{" + name + "}")
    # Escaping leaves braces alone, so substitution by name still works on the escaped text.
    return fill(escaped, marked)
