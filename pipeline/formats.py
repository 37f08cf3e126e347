"""msgfmt's verdict on ``c-format`` and ``python-format`` translations.

This project's own placeholders are ``python-brace-format`` (checked by
:mod:`pipeline.placeholders`, stricter than msgfmt). Catalogues that come from
other tools can carry other format flags; for the two most common ones this
module gives the same verdict as ``msgfmt --check`` (GNU gettext's rules,
restated from its manual and tested against it): the translation must have the
msgid's directives, of the same types, and no others. A plural form that the
plural formula uses for a single ``n`` (the "one" of "one file") may leave a
directive out. Other ``*-format`` flags are not read here: ``l10n check`` hands
catalogues carrying them to msgfmt itself when it is installed.
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass

CHECKED = frozenset({"c-format", "python-format"})

# How often msgfmt must see a plural form among n = 0..1000 to require every directive in it.
_OFTEN = 5


class _Invalid(Exception):
    """The string is not a valid format string of its kind."""


@dataclass(frozen=True, slots=True)
class _Spec:
    """The directives of one format string: positional types, or types by name."""

    positional: tuple[str, ...] = ()
    named: tuple[tuple[str, str], ...] = ()


_C_LENGTH = re.compile(r"hh|h|ll|l|L|q|j|z|Z|t|I64|I32|I")
_C_DIRECTIVE = re.compile(
    r"%(?:(?P<percent>%)|(?:(?P<number>[1-9][0-9]*)\$)?(?P<flags>[-+ #0'I]*)"
    r"(?P<width>\*(?:[1-9][0-9]*\$)?|[0-9]+)?(?:\.(?P<precision>\*(?:[1-9][0-9]*\$)?|[0-9]*))?"
    r"(?P<length>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conversion>.?))",
    re.DOTALL,
)


def _c_type(length: str, conversion: str) -> str:
    if conversion in "di":
        return f"int{length}"
    if conversion in "ouxXbB":
        return f"unsigned{length}"
    if conversion in "eEfFgGaA":
        return f"double{'L' if length == 'L' else ''}"
    if conversion == "c":
        return "wchar" if length == "l" else "char"
    if conversion == "C":
        return "wchar"
    if conversion == "s":
        return "wstring" if length == "l" else "string"
    if conversion == "S":
        return "wstring"
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return f"count{length}"
    raise _Invalid(f"'{conversion}' is not a conversion" if conversion else "the string ends in a directive")


def _parse_c(text: str) -> _Spec:
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []

    def argument(number: str | None, kind: str) -> None:
        if number is None:
            unnumbered.append(kind)
            return
        n = int(number)
        if numbered.get(n, kind) != kind:
            raise _Invalid(f"argument {n} is used with two types")
        numbered[n] = kind

    for m in _C_DIRECTIVE.finditer(text):
        if m.group("percent"):
            continue
        number = m.group("number")
        if m.group("conversion") == "m":  # glibc's strerror(errno): no argument
            continue
        for star in (m.group("width"), m.group("precision")):
            if star and star.startswith("*"):
                argument(star[1:-1] if star.endswith("$") else None, "int")
        argument(number, _c_type(m.group("length") or "", m.group("conversion")))
    if numbered and unnumbered:
        raise _Invalid("numbered and unnumbered directives are mixed")
    if numbered:
        missing = [n for n in range(1, max(numbered) + 1) if n not in numbered]
        if missing:
            raise _Invalid(f"argument {missing[0]} is not used")
        return _Spec(positional=tuple(numbered[n] for n in sorted(numbered)))
    return _Spec(positional=tuple(unnumbered))


_PY_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|[0-9]+)?(?:\.(?P<precision>\*|[0-9]*))?"
    r"(?P<length>[hlL])?(?P<conversion>.?)",
    re.DOTALL,
)


def _py_type(conversion: str, precision: str | None) -> str:
    if conversion in "diouxX":
        return "integer"
    if conversion in "eEfFgG":
        return "float"
    if conversion == "c":
        return "character"
    if conversion in "sra":
        return "any" if precision == "0" else "string"
    raise _Invalid(f"'{conversion}' is not a conversion" if conversion else "the string ends in a directive")


def _parse_python(text: str) -> _Spec:
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _PY_DIRECTIVE.finditer(text):
        conversion, name = m.group("conversion"), m.group("name")
        if conversion == "%":
            continue
        kind = _py_type(conversion, m.group("precision"))
        if name is None:
            for star in (m.group("width"), m.group("precision")):
                if star == "*":
                    positional.append("integer")
            positional.append(kind)
            continue
        if "*" in (m.group("width"), m.group("precision")):
            raise _Invalid("a named directive cannot take its width from an argument")
        was = named.get(name, kind)
        if kind != was and "any" not in (kind, was):
            raise _Invalid(f"argument '{name}' is used with two types")
        named[name] = was if kind == "any" else kind
    if named and positional:
        raise _Invalid("named and unnamed directives are mixed")
    return _Spec(positional=tuple(positional), named=tuple(sorted(named.items())))


_PARSERS = {"c-format": _parse_c, "python-format": _parse_python}


def _compatible(a: str, b: str, *, strict: bool) -> bool:
    return a == b or (not strict and "any" in (a, b))


def _compare(flag: str, source: _Spec, target: _Spec, *, strict: bool, where: str) -> str:
    if flag == "python-format":
        if source.named and target.positional:
            return f"the msgid's directives expect a mapping, those in {where} a tuple"
        if source.positional and target.named:
            return f"the msgid's directives expect a tuple, those in {where} a mapping"
        theirs = dict(source.named)
        for name, kind in target.named:
            if name not in theirs:
                return f"{where} has a directive for '{name}', which the msgid has not"
            if not _compatible(theirs[name], kind, strict=strict):
                return f"the directives for '{name}' differ in the msgid and {where}"
        if strict:
            mine = dict(target.named)
            for name in theirs:
                if name not in mine:
                    return f"{where} has no directive for '{name}'"
        if len(source.positional) != len(target.positional):
            return f"the msgid and {where} have different numbers of directives"
    elif (
        (len(target.positional) != len(source.positional))
        if strict
        else (len(target.positional) > len(source.positional))
    ):
        return f"the msgid and {where} have different numbers of directives"
    for n, (a, b) in enumerate(zip(source.positional, target.positional, strict=False), 1):
        if not _compatible(a, b, strict=strict):
            return f"the directives for argument {n} differ in the msgid and {where}"
    return ""


def format_problems(
    flags: list[str] | tuple[str, ...],
    msgid: str,
    msgid_plural: str,
    translations: dict[int, str] | str,
    plural_expression: str | None = None,
) -> list[str]:
    """Why msgfmt --check would refuse this translation for its format flags (empty if it would not).

    Args:
        flags: The entry's flags (``c-format``, ``python-format``, ``range: 1..5``, …).
        msgid: The msgid.
        msgid_plural: The msgid_plural, or "".
        translations: The msgstr, or the plural forms by index.
        plural_expression: The ``plural=`` formula of the catalogue, which
            decides which forms may leave a directive out.
    """
    problems = []
    forms = translations if isinstance(translations, dict) else {0: translations}
    plural = bool(msgid_plural) and len(forms) > 1
    often = _often(plural_expression, len(forms)) if plural else ()
    low, high = _range(flags)
    for flag in flags:
        parse = _PARSERS.get(flag)
        if parse is None:
            continue
        try:
            source = parse(msgid_plural or msgid)
        except _Invalid:
            continue  # as msgfmt: an msgid that is no format string is not checked
        for index, text in sorted(forms.items()):
            where = f"msgstr[{index}]" if msgid_plural else "msgstr"
            strict = not plural or (
                index < len(often)
                and often[index]
                and not (low is not None and _hits(plural_expression, index, low, high) <= 1)
            )
            try:
                target = parse(text)
            except _Invalid as exc:
                problems.append(f"{where} is not a valid {flag} string: {exc}")
                continue
            problem = _compare(flag, source, target, strict=strict, where=where)
            if problem:
                problems.append(f"{flag}: {problem}")
    return problems


def _range(flags: list[str] | tuple[str, ...]) -> tuple[int | None, int]:
    for flag in flags:
        m = re.fullmatch(r"range:\s*(\d+)\s*\.\.\s*(\d+)", flag.strip())
        if m:
            return int(m.group(1)), int(m.group(2))
    return None, 0


@functools.lru_cache(maxsize=64)
def _often(expression: str | None, count: int) -> tuple[bool, ...]:
    """For each plural form, whether the formula takes it often (5 times in n = 0..1000), as msgfmt counts."""
    if expression is None:
        return ()
    try:
        formula = gettext.c2py(expression)
        seen = [0] * count
        for n in range(1001):
            i = formula(n)
            if 0 <= i < count:
                seen[i] += 1
    except (ValueError, ArithmeticError, RecursionError):
        return ()
    return tuple(hits >= _OFTEN for hits in seen)


@functools.lru_cache(maxsize=256)
def _hits(expression: str | None, index: int, low: int, high: int) -> int:
    if expression is None:
        return 0
    try:
        formula = gettext.c2py(expression)
        return sum(1 for n in range(low, min(high, low + 10_000) + 1) if formula(n) == index)
    except (ValueError, ArithmeticError, RecursionError):
        return 0


def range_narrowed(old_flags: list[str], new_flags: list[str]) -> bool:
    """Whether a ``range:`` the translation was written for is gone or widened (msgmerge: fuzzy)."""
    old_low, old_high = _range(old_flags)
    if old_low is None:
        return False
    new_low, new_high = _range(new_flags)
    return new_low is None or not (new_low >= old_low and new_high <= old_high)
