"""The GNU-layout PO writer: a ``polib.POFile`` as text, byte for byte what GNU ``msgcat`` prints for it.

polib's own writer wraps differently from GNU gettext, so ``msgcat`` would
rewrite every file it saved; this one reproduces GNU's layout (line breaking
by :mod:`pipeline.linebreak`, its escapes, its quirks with python-brace-format).
The reader is :mod:`pipeline.pofile`, which re-exports :func:`dump_po` and
:data:`DEFAULT_WIDTH`: the rest of the pipeline imports both from there.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import polib

from pipeline.linebreak import fill

#: GNU gettext's page width (msgcat's default --width).
DEFAULT_WIDTH = 79

#: How many written strings :func:`dump_po` remembers (their lines; the least recently used go first).
#: Sized for the distinct msgids and translations of a large archive's language, which recur across
#: its articles in no order an LRU cache of a few thousand would keep.
FIELDS_CACHED = 131072

_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v",
}  # fmt: skip
_NEEDS_ESCAPE = re.compile('[\\\\"\n\t\r\a\b\f\v]')
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def dump_po(po: polib.POFile, *, width: int | None = DEFAULT_WIDTH) -> str:
    r"""The catalogue as GNU gettext writes it (``msgcat`` leaves it unchanged).

    Args:
        po: The catalogue.
        width: The page width (79 as in GNU gettext), or None not to wrap
            (``--no-wrap``): lines then break only after ``\\n``.
    """
    # --no-wrap affects strings only: GNU still folds #: lines at the default width.
    page = width if width is not None else 10**9
    ref_page = width if width is not None else DEFAULT_WIDTH
    out: list[str] = []
    blocks = []
    header_lines = []
    for line in po.header.split("\n") if po.header else []:
        header_lines.append(f"# {line}" if line else "#")
    header = "".join(f"{k}\n" if v is None else f"{k}: {v}\n" for k, v in po.metadata.items())
    head = list(header_lines)
    if po.metadata_is_fuzzy:
        flags = po.metadata_is_fuzzy if isinstance(po.metadata_is_fuzzy, list) else ["fuzzy"]
        head.append("#, " + ", ".join(flags))
    head += _field("", "msgid", "", page, False)
    head += _field("", "msgstr", header, page, False)
    blocks.append(head)
    active = [e for e in po if not e.obsolete]
    obsolete = [e for e in po if e.obsolete]
    blocks.extend(_entry_lines(e, page, ref_page) for e in active)
    blocks.extend(_entry_lines(e, page, ref_page) for e in obsolete if e.msgstr or any(e.msgstr_plural.values()))
    for block in blocks:
        out.append("\n".join(block))
    return "\n\n".join(out) + "\n"


def _entry_lines(entry: polib.POEntry, page: int, ref_page: int) -> list[str]:
    lines = []
    if entry.tcomment:
        lines += [f"# {c}" if c else "#" for c in entry.tcomment.split("\n")]
    if entry.comment:
        lines += [f"#. {c}" if c else "#." for c in entry.comment.split("\n")]
    if entry.occurrences:
        lines += _references(entry.occurrences, ref_page)
    flags = list(entry.flags)
    if "fuzzy" in flags:
        # GNU gettext drops "fuzzy" from an entry with nothing translated.
        translated = entry.msgstr or any(entry.msgstr_plural.values())
        flags = (["fuzzy"] if translated else []) + [f for f in flags if f != "fuzzy"]
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    prev = "#~| " if entry.obsolete else "#| "
    brace = "python-brace-format" in flags
    fields = [
        (prev, "msgctxt", entry.previous_msgctxt),
        (prev, "msgid", entry.previous_msgid),
        (prev, "msgid_plural", entry.previous_msgid_plural),
        (prefix, "msgctxt", entry.msgctxt),
        (prefix, "msgid", entry.msgid),
    ]
    if entry.msgid_plural:
        fields.append((prefix, "msgid_plural", entry.msgid_plural))
        fields += [(prefix, f"msgstr[{i}]", entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)]
    else:
        fields.append((prefix, "msgstr", entry.msgstr))
    for field_prefix, name, value in fields:
        if value is not None:
            lines += _field(field_prefix, name, value, page, brace)
    return lines


@lru_cache(maxsize=FIELDS_CACHED)
def _field(prefix: str, name: str, value: str, page: int, brace: bool) -> tuple[str, ...]:
    """The lines of ``name "value"`` (see :func:`_wrap`), the string protected as python-brace-format if ``brace``.

    Memoised: a msgid is written in the template and again in each language's
    catalogue of its article, and short strings recur (empty translations).
    """
    return tuple(_wrap(prefix, name, value, page, _gnu_directive_guard(value) if brace else frozenset()))


def forget() -> None:
    """Drop the remembered lines of written strings (before a process's peak of memory, where they no longer pay)."""
    _field.cache_clear()


def _gnu_directive_guard(value: str) -> frozenset[int]:
    """Indexes of ``value`` where GNU gettext 0.21 refuses to break a python-brace-format string.

    GNU means to keep each ``{name}`` on one line, but its parser records a
    directive's start and end relative to that directive instead of to the
    string, so the protected span is always bytes 1 to ``e`` of the UTF-8
    string, ``e`` being the smallest such relative end in bytes (or nothing
    when the first mark is an error). Reproducing this keeps our files
    identical to ``msgcat``'s.
    """
    marks: list[tuple[int, str]] = []  # (relative byte offset, "start" | "end" | "error")
    pos = value.find("{")
    while pos != -1:
        end = _gnu_parse_directive(value, pos, marks, toplevel=True)
        if end is None:
            break
        pos = value.find("{", end)
    if not any(kind == "start" for _, kind in marks):
        return frozenset()
    stops = [(i, kind) for i, kind in marks if kind in ("end", "error")]
    if not stops:
        return frozenset()
    stop, kind = min(stops)
    if kind == "error":
        return frozenset()
    if value.isascii():
        return frozenset(range(1, stop + 1))
    protected = []
    offset = 0  # in bytes, where GNU counts
    for index, ch in enumerate(value):
        if offset > stop:
            break
        if offset >= 1:
            protected.append(index)
        offset += len(ch.encode("utf-8"))
    return frozenset(protected)


def _gnu_parse_directive(value: str, start: int, marks: list[tuple[int, str]], *, toplevel: bool) -> int | None:
    """Parse one brace directive the way GNU's format-python-brace.c does; return the index after it."""
    n = len(value)

    def mark(at: int, kind: str) -> None:
        marks.append((len(value[start:at].encode("utf-8")), kind))

    def name(at: int) -> int:
        if at < n and (value[at].isascii() and (value[at].isalpha() or value[at] == "_")):
            at += 1
            while at < n and value[at].isascii() and (value[at].isalnum() or value[at] == "_"):
                at += 1
        return at

    def number(at: int) -> int:
        while at < n and "0" <= value[at] <= "9":
            at += 1
        return at

    i = start + 1
    if i < n and value[i] == "{":
        return i + 1
    name_start = i
    j = name(i)
    if j == i:
        j = number(i)
    if j > i:
        i = j
        while i < n and value[i] in ".[":
            if value[i] == ".":
                k = name(i + 1)
                if k == i + 1:
                    mark(i if i + 1 >= n else i + 1, "error")
                    return None
                i = k
            else:
                k = name(i + 1)
                if k == i + 1:
                    k = number(i + 1)
                if k == i + 1:
                    mark(i if i + 1 >= n else i + 1, "error")
                    return None
                if k >= n or value[k] != "]":
                    mark(k - 1, "error")
                    return None
                i = k + 1
    else:
        if i >= n:
            mark(i - 1, "error")
            return None
        if not (toplevel and value[i] in ":}"):
            mark(i, "error")
            return None
    if i < n and value[i] == ":":
        if not toplevel:
            mark(i, "error")
            return None
        i += 1
        if i < n and value[i] == "{":
            nested = _gnu_parse_directive(value, i, marks, toplevel=False)
            if nested is None:
                return None
            i = nested
        else:
            if i >= n:
                mark(i - 1, "error")
                return None
            if i + 1 < n and value[i + 1] in "<>=^":
                i += 2
            elif value[i] in "<>=^":
                i += 1
            if i < n and value[i] in "+- ":
                i += 1
            if i < n and value[i] == "#":
                i += 1
            if i < n and value[i] == "0":
                i += 1
            i = number(i)
            if i < n and value[i] == ".":
                k = number(i + 1)
                i = k if k > i + 1 else i
            if i < n and value[i] in "bcdoxXneEfFgG%":
                i += 1
    if i >= n or value[i] != "}":
        mark(i - 1, "error")
        return None
    if toplevel:
        mark(name_start - 1, "start")
        mark(i, "end")
    return i + 1


def _references(occurrences: list[tuple[str, str]], page: int) -> list[str]:
    lines = []
    line = "#:"
    for file, num in occurrences:
        ref = f"{file}:{num}" if num else file
        if line != "#:" and len(line) + 1 + len(ref) > page:
            lines.append(line)
            line = "#:"
        line += " " + ref
    lines.append(line)
    return lines


def _escape(text: str, base: int = 0, guard: frozenset[int] = frozenset()) -> tuple[str, frozenset[int]]:
    """Escape a string; return it and the indexes where GNU never breaks.

    Those are the second character of each escape sequence and the escaped
    positions of the raw indexes in ``guard`` (``text`` starts at raw index ``base``).
    """
    escapes = [m.start() for m in _NEEDS_ESCAPE.finditer(text)]
    if not escapes:
        # The common case: nothing to escape, so raw and escaped positions are the same.
        return text, frozenset(k - base for k in guard if base <= k < base + len(text))
    # A raw index moves right by one for every escape before it.
    prohibited = {k + n + 1 for n, k in enumerate(escapes)}
    prohibited.update(k - base + bisect_left(escapes, k - base) for k in guard if base <= k < base + len(text))
    return text.translate(_ESCAPE_TABLE), frozenset(prohibited)


def _wrap(prefix: str, name: str, value: str, page: int, guard: frozenset[int] = frozenset()) -> list[str]:
    """Lines for ``name "value"`` wrapped as GNU gettext's write-po does.

    ``guard`` holds indexes of ``value`` before which no break is allowed.
    """
    after_break = len(prefix) + 1
    width = page - 1 - after_break
    if "\n" not in value and not _NEEDS_ESCAPE.search(value):
        # Most strings are one short line with nothing to escape: the loop below would give this line.
        startcol = len(name) + 1
        if startcol + len(value) <= width and not fill(value, width, startcol, guard):
            return [f'{prefix}{name} "{value}"']
    portions = []
    start = 0
    while True:
        end = value.find("\n", start)
        if end == -1 or end == len(value) - 1:
            portions.append(value[start:])
            break
        portions.append(value[start : end + 1])
        start = end + 1
    lines: list[str] = []
    first = True
    base = 0
    for n, portion in enumerate(portions):
        escaped, prohibited = _escape(portion, base, guard)
        base += len(portion)
        if portion.endswith("\n"):
            prohibited = prohibited | {len(escaped) - 2}
        more = n < len(portions) - 1
        while True:
            startcol = (len(prefix) + len(name) + 1 if first else len(prefix)) + 1 - after_break
            breaks = fill(escaped, width, startcol, prohibited)
            if first and escaped and (more or startcol > width or breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        pieces = []
        last = 0
        for b in breaks:
            pieces.append(escaped[last:b])
            last = b
        pieces.append(escaped[last:])
        for i, piece in enumerate(pieces):
            lead = f"{prefix}{name} " if first and i == 0 else prefix
            lines.append(f'{lead}"{piece}"')
        first = False
    return lines
