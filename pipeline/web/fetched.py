"""The fetched article: what ``l10n fetch`` makes of a page, and the Markdown file it writes.

The bottom of the fetch modules: it knows neither the network nor HTML.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from pipeline.errors import L10nError


# Here, at the bottom, so that the network and the page readers raise one error without importing each other.
class FetchError(L10nError):
    """A page could not be fetched or holds no article; the message names the URL."""


@dataclass(frozen=True, slots=True)
class FetchedArticle:
    """What a news page says about itself and its body as Markdown."""

    title: str
    date: datetime.date | None
    lang: str
    source_url: str
    body: str


def to_markdown(article: FetchedArticle, fetched_at: datetime.datetime) -> str:
    """The article as a Markdown source file with front matter, ready for ``l10n extract``."""
    from pipeline.markdown import quote_yaml

    lines = ["---", f"title: {quote_yaml(article.title)}"]
    if article.date:
        lines.append(f"date: {article.date.isoformat()}")
    lines.append(f"source: {quote_yaml(article.source_url)}")
    if article.lang:
        lines.append(f"language: {article.lang}")
    lines.append(f"fetched-at: {fetched_at.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines += ["---", ""]
    return "\n".join(lines) + "\n" + article.body


def slugify(title: str, limit: int = 80) -> str:
    """An ASCII file name from a title, transliterating Kazakh and Russian Cyrillic."""
    out = []
    for ch in title.lower():
        ch = _TRANSLIT.get(ch, ch)
        out.append(ch)
    ascii_text = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "article"


_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters, as the 2021 Latin alphabet writes them (without diacritics here)
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip


def language_warning(lang: str, source: str) -> str:
    """Why a fetched page may not be extracted as it is, or "" when its language is the project's.

    Args:
        lang: The page's language as :func:`parse_page` found it ("" if unknown).
        source: The project's source locale (``en``, ``ru_KZ``…).
    """
    primary = source.replace("_", "-").split("-")[0].lower()
    if not lang or lang == primary:
        return ""
    name = _LANGUAGE_NAMES.get(lang, lang)
    return (
        f"the page is in {name} ({lang}), not in {source}, the project's source language: "
        f"extract skips it until the project translates from {lang}"
    )


_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "uz": "Uzbek", "ky": "Kyrgyz", "uk": "Ukrainian"}
