"""Where the story is on a parsed page, and its blocks as Markdown.

:class:`Reader` leaves out what is no part of any story, measures how much
text each element holds, picks the story's elements and walks them into
blocks. Beautiful Soup's classes are imported only when a page is read.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from pipeline.web.fetched import FetchError
from pipeline.web.names import EMBEDS, HEADINGS, INLINE, LEAD_WORDS, NEVER, NEVER_STORY, hidden, marks, noisy
from pipeline.web.text import (
    BR,
    E_CLOSE,
    E_OPEN,
    LINK,
    PRIVATE,
    S_CLOSE,
    S_OPEN,
    Block,
    Style,
    escape,
    escape_start,
    squash,
    write_emphasis,
)
from pipeline.web.tidy import CREDIT, tidy

# A story split around advertisements has a few parts marked articleBody; thousands are a hostile page.
_MOST_BODIES = 20


class Reader:
    """A parsed page: what is left out, how much text each element holds, and the story's blocks as Markdown."""

    def __init__(self, soup, url: str) -> None:
        from bs4 import NavigableString, Tag

        self._tag, self._string = Tag, NavigableString
        self.soup = soup
        self.url = url
        self.host = (urlsplit(url).hostname or "").lower()
        self.body = soup.body or soup
        self.skip: set[int] = set()
        self._score: dict[int, float] = {}  # see _best_container
        self._leave_out(protect=False)
        self._measure()
        self._leave_out(protect=True)
        self._measure()

    # --- what is left out, and how much text is where

    def _leave_out(self, *, protect: bool) -> None:
        """Mark what is no part of any story; on the second pass, what the names say is around it.

        Names can be wrong (a wrapper called ``content with-sidebar``), so an
        element holding much of the page's own text is never left out for its
        name, nor the ``articleBody`` or what holds it.
        """
        whole = self.size.get(id(self.body), 0) - self.links.get(id(self.body), 0) if protect else 0
        keep: set[int] = set()
        if protect:
            for body in self.soup.find_all(attrs={"itemprop": "articleBody"}, limit=_MOST_BODIES):
                keep.update(id(node) for node in (body, *body.parents))
        stack = [self.body]
        while stack:
            node = stack.pop()
            for child in self._kids(node):
                if id(child) in self.skip:
                    continue
                if self._out(child, protect=protect, keep=keep, whole=whole):
                    self.skip.add(id(child))
                else:
                    stack.append(child)

    def _out(self, tag, *, protect: bool, keep: set[int], whole: int) -> bool:
        own = self.size.get(id(tag), 0) - self.links.get(id(tag), 0) if protect else 0
        weighty = protect and own * 5 >= whole * 2
        if not protect:
            if tag.name in NEVER:
                return True
            return bool(EMBEDS.intersection(tag.get("class") or []))
        if NEVER_STORY.intersection(marks(tag)):
            return True
        if tag.name == "form" or hidden(tag) or noisy(tag):
            return id(tag) not in keep and not weighty and not self._credit(tag)
        return False

    def _credit(self, tag) -> bool:
        """A short element that is a photo credit ("Фото: Акорда"), kept whatever its class says."""
        return self.size.get(id(tag), 0) <= 150 and bool(CREDIT.match(squash(tag.get_text(" "))))

    def _measure(self) -> None:
        """Count, without what is left out, each element's text, its text in links, and its own inline text."""
        self.size: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.own: dict[int, int] = {}  # text of the element's own inline content, not in links
        self.blocky: set[int] = set()  # elements with block elements inside
        self.captions: dict[int, tuple[int, int]] = {}  # figcaptions inside: how many, and the last one's text
        self.alive: list = []  # every element not left out, in document order
        stack = [self.body]
        while stack:
            node = stack.pop()
            self.alive.append(node)
            stack.extend(reversed([c for c in self._kids(node) if id(c) not in self.skip]))
        self.alive_ids = {id(node) for node in self.alive}
        for node in reversed(self.alive):  # children before their parents
            size = links = own = captions = caption_size = 0
            block = False
            for child in node.children:
                if type(child) is self._string:
                    n = len(child.strip())
                    size += n
                    own += n
                elif isinstance(child, self._tag) and id(child) not in self.skip:
                    size += self.size[id(child)]
                    links += self.links[id(child)]
                    inline = child.name in INLINE and id(child) not in self.blocky
                    block = block or not inline
                    if inline:
                        own += self.size[id(child)] - self.links[id(child)]
                    inside, inside_size = self.captions.get(id(child), (0, 0))
                    if child.name == "figcaption":
                        inside, inside_size = inside + 1, self.size[id(child)]
                    if inside:
                        captions, caption_size = captions + inside, inside_size
            self.size[id(node)] = size
            self.links[id(node)] = size if node.name == "a" else links
            self.own[id(node)] = own
            if block:
                self.blocky.add(id(node))
            if captions:
                self.captions[id(node)] = (captions, caption_size)

    def _kids(self, tag) -> list:
        """An element's child elements (``find_all`` costs more than the walk it saves)."""
        return [child for child in tag.children if isinstance(child, self._tag)]

    def text_of(self, tag) -> int:
        """The element's text outside links (0 when it is left out)."""
        return self.size.get(id(tag), 0) - self.links.get(id(tag), 0)

    def headings(self) -> list[str]:
        """What the page shows as headlines (``<h1>``, ``itemprop=headline``, elements named title), in order."""
        found = []
        for tag in self.alive:
            named = (
                tag.name in ("h1", "h2", "h3")
                or tag.get("itemprop") == "headline"
                or {"title", "headline"} & marks(tag)
            )
            if named and self.size.get(id(tag), 0) <= 300:
                text = squash(tag.get_text(" "))
                if text and text not in found:
                    found.append(text)
        return found

    # --- where the story is

    def story(self) -> list | None:
        """The elements that make up the story, in order, or None when the page has none.

        Raises:
            FetchError: If the only candidate is a list of other stories' teasers.
        """
        found = self.soup.find_all(attrs={"itemprop": "articleBody"}, limit=_MOST_BODIES)
        bodies = [b for b in found if id(b) in self.alive_ids]
        best = self._best_container()
        root = None
        if bodies:
            common = bodies[0] if len(bodies) == 1 else _common_ancestor(bodies)
            article = common.find_parent("article")
            root = article if article is not None and id(article) in self.alive_ids else common
        else:
            articles = [a for a in self.alive if a.name == "article"]
            if articles:
                # Which articles hold a headline, found from the headlines up (articles may nest).
                headed = {id(p) for h in self.alive if h.name == "h1" for p in h.parents if p.name == "article"}
                root = max(articles, key=lambda a: (id(a) in headed, self.text_of(a)))
                picked_by_text = id(root) not in headed
                if picked_by_text and best is not None and self.text_of(root) * 2 < self._score.get(id(best), 0):
                    root = None  # a teaser card: the page's text is elsewhere
        roots = self._with_siblings(root, same_kind_only=True) if root is not None else None
        if roots is None and best is not None:
            roots = self._with_siblings(best, same_kind_only=False)
        if roots and self._listing(roots):
            raise FetchError(
                f"fetch {self.url}: no article found on the page (it lists several)",
                hint="is this a news article page?",
            )
        return roots

    def _best_container(self):
        """The element holding the most paragraph text (as readability scores: parent in full, grandparent half)."""
        score: dict[int, float] = {}
        element = {}
        for tag in self.alive:
            own = self.own.get(id(tag), 0)
            if own < 25 or tag is self.body:
                continue
            whole_paragraph = id(tag) not in self.blocky and tag.name not in ("td", "th", "body")
            target = tag.parent if whole_paragraph and tag.parent is not None else tag
            for weight, node in ((1.0, target), (0.5, target.parent)):
                if node is None or id(node) not in self.alive_ids:
                    continue
                score[id(node)] = score.get(id(node), 0.0) + own * weight
                element[id(node)] = node
        self._score = {}
        for key, value in score.items():
            size = self.size.get(key, 0)
            density = self.links.get(key, 0) / size if size else 1.0
            self._score[key] = value * (1 - density)
        if not self._score:
            return None
        top = max(self._score, key=lambda k: self._score[k])
        return element[top] if self._score[top] > 0 else None

    def _with_siblings(self, top, *, same_kind_only: bool) -> list:
        """``top`` and its siblings that belong to the story: the same kind of block, a caption beside it, a lead."""
        parent = top.parent
        if parent is None or top is self.body:
            return [top]
        kids = [c for c in self._kids(parent) if id(c) in self.alive_ids]
        index = kids.index(top)
        classes = top.get("class") or []
        picked = []
        for i, sibling in enumerate(kids):
            if sibling is top:
                picked.append(sibling)
                continue
            same_kind = bool(classes) and sibling.name == top.name and (sibling.get("class") or []) == classes
            beside = abs(i - index) == 1 and self._caption_like(sibling)
            if same_kind or beside or (not same_kind_only and self._lead_like(sibling, top)):
                picked.append(sibling)
        return picked

    def _lead_like(self, tag, top) -> bool:
        """A sibling with its own paragraph text: a standfirst beside the body, a paragraph between its parts."""
        text, size = self.text_of(tag), self.size.get(id(tag), 0)
        if not size or self.links.get(id(tag), 0) * 4 >= size:
            return False
        if self._score.get(id(tag), 0) >= 0.2 * self._score.get(id(top), 0):
            return True
        if tag.name not in ("p", "div"):
            return False
        sentence = (
            text >= 30 and not self.links.get(id(tag), 0) and squash(tag.get_text(" ")).endswith((".", "!", "?", "…"))
        )
        return text >= 80 or sentence or bool(LEAD_WORDS & marks(tag))

    def _caption_named(self, tag) -> bool:
        return self.size.get(id(tag), 0) <= 400 and bool({"caption", "figcaption", "credit", "credits"} & marks(tag))

    def _caption_like(self, tag) -> bool:
        """A figure, a caption, a photo credit, or an element that holds only one of them (and pictures)."""
        if tag.name in ("figure", "figcaption"):
            return True
        size = self.size.get(id(tag), 0)
        if size > 400:
            return False
        if self._caption_named(tag) or self._credit(tag):
            return True
        captions, caption_size = self.captions.get(id(tag), (0, 0))
        return captions == 1 and size - caption_size <= 20

    def _listing(self, roots: list) -> bool:
        """Whether the story is a list of other stories: three or more linked headlines with little text each."""
        linked = 0
        for root in roots:
            for heading in root.find_all(list(HEADINGS)):
                if id(heading) not in self.alive_ids:
                    continue
                link = heading.find("a") or next((p for p in _up(heading, 3) if p.name == "a"), None)
                if link is not None and squash(link.get_text(" ")) == squash(heading.get_text(" ")):
                    linked += 1
        return linked >= 3 and sum(self.text_of(r) for r in roots) < 400 * linked

    # --- the story as Markdown

    def blocks(self, roots: list, title: str) -> list[Block]:
        """The story's blocks, tidied (see :func:`tidy`)."""
        out: list[Block] = []
        for root in roots:
            self._block(root, out)
        return tidy(out, title, self.host)

    def _block(self, tag, out: list[Block]) -> None:
        name = tag.name
        if name in INLINE and id(tag) not in self.blocky and not self._caption_named(tag):
            self._flush([tag], out)
        elif name == "a":
            self._linked_blocks(tag, out)
        elif self._caption_like(tag) and name != "figure":
            text = " ".join(b.text for b in self._walked(tag, emphasis=False) if b.kind != "code")
            if text.strip():
                out.append(Block("caption", f"*{text.strip()}*"))
        elif name in HEADINGS:
            text = self._finish(self._inline(tag, Style()).replace(BR, " "), start=False)
            if text:
                text = re.sub(r"(^|\s)(#+)$", r"\1\\\2", text)  # not a closing sequence of the heading
                out.append(Block("heading", "#" * HEADINGS[name] + " " + text))
        elif name in ("ul", "ol"):
            self._list(tag, out)
        elif name == "blockquote":
            inner = [b for b in tidy(self._walked(tag), "", self.host, lead=False) if b.kind != "code"]
            if inner:
                quoted = ["\n".join(f"> {line}" if line else ">" for line in b.text.split("\n")) for b in inner]
                out.append(Block("quote", "\n>\n".join(quoted)))
        elif name == "pre":
            code = tag.get_text()
            if code.strip():
                # A fence longer than any run of backticks inside, which would otherwise close it.
                fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
                out.append(Block("code", f"{fence}\n{code.strip(chr(10))}\n{fence}"))
        elif name == "table" and self._data_table(tag):
            self._table(tag, out)
        elif name != "hr":
            self._walk(tag, out)

    def _linked_blocks(self, tag, out: list[Block]) -> None:
        """A link around blocks (a teaser card's headline): each paragraph and heading stays a link."""
        href = self._href(tag)
        for block in self._walked(tag):
            if href and block.kind in ("p", "heading") and not LINK.search(block.text):
                hashes, _, text = block.text.partition(" ") if block.kind == "heading" else ("", "", block.text)
                block.text = f"{hashes} [{text}]({href})".lstrip()
            out.append(block)

    def _walked(self, tag, *, emphasis: bool = True) -> list[Block]:
        out: list[Block] = []
        self._walk(tag, out, emphasis=emphasis)
        return out

    def _walk(self, tag, out: list[Block], *, emphasis: bool = True) -> None:
        """The blocks of an element's content: each run of inline content between blocks is a paragraph."""
        run: list = []
        for child in tag.children:
            if isinstance(child, self._tag):
                if id(child) in self.skip:
                    continue
                if child.name in INLINE and id(child) not in self.blocky and not self._caption_named(child):
                    run.append(child)
                    continue
                self._flush(run, out, emphasis=emphasis)
                run = []
                if emphasis:
                    self._block(child, out)
                else:
                    out.extend(self._walked(child, emphasis=False))
            elif type(child) is self._string:
                run.append(child)
        self._flush(run, out, emphasis=emphasis)

    def _flush(self, run: list, out: list[Block], *, emphasis: bool = True) -> None:
        if not run:
            return
        style = Style(emphasis=emphasis)
        raw = "".join(
            self._inline_element(node, style) if isinstance(node, self._tag) else escape(str(node)) for node in run
        )
        for part in raw.split(BR):  # <br> ends a paragraph: news sites write paragraphs with <br><br>
            text = self._finish(part, start=emphasis)
            if text:
                out.append(Block("p", text))

    def _inline(self, tag, style: Style) -> str:
        """An element's content as inline Markdown with markers (see :func:`_finish`) for emphasis and <br>."""
        parts: list[str] = []
        for child in tag.children:
            if type(child) is self._string:
                parts.append(escape(str(child)))
            elif isinstance(child, self._tag) and id(child) not in self.skip:
                parts.append(self._inline_element(child, style))
        return "".join(parts)

    def _inline_element(self, child, style: Style) -> str:
        name = child.name
        if name == "br":
            return BR
        if name in ("img", "wbr", "amp-img"):
            return ""
        if name in ("strong", "b") and style.emphasis and not style.strong:
            inner = self._inline(child, style.but(strong=True))
            return S_OPEN + inner.replace(BR, S_CLOSE + BR + S_OPEN) + S_CLOSE
        if name in ("em", "i") and style.emphasis and not style.em:
            inner = self._inline(child, style.but(em=True))
            return E_OPEN + inner.replace(BR, E_CLOSE + BR + E_OPEN) + E_CLOSE
        if name in ("code", "kbd", "samp", "tt"):
            code = re.sub(r"\s+", " ", child.get_text())
            if not code.strip():
                return code
            ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
            pad = " " if code.startswith("`") or code.endswith("`") else ""
            return f"{ticks}{pad}{code}{pad}{ticks}"
        if name == "a" and child.get("href") and not style.link:
            return self._link(child, style)
        return self._inline(child, style)

    def _href(self, tag) -> str:
        """A link's absolute http or https target, safe to write between parentheses, or ""."""
        try:
            href = urljoin(self.url, str(tag.get("href") or "").strip())
        except ValueError:
            return ""  # a malformed address ("http://[::1"): the link's text alone
        if not href.startswith(("http:", "https:")):
            return ""
        # Characters that would end the link target and start Markdown of the page's choosing.
        return re.sub(r"[()<>\s\\]", lambda m: f"%{ord(m.group()):02X}", href)

    def _link(self, child, style: Style) -> str:
        inner = self._inline(child, style.but(link=True))
        href = self._href(child)
        if not href:
            return inner
        pieces = []
        for piece in inner.split(BR):
            text = piece.strip()
            if not PRIVATE.sub("", text).strip():
                pieces.append(piece)
                continue
            # Spaces at the edges go outside the brackets, where they separate words.
            lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
            pieces.append(f"{lead}[{text}]({href}){trail}")
        return BR.join(pieces)

    def _finish(self, text: str, *, start: bool = True) -> str:
        text = write_emphasis(squash(text))
        return escape_start(text) if start else text

    def _list(self, tag, out: list[Block]) -> None:
        ordered = tag.name == "ol"
        number = int(tag["start"]) if ordered and str(tag.get("start", "")).isdigit() else 1
        lines = []
        for item in tag.find_all("li", recursive=False):
            if id(item) not in self.alive_ids:
                continue
            blocks = self._walked(item)
            words = " ".join(b.text for b in blocks if b.kind in ("p", "heading", "caption"))
            nested = [b.text for b in blocks if b.kind == "list"]
            if not words and not nested:
                continue
            marker = f"{number}." if ordered else "-"
            lines.append(f"{marker} {words}".rstrip())
            indent = " " * (len(marker) + 1)
            lines += [indent + line for text in nested for line in text.split("\n")]
            number += 1
        if lines:
            out.append(Block("list", "\n".join(lines)))

    def _rows(self, table) -> list[list]:
        """A table's rows (directly or in thead, tbody, tfoot) as lists of their cells."""
        rows = []
        for child in self._kids(table):
            for tr in self._kids(child) if child.name in ("thead", "tbody", "tfoot") else [child]:
                if tr.name == "tr" and id(tr) in self.alive_ids:
                    rows.append([c for c in self._kids(tr) if c.name in ("td", "th") and id(c) in self.alive_ids])
        return rows

    def _data_table(self, tag) -> bool:
        """A table of data (rows and columns of short cells), not one that lays out the page."""
        rows = self._rows(tag)
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            return False
        blocks = ("table", "ul", "ol", "blockquote", "pre")
        return all(
            self.size.get(id(c), 0) <= 300 and not any(d.name in blocks for d in c.descendants) for r in rows for c in r
        )

    def _table(self, tag, out: list[Block]) -> None:
        rows = []
        for cells in self._rows(tag):
            row = []
            for cell in cells:
                text = " ".join(b.text for b in self._walked(cell)).replace("|", "\\|")
                span = int(cell["colspan"]) if str(cell.get("colspan", "")).isdigit() else 1
                row += [text] + [""] * (min(span, 20) - 1)
            if any(row):
                rows.append(row)
        if len(rows) < 2:
            return
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
        lines.insert(1, "|" + " --- |" * width)
        out.append(Block("table", "\n".join(lines)))


def _up(tag, levels: int):
    """The elements enclosing ``tag``, nearest first, at most ``levels`` of them."""
    for _ in range(levels):
        tag = tag.parent
        if tag is None:
            return
        yield tag


def _common_ancestor(tags: list):
    """The innermost element that holds all of ``tags``."""
    shared = {id(node) for node in (tags[0], *tags[0].parents)}
    for tag in tags[1:]:
        shared &= {id(node) for node in (tag, *tag.parents)}
    return next(node for node in (tags[0], *tags[0].parents) if id(node) in shared)
