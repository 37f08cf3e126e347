"""News page extraction: pipeline.fetch beside trafilatura and readability-lxml, on tests/data/extraction/.

Every page of the corpus (hand-written imitations of real CMS layouts, each
with the Markdown an editor wants from it) is run through each extractor and
scored:

- title, date and language right (exactly; a refusal page counts as right
  when the extractor refuses it);
- block precision and recall of the body: the body is cut into lines
  (paragraphs, list items, quote paragraphs, table rows), Markdown syntax and
  escapes are taken off, and a line matches a line of the other side when
  their similarity is at least 0.9 (so a library's different spacing or
  emphasis is not counted against it);
- chrome leaked: the page's listed navigation, advert, counter, "read also" and
  teaser strings found in the body;
- exact: the whole file equal to the expected one, byte for byte (asked only
  of the extractors that write this project's Markdown: ours and the pairs).

Extractors: ``ours`` (pipeline.web.page.parse_page), ``trafilatura`` (its own
Markdown and metadata; it names no language), ``trafilatura+ours`` and
``readability+ours`` (the library chooses the body, as HTML; our metadata,
Markdown conversion and chrome filters do the rest). A library that is not
installed is left out with a note.

Usage: pip install trafilatura==2.3.1 readability-lxml==0.9 && python bench/extraction.py [-v] [PAGE ...]
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import fetch
from pipeline.web.fetched import FetchError, to_markdown
from pipeline.web.page import parse_page

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction"
BASE = "http://news.test"
FETCHED_AT = datetime.datetime(2026, 6, 21, tzinfo=datetime.UTC)
MATCH = 0.9


@dataclass(frozen=True, slots=True)
class Output:
    """What an extractor made of a page; ``None`` fields when it does not say."""

    title: str | None
    date: datetime.date | None
    lang: str | None
    body: str
    markdown: str | None = None  # the whole file, for extractors that write ours


@dataclass(slots=True)
class Score:
    """One extractor's results over the corpus."""

    pages: int = 0
    title: int = 0
    date: int = 0
    lang: int = 0
    refused_right: int = 0
    refusals: int = 0
    wrong_article: int = 0  # a refusal page given a body, or an article page refused
    matched_got: int = 0
    got: int = 0
    matched_expected: int = 0
    expected: int = 0
    chrome_pages: int = 0
    chrome: int = 0
    exact: int = 0
    writes_ours: bool = False  # writes this project's Markdown, so byte-for-byte equality can be asked of it
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class Refused(Exception):
    """The extractor found no article on the page."""


def ours(html: str, url: str) -> Output:
    """pipeline.fetch: our metadata, body choice, Markdown and chrome filters."""
    try:
        article = parse_page(html, url)
    except FetchError as exc:
        raise Refused(str(exc)) from None
    markdown = to_markdown(article, FETCHED_AT)
    return Output(article.title, article.date, article.lang, article.body, markdown)


def trafilatura_own(html: str, url: str) -> Output:
    """Trafilatura alone: its metadata (htmldate for the date) and its Markdown."""
    import trafilatura

    options = {"url": url, "include_formatting": True, "include_links": True, "include_tables": True}
    body = trafilatura.extract(html, output_format="markdown", **options)
    if not body:
        raise Refused("no text")
    meta = trafilatura.extract_metadata(html, default_url=url)
    date = datetime.date.fromisoformat(meta.date[:10]) if meta and meta.date else None
    return Output(meta.title if meta else None, date, None, body)


def trafilatura_ours(html: str, url: str) -> Output:
    """Trafilatura chooses the body (as HTML); ours does the metadata, Markdown and filters."""
    import trafilatura

    options = {"url": url, "include_formatting": True, "include_links": True, "include_tables": True}
    body = trafilatura.extract(html, output_format="html", **options)
    if not body:
        raise Refused("no text")
    inner = re.sub(r"(?s)^.*?<body>|</body>.*$", "", body)
    return ours(_with_body(html, inner), url)


def readability_ours(html: str, url: str) -> Output:
    """readability-lxml chooses the body; ours does the metadata, Markdown and filters."""
    from readability import Document

    try:
        inner = Document(html, url=url).summary(html_partial=True)
    except Exception as exc:  # readability raises its own Unparseable and lxml's errors
        raise Refused(str(exc)) from None
    return ours(_with_body(html, inner), url)


def _with_body(html: str, inner: str) -> str:
    """The page with its head (the metadata) and ``inner`` as the only article."""
    head = re.search(r"(?is)<html[^>]*>.*?</head>", html)
    start = head.group(0) if head else "<html><head></head>"
    return f"{start}<body><article>{inner}</article></body></html>"


EXTRACTORS: dict[str, tuple[Callable[[str, str], Output], str | None]] = {
    "ours": (ours, None),
    "trafilatura": (trafilatura_own, "trafilatura"),
    "trafilatura+ours": (trafilatura_ours, "trafilatura"),
    "readability+ours": (readability_ours, "readability"),
}


def units(markdown: str, title: str) -> list[str]:
    """The body's lines without Markdown syntax: what a reader sees, one block or item or row each."""
    out = []
    for line in markdown.splitlines():
        text = line.strip()
        if re.fullmatch(r"\|?[\s:|-]+\|?", text) and "-" in text:
            continue  # a table's delimiter row
        text = re.sub(r"^(?:>\s?)+", "", text)
        text = re.sub(r"^(?:#{1,6}\s+|[-+*]\s+|\d{1,9}[.)]\s+)", "", text)
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = text.replace("**", "").replace("__", "")
        text = re.sub(r"(?<![\w\\])[*_]|[*_](?!\w)", "", text)
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
        text = text.strip("| ").replace(" | ", " ")
        text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()
        if text and text != title:
            out.append(text)
    return out


def matches(got: list[str], expected: list[str]) -> int:
    """How many lines pair up (each line at most once), at a similarity of at least MATCH."""
    free = list(expected)
    found = 0
    for line in got:
        best, where = 0.0, -1
        for i, other in enumerate(free):
            ratio = 1.0 if line == other else difflib.SequenceMatcher(None, line, other).ratio()
            if ratio > best:
                best, where = ratio, i
        if best >= MATCH:
            found += 1
            free.pop(where)
    return found


def expected_of(name: str) -> tuple[dict[str, str], str, str] | None:
    """The expected front matter, body and whole file of a page (None for a page to refuse)."""
    path = CORPUS / f"{name}.md"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n\n", 1)
    meta = {}
    for line in front.splitlines():
        key, _, value = line.partition(": ")
        meta[key] = json.loads(value) if value.startswith('"') else value
    return meta, body, text


def score_page(score: Score, name: str, entry: dict, run: Callable[[str, str], Output], verbose: bool) -> None:
    """Run one extractor on one page and add up what it got right."""
    data = (CORPUS / f"{name}.html").read_bytes()
    url = BASE + entry["path"]
    html = fetch.decode(data, entry["content_type"], url)
    expected = expected_of(name)
    score.pages += 1
    started = time.perf_counter()
    try:
        got: Output | None = run(html, url)
    except Refused:
        got = None
    score.seconds += time.perf_counter() - started
    if expected is None:
        score.refusals += 1
        if got is None:
            score.refused_right += 1
            score.title += 1
            score.date += 1
            score.lang += 1
        else:
            score.wrong_article += 1
            score.notes.append(f"{name}: not refused")
        return
    meta, body, whole = expected
    if got is None:
        score.wrong_article += 1
        score.notes.append(f"{name}: refused")
        score.expected += len(units(body, meta["title"]))
        return
    score.title += got.title == meta["title"]
    score.date += (got.date.isoformat() if got.date else None) == meta.get("date")
    score.lang += got.lang == meta.get("language")
    want = units(body, meta["title"])
    have = units(got.body, meta["title"])
    score.got += len(have)
    score.expected += len(want)
    score.matched_got += matches(have, want)
    score.matched_expected += matches(want, have)
    leaked = [c for c in entry.get("chrome", []) if c in got.body]
    score.chrome += len(leaked)
    score.chrome_pages += bool(leaked)
    if got.markdown is not None:
        score.writes_ours = True
        score.exact += got.markdown == whole
    if verbose:
        wrong = []
        if got.title != meta["title"]:
            wrong.append(f"title {got.title!r}")
        if (got.date.isoformat() if got.date else None) != meta.get("date"):
            wrong.append(f"date {got.date}")
        if got.lang != meta.get("language"):
            wrong.append(f"lang {got.lang}")
        missing = [u for u in want if not matches([u], have)]
        extra = [u for u in have if not matches([u], want)]
        if wrong or missing or extra or leaked:
            score.notes.append(f"{name}: {', '.join(wrong)} missing={missing} extra={extra} chrome={leaked}")


def main() -> None:
    """Print the side-by-side table (and, with -v, what each extractor got wrong)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="only these pages (names in pages.json)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each page's mistakes")
    args = parser.parse_args()
    manifest = json.loads((CORPUS / "pages.json").read_text(encoding="utf-8"))
    names = args.pages or sorted(manifest)
    scores: dict[str, Score] = {}
    for label, (run, module) in EXTRACTORS.items():
        if module is not None:
            try:
                __import__(module)
            except ImportError:
                package = "readability-lxml" if module == "readability" else module
                print(f"{label}: {package} is not installed (pip install {package})")
                continue
        score = scores[label] = Score()
        for name in names:
            score_page(score, name, manifest[name], run, args.verbose)
    articles = sum(1 for n in names if (CORPUS / f"{n}.md").exists())
    print(f"{len(names)} pages: {articles} articles, {len(names) - articles} to refuse\n")
    rows = [
        ("title right", lambda s: f"{s.title}/{s.pages}"),
        ("date right", lambda s: f"{s.date}/{s.pages}"),
        ("language right", lambda s: f"{s.lang}/{s.pages}"),
        ("block precision", lambda s: f"{s.matched_got / s.got:.3f}" if s.got else "-"),
        ("block recall", lambda s: f"{s.matched_expected / s.expected:.3f}" if s.expected else "-"),
        ("pages with chrome leaked", lambda s: f"{s.chrome_pages}"),
        ("chrome strings leaked", lambda s: f"{s.chrome}"),
        ("pages to refuse refused", lambda s: f"{s.refused_right}/{s.refusals}"),
        ("wrong or no article", lambda s: f"{s.wrong_article}"),
        ("file byte for byte", lambda s: f"{s.exact}/{articles}" if s.writes_ours else "-"),
        ("seconds", lambda s: f"{s.seconds:.2f}"),
    ]
    labels = list(scores)
    print("| | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    for title, cell in rows:
        print(f"| {title} | " + " | ".join(cell(scores[label]) for label in labels) + " |")
    if args.verbose:
        for label, score in scores.items():
            print(f"\n{label}:")
            for note in score.notes:
                print(f"  {note}")


if __name__ == "__main__":
    main()
