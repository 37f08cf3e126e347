"""The results of ``l10n align``: beads, the proposal for each message, and the types the aligner's parts pass.

Every other ``align*`` module builds or reads these; this one imports none of
them. The values :mod:`pipeline.align.values` finds (:class:`FoundValue`) and
the templates :mod:`pipeline.align.template` makes (:class:`Templated`) live
here too, so that the result types stand in one place.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from pipeline.models import Sentence


class BeadKind(enum.StrEnum):
    """How many source messages and translated sentences a bead joins, as ``source-target``."""

    ONE_ONE = "1-1"
    TWO_ONE = "2-1"  # two messages, translated together in one sentence
    ONE_TWO = "1-2"  # one message, translated in two sentences
    ONE_ZERO = "1-0"  # a message the translation leaves out
    ZERO_ONE = "0-1"  # a sentence the translator added


class Role(enum.StrEnum):
    """A message's part in its bead."""

    WHOLE = "whole"  # the bead's only message
    FIRST = "first"  # the first of a 2-1 bead: it carries the joined translation
    SECOND = "second"  # the second of a 2-1 bead: its translation is in the first


@dataclass(frozen=True, slots=True)
class TranslatedSentence:
    """One sentence of the translation.

    Attributes:
        index: Its position among the translation's sentences.
        text: The sentence as published.
        paragraph: The index of its paragraph (the Markdown title is one).
        line: The 1-based line it starts on in the translated file.
    """

    index: int
    text: str
    paragraph: int
    line: int


@dataclass(frozen=True, slots=True)
class FoundValue:
    """A value recognised in a Russian or Kazakh sentence.

    Attributes:
        start: Where the value starts in the sentence.
        end: Where it ends, its ending included (``17,2%-ға``, ``мамырда``).
        kind: ``money``, ``percent``, ``number`` or ``date``.
        amount: The number at full scale (14.7 billion for «14,7 млрд»), or None for a date.
        currency: The ISO code of money, if the translation names a currency.
        date: ``(year, month, day)`` of a date; year or day may be None.
        ending: The Kazakh ending to write after the placeholder, with its
            hyphen (``-ға``), or "".
        plain: A bare integer (no digit groups, decimals, magnitude or unit):
            a year or a count more often than a value.
        problem: Why the value cannot become a placeholder (an ending the
            build cannot write), or "".
    """

    start: int
    end: int
    kind: str
    amount: Decimal | None = None
    currency: str | None = None
    date: tuple[int | None, int, int | None] | None = None
    ending: str = ""
    plain: bool = False
    problem: str = ""


@dataclass(frozen=True, slots=True)
class Templated:
    """A translated sentence with the msgid's values replaced by its placeholders.

    Attributes:
        msgstr: The template (python-brace-format when there are placeholders).
        found: The placeholders put in, in the msgid's order.
        missing: The msgid's placeholders whose value the translation does not
            have in a form that could be recognised.
        literal: Values of the translation left as text (they match none of the
            msgid's placeholders, or cannot take one).
    """

    msgstr: str
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    literal: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Bead:
    """A group of source messages and translated sentences aligned together.

    Attributes:
        kind: How many of each.
        source: Indices into the article's messages (:attr:`Article.sentences`).
        target: Indices into the translation's sentences.
        score: 0 to 1: the share of the evidence (values, numbers, names,
            length) that agrees with this pairing; 0 for 1-0 and 0-1 beads.
        swapped: This 1-1 bead and its neighbour are in the opposite order in
            the translation.
    """

    kind: BeadKind
    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float
    swapped: bool = False


@dataclass(frozen=True, slots=True)
class AlignedMessage:
    """What the alignment proposes for one message of the article.

    Attributes:
        index: The message's position in :attr:`Article.sentences`.
        sentence: The source sentence; its template holds the msgid.
        kind: The kind of its bead.
        role: Its part in the bead (a 2-1 bead has a first and a second).
        score: The bead's score.
        msgstr: The proposed translation as a template; "" when there is none
            (a 1-0 bead, the second message of a 2-1 bead).
        translation: The translated sentences as published, joined by a space.
        target: The indices of those sentences in the translation.
        found: Placeholders the msgstr has.
        missing: Placeholders of the msgid the translation's values did not
            supply; the msgstr lacks them.
        literal: Values of the translation left as text in the msgstr.
        swapped: The translation has this sentence and its neighbour the
            other way round.
        rebuilds: Whether the build, given the msgstr and the msgid's values,
            writes the published translation again (spaces aside); None when
            not checked (no locale format given, or no msgstr).
        refusal: Why the build would not publish the msgstr as it stands
            (:func:`pipeline.substitution.refusal`: a placeholder missing, Markdown
            markup the msgid has and the translation has not), or "".
    """

    index: int
    sentence: Sentence
    kind: BeadKind
    role: Role
    score: float
    msgstr: str
    translation: str
    target: tuple[int, ...]
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    literal: tuple[str, ...] = ()
    swapped: bool = False
    rebuilds: bool | None = None
    refusal: str = ""

    @property
    def msgid(self) -> str:
        """The message's msgid."""
        return self.sentence.template.msgid

    @property
    def complete(self) -> bool:
        """Whether the msgstr is a whole translation with every placeholder of the msgid."""
        return bool(self.msgstr) and not self.missing and self.role is not Role.SECOND

    def describe(self) -> str:
        """The bead in a few words, for a translator comment (without the file, which the caller knows).

        Examples: ``1-1, score 0.93``; ``2-1 with the next sentence (the
        translation joins them; it is on this message), score 0.81``;
        ``1-1, in the other order in the translation, score 0.88;
        {amount_2} not found in the translation``.
        """
        text = {
            (BeadKind.ONE_ONE, Role.WHOLE): "1-1",
            (BeadKind.TWO_ONE, Role.FIRST): "2-1 with the next sentence (the translation joins them; it is on this"
            " message)",
            (BeadKind.TWO_ONE, Role.SECOND): "2-1 with the previous sentence (the translation joins them; it is on"
            " the previous message)",
            (BeadKind.ONE_TWO, Role.WHOLE): "1-2 (the translation splits it in two sentences)",
            (BeadKind.ONE_ZERO, Role.WHOLE): "1-0 (the translation leaves it out)",
        }[self.kind, self.role]
        if self.swapped:
            text += ", in the other order in the translation"
        if self.kind is not BeadKind.ONE_ZERO:
            text += f", score {self.score:.2f}"
        if self.missing and self.role is not Role.SECOND:
            names = ", ".join("{" + name + "}" for name in self.missing)
            text += f"; {names} not found in the translation"
        if self.literal and self.role is not Role.SECOND:
            text += "; left as text: " + ", ".join(f"«{value}»" for value in self.literal)
        if self.rebuilds is False:
            text += "; the build writes it differently from the published text"
        return text


@dataclass(frozen=True, slots=True)
class Alignment:
    """An article and one translation of it, aligned.

    Attributes:
        lang: The translation's language.
        messages: One proposal per message of the article, in its order.
        beads: The beads in the order of the article (a 0-1 bead where the
            translation has the sentence).
        sentences: The translation's sentences.
        added: Sentences the translator added (0-1 beads): reported, never
            put on a message.
    """

    lang: str
    messages: tuple[AlignedMessage, ...]
    beads: tuple[Bead, ...]
    sentences: tuple[TranslatedSentence, ...]
    added: tuple[TranslatedSentence, ...]

    def by_msgid(self) -> dict[str, AlignedMessage]:
        """One proposal per msgid (a sentence that repeats is one message): the most complete, then the best scored.

        The second message of a 2-1 bead and a 1-0 message are kept only when
        the msgid has nothing better, so that the caller can say so.
        """
        best: dict[str, AlignedMessage] = {}
        for message in self.messages:
            kept = best.get(message.msgid)
            if kept is None or _rank(message) > _rank(kept):
                best[message.msgid] = message
        return best

    def counts(self) -> Counter[str]:
        """How many beads of each kind (``1-1``, ``2-1`` …), for a summary line."""
        return Counter(bead.kind.value for bead in self.beads)


def _rank(message: AlignedMessage) -> tuple[bool, bool, float]:
    return (bool(message.msgstr), message.complete, message.score)
