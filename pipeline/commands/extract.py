"""``l10n extract``: a POT template per article."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from pipeline import catalog, listing, sources, store
from pipeline.commands.common import Task, formatter, other_language
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.models import FileReport, Outcome
from pipeline.placeholders import impossible_dates
from pipeline.reports import Notice, Progress, Report, amount, error_notice, quiet
from pipeline.workers import context, each
from pipeline.workspace import Workspace


def extract(
    project: Workspace | Config, names: tuple[str, ...] = (), jobs: int = 1, progress: Progress = quiet
) -> Report:
    """Write ``locale/<slug>.pot`` for the named articles (default: all).

    A template whose article, configuration and tool are unchanged is not
    made again (content hashes decide, see :class:`pipeline.state.State`).

    Args:
        project: The project, or the workspace of a run that shares its state with other commands.
        names: The articles (default: all).
        jobs: Worker processes (articles are independent).
        progress: Told how many of the templates to make are done.
    """
    ws = Workspace.of(project)
    config, state = ws.config, ws.state
    todo = []
    reports = []
    for path in listing.article_paths(config, names):
        slug = listing.slug_of(path, config)
        target = ws.pot_path(slug)
        source = state.file_digest(path)
        inputs = state.inputs("extract", config.key(path), source, str(config.po_width))
        if state.fresh(target, inputs):
            reports.append(FileReport(config.key(target), Outcome.UNCHANGED, "up to date"))
            continue
        todo.append(Task(path, target, inputs))
    # A broken article is reported and its template left as it was; the others are made (exit 1).
    notices: list[Notice] = []

    def write(made: _Template) -> None:
        if made.text is None:
            reports.append(FileReport(config.key(made.task.target), Outcome.SKIPPED, made.detail))
        else:
            if made.parsed is not None:
                ws.parsed(str(made.task.path), *made.parsed)
            outcome = store.write_text(made.task.target, made.text, durable=False)
            state.record(made.task.target, made.task.inputs, made.text)
            reports.append(FileReport(config.key(made.task.target), outcome, made.detail))
        notices.extend(made.notices)

    # Each template is written as it comes, while the workers make the next.
    each(_extract_article, todo, jobs, progress, _Extracting(config, ws.keeps_parsed), write)
    ws.save()
    reports.sort(key=lambda r: r.path)
    return Report(tuple(reports), tuple(notices))


@dataclass(frozen=True, slots=True)
class _Extracting:
    """What the workers making templates share."""

    config: Config
    keep: bool  # hand each parsed article on (see Workspace.passing_parsed)


@dataclass(frozen=True, slots=True)
class _Template:
    task: Task
    text: str | None  # None: the article is not extracted (see detail)
    detail: str
    notices: tuple[Notice, ...] = ()
    parsed: tuple[str, bytes] | None = None  # the content hash of the bytes parsed, and the article pickled


def _extract_article(task: Task) -> _Template:
    """Make one article's template (in a worker process when -j > 1)."""
    shared: _Extracting = context()
    config = shared.config
    shown = config.relative(task.path)
    try:
        data = store.read_source(task.path, config)
        article = sources.read_article(task.path, config, data)
    except SourceError as exc:
        return _Template(task, None, "not extracted: the article has an error", (error_notice(exc, shown),))
    other = other_language(article, config)
    if other:
        return _Template(task, None, other, (Notice(shown, None, f"not extracted: {other}"),))
    formatters = {loc.code: formatter(loc) for loc in config.targets}
    pot = catalog.template(article, project=config.project, formatters=formatters)
    text = catalog.render_catalog(pot, config.po_width or None)
    notices = tuple(
        Notice(shown, sentence.line, f"{written!r} is no calendar date: kept as text, not a date placeholder")
        for sentence in article.sentences
        for written in impossible_dates(sentence.text)
    )
    detail = f"{amount(len(pot), 'message')} from {amount(len(article.sentences), 'sentence')}"
    parsed = (store.digest(data), pickle.dumps(article, pickle.HIGHEST_PROTOCOL)) if shared.keep else None
    return _Template(task, text, detail, notices, parsed)
