"""The Markdown parser every module uses: markdown-it-py with tables, footnotes and source positions.

CommonMark with GitHub's tables and footnotes; raw HTML is not passed
through. markdown-it's inline tokens carry no source positions, so the rules
for hard breaks and table rows are wrapped to note where they stand: the
article reader finds each piece of text in the source by them. Footnotes are
a small rule set of their own, because a translated sentence is parsed alone:
its ``[^label]`` must count as a reference without the definition it points to.
"""

from __future__ import annotations

import functools
import html
from collections import Counter

from markdown_it import MarkdownIt
from markdown_it.rules_block import table as _table_rule
from markdown_it.rules_inline import escape as _escape_rule
from markdown_it.rules_inline import newline as _newline_rule
from markdown_it.token import Token

#: The ``env`` key that makes ``[^label]`` a footnote reference without its definition.
ANY_FOOTNOTE = "l10n.any_footnote"


def parser() -> MarkdownIt:
    """The Markdown parser used everywhere: CommonMark, GFM tables and footnotes; raw HTML is not passed through.

    Hard breaks and table rows carry their position in ``token.meta`` (see
    :func:`_with_newline_position` and :func:`_with_row_column`), which the
    reader uses to find each piece of text in the source.
    """
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.inline.ruler.at("newline", _with_newline_position(_newline_rule))
    md.inline.ruler.at("escape", _with_newline_position(_escape_rule))
    md.block.ruler.at("table", _with_row_column, {"alt": ["paragraph", "reference"]})
    # Before "reference", which would read "[^1]: https://…" as a link definition.
    md.block.ruler.before("reference", "footnote_def", _footnote_def, {"alt": ["paragraph", "reference"]})
    md.inline.ruler.after("image", "footnote_ref", _footnote_ref)
    md.core.ruler.after("inline", "footnote_tail", _footnote_tail)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("footnote_block_open", lambda *_: '<section class="footnotes">\n<ol>\n')
    md.add_render_rule("footnote_block_close", lambda *_: "</ol>\n</section>\n")
    md.add_render_rule("footnote_open", lambda self, tokens, idx, *_: f'<li id="fn{tokens[idx].meta["n"]}">\n')
    md.add_render_rule("footnote_close", lambda *_: "</li>\n")
    md.add_render_rule("footnote_anchor", _render_footnote_anchor)
    return md


@functools.cache
def shared_parser() -> MarkdownIt:
    """One :func:`parser` per process, for reading (never configure it further)."""
    # markup_signature runs once per translated sentence: one parser, built once per process.
    return parser()


def _with_newline_position(rule):
    """An inline rule that also records, on the hard breaks it makes, where their line ends.

    markdown-it's inline tokens carry no source positions; the reader needs
    them to tell a hard break from a soft one without guessing from the text
    (a backslash or two spaces before a newline inside a code span are no break).
    """

    def located(state, silent: bool) -> bool:
        start = state.pos
        count = len(state.tokens)
        if not rule(state, silent):
            return False
        for token in state.tokens[count:] if not silent else ():
            if token.type == "hardbreak":
                # The newline rule stands on the newline; the escape rule on the backslash before it.
                newline = start if rule is _newline_rule else start + 1
                token.meta = {"newline": newline, "marker": state.src[start:newline]}
        return True

    return located


def _with_row_column(state, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's table rule, noting on each row where it starts after its container prefixes."""
    count = len(state.tokens)
    if not _table_rule(state, start_line, end_line, silent):
        return False
    if not silent:
        for token in state.tokens[count:]:
            if token.type == "tr_open":
                begin = state.bMarks[token.map[0]] + state.tShift[token.map[0]]
                token.meta = {"column": begin - (state.src.rfind("\n", 0, begin) + 1)}
    return True


def _footnote_def(state, start_line: int, end_line: int, silent: bool) -> bool:
    """``[^label]: text`` and the indented lines after it: a footnote definition, a container of blocks."""
    start = state.bMarks[start_line] + state.tShift[start_line]
    maximum = state.eMarks[start_line]
    src = state.src
    if state.is_code_block(start_line) or not src.startswith("[^", start):
        return False
    pos = start + 2
    while pos < maximum and src[pos] not in " \t]":
        pos += 1
    if pos == start + 2 or pos + 1 >= maximum or src[pos] != "]" or src[pos + 1] != ":":
        return False
    if silent:
        return True
    label = src[start + 2 : pos]
    state.env.setdefault("footnotes", {"labels": set()})["labels"].add(label)
    opening = state.push("footnote_reference_open", "", 1)
    opening.meta = {"label": label}
    opening.map = [start_line, start_line]

    # The text after the colon is the first line of a container indented by four
    # columns, as a list item's text is after its marker.
    colon = pos + 2
    kept = state.bMarks[start_line], state.tShift[start_line], state.sCount[start_line], state.parentType
    pos = colon
    column = state.sCount[start_line] + colon - start
    first = column
    while pos < maximum and src[pos] in " \t":
        column += 4 - column % 4 if src[pos] == "\t" else 1
        pos += 1
    state.bMarks[start_line] = colon
    state.tShift[start_line] = pos - colon
    state.sCount[start_line] = column - first
    state.blkIndent += 4
    state.parentType = "footnote"
    if state.sCount[start_line] < state.blkIndent:
        state.sCount[start_line] += state.blkIndent
    state.md.block.tokenize(state, start_line, end_line)
    state.blkIndent -= 4
    state.bMarks[start_line], state.tShift[start_line], state.sCount[start_line], state.parentType = kept
    opening.map[1] = state.line
    state.push("footnote_reference_close", "", -1)
    return True


def _footnote_ref(state, silent: bool) -> bool:
    """``[^label]``: a reference to a footnote the document defines."""
    src, start, maximum = state.src, state.pos, state.posMax
    if not src.startswith("[^", start):
        return False
    pos = start + 2
    while pos < maximum and src[pos] not in " \t\n]":
        pos += 1
    if pos == start + 2 or pos >= maximum or src[pos] != "]":
        return False
    label = src[start + 2 : pos]
    # Undefined, "[^x]" is text; a signature, which sees one sentence alone, counts it anyway.
    if label not in state.env.get("footnotes", {}).get("labels", ()) and not state.env.get(ANY_FOOTNOTE):
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"label": label}
        token.markup = src[start : pos + 1]
    state.pos = pos + 1
    return True


def _footnote_tail(state) -> None:
    """Number footnotes by their first reference and gather their definitions at the end.

    Definitions referenced nowhere follow, in the order written; a label
    defined twice keeps its first definition, as link definitions do.
    """
    notes = state.env.get("footnotes")
    if notes is None:
        return
    numbers: dict[str, int] = notes.setdefault("numbers", {})
    if state.inlineMode:
        # One sentence rendered alone (a fallback in the HTML page): the document's numbers.
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "footnote_ref":
                    child.meta["n"] = numbers.get(child.meta["label"], 0)
        return
    body: list = []
    definitions: dict[str, list] = {}
    stack: list[tuple[str, list]] = []
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            stack.append((token.meta["label"], []))
        elif token.type == "footnote_reference_close":
            label, tokens = stack.pop()
            definitions.setdefault(label, tokens)
        else:
            (stack[-1][1] if stack else body).append(token)
            for child in token.children or ():
                if child.type == "footnote_ref":
                    child.meta["n"] = numbers.setdefault(child.meta["label"], len(numbers) + 1)
    for label in definitions:
        numbers.setdefault(label, len(numbers) + 1)
    if definitions:
        body.append(Token("footnote_block_open", "", 1))
        for label, n in sorted(numbers.items(), key=lambda item: item[1]):
            opening = Token("footnote_open", "", 1)
            opening.meta = {"n": n}
            tokens = list(definitions.get(label, ()))
            anchor = Token("footnote_anchor", "", 0)
            anchor.meta = {"n": n}
            # The way back goes at the end of the note's last paragraph, not on a line of its own.
            at = len(tokens) - 1 if tokens and tokens[-1].type == "paragraph_close" else len(tokens)
            tokens.insert(at, anchor)
            body += [opening, *tokens, Token("footnote_close", "", -1)]
        body.append(Token("footnote_block_close", "", -1))
    state.tokens = body


def _render_footnote_ref(self, tokens, idx, options, env) -> str:
    n = tokens[idx].meta.get("n", 0)
    # Each reference needs its own id; the first of a note's is the one its way back leads to.
    seen = env.setdefault("l10n.footnote_refs", Counter())
    seen[n] += 1
    ref_id = f"fnref{n}" if seen[n] == 1 else f"fnref{n}-{seen[n]}"
    return f'<sup class="footnote-ref"><a href="#fn{n}" id="{ref_id}">{n}</a></sup>'


def _render_footnote_anchor(self, tokens, idx, options, env) -> str:
    n = tokens[idx].meta["n"]
    return f' <a href="#fnref{n}" class="footnote-backref">{html.escape("↩︎")}</a>'
