"""Hostile translations: none may execute, hang or leak; each sentence falls back to English and is reported."""

from __future__ import annotations

import pytest

SEED = "baiterek-space-rocket-complex"
PO_RU = f"locale/ru/LC_MESSAGES/{SEED}.po"
# 14,7 млрд is CLDR "other" in Russian, published with the "few" form, msgstr[1].
AMOUNT_MSGSTR = 'msgstr[1] "В этом году на его реализацию направили {amount}."'
SOURCE_SENTENCE = "14.7 billion tenge were spent on its implementation this year."


def _translate(project, msgstr: str) -> None:
    path = project.root / PO_RU
    text = path.read_text(encoding="utf-8")
    assert AMOUNT_MSGSTR in text
    escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    path.write_text(text.replace(AMOUNT_MSGSTR, f'msgstr[1] "{escaped}"'), encoding="utf-8")


@pytest.mark.parametrize(
    ("msgstr", "reason"),
    [
        ("{amount.__class__.__init__.__globals__}", "placeholder {amount.__class__.__init__.__globals__} is not"),
        ("Потрачено {0}.", "placeholder {0} is not a plain name"),
        ("Потрачено {amount!r}.", "placeholder {amount!r} is not a plain name"),
        ("Потрачено {amount:>99999}.", "placeholder {amount:>99999} is not a plain name"),
        ("Потрачено {{amount}}.", "placeholder {amount} is missing"),
        ("Потрачено {amount} из {budget}.", "placeholder {budget} is not in the msgid"),
        ("Потрачено {amount} \u202eтекст\u202c.", "the bidirectional control character U+202E"),
        ("Потрачено {amount}. " + "Очень длинно. " * 80_000, "the translation is 1,120,"),
        ("Потрачено {amount} \x1b[2J.", "the control character U+001B"),
        ("Потрачено {amount} \x85.", "the control character U+0085"),
        ("Потрачено {amount} \r.", "the control character U+000D"),
    ],
    ids=[
        "globals",
        "positional",
        "conversion",
        "format-spec",
        "doubled-braces",
        "extra",
        "rlo",
        "one-megabyte",
        "terminal-escape",
        "c1-control",
        "carriage-return",
    ],
)
def test_hostile_translation_falls_back_and_is_reported(project, msgstr, reason):
    _translate(project, msgstr)
    result = project.run("build", "-l", "ru")
    assert result.exit_code == 0
    assert reason in result.stderr
    assert "the source sentence is used" in result.stderr
    for ext in ("txt", "md", "html"):
        built = (project.root / "build/ru" / f"{SEED}.{ext}").read_text(encoding="utf-8")
        assert "14.7 billion tenge were spent" in built
        assert "Потрачено" not in built and "__class__" not in built and "\u202e" not in built


@pytest.mark.parametrize(
    ("msgstr", "escaped"),
    [
        ("<script>alert(1)</script> {amount}.", "&lt;script&gt;alert(1)&lt;/script&gt; 14,7\xa0млрд\xa0тенге."),
        (
            '"><img src=x onerror=alert(1)> {amount}.',
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; 14,7\xa0млрд\xa0тенге.",
        ),
    ],
    ids=["script", "attribute-breakout"],
)
def test_markup_in_a_translation_is_escaped_in_html(project, msgstr, escaped):
    _translate(project, msgstr)
    assert project.run("build", "-l", "ru", "--format", "html").exit_code == 0
    page = (project.root / "build/ru" / f"{SEED}.html").read_text(encoding="utf-8")
    assert escaped in page
    assert "<script>" not in page and "<img" not in page


def test_check_reports_hostile_translations(project):
    _translate(project, "Потрачено {amount} \u202eтекст\u202c.")
    result = project.run("check", "-l", "ru")
    assert result.exit_code == 1
    assert (
        "error: msgstr[1]: the translation has the bidirectional control character U+202E [suspicious]" in result.output
    )


@pytest.mark.parametrize(
    "added",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- hidden -->",
        "<a href=javascript:alert(1)>x</a>",
    ],
    ids=["script", "img", "comment", "anchor"],
)
def test_raw_html_added_by_a_markdown_translation_is_refused_and_never_reaches_the_md_output(tmp_path, added):
    from conftest import corpus_project

    project = corpus_project(tmp_path, "markdown-brief")
    root = project.root
    po = root / "locale/ru/LC_MESSAGES/markdown-brief.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Что дальше"', f'msgstr "Что дальше {added}"'), encoding="utf-8"
    )
    result = project.run("build", "-l", "ru", "--format", "md")
    assert result.exit_code == 0
    assert "the translation does not keep the msgid's Markdown markup" in result.stderr
    built = (root / "build/ru/markdown-brief.md").read_text(encoding="utf-8")
    assert added not in built and "## What comes next" in built
    assert project.run("check", "-l", "ru").exit_code == 1


@pytest.mark.parametrize(
    "msgstr",
    ["С 2018 года комплекс эксплуатирует {operator}.", "С 2018\u202e года."],
    ids=["unknown-placeholder", "bidi-override"],
)
def test_a_refused_translation_is_never_spread_by_the_memory_as_approved(project, msgstr):
    sentence = "Since 2018, the complex has been operated by the Kazakh side."
    po = project.root / "locale" / "ru" / "LC_MESSAGES" / "baiterek-space-rocket-complex.po"
    text = po.read_text(encoding="utf-8")
    good = "С 2018 года комплекс эксплуатируется казахстанской стороной."
    assert f'msgstr "{good}"' in text
    po.write_text(text.replace(f'msgstr "{good}"', f'msgstr "{msgstr}"'), encoding="utf-8")
    (project.root / "source" / "second.txt").write_text(f"{sentence}\n", encoding="utf-8")
    project.run("all")
    second = (project.root / "locale" / "ru" / "LC_MESSAGES" / "second.po").read_text(encoding="utf-8")
    entry = second[second.index(f'msgid "{sentence}"') :]
    if msgstr in entry:  # offered for review at most, never as approved
        assert "#, fuzzy" in second[: second.index(f'msgid "{sentence}"')].rsplit("\n\n", 1)[-1]
    assert (project.root / "build" / "ru" / "second.txt").read_text(encoding="utf-8") == f"{sentence}\n"
