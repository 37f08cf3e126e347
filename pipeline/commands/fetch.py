"""``l10n fetch``: a news page brought into ``source/<slug>.md``."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from pipeline import lock, store
from pipeline.config import Config
from pipeline.errors import SourceError, UsageError
from pipeline.fetch import FetchOptions
from pipeline.models import FileReport
from pipeline.reports import Notice, Report


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
    from pipeline.article import is_slug
    from pipeline.web.fetched import language_warning, slugify, to_markdown
    from pipeline.web.page import canonical_url, parse_page

    if from_file is not None:
        data = store.read_page(from_file, config)
        html = web.decode(data, "", str(from_file))
        address = url or canonical_url(html) or from_file.resolve().as_uri()
    else:
        if not url:
            raise UsageError("give the URL of the page to fetch, or --from-file PATH")
        page = web.download(url, options)
        html, address = page.html, page.url
    article = parse_page(html, address)
    name = slug if slug is not None else slugify(article.title)

    if not is_slug(name):
        # One safe file name: "../notes", "/etc/passwd" or "a/b" would write outside source/.
        raise UsageError(
            f"--slug {name!r} is not an article name",
            hint="use lower-case ASCII letters, digits, '-', '_' or '.', with no folder in it",
        )
    target = config.source_dir / f"{name}.md"
    stamp = now or _now()
    # The project is locked for the write only: a slow site must not keep other commands waiting.
    with lock.project_lock(config):
        if store.exists(target) and not force:
            raise SourceError(
                "the article exists already", path=config.relative(target), hint="use --force to replace it or --slug"
            )
        outcome = store.write_text(target, to_markdown(article, stamp))
    paragraphs = sum(1 for block in article.body.split("\n\n") if block.strip())
    detail = f"{article.title!r}, {article.lang or 'language unknown'}, {paragraphs} blocks"
    # Saved all the same: the editor may want it, and extract skips it with the same reason.
    warning = language_warning(article.lang, config.source.code)
    notices = (Notice(config.relative(target), None, warning),) if warning else ()
    return Report((FileReport(config.key(target), outcome, detail),), notices)


def _now() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC)
