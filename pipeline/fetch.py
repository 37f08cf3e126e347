"""Bringing an article in from the web: the only module that uses the network.

``requests`` is imported here and nowhere else, so the other commands start
without it. Pages are parsed with Beautiful Soup on the standard library's
``html.parser``: pure Python, tolerant of the broken markup news sites serve,
with the tree API extraction needs, and no compiled dependency.
"""

from __future__ import annotations

import codecs
import collections
import dataclasses
import datetime
import html as html_module
import itertools
import json
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipeline.errors import L10nError, UsageError

USER_AGENT = "l10n-newsroom/0.1 (+https://github.com/; gettext localisation pipeline)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class FetchError(L10nError):
    """A page could not be fetched or holds no article; the message names the URL."""


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How carefully to fetch.

    Attributes:
        connect_timeout: Seconds to wait for the connection.
        read_timeout: Seconds to wait between bytes of the response.
        retries: Retries after a connection error, a timeout, 429 or 5xx.
        backoff: Seconds of the first back-off (doubling each retry); Retry-After wins.
        max_bytes: The largest body accepted.
        max_redirects: The most redirects followed.
        max_retry_after: The longest wait a ``Retry-After`` header may ask for.
        deadline: Seconds for the whole download, retries included.
        public_only: Refuse a URL, or a redirect, to a host that resolves to a
            loopback, private, link-local or otherwise non-public address (for a
            server that fetches on behalf of others: 169.254.169.254, 127.0.0.1).
    """

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    public_only: bool = False
    max_retry_after: float = 30.0
    deadline: float = 120.0


@dataclass(frozen=True, slots=True)
class Page:
    """A downloaded HTML page, decoded."""

    url: str
    html: str


@dataclass(frozen=True, slots=True)
class FetchedArticle:
    """What a news page says about itself and its body as Markdown."""

    title: str
    date: datetime.date | None
    lang: str
    source_url: str
    body: str


def urllib3_errors() -> type[Exception]:
    """urllib3's base error: read1 raises it unwrapped where iter_content would wrap it."""
    from urllib3.exceptions import HTTPError

    return HTTPError


def _get_public(session, url: str, options: FetchOptions):
    """GET ``url``, following redirects by hand so that each address is checked before it is asked."""
    import requests

    for _ in range(options.max_redirects + 1):
        _refuse_private(url)
        response = session.get(
            url, timeout=(options.connect_timeout, options.read_timeout), stream=True, allow_redirects=False
        )
        if not response.is_redirect:
            return response
        response.close()
        url = urljoin(url, response.headers["Location"])
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"fetch {url}: a redirect to a URL that is not http or https")
    raise requests.exceptions.TooManyRedirects()


def _refuse_private(url: str) -> None:
    """Refuse ``url`` if its host resolves to an address that is not public."""
    import ipaddress
    import socket

    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError):
        return  # the request itself reports that the name does not resolve
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise FetchError(f"fetch {url}: {host} is at {address}, not a public address (--public-only refuses it)")


def download(url: str, options: FetchOptions | None = None) -> Page:
    """Download an HTML page with a careful ``requests.Session``.

    Raises:
        UsageError: If the URL is not http or https.
        FetchError: For every failure: DNS, refused, timeout, HTTP errors after
            retries, redirect loops, a body over the size cap, not HTML.
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    options = options or FetchOptions()
    deadline = time.monotonic() + options.deadline
    cap = options.max_retry_after
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"cannot fetch {url!r}: only http:// and https:// URLs")

    class CappedRetry(Retry):
        # A Retry-After of 100,000 s would keep the command running for a day.
        def get_retry_after(self, response):
            wait = super().get_retry_after(response)
            return None if wait is None else min(wait, cap)

    retry = CappedRetry(
        total=options.retries,
        connect=options.retries,
        read=options.retries,
        status=options.retries,
        backoff_factor=options.backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        redirect=False,
    )
    with requests.Session() as session:
        session.max_redirects = options.max_redirects
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9"})
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        try:
            if options.public_only:
                response = _get_public(session, url, options)
            else:
                response = session.get(url, timeout=(options.connect_timeout, options.read_timeout), stream=True)
        except requests.exceptions.TooManyRedirects:
            raise FetchError(f"fetch {url}: more than {options.max_redirects} redirects (a redirect loop?)") from None
        except requests.exceptions.ConnectTimeout:
            raise FetchError(f"fetch {url}: no connection within {options.connect_timeout:g} s") from None
        except requests.exceptions.ReadTimeout:
            raise FetchError(f"fetch {url}: no answer within {options.read_timeout:g} s (read timeout)") from None
        except requests.exceptions.RetryError as exc:
            raise FetchError(f"fetch {url}: still failing after {options.retries} retries ({_reason(exc)})") from None
        except requests.exceptions.ConnectionError as exc:
            if "Read timed out" in str(exc):  # a read timeout with no retries left
                raise FetchError(f"fetch {url}: no answer within {options.read_timeout:g} s (read timeout)") from None
            if "Connect timeout" in str(exc) or "connect timeout" in str(exc):
                raise FetchError(f"fetch {url}: no connection within {options.connect_timeout:g} s") from None
            raise FetchError(f"fetch {url}: {_reason(exc)}") from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"fetch {url}: {_reason(exc)}") from None
        with response:
            if response.status_code >= 400:
                tried = f" after {options.retries} retries" if response.status_code in retry.status_forcelist else ""
                raise FetchError(f"fetch {url}: HTTP {response.status_code} {response.reason}{tried}")
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind not in _HTML_TYPES:
                raise FetchError(f"fetch {url}: not an HTML page (Content-Type: {kind or 'none'})")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(f"fetch {url}: the page is larger than the {options.max_bytes:,} bytes allowed")
            body = bytearray()
            raw = response.raw
            # read1 returns whatever has arrived, so a body dripped a byte at a time
            # (never long enough between bytes for the read timeout) still meets the deadline.
            read = raw.read1 if hasattr(raw, "read1") else raw.read
            try:
                while True:
                    if time.monotonic() > deadline:
                        raise FetchError(f"fetch {url}: the page took longer than the {options.deadline:g} s allowed")
                    chunk = read(65536, decode_content=True)
                    if not chunk:
                        break
                    body += chunk
                    if len(body) > options.max_bytes:
                        raise FetchError(
                            f"fetch {url}: the page is larger than the {options.max_bytes:,} bytes allowed"
                        )
            except (requests.exceptions.RequestException, urllib3_errors()) as exc:
                raise FetchError(f"fetch {url}: the connection broke while reading ({_reason(exc)})") from None
            return Page(response.url, decode(bytes(body), response.headers.get("Content-Type", ""), url))


def decode(data: bytes, content_type: str, url: str) -> str:
    """Decode a page with its declared charset: the HTTP header first, then ``<meta charset>``.

    Raises:
        FetchError: If the charset is unknown or the bytes do not match it.
    """
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    charset = m.group(1) if m else None
    if charset is None:
        meta = _META_CHARSET.search(data[:8192])
        charset = meta.group(1).decode("ascii") if meta else "utf-8"
    try:
        info = codecs.lookup(charset)
    except LookupError:
        raise FetchError(f"fetch {url}: unknown charset {charset!r}") from None
    # Python's own codecs (unicode_escape, punycode, idna, rot13…) are no web page charsets.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_WEB_CHARSETS:
        raise FetchError(f"fetch {url}: {charset!r} is not a charset of web pages")
    try:
        return data.decode(info.name)
    except UnicodeDecodeError as exc:
        raise FetchError(f"fetch {url}: the page is not valid {charset} (byte {exc.start})") from None
    except UnicodeError:
        raise FetchError(f"fetch {url}: the page is not valid {charset}") from None


_NOT_WEB_CHARSETS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7", "undefined", "unicode-internal"}
)


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
    ld = _json_ld(soup)
    reader = _Reader(soup, url)
    title = _title(soup, ld, reader)
    roots = reader.story()
    blocks = reader.blocks(roots, title) if roots else []
    if not _has_text(blocks):
        blocks = _script_body(soup, ld, title, url) or blocks
    if not roots and not _has_text(blocks):
        raise FetchError(f"fetch {url}: no article found on the page", hint="is this a news article page?")
    if not _has_text(blocks):
        raise FetchError(f"fetch {url}: no article text found", hint="is this a news article page?")
    if not title:
        raise FetchError(f"fetch {url}: the page has no title")
    body = "\n\n".join(block.text for block in blocks) + "\n"
    date = _published(soup, ld, roots or [], url)
    lang = _language(soup, ld, body)
    return FetchedArticle(title=title, date=date, lang=lang, source_url=url, body=body)


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


def _without_credentials(url: str) -> str:
    """``url`` without a user name and password, which must not be published in the front matter."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


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


# --- internals -------------------------------------------------------------------


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "NameResolution" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return "the host name does not resolve (DNS)"
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "connection refused"
    if "RemoteDisconnected" in text or "IncompleteRead" in text or "ProtocolError" in text:
        return "the server closed the connection"
    if "too many 5" in text.lower() or "too many 429" in text.lower():
        match = re.search(r"too many (\d+) error", text)
        return f"HTTP {match.group(1)}" if match else "server errors"
    return text.splitlines()[0][:200] if text else exc.__class__.__name__


# --- reading a page: metadata ------------------------------------------------------

_ARTICLE_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting"})


def _json_ld(soup) -> dict:
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


def _text(value: object) -> str:
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


def _clean_title(text: str) -> str:
    # JSON-LD and <meta> content is often HTML-escaped once more than it should be ("&laquo;").
    for _ in range(2):
        unescaped = html_module.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = re.sub(r"<[^>]{0,200}>", "", text)
    return re.sub(r"\s+", " ", text).strip()


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—:·•»/]|::)\s+|\s*::\s*")


def _title(soup, ld: dict, reader: _Reader) -> str:
    """The headline: JSON-LD's, else Open Graph's or ``<title>`` without the site's name."""
    headline = _clean_title(_text(ld.get("headline")))
    shown = reader.headings()
    if headline:
        if headline.endswith(("…", "...")):  # Google's limit cut it; the page's own heading is whole
            stem = headline.rstrip(".… ")
            return next((h for h in shown if h.startswith(stem)), headline)
        return headline
    raw = _clean_title(_meta(soup, "og:title", "twitter:title", "title"))
    if not raw and soup.title:
        raw = _clean_title(soup.title.get_text(" "))
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
        _text(publisher.get("name")) if isinstance(publisher, dict) else "",
    ]
    for site in filter(None, (_clean_title(s) for s in sites)):
        for pattern in (
            rf"(?:{_TITLE_SEPARATOR.pattern})\s*{re.escape(site)}$",
            rf"^{re.escape(site)}\s*(?:[|\-–—:]|::)\s*",
        ):
            stripped = re.sub(pattern, "", raw, flags=re.IGNORECASE).strip()
            if stripped and stripped != raw:
                return stripped
    return raw


_MONTHS = {
    **dict.fromkeys(("january", "jan", "января", "январь", "янв", "қаңтар", "қаңтардың"), 1),
    **dict.fromkeys(("february", "feb", "февраля", "февраль", "фев", "ақпан", "ақпанның"), 2),
    **dict.fromkeys(("march", "mar", "марта", "март", "мар", "наурыз", "наурыздың"), 3),
    **dict.fromkeys(("april", "apr", "апреля", "апрель", "апр", "сәуір", "сәуірдің"), 4),
    **dict.fromkeys(("may", "мая", "май", "мамыр", "мамырдың"), 5),
    **dict.fromkeys(("june", "jun", "июня", "июнь", "июн", "маусым", "маусымның"), 6),
    **dict.fromkeys(("july", "jul", "июля", "июль", "июл", "шілде", "шілденің"), 7),
    **dict.fromkeys(("august", "aug", "августа", "август", "авг", "тамыз", "тамыздың"), 8),
    **dict.fromkeys(("september", "sep", "sept", "сентября", "сентябрь", "сен", "сент", "қыркүйек"), 9),
    **dict.fromkeys(("october", "oct", "октября", "октябрь", "окт", "қазан", "қазанның"), 10),
    **dict.fromkeys(("november", "nov", "ноября", "ноябрь", "ноя", "қараша", "қарашаның"), 11),
    **dict.fromkeys(("december", "dec", "декабря", "декабрь", "дек", "желтоқсан"), 12),
}
_MONTH = r"([^\W\d_]{3,12})\.?"
_DATE_FORMS = (
    # ISO 8601, extended and basic (20240712T1505+0500)
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T\d|$)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), "dmy"),
    (re.compile(rf"(?<!\d)(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})(?!\d)"), "dMy"),
    (re.compile(rf"{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)"), "Mdy"),
    (re.compile(rf"(?<!\d)(\d{{4}})\s+(?:жылғы|ж\.)\s+(\d{{1,2}})\s+{_MONTH}"), "ydM"),
)


def _parse_date(text: str) -> datetime.date | None:
    """The first date written in ``text`` in a form news pages use, or None."""
    for pattern, order in _DATE_FORMS:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts.get("m") or _MONTHS.get(parts.get("M", "").lower())
            if month is None:
                continue
            try:
                return datetime.date(int(parts["y"]), int(month), int(parts["d"]))
            except ValueError:
                continue
    return None


_DATE_META = (
    "article:published_time", "og:article:published_time", "datePublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "DC.date.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published",
)  # fmt: skip


def _published(soup, ld: dict, roots: list, url: str) -> datetime.date | None:
    """The story's date: declared, else the first ``<time>`` or dated element nearest the story, else the URL's."""
    for text in (_text(ld.get("datePublished")), _text(ld.get("dateCreated")), _meta(soup, *_DATE_META)):
        if date := _parse_date(text):
            return date
    marked = soup.find(attrs={"itemprop": "datePublished"})
    if marked is not None:
        value = marked.get("content") or marked.get("datetime") or marked.get_text(" ")
        if date := _parse_date(str(value)):
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
    return _parse_date("-".join(m.groups())) if m else None


def _date_of(tag) -> datetime.date | None:
    """The date a ``<time>`` or dated element gives (its attribute, else its text if it is short)."""
    if date := _parse_date(str(tag.get("datetime") or tag.get("content") or "")):
        return date
    if sum(1 for _ in itertools.islice(tag.descendants, 31)) > 30:
        return None  # a wrapper named "date-and-story" is not a date
    return _parse_date(tag.get_text(" "))


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
    words = _marks(tag)
    return bool(words & {"date", "pubdate", "published", "datetime", "timestamp", "created"})


_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC_LANGUAGES = frozenset({"ru", "kk", "uk", "be", "bg", "sr", "mk", "mn", "ky", "tg", "tt", "ba", "cv", "sah"})


def _language(soup, ld: dict, body: str) -> str:
    """The page's language: as declared, unless its text is plainly Russian or Kazakh and the declaration is not."""
    html_tag = soup.find("html")
    declared = ""
    for value in (
        _text(ld.get("inLanguage")),
        str(html_tag.get("lang") or html_tag.get("xml:lang") or "") if html_tag else "",
        _meta(soup, "og:locale", "content-language", "language"),
        str((soup.find("meta", attrs={"http-equiv": re.compile("^content-language$", re.I)}) or {}).get("content", "")),
    ):
        code = value.strip().replace("_", "-").split("-")[0].lower()
        if re.fullmatch(r"[a-z]{2,3}", code):
            declared = code  # a value that is no language code would be written into the front matter as it is
            break
    words = re.findall(r"[^\W\d_]+", _plain(body))
    cyrillic = [w for w in words if "\u0400" <= w[0] <= "\u04ff"]
    if not words or len(cyrillic) * 2 < len(words):
        return declared
    # Russian text names Kazakh places and people («Қазақ Елі»); Kazakh text has its letters in many words.
    kazakh = sum(1 for w in cyrillic if _KAZAKH_LETTERS.intersection(w)) >= 0.25 * len(cyrillic)
    seen = "kk" if kazakh else "ru"
    if declared in ("ru", "kk") or declared not in _CYRILLIC_LANGUAGES:
        return seen
    return declared


# --- reading a page: the story ---------------------------------------------------------

# Elements that are never the story's text.
_NEVER = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "frame", "frameset", "object",
    "embed", "applet", "button", "input", "select", "textarea", "option", "nav", "aside", "footer", "dialog",
    "menu", "video", "audio", "map", "head", "title", "meta", "link",
    "amp-ad", "amp-embed", "amp-sidebar", "amp-social-share", "amp-analytics", "amp-sticky-ad", "amp-consent",
    "amp-geo", "amp-user-notification", "amp-iframe", "amp-video", "amp-youtube", "amp-instagram",
    "amp-facebook", "amp-list", "amp-state", "amp-pixel",
})  # fmt: skip
_INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr", "amp-img",
})  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Embedded posts whose text in the page is the platform's ("View this post on Instagram"), not the post's.
_EMBEDS = frozenset({"instagram-media", "tiktok-embed", "fb-post", "fb-video", "telegram-post"})
# Words of class names, ids and roles that mark what is around a story, not in it.
_NOISE_WORDS = frozenset({
    "share", "sharing", "sharedaddy", "social", "related", "relatedposts", "promo", "advert", "advertisement",
    "ad", "ads", "adv", "adfox", "adsbygoogle", "yandex", "rtb", "smi2", "mgid", "taboola", "outbrain",
    "lentainform", "directadvert", "banner", "subscribe", "subscription", "newsletter", "signup", "comment",
    "comments", "disqus", "breadcrumb", "breadcrumbs", "tags", "popular", "mostread", "trending", "recommend",
    "recommended", "recommendations", "sidebar", "rail", "widget", "cookie", "cookies", "consent", "gdpr",
    "footer", "submeta", "menu", "nav", "navbar", "navigation", "sidenav", "pagination", "pager", "pagenav",
    "pagenavigation", "byline", "author", "authors", "meta", "metadata", "date", "views", "counter", "hits",
    "stats", "rating", "reactions", "likes", "bookmark", "print", "partner", "partners", "sponsored",
    "teaser", "teasers", "also", "feed", "ticker", "interstitial", "category", "categories", "rubric",
    "kicker", "profile", "avatar", "submitted", "skip", "logo", "masthead", "topbar", "topline", "toolbar",
    "tools", "actions", "lang", "search", "login", "cta", "modal", "popup", "donate", "links", "complementary",
    "contentinfo", "dialog", "alertdialog", "menubar",
})  # fmt: skip
# Names of a story's standfirst.
_LEAD_WORDS = frozenset(
    {"lead", "lede", "standfirst", "description", "summary", "intro", "excerpt", "subtitle", "announce"}
)
# Names of what never wraps a story, however much text it holds.
_NEVER_STORY = frozenset({"cookie", "cookies", "consent", "gdpr"})
_NOISE_PAIRS = frozenset({
    ("most", "read"), ("most", "popular"), ("read", "also"), ("see", "also"), ("read", "more"), ("more", "stories"),
    ("more", "news"), ("more", "photo"), ("more", "video"), ("more", "on"), ("more", "from"), ("other", "news"),
    ("latest", "news"), ("news", "feed"), ("read", "time"), ("reading", "time"), ("tag", "list"),
})  # fmt: skip
_HIDDEN_WORDS = frozenset({"hidden", "visuallyhidden", "sr", "invisible", "hide"})
_HIDDEN_CLASSES = frozenset({"visually-hidden", "sr-only", "screen-reader-text", "d-none", "element-invisible"})
_NAME_ATTRS = ("class", "id", "role", "itemprop", "data-component", "data-testid", "data-gu-name", "data-qa")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _names(tag) -> list[list[str]]:
    """The words of each of an element's class names, id, role and component names, lower-case.

    ``article__main-image__author`` is ``article main image author`` and
    ``RelatedCoverage`` is ``related coverage``.
    """
    names: list[list[str]] = []
    if not tag.attrs:
        return names
    for attr in _NAME_ATTRS:
        value = tag.get(attr)
        for token in value if isinstance(value, list) else str(value or "").split():
            names.append([w for w in re.split(r"[\W_]+", _CAMEL.sub("-", token).lower()) if w])
    return names


def _marks(tag) -> set[str]:
    """All the words of an element's names (see :func:`_names`)."""
    return {word for name in _names(tag) for word in name}


def _noisy(tag) -> bool:
    """Whether an element's names say it is navigation, advertising, metadata or another story's teaser."""
    return any(
        _NOISE_WORDS.intersection(words) or any(pair in _NOISE_PAIRS for pair in itertools.pairwise(words))
        for words in _names(tag)
    )


def _hidden(tag) -> bool:
    """Whether an element is not shown to readers (screen-reader text, display: none, hidden)."""
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    style = str(tag.get("style", "")).replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = tag.get("class") or []
    if _HIDDEN_CLASSES.intersection(classes):
        return True
    return any(_HIDDEN_WORDS.intersection(re.split(r"[\W_]+", c.lower())) for c in classes)


@dataclass(slots=True)
class _Block:
    """One block of the body's Markdown: its kind (p, heading, caption, list, quote, code, table) and text."""

    kind: str
    text: str


# A story split around advertisements has a few parts marked articleBody; thousands are a hostile page.
_MOST_BODIES = 20
_S_OPEN, _S_CLOSE, _E_OPEN, _E_CLOSE, _BR = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
_PRIVATE = re.compile("[\ue000-\ue004\u00ad\u200b\u2060\ufeff]")
_MARKERS = re.compile("[\ue000-\ue003]")


class _Reader:
    """A parsed page: what is left out, how much text each element holds, and the story's blocks as Markdown."""

    def __init__(self, soup, url: str) -> None:
        from bs4 import NavigableString, Tag

        self._tag, self._string = Tag, NavigableString
        self.soup = soup
        self.url = url
        self.host = (urlsplit(url).hostname or "").lower()
        self.body = soup.body or soup
        self.skip: set[int] = set()
        self._score: dict[int, float] = {}  # see _best_container
        self._leave_out(protect=False)
        self._measure()
        self._leave_out(protect=True)
        self._measure()

    # --- what is left out, and how much text is where

    def _leave_out(self, *, protect: bool) -> None:
        """Mark what is no part of any story; on the second pass, what the names say is around it.

        Names can be wrong (a wrapper called ``content with-sidebar``), so an
        element holding much of the page's own text is never left out for its
        name, nor the ``articleBody`` or what holds it.
        """
        whole = self.size.get(id(self.body), 0) - self.links.get(id(self.body), 0) if protect else 0
        keep: set[int] = set()
        if protect:
            for body in self.soup.find_all(attrs={"itemprop": "articleBody"}, limit=_MOST_BODIES):
                keep.update(id(node) for node in (body, *body.parents))
        stack = [self.body]
        while stack:
            node = stack.pop()
            for child in self._kids(node):
                if id(child) in self.skip:
                    continue
                if self._out(child, protect=protect, keep=keep, whole=whole):
                    self.skip.add(id(child))
                else:
                    stack.append(child)

    def _out(self, tag, *, protect: bool, keep: set[int], whole: int) -> bool:
        own = self.size.get(id(tag), 0) - self.links.get(id(tag), 0) if protect else 0
        weighty = protect and own * 5 >= whole * 2
        if not protect:
            if tag.name in _NEVER:
                return True
            return bool(_EMBEDS.intersection(tag.get("class") or []))
        if _NEVER_STORY.intersection(_marks(tag)):
            return True
        if tag.name == "form" or _hidden(tag) or _noisy(tag):
            return id(tag) not in keep and not weighty and not self._credit(tag)
        return False

    def _credit(self, tag) -> bool:
        """A short element that is a photo credit ("Фото: Акорда"), kept whatever its class says."""
        return self.size.get(id(tag), 0) <= 150 and bool(_CREDIT.match(_squash(tag.get_text(" "))))

    def _measure(self) -> None:
        """Count, without what is left out, each element's text, its text in links, and its own inline text."""
        self.size: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.own: dict[int, int] = {}  # text of the element's own inline content, not in links
        self.blocky: set[int] = set()  # elements with block elements inside
        self.captions: dict[int, tuple[int, int]] = {}  # figcaptions inside: how many, and the last one's text
        self.alive: list = []  # every element not left out, in document order
        stack = [self.body]
        while stack:
            node = stack.pop()
            self.alive.append(node)
            stack.extend(reversed([c for c in self._kids(node) if id(c) not in self.skip]))
        self.alive_ids = {id(node) for node in self.alive}
        for node in reversed(self.alive):  # children before their parents
            size = links = own = captions = caption_size = 0
            block = False
            for child in node.children:
                if type(child) is self._string:
                    n = len(child.strip())
                    size += n
                    own += n
                elif isinstance(child, self._tag) and id(child) not in self.skip:
                    size += self.size[id(child)]
                    links += self.links[id(child)]
                    inline = child.name in _INLINE and id(child) not in self.blocky
                    block = block or not inline
                    if inline:
                        own += self.size[id(child)] - self.links[id(child)]
                    inside, inside_size = self.captions.get(id(child), (0, 0))
                    if child.name == "figcaption":
                        inside, inside_size = inside + 1, self.size[id(child)]
                    if inside:
                        captions, caption_size = captions + inside, inside_size
            self.size[id(node)] = size
            self.links[id(node)] = size if node.name == "a" else links
            self.own[id(node)] = own
            if block:
                self.blocky.add(id(node))
            if captions:
                self.captions[id(node)] = (captions, caption_size)

    def _kids(self, tag) -> list:
        """An element's child elements (``find_all`` costs more than the walk it saves)."""
        return [child for child in tag.children if isinstance(child, self._tag)]

    def text_of(self, tag) -> int:
        """The element's text outside links (0 when it is left out)."""
        return self.size.get(id(tag), 0) - self.links.get(id(tag), 0)

    def headings(self) -> list[str]:
        """What the page shows as headlines (``<h1>``, ``itemprop=headline``, elements named title), in order."""
        found = []
        for tag in self.alive:
            named = (
                tag.name in ("h1", "h2", "h3")
                or tag.get("itemprop") == "headline"
                or {"title", "headline"} & _marks(tag)
            )
            if named and self.size.get(id(tag), 0) <= 300:
                text = _squash(tag.get_text(" "))
                if text and text not in found:
                    found.append(text)
        return found

    # --- where the story is

    def story(self) -> list | None:
        """The elements that make up the story, in order, or None when the page has none.

        Raises:
            FetchError: If the only candidate is a list of other stories' teasers.
        """
        found = self.soup.find_all(attrs={"itemprop": "articleBody"}, limit=_MOST_BODIES)
        bodies = [b for b in found if id(b) in self.alive_ids]
        best = self._best_container()
        root = None
        if bodies:
            common = bodies[0] if len(bodies) == 1 else _common_ancestor(bodies)
            article = common.find_parent("article")
            root = article if article is not None and id(article) in self.alive_ids else common
        else:
            articles = [a for a in self.alive if a.name == "article"]
            if articles:
                # Which articles hold a headline, found from the headlines up (articles may nest).
                headed = {id(p) for h in self.alive if h.name == "h1" for p in h.parents if p.name == "article"}
                root = max(articles, key=lambda a: (id(a) in headed, self.text_of(a)))
                picked_by_text = id(root) not in headed
                if picked_by_text and best is not None and self.text_of(root) * 2 < self._score.get(id(best), 0):
                    root = None  # a teaser card: the page's text is elsewhere
        roots = self._with_siblings(root, same_kind_only=True) if root is not None else None
        if roots is None and best is not None:
            roots = self._with_siblings(best, same_kind_only=False)
        if roots and self._listing(roots):
            raise FetchError(
                f"fetch {self.url}: no article found on the page (it lists several)",
                hint="is this a news article page?",
            )
        return roots

    def _best_container(self):
        """The element holding the most paragraph text (as readability scores: parent in full, grandparent half)."""
        score: dict[int, float] = {}
        element = {}
        for tag in self.alive:
            own = self.own.get(id(tag), 0)
            if own < 25 or tag is self.body:
                continue
            whole_paragraph = id(tag) not in self.blocky and tag.name not in ("td", "th", "body")
            target = tag.parent if whole_paragraph and tag.parent is not None else tag
            for weight, node in ((1.0, target), (0.5, target.parent)):
                if node is None or id(node) not in self.alive_ids:
                    continue
                score[id(node)] = score.get(id(node), 0.0) + own * weight
                element[id(node)] = node
        self._score = {}
        for key, value in score.items():
            size = self.size.get(key, 0)
            density = self.links.get(key, 0) / size if size else 1.0
            self._score[key] = value * (1 - density)
        if not self._score:
            return None
        top = max(self._score, key=lambda k: self._score[k])
        return element[top] if self._score[top] > 0 else None

    def _with_siblings(self, top, *, same_kind_only: bool) -> list:
        """``top`` and its siblings that belong to the story: the same kind of block, a caption beside it, a lead."""
        parent = top.parent
        if parent is None or top is self.body:
            return [top]
        kids = [c for c in self._kids(parent) if id(c) in self.alive_ids]
        index = kids.index(top)
        classes = top.get("class") or []
        picked = []
        for i, sibling in enumerate(kids):
            if sibling is top:
                picked.append(sibling)
                continue
            same_kind = bool(classes) and sibling.name == top.name and (sibling.get("class") or []) == classes
            beside = abs(i - index) == 1 and self._caption_like(sibling)
            if same_kind or beside or (not same_kind_only and self._lead_like(sibling, top)):
                picked.append(sibling)
        return picked

    def _lead_like(self, tag, top) -> bool:
        """A sibling with its own paragraph text: a standfirst beside the body, a paragraph between its parts."""
        text, size = self.text_of(tag), self.size.get(id(tag), 0)
        if not size or self.links.get(id(tag), 0) * 4 >= size:
            return False
        if self._score.get(id(tag), 0) >= 0.2 * self._score.get(id(top), 0):
            return True
        if tag.name not in ("p", "div"):
            return False
        sentence = (
            text >= 30 and not self.links.get(id(tag), 0) and _squash(tag.get_text(" ")).endswith((".", "!", "?", "…"))
        )
        return text >= 80 or sentence or bool(_LEAD_WORDS & _marks(tag))

    def _caption_named(self, tag) -> bool:
        return self.size.get(id(tag), 0) <= 400 and bool({"caption", "figcaption", "credit", "credits"} & _marks(tag))

    def _caption_like(self, tag) -> bool:
        """A figure, a caption, a photo credit, or an element that holds only one of them (and pictures)."""
        if tag.name in ("figure", "figcaption"):
            return True
        size = self.size.get(id(tag), 0)
        if size > 400:
            return False
        if self._caption_named(tag) or self._credit(tag):
            return True
        captions, caption_size = self.captions.get(id(tag), (0, 0))
        return captions == 1 and size - caption_size <= 20

    def _listing(self, roots: list) -> bool:
        """Whether the story is a list of other stories: three or more linked headlines with little text each."""
        linked = 0
        for root in roots:
            for heading in root.find_all(list(_HEADINGS)):
                if id(heading) not in self.alive_ids:
                    continue
                link = heading.find("a") or next((p for p in _up(heading, 3) if p.name == "a"), None)
                if link is not None and _squash(link.get_text(" ")) == _squash(heading.get_text(" ")):
                    linked += 1
        return linked >= 3 and sum(self.text_of(r) for r in roots) < 400 * linked

    # --- the story as Markdown

    def blocks(self, roots: list, title: str) -> list[_Block]:
        """The story's blocks, tidied (see :func:`_tidy`)."""
        out: list[_Block] = []
        for root in roots:
            self._block(root, out)
        return _tidy(out, title, self.host)

    def _block(self, tag, out: list[_Block]) -> None:
        name = tag.name
        if name in _INLINE and id(tag) not in self.blocky and not self._caption_named(tag):
            self._flush([tag], out)
        elif name == "a":
            self._linked_blocks(tag, out)
        elif self._caption_like(tag) and name != "figure":
            text = " ".join(b.text for b in self._walked(tag, emphasis=False) if b.kind != "code")
            if text.strip():
                out.append(_Block("caption", f"*{text.strip()}*"))
        elif name in _HEADINGS:
            text = self._finish(self._inline(tag, _Style()).replace(_BR, " "), start=False)
            if text:
                text = re.sub(r"(^|\s)(#+)$", r"\1\\\2", text)  # not a closing sequence of the heading
                out.append(_Block("heading", "#" * _HEADINGS[name] + " " + text))
        elif name in ("ul", "ol"):
            self._list(tag, out)
        elif name == "blockquote":
            inner = [b for b in _tidy(self._walked(tag), "", self.host, lead=False) if b.kind != "code"]
            if inner:
                quoted = ["\n".join(f"> {line}" if line else ">" for line in b.text.split("\n")) for b in inner]
                out.append(_Block("quote", "\n>\n".join(quoted)))
        elif name == "pre":
            code = tag.get_text()
            if code.strip():
                # A fence longer than any run of backticks inside, which would otherwise close it.
                fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
                out.append(_Block("code", f"{fence}\n{code.strip(chr(10))}\n{fence}"))
        elif name == "table" and self._data_table(tag):
            self._table(tag, out)
        elif name != "hr":
            self._walk(tag, out)

    def _linked_blocks(self, tag, out: list[_Block]) -> None:
        """A link around blocks (a teaser card's headline): each paragraph and heading stays a link."""
        href = self._href(tag)
        for block in self._walked(tag):
            if href and block.kind in ("p", "heading") and not _LINK.search(block.text):
                hashes, _, text = block.text.partition(" ") if block.kind == "heading" else ("", "", block.text)
                block.text = f"{hashes} [{text}]({href})".lstrip()
            out.append(block)

    def _walked(self, tag, *, emphasis: bool = True) -> list[_Block]:
        out: list[_Block] = []
        self._walk(tag, out, emphasis=emphasis)
        return out

    def _walk(self, tag, out: list[_Block], *, emphasis: bool = True) -> None:
        """The blocks of an element's content: each run of inline content between blocks is a paragraph."""
        run: list = []
        for child in tag.children:
            if isinstance(child, self._tag):
                if id(child) in self.skip:
                    continue
                if child.name in _INLINE and id(child) not in self.blocky and not self._caption_named(child):
                    run.append(child)
                    continue
                self._flush(run, out, emphasis=emphasis)
                run = []
                if emphasis:
                    self._block(child, out)
                else:
                    out.extend(self._walked(child, emphasis=False))
            elif type(child) is self._string:
                run.append(child)
        self._flush(run, out, emphasis=emphasis)

    def _flush(self, run: list, out: list[_Block], *, emphasis: bool = True) -> None:
        if not run:
            return
        style = _Style(emphasis=emphasis)
        raw = "".join(
            self._inline_element(node, style) if isinstance(node, self._tag) else _escape(str(node)) for node in run
        )
        for part in raw.split(_BR):  # <br> ends a paragraph: news sites write paragraphs with <br><br>
            text = self._finish(part, start=emphasis)
            if text:
                out.append(_Block("p", text))

    def _inline(self, tag, style: _Style) -> str:
        """An element's content as inline Markdown with markers (see :func:`_finish`) for emphasis and <br>."""
        parts: list[str] = []
        for child in tag.children:
            if type(child) is self._string:
                parts.append(_escape(str(child)))
            elif isinstance(child, self._tag) and id(child) not in self.skip:
                parts.append(self._inline_element(child, style))
        return "".join(parts)

    def _inline_element(self, child, style: _Style) -> str:
        name = child.name
        if name == "br":
            return _BR
        if name in ("img", "wbr", "amp-img"):
            return ""
        if name in ("strong", "b") and style.emphasis and not style.strong:
            inner = self._inline(child, style.but(strong=True))
            return _S_OPEN + inner.replace(_BR, _S_CLOSE + _BR + _S_OPEN) + _S_CLOSE
        if name in ("em", "i") and style.emphasis and not style.em:
            inner = self._inline(child, style.but(em=True))
            return _E_OPEN + inner.replace(_BR, _E_CLOSE + _BR + _E_OPEN) + _E_CLOSE
        if name in ("code", "kbd", "samp", "tt"):
            code = re.sub(r"\s+", " ", child.get_text())
            if not code.strip():
                return code
            ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
            pad = " " if code.startswith("`") or code.endswith("`") else ""
            return f"{ticks}{pad}{code}{pad}{ticks}"
        if name == "a" and child.get("href") and not style.link:
            return self._link(child, style)
        return self._inline(child, style)

    def _href(self, tag) -> str:
        """A link's absolute http or https target, safe to write between parentheses, or ""."""
        try:
            href = urljoin(self.url, str(tag.get("href") or "").strip())
        except ValueError:
            return ""  # a malformed address ("http://[::1"): the link's text alone
        if not href.startswith(("http:", "https:")):
            return ""
        # Characters that would end the link target and start Markdown of the page's choosing.
        return re.sub(r"[()<>\s\\]", lambda m: f"%{ord(m.group()):02X}", href)

    def _link(self, child, style: _Style) -> str:
        inner = self._inline(child, style.but(link=True))
        href = self._href(child)
        if not href:
            return inner
        pieces = []
        for piece in inner.split(_BR):
            text = piece.strip()
            if not _PRIVATE.sub("", text).strip():
                pieces.append(piece)
                continue
            # Spaces at the edges go outside the brackets, where they separate words.
            lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
            pieces.append(f"{lead}[{text}]({href}){trail}")
        return _BR.join(pieces)

    def _finish(self, text: str, *, start: bool = True) -> str:
        text = _emphasis(_squash(text))
        return _escape_start(text) if start else text

    def _list(self, tag, out: list[_Block]) -> None:
        ordered = tag.name == "ol"
        number = int(tag["start"]) if ordered and str(tag.get("start", "")).isdigit() else 1
        lines = []
        for item in tag.find_all("li", recursive=False):
            if id(item) not in self.alive_ids:
                continue
            blocks = self._walked(item)
            words = " ".join(b.text for b in blocks if b.kind in ("p", "heading", "caption"))
            nested = [b.text for b in blocks if b.kind == "list"]
            if not words and not nested:
                continue
            marker = f"{number}." if ordered else "-"
            lines.append(f"{marker} {words}".rstrip())
            indent = " " * (len(marker) + 1)
            lines += [indent + line for text in nested for line in text.split("\n")]
            number += 1
        if lines:
            out.append(_Block("list", "\n".join(lines)))

    def _rows(self, table) -> list[list]:
        """A table's rows (directly or in thead, tbody, tfoot) as lists of their cells."""
        rows = []
        for child in self._kids(table):
            for tr in self._kids(child) if child.name in ("thead", "tbody", "tfoot") else [child]:
                if tr.name == "tr" and id(tr) in self.alive_ids:
                    rows.append([c for c in self._kids(tr) if c.name in ("td", "th") and id(c) in self.alive_ids])
        return rows

    def _data_table(self, tag) -> bool:
        """A table of data (rows and columns of short cells), not one that lays out the page."""
        rows = self._rows(tag)
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            return False
        blocks = ("table", "ul", "ol", "blockquote", "pre")
        return all(
            self.size.get(id(c), 0) <= 300 and not any(d.name in blocks for d in c.descendants) for r in rows for c in r
        )

    def _table(self, tag, out: list[_Block]) -> None:
        rows = []
        for cells in self._rows(tag):
            row = []
            for cell in cells:
                text = " ".join(b.text for b in self._walked(cell)).replace("|", "\\|")
                span = int(cell["colspan"]) if str(cell.get("colspan", "")).isdigit() else 1
                row += [text] + [""] * (min(span, 20) - 1)
            if any(row):
                rows.append(row)
        if len(rows) < 2:
            return
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
        lines.insert(1, "|" + " --- |" * width)
        out.append(_Block("table", "\n".join(lines)))


@dataclass(frozen=True, slots=True)
class _Style:
    """What encloses inline content: emphasis may be written, is already open, or a link is."""

    emphasis: bool = True
    strong: bool = False
    em: bool = False
    link: bool = False

    def but(self, **changes: bool) -> _Style:
        return dataclasses.replace(self, **changes)


def _up(tag, levels: int):
    """The elements enclosing ``tag``, nearest first, at most ``levels`` of them."""
    for _ in range(levels):
        tag = tag.parent
        if tag is None:
            return
        yield tag


def _common_ancestor(tags: list):
    """The innermost element that holds all of ``tags``."""
    shared = {id(node) for node in (tags[0], *tags[0].parents)}
    for tag in tags[1:]:
        shared &= {id(node) for node in (tag, *tag.parents)}
    return next(node for node in (tags[0], *tags[0].parents) if id(node) in shared)


def _escape(text: str) -> str:
    """Markdown-escape text from a page so that it stays text (and cannot forge this module's markers)."""
    text = _PRIVATE.sub("", text).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    text = re.sub(r"([\\`*_\[\]<])", r"\\\1", text)
    return re.sub(r"&(?=#?[A-Za-z0-9]+;)", r"\\&", text)  # "&amp;copy;" on the page is "&copy;", not ©


# Runs of white space, and single white space other than a space or a no-break one (U+00A0, U+202F, U+2007).
_SPACES = re.compile(r"\s{2,}|[^\S \u00a0\u202f\u2007]")


def _squash(text: str) -> str:
    """Runs of white space as one space, but a no-break space alone kept (``14 700``, ``5 %``)."""
    return _SPACES.sub(" ", text).strip()


def _emphasis(text: str) -> str:
    """Turn the emphasis markers into ``**`` and ``*``, with spaces outside them, or drop those that cannot work.

    ``<strong>АСТАНА. </strong>Глава`` must become ``**АСТАНА.** Глава``: with
    the space inside, CommonMark would show the asterisks and run the words
    together. A pair that CommonMark could still not read as emphasis (a
    closing marker after punctuation, right before a letter) is left out,
    keeping the text.
    """
    if not _MARKERS.search(text):
        return text
    text = text.replace(_S_CLOSE + _S_OPEN, "").replace(_E_CLOSE + _E_OPEN, "")
    before = None
    while before != text:
        before = text
        text = re.sub(r"([\ue000\ue002])(\s+)", r"\2\1", text)
        text = re.sub(r"(\s+)([\ue001\ue003])", r"\2\1", text)
        text = re.sub("\ue000\ue001|\ue002\ue003", "", text)
    text = _squash(text)
    chars = list(text)
    stack: list[int] = []
    drop: set[int] = set()
    for i, ch in enumerate(chars):
        if ch in (_S_OPEN, _E_OPEN):
            stack.append(i)
        elif ch in (_S_CLOSE, _E_CLOSE):
            if not stack:
                drop.add(i)
                continue
            start = stack.pop()
            if not _flanking(chars, start, i):
                drop.update((start, i))
    drop.update(stack)
    marks = {_S_OPEN: "**", _S_CLOSE: "**", _E_OPEN: "*", _E_CLOSE: "*"}
    return "".join("" if i in drop else marks.get(ch, ch) for i, ch in enumerate(chars))


def _flanking(chars: list[str], start: int, end: int) -> bool:
    """Whether markers at ``start`` and ``end`` open and close emphasis by CommonMark's flanking rules."""

    def near(i: int, step: int) -> str:
        i += step
        while 0 <= i < len(chars) and chars[i] in "\ue000\ue001\ue002\ue003":
            i += step
        return chars[i] if 0 <= i < len(chars) else " "

    def punct(ch: str) -> bool:
        return unicodedata.category(ch)[0] in "PS"

    after_open, before_open = near(start, 1), near(start, -1)
    before_close, after_close = near(end, -1), near(end, 1)
    if after_open.isspace() or before_close.isspace() or end - start < 2:
        return False
    opens = not punct(after_open) or before_open.isspace() or punct(before_open)
    closes = not punct(before_close) or after_close.isspace() or punct(after_close)
    return opens and closes


_STARTS = (
    (re.compile(r"^(#{1,6})(?=\s|$)"), r"\\\1"),  # a heading
    (re.compile(r"^([-+*])(?=\s|$)"), r"\\\1"),  # a list item: Russian dialogue written with hyphens
    (re.compile(r"^(\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),  # an ordered list item
    (re.compile(r"^>"), r"\\>"),  # a block quote
    (re.compile(r"^([-=_]{2,}\s*)$"), r"\\\1"),  # a thematic break or a setext underline
    (re.compile(r"^(~{3,})"), r"\\\1"),  # a code fence
)


def _escape_start(text: str) -> str:
    """Escape what would make a paragraph something else (``- Да,`` is a list item, ``1. Первое`` too)."""
    if not text or text[0] not in "#-+*0123456789>=_~":
        return text
    for pattern, repl in _STARTS:
        text = pattern.sub(repl, text, count=1)
    return text


# --- tidying the blocks -------------------------------------------------------------------

_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(([^)\s]*)\)")
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
_CREDIT = re.compile(
    r"^(?:фото|фотосурет|сурет|photo|photos|photograph|image|picture|видео|video|иллюстрация|illustration|коллаж|collage)"
    r"(?: и видео)?\s*(?::|—|–|-|/|©)\s*\S",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"\d+|[^\W\d_]+\.?|\S",
)


def _plain(text: str) -> str:
    """A block's text as a reader sees it: no link targets, emphasis or escapes."""
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"(?<!\\)\*+", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"^(?:>\s?)+|^#{1,6}\s+|^[-+]\s+|^\d{1,9}[.)]\s+", "", text, flags=re.MULTILINE)
    return _squash(text)


def _links_only(text: str) -> bool:
    """Whether a block is nothing but links (and punctuation)."""
    return bool(_LINK.search(text)) and not re.search(r"\w", _plain(_LINK.sub("", text)))


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
    return all(w in _MONTHS or w in fillers for w in words)


_BYLINE = re.compile(r"^(?:by|автор|авторы|author|authors|текст|фото и текст)\b\s*:?\s*\S", re.IGNORECASE)


def _tidy(blocks: list[_Block], title: str, host: str, *, lead: bool = True) -> list[_Block]:
    """Leave out the site's blocks, put captions ahead of the lead after it, and drop a repeated headline."""
    kept: list[_Block] = []
    after_label = False
    for block in blocks:
        if block.kind in ("code", "table"):
            kept.append(block)
            after_label = False
            continue
        plain = _plain(block.text)
        if after_label and _links_only(block.text):
            continue  # the stories a "Read also:" label introduced
        after_label = False
        label = _READ_ALSO.match(plain)
        if label:
            rest = _plain(_LINK.sub("", block.text))
            if (
                not re.search(r"\w", rest[label.end() :])
                or _links_only(block.text)
                or rest[label.end() :].lstrip().startswith(":")
            ):
                after_label = not _LINK.search(block.text)
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
    hosts = {(urlsplit(m.group(2)).hostname or "").lower() for m in _LINK.finditer(text)}
    return hosts == {host} and len(plain.split()) <= 20 and not plain.endswith((".", "!", "?", "…"))


def _lead_first(blocks: list[_Block], title: str) -> list[_Block]:
    """Drop the header's leftovers before the lead (date, byline, labels), and move its captions after it."""
    first = next((i for i, b in enumerate(blocks) if b.kind != "caption" and _is_paragraph(b)), None)
    if first is None:
        return blocks
    head, captions = [], []
    for block in blocks[:first]:
        plain = _plain(block.text)
        if plain == title or _is_dateline(plain) or (_BYLINE.match(plain) and len(plain.split()) <= 8):
            continue
        if block.kind == "caption":
            captions.append(block)
        elif block.kind != "p" or len(plain.split()) > 3 or plain.endswith((".", "!", "?", ":")):
            head.append(block)
    return [*head, blocks[first], *captions, *blocks[first + 1 :]]


def _is_paragraph(block: _Block) -> bool:
    if block.kind not in ("p", "list", "quote", "table"):
        return False
    plain = _plain(block.text)
    return not _is_dateline(plain) and (len(plain.split()) >= 4 or plain.endswith((".", "!", "?", "…")))


def _has_text(blocks: list[_Block]) -> bool:
    return any(_is_paragraph(b) or b.kind == "code" for b in blocks)


# --- pages rendered by script ------------------------------------------------------------

_HTML_BLOCK = re.compile(r"<(?:p|h[2-6]|ul|ol|blockquote)[\s>]", re.IGNORECASE)


def _script_body(soup, ld: dict, title: str, url: str) -> list[_Block]:
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
                isinstance(v, str) and len(v) < 1000 and _clean_title(v) == title for v in values
            )
            for value in values:
                if isinstance(value, str) and len(_HTML_BLOCK.findall(value)) >= 2:
                    found.append((titled, len(value), value))
                elif isinstance(value, dict | list):
                    stack.append(value)
    article_body = _text(ld.get("articleBody"))
    if found and (max(found)[0] or not article_body):
        html = max(found)[2]
    elif article_body:
        if _HTML_BLOCK.search(article_body):
            html = article_body
        else:
            paragraphs = [_escape_start(_squash(_escape(line))) for line in article_body.splitlines()]
            return _tidy([_Block("p", p) for p in paragraphs if p], title, (urlsplit(url).hostname or "").lower())
    else:
        return []
    fragment = BeautifulSoup(f"<html><body>{html}</body></html>", "html.parser")
    reader = _Reader(fragment, url)
    return reader.blocks([reader.body], title)
