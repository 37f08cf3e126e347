"""A language's translation memory on disk: loaded, built, patched, saved, and its matches confirmed.

The memory of a language is made from the approved translations of all its
catalogues. Building it at every ``l10n update`` was most of the time of a
one-article edit, so each run leaves, for each language ``<lang>``:

- ``.l10n/memory-<lang>.json``: every catalogue's approved translations, by
  the catalogue's content hash, so that building the memory parses only the
  catalogues that changed;
- ``.l10n/memory-<lang>.built.db``: the memory as built, with a header saying
  what it was built from (an SQLite file read on demand, see
  :mod:`pipeline.memory_db`);
- ``.l10n/memory-<lang>.patch.json``: the catalogues changed since then.

Each is staged as ``<name>.new`` and put in place by :func:`publish` once
every language of the run has succeeded. All of them are shortcuts: a file
that is missing, damaged or of another tool is not used, and a match the
memory offers is confirmed against its catalogue before it is approved.
Their records, formats and loaders are :mod:`pipeline.records`'; when each
is rewritten, :mod:`pipeline.tuning`'s.
"""

from __future__ import annotations

import contextlib
import functools
import zlib
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import orjson
import polib

from pipeline import answers, memory_db, memory_disk, pofile, records, store, tuning
from pipeline.config import Config, LocaleConfig
from pipeline.errors import L10nError
from pipeline.memory import Remembered, TranslationMemory, memory_pairs
from pipeline.parsed import Parsed, seal
from pipeline.records import BUILT, CATALOGUES, GONE, PATCH, CachedCatalogue, CatalogueRecord, PatchRecord, Unusable
from pipeline.reports import Progress, quiet
from pipeline.state import fingerprint
from pipeline.workers import context, each, parallel
from pipeline.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Catalogues:
    """What a language's memory is made from: its catalogues as they are now.

    Attributes:
        loc: The language.
        keys: Each catalogue's key (its path relative to the project), by slug.
        digests: Each catalogue's content hash, by slug.
    """

    loc: LocaleConfig
    keys: dict[str, str]
    digests: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class Saved:
    """The memory an earlier run saved, brought up to date with the catalogues as they are now.

    Attributes:
        memory: The memory, patched.
        pairs: Each catalogue's :func:`records.pairs_key`, by key, for every catalogue.
        identity: Of the memory as saved.
        recorded: The catalogues it was saved from, by key.
        patch: The catalogues that differ from what was saved (:data:`records.GONE`: deleted).
        written: The patch as read from its file.
        bounded: A memory too large for RAM (see :func:`tuning.memory_on_disk`), read
            as look-ups need it and, when saved again, built on disk.
        read: The catalogues read to patch it, kept for the merges.
        answered_as: The catalogues (content hash by key) of the memory as the last
            run left it, when the memory patched answers every look-up as that one
            did; None when it may not (see :func:`pipeline.answers.answered_as`).
    """

    memory: TranslationMemory
    pairs: dict[str, str]
    identity: str
    recorded: dict[str, CatalogueRecord]
    patch: dict[str, PatchRecord]
    written: dict[str, PatchRecord]
    bounded: bool = False
    read: Parsed | None = None
    answered_as: dict[str, str] | None = None


class _Packed(NamedTuple):
    digest: str
    blob: bytes  # the flat list as JSON, compressed
    pairs: int


class Kept(MutableMapping[str, CachedCatalogue]):
    """Each catalogue's approved translations by key, packed once they are many (see :func:`tuning.memory_on_disk`).

    As Python strings a language's translations take about 30 times the
    room they take packed (the JSON of the flat list, zlib-compressed),
    which is what a memory too large for RAM needs: each is unpacked when
    it is read, one at a time.

    Attributes:
        pairs: How many approved translations the catalogues hold.
    """

    def __init__(self) -> None:
        self._items: dict[str, CachedCatalogue | _Packed] = {}
        self.pairs = 0
        self._packing = False

    def __getitem__(self, key: str) -> CachedCatalogue:
        found = self._items[key]
        return CachedCatalogue(found.digest, unpacked(found.blob)) if isinstance(found, _Packed) else found

    def __setitem__(self, key: str, value: CachedCatalogue) -> None:
        if key in self._items:
            del self[key]
        self.pairs += len(value.flat) // 2
        self._items[key] = self._packed(value) if self._packing else value
        if not self._packing and tuning.memory_on_disk(self.pairs):
            self._packing = True
            self._items = {k: self._packed(v) if isinstance(v, CachedCatalogue) else v for k, v in self._items.items()}

    def __delitem__(self, key: str) -> None:
        found = self._items.pop(key)
        self.pairs -= found.pairs if isinstance(found, _Packed) else len(found.flat) // 2

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @staticmethod
    def _packed(value: CachedCatalogue) -> _Packed:
        return _Packed(value.digest, _pack(value.flat), len(value.flat) // 2)


@dataclass(frozen=True, slots=True)
class Built:
    """A language's memory built from every catalogue, with what the caches need.

    Attributes:
        memory: The memory.
        pairs: Each catalogue's :func:`records.pairs_key`, by key.
        remembered: Each catalogue's approved translations, by key, as cached.
        parsed: Catalogues read because the cache did not have them as they are.
        scratch: For a memory built on disk (see :func:`tuning.memory_on_disk`),
            what removes its file once the update is done (:func:`release`).
        read: The catalogues read to build it, kept for the merges.
    """

    memory: TranslationMemory
    pairs: dict[str, str]
    remembered: Kept
    parsed: int
    scratch: contextlib.ExitStack | None = None
    read: Parsed | None = None


@dataclass(frozen=True, slots=True)
class _Rebuild:
    """The saved memory cannot be used, and is built again; ``read``: catalogues read to find that out."""

    read: dict[str, list[str]] = field(default_factory=dict)  # slug -> approved translations, flat


def base_of(config: Config) -> str:
    """The hash of the tool, its versions and the configuration: a memory cache of another is not used."""
    return store.digest(fingerprint(config).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class _ReadAhead:
    """A language's saved memory (checked and opened) and patch, read before the update knew its catalogues.

    See :func:`read_ahead`.
    """

    base: str
    found: records.BuiltMemory | Unusable
    patch: dict[str, PatchRecord] | Unusable | None


_AHEAD: dict[str, _ReadAhead] = {}


def read_ahead(code: str) -> None:
    """Check and open a language's saved memory, and read its patch, now, for this process's :func:`load` to take.

    Runs in a :class:`pipeline.workers.Standby` process, whose context is
    the :class:`Workspace`: the files are read while the command does
    other work.
    """
    ws: Workspace = context()
    config = ws.config
    base = base_of(config)
    found = records.load_built(_path(config, code, BUILT), base)
    if isinstance(found, Unusable):
        _AHEAD[code] = _ReadAhead(base, found, None)
        return
    _AHEAD[code] = _ReadAhead(base, found, records.load_patch(_path(config, code, PATCH), found.identity))


def load(
    ws: Workspace,
    base: str,
    cats: Catalogues,
    jobs: int,
    progress: Progress,
    *,
    whole: bool = False,
    judge: bool = False,
) -> Saved | Built:
    """A language's memory: the saved one brought up to date if it can be, else built again.

    Every catalogue not known by its bytes from an earlier run is read
    (strictly) before anything is written.

    Args:
        ws: The project.
        base: :func:`base_of` the project's configuration.
        cats: The language's catalogues.
        jobs: Worker processes for reading catalogues.
        progress: Told how many of the catalogues to read for building the memory are read.
        whole: Read the saved memory at once, not as look-ups need it (see
            :func:`tuning.read_memory_whole`).
        judge: Say whether the memory patched answers as the last run's did
            (:attr:`Saved.answered_as`; left None otherwise).
    """
    read = Parsed(_path(ws.config, cats.loc.code, BUILT).parent)
    try:
        saved = _load_saved(ws, base, cats, jobs, whole, read, judge)
        if isinstance(saved, _Rebuild):
            return _build(ws, base, cats, saved.read, jobs, progress, read)
    except BaseException:
        read.close()
        raise
    return saved


def packed(loaded: Saved | Built, flat: list[str]) -> list[str] | bytes:
    """A merged catalogue's approved translations as :func:`stage` takes them: packed for a memory built on disk.

    An update of a large archive merges every catalogue: held as strings
    until the memory is saved, their translations were the language's
    largest part of RAM.
    """
    return _pack(flat) if _on_disk(loaded) else flat


def _pack(flat: list[str]) -> bytes:
    return zlib.compress(orjson.dumps(flat), 1)


def _on_disk(loaded: Saved | Built) -> bool:
    """Whether the memory is past the limit: built on disk (:class:`Built`) or read bounded (:class:`Saved`)."""
    return loaded.scratch is not None if isinstance(loaded, Built) else loaded.bounded


def unpacked(kept: list[str] | bytes) -> list[str]:
    """What :func:`packed` was given."""
    return orjson.loads(zlib.decompress(kept)) if isinstance(kept, bytes) else kept


def release(loaded: Saved | Built) -> None:
    """Remove what :func:`load` made for the update alone (a memory built on disk), whether or not it succeeded."""
    if isinstance(loaded, Built) and loaded.scratch is not None:
        loaded.scratch.close()
    if loaded.read is not None:
        loaded.read.close()


def stage(ws: Workspace, base: str, cats: Catalogues, loaded: Saved | Built, merged: Sequence[tuple]) -> None:
    """Stage the caches for the next run, once the stale catalogues are merged (see :func:`publish`).

    Args:
        ws: The project.
        base: As for :func:`load`.
        cats: The language's catalogues as :func:`load` was given them.
        loaded: What :func:`load` returned (its memory is patched in place).
        merged: ``(slug, content hash, approved translations flat)`` of each catalogue written.
    """
    config, code = ws.config, cats.loc.code
    built = loaded if isinstance(loaded, Built) else None
    on_disk = built is not None and _on_disk(built)
    memory, pairs = loaded.memory, loaded.pairs
    digests = {cats.keys[slug]: cats.digests[slug] for slug in cats.keys}
    after = dict(pairs)
    changed: dict[str, list[str]] = {}  # flat, as merged
    churn = 0  # translations added or removed, where the memory could be built again
    patch = dict(loaded.patch) if isinstance(loaded, Saved) else {}
    limit = tuning.patch_limit(len(cats.keys))
    bounded = built is None and _on_disk(loaded)
    overflow = False  # a bounded memory's patch past its limit: the memory is built again, and no record is held
    for slug, digest, kept in merged:
        key = config.key(ws.po_file(code, slug))
        flat = unpacked(kept)
        digests[key], after[key] = digest, records.pairs_key(flat)
        if built is not None:
            if not on_disk and after[key] != pairs.get(key, ""):
                was = built.remembered.get(key)
                churn += len(set(records.paired(was.flat if was else [])).symmetric_difference(records.paired(flat)))
            built.remembered[key] = CachedCatalogue(digest, flat)
        if on_disk:
            continue  # built again below from what is remembered: nothing else is held
        if not bounded:
            if after[key] != pairs.get(key, ""):
                changed[key] = flat
            patch[key] = PatchRecord(digest, after[key], flat)
        elif isinstance(loaded, Saved) and loaded.recorded.get(key) == CatalogueRecord(digest, after[key]):
            patch.pop(key, None)  # as saved
        elif not overflow:
            patch[key] = PatchRecord(digest, after[key], flat)
            overflow = len(patch) > limit
    # The cache of every catalogue's translations is rewritten only once
    # more than a few of its records are out of date (the saved memory
    # below is kept up to date, so this cache is needed only when that one
    # cannot be used).
    few = tuning.few(len(cats.keys))
    if built is not None and built.parsed + sum(digest != cats.digests.get(slug) for slug, digest, _ in merged) > few:
        remembered = built.remembered
        kept_in_order = ((key, remembered[key]) for key in sorted(remembered))  # unpacked one at a time
        records.write_catalogues(_path(config, code, CATALOGUES + ".new"), base, kept_in_order)
    # The next run starts from the memory as the merges left it: the saved
    # memory and, for the catalogues that changed since it was saved, a small
    # patch. The memory itself is saved again only once the patch is full.
    if isinstance(loaded, Saved):
        patch = {
            key: record
            for key, record in patch.items()
            if loaded.recorded.get(key) != CatalogueRecord(record.digest, record.pairs)
        }
        if len(patch) <= limit and not overflow:
            if patch != loaded.written:
                records.write_patch(_path(config, code, PATCH + ".new"), loaded.identity, dict(sorted(patch.items())))
            return
    recorded = {key: CatalogueRecord(digests[key] or "", after[key]) for key in after}
    if bounded:
        # Too large to save from RAM: every catalogue's translations gathered again
        # (the cache, what was merged, the rest read) and the memory built on disk.
        now = Catalogues(cats.loc, cats.keys, {slug: digests[key] for slug, key in cats.keys.items()})
        kept, _ = _gather(ws, base, now, ((slug, unpacked(flat)) for slug, _, flat in merged), 1, quiet)
        identity = records.build_built(_path(config, code, BUILT + ".new"), base, recorded, _pairs_in_order(kept))
        records.write_patch(_path(config, code, PATCH + ".new"), identity, {})
        return
    if built is not None and on_disk:
        # Built on disk for the merges: saved the same way, never held in RAM.
        built_path = _path(config, code, BUILT + ".new")
        identity = records.build_built(built_path, base, recorded, _pairs_in_order(built.remembered))
        records.write_patch(_path(config, code, PATCH + ".new"), identity, {})
        return
    if built is not None and tuning.rebuild_memory(churn, built.remembered.pairs):
        # Building the memory again, in order, is faster than patching it.
        remembered = built.remembered
        memory.rebuild((key, records.paired(remembered[key].flat)) for key in sorted(remembered))
    else:
        memory.replace({key: list(records.paired(flat)) for key, flat in changed.items()})
    identity = records.write_built(_path(config, code, BUILT + ".new"), base, recorded, memory)
    records.write_patch(_path(config, code, PATCH + ".new"), identity, {})


def publish(config: Config, lang: str, *, keep: bool) -> None:
    """Put the staged memory caches of a language in place (``keep``: those staged), or throw them away.

    A run that fails part-way changes no cache: the languages stage their
    memories and the command publishes them once all have succeeded.
    """
    for suffix in (CATALOGUES, BUILT, PATCH):
        store.promote(_path(config, lang, suffix + ".new"), _path(config, lang, suffix), keep=keep)
    legacy = _path(config, lang, ".built.json")  # an earlier version's saved memory (JSON): large, and never read now
    if keep and store.exists(legacy):
        store.remove(legacy)


def in_its_catalogue(hit: Remembered) -> bool:
    """Whether the memory's exact match is an approved translation of the catalogue it names.

    Runs where catalogues are merged: the worker's context (see
    :func:`pipeline.workers.context`) has the ``workspace`` and the ``loc``.
    The memory is mostly loaded from ``.l10n/``; a record there that does not
    say what its catalogue holds (damaged, or forged under the file's real
    hash) must not become an approved translation, nor may one the build
    refuses. Each catalogue an exact match comes from is read once per
    process to confirm it.
    """
    shared = context()
    path = shared.workspace.config.root / hit.source
    read: Parsed | None = getattr(shared, "parsed", None)
    # The copy kept when the memory was made from it, while the file is the one read (merges are staged).
    approved = None
    if read is not None and hit.source in read:
        approved = _approved_as_read(read, hit.source, seal(path), shared.loc.code)
    if approved is None:
        try:
            st = path.stat()
        except OSError:
            return False
        approved = _approved_by_msgid(str(path), st.st_size, st.st_mtime_ns, shared.loc.code)
    return hit.msgstr in approved.get(hit.msgid, ())


@functools.lru_cache(maxsize=256)
def _approved_as_read(read: Parsed, key: str, sealed: str, code: str) -> dict[str, frozenset[str]] | None:
    # Keyed by the file's seal when asked: a file saved since is not answered from before (None: read it).
    po = read.get(key, context().workspace.config.root / key)
    return None if po is None else _approved(po, code)


@functools.lru_cache(maxsize=256)
def _approved_by_msgid(path: str, size: int, mtime_ns: int, code: str) -> dict[str, frozenset[str]]:
    # Keyed by size and time too: one process may run several commands (tests, a server).
    shared = context()
    try:
        po = shared.workspace.read_po(Path(path), shared.loc)
    except L10nError:
        return {}
    return _approved(po, code)


def _approved(po: polib.POFile, code: str) -> dict[str, frozenset[str]]:
    """The publishable translations of ``po``, by msgid."""
    found: dict[str, set[str]] = {}
    # An exact match fills an entry as approved: never with a translation the build would refuse.
    for msgid, text in memory_pairs(po, code, publishable=True):
        found.setdefault(msgid, set()).add(text)
    return {msgid: frozenset(texts) for msgid, texts in found.items()}


def _path(config: Config, lang: str, suffix: str) -> Path:
    return records.memory_file(config.root, lang, suffix)


def _load_saved(
    ws: Workspace, base: str, cats: Catalogues, jobs: int, whole: bool, kept: Parsed, judge: bool
) -> Saved | _Rebuild:
    """The memory an earlier run saved, brought up to date with the catalogues as they are now.

    The saved memory comes with a patch: the catalogues that changed since
    it was saved, with their approved translations. A catalogue whose bytes
    are those recorded in either is as it was; any other (up to a few, see
    :func:`tuning.patch_limit`) is read now, strictly. The memory is then
    patched with every catalogue whose approved translations differ from
    those saved: a translator's edit costs a patch, not building the memory
    of 10,000 catalogues again.
    """
    config, code = ws.config, cats.loc.code
    ahead = _AHEAD.pop(code, None)
    if ahead is not None and ahead.base != base:
        ahead = None
    found = ahead.found if ahead is not None else records.load_built(_path(config, code, BUILT), base)
    if isinstance(found, Unusable):
        return _Rebuild()
    saved = found.catalogs
    if ahead is not None and ahead.patch is not None:
        patch = ahead.patch
    else:
        patch = records.load_patch(_path(config, code, PATCH), found.identity)
    written = {} if isinstance(patch, Unusable) else patch
    pairs, unread, current = {}, [], {}
    for slug, key in cats.keys.items():
        digest = cats.digests[slug]
        if key in saved and saved[key].digest == digest:
            pairs[key] = saved[key].pairs
        elif key in written and written[key].digest == digest:
            pairs[key] = written[key].pairs
            current[key] = written[key]
        else:
            unread.append(slug)
    present = set(cats.keys.values())
    gone = [key for key in saved if key not in present]
    if len(unread) + len(gone) > tuning.patch_limit(len(cats.keys)):
        return _Rebuild()
    read = {}
    for slug, (approved, data, sealed) in zip(
        unread, parallel(_approved_in, unread, jobs, quiet, _Reading(ws, cats.loc, True)), strict=True
    ):
        read[slug] = approved
        kept.put(cats.keys[slug], data, sealed)
    for slug, approved in read.items():
        key = cats.keys[slug]
        pairs[key] = records.pairs_key(approved)
        current[key] = PatchRecord(cats.digests[slug] or "", pairs[key], approved)
    current.update((key, GONE) for key in gone)
    # Entries (distinct msgids) are fewer than pairs: a memory past the limit by them is past it by its pairs.
    bounded = tuning.memory_on_disk(found.saved.count("entries"))
    memory = found.memory(whole=whole and not bounded, bounded=bounded)
    if isinstance(memory, Unusable):
        return _Rebuild(read)
    answered_as = None
    if judge:  # before the memory is patched: it is compared with the memory as saved
        now = {key: cats.digests[slug] for slug, key in cats.keys.items()}
        slug_of = {cats.keys[slug]: slug for slug in read}
        changed_now = {cats.keys[slug]: flat for slug, flat in read.items()}
        answered_as = answers.answered_as(
            memory, saved, written, changed_now, now, lambda key: kept.get(key, ws.po_path(code, slug_of[key]))
        )
    changed = {
        key: list(records.paired(record.flat))
        for key, record in current.items()
        if record.pairs != (saved[key].pairs if key in saved else "")
    }
    if changed:
        memory.replace(changed)
    return Saved(memory, pairs, found.identity, saved, current, written, bounded, kept, answered_as)


def _build(
    ws: Workspace,
    base: str,
    cats: Catalogues,
    read: dict[str, list[str]],
    jobs: int,
    progress: Progress,
    catalogues: Parsed,
) -> Built:
    """Build a language's memory from every catalogue (``read``: those read already; see :func:`_gather`)."""
    kept, parsed = _gather(ws, base, cats, read.items(), jobs, progress, catalogues)
    pairs = {key: records.pairs_key(kept[key].flat) for key in cats.keys.values()}
    if tuning.memory_on_disk(kept.pairs):
        scratch = contextlib.ExitStack()
        try:
            return Built(_built_on_disk(ws, cats.loc.code, kept, scratch), pairs, kept, parsed, scratch, catalogues)
        except BaseException:
            scratch.close()
            raise
    memory = TranslationMemory()
    for key in cats.keys.values():
        memory.add_pairs(records.paired(kept[key].flat), key)
    return Built(memory, pairs, kept, parsed, None, catalogues)


def _gather(
    ws: Workspace,
    base: str,
    cats: Catalogues,
    read: Iterable[tuple[str, list[str]]],
    jobs: int,
    progress: Progress,
    catalogues: Parsed | None = None,
) -> tuple[Kept, int]:
    """Every catalogue's approved translations (``read``: by slug, those read already); how many were not cached.

    A catalogue whose bytes are those cached in .l10n/memory-<lang>.json was
    read (strictly, with this configuration and tool) by an earlier run and
    is not parsed again; the others are read (and so checked) before
    anything is written, and kept in ``catalogues`` if given (on disk: the
    memory of the process stays flat as the archive grows).
    """
    kept = Kept()
    done: set[str] = set()
    for slug, approved in read:
        kept[cats.keys[slug]] = CachedCatalogue(cats.digests[slug] or "", approved)
        done.add(slug)
    slug_of = {key: slug for slug, key in cats.keys.items()}
    cached = records.read_catalogues(_path(ws.config, cats.loc.code, CATALOGUES), base)
    for key, record in () if isinstance(cached, Unusable) else cached:
        known = slug_of.get(key)
        if known is not None and known not in done and record.digest == cats.digests[known]:
            kept[key] = record
    unread = [slug for slug, key in cats.keys.items() if key not in kept]
    slugs = iter(unread)

    def take(read: tuple[list[str], bytes | None, str]) -> None:
        slug = next(slugs)
        kept[cats.keys[slug]] = CachedCatalogue(cats.digests[slug] or "", read[0])
        if catalogues is not None:
            catalogues.put(cats.keys[slug], read[1], read[2])

    each(_approved_in, unread, jobs, progress, _Reading(ws, cats.loc, catalogues is not None), take)
    return kept, len(unread) + len(done)


def _pairs_in_order(kept: Kept) -> Iterator[tuple[str, Iterator[tuple[str, str]]]]:
    """Each catalogue's pairs in the order of the catalogues' keys, unpacked one at a time."""
    return ((key, records.paired(kept[key].flat)) for key in sorted(kept))


def _built_on_disk(ws: Workspace, code: str, remembered: Kept, scratch: contextlib.ExitStack) -> TranslationMemory:
    """The memory of these catalogues built into a scratch file in ``.l10n/``, and read from it as look-ups need."""
    name = scratch.enter_context(store.scratch(_path(ws.config, code, BUILT)))
    memory_disk.fill(name, _pairs_in_order(remembered))
    saved = memory_db.open_saved(Path(name))
    if isinstance(saved, str):
        raise OSError(f"{name}: the memory built for this update {saved}")
    return TranslationMemory.reopen(saved, bounded=True)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the workers reading one language's catalogues share."""

    workspace: Workspace
    loc: LocaleConfig
    keep: bool  # whether the catalogues read are kept (see Parsed)


def _approved_in(slug: str) -> tuple[list[str], bytes | None, str]:
    """Read one catalogue strictly; return its approved translations, and what :class:`Parsed` keeps of it.

    In a worker when -j > 1.
    """
    shared: _Reading = context()
    path = shared.workspace.po_path(shared.loc.code, slug)
    sealed = seal(path) if shared.keep else ""  # taken before the read: a change while reading breaks it
    po = shared.workspace.read_po(path, shared.loc)
    return records.flat(memory_pairs(po, shared.loc.code)), pofile.kept(po) if shared.keep else None, sealed
