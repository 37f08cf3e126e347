"""The ``l10n`` command line: the only module that imports click or prints."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from pipeline import FORMATS, __version__
from pipeline.errors import L10nError

_LANG_HELP = "A target language code; repeat for several (default: every target in the config)."
_locales = click.option("-l", "--locale", "locales", multiple=True, help=_LANG_HELP)
_jobs = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 64),
    default=1,
    show_default=True,
    help="Worker processes; 0 for one per CPU.",
)
_output = click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _echo_json(data: object) -> None:
    """Print ``data`` as indented JSON (``--format json``)."""
    import json  # here, so that every other command and l10n --help do not load it

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _workers(jobs: int) -> int:
    """The number of worker processes for ``-j`` (0: one per CPU)."""
    return jobs or os.cpu_count() or 1


class _Group(click.Group):
    """Turns the project's errors into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except L10nError as exc:
            root = ctx.obj if isinstance(ctx.obj, Path) else None
            if exc.path is not None and exc.path.is_absolute() and root is not None and exc.path.is_relative_to(root):
                exc.path = exc.path.relative_to(root)  # name files as the user sees the project
            click.echo(f"l10n: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _config(ctx: click.Context):
    from pipeline import lock, store

    config = store.load_config(ctx.obj)
    if ctx.invoked_subcommand is None and ctx.command.name in _WRITERS:
        # Commands that write hold the project's lock until they finish.
        ctx.with_resource(lock.project_lock(config))
    return config


# fetch locks the project itself, for its write only (not while it downloads).
_WRITERS = {"all", "extract", "init", "update", "build", "compile", "review", "align"}


def _quiet(ctx: click.Context) -> bool:
    """Whether -q was given (``meta`` is shared by the group and its commands)."""
    return ctx.meta.get("l10n.quiet", False)


def _print(report) -> None:
    from pipeline.reports import amount  # here, not at the top: l10n --help does not need it

    ctx = click.get_current_context()
    quiet = _quiet(ctx)
    hidden = 0
    if not quiet:
        # An archive's rerun would list every file; what changed is what matters.
        verbose = ctx.meta.get("l10n.verbose", False)
        for item in report.files:
            if item.outcome.value == "unchanged" and not verbose:
                hidden += 1
                continue
            line = f"{item.path}: {item.outcome.value}"
            if item.detail:
                line += f" ({item.detail})"
            click.echo(line)
    for notice in report.notices:  # the build counted its fallback notes (see _fallback_notes)
        if not (quiet and notice.severity == "note"):  # -q is for CI logs: warnings and errors only
            _say(notice)
    failed = sum(notice.severity == "error" for notice in report.notices)
    if not quiet and (len(report.files) > 1 or hidden):
        counts = Counter(item.outcome.value for item in report.files)
        outcomes = ("created", "updated", "unchanged", "skipped", "removed")
        parts = ", ".join(f"{counts[o]:,} {o}" for o in outcomes if counts[o])
        seconds = time.monotonic() - ctx.meta.get("l10n.started", time.monotonic())
        files = amount(len(report.files), "file")
        click.echo(f"{ctx.info_name}: {files}: {parts} in {seconds:.1f} s", err=True)
    if failed:
        # The rest was done; the errors above say what was not.
        ctx.exit(1)


def _fallback_notes(ctx: click.Context) -> int | None:
    """How many fallback notes of a catalogue the build keeps: all with -v, none with -q (they are not shown)."""
    from pipeline.reports import FEW_FALLBACKS

    if ctx.meta.get("l10n.verbose", False):
        return None
    return 0 if _quiet(ctx) else FEW_FALLBACKS


def _say(notice) -> None:
    """One notice as one line on stderr: ``path:line:col: severity: message``."""
    where = ":".join(str(part) for part in (notice.path, notice.line, notice.column) if part)
    click.echo(f"{where}: {notice.severity}: {notice.message}", err=True)


def _echo(message: str) -> None:
    """Print an informational line (not under --quiet)."""
    if not _quiet(click.get_current_context()):
        click.echo(message)


class _Progress:
    """Click's progress bar on stderr, shown only once a run has taken a second, on a terminal, without -q."""

    def __init__(self, ctx: click.Context) -> None:
        self.enabled = not _quiet(ctx) and sys.stderr.isatty()
        self.label = ctx.info_name or ""
        self.started = ctx.meta.get("l10n.started", time.monotonic())
        self.bar: Any = None  # click's ProgressBar, once shown
        self.done = 0
        ctx.call_on_close(self.close)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self.bar is not None and (done < self.done or total != self.bar.length):
            self.close()  # the next language starts over
        if self.bar is None:
            if done >= total or time.monotonic() - self.started < 1.0:
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
            self.done = 0
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="l10n")
@click.option(
    "--project",
    "-C",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder (holding pyproject.toml with [tool.l10n]).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors: no file list, summary or progress.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="List unchanged files too, and every sentence that falls back to the source (by default, counted).",
)
@click.pass_context
def cli(ctx: click.Context, project: Path, quiet: bool, verbose: bool) -> None:
    """Localise news articles with gettext: extract, translate, build."""
    given = ctx.get_parameter_source("project") is not click.core.ParameterSource.DEFAULT
    if given:
        ctx.obj = project.resolve()
    else:
        from pipeline.store import find_project

        ctx.obj = find_project(Path.cwd())  # from a subfolder too, as git finds its repository
    ctx.meta["l10n.quiet"] = quiet
    ctx.meta["l10n.verbose"] = verbose
    ctx.meta["l10n.started"] = time.monotonic()


@cli.command()
@_jobs
@click.argument("articles", nargs=-1)
@click.pass_context
def extract(ctx: click.Context, jobs: int, articles: tuple[str, ...]) -> None:
    """Write a POT template per article (default: every article in the source folder)."""
    from pipeline import commands

    _print(commands.extract(_config(ctx), articles, _workers(jobs), _Progress(ctx)))


@cli.command()
@_locales
@click.pass_context
def init(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """Create PO files from the templates; existing ones are left alone."""
    from pipeline import commands

    config = _config(ctx)
    _print(commands.init(config, config.select_targets(locales)))


@cli.command()
@_locales
@click.option("--no-fuzzy", is_flag=True, help="Do not offer similar earlier translations as fuzzy suggestions.")
@click.option(
    "--fuzzy-threshold",
    type=click.FloatRange(0, 1, min_open=True),
    help="Least similarity for a fuzzy suggestion (default: the config's, 0.6 like msgmerge).",
)
@click.option(
    "--no-obsolete", is_flag=True, help="Drop translations of removed messages instead of keeping #~ entries."
)
@click.option("--width", type=click.IntRange(min=20), help="Wrap PO lines at this width (default: the config's, 79).")
@click.option("--no-wrap", is_flag=True, help="Do not wrap PO lines (break only after \\n), as msgmerge --no-wrap.")
@_jobs
@click.argument("articles", nargs=-1)
@click.pass_context
def update(
    ctx: click.Context,
    locales: tuple[str, ...],
    no_fuzzy: bool,
    fuzzy_threshold: float | None,
    no_obsolete: bool,
    width: int | None,
    no_wrap: bool,
    jobs: int,
    articles: tuple[str, ...],
) -> None:
    """Merge the templates into the PO files like msgmerge; no translation is lost.

    Other articles' catalogues in the same language act as a translation
    memory: an exact match is filled in, a near one offered as fuzzy. Name
    articles to merge only their catalogues (default: every article).
    """
    from pipeline import catalog, commands

    config = _config(ctx)
    options = catalog.MergeOptions(
        fuzzy=not no_fuzzy,
        threshold=fuzzy_threshold or config.fuzzy_threshold,
        keep_obsolete=not no_obsolete,
    )
    targets = config.select_targets(locales)
    width = 0 if no_wrap else width
    _print(commands.update(config, targets, options, width, _workers(jobs), _Progress(ctx), articles))


@cli.command()
@click.option(
    "-l",
    "--locale",
    "locales",
    multiple=True,
    help="A language to build, the source language included; repeat for several (default: all).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="An output format; repeat for several (default: the config's formats).",
)
@click.option(
    "--min-translated",
    type=click.FloatRange(0, 100),
    help="Write a locale's article only if at least this percentage of its messages and of its sentences "
    "is translated; otherwise keep the previous output (default: each locale's min-translated, 0).",
)
@_jobs
@click.argument("articles", nargs=-1)
@click.pass_context
def build(
    ctx: click.Context,
    locales: tuple[str, ...],
    formats: tuple[str, ...],
    min_translated: float | None,
    jobs: int,
    articles: tuple[str, ...],
) -> None:
    """Write the localised articles to build/<lang>/<slug>.<ext>.

    Every sentence published in English instead of its translation is listed.
    """
    from pipeline import commands

    config = _config(ctx)
    chosen = config.select_targets(locales, allow_source=True) if locales else config.all_locales
    formats = tuple(dict.fromkeys(formats)) or config.formats
    notes = _fallback_notes(ctx)
    report = commands.build(config, chosen, formats, articles, min_translated, _workers(jobs), _Progress(ctx), notes)
    _print(report)
    _echo(f"outputs are in {config.relative(config.build_dir)}/")


@cli.command("all")
@_jobs
@click.argument("articles", nargs=-1)
@click.pass_context
def all_(ctx: click.Context, jobs: int, articles: tuple[str, ...]) -> None:
    """Extract, update and build: the whole job after a change, in one process.

    The same as running the three commands one after the other with their
    defaults, but the project's state is read and written once. Name the
    articles you changed to leave the rest of the archive unlooked-at.
    """
    from pipeline.workspace import Workspace

    ws = Workspace(_config(ctx))
    # Checked before the commands are imported: a rerun that finds nothing to do never loads them.
    report = None if articles else ws.settled()
    if report is None:
        from pipeline import commands

        report = commands.cycle(ws, _workers(jobs), _Progress(ctx), articles, _fallback_notes(ctx))
    _print(report)
    config = ws.config
    _echo(f"outputs are in {config.relative(config.build_dir)}/")


@cli.command()
@_locales
@_jobs
@click.pass_context
def compile(ctx: click.Context, locales: tuple[str, ...], jobs: int) -> None:
    """Write MO files next to the PO files (for software that reads gettext at run time)."""
    from pipeline import commands

    config = _config(ctx)
    _print(commands.compile_catalogs(config, config.select_targets(locales), _workers(jobs), _Progress(ctx)))


@cli.command()
@_locales
@_output
@click.pass_context
def check(ctx: click.Context, locales: tuple[str, ...], output: str) -> None:
    """Check the translations: placeholders, numbers, brackets, quotes, punctuation, glossary.

    Prints path:line[:column]: severity: message [check]; exits with 1 if there is any error.
    """
    from pipeline import commands

    config = _config(ctx)
    report = commands.check(config, config.select_targets(locales))
    if output == "json":
        items = [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "severity": f.severity.value,
                "message": f.message,
                "check": f.check,
            }
            for f in report.findings
        ]
        _echo_json({"catalogs": report.catalogs, "errors": report.errors, "findings": items})
    else:
        for finding in report.findings:
            click.echo(str(finding))
        warnings = sum(1 for f in report.findings if f.severity.value == "warning")
        click.echo(f"{report.catalogs} catalogues checked: {report.errors} errors, {warnings} warnings")
    ctx.exit(1 if report.errors else 0)


@cli.command()
@_locales
@_output
@click.pass_context
def stats(ctx: click.Context, locales: tuple[str, ...], output: str) -> None:
    """Show translated, fuzzy, untranslated and obsolete messages and words per catalogue."""
    from pipeline import commands

    config = _config(ctx)
    report = commands.stats(config, config.select_targets(locales))
    rows = report.rows
    for notice in report.notices:  # a catalogue that cannot be read: the others are counted
        _say(notice)
    if output == "json":
        items = [
            {
                "locale": r.lang,
                "article": r.article,
                "messages": r.messages,
                "words": r.words,
                "percent_translated": round(r.percent, 1),
            }
            for r in rows
        ]
        _echo_json(items)
        if report.notices:
            ctx.exit(1)
        return
    states = ("translated", "fuzzy", "untranslated", "obsolete")
    width = max([len("article"), *(len(r.article) for r in rows)])
    head = f"{'locale':<6}  {'article':<{width}}  " + "  ".join(f"{s:>19}" for s in states) + "      %"
    click.echo(head)
    click.echo("-" * len(head))
    for r in rows:
        cells = "  ".join(f"{r.messages[s]:>7} msg {r.words[s]:>5} w" for s in states)
        click.echo(f"{r.lang:<6}  {r.article:<{width}}  {cells}  {r.percent:5.1f}")
    if report.notices:
        ctx.exit(1)


@cli.command()
@click.argument("articles", nargs=-1)
@click.pass_context
def review(ctx: click.Context, articles: tuple[str, ...]) -> None:
    """Write build/review/<slug>.html: source and translations side by side, with status and coverage."""
    from pipeline import commands

    config = _config(ctx)
    _print(commands.review(config, articles))
    _echo(f"open {config.relative(config.build_dir)}/review/ in a browser")


@cli.command()
@click.argument("url", required=False)
@click.option(
    "--from-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read a saved HTML page instead of the network (URL, if given, is its address).",
)
@click.option("--slug", help="The article's file name (default: made from its title).")
@click.option("--force", is_flag=True, help="Replace an existing article.")
@click.option("--connect-timeout", type=click.FloatRange(min=0, min_open=True), default=5.0, show_default=True)
@click.option("--read-timeout", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True)
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True, help="On 429, 5xx and errors.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True)
@click.option(
    "--deadline",
    type=click.FloatRange(min=0, min_open=True),
    default=120.0,
    show_default=True,
    help="Seconds for the whole download, retries included.",
)
@click.option(
    "--public-only",
    is_flag=True,
    help="Refuse URLs and redirects to loopback, private and link-local addresses (for a server fetching for others).",
)
@click.pass_context
def fetch(
    ctx: click.Context,
    url: str | None,
    from_file: Path | None,
    slug: str | None,
    force: bool,
    connect_timeout: float,
    read_timeout: float,
    retries: int,
    max_bytes: int,
    deadline: float,
    public_only: bool,
) -> None:
    """Bring a news page into source/<slug>.md, ready for l10n extract."""
    from pipeline import commands
    from pipeline.fetch import FetchOptions

    config = _config(ctx)
    options = FetchOptions(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries=retries,
        max_bytes=max_bytes,
        deadline=deadline,
        public_only=public_only,
    )
    _print(commands.fetch(config, url, from_file=from_file, slug=slug, force=force, options=options))


@cli.command()
@click.option("-l", "--locale", "locale", required=True, help="The language of the published translations (kk or ru).")
@click.option(
    "--from",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of published translations named <slug>.txt or <slug>.md, one per article of source/.",
)
@click.option(
    "--approve-above",
    type=click.FloatRange(0, 1),
    help="Approve 1-1 pairs scored above this that the build would publish exactly as printed (default: all fuzzy).",
)
@click.argument("files", nargs=-1, type=str)
@click.pass_context
def align(
    ctx: click.Context, locale: str, folder: Path | None, approve_above: float | None, files: tuple[str, ...]
) -> None:
    """Bring an archive's published translations into the catalogues: l10n align -l ru ARTICLE FILE.

    Each translation is aligned sentence by sentence with its article; what it
    proposes fills only untranslated entries, fuzzy for a translator to
    confirm, with a comment naming the file, line and how the sentences paired.
    """
    from pipeline import commands
    from pipeline.reports import Report

    config = _config(ctx)
    (loc,) = config.select_targets((locale,))
    notices: tuple = ()
    if folder is not None:
        if files:
            raise click.UsageError("give either --from DIR or ARTICLE FILE, not both")
        pairs, notices = commands.translated_pairs(config, folder)
    elif len(files) == 2:
        pairs = ((files[0], Path(files[1])),)
    else:
        raise click.UsageError("give ARTICLE and its translated FILE, or --from DIR")
    report = commands.align_translations(config, loc, pairs, approve_above=approve_above, progress=_Progress(ctx))
    _print(Report(report.files, (*notices, *report.notices)))


def _verbosity(flags: tuple[str, str], key: str, help_text: str) -> click.Option:
    """-q or -v for a subcommand, so that it may come after the command name too (``l10n build -q``)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            ctx.meta[key] = True  # meta is shared with the group, which reads it

    return click.Option(list(flags), is_flag=True, expose_value=False, callback=remember, help=help_text)


for _command in cli.commands.values():
    _command.params += [
        _verbosity(("-q", "--quiet"), "l10n.quiet", "Same as l10n -q."),
        _verbosity(("-v", "--verbose"), "l10n.verbose", "Same as l10n -v."),
    ]


def main() -> None:
    """Entry point of the ``l10n`` console script."""
    cli(prog_name="l10n")
