"""Catalogues an update read once, kept for the rest of the run: restored, not parsed again.

An update that builds or patches a language's translation memory reads its
catalogues strictly, then reads each stale one again to merge it, and each
one an exact match comes from to confirm the match. :class:`Parsed` keeps
what :func:`pipeline.pofile.kept` makes of each catalogue read, in an unnamed
scratch file of ``.l10n/`` (about the size of the catalogues on disk, so the
process's memory stays flat), with the catalogue's seal as it was read
(:func:`pipeline.listing.seal_of`): a file changed since, by a translator's
editor or a ``git pull`` during the run, is read again. Keeping is a
shortcut: what cannot be kept or restored is read again too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import polib

from pipeline import listing, pofile, store
from pipeline.errors import L10nError, OutputError

#: The share of the free space of ``.l10n/``'s file system a language's kept catalogues may take.
ROOM_SHARE = 4


def seal(path: Path) -> str:
    """``path``'s seal now, taken before it is read ("" if it cannot be stat'ed: then it is not kept)."""
    try:
        return listing.seal_of(os.stat(path))
    except OSError:
        return ""


class Parsed:
    """The catalogues of one language read in this update, by key (their path relative to the project).

    Args:
        folder: Where the scratch file is made (``.l10n/``, inside the project).
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._at: dict[str, tuple[int, int, str]] = {}  # offset, length and seal, by key
        self._fd: int | None = None
        self._end = 0
        self._room = 0
        self._failed = False
        self._scratch = contextlib.ExitStack()

    def put(self, key: str, data: bytes | None, sealed: str) -> None:
        """Keep a catalogue's :func:`pipeline.pofile.kept` bytes, read from a file of seal ``sealed``.

        Nothing is kept without bytes or a seal, nor once the scratch file
        could not be made or written, nor past a share of the free space
        (the update's own files need it).
        """
        if data is None or not sealed or self._failed:
            return
        try:
            if self._fd is None:
                store.refuse_outside(self._folder, OutputError, self._folder)
                self._folder.mkdir(parents=True, exist_ok=True)
                # Unnamed (O_TMPFILE, or unlinked at once): nothing else reaches it, and a kill leaves nothing.
                made = tempfile.TemporaryFile(dir=self._folder)  # noqa: SIM115 (closed by close(), through the stack)
                self._fd = self._scratch.enter_context(made).fileno()
                free = os.statvfs(self._folder)
                self._room = free.f_bavail * free.f_frsize // ROOM_SHARE
            if self._end + len(data) > self._room or os.pwrite(self._fd, data, self._end) != len(data):
                raise OSError("no room to keep the catalogue")
        except (OSError, L10nError):
            self.close()  # the merges read the files again
            self._failed = True
            return
        self._at[key] = (self._end, len(data), sealed)
        self._end += len(data)

    def get(self, key: str, path: Path) -> polib.POFile | None:
        """The catalogue kept under ``key``, if the file at ``path`` is still the one read (else None)."""
        at = self._at.get(key)
        if at is None or self._fd is None or seal(path) != at[2]:
            return None
        try:
            data = os.pread(self._fd, at[1], at[0])
            return pofile.restored(data) if len(data) == at[1] else None
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def close(self) -> None:
        """Let the scratch file go (workers forked since hold their descriptor until they exit)."""
        self._at.clear()
        self._fd = None
        self._scratch.close()
