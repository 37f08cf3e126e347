"""``l10n align``: an archive's published translations brought into the catalogues."""

from __future__ import annotations

from pathlib import Path

from pipeline import catalog, entries, listing, plurals, sources, store
from pipeline.commands.common import formatter
from pipeline.config import Config, LocaleConfig
from pipeline.errors import CatalogError, SourceError, UsageError
from pipeline.models import FileReport
from pipeline.reports import Notice, Progress, Report, error_notice, quiet, short
from pipeline.workspace import Workspace


def align_translations(
    project: Workspace | Config,
    loc: LocaleConfig,
    pairs: tuple[tuple[str, Path], ...],
    *,
    approve_above: float | None = None,
    progress: Progress = quiet,
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
    ws = Workspace.of(project)
    reports: list[FileReport] = []
    notices: list[Notice] = []
    progress(0, len(pairs))
    for done, (name, translated) in enumerate(pairs, 1):
        try:
            report, found = _align_one(ws, loc, name, translated, approve_above)
            reports.append(report)
            notices.extend(found)
        except (SourceError, CatalogError) as exc:
            notices.append(error_notice(exc, ws.config.relative(translated)))
        progress(done, len(pairs))
    return Report(tuple(reports), tuple(notices))


def _align_one(
    ws: Workspace, loc: LocaleConfig, name: str, translated: Path, approve_above: float | None
) -> tuple[FileReport, list[Notice]]:
    from pipeline import align

    config = ws.config
    (path,) = listing.article_paths(config, (name,))
    article = sources.read_article(path, config)
    shown = _shown(translated, config)
    text = sources.read_translation(translated, shown)
    alignment = align.align(article, text, loc.code, path=shown, fmt=formatter(loc))
    target = ws.po_path(loc.code, article.slug)
    if store.exists(target):
        po = ws.read_po(target, loc)
    else:
        formatters = {code.code: formatter(code) for code in config.targets}
        pot = catalog.template(article, project=config.project, formatters=formatters)
        po = catalog.new_catalog(pot, loc.code, slug=article.slug)
    proposals = alignment.by_msgid()
    filled = approved = 0
    for entry in po:
        message = proposals.get(entry.msgid)
        if entry.msgctxt or message is None or entries.state(entry) != "untranslated" or entries.has_translation(entry):
            continue  # a translator's text, even unfinished (a plural form missing): never overwritten
        line = alignment.sentences[message.target[0]].line if message.target else None
        where = f"{shown}:{line}" if line else shown
        note = f"Aligned from {where}: {message.describe()}"
        entry.tcomment = "\n".join(filter(None, (entry.tcomment, note)))
        if not message.msgstr:
            continue  # a 1-0 bead, or the second message of a 2-1: the comment says where its text is
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(
                entry.msgstr_plural or range(plurals.plural_count(loc.code)), message.msgstr
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
            f"added by the translator, not put on any message: {short(sentence.text)}",
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
        stem: path
        for suffix in listing.ARTICLE_SUFFIXES
        for stem, path in listing.files_by_stem(folder, suffix).items()
    }
    if not files and not store.exists(folder):
        raise UsageError(f"{folder}: not a folder")
    slugs = {listing.slug_of(path, config) for path in listing.article_paths(config)}
    pairs, notices = [], []
    for stem, path in sorted(files.items()):
        if stem in slugs:
            pairs.append((stem, Path(path)))
        else:
            notices.append(
                Notice(Path(_shown(Path(path), config)), None, "no article of this slug in the source folder")
            )
    return tuple(pairs), tuple(notices)
