"""The strict PO reader: a PO or POT file's bytes to a ``polib.POFile``, refusing anything msgfmt would refuse.

polib is the data model (``POFile``/``POEntry``), but its reader is lenient
(``msgstr "gov.k`` without the closing quote reads as ``gov.k``), so reading
is done here instead: every problem is reported with ``path:line:col``. The
writer is :mod:`pipeline.powriter`; its :func:`dump_po` and
:data:`DEFAULT_WIDTH` are re-exported here, so that callers import PO
reading and writing from this one module.
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.errors import CatalogError
from pipeline.poscan import UNESCAPES as _UNESCAPES
from pipeline.poscan import scan
from pipeline.powriter import DEFAULT_WIDTH, dump_po
from pipeline.powriter import forget as forget_written

__all__ = ["DEFAULT_WIDTH", "MAX_STRING", "dump_po", "forget_written", "parse_po"]

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[ \t\"]|$)")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)


@dataclass
class _Draft:
    """An entry being read."""

    line: int
    obsolete: bool = False
    tcomment: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    plural: dict[int, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return bool(self.fields or self.plural)


#: The longest msgid or msgstr accepted, in characters.
MAX_STRING = 2_000_000


def parse_po(data: bytes, path: Path | str) -> polib.POFile:
    """Read a PO or POT file strictly.

    Args:
        data: The file's bytes.
        path: Shown in error messages.

    Raises:
        CatalogError: With the line (and column) of the first problem: invalid
            UTF-8, an unterminated string, a bad escape, a keyword without its
            string, msgid without msgstr, a duplicate message, a charset other
            than UTF-8 (or none), or plural forms that disagree with the header.
    """
    text = _decode(data, path)
    # Most files are in the layout our writer and msgmerge give them, which the fast path reads;
    # anything else, every error among it, is left to the careful reader.
    po = _read_fast(text)
    return po if po is not None else _read_careful(text, path)


def kept(po: polib.POFile) -> bytes | None:
    """``po`` as bytes that :func:`restored` makes the same catalogue of, for a run that needs it again.

    Every attribute of the file and of each entry, marshalled: restoring
    takes about a seventh of the time of parsing the file again, and, unlike
    a pickle, runs no code. None when ``po`` holds what marshal cannot write
    (objects of another polib than the one this reader was written for).
    """
    if any(type(entry) is not polib.POEntry for entry in po):
        return None
    try:
        return marshal.dumps((vars(po), [vars(entry) for entry in po]))
    except ValueError:
        return None


def restored(data: bytes) -> polib.POFile:
    """The catalogue :func:`kept` made ``data`` of: equal in every attribute, sharing nothing with it."""
    # Bytes kept made in this run (an update's scratch file, read through the descriptor it wrote them with).
    attributes, entries = marshal.loads(data)  # noqa: S302
    po = polib.POFile.__new__(polib.POFile)
    po.__dict__ = attributes
    made = []
    new = polib.POEntry.__new__
    for fields in entries:
        entry = new(polib.POEntry)
        entry.__dict__ = fields
        made.append(entry)
    po.extend(made)  # as the reader adds them
    return po


def _parse_po_fast(data: bytes, path: Path | str) -> polib.POFile | None:
    """What the fast path makes of a file, or None where :func:`parse_po` would read it carefully (for tests)."""
    return _read_fast(_decode(data, path))


def _parse_po_careful(data: bytes, path: Path | str) -> polib.POFile:
    """:func:`parse_po` without its fast path: the reference the fast path is tested against."""
    return _read_careful(_decode(data, path), path)


def _decode(data: bytes, path: Path | str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CatalogError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", column=col, path=path, line=line, hint="save it as UTF-8"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _read_careful(text: str, path: Path | str) -> polib.POFile:
    drafts = _read_drafts(text, path)
    # Only a file that has an EOT or a NUL, raw or possibly escaped, needs each string looked at for one.
    special = "\x04" in text or "\x00" in text or _BYTE_ESCAPE.search(text) is not None
    return _build(drafts, path, eot=special, ascii=text.isascii())


def _read_fast(text: str) -> polib.POFile | None:
    """The catalogue read by :func:`pipeline.poscan.scan`; None wherever :func:`_build` would refuse it or might.

    The checks are :func:`_build`'s, without messages: the careful reader gives those.
    """
    # No string can be longer than the text; EOT and NUL are looked for by the careful path only.
    if len(text) > MAX_STRING or "\x04" in text or "\x00" in text:
        return None
    entries = scan(text)
    if entries is None:
        return None
    po = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    nplurals = None
    if entries:
        first = entries[0]
        if first.msgid == "" and first.msgctxt is None and not first.obsolete:
            # A plural header's msgstr is "" here as in _build, so it has no charset either.
            metadata = _parse_header(first.msgstr)
            content_type = metadata.get("Content-Type") or ""  # None: the name without a colon
            forms = metadata.get("Plural-Forms") or ""
            charset = _CHARSET.search(content_type)
            if charset is None:
                return None
            name = charset.group(1).upper()
            if name not in ("UTF-8", "UTF8") and not (name in _ASCII_CHARSETS and text.isascii()):
                return None
            m = _NPLURALS.search(forms)
            if m is not None:
                try:
                    nplurals = int(m.group(1))
                except ValueError:
                    return None
            po.header = first.tcomment
            po.metadata_is_fuzzy = first.flags
            po.metadata = metadata
            entries = entries[1:]
        elif first.msgid != "":
            return None  # no header entry
    if len({(entry.msgctxt, entry.msgid) for entry in entries}) != len(entries):
        return None  # a duplicate
    for entry in entries:
        plural = entry.msgstr_plural
        if plural and not entry.obsolete:
            if nplurals is None:
                if any(plural.values()):
                    return None
            elif len(plural) != nplurals:
                return None
    po.extend(entries)
    return po


# An octal or hex escape: it may stand for EOT or NUL.
_BYTE_ESCAPE = re.compile(r"\\(?:[0-7]|x[0-9A-Fa-f])")


def _read_drafts(text: str, path: Path | str) -> list[_Draft]:
    drafts: list[_Draft] = []
    draft = _Draft(line=1)
    # The field that continuation strings ("...") append to, and whether it is a #| field.
    target: tuple[str, int | None, bool] | None = None

    def finish() -> None:
        nonlocal draft
        if draft.started:
            _check_complete(draft, path)
            drafts.append(draft)
        elif draft.previous:
            raise CatalogError("a '#|' previous message without a message after it", path=path, line=draft.line)
        draft = _Draft(line=lineno + 1)

    def begin(key: _Pending, value: str) -> tuple[str, int | None, bool]:
        """Start the field of keyword ``key`` with its first string; return what later strings append to."""
        nonlocal draft
        name, index, lineno = key.name, key.index, key.line
        if key.previous:
            if draft.started:
                finish()
            draft.previous[name] = value
            return (name, None, True)
        if name in ("msgctxt", "msgid") and (draft.started and ("msgid" in draft.fields or name == "msgctxt")):
            finish()
        if not draft.started:
            draft.line = lineno
            draft.obsolete = key.obsolete
        elif draft.obsolete != key.obsolete:
            raise CatalogError("an entry mixes obsolete (#~) and active lines", path=path, line=lineno)
        if index is not None:
            if name != "msgstr":
                raise CatalogError(f"{name}[{index}] is not a keyword", path=path, line=lineno)
            i = int(index)
            if i in draft.plural or i != len(draft.plural):
                raise CatalogError(f"msgstr[{i}] is out of order", path=path, line=lineno, hint="number them 0, 1, 2…")
            draft.plural[i] = value
            return (name, i, False)
        if name in draft.fields:
            raise CatalogError(
                f"a second {name} in one entry", path=path, line=lineno, hint="separate entries with a blank line"
            )
        draft.fields[name] = value
        draft.order.append(name)
        return (name, None, False)

    def append(into: tuple[str, int | None, bool], value: str, obsolete: bool) -> None:
        """Add a continuation string to the field it belongs to."""
        name, index, is_prev = into
        if draft.started and obsolete != draft.obsolete:
            # As msgfmt: read either way, the string would change what the entry says.
            raise CatalogError("an entry mixes obsolete (#~) and active lines", path=path, line=lineno)
        if is_prev:
            draft.previous[name] += value
        elif index is None:
            draft.fields[name] += value
        else:
            draft.plural[index] += value

    pending: _Pending | None = None  # a keyword whose first string is still to come
    lineno = 0
    # Old Mac files end lines with a bare CR; msgfmt reads them, and read as
    # one line their first comment would swallow every message.
    lines = re.split(r"\r\n?|\n", text) if "\r" in text else text.split("\n")
    for lineno, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        obsolete = False
        previous = False
        body = stripped
        if body.startswith("#~"):
            obsolete = True
            body = body[2:].lstrip()
            if body.startswith("|"):
                previous = True
                body = body[1:].lstrip()
            elif body.startswith("#") or not body:
                if pending is not None:
                    raise _no_string(pending)
                continue  # a comment inside an obsolete entry carries nothing msgfmt reads
        elif body.startswith("#|"):
            previous = True
            body = body[2:].lstrip()
        elif body.startswith("#"):
            if pending is not None:
                raise _no_string(pending)
            if draft.started:
                finish()
            _read_comment(draft, line.lstrip(), lineno)
            target = None
            continue

        col0 = len(line) - len(body)  # where body starts in the line
        if pending is not None and not body.startswith('"'):
            raise _no_string(pending)
        if pending is None and "\\" not in body and body.endswith('"'):
            # The common lines, one keyword and one plain string or a plain continuation, without the token loop.
            if body[0] == '"' and target is not None and body.find('"', 1) == len(body) - 1:
                append(target, body[1:-1], obsolete)
                continue
            m = _KEYWORD.match(body)
            if m is not None:
                rest = body[m.end() :].lstrip(" \t")
                if rest[:1] == '"' and rest.find('"', 1) == len(rest) - 1:
                    key = _Pending(m.group(1), m.group(2), previous, obsolete, lineno, col0 + m.end() + 1, path)
                    target = begin(key, rest[1:-1])
                    continue
        pos = 0
        after_string = -1  # where the last string of this line ended
        while pos < len(body):
            if body[pos] in " \t":
                pos += 1
                continue
            if body[pos] == '"':
                start = pos
                value, pos = _read_string(body, path, lineno, col0, pos)
                after_string = pos
                if pending is not None:
                    target = begin(pending, value)
                    pending = None
                elif target is None:
                    raise CatalogError(
                        "a string without a keyword before it",
                        column=col0 + start + 1,
                        path=path,
                        line=lineno,
                        hint="start it with msgid or msgstr",
                    )
                else:
                    append(target, value, obsolete)
                continue
            m = _KEYWORD.match(body, pos)
            if m is None:
                if pos == after_string:
                    raise CatalogError(
                        "text after the closing quote",
                        column=col0 + pos + 1,
                        path=path,
                        line=lineno,
                        hint='escape a quote inside a string as \\"',
                    )
                if re.match(r"domain\s", body[pos:]):
                    raise CatalogError(
                        "a domain directive: this file holds several catalogues",
                        column=col0 + pos + 1,
                        path=path,
                        line=lineno,
                        hint="keep one article's messages per file (msggrep or msgcat can split it)",
                    )
                raise CatalogError(
                    f"unexpected text {body[pos : pos + 20]!r}",
                    column=col0 + pos + 1,
                    path=path,
                    line=lineno,
                    hint="each line must be a comment, a keyword or a quoted string",
                )
            if pending is not None:
                raise _no_string(pending)
            # msgfmt takes several keywords on a line, and a keyword's string on the next line.
            pending = _Pending(m.group(1), m.group(2), previous, obsolete, lineno, col0 + m.end() + 1, path)
            pos = m.end()
    lineno += 1
    if pending is not None:
        raise _no_string(pending)
    finish()
    return drafts


@dataclass(slots=True)
class _Pending:
    """A keyword read, its first string not yet."""

    name: str
    index: str | None
    previous: bool
    obsolete: bool
    line: int
    column: int
    path: Path | str


def _no_string(key: _Pending) -> CatalogError:
    return CatalogError(
        f"{key.name} has no string after it",
        column=key.column,
        path=key.path,
        line=key.line,
        hint='write it as msgstr ""',
    )


def _read_comment(draft: _Draft, line: str, lineno: int) -> None:
    kind = line[1:2]
    if kind == ".":
        draft.comment.append(_comment_text(line[2:]))
    elif kind == ":":
        for token in line[2:].split():
            file, sep, num = token.rpartition(":")
            draft.occurrences.append((file, num) if sep and num.isdigit() else (token, ""))
    elif kind == ",":
        draft.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
    else:
        draft.tcomment.append(_comment_text(line[1:]))
    if not draft.started and len(draft.tcomment) + len(draft.comment) + len(draft.occurrences) + len(draft.flags) == 1:
        draft.line = lineno


def _comment_text(rest: str) -> str:
    return rest[1:] if rest.startswith(" ") else rest


# A run of characters that a quoted string takes as they are.
_PLAIN = re.compile(r'[^"\\]*')


def _read_string(body: str, path: Path | str, lineno: int, col0: int, start: int = 0) -> tuple[str, int]:
    """Decode the quoted string at ``body[start]``; return it and where it ends (after its closing quote)."""
    n = len(body)
    close = body.find('"', start + 1)
    if close != -1 and "\\" not in body[start:close]:
        return body[start + 1 : close], close + 1  # most strings: no escapes
    out: list[str] = []
    # Octal and \x escapes are bytes, as in C and for msgfmt: runs of them are
    # decoded together with the file's charset (UTF-8), so "\320\234" is "М".
    pending = bytearray()

    def flush() -> None:
        if pending:
            try:
                out.append(pending.decode("utf-8"))
            except UnicodeDecodeError:
                raise CatalogError(
                    f"the escaped bytes {bytes(pending)!r} are not UTF-8",
                    column=col0 + i + 1,
                    path=path,
                    line=lineno,
                    hint="escape whole UTF-8 characters, or write them as they are",
                ) from None
            pending.clear()

    i = start + 1
    while i < n:
        run = _PLAIN.match(body, i)
        plain = run.end() if run else i
        if plain > i:
            flush()
            out.append(body[i:plain])
            i = plain
            continue
        ch = body[i]
        if ch == '"':
            flush()
            return "".join(out), i + 1
        if ch == "\\":
            if i + 1 >= n:
                break
            nxt = body[i + 1]
            if nxt in _UNESCAPES:
                flush()
                out.append(_UNESCAPES[nxt])
                i += 2
                continue
            octal = re.match(r"[0-7]{1,3}", body[i + 1 :])
            if octal:
                pending.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            hexa = re.match(r"x([0-9A-Fa-f]{1,2})", body[i + 1 :])
            if hexa:
                pending.append(int(hexa.group(1), 16))
                i += 1 + len(hexa.group(0))
                continue
            raise CatalogError(
                f"invalid escape \\{nxt}", column=col0 + i + 1, path=path, line=lineno, hint="write a backslash as \\\\"
            )
    raise CatalogError(
        "the string has no closing quote", column=col0 + n + 1, path=path, line=lineno, hint='end the line with "'
    )


def _check_complete(draft: _Draft, path: Path | str) -> None:
    if "msgid" not in draft.fields:
        raise CatalogError("an entry without msgid", path=path, line=draft.line)
    if "msgid_plural" in draft.fields:
        if "msgstr" in draft.fields:
            raise CatalogError("a plural entry needs msgstr[0], msgstr[1]…, not msgstr", path=path, line=draft.line)
        if not draft.plural:
            raise CatalogError("msgid_plural without msgstr[0]", path=path, line=draft.line)
    elif draft.plural:
        raise CatalogError("msgstr[N] without msgid_plural", path=path, line=draft.line)
    elif "msgstr" not in draft.fields:
        raise CatalogError("msgid without msgstr", path=path, line=draft.line, hint='add msgstr ""')


# What xgettext writes in a template before a charset is chosen, and ASCII: both
# read as UTF-8 as long as the file is ASCII (msgfmt accepts them too).
_ASCII_CHARSETS = ("CHARSET", "ASCII", "US-ASCII", "ANSI_X3.4-1968")


def _build(drafts: list[_Draft], path: Path | str, *, eot: bool = True, ascii: bool = False) -> polib.POFile:
    # polib's own str() wraps at wrapwidth: GNU's width, as on the catalogues catalog.py builds.
    po = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    seen: dict[tuple[str | None, str], int] = {}
    nplurals = None
    for n, draft in enumerate(drafts):
        f = draft.fields
        if n == 0 and f["msgid"] == "" and "msgctxt" not in f and not draft.obsolete:
            header = f.get("msgstr", "")
            po.header = "\n".join(draft.tcomment)
            # Every flag of the header is kept (msgmerge keeps them), fuzzy among them.
            po.metadata_is_fuzzy = list(draft.flags)
            po.metadata = _parse_header(header)
            charset = _CHARSET.search(po.metadata.get("Content-Type") or "")  # None: the name without a colon
            if charset is None:
                raise CatalogError(
                    "the header declares no charset",
                    path=path,
                    line=draft.line,
                    hint="add Content-Type: text/plain; charset=UTF-8",
                )
            if charset.group(1).upper() not in ("UTF-8", "UTF8") and not (
                ascii and charset.group(1).upper() in _ASCII_CHARSETS
            ):
                raise CatalogError(
                    f"the header declares charset {charset.group(1)}; this project reads UTF-8 only",
                    path=path,
                    line=draft.line,
                    hint="convert it with msgconv --to-code=UTF-8",
                )
            m = _NPLURALS.search(po.metadata.get("Plural-Forms") or "")
            nplurals = int(m.group(1)) if m else None
            continue
        strings = {**draft.previous, **f, **{f"msgstr[{i}]": v for i, v in draft.plural.items()}} if eot else {}
        for name, value in strings.items():
            if "\x04" in value:
                # gettext joins msgctxt and msgid with EOT in MO files: inside a string it would split wrongly.
                raise CatalogError(f"{name} holds the context separator (EOT, \\004)", path=path, line=draft.line)
            if "\x00" in value:
                # MO files and msgfmt end a string at NUL: the rest of it would be lost.
                raise CatalogError(
                    f"{name} holds a NUL character, which ends a string for gettext", path=path, line=draft.line
                )
        if any(draft.plural.values()) and not draft.obsolete and nplurals is None:  # a template's are empty
            raise CatalogError(
                "plural forms translated, but the header has no Plural-Forms",
                path=path,
                line=draft.line,
                hint="add the language's Plural-Forms to the header (l10n init writes it)",
            )
        key = (f.get("msgctxt"), f["msgid"])
        # As msgfmt: an obsolete (#~) copy of a message is a duplicate too; read
        # as one, its translation could replace the active entry's.
        if key in seen:
            raise CatalogError(
                f"duplicate message (first on line {seen[key]})",
                path=path,
                line=draft.line,
                hint="merge the two entries, or delete the obsolete (#~) one",
            )
        seen[key] = draft.line
        if draft.plural and nplurals is not None and len(draft.plural) != nplurals and not draft.obsolete:
            raise CatalogError(
                f"{len(draft.plural)} plural forms, but the header's Plural-Forms says nplurals={nplurals}",
                path=path,
                line=draft.line,
            )
        longest = max((*f.values(), *draft.plural.values()), key=len, default="")
        if len(longest) > MAX_STRING:
            # Wrapping and matching grow faster than the string: a 14 MB msgstr took minutes.
            raise CatalogError(
                f"a string of {len(longest):,} characters, more than the {MAX_STRING:,} a message may have",
                path=path,
                line=draft.line,
            )
        entry = polib.POEntry(
            msgid=f["msgid"],
            msgstr=f.get("msgstr", ""),
            msgctxt=f.get("msgctxt"),
            msgid_plural=f.get("msgid_plural", ""),
            msgstr_plural=dict(draft.plural),
            tcomment="\n".join(draft.tcomment),
            comment="\n".join(draft.comment),
            occurrences=list(draft.occurrences),
            flags=list(draft.flags),
            obsolete=draft.obsolete,
            previous_msgctxt=draft.previous.get("msgctxt"),
            previous_msgid=draft.previous.get("msgid"),
            previous_msgid_plural=draft.previous.get("msgid_plural"),
            linenum=draft.line,
        )
        po.append(entry)
    if drafts and po.metadata == {} and drafts[0].fields.get("msgid") != "":
        raise CatalogError(
            "no header entry", path=path, line=1, hint='start the file with msgid "" and a header msgstr'
        )
    return po


def _parse_header(header: str) -> dict[str, str]:
    """The header's fields by name; a line that is no field is kept as a name whose value is None.

    msgmerge copies the header's lines as they are; a line without a colon
    (a translator's note, a field broken by hand) is kept the same way.
    """
    metadata: dict = {}
    for line in header.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            metadata[name.strip()] = value.strip()
        elif line.strip():
            metadata[line] = None
    return metadata
