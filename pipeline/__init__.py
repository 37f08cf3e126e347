"""l10n: a gettext localisation pipeline for news articles."""

__version__ = "0.1.0"

#: The output formats of ``l10n build`` (here, not in config, so that ``l10n --help`` loads no more than it shows).
FORMATS = ("txt", "md", "html")
