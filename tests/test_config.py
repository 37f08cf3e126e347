"""[tool.l10n] validation: every problem names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import parse_config
from pipeline.errors import ConfigError, UsageError

GOOD = {
    "source-locale": "en",
    "target-locales": ["kk", "ru"],
    "locales": {"kk": {"babel-locale": "kk_KZ"}, "ru": {"babel-locale": "ru_KZ"}},
}


def _parse(table):
    return parse_config({"tool": {"l10n": table}}, path=Path("/project/pyproject.toml"))


def test_defaults_fill_the_folders_and_formats():
    config = _parse(GOOD)
    assert [t.babel_locale for t in config.targets] == ["kk_KZ", "ru_KZ"]
    assert config.source.babel_locale == "en"
    assert config.source_dir == Path("/project/source")
    assert config.formats == ("txt", "md", "html")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source-locale": None}, "[tool.l10n] source-locale: missing"),
        ({"target-locales": None}, "[tool.l10n] target-locales: missing"),
        ({"target-locales": "kk"}, "[tool.l10n] target-locales: must be a non-empty list"),
        ({"target-locales": ["kk", "../etc"]}, "[tool.l10n] target-locales: '../etc' is not a language code"),
        ({"target-locales": ["kk", "en"]}, "[tool.l10n] target-locales: lists a language twice or the source"),
        ({"locales": {"kk": {"babel-locale": "kk_KZ"}}}, "[tool.l10n] locales.ru.babel-locale: missing"),
        ({"locales": {**GOOD["locales"], "fr": {}}}, "[tool.l10n] locales.fr: is not the source locale"),
        ({"source-dir": 3}, "[tool.l10n] source-dir: must be a non-empty string"),
        ({"build-dir": "../elsewhere"}, "[tool.l10n] build-dir: '../elsewhere' is outside the project folder"),
        ({"formats": ["pdf"]}, "[tool.l10n] formats: must be a non-empty list drawn from txt, md, html"),
        ({"target-locale": ["kk"]}, "[tool.l10n] target-locale: unknown setting"),
    ],
)
def test_invalid_setting_names_the_key(change, message):
    table = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(ConfigError) as caught:
        _parse(table)
    assert str(caught.value).startswith(f"/project/pyproject.toml: {message}")


def test_missing_table_is_reported():
    with pytest.raises(ConfigError, match=r"no \[tool.l10n\] table"):
        parse_config({}, path=Path("/p/pyproject.toml"))


def test_selecting_an_unconfigured_locale_is_a_usage_error():
    config = _parse(GOOD)
    assert [loc.code for loc in config.select_targets(("ru",))] == ["ru"]
    with pytest.raises(UsageError) as caught:
        config.select_targets(("fr",))
    assert caught.value.exit_code == 2


def test_locale_styles_are_read_and_checked():
    locales = {
        "kk": {"babel-locale": "kk_KZ", "money": "word", "currency-words": {"KZT": "теңге"}, "date-style": "medium"},
        "ru": {"babel-locale": "ru_KZ", "compact": False, "date-style": "yMMMd"},
    }
    config = _parse({**GOOD, "locales": locales})
    kk, ru = config.targets
    assert (kk.style.money, kk.style.currency_words, kk.style.date) == ("word", {"KZT": "теңге"}, "medium")
    assert (ru.style.compact, ru.style.date) == (False, "yMMMd")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"money": "dollars"}, "locales.ru.money: 'dollars' is not one of symbol, code, name, word"),
        ({"money": "word", "house-style": False}, 'locales.ru.currency-words: is needed when money = "word"'),
        ({"currency-words": {"tenge": "тенге"}}, "locales.ru.currency-words: must map ISO codes to words"),
        ({"compact": "yes"}, "locales.ru.compact: must be true or false"),
        ({"date-style": "27.06"}, "locales.ru.date-style: '27.06' is not one of short, medium, long, full, a CLDR"),
        ({"month-style": "'май'"}, "locales.ru.month-style: \"'май'\" is not one of short, medium, long, full"),
        ({"percent": "spaced"}, "locales.ru.percent: 'spaced' is not one of cldr, attached"),
        ({"house-style": "yes"}, "locales.ru.house-style: must be true or false"),
        ({"colour": "red"}, "locales.ru.colour: unknown setting"),
    ],
)
def test_invalid_style_names_the_key(settings, message):
    locales = {"kk": {"babel-locale": "kk_KZ"}, "ru": {"babel-locale": "ru_KZ", **settings}}
    with pytest.raises(ConfigError) as caught:
        _parse({**GOOD, "locales": locales})
    assert message in str(caught.value)
