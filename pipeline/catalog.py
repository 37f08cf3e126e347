"""Catalogues in memory: the POT of an article, new PO files, msgmerge-style merging.

Nothing here touches the disk; :mod:`pipeline.store` reads and writes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import polib
from babel import Locale
from babel.messages.plurals import get_plural

from pipeline import __version__
from pipeline.models import Article, MergeCounts
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


def template(article: Article, *, project: str) -> polib.POFile:
    """The POT for one article: one entry per distinct sentence template.

    Entries are in order of first appearance; a sentence that repeats
    ("Photo credit: gov.kz") is one entry with a reference per occurrence.
    The ``#.`` comment shows each placeholder's value as the author wrote it.
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
            entries[msgid] = entry
            pot.append(entry)
        entry.occurrences.append((article.path.as_posix(), str(sentence.line)))
        notes = entry.comment.split("\n") if entry.comment else []
        for p in sentence.template.placeholders:
            note = f"{{{p.name}}}: {p.source}"
            if note not in notes:
                notes.append(note)
        entry.comment = "\n".join(notes)
    return pot


def new_catalog(pot: polib.POFile, lang: str, *, project: str, slug: str) -> polib.POFile:
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
    for entry in pot:
        po.append(_copy_template_entry(entry))
    return po


def plural_forms(lang: str) -> str:
    """The Plural-Forms header value for ``lang`` from CLDR (via Babel)."""
    return get_plural(lang).plural_forms


def merge(po: polib.POFile, pot: polib.POFile) -> Merged:
    """Merge ``po`` with a newer ``pot`` the way ``msgmerge`` does.

    Translations of messages still in the POT are kept with their flags and
    translator comments; references, extracted comments and format flags come
    from the POT. Messages no longer in the POT are kept as obsolete entries
    when translated (untranslated ones carry nothing worth keeping); an
    obsolete entry whose msgid returns is revived. Nothing is ever lost.
    """
    by_key = {(e.msgctxt, e.msgid): e for e in po}
    merged = polib.POFile(wrapwidth=po.wrapwidth)
    merged.header = po.header
    metadata = dict(po.metadata)
    if "POT-Creation-Date" in pot.metadata:
        metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    merged.metadata = _ordered(metadata)
    merged.metadata_is_fuzzy = po.metadata_is_fuzzy

    counts = {"kept": 0, "added": 0, "obsoleted": 0, "revived": 0, "dropped": 0}
    used = set()
    for new in pot:
        key = (new.msgctxt, new.msgid)
        old = by_key.get(key)
        entry = _copy_template_entry(new)
        if old is None:
            counts["added"] += 1
        else:
            used.add(key)
            entry.msgstr = old.msgstr
            entry.msgstr_plural = dict(old.msgstr_plural)
            entry.tcomment = old.tcomment
            entry.previous_msgid = old.previous_msgid
            if "fuzzy" in old.flags:
                entry.flags.append("fuzzy")
            counts["revived" if old.obsolete else "kept"] += 1
        merged.append(entry)

    for old in po:
        if (old.msgctxt, old.msgid) in used:
            continue
        if not (old.msgstr or any(old.msgstr_plural.values())):
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
        if not old.obsolete:
            counts["obsoleted"] += 1
        merged.append(keep)
    return Merged(catalog=merged, counts=MergeCounts(**counts))


def approved(po: polib.POFile) -> dict[str, str]:
    """The translations fit to publish: translated, not fuzzy, not obsolete."""
    return {e.msgid: e.msgstr for e in po if not e.obsolete and e.msgstr and "fuzzy" not in e.flags and not e.msgctxt}


def stats(po: polib.POFile) -> CatalogStats:
    """Counts of translated, fuzzy, untranslated and obsolete entries."""
    active = [e for e in po if not e.obsolete]
    fuzzy = sum(1 for e in active if "fuzzy" in e.flags)
    translated = sum(1 for e in active if e.msgstr and "fuzzy" not in e.flags)
    return CatalogStats(
        total=len(active),
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(active) - translated - fuzzy,
        obsolete=len(po) - len(active),
    )


def render_catalog(po: polib.POFile, width: int | None = DEFAULT_WIDTH) -> str:
    """The PO/POT file text in GNU gettext's layout (see :func:`pipeline.pofile.dump_po`)."""
    return dump_po(po, width=width)


def _copy_template_entry(entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgstr="",
        msgid_plural=entry.msgid_plural,
        msgstr_plural={k: "" for k in entry.msgstr_plural},
        occurrences=list(entry.occurrences),
        comment=entry.comment,
        flags=[f for f in entry.flags if f != "fuzzy"],
    )


_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
    "X-Generator",
)


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
