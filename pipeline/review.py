"""The review page: source and translations side by side, sentence by sentence, for translators.

Each cell shows what the build would do with the translation, by the build's
own rules (:mod:`pipeline.substitution`): published, fuzzy, untranslated or
refused with the reason.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

from pipeline.errors import PlaceholderError
from pipeline.localeformat import LocaleFormat
from pipeline.models import Article
from pipeline.substitution import PluralRule, Translation, choose_form, fill, refusal, write_values


# Every page names every language: Babel's parse and lookup cost more than the page's own text.
@functools.lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """A language's name in itself, capitalised: ``Русский``, ``Қазақ тілі``, ``English``."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@dataclass(frozen=True, slots=True)
class ReviewColumn:
    """One language of the review page: its formatter and its catalogue's entries by msgid."""

    lang: str
    fmt: LocaleFormat
    entries: dict[str, tuple[Translation, str]]  # msgid -> (complete msgstr or plural forms, or ""; entries.state)
    plural: PluralRule | None = None


_REVIEW_STYLE = """
:root{color-scheme:light;--ok:#1a7f37;--fuzzy:#9a6700;--todo:#6e7781;--bad:#cf222e;--rule:#d0d7de}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#f6f8fa}
header{padding:1rem 1.5rem;background:#fff;border-bottom:1px solid var(--rule)}
h1{font-size:1.25rem;margin:0 0 .75rem}
.coverage{display:flex;flex-wrap:wrap;gap:1.5rem}
.locale{min-width:16rem}
.bar{display:flex;height:.6rem;border-radius:999px;overflow:hidden;background:#eaeef2;margin:.25rem 0}
.bar span{display:block}
.bar .translated{background:var(--ok)}.bar .fuzzy{background:var(--fuzzy)}.bar .refused{background:var(--bad)}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid var(--rule);padding:.6rem .75rem;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#fff;z-index:1}
td.where{white-space:nowrap;color:var(--todo);font-size:12px}
.badge{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em;
padding:0 .4rem;border-radius:4px;color:#fff;margin-bottom:.25rem}
.status-translated .badge{background:var(--ok)}.status-fuzzy .badge{background:var(--fuzzy)}
.status-untranslated .badge{background:var(--todo)}.status-refused .badge{background:var(--bad)}
.status-untranslated .text{color:var(--todo);font-style:italic}
mark.ph{background:#ddf4ff;border-radius:3px;padding:0 .15rem}
.reason{color:var(--bad);font-size:12px}
""".strip()


def to_review_html(article: Article, source_lang: str, columns: tuple[ReviewColumn, ...]) -> str:
    """A side-by-side page for translators: source and each translation, sentence by sentence.

    Each cell shows its status (translated, fuzzy, untranslated, refused) in
    colour, with the placeholders highlighted and their rendered values; the
    header has a coverage bar per language.
    """
    e = html.escape
    rows = []
    tallies = {c.lang: dict.fromkeys(("translated", "fuzzy", "untranslated", "refused"), 0) for c in columns}
    seen: set[str] = set()
    for sentence in article.sentences:
        template = sentence.template
        first = template.msgid not in seen
        seen.add(template.msgid)
        cells = [f'<td class="where">{e(article.path.as_posix())}:{sentence.line}</td>']
        source_values = {p.name: p.source for p in template.placeholders}
        cells.append(f'<td lang="{e(source_lang)}">{_highlight(template, source_values)}</td>')
        for column in columns:
            status, body, reason = _review_cell(template, column)
            if first:
                tallies[column.lang][status] += 1
            extra = f'<div class="reason">{e(reason)}</div>' if reason else ""
            cells.append(
                f'<td lang="{e(column.lang)}" class="status-{status}"><span class="badge">{status}</span>'
                f'<div class="text">{body}</div>{extra}</td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    coverage = []
    for column in columns:
        counts = tallies[column.lang]
        total = sum(counts.values()) or 1
        bars = "".join(
            f'<span class="{k}" style="width:{100 * counts[k] / total:.1f}%"></span>'
            for k in ("translated", "fuzzy", "refused")
        )
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        coverage.append(
            f'<div class="locale" data-lang="{e(column.lang)}"><strong>{e(language_name(column.lang))}</strong> '
            f'<span class="percent">{100 * counts["translated"] / total:.0f}%</span>'
            f'<div class="bar" role="img" aria-label="{e(summary)}">{bars}</div><small>{e(summary)}</small></div>'
        )
    head = "".join(f"<th>{e(language_name(c.lang))}</th>" for c in columns)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Review: {e(article.slug)}</title>",
            f"<style>{_REVIEW_STYLE}</style>",
            "</head>",
            "<body>",
            f"<header><h1>Review: {e(article.slug)}</h1>",
            f'<div class="coverage">{"".join(coverage)}</div></header>',
            "<table>",
            f"<thead><tr><th>Where</th><th>{e(language_name(source_lang))}</th>{head}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _review_cell(template, column: ReviewColumn) -> tuple[str, str, str]:
    """Status, HTML and refusal reason of one translation on the review page."""
    found, status = column.entries.get(template.msgid, ("", "untranslated"))
    if status == "untranslated":
        return "untranslated", "not translated yet", ""
    if not found:  # fuzzy, with a plural form still empty
        return "fuzzy", "a plural form is not translated yet", ""
    try:
        msgstr = choose_form(template, found, column.fmt, column.plural)
    except PlaceholderError as exc:
        return "refused", html.escape(" | ".join(found)), exc.message
    # The page shows what the build would refuse, by the build's own rule.
    problem = refusal(template.msgid, msgstr, is_format=template.is_format, markdown=False)
    if problem:
        return "refused", html.escape(msgstr), problem
    if not template.is_format:
        return status, html.escape(msgstr), ""
    try:
        body = write_values(msgstr, template.placeholders, column.fmt, html.escape, _mark)
        return status, body, ""
    except PlaceholderError as exc:
        return "refused", html.escape(msgstr), exc.message


def _mark(name: str, text: str) -> str:
    return f'<mark class="ph" title="{{{name}}}">{html.escape(text)}</mark>'


def _highlight(template, values: dict[str, str]) -> str:
    if not template.is_format:
        return html.escape(template.msgid)
    return _highlight_str(template.msgid, values)


def _highlight_str(text: str, values: dict[str, str]) -> str:
    """The template as HTML with each placeholder shown as a highlighted value."""
    marked = {name: _mark(name, value) for name, value in values.items()}
    escaped = html.escape(text, quote=False)
    for name, value in values.items():
        if value.endswith("."):  # as in fill(): "27 июня 2024 г." takes no second period
            escaped = escaped.replace("{" + name + "}.", "{" + name + "}")
    # Escaping leaves braces alone, so substitution by name still works on the escaped text.
    return fill(escaped, marked)
