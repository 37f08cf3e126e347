"""l10n: a gettext localisation pipeline for news articles."""

__version__ = "0.1.0"
