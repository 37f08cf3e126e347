"""Markdown articles: front matter, translatable text spans, and the rest kept as it is.

Parsed with markdown-it-py (a CommonMark-compliant, well-kept parser used by
MyST and Jupyter), not with regular expressions, with two GitHub extensions:
tables and footnotes. The text of paragraphs, headings, table cells and
footnote definitions is offered for translation; inline markup inside a
sentence (emphasis, links, code, footnote references) stays in the msgid so
translators can move it. Every other byte (block markers, table pipes and
alignment rows, the ``[^label]:`` of a footnote definition, code, HTML,
blank lines) is skeleton, so building the source language reproduces the file
byte for byte.

A hard line break (two trailing spaces or a backslash at the end of a line)
ends a message, as po4a's Markdown mode does: the break stays in the
skeleton, where the author put it, instead of inside a msgid. A break in a
msgid would have to survive in every translation as two invisible trailing
spaces or a lone backslash followed by a newline, which PO editors trim or
wrap away, and a newline in a translation is just what the build refuses to
publish (it could open a new block: a heading, a list, a front matter
fence). mdpo joins the lines with a space and loses the break. Hard breaks
separate lines that stand alone (a credit, an address, a verse), so little is
lost by translating them one by one.

Front matter: ``title`` is a message; ``date`` and ``source`` are read; every
other key is metadata (an author's name, tags, a slug, where and when the page
was fetched) and is published as written, each value quoted on one line (see
:func:`kept_front_matter`). None of them is translated: tags and categories
are identifiers that must stay the same across the language versions of a
story, and names are the translator's only through the body text.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from collections import Counter
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.models import Article, Paragraph, Sentence
from pipeline.placeholders import extract_template
from pipeline.segment import sentence_spans

_BOM = "\ufeff"
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_FIELD = re.compile(r"([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
# Inline code, link and image destinations, autolinks, footnote labels and raw HTML: never values.
_PROTECTED = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[^<>\s]+>|https?://\S+|\[\^[^\]\s]+\]")
# Line ends as markdown-it counts them (str.splitlines would also split at U+2028 and others).
_LINE_END = re.compile(r"\r\n|\r|\n")

#: Front matter keys the build writes itself: ``title`` is a message, ``lang``
#: (or the ``language`` that ``l10n fetch`` records) is the output's own.
OWN_KEYS = frozenset({"title", "date", "source", "lang", "language"})


def parse_markdown_article(text: str, path: Path, lang: str) -> Article:
    """Parse a Markdown article with optional front matter (title, date, source, ...).

    Raises:
        SourceError: If the front matter is malformed, the article has no
            text, or a piece of text cannot be found in the source.
    """
    front, meta, title_span, body_start = _read_front_matter(text, path)
    body = text[body_start:]
    date = None
    if "date" in meta:
        m = _DATE.match(meta["date"])
        if m is None:
            raise SourceError(
                f"front matter date {meta['date']!r} is not a date",
                path=path,
                line=_line_of(text, front.find("date")),
                hint="write date: YYYY-MM-DD",
            )
        try:
            date = datetime.date(*(int(g) for g in m.groups()))
        except ValueError:
            raise SourceError(f"front matter date {meta['date']!r} is not a calendar date", path=path) from None

    title = None
    if title_span is not None:
        start, end = title_span
        raw = text[start:end]
        # The front matter keeps the raw bytes; the title itself is the unquoted value.
        title = Sentence(text=_unquote(raw), template=_template(_unquote(raw)), line=_line_of(text, start))

    blocks = _text_blocks(body, text, body_start, path)
    # Line numbers by bisection: counting from the start for each sentence was quadratic.
    newlines = [m.start() for m in re.finditer("\n", text)]
    if not blocks and title is None:
        raise SourceError("the article has no text", path=path, hint="add paragraphs after the front matter")
    paragraphs: list[Paragraph] = []
    head = ""
    pos = 0
    for block in blocks:
        pieces: list[str | Sentence] = []
        skeleton = body[pos : block.start]
        if paragraphs:
            last = paragraphs.pop()
            paragraphs.append(Paragraph(last.pieces, last.trail + skeleton))
        else:
            head = skeleton
        cursor = block.start
        for start, end, content in _sentences(block, lang):
            pieces.append(body[cursor:start])
            pieces.append(
                Sentence(
                    text=body[start:end],
                    template=_template(content),
                    line=bisect_left(newlines, body_start + start) + 1,
                )
            )
            cursor = end
        pieces.append(body[cursor : block.end])
        pos = block.end
        paragraphs.append(Paragraph(tuple(pieces), ""))
    if paragraphs:
        last = paragraphs.pop()
        paragraphs.append(Paragraph(last.pieces, last.trail + body[pos:]))
    else:
        head = body
    from pipeline.article import slug_for

    return Article(
        slug=slug_for(path),
        path=path,
        date=date,
        head=head,
        paragraphs=tuple(paragraphs),
        kind="markdown",
        front_matter=front,
        title=title,
        meta=tuple(meta.items()),
    )


_HTML_TAG = re.compile(r"<(/?[A-Za-z][\w:.+-]*|!--|\?|!\[CDATA\[)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# A pipe splits a table row unless a backslash precedes it (markdown-it's rule, code spans included).
_PIPE = re.compile(r"(?<!\\)\|")
# A backslash before the line end is a hard break: an odd number of them ends the text.
_TRAILING_BACKSLASH = re.compile(r"(?<!\\)(?:\\\\)*\\$")


def markup_signature(text: str) -> Counter[str]:
    """The inline markup of a Markdown string: emphasis, code, links, images and footnotes, counted.

    A translation must keep the msgid's signature (the same links, code and
    footnote references, as much emphasis), though it may move the markup
    anywhere. Pipes count too, since one more in a table cell is one more
    cell, and so does a backslash at the end, which would break the line.
    """
    if _MARKUP_STARTS.isdisjoint(text):
        return Counter()  # most sentences: markdown-it is neither loaded nor run
    return _signature(text)


# Every piece of markup a signature counts starts with one of these (a tag or an autolink, a pipe,
# a backslash, emphasis, code, a link, an image or a footnote reference).
_MARKUP_STARTS = frozenset("<|\\*_`[")


def _signature(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    # Raw HTML (and autolinks) as a renderer with HTML enabled would read them: a
    # translation must not bring tags its msgid has not (<script>, <img onerror=…>).
    found.update(f"html:{tag.lower()}" for tag in _HTML_TAG.findall(_CODE_SPAN.sub("", text)))
    pipes = len(_PIPE.findall(text))
    if pipes:
        found["pipe"] = pipes
    if _TRAILING_BACKSLASH.search(text):
        found["hardbreak"] += 1
    from pipeline.mdparser import ANY_FOOTNOTE, shared_parser

    for token in shared_parser().parseInline(text, {ANY_FOOTNOTE: True}):
        for child in token.children or ():
            if child.type in ("strong_open", "em_open"):
                found[child.type] += 1
            elif child.type == "code_inline":
                found[f"code:{child.content}"] += 1
            elif child.type == "link_open":
                found[f"link:{child.attrGet('href')}"] += 1
            elif child.type == "image":
                found[f"image:{child.attrGet('src')}"] += 1
            elif child.type == "footnote_ref":
                found[f"footnote:{child.meta['label']}"] += 1
    return found


def kept_front_matter(front: str) -> list[str]:
    """The front matter fields the build does not write itself, one safe ``key: value`` line each.

    Every value is quoted on one line (see :func:`quote_yaml`), so none can end
    the front matter or add a key; a flow sequence of plain values
    (``tags: [economy, space]``) stays a sequence, each item quoted. A key
    given twice keeps its last value, as YAML readers that accept it do.

    Args:
        front: The front matter exactly as written (:attr:`Article.front_matter`).
    """
    m = _FRONT_MATTER.match(front, len(_BOM) if front.startswith(_BOM) else 0)
    if m is None:
        return []
    fields: dict[str, tuple[str, str]] = {}
    for raw in m.group(1).splitlines():
        field = _FIELD.fullmatch(raw)
        if field is None or field.group(1).lower() in OWN_KEYS:
            continue
        fields[field.group(1).lower()] = (field.group(1), field.group(2))
    return [f"{key}: {_yaml_value(value)}" for key, value in fields.values()]


def quote_yaml(value: str) -> str:
    """A YAML double-quoted scalar for ``value``, on one line whatever it holds.

    Line breaks and other control characters are escaped, so a value (a
    translated title) can never end the front matter or add keys to it.
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_CONTROL.sub(lambda m: _YAML_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), escaped) + '"'


_YAML_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_YAML_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


# --- reading the source ------------------------------------------------------------


class _Block:
    """A paragraph, heading, table cell or footnote paragraph: its text, cut at hard breaks.

    Each unit is a run of lines a hard break does not interrupt, as
    ``(text, start, end)`` per line: the line's text and where it sits in the
    body. Sentences never cross units.
    """

    def __init__(self, units: list[list[tuple[str, int, int]]]) -> None:
        self.units = units

    @property
    def start(self) -> int:
        return self.units[0][0][1]

    @property
    def end(self) -> int:
        return self.units[-1][-1][2]


def _template(content: str):
    protected = [m.span() for m in _PROTECTED.finditer(content)]
    return extract_template(content, protected=protected)


def _text_blocks(body: str, text: str, body_start: int, path: Path) -> list[_Block]:
    """The translatable blocks of ``body`` in source order.

    Raises:
        SourceError: If the parser read text that cannot be found in the
            source; it would otherwise be published untranslated without a word.
    """
    starts = [0] + [m.end() for m in _LINE_END.finditer(body)]
    ends = [m.start() for m in _LINE_END.finditer(body)] + [len(body)]

    def line(number: int) -> tuple[int, str]:
        return starts[number], body[starts[number] : ends[number]]

    from pipeline.mdparser import shared_parser

    blocks = []
    cells: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens := shared_parser().parse(body)):
        if token.type == "tr_open" and token.map is not None:
            begin, row = line(token.map[0])
            cells = [(begin + s, begin + e, cell) for s, e, cell in _row_cells(row, token.meta["column"])]
            continue
        if token.type != "inline" or token.map is None:
            continue
        opener = tokens[i - 1].type
        if opener in ("th_open", "td_open"):
            # One inline token per column of the header row, in order; a short row's
            # missing cells are empty, and cells past the header's are not shown at all.
            start, end, cell = cells.pop(0) if cells else (0, 0, "")
            if cell != token.content:
                raise _unlocated(text, body_start + start, path)
            if token.content.strip():
                blocks.append(_Block([[(body[start:end], start, end)]]))
        elif opener in ("paragraph_open", "heading_open") and token.content.strip():
            block = _located(token, line, text, body_start, path)
            if block.units:
                blocks.append(block)
    return sorted(blocks, key=lambda block: block.start)


def _located(token, line, text: str, body_start: int, path: Path) -> _Block:
    """A paragraph's or heading's lines found in the source, cut into units at its hard breaks."""
    breaks = {
        child.meta["newline"]: child.meta["marker"]
        for child in token.children or ()
        if child.type == "hardbreak" and "newline" in child.meta
    }
    units: list[list[tuple[str, int, int]]] = [[]]
    line_no, last = token.map
    offset = 0  # where the current content line starts in token.content
    content_lines = token.content.split("\n")
    for j, content_line in enumerate(content_lines):
        marker = breaks.get(offset + len(content_line)) if j < len(content_lines) - 1 else None
        offset += len(content_line) + 1
        # The text of the line: without the break's backslash, and without the spaces
        # around it, which the renderer drops (or reads as a break).
        key = (content_line[: -len(marker)] if marker else content_line).strip(" \t")
        # Each content line ends a source line, after its container prefixes ("> ", list
        # indentation); a setext heading's underline is a source line with no content.
        while line_no < last:
            begin, source = line(line_no)
            line_no += 1
            if marker:
                source = source[: -len(marker)]
            at = source.rstrip(" \t").rfind(key)
            if at >= 0:
                if key:
                    units[-1].append((key, begin + at, begin + at + len(key)))
                break
        else:
            raise _unlocated(text, body_start + line(token.map[0])[0], path)
        if marker is not None and units[-1]:
            units.append([])
    return _Block([unit for unit in units if unit])


def _unlocated(text: str, offset: int, path: Path) -> SourceError:
    return SourceError(
        "text the Markdown parser reads here cannot be found in the source, so it could not be translated",
        path=path,
        line=_line_of(text, offset),
        hint="rewrite the line with plain spaces and no control characters",
    )


def _row_cells(row: str, column: int) -> list[tuple[int, int, str]]:
    r"""A table row's cells as markdown-it reads them: (start, end) in ``row`` and the cell's text.

    ``column`` is where the row starts after its container prefixes. The span
    is the cell as written (with ``\|`` escapes), trimmed; the text is what
    markdown-it makes of it, compared with the parser's cell by the caller.
    """
    from markdown_it.common.utils import MD_TRIM_CHARS, mdTrim

    text = mdTrim(row[column:])
    begin = column + len(row[column:]) - len(row[column:].lstrip(MD_TRIM_CHARS))
    cells: list[tuple[int, int, str]] = []
    start = 0
    kept: list[str] = []
    escaped = False
    for pos, ch in enumerate(text):
        if ch == "|" and not escaped:
            cells.append((start, pos, "".join(kept)))
            kept = []
            start = pos + 1
        elif ch == "|":
            kept[-1] = "|"  # markdown-it drops the backslash of an escaped pipe
        else:
            kept.append(ch)
        escaped = ch == "\\"
    cells.append((start, len(text), "".join(kept)))
    if cells and cells[0][2] == "":
        cells.pop(0)
    if cells and cells[-1][2] == "":
        cells.pop()
    out = []
    for start, end, cell in cells:
        raw = text[start:end]
        lead = len(raw) - len(raw.lstrip(MD_TRIM_CHARS))
        trail = len(raw) - len(raw.rstrip(MD_TRIM_CHARS))
        out.append((begin + start + lead, begin + end - trail, mdTrim(cell)))
    return out


def _sentences(block: _Block, lang: str):
    """Sentences of a block as (start, end, msgid text): offsets in the body."""
    for unit in block.units:
        # Map content offsets to body offsets; a soft line break is a space here.
        starts = []
        pos = 0
        for key, start, _ in unit:
            starts.append((pos, start))
            pos += len(key) + 1
        flat = " ".join(key for key, _, _ in unit)

        def to_body(offset: int, starts=starts) -> int:
            base_content, base_body = starts[0]
            for content_at, body_at in starts:
                if content_at <= offset:
                    base_content, base_body = content_at, body_at
            return base_body + (offset - base_content)

        # The segmenter does not know footnote references: hidden from it, a reference
        # after a full stop ("note.[^1] Next") no longer glues two sentences together,
        # and goes back into the sentence it ends so that translators can move it.
        masked = _FOOTNOTE_REF.sub(lambda m: " " * len(m.group()), flat)
        for span in sentence_spans(masked, lang):
            end = span.end
            while (ref := _FOOTNOTE_REF.match(flat, end)) is not None:
                end = ref.end()
            text = re.sub(r"\s+", " ", flat[span.start : end])
            if not any(ch.isalpha() for ch in masked[span.start : end]) and not _template(text).is_format:
                # "3", "—", "✓" (a table's cells, mostly) read the same in every language:
                # as messages they would only wait for a translator and count as fallbacks.
                continue
            yield to_body(span.start), to_body(end - 1) + 1, text


def _read_front_matter(text: str, path: Path) -> tuple[str, dict[str, str], tuple[int, int] | None, int]:
    # A UTF-8 byte order mark belongs to the file: the front matter starts after it.
    bom = len(_BOM) if text.startswith(_BOM) else 0
    m = _FRONT_MATTER.match(text, bom)
    if m is None:
        return text[:bom], {}, None, bom
    meta: dict[str, str] = {}
    title_span = None
    offset = m.start(1)
    for raw in m.group(1).splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            field = _FIELD.fullmatch(line)
            if field is None:
                raise SourceError(
                    f"front matter line {line.strip()!r} is not 'key: value'",
                    path=path,
                    line=_line_of(text, offset),
                    hint="write one key: value per line between the --- lines",
                )
            key, value = field.group(1).lower(), field.group(2)
            meta[key] = _unquote(value)
            if key == "title" and value:
                start = offset + field.start(2)
                title_span = (start, start + len(value))
        offset += len(raw)
    return text[: m.end()], meta, title_span, m.end()


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r'\\(["\\])', r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _yaml_value(raw: str) -> str:
    """A front matter value as written, quoted: a string, or a flow sequence of strings."""
    if raw.startswith("[") and raw.endswith("]"):
        items = _flow_items(raw[1:-1])
        if items is not None:
            return "[" + ", ".join(quote_yaml(_unquote(item)) for item in items) + "]"
    return quote_yaml(_unquote(raw))


def _flow_items(inner: str) -> list[str] | None:
    """The items of a one-level YAML flow sequence, or None if it is anything more."""
    items = []
    current = ""
    quote = ""
    for ch in inner:
        if quote:
            current += ch
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch == ",":
            items.append(current.strip())
            current = ""
        elif ch in "[]{}":
            return None  # nested collections are kept as one quoted string
        else:
            current += ch
    if quote:
        return None
    items.append(current.strip())
    if items and not items[-1]:
        items.pop()  # [a, b,]
    return None if any(not item for item in items) else items


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
