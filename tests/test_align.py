"""Aligning published translations: the parallel test set, each bead kind, values as templates, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.align import (
    Alignment,
    BeadKind,
    Role,
    align,
    check_language,
    find_values,
    read_translation,
    to_template,
)
from pipeline.article import parse_article
from pipeline.config import HOUSE_STYLES
from pipeline.errors import L10nError, SourceError, UsageError
from pipeline.localeformat import LocaleFormat
from pipeline.markdown import parse_markdown_article
from pipeline.models import Article
from pipeline.placeholders import extract_template

DATA = Path(__file__).parent / "data" / "align"
REPO = Path(__file__).resolve().parent.parent
SEED = "baiterek-space-rocket-complex"
# The share of gold beads the aligner must return exactly, per language.
FLOOR = 0.95


def _article(source: Path) -> Article:
    parse = parse_markdown_article if source.suffix == ".md" else parse_article
    return parse(source.read_text(encoding="utf-8"), Path("source") / source.name, "en")


def _cases():
    for gold_file in sorted((DATA / "gold").glob("*.json")):
        source = next((DATA / "source").glob(gold_file.stem + ".*"))
        for lang in ("ru", "kk"):
            yield pytest.param(gold_file, source, DATA / lang / source.name, lang, id=f"{lang}-{gold_file.stem}")


CASES = list(_cases())


def _bead(source, target) -> str:
    return "+".join(map(str, source)) + "=" + "+".join(map(str, target))


def _run(gold_file: Path, source: Path, translation: Path, lang: str, **options) -> tuple[Alignment, dict]:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    result = align(_article(source), translation.read_text(encoding="utf-8"), lang, path=translation, **options)
    return result, gold


# --- the parallel test set ------------------------------------------------------


def test_the_set_is_large_enough():
    """At least six articles, each in Russian and Kazakh, with every kind of bead in each language."""
    assert len(CASES) >= 12
    kinds = {"ru": set(), "kk": set()}
    for gold_file, *_ in (case.values for case in CASES):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        for lang in kinds:
            for bead in gold[lang]["beads"]:
                source, target = (side.split("+") if side else [] for side in bead.split("="))
                kinds[lang].add(f"{len(source)}-{len(target)}")
                if (
                    len(source) == len(target) == 1
                    and f"{int(source[0]) + 1}={int(target[0]) - 1}" in gold[lang]["beads"]
                ):
                    kinds[lang].add("swap")
    for lang, seen in kinds.items():
        assert seen == {"1-1", "2-1", "1-2", "1-0", "0-1", "swap"}, lang


@pytest.mark.parametrize(("gold_file", "source", "translation", "lang"), CASES)
def test_the_set_is_segmented_as_its_gold_says(gold_file, source, translation, lang):
    """The gold counts sentences as pipeline.segment cuts them; a change there must update the gold."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    assert len(_article(source).sentences) == gold["source"]
    sentences = read_translation(translation.read_text(encoding="utf-8"), lang, path=translation)
    assert len(sentences) == gold[lang]["sentences"]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_accuracy_floor(lang):
    right = total = 0
    missed = []
    for gold_file, source, translation, case_lang in (case.values for case in CASES):
        if case_lang != lang:
            continue
        result, gold = _run(gold_file, source, translation, lang)
        found = {_bead(b.source, b.target) for b in result.beads}
        expected = set(gold[lang]["beads"])
        right += len(found & expected)
        total += len(expected)
        missed.extend(f"{gold_file.stem}: {bead}" for bead in sorted(expected - found))
    assert right / total >= FLOOR, f"{right}/{total} beads right; missed: {missed}"


@pytest.mark.parametrize(("gold_file", "source", "translation", "lang"), CASES)
def test_placeholders_come_back(gold_file, source, translation, lang):
    """Every gold 1-1 bead whose msgid has values is aligned and gets all of them back as placeholders."""
    result, gold = _run(gold_file, source, translation, lang)
    checked = 0
    for bead in gold[lang]["beads"]:
        source_side, target_side = bead.split("=")
        if not source_side.isdigit() or not target_side.isdigit():
            continue  # not a 1-1 bead
        message = result.messages[int(source_side)]
        placeholders = message.sentence.template.placeholders
        if not placeholders:
            continue
        checked += 1
        assert message.target == (int(target_side),), f"{bead}: {message.describe()}"
        assert not message.missing, message.describe()
        for placeholder in placeholders:
            assert "{" + placeholder.name + "}" in message.msgstr, message.msgstr
    assert checked


@pytest.mark.parametrize(("gold_file", "source", "translation", "lang"), CASES)
def test_templates_give_back_the_published_sentences(gold_file, source, translation, lang):
    """Built with the msgid's values in the house style, each msgstr is the translator's sentence again.

    The one exception is on purpose: Kazakh «АҚШ доллары» is written «доллар» by the build.
    """
    fmt = LocaleFormat(f"{lang}_KZ", HOUSE_STYLES[lang])
    result, _ = _run(gold_file, source, translation, lang, fmt=fmt)
    for message in result.messages:
        if message.msgstr and "АҚШ доллар" not in message.translation:
            assert message.rebuilds, (message.msgstr, message.translation)


# --- each kind of bead --------------------------------------------------------

SOURCE = (
    "date 2024-06-27\n\n"
    "The Government allocated 14.7 billion tenge for the project. Construction will start in May 2028."
    " The minister visited the construction site.\n\n"
    "Inflation slowed to 8.4% in June. Exports grew by 12% over the year.\n"
)
ONE_ONE = (
    "Правительство выделило на проект 14,7 млрд тенге. Строительство начнется в мае 2028 года."
    " Министр посетил строительную площадку.\n\n"
    "Инфляция в июне замедлилась до 8,4%. Экспорт за год вырос на 12%.\n"
)


def _align(text: str, lang: str = "ru", source: str = SOURCE) -> Alignment:
    return align(parse_article(source, Path("source/project.txt"), "en"), text, lang, path=f"{lang}/project.txt")


def _kinds(result: Alignment) -> list[str]:
    return [f"{_bead(b.source, b.target)} {b.kind.value}" for b in result.beads]


def test_one_to_one():
    result = _align(ONE_ONE)
    assert _kinds(result) == ["0=0 1-1", "1=1 1-1", "2=2 1-1", "3=3 1-1", "4=4 1-1"]
    assert [m.msgstr for m in result.messages] == [
        "Правительство выделило на проект {amount}.",
        "Строительство начнется в {month}.",
        "Министр посетил строительную площадку.",
        "Инфляция в июне замедлилась до {percent}.",
        "Экспорт за год вырос на {percent}.",
    ]
    assert all(m.complete and m.role is Role.WHOLE for m in result.messages)
    assert result.messages[0].describe().startswith("1-1, score 0.")
    assert result.added == ()


def test_two_to_one_puts_the_merged_translation_on_the_first_message():
    text = ONE_ONE.replace("14,7 млрд тенге. Строительство", "14,7 млрд тенге, строительство")
    result = _align(text)
    assert _kinds(result)[0] == "0+1=0 2-1"
    first, second = result.messages[0], result.messages[1]
    assert (first.kind, first.role, second.kind, second.role) == (
        BeadKind.TWO_ONE,
        Role.FIRST,
        BeadKind.TWO_ONE,
        Role.SECOND,
    )
    assert first.msgstr == "Правительство выделило на проект {amount}, строительство начнется в мае 2028 года."
    assert first.literal == ("мае 2028 года",)
    assert second.msgstr == ""
    assert second.translation == first.translation
    assert first.describe().startswith("2-1 with the next sentence (the translation joins them; it is on this message)")
    assert second.describe().startswith("2-1 with the previous sentence")
    assert not second.complete
    assert result.by_msgid()[second.msgid] is second


def test_one_to_two_joins_the_two_sentences():
    text = ONE_ONE.replace(
        "Правительство выделило на проект 14,7 млрд тенге.",
        "Правительство выделило средства на проект. Их объем составил 14,7 млрд тенге.",
    )
    result = _align(text)
    assert _kinds(result)[0] == "0=0+1 1-2"
    message = result.messages[0]
    assert message.msgstr == "Правительство выделило средства на проект. Их объем составил {amount}."
    assert message.target == (0, 1)
    assert message.describe().startswith("1-2 (the translation splits it in two sentences)")


def test_one_to_zero_leaves_the_message_untranslated():
    result = _align(ONE_ONE.replace(" Строительство начнется в мае 2028 года.", ""))
    assert "1= 1-0" in _kinds(result)
    message = result.messages[1]
    assert (message.kind, message.msgstr, message.score) == (BeadKind.ONE_ZERO, "", 0.0)
    assert message.describe() == "1-0 (the translation leaves it out)"
    assert [m.msgstr != "" for m in result.messages] == [True, False, True, True, True]


def test_zero_to_one_is_reported_and_never_put_on_a_message():
    added = "Напомним, в 2023 году на проект уже направили 5 млрд тенге."
    result = _align(ONE_ONE.replace("строительную площадку.", f"строительную площадку. {added}"))
    assert "=3 0-1" in _kinds(result)
    assert [s.text for s in result.added] == [added]
    assert all(added not in m.translation for m in result.messages)
    assert result.counts()["0-1"] == 1


def test_a_swap_of_two_adjacent_sentences_is_found():
    text = ONE_ONE.replace(
        "Инфляция в июне замедлилась до 8,4%. Экспорт за год вырос на 12%.",
        "Экспорт за год вырос на 12%. Инфляция в июне замедлилась до 8,4%.",
    )
    result = _align(text)
    assert _kinds(result)[3:] == ["3=4 1-1", "4=3 1-1"]
    assert all(b.swapped for b in result.beads[3:])
    assert result.messages[3].msgstr == "Инфляция в июне замедлилась до {percent}."
    assert result.messages[4].msgstr == "Экспорт за год вырос на {percent}."
    assert ", in the other order in the translation" in result.messages[3].describe()


def test_kazakh_with_endings():
    text = (
        "Үкімет жобаға 14,7 млрд теңге бөлді. Құрылыс 2028 жылғы мамырда басталады. "
        "Министр құрылыс алаңын аралады.\n\n"
        "Маусымда инфляция 8,4%-ға дейін баяулады. Экспорт бір жылда 12%-ға өсті.\n"
    )
    result = _align(text, "kk")
    assert [m.msgstr for m in result.messages] == [
        "Үкімет жобаға {amount} бөлді.",
        "Құрылыс {month}-да басталады.",
        "Министр құрылыс алаңын аралады.",
        "Маусымда инфляция {percent}-ға дейін баяулады.",
        "Экспорт бір жылда {percent}-ға өсті.",
    ]


def test_a_dateline_and_a_markdown_title():
    result = _align("27 июня 2024 года\n\n" + ONE_ONE)
    assert result.messages[0].translation.startswith("Правительство")
    assert result.sentences[0].line == 3
    source = "---\ntitle: Inflation slowed to 8.4%\ndate: 2024-07-12\n---\n\nExports grew by 12% over the year.\n"
    translation = "---\ntitle: Инфляция замедлилась до 8,4%\ndate: 2024-07-12\n---\n\nЭкспорт за год вырос на 12%.\n"
    article = parse_markdown_article(source, Path("source/brief.md"), "en")
    result = align(article, translation, "ru", path="ru/brief.md")
    assert [m.msgstr for m in result.messages] == [
        "Инфляция замедлилась до {percent}",
        "Экспорт за год вырос на {percent}.",
    ]


def test_a_hard_wrapped_translation_gives_one_line_msgstrs():
    wrapped = ONE_ONE.replace("на проект 14,7", "на\nпроект 14,7").replace("Министр посетил", "Министр\nпосетил")
    result = _align(wrapped)
    assert result.messages[0].msgstr == "Правительство выделило на проект {amount}."
    assert result.messages[2].msgstr == "Министр посетил строительную площадку."
    assert [s.line for s in result.sentences] == [1, 2, 2, 5, 5]


def test_what_the_build_would_refuse_is_said():
    source = "---\ntitle: Brief\n---\n\nExports grew by **12%** over the year.\n"
    article = parse_markdown_article(source, Path("source/brief.md"), "en")
    result = align(article, "Экспорт за год вырос на 12%.\n", "ru", path="ru/brief.txt")
    assert result.messages[1].msgstr == "Экспорт за год вырос на {percent}."
    assert result.messages[1].refusal == "the translation does not keep the msgid's Markdown markup"
    assert result.messages[0].kind is BeadKind.ONE_ZERO


def test_the_seed_and_a_repeated_message():
    """The seed's own Russian output aligns 1-1; "Photo credit: gov.kz" (three times) is one msgid."""
    article = parse_article(
        (REPO / "source" / f"{SEED}.txt").read_text(encoding="utf-8"), Path(f"source/{SEED}.txt"), "en"
    )
    published = (REPO / "tests" / "golden" / SEED / "ru" / f"{SEED}.txt").read_text(encoding="utf-8")
    result = align(article, published, "ru")
    assert result.counts() == {"1-1": len(article.sentences)}
    proposals = result.by_msgid()
    assert len(proposals) == len({s.template.msgid for s in article.sentences})
    assert proposals["Photo credit: gov.kz"].msgstr == "Фото: gov.kz"
    assert proposals["In his words, {percent} of the city’s population are the nationals of Kazakhstan."].msgstr == (
        "По его словам, {percent} населения города составляют граждане Казахстана."
    )


# --- values in press style, as templates ------------------------------------------


def _placeholders(english: str):
    return extract_template(english).placeholders


@pytest.mark.parametrize(
    ("english", "translation", "lang", "msgstr"),
    [
        ("It cost 14.7 billion tenge.", "Это обошлось в 14,7 млрд тенге.", "ru", "Это обошлось в {amount}."),
        ("It cost $91 million.", "Он стоил около 91 млн долларов США.", "ru", "Он стоил около {amount} США."),
        ("It cost $91 million.", "Он стоил $91 млн.", "ru", "Он стоил {amount}."),
        ("It rose 70%.", "Рост составил 70%.", "ru", "Рост составил {percent}."),
        ("It rose 6 percent.", "Рост составил 6 процентов.", "ru", "Рост составил {percent}."),
        ("It opened on June 27, 2024.", "Он открылся 27 июня 2024 года.", "ru", "Он открылся {date}."),
        ("It opened on June 27, 2024.", "Он открылся 27 июня.", "ru", "Он открылся {date}."),
        ("It opens in May 2028.", "Он откроется в мае 2028 года.", "ru", "Он откроется в {month}."),
        ("It runs from May 2, 2024.", "Он работает со 2 мая 2024 года.", "ru", "Он работает с {date}."),
        ("Work ends by March 3.", "Работы завершатся ко 3 марта.", "ru", "Работы завершатся к {day}."),
        ("It carried 2,450,000 tons.", "Он перевез 2 450 000 т.", "ru", "Он перевез {number} т."),
        ("It covers 8,300 km.", "Он охватывает 8300 км.", "ru", "Он охватывает {number} км."),
        ("It fell to 17.2%.", "Ол 17,2%-ға дейін төмендеді.", "kk", "Ол {percent}-ға дейін төмендеді."),
        ("It fell to 17.2%.", "Ол 17,2%\u2011ға дейін төмендеді.", "kk", "Ол {percent}-ға дейін төмендеді."),
        ("It opened on June 27, 2024.", "Ол 2024 жылғы 27 маусымда ашылды.", "kk", "Ол {date}-да ашылды."),
        ("It opened on June 27, 2024.", "Ол 2024 жылғы 27 маусым күні ашылды.", "kk", "Ол {date} күні ашылды."),
        ("It opened on June 27, 2024.", "Ол 2024 жылдың 27 маусымында ашылды.", "kk", "Ол {date}-да ашылды."),
        ("It ends in May 2028.", "Ол 2028 жылғы мамырда аяқталады.", "kk", "Ол {month}-да аяқталады."),
        ("It grew from 14.7 billion tenge.", "Ол 14,7 млрд теңгеден өсті.", "kk", "Ол {amount}-ден өсті."),
        ("It came from $91 million.", "Ол 91 млн АҚШ долларынан түсті.", "kk", "Ол {amount}-дан түсті."),
        ("It reached $36.2 billion.", "Ол 36,2 млрд АҚШ долларын құрады.", "kk", "Ол {amount}-ды құрады."),
        (
            "In his words, 70% are citizens.",
            "Оның айтуынша, 70%-ы – азаматтар.",
            "kk",
            "Оның айтуынша, {percent}-ы – азаматтар.",
        ),
        ("It spans 3.4 million hectares.", "Ол 3,4 млн гектарды алып жатыр.", "kk", "Ол {number} гектарды алып жатыр."),
    ],
)
def test_values_become_placeholders_with_their_endings(english, translation, lang, msgstr):
    templated = to_template(translation, _placeholders(english), lang)
    assert templated.msgstr == msgstr
    assert templated.missing == ()


def test_a_value_that_cannot_be_matched_stays_as_text_and_is_said():
    templated = to_template("Он стоил около 90 млн долларов.", _placeholders("It cost $91 million."), "ru")
    assert templated.msgstr == "Он стоил около 90 млн долларов."
    assert templated.missing == ("amount",)
    assert templated.literal == ("90 млн долларов",)
    kazakh = to_template("Бұл 420 млн долларлық жоба.", _placeholders("It is a $420 million project."), "kk")
    assert kazakh.missing == ("amount",)
    assert kazakh.literal == ("420 млн долларлық (-лық after the value is not an ending the build can write)",)


def _spans(text: str, lang: str) -> list[tuple[str, str, bool]]:
    return [(text[v.start : v.end], v.kind, v.plain) for v in find_values(text, lang)]


def test_literal_braces_and_values_that_are_no_values():
    templated = to_template("{Проект} стоит 70%.", _placeholders("{Project} costs 70%."), "ru")
    assert templated.msgstr == "{{Проект}} стоит {percent}."
    # Ranges, references and a month that opens or closes a range are no values.
    assert _spans("План на 2019–2024 годы: 6–8 пусков, постановление № 512.", "ru") == [("512", "number", True)]
    assert _spans("В январе – октябре 2024 года добыто 79,2 млн т.", "ru") == [
        ("2024", "number", True),
        ("79,2 млн", "number", False),
    ]
    assert _spans("2024 жылғы қаңтар – қазан айларында", "kk") == [("2024", "number", True)]


# --- bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "error", "message"),
    [
        ("", "ru", SourceError, "ru/project.txt: the translation is empty"),
        ("\ufeff \n\n\t", "kk", SourceError, "kk/project.txt: the translation is empty"),
        ("27 июня 2024 года\n", "ru", SourceError, "ru/project.txt: the translation has no text"),
        (SOURCE, "ru", SourceError, "ru/project.txt: the translation is not in Russian: 100% of its letters are Latin"),
        (
            ONE_ONE,
            "kk",
            SourceError,
            "kk/project.txt: the translation is not in Kazakh: it has almost none of the letters",
        ),
        (
            "Үкімет жобаға 14,7 млрд теңге бөлді. Құрылыс 2028 жылғы мамырда басталады.",
            "ru",
            SourceError,
            "ru/project.txt: the translation is not in Russian:",
        ),
        (ONE_ONE, "de", UsageError, "cannot align a translation into 'de'"),
        (
            "Мэрия объявила конкурс на 250 автобусов. Заявки принимают до 1 сентября 2025 года,"
            " лоты – на 3,2 млрд тенге.",
            "ru",
            SourceError,
            "ru/project.txt: the translation does not match the article source/project.txt",
        ),
    ],
)
def test_bad_input_is_one_clear_error(text, lang, error, message):
    with pytest.raises(error) as caught:
        _align(text, lang)
    assert isinstance(caught.value, L10nError)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_no_alignable_sentence():
    source = "date 2024-06-27\n\nThe minister visited the construction site. He spoke to the workers at length.\n"
    with pytest.raises(SourceError, match="no sentence of the translation aligns with the article"):
        _align("Да.", "ru", source)


def test_language_check_alone():
    check_language(ONE_ONE, "ru")
    check_language("Үкімет жобаға қаржы бөлді.", "kk")
    with pytest.raises(SourceError, match="reads as Russian"):
        check_language("Правительство выделило средства.", "kk")
