"""The ``[tool.l10n]`` table of pyproject.toml, validated into a frozen record."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import FORMATS
from pipeline.errors import ConfigError, UsageError
from pipeline.models import DATE_STYLES, MONEY_STYLES, PERCENT_STYLES, Style

# A gettext language code: "kk", "ru", "pt_BR", "sr@latin". Nothing that can
# climb out of the locale folder.
_LANG = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?(?:@[a-z]+)?")
_KEYS = {
    "project",
    "source-locale",
    "target-locales",
    "source-dir",
    "locale-dir",
    "build-dir",
    "formats",
    "locales",
    "fuzzy-threshold",
    "po-width",
}
_LOCALE_KEYS = {
    "babel-locale",
    "house-style",
    "date-style",
    "month-style",
    "day-style",
    "dateline-style",
    "money",
    "compact",
    "currency-words",
    "percent",
    "grammar",
    "min-translated",
}
_DATE_KEYS = {"date-style": "date", "month-style": "month", "day-style": "day", "dateline-style": "dateline"}

#: How Kazakhstani press writes values (Kazinform's house style), by language:
#: the project's defaults, each overridable in ``[tool.l10n.locales.<lang>]``;
#: ``house-style = false`` restores CLDR's own forms. Month-year uses the
#: stand-alone month in Russian (``май 2028 года``) and the format month in
#: Kazakh, whose stand-alone form CLDR capitalises (``Мамыр``).
_WIRE: dict[str, Any] = {"day": "d MMMM", "money": "word", "percent": "attached", "grammar": True}
HOUSE_STYLES: dict[str, Style] = {
    "ru": Style(
        date="d MMMM y 'года'",
        month="LLLL y 'года'",
        dateline="d MMMM y 'года'",
        currency_words={
            "KZT": "тенге",
            "USD": "доллар",
            "EUR": "евро",
            "RUB": "рубль",
            "GBP": "фунт",
            "CNY": "юань",
            "JPY": "иена",
            "AED": "дирхам",
            "CHF": "франк",
            "TRY": "лира",
            "KGS": "сом",
            "INR": "рупия",
            "SAR": "риял",
            "KRW": "вона",
        },
        **_WIRE,
    ),
    "kk": Style(
        date="y 'жылғы' d MMMM",
        month="y 'жылғы' MMMM",
        dateline="y 'жылғы' d MMMM",
        currency_words={
            "KZT": "теңге",
            "USD": "доллар",
            "EUR": "еуро",
            "RUB": "рубль",
            "GBP": "фунт",
            "CNY": "юань",
            "JPY": "иена",
            "AED": "дирхам",
            "CHF": "франк",
            "TRY": "лира",
            "KGS": "сом",
            "INR": "рупия",
            "SAR": "риял",
            "KRW": "вона",
            "UZS": "сум",
        },
        **_WIRE,
    ),
}


@dataclass(frozen=True, slots=True)
class LocaleConfig:
    """One language of the project.

    Attributes:
        code: The gettext language code, used in folder names and headers.
        babel_locale: The Babel/CLDR locale that formats values, e.g. ``ru_KZ``.
        style: How the newsroom writes dates and money in this language.
        min_translated: The least share (0-100) of an article that must be
            translated before its output in this language is written.
    """

    code: str
    babel_locale: str
    style: Style = field(default_factory=Style)
    min_translated: float = 0.0


@dataclass(frozen=True, slots=True)
class Config:
    """A project's settings; paths are absolute.

    Attributes:
        root: The folder holding pyproject.toml.
        project: Names the catalogues in their Project-Id-Version header.
        source: The source language.
        targets: The languages translated into, in configured order.
        source_dir: Where the articles are.
        locale_dir: Where the POT and PO files are.
        build_dir: Where the localised articles go.
        formats: The output formats built by default.
        fuzzy_threshold: The least similarity (0-1) for a fuzzy suggestion.
        po_width: The PO line width (79 as GNU gettext), 0 for no wrapping.
    """

    root: Path
    project: str
    source: LocaleConfig
    targets: tuple[LocaleConfig, ...]
    source_dir: Path
    locale_dir: Path
    build_dir: Path
    formats: tuple[str, ...]
    fuzzy_threshold: float = 0.6
    po_width: int = 79
    # The root as a string ending in a separator, for key().
    _prefix: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_prefix", os.path.join(self.root, ""))

    @property
    def all_locales(self) -> tuple[LocaleConfig, ...]:
        """The source language, then the targets."""
        return (self.source, *self.targets)

    def select_targets(self, codes: tuple[str, ...], *, allow_source: bool = False) -> tuple[LocaleConfig, ...]:
        """The configured locales named by ``-l`` options (all targets if none).

        Raises:
            UsageError: If a code is not configured.
        """
        if not codes:
            return self.targets
        known = {loc.code: loc for loc in (self.all_locales if allow_source else self.targets)}
        chosen = []
        for code in codes:
            if code not in known:
                raise UsageError(
                    f"unknown locale {code!r}",
                    hint=f"choose from {', '.join(known)} or add it to [tool.l10n] target-locales",
                )
            if known[code] not in chosen:
                chosen.append(known[code])
        return tuple(chosen)

    def relative(self, path: Path | str) -> Path:
        """``path`` relative to the project root, for messages and references."""
        return Path(self.key(path))

    def key(self, path: Path | str) -> str:
        """``path`` relative to the project root as a POSIX string (as it is, if outside the root).

        String slicing, not ``Path.relative_to``: this runs for every file of
        a 10,000-article archive on each command, where pathlib's parsing
        dominated a rerun.
        """
        text = path if isinstance(path, str) else os.fspath(path)
        if text.startswith(self._prefix):
            text = text[len(self._prefix) :]
            return text if os.sep == "/" else text.replace(os.sep, "/")
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()


def parse_config(data: dict[str, Any], *, path: Path) -> Config:
    """Validate the parsed pyproject.toml of the project at ``path``.

    Args:
        data: The whole parsed TOML document.
        path: The pyproject.toml file, for error messages and relative paths.

    Raises:
        ConfigError: Naming the first missing or invalid key.
    """
    table = data.get("tool", {}).get("l10n")
    if not isinstance(table, dict):
        raise ConfigError("no [tool.l10n] table", path=path, hint="see README.md for the settings")

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"[tool.l10n] {key}: {problem}", path=path)

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown setting (known: {', '.join(sorted(_KEYS))})")

    def text(key: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if value is None:
            raise fail(key, "missing")
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be a non-empty string")
        return value

    def lang(key: str, value: object) -> str:
        if not isinstance(value, str) or not _LANG.fullmatch(value):
            raise fail(key, f"{value!r} is not a language code such as 'kk' or 'pt_BR'")
        return value

    root = path.parent
    source_code = lang("source-locale", text("source-locale"))
    targets_raw = table.get("target-locales")
    if targets_raw is None:
        raise fail("target-locales", "missing")
    if not isinstance(targets_raw, list) or not targets_raw:
        raise fail("target-locales", "must be a non-empty list of language codes")
    target_codes = [lang("target-locales", code) for code in targets_raw]
    if len(set(target_codes)) != len(target_codes) or source_code in target_codes:
        raise fail("target-locales", "lists a language twice or the source language")

    locales = table.get("locales", {})
    if not isinstance(locales, dict):
        raise fail("locales", "must be a table of [tool.l10n.locales.<code>] tables")
    for code, settings in locales.items():
        if code not in target_codes and code != source_code:
            raise fail(f"locales.{code}", "is not the source locale or a target locale")
        if not isinstance(settings, dict):
            raise fail(f"locales.{code}", "must be a table")
        extra = sorted(set(settings) - _LOCALE_KEYS)
        if extra:
            raise fail(f"locales.{code}.{extra[0]}", f"unknown setting (known: {', '.join(sorted(_LOCALE_KEYS))})")

    def locale_config(code: str, *, required: bool) -> LocaleConfig:
        key = f"locales.{code}.babel-locale"
        value = locales.get(code, {}).get("babel-locale")
        if value is None:
            if required:
                raise fail(key, "missing (the Babel locale that formats this language, e.g. 'ru_KZ')")
            value = code
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*", value):
            raise fail(key, f"{value!r} is not a locale identifier such as 'kk_KZ'")
        minimum = locales.get(code, {}).get("min-translated", 0)
        if isinstance(minimum, bool) or not isinstance(minimum, int | float) or not 0 <= minimum <= 100:
            raise fail(f"locales.{code}.min-translated", f"{minimum!r} is not a percentage from 0 to 100")
        return LocaleConfig(code=code, babel_locale=value, style=style(code), min_translated=float(minimum))

    def style(code: str) -> Style:
        settings = locales.get(code, {})
        prefix = f"locales.{code}."

        def flag(key: str, default: bool) -> bool:
            value = settings.get(key, default)
            if not isinstance(value, bool):
                raise fail(prefix + key, "must be true or false")
            return value

        house = flag("house-style", True)
        base = HOUSE_STYLES.get(code.split("_")[0], Style()) if house else Style()
        dates = {}
        for key, attribute in _DATE_KEYS.items():
            value = settings.get(key, getattr(base, attribute))
            # Outside quoted literals a pattern must show some part of the date.
            if not isinstance(value, str) or not (
                value in DATE_STYLES or re.search(r"[dMLyE]", re.sub(r"'[^']*'", "", value))
            ):
                raise fail(
                    prefix + key,
                    f"{value!r} is not one of {', '.join(DATE_STYLES)}, a CLDR skeleton or a CLDR date pattern",
                )
            dates[attribute] = value
        money = settings.get("money", base.money)
        if money not in MONEY_STYLES:
            raise fail(prefix + "money", f"{money!r} is not one of {', '.join(MONEY_STYLES)}")
        compact = flag("compact", base.compact)
        words = settings.get("currency-words", base.currency_words)
        if not isinstance(words, dict) or not all(
            isinstance(k, str) and re.fullmatch(r"[A-Z]{3}", k) and isinstance(v, str) and v.strip()
            for k, v in words.items()
        ):
            raise fail(prefix + "currency-words", 'must map ISO codes to words, e.g. {KZT = "тенге"}')
        if money == "word" and not words:
            raise fail(prefix + "currency-words", 'is needed when money = "word"')
        percent = settings.get("percent", base.percent)
        if percent not in PERCENT_STYLES:
            raise fail(prefix + "percent", f"{percent!r} is not one of {', '.join(PERCENT_STYLES)}")
        grammar = flag("grammar", base.grammar)
        return Style(
            **dates,
            money=money,
            compact=compact,
            currency_words=dict(words),
            percent=percent,
            grammar=grammar,
        )

    def folder(key: str, default: str) -> Path:
        value = text(key, default)
        resolved = (root / value).resolve()
        if not resolved.is_relative_to(root.resolve()):
            raise fail(key, f"{value!r} is outside the project folder")
        return resolved

    formats_raw = table.get("formats", list(FORMATS))
    if not isinstance(formats_raw, list) or not formats_raw or any(f not in FORMATS for f in formats_raw):
        raise fail("formats", f"must be a non-empty list drawn from {', '.join(FORMATS)}")

    threshold = table.get("fuzzy-threshold", 0.6)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 < threshold <= 1:
        raise fail("fuzzy-threshold", f"{threshold!r} is not a number between 0 and 1 (msgmerge uses 0.6)")
    po_width = table.get("po-width", 79)
    if isinstance(po_width, bool) or not isinstance(po_width, int) or (po_width != 0 and po_width < 20):
        raise fail("po-width", f"{po_width!r} is not a line width of at least 20 (or 0 for no wrapping)")

    return Config(
        root=root.resolve(),
        project=text("project", "news"),
        source=locale_config(source_code, required=False),
        targets=tuple(locale_config(code, required=True) for code in target_codes),
        source_dir=folder("source-dir", "source"),
        locale_dir=folder("locale-dir", "locale"),
        build_dir=folder("build-dir", "build"),
        formats=tuple(dict.fromkeys(formats_raw)),
        fuzzy_threshold=float(threshold),
        po_width=po_width,
    )
