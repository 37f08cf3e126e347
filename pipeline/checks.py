"""Locale-aware quality checks of translations, reported like compiler diagnostics.

Each check looks at one entry (msgid, msgstr) and knows how Kazakh and
Russian write numbers (``14,7`` for 14.7, ``1 285`` for 1,285), so correct
translations are not flagged (pofilter calls "14,7" a different number) and
"70%" is not taken for a printf directive (as Babel's checker does).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import polib

from pipeline.catalog import stats
from pipeline.entries import has_translation, value_notes
from pipeline.errors import PlaceholderError
from pipeline.formats import CHECKED, format_problems
from pipeline.models import GlossaryTerm
from pipeline.plurals import plural_expression
from pipeline.substitution import check_translation, placeholder_names, stray_placeholder, suspicious


class Severity(enum.StrEnum):
    """How serious a finding is; errors make ``l10n check`` exit with 1."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


# How serious, most first: a fuzzy entry's findings are at most warnings.
_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.NOTE: 0}


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic: where, how serious, what, and which check found it."""

    path: str
    line: int | None
    severity: Severity
    message: str
    check: str
    column: int | None = None

    def __str__(self) -> str:
        # path:line:col: severity: message, the form editors' and CI's problem matchers read.
        where = ":".join(str(part) for part in (self.path, self.line, self.column) if part)
        return f"{where}: {self.severity.value}: {self.message} [{self.check}]"


# A number as English writes it: 1,285 / 14.7 / 600; "5,1" (a decimal comma in
# English copy) cannot be read with certainty and must be kept as written.
_EN_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.,])\d+,\d{1,2}(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])"
)
_AMBIGUOUS = re.compile(r"\d+,\d{1,2}")
# A number as Kazakh and Russian write it: 1 285 (any space) / 14,7 / 600; a dot decimal is accepted too.
_LOCAL_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[,.]\d+)?(?![\d])|(?<![\w.,])\d+(?:[,.]\d+)?(?![\d])"
)
_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")
_FINAL = re.compile(r"([.!?…:;]*)[\"'”’»)\]]*\s*$")
_BRACKETS = (("(", ")"), ("[", "]"))


def check_entry(
    entry: polib.POEntry,
    path: str,
    lang: str,
    glossary: tuple[GlossaryTerm, ...],
    plural_expression: str | None = None,
) -> list[Finding]:
    """Every finding for one translated entry.

    ``c-format`` and ``python-format`` entries also get msgfmt's verdict on
    their directives (:mod:`pipeline.formats`), for which the catalogue's
    ``plural_expression`` says which plural forms may leave one out.

    Each plural form is checked as a translation of its own, its findings
    naming the form. Fuzzy entries are checked too, for the translator who
    will approve them, but their findings are warnings: like msgfmt, which
    skips them, and like the build, which does not publish them, a check
    must not fail on what ``update`` itself sent back to review.
    """
    if entry.obsolete:
        return []
    found = []
    if entry.msgid_plural:
        for index in sorted(entry.msgstr_plural):
            form = entry.msgstr_plural[index]
            if form:
                for f in _check_text(entry, entry.msgid, form, path, lang, glossary, plural=True):
                    found.append(dataclasses.replace(f, message=f"msgstr[{index}]: {f.message}"))
        if lang == "ru":
            found.extend(
                Finding(path, entry.linenum, Severity.WARNING, message, "ru-counted-noun")
                for message in _same_noun_in_every_form(entry)
            )
    elif entry.msgstr:
        found = _check_text(entry, entry.msgid, entry.msgstr, path, lang, glossary, plural=False)
    if entry.msgid_plural and "python-brace-format" in entry.flags and has_translation(entry):
        found.extend(_empty_forms(entry, path))
    if CHECKED.intersection(entry.flags) and has_translation(entry):
        translations = dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
        found.extend(
            Finding(path, entry.linenum, Severity.ERROR, problem, "format")
            for problem in format_problems(
                entry.flags, entry.msgid, entry.msgid_plural, translations, plural_expression
            )
        )
    if "fuzzy" in entry.flags:
        found = [
            dataclasses.replace(
                f, severity=min(f.severity, Severity.WARNING, key=_RANK.__getitem__), message=f"fuzzy: {f.message}"
            )
            for f in found
        ]
    return found


def _empty_forms(entry: polib.POEntry, path: str) -> list[Finding]:
    """Plural forms left empty beside translated ones, in an entry whose msgid has placeholders.

    ``msgfmt --check`` refuses such an entry (an empty form lacks the msgid's
    arguments) unless it is fuzzy; the build, which needs every form, leaves
    the whole entry out, so a translator must fill every form or none.
    """
    try:
        names = set(placeholder_names(entry.msgid)) | set(placeholder_names(entry.msgid_plural))
    except PlaceholderError:
        return []  # reported as the msgid's own problem
    if not names:
        return []
    return [
        Finding(
            path,
            entry.linenum,
            Severity.ERROR,
            f"msgstr[{index}] is empty while other forms are translated: msgfmt --check refuses it"
            f" ({', '.join('{' + n + '}' for n in sorted(names))} missing); fill every form or none",
            "format",
        )
        for index in sorted(entry.msgstr_plural)
        if not entry.msgstr_plural[index]
    ]


def _check_text(
    entry: polib.POEntry,
    msgid: str,
    msgstr: str,
    path: str,
    lang: str,
    glossary: tuple[GlossaryTerm, ...],
    *,
    plural: bool,
) -> list[Finding]:
    found: list[Finding] = []

    def report(severity: Severity, message: str, check: str) -> None:
        found.append(Finding(path, entry.linenum, severity, message, check))

    problem = suspicious(msgid, msgstr)
    if problem:
        report(Severity.ERROR, problem, "suspicious")
        return found
    is_format = "python-brace-format" in entry.flags
    if is_format:
        try:
            # As msgfmt: plural forms answer to msgid_plural.
            check_translation(entry.msgid_plural if plural and entry.msgid_plural else msgid, msgstr)
        except PlaceholderError as exc:
            report(Severity.ERROR, exc.message, "placeholders")
        for severity, message, check in _grammar(msgstr, lang, entry.comment, plural=plural):
            report(severity, message, check)
    elif stray := stray_placeholder(msgid, msgstr):
        report(Severity.ERROR, stray, "placeholders")
    literal_id = _FIELD.sub(" ", msgid) if is_format else msgid
    literal_str = _FIELD.sub(" ", msgstr) if is_format else msgstr

    source_numbers = [_value(n, english=True) for n in _EN_NUMBER.findall(literal_id)]
    target_literals = _LOCAL_NUMBER.findall(literal_str)
    target_numbers = [_value(n, english=False) for n in target_literals]
    for number in dict.fromkeys(source_numbers):
        # An ambiguous "5,1" of the msgid must be kept as written.
        present = number in target_literals if _AMBIGUOUS.fullmatch(number) else number in target_numbers
        if not present:
            report(Severity.ERROR, f"the number {number} of the msgid is missing from the translation", "numbers")
    readings = _ambiguous_values(source_numbers)
    extra = [n for n in dict.fromkeys(target_numbers) if n not in source_numbers and n not in readings]
    for number in extra:
        if is_format:
            report(
                Severity.ERROR,
                f"the number {number} is typed in the translation; use the msgid's placeholders for values",
                "literal-number",
            )
        else:
            report(Severity.WARNING, f"the translation has the number {number}, which the msgid has not", "numbers")

    for opening, closing in _BRACKETS:
        if msgstr.count(opening) - msgstr.count(closing) != msgid.count(opening) - msgid.count(closing):
            report(Severity.ERROR, f"unbalanced {opening}{closing} in the translation", "brackets")
    # A quotation that spans sentences leaves each message with half of it:
    # the translation may then be as open as the msgid is, in its own quotes.
    if _quotes_balanced(msgid):
        if not _guillemets_balanced(msgstr):
            report(Severity.ERROR, "unbalanced «» in the translation", "quotes")
        if msgstr.count('"') % 2:
            report(Severity.ERROR, 'unbalanced " in the translation', "quotes")

    inner = re.search(r"\S(\n|[ \t\u00a0]{2,})\S", msgstr)
    if inner and not re.search(r"\S(\n|[ \t\u00a0]{2,})\S", msgid):
        what = "a line break" if "\n" in inner.group(1) else "a double space"
        report(Severity.WARNING, f"the translation has {what} inside it, which is published as is", "whitespace")
    if msgid[:1].isspace() != msgstr[:1].isspace() or msgid[-1:].isspace() != msgstr[-1:].isspace():
        report(Severity.WARNING, "leading or trailing whitespace differs from the msgid", "whitespace")
    if _final(msgid) != _final(msgstr):
        report(
            Severity.WARNING,
            f"the msgid ends with {_final(msgid) or 'no punctuation'!r}, the translation with "
            f"{_final(msgstr) or 'no punctuation'!r}",
            "punctuation",
        )

    if any(file.endswith(".md") for file, _ in entry.occurrences):
        from pipeline.markdown import markup_signature

        if markup_signature(msgstr) != markup_signature(msgid):
            report(Severity.ERROR, "the translation does not keep the msgid's Markdown markup", "markup")

    lowered = msgstr.casefold()
    for term in glossary:
        required = term.targets.get(lang)
        if not required or not _mentions(msgid, term.source):
            continue
        if not any(option.casefold() in lowered for option in required):
            wanted = " or ".join(repr(o) for o in required)
            report(Severity.ERROR, f"glossary: {term.source!r} must be translated as {wanted}", "glossary")
    return found


def check_catalog(po: polib.POFile, path: str, lang: str, glossary: tuple[GlossaryTerm, ...]) -> list[Finding]:
    """Every finding for a catalogue, and a note with its fuzzy and untranslated counts."""
    expression = plural_expression(po)
    found = [f for e in po for f in check_entry(e, path, lang, glossary, expression)]
    counts = stats(po)
    fuzzy, untranslated = counts.fuzzy, counts.untranslated
    if fuzzy or untranslated:
        found.append(
            Finding(path, None, Severity.NOTE, f"{fuzzy} fuzzy and {untranslated} untranslated messages", "progress")
        )
    return found


def _ambiguous_values(numbers: list[str]) -> set[str]:
    """The readings of the msgid's ambiguous numbers ("5,1" may be 5.1 in the translation)."""
    return {_value(n, english=False) for n in numbers if _AMBIGUOUS.fullmatch(n)}


def _value(text: str, *, english: bool) -> str:
    """A number's value as a canonical string, whatever the locale's spelling."""
    if english and _AMBIGUOUS.fullmatch(text):
        return text  # "5,1" in English copy: kept as written, never read as a value
    plain = text.replace(",", "") if english else re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
    try:
        return str(Decimal(plain).normalize()) if "." in plain else str(int(plain))
    except (InvalidOperation, ValueError):
        return plain


def _final(text: str) -> str:
    m = _FINAL.search(text)
    return m.group(1) if m else ""


def _quotes_balanced(text: str) -> bool:
    """Whether every quotation the text opens it also closes (straight, curly or «»)."""
    curly = text.count("“") + text.count("„") - text.count("”")
    return text.count('"') % 2 == 0 and curly == 0 and _guillemets_balanced(text)


def _guillemets_balanced(text: str) -> bool:
    """«» balance, accepting the Russian merge of closing quotes: «СП «Байтерек» ends both."""
    depth = deepest = 0
    for ch in text:
        if ch == "«":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "»":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 or (depth > 0 and depth <= deepest - 1)


def _mentions(msgid: str, term: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", msgid, re.IGNORECASE) is not None


# What follows a placeholder in a translation: a hyphen and letters (a Kazakh
# ending), letters glued to it, or a space and a word.
_AFTER_FIELD = re.compile(r"\{(\w+)\}(?:-(?P<ending>[^\W\d_]+)|(?P<glued>[^\W\d_]+)|[ \u00a0]+(?P<word>[^\W\d_]+))?")
_MONTH_WORDS = re.compile(
    r"(?i)(?<!\w)(?:январ|феврал|март|апрел|ма[йяюе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)"
)


def _grammar(msgstr: str, lang: str, comment: str, *, plural: bool) -> list[tuple[Severity, str, str]]:
    """Findings about how values sit in their sentence: endings, counted nouns, values typed as text.

    Kazakh: an ending after a placeholder must be one the build can choose
    for every value, written after a hyphen. Russian: a noun right after a
    ``{number}`` changes with the number (``2 450 000 тонн``, ``2 450 001
    тонну``), which a message without plural forms cannot follow. Both: a
    month written as text where the msgid has a date placeholder.
    """
    found = []
    for m in _AFTER_FIELD.finditer(msgstr):
        name = m.group(1)
        if lang == "kk":
            from pipeline import kazakh

            glued = m.group("glued")
            if glued:
                found.append(
                    (
                        Severity.ERROR,
                        f"{{{name}}}{glued}: write the ending after a hyphen ({{{name}}}-{glued})",
                        "kk-ending",
                    )
                )
            elif m.group("ending") and kazakh.parse_ending(m.group("ending")) is None:
                found.append(
                    (
                        Severity.ERROR,
                        f"-{m.group('ending')} after {{{name}}} is not a Kazakh case ending the build can choose",
                        "kk-ending",
                    )
                )
        elif lang == "ru" and m.group("glued"):
            found.append(
                (
                    Severity.ERROR,
                    f"{{{name}}}{m.group('glued')}: letters glued to a value; the build declines the value itself",
                    "ru-glued",
                )
            )
        elif lang == "ru" and m.group("word") and name.split("_")[0] == "number" and _compact(comment, name):
            from pipeline import russian

            phrase = re.match(r"(?:[ \u00a0]+[^\W\d_]+){1,4}", msgstr[m.end(1) + 1 :])
            words = phrase.group(0).split() if phrase else []
            wrong = russian.counted_phrase_problem(words, "other", magnitude=True)
            if wrong:
                found.append(
                    (
                        Severity.ERROR,
                        f"«{wrong}» after {{{name}}}: its value is written with млн or млрд, after which nouns and"
                        " adjectives are genitive plural; write that, or an abbreviation that fits every value",
                        "ru-counted-noun",
                    )
                )
        elif lang == "ru" and not plural and m.group("word") and name.split("_")[0] == "number":
            from pipeline import russian

            word = m.group("word")
            if russian.agrees_with_number(word):
                found.append(
                    (
                        Severity.WARNING,
                        f"«{word}» after {{{name}}} changes with the number; write an abbreviation (т, км, га)"
                        " or a phrase that does not depend on it",
                        "ru-counted-noun",
                    )
                )
    names = {m.group(1).split("_")[0] for m in re.finditer(r"\{(\w+)\}", msgstr)}
    if names & {"date", "month", "day"}:
        literal = _FIELD.sub(" ", msgstr)
        typed = _MONTH_WORDS.search(literal)
        if typed:
            found.append(
                (
                    Severity.WARNING,
                    f"«{typed.group(0)}…» looks like a date typed as text; the msgid's date placeholders format"
                    " dates for every value",
                    "typed-value",
                )
            )
    return found


def _compact(comment: str, name: str) -> bool:
    """Whether the template's note shows the value of ``name`` written with a magnitude word (3.5 million)."""
    from pipeline.placeholders import extract_template

    note = value_notes(comment).get(name)
    if note is None:
        return False
    found = extract_template(note.source).placeholders
    return bool(found) and getattr(found[0].value, "compact", False)


def _same_noun_in_every_form(entry: polib.POEntry) -> list[str]:
    """A Russian noun written the same after the counted value in every plural form (``{number} тонн``).

    Plural forms exist so that such a noun can agree: «1 тонна», «2 тонны»,
    «5 тонн». After a value written with млн or млрд it is rightly the same.
    """
    from pipeline import russian

    forms = [form for _, form in sorted(entry.msgstr_plural.items())]
    found = []
    # Only a {number}: a percent governs its noun as «процент» would (70% населения), and an
    # amount's currency word is the build's to decline.
    for name in dict.fromkeys(re.findall(r"\{(number(?:_\d+)?)\}", entry.msgid)):
        words = {m.group(1) if (m := re.search(r"\{" + name + r"\}[ \u00a0]+([^\W\d_]+)", f)) else "" for f in forms}
        word = words.pop() if len(words) == 1 else ""
        if len(forms) > 1 and word and not _compact(entry.comment, name) and russian.agrees_with_number(word):
            found.append(
                f"«{word}» after {{{name}}} is the same in every plural form; make it agree in each"
                " (тонна, тонны, тонн) or write an abbreviation (т)"
            )
    return found
