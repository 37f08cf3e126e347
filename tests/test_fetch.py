"""l10n fetch against a real HTTP server on 127.0.0.1 (no request leaves the machine)."""

from __future__ import annotations

import socket
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FETCHED_AT, Loopback, Project

PAGES = Path(__file__).parent / "data" / "pages"


class Site:
    """A small news site: routes to (status, headers, body) or to special behaviours."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.loopback = Loopback(self._count_and_handle)

    def _count_and_handle(self, h: BaseHTTPRequestHandler) -> None:
        self.hits[h.path] += 1
        self.handle(h)

    @property
    def base(self) -> str:
        return self.loopback.base

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path == "/en/bektenov":
            self.send(h, 200, "text/html; charset=utf-8", (PAGES / "en-newsarticle.html").read_bytes())
        elif path == "/ru/bektenov":
            self.send(h, 200, "text/html; charset=windows-1251", (PAGES / "ru-og-1251.html").read_bytes())
        elif path == "/ru/meta-only":
            self.send(h, 200, "text/html", (PAGES / "ru-og-1251.html").read_bytes())
        elif path == "/kk/bektenov":
            self.send(h, 200, "text/html; charset=utf-8", (PAGES / "kk-og.html").read_bytes())
        elif path == "/home":
            self.send(h, 200, "text/html; charset=utf-8", (PAGES / "no-article.html").read_bytes())
        elif path == "/slow":
            time.sleep(2)
            self.send(h, 200, "text/html", b"<article><p>Late.</p></article>")
        elif path == "/flaky":
            if self.hits[path] == 1:
                self.send(h, 503, "text/html", b"busy", {"Retry-After": "0"})
            else:
                self.send(h, 200, "text/html; charset=utf-8", (PAGES / "en-newsarticle.html").read_bytes())
        elif path == "/drip":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            try:
                for _ in range(200):  # a byte every 0.1 s: never long enough for the read timeout
                    h.wfile.write(b" ")
                    h.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass  # the client gave up
        elif path == "/later":
            self.send(h, 503, "text/html", b"down", {"Retry-After": "100000"})
        elif path == "/down":
            self.send(h, 503, "text/html", b"down", {"Retry-After": "0"})
        elif path == "/loop":
            self.send(h, 302, "text/html", b"", {"Location": "/loop"})
        elif path == "/huge":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()  # no Content-Length: the cap must stop the stream itself
            for _ in range(40):
                h.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        elif path == "/huge-declared":
            self.send(h, 200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>")
        elif path == "/report.pdf":
            self.send(h, 200, "application/pdf", b"%PDF-1.7")
        elif path == "/cut":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            h.wfile.write(b"<article><p>The beginning of")
            h.wfile.flush()
            h.close_connection = True
        else:
            self.send(h, 404, "text/html", b"not found")

    @staticmethod
    def send(h, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

    def close(self) -> None:
        self.loopback.close()


@pytest.fixture
def site(loopback_env):
    server = Site()
    yield server
    server.close()


def _source_files(project: Project) -> set[str]:
    return {p.name for p in (project.root / "source").iterdir()}


def test_fetch_extract_build_end_to_end(project: Project, site: Site):
    result = project.run("fetch", f"{site.base}/en/bektenov")
    assert result.exit_code == 0, result.stderr
    slug = "bektenov-inspects-baiterek-space-rocket-complex"
    assert result.output == (
        f"source/{slug}.md: created ('Bektenov inspects Baiterek Space Rocket Complex', en, 6 blocks)\n"
    )
    text = (project.root / "source" / f"{slug}.md").read_text(encoding="utf-8")
    assert text == (
        "---\n"
        'title: "Bektenov inspects Baiterek Space Rocket Complex"\n'
        "date: 2024-06-27\n"
        f'source: "{site.base}/en/bektenov"\n'
        "language: en\n"
        "fetched-at: 2026-06-21T00:00:00Z\n"
        "---\n"
        "\n"
        "Prime Minister **Olzhas Bektenov** inspected the Baiterek Space Rocket Complex, the "
        f"[Government]({site.base}/en/government) said.\n"
        "\n"
        "In 2024, *14.7 billion tenge* were spent on the project.\n"
        "\n"
        "## Next steps\n"
        "\n"
        "- First launch in 2025.\n"
        "- Completion by May 2028.\n"
        "\n"
        "> “The first of three launches must take place this year,” Bektenov said.\n"
        "\n"
        "*Photo credit: gov.kz*\n"
    )
    assert "Share" not in text and "Related news" not in text and "dataLayer" not in text
    assert project.run("extract", f"{slug}.md").exit_code == 0
    assert project.run("update").exit_code == 0
    result = project.run("build", "-l", "en", "--format", "md", f"{slug}.md")
    assert result.exit_code == 0
    assert (project.root / "build" / "en" / f"{slug}.md").read_text(encoding="utf-8") == text
    pot = (project.root / "locale" / f"{slug}.pot").read_text(encoding="utf-8")
    assert "#. {amount}: 14.7 billion tenge [kk: front, vowel; ru: other]\n" in pot
    assert "#. {month}: May 2028 [kk: back, sonorant]\n" in pot


def test_windows_1251_page_from_the_http_header(project: Project, site: Site):
    result = project.run("fetch", f"{site.base}/ru/bektenov", "--slug", "ru-page")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "source" / "ru-page.md").read_text(encoding="utf-8")
    assert 'title: "Бектенов осмотрел космический ракетный комплекс «Байтерек»"' in text
    assert "date: 2024-06-27\n" in text and "language: ru\n" in text
    assert "В этом году на его реализацию направлено 14,7 млрд тенге." in text
    assert "ВКонтакте" not in text


def test_windows_1251_page_from_the_meta_charset(project: Project, site: Site):
    result = project.run("fetch", f"{site.base}/ru/meta-only", "--slug", "ru-meta")
    assert result.exit_code == 0, result.stderr
    assert "Премьер-министр Олжас Бектенов" in (project.root / "source" / "ru-meta.md").read_text(encoding="utf-8")


def test_kazakh_page_with_open_graph_only_gets_a_transliterated_slug(project: Project, site: Site):
    result = project.run("fetch", f"{site.base}/kk/bektenov")
    assert result.exit_code == 0, result.stderr
    slug = "bektenov-bayterek-garyshtyq-zymyran-keshenin-aralady"
    text = (project.root / "source" / f"{slug}.md").read_text(encoding="utf-8")
    assert "language: kk\n" in text and "date: 2024-06-27\n" in text


def test_a_503_then_200_is_retried(project: Project, site: Site):
    result = project.run("fetch", f"{site.base}/flaky", "--slug", "flaky")
    assert result.exit_code == 0, result.stderr
    assert site.hits["/flaky"] == 2


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        ("/slow", ["--read-timeout", "0.3", "--retries", "0"], "no answer within 0.3 s (read timeout)"),
        ("/down", ["--retries", "2"], "HTTP 503 Service Unavailable after 2 retries"),
        ("/loop", [], "more than 5 redirects (a redirect loop?)"),
        ("/missing", [], "HTTP 404 Not Found"),
        ("/huge", ["--max-bytes", "100000"], "the page is larger than the 100,000 bytes allowed"),
        ("/huge-declared", ["--max-bytes", "100000"], "the page is larger than the 100,000 bytes allowed"),
        ("/report.pdf", [], "not an HTML page (Content-Type: application/pdf)"),
        ("/home", [], "no article found on the page"),
        ("/cut", ["--retries", "0"], "the connection broke while reading"),
    ],
)
def test_each_failure_is_one_line_naming_the_url_and_nothing_is_written(
    project: Project, site: Site, path, options, message
):
    before = _source_files(project)
    result = project.run("fetch", f"{site.base}{path}", "--slug", "never", *options)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"l10n: error: fetch {site.base}{path}: {message}")
    assert result.stderr.count("\n") == 1
    assert _source_files(project) == before


def test_a_refused_connection_is_reported(project: Project, site: Site):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the fetch: nothing listens there
    result = project.run("fetch", f"http://127.0.0.1:{port}/x", "--retries", "0")
    assert result.exit_code == 1
    assert result.stderr == f"l10n: error: fetch http://127.0.0.1:{port}/x: connection refused\n"


def test_an_existing_article_is_not_overwritten_without_force(project: Project, site: Site):
    assert project.run("fetch", f"{site.base}/en/bektenov", "--slug", "same").exit_code == 0
    again = project.run("fetch", f"{site.base}/en/bektenov", "--slug", "same")
    assert again.exit_code == 1
    assert again.stderr.startswith("l10n: error: source/same.md: the article exists already (use --force")
    assert project.run("fetch", f"{site.base}/en/bektenov", "--slug", "same", "--force").exit_code == 0


def test_from_file_needs_no_network(project: Project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FETCHED_AT)
    result = project.run("fetch", "--from-file", str(PAGES / "en-newsarticle.html"), "--slug", "saved")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "source" / "saved.md").read_text(encoding="utf-8")
    assert 'source: "https://www.inform.kz/en/bektenov-inspects-baiterek-complex"\n' in text
    assert "[Government](https://www.inform.kz/en/government)" in text


def test_only_http_and_https_urls(project: Project):
    result = project.run("fetch", "ftp://example.com/x")
    assert result.exit_code == 2
    assert result.stderr == "l10n: error: cannot fetch 'ftp://example.com/x': only http:// and https:// URLs\n"


def test_requests_is_imported_only_by_fetch():
    import subprocess
    import sys

    code = (
        "import sys; from pipeline import cli, commands, store, render, catalog; "
        "print('requests' in sys.modules, 'bs4' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False False"


def test_only_fetch_imports_the_network_and_the_page_readers_never_import_fetch():
    import ast

    imports: dict[str, set[str]] = {}
    package = Path(__file__).resolve().parent.parent / "pipeline"
    for path in sorted(package.rglob("*.py")):
        found = imports.setdefault(path.relative_to(package).with_suffix("").as_posix().replace("/", "."), set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)

    def users(prefix: str) -> set[str]:
        return {name for name, found in imports.items() if any(m.split(".")[0] == prefix for m in found)}

    assert users("requests") == users("urllib3") == {"fetch"}
    assert users("bs4") == {"web.page", "web.story"}
    # Imports go downwards: reading a page never reaches for the network.
    readers = {name for name in imports if name.startswith("web.")}
    assert not {name for name in readers if "pipeline.fetch" in imports[name]}


@pytest.mark.parametrize("slug", ["../../x", "/etc/passwd", "../notes", "a/b", "..", "Notes", ""])
def test_a_slug_is_one_safe_file_name_and_nothing_is_written_outside_source(project: Project, tmp_path, slug):
    before = project.snapshot()
    outside = sorted(p.name for p in tmp_path.iterdir())
    result = project.run("fetch", "--from-file", str(PAGES / "en-newsarticle.html"), "--slug", slug, "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"l10n: error: --slug {slug!r} is not an article name (use lower-case ASCII letters, digits, '-', '_' or"
        " '.', with no folder in it)\n"
    )
    assert project.snapshot() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside


@pytest.mark.parametrize(
    ("url", "address"),
    [("{base}/en/bektenov", "127.0.0.1"), ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
     ("http://[::1]:9/x", "::1"), ("http://10.0.0.1/x", "10.0.0.1")],
    ids=["loopback", "cloud-metadata", "ipv6-loopback", "private"],
)  # fmt: skip
def test_public_only_refuses_a_non_public_address_before_asking_it(project: Project, site: Site, url, address):
    before = _source_files(project)
    target = url.format(base=site.base)
    result = project.run("fetch", target, "--public-only", "--retries", "0", "--connect-timeout", "0.5")
    assert result.exit_code == 1
    assert f"is at {address}, not a public address (--public-only refuses it)" in result.stderr
    assert site.hits["/en/bektenov"] == 0
    assert _source_files(project) == before


def test_a_retry_after_of_a_day_is_capped(site: Site):
    from pipeline.fetch import FetchError, FetchOptions, download

    with pytest.raises(FetchError) as caught:
        download(f"{site.base}/later", FetchOptions(retries=1, max_retry_after=0.1))
    assert str(caught.value) == f"fetch {site.base}/later: HTTP 503 Service Unavailable after 1 retries"
    assert site.hits["/later"] == 2


def test_credentials_in_the_url_are_not_written_into_the_article(project: Project, site: Site):
    host = site.base.removeprefix("http://")
    result = project.run("fetch", f"http://editor:s3cret@{host}/en/bektenov", "--slug", "with-login")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "source" / "with-login.md").read_text(encoding="utf-8")
    assert f'source: "http://{host}/en/bektenov"' in text
    assert "s3cret" not in text and "editor" not in text


def test_a_page_cannot_inject_front_matter_links_or_break_out_of_a_code_block(project: Project, tmp_path):
    page = tmp_path / "evil.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en\nlayout: evil"><head><title>Evil page</title></head><body><article>'
        '<h1>Evil page</h1><p>A link <a href="https://example.com/a) [x](javascript:alert(1)">here</a> and'
        " code <code>a`b</code>.</p><pre>```\n# not a heading\n```</pre><p>The end of the story is here.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result = project.run("fetch", "--from-file", str(page), "--slug", "evil", "https://example.com/evil")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "source" / "evil.md").read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0]
    assert "layout" not in front and "language:" not in front
    from pipeline.mdparser import parser

    tokens = parser().parse(text.split("\n---\n", 1)[1])
    assert [t.type for t in tokens if t.type in ("fence", "heading_open")] == ["fence"]
    links = [c.attrGet("href") for t in tokens for c in t.children or () if c.type == "link_open"]
    assert links == ["https://example.com/a%29%20%5Bx%5D%28javascript:alert%281%29"]  # markdown-it normalises
    assert "``a`b``" in text


_BODY = "<body><article><p>Body text of the story is here.</p></article></body></html>"


@pytest.mark.parametrize(
    ("html", "code", "message"),
    [
        (
            '<html><head><title>T</title><script type="application/ld+json">{"@type": "NewsArticle", "headline": 123,'
            ' "datePublished": ["2024-06-27"], "inLanguage": {"x": 1}}</script></head>' + _BODY,
            0,
            "created ('T', language unknown, 1 blocks)",
        ),
        (
            '<html><head><title>T</title><script type="application/ld+json">[1, "x", null, {"@graph": 5}]</script>'
            "</head>" + _BODY,
            0,
            "created ('T', language unknown, 1 blocks)",
        ),
        (
            '<html><head><title>T</title></head><body><article><p>See <a href="http://[::1/x">this</a> now.</p>'
            "</article></body></html>",
            0,
            "created ('T', language unknown, 1 blocks)",
        ),
        (
            "<html><head><title>T</title></head><body><article><p>" + "<b>" * 5000 + "Deep." + "</b>" * 5000
            + "</p></article></body></html>",
            1,
            "the page's elements are nested too deeply to read",
        ),
        ('<html><head><meta charset="unicode_escape"><title>T</title></head>' + _BODY, 1, "is not a charset of web"),
        ('<html><head><meta charset="punycode"><title>T</title></head>' + _BODY, 1, "is not a charset of web pages"),
    ],
    ids=["json-ld-types", "json-ld-graph", "malformed-ipv6-link", "deep-nesting", "python-codec", "punycode"],
)  # fmt: skip
def test_a_hostile_page_gives_one_line_not_a_traceback(project: Project, tmp_path, html, code, message):
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    result = project.run("fetch", "--from-file", str(page), "--slug", "hostile", "https://example.com/p")
    assert result.exit_code == code
    output = result.stdout if code == 0 else result.stderr
    assert output.count("\n") == 1 and message in output and "Traceback" not in result.output


def test_a_body_dripped_a_byte_at_a_time_meets_the_deadline(project: Project, site: Site):
    result = project.run("fetch", f"{site.base}/drip", "--deadline", "0.5", "--retries", "0")
    assert result.exit_code == 1
    assert result.stderr == f"l10n: error: fetch {site.base}/drip: the page took longer than the 0.5 s allowed\n"
