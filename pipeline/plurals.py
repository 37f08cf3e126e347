"""Plural forms: CLDR's Plural-Forms header for a language, and a catalogue's own formula checked and evaluated.

A catalogue's header decides which form a plural entry publishes, as
``ngettext`` would read it; CLDR (through Babel) decides what a new catalogue
gets and which plural category a number falls in.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural


def plural_forms(lang: str) -> str:
    """The Plural-Forms header value for ``lang`` from CLDR (via Babel)."""
    return get_plural(lang).plural_forms


def plural_count(lang: str) -> int:
    """How many plural forms ``lang`` has in CLDR."""
    return get_plural(lang).num_plurals


def header_nplurals(metadata: dict[str, str]) -> int:
    """How many plural forms a catalogue's header says it has (2, as gettext, when it says nothing)."""
    m = re.search(r"nplurals\s*=\s*(\d+)", metadata.get("Plural-Forms") or "")
    return int(m.group(1)) if m else 2


def plural_rule(po: polib.POFile) -> Callable[[str], int]:
    """The catalogue's own plural rule, asked with a CLDR plural category: which form to publish.

    The header's formula is evaluated (as ``ngettext`` would) at an integer of
    the category, the smallest of CLDR's for the catalogue's language.
    Categories no integer has (Russian "other": 14,7; 1,5) take the "few"
    form, which is how Russian nouns agree with fractions (``1,5 доллара``,
    ``14,7 миллиарда``), else "other"'s.
    """
    return header_rule(po.metadata)


def header_rule(metadata: dict[str, str]) -> Callable[[str], int]:
    """:func:`plural_rule` from a catalogue's header fields."""
    return _plural_rule(header_expression(metadata) or "n != 1", metadata.get("Language") or "en")


def plural_expression(po: polib.POFile) -> str | None:
    """The ``plural=`` formula of the catalogue's header, or None."""
    return header_expression(po.metadata)


def header_expression(metadata: dict[str, str]) -> str | None:
    """The ``plural=`` formula of a catalogue's header fields, or None."""
    m = re.search(r"plural\s*=\s*([^;]+)", metadata.get("Plural-Forms") or "")
    return m.group(1).strip() if m else None


def plural_problem(po: polib.POFile) -> str:
    """Why the catalogue's ``Plural-Forms`` formula cannot choose its forms, or "" if it can.

    The formula must be a C expression on ``n`` (as ``ngettext`` reads it)
    that gives every CLDR category of the language a form the catalogue has.
    """
    if "Plural-Forms" not in po.metadata:
        return ""
    for name, value in po.metadata.items():
        if name == "Plural-Forms":
            break
        line = (name if value is None else f"{name}: {value}").replace(" ", "")
        if "plural=" in line or "plurals=" in line:
            # gettext looks for the first "nplurals=" and "plural=" anywhere in the header.
            return f"the header field {name!r} holds 'plural=' before Plural-Forms, where gettext would read it"
    expression = plural_expression(po)
    if expression is None or not re.search(r"nplurals\s*=\s*\d+", po.metadata["Plural-Forms"] or ""):
        return "Plural-Forms needs both nplurals=N and plural=EXPRESSION"
    return _formula_problem(expression, po.metadata.get("Language") or "en", header_nplurals(po.metadata))


@functools.lru_cache(maxsize=64)
def _formula_problem(expression: str, language: str, count: int) -> str:
    # Cached: every catalogue read is checked, and an archive's catalogues share a handful of formulas.
    # As msgfmt: every n from 0 to 1000 must give a form the catalogue has.
    try:
        formula = gettext.c2py(expression)
        indexes = {formula(n) for n in (*range(1001), *_samples(language).values())}
    except ZeroDivisionError:
        return f"its plural formula {expression!r} can divide by zero"
    except (ValueError, ArithmeticError, RecursionError) as exc:
        return f"its plural formula {expression!r} is not a C expression on n that gettext can use ({exc})"
    wrong = sorted((i for i in indexes if not 0 <= i < count), key=lambda i: (i >= 0, abs(i)))
    if wrong:
        return f"its plural formula chooses form {wrong[0]}, but nplurals is {count}"
    return ""


@functools.lru_cache(maxsize=64)
def _samples(language: str) -> dict[str, int]:
    """The smallest integer of each CLDR plural category of ``language`` (below 1,000).

    For a language CLDR does not know, every number below 200 is its own sample,
    so a formula is still checked for the forms it can choose.
    """
    try:
        locale = Locale.parse(language)
    except (ValueError, LookupError, UnknownLocaleError):
        return {str(n): n for n in range(200)}
    samples: dict[str, int] = {}
    for n in range(1000):
        samples.setdefault(locale.plural_form(n), n)
    return samples


@functools.lru_cache(maxsize=64)
def _plural_rule(expression: str, language: str) -> Callable[[str], int]:
    samples = _samples(language)
    fallback = samples.get("few", samples.get("other", 0))
    try:
        formula = gettext.c2py(expression)
        indexes = {category: formula(n) for category, n in samples.items()}
        other = formula(fallback)
    except (ValueError, ArithmeticError, RecursionError):
        # Refused when the catalogue is read (plural_problem); a formula that
        # slips through chooses nothing, so plural entries are not published.
        return lambda category: -1
    return lambda category: indexes.get(category, other)
