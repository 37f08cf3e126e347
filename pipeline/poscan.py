"""The fast reader of PO text in GNU's own layout, the layout :mod:`pipeline.powriter` and msgmerge write.

Our own catalogues are read several times in every cycle, and nearly all of
them are in the one canonical layout: entries of ``#`` comments, ``#|``
previous strings and keyword lines, each keyword followed by one space and its
first string, continuation strings on lines of their own, obsolete entries
with ``#~`` on each line. :func:`scan` reads such a file entry by entry with
one regular expression per entry instead of looking at each line's tokens.

It knows no errors: on anything outside that layout (a CR, an octal or hex
escape, a keyword without its string on the line, stray white space, an
incomplete entry, plural forms out of order) it gives up and returns None, and
:mod:`pipeline.pofile` reads the file with its careful reader, which says
what is wrong and where. What it returns must be exactly what the careful
reader would have built from the same text (``tests/test_pofile_fastpath.py``
compares the two).
"""

from __future__ import annotations

import re

import polib

#: The escapes of a quoted string other than octal and hex ones, and the character each stands for.
UNESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
    "\\": "\\", '"': '"', "'": "'", "?": "?",
}  # fmt: skip

# One quoted string with no escapes but the ones above: octal and hex ones are bytes
# that may join across escapes into one UTF-8 character, which only the careful reader decodes.
_STRING = r'"[^"\\\n]*+(?:\\[' + re.escape("".join(UNESCAPES)) + r'][^"\\\n]*+)*+"'
# Comment lines and blank lines before an entry: blank lines separate nothing for the careful reader either.
_COMMENTS = r"((?:#(?![~|])[^\n]*+\n|\n)*)"
# The comments as GNU orders them (translator's, extracted, references, flags), each kind a group
# of its own so that a kind's lines are read together; any other order is read by _COMMENTS.
_ORDERED = r"\n*((?:#(?![.:,|~])[^\n]*+\n)*)((?:#\.[^\n]*+\n)*)((?:#:[^\n]*+\n)*)((?:#,[^\n]*+\n)*)"


def _strings(prefix: str) -> str:
    """A keyword's strings (its first and the continuation lines after it, each line written with ``prefix``)."""
    return rf"({_STRING}(?:\n{re.escape(prefix)}{_STRING})*)\n"


def _body(prefix: str, previous: str) -> str:
    """An entry after its comments: ``#|`` previous strings, then its keywords in the order msgfmt accepts."""
    p = re.escape(prefix)
    q = re.escape(previous)
    return (
        rf"((?:{q}(?:msgctxt|msgid|msgid_plural) {_STRING}(?:\n{q}{_STRING})*\n)*)"
        rf"(?:{p}msgctxt {_strings(prefix)})?"
        rf"{p}msgid {_strings(prefix)}"
        rf"(?:{p}msgid_plural {_strings(prefix)})?"
        rf"(?:{p}msgstr {_strings(prefix)}|((?:{p}msgstr\[[0-9]+\] {_STRING}(?:\n{p}{_STRING})*\n)+))"
    )


# Groups: the four kinds of comments in order, or all comments in any order; then previous, msgctxt,
# msgid, msgid_plural, msgstr, msgstr[N] of an active entry, then the same six of an obsolete one.
_ENTRY = re.compile(rf"(?:{_ORDERED}|{_COMMENTS})(?:{_body('', '#| ')}|{_body('#~ ', '#~| ')})")
# What may follow the last entry: comments without an entry after them, which the careful reader drops.
_TAIL = re.compile(_COMMENTS)
_PREVIOUS = (
    re.compile(rf"#\| (msgctxt|msgid_plural|msgid) {_strings('#| ')}"),
    re.compile(rf"#~\| (msgctxt|msgid_plural|msgid) {_strings('#~| ')}"),
)
_PLURALS = (
    re.compile(rf"msgstr\[([0-9]+)\] {_strings('')}"),
    re.compile(rf"#~ msgstr\[([0-9]+)\] {_strings('#~ ')}"),
)
_ESCAPE = re.compile(r"\\(.)")

# POEntry's attributes in the order its constructor sets them. When polib's are these, an
# entry is made by filling its __dict__, which skips the constructor's keyword look-ups.
_ENTRY_ATTRIBUTES = (
    "msgid", "msgstr", "msgid_plural", "msgstr_plural", "msgctxt", "obsolete", "encoding", "comment",
    "tcomment", "occurrences", "flags", "previous_msgctxt", "previous_msgid", "previous_msgid_plural", "linenum",
)  # fmt: skip
_DIRECT = tuple(vars(polib.POEntry())) == _ENTRY_ATTRIBUTES


def _unescape(match: re.Match[str]) -> str:
    return UNESCAPES[match.group(1)]


def _decode(raw: str, joint: str) -> str:
    """A keyword's string from its quoted pieces, ``joint`` being what stands between two of them."""
    value = raw[1:-1]
    if "\n" in value:
        # A piece holds no line break and ends with its closing quote, so only the joints match.
        value = value.replace(joint, "")
    if "\\" in value:
        # Each piece ends on a whole escape, so escapes read over the joined pieces are the pieces' escapes.
        if value.count("\\") == value.count("\\n"):
            return value.replace("\\n", "\n")
        return _ESCAPE.sub(_unescape, value)
    return value


def scan(text: str) -> list[polib.POEntry] | None:
    """The entries of a PO file in the canonical layout, the header entry among them; None if it is not in it.

    Args:
        text: The file's text (decoded, without a byte-order mark).

    Returns:
        One ``POEntry`` per entry in the file's order, each as the careful
        reader of :mod:`pipeline.pofile` would make it, or None when the
        text is in any other layout (or is not valid), for the careful
        reader to read.
    """
    if "\r" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"  # one more empty line, which the careful reader skips
    entries: list[polib.POEntry] = []
    match = _ENTRY.match
    new = polib.POEntry.__new__
    entry_class = polib.POEntry
    encoding = polib.default_encoding
    pos = 0
    counted = 0  # the text before this is counted in line
    line = 1
    while (m := match(text, pos)) is not None:
        pos = m.end()
        (translator, extracted, references, flag_lines, unordered,
         previous, ctxt, msgid, plural_id, msgstr, plurals,
         o_previous, o_ctxt, o_msgid, o_plural_id, o_msgstr, o_plurals) = m.groups()  # fmt: skip
        obsolete = msgid is None
        # The entry's line is its first keyword's (where the group of its first string starts).
        if obsolete:
            previous, ctxt, msgid, plural_id, msgstr, plurals = (
                o_previous, o_ctxt, o_msgid, o_plural_id, o_msgstr, o_plurals
            )  # fmt: skip
            joint = '"\n#~ "'
            start = m.start(14 if ctxt is None else 13)
        else:
            joint = '"\n"'
            start = m.start(8 if ctxt is None else 7)
        if (plural_id is None) != (plurals is None):
            return None  # msgstr after msgid_plural, or msgstr[N] without it
        line += text.count("\n", counted, start)
        counted = start

        if unordered is None:
            tcomment = _translator(translator) if translator else ""
            comment = _extracted(extracted) if extracted else ""
            occurrences = _references(references) if references else []
            flags = _flags(flag_lines) if flag_lines else []
        else:
            tcomment, comment, occurrences, flags = _comments(unordered)
        before = _previous(previous, obsolete) if previous else _NO_PREVIOUS
        forms: dict[int, str] = {}
        if plurals is not None:
            for n, p in enumerate(_PLURALS[obsolete].finditer(plurals)):
                if int(p.group(1)) != n:
                    return None  # out of order: the careful reader says so
                forms[n] = _decode(p.group(2), joint)
        msgid = msgid[1:-1] if "\n" not in msgid and "\\" not in msgid else _decode(msgid, joint)
        if msgstr is None:
            msgstr = ""
        else:
            msgstr = msgstr[1:-1] if "\n" not in msgstr and "\\" not in msgstr else _decode(msgstr, joint)
        fields = {
            "msgid": msgid,
            "msgstr": msgstr,
            "msgid_plural": "" if plural_id is None else _decode(plural_id, joint),
            "msgstr_plural": forms,
            "msgctxt": None if ctxt is None else _decode(ctxt, joint),
            "obsolete": obsolete,
            "encoding": encoding,
            "comment": comment,
            "tcomment": tcomment,
            "occurrences": occurrences,
            "flags": flags,
            "previous_msgctxt": before.get("msgctxt"),
            "previous_msgid": before.get("msgid"),
            "previous_msgid_plural": before.get("msgid_plural"),
            "linenum": line,
        }
        if _DIRECT:
            entry = new(entry_class)
            entry.__dict__ = fields
        else:
            entry = entry_class(**fields)
        entries.append(entry)
    if _TAIL.fullmatch(text, pos) is None:
        return None
    return entries


_NO_PREVIOUS: dict[str, str] = {}


def _previous(lines: str, obsolete: bool) -> dict[str, str]:
    """The previous strings of ``#|`` lines by keyword (a keyword given twice keeps its last, as in _read_drafts)."""
    joint = '"\n#~| "' if obsolete else '"\n#| "'
    return {p.group(1): _decode(p.group(2), joint) for p in _PREVIOUS[obsolete].finditer(lines)}


# Each kind of comment is read as pipeline.pofile's _read_comment reads it in the careful path.


def _translator(lines: str) -> str:
    """The translator's comments of ``# …`` lines (one space after ``#`` is the layout's, not the comment's)."""
    return "\n".join(c[2:] if c[1:2] == " " else c[1:] for c in lines[:-1].split("\n"))


def _extracted(lines: str) -> str:
    """The extracted comments of ``#. …`` lines."""
    joined = "\n" + lines[:-1]
    if joined.count("\n#. ") == joined.count("\n"):
        # Every line starts with "#. ", and a line break is only ever at a line's start here.
        return joined.replace("\n#. ", "\n")[1:]
    return "\n".join(c[3:] if c[2:3] == " " else c[2:] for c in joined[1:].split("\n"))


def _references(lines: str) -> list[tuple[str, str]]:
    """The references of ``#:`` lines: a line's tokens are the same read on the lines joined."""
    return [
        (file, num) if sep and num.isdigit() else (token, "")
        for token in lines[2:].replace("\n#:", "\n").split()
        for file, sep, num in (token.rpartition(":"),)
    ]


def _flags(lines: str) -> list[str]:
    """The flags of ``#,`` lines: the lines joined with a comma are split into the same flags."""
    return [f.strip() for f in lines[2:-1].replace("\n#,", ",").split(",") if f.strip()]


def _comments(lines: str) -> tuple[str, str, list[tuple[str, str]], list[str]]:
    """The comments of comment lines in any order, blank lines among them: each line on its own."""
    tcomment: list[str] = []
    comment: list[str] = []
    occurrences: list[tuple[str, str]] = []
    flags: list[str] = []
    for c in lines.split("\n"):
        if not c:
            continue
        kind = c[1:2]
        if kind == ".":
            comment.append(c[3:] if c[2:3] == " " else c[2:])
        elif kind == ":":
            occurrences += _references(c)
        elif kind == ",":
            flags += _flags(c + "\n")
        else:
            tcomment.append(c[2:] if kind == " " else c[1:])
    return "\n".join(tcomment), "\n".join(comment), occurrences, flags
