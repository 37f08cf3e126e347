"""``l10n build``: the localised articles, ``build/<lang>/<slug>.<ext>``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import catalog, listing, plurals, sources, store, tuning
from pipeline.commands.common import formatter, other_language
from pipeline.config import Config, LocaleConfig
from pipeline.errors import CatalogError, SourceError
from pipeline.models import Article, FileReport, Outcome, Status
from pipeline.render import localize, to_html, to_md, to_txt
from pipeline.reports import Coverage, Notice, Progress, Report, count, error_notice, fallbacks, quiet
from pipeline.workers import context, each
from pipeline.workspace import Workspace


def build(
    project: Workspace | Config,
    locales: tuple[LocaleConfig, ...],
    formats: tuple[str, ...],
    names: tuple[str, ...] = (),
    min_translated: float | None = None,
    jobs: int = 1,
    progress: Progress = quiet,
    fallback_notes: int | None = None,
) -> Report:
    """Write ``build/<lang>/<slug>.<ext>`` for each article, locale and format.

    Args:
        project: The project, or the workspace of a run that shares its state with other commands.
        locales: The languages to build (the source language too, if named).
        formats: ``txt``, ``md``, ``html``.
        names: The articles (default: all).
        min_translated: The least share (0-100) of an article's messages, and
            of its sentences, that must be translated for a locale's output to
            be written (default: each locale's ``min-translated``). Below it,
            nothing is written and the previous output stays.
        jobs: Worker processes (articles are independent).
        progress: Told how many of the articles to build are done.
        fallback_notes: The most notes of sentences that fell back kept for
            one catalogue; past it, one notice counts them (see
            :func:`pipeline.reports.fallbacks`); 0: none, nor the count (for
            ``-q``, which shows no notes). Default: every one. A first build
            of 100,000 untranslated articles made millions of them.

    Returns:
        One line per file, and a notice for every sentence that fell back to
        the source (untranslated, fuzzy, or refused, with the reason).
    """
    ws = Workspace.of(project)
    config, state = ws.config, ws.state
    reports: list[FileReport] = []
    notices: list[Notice] = []
    work = []
    for path in listing.article_paths(config, names):
        source_key = config.key(path)
        source = state.file_digest(path)
        slug = listing.slug_of(path, config)
        tasks = []
        broken = None
        for loc in locales:
            is_source = loc.code == config.source.code
            po_file = ws.po_file(loc.code, slug)
            po_digest = None
            if not is_source:
                po_digest = state.file_digest(po_file)
                if po_digest is None and not store.exists(po_file):
                    other, broken = _why_unextracted(ws, path, slug)
                    if broken is not None:
                        break  # the article itself cannot be read: that is the one thing to say
                    if other:  # extract said so already: its source-language outputs are still built
                        reports.extend(
                            FileReport(ws.output_key(loc.code, slug, ext), Outcome.SKIPPED, other) for ext in formats
                        )
                        continue
                    # One article without a catalogue does not keep the others from being built.
                    missing = CatalogError(
                        f"no {loc.code} catalogue for this article",
                        path=config.relative(po_file),
                        hint="run l10n extract and l10n update first",
                    )
                    notices.append(error_notice(missing, config.relative(po_file)))
                    continue
                po_digest = po_digest or "unreadable"
            policy = loc.min_translated if min_translated is None else min_translated
            # Strings, not Paths, until something is to be written: pathlib's
            # parsing was most of a rerun's time at 10,000 articles.
            outputs = tuple(ws.output_file(loc.code, slug, ext) for ext in formats)
            keys = tuple(ws.output_key(loc.code, slug, ext) for ext in formats)
            inputs = state.inputs("build", source_key, source, loc.code, po_digest, f"{policy:g}")
            if all(state.fresh(name, inputs, key) for name, key in zip(outputs, keys, strict=True)):
                reports.extend(FileReport(key, Outcome.UNCHANGED, "up to date") for key in keys)
            else:
                tasks.append(_BuildTask(loc, tuple(map(Path, outputs)), inputs, policy, po_digest, fallback_notes))
        if broken is not None:
            notices.append(error_notice(broken, config.relative(path)))
            detail = "not built: the article has an error"
            reports.extend(
                FileReport(ws.output_key(loc.code, slug, ext), Outcome.SKIPPED, detail)
                for loc in locales
                for ext in formats
            )
            continue
        if tasks:
            work.append((path, source, tuple(tasks)))

    def take(done: _Built) -> None:
        reports.extend(done.reports)
        notices.extend(done.notices)
        for key, inputs, digest, stat in done.records:
            state.made(key, inputs, digest, stat)
        ws.save_made(tuning.MADE_HELD)

    each(_build_article, work, jobs, progress, ws, take)
    ws.save()
    in_build_order(reports, formats)
    return Report(tuple(reports), tuple(notices))


def _why_unextracted(ws: Workspace, path: Path, slug: str) -> tuple[str, SourceError | None]:
    """Why an article has no template: another language (see :func:`other_language`), or an error reading it."""
    if store.exists(ws.pot_path(slug)):
        return "", None
    try:
        return other_language(sources.read_article(path, ws.config), ws.config), None
    except SourceError as exc:
        return "", exc


def in_build_order(reports: list[FileReport], formats: tuple[str, ...]) -> None:
    """Sort outputs' reports by folder, then article, then format in the order asked for.

    Three stable sorts, the least significant key first, give the order of
    one sort by the three; each makes at most one key object per report,
    where one key tuple of three made four, for every output of the archive.
    """
    rank = {ext: n for n, ext in enumerate(formats)}
    reports.sort(key=lambda r: rank[r.path.rpartition(".")[2]])
    reports.sort(key=lambda r: r.path.rpartition("/")[2].rpartition(".")[0])
    folders: dict[str, str] = {}
    reports.sort(key=lambda r: folders.setdefault(folder := r.path.rpartition("/")[0], folder))


@dataclass(frozen=True, slots=True)
class _BuildTask:
    loc: LocaleConfig
    targets: tuple[Path, ...]
    inputs: str
    policy: float
    po_digest: str | None  # the content hash of the catalogue the outputs are made from
    fallback_notes: int | None  # see build


@dataclass(frozen=True, slots=True)
class _Built:
    reports: tuple[FileReport, ...]
    notices: tuple[Notice, ...]
    records: tuple[tuple[str, str, str, str], ...]  # for State.made: the key is its report's path, sent once


def _build_article(item: tuple[Path, str | None, tuple[_BuildTask, ...]]) -> _Built:
    """Build one article in every locale asked for (in a worker process when -j > 1).

    An error in the article, or in one language's catalogue, is reported and
    its outputs are left as they were; the other languages and articles are
    built (the command then exits with 1).
    """
    ws: Workspace = context()
    config = ws.config
    path, source, tasks = item
    try:
        article = ws.parsed_article(str(path), source) or sources.read_article(path, config)
        other = other_language(article, config)
        if other:
            skipped = tuple(FileReport(config.key(t), Outcome.SKIPPED, other) for task in tasks for t in task.targets)
            return _Built(skipped, (), ())
    except SourceError as exc:
        skipped = tuple(
            FileReport(config.key(t), Outcome.SKIPPED, "not built: the article has an error")
            for task in tasks
            for t in task.targets
        )
        return _Built(skipped, (error_notice(exc, config.relative(path)),), ())
    reports: list[FileReport] = []
    notices: list[Notice] = []
    records: list[tuple[str, str, str, str]] = []
    for task in tasks:
        try:
            _build_language(ws, article, task, reports, notices, records)
        except CatalogError as exc:  # a write that fails (a full disk) stops the command instead
            notices.append(error_notice(exc, config.relative(path)))
            detail = f"not built: the {task.loc.code} catalogue has an error"
            reports.extend(FileReport(config.key(t), Outcome.SKIPPED, detail) for t in task.targets)
    return _Built(tuple(reports), tuple(notices), tuple(records))


def _build_language(
    ws: Workspace,
    article: Article,
    task: _BuildTask,
    reports: list[FileReport],
    notices: list[Notice],
    records: list[tuple[str, str, str, str]],
) -> None:
    """Build one article's outputs in one language (see :func:`_build_article`)."""
    config = ws.config
    alternates = tuple(loc.code for loc in config.all_locales)
    loc = task.loc
    is_source = loc.code == config.source.code
    po_file = ws.po_path(loc.code, article.slug)
    translations: dict[str, str | tuple[str, ...]] = {}
    fuzzy: frozenset[str] = frozenset()
    plural = None
    if not is_source:
        view = ws.publishable(str(po_file), task.po_digest)
        if view is None:
            view = catalog.Publishable.of(ws.read_po(po_file, loc))
        fuzzy, translations = view.fuzzy, view.translations
        plural = plurals.header_rule({"Plural-Forms": view.plural_forms, "Language": view.language})
    doc = localize(
        article,
        loc.code,
        is_source=is_source,
        fmt=formatter(loc),
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
        lines: dict[str, int] = {}
        if any(s.status is Status.REFUSED for s in doc.sentences):
            # A refusal names the entry's line: only then is the catalogue read for its line numbers.
            lines = {e.msgid: e.linenum for e in ws.read_po(po_file, loc) if not e.obsolete}
        # Condensed here, in the worker: fewer notices to make, hold and send back.
        notices.extend(fallbacks(doc, config.relative(po_file), lines, task.fallback_notes))
    counts = count(doc.sentences)
    for target in task.targets:
        if target.suffix == ".txt":
            text = to_txt(doc)
        elif target.suffix == ".md":
            text = to_md(doc)
        else:
            text = to_html(doc, alternates, config.source.code)
        data = text.encode("utf-8")
        outcome = store.write_bytes(target, data, durable=False)
        key = config.key(target)
        records.append((key, task.inputs, store.digest(data), store.stat_key(target)))
        reports.append(FileReport(key, outcome, counts))
