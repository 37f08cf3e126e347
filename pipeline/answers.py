"""Whether a language's memory, patched with the catalogues changed since the last run, answers as it did then.

An update merges a catalogue with an untranslated entry ("tied") again
whenever the memory may have something new for it. Most edits a translator
makes to a catalogue (rewording an approved translation, a comment, a typo)
change what the memory says, not what it can answer:

- whether a look-up finds an exact match, and which fuzzy candidates it
  weighs and how they score, depends on the msgids each catalogue offers,
  never on the text of their translations;
- an exact match is taken only if its catalogue, as read now, would publish
  it (:func:`pipeline.memory_store.in_its_catalogue`): a rewording can take
  that away (the build refuses the new text), which merges nothing new, or
  give it, which could. So an offer counts as unchanged only if its old text
  would have been published whatever its entry's flags and origin.

When both hold for every catalogue that changed, each tied catalogue that
holds what the last update wrote is still merged, and is not read at all.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import polib

from pipeline.memory import TranslationMemory, recall
from pipeline.records import GONE, CatalogueRecord, PatchRecord, paired
from pipeline.substitution import refusal


def answered_as(
    memory: TranslationMemory,
    saved: dict[str, CatalogueRecord],
    written: dict[str, PatchRecord],
    read: dict[str, list[str]],
    now: dict[str, str | None],
    catalogue: Callable[[str], polib.POFile | None],
) -> dict[str, str] | None:
    """The catalogues (content hash by key) of the memory as the last run left it, if it answers as that one did.

    Args:
        memory: The saved memory, not patched yet.
        saved: The catalogues it was saved from.
        written: The patch the last run wrote.
        read: The approved translations (flat) of the catalogues read now, by key.
        now: Every catalogue's content hash now, by key.
        catalogue: A catalogue read now, as read (None if it was not kept).

    Returns:
        None if a catalogue came or went, offers other msgids, or may publish
        a translation it did not before.
    """
    before = {key: record.digest for key, record in saved.items()}
    for key, record in written.items():
        if record == GONE:
            before.pop(key, None)
        else:
            before[key] = record.digest
    if before.keys() != now.keys():
        return None
    for key in read.keys() | written.keys():
        if key not in read:
            if key not in now or written[key].digest == now[key]:
                continue  # as the last run left it (gone then, and gone still)
            return None  # back to the bytes it was saved from: rare enough to look at everything
        was = dict(paired(written[key].flat)) if key in written else dict(memory.pairs_of(key))
        offered = dict(paired(read[key]))
        if offered.keys() != was.keys():
            return None
        po = catalogue(key)
        if po is None:
            return None
        for entry in po:
            if entry.msgid in offered and not entry.msgctxt and not always_published(entry, was[entry.msgid]):
                return None
    return before


def always_published(entry: polib.POEntry, text: str) -> bool:
    """Whether a memory text for ``entry``'s msgids passes every check the build makes, whatever the entry's flags."""
    recalled = recall(text)
    forms = recalled.forms or (recalled.msgstr,)
    if len(forms) > 1 and not entry.msgid_plural:
        return False
    sources = [entry.msgid, *[entry.msgid_plural] * (len(forms) - 1)]
    return not any(
        refusal(source, form, is_format=is_format, markdown=markdown)
        for source, form in zip(sources, forms, strict=True)
        for is_format, markdown in product((True, False), repeat=2)
    )
