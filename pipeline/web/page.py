"""Reading a news page into a :class:`~pipeline.web.fetched.FetchedArticle`: where parsing a page starts.

Pages are parsed with Beautiful Soup on the standard library's
``html.parser``: pure Python, tolerant of the broken markup news sites serve,
with the tree API extraction needs, and no compiled dependency. Beautiful Soup
is imported only when a page is read, so the other commands start without it.
This module puts together the metadata (:mod:`pipeline.web.meta`) and the
story (:mod:`pipeline.web.story`), and reads pages rendered by script; it
never uses the network.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from pipeline.web.fetched import FetchedArticle, FetchError
from pipeline.web.meta import clean_title, field_text, json_ld, page_date, page_language, page_title
from pipeline.web.story import Reader
from pipeline.web.text import Block, escape, escape_start, squash
from pipeline.web.tidy import has_text, tidy


def canonical_url(html: str) -> str:
    """The page's own idea of its address (``<link rel=canonical>`` or ``og:url``), or ""."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    places: tuple[tuple[str, dict[str, Any], str], ...] = (
        ("link", {"rel": "canonical"}, "href"),
        ("meta", {"property": "og:url"}, "content"),
    )
    for tag, attrs, field in places:
        found = soup.find(tag, attrs=attrs)
        value = str(found.get(field) or "") if found else ""
        if value.startswith(("http:", "https:")):
            return value
    return ""


def parse_page(html: str, url: str) -> FetchedArticle:
    """Read a news page's metadata and the story's body.

    Metadata in order of trust: JSON-LD ``NewsArticle`` (``headline``,
    ``datePublished``, ``inLanguage``), Open Graph and
    ``article:published_time``, ``<time>`` (its ``datetime``, else its text)
    and dated elements near the story, ``<title>`` without the site's name and
    ``<html lang>``; Cyrillic text overrules a declared language that cannot
    be its (Russian or Kazakh told apart by Kazakh letters).

    The story is the ``<article>`` holding ``articleBody``, the ``<h1>`` or the
    most text; without one, the element holding the most paragraph text (and
    its siblings of the same kind, for a body split around advertisements); a
    page rendered by script gives its body from ``__NEXT_DATA__`` or JSON-LD
    ``articleBody``. Navigation, advertisements, counters, "read also" boxes,
    teasers, share and subscribe prompts and embedded posts other than tweets
    are left out; captions become an italic line after the paragraph they
    follow (after the lead, for the lead photo's).

    Raises:
        FetchError: If no article is found on the page (a list of teasers is
            no article), or it holds no text: nothing else is taken instead.
    """
    url = _without_credentials(url)  # links made absolute, and the source, must not carry a password
    try:
        return _parse_page(html, url)
    except RecursionError:
        raise FetchError(f"fetch {url}: the page's elements are nested too deeply to read") from None


def _parse_page(html: str, url: str) -> FetchedArticle:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    ld = json_ld(soup)
    reader = Reader(soup, url)
    title = page_title(soup, ld, reader)
    roots = reader.story()
    blocks = reader.blocks(roots, title) if roots else []
    if not has_text(blocks):
        blocks = _script_body(soup, ld, title, url) or blocks
    if not roots and not has_text(blocks):
        raise FetchError(f"fetch {url}: no article found on the page", hint="is this a news article page?")
    if not has_text(blocks):
        raise FetchError(f"fetch {url}: no article text found", hint="is this a news article page?")
    if not title:
        raise FetchError(f"fetch {url}: the page has no title")
    body = "\n\n".join(block.text for block in blocks) + "\n"
    date = page_date(soup, ld, roots or [], url)
    lang = page_language(soup, ld, body)
    return FetchedArticle(title=title, date=date, lang=lang, source_url=url, body=body)


def _without_credentials(url: str) -> str:
    """``url`` without a user name and password, which must not be published in the front matter."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


# --- pages rendered by script ------------------------------------------------------------

_HTML_BLOCK = re.compile(r"<(?:p|h[2-6]|ul|ol|blockquote)[\s>]", re.IGNORECASE)


def _script_body(soup, ld: dict, title: str, url: str) -> list[Block]:
    """The body a page's scripts would show: HTML in ``__NEXT_DATA__`` (or other JSON), else JSON-LD's articleBody."""
    from bs4 import BeautifulSoup

    found: list[tuple[bool, int, str]] = []
    for script in soup.find_all("script", attrs={"type": "application/json"}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            values = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
            titled = isinstance(item, dict) and any(
                isinstance(v, str) and len(v) < 1000 and clean_title(v) == title for v in values
            )
            for value in values:
                if isinstance(value, str) and len(_HTML_BLOCK.findall(value)) >= 2:
                    found.append((titled, len(value), value))
                elif isinstance(value, dict | list):
                    stack.append(value)
    article_body = field_text(ld.get("articleBody"))
    if found and (max(found)[0] or not article_body):
        html = max(found)[2]
    elif article_body:
        if _HTML_BLOCK.search(article_body):
            html = article_body
        else:
            paragraphs = [escape_start(squash(escape(line))) for line in article_body.splitlines()]
            return tidy([Block("p", p) for p in paragraphs if p], title, (urlsplit(url).hostname or "").lower())
    else:
        return []
    fragment = BeautifulSoup(f"<html><body>{html}</body></html>", "html.parser")
    reader = Reader(fragment, url)
    return reader.blocks([reader.body], title)
