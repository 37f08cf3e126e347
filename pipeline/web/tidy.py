"""Tidying a story's blocks: leaving out the site's text (read-also boxes, counters, prompts, teasers, bylines).

Blocks are judged by their text, after :mod:`pipeline.web.story` has left out
what the elements' names gave away; captions ahead of the lead go after it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipeline.web.dates import MONTHS
from pipeline.web.text import LINK, Block, plain_text

_READ_ALSO = re.compile(
    r"^(?:читайте|смотрите|также читайте|см\.) (?:также|еще|ещё)|^также читайте|^(?:read|see|also) (?:also|more|read)"
    r"|^related(?: news| stories| articles)?(?=\s*:|$)|^more on this story|^explore more"
    r"|^оқи отырыңыз|^тағы оқыңыз|^сондай-ақ оқыңыз|^(?:тағы да )?оқыңыз",
    re.IGNORECASE,
)
_CHROME = re.compile(
    "|".join(
        (
            r"ctrl\s*\+\s*enter",
            r"^(?:просмотров|просмотры|просмотрено|прочитано|views?|hits|қаралды|қаралым(?: саны)?|👁)"
            r"\s*:?\s*[\d\s.,kк]+$",
            r"a post shared by|view this post on instagram|посмотреть эту публикацию|публикация от .*\(@",
            r"^(?:reporting|writing|additional reporting|editing) by\b",
            r"^(?:tags|теги|тэги|метки|тегтер|keywords)\s*:",
            r"^(?:share|share this|поделиться|бөлісу|comments|комментарии|пікір|пікірлер)\s*:?$",
            r"^\d+\s*(?:/|из|of)\s*\d+$",
            r"^\d+\s*(?:min read|minute read|мин\.? чтения|минуты? чтения|мин оқу)$",
            r"^(?:live\s+)?(?:updated|last updated|обновлено|жаңартылды)\b.{0,40}\d",
            r"^(?:loading|загрузка|жүктелуде)\W*$",
            r"все права защищены|all rights reserved|ссылка на .{0,40} обязательна|копирование материалов",
        )
    ),
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"(?:подписывайтесь|подпишитесь|присоединяйтесь|subscribe to|follow us|follow \S+ on|sign up (?:to|for)|жазылыңыз)"
    r".{0,120}(?:telegram|телеграм|whatsapp|instagram|facebook|youtube|google news|дзен|newsletter|канал|twitter)",
    re.IGNORECASE,
)
# A block of only these words is an advertisement's label ("Advertisement · Scroll to continue").
_AD_WORDS = frozenset(
    "advertisement advertising реклама жарнама sponsored ad scroll to continue story continues below with".split()
)
# A photo credit ("Фото: Акорда"): the story keeps it whatever its element is named.
CREDIT = re.compile(
    r"^(?:фото|фотосурет|сурет|photo|photos|photograph|image|picture|видео|video|иллюстрация|illustration|коллаж|collage)"
    r"(?: и видео)?\s*(?::|—|–|-|/|©)\s*\S",
    re.IGNORECASE,
)


def _links_only(text: str) -> bool:
    """Whether a block is nothing but links (and punctuation)."""
    return bool(LINK.search(text)) and not re.search(r"\w", plain_text(LINK.sub("", text)))


def _is_chrome(plain: str) -> bool:
    """Whether a block's text is the site's, not the story's (counters, notices, prompts, advertising labels)."""
    if len(plain) > 250:
        return False  # a paragraph of the story that mentions "all rights reserved" or Ctrl+Enter
    if _CHROME.search(plain) or _SUBSCRIBE.search(plain):
        return True
    words = re.findall(r"[^\W\d_]+", plain.lower())
    return bool(words) and all(w in _AD_WORDS for w in words)


def _is_dateline(plain: str) -> bool:
    """Whether a block is only a date or time (``27 июня 2024, 14:05``, ``Updated 14:05``)."""
    if not re.search(r"\d", plain):
        return False
    rest = re.sub(r"\d+", " ", plain.lower())
    words = re.findall(r"[^\W\d_]+", rest)
    fillers = {"г", "года", "год", "ж", "жылғы", "am", "pm", "a", "m", "p", "utc", "gmt", "edt", "est", "msk", "almt"}
    return all(w in MONTHS or w in fillers for w in words)


_BYLINE = re.compile(r"^(?:by|автор|авторы|author|authors|текст|фото и текст)\b\s*:?\s*\S", re.IGNORECASE)


def tidy(blocks: list[Block], title: str, host: str, *, lead: bool = True) -> list[Block]:
    """Leave out the site's blocks, put captions ahead of the lead after it, and drop a repeated headline."""
    kept: list[Block] = []
    after_label = False
    for block in blocks:
        if block.kind in ("code", "table"):
            kept.append(block)
            after_label = False
            continue
        plain = plain_text(block.text)
        if after_label and _links_only(block.text):
            continue  # the stories a "Read also:" label introduced
        after_label = False
        label = _READ_ALSO.match(plain)
        if label:
            rest = plain_text(LINK.sub("", block.text))
            if (
                not re.search(r"\w", rest[label.end() :])
                or _links_only(block.text)
                or rest[label.end() :].lstrip().startswith(":")
            ):
                after_label = not LINK.search(block.text)
                continue
        if not plain or _is_chrome(plain):
            continue
        if block.kind in ("p", "heading") and _links_only(block.text) and _teaser(block.text, plain, host):
            continue
        if block.kind == "heading" and plain == title:
            continue
        if kept and kept[-1].text == block.text:
            continue  # the same block twice in a row: a copy for phones and one for desktops, CSS hiding one
        kept.append(block)
    return _lead_first(kept, title) if lead else kept


def _teaser(text: str, plain: str, host: str) -> bool:
    """A link to another page of the same site standing alone: another story's headline, "Back to the list"."""
    hosts = {(urlsplit(m.group(2)).hostname or "").lower() for m in LINK.finditer(text)}
    return hosts == {host} and len(plain.split()) <= 20 and not plain.endswith((".", "!", "?", "…"))


def _lead_first(blocks: list[Block], title: str) -> list[Block]:
    """Drop the header's leftovers before the lead (date, byline, labels), and move its captions after it."""
    first = next((i for i, b in enumerate(blocks) if b.kind != "caption" and _is_paragraph(b)), None)
    if first is None:
        return blocks
    head, captions = [], []
    for block in blocks[:first]:
        plain = plain_text(block.text)
        if plain == title or _is_dateline(plain) or (_BYLINE.match(plain) and len(plain.split()) <= 8):
            continue
        if block.kind == "caption":
            captions.append(block)
        elif block.kind != "p" or len(plain.split()) > 3 or plain.endswith((".", "!", "?", ":")):
            head.append(block)
    return [*head, blocks[first], *captions, *blocks[first + 1 :]]


def _is_paragraph(block: Block) -> bool:
    if block.kind not in ("p", "list", "quote", "table"):
        return False
    plain = plain_text(block.text)
    return not _is_dateline(plain) and (len(plain.split()) >= 4 or plain.endswith((".", "!", "?", "…")))


def has_text(blocks: list[Block]) -> bool:
    """Whether the blocks hold some of a story: a paragraph or code, not only dates, labels and captions."""
    return any(_is_paragraph(b) or b.kind == "code" for b in blocks)
