"""What a news page says about itself: its headline, date and language.

In order of trust: JSON-LD, ``<meta>`` (Open Graph and the like), then what
the page shows (headings, ``<time>``, dated elements, the text's alphabet).
"""

from __future__ import annotations

import collections
import datetime
import html as html_module
import itertools
import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pipeline.web.dates import parse_date
from pipeline.web.names import marks
from pipeline.web.text import plain_text

if TYPE_CHECKING:
    from pipeline.web.story import Reader


_ARTICLE_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting"})


def json_ld(soup) -> dict:
    """The first article object (NewsArticle, Article, BlogPosting…) of the page's JSON-LD, or {}."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        stack = collections.deque([data])
        while stack:
            item = stack.popleft()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and (k.endswith("Article") or k in _ARTICLE_TYPES) for k in kinds):
                    return item
                for key in ("@graph", "mainEntity"):
                    nested = item.get(key, [])
                    stack.extend(nested if isinstance(nested, list) else [nested])
    return {}


def field_text(value: object) -> str:
    """A JSON-LD field as text: a string, the first string of a list, else "" (pages put anything there)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return value if isinstance(value, str) else ""


def _meta(soup, *names: str) -> str:
    """The first non-empty ``<meta>`` content among ``names`` (as property, name or itemprop)."""
    found = getattr(soup, "l10n_meta", None)
    if found is None:
        found = {}
        for tag in soup.find_all("meta"):
            content = str(tag.get("content") or "").strip()
            for attr in ("property", "name", "itemprop"):
                key = str(tag.get(attr) or "").strip()
                if key and content:
                    found.setdefault(key, content)
        soup.l10n_meta = found  # read once: pages are asked for a dozen names
    return next((found[name] for name in names if name in found), "")


def clean_title(text: str) -> str:
    """A title from JSON-LD or ``<meta>`` as it reads: unescaped, without tags, its white space squashed."""
    # JSON-LD and <meta> content is often HTML-escaped once more than it should be ("&laquo;").
    for _ in range(2):
        unescaped = html_module.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = re.sub(r"<[^>]{0,200}>", "", text)
    return re.sub(r"\s+", " ", text).strip()


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—:·•»/]|::)\s+|\s*::\s*")


def page_title(soup, ld: dict, reader: Reader) -> str:
    """The headline: JSON-LD's, else Open Graph's or ``<title>`` without the site's name."""
    headline = clean_title(field_text(ld.get("headline")))
    shown = reader.headings()
    if headline:
        if headline.endswith(("…", "...")):  # Google's limit cut it; the page's own heading is whole
            stem = headline.rstrip(".… ")
            return next((h for h in shown if h.startswith(stem)), headline)
        return headline
    raw = clean_title(_meta(soup, "og:title", "twitter:title", "title"))
    if not raw and soup.title:
        raw = clean_title(soup.title.get_text(" "))
    if not raw:
        return shown[0] if shown else ""
    for heading in sorted(shown, key=len, reverse=True):
        if raw == heading:
            return raw
        rest = raw[len(heading) :] if raw.startswith(heading) else ""
        if rest and _TITLE_SEPARATOR.match(rest):
            return heading
    publisher = ld.get("publisher")
    sites = [
        _meta(soup, "og:site_name", "application-name"),
        field_text(publisher.get("name")) if isinstance(publisher, dict) else "",
    ]
    for site in filter(None, (clean_title(s) for s in sites)):
        for pattern in (
            rf"(?:{_TITLE_SEPARATOR.pattern})\s*{re.escape(site)}$",
            rf"^{re.escape(site)}\s*(?:[|\-–—:]|::)\s*",
        ):
            stripped = re.sub(pattern, "", raw, flags=re.IGNORECASE).strip()
            if stripped and stripped != raw:
                return stripped
    return raw


_DATE_META = (
    "article:published_time", "og:article:published_time", "datePublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "DC.date.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published",
)  # fmt: skip


def page_date(soup, ld: dict, roots: list, url: str) -> datetime.date | None:
    """The story's date: declared, else the first ``<time>`` or dated element nearest the story, else the URL's."""
    for text in (field_text(ld.get("datePublished")), field_text(ld.get("dateCreated")), _meta(soup, *_DATE_META)):
        if date := parse_date(text):
            return date
    marked = soup.find(attrs={"itemprop": "datePublished"})
    if marked is not None:
        value = marked.get("content") or marked.get("datetime") or marked.get_text(" ")
        if date := parse_date(str(value)):
            return date
    # Teaser lists and tickers have dates too: the story's is the one nearest the story.
    dated = soup.find_all(lambda tag: tag.name == "time" or _is_dated(tag), limit=500)
    around = [{id(node) for node in itertools.islice(tag.parents, 40)} for tag in dated]
    for scope in _outwards(roots):
        for tag, parents in zip(dated, around, strict=True):
            if (tag is scope or id(scope) in parents) and (date := _date_of(tag)):
                return date
    for tag in dated:
        if date := _date_of(tag):
            return date
    path = urlsplit(url).path
    m = re.search(r"/(\d{4})[/-](\d{2})[/-](\d{2})(?:[/-]|$)", path)
    return parse_date("-".join(m.groups())) if m else None


def _date_of(tag) -> datetime.date | None:
    """The date a ``<time>`` or dated element gives (its attribute, else its text if it is short)."""
    if date := parse_date(str(tag.get("datetime") or tag.get("content") or "")):
        return date
    if sum(1 for _ in itertools.islice(tag.descendants, 31)) > 30:
        return None  # a wrapper named "date-and-story" is not a date
    return parse_date(tag.get_text(" "))


def _outwards(roots: list):
    """The story's elements, then the elements around them (a few levels: a story's date is near it)."""
    seen = set()
    for root in roots:
        node = root
        for _ in range(6):
            if node is None or node.parent is None:
                break
            if id(node) not in seen:
                seen.add(id(node))
                yield node
            node = node.parent


def _is_dated(tag) -> bool:
    """An element whose class or id says it holds a date (``news-date``, ``e-date``, ``published``)."""
    words = marks(tag)
    return bool(words & {"date", "pubdate", "published", "datetime", "timestamp", "created"})


_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC_LANGUAGES = frozenset({"ru", "kk", "uk", "be", "bg", "sr", "mk", "mn", "ky", "tg", "tt", "ba", "cv", "sah"})


def page_language(soup, ld: dict, body: str) -> str:
    """The page's language: as declared, unless its text is plainly Russian or Kazakh and the declaration is not."""
    html_tag = soup.find("html")
    declared = ""
    for value in (
        field_text(ld.get("inLanguage")),
        str(html_tag.get("lang") or html_tag.get("xml:lang") or "") if html_tag else "",
        _meta(soup, "og:locale", "content-language", "language"),
        str((soup.find("meta", attrs={"http-equiv": re.compile("^content-language$", re.I)}) or {}).get("content", "")),
    ):
        code = value.strip().replace("_", "-").split("-")[0].lower()
        if re.fullmatch(r"[a-z]{2,3}", code):
            declared = code  # a value that is no language code would be written into the front matter as it is
            break
    words = re.findall(r"[^\W\d_]+", plain_text(body))
    cyrillic = [w for w in words if "\u0400" <= w[0] <= "\u04ff"]
    if not words or len(cyrillic) * 2 < len(words):
        return declared
    # Russian text names Kazakh places and people («Қазақ Елі»); Kazakh text has its letters in many words.
    kazakh = sum(1 for w in cyrillic if _KAZAKH_LETTERS.intersection(w)) >= 0.25 * len(cyrillic)
    seen = "kk" if kazakh else "ru"
    if declared in ("ru", "kk") or declared not in _CYRILLIC_LANGUAGES:
        return seen
    return declared
