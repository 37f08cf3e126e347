"""l10n fetch on the extraction corpus (tests/data/extraction/), served from 127.0.0.1, and on small pages.

Each page of the corpus imitates a real CMS layout; ``<name>.md`` is the file
``fetch`` must write for it, byte for byte (``http://news.test`` stands for the
test server's address), and a page listed with ``refused`` must be refused in
one line with nothing written. ``pages.json`` gives each page's path, its
Content-Type header and the chrome (navigation, counters, teasers…) it holds.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FETCHED_AT, Loopback, Project

CORPUS = Path(__file__).parent / "data" / "extraction"
PAGES = json.loads((CORPUS / "pages.json").read_text(encoding="utf-8"))
PLACEHOLDER = "http://news.test"


class Site:
    """The corpus as a web site: each page at its path, with its Content-Type."""

    def __init__(self) -> None:
        routes = {entry["path"]: (name, entry["content_type"]) for name, entry in PAGES.items()}

        def respond(h: BaseHTTPRequestHandler) -> None:
            name, kind = routes.get(h.path, (None, "text/html"))
            body = (CORPUS / f"{name}.html").read_bytes() if name else b"not found"
            h.send_response(200 if name else 404)
            h.send_header("Content-Type", kind)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)

        self.loopback = Loopback(respond)

    @property
    def base(self) -> str:
        return self.loopback.base

    def close(self) -> None:
        self.loopback.close()


@pytest.fixture(scope="module")
def site():
    server = Site()
    yield server
    server.close()


@pytest.fixture
def quiet_env(loopback_env):
    """The environment of every test here (see conftest.loopback_env)."""


def test_the_corpus_has_the_layouts_the_issue_names():
    articles = [name for name, entry in PAGES.items() if "refused" not in entry]
    assert len(PAGES) >= 25 and len(articles) >= 25
    for name in PAGES:
        assert (CORPUS / f"{name}.html").exists()
        assert (CORPUS / f"{name}.md").exists() == (name in articles)
    for kind in ("kazinform-1251", "tengri-graph", "amp", "split-article-text", "embeds", "br-paragraphs", "kazakh",
                 "teaser-first-article", "wordpress", "bitrix", "drupal", "nextjs", "liveblog", "gallery"):  # fmt: skip
        assert kind in articles


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_gives_its_expected_file_or_is_refused(project: Project, site: Site, quiet_env, name):
    entry = PAGES[name]
    url = site.base + entry["path"]
    before = sorted(p.name for p in (project.root / "source").iterdir())
    result = project.run("fetch", url, "--slug", name)
    if "refused" in entry:
        assert result.exit_code == 1
        assert result.stderr.startswith(f"l10n: error: fetch {url}: {entry['refused']}")
        assert result.stderr.count("\n") == 1
        assert sorted(p.name for p in (project.root / "source").iterdir()) == before
        return
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"source/{name}.md: created (")
    written = (project.root / "source" / f"{name}.md").read_text(encoding="utf-8")
    expected = (CORPUS / f"{name}.md").read_text(encoding="utf-8").replace(PLACEHOLDER, site.base)
    assert written == expected
    body = written.split("\n---\n", 1)[1]
    assert [chrome for chrome in entry.get("chrome", []) if chrome in body] == []


def test_no_expected_file_holds_the_chrome_its_page_is_listed_with():
    for name, entry in PAGES.items():
        if "refused" not in entry:
            body = (CORPUS / f"{name}.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
            assert [c for c in entry.get("chrome", []) if c in body] == [], name


# --- small pages, one behaviour each -------------------------------------------------------


def parse(body: str, head: str = "<title>Story</title>", lang: str = "en", url: str = "https://news.example/a"):
    from pipeline.web.page import parse_page

    return parse_page(f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>', url)


def article(*paragraphs: str) -> str:
    return "<article><h1>Story</h1>" + "".join(paragraphs) + "</article>"


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p><strong>АСТАНА. 27 июня. </strong>Глава государства провел встречу.</p>",
         "**АСТАНА. 27 июня.** Глава государства провел встречу."),
        ("<p>The<em> new </em>plant opened<b> on Monday</b>, officials said.</p>",
         "The *new* plant opened **on Monday**, officials said."),
        ('<p>The law was<a href="/law"> published </a>on Friday by the ministry.</p>',
         "The law was [published](https://news.example/law) on Friday by the ministry."),
        ('<p>He said<b>"yes."</b>then left the building quickly.</p>',
         'He said"yes."then left the building quickly.'),
        ("<p><b>Bold</b><b> and more</b> text in one paragraph here.</p>",
         "**Bold and more** text in one paragraph here."),
    ],
    ids=["dateline", "spaces-inside-emphasis", "spaces-inside-link", "emphasis-that-cannot-close", "adjacent-bold"],
)  # fmt: skip
def test_spaces_at_the_edges_of_inline_tags_go_outside_the_markers(html, markdown):
    assert parse(article(html)).body == markdown + "\n"


def test_br_separated_paragraphs_are_paragraphs():
    page = article(
        "<p>The lead paragraph of the story is here.</p>",
        "<div>Second paragraph of the story.<br><br>Third paragraph of the story.<br>Fourth one.</div>",
        "<p>One paragraph.<br><br>Two paragraphs, <b>bold across<br>the break</b>.</p>",
    )
    assert parse(page).body.split("\n\n") == [
        "The lead paragraph of the story is here.",
        "Second paragraph of the story.",
        "Third paragraph of the story.",
        "Fourth one.",
        "One paragraph.",
        "Two paragraphs, **bold across**",
        "**the break**.\n",
    ]


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("- Как вы оцениваете итоги года?", "\\- Как вы оцениваете итоги года?"),
        ("— Хорошо, спасибо.", "— Хорошо, спасибо."),
        ("1. Первое, что нужно сделать.", "1\\. Первое, что нужно сделать."),
        ("2024) год был трудным.", "2024\\) год был трудным."),
        ("> 60% опрошенных согласны.", "\\> 60% опрошенных согласны."),
        ("# Not a heading but text.", "\\# Not a heading but text."),
        ("#hashtag is text already.", "#hashtag is text already."),
        ("+ 15% к прошлому году.", "\\+ 15% к прошлому году."),
        ("* starred text in a paragraph", "\\* starred text in a paragraph"),
        ("---", "\\---"),
        ("~~~ not a fence here", "\\~~~ not a fence here"),
        ("a [link-like](text) and <b>tags</b> &copy;", "a \\[link-like\\](text) and \\<b>tags\\</b> \\&copy;"),
    ],
)  # fmt: skip
def test_a_paragraph_that_would_be_markdown_syntax_stays_text(text, markdown):
    from html import escape

    page = article("<p>The lead paragraph of the story is here.</p>", f"<p>{escape(text, quote=False)}</p>")
    assert parse(page).body.split("\n\n")[1] == markdown + "\n"


def test_no_break_spaces_inside_numbers_are_kept():
    body = parse(
        article("<p>Выделено 14&nbsp;700 млн тенге и 95&#8239;000 долларов, всего&nbsp;&nbsp;два раза.</p>")
    ).body
    assert body == "Выделено 14\u00a0700 млн тенге и 95\u202f000 долларов, всего два раза.\n"


@pytest.mark.parametrize(
    ("head", "body", "date"),
    [
        ('<meta itemprop="datePublished" content="20240712T1505+0500">', "", "2024-07-12"),
        ("", '<time class="date">27 июня 2024, 14:05</time>', "2024-06-27"),
        ("", '<span class="news-date">27 маусым 2024</span>', "2024-06-27"),
        ("", '<div class="article__date">6 февраля 2024 года</div>', "2024-02-06"),
        ("", '<div class="date">July 12, 2024 | 15:05</div>', "2024-07-12"),
        ("", '<span class="e-date">Дата: 22.04.2024</span>', "2024-04-22"),
        ("", "<time>31.02.2024</time>", None),
    ],
)  # fmt: skip
def test_the_date_comes_from_wherever_the_page_writes_it(head, body, date):
    page = "<article><h1>Story</h1>" + body + "<p>The lead paragraph of the story is here.</p></article>"
    found = parse(page, head=f"<title>Story</title>{head}").date
    assert (found.isoformat() if found else None) == date


def test_a_date_on_a_teaser_list_before_the_story_is_not_the_story_s():
    page = (
        '<div class="ticker"><time>28 июня 2024, 09:10</time> <a href="/x">Другая новость</a></div>'
        '<div class="story"><time>27 июня 2024, 16:42</time>'
        "<article><p>Текст новости, достаточно длинный.</p></article></div>"
    )
    assert parse(page, lang="ru").date.isoformat() == "2024-06-27"


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Закон &laquo;О медиа&raquo;"}'
         "</script>", "", "Закон «О медиа»"),
        ("<title>Ministry opens solar plant | Ministry of Energy</title>", "<h1>Ministry opens solar plant</h1>",
         "Ministry opens solar plant"),
        ('<title>Astana LRT opens - The Steppe Post</title><meta property="og:site_name" content="The Steppe Post">',
         "", "Astana LRT opens"),
        ("<title>Нацбанк снизил ставку :: Экономика :: РБК</title>", "<h1>Нацбанк снизил ставку</h1>",
         "Нацбанк снизил ставку"),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "EU and Central Asia agree on…"}'
         "</script>", "<h1>EU and Central Asia agree on a transport corridor</h1>",
         "EU and Central Asia agree on a transport corridor"),
    ],
    ids=["json-ld-entities", "title-suffix-with-h1", "title-suffix-site-name", "rbc-separators", "truncated-headline"],
)  # fmt: skip
def test_the_title_is_the_headline_without_the_site_s_name(head, body, title):
    page = "<article>" + body + "<p>The lead paragraph of the story is here.</p></article>"
    assert parse(page, head=head).title == title


@pytest.mark.parametrize(
    ("lang", "text", "found"),
    [
        ("en", "Цены на квартиры в Астане выросли на девять процентов за год.", "ru"),
        ("ru", "Алматы метрополитенінің жаңа бекеттері жолаушыларға есігін ашты.", "kk"),
        ("ru", "Жители отметили Наурыз на площади «Қазақ Елі» и в парках города весь день.", "ru"),
        ("kk", "Prime Minister Olzhas Bektenov inspected the complex on Thursday.", "kk"),
        ("uk", "Ціни на житло в Києві зросли на дев'ять відсотків за рік.", "uk"),
        ("en\nlayout: evil", "Text of the story, long enough to be one.", ""),
    ],
    ids=["english-template-russian-text", "kazakh-text-russian-template", "russian-with-kazakh-names",
         "latin-text-keeps-declared", "other-cyrillic-language", "not-a-code"],
)  # fmt: skip
def test_the_language_is_the_declared_one_unless_the_text_plainly_is_russian_or_kazakh(lang, text, found):
    assert parse(article(f"<p>{text}</p>"), lang=lang).lang == found


def test_a_page_not_in_the_source_language_is_named_in_the_warning():
    from pipeline.web.fetched import language_warning

    assert language_warning("ru", "en") == (
        "the page is in Russian (ru), not in en, the project's source language: "
        "extract skips it until the project translates from ru"
    )
    assert language_warning("en", "en_US") == ""
    assert language_warning("", "en") == ""


def test_the_story_article_is_the_one_with_article_body_then_h1_then_text():
    teasers = (
        '<article class="latest"><ul>'
        + "".join(
            f'<li><a href="/n{i}">Teaser {i}</a><p>A summary of another story number {i}.</p></li>' for i in range(5)
        )
        + "</ul></article>"
    )
    with_h1 = "<article><h1>Story</h1><p>The story with its headline is this one.</p></article>"
    assert parse(teasers + with_h1).body == "The story with its headline is this one.\n"
    with_body = '<article><div itemprop="articleBody"><p>The article body is declared here, short.</p></div></article>'
    assert parse(with_h1 + with_body).body == "The article body is declared here, short.\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("".join(f'<article class="card"><h2><a href="/s{i}">Headline {i}</a></h2><p>Summary of story {i} is a '
                 "sentence.</p></article>" for i in range(4)), "no article found on the page (it lists several)"),
        ('<div class="cookie-consent"><p>We and our partners store and access information on your device, such as '
         "cookies, and process personal data for personalised advertising and content measurement.</p></div>",
         "no article found on the page"),
        ('<article><h1>Video</h1><div class="views">Просмотров: 10</div><iframe src="https://v.example/1"></iframe>'
         "</article>", "no article text found"),
        ('<nav><a href="/a">A</a></nav><div class="teasers"><a href="/x">Story X</a></div>', "no article found"),
    ],
    ids=["teaser-cards", "cookie-wall", "video-without-text", "links-only"],
)  # fmt: skip
def test_a_page_without_a_story_is_refused_and_nothing_else_is_taken(project: Project, tmp_path, body, message):
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>Page</title></head><body>{body}</body></html>", encoding="utf-8")
    before = project.snapshot()
    result = project.run("fetch", "--from-file", str(page), "--slug", "never", "https://news.example/p")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"l10n: error: fetch https://news.example/p: {message}")
    assert result.stderr.count("\n") == 1
    assert project.snapshot() == before


def test_captions_follow_the_lead_and_embedded_posts_keep_their_author_or_go():
    page = article(
        '<figure><img src="/a.jpg"><figcaption>The plant at night. Photo: <a href="/p">KEGOC</a></figcaption></figure>',
        "<p>The lead paragraph of the story is here.</p>",
        '<blockquote class="twitter-tweet"><p lang="en">Proud of our team! <a href="https://t.co/x">pic.twitter.com/x'
        '</a></p>&mdash; Minister (@minister) <a href="https://twitter.com/minister/status/1">June 1, 2024</a>'
        "</blockquote>",
        '<blockquote class="instagram-media"><div><a href="https://www.instagram.com/p/1/">View this post on '
        'Instagram</a><p><a href="https://www.instagram.com/p/1/">A post shared by Akorda (@akorda_press)</a></p>'
        "</div></blockquote>",
        "<p>The last paragraph of the story.</p>",
    )
    assert parse(page).body.split("\n\n") == [
        "The lead paragraph of the story is here.",
        "*The plant at night. Photo: [KEGOC](https://news.example/p)*",
        "> Proud of our team! [pic.twitter.com/x](https://t.co/x)\n>\n"
        "> — Minister (@minister) [June 1, 2024](https://twitter.com/minister/status/1)",
        "The last paragraph of the story.\n",
    ]


@pytest.mark.parametrize(
    "chrome",
    [
        '<p>Читайте также: <a href="/rus/other">Другая новость</a></p>',
        '<p><b>Read also:</b></p><ul><li><a href="/en/a">Story A</a></li><li><a href="/en/b">Story B</a></li></ul>',
        '<p><strong>Оқи отырыңыз: </strong><a href="/kz/other">Басқа жаңалық</a></p>',
        "<div>Advertisement</div>",
        "<p>Просмотров: 1 245</p>",
        '<div class="partners"><p>Врачи назвали продукт, который продлевает жизнь на десять лет.</p></div>',
        "<p>Если вы нашли ошибку, выделите ее и нажмите Ctrl+Enter</p>",
        '<div><a href="/city/new-bus-routes">Twelve new bus routes launched in Astana</a></div>',
        '<p>Подписывайтесь на наш <a href="https://t.me/x">Telegram-канал</a></p>',
        "<p>Story continues below advertisement</p>",
        '<div class="gallery__counter">3 / 12</div>',
    ],
)
def test_chrome_between_paragraphs_is_left_out(chrome):
    story = [
        f"<p>Paragraph {n} of the story, which says what happened and who said so, at some length.</p>"
        for n in range(4)
    ]
    page = article(*story[:2], chrome, *story[2:])
    assert parse(page).body == "\n\n".join(p.removeprefix("<p>").removesuffix("</p>") for p in story) + "\n"


def test_a_wrapper_with_a_noisy_name_that_holds_the_story_is_kept():
    page = '<div class="content has-sidebar"><p>The story is inside a wrapper whose name says sidebar.</p></div>'
    assert parse(page).body == "The story is inside a wrapper whose name says sidebar.\n"


def test_a_caption_or_a_table_cannot_inject_markdown():
    page = article(
        "<p>The lead paragraph of the story is here.</p>",
        "<figure><figcaption>*bold* [x](javascript:alert(1)) <b>**</b></figcaption></figure>",
        "<table><tr><th>A|B</th><th>C</th></tr><tr><td>1\n| --- |</td><td>2</td></tr></table>",
    )
    blocks = parse(page).body.split("\n\n")
    assert blocks[1] == "*\\*bold\\* \\[x\\](javascript:alert(1)) \\*\\**"
    assert blocks[2] == "| A\\|B | C |\n| --- | --- |\n| 1 \\| --- \\| | 2 |\n"


def test_a_deeply_wrapped_story_and_a_long_page_are_read(tmp_path):
    story = "<div>" * 150 + "<p>The story sits deep in the page, as some builders nest it.</p>" + "</div>" * 150
    assert parse(story).body == "The story sits deep in the page, as some builders nest it.\n"
    long_page = article(*(f"<p>Paragraph {i} of a very long story, with enough words in it.</p>" for i in range(20000)))
    assert parse(long_page).body.count("\n\n") == 19999


def test_fetching_a_page_in_another_language_warns_and_still_saves_it(project: Project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FETCHED_AT)
    page = CORPUS / "kazakh.html"
    result = project.run("fetch", "--from-file", str(page), "--slug", "kazakh", PLACEHOLDER + PAGES["kazakh"]["path"])
    assert result.exit_code == 0
    assert result.stderr == (
        "source/kazakh.md: warning: the page is in Kazakh (kk), not in en, the project's source language: "
        "extract skips it until the project translates from kk\n"
    )
    assert (project.root / "source" / "kazakh.md").read_text(encoding="utf-8") == (CORPUS / "kazakh.md").read_text(
        encoding="utf-8"
    )
    # And extract skips it, saying why, while the rest of the archive goes on.
    extracted = project.run("extract")
    assert extracted.exit_code == 0
    assert "source/kazakh.md: warning: not extracted: the article is in kk" in extracted.stderr
