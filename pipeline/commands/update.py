"""``l10n init`` and ``l10n update``: catalogues made from the templates and merged with them, as msgmerge does."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import catalog, listing, memory_store, pofile, records, state_db, store, tuning
from pipeline.config import Config, LocaleConfig
from pipeline.errors import CatalogError
from pipeline.memory import TranslationMemory, memory_pairs
from pipeline.memory_db import DamagedMemory
from pipeline.models import FileReport, Outcome
from pipeline.parsed import Parsed
from pipeline.reports import Progress, Report, changes, describe, quiet
from pipeline.workers import Standby, context, each, parallel, told
from pipeline.workspace import Workspace


def init(project: Workspace | Config, locales: tuple[LocaleConfig, ...]) -> Report:
    """Create a PO file per template and locale; never overwrite an existing one."""
    ws = Workspace.of(project)
    config = ws.config
    reports = []
    for slug, pot_file in ws.templates().items():
        pot = store.read_catalog(Path(pot_file), config)
        for loc in locales:
            target = ws.po_path(loc.code, slug)
            if store.exists(target):
                reports.append(FileReport(config.key(target), Outcome.SKIPPED, "exists; l10n update merges it"))
                continue
            po = catalog.new_catalog(pot, loc.code, slug=slug)
            outcome = store.write_catalog(target, po, config.po_width or None)
            reports.append(FileReport(config.key(target), outcome, f"{len(po)} messages"))
    return Report(tuple(reports))


def update(
    project: Workspace | Config,
    locales: tuple[LocaleConfig, ...],
    options: catalog.MergeOptions | None = None,
    width: int | None = None,
    jobs: int = 1,
    progress: Progress = quiet,
    names: tuple[str, ...] = (),
    standby: Standby | None = None,
) -> Report:
    """Merge each template into its PO files, creating the missing ones.

    Every catalogue of a language is checked before any is written (read
    now, or read by an earlier run when its bytes are those cached in
    ``.l10n/``, see :mod:`pipeline.memory_store`), so one broken file stops
    the run with nothing changed; the approved translations of all of them
    form the translation memory for each other.

    The catalogues and the memory caches of one update take effect
    together (one :func:`pipeline.store.transaction`): a rerun after a kill
    or a full disk starts from all of them as they were before or after, and
    gives the bytes an uninterrupted run gives. The state's records are
    committed just before them, in SQLite's own transaction: a kill between
    the two leaves records of files not yet in place, which a rerun finds
    changed (by size and time, then content) and makes again.

    Args:
        project: The project, or the workspace of a run that shares its state with other commands.
        locales: The languages to update.
        options: Fuzzy matching and obsolete handling (default: the config's).
        width: The PO line width, 0 for no wrapping (default: the config's).
        jobs: Worker processes for merging (they share the translation memory).
        progress: Told how many of the stale catalogues of a language are merged (of the
            languages together when they run side by side, their memories' reading included).
        names: Only these articles' catalogues (default: all); the memory is
            still that of every catalogue.
        standby: Processes reading each language's memory already (see
            :func:`standby_for`; by default, a named update starts its own).
    """
    ws = Workspace.of(project)
    own = standby is None and bool(names)
    if own:
        standby = standby_for(ws, locales, jobs)
    try:
        return _update(ws, locales, options, width, jobs, progress, names, standby)
    finally:
        if own and standby is not None:
            standby.close()


def standby_for(ws: Workspace, locales: tuple[LocaleConfig, ...], jobs: int) -> Standby | None:
    """A process per language reading its saved memory now, for an update of a few catalogues to run in.

    The update of a named article merges a catalogue or two per language,
    and loading the language's memory is most of its time: started before
    the state is read and the article extracted, it is done when the merge
    needs it. None unless every language can have a process of its own.
    """
    if len(locales) < 2 or jobs < len(locales):
        return None
    return Standby([loc.code for loc in locales], _read_ahead, ws)


# In a Standby process: each language's catalogues and their content hashes, found while the command extracted.
_LISTED: dict[str, tuple[dict[str, str], dict[str, str | None]]] = {}


def _read_ahead(code: str) -> None:
    """Read a language's saved memory, and hash its catalogues, in its :class:`Standby` process.

    Looking at every catalogue of the language (a listing, a size and time
    each, their records in the state) was most of a named edit's time in
    a large archive, one language after the other in the command: here
    the languages do it side by side, while the command extracts. The
    extract writes no catalogue, so what is found here still holds when
    the update is planned.
    """
    memory_store.read_ahead(code)
    ws: Workspace = context()
    # A project without state.db yet may have one to move in from an earlier version: the command does that.
    if store.exists(ws.config.root / state_db.STATE_DB):
        _LISTED[code] = _catalogues(ws, code)


def _catalogues(ws: Workspace, code: str) -> tuple[dict[str, str], dict[str, str | None]]:
    """A language's catalogues by slug, and their content hashes."""
    state = ws.state
    catalogs = ws.catalog_files(code)
    ws.stat_folder(ws.catalog_folder(code))
    return catalogs, {slug: state.file_digest(path) for slug, path in catalogs.items()}


def _update(
    ws: Workspace,
    locales: tuple[LocaleConfig, ...],
    options: catalog.MergeOptions | None,
    width: int | None,
    jobs: int,
    progress: Progress,
    names: tuple[str, ...],
    standby: Standby | None,
) -> Report:
    state = ws.state
    with store.transaction(ws.config):
        config = ws.config
        options = options or catalog.MergeOptions(threshold=config.fuzzy_threshold)
        width = config.po_width if width is None else width
        # Named articles: their templates alone, without listing every template of the archive.
        pot_files = {slug: _template_of(ws, slug) for slug in _slugs(config, names)} if names else ws.templates()
        pot_digests = {slug: state.file_digest(path) for slug, path in pot_files.items()}
        setting = f"{options!r} {width}"
        shared = _Updating(ws, options, width, store.digest(state.base.encode("utf-8")), jobs, progress)
        codes = [loc.code for loc in locales]
        memory_keys: dict[str, str] = {}
        if standby is not None and len(pot_digests) < tuning.SIDE_BY_SIDE and set(codes) <= set(standby.keys()):
            # A few named articles: each language planned and merged where its memory was read.
            plans, done, memory_keys = _update_planned_ahead(ws, locales, standby, pot_digests, setting, names, shared)
        else:
            plans = [_plan(ws, loc, pot_digests, setting, names) for loc in locales]
            done = _update_busy(ws, [plan for plan in plans if plan.stale], shared, standby)
        merged = {(d.code, m.slug): m for d in done for m in d.merged}
        reports = []
        for plan in plans:
            code = plan.loc.code
            for slug in pot_digests:
                m = merged.get((code, slug))
                target = ws.po_file(code, slug)
                if m is not None:
                    plan.digests[slug] = m.digest
                    if m.view is not None:
                        ws.merged(target, m.digest, m.view)
                reports.append(m.report if m else FileReport(config.key(target), Outcome.UNCHANGED, "up to date"))
            for slug in plan.stale:
                m = merged[(code, slug)]
                own = (code, slug, pot_digests[slug], plan.digests.get(slug))
                inputs = state.inputs("update", *own, "tied" if m.consults_memory else "-", setting)
                state.remember(ws.po_file(code, slug), inputs, plan.digests[slug])
            # Every tied catalogue is now taken as merged with the memory as it
            # is after this update, so that a rerun with nothing changed does no
            # work at all (a change this update made to the memory reaches the
            # others when they are next merged).
            if plan.all_merged:
                state.set_value(_memory_record(code), memory_keys.get(code) or _memory_key(plan.digests))
        ws.save()
        return Report(tuple(reports))


def _update_busy(
    ws: Workspace, busy: list[_LanguagePlan], shared: _Updating, standby: Standby | None
) -> list[_LanguageDone]:
    """Update the languages that have stale catalogues, side by side where that pays."""
    finished = False
    done: list[_LanguageDone] = []
    try:
        few = bool(busy) and max(len(plan.stale) for plan in busy) < tuning.SIDE_BY_SIDE
        codes = [plan.loc.code for plan in busy]
        if standby is not None and not (few and set(codes) <= set(standby.keys())):
            standby.close()  # not needed: its processes do not hold their memories while the languages merge
        if (standby is None or not standby.keys()) and not few and shared.jobs >= len(busy) > 1:
            # Many: each language in processes of its own, so that the steps
            # one process does (building and saving the memory) run beside
            # the other languages' merges instead of leaving cores idle.
            standby = Standby(codes, memory_store.read_ahead, ws)
        if standby is not None and standby.keys():
            # Each language where its memory is being read already (run stops the others).
            ahead = _Ahead(shared.options, shared.width, shared.base, max(1, shared.jobs // len(busy)), ws.keeps_merged)
            done = standby.run([(plan.loc.code, _update_ahead, (plan, ahead)) for plan in busy], shared.progress)
        elif few and shared.jobs > 1 and len(busy) > 1:
            # A few catalogues per language (the daily edit): building each
            # language's translation memory is most of the work, so the
            # languages run side by side, each in one process.
            alone = dataclasses.replace(shared, jobs=1, progress=quiet)
            done = parallel(_update_language, busy, min(shared.jobs, len(busy)), quiet, alone)
        else:
            done = [_update_language(plan, shared) for plan in busy]
        finished = True
    finally:
        # Like the state, the memories change only once every language has succeeded.
        for plan in busy:
            memory_store.publish(ws.config, plan.loc.code, keep=finished)
    return done


@dataclass(frozen=True, slots=True)
class _LanguagePlan:
    """One language's catalogues (by slug), their content hashes, and the stale ones."""

    loc: LocaleConfig
    catalogs: dict[str, str]
    digests: dict[str, str | None]  # updated as catalogues are merged
    stale: tuple[str, ...]
    all_merged: bool  # every tied catalogue is now merged with the memory as it was
    written: dict[str, str]  # stale catalogues holding what the last update wrote: their content hashes
    recorded: str | None = None  # the memory the tied catalogues were last merged with (see _memory_key)


def _plan(
    ws: Workspace, loc: LocaleConfig, pot_digests: dict[str, str | None], setting: str, names: tuple[str, ...]
) -> _LanguagePlan:
    """Which catalogues of a language are stale."""
    state = ws.state
    listed = _LISTED.pop(loc.code, None)
    catalogs, digests = listed if listed is not None else _catalogues(ws, loc.code)
    before = _memory_key(digests)
    # A catalogue with an untranslated entry depends on the memory of the
    # whole language (another catalogue's new translation may fill it);
    # any other on nothing but its template and itself, so that a
    # translator's edit does not make every catalogue stale. The first
    # kind is recorded as "tied", and one record per language says which
    # memory they were all merged with: a changed memory then costs one
    # record, not one per catalogue.
    recorded = state.value(_memory_record(loc.code))
    memory_held = recorded == before
    stale = []
    written: dict[str, str] = {}
    for slug in pot_digests:
        target = ws.po_file(loc.code, slug)
        own = (loc.code, slug, pot_digests[slug], digests.get(slug))
        if state.fresh(target, state.inputs("update", *own, "-", setting)):
            continue
        tied = state.inputs("update", *own, "tied", setting)
        if not (memory_held and state.fresh(target, tied)):
            stale.append(slug)
            # Stale only because the memory changed: it holds the bytes the last
            # update wrote from this template and these settings.
            if (digest := digests.get(slug)) is not None and state.made_as(target, tied) == digest:
                written[slug] = digest
    # Merging only some catalogues leaves the others as they were: their
    # record of the memory may move on only if it was right before.
    return _LanguagePlan(loc, catalogs, digests, tuple(stale), memory_held or not names, written, recorded)


def _slugs(config: Config, names: tuple[str, ...]) -> list[str]:
    """The slugs of the named articles (checked as extract and build check them)."""
    return [listing.slug_of(path, config) for path in listing.article_paths(config, names)]


def _template_of(ws: Workspace, slug: str) -> str:
    path = ws.pot_path(slug)
    if not store.exists(path):  # anything there (a folder too) is read, and says what is wrong with it
        raise CatalogError(
            "no template for this article",
            path=ws.config.relative(path),
            hint="run l10n extract first",
        )
    return str(path)


def _memory_record(code: str) -> str:
    """The name of a language's value in the state: the memory its tied catalogues were merged with."""
    return f"memory {code}"


def _memory_key(digests: dict[str, str | None]) -> str:
    """One hash of every catalogue of a language: what its translation memory is made from."""
    return store.digest("".join(f"{k}:{v};" for k, v in sorted(digests.items())).encode())


@dataclass(frozen=True, slots=True)
class _Updating:
    """What every language's update shares."""

    workspace: Workspace
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
    shared = shared or context()
    ws, loc = shared.workspace, plan.loc
    cats = memory_store.Catalogues(
        loc, {slug: ws.config.key(path) for slug, path in plan.catalogs.items()}, plan.digests
    )
    # Any work needs the translation memory: the approved translations of
    # every catalogue of the language. The memory an earlier run built is
    # loaded and patched with the few catalogues that changed since; building
    # it again was most of the time of a one-article edit.
    whole = tuning.read_memory_whole(len(plan.stale), len(plan.catalogs))
    # Whether the memory answers as before matters only to tied catalogues that hold what the last update wrote.
    judge = bool(plan.written) and plan.recorded is not None
    loaded = memory_store.load(ws, shared.base, cats, shared.jobs, shared.progress, whole=whole, judge=judge)
    try:
        stale, kept = list(plan.stale), []
        if _answers_held(plan, cats, loaded):
            # A translator's rewording elsewhere: the memory answers every look-up as it did when
            # the tied catalogues were last merged, so those holding what that update wrote are
            # still merged, and need not be read.
            kept = [_still_merged(ws, loc, slug, digest) for slug, digest in plan.written.items()]
            stale = [slug for slug in stale if slug not in plan.written]
        merging = _Merging(
            ws, loc, shared.options, shared.width, loaded.memory, frozenset(plan.catalogs), plan.written, loaded.read
        )
        merged: list[_MergedCatalog] = []
        budget = tuning.VIEWS_KEPT

        def take(m: _MergedCatalog) -> None:
            nonlocal budget
            if m.view is not None:
                # Past the budget the build reads the catalogue again: held, the views of 100,000
                # articles were every translation of the archive, in the command's process.
                budget -= len(m.view.translations) + len(m.view.fuzzy)
                if budget < 0:
                    m = dataclasses.replace(m, view=None)
            if isinstance(m.pairs, list):
                m = dataclasses.replace(m, pairs=memory_store.packed(loaded, m.pairs))
            merged.append(m)

        each(_merge_catalog, stale, shared.jobs, shared.progress, merging, take)
        if loaded.read is not None:
            loaded.read.close()  # what the merges read: its room on disk is the save's now
        # Saving the memory is the language's peak of memory: the lines remembered for writing catalogues go first.
        pofile.forget_written()
        memory_store.stage(ws, shared.base, cats, loaded, [(m.slug, m.digest, m.pairs) for m in merged])
    except DamagedMemory as exc:  # the next run checks the file whole, and builds the memory again
        if exc.path is not None:
            records.unseal(Path(exc.path))
        raise
    finally:
        memory_store.release(loaded)
    # The translations are in the memory now: held until every language is done, they were a language's worth of RSS.
    return _LanguageDone(loc.code, (*(dataclasses.replace(m, pairs=[]) for m in merged), *kept))


def _answers_held(
    plan: _LanguagePlan, cats: memory_store.Catalogues, loaded: memory_store.Saved | memory_store.Built
) -> bool:
    """Whether the memory answers every look-up as the one the tied catalogues were last merged with did."""
    made_of = loaded.answered_as if isinstance(loaded, memory_store.Saved) else None
    if made_of is None:  # not asked (no record to compare with), or it may answer otherwise
        return False
    slugs = {key: slug for slug, key in cats.keys.items()}
    return _memory_key({slugs[key]: digest for key, digest in made_of.items()}) == plan.recorded


def _still_merged(ws: Workspace, loc: LocaleConfig, slug: str, digest: str) -> _MergedCatalog:
    """A catalogue left as the last update wrote it, unread (see :func:`_answers_held`)."""
    report = FileReport(ws.config.key(ws.po_path(loc.code, slug)), Outcome.UNCHANGED, "up to date")
    return _MergedCatalog(slug, report, digest, [], consults_memory=True, view=None)


@dataclass(frozen=True, slots=True)
class _Ahead:
    """What a :class:`Standby` process is sent for its language's update: :class:`_Updating` but the workspace."""

    options: catalog.MergeOptions
    width: int
    base: str
    jobs: int
    keeps_merged: bool  # whether a build follows in this run (see Workspace.passing_merged)


def _update_ahead(call: tuple[_LanguagePlan, _Ahead]) -> _LanguageDone:
    """:func:`_update_language` in the language's :class:`Standby` process, whose context is the workspace."""
    plan, ahead = call
    ws: Workspace = context()
    with ws.passing_merged() if ahead.keeps_merged else contextlib.nullcontext():
        shared = _Updating(ws, ahead.options, ahead.width, ahead.base, ahead.jobs, told)
        return _update_language(plan, shared)


def _update_planned_ahead(
    ws: Workspace,
    locales: tuple[LocaleConfig, ...],
    standby: Standby,
    pot_digests: dict[str, str | None],
    setting: str,
    names: tuple[str, ...],
    shared: _Updating,
) -> tuple[list[_LanguagePlan], list[_LanguageDone], dict[str, str]]:
    """Each language planned and updated in its :class:`Standby` process (see :func:`_read_ahead`).

    Returns:
        The plans, as the command needs them (the named articles' catalogues
        only), what each language merged, and the hash of each language's
        catalogues after its merge (what the memory is now made of).
    """
    ahead = _Ahead(shared.options, shared.width, shared.base, max(1, shared.jobs // len(locales)), ws.keeps_merged)
    calls: list[tuple[str, Callable, object]] = [
        (loc.code, _plan_and_update_ahead, (loc, pot_digests, setting, names, ahead)) for loc in locales
    ]
    finished = False
    try:
        answers = standby.run(calls, shared.progress)
        finished = True
    finally:
        # Like the state, the memories change only once every language has succeeded.
        for loc in locales:
            memory_store.publish(ws.config, loc.code, keep=finished)
    for *_, hashed in answers:
        ws.state.hashed_elsewhere(hashed)
    return [a[0] for a in answers], [a[1] for a in answers], {a[1].code: a[2] for a in answers}


def _plan_and_update_ahead(
    call: tuple[LocaleConfig, dict[str, str | None], str, tuple[str, ...], _Ahead],
) -> tuple[_LanguagePlan, _LanguageDone, str, dict[str, tuple[str, str]]]:
    """One language's :func:`_plan` and update, in its :class:`Standby` process (see :func:`_update_planned_ahead`)."""
    loc, pot_digests, setting, names, ahead = call
    ws: Workspace = context()
    plan = _plan(ws, loc, pot_digests, setting, names)
    done = _update_ahead((plan, ahead)) if plan.stale else _LanguageDone(loc.code, ())
    after = dict(plan.digests)
    after.update((m.slug, m.digest) for m in done.merged)
    named = {slug: plan.digests.get(slug) for slug in pot_digests}
    light = dataclasses.replace(plan, catalogs={}, digests=named, written={})
    return light, done, _memory_key(after), ws.state.hashed()


@dataclass(frozen=True, slots=True)
class _Merging:
    """What the workers merging one language's catalogues share (:func:`memory_store.in_its_catalogue` too)."""

    workspace: Workspace
    loc: LocaleConfig
    options: catalog.MergeOptions
    width: int
    memory: TranslationMemory
    present: frozenset[str]  # the articles that have a catalogue already
    written: dict[str, str]  # as in _LanguagePlan
    parsed: Parsed | None  # catalogues read for the memory, kept


@dataclass(frozen=True, slots=True)
class _MergedCatalog:
    slug: str
    report: FileReport
    digest: str
    pairs: list[str] | bytes  # the approved translations, flat as cached (or memory_store.packed)
    consults_memory: bool  # whether merging it again could take from the memory
    view: catalog.Publishable | None  # what the build needs of it, when a build follows in this run


def _merge_catalog(slug: str) -> _MergedCatalog:
    """Merge one article's template into its catalogue and write it (in a worker when -j > 1)."""
    shared: _Merging = context()
    ws, loc = shared.workspace, shared.loc
    config = ws.config
    target = ws.po_path(loc.code, slug)
    source = config.key(target)
    created = slug not in shared.present
    old = None if created else _catalogue(shared, target, source)
    # A file that holds what the last update wrote from this template, when
    # only the memory changed since (a translator's edit elsewhere), changes
    # only if the memory now has something for what it lacks.
    digest = shared.written.get(slug)
    if (
        old is not None
        and digest is not None
        and catalog.still_merged(
            old, shared.memory, options=shared.options, source=source, confirm=memory_store.in_its_catalogue
        )
    ):
        return _merged(shared, slug, old, FileReport(source, Outcome.UNCHANGED, describe(old)), digest)
    pot = store.read_catalog(ws.pot_path(slug), config)
    if old is None:
        old = catalog.new_catalog(pot, loc.code, slug=slug)
    merged = catalog.merge(
        old,
        pot,
        options=shared.options,
        memory=shared.memory,
        source=source,
        lang=loc.code,
        confirm=memory_store.in_its_catalogue,
    )
    text = catalog.render_catalog(merged.catalog, shared.width or None)
    outcome = store.write_text(target, text)
    detail = describe(merged.catalog)
    if outcome is not Outcome.UNCHANGED and not created:
        detail += "; " + changes(merged.counts)
    return _merged(shared, slug, merged.catalog, FileReport(source, outcome, detail), store.digest(text.encode()))


def _catalogue(shared: _Merging, path: Path, key: str) -> polib.POFile:
    """A catalogue as the memory was made from it (kept if it was read for that), else read now."""
    kept = shared.parsed.get(key, path) if shared.parsed is not None else None
    return kept if kept is not None else shared.workspace.read_po(path, shared.loc)


def _merged(shared: _Merging, slug: str, po: polib.POFile, report: FileReport, digest: str) -> _MergedCatalog:
    """What the update keeps of a catalogue it merged, ``po`` as merged."""
    pairs = records.flat(memory_pairs(po, shared.loc.code))
    view = catalog.Publishable.of(po) if shared.workspace.keeps_merged else None
    return _MergedCatalog(slug, report, digest, pairs, catalog.consults_memory(po), view)
