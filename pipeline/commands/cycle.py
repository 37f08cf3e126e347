"""``l10n all``: extract, update and build in one process, on one state."""

from __future__ import annotations

import contextlib
from pathlib import Path

from pipeline import listing, store
from pipeline.commands.build import build
from pipeline.commands.extract import extract
from pipeline.commands.update import standby_for, update
from pipeline.config import Config
from pipeline.models import FileReport, Outcome
from pipeline.reports import Notice, Progress, Report, joined, quiet
from pipeline.workspace import Workspace


def cycle(
    project: Workspace | Config,
    jobs: int = 1,
    progress: Progress = quiet,
    names: tuple[str, ...] = (),
    fallback_notes: int | None = None,
) -> Report:
    """Extract, update and build every article, locale and format, in one process.

    This is the whole job after a change to the archive. The commands share
    one state, so it is read and written once, and a file whose record an
    earlier step refreshed is not hashed again.

    Args:
        project: The project, or its workspace.
        jobs: Worker processes.
        progress: Told how far each of the three steps is.
        names: Only these articles (default: all). The day's edit of one
            article is then done without looking at the rest of the archive
            (but for the catalogues, which form the translation memory).
        fallback_notes: As for :func:`pipeline.commands.build.build`.

    Returns:
        The reports of the three steps, one after the other.
    """
    ws = Workspace.of(project)
    config = ws.config
    if not names and (settled := ws.settled()) is not None:
        return settled
    # The extract's records are written with the update's catalogues, in its
    # transaction (see update); the build writes its own after. If a step
    # fails, the next run checks again what the earlier steps wrote (and
    # finds it up to date).
    # A named article's update runs where each language's memory is read
    # while the state is read and the article extracted.
    standby = standby_for(ws, config.targets, jobs) if names else None
    # The build takes the articles the extract parsed, and what the update computed of each catalogue
    # it wrote, instead of reading them again.
    with standby or contextlib.nullcontext(), ws.passing_parsed():
        with ws.hold():
            extracted = extract(ws, names, jobs, progress)
        with ws.passing_merged():
            updated = update(ws, config.targets, None, None, jobs, progress, names, standby)
            built = build(ws, config.all_locales, config.formats, names, None, jobs, progress, fallback_notes)
    if names:
        return joined(extracted, updated, built)
    orphans = _orphans(ws)
    report = joined(extracted, updated, built, orphans)
    ws.settle(report, orphans.notices)
    return report


def _orphans(ws: Workspace) -> Report:
    """Remove what was made from articles that are gone; report their catalogues, which are kept.

    A retracted or renamed story must not stay published in ``build/``; its
    template and outputs are made from the source, so they go. Its catalogues
    hold translators' work: they stay (and keep serving the translation
    memory) until someone deletes them.
    """
    config = ws.config
    slugs = {listing.slug_of(path, config) for path in listing.article_paths(config)}
    reports: list[FileReport] = []
    notices: list[Notice] = []
    for folder, suffix in ws.made_folders():
        for stem, path in sorted(ws.listed_at_start(folder, suffix).items()):
            if stem not in slugs:
                store.remove(Path(path))
                reports.append(FileReport(config.key(path), Outcome.REMOVED, "its article is gone"))
    for loc in config.targets:
        for stem, path in sorted(ws.listed_at_start(ws.catalog_folder(loc.code), ".po").items()):
            if stem not in slugs:
                message = "its article is gone; kept for its translations (delete it to drop them from the memory)"
                notices.append(Notice(config.relative(path), None, message))
    return Report(tuple(reports), tuple(notices))
