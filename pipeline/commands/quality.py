"""``l10n check``, ``stats``, ``compile`` and ``review``: the catalogues checked, counted, compiled and shown."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import polib

from pipeline import catalog, entries, gnu, listing, plurals, sources, store
from pipeline.checks import Finding, Severity, check_catalog
from pipeline.commands.common import Task, formatter
from pipeline.config import Config, LocaleConfig
from pipeline.errors import CatalogError, SourceError
from pipeline.mo import compile_mo
from pipeline.models import FileReport, Outcome
from pipeline.reports import (
    STATES,
    CheckReport,
    Notice,
    Progress,
    Report,
    StatsReport,
    StatsRow,
    amount,
    error_notice,
    quiet,
)
from pipeline.review import ReviewColumn, to_review_html
from pipeline.workers import context, parallel
from pipeline.workspace import Workspace


def check(project: Workspace | Config, locales: tuple[LocaleConfig, ...]) -> CheckReport:
    """Run every check on the catalogues of ``locales``.

    A catalogue that cannot be parsed is one ``po-syntax`` error (with its
    line and column); the others are still checked.
    """
    ws = Workspace.of(project)
    config = ws.config
    glossary = sources.read_glossary(config)
    findings: list[Finding] = []
    catalogs = 0
    for loc in locales:
        for path in ws.catalogs(loc):
            catalogs += 1
            shown = config.key(path)
            try:
                po = ws.read_po(path, loc)
            except CatalogError as exc:
                message = exc.message + (f" ({exc.hint})" if exc.hint else "")
                findings.append(Finding(shown, exc.line, Severity.ERROR, message, "po-syntax", exc.column))
                continue
            findings.extend(check_catalog(po, shown, loc.code, glossary))
            findings.extend(_foreign_format_findings(po, path, shown))
    return CheckReport(tuple(findings), catalogs)


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


def stats(project: Workspace | Config, locales: tuple[LocaleConfig, ...]) -> StatsReport:
    """Messages and words translated, fuzzy, untranslated and obsolete, per catalogue, with totals per locale.

    A catalogue that cannot be read is reported (an error notice) and left out of the totals.
    """
    ws = Workspace.of(project)
    rows = []
    notices = []
    for loc in locales:
        total_m: dict[str, int] = dict.fromkeys(STATES, 0)
        total_w: dict[str, int] = dict.fromkeys(STATES, 0)
        for path in ws.catalogs(loc):
            try:
                po = ws.read_po(path, loc)
            except CatalogError as exc:
                notices.append(error_notice(exc, ws.config.relative(path)))
                continue
            messages = dict.fromkeys(STATES, 0)
            words = dict.fromkeys(STATES, 0)
            for e in po:
                state = entries.state(e)
                messages[state] += 1
                words[state] += len(e.msgid.split())
            rows.append(StatsRow(loc.code, path.stem, messages, words))
            for state in STATES:
                total_m[state] += messages[state]
                total_w[state] += words[state]
        rows.append(StatsRow(loc.code, "total", total_m, total_w))
    return StatsReport(tuple(rows), tuple(notices))


def compile_catalogs(
    project: Workspace | Config, locales: tuple[LocaleConfig, ...], jobs: int = 1, progress: Progress = quiet
) -> Report:
    """Write ``<slug>.mo`` next to each PO file, as ``msgfmt`` would.

    An MO file whose catalogue is unchanged is not made again (content
    hashes decide, see :class:`pipeline.state.State`).

    Args:
        project: The project, or its workspace.
        locales: The languages to compile.
        jobs: Worker processes (catalogues are independent).
        progress: Told how many of the MO files to make are done.
    """
    ws = Workspace.of(project)
    config, state = ws.config, ws.state
    reports = []
    todo = []
    for loc in locales:
        for path in ws.catalogs(loc):
            target = path.with_suffix(".mo")
            if state.made_digest(config.key(target)) is None:
                # Never compiled: made whatever the catalogue holds, so the worker that reads it hashes
                # it too (a first compile read every catalogue twice).
                todo.append((loc, Task(path, target, "")))
                continue
            inputs = state.inputs("compile", loc.code, config.key(path), state.file_digest(path))
            if state.fresh(target, inputs):
                reports.append(FileReport(config.key(target), Outcome.UNCHANGED, "up to date"))
            else:
                todo.append((loc, Task(path, target, inputs)))
    # One article's catalogues share their msgids: compiled one after the other (so in one worker's
    # chunk, too), a msgid's hash is still in mo's bounded cache when the next language needs it.
    order = sorted(range(len(todo)), key=lambda i: (todo[i][1].path.name, i))
    compiled = parallel(_compile_catalog, [todo[i] for i in order], jobs, progress, ws)
    notices: list[Notice] = []
    for _, made in sorted(zip(order, compiled, strict=True), key=lambda pair: pair[0]):
        reports.append(made.report)
        notices.extend(made.notices)
        if made.hashed is not None:
            state.hashed_elsewhere({config.key(made.task.path): made.hashed})
        if made.digest is not None:
            state.made(made.report.path, made.task.inputs, made.digest, made.stat)
    ws.save()
    reports.sort(key=lambda r: r.path)
    return Report(tuple(reports), tuple(notices))


@dataclass(frozen=True, slots=True)
class _Compiled:
    task: Task
    report: FileReport
    digest: str | None  # None: nothing was written (the catalogue has an error)
    notices: tuple[Notice, ...] = ()
    hashed: tuple[str, str] | None = None  # the catalogue's size and time and content hash, when hashed here
    stat: str = ""  # the MO file's size and time as written (stat'ed here, beside the other workers)


def _compile_catalog(item: tuple[LocaleConfig, Task]) -> _Compiled:
    """Compile one catalogue and write its MO file (in a worker process when -j > 1)."""
    ws: Workspace = context()
    config = ws.config
    loc, task = item
    hashed = None
    try:
        if task.inputs:
            po = ws.read_po(task.path, loc)
        else:  # never compiled: its inputs come from the bytes read here
            stat = store.stat_key(task.path)
            data = store.catalog_bytes(task.path, config)
            hashed = (stat, store.digest(data))
            key = config.key(task.path)
            task = replace(task, inputs=ws.state.inputs("compile", loc.code, key, hashed[1]))
            po = ws.read_po(task.path, loc, data)
    except CatalogError as exc:  # reported; the other catalogues are compiled
        skipped = FileReport(config.key(task.target), Outcome.SKIPPED, "not compiled: the catalogue has an error")
        return _Compiled(task, skipped, None, (error_notice(exc, config.relative(task.path)),), hashed)
    # What build refuses to publish, the MO does not get either (software reading it would show it).
    # Fuzzy and obsolete entries are not published at all, so they are not checked (nor kept: msgfmt
    # leaves them out, and they count as no translated message).
    published = []
    notices = []
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        reason = entries.refusal(entry)
        if reason:
            notices.append(Notice(config.relative(task.path), entry.linenum, f"left out of the MO file: {reason}"))
        else:
            published.append(entry)
    kept = polib.POFile()
    kept.metadata = po.metadata
    kept.extend(published)  # list.extend: POFile.append's duplicate check is off here anyway
    data = compile_mo(kept)
    outcome = store.write_bytes(task.target, data, durable=False)
    report = FileReport(config.key(task.target), outcome, amount(catalog.stats(kept).translated, "translated message"))
    return _Compiled(task, report, store.digest(data), tuple(notices), hashed, store.stat_key(task.target))


def review(project: Workspace | Config, names: tuple[str, ...] = ()) -> Report:
    """Write ``build/review/<slug>.html``: source and translations side by side, for translators."""
    ws = Workspace.of(project)
    config = ws.config
    reports = []
    notices = []
    for path in listing.article_paths(config, names):
        # A broken article or catalogue is reported and its page left as it was; the others are written.
        try:
            article = sources.read_article(path, config)
            columns = [_review_column(ws, loc, article.slug) for loc in config.targets]
        except (SourceError, CatalogError) as exc:
            notices.append(error_notice(exc, config.relative(path)))
            slug = listing.slug_of(path, config)
            reports.append(FileReport(config.key(ws.review_path(slug)), Outcome.SKIPPED, "not written: see the error"))
            continue
        target = ws.review_path(article.slug)
        outcome = store.write_text(target, to_review_html(article, config.source.code, tuple(columns)), durable=False)
        reports.append(FileReport(config.key(target), outcome, amount(len(article.sentences), "sentence")))
    return Report(tuple(reports), tuple(notices))


def _review_column(ws: Workspace, loc: LocaleConfig, slug: str) -> ReviewColumn:
    """One language's translations of an article for its review page (none if it has no catalogue yet)."""
    po_file = ws.po_path(loc.code, slug)
    translations: dict[str, tuple[str | tuple[str, ...], str]] = {}
    plural = None
    if store.exists(po_file):
        po = ws.read_po(po_file, loc)
        translations = {
            e.msgid: (entries.complete_translation(e) or "", entries.state(e)) for e in po if not e.obsolete
        }
        plural = plurals.plural_rule(po)
    return ReviewColumn(loc.code, formatter(loc), translations, plural)
