"""What several commands share: a file to make, the formatter of a locale, an article's language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config, LocaleConfig
from pipeline.errors import ConfigError, L10nError
from pipeline.localeformat import LocaleFormat
from pipeline.models import Article


@dataclass(frozen=True, slots=True)
class Task:
    """One file to make: from ``path`` to ``target``, whose inputs hash to ``inputs``."""

    path: Path
    target: Path
    inputs: str


#: Formatters by locale and house style: a process (a test run, a server) may load several projects.
_FORMATTERS: dict[tuple[str, str], LocaleFormat] = {}


def formatter(loc: LocaleConfig) -> LocaleFormat:
    """The formatter of a locale in its house style (made once per process).

    Raises:
        ConfigError: If Babel does not know the locale.
    """
    key = (loc.babel_locale, repr(loc.style))  # a Style holds dicts: its repr is its value
    if key not in _FORMATTERS:
        try:
            _FORMATTERS[key] = LocaleFormat(loc.babel_locale, loc.style)
        except L10nError as exc:
            raise ConfigError(
                f"[tool.l10n] locales.{loc.code}: {exc.message}", path="pyproject.toml", hint="use a CLDR locale"
            ) from None
    return _FORMATTERS[key]


def other_language(article: Article, config: Config) -> str:
    """Why an article is not in the project's source language ("the article is in ru, …"), or "".

    ``l10n fetch`` records a page's language in the front matter; until the
    project translates from that language, its sentences would be segmented
    and sent to translators as if they were the source's.
    """
    meta = dict(article.meta)
    lang = (meta.get("lang") or meta.get("language") or "").strip().replace("_", "-")
    primary = lang.split("-")[0].lower()
    if not primary or primary == config.source.code.split("_")[0].split("-")[0].lower():
        return ""
    source = config.source.code
    return f"the article is in {lang} (its front matter says so), not in {source}, the project's source language"
