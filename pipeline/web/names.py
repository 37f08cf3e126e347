"""What an element is by its tag and its names (class, id, role): inline, a heading, never text, or the site's.

Names are words a site chose, so they are only hints: :mod:`pipeline.web.story`
weighs them against how much text an element holds.
"""

from __future__ import annotations

import itertools
import re

# Elements that are never the story's text.
NEVER = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "frame", "frameset", "object",
    "embed", "applet", "button", "input", "select", "textarea", "option", "nav", "aside", "footer", "dialog",
    "menu", "video", "audio", "map", "head", "title", "meta", "link",
    "amp-ad", "amp-embed", "amp-sidebar", "amp-social-share", "amp-analytics", "amp-sticky-ad", "amp-consent",
    "amp-geo", "amp-user-notification", "amp-iframe", "amp-video", "amp-youtube", "amp-instagram",
    "amp-facebook", "amp-list", "amp-state", "amp-pixel",
})  # fmt: skip
INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr", "amp-img",
})  # fmt: skip
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Embedded posts whose text in the page is the platform's ("View this post on Instagram"), not the post's.
EMBEDS = frozenset({"instagram-media", "tiktok-embed", "fb-post", "fb-video", "telegram-post"})
# Words of class names, ids and roles that mark what is around a story, not in it.
_NOISE_WORDS = frozenset({
    "share", "sharing", "sharedaddy", "social", "related", "relatedposts", "promo", "advert", "advertisement",
    "ad", "ads", "adv", "adfox", "adsbygoogle", "yandex", "rtb", "smi2", "mgid", "taboola", "outbrain",
    "lentainform", "directadvert", "banner", "subscribe", "subscription", "newsletter", "signup", "comment",
    "comments", "disqus", "breadcrumb", "breadcrumbs", "tags", "popular", "mostread", "trending", "recommend",
    "recommended", "recommendations", "sidebar", "rail", "widget", "cookie", "cookies", "consent", "gdpr",
    "footer", "submeta", "menu", "nav", "navbar", "navigation", "sidenav", "pagination", "pager", "pagenav",
    "pagenavigation", "byline", "author", "authors", "meta", "metadata", "date", "views", "counter", "hits",
    "stats", "rating", "reactions", "likes", "bookmark", "print", "partner", "partners", "sponsored",
    "teaser", "teasers", "also", "feed", "ticker", "interstitial", "category", "categories", "rubric",
    "kicker", "profile", "avatar", "submitted", "skip", "logo", "masthead", "topbar", "topline", "toolbar",
    "tools", "actions", "lang", "search", "login", "cta", "modal", "popup", "donate", "links", "complementary",
    "contentinfo", "dialog", "alertdialog", "menubar",
})  # fmt: skip
# Names of a story's standfirst.
LEAD_WORDS = frozenset(
    {"lead", "lede", "standfirst", "description", "summary", "intro", "excerpt", "subtitle", "announce"}
)
# Names of what never wraps a story, however much text it holds.
NEVER_STORY = frozenset({"cookie", "cookies", "consent", "gdpr"})
_NOISE_PAIRS = frozenset({
    ("most", "read"), ("most", "popular"), ("read", "also"), ("see", "also"), ("read", "more"), ("more", "stories"),
    ("more", "news"), ("more", "photo"), ("more", "video"), ("more", "on"), ("more", "from"), ("other", "news"),
    ("latest", "news"), ("news", "feed"), ("read", "time"), ("reading", "time"), ("tag", "list"),
})  # fmt: skip
_HIDDEN_WORDS = frozenset({"hidden", "visuallyhidden", "sr", "invisible", "hide"})
_HIDDEN_CLASSES = frozenset({"visually-hidden", "sr-only", "screen-reader-text", "d-none", "element-invisible"})
_NAME_ATTRS = ("class", "id", "role", "itemprop", "data-component", "data-testid", "data-gu-name", "data-qa")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _names(tag) -> list[list[str]]:
    """The words of each of an element's class names, id, role and component names, lower-case.

    ``article__main-image__author`` is ``article main image author`` and
    ``RelatedCoverage`` is ``related coverage``.
    """
    names: list[list[str]] = []
    if not tag.attrs:
        return names
    for attr in _NAME_ATTRS:
        value = tag.get(attr)
        for token in value if isinstance(value, list) else str(value or "").split():
            names.append([w for w in re.split(r"[\W_]+", _CAMEL.sub("-", token).lower()) if w])
    return names


def marks(tag) -> set[str]:
    """All the words of an element's names (see :func:`_names`)."""
    return {word for name in _names(tag) for word in name}


def noisy(tag) -> bool:
    """Whether an element's names say it is navigation, advertising, metadata or another story's teaser."""
    return any(
        _NOISE_WORDS.intersection(words) or any(pair in _NOISE_PAIRS for pair in itertools.pairwise(words))
        for words in _names(tag)
    )


def hidden(tag) -> bool:
    """Whether an element is not shown to readers (screen-reader text, display: none, hidden)."""
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    style = str(tag.get("style", "")).replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = tag.get("class") or []
    if _HIDDEN_CLASSES.intersection(classes):
        return True
    return any(_HIDDEN_WORDS.intersection(re.split(r"[\W_]+", c.lower())) for c in classes)
