"""Reading news pages (``l10n fetch``): where the story is, its title, date and language, and the article saved.

Nothing here uses the network; :mod:`pipeline.fetch` downloads the page and
hands its HTML to :func:`pipeline.web.page.parse_page`. The modules, from the
bottom: ``fetched`` (the result, its Markdown file, slugs), ``dates``, ``text``
and ``names`` (what an element is by its names), ``tidy`` (the site's blocks
left out), ``meta`` and ``story`` (metadata and the story's blocks), ``page``
(the whole page, the only entry point).
"""
