"""The network: the only module that uses it (``l10n fetch``).

``requests`` is imported here and nowhere else, and only when a page is
downloaded, so the other commands start without it. This module asks for a
page carefully (timeouts, retries, a deadline, size and redirect limits,
``--public-only``) and decodes it; reading the page is :mod:`pipeline.web.page`'s
work and writing the article :mod:`pipeline.web.fetched`'s.
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from pipeline.errors import UsageError
from pipeline.web.fetched import FetchError

__all__ = ["USER_AGENT", "FetchError", "FetchOptions", "Page", "decode", "download", "urllib3_errors"]


USER_AGENT = "l10n-newsroom/0.1 (+https://github.com/; gettext localisation pipeline)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


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


def _reason(exc: Exception) -> str:
    """What went wrong in a few words, for the one-line error (requests' own messages run to several lines)."""
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
