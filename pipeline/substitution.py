"""A translation as a template: its placeholder grammar, what it must be to be published, values put in by name.

A translation is a template, never code: placeholders are replaced by name
with a small parser of our own, so ``{amount.__class__}``, ``{0}`` or
``{amount!r}`` are refused instead of evaluated (``str.format`` is never
called on a translation). The outputs (:mod:`pipeline.render`), the review
page (:mod:`pipeline.review`) and the checks (:mod:`pipeline.checks`) all
read translations through this one grammar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pipeline.errors import PlaceholderError
from pipeline.localeformat import GrammarError, Inflected, LocaleFormat
from pipeline.markdown import markup_signature
from pipeline.models import Placeholder, Template

#: An approved translation: a msgstr, or a plural entry's forms in the catalogue's order.
Translation = str | tuple[str, ...]
#: The catalogue's plural rule: a CLDR plural category to the index of its form.
PluralRule = Callable[[str], int]

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# _FIELD's tokens when every one is fine: a doubled brace (no group) or a field that is a bare name.
_PLAIN_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholder_names(template: str) -> tuple[str, ...]:
    """The placeholder names of a python-brace-format string, in order.

    Raises:
        PlaceholderError: If a field is not a bare name (an attribute, index,
            conversion, format spec or positional field) or a brace is unpaired.
    """
    if "{" not in template and "}" not in template:
        return ()
    return _braced_names(template)


@lru_cache(maxsize=4096)
def _braced_names(template: str) -> tuple[str, ...]:
    """:func:`placeholder_names` of a string with braces, memoised: a msgid is checked per plural form and language."""
    # Up to the first token _FIELD would refuse, both patterns match the same tokens; that token's
    # brace is one _PLAIN_TOKEN skips, and every token holds two braces. So when the tokens hold every
    # brace, no token was refused and the names are _FIELD's, found without a Python loop per token.
    plain = _PLAIN_TOKEN.findall(template)
    if 2 * len(plain) == template.count("{") + template.count("}"):
        return tuple(name for name in plain if name)
    return tuple(_checked_names(template))


def _checked_names(template: str) -> list[str]:
    """:func:`placeholder_names` token by token, raising on the first token it refuses."""
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
# Either of the two: one search clears the common translation, which has neither.
_BIDI_OR_CONTROL = re.compile(f"{_BIDI.pattern}|{_CONTROL.pattern}")


def suspicious(msgid: str, msgstr: str) -> str:
    """Why a translation must not be published whatever its placeholders, or "".

    Bidirectional control characters can make text read differently from how
    it is stored (Trojan Source); Kazakh and Russian never need them. A
    translation many times longer than its msgid is not a translation.
    """
    if _BIDI_OR_CONTROL.search(msgstr):
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
    if "{" not in msgstr:
        return ""
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
    if _plain_fields_of(expected, msgstr):
        return
    got = placeholder_names(msgstr)
    extra = [n for n in got if n not in expected]
    if extra:
        raise PlaceholderError(f"placeholder {{{extra[0]}}} is not in the msgid")
    missing = [n for n in expected if n not in got]
    if missing:
        raise PlaceholderError(f"placeholder {{{missing[0]}}} is missing")


def _plain_fields_of(names: tuple[str, ...], msgstr: str) -> bool:
    """Whether every brace of ``msgstr`` is in a ``{name}`` of ``names``, each of which it has at least once.

    The common translation, told without parsing it: a ``{name}`` can overlap
    no other, so when they hold as many opening braces as the text has, and
    as many closing ones, they are all its fields (:func:`check_translation`
    would find nothing to refuse). Anything else is parsed.
    """
    opens = msgstr.count("{")
    if opens != msgstr.count("}"):
        return False
    found = 0
    for name in set(names):
        times = msgstr.count(f"{{{name}}}")
        if not times:
            return False
        found += times
    return found == opens


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
