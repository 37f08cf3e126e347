"""Markdown articles: front matter, translatable text spans, and the rest kept as it is.

Parsed with markdown-it-py (a CommonMark-compliant, well-kept parser used by
MyST and Jupyter), not with regular expressions. Only the text of paragraphs
and headings is offered for translation; inline markup inside a sentence
(emphasis, links, code) stays in the msgid so translators can move it. Every
other byte (block markers, code, HTML, blank lines) is skeleton, so building
the source language reproduces the file byte for byte.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path

from markdown_it import MarkdownIt

from pipeline.errors import SourceError
from pipeline.models import Article, Paragraph, Sentence
from pipeline.placeholders import extract_template
from pipeline.segment import sentence_spans

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_FIELD = re.compile(r"([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Inline code, link and image destinations, autolinks and raw HTML: never values.
_PROTECTED = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[^<>\s]+>|https?://\S+")


def parser() -> MarkdownIt:
    """The Markdown parser used everywhere (CommonMark; raw HTML is not passed through)."""
    return MarkdownIt("commonmark", {"html": False})


def parse_markdown_article(text: str, path: Path, lang: str) -> Article:
    """Parse a Markdown article with optional front matter (title, date, source, ...).

    Raises:
        SourceError: If the front matter is malformed or the article has no text.
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

    blocks = _text_blocks(body)
    if not blocks and title is None:
        raise SourceError("the article has no text", path=path, hint="add paragraphs after the front matter")
    paragraphs: list[Paragraph] = []
    head = ""
    pos = 0
    for block in blocks:
        pieces: list[str | Sentence] = []
        skeleton = body[pos : block.spans[0][0]] if block.spans else ""
        if paragraphs:
            last = paragraphs.pop()
            paragraphs.append(Paragraph(last.pieces, last.trail + skeleton))
        else:
            head = skeleton
        cursor = block.spans[0][0]
        for start, end, content in _sentences(block, body, lang):
            pieces.append(body[cursor:start])
            pieces.append(
                Sentence(
                    text=body[start:end],
                    template=_template(content),
                    line=_line_of(text, body_start + start),
                )
            )
            cursor = end
        pieces.append(body[cursor : block.spans[-1][1]])
        pos = block.spans[-1][1]
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


def markup_signature(text: str) -> Counter[str]:
    """The inline markup of a Markdown string: emphasis, code, links and images, counted.

    A translation must keep the msgid's signature (the same links and code,
    as much emphasis), though it may move the markup anywhere.
    """
    found: Counter[str] = Counter()
    # Raw HTML (and autolinks) as a renderer with HTML enabled would read them: a
    # translation must not bring tags its msgid has not (<script>, <img onerror=…>).
    found.update(f"html:{tag.lower()}" for tag in _HTML_TAG.findall(_CODE_SPAN.sub("", text)))
    for token in parser().parseInline(text):
        for child in token.children or ():
            if child.type in ("strong_open", "em_open"):
                found[child.type] += 1
            elif child.type == "code_inline":
                found[f"code:{child.content}"] += 1
            elif child.type == "link_open":
                found[f"link:{child.attrGet('href')}"] += 1
            elif child.type == "image":
                found[f"image:{child.attrGet('src')}"] += 1
    return found


# --- internals -------------------------------------------------------------------


class _Block:
    """A paragraph or heading: its content lines and where each sits in the body."""

    def __init__(self, content: str, spans: list[tuple[int, int]]) -> None:
        self.content = content
        self.spans = spans  # per content line: [start, end) in the body


def _template(content: str):
    protected = [m.span() for m in _PROTECTED.finditer(content)]
    return extract_template(content, protected=protected)


def _text_blocks(body: str) -> list[_Block]:
    lines = body.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    blocks = []
    tokens = parser().parse(body)
    for i, token in enumerate(tokens):
        if token.type != "inline" or token.map is None or not token.content.strip():
            continue
        if i == 0 or tokens[i - 1].type not in ("paragraph_open", "heading_open"):
            continue
        content_lines = token.content.split("\n")
        spans = []
        line_no = token.map[0]
        for content_line in content_lines:
            # Each content line is the end of a source line, after its container
            # prefixes ("> ", list indentation) and before trailing spaces.
            while line_no < token.map[1]:
                source = lines[line_no].rstrip("\r\n")
                at = source.rstrip().rfind(content_line) if content_line else -1
                line_no += 1
                if at >= 0:
                    start = offsets[line_no - 1] + at
                    spans.append((start, start + len(content_line)))
                    break
            else:
                break
        if len(spans) == len(content_lines):
            blocks.append(_Block(token.content, spans))
    return blocks


def _sentences(block: _Block, body: str, lang: str):
    """Sentences of a block as (start, end, msgid text): offsets in the body."""
    # Map content offsets to body offsets; a soft line break is a space here.
    starts = []
    pos = 0
    for (start, _), line in zip(block.spans, block.content.split("\n"), strict=True):
        starts.append((pos, start))
        pos += len(line) + 1
    flat = block.content.replace("\n", " ")

    def to_body(offset: int) -> int:
        base_content, base_body = starts[0]
        for content_at, body_at in starts:
            if content_at <= offset:
                base_content, base_body = content_at, body_at
        return base_body + (offset - base_content)

    for span in sentence_spans(flat, lang):
        yield to_body(span.start), to_body(span.end - 1) + 1, re.sub(r"\s+", " ", flat[span.start : span.end])


def _read_front_matter(text: str, path: Path) -> tuple[str, dict[str, str], tuple[int, int] | None, int]:
    m = _FRONT_MATTER.match(text)
    if m is None:
        return "", {}, None, 0
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
    return m.group(0), meta, title_span, m.end()


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r'\\(["\\])', r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def quote_yaml(value: str) -> str:
    """A YAML double-quoted scalar for ``value``, on one line whatever it holds.

    Line breaks and other control characters are escaped, so a value (a
    translated title) can never end the front matter or add keys to it.
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_CONTROL.sub(lambda m: _YAML_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), escaped) + '"'


_YAML_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_YAML_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
