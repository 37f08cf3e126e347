"""Catalogues in memory: the POT of an article, new PO files, msgmerge-style merging.

An entry's state and the notes on its values are read in :mod:`pipeline.entries`,
plural forms in :mod:`pipeline.plurals`, and other articles' approved
translations come from :mod:`pipeline.memory`. Nothing here touches the disk;
:mod:`pipeline.store` reads and writes.
"""

from __future__ import annotations

import datetime
import functools
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polib
from babel import Locale, UnknownLocaleError

from pipeline import __version__
from pipeline.entries import class_kind, complete_translation, has_translation, language, note_line, state, value_notes
from pipeline.formats import CHECKED, format_problems, range_narrowed
from pipeline.localeformat import LocaleFormat, class_change_matters
from pipeline.matching import DEFAULT_THRESHOLD, FuzzyIndex, Match, final_punctuation, minor_key
from pipeline.memory import Remembered, TranslationMemory, recall
from pipeline.models import Article, MergeCounts
from pipeline.plurals import header_expression, header_nplurals, plural_count, plural_forms
from pipeline.pofile import DEFAULT_WIDTH, dump_po

_FORMAT_FLAG = "python-brace-format"


@dataclass(frozen=True, slots=True)
class Merged:
    """The result of merging a PO file with its POT."""

    catalog: polib.POFile
    counts: MergeCounts


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """Entry counts of a PO file, for summaries."""

    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int


def template(article: Article, *, project: str, formatters: Mapping[str, LocaleFormat] | None = None) -> polib.POFile:
    """The POT for one article: one entry per distinct sentence template.

    Entries are in order of first appearance; a sentence that repeats
    ("Photo credit: gov.kz") is one entry with a reference per occurrence.
    The ``#.`` comment shows each placeholder's value as the author wrote it
    and, per target language of ``formatters``, the grammatical class a
    translation depends on (``[kk: front, vowel; ru: other]``). A message
    with exactly one number gets plural forms (see :attr:`Template.count`).
    """
    pot = polib.POFile(wrapwidth=79)
    pot.header = f"Translation template for the article {article.slug}."
    pot.metadata = _header(project, article)
    entries: dict[str, polib.POEntry] = {}
    for sentence in article.sentences:
        msgid = sentence.template.msgid
        entry = entries.get(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=[])
            if sentence.template.is_format:
                entry.flags.append(_FORMAT_FLAG)
            if sentence.template.count is not None:
                entry.msgid_plural = msgid
                entry.msgstr_plural = {0: "", 1: ""}
            entries[msgid] = entry
            pot.append(entry)
        entry.occurrences.append((article.path.as_posix(), str(sentence.line)))
        notes = entry.comment.split("\n") if entry.comment else []
        for p in sentence.template.placeholders:
            classes = [(lang, fmt.value_class(p.kind, p.value)) for lang, fmt in sorted((formatters or {}).items())]
            note = note_line(p.name, p.source, classes)
            if note not in notes:
                notes.append(note)
        entry.comment = "\n".join(notes)
    return pot


def review_reason(old_comment: str, new_comment: str, lang: str, *, plural: bool, msgstr: str = "") -> str:
    """Why a translation made for the values of ``old_comment`` must be reviewed for those of ``new_comment``.

    A value whose grammatical class changed for ``lang`` needs review unless
    a build-time rule covers it: the plural forms of a plural entry, the
    Kazakh endings and Russian cases the build chooses for every value, and
    changes that cannot alter the translation ``msgstr`` (see
    :func:`pipeline.localeformat.class_change_matters`). Returns "" when
    nothing needs review.
    """
    if plural:
        return ""
    before, after = value_notes(old_comment), value_notes(new_comment)
    reasons = []
    for name, note in after.items():
        old = before.get(name)
        if old is None or lang not in note.classes or lang not in old.classes:
            continue
        was, now = old.classes[lang], note.classes[lang]
        if was != now and class_kind(now) == "plural" and class_change_matters(lang, name, was, now, msgstr):
            reasons.append(f"value changed: {old.source} → {note.source}; {lang} plural {was} → {now}")
    return "; ".join(reasons)


def new_catalog(pot: polib.POFile, lang: str, *, slug: str) -> polib.POFile:
    """A fresh PO file for ``lang`` from ``pot``, as ``msginit`` would make it.

    The header is complete (Language, Plural-Forms from CLDR, Language-Team,
    UTF-8); the revision date is the template's creation date so that the
    same inputs always give the same bytes.
    """
    po = polib.POFile(wrapwidth=79)
    name = Locale.parse(lang).get_display_name("en") or lang
    po.header = f"{name} translation of the article {slug}."
    created = pot.metadata.get("POT-Creation-Date", "")
    po.metadata = {
        **pot.metadata,
        "PO-Revision-Date": created,
        "Last-Translator": f"{name} team <{lang}@translations.invalid>",
        "Language-Team": f"{name} <{lang}@translations.invalid>",
        "Language": lang,
        "Plural-Forms": plural_forms(lang),
    }
    po.metadata = _ordered(po.metadata)
    forms = plural_count(lang)
    for entry in pot:
        po.append(_copy_template_entry(entry, forms))
    return po


@dataclass(frozen=True, slots=True)
class MergeOptions:
    """How :func:`merge` treats messages it cannot match exactly.

    Attributes:
        fuzzy: Offer similar earlier translations as fuzzy suggestions.
        threshold: The least similarity (0-1) for a fuzzy suggestion.
        keep_obsolete: Keep translations of removed messages as ``#~`` entries.
    """

    fuzzy: bool = True
    threshold: float = DEFAULT_THRESHOLD
    keep_obsolete: bool = True


def merge(
    po: polib.POFile,
    pot: polib.POFile,
    *,
    options: MergeOptions = MergeOptions(),
    memory: TranslationMemory | None = None,
    source: str = "",
    lang: str = "",
    confirm: Callable[[Remembered], bool] | None = None,
) -> Merged:
    """Merge ``po`` with a newer ``pot`` the way ``msgmerge --previous`` does.

    For each message of the template, in order of preference:

    1. the same msgid in ``po`` (an obsolete entry is revived);
    2. an entry whose msgid differs only in whitespace, quotes or final
       punctuation: its translation is kept as it is when the translation
       already ends as the new msgid does (a typo fix must not make every
       language fuzzy), and as a fuzzy suggestion otherwise;
    3. an exact match in the translation memory (other articles' catalogues);
    4. the most similar translated entry of ``po`` or of the memory above
       ``options.threshold``, as a fuzzy suggestion with the previous msgid
       (``#|``) and, from the memory, a comment naming where it came from.

    Entries that leave the template stay as obsolete ``#~`` entries when
    translated and not carried into a new entry by steps 2 or 4. Nothing a translator wrote is dropped unless
    ``options.keep_obsolete`` is false.

    Args:
        po: The existing catalogue.
        pot: The new template.
        options: Fuzzy matching and obsolete handling.
        memory: Approved translations of other articles in the same language.
        source: How ``po`` is named in ``memory`` (its own entries are skipped there).
        lang: The catalogue's language as the template's notes name it
            (default: from its ``Language`` header).
        confirm: Says whether an exact match of the memory is really in the
            catalogue it names: a memory loaded from a cache is checked
            against the file before its translation is taken as approved.

    A translation whose values changed grammatical class for ``lang`` where
    no build-time rule covers it (see :func:`review_reason`) comes in fuzzy
    with the reason in a translator comment, whether it is the entry's own or
    the memory's. A singular translation of a message that now has plural
    forms fills every form, fuzzy, and the other way round.
    """
    lang = lang or language(po)
    metadata = dict(po.metadata)
    if "POT-Creation-Date" in pot.metadata:
        metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    if "Plural-Forms" not in metadata and any(e.msgid_plural for e in pot if not e.obsolete):
        # Plural entries need the rule that picks their form (our reader refuses them without it).
        try:
            metadata["Plural-Forms"] = plural_forms(lang)
        except (ValueError, LookupError, UnknownLocaleError):
            metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"  # what ngettext assumes without one
    forms = header_nplurals(metadata)
    expression = header_expression(metadata)
    by_key = {(e.msgctxt, e.msgid): e for e in po}
    merged = polib.POFile(wrapwidth=po.wrapwidth)
    merged.header = po.header
    merged.metadata = _ordered(metadata)
    merged.metadata_is_fuzzy = list(po.metadata_is_fuzzy or [])

    # A template's obsolete (#~) entries are no messages of the article.
    messages = [e for e in pot if not e.obsolete]
    pot_keys = {(e.msgctxt, e.msgid) for e in messages}
    # Earlier translations no longer in the template: where suggestions come from.
    leftovers = [e for e in po if (e.msgctxt, e.msgid) not in pot_keys and has_translation(e)]
    by_minor: dict[tuple[str | None, str], polib.POEntry] = {}
    for e in leftovers:
        by_minor.setdefault((e.msgctxt, minor_key(e.msgid)), e)
    counts = dict.fromkeys(
        ("kept", "added", "obsoleted", "revived", "dropped", "minor", "fuzzy", "memory", "reviewed"), 0
    )
    consumed: set[tuple[str | None, str]] = set()
    deferred: list[tuple[polib.POEntry, polib.POEntry]] = []
    for new in messages:
        key = (new.msgctxt, new.msgid)
        entry = _copy_template_entry(new, forms)
        old = by_key.get(key)
        if old is not None and not has_translation(old):
            # An untranslated entry carries only comments: look further for a translation.
            entry.tcomment = old.tcomment
            old = None
        if old is not None:
            # As msgmerge: a changed msgid_plural (the English plural) calls for review.
            plural_changed = bool(old.msgid_plural and new.msgid_plural and old.msgid_plural != new.msgid_plural)
            review = (
                plural_changed
                or bool(old.msgid_plural) != bool(new.msgid_plural)
                or _flags_changed(entry, old, expression)
            )
            _take(entry, old, fuzzy="fuzzy" in old.flags or review)
            if review and "fuzzy" not in old.flags:
                # As msgmerge --previous: #| says what the approved translation was written for.
                entry.previous_msgid, entry.previous_msgid_plural = old.msgid, old.msgid_plural or None
            if entry.previous_msgid is not None and "fuzzy" not in entry.flags:
                entry.previous_msgid = entry.previous_msgid_plural = None  # the translator has reviewed it
            if "fuzzy" not in entry.flags:
                reason = review_reason(old.comment, new.comment, lang, plural=bool(new.msgid_plural), msgstr=old.msgstr)
                counts["reviewed"] += _review(entry, reason)
            elif old.msgid_plural != new.msgid_plural and "fuzzy" not in old.flags:
                counts["reviewed"] += 1  # made fuzzy by gaining or losing plural forms
            counts["revived" if old.obsolete else "kept"] += 1
        elif by_minor and (minor := by_minor.get((new.msgctxt, minor_key(new.msgid)))) is not None:
            unaffected = (
                final_punctuation(minor.msgstr) == final_punctuation(new.msgid)
                or final_punctuation(minor.msgid) == final_punctuation(new.msgid)
            ) and _line_ends(minor.msgid) == _line_ends(new.msgid)
            _take(
                entry, minor, fuzzy=not unaffected or "fuzzy" in minor.flags or _flags_changed(entry, minor, expression)
            )
            if "fuzzy" in entry.flags and not ("fuzzy" in minor.flags and minor.previous_msgid):
                entry.previous_msgid = minor.msgid
            consumed.add((minor.msgctxt, minor.msgid))
            counts["minor"] += 1
        elif (
            memory is not None
            and not new.msgctxt
            and (hit := memory.exact(new.msgid, source)) is not None
            and (confirm is None or confirm(hit))
        ):
            recalled = recall(hit.msgstr)
            reasons = [_fill(entry, recalled.msgstr, recalled.forms)]
            if not new.msgid_plural:
                notes = value_notes(new.comment)
                changed = [
                    f"{{{name}}} {lang} plural {was} → {notes[name].classes[lang]}"
                    for name, was in recalled.classes.items()
                    if name in notes
                    and notes[name].classes.get(lang, was) != was
                    and class_change_matters(lang, name, was, notes[name].classes[lang], recalled.msgstr)
                ]
                if changed:
                    reasons.append(f"values differ from the translation memory's ({hit.source}): {'; '.join(changed)}")
            counts["reviewed"] += _review(entry, "; ".join(r for r in reasons if r))
            counts["memory"] += 1
        elif options.fuzzy:
            deferred.append((new, entry))  # suggested once every exact answer is known, below
        else:
            counts["added" if key not in by_key else "kept"] += 1  # an entry still untranslated is not new
        merged.append(entry)

    # As msgmerge, a suggestion may come from any translated entry in any
    # context: the old translations that left the template, and the approved
    # ones of this catalogue as merged. Fuzzy entries still in use suggest
    # nothing, so a second update suggests what the first did (idempotent).
    index: FuzzyIndex[polib.POEntry] = FuzzyIndex()
    if deferred:  # built only for a catalogue that has new messages to suggest for
        for e in leftovers:
            index.add(e.msgid, e)
        for e in merged:
            if has_translation(e) and "fuzzy" not in e.flags:
                index.add(e.msgid, e)
    for new, entry in deferred:
        suggestion = _suggest(new, index, memory, options, source)
        if suggestion is None:
            counts["added" if (new.msgctxt, new.msgid) not in by_key else "kept"] += 1
            continue
        counts["fuzzy"] += 1
        if isinstance(suggestion.item, Remembered):
            recalled = recall(suggestion.item.msgstr)
            _fill(entry, recalled.msgstr, recalled.forms)
            suggested = f"Suggested by the translation memory: {suggestion.item.source}"
            entry.tcomment = "\n".join(filter(None, (entry.tcomment, suggested)))
            entry.flags.append("fuzzy")
            entry.previous_msgid = suggestion.key
        else:
            _take(entry, suggestion.item, fuzzy=True)
            if not ("fuzzy" in suggestion.item.flags and suggestion.item.previous_msgid):
                # The translation was made for this msgid; a fuzzy one keeps the #| it was made for.
                entry.previous_msgid = suggestion.item.msgid
                entry.previous_msgid_plural = suggestion.item.msgid_plural or None
            # As msgmerge: the translation lives on in the fuzzy entry (with
            # its old msgid in #|), so the old entry is not kept as obsolete.
            consumed.add((suggestion.item.msgctxt, suggestion.item.msgid))
        _adapt_placeholders(entry, entry.previous_msgid or "")

    for old in po:
        key = (old.msgctxt, old.msgid)
        if key in pot_keys or key in consumed:
            continue
        if not has_translation(old) or not options.keep_obsolete:
            counts["dropped"] += 1
            continue
        keep = polib.POEntry(
            msgid=old.msgid,
            msgctxt=old.msgctxt,
            msgstr=old.msgstr,
            msgid_plural=old.msgid_plural,
            msgstr_plural=dict(old.msgstr_plural),
            tcomment=old.tcomment,
            flags=list(old.flags),
            obsolete=True,
        )
        # What a fuzzy translation was made for (#~|) stays with it, as msgmerge keeps it.
        keep.previous_msgctxt = old.previous_msgctxt
        keep.previous_msgid = old.previous_msgid
        keep.previous_msgid_plural = old.previous_msgid_plural
        if not old.obsolete:
            counts["obsoleted"] += 1
        merged.append(keep)
    return Merged(catalog=merged, counts=MergeCounts(**counts))


def _suggest(
    new: polib.POEntry,
    index: FuzzyIndex[polib.POEntry],
    memory: TranslationMemory | None,
    options: MergeOptions,
    source: str,
) -> Match | None:
    fits = _fitting(new.msgid)
    own = index.best(new.msgid, options.threshold, accept=lambda e: fits(e.msgid))
    if memory is None or new.msgctxt:
        return own
    remembered = memory.near(new.msgid, options.threshold, source, fits=fits)
    if remembered is not None and (own is None or remembered.score > own.score):
        return remembered
    return own


def _fields_fit(was: tuple[str, ...], now: tuple[str, ...]) -> bool:
    """Whether a translation made for a msgid with the placeholders ``was`` can name exactly those of ``now``.

    The same placeholders, or as many, each once, renamed in order (see
    :func:`_adapt_placeholders`). A suggestion that cannot fit is not offered:
    accepted as it is, it would name a value the message does not have.
    """
    return sorted(was) == sorted(now) or (len(was) == len(now) and len(set(was)) == len(was))


def _fitting(msgid: str) -> Callable[[str], bool]:
    """Whether a translation made for a message can serve ``msgid`` (see :func:`_fields_fit`)."""
    # Found at the first candidate: a look-up with none (a first import's) never needs them.
    now: list[tuple[str, ...]] = []

    def fits(old_msgid: str) -> bool:
        if not now:
            now.append(_fields(msgid))
        return _fields_fit(_fields(old_msgid), now[0])

    return fits


@functools.lru_cache(maxsize=8192)
def _fields(msgid: str) -> tuple[str, ...]:
    """The placeholders of ``msgid`` in order (cached: a look-up tries dozens of candidates, each many times)."""
    return tuple(_FIELD.findall(msgid))


def _take(entry: polib.POEntry, old: polib.POEntry, *, fuzzy: bool) -> None:
    """Give ``entry`` the translation, comments and review state of ``old``."""
    forms = tuple(old.msgstr_plural[i] for i in sorted(old.msgstr_plural)) if old.msgid_plural else ()
    changed = _fill(entry, old.msgstr, forms)
    entry.tcomment = old.tcomment
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgid_plural = old.previous_msgid_plural
    if (fuzzy or changed) and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if changed:
        _review(entry, changed)


def _fill(entry: polib.POEntry, msgstr: str, forms: tuple[str, ...]) -> str:
    """Put a singular translation or plural forms into ``entry``, whichever it has; say why if it needs review.

    A singular translation of a message that now has plural forms fills
    every form; plural forms of a message that has none give their first.
    Either way a translator must look again (returns the reason, and the
    caller marks the entry fuzzy).
    """
    if entry.msgid_plural:
        count = max(len(entry.msgstr_plural), 1)
        if forms:
            entry.msgstr_plural = {i: forms[i] if i < len(forms) else "" for i in range(count)}
            return "" if len(forms) == count else f"the translation had {len(forms)} plural forms, the language {count}"
        entry.msgstr_plural = {i: msgstr for i in range(count)}
        return "the message now has plural forms: make each agree with its numbers" if msgstr else ""
    if forms:
        entry.msgstr = forms[0]
        return "the message no longer has plural forms: this was the first form"
    entry.msgstr = msgstr
    return ""


_FIELD = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _adapt_placeholders(entry: polib.POEntry, old_msgid: str) -> None:
    """Rename a suggestion's placeholders to the new msgid's where they correspond one to one, in order.

    A suggestion made for ``The plan runs to {month}.`` offered for ``The
    plan runs to {date}.`` would otherwise name a placeholder the msgid has
    not; with as many placeholders on both sides, the n-th becomes the n-th.
    """
    was = _FIELD.findall(old_msgid)
    now = _FIELD.findall(entry.msgid)
    if was == now or len(was) != len(now) or len(set(was)) != len(was):
        return
    names = dict(zip(was, now, strict=True))

    def rename(text: str) -> str:
        return _FIELD.sub(lambda m: "{" + (names.get(m.group(1)) or m.group(1)) + "}", text)

    entry.msgstr = rename(entry.msgstr)
    entry.msgstr_plural = {i: rename(form) for i, form in entry.msgstr_plural.items()}


def _review(entry: polib.POEntry, reason: str) -> bool:
    """Send ``entry`` back to review with ``reason`` in a translator comment (nothing if no reason)."""
    if not reason:
        return False
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    lines = entry.tcomment.split("\n") if entry.tcomment else []
    if reason not in lines:
        entry.tcomment = "\n".join([*lines, reason])
    return True


def _flags_changed(entry: polib.POEntry, old: polib.POEntry, expression: str | None) -> bool:
    """Whether the template's flags call for review of ``old``'s translation in ``entry`` (as msgmerge does).

    A format flag the translation was not written for must pass that format's
    check (msgmerge runs msgfmt's); for a format this project cannot check,
    review is the safe answer. A ``range:`` the translation was written for
    that is gone or widened calls for review too.
    """
    for flag in entry.flags:
        if not flag.endswith("-format") or flag.startswith("no-") or flag in old.flags:
            continue
        if flag == "python-brace-format":
            if not _same_fields(entry.msgid, old):
                return True
        elif flag in CHECKED:
            if bool(entry.msgid_plural) != bool(old.msgid_plural):
                return True  # reviewed anyway: the plural forms changed
            translations = dict(old.msgstr_plural) if old.msgid_plural else old.msgstr
            if format_problems([flag, *entry.flags], entry.msgid, entry.msgid_plural, translations, expression):
                return True
        else:
            return True
    return range_narrowed(old.flags, entry.flags)


def _same_fields(msgid: str, entry: polib.POEntry) -> bool:
    """Whether every translation of ``entry`` names exactly the placeholders of ``msgid``."""
    wanted = sorted(_FIELD.findall(msgid))
    texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
    return all(sorted(_FIELD.findall(text)) == wanted for text in texts if text)


def _line_ends(text: str) -> tuple[bool, bool]:
    """Whether ``text`` begins and ends with a line break (msgfmt --check wants the msgstr's to match)."""
    return text.startswith("\n"), text.endswith("\n")


def consults_memory(po: polib.POFile) -> bool:
    """Whether merging ``po`` again could take something from the translation memory.

    Only entries without a translation look further than their own catalogue
    (see :func:`merge`); a catalogue without any is merged the same whatever
    the other catalogues say.
    """
    return any(not has_translation(e) for e in po if not e.obsolete)


def still_merged(
    po: polib.POFile,
    memory: TranslationMemory,
    *,
    options: MergeOptions = MergeOptions(),
    source: str = "",
    confirm: Callable[[Remembered], bool] | None = None,
) -> bool:
    """Whether :func:`merge` would leave ``po`` as it is with this memory, ``po`` being what it wrote.

    A merge's result merged again with its template changes only where the
    memory is asked (see :func:`consults_memory`): an entry still without a
    translation takes an exact match or a suggestion the memory has now. This
    asks the memory what the merge would, without reading the template or
    building the catalogue's own index.
    """
    for e in po:
        if e.obsolete or e.msgctxt or has_translation(e):
            continue
        hit = memory.exact(e.msgid, source)
        if hit is not None and (confirm is None or confirm(hit)):
            return False
        if options.fuzzy and memory.near(e.msgid, options.threshold, source, fits=_fitting(e.msgid)) is not None:
            return False
    return True


def approved(po: polib.POFile) -> dict[str, str | tuple[str, ...]]:
    """The translations fit to publish: complete, not fuzzy, not obsolete (plural entries: every form)."""
    fit = ((e, complete_translation(e)) for e in po if not e.msgctxt and state(e) == "translated")
    return {e.msgid: text for e, text in fit if text is not None}


@dataclass(frozen=True, slots=True)
class Publishable:
    """What the build needs of a catalogue: its approved translations, its fuzzy msgids and its plural header.

    The update makes it of the catalogue it merged, so that ``l10n all`` builds without reading it again.
    """

    translations: dict[str, str | tuple[str, ...]]
    fuzzy: frozenset[str]
    plural_forms: str  # the header's Plural-Forms, from which the plural rule is made
    language: str

    def __post_init__(self) -> None:
        # One empty set for the many catalogues with no fuzzy entry (every one of a first import's).
        object.__setattr__(self, "fuzzy", self.fuzzy or _NO_FUZZY)

    def __reduce__(self) -> tuple:  # made by the constructor when a worker sends it
        return Publishable, (self.translations, self.fuzzy, self.plural_forms, self.language)

    @classmethod
    def of(cls, po: polib.POFile) -> Publishable:
        """The publishable view of ``po`` (its headers interned: the same few, held for every catalogue of a run)."""
        return cls(
            approved(po),
            frozenset(e.msgid for e in po if state(e) == "fuzzy"),
            sys.intern(po.metadata.get("Plural-Forms", "")),
            sys.intern(po.metadata.get("Language", "")),
        )


_NO_FUZZY: frozenset[str] = frozenset()


def stats(po: polib.POFile) -> CatalogStats:
    """Counts of translated, fuzzy, untranslated and obsolete entries (see :func:`state`)."""
    counts = dict.fromkeys(("translated", "fuzzy", "untranslated", "obsolete"), 0)
    for e in po:
        counts[state(e)] += 1
    return CatalogStats(total=len(po) - counts["obsolete"], **counts)


def render_catalog(po: polib.POFile, width: int | None = DEFAULT_WIDTH) -> str:
    """The PO/POT file text in GNU gettext's layout (see :func:`pipeline.pofile.dump_po`)."""
    return dump_po(po, width=width)


def _copy_template_entry(entry: polib.POEntry, forms: int) -> polib.POEntry:
    """An empty entry of a catalogue with ``forms`` plural forms for a template's entry."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgstr="",
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict.fromkeys(range(forms), "") if entry.msgid_plural else {},
        occurrences=list(entry.occurrences),
        comment=entry.comment,
        tcomment=entry.tcomment,  # replaced by the catalogue's own translator comments where it has the message
        flags=[f for f in entry.flags if f != "fuzzy"],
    )


_HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date", "Last-Translator",
    "Language-Team", "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms",
    "X-Generator",
)  # fmt: skip


def _ordered(metadata: dict[str, str]) -> dict[str, str]:
    """Header fields in the order GNU gettext writes them, extra ones after."""
    known = {k: metadata[k] for k in _HEADER_ORDER if k in metadata}
    return {**known, **{k: v for k, v in metadata.items() if k not in known}}


def _header(project: str, article: Article) -> dict[str, str]:
    # A fixed creation date keeps reruns byte-identical: the article's own
    # date when it has one (no wall-clock timestamps anywhere).
    date = article.date or datetime.date(1970, 1, 1)
    fields = {
        "Project-Id-Version": f"{project} {article.slug}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": f"{date.isoformat()} 00:00+0000",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"l10n {__version__}",
    }
    return fields
