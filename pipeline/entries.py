"""What one catalogue entry says: its state, its complete translation, the notes on its values.

The one definition of an entry's state (translated, fuzzy, untranslated,
obsolete) lives here, and so does the one grammar of the ``#.`` notes a
template writes on each value (as the author wrote it, and its grammatical
class per target language), written by :func:`note_line` and read by
:func:`value_notes`. Nothing here changes an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import polib

from pipeline.substitution import refusal as text_refusal

_NOTE = re.compile(r"^\{(\w+)\}: (.*?)(?: \[([^\[\]]*)\])?$")


@dataclass(frozen=True, slots=True)
class ValueNote:
    """A placeholder's value as a template's ``#.`` comment shows it."""

    source: str
    classes: dict[str, str]


def note_line(name: str, source: str, classes: Iterable[tuple[str, str | None]]) -> str:
    """The ``#.`` line on the value of ``{name}``: its source text, then its class per language that has one."""
    shown = "; ".join(f"{lang}: {c}" for lang, c in classes if c)
    return f"{{{name}}}: {source}" + (f" [{shown}]" if shown else "")


def value_notes(comment: str) -> dict[str, ValueNote]:
    """The values an entry's extracted comment describes, by placeholder name (the first note of each)."""
    return {name: ValueNote(source, _classes(shown)) for name, source, shown in _notes(comment)}


def plural_classes(comment: str, lang: str) -> str:
    """``name=category;…``: the values of :func:`value_notes` whose class in ``lang`` is a plural category.

    What the translation memory keeps beside each translation, for every
    approved entry of every catalogue: the notes are read without making
    :class:`ValueNote` records, and not at all when none names ``lang``.
    """
    said = f"{lang}: "
    if not comment or said not in comment:
        return ""
    found = []
    for name, _, shown in _notes(comment):
        label = _classes(shown).get(lang) if said in shown else None
        if label in _PLURAL_CATEGORIES:
            found.append(f"{name}={label}")
    return ";".join(found)


def _notes(comment: str) -> Iterator[tuple[str, str, str]]:
    """Each value note's placeholder name, source text and classes as written (the first note of each name)."""
    seen: set[str] = set()
    for line in comment.split("\n") if comment else ():
        m = _NOTE.match(line)
        if m is not None and m.group(1) not in seen:
            seen.add(m.group(1))
            yield m.group(1), m.group(2), m.group(3) or ""


def _classes(shown: str) -> dict[str, str]:
    """The classes of a note's ``[kk: …; ru: …]``, by language (a language named twice: its last)."""
    return dict(part.split(": ", 1) for part in shown.split("; ") if ": " in part)


_PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


def class_kind(label: str) -> str:
    """``plural`` for a CLDR plural category; ``sound`` for a Kazakh harmony class (the build adapts those)."""
    return "plural" if label in _PLURAL_CATEGORIES else "sound"


def language(po: polib.POFile) -> str:
    """The catalogue's language code as the template's notes name it ("ru" for Poedit's "ru_RU")."""
    lang = po.metadata.get("Language", "")
    return lang.split("_")[0].split("@")[0] if lang else ""


def has_translation(entry: polib.POEntry) -> bool:
    """Whether ``entry`` has any translated text at all (a msgstr, or any plural form), approved or not."""
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def complete_translation(entry: polib.POEntry) -> str | tuple[str, ...] | None:
    """The translation of a complete entry: a msgstr, or every plural form (None if anything is empty)."""
    if entry.msgid_plural:
        forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        return forms if forms and all(forms) else None
    return entry.msgstr or None


def refusal(entry: polib.POEntry) -> str:
    """Why the build refuses this entry's translation (its first refused form), or "" if it may be published.

    Every form that has text is checked against the msgid (the first form) or
    the msgid_plural (the others), with the entry's own format flag and
    whether it comes from a Markdown article (the rules of :mod:`pipeline.substitution`).
    """
    forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] if entry.msgid_plural else [entry.msgstr]
    is_format = "python-brace-format" in entry.flags
    markdown = any(file.endswith(".md") for file, _ in entry.occurrences)
    for n, form in enumerate(forms):
        if form:
            source = entry.msgid_plural if entry.msgid_plural and n else entry.msgid
            reason = text_refusal(source, form, is_format=is_format, markdown=markdown)
            if reason:
                return reason
    return ""


def state(entry: polib.POEntry) -> str:
    """The one definition of an entry's state: ``obsolete``, ``translated``, ``fuzzy`` or ``untranslated``.

    Translated means fit to publish: not fuzzy and complete (a plural entry
    has every form). Fuzzy means a translation awaits review; a fuzzy flag on
    an empty entry, or a plural entry with a form missing, is untranslated.
    """
    if entry.obsolete:
        return "obsolete"
    if "fuzzy" in entry.flags:
        return "fuzzy" if has_translation(entry) else "untranslated"
    return "translated" if complete_translation(entry) is not None else "untranslated"
