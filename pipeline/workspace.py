"""The project on disk as the commands see it: where each file lives, and the incremental state.

This is the one module that knows the layout::

    source/<slug>.txt|.md                   the articles
    locale/<slug>.pot                       an article's template
    locale/<lang>/LC_MESSAGES/<slug>.po     its catalogue for a language (and .mo)
    build/<lang>/<slug>.<ext>               its localised outputs
    build/review/<slug>.html                its review page

A :class:`Workspace` holds the configuration and the state of one run; the
commands take it, so that ``l10n all`` runs three of them on one state.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import listing, records, state_db, store, tuning
from pipeline.config import Config, LocaleConfig
from pipeline.errors import CatalogError
from pipeline.models import Article, Outcome
from pipeline.reports import Keys, Notice, Report, UpToDate
from pipeline.state import State, fingerprint

if TYPE_CHECKING:  # a rerun that finds nothing to do never loads the catalogue machinery
    import polib

    from pipeline.catalog import Publishable


class Workspace:
    """A project's files and the incremental state of one run.

    Args:
        config: The project.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._state: State | None = None
        self._held = 0
        # Strings, not Paths, for the loops over every output: pathlib's
        # parsing was most of a rerun's time at 10,000 articles.
        self._build_root = os.fspath(config.build_dir)
        self._build_key = config.key(self._build_root)
        # Catalogues this run has merged and written, by file: (content hash, publishable view),
        # kept only while a build is to follow (see passing_merged).
        self._merged: dict[str, tuple[str, Publishable]] = {}
        self._passing = False
        # Articles the extract parsed, by file: (content hash of the bytes parsed, the article pickled),
        # kept only while a build is to follow (see passing_parsed).
        self._parsed: dict[str, tuple[str, bytes]] = {}
        self._parsed_size = 0
        self._keeping = False
        self._snapshot: str | None = None
        self._listed: listing.Snapshot | None = None  # the files as the snapshot found them

    @classmethod
    def of(cls, project: Workspace | Config) -> Workspace:
        """The workspace of a command: the one given (shared with other commands), or a new one."""
        return project if isinstance(project, Workspace) else cls(project)

    @property
    def state(self) -> State:
        """The incremental state, read when first needed (commands that make nothing never read it)."""
        if self._state is None:
            self._state = State(self.config)
            if self._listed is not None:
                self._state.known_stats(self._listed.stats())
                self._state.read_all()  # see snapshot()
        return self._state

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Keep the state in memory while inside: :meth:`save` waits for the next call outside.

        ``l10n all`` holds it over the extract, so that the extract's records
        are written with the update's, in the update's transaction.
        """
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1

    def save(self) -> None:
        """Write what changed in the state (unless held, see :meth:`hold`)."""
        if not self._held and self._state is not None:
            self._state.save()

    def save_made(self, at_least: int) -> None:
        """:meth:`pipeline.state.State.save_made` (unless held, see :meth:`hold`)."""
        if not self._held and self._state is not None:
            self._state.save_made(at_least)

    @contextlib.contextmanager
    def passing_merged(self) -> Iterator[None]:
        """While inside, the update keeps what the build needs of each catalogue it writes (``l10n all``)."""
        self._passing = True
        try:
            yield
        finally:
            self._passing = False
            self._merged.clear()

    @contextlib.contextmanager
    def passing_parsed(self) -> Iterator[None]:
        """While inside, the extract keeps each article it parses for the build that follows (``l10n all``).

        Otherwise each article is parsed (segmented, its values found) twice
        in one run: once to make its template, once to build it.
        """
        self._keeping = True
        try:
            yield
        finally:
            self._keeping = False
            self._parsed.clear()
            self._parsed_size = 0

    @property
    def keeps_parsed(self) -> bool:
        """Whether an extract should hand its parsed articles on (see :meth:`passing_parsed`)."""
        return self._keeping

    def parsed(self, path: str, digest: str, pickled: bytes) -> None:
        """Keep an article as parsed from bytes hashing to ``digest`` (pickled: far smaller than its objects).

        Up to :data:`pipeline.tuning.PARSED_KEPT` bytes: past it, the build parses the article again.
        """
        if self._keeping and self._parsed_size + len(pickled) <= tuning.PARSED_KEPT:
            self._parsed[path] = (digest, pickled)
            self._parsed_size += len(pickled)

    def parsed_article(self, path: str, digest: str | None) -> Article | None:
        """The article at ``path`` as this run parsed it, if the file still holds those bytes (else None)."""
        kept = self._parsed.get(path)
        # Pickled by this run's own extract, in this process or one it forked: never bytes read from a file.
        return pickle.loads(kept[1]) if kept is not None and kept[0] == digest else None  # noqa: S301

    @property
    def keeps_merged(self) -> bool:
        """Whether an update should hand its merged catalogues on (see :meth:`passing_merged`)."""
        return self._passing

    def merged(self, po_file: str, digest: str, view: Publishable) -> None:
        """Keep what the build needs of a catalogue this run has just written (with the hash of its bytes)."""
        self._merged[po_file] = (digest, view)

    def publishable(self, po_file: str, digest: str | None) -> Publishable | None:
        """The view of a catalogue this run wrote, if the file still holds those bytes (else the build reads it)."""
        kept = self._merged.get(po_file)
        return kept[1] if kept is not None and kept[0] == digest else None

    # The layout.

    def pot_path(self, slug: str) -> Path:
        """Where an article's template lives."""
        return self.config.locale_dir / f"{slug}.pot"

    def po_file(self, lang: str, slug: str) -> str:
        """:meth:`po_path` as a string, for loops over every catalogue (pathlib's joins cost more than the work)."""
        return f"{self.config.locale_dir}{os.sep}{lang}{os.sep}LC_MESSAGES{os.sep}{slug}.po"

    def po_path(self, lang: str, slug: str) -> Path:
        """Where an article's catalogue for ``lang`` lives."""
        return Path(self.po_file(lang, slug))

    def catalog_folder(self, lang: str) -> Path:
        """The folder of a language's catalogues."""
        return self.config.locale_dir / lang / "LC_MESSAGES"

    def catalog_files(self, lang: str) -> dict[str, str]:
        """Every catalogue of a language, by slug (its path as a string)."""
        return listing.files_by_stem(self.catalog_folder(lang), ".po")

    def listed_at_start(self, folder: Path, suffix: str) -> dict[str, str]:
        """As :func:`pipeline.listing.files_by_stem`, from this run's snapshot when it listed ``folder``.

        For what only the files there before the run can answer (which outputs
        are orphans), without listing the archive's folders a second time.
        """
        key = self.config.key(folder)
        lines = None if self._listed is None else next((lines for k, lines in self._listed.lines if k == key), None)
        if lines is None:
            return listing.files_by_stem(folder, suffix)
        root = os.fspath(folder)
        names = sorted(name for name, _, _ in (line.partition("\0") for line in lines) if name.endswith(suffix))
        return {name[: -len(suffix)]: f"{root}{os.sep}{name}" for name in names}

    def catalogs(self, loc: LocaleConfig) -> list[Path]:
        """Every catalogue of a language."""
        return [Path(path) for path in self.catalog_files(loc.code).values()]

    def templates(self) -> dict[str, str]:
        """Every template, by slug (its path as a string).

        Raises:
            CatalogError: If there is none.
        """
        templates = listing.files_by_stem(self.config.locale_dir, ".pot")
        if not templates:
            raise CatalogError(
                "no templates (*.pot) found",
                path=self.config.relative(self.config.locale_dir),
                hint="run l10n extract first",
            )
        return templates

    def output_file(self, lang: str, slug: str, ext: str) -> str:
        """Where an article's output in ``lang`` and format ``ext`` goes (as a string)."""
        return f"{self._build_root}{os.sep}{lang}{os.sep}{slug}.{ext}"

    def output_key(self, lang: str, slug: str, ext: str) -> str:
        """:meth:`output_file` as reports name it (``config.key``)."""
        return f"{self._build_key}/{lang}/{slug}.{ext}"

    def review_path(self, slug: str) -> Path:
        """Where an article's review page goes."""
        return self.config.build_dir / "review" / f"{slug}.html"

    def made_folders(self) -> list[tuple[Path, str]]:
        """The folders of the files made from the articles alone, with their suffix (see ``l10n all``)."""
        config = self.config
        made = [(config.locale_dir, ".pot"), (config.build_dir / "review", ".html")]
        made += [
            (config.build_dir / loc.code, f".{ext}") for loc in config.all_locales for ext in ("txt", "md", "html")
        ]
        return made

    def snapshot(self) -> str:
        """One hash of every file ``l10n all`` reads or makes (by name, size and time) and of the tool and settings.

        The sizes and times read on the way are the state's for this run:
        each file is looked at once.
        """
        if self._snapshot is None:
            config = self.config
            folders = [config.source_dir, config.locale_dir]
            folders += [self.catalog_folder(loc.code) for loc in config.targets]
            folders += dict.fromkeys(folder for folder, _ in self.made_folders()[1:])  # a folder per suffix
            self._listed = listing.snapshot([(folder, config.key(folder)) for folder in folders])
            if self._state is not None:
                self._state.known_stats(self._listed.stats())
                # A snapshot is taken by an `l10n all` over the archive, which looks at every file's record
                # unless nothing changed: the records are read at once, not a row at a time first.
                self._state.read_all()
            self._snapshot = self._snapshot_digest(self._listed)
        return self._snapshot

    def stat_folder(self, folder: Path) -> None:
        """Give the state the size and time of every file in ``folder`` from one listing of it.

        Nothing to do when this run's snapshot listed the folder: the state has them from it.
        """
        key = self.config.key(folder)
        self.state.read_under(key)
        if self._listed is None or all(listed != key for listed, _ in self._listed.lines):
            self.state.known_stats(listing.stat_keys(folder, key))

    def _settled_as(self, listed: listing.Snapshot | None = None) -> str:
        """The snapshot with the state's own files: a state changed or put back since then is no settled one.

        ``listed``: the files as a run that wrote some left them (see :meth:`settle`), instead of this run's snapshot.
        """
        root = self.config.root
        taken = self.snapshot() if listed is None else self._snapshot_digest(listed)
        return store.digest("\0".join([taken, store.stat_key(root / state_db.STATE_DB)]).encode())

    def _snapshot_digest(self, listed: listing.Snapshot) -> str:
        return store.digest(f"{fingerprint(self.config)}\0{listed.digest}".encode())

    def settled(self) -> Report | None:
        """What ``l10n all`` reports, if no file changed since a run of it that left every file up to date.

        Every file's own test would pass again (see
        :class:`pipeline.state.State`), so none is looked at, and neither is
        the state: each template, catalogue and output is reported unchanged,
        in the order the steps report them. None when a file changed.
        """
        if records.load_settled(self.config.root) != self._settled_as():
            return None
        config = self.config
        # Every name made a good slug in the run that settled (else it had said so), and none is new since.
        slugs = sorted(os.path.splitext(name)[0] for name in listing.article_names(config))
        locale = config.key(config.locale_dir)
        # The extract's order is its templates' keys' ("a-b.pot" before "a.pot"), the update's their file names'.
        extracted = Keys(lambda slug: f"{locale}/{slug}.pot", sorted(slugs, key=lambda slug: f"{slug}.pot"))
        targets = [loc.code for loc in config.targets]
        updated = Keys(lambda code, slug: f"{locale}/{code}/LC_MESSAGES/{slug}.po", targets, list(self.templates()))
        # In the build's order: by folder, article, then format as configured.
        codes = sorted(loc.code for loc in config.all_locales)
        return Report(UpToDate(extracted, updated, Keys(self.output_key, codes, slugs, config.formats)))

    def settle(self, report: Report, standing: tuple[Notice, ...] = ()) -> None:
        """After ``l10n all`` over the archive: remember the files as the run left them, if it left each up to date.

        A run that found every file up to date and said nothing remembers its
        snapshot. One that wrote or removed a few files, with no error and
        none of the ``standing`` notices (which every run repeats, as a
        settled one would not), remembers its snapshot with those files as
        it left them, each read back to hold the bytes recorded for it: a
        file anyone changed during the run is then not as remembered, and
        the next run checks every file. The notes of what it made (sentences
        that fell back) are not repeated by a run that finds it made.
        """
        self.save()  # first: the state's files as they are left are part of what is remembered
        root = self.config.root
        left = None
        if not report.notices and all(f.outcome is Outcome.UNCHANGED for f in report.files):
            left = self._settled_as()
        elif (
            not standing
            and all(n.severity != "error" for n in report.notices)
            and (listed := self._as_left(report)) is not None
        ):
            left = self._settled_as(listed)
        if left is not None:
            records.write_settled(root, left)
        elif (root / records.SETTLED_FILE).exists():
            records.write_settled(root, None)

    def _as_left(self, report: Report) -> listing.Snapshot | None:
        """This run's snapshot with the files it wrote and removed as they are now (None: it cannot tell)."""
        changed = [f for f in report.files if f.outcome is not Outcome.UNCHANGED]
        if self._listed is None or len(changed) > tuning.SETTLE_READ_BACK:
            return None
        changes: dict[str, dict[str, str | None]] = {}
        for f in changed:
            folder, _, name = f.path.rpartition("/")
            line = None
            if f.outcome in (Outcome.CREATED, Outcome.UPDATED):
                line = _read_back(self.config.root / f.path, self.state.made_digest(f.path))
                if line is None:
                    return None
            elif f.outcome is not Outcome.REMOVED:
                return None  # skipped: the next run must say why again
            changes.setdefault(folder, {})[name] = line
        return self._listed.patched(changes)

    def read_po(self, path: Path, loc: LocaleConfig, data: bytes | None = None) -> polib.POFile:
        """Read a catalogue of ``loc``, checked to be of that language, with its plural forms (from ``data`` if read).

        Raises:
            CatalogError: If it cannot be read, or its header does not fit its folder.
        """
        from pipeline import plurals

        config = self.config
        po = store.read_catalog(path, config, data)
        declared = po.metadata.get("Language", "")
        # Poedit writes the locale (Language: ru_RU); the language is what must match the folder.
        if declared and declared != loc.code and re.split(r"[_@.-]", declared)[0] != loc.code:
            raise CatalogError(
                f"the file says Language: {declared}, but it is in the {loc.code} folder",
                path=config.relative(path),
                hint="move it to the right folder or fix its Language header",
            )
        plural = po.metadata.get("Plural-Forms", "")
        if plural:
            m = re.search(r"nplurals\s*=\s*(\d+)", plural)
            expected = plurals.plural_count(loc.code)
            if m is None or int(m.group(1)) != expected:
                said = plural.split(";")[0].strip()
                raise CatalogError(
                    f"Plural-Forms says {said!r}; {loc.code} has {expected} plural forms in CLDR",
                    path=config.relative(path),
                    hint=f"use Plural-Forms: {plurals.plural_forms(loc.code)}",
                )
            problem = plurals.plural_problem(po)
            if problem:
                raise CatalogError(
                    f"Plural-Forms: {problem}",
                    path=config.relative(path),
                    hint=f"use Plural-Forms: {plurals.plural_forms(loc.code)}",
                )
        return po


def _read_back(path: Path, digest: str | None) -> str | None:
    """The snapshot's line for a file this run wrote, if it holds the bytes hashing to ``digest`` (else None)."""
    before = listing.stat_line(path)
    # Stat'ed on both sides of the read: a write between them is seen.
    if digest is None or before is None or store.file_digest(path) != digest or listing.stat_line(path) != before:
        return None
    return before
