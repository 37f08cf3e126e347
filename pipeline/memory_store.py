"""A language's translation memory on disk: loaded, built, patched, saved, and its matches confirmed.

The memory of a language is made from the approved translations of all its
catalogues. Building it at every ``l10n update`` was most of the time of a
one-article edit, so each run leaves, for each language ``<lang>``:

- ``.l10n/memory-<lang>.json``: every catalogue's approved translations, by
  the catalogue's content hash, so that building the memory parses only the
  catalogues that changed;
- ``.l10n/memory-<lang>.built.json``: the memory as built (a line with the
  hash of the rest, a header saying what it was built from, the memory);
- ``.l10n/memory-<lang>.patch.json``: the catalogues changed since then.

Each is staged as ``<name>.new`` and put in place by :func:`publish` once
every language of the run has succeeded. All of them are shortcuts: a file
that is missing, damaged or of another tool is not used, and a match the
memory offers is confirmed against its catalogue before it is approved.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import store
from pipeline.config import Config, LocaleConfig
from pipeline.errors import L10nError
from pipeline.memory import Remembered, TranslationMemory, approved_pairs
from pipeline.reports import Progress, quiet
from pipeline.workers import context, parallel
from pipeline.workspace import Workspace

#: Catalogues a saved memory's patch may hold (or a run may read to patch it) however small the project.
PATCH_MIN = 20

#: The layout of a saved memory (see TranslationMemory.to_json): a file of another layout is not read.
SAVED_MEMORY_FORMAT = 2


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
    """The memory an earlier run saved, brought up to date with the catalogues as they are now."""

    memory: TranslationMemory
    pairs: dict[str, str]  # catalogue key -> hash of its approved translations, for every catalogue
    identity: str  # of the memory as saved
    base: dict[str, list[str]]  # key -> [content hash, pairs hash], as saved
    # key -> [content hash, pairs hash, approved translations flat] of the
    # catalogues that differ from what was saved ("" and none: deleted).
    patch: dict[str, list]
    written: dict[str, list]  # the patch as read from its file


@dataclass(frozen=True, slots=True)
class Built:
    """A language's memory built from every catalogue, with what the caches need."""

    memory: TranslationMemory
    pairs: dict[str, str]  # catalogue key -> hash of its approved translations
    remembered: dict[str, list]  # catalogue key -> [content hash, approved translations flat], as cached
    parsed: int  # catalogues read because the cache did not have them as they are


@dataclass(frozen=True, slots=True)
class _Unusable:
    """The saved memory cannot be used, and is built again; ``read``: catalogues read to find that out."""

    read: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # slug -> approved translations, flat


def load(ws: Workspace, base: str, cats: Catalogues, jobs: int, progress: Progress) -> Saved | Built:
    """A language's memory: the saved one brought up to date if it can be, else built again.

    Every catalogue not known by its bytes from an earlier run is read
    (strictly) before anything is written.

    Args:
        ws: The project.
        base: The hash of the tool, its versions and the configuration (a memory of another is not used).
        cats: The language's catalogues.
        jobs: Worker processes for reading catalogues.
        progress: Told how many of the catalogues to read for building the memory are read.
    """
    saved = _load_saved(ws, base, cats, jobs)
    if isinstance(saved, _Unusable):
        return _build(ws, base, cats, saved.read, jobs, progress)
    return saved


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
    memory, pairs = loaded.memory, loaded.pairs
    digests = {cats.keys[slug]: cats.digests[slug] for slug in cats.keys}
    after = dict(pairs)
    changed: dict[str, list[tuple[str, str]]] = {}
    patch = dict(loaded.patch) if isinstance(loaded, Saved) else {}
    for slug, digest, flat in merged:
        key = config.key(ws.po_file(code, slug))
        digests[key], after[key] = digest, pairs_key(flat)
        if after[key] != pairs.get(key, ""):
            changed[key] = list(zip(flat[0::2], flat[1::2], strict=True))
        patch[key] = [digest, after[key], flat]
        if built is not None:
            built.remembered[key] = [digest, flat]
    # Rewriting the cache of every catalogue's translations (40 MB at 10,000
    # articles) for an edit or two costs more than the next run reading
    # those few catalogues again, so it is rewritten only once more than 1%
    # of its records are out of date (the saved memory below is kept up to
    # date, so this cache is needed only when that one cannot be used).
    few = len(cats.keys) // 100
    if built is not None and built.parsed + sum(digest != cats.digests.get(slug) for slug, digest, _ in merged) > few:
        store.write_cache(_path(config, code, ".json.new"), {"base": base, "catalogs": built.remembered})
    # The next run starts from the memory as the merges left it: the saved
    # memory and, for the catalogues that changed since it was saved, a small
    # patch. The memory itself is saved again (22 MB at 10,000 articles)
    # only once the patch holds more than 1% of the catalogues.
    if isinstance(loaded, Saved):
        patch = {key: record for key, record in patch.items() if loaded.base.get(key) != record[:2]}
        if len(patch) <= max(PATCH_MIN, few):
            if patch != loaded.written:
                _write_patch(config, code, loaded.identity, dict(sorted(patch.items())))
            return
    if built is not None and len(changed) > len(cats.keys) // 10:
        # Many catalogues changed (a new archive, a wide edit): building
        # the memory again, in order, is faster than patching it.
        memory = TranslationMemory()
        for key in sorted(built.remembered):
            flat = built.remembered[key][1]
            memory.add_pairs(zip(flat[0::2], flat[1::2], strict=True), key)
    else:
        memory.replace(changed)
    identity = memory_identity(after)
    header = {
        "base": base,
        "format": SAVED_MEMORY_FORMAT,
        "identity": identity,
        "catalogs": {key: [digests[key], after[key]] for key in sorted(after)},
    }
    # Not sorted: the order of the memory's entries is the order of its index.
    body = b"\n".join(
        json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        for part in (header, memory.to_json())
    )
    signed = store.digest(body).encode("ascii") + b"\n" + body
    store.write_bytes(_path(config, code, ".built.json.new"), signed, durable=False)
    _write_patch(config, code, identity, {})


def publish(config: Config, lang: str, *, keep: bool) -> None:
    """Put the staged memory caches of a language in place (``keep``: those staged), or throw them away.

    A run that fails part-way changes no cache: the languages stage their
    memories and the command publishes them once all have succeeded.
    """
    for suffix in (".json", ".built.json", ".patch.json"):
        store.promote(_path(config, lang, suffix + ".new"), _path(config, lang, suffix), keep=keep)


def in_its_catalogue(hit: Remembered) -> bool:
    """Whether the memory's exact match is an approved translation of the catalogue it names.

    Runs where catalogues are merged: the worker's context (see
    :func:`pipeline.workers.context`) has the ``workspace`` and the ``loc``.
    The memory is mostly loaded from ``.l10n/``; a record there that does not
    say what its catalogue holds (damaged, or forged under the file's real
    hash) must not become an approved translation. Each catalogue an exact
    match comes from is read once per process to confirm it.
    """
    shared = context()
    path = shared.workspace.config.root / hit.source
    try:
        st = path.stat()
    except OSError:
        return False
    approved = _approved_by_msgid(str(path), st.st_size, st.st_mtime_ns, shared.loc.code)
    return hit.msgstr in approved.get(hit.msgid, ())


@functools.lru_cache(maxsize=256)
def _approved_by_msgid(path: str, size: int, mtime_ns: int, code: str) -> dict[str, frozenset[str]]:
    # Keyed by size and time too: one process may run several commands (tests, a server).
    shared = context()
    try:
        po = shared.workspace.read_po(Path(path), shared.loc)
    except L10nError:
        return {}
    found: dict[str, set[str]] = {}
    for msgid, text in approved_pairs(po, code):
        found.setdefault(msgid, set()).add(text)
    return {msgid: frozenset(texts) for msgid, texts in found.items()}


def pairs_key(flat: list[str]) -> str:
    """A hash of a catalogue's approved translations, whatever their order in the file."""
    pairs = sorted(zip(flat[0::2], flat[1::2], strict=True))
    return store.digest("\0".join(text for pair in pairs for text in pair).encode("utf-8")) if pairs else ""


def memory_identity(pairs: dict[str, str]) -> str:
    """What a language's memory holds, as one hash: the catalogues with approved translations, and which."""
    return store.digest("".join(f"{key}:{h};" for key, h in sorted(pairs.items()) if h).encode("utf-8"))


def flat(pairs: list[tuple[str, str]]) -> list[str]:
    """``[msgid, msgstr, msgid, msgstr, …]``, as the caches store approved translations."""
    return [text for pair in pairs for text in pair]


def _path(config: Config, lang: str, suffix: str) -> Path:
    return config.root / ".l10n" / f"memory-{lang}{suffix}"


def _write_patch(config: Config, lang: str, identity: str, records: dict[str, list]) -> None:
    store.write_cache(_path(config, lang, ".patch.json.new"), {"on": identity, "catalogs": records})


def _load_saved(ws: Workspace, base: str, cats: Catalogues, jobs: int) -> Saved | _Unusable:
    """The memory an earlier run saved, brought up to date with the catalogues as they are now.

    The saved memory comes with a patch: the catalogues that changed since
    it was saved, with their approved translations. A catalogue whose bytes
    are those recorded in either is as it was; any other (up to 1% of them)
    is read now, strictly. The memory is then patched with every catalogue
    whose approved translations differ from those saved: a translator's
    edit costs a patch, not building the memory of 10,000 catalogues again.
    """
    config, code = ws.config, cats.loc.code
    found = _read_saved(config, code)
    if found is None:
        return _Unusable()
    header, body = found
    same_tool = header.get("base") == base and header.get("format") == SAVED_MEMORY_FORMAT
    saved = header.get("catalogs") if same_tool else None
    if not (isinstance(saved, dict) and all(_is_record(record) for record in saved.values())):
        return _Unusable()
    identity = header.get("identity")
    if memory_identity({key: record[1] for key, record in saved.items()}) != identity:
        return _Unusable()
    patch = _patch_records(store.read_cache(_path(config, code, ".patch.json")), identity)
    pairs, unread, current = {}, [], {}
    for slug, key in cats.keys.items():
        digest = cats.digests[slug]
        if key in saved and saved[key][0] == digest:
            pairs[key] = saved[key][1]
        elif key in patch and patch[key][0] == digest:
            pairs[key] = patch[key][1]
            current[key] = patch[key]
        else:
            unread.append(slug)
    present = set(cats.keys.values())
    gone = [key for key in saved if key not in present]
    if len(unread) + len(gone) > max(PATCH_MIN, len(cats.keys) // 100):
        return _Unusable()
    read = dict(zip(unread, parallel(_approved_in, unread, jobs, quiet, _Reading(ws, cats.loc)), strict=True))
    for slug, approved in read.items():
        key = cats.keys[slug]
        pairs[key] = pairs_key(approved)
        current[key] = [cats.digests[slug], pairs[key], approved]
    current.update((key, ["", "", []]) for key in gone)
    try:
        memory = TranslationMemory.from_json(json.loads(body))
    except (ValueError, KeyError, TypeError, RecursionError):
        return _Unusable(read)
    changed = {
        key: list(zip(approved[0::2], approved[1::2], strict=True))
        for key, (_, hash_, approved) in current.items()
        if hash_ != (saved[key][1] if key in saved else "")
    }
    if changed:
        memory.replace(changed)
    return Saved(memory, pairs, identity, saved, current, patch)


def _read_saved(config: Config, lang: str) -> tuple[dict, bytes] | None:
    """The header and the body (JSON, to parse only once the header says it holds) of a saved memory."""
    # The file starts with the hash of the rest, so a copy cut short or altered is never used.
    check, _, rest = (store.read_kept(_path(config, lang, ".built.json")) or b"").partition(b"\n")
    if check != store.digest(rest).encode("ascii"):
        return None
    head, _, body = rest.partition(b"\n")
    try:
        header = json.loads(head)
    except (ValueError, RecursionError):
        return None
    return (header, body) if isinstance(header, dict) else None


def _patch_records(data: dict, identity: str) -> dict[str, list]:
    """The records of a saved memory's patch, if it is the patch of that memory (else none)."""
    records = data.get("catalogs") if data.get("on") == identity else None
    if not isinstance(records, dict):
        return {}
    return {
        key: record
        for key, record in records.items()
        if isinstance(record, list)
        and len(record) == 3
        and _is_record(record[:2])
        and isinstance(record[2], list)
        and len(record[2]) % 2 == 0
        and all(isinstance(text, str) for text in record[2])
        and record[1] == pairs_key(record[2])
    }


def _is_record(record: object) -> bool:
    return isinstance(record, list) and len(record) == 2 and all(isinstance(part, str) for part in record)


def _build(
    ws: Workspace, base: str, cats: Catalogues, read: dict[str, list[str]], jobs: int, progress: Progress
) -> Built:
    """Build a language's memory from every catalogue (``read``: those read already).

    A catalogue whose bytes are those cached in .l10n/memory-<lang>.json was
    read (strictly, with this configuration and tool) by an earlier run and
    is not parsed again.
    """
    cached = store.read_cache(_path(ws.config, cats.loc.code, ".json"))
    known = cached.get("catalogs") if cached.get("base") == base else None
    known = known if isinstance(known, dict) else {}
    found = {
        slug: read[slug] if slug in read else _cached_flat(known.get(key), cats.digests[slug])
        for slug, key in cats.keys.items()
    }
    del cached, known
    # The others are read (and so checked) before anything is written; parsed
    # catalogues are not kept (each is read again to merge it), so memory
    # stays flat as the archive grows.
    unread = [slug for slug, approved in found.items() if approved is None]
    reading = _Reading(ws, cats.loc)
    found.update(zip(unread, parallel(_approved_in, unread, jobs, progress, reading), strict=True))
    remembered: dict[str, list] = {}
    pairs: dict[str, str] = {}
    memory = TranslationMemory()
    for slug, key in cats.keys.items():
        approved = found[slug] or []  # every one is read by now
        remembered[key] = [cats.digests[slug], approved]
        pairs[key] = pairs_key(approved)
        memory.add_pairs(zip(approved[0::2], approved[1::2], strict=True), key)
    return Built(memory, pairs, remembered, len(unread) + len(read))


def _cached_flat(record: object, digest: str | None) -> list[str] | None:
    """The approved translations cached for a catalogue with these bytes (None if not, or damaged).

    They are stored flat (msgid, msgstr, msgid, msgstr, …): a cache of a whole
    archive loads and checks faster that way than as pairs.
    """
    if not (isinstance(record, list) and len(record) == 2 and record[0] == digest and isinstance(record[1], list)):
        return None
    approved = record[1]
    if len(approved) % 2 or not set(map(type, approved)) <= {str}:
        return None
    return approved


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the workers reading one language's catalogues share."""

    workspace: Workspace
    loc: LocaleConfig


def _approved_in(slug: str) -> list[str]:
    """Read one catalogue strictly; return its approved translations (in a worker when -j > 1)."""
    shared: _Reading = context()
    po = shared.workspace.read_po(shared.workspace.po_path(shared.loc.code, slug), shared.loc)
    return flat(approved_pairs(po, shared.loc.code))
