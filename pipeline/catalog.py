"""Catalogues in memory: the POT of an article, new PO files, msgmerge-style merging.

Nothing here touches the disk; :mod:`pipeline.store` reads and writes.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from pipeline import __version__
from pipeline.formats import CHECKED, format_problems, range_narrowed
from pipeline.localeformat import LocaleFormat, class_change_matters
from pipeline.matching import DEFAULT_THRESHOLD, FuzzyIndex, Match, Packed, final_punctuation, minor_key
from pipeline.models import Article, MergeCounts
from pipeline.pofile import DEFAULT_WIDTH, dump_po

_FORMAT_FLAG = "python-brace-format"


@dataclass(frozen=True, slots=True)
class Merged:
    """The result of merging a PO file with its POT."""

    catalog: polib.POFile
    counts: MergeCounts


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """Entry counts of a PO file, for summaries."""

    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int


def template(article: Article, *, project: str, formatters: Mapping[str, LocaleFormat] | None = None) -> polib.POFile:
    """The POT for one article: one entry per distinct sentence template.

    Entries are in order of first appearance; a sentence that repeats
    ("Photo credit: gov.kz") is one entry with a reference per occurrence.
    The ``#.`` comment shows each placeholder's value as the author wrote it
    and, per target language of ``formatters``, the grammatical class a
    translation depends on (``[kk: front, vowel; ru: other]``). A message
    with exactly one number gets plural forms (see :attr:`Template.count`).
    """
    pot = polib.POFile(wrapwidth=79)
    pot.header = f"Translation template for the article {article.slug}."
    pot.metadata = _header(project, article)
    entries: dict[str, polib.POEntry] = {}
    for sentence in article.sentences:
        msgid = sentence.template.msgid
        entry = entries.get(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=[])
            if sentence.template.is_format:
                entry.flags.append(_FORMAT_FLAG)
            if sentence.template.count is not None:
                entry.msgid_plural = msgid
                entry.msgstr_plural = {0: "", 1: ""}
            entries[msgid] = entry
            pot.append(entry)
        entry.occurrences.append((article.path.as_posix(), str(sentence.line)))
        notes = entry.comment.split("\n") if entry.comment else []
        for p in sentence.template.placeholders:
            classes = [(lang, fmt.value_class(p.kind, p.value)) for lang, fmt in sorted((formatters or {}).items())]
            shown = "; ".join(f"{lang}: {c}" for lang, c in classes if c)
            note = f"{{{p.name}}}: {p.source}" + (f" [{shown}]" if shown else "")
            if note not in notes:
                notes.append(note)
        entry.comment = "\n".join(notes)
    return pot


_NOTE = re.compile(r"^\{(\w+)\}: (.*?)(?: \[([^\[\]]*)\])?$")


@dataclass(frozen=True, slots=True)
class ValueNote:
    """A placeholder's value as a template's ``#.`` comment shows it."""

    source: str
    classes: dict[str, str]


def value_notes(comment: str) -> dict[str, ValueNote]:
    """The values an entry's extracted comment describes, by placeholder name (the first note of each)."""
    notes: dict[str, ValueNote] = {}
    for line in comment.split("\n") if comment else ():
        m = _NOTE.match(line)
        if m is None or m.group(1) in notes:
            continue
        classes = dict(part.split(": ", 1) for part in (m.group(3) or "").split("; ") if ": " in part)
        notes[m.group(1)] = ValueNote(m.group(2), classes)
    return notes


def review_reason(old_comment: str, new_comment: str, lang: str, *, plural: bool, msgstr: str = "") -> str:
    """Why a translation made for the values of ``old_comment`` must be reviewed for those of ``new_comment``.

    A value whose grammatical class changed for ``lang`` needs review unless
    a build-time rule covers it: the plural forms of a plural entry, the
    Kazakh endings and Russian cases the build chooses for every value, and
    changes that cannot alter the translation ``msgstr`` (see
    :func:`pipeline.localeformat.class_change_matters`). Returns "" when
    nothing needs review.
    """
    if plural:
        return ""
    before, after = value_notes(old_comment), value_notes(new_comment)
    reasons = []
    for name, note in after.items():
        old = before.get(name)
        if old is None or lang not in note.classes or lang not in old.classes:
            continue
        was, now = old.classes[lang], note.classes[lang]
        if was != now and _class_kind(now) == "plural" and class_change_matters(lang, name, was, now, msgstr):
            reasons.append(f"value changed: {old.source} → {note.source}; {lang} plural {was} → {now}")
    return "; ".join(reasons)


_PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


def _class_kind(label: str) -> str:
    """``plural`` for a CLDR plural category; ``sound`` for a Kazakh harmony class (the build adapts those)."""
    return "plural" if label in _PLURAL_CATEGORIES else "sound"


def new_catalog(pot: polib.POFile, lang: str, *, project: str, slug: str) -> polib.POFile:
    """A fresh PO file for ``lang`` from ``pot``, as ``msginit`` would make it.

    The header is complete (Language, Plural-Forms from CLDR, Language-Team,
    UTF-8); the revision date is the template's creation date so that the
    same inputs always give the same bytes.
    """
    po = polib.POFile(wrapwidth=79)
    name = Locale.parse(lang).get_display_name("en") or lang
    po.header = f"{name} translation of the article {slug}."
    created = pot.metadata.get("POT-Creation-Date", "")
    po.metadata = {
        **pot.metadata,
        "PO-Revision-Date": created,
        "Last-Translator": f"{name} team <{lang}@translations.invalid>",
        "Language-Team": f"{name} <{lang}@translations.invalid>",
        "Language": lang,
        "Plural-Forms": plural_forms(lang),
    }
    po.metadata = _ordered(po.metadata)
    forms = plural_count(lang)
    for entry in pot:
        po.append(_copy_template_entry(entry, forms))
    return po


def plural_forms(lang: str) -> str:
    """The Plural-Forms header value for ``lang`` from CLDR (via Babel)."""
    return get_plural(lang).plural_forms


def plural_count(lang: str) -> int:
    """How many plural forms ``lang`` has in CLDR."""
    return get_plural(lang).num_plurals


def _nplurals(po: polib.POFile) -> int:
    """How many plural forms the catalogue's header says it has (2, as gettext, when it says nothing)."""
    return _nplurals_of(po.metadata)


def _nplurals_of(metadata: dict[str, str]) -> int:
    m = re.search(r"nplurals\s*=\s*(\d+)", metadata.get("Plural-Forms") or "")
    return int(m.group(1)) if m else 2


def plural_rule(po: polib.POFile) -> Callable[[str], int]:
    """The catalogue's own plural rule, asked with a CLDR plural category: which form to publish.

    The header's formula is evaluated (as ``ngettext`` would) at an integer of
    the category, the smallest of CLDR's for the catalogue's language.
    Categories no integer has (Russian "other": 14,7; 1,5) take the "few"
    form, which is how Russian nouns agree with fractions (``1,5 доллара``,
    ``14,7 миллиарда``), else "other"'s.
    """
    return _plural_rule(plural_expression(po) or "n != 1", po.metadata.get("Language") or "en")


def plural_expression(po: polib.POFile) -> str | None:
    """The ``plural=`` formula of the catalogue's header, or None."""
    return _expression_of(po.metadata)


def _expression_of(metadata: dict[str, str]) -> str | None:
    m = re.search(r"plural\s*=\s*([^;]+)", metadata.get("Plural-Forms") or "")
    return m.group(1).strip() if m else None


def plural_problem(po: polib.POFile) -> str:
    """Why the catalogue's ``Plural-Forms`` formula cannot choose its forms, or "" if it can.

    The formula must be a C expression on ``n`` (as ``ngettext`` reads it)
    that gives every CLDR category of the language a form the catalogue has.
    """
    if "Plural-Forms" not in po.metadata:
        return ""
    for name, value in po.metadata.items():
        if name == "Plural-Forms":
            break
        line = (name if value is None else f"{name}: {value}").replace(" ", "")
        if "plural=" in line or "plurals=" in line:
            # gettext looks for the first "nplurals=" and "plural=" anywhere in the header.
            return f"the header field {name!r} holds 'plural=' before Plural-Forms, where gettext would read it"
    expression = plural_expression(po)
    if expression is None or not re.search(r"nplurals\s*=\s*\d+", po.metadata["Plural-Forms"] or ""):
        return "Plural-Forms needs both nplurals=N and plural=EXPRESSION"
    return _formula_problem(expression, po.metadata.get("Language") or "en", _nplurals(po))


@functools.lru_cache(maxsize=64)
def _formula_problem(expression: str, language: str, count: int) -> str:
    # Cached: every catalogue read is checked, and an archive's catalogues share a handful of formulas.
    # As msgfmt: every n from 0 to 1000 must give a form the catalogue has.
    try:
        formula = gettext.c2py(expression)
        indexes = {formula(n) for n in (*range(1001), *_samples(language).values())}
    except ZeroDivisionError:
        return f"its plural formula {expression!r} can divide by zero"
    except (ValueError, ArithmeticError, RecursionError) as exc:
        return f"its plural formula {expression!r} is not a C expression on n that gettext can use ({exc})"
    wrong = sorted((i for i in indexes if not 0 <= i < count), key=lambda i: (i >= 0, abs(i)))
    if wrong:
        return f"its plural formula chooses form {wrong[0]}, but nplurals is {count}"
    return ""


@functools.lru_cache(maxsize=64)
def _samples(language: str) -> dict[str, int]:
    """The smallest integer of each CLDR plural category of ``language`` (below 1,000).

    For a language CLDR does not know, every number below 200 is its own sample,
    so a formula is still checked for the forms it can choose.
    """
    try:
        locale = Locale.parse(language)
    except (ValueError, LookupError, UnknownLocaleError):
        return {str(n): n for n in range(200)}
    samples: dict[str, int] = {}
    for n in range(1000):
        samples.setdefault(locale.plural_form(n), n)
    return samples


@functools.lru_cache(maxsize=64)
def _plural_rule(expression: str, language: str) -> Callable[[str], int]:
    samples = _samples(language)
    fallback = samples.get("few", samples.get("other", 0))
    try:
        formula = gettext.c2py(expression)
        indexes = {category: formula(n) for category, n in samples.items()}
        other = formula(fallback)
    except (ValueError, ArithmeticError, RecursionError):
        # Refused when the catalogue is read (plural_problem); a formula that
        # slips through chooses nothing, so plural entries are not published.
        return lambda category: -1
    return lambda category: indexes.get(category, other)


@dataclass(frozen=True, slots=True)
class MergeOptions:
    """How :func:`merge` treats messages it cannot match exactly.

    Attributes:
        fuzzy: Offer similar earlier translations as fuzzy suggestions.
        threshold: The least similarity (0-1) for a fuzzy suggestion.
        keep_obsolete: Keep translations of removed messages as ``#~`` entries.
    """

    fuzzy: bool = True
    threshold: float = DEFAULT_THRESHOLD
    keep_obsolete: bool = True


@dataclass(frozen=True, slots=True)
class Remembered:
    """One approved translation in the translation memory."""

    msgid: str
    msgstr: str
    source: str


def approved_pairs(po: polib.POFile, lang: str = "") -> list[tuple[str, str]]:
    """The ``(msgid, memory text)`` of every approved translation of ``po``, in file order.

    The memory text is the msgstr, or a plural entry's forms, with the
    plural classes of the values it was approved for (see :func:`remembered_text`).
    """
    lang = lang or _language(po)
    return [
        (e.msgid, remembered_text(e, lang))
        for e in po
        if not (e.msgctxt or "fuzzy" in e.flags) and _approved_text(e) is not None
    ]


# A memory text: the msgstr or the forms joined by NUL (which no PO string can
# hold), then, after two NULs, the values' plural classes ("amount=other").
_FORMS = "\0"
_CLASSES = "\0\0"


def remembered_text(entry: polib.POEntry, lang: str) -> str:
    """How the translation memory keeps an approved entry: its translation and its values' plural classes."""
    found = _approved_text(entry)
    text = found if isinstance(found, str) else _FORMS.join(found or ())
    classes = ";".join(
        f"{name}={note.classes[lang]}"
        for name, note in value_notes(entry.comment).items()
        if lang in note.classes and _class_kind(note.classes[lang]) == "plural"
    )
    return text + (_CLASSES + classes if classes else "")


@dataclass(frozen=True, slots=True)
class Recalled:
    """A memory text read back: a msgstr or plural forms, and the plural classes of its values."""

    msgstr: str
    forms: tuple[str, ...]
    classes: dict[str, str]


def recall(text: str) -> Recalled:
    """Read a memory text made by :func:`remembered_text`."""
    body, _, classes = text.partition(_CLASSES)
    found = dict(part.split("=", 1) for part in classes.split(";") if "=" in part)
    if _FORMS in body:
        return Recalled("", tuple(body.split(_FORMS)), found)
    return Recalled(body, (), found)


def _approved_text(entry: polib.POEntry) -> str | tuple[str, ...] | None:
    """The translation of a complete entry: a msgstr, or every plural form (None if anything is empty)."""
    if entry.msgid_plural:
        forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        return forms if forms and all(forms) else None
    return entry.msgstr or None


def _language(po: polib.POFile) -> str:
    """The catalogue's language code as the template's notes name it ("ru" for Poedit's "ru_RU")."""
    lang = po.metadata.get("Language", "")
    return lang.split("_")[0].split("@")[0] if lang else ""


def _pairs(numbers: list[int]) -> Iterable[tuple[int, int]]:
    return zip(numbers[0::2], numbers[1::2], strict=True)


class TranslationMemory:
    """Approved translations of every article in one language, indexed for look-ups.

    What it holds depends only on each catalogue's approved translations,
    never on the order they were added in or of a file's entries: catalogues
    come in the order of their names, a catalogue's pairs sorted. So a memory
    saved by an earlier run (see :meth:`to_json`) and brought up to date with
    :meth:`replace` answers exactly as one built afresh.
    """

    def __init__(self) -> None:
        self._sources: list[str] = []  # by number as first seen (entries are ordered by the names)
        self._source_ids: dict[str, int] = {}
        self._last = ""  # the name that sorts last
        self._texts: list[str] = []  # each distinct msgstr once
        self._text_ids: dict[str, int] = {}
        # msgid -> [msgstr number, source number, ...] by source name, then
        # msgstr (for a restored memory, the msgid's entry number, until first
        # looked up); a Remembered is made only for what a look-up returns.
        self._exact: dict[str, list[int] | int] = {}
        self._saved = Packed()
        # Source number -> the msgids it has (for a restored memory, until
        # first needed, numbers into _saved_msgids in _saved_members).
        self._members: dict[int, list[str]] = {}
        self._saved_members = Packed()
        self._saved_msgids: list[str] = []
        # Each distinct msgid is indexed once (in the order of the first
        # catalogue that has it, then msgid): credit lines and boilerplate
        # repeat across an archive, and copies would only crowd the candidates.
        self._index: FuzzyIndex[str] = FuzzyIndex()
        self._entry: dict[str, int] = {}  # msgid -> its number in the index

    def __len__(self) -> int:
        return sum(len(self._found(msgid)) for msgid in self._exact) // 2

    def add_catalog(self, po: polib.POFile, source: str) -> None:
        """Remember the approved translations of ``po``, found at ``source``."""
        self.add_pairs(approved_pairs(po), source)

    def add_pairs(self, pairs: Iterable[tuple[str, str]], source: str) -> None:
        """Remember ``(msgid, msgstr)`` pairs found at ``source`` (see :func:`approved_pairs`)."""
        pairs = sorted(pairs)
        if not pairs:
            return  # a catalogue with nothing approved leaves the memory as it was
        if source in self._source_ids or source < self._last:
            self.replace({source: self._pairs_of(source) + pairs})
            return
        # A catalogue whose name comes after every other's (as when a memory
        # is built in order): everything it brings goes at the end.
        number = self._source(source)
        exact, text_ids, index, entry = self._exact, self._text_ids, self._index, self._entry
        self._members[number] = list(dict.fromkeys(msgid for msgid, _ in pairs))
        for msgid, msgstr in pairs:
            found = exact.get(msgid)
            if found is None:
                exact[msgid] = found = []
                entry[msgid] = index.add(msgid, msgid, (source, msgid))
            elif isinstance(found, int):
                found = self._found(msgid)
            text = text_ids.get(msgstr)
            if text is None:
                text = text_ids[msgstr] = len(self._texts)
                self._texts.append(msgstr)
            found.extend((text, number))

    def replace(self, catalogs: dict[str, list[tuple[str, str]]]) -> None:
        """Make what these catalogues (by source) hold their new approved translations (none: gone).

        Only their msgids are touched, so bringing a saved memory up to date
        after an edit costs far less than building it again.
        """
        numbers = {self._source(source) for source in catalogs}
        touched = dict.fromkeys(m for n in sorted(numbers) for m in self._members_of(n))
        incoming: dict[str, list[tuple[str, int]]] = {}
        for source, pairs in catalogs.items():
            number = self._source_ids[source]
            self._members[number] = sorted({msgid for msgid, _ in pairs})
            for msgid, msgstr in pairs:
                touched[msgid] = None
                incoming.setdefault(msgid, []).append((msgstr, number))
        for msgid in touched:
            kept = (
                [(self._texts[t], s) for t, s in _pairs(self._found(msgid)) if s not in numbers]
                if msgid in self._exact
                else []
            )
            entries = sorted(kept + incoming.get(msgid, []), key=lambda e: (self._sources[e[1]], e[0]))
            first = self._sources[entries[0][1]] if entries else None
            n = self._entry.get(msgid)
            if n is not None and not (entries and self._index.order_of(n) == (first, msgid)):
                self._index.remove(self._entry.pop(msgid))  # gone, or its first catalogue changed
            if not entries:
                self._exact.pop(msgid, None)
                continue
            if msgid not in self._entry:
                self._entry[msgid] = self._index.add(msgid, msgid, (first, msgid))
            self._exact[msgid] = [n for msgstr, source in entries for n in (self._text(msgstr), source)]

    def _source(self, source: str) -> int:
        number = self._source_ids.get(source)
        if number is None:
            number = self._source_ids[source] = len(self._sources)
            self._sources.append(source)
            self._last = max(self._last, source)
        return number

    def _text(self, msgstr: str) -> int:
        number = self._text_ids.get(msgstr)
        if number is None:
            number = self._text_ids[msgstr] = len(self._texts)
            self._texts.append(msgstr)
        return number

    def _members_of(self, number: int) -> list[str]:
        """The msgids source ``number`` has."""
        found = self._members.get(number)
        if found is None:
            saved = self._saved_members[number] if number < len(self._saved_members) else []
            found = self._members[number] = [self._saved_msgids[n] for n in saved]
        return found

    def _pairs_of(self, source: str) -> list[tuple[str, str]]:
        """The pairs the memory holds for ``source``."""
        number = self._source_ids.get(source)
        if number is None:
            return []
        return [
            (msgid, self._texts[text])
            for msgid in self._members_of(number)
            for text, found in _pairs(self._found(msgid))
            if found == number
        ]

    def exact(self, msgid: str, exclude: str) -> Remembered | None:
        """An approved translation of exactly ``msgid`` from another catalogue (the first remembered)."""
        if msgid not in self._exact:
            return None
        found = self._found(msgid)
        skip = self._source_ids.get(exclude, -1)
        for i in range(1, len(found), 2):
            if found[i] != skip:
                return Remembered(msgid, self._texts[found[i - 1]], self._sources[found[i]])
        return None

    def _found(self, msgid: str) -> list[int]:
        found = self._exact[msgid]
        if isinstance(found, int):
            found = self._saved[found]
            texts, sources = found[0::2], found[1::2]
            if len(found) % 2 or (found and (max(texts) >= len(self._texts) or max(sources) >= len(self._sources))):
                found = []  # not as saved: nothing remembered rather than a wrong look-up
            self._exact[msgid] = found
        return found

    def near(
        self, msgid: str, threshold: float, exclude: str, fits: Callable[[str], bool] | None = None
    ) -> Match[Remembered] | None:
        """The most similar remembered message from another catalogue (among those whose msgid ``fits``)."""
        chosen: dict[str, Remembered] = {}

        def accept(key: str) -> bool:
            if fits is not None and not fits(key):
                return False
            found = self.exact(key, exclude)
            if found is not None:
                chosen[key] = found
            return found is not None

        match = self._index.best(msgid, threshold, accept=accept)
        return None if match is None else Match(match.key, chosen[match.key], match.score)

    def to_json(self) -> dict:
        """Everything the memory holds, index included, as JSON-ready data (see :meth:`from_json`).

        The data depend only on what the memory holds: a memory brought up to
        date with :meth:`replace` saves exactly as one built afresh. Loading it
        is several times faster than adding every catalogue's pairs again,
        most of which is splitting 60,000 msgids into index terms.
        """
        index = self._index
        keys = index.keys()
        live = [n for n, key in enumerate(keys) if key is not None]
        live.sort(key=index.order_of)
        msgids: list[str] = [keys[n] for n in live]  # type: ignore[misc]
        names = sorted({self._sources[s] for m in msgids for _, s in _pairs(self._found(m))})
        source_number = {name: n for n, name in enumerate(names)}
        texts: list[str] = []
        text_number: dict[str, int] = {}
        found = []
        members: list[list[int]] = [[] for _ in names]
        for n, msgid in enumerate(msgids):
            row: list[int] = []
            for t, s in _pairs(self._found(msgid)):
                text = self._texts[t]
                number = text_number.get(text)
                if number is None:
                    number = text_number[text] = len(texts)
                    texts.append(text)
                source = source_number[self._sources[s]]
                row += (number, source)
                if not members[source] or members[source][-1] != n:
                    members[source].append(n)
            found.append(row)
        first = [source_number[index.order_of(n)[0]] for n in live]
        return {
            "sources": names,
            "texts": texts,
            "msgids": msgids,
            "first": Packed.pack([first]),
            "found": Packed.pack(found),
            "members": Packed.pack(members),
            "index": index.to_json(live),
        }

    @classmethod
    def from_json(cls, data: dict) -> TranslationMemory:
        """The memory :meth:`to_json` described.

        Raises:
            ValueError: If ``data`` is not shaped as :meth:`to_json` makes it.
        """
        sources, texts, msgids = data.get("sources"), data.get("texts"), data.get("msgids")
        for strings in (sources, texts, msgids):
            if not (isinstance(strings, list) and all(isinstance(s, str) for s in strings)):
                raise ValueError("not a translation memory")
        assert isinstance(sources, list) and isinstance(texts, list) and isinstance(msgids, list)  # noqa: S101
        memory = cls()
        memory._sources, memory._texts = sources, texts
        memory._source_ids = {source: n for n, source in enumerate(sources)}
        memory._last = max(sources, default="")
        memory._text_ids = {text: n for n, text in enumerate(texts)}
        memory._entry = {msgid: n for n, msgid in enumerate(msgids)}
        if len(memory._entry) != len(msgids) or len(memory._source_ids) != len(sources):
            raise ValueError("a msgid or source twice in a translation memory")
        memory._exact = dict(memory._entry)
        first = Packed.unpack(data.get("first"), 1, max(len(sources), 1))[0]
        if len(first) != len(msgids):
            raise ValueError("not a translation memory")
        order = [(sources[f], m) for f, m in zip(first, msgids, strict=True)]
        memory._saved = Packed.unpack(data.get("found"), len(msgids), max(len(texts), len(sources)))
        memory._saved_members = Packed.unpack(data.get("members"), len(sources), len(msgids))
        memory._saved_msgids = msgids
        memory._index = FuzzyIndex.restore(msgids, msgids, order, data.get("index") or {})
        return memory


def merge(
    po: polib.POFile,
    pot: polib.POFile,
    *,
    options: MergeOptions = MergeOptions(),
    memory: TranslationMemory | None = None,
    source: str = "",
    lang: str = "",
    confirm: Callable[[Remembered], bool] | None = None,
) -> Merged:
    """Merge ``po`` with a newer ``pot`` the way ``msgmerge --previous`` does.

    For each message of the template, in order of preference:

    1. the same msgid in ``po`` (an obsolete entry is revived);
    2. an entry whose msgid differs only in whitespace, quotes or final
       punctuation: its translation is kept as it is when the translation
       already ends as the new msgid does (a typo fix must not make every
       language fuzzy), and as a fuzzy suggestion otherwise;
    3. an exact match in the translation memory (other articles' catalogues);
    4. the most similar translated entry of ``po`` or of the memory above
       ``options.threshold``, as a fuzzy suggestion with the previous msgid
       (``#|``) and, from the memory, a comment naming where it came from.

    Entries that leave the template stay as obsolete ``#~`` entries when
    translated and not carried into a new entry by steps 2 or 4. Nothing a translator wrote is dropped unless
    ``options.keep_obsolete`` is false.

    Args:
        po: The existing catalogue.
        pot: The new template.
        options: Fuzzy matching and obsolete handling.
        memory: Approved translations of other articles in the same language.
        source: How ``po`` is named in ``memory`` (its own entries are skipped there).
        lang: The catalogue's language as the template's notes name it
            (default: from its ``Language`` header).
        confirm: Says whether an exact match of the memory is really in the
            catalogue it names: a memory loaded from a cache is checked
            against the file before its translation is taken as approved.

    A translation whose values changed grammatical class for ``lang`` where
    no build-time rule covers it (see :func:`review_reason`) comes in fuzzy
    with the reason in a translator comment, whether it is the entry's own or
    the memory's. A singular translation of a message that now has plural
    forms fills every form, fuzzy, and the other way round.
    """
    lang = lang or _language(po)
    metadata = dict(po.metadata)
    if "POT-Creation-Date" in pot.metadata:
        metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    if "Plural-Forms" not in metadata and any(e.msgid_plural for e in pot if not e.obsolete):
        # Plural entries need the rule that picks their form (our reader refuses them without it).
        try:
            metadata["Plural-Forms"] = plural_forms(lang)
        except (ValueError, LookupError, UnknownLocaleError):
            metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"  # what ngettext assumes without one
    forms = _nplurals_of(metadata)
    expression = _expression_of(metadata)
    by_key = {(e.msgctxt, e.msgid): e for e in po}
    merged = polib.POFile(wrapwidth=po.wrapwidth)
    merged.header = po.header
    merged.metadata = _ordered(metadata)
    merged.metadata_is_fuzzy = list(po.metadata_is_fuzzy or [])

    # A template's obsolete (#~) entries are no messages of the article.
    messages = [e for e in pot if not e.obsolete]
    pot_keys = {(e.msgctxt, e.msgid) for e in messages}
    # Earlier translations no longer in the template: where suggestions come from.
    leftovers = [e for e in po if (e.msgctxt, e.msgid) not in pot_keys and _translated(e)]
    by_minor: dict[tuple[str | None, str], polib.POEntry] = {}
    for e in leftovers:
        by_minor.setdefault((e.msgctxt, minor_key(e.msgid)), e)
    counts = dict.fromkeys(
        ("kept", "added", "obsoleted", "revived", "dropped", "minor", "fuzzy", "memory", "reviewed"), 0
    )
    consumed: set[tuple[str | None, str]] = set()
    deferred: list[tuple[polib.POEntry, polib.POEntry]] = []
    for new in messages:
        key = (new.msgctxt, new.msgid)
        entry = _copy_template_entry(new, forms)
        old = by_key.get(key)
        if old is not None and not _translated(old):
            # An untranslated entry carries only comments: look further for a translation.
            entry.tcomment = old.tcomment
            old = None
        if old is not None:
            # As msgmerge: a changed msgid_plural (the English plural) calls for review.
            plural_changed = bool(old.msgid_plural and new.msgid_plural and old.msgid_plural != new.msgid_plural)
            review = (
                plural_changed
                or bool(old.msgid_plural) != bool(new.msgid_plural)
                or _flags_changed(entry, old, expression)
            )
            _take(entry, old, fuzzy="fuzzy" in old.flags or review)
            if review and "fuzzy" not in old.flags:
                # As msgmerge --previous: #| says what the approved translation was written for.
                entry.previous_msgid, entry.previous_msgid_plural = old.msgid, old.msgid_plural or None
            if entry.previous_msgid is not None and "fuzzy" not in entry.flags:
                entry.previous_msgid = entry.previous_msgid_plural = None  # the translator has reviewed it
            if "fuzzy" not in entry.flags:
                reason = review_reason(old.comment, new.comment, lang, plural=bool(new.msgid_plural), msgstr=old.msgstr)
                counts["reviewed"] += _review(entry, reason)
            elif old.msgid_plural != new.msgid_plural and "fuzzy" not in old.flags:
                counts["reviewed"] += 1  # made fuzzy by gaining or losing plural forms
            counts["revived" if old.obsolete else "kept"] += 1
        elif (minor := by_minor.get((new.msgctxt, minor_key(new.msgid)))) is not None:
            unaffected = (
                final_punctuation(minor.msgstr) == final_punctuation(new.msgid)
                or final_punctuation(minor.msgid) == final_punctuation(new.msgid)
            ) and _line_ends(minor.msgid) == _line_ends(new.msgid)
            _take(
                entry, minor, fuzzy=not unaffected or "fuzzy" in minor.flags or _flags_changed(entry, minor, expression)
            )
            if "fuzzy" in entry.flags and not ("fuzzy" in minor.flags and minor.previous_msgid):
                entry.previous_msgid = minor.msgid
            consumed.add((minor.msgctxt, minor.msgid))
            counts["minor"] += 1
        elif (
            memory is not None
            and not new.msgctxt
            and (hit := memory.exact(new.msgid, source)) is not None
            and (confirm is None or confirm(hit))
        ):
            recalled = recall(hit.msgstr)
            reasons = [_fill(entry, recalled.msgstr, recalled.forms)]
            if not new.msgid_plural:
                notes = value_notes(new.comment)
                changed = [
                    f"{{{name}}} {lang} plural {was} → {notes[name].classes[lang]}"
                    for name, was in recalled.classes.items()
                    if name in notes
                    and notes[name].classes.get(lang, was) != was
                    and class_change_matters(lang, name, was, notes[name].classes[lang], recalled.msgstr)
                ]
                if changed:
                    reasons.append(f"values differ from the translation memory's ({hit.source}): {'; '.join(changed)}")
            counts["reviewed"] += _review(entry, "; ".join(r for r in reasons if r))
            counts["memory"] += 1
        elif options.fuzzy:
            deferred.append((new, entry))  # suggested once every exact answer is known, below
        else:
            counts["added" if key not in by_key else "kept"] += 1  # an entry still untranslated is not new
        merged.append(entry)

    # As msgmerge, a suggestion may come from any translated entry in any
    # context: the old translations that left the template, and the approved
    # ones of this catalogue as merged. Fuzzy entries still in use suggest
    # nothing, so a second update suggests what the first did (idempotent).
    index: FuzzyIndex[polib.POEntry] = FuzzyIndex()
    for e in leftovers:
        index.add(e.msgid, e)
    for e in merged:
        if _translated(e) and "fuzzy" not in e.flags:
            index.add(e.msgid, e)
    for new, entry in deferred:
        suggestion = _suggest(new, index, memory, options, source)
        if suggestion is None:
            counts["added" if (new.msgctxt, new.msgid) not in by_key else "kept"] += 1
            continue
        counts["fuzzy"] += 1
        if isinstance(suggestion.item, Remembered):
            recalled = recall(suggestion.item.msgstr)
            _fill(entry, recalled.msgstr, recalled.forms)
            suggested = f"Suggested by the translation memory: {suggestion.item.source}"
            entry.tcomment = "\n".join(filter(None, (entry.tcomment, suggested)))
            entry.flags.append("fuzzy")
            entry.previous_msgid = suggestion.key
        else:
            _take(entry, suggestion.item, fuzzy=True)
            if not ("fuzzy" in suggestion.item.flags and suggestion.item.previous_msgid):
                # The translation was made for this msgid; a fuzzy one keeps the #| it was made for.
                entry.previous_msgid = suggestion.item.msgid
                entry.previous_msgid_plural = suggestion.item.msgid_plural or None
            # As msgmerge: the translation lives on in the fuzzy entry (with
            # its old msgid in #|), so the old entry is not kept as obsolete.
            consumed.add((suggestion.item.msgctxt, suggestion.item.msgid))
        _adapt_placeholders(entry, entry.previous_msgid or "")

    for old in po:
        key = (old.msgctxt, old.msgid)
        if key in pot_keys or key in consumed:
            continue
        if not _translated(old) or not options.keep_obsolete:
            counts["dropped"] += 1
            continue
        keep = polib.POEntry(
            msgid=old.msgid,
            msgctxt=old.msgctxt,
            msgstr=old.msgstr,
            msgid_plural=old.msgid_plural,
            msgstr_plural=dict(old.msgstr_plural),
            tcomment=old.tcomment,
            flags=list(old.flags),
            obsolete=True,
        )
        # What a fuzzy translation was made for (#~|) stays with it, as msgmerge keeps it.
        keep.previous_msgctxt = old.previous_msgctxt
        keep.previous_msgid = old.previous_msgid
        keep.previous_msgid_plural = old.previous_msgid_plural
        if not old.obsolete:
            counts["obsoleted"] += 1
        merged.append(keep)
    return Merged(catalog=merged, counts=MergeCounts(**counts))


def _suggest(
    new: polib.POEntry,
    index: FuzzyIndex[polib.POEntry],
    memory: TranslationMemory | None,
    options: MergeOptions,
    source: str,
) -> Match | None:
    own = index.best(new.msgid, options.threshold, accept=lambda e: _fields_fit(e.msgid, new.msgid))
    if memory is None or new.msgctxt:
        return own
    remembered = memory.near(new.msgid, options.threshold, source, fits=lambda key: _fields_fit(key, new.msgid))
    if remembered is not None and (own is None or remembered.score > own.score):
        return remembered
    return own


def _fields_fit(old_msgid: str, new_msgid: str) -> bool:
    """Whether a translation made for ``old_msgid`` can name exactly the placeholders of ``new_msgid``.

    The same placeholders, or as many, each once, renamed in order (see
    :func:`_adapt_placeholders`). A suggestion that cannot fit is not offered:
    accepted as it is, it would name a value the message does not have.
    """
    was, now = _FIELD.findall(old_msgid), _FIELD.findall(new_msgid)
    return sorted(was) == sorted(now) or (len(was) == len(now) and len(set(was)) == len(was))


def _take(entry: polib.POEntry, old: polib.POEntry, *, fuzzy: bool) -> None:
    """Give ``entry`` the translation, comments and review state of ``old``."""
    forms = tuple(old.msgstr_plural[i] for i in sorted(old.msgstr_plural)) if old.msgid_plural else ()
    changed = _fill(entry, old.msgstr, forms)
    entry.tcomment = old.tcomment
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgid_plural = old.previous_msgid_plural
    if (fuzzy or changed) and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if changed:
        _review(entry, changed)


def _fill(entry: polib.POEntry, msgstr: str, forms: tuple[str, ...]) -> str:
    """Put a singular translation or plural forms into ``entry``, whichever it has; say why if it needs review.

    A singular translation of a message that now has plural forms fills
    every form; plural forms of a message that has none give their first.
    Either way a translator must look again (returns the reason, and the
    caller marks the entry fuzzy).
    """
    if entry.msgid_plural:
        count = max(len(entry.msgstr_plural), 1)
        if forms:
            entry.msgstr_plural = {i: forms[i] if i < len(forms) else "" for i in range(count)}
            return "" if len(forms) == count else f"the translation had {len(forms)} plural forms, the language {count}"
        entry.msgstr_plural = {i: msgstr for i in range(count)}
        return "the message now has plural forms: make each agree with its numbers" if msgstr else ""
    if forms:
        entry.msgstr = forms[0]
        return "the message no longer has plural forms: this was the first form"
    entry.msgstr = msgstr
    return ""


_FIELD = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _adapt_placeholders(entry: polib.POEntry, old_msgid: str) -> None:
    """Rename a suggestion's placeholders to the new msgid's where they correspond one to one, in order.

    A suggestion made for ``The plan runs to {month}.`` offered for ``The
    plan runs to {date}.`` would otherwise name a placeholder the msgid has
    not; with as many placeholders on both sides, the n-th becomes the n-th.
    """
    was = _FIELD.findall(old_msgid)
    now = _FIELD.findall(entry.msgid)
    if was == now or len(was) != len(now) or len(set(was)) != len(was):
        return
    names = dict(zip(was, now, strict=True))

    def rename(text: str) -> str:
        return _FIELD.sub(lambda m: "{" + (names.get(m.group(1)) or m.group(1)) + "}", text)

    entry.msgstr = rename(entry.msgstr)
    entry.msgstr_plural = {i: rename(form) for i, form in entry.msgstr_plural.items()}


def _review(entry: polib.POEntry, reason: str) -> bool:
    """Send ``entry`` back to review with ``reason`` in a translator comment (nothing if no reason)."""
    if not reason:
        return False
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    lines = entry.tcomment.split("\n") if entry.tcomment else []
    if reason not in lines:
        entry.tcomment = "\n".join([*lines, reason])
    return True


def _flags_changed(entry: polib.POEntry, old: polib.POEntry, expression: str | None) -> bool:
    """Whether the template's flags call for review of ``old``'s translation in ``entry`` (as msgmerge does).

    A format flag the translation was not written for must pass that format's
    check (msgmerge runs msgfmt's); for a format this project cannot check,
    review is the safe answer. A ``range:`` the translation was written for
    that is gone or widened calls for review too.
    """
    for flag in entry.flags:
        if not flag.endswith("-format") or flag.startswith("no-") or flag in old.flags:
            continue
        if flag == "python-brace-format":
            if not _same_fields(entry.msgid, old):
                return True
        elif flag in CHECKED:
            if bool(entry.msgid_plural) != bool(old.msgid_plural):
                return True  # reviewed anyway: the plural forms changed
            translations = dict(old.msgstr_plural) if old.msgid_plural else old.msgstr
            if format_problems([flag, *entry.flags], entry.msgid, entry.msgid_plural, translations, expression):
                return True
        else:
            return True
    return range_narrowed(old.flags, entry.flags)


def _same_fields(msgid: str, entry: polib.POEntry) -> bool:
    """Whether every translation of ``entry`` names exactly the placeholders of ``msgid``."""
    wanted = sorted(_FIELD.findall(msgid))
    texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
    return all(sorted(_FIELD.findall(text)) == wanted for text in texts if text)


def _line_ends(text: str) -> tuple[bool, bool]:
    """Whether ``text`` begins and ends with a line break (msgfmt --check wants the msgstr's to match)."""
    return text.startswith("\n"), text.endswith("\n")


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def consults_memory(po: polib.POFile) -> bool:
    """Whether merging ``po`` again could take something from the translation memory.

    Only entries without a translation look further than their own catalogue
    (see :func:`merge`); a catalogue without any is merged the same whatever
    the other catalogues say.
    """
    return any(not _translated(e) for e in po if not e.obsolete)


def approved(po: polib.POFile) -> dict[str, str | tuple[str, ...]]:
    """The translations fit to publish: complete, not fuzzy, not obsolete (plural entries: every form)."""
    found = {}
    for e in po:
        if e.obsolete or e.msgctxt or "fuzzy" in e.flags:
            continue
        text = _approved_text(e)
        if text is not None:
            found[e.msgid] = text
    return found


def state(entry: polib.POEntry) -> str:
    """The one definition of an entry's state: ``obsolete``, ``translated``, ``fuzzy`` or ``untranslated``.

    Translated means fit to publish: not fuzzy and complete (a plural entry
    has every form). Fuzzy means a translation awaits review; a fuzzy flag on
    an empty entry, or a plural entry with a form missing, is untranslated.
    """
    if entry.obsolete:
        return "obsolete"
    if "fuzzy" in entry.flags:
        return "fuzzy" if _translated(entry) else "untranslated"
    return "translated" if _approved_text(entry) is not None else "untranslated"


def stats(po: polib.POFile) -> CatalogStats:
    """Counts of translated, fuzzy, untranslated and obsolete entries (see :func:`state`)."""
    counts = dict.fromkeys(("translated", "fuzzy", "untranslated", "obsolete"), 0)
    for e in po:
        counts[state(e)] += 1
    return CatalogStats(total=len(po) - counts["obsolete"], **counts)


def render_catalog(po: polib.POFile, width: int | None = DEFAULT_WIDTH) -> str:
    """The PO/POT file text in GNU gettext's layout (see :func:`pipeline.pofile.dump_po`)."""
    return dump_po(po, width=width)


def _copy_template_entry(entry: polib.POEntry, forms: int) -> polib.POEntry:
    """An empty entry of a catalogue with ``forms`` plural forms for a template's entry."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgstr="",
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict.fromkeys(range(forms), "") if entry.msgid_plural else {},
        occurrences=list(entry.occurrences),
        comment=entry.comment,
        tcomment=entry.tcomment,  # replaced by the catalogue's own translator comments where it has the message
        flags=[f for f in entry.flags if f != "fuzzy"],
    )


_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
    "X-Generator",
)


def _ordered(metadata: dict[str, str]) -> dict[str, str]:
    """Header fields in the order GNU gettext writes them, extra ones after."""
    known = {k: metadata[k] for k in _HEADER_ORDER if k in metadata}
    return {**known, **{k: v for k, v in metadata.items() if k not in known}}


def _header(project: str, article: Article) -> dict[str, str]:
    # A fixed creation date keeps reruns byte-identical: the article's own
    # date when it has one (no wall-clock timestamps anywhere).
    date = article.date or datetime.date(1970, 1, 1)
    fields = {
        "Project-Id-Version": f"{project} {article.slug}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": f"{date.isoformat()} 00:00+0000",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"l10n {__version__}",
    }
    return fields
