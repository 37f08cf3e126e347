"""The commands as library functions: extract, init, update, build.

Each takes a :class:`Config` and returns a :class:`Report`; the CLI only
parses options and prints reports.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import catalog, gnu, store
from pipeline.checks import Finding, Severity, check_catalog
from pipeline.config import Config, LocaleConfig
from pipeline.errors import CatalogError, ConfigError, L10nError, SourceError, UsageError
from pipeline.fetch import FetchOptions
from pipeline.localeformat import LocaleFormat
from pipeline.mo import compile_mo
from pipeline.models import Article, FileReport, MergeCounts, Outcome, Status
from pipeline.placeholders import impossible_dates
from pipeline.render import ReviewColumn, localize, refusal, to_html, to_md, to_review_html, to_txt

#: Told ``(done, total)`` as a long command works through its files (for a progress bar).
Progress = Callable[[int, int], None]


def _quiet(done: int, total: int) -> None:
    """The default progress: nobody is watching."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that did not stop the command."""

    path: Path
    line: int | None
    message: str
    severity: str = "warning"
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """What a command did: one entry per file, and notices."""

    files: tuple[FileReport, ...]
    notices: tuple[Notice, ...] = ()


def pot_path(config: Config, slug: str) -> Path:
    """Where an article's template lives."""
    return config.locale_dir / f"{slug}.pot"


def _po_file(config: Config, lang: str, slug: str) -> str:
    """:func:`po_path` as a string, for loops over every catalogue (pathlib's joins cost more than the work)."""
    return f"{config.locale_dir}{os.sep}{lang}{os.sep}LC_MESSAGES{os.sep}{slug}.po"


def po_path(config: Config, lang: str, slug: str) -> Path:
    """Where an article's catalogue for ``lang`` lives."""
    return Path(_po_file(config, lang, slug))


class _Cache:
    """Decides from content hashes, not timestamps, which outputs are stale.

    Each output is recorded with a hash of everything it was made from (the
    inputs' bytes, the configuration, the tool's and Babel's versions) and a
    hash of the output itself; it is up to date when both still match.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        state = store.read_state(config)
        self.old = state.entries
        self.new = dict(self.old)
        self.journal = state.journal
        self.base = _fingerprint(config)
        # Every output's inputs start with the fingerprint: hash it once.
        self._seed = store.hasher(self.base.encode("utf-8") + b"\0")
        #: While set, :meth:`save` waits (a cycle writes the state once, at its end).
        self.held = False
        # A cycle looks at each catalogue and source up to three times: each
        # file's size and time are read once (a file this process writes is
        # read again when it is recorded).
        self._stats: dict[str, str] = {}
        # The names whose records this process set or dropped: what save() compares.
        self._touched: set[str] = set()

    def _stat(self, path: Path | str, key: str) -> str:
        stat = self._stats.get(key)
        if stat is None:
            stat = self._stats[key] = store.stat_key(path)
        return stat

    def inputs(self, *parts: bytes | str | None) -> str:
        """The hash of an output's inputs."""
        h = self._seed.copy()
        if bytes in map(type, parts):
            h.update(b"\0".join(b"-" if p is None else p if isinstance(p, bytes) else p.encode("utf-8") for p in parts))
        else:  # the same bytes, joined before encoding (most calls: this is a rerun's hottest loop)
            h.update("\0".join("-" if p is None else p for p in parts).encode("utf-8"))  # type: ignore[misc]
        return h.hexdigest()

    def fresh(self, target: Path | str, inputs: str, key: str | None = None) -> bool:
        """Whether ``target`` was made from these inputs and is unchanged since.

        A file whose size and modification time are as recorded is not hashed
        again (as git does); any other file is, so content decides. ``key`` is
        ``config.key(target)``, where the caller has it already.
        """
        key = key or self.config.key(target)
        record = self.old.get(key)
        if not record or record[0] != inputs:
            return False
        if len(record) == 3 and self._stat(target, key) == record[2]:
            return True
        if store.file_digest(target) != record[1]:
            return False
        self.remember(target, inputs, record[1])
        return True

    def file_digest(self, path: Path | str) -> str | None:
        """The content hash of an input file (None if it does not exist).

        Files whose size and modification time are as recorded are not read
        again; any other file is read and hashed, so content decides.
        """
        key = self.config.key(path)
        stat = self._stat(path, key)
        if not stat:
            return None
        made = self.new.get(key)
        if made and made[-1] == stat:
            if self.new.pop("@" + key, None) is not None:  # the file's record as an output says it all
                self._touched.add("@" + key)
            return made[-2]
        kept = self.new.get("@" + key)
        if kept and kept[-1] == stat:
            return kept[-2]
        found = store.file_digest(path)
        if found is not None:
            self.new["@" + key] = [found, stat]
            self._touched.add("@" + key)
        return found

    def record(self, target: Path, inputs: str, output: str | bytes) -> None:
        """Remember how ``target`` was made (call after writing it)."""
        data = output.encode("utf-8") if isinstance(output, str) else output
        self.remember(target, inputs, store.digest(data))

    def value(self, name: str) -> list[str] | None:
        """A record that is not a file's (see :meth:`set_value`)."""
        return self.new.get(name)

    def set_value(self, name: str, value: list[str]) -> None:
        """Keep ``value`` under ``name`` in the state (a name no file's record can have)."""
        self.new[name] = value
        self._touched.add(name)

    def remember(self, target: Path | str, inputs: str, digest: str | None) -> None:
        """Remember that ``target``, whose bytes hash to ``digest``, was made from ``inputs``."""
        key = self.config.key(target)
        stat = self._stats[key] = store.stat_key(target)  # it was just written
        self.new[key] = [inputs, digest or "", stat]  # "" matches no file: it is made again
        # This record now says what the file holds; one kept for it as an input would only go stale.
        self.new.pop("@" + key, None)
        self._touched.update((key, "@" + key))

    def save(self) -> None:
        """Write the state if it changed (unless held)."""
        if self.held:
            return
        # Only what this process touched can differ (comparing every record
        # of a 10,000-article state took longer than recording an edit).
        changes: dict[str, list[str] | None] = {}
        for name in self._touched:
            if (record := self.new.get(name)) != self.old.get(name):
                changes[name] = record
        if not changes:
            return
        # A few changes go to the journal; when it grows past a tenth of the
        # state, the state is written afresh.
        if self.journal + len(changes) > max(_JOURNAL_MIN, len(self.new) // 10):
            store.write_state(self.config, self.new)
            self.journal = 0
        else:
            store.append_state(self.config, changes)
            self.journal += len(changes)
        self._touched.clear()
        for name, record in changes.items():
            if record is None:
                self.old.pop(name, None)
            else:
                self.old[name] = record


#: Changes the state's journal may hold however small the state is.
_JOURNAL_MIN = 1000


def _fingerprint(config: Config) -> str:
    from importlib.metadata import version

    from pipeline import __version__

    return (
        f"l10n {__version__}; rules 4; babel {version('babel')}; markdown-it {version('markdown-it-py')};"
        f" pymorphy3 {version('pymorphy3')}; {config!r}"
    )


def extract(config: Config, names: tuple[str, ...] = (), jobs: int = 1, progress: Progress = _quiet) -> Report:
    """Write ``locale/<slug>.pot`` for the named articles (default: all).

    A template whose article, configuration and tool are unchanged is not
    made again (content hashes decide, see :class:`_Cache`).

    Args:
        config: The project.
        names: The articles (default: all).
        jobs: Worker processes (articles are independent).
        progress: Told how many of the templates to make are done.
    """
    return _extract(_Cache(config), names, jobs, progress)


def _extract(cache: _Cache, names: tuple[str, ...], jobs: int, progress: Progress) -> Report:
    config = cache.config
    todo = []
    reports = []
    for path in store.article_paths(config, names):
        slug = store.slug_of(path, config)
        target = pot_path(config, slug)
        source = cache.file_digest(path)
        inputs = cache.inputs("extract", config.key(path), source, str(config.po_width))
        if cache.fresh(target, inputs):
            reports.append(FileReport(config.key(target), Outcome.UNCHANGED, "up to date"))
            continue
        todo.append(_Task(path, target, inputs))
    # Every template is made before any is written: one bad article stops the
    # run before any template changes.
    notices: list[Notice] = []
    for made in _parallel(_extract_article, todo, jobs, progress, config):
        if made.text is None:
            reports.append(FileReport(config.key(made.task.target), Outcome.SKIPPED, made.detail))
            notices.extend(made.notices)
            continue
        outcome = store.write_text(made.task.target, made.text, durable=False)
        cache.record(made.task.target, made.task.inputs, made.text)
        reports.append(FileReport(config.key(made.task.target), outcome, made.detail))
        notices.extend(made.notices)
    cache.save()
    reports.sort(key=lambda r: r.path)
    return Report(tuple(reports), tuple(notices))


@dataclass(frozen=True, slots=True)
class _Task:
    """One file to make: from ``path`` to ``target``, whose inputs hash to ``inputs``."""

    path: Path
    target: Path
    inputs: str


@dataclass(frozen=True, slots=True)
class _Template:
    task: _Task
    text: str | None  # None: the article is not extracted (see detail)
    detail: str
    notices: tuple[Notice, ...] = ()


def _language_of_unextracted(path: Path, slug: str, config: Config) -> str:
    """For an article without a template: why, if it is in another language (see :func:`_other_language`)."""
    if store.exists(pot_path(config, slug)):
        return ""
    try:
        return _other_language(store.read_article(path, config), config)
    except SourceError:
        return ""  # reported where the article is read


def _other_language(article: Article, config: Config) -> str:
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


def _extract_article(task: _Task) -> _Template:
    """Make one article's template (in a worker process when -j > 1)."""
    config = _context()
    article = store.read_article(task.path, config)
    shown = config.relative(task.path)
    other = _other_language(article, config)
    if other:
        return _Template(task, None, other, (Notice(shown, None, f"not extracted: {other}"),))
    formatters = {loc.code: _formatter(loc) for loc in config.targets}
    pot = catalog.template(article, project=config.project, formatters=formatters)
    text = catalog.render_catalog(pot, config.po_width or None)
    notices = tuple(
        Notice(shown, sentence.line, f"{written!r} is no calendar date: kept as text, not a date placeholder")
        for sentence in article.sentences
        for written in impossible_dates(sentence.text)
    )
    return _Template(task, text, f"{len(pot)} messages from {len(article.sentences)} sentences", notices)


#: What worker processes share with the command that forked them (set only while it runs).
_CONTEXT: object = None


def _context():
    assert _CONTEXT is not None  # set by _parallel before any work starts  # noqa: S101
    return _CONTEXT


def _exit_with_parent(parent: int) -> None:
    """Make a worker end when the command that forked it is gone (killed with -9, say).

    A worker would otherwise wait for work forever, holding the project's
    lock (the forked process shares the lock's file), so every later command
    would wait for it.
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _parallel(work: Callable, items: list, jobs: int, progress: Progress, context: object) -> list:
    """``[work(item) for item in items]``, in ``jobs`` processes that share ``context``.

    The workers are forked, so they share the context (the configuration, a
    translation memory, Babel's loaded data) without copying it; results come
    back in order, and the first error raised in a worker is raised here.
    """
    global _CONTEXT
    outer, _CONTEXT = _CONTEXT, context
    try:
        if jobs > 1 and len(items) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            forking = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, forking, initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
                # Small chunks, so that the progress moves.
                chunk = max(1, min(16, len(items) // (jobs * 8)))
                return _counted(pool.map(work, items, chunksize=chunk), len(items), progress)
        return _counted(map(work, items), len(items), progress)
    finally:
        _CONTEXT = outer


def init(config: Config, locales: tuple[LocaleConfig, ...]) -> Report:
    """Create a PO file per template and locale; never overwrite an existing one."""
    reports = []
    for slug, pot_file in _templates(config).items():
        pot = store.read_catalog(Path(pot_file), config)
        for loc in locales:
            target = po_path(config, loc.code, slug)
            if store.exists(target):
                reports.append(FileReport(config.key(target), Outcome.SKIPPED, "exists; l10n update merges it"))
                continue
            po = catalog.new_catalog(pot, loc.code, project=config.project, slug=slug)
            outcome = store.write_catalog(target, po, config.po_width or None)
            reports.append(FileReport(config.key(target), outcome, f"{len(po)} messages"))
    return Report(tuple(reports))


def update(
    config: Config,
    locales: tuple[LocaleConfig, ...],
    options: catalog.MergeOptions | None = None,
    width: int | None = None,
    jobs: int = 1,
    progress: Progress = _quiet,
    names: tuple[str, ...] = (),
) -> Report:
    """Merge each template into its PO files, creating the missing ones.

    Every catalogue of a language is checked before any is written (read
    now, or read by an earlier run when its bytes are those cached in
    ``.l10n/memory-<lang>.json``), so one broken file stops the run with
    nothing changed; the approved translations of all of them form the
    translation memory for each other.

    Args:
        config: The project.
        locales: The languages to update.
        options: Fuzzy matching and obsolete handling (default: the config's).
        width: The PO line width, 0 for no wrapping (default: the config's).
        jobs: Worker processes for merging (they share the translation memory).
        progress: Told how many of the stale catalogues of a language are merged.
        names: Only these articles' catalogues (default: all); the memory is
            still that of every catalogue.
    """
    return _update(_Cache(config), locales, options, width, jobs, progress, names)


def _transaction(function):
    """Run ``function(cache, …)`` as one transaction of the project (see :func:`store.transaction`)."""

    @functools.wraps(function)
    def run(cache: _Cache, *args, **kwargs):
        with store.transaction(cache.config):
            return function(cache, *args, **kwargs)

    return run


# The catalogues, the memory caches and the state of one update take effect
# together: a rerun after a kill or a full disk starts from all of them as they
# were before or after, and gives the bytes an uninterrupted run gives.
@_transaction
def _update(
    cache: _Cache,
    locales: tuple[LocaleConfig, ...],
    options: catalog.MergeOptions | None,
    width: int | None,
    jobs: int,
    progress: Progress,
    names: tuple[str, ...] = (),
) -> Report:
    config = cache.config
    options = options or catalog.MergeOptions(threshold=config.fuzzy_threshold)
    width = config.po_width if width is None else width
    pot_files = _templates(config)
    if names:
        pot_files = {slug: _template_of(slug, pot_files, config) for slug in _slugs(config, names)}
    pot_digests = {slug: cache.file_digest(path) for slug, path in pot_files.items()}
    setting = f"{options!r} {width}"
    base = store.digest(cache.base.encode("utf-8"))
    plans = []
    for loc in locales:
        catalogs = store.files_by_stem(config.locale_dir / loc.code / "LC_MESSAGES", ".po")
        digests = {slug: cache.file_digest(path) for slug, path in catalogs.items()}
        before = _memory_key(digests)
        # A catalogue with an untranslated entry depends on the memory of the
        # whole language (another catalogue's new translation may fill it);
        # any other on nothing but its template and itself, so that a
        # translator's edit does not make every catalogue stale. The first
        # kind is recorded as "tied", and one record per language says which
        # memory they were all merged with: a changed memory then costs one
        # record, not one per catalogue.
        memory_held = cache.value(_memory_record(loc.code)) == [before]
        stale = []
        for slug in pot_digests:
            target = _po_file(config, loc.code, slug)
            own = (loc.code, slug, pot_digests[slug], digests.get(slug))
            if cache.fresh(target, cache.inputs("update", *own, "-", setting)):
                continue
            if not (memory_held and cache.fresh(target, cache.inputs("update", *own, "tied", setting))):
                stale.append(slug)
        # Merging only some catalogues leaves the others as they were: their
        # record of the memory may move on only if it was right before.
        plans.append(_LanguagePlan(loc, catalogs, digests, tuple(stale), memory_held or not names))
    busy = [plan for plan in plans if plan.stale]
    shared = _Updating(config, options, width, base, jobs, progress)
    finished = False
    try:
        if jobs > 1 and len(busy) > 1 and max(len(plan.stale) for plan in busy) < _FEW:
            # A few catalogues per language (the daily edit): building each
            # language's translation memory is most of the work, so the
            # languages run side by side, each in one process.
            alone = dataclasses.replace(shared, jobs=1, progress=_quiet)
            done = _parallel(_update_language, busy, min(jobs, len(busy)), _quiet, alone)
        else:
            done = [_update_language(plan, shared) for plan in busy]
        finished = True
    finally:
        # Like the state, the memories change only once every language has succeeded.
        for plan in busy:
            store.publish_memory(config, plan.loc.code, keep=finished)
    merged = {(d.code, m.slug): m for d in done for m in d.merged}
    reports = []
    for plan in plans:
        code = plan.loc.code
        for slug in pot_digests:
            m = merged.get((code, slug))
            if m is not None:
                plan.digests[slug] = m.digest
            target = _po_file(config, code, slug)
            reports.append(m.report if m else FileReport(config.key(target), Outcome.UNCHANGED, "up to date"))
        for slug in plan.stale:
            m = merged[(code, slug)]
            own = (code, slug, pot_digests[slug], plan.digests.get(slug))
            inputs = cache.inputs("update", *own, "tied" if m.consults_memory else "-", setting)
            cache.remember(_po_file(config, code, slug), inputs, plan.digests[slug])
        # Every tied catalogue is now taken as merged with the memory as it
        # is after this update, so that a rerun with nothing changed does no
        # work at all (a change this update made to the memory reaches the
        # others when they are next merged).
        if plan.all_merged:
            cache.set_value(_memory_record(code), [_memory_key(plan.digests)])
    cache.save()
    return Report(tuple(reports))


#: Fewer stale catalogues than this in every language: the languages are updated side by side.
_FEW = 50


def _slugs(config: Config, names: tuple[str, ...]) -> list[str]:
    """The slugs of the named articles (checked as extract and build check them)."""
    return [store.slug_of(path, config) for path in store.article_paths(config, names)]


def _template_of(slug: str, templates: dict[str, str], config: Config) -> str:
    if slug not in templates:
        raise CatalogError(
            "no template for this article",
            path=config.relative(pot_path(config, slug)),
            hint="run l10n extract first",
        )
    return templates[slug]


def _memory_record(code: str) -> str:
    """The name of a language's record of the memory its tied catalogues were merged with."""
    return f"memory:{code}"  # a ':' keeps it apart from the files' records (relative paths)


def _memory_key(digests: dict[str, str | None]) -> str:
    """One hash of every catalogue of a language: what its translation memory is made from."""
    return store.digest("".join(f"{k}:{v};" for k, v in sorted(digests.items())).encode())


@dataclass(frozen=True, slots=True)
class _LanguagePlan:
    """One language's catalogues (by slug), their content hashes, and the stale ones."""

    loc: LocaleConfig
    catalogs: dict[str, str]
    digests: dict[str, str | None]  # updated as catalogues are merged
    stale: tuple[str, ...]
    all_merged: bool  # every tied catalogue is now merged with the memory as it was


@dataclass(frozen=True, slots=True)
class _Updating:
    """What every language's update shares."""

    config: Config
    options: catalog.MergeOptions
    width: int
    base: str  # the hash of the tool, its versions and the configuration
    jobs: int  # worker processes within one language
    progress: Progress


@dataclass(frozen=True, slots=True)
class _LanguageDone:
    code: str
    merged: tuple[_MergedCatalog, ...]


def _update_language(plan: _LanguagePlan, shared: _Updating | None = None) -> _LanguageDone:
    """Merge one language's stale catalogues with the translation memory of all of them.

    Writes the catalogues and stages the memory caches of ``.l10n/`` (in a
    worker when the languages run side by side: ``shared`` is then the
    context the worker inherited).
    """
    shared = shared or _context()
    config, loc, jobs, progress = shared.config, plan.loc, shared.jobs, shared.progress
    keys = {slug: config.key(path) for slug, path in plan.catalogs.items()}
    # Any work needs the translation memory: the approved translations of
    # every catalogue of the language. The memory an earlier run built is
    # loaded and patched with the few catalogues that changed since; building
    # it again was most of the time of a one-article edit.
    saved = _saved_memory(plan, shared, keys)
    built: _BuiltMemory | None = None
    if saved.memory is not None:
        memory, pairs = saved.memory, saved.pairs
    else:
        built = _build_memory(plan, shared, keys, saved.read)
        memory, pairs = built.memory, built.pairs
    merging = _Merging(config, loc, shared.options, shared.width, memory, frozenset(plan.catalogs))
    merged = _parallel(_merge_catalog, list(plan.stale), jobs, progress, merging)
    digests = {keys[slug]: plan.digests[slug] for slug in plan.catalogs}
    after = dict(pairs)
    changed: dict[str, list[tuple[str, str]]] = {}
    patch = dict(saved.patch)
    for m in merged:
        key = config.key(_po_file(config, loc.code, m.slug))
        digests[key], after[key] = m.digest, _pairs_key(m.pairs)
        if after[key] != pairs.get(key, ""):
            changed[key] = list(zip(m.pairs[0::2], m.pairs[1::2], strict=True))
        patch[key] = [m.digest, after[key], m.pairs]
        if built is not None:
            built.remembered[key] = [m.digest, m.pairs]
    # Rewriting the cache of every catalogue's translations (40 MB at 10,000
    # articles) for an edit or two costs more than the next run reading
    # those few catalogues again, so it is rewritten only once more than 1%
    # of its records are out of date (the saved memory below is kept up to
    # date, so this cache is needed only when that one cannot be used).
    few = len(plan.catalogs) // 100
    if built is not None and built.parsed + sum(m.digest != plan.digests.get(m.slug) for m in merged) > few:
        store.write_memory(config, loc.code, {"base": shared.base, "catalogs": built.remembered})
    # The next run starts from the memory as the merges left it: the saved
    # memory and, for the catalogues that changed since it was saved, a small
    # patch. The memory itself is saved again (22 MB at 10,000 articles)
    # only once the patch holds more than 1% of the catalogues.
    patch = {key: record for key, record in patch.items() if saved.base.get(key) != record[:2]}
    if built is not None or len(patch) > max(_PATCH_MIN, few):
        if built is not None and len(changed) > len(plan.catalogs) // 10:
            # Many catalogues changed (a new archive, a wide edit): building
            # the memory again, in order, is faster than patching it.
            memory = catalog.TranslationMemory()
            for key in sorted(built.remembered):
                flat = built.remembered[key][1]
                memory.add_pairs(zip(flat[0::2], flat[1::2], strict=True), key)
        else:
            memory.replace(changed)
        header = {
            "base": shared.base,
            "format": _SAVED_MEMORY_FORMAT,
            "identity": _memory_identity(after),
            "catalogs": {key: [digests[key], after[key]] for key in sorted(after)},
        }
        store.write_saved_memory(config, loc.code, header, memory.to_json())
        store.write_memory_patch(config, loc.code, {"on": header["identity"], "catalogs": {}})
    elif patch != saved.written:
        store.write_memory_patch(config, loc.code, {"on": saved.identity, "catalogs": dict(sorted(patch.items()))})
    return _LanguageDone(loc.code, tuple(merged))


#: Catalogues a saved memory's patch may hold (or a run may read to patch it) however small the project.
_PATCH_MIN = 20

#: The layout of a saved memory (see TranslationMemory.to_json): a file of another layout is not read.
_SAVED_MEMORY_FORMAT = 2


@dataclass(frozen=True, slots=True)
class _Saved:
    """What the saved memory of a language gave: the memory brought up to date, if it could be, and what was read."""

    memory: catalog.TranslationMemory | None
    pairs: dict[str, str]  # catalogue key -> hash of its approved translations (every catalogue if memory is set)
    read: dict[str, list[str]]  # slug -> approved translations, flat, of the catalogues read to tell
    identity: str = ""  # of the memory as saved
    base: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # key -> [content hash, pairs hash], as saved
    # key -> [content hash, pairs hash, approved translations flat] of the
    # catalogues that differ from what was saved ("" and none: deleted).
    patch: dict[str, list] = dataclasses.field(default_factory=dict)
    written: dict[str, list] = dataclasses.field(default_factory=dict)  # the patch as read from its file


def _saved_memory(plan: _LanguagePlan, shared: _Updating, keys: dict[str, str]) -> _Saved:
    """The memory an earlier run saved, brought up to date with the catalogues as they are now.

    The saved memory comes with a patch: the catalogues that changed since
    it was saved, with their approved translations. A catalogue whose bytes
    are those recorded in either is as it was; any other (up to 1% of them)
    is read now, strictly. The memory is then patched with every catalogue
    whose approved translations differ from those saved: a translator's
    edit costs a patch, not building the memory of 10,000 catalogues again.
    """
    config, code = shared.config, plan.loc.code
    found = store.read_saved_memory(config, code)
    header = found.header if found else {}
    same_tool = header.get("base") == shared.base and header.get("format") == _SAVED_MEMORY_FORMAT
    base = header.get("catalogs") if same_tool else None
    if not (isinstance(base, dict) and all(_is_record(record) for record in base.values())):
        return _Saved(None, {}, {})
    identity = header.get("identity")
    if _memory_identity({key: record[1] for key, record in base.items()}) != identity:
        return _Saved(None, {}, {})
    patch = _patch_records(store.read_memory_patch(config, code), identity)
    pairs, unread, current = {}, [], {}
    for slug, key in keys.items():
        digest = plan.digests[slug]
        if key in base and base[key][0] == digest:
            pairs[key] = base[key][1]
        elif key in patch and patch[key][0] == digest:
            pairs[key] = patch[key][1]
            current[key] = patch[key]
        else:
            unread.append(slug)
    present = set(keys.values())
    gone = [key for key in base if key not in present]
    if len(unread) + len(gone) > max(_PATCH_MIN, len(keys) // 100):
        return _Saved(None, {}, {})
    read = dict(
        zip(unread, _parallel(_approved_in, unread, shared.jobs, _quiet, _Reading(config, plan.loc)), strict=True)
    )
    for slug, flat in read.items():
        key = keys[slug]
        pairs[key] = _pairs_key(flat)
        current[key] = [plan.digests[slug], pairs[key], flat]
    current.update((key, ["", "", []]) for key in gone)
    try:
        memory = catalog.TranslationMemory.from_json(json.loads(found.body))  # type: ignore[union-attr]
    except (ValueError, KeyError, TypeError, RecursionError):
        return _Saved(None, {}, read)
    changed = {
        key: list(zip(flat[0::2], flat[1::2], strict=True))
        for key, (_, hash_, flat) in current.items()
        if hash_ != (base[key][1] if key in base else "")
    }
    if changed:
        memory.replace(changed)
    return _Saved(memory, pairs, read, identity, base, current, patch)


def _patch_records(data: dict, identity: str) -> dict[str, list]:
    """The records of a saved memory's patch, if it is the patch of that memory (else none)."""
    records = data.get("catalogs") if data.get("on") == identity else None
    if not isinstance(records, dict):
        return {}
    return {
        key: record
        for key, record in records.items()
        if isinstance(record, list)
        and len(record) == 3
        and _is_record(record[:2])
        and isinstance(record[2], list)
        and len(record[2]) % 2 == 0
        and all(isinstance(text, str) for text in record[2])
        and record[1] == _pairs_key(record[2])
    }


def _is_record(record: object) -> bool:
    return isinstance(record, list) and len(record) == 2 and all(isinstance(part, str) for part in record)


@dataclass(frozen=True, slots=True)
class _BuiltMemory:
    """A language's memory built from every catalogue, with what the caches need."""

    memory: catalog.TranslationMemory
    pairs: dict[str, str]  # catalogue key -> hash of its approved translations
    remembered: dict[str, list]  # catalogue key -> [content hash, approved translations flat], as cached
    parsed: int  # catalogues read because the cache did not have them as they are


def _build_memory(
    plan: _LanguagePlan, shared: _Updating, keys: dict[str, str], read: dict[str, list[str]]
) -> _BuiltMemory:
    """Build a language's memory from every catalogue (``read``: those read already).

    A catalogue whose bytes are those cached in .l10n/memory-<lang>.json was
    read (strictly, with this configuration and tool) by an earlier run and
    is not parsed again.
    """
    config, loc = shared.config, plan.loc
    cached = store.read_memory(config, loc.code)
    known = cached.get("catalogs") if cached.get("base") == shared.base else None
    known = known if isinstance(known, dict) else {}
    found = {
        slug: read[slug] if slug in read else _cached_flat(known.get(key), plan.digests[slug])
        for slug, key in keys.items()
    }
    del cached, known
    # The others are read (and so checked) before anything is written; parsed
    # catalogues are not kept (each is read again to merge it), so memory
    # stays flat as the archive grows.
    unread = [slug for slug, flat in found.items() if flat is None]
    reading = _Reading(config, loc)
    found.update(zip(unread, _parallel(_approved_in, unread, shared.jobs, shared.progress, reading), strict=True))
    remembered: dict[str, list] = {}
    pairs: dict[str, str] = {}
    memory = catalog.TranslationMemory()
    for slug, key in keys.items():
        flat = found[slug] or []  # every one is read by now
        remembered[key] = [plan.digests[slug], flat]
        pairs[key] = _pairs_key(flat)
        memory.add_pairs(zip(flat[0::2], flat[1::2], strict=True), key)
    return _BuiltMemory(memory, pairs, remembered, len(unread) + len(read))


def _pairs_key(flat: list[str]) -> str:
    """A hash of a catalogue's approved translations, whatever their order in the file."""
    pairs = sorted(zip(flat[0::2], flat[1::2], strict=True))
    return store.digest("\0".join(text for pair in pairs for text in pair).encode("utf-8")) if pairs else ""


def _memory_identity(pairs: dict[str, str]) -> str:
    """What a language's memory holds, as one hash: the catalogues with approved translations, and which."""
    return store.digest("".join(f"{key}:{h};" for key, h in sorted(pairs.items()) if h).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the workers reading one language's catalogues share."""

    config: Config
    loc: LocaleConfig


def _approved_in(slug: str) -> list[str]:
    """Read one catalogue strictly; return its approved translations (in a worker when -j > 1)."""
    shared: _Reading = _context()
    return _flat(
        catalog.approved_pairs(
            _read_po(po_path(shared.config, shared.loc.code, slug), shared.loc, shared.config), shared.loc.code
        )
    )


@dataclass(frozen=True, slots=True)
class _Merging:
    """What the workers merging one language's catalogues share."""

    config: Config
    loc: LocaleConfig
    options: catalog.MergeOptions
    width: int
    memory: catalog.TranslationMemory
    present: frozenset[str]  # the articles that have a catalogue already


@dataclass(frozen=True, slots=True)
class _MergedCatalog:
    slug: str
    report: FileReport
    digest: str
    pairs: list[str]  # the approved translations, flat as cached
    consults_memory: bool  # whether merging it again could take from the memory


def _merge_catalog(slug: str) -> _MergedCatalog:
    """Merge one article's template into its catalogue and write it (in a worker when -j > 1)."""
    shared: _Merging = _context()
    config, loc = shared.config, shared.loc
    target = po_path(config, loc.code, slug)
    pot = store.read_catalog(pot_path(config, slug), config)
    created = slug not in shared.present
    if created:
        old = catalog.new_catalog(pot, loc.code, project=config.project, slug=slug)
    else:
        old = _read_po(target, loc, config)
    merged = catalog.merge(
        old,
        pot,
        options=shared.options,
        memory=shared.memory,
        source=config.key(target),
        lang=loc.code,
        confirm=_in_its_catalogue,
    )
    text = catalog.render_catalog(merged.catalog, shared.width or None)
    outcome = store.write_text(target, text)
    detail = _describe(merged.catalog)
    if outcome is not Outcome.UNCHANGED and not created:
        detail += "; " + _changes(merged.counts)
    report = FileReport(config.key(target), outcome, detail)
    pairs = _flat(catalog.approved_pairs(merged.catalog, loc.code))
    digest = store.digest(text.encode("utf-8"))
    return _MergedCatalog(slug, report, digest, pairs, catalog.consults_memory(merged.catalog))


def _in_its_catalogue(hit: catalog.Remembered) -> bool:
    """Whether the memory's exact match is an approved translation of the catalogue it names.

    The memory is mostly loaded from ``.l10n/``; a record there that does not
    say what its catalogue holds (damaged, or forged under the file's real
    hash) must not become an approved translation. Each catalogue an exact
    match comes from is read once per process to confirm it.
    """
    shared: _Merging = _context()
    path = shared.config.root / hit.source
    try:
        st = path.stat()
    except OSError:
        return False
    approved = _approved_by_msgid(str(path), st.st_size, st.st_mtime_ns, shared.loc.code)
    return hit.msgstr in approved.get(hit.msgid, ())


@functools.lru_cache(maxsize=256)
def _approved_by_msgid(path: str, size: int, mtime_ns: int, code: str) -> dict[str, frozenset[str]]:
    # Keyed by size and time too: one process may run several commands (tests, a server).
    shared: _Merging = _context()
    try:
        po = _read_po(Path(path), shared.loc, shared.config)
    except L10nError:
        return {}
    found: dict[str, set[str]] = {}
    for msgid, text in catalog.approved_pairs(po, code):
        found.setdefault(msgid, set()).add(text)
    return {msgid: frozenset(texts) for msgid, texts in found.items()}


def _cached_flat(record: object, digest: str | None) -> list[str] | None:
    """The approved translations cached for a catalogue with these bytes (None if not, or damaged).

    They are stored flat (msgid, msgstr, msgid, msgstr, …): a cache of a whole
    archive loads and checks faster that way than as pairs.
    """
    if not (isinstance(record, list) and len(record) == 2 and record[0] == digest and isinstance(record[1], list)):
        return None
    flat = record[1]
    if len(flat) % 2 or not set(map(type, flat)) <= {str}:
        return None
    return flat


def _flat(pairs: list[tuple[str, str]]) -> list[str]:
    """``[msgid, msgstr, msgid, msgstr, …]``, as the memory cache stores them."""
    return [text for pair in pairs for text in pair]


def _changes(c: MergeCounts) -> str:
    parts = [
        (c.added, "new", "new"),
        (c.fuzzy, "fuzzy suggestion", "fuzzy suggestions"),
        (c.memory, "from translation memory", "from translation memory"),
        (c.reviewed, "sent back to review (see its comment)", "sent back to review (see their comments)"),
        (c.minor, "kept across a minor edit", "kept across minor edits"),
        (c.obsoleted, "obsolete", "obsolete"),
        (c.revived, "revived", "revived"),
        (c.dropped, "dropped", "dropped"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n) or "layout only"


def build(
    config: Config,
    locales: tuple[LocaleConfig, ...],
    formats: tuple[str, ...],
    names: tuple[str, ...] = (),
    min_translated: float | None = None,
    jobs: int = 1,
    progress: Progress = _quiet,
) -> Report:
    """Write ``build/<lang>/<slug>.<ext>`` for each article, locale and format.

    Args:
        config: The project.
        locales: The languages to build (the source language too, if named).
        formats: ``txt``, ``md``, ``html``.
        names: The articles (default: all).
        min_translated: The least share (0-100) of an article's messages, and
            of its sentences, that must be translated for a locale's output to
            be written (default: each locale's ``min-translated``). Below it,
            nothing is written and the previous output stays.
        jobs: Worker processes (articles are independent).
        progress: Told how many of the articles to build are done.

    Returns:
        One line per file, and a notice for every sentence that fell back to
        the source (untranslated, fuzzy, or refused, with the reason).
    """
    return _build(_Cache(config), locales, formats, names, min_translated, jobs, progress)


def cycle(config: Config, jobs: int = 1, progress: Progress = _quiet, names: tuple[str, ...] = ()) -> Report:
    """Extract, update and build every article, locale and format, in one process.

    This is the whole job after a change to the archive. The commands share
    one state, so it is read and written once, and a file whose record an
    earlier step refreshed is not hashed again.

    Args:
        config: The project.
        jobs: Worker processes.
        progress: Told how far each of the three steps is.
        names: Only these articles (default: all). The day's edit of one
            article is then done without looking at the rest of the archive
            (but for the catalogues, which form the translation memory).

    Returns:
        The reports of the three steps, one after the other.
    """
    cache = _Cache(config)
    # No step looks up a record that an earlier step of the cycle made, so the
    # state is written after the update and at the end; if a step fails, the
    # next run checks again what the earlier steps wrote (and finds it up to date).
    cache.held = True
    extracted = _extract(cache, names, jobs, progress)
    # The update writes the state (the extract's records too) with its
    # catalogues, in one transaction: see _update.
    cache.held = False
    updated = _update(cache, config.targets, None, None, jobs, progress, names)
    cache.held = True
    built = _build(cache, config.all_locales, config.formats, names, None, jobs, progress)
    cache.held = False
    cache.save()
    steps = (extracted, updated, built) if names else (extracted, updated, built, _orphans(config))
    return Report(
        tuple(f for step in steps for f in step.files),
        tuple(n for step in steps for n in step.notices),
    )


def _orphans(config: Config) -> Report:
    """Remove what was made from articles that are gone; report their catalogues, which are kept.

    A retracted or renamed story must not stay published in ``build/``; its
    template and outputs are made from the source, so they go. Its catalogues
    hold translators' work: they stay (and keep serving the translation
    memory) until someone deletes them.
    """
    slugs = {store.slug_of(path, config) for path in store.article_paths(config)}
    reports: list[FileReport] = []
    notices: list[Notice] = []
    made = [(config.locale_dir, ".pot"), (config.build_dir / "review", ".html")]
    made += [(config.build_dir / loc.code, f".{ext}") for loc in config.all_locales for ext in ("txt", "md", "html")]
    for folder, suffix in made:
        for stem, path in sorted(store.files_by_stem(folder, suffix).items()):
            if stem not in slugs:
                store.remove(Path(path))
                reports.append(FileReport(config.key(path), Outcome.REMOVED, "its article is gone"))
    for loc in config.targets:
        for stem, path in sorted(store.files_by_stem(config.locale_dir / loc.code / "LC_MESSAGES", ".po").items()):
            if stem not in slugs:
                message = "its article is gone; kept for its translations (delete it to drop them from the memory)"
                notices.append(Notice(config.relative(path), None, message))
    return Report(tuple(reports), tuple(notices))


def _build(
    cache: _Cache,
    locales: tuple[LocaleConfig, ...],
    formats: tuple[str, ...],
    names: tuple[str, ...],
    min_translated: float | None,
    jobs: int,
    progress: Progress,
) -> Report:
    config = cache.config
    reports: list[FileReport] = []
    notices: list[Notice] = []
    work = []
    build_root = os.fspath(config.build_dir)
    build_key = config.key(build_root)
    for path in store.article_paths(config, names):
        source_key = config.key(path)
        source = cache.file_digest(path)
        slug = store.slug_of(path, config)
        tasks = []
        for loc in locales:
            is_source = loc.code == config.source.code
            po_file = _po_file(config, loc.code, slug)
            po_digest = None
            if not is_source:
                po_digest = cache.file_digest(po_file)
                if po_digest is None and not store.exists(po_file):
                    other = _language_of_unextracted(path, slug, config)
                    if other:  # extract said so already: its source-language outputs are still built
                        reports.extend(
                            FileReport(f"{build_key}/{loc.code}/{slug}.{ext}", Outcome.SKIPPED, other)
                            for ext in formats
                        )
                        continue
                    # One article without a catalogue does not keep the others from being built.
                    missing = CatalogError(
                        f"no {loc.code} catalogue for this article",
                        path=config.relative(po_file),
                        hint="run l10n extract and l10n update first",
                    )
                    notices.append(_error_notice(missing, config.relative(po_file)))
                    continue
                po_digest = po_digest or "unreadable"
            policy = loc.min_translated if min_translated is None else min_translated
            # Strings, not Paths, until something is to be written: pathlib's
            # parsing was most of a rerun's time at 10,000 articles.
            outputs = tuple(f"{build_root}{os.sep}{loc.code}{os.sep}{slug}.{ext}" for ext in formats)
            keys = tuple(f"{build_key}/{loc.code}/{slug}.{ext}" for ext in formats)
            inputs = cache.inputs("build", source_key, source, loc.code, po_digest, f"{policy:g}")
            if all(cache.fresh(name, inputs, key) for name, key in zip(outputs, keys, strict=True)):
                reports.extend(FileReport(key, Outcome.UNCHANGED, "up to date") for key in keys)
            else:
                tasks.append(_BuildTask(loc, tuple(map(Path, outputs)), inputs, policy))
        if tasks:
            work.append((path, tuple(tasks)))
    results = _parallel(_build_article, work, jobs, progress, config)
    for done in results:
        reports.extend(done.reports)
        notices.extend(done.notices)
        for target, inputs, digest in done.records:
            cache.remember(target, inputs, digest)
    cache.save()
    reports.sort(key=lambda r: _build_order(r.path, formats))
    return Report(tuple(reports), tuple(notices))


def _build_order(path: str, formats: tuple[str, ...]) -> tuple:
    """Outputs by folder, then article, then format in the order asked for."""
    folder, _, name = path.rpartition("/")
    stem, _, ext = name.rpartition(".")
    return folder, stem, formats.index(ext)


def _counted(results, total: int, progress: Progress) -> list:
    """Collect ``results``, telling ``progress`` after each."""
    collected = []
    progress(0, total)
    for item in results:
        collected.append(item)
        progress(len(collected), total)
    return collected


@dataclass(frozen=True, slots=True)
class _BuildTask:
    loc: LocaleConfig
    targets: tuple[Path, ...]
    inputs: str
    policy: float


@dataclass(frozen=True, slots=True)
class _Built:
    reports: tuple[FileReport, ...]
    notices: tuple[Notice, ...]
    records: tuple[tuple[Path, str, str], ...]


def _error_notice(exc: L10nError, fallback: Path | str) -> Notice:
    """An error that stopped one article (or one of its languages) but not the command."""
    message = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return Notice(Path(exc.path) if exc.path is not None else Path(fallback), exc.line, message, "error", exc.column)


def _build_article(item: tuple[Path, tuple[_BuildTask, ...]]) -> _Built:
    """Build one article in every locale asked for (in a worker process when -j > 1).

    An error in the article, or in one language's catalogue, is reported and
    its outputs are left as they were; the other languages and articles are
    built (the command then exits with 1).
    """
    config: Config = _context()
    path, tasks = item
    try:
        article = store.read_article(path, config)
        other = _other_language(article, config)
        if other:
            skipped = tuple(FileReport(config.key(t), Outcome.SKIPPED, other) for task in tasks for t in task.targets)
            return _Built(skipped, (), ())
    except SourceError as exc:
        skipped = tuple(
            FileReport(config.key(t), Outcome.SKIPPED, "not built: the article has an error")
            for task in tasks
            for t in task.targets
        )
        return _Built(skipped, (_error_notice(exc, config.relative(path)),), ())
    reports: list[FileReport] = []
    notices: list[Notice] = []
    records: list[tuple[Path, str, str]] = []
    for task in tasks:
        try:
            _build_language(config, article, task, reports, notices, records)
        except CatalogError as exc:  # a write that fails (a full disk) stops the command instead
            notices.append(_error_notice(exc, config.relative(path)))
            detail = f"not built: the {task.loc.code} catalogue has an error"
            reports.extend(FileReport(config.key(t), Outcome.SKIPPED, detail) for t in task.targets)
    return _Built(tuple(reports), tuple(notices), tuple(records))


def _build_language(
    config: Config,
    article: Article,
    task: _BuildTask,
    reports: list[FileReport],
    notices: list[Notice],
    records: list[tuple[Path, str, str]],
) -> None:
    """Build one article's outputs in one language (see :func:`_build_article`)."""
    alternates = tuple(loc.code for loc in config.all_locales)
    loc = task.loc
    is_source = loc.code == config.source.code
    po_file = po_path(config, loc.code, article.slug)
    translations: dict[str, str | tuple[str, ...]] = {}
    fuzzy: frozenset[str] = frozenset()
    plural = None
    if not is_source:
        po = _read_po(po_file, loc, config)
        fuzzy = frozenset(e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete)
        translations = catalog.approved(po)
        plural = catalog.plural_rule(po)
    doc = localize(
        article,
        loc.code,
        is_source=is_source,
        fmt=_formatter(loc),
        translations=translations,
        fuzzy=fuzzy,
        plural=plural,
    )
    if not is_source:
        coverage = Coverage.of(doc)
        if coverage.messages < task.policy or coverage.sentences < task.policy:
            detail = (
                f"{coverage.messages:.1f}% of messages and {coverage.sentences:.1f}% of sentences translated,"
                f" below {task.policy:g}%; the previous output is kept"
            )
            reports.extend(FileReport(config.key(t), Outcome.SKIPPED, detail) for t in task.targets)
            return
        notices.extend(_fallbacks(doc, config.relative(po_file), {e.msgid: e.linenum for e in po if not e.obsolete}))
    counts = _count(doc.sentences)
    for target in task.targets:
        if target.suffix == ".txt":
            text = to_txt(doc)
        elif target.suffix == ".md":
            text = to_md(doc)
        else:
            text = to_html(doc, alternates, config.source.code)
        outcome = store.write_text(target, text, durable=False)
        records.append((target, task.inputs, store.digest(text.encode("utf-8"))))
        reports.append(FileReport(config.key(target), outcome, counts))


#: Formatters by locale and house style: a process (a test run, a server) may load several projects.
_FORMATTERS: dict[tuple[str, str], LocaleFormat] = {}


def _formatter(loc: LocaleConfig) -> LocaleFormat:
    key = (loc.babel_locale, repr(loc.style))  # a Style holds dicts: its repr is its value
    if key not in _FORMATTERS:
        try:
            _FORMATTERS[key] = LocaleFormat(loc.babel_locale, loc.style)
        except L10nError as exc:
            raise ConfigError(
                f"[tool.l10n] locales.{loc.code}: {exc.message}", path="pyproject.toml", hint="use a CLDR locale"
            ) from None
    return _FORMATTERS[key]


def review(config: Config, names: tuple[str, ...] = ()) -> Report:
    """Write ``build/review/<slug>.html``: source and translations side by side, for translators."""
    reports = []
    for path in store.article_paths(config, names):
        article = store.read_article(path, config)
        columns = []
        for loc in config.targets:
            po_file = po_path(config, loc.code, article.slug)
            entries: dict[str, tuple[str | tuple[str, ...], bool]] = {}
            plural = None
            if store.exists(po_file):
                po = _read_po(po_file, loc, config)
                entries = {e.msgid: (_review_text(e), "fuzzy" in e.flags) for e in po if not e.obsolete}
                plural = catalog.plural_rule(po)
            columns.append(ReviewColumn(loc.code, _formatter(loc), entries, plural))
        target = config.build_dir / "review" / f"{article.slug}.html"
        outcome = store.write_text(target, to_review_html(article, config.source.code, tuple(columns)), durable=False)
        reports.append(FileReport(config.key(target), outcome, f"{len(article.sentences)} sentences"))
    return Report(tuple(reports))


def _review_text(entry: polib.POEntry) -> str | tuple[str, ...]:
    """An entry's msgstr, or its plural forms (empty when any form is)."""
    if entry.msgid_plural:
        forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        return forms if forms and all(forms) else ""
    return entry.msgstr


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of an article a locale has translated, in percent.

    Attributes:
        messages: Of its distinct messages.
        sentences: Of its sentences, counting each occurrence.
    """

    messages: float
    sentences: float

    @classmethod
    def of(cls, doc) -> Coverage:
        """Measure a localised article."""
        sentences = doc.sentences
        if not sentences:
            return cls(100.0, 100.0)
        done = sum(1 for s in sentences if s.status is Status.TRANSLATED)
        by_msgid: dict[str, bool] = {}
        for source, rendered in zip(doc.article.sentences, sentences, strict=True):
            by_msgid[source.template.msgid] = rendered.status is Status.TRANSLATED
        return cls(100.0 * sum(by_msgid.values()) / len(by_msgid), 100.0 * done / len(sentences))


def _fallbacks(doc, po_file: Path, lines: dict[str, int] | None = None) -> list[Notice]:
    """A notice for every sentence published in the source language instead of the translation.

    ``lines`` gives each msgid's line in the catalogue, so that a refusal names the entry to fix.
    """
    notices = []
    lines = lines or {}
    for sentence, source in zip(doc.sentences, doc.article.sentences, strict=True):
        if sentence.status is Status.REFUSED:
            notices.append(
                Notice(
                    po_file,
                    lines.get(source.template.msgid),
                    f"translation of the sentence on {doc.article.path}:{sentence.line} refused: "
                    f"{sentence.reason}; the source sentence is used",
                    "warning",
                )
            )
        elif sentence.status is not Status.TRANSLATED:
            notices.append(
                Notice(
                    po_file,
                    None,
                    f"{doc.article.path}:{sentence.line} falls back to the source ({sentence.status.value}): "
                    f"{_short(source.text)}",
                    "note",
                )
            )
    return notices


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _templates(config: Config) -> dict[str, str]:
    """Every template, by slug (its path as a string)."""
    templates = store.files_by_stem(config.locale_dir, ".pot")
    if not templates:
        raise CatalogError(
            "no templates (*.pot) found",
            path=config.relative(config.locale_dir),
            hint="run l10n extract first",
        )
    return templates


def _read_po(path: Path, loc: LocaleConfig, config: Config) -> polib.POFile:
    return _check_language(store.read_catalog(path, config), path, loc, config)


def _check_language(po: polib.POFile, path: Path, loc: LocaleConfig, config: Config) -> polib.POFile:
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
        expected = catalog.plural_count(loc.code)
        if m is None or int(m.group(1)) != expected:
            raise CatalogError(
                f"Plural-Forms says {plural.split(';')[0].strip()!r}; {loc.code} has {expected} plural forms in CLDR",
                path=config.relative(path),
                hint=f"use Plural-Forms: {catalog.plural_forms(loc.code)}",
            )
        problem = catalog.plural_problem(po)
        if problem:
            raise CatalogError(
                f"Plural-Forms: {problem}",
                path=config.relative(path),
                hint=f"use Plural-Forms: {catalog.plural_forms(loc.code)}",
            )
    return po


def _describe(po: polib.POFile) -> str:
    s = catalog.stats(po)
    return f"{s.translated} translated, {s.fuzzy} fuzzy, {s.untranslated} untranslated, {s.obsolete} obsolete"


def _count(sentences: tuple) -> str:
    total = len(sentences)
    if sentences and sentences[0].status is Status.SOURCE:
        return f"{total} sentences, source language"
    translated = sum(1 for s in sentences if s.status is Status.TRANSLATED)
    fell_back = total - translated
    return f"{total} sentences: {translated} translated, {fell_back} fell back to the source"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The findings of ``l10n check`` over every catalogue examined."""

    findings: tuple[Finding, ...]
    catalogs: int

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


@dataclass(frozen=True, slots=True)
class StatsRow:
    """Counts for one catalogue (or the total): messages and source words per state."""

    lang: str
    article: str
    messages: dict[str, int]
    words: dict[str, int]

    @property
    def percent(self) -> float:
        """Share of active messages that are translated, 0-100."""
        active = sum(v for k, v in self.messages.items() if k != "obsolete")
        return 100.0 * self.messages["translated"] / active if active else 100.0


def check(config: Config, locales: tuple[LocaleConfig, ...]) -> CheckReport:
    """Run every check on the catalogues of ``locales``.

    A catalogue that cannot be parsed is one ``po-syntax`` error (with its
    line and column); the others are still checked.
    """
    glossary = store.read_glossary(config)
    findings: list[Finding] = []
    count = 0
    for loc in locales:
        for path in _catalogs(config, loc):
            count += 1
            shown = config.key(path)
            try:
                po = _read_po(path, loc, config)
            except CatalogError as exc:
                message = exc.message + (f" ({exc.hint})" if exc.hint else "")
                findings.append(Finding(shown, exc.line, Severity.ERROR, message, "po-syntax", exc.column))
                continue
            findings.extend(check_catalog(po, shown, loc.code, glossary))
            findings.extend(_foreign_format_findings(po, path, shown))
    return CheckReport(tuple(findings), count)


def _foreign_format_findings(po: polib.POFile, path: Path, shown: str) -> list[Finding]:
    """The verdict of msgfmt on format flags this project does not check itself (qt-format, …), or a warning."""
    approved = [e.flags for e in po if not e.obsolete and "fuzzy" not in e.flags]
    formats = gnu.foreign_formats(approved)
    if not formats:
        return []
    verdict = gnu.msgfmt_formats(path)
    if not verdict.installed:
        named = ", ".join(formats)
        message = f"{named} not checked: GNU msgfmt, which checks them, is not installed"
        return [Finding(shown, None, Severity.WARNING, message, "format")]
    return [Finding(shown, line, Severity.ERROR, f"msgfmt: {message}", "format") for line, message in verdict.errors]


def stats(config: Config, locales: tuple[LocaleConfig, ...]) -> tuple[StatsRow, ...]:
    """Messages and words translated, fuzzy, untranslated and obsolete, per catalogue, with totals per locale."""
    rows = []
    for loc in locales:
        total_m: dict[str, int] = dict.fromkeys(_STATES, 0)
        total_w: dict[str, int] = dict.fromkeys(_STATES, 0)
        for path in _catalogs(config, loc):
            po = _read_po(path, loc, config)
            messages = dict.fromkeys(_STATES, 0)
            words = dict.fromkeys(_STATES, 0)
            for e in po:
                state = catalog.state(e)
                messages[state] += 1
                words[state] += len(e.msgid.split())
            rows.append(StatsRow(loc.code, path.stem, messages, words))
            for state in _STATES:
                total_m[state] += messages[state]
                total_w[state] += words[state]
        rows.append(StatsRow(loc.code, "total", total_m, total_w))
    return tuple(rows)


def compile_catalogs(
    config: Config, locales: tuple[LocaleConfig, ...], jobs: int = 1, progress: Progress = _quiet
) -> Report:
    """Write ``<slug>.mo`` next to each PO file, as ``msgfmt`` would.

    An MO file whose catalogue is unchanged is not made again (content
    hashes decide, see :class:`_Cache`).

    Args:
        config: The project.
        locales: The languages to compile.
        jobs: Worker processes (catalogues are independent).
        progress: Told how many of the MO files to make are done.
    """
    cache = _Cache(config)
    reports = []
    todo = []
    for loc in locales:
        for path in _catalogs(config, loc):
            target = path.with_suffix(".mo")
            inputs = cache.inputs("compile", loc.code, config.key(path), cache.file_digest(path))
            if cache.fresh(target, inputs):
                reports.append(FileReport(config.key(target), Outcome.UNCHANGED, "up to date"))
            else:
                todo.append((loc, _Task(path, target, inputs)))
    notices: list[Notice] = []
    for made in _parallel(_compile_catalog, todo, jobs, progress, config):
        reports.append(made.report)
        notices.extend(made.notices)
        cache.remember(made.task.target, made.task.inputs, made.digest)
    cache.save()
    reports.sort(key=lambda r: r.path)
    return Report(tuple(reports), tuple(notices))


@dataclass(frozen=True, slots=True)
class _Compiled:
    task: _Task
    report: FileReport
    digest: str
    notices: tuple[Notice, ...] = ()


def _compile_catalog(item: tuple[LocaleConfig, _Task]) -> _Compiled:
    """Compile one catalogue and write its MO file (in a worker process when -j > 1)."""
    config: Config = _context()
    loc, task = item
    po = _read_po(task.path, loc, config)
    # What build refuses to publish, the MO does not get either (software reading it would show it).
    kept = polib.POFile()
    kept.metadata = po.metadata
    notices = []
    for entry in po:
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        reasons = [
            refusal(
                entry.msgid_plural if entry.msgid_plural and n else entry.msgid,
                form,
                is_format="python-brace-format" in entry.flags,
                markdown=any(file.endswith(".md") for file, _ in entry.occurrences),
            )
            for n, form in enumerate(forms)
            if form and not entry.obsolete and "fuzzy" not in entry.flags
        ]
        reason = next((r for r in reasons if r), "")
        if reason:
            notices.append(Notice(config.relative(task.path), entry.linenum, f"left out of the MO file: {reason}"))
        else:
            kept.append(entry)
    data = compile_mo(kept)
    outcome = store.write_bytes(task.target, data, durable=False)
    report = FileReport(config.key(task.target), outcome, f"{catalog.stats(kept).translated} translated messages")
    return _Compiled(task, report, store.digest(data), tuple(notices))


_STATES = ("translated", "fuzzy", "untranslated", "obsolete")


def _catalogs(config: Config, loc: LocaleConfig) -> list[Path]:
    folder = config.locale_dir / loc.code / "LC_MESSAGES"
    return [Path(path) for path in store.files_by_stem(folder, ".po").values()]


def fetch(
    config: Config,
    url: str | None,
    *,
    from_file: Path | None = None,
    slug: str | None = None,
    force: bool = False,
    options: FetchOptions | None = None,
    now: datetime.datetime | None = None,
) -> Report:
    """Bring a news page into ``source/<slug>.md`` (front matter and Markdown body).

    Args:
        config: The project.
        url: The page to download; with ``from_file``, only its address (optional).
        from_file: A saved HTML page to read instead of the network.
        slug: The file name (default: made from the title).
        force: Overwrite an existing article.
        options: Timeouts, retries and the size cap.
        now: The fetch time written to the front matter (default: now, or
            ``SOURCE_DATE_EPOCH`` for reproducible runs).
    """
    from pipeline import fetch as web

    if from_file is not None:
        data = store.read_page(from_file, config)
        html = web.decode(data, "", str(from_file))
        address = url or web.canonical_url(html) or from_file.resolve().as_uri()
    else:
        if not url:
            raise UsageError("give the URL of the page to fetch, or --from-file PATH")
        page = web.download(url, options)
        html, address = page.html, page.url
    article = web.parse_page(html, address)
    name = slug if slug is not None else web.slugify(article.title)
    from pipeline.article import is_slug

    if not is_slug(name):
        # One safe file name: "../notes", "/etc/passwd" or "a/b" would write outside source/.
        raise UsageError(
            f"--slug {name!r} is not an article name",
            hint="use lower-case ASCII letters, digits, '-', '_' or '.', with no folder in it",
        )
    target = config.source_dir / f"{name}.md"
    stamp = now or _now()
    # The project is locked for the write only: a slow site must not keep other commands waiting.
    with store.project_lock(config):
        if store.exists(target) and not force:
            raise SourceError(
                "the article exists already", path=config.relative(target), hint="use --force to replace it or --slug"
            )
        outcome = store.write_text(target, web.to_markdown(article, stamp))
    paragraphs = sum(1 for block in article.body.split("\n\n") if block.strip())
    detail = f"{article.title!r}, {article.lang or 'language unknown'}, {paragraphs} blocks"
    # Saved all the same: the editor may want it, and extract skips it with the same reason.
    warning = web.language_warning(article.lang, config.source.code)
    notices = (Notice(config.relative(target), None, warning),) if warning else ()
    return Report((FileReport(config.key(target), outcome, detail),), notices)


def _now() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


def align_translations(
    config: Config,
    loc: LocaleConfig,
    pairs: tuple[tuple[str, Path], ...],
    *,
    approve_above: float | None = None,
    progress: Progress = _quiet,
) -> Report:
    """Bring published translations into the articles' catalogues of ``loc`` (``l10n align``).

    Each ``(article, translated file)`` is aligned sentence by sentence
    (:func:`pipeline.align.align`). A proposal fills only an entry nobody has
    translated; it is fuzzy, with a translator comment naming the file, line
    and bead, unless it is a 1-1 bead scored above ``approve_above`` that the
    build would publish exactly as printed. The catalogue is created from the
    article if it has none. An article that cannot be aligned is reported and
    the others go on.
    """
    reports: list[FileReport] = []
    notices: list[Notice] = []
    progress(0, len(pairs))
    for done, (name, translated) in enumerate(pairs, 1):
        try:
            report, found = _align_one(config, loc, name, translated, approve_above)
            reports.append(report)
            notices.extend(found)
        except (SourceError, CatalogError) as exc:
            notices.append(_error_notice(exc, config.relative(translated)))
        progress(done, len(pairs))
    return Report(tuple(reports), tuple(notices))


def _align_one(
    config: Config, loc: LocaleConfig, name: str, translated: Path, approve_above: float | None
) -> tuple[FileReport, list[Notice]]:
    from pipeline import align

    (path,) = store.article_paths(config, (name,))
    article = store.read_article(path, config)
    shown = _shown(translated, config)
    text = store.read_translation(translated, shown)
    alignment = align.align(article, text, loc.code, path=shown, fmt=_formatter(loc))
    target = po_path(config, loc.code, article.slug)
    if store.exists(target):
        po = _read_po(target, loc, config)
    else:
        formatters = {code.code: _formatter(code) for code in config.targets}
        pot = catalog.template(article, project=config.project, formatters=formatters)
        po = catalog.new_catalog(pot, loc.code, project=config.project, slug=article.slug)
    proposals = alignment.by_msgid()
    filled = approved = 0
    for entry in po:
        message = proposals.get(entry.msgid)
        if entry.obsolete or entry.msgctxt or message is None or catalog.state(entry) != "untranslated":
            continue
        if entry.msgstr or any(entry.msgstr_plural.values()):
            continue  # a translator's text, even unfinished: never overwritten
        line = alignment.sentences[message.target[0]].line if message.target else None
        where = f"{shown}:{line}" if line else shown
        note = f"Aligned from {where}: {message.describe()}"
        entry.tcomment = "\n".join(filter(None, (entry.tcomment, note)))
        if not message.msgstr:
            continue  # a 1-0 bead, or the second message of a 2-1: the comment says where its text is
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(
                entry.msgstr_plural or range(catalog.plural_count(loc.code)), message.msgstr
            )
        else:
            entry.msgstr = message.msgstr
        filled += 1
        exact = message.kind is align.BeadKind.ONE_ONE and message.complete and message.rebuilds is True
        if approve_above is not None and exact and not message.refusal and message.score > approve_above:
            approved += 1
        elif "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
    outcome = store.write_catalog(target, po, config.po_width or None)
    beads = ", ".join(f"{count} {kind}" for kind, count in sorted(alignment.counts().items()))
    detail = f"{filled} filled ({approved} approved, {filled - approved} fuzzy for review); beads: {beads}"
    notices = [
        Notice(
            Path(shown),
            sentence.line,
            f"added by the translator, not put on any message: {_short(sentence.text)}",
            "note",
        )
        for sentence in alignment.added
    ]
    return FileReport(config.key(target), outcome, detail), notices


def _shown(path: Path, config: Config) -> str:
    """A translated file as messages name it: relative to the project when inside it."""
    resolved = path.resolve()
    return config.key(resolved) if resolved.is_relative_to(config.root) else str(path)


def translated_pairs(config: Config, folder: Path) -> tuple[tuple[tuple[str, Path], ...], tuple[Notice, ...]]:
    """The ``(slug, file)`` pairs of a folder of published translations, and notices for files that fit no article.

    A file ``<slug>.txt`` or ``<slug>.md`` pairs with the article of that slug in the source folder.
    """
    files = {
        stem: path for suffix in store.ARTICLE_SUFFIXES for stem, path in store.files_by_stem(folder, suffix).items()
    }
    if not files and not store.exists(folder):
        raise UsageError(f"{folder}: not a folder")
    slugs = {store.slug_of(path, config) for path in store.article_paths(config)}
    pairs, notices = [], []
    for stem, path in sorted(files.items()):
        if stem in slugs:
            pairs.append((stem, Path(path)))
        else:
            notices.append(
                Notice(Path(_shown(Path(path), config)), None, "no article of this slug in the source folder")
            )
    return tuple(pairs), tuple(notices)
