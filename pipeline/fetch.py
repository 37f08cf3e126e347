"""Bringing an article in from the web: the only module that uses the network.

``requests`` is imported here and nowhere else, so the other commands start
without it. Pages are parsed with Beautiful Soup on the standard library's
``html.parser``: pure Python, tolerant of the broken markup news sites serve,
with the tree API extraction needs, and no compiled dependency.
"""

from __future__ import annotations

import codecs
import datetime
import json
import re
import time
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from pipeline.errors import L10nError, UsageError

USER_AGENT = "l10n-newsroom/0.1 (+https://github.com/; gettext localisation pipeline)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_NOISE = re.compile(
    r"share|social|related|promo|advert|banner|subscribe|newsletter|comment|breadcrumb|tags|popular|"
    r"most-read|recommend|sidebar|cookie|footer|menu",
    re.IGNORECASE,
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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
        address = ipaddress.ip_address(info[4][0].split("%")[0])
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
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"cannot fetch {url!r}: only http:// and https:// URLs")

    class CappedRetry(Retry):
        # A Retry-After of 100,000 s would keep the command running for a day.
        def get_retry_after(self, response):  # type: ignore[no-untyped-def]  # urllib3's own signature
            wait = super().get_retry_after(response)
            return None if wait is None else min(wait, options.max_retry_after)

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
    link = soup.find("link", attrs={"rel": "canonical"})
    if link and link.get("href", "").startswith(("http:", "https:")):
        return link["href"]
    og = soup.find("meta", attrs={"property": "og:url"})
    return og["content"] if og and og.get("content", "").startswith(("http:", "https:")) else ""


def parse_page(html: str, url: str) -> FetchedArticle:
    """Read a news page's metadata and article body.

    Metadata in order of trust: JSON-LD ``NewsArticle`` (``headline``,
    ``datePublished``, ``inLanguage``), Open Graph and
    ``article:published_time``, ``<time datetime>``, ``<title>`` and
    ``<html lang>``. The body comes from ``<article>`` (or the main content)
    without navigation, share buttons, related-news lists, scripts and styles.

    Raises:
        FetchError: If the page has no article text.
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

    def meta(*names: str) -> str:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content", "").strip():
                return tag["content"].strip()
        return ""

    title = (_text(ld.get("headline")) or meta("og:title", "twitter:title") or "").strip()
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    root = _article_root(soup)
    if root is None:
        raise FetchError(f"fetch {url}: no article found on the page", hint="is this a news article page?")
    time_tag = root.find("time", attrs={"datetime": True}) or soup.find("time", attrs={"datetime": True})
    date_text = (
        _text(ld.get("datePublished")) or meta("article:published_time") or (time_tag["datetime"] if time_tag else "")
    )
    date = _date(str(date_text))
    html_tag = soup.find("html")
    lang = str(_text(ld.get("inLanguage")) or (html_tag.get("lang") if html_tag else "") or meta("og:locale") or "")
    lang = lang.replace("_", "-").split("-")[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        lang = ""  # not a language code: it would be written into the front matter as it is
    for noise in root.find_all(["script", "style", "noscript", "nav", "aside", "footer", "form", "button", "iframe"]):
        noise.decompose()
    for tag in root.find_all(True):
        if tag.attrs is None:
            continue
        marks = " ".join([*tag.get("class", []), tag.get("id", ""), tag.get("role", "")])
        if marks.strip() and _NOISE.search(marks):
            tag.decompose()
    blocks = _markdown_blocks(root, url, title)
    if not any(b and not b.startswith("#") for b in blocks):
        raise FetchError(f"fetch {url}: no article text found", hint="is this a news article page?")
    if not title:
        raise FetchError(f"fetch {url}: the page has no title")
    return FetchedArticle(title=title, date=date, lang=lang, source_url=url, body="\n\n".join(blocks) + "\n")


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


def _json_ld(soup) -> dict:
    """The first NewsArticle (or Article) object of the page's JSON-LD, or {}."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(k in ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle") for k in kinds):
                    return item
                graph = item.get("@graph", [])
                stack.extend(graph if isinstance(graph, list) else [graph])
    return {}


def _text(value: object) -> str:
    """A JSON-LD field as text: a string, the first string of a list, else "" (pages put anything there)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return value if isinstance(value, str) else ""


def _article_root(soup):
    article = soup.find("article")
    body = soup.find(attrs={"itemprop": "articleBody"})
    if body is not None and (article is None or article in body.parents or body in article.descendants):
        return body if article is None else article
    return article or soup.find("main") or soup.find(attrs={"role": "main"})


def _date(text: str) -> datetime.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return datetime.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def _markdown_blocks(root, url: str, title: str) -> list[str]:
    blocks: list[str] = []
    for element in root.find_all(["h1", "h2", "h3", "h4", "p", "ul", "ol", "blockquote", "pre", "figcaption"]):
        enclosing = ("p", "ul", "ol", "blockquote", "pre", "li")
        if any(parent.name in enclosing for parent in element.parents if parent is not root):
            continue  # taken care of by the enclosing block
        name = element.name
        if name in ("h1", "h2", "h3", "h4"):
            text = _inline(element, url)
            if text and not (name == "h1" and text == title):
                blocks.append("#" * int(name[1]) + " " + text)
        elif name in ("p", "figcaption"):
            text = _inline(element, url)
            if text:
                blocks.append(text)
        elif name in ("ul", "ol"):
            items = [_inline(li, url) for li in element.find_all("li", recursive=False)]
            marker = "-" if name == "ul" else None
            lines = [f"{marker or str(n) + '.'} {item}" for n, item in enumerate(items, 1) if item]
            if lines:
                blocks.append("\n".join(lines))
        elif name == "blockquote":
            paragraphs = [_inline(p, url) for p in element.find_all("p")] or [_inline(element, url)]
            text = "\n>\n".join(f"> {p}" for p in paragraphs if p)
            if text:
                blocks.append(text)
        else:
            code = element.get_text()
            if code.strip():
                # A fence longer than any run of backticks inside, which would otherwise close it.
                fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
                blocks.append(f"{fence}\n{code.strip(chr(10))}\n{fence}")
    return blocks


def _inline(element, url: str) -> str:
    """An element's content as inline Markdown: emphasis, links and code kept."""
    parts: list[str] = []
    for child in element.children:
        name = getattr(child, "name", None)
        if name is None:
            parts.append(_escape(str(child)))
        elif name in ("strong", "b"):
            inner = _inline(child, url)
            parts.append(f"**{inner}**" if inner.strip() else inner)
        elif name in ("em", "i"):
            inner = _inline(child, url)
            parts.append(f"*{inner}*" if inner.strip() else inner)
        elif name == "code":
            code = child.get_text()
            ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
            pad = " " if code.startswith("`") or code.endswith("`") else ""
            parts.append(f"{ticks}{pad}{code}{pad}{ticks}")
        elif name == "a" and child.get("href"):
            inner = _inline(child, url)
            try:
                href = urljoin(url, str(child["href"]))
            except ValueError:
                href = ""  # a malformed address ("http://[::1"): the link's text alone
            # Characters that would end the link target and start Markdown of the page's choosing.
            href = re.sub(r"[()<>\s\\]", lambda m: f"%{ord(m.group()):02X}", href)
            parts.append(f"[{inner}]({href})" if inner.strip() and href.startswith(("http:", "https:")) else inner)
        elif name == "br":
            parts.append(" ")
        else:
            parts.append(_inline(child, url))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _escape(text: str) -> str:
    """Markdown-escape text from a page so that it stays text."""
    return re.sub(r"([\\`*_\[\]<])", r"\\\1", text)
