"""Aligning a published translation with its source article, sentence by sentence: what ``l10n align`` calls.

A newsroom that adopts the pipeline has years of stories published in English,
Kazakh and Russian. :func:`align` pairs the sentences of one translation with
the messages of its source article and turns each aligned translation into a
reusable template: the values the msgid has as placeholders are found in the
translation, written in that language's press style («14,7 млрд тенге»,
«2024 жылғы 27 маусымда», «17,2%-ға»), and replaced by the placeholder with the
translation's own case endings kept around it («в {date}», «{percent}-ға»).

How sentences are paired: both sides are cut by :mod:`pipeline.segment`; a
dynamic programme over beads (1-1, 2-1, 1-2, 1-0, 0-1, and two adjacent
sentences swapped) chooses the cheapest path, each bead priced by

- the values it pairs: a value of the msgid found in the translation, by its
  value and not its spelling, is the strongest evidence there is;
- numbers, names and cognates that survive translation (years, ranges,
  «№ 512», «gov.kz», «Бектенову» for "Bektenov", «инфляция» for
  "inflation", compared in transliteration);
- a value the translation has and the source has not, which belongs to a
  sentence the translator added more often than to a translated one;
- the length ratio of Gale and Church (1993) for the rest, with the ratio of
  the two texts' lengths as its mean;
- paragraphs: a paragraph break on one side that the other has not costs a
  little, so the search follows the paragraphs where the translator kept them
  and crosses them where the translator joined or split them.

Nothing here reads or writes files; the caller brings the article and the
translation's text and fills the catalogue (every aligned entry is a
suggestion for a translator to confirm).

This module runs the steps and turns the beads into proposals; the steps are
modules of their own, each importing only those listed before it:

- :mod:`pipeline.align.weights`: every weight, prior and threshold of the model;
- :mod:`pipeline.align.result`: the result types (beads, proposals, values found);
- :mod:`pipeline.align.values`: values in Russian and Kazakh press style;
- :mod:`pipeline.align.template`: a translated sentence as a template with the msgid's placeholders;
- :mod:`pipeline.align.read`: the translation's language checked, its paragraphs and sentences read;
- :mod:`pipeline.align.anchors`: what each sentence offers to compare (values, numbers, names, cognates);
- :mod:`pipeline.align.score`: a bead's cost and score;
- :mod:`pipeline.align.dp`: the dynamic programme over beads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.align.anchors import anchor_source, anchor_target
from pipeline.align.dp import Search, to_beads
from pipeline.align.read import WHITESPACE, check_language, check_supported, read_translation
from pipeline.align.result import (
    AlignedMessage,
    Alignment,
    Bead,
    BeadKind,
    FoundValue,
    Role,
    Templated,
    TranslatedSentence,
)
from pipeline.align.score import anchor_counts
from pipeline.align.template import to_template
from pipeline.align.values import LANGUAGES, find_values
from pipeline.align.weights import FEW_ANCHORS, LEAST_SCORE, LEAST_SHARED
from pipeline.errors import SourceError
from pipeline.models import Article, Sentence

if TYPE_CHECKING:
    from pipeline.localeformat import LocaleFormat

# The command (pipeline.project), the tests and bench/align.py take the aligner
# from this module alone, whichever part a name is defined in.
__all__ = [
    "LANGUAGES",
    "AlignedMessage",
    "Alignment",
    "Bead",
    "BeadKind",
    "FoundValue",
    "Role",
    "Templated",
    "TranslatedSentence",
    "align",
    "check_language",
    "find_values",
    "read_translation",
    "source_sentences",
    "to_template",
]


def source_sentences(article: Article) -> list[tuple[Sentence, int]]:
    """The article's messages in order (:attr:`Article.sentences`), each with the index of its paragraph.

    A Markdown title is a paragraph of its own.
    """
    out: list[tuple[Sentence, int]] = []
    if article.title is not None:
        out.append((article.title, 0))
    first = len(out)
    for number, paragraph in enumerate(article.paragraphs, start=first):
        out.extend((sentence, number) for sentence in paragraph.sentences)
    return out


def align(
    article: Article,
    translation: str,
    lang: str,
    *,
    path: Path | str | None = None,
    markdown: bool | None = None,
    fmt: LocaleFormat | None = None,
) -> Alignment:
    """Align a published translation with its source article and propose a msgstr for each message.

    Args:
        article: The source article (:func:`pipeline.sources.read_article`).
        translation: The translated file's text: plain text with paragraphs
            separated by blank lines, or Markdown.
        lang: The translation's language, ``ru`` or ``kk``.
        path: The translated file, for error messages (and Markdown by its suffix).
        markdown: Read the translation as Markdown (see :func:`read_translation`).
        fmt: The project's formatter for ``lang``; given, each msgstr is built
            with the msgid's values and compared with the published text
            (:attr:`AlignedMessage.rebuilds`).

    Returns:
        The alignment: a proposal per message, the beads, and the sentences
        the translator added.

    Raises:
        UsageError: If ``lang`` is not Russian or Kazakh.
        SourceError: If the translation is empty, is not in ``lang``, or has
            no sentence that aligns with the article.
    """
    check_supported(lang)
    if not translation.strip("\ufeff \t\r\n"):
        raise SourceError("the translation is empty", path=path, hint="is this the right file?")
    check_language(translation, lang, path=path)
    sentences = read_translation(translation, lang, path=path, markdown=markdown)
    sources = source_sentences(article)
    if not sources:
        raise SourceError("the article has no text to align", path=article.path)
    search = Search([anchor_source(s, p) for s, p in sources], [anchor_target(t, lang) for t in sentences])
    beads = to_beads(search, search.run())
    _check_alignable(search, beads, article, path)
    messages: list[AlignedMessage | None] = [None] * len(sources)
    for bead in beads:
        for message in _messages(bead, sources, sentences, lang, markdown=article.kind == "markdown"):
            messages[message.index] = message
    added = tuple(sentences[bead.target[0]] for bead in beads if bead.kind is BeadKind.ZERO_ONE)
    proposals = tuple(m for m in messages if m is not None)
    if fmt is not None:
        proposals = tuple(dataclasses.replace(m, rebuilds=_rebuilds(m, fmt)) for m in proposals)
    return Alignment(lang, proposals, tuple(beads), tuple(sentences), added)


def _rebuilds(message: AlignedMessage, fmt: LocaleFormat) -> bool | None:
    """Whether the build writes the published translation from the msgstr (see :func:`substitution.write_values`)."""
    if not message.msgstr:
        return None
    template = message.sentence.template
    if not template.placeholders:
        return message.msgstr == message.translation
    from pipeline.errors import PlaceholderError
    from pipeline.substitution import write_values

    try:
        built = write_values(message.msgstr, template.placeholders, fmt)
    except PlaceholderError:
        return False
    return WHITESPACE.sub(" ", built) == WHITESPACE.sub(" ", message.translation)


def _check_alignable(search: Search, beads: Sequence[Bead], article: Article, path: Path | str | None) -> None:
    """Refuse a translation that pairs nothing: another article's, or no translation at all.

    Values and numbers decide when the article has a few: a translation keeps
    nearly all of them, another story almost none. Otherwise some pair of
    sentences must be better than chance.
    """
    paired = [bead for bead in beads if bead.source and bead.target]
    anchors = sum(len(s.placeholders) + sum(s.digits.values()) for s in search.sources)
    shared = 0
    for bead in paired:
        values, _, _, numbers, _ = anchor_counts(
            [search.sources[i] for i in bead.source], [search.targets[j] for j in bead.target]
        )
        shared += values + numbers
    where = article.path.as_posix()
    if anchors >= FEW_ANCHORS and shared < LEAST_SHARED * anchors:
        raise SourceError(
            f"the translation does not match the article {where}: {shared} of its {anchors} values and numbers"
            " are in it",
            path=path,
            hint="is it the translation of this article?",
        )
    if not any(bead.score >= LEAST_SCORE for bead in paired):
        raise SourceError(
            f"no sentence of the translation aligns with the article {where}",
            path=path,
            hint="is it the translation of this article?",
        )


def _messages(
    bead: Bead,
    sources: Sequence[tuple[Sentence, int]],
    sentences: Sequence[TranslatedSentence],
    lang: str,
    *,
    markdown: bool,
) -> list[AlignedMessage]:
    from pipeline.substitution import refusal

    translation = " ".join(sentences[j].text for j in sorted(bead.target))
    target = tuple(sorted(bead.target))
    out = []
    for position, index in enumerate(bead.source):
        sentence = sources[index][0]
        if bead.kind is BeadKind.ONE_ZERO:
            out.append(AlignedMessage(index, sentence, bead.kind, Role.WHOLE, bead.score, "", "", ()))
            continue
        role = Role.WHOLE if len(bead.source) == 1 else (Role.FIRST if position == 0 else Role.SECOND)
        if role is Role.SECOND:
            out.append(AlignedMessage(index, sentence, bead.kind, role, bead.score, "", translation, target))
            continue
        template = sentence.template
        templated = to_template(translation, template.placeholders, lang)
        refused = refusal(template.msgid, templated.msgstr, is_format=template.is_format, markdown=markdown)
        out.append(
            AlignedMessage(
                index,
                sentence,
                bead.kind,
                role,
                bead.score,
                templated.msgstr,
                translation,
                target,
                templated.found,
                templated.missing,
                templated.literal,
                bead.swapped,
                refusal=refused,
            )
        )
    return out
