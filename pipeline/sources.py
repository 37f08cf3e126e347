"""The project's inputs as text: articles, published translations and the glossary, decoded and checked.

The bytes come from :mod:`pipeline.store` (the only module that touches the
disk); this module decides what text is acceptable: not too large, UTF-8,
no control characters, no paragraph too long to segment, a glossary's columns.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pipeline import store
from pipeline.article import parse_article
from pipeline.config import Config
from pipeline.errors import ConfigError, SourceError
from pipeline.markdown import parse_markdown_article
from pipeline.models import Article, GlossaryTerm

#: The longest paragraph (text between blank lines) an article may have, in characters.
MAX_PARAGRAPH = 6_000_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# C0 controls other than tab and line breaks, DEL, and C1 controls other than NEL.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f\x80-\x84\x86-\x9f]")


def read_article(path: Path, config: Config, data: bytes | None = None) -> Article:
    """Read and parse one article (from ``data`` if its bytes were read already).

    Raises:
        SourceError: If the file cannot be read, is not UTF-8, or has no text.
    """
    shown = config.relative(path)
    if data is None:
        data = store.read_source(path, config)
    text = _decoded(data, shown)
    # Segmentation and matching grow faster than the text: a 10 MB paragraph took minutes.
    longest = max(_BLANK_LINE.split(text), key=len).strip("\n")
    if len(longest) > MAX_PARAGRAPH:
        raise SourceError(
            f"a paragraph of {len(longest):,} characters, more than the {MAX_PARAGRAPH:,} allowed",
            path=shown,
            line=text.count("\n", 0, text.find(longest)) + 1,
            hint="separate its paragraphs with blank lines",
        )
    if path.suffix == ".md":
        return parse_markdown_article(text, shown, config.source.code)
    return parse_article(text, shown, config.source.code)


def read_translation(path: Path, shown: str) -> str:
    """A published translation of an article (for ``l10n align``), read as an article is (it may lie anywhere).

    Raises:
        SourceError: If the file cannot be read, is not UTF-8 or holds control characters.
    """
    return (
        _decoded(store.read_file(path, shown), shown).removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    )


def _decoded(data: bytes, shown: Path | str) -> str:
    """An article's text: not too large, UTF-8, no control characters (else one line saying which)."""
    if len(data) > store.MAX_FILE_BYTES:
        raise SourceError(
            f"the file is {len(data):,} bytes, more than the {store.MAX_FILE_BYTES:,} an article may have",
            path=shown,
            hint="is this the right file?",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("the file is UTF-16", path=shown, line=1, hint="save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=shown,
            line=line,
            hint="save the file as UTF-8",
        ) from None
    bad = _CONTROL.search(text)
    if bad:
        raise SourceError(
            f"control character U+{ord(bad.group()):04X} in the text",
            path=shown,
            line=text.count("\n", 0, bad.start()) + 1,
            hint="remove it; articles are plain text",
        )
    return text


def read_glossary(config: Config) -> tuple[GlossaryTerm, ...]:
    """The project's ``glossary.csv`` (columns ``en`` and one per language), if it has one.

    Raises:
        ConfigError: If the file has no ``en`` column or a row is malformed.
    """
    text = store.read_glossary_text(config)
    if text is None:
        return ()
    shown = config.relative(config.root / "glossary.csv")
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if not header or config.source.code not in header:
        raise ConfigError(
            f"the glossary has no {config.source.code!r} column", path=shown, line=1, hint="start it with en,kk,ru"
        )
    terms = []
    for line, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise ConfigError("more cells than columns (quote cells that contain commas)", path=shown, line=line)
        record = dict(zip(header, row, strict=False))
        source = record.get(config.source.code, "").strip()
        if not source:
            raise ConfigError(f"the {config.source.code!r} cell is empty", path=shown, line=line)
        targets = {
            loc.code: tuple(o.strip() for o in record.get(loc.code, "").split("|") if o.strip())
            for loc in config.targets
        }
        terms.append(GlossaryTerm(source, targets))
    return tuple(terms)
