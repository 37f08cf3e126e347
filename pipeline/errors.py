"""The project's one exception hierarchy.

Every error a user can cause carries the file (and line, where one exists) it
is about and a hint saying what to do. The CLI turns them into one line on
stderr and an exit code; nothing else in the library prints or exits.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Base class: a problem with the user's input, not a bug in the tool.

    Attributes:
        message: What is wrong, in one sentence without a trailing period.
        path: The file the problem is in, if any.
        line: The 1-based line in ``path``, if known.
        column: The 1-based column in ``line``, if known.
        hint: What the user can do about it.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def __reduce__(self):
        # Keep path, line and hint when the error crosses from a worker process.
        return (_rebuild, (type(self), self.message, self.path, self.line, self.column, self.hint))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def _rebuild(cls, message, path, line, column, hint):
    return cls(message, path=path, line=line, column=column, hint=hint)


class ConfigError(L10nError):
    """The ``[tool.l10n]`` configuration is missing or invalid."""


class UsageError(L10nError):
    """A command-line option names something that does not exist."""

    exit_code = 2


class SourceError(L10nError):
    """A source article cannot be read."""


class CatalogError(L10nError):
    """A POT or PO file cannot be read or does not fit the project."""


class OutputError(L10nError):
    """An output file cannot be written."""


class PlaceholderError(L10nError):
    """A translation's placeholders do not match its msgid's.

    Raised per message while building; the builder catches it, falls back to
    the source sentence and reports it, so it never stops a build.
    """
