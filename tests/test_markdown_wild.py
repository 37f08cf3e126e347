"""Markdown as newsrooms write it: hard breaks, GFM tables, footnotes, numbered lists, BOMs, rich front matter.

Each case is an article dropped into a copy of the project and run through
the CLI (``l10n all``, then ``l10n build`` after a translator's work), checked
in the catalogue and in the txt, md and html outputs. Also the ``<title>`` of
a plain-text article that opens with a wire dateline.
"""

from __future__ import annotations

import pytest
from conftest import Project

from pipeline.pofile import dump_po, parse_po

FRONT = "---\ntitle: Wild copy\ndate: 2024-07-02\n---\n\n"


def _write(project: Project, name: str, text: str) -> None:
    (project.root / "source" / name).write_text(text, encoding="utf-8", newline="")


def _run_all(project: Project, name: str):
    result = project.run("-v", "all", name)  # -v: every fallback note, not a count
    assert result.exit_code == 0, result.output
    return result


def _msgids(project: Project, slug: str) -> list[str]:
    pot = project.root / "locale" / f"{slug}.pot"
    return [entry.msgid for entry in parse_po(pot.read_bytes(), pot)]


def _translate(project: Project, slug: str, lang: str, translations: dict[str, str]) -> None:
    """Fill the catalogue as a translator would, every plural form alike (the caller builds)."""
    path = project.root / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"
    po = parse_po(path.read_bytes(), path)
    for entry in po:
        if entry.msgid in translations:
            if entry.msgid_plural:
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, translations[entry.msgid])
            else:
                entry.msgstr = translations[entry.msgid]
    path.write_text(dump_po(po), encoding="utf-8")


def _build(project: Project, name: str, lang: str = "ru"):
    result = project.run("build", "-l", lang, name)
    assert result.exit_code == 0, result.output
    return result


def _out(project: Project, slug: str, fmt: str, lang: str = "ru") -> str:
    return (project.root / "build" / lang / f"{slug}.{fmt}").read_bytes().decode("utf-8")  # line ends as written


def _article_html(page: str) -> str:
    return page[page.index("<article>") : page.index("</article>")]


def _source_rebuilds(project: Project, name: str) -> None:
    built = (project.root / "build" / "en" / name).read_bytes()
    assert built == (project.root / "source" / name).read_bytes()


# --- hard line breaks ----------------------------------------------------------------

HARD_BREAKS = (
    FRONT + "Photo: Kazinform.  \n"
    "Source: the Government press service.\n\n"
    "Akorda, Astana\\\n"
    "Mangilik El avenue 6.\n\n"
    "> Quoted line one.   \n"
    "> Quoted line two.\n\n"
    "- Item line one.\\\n"
    "  Item line two.\n\n"
    "Code `ends with \\\n"
    "a backslash` inside a span, no break.\n"
)


def test_a_paragraph_with_hard_breaks_is_in_the_catalogue_one_message_per_line(project: Project):
    _write(project, "breaks.md", HARD_BREAKS)
    result = _run_all(project, "breaks.md")
    msgids = _msgids(project, "breaks")
    for line in (
        "Photo: Kazinform.",
        "Source: the Government press service.",
        "Akorda, Astana",
        "Mangilik El avenue 6.",
        "Quoted line one.",
        "Quoted line two.",
        "Item line one.",
        "Item line two.",
    ):
        assert line in msgids
    # A backslash before a newline inside a code span is no break: one message, span whole.
    assert "Code `ends with \\ a backslash` inside a span, no break." in msgids
    assert not any(m.endswith("\\") or "  " in m for m in msgids)
    # Untranslated, every line is reported as falling back (nothing is published silently).
    assert "source/breaks.md:6 falls back to the source (untranslated): 'Photo: Kazinform.'" in result.stderr
    assert "source/breaks.md:9 falls back to the source (untranslated): 'Akorda, Astana'" in result.stderr
    _source_rebuilds(project, "breaks.md")


def test_translated_hard_breaks_stay_breaks_in_every_format(project: Project):
    _write(project, "breaks.md", HARD_BREAKS)
    _run_all(project, "breaks.md")
    _translate(
        project,
        "breaks",
        "ru",
        {
            "Photo: Kazinform.": "Фото: Kazinform.",
            "Source: the Government press service.": "Источник: пресс-служба Правительства.",
            "Akorda, Astana": "Акорда, Астана",
            "Mangilik El avenue 6.": "проспект Мангилик Ел, 6.",
            "Quoted line one.": "Первая строка цитаты.",
            "Quoted line two.": "Вторая строка цитаты.",
            "Item line one.": "Первая строка пункта.",
            "Item line two.": "Вторая строка пункта.",
        },
    )
    result = _build(project, "breaks.md")
    assert "build/ru/breaks.md: updated (10 sentences: 8 translated, 2 fell back to the source)" in result.output
    md = _out(project, "breaks", "md")
    assert "Фото: Kazinform.  \nИсточник: пресс-служба Правительства.\n" in md
    assert "Акорда, Астана\\\nпроспект Мангилик Ел, 6.\n" in md
    assert "> Первая строка цитаты.   \n> Вторая строка цитаты.\n" in md
    assert "- Первая строка пункта.\\\n  Вторая строка пункта.\n" in md
    txt = _out(project, "breaks", "txt")
    assert "Акорда, Астана\nпроспект Мангилик Ел, 6." in txt
    assert "• Первая строка пункта.\n  Вторая строка пункта." in txt
    assert "\\" not in txt.replace("ends with \\ a backslash", "")  # the code span's own
    page = _article_html(_out(project, "breaks", "html"))
    assert "<p>Акорда, Астана<br />\nпроспект Мангилик Ел, 6.</p>" in page
    assert "Астана\\" not in page


def test_a_translation_cannot_add_a_break_or_open_a_block_after_one(project: Project):
    _write(project, "breaks.md", HARD_BREAKS)
    _run_all(project, "breaks.md")
    _translate(
        project,
        "breaks",
        "ru",
        {
            "Akorda, Astana": "Акорда, Астана\\",  # one more backslash: a break the msgid has not
            "Mangilik El avenue 6.": "# проспект Мангилик Ел, 6.",  # a heading, after the source's break
            "Source: the Government press service.": "1. Пресс-служба.",  # a list item
        },
    )
    result = _build(project, "breaks.md")
    assert "breaks.md:9 refused: the translation does not keep the msgid's Markdown markup" in result.stderr
    md = _out(project, "breaks", "md")
    assert "Akorda, Astana\\\n\\# проспект Мангилик Ел, 6.\n" in md
    assert "Photo: Kazinform.  \n1\\. Пресс-служба.\n" in md
    page = _article_html(_out(project, "breaks", "html"))
    assert page.count("<h1>") == 1 and "<ol>" not in page  # the title's only
    assert "# проспект Мангилик Ел, 6." in page


def test_hard_breaks_with_crlf_line_ends_and_in_a_setext_heading(project: Project):
    _write(project, "crlf.md", FRONT + "Line one  \r\nLine two\r\n========\r\n\r\nAddress\\\r\nCity.\r\n")
    _run_all(project, "crlf.md")
    assert _msgids(project, "crlf") == ["Wild copy", "Line one", "Line two", "Address", "City."]
    _source_rebuilds(project, "crlf.md")
    _translate(project, "crlf", "ru", {"Line one": "Строка один", "Address": "Адрес"})
    _build(project, "crlf.md")
    assert "Строка один  \r\nLine two\r\n========\r\n\r\nАдрес\\\r\nCity.\r\n" in _out(project, "crlf", "md")
    assert "<h1>Строка один<br />" in _out(project, "crlf", "html")


# --- tables --------------------------------------------------------------------------

TABLE = (
    FRONT + "Spending by region:\n\n"
    "| Region | Roads | Share |\n"
    "|:-------|------:|:-----:|\n"
    "| Kyzylorda region | 42 billion tenge | 17.2% |\n"
    "| Astana city | 3 | — |\n"
    "| Pipe \\| in a name | `a\\|b` | 6 |\n\n"
    "> Region | Status\n"
    "> --- | ---\n"
    "> Almaty | Approved by the Government.\n"
)


def test_table_cells_are_messages_and_pipes_and_alignment_are_skeleton(project: Project):
    _write(project, "table.md", TABLE)
    _run_all(project, "table.md")
    msgids = _msgids(project, "table")
    for cell in ("Region", "Roads", "Share", "Kyzylorda region", "Astana city", "Status", "Almaty"):
        assert cell in msgids
    assert "Approved by the Government." in msgids
    assert "{amount}" in msgids and "{percent}" in msgids  # values are localised, so they are messages
    assert "Pipe \\| in a name" in msgids and "`a\\|b`" in msgids  # as written, escapes and all
    # Cells that read the same in every language are no work for translators.
    assert "3" not in msgids and "—" not in msgids and "6" not in msgids
    assert not any("|" in m and "\\|" not in m for m in msgids)
    assert not any("---" in m for m in msgids)
    _source_rebuilds(project, "table.md")


def test_a_translated_table_keeps_its_layout_in_md_txt_and_html(project: Project):
    _write(project, "table.md", TABLE)
    _run_all(project, "table.md")
    _translate(
        project,
        "table",
        "ru",
        {
            "Region": "Регион",
            "Roads": "Дороги",
            "Share": "Доля",
            "Kyzylorda region": "Кызылординская область",
            "Astana city": "город Астана",
            "{amount}": "{amount}",
            "{percent}": "{percent}",
            "Pipe \\| in a name": "Труба \\| в названии",
            "Status": "Статус",
            "Almaty": "Алматы",
        },
    )
    _build(project, "table.md")
    md = _out(project, "table", "md")
    assert (
        "| Регион | Дороги | Доля |\n"
        "|:-------|------:|:-----:|\n"
        "| Кызылординская область | 42\xa0млрд\xa0тенге | 17,2% |\n"
        "| город Астана | 3 | — |\n"
        "| Труба \\| в названии | `a\\|b` | 6 |\n"
    ) in md
    assert "> Регион | Статус\n> --- | ---\n> Алматы | Approved by the Government.\n" in md
    txt = _out(project, "table", "txt")
    assert (
        "Регион                 |        Дороги | Доля\n"
        "-----------------------+---------------+------\n"
        "Кызылординская область | 42\xa0млрд\xa0тенге | 17,2%\n"
        "город Астана           |             3 |   —\n"
        "Труба | в названии     |           a|b |   6\n\n"
        "Регион | Статус\n"
        "-------+----------------------------\n"
        "Алматы | Approved by the Government.\n"
    ) in txt
    page = _out(project, "table", "html")
    assert "th,td{border:1px solid var(--rule)" in page  # the table's rules, only on pages with a table
    body = _article_html(page)
    assert '<th style="text-align:right">Дороги</th>' in body
    assert '<td style="text-align:left">Кызылординская область</td>' in body
    assert '<td><span lang="en">Approved by the Government.</span></td>' in body
    assert body.count("<table>") == 2 and body.count("<tr>") == 6


def test_a_cell_translation_with_a_pipe_of_its_own_is_refused(project: Project):
    _write(project, "table.md", TABLE)
    _run_all(project, "table.md")
    _translate(project, "table", "ru", {"Astana city": "город | Астана", "Region": "Регион"})
    result = _build(project, "table.md")
    assert "table.md:11 refused: the translation does not keep the msgid's Markdown markup" in result.stderr
    md = _out(project, "table", "md")
    assert "| Astana city | 3 | — |\n" in md and "| Регион |" in md


# --- footnotes -----------------------------------------------------------------------

FOOTNOTES = (
    FRONT + "[^src]: Data of the Bureau of National Statistics.\n"
    "    Figures for 2024 are preliminary.\n\n"
    "Inflation slowed in June.[^src] Prices of food rose less.[^food]\n\n"
    "Literal [^nowhere] stays text.\n\n"
    "[^food]: Excluding fruit.\n"
)


def test_footnote_definitions_are_messages_and_references_stay_in_their_sentence(project: Project):
    _write(project, "notes.md", FOOTNOTES)
    _run_all(project, "notes.md")
    msgids = _msgids(project, "notes")
    assert "Inflation slowed in June.[^src]" in msgids  # split after the reference, not glued to the next
    assert "Prices of food rose less.[^food]" in msgids
    assert "Data of the Bureau of National Statistics." in msgids
    assert "Figures for 2024 are preliminary." in msgids
    assert "Excluding fruit." in msgids
    assert "Literal [^nowhere] stays text." in msgids
    assert not any(m.startswith("[^") for m in msgids)
    _source_rebuilds(project, "notes.md")


def test_translated_footnotes_in_md_txt_and_html(project: Project):
    _write(project, "notes.md", FOOTNOTES)
    _run_all(project, "notes.md")
    _translate(
        project,
        "notes",
        "ru",
        {
            "Inflation slowed in June.[^src]": "Инфляция в июне замедлилась[^src].",
            "Prices of food rose less.[^food]": "Продукты подорожали меньше[^food].",
            "Data of the Bureau of National Statistics.": "Данные Бюро национальной статистики.",
            "Excluding fruit.": "Без учета фруктов.",
        },
    )
    _build(project, "notes.md")
    md = _out(project, "notes", "md")
    assert md.startswith("---\ntitle:")
    assert "[^src]: Данные Бюро национальной статистики.\n    Figures for 2024 are preliminary.\n" in md
    assert "Инфляция в июне замедлилась[^src]. Продукты подорожали меньше[^food].\n" in md
    assert "[^food]: Без учета фруктов.\n" in md
    txt = _out(project, "notes", "txt")
    assert "Инфляция в июне замедлилась[1]. Продукты подорожали меньше[2].\n\nLiteral [^nowhere] stays text." in txt
    assert txt.endswith(
        "[1] Данные Бюро национальной статистики. Figures for 2024 are preliminary.\n\n[2] Без учета фруктов.\n"
    )
    body = _article_html(_out(project, "notes", "html"))
    assert 'замедлилась<sup class="footnote-ref"><a href="#fn1" id="fnref1">1</a></sup>.' in body
    assert '<section class="footnotes">\n<ol>\n<li id="fn1">\n<p>Данные Бюро национальной статистики.' in body
    assert 'Без учета фруктов. <a href="#fnref2" class="footnote-backref">' in body
    assert body.index("Literal [^nowhere] stays text.") < body.index('<section class="footnotes">')


def test_a_translation_that_drops_or_adds_a_footnote_reference_is_refused(project: Project):
    _write(project, "notes.md", FOOTNOTES)
    _run_all(project, "notes.md")
    _translate(
        project,
        "notes",
        "ru",
        {
            "Inflation slowed in June.[^src]": "Инфляция в июне замедлилась.",
            "Excluding fruit.": "Без учета фруктов.[^src]",
        },
    )
    result = _build(project, "notes.md")
    assert "notes.md:9 refused: the translation does not keep the msgid's Markdown markup" in result.stderr
    assert "notes.md:13 refused: the translation does not keep the msgid's Markdown markup" in result.stderr
    body = _article_html(_out(project, "notes", "html"))
    # The sentence that fell back still links to its note, numbered as in the rest of the page.
    assert '<span lang="en">Inflation slowed in June.<sup class="footnote-ref"><a href="#fn1"' in body


def test_check_reports_a_cell_pipe_and_a_lost_footnote_reference(project: Project):
    _write(project, "mixed.md", TABLE + "\n" + FOOTNOTES.removeprefix(FRONT))
    _run_all(project, "mixed.md")
    _translate(
        project,
        "mixed",
        "kk",
        {"Astana city": "Астана | қаласы", "Inflation slowed in June.[^src]": "Маусымда инфляция баяулады."},
    )
    result = project.run("check", "-l", "kk")
    assert result.exit_code == 1
    assert result.output.count("error: the translation does not keep the msgid's Markdown markup [markup]") == 2


# --- ordered lists -------------------------------------------------------------------


def test_ordered_lists_are_numbered_in_txt_as_the_source_numbers_them(project: Project):
    _write(
        project,
        "steps.md",
        FRONT + "1. Apply online.\n1. Pay the fee.\n1. Collect the permit.\n\n"
        "Then:\n\n3) Book a slot.\n4) Arrive early.\n   - Bring your ID.\n   - Bring a pen.\n",
    )
    _run_all(project, "steps.md")
    _translate(project, "steps", "ru", {"Apply online.": "Подайте заявку онлайн."})
    _build(project, "steps.md")
    for lang, first in (("en", "Apply online."), ("ru", "Подайте заявку онлайн.")):
        txt = _out(project, "steps", "txt", lang)
        assert f"1. {first}\n\n2. Pay the fee.\n\n3. Collect the permit.\n\nThen:\n\n" in txt
        assert "3) Book a slot.\n\n4) Arrive early.\n\n   • Bring your ID.\n\n   • Bring a pen.\n" in txt


# --- byte order mark -----------------------------------------------------------------


def test_a_bom_before_the_front_matter_keeps_the_front_matter(project: Project):
    _write(project, "bom.md", "\ufeff" + FRONT.replace("Wild copy", "Gas reaches Baikonur") + "Pipes are laid.\n")
    _run_all(project, "bom.md")
    assert _msgids(project, "bom") == ["Gas reaches Baikonur", "Pipes are laid."]
    _source_rebuilds(project, "bom.md")
    _translate(project, "bom", "ru", {"Gas reaches Baikonur": "Газ пришел в Байконур"})
    _build(project, "bom.md")
    md = _out(project, "bom", "md")
    assert md.startswith('---\ntitle: "Газ пришел в Байконур"\ndate: 2024-07-02\n')
    assert "\ufeff" not in md and md.count("---\n") == 2
    assert "<title>Газ пришел в Байконур</title>" in _out(project, "bom", "html")
    assert _out(project, "bom", "txt").startswith("Газ пришел в Байконур\n\n2 июля 2024 года\n\n")


def test_a_bom_without_front_matter_stays_out_of_the_first_message(project: Project):
    _write(project, "bom-only.md", "\ufeff# Gas reaches Baikonur\n\nPipes are laid.\n")
    _run_all(project, "bom-only.md")
    assert _msgids(project, "bom-only") == ["Gas reaches Baikonur", "Pipes are laid."]
    _source_rebuilds(project, "bom-only.md")


# --- front matter ----------------------------------------------------------------------


def test_other_front_matter_keys_are_kept_quoted_and_untranslated(project: Project):
    _write(
        project,
        "meta.md",
        "---\n"
        "title: Wild copy\n"
        "author: Aigerim O'Neil\n"
        "Tags: [economy, 'space, science', \"Baikonur\"]\n"
        "categories: [[nested], list]\n"
        'summary: "Said \\"yes\\", left"\n'
        "layout: post # not a comment in YAML, a part of the value\n"
        "language: en\n"
        "lang: en\n"
        "date: 2024-07-02\n"
        "---\n\n"
        "Body text.\n",
    )
    _run_all(project, "meta.md")
    assert _msgids(project, "meta") == ["Wild copy", "Body text."]
    _build(project, "meta.md")
    md = _out(project, "meta", "md")
    front = md.split("---\n")[1].splitlines()
    assert front == [
        'title: "Wild copy"',
        "date: 2024-07-02",
        'author: "Aigerim O\'Neil"',
        'Tags: ["economy", "space, science", "Baikonur"]',
        'categories: "[[nested], list]"',
        'summary: "Said \\"yes\\", left"',
        'layout: "post # not a comment in YAML, a part of the value"',
        "lang: ru",
    ]


def test_a_front_matter_value_cannot_reach_past_its_line(project: Project):
    _write(
        project,
        "meta.md",
        '---\ntitle: Wild copy\nnote: a\\" ---\\nlayout: evil\nextra: "\\"]\n---\n\nBody text.\n',
    )
    _run_all(project, "meta.md")
    _build(project, "meta.md")
    front = _out(project, "meta", "md").split("\n---\n")[0].splitlines()
    assert front[2:4] == ['note: "a\\\\\\" ---\\\\nlayout: evil"', 'extra: "\\"\\\\\\"]"']
    assert not any(line.startswith("layout") for line in front)


# --- the page title of a plain-text article ------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("ASTANA. The capital hosted a summit. It was big.\n", "The capital hosted a summit."),
        ("ALMATY, June 27 (Kazinform) –\n\nPrices rose again. Slowly.\n", "Prices rose again."),
        ("NUR-SULTAN, KAZAKHSTAN:\n\nThe summit opened.\n", "The summit opened."),
        (
            "Gas reaches Baikonur: the works. Phase two\n\nPipes are laid. More.\n",
            "Gas reaches Baikonur: the works. Phase two",
        ),
        ("date 2024-06-27\n\nNASA launched a probe. It flew.\n", "NASA launched a probe."),
    ],
    ids=["dateline-sentence", "dateline-paragraph", "dateline-country", "headline", "not-a-dateline"],
)
def test_the_html_title_of_a_text_article_skips_the_dateline(project: Project, text: str, title: str):
    _write(project, "wire.txt", text)
    _run_all(project, "wire.txt")
    assert f"<title>{title}</title>" in _out(project, "wire", "html", "en")


def test_the_html_title_of_a_text_article_is_its_translation(project: Project):
    _write(project, "wire.txt", "ASTANA. The capital hosted a summit.\n")
    _run_all(project, "wire.txt")
    _translate(
        project, "wire", "ru", {"ASTANA.": "АСТАНА.", "The capital hosted a summit.": "В столице прошел саммит."}
    )
    _build(project, "wire.txt")
    page = _out(project, "wire", "html")
    assert "<title>В столице прошел саммит.</title>" in page
    assert "<p>АСТАНА. В столице прошел саммит." in page
