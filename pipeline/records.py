"""The files under ``.l10n/``: each one's typed records, its format number, and the one function that reads it.

Everything there is a cache (see CONTRIBUTING.md, "What .l10n/ holds"):

- ``state.db``: the :class:`OutputRecord` of each file made, the
  :class:`InputRecord` of each file read, and a few named values (an SQLite
  file, whose layout is :mod:`pipeline.state_db`'s; :mod:`pipeline.state`
  decides with them). An earlier version kept them as :class:`StateRecords`
  in ``state.json`` and its journal ``state.log``: read here once, to be
  moved into it;
- ``memory-<lang>.json``: a :class:`CachedCatalogue` per catalogue;
- ``memory-<lang>.built.db``: a :class:`BuiltMemory`, the translation
  memory with a :class:`CatalogueRecord` per catalogue it was built from
  (an SQLite file, whose layout is :mod:`pipeline.memory_db`'s);
- ``memory-<lang>.patch.json``: a :class:`PatchRecord` per catalogue changed
  since (:mod:`pipeline.memory_store` keeps these three);
- ``memory-<lang>.seal.json``: the seal (:func:`pipeline.listing.seal_of`)
  the built memory had when its CRC-32 last matched, written by
  :func:`load_built`, so that a file that kept it is not read whole again;
- ``settled.json``: the snapshot of the project when the last ``l10n all``
  found every file up to date (see ``Workspace.settled``), apart from the
  state so that a rerun that finds nothing to do need not read the state.

Every file carries its format number. A file that is missing, of another
format or another tool, that does not parse, or that holds one record of the
wrong shape is :class:`Unusable`: its loader says so, and the caller does
what it does without the file. The shape checks live here, in the one loader
of each file, and nowhere else.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

import orjson

from pipeline import store, tuning
from pipeline.errors import OutputError

if TYPE_CHECKING:  # the state's records are read by every run; the memory's only by an update
    from pipeline.memory import TranslationMemory
    from pipeline.memory_db import SavedMemory

STATE_FILE = Path(".l10n") / "state.json"
STATE_JOURNAL = Path(".l10n") / "state.log"

#: The layout of an earlier version's state.json and state.log (the journal holds changes to the file's records).
STATE_FORMAT = 1
#: The layout of settled.json.
SETTLED_FORMAT = 1
SETTLED_FILE = Path(".l10n") / "settled.json"
#: The layout of memory-<lang>.json (from 2: a header line, then a line per catalogue).
CATALOGUES_FORMAT = 2
#: The layout of memory-<lang>.patch.json.
PATCH_FORMAT = 1
#: The layout of memory-<lang>.seal.json.
SEAL_FORMAT = 1
_SLICE = 4096  # members serialised at a time when a record is written in pieces

#: The suffixes of a language's memory files after ``memory-<lang>``.
CATALOGUES, BUILT, PATCH, SEAL = ".json", ".built.db", ".patch.json", ".seal.json"


@dataclass(frozen=True, slots=True)
class Unusable:
    """A cache file that is not used: missing, of another format or tool, damaged, or of the wrong shape.

    Attributes:
        why: What is wrong with it, for tests and for reading a project by hand.
    """

    why: str


# The state.


class OutputRecord(NamedTuple):
    """How a file l10n makes was made.

    Attributes:
        inputs: The hash of everything it was made from (see ``State.inputs``).
        digest: The hash of its bytes ("" matches no file: it is made again).
        stat: Its size and modification time (``size:mtime_ns``) when recorded.
    """

    inputs: str
    digest: str
    stat: str


class InputRecord(NamedTuple):
    """What a file l10n reads held when it was last hashed: ``digest``, at size and time ``stat``."""

    digest: str
    stat: str


@dataclass(slots=True)
class StateRecords:
    """The records of the state.

    Attributes:
        outputs: By the key of each file made (its path relative to the project).
        inputs: By the key of each file read that is no output.
        values: Named values that are no file's (the memory each language's catalogues were merged with).
    """

    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    inputs: dict[str, InputRecord] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.outputs) + len(self.inputs) + len(self.values)

    def copy(self) -> StateRecords:
        """A copy whose maps change apart from these."""
        return StateRecords(dict(self.outputs), dict(self.inputs), dict(self.values))

    def apply(self, changes: StateChanges) -> None:
        """Apply ``changes`` (a record None: removed)."""
        _apply(self.outputs, changes.outputs)
        _apply(self.inputs, changes.inputs)
        _apply(self.values, changes.values)


@dataclass(slots=True)
class StateChanges:
    """Changes to the records of the state, as :class:`StateRecords` has them; a record None is removed."""

    outputs: dict[str, OutputRecord | None] = field(default_factory=dict)
    inputs: dict[str, InputRecord | None] = field(default_factory=dict)
    values: dict[str, str | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.outputs) + len(self.inputs) + len(self.values)


def _apply(records: dict, changes: dict) -> None:
    for key, record in changes.items():
        if record is None:
            records.pop(key, None)
        else:
            records[key] = record


@dataclass(frozen=True, slots=True)
class Journal:
    """The state's journal as read: the changes it holds (later lines win), and how many lines it has."""

    changes: StateChanges
    lines: int


def load_state(root: Path) -> StateRecords | Unusable:
    """The records of an earlier version's ``.l10n/state.json``."""
    with bulk():
        return _load_state(root)


def _load_state(root: Path) -> StateRecords | Unusable:
    data = _load_json(root / STATE_FILE)
    if isinstance(data, Unusable):
        return data
    if not (isinstance(data, dict) and data.get("format") == STATE_FORMAT):
        return Unusable("another format")
    outputs = _flat_records(data.get("outputs"), OutputRecord)
    inputs = _flat_records(data.get("inputs"), InputRecord)
    values = data.get("values")
    if outputs is None or inputs is None or not _strings_by_name(values):
        return Unusable("a record of the wrong shape")
    return StateRecords(outputs, inputs, dict(values))


_JOURNAL_HEADER = json.dumps({"format": STATE_FORMAT})
_KINDS: dict[str, tuple[Any, int]] = {"output": (OutputRecord._make, 3), "input": (InputRecord._make, 2)}


def load_journal(root: Path) -> Journal | Unusable:
    """The changes an earlier version's ``.l10n/state.log`` holds, after its header line.

    Each line is one change, ``[kind, key, record or null]``. A line that is
    not JSON was cut short by a crash and is skipped (each record only saves
    hashing a file again); one that is JSON of another shape is not this
    tool's: the whole journal is then unusable.
    """
    data = store.read_kept(root / STATE_JOURNAL)
    if not data:
        return Unusable("missing")
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    if lines[0] != _JOURNAL_HEADER.encode("ascii"):
        return Unusable("another format")
    changes = StateChanges()
    maps: dict[str, dict] = {"output": changes.outputs, "input": changes.inputs, "value": changes.values}
    for line in lines[1:]:
        try:
            change = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not (isinstance(change, list) and len(change) == 3 and change[0] in maps and isinstance(change[1], str)):
            return Unusable("a record of the wrong shape")
        kind, key, record = change
        if record is not None:
            if kind == "value":
                if type(record) is not str:
                    return Unusable("a record of the wrong shape")
            else:
                make, size = _KINDS[kind]
                if not _is_strings(record, size):
                    return Unusable("a record of the wrong shape")
                record = make(record)
        maps[kind][key] = record
    return Journal(changes, len(lines) - 1)


def load_settled(root: Path) -> str | Unusable:
    """The snapshot ``.l10n/settled.json`` names (see ``Workspace.settled``)."""
    data = _load_json(root / SETTLED_FILE)
    if isinstance(data, Unusable):
        return data
    if not (isinstance(data, dict) and data.get("format") == SETTLED_FORMAT and type(data.get("snapshot")) is str):
        return Unusable("another format or a record of the wrong shape")
    return data["snapshot"]


def write_settled(root: Path, snapshot: str | None) -> None:
    """Write ``.l10n/settled.json`` naming ``snapshot``, or remove it (None)."""
    if snapshot is None:
        store.remove(root / SETTLED_FILE)
    else:
        _write_json(root / SETTLED_FILE, {"format": SETTLED_FORMAT, "snapshot": snapshot})


# The memory caches.


class CachedCatalogue(NamedTuple):
    """A catalogue's approved translations as read once: ``digest`` of its bytes, ``flat`` (msgid, msgstr, …)."""

    digest: str
    flat: list[str]


class CatalogueRecord(NamedTuple):
    """A catalogue a saved memory was built from: ``digest`` of its bytes, ``pairs`` (:func:`pairs_key`)."""

    digest: str
    pairs: str


class PatchRecord(NamedTuple):
    """A catalogue changed since the saved memory: ``digest`` and ``pairs`` as in a CatalogueRecord, ``flat`` pairs."""

    digest: str
    pairs: str
    flat: list[str]


#: The patch record of a catalogue that is gone.
GONE = PatchRecord("", "", [])


@dataclass(frozen=True, slots=True)
class BuiltMemory:
    """A saved memory as :func:`load_built` finds it; the memory itself is read only as look-ups need it.

    Attributes:
        identity: What it holds, as one hash (:func:`memory_identity`): its patch names it.
        catalogs: The catalogues it was built from, by key.
        saved: The file, opened.
    """

    identity: str
    catalogs: dict[str, CatalogueRecord]
    saved: SavedMemory

    def memory(self, *, whole: bool = False, bounded: bool = False) -> TranslationMemory | Unusable:
        """The memory saved; unusable if it is not one.

        Args:
            whole: Read at once, for a run that will read most of it.
            bounded: Read as look-ups need, keeping nothing (see :meth:`TranslationMemory.reopen`).

        Raises:
            DamagedMemory: If the file cannot be read as the database it was when opened.
        """
        from pipeline.memory import TranslationMemory

        try:
            if whole:
                with bulk():
                    return TranslationMemory.from_json(self.saved.whole())
            return TranslationMemory.reopen(self.saved, bounded=bounded)
        except (ValueError, KeyError, TypeError):
            return Unusable("a body of the wrong shape")


def memory_file(root: Path, lang: str, suffix: str) -> Path:
    """Where a memory file of a language lives (``suffix``: CATALOGUES, BUILT, PATCH or SEAL, maybe + ".new")."""
    return root / ".l10n" / f"memory-{lang}{suffix}"


def load_catalogues(path: Path, base: str) -> dict[str, CachedCatalogue] | Unusable:
    """Each catalogue's approved translations cached in a ``memory-<lang>.json``, by key (see :func:`read_catalogues`).

    Args:
        path: The file.
        base: The hash of the tool and the configuration: a cache of another is unusable.
    """
    found = read_catalogues(path, base)
    if isinstance(found, Unusable):
        return found
    with bulk():
        return dict(found)


def read_catalogues(path: Path, base: str) -> Iterator[tuple[str, CachedCatalogue]] | Unusable:
    """The catalogues a ``memory-<lang>.json`` caches, one at a time, in key order.

    The file is JSON Lines: ``{"base": …, "format": …}``, then ``[key,
    digest, flat]`` for each catalogue. It is read a line at a time, so an
    archive's cache never sits in RAM whole; reading stops quietly at a line
    that is not a record (a file cut short: the catalogues after it are read
    again, as any the cache does not know).
    """
    fd = store.open_kept(path)
    if fd is None:
        return Unusable("missing")
    lines = open(fd, "rb")  # noqa: SIM115 (closed by the generator below, or here)
    try:
        header = orjson.loads(lines.readline())
    except (ValueError, OSError):
        lines.close()
        return Unusable("not JSON")
    if not (isinstance(header, dict) and header.get("format") == CATALOGUES_FORMAT and header.get("base") == base):
        lines.close()
        return Unusable("another format or tool")
    return _catalogue_lines(lines)


def _catalogue_lines(lines: Any) -> Iterator[tuple[str, CachedCatalogue]]:
    with lines:
        last = ""
        try:
            for line in lines:
                record = orjson.loads(line)
                if not (
                    type(record) is list
                    and len(record) == 3
                    and type(record[0]) is str
                    and record[0] > last
                    and type(record[1]) is str
                    and _is_flat(record[2])
                ):
                    return
                last = record[0]
                yield last, CachedCatalogue(record[1], record[2])
        except (ValueError, OSError):
            return


def write_catalogues(
    path: Path, base: str, catalogs: Mapping[str, CachedCatalogue] | Iterable[tuple[str, CachedCatalogue]]
) -> None:
    """Write a ``memory-<lang>.json`` for :func:`read_catalogues`, a line at a time (``catalogs``: a map, or sorted)."""
    if isinstance(catalogs, Mapping):
        catalogs = sorted(catalogs.items())

    def lines(name: str) -> None:
        with open(name, "wb") as handle:
            handle.write(_dumps({"base": base, "format": CATALOGUES_FORMAT}, sort_keys=True) + b"\n")
            handle.writelines(_dumps([key, *record]) + b"\n" for key, record in catalogs)

    store.write_with(path, lines)


def load_built(path: Path, base: str) -> BuiltMemory | Unusable:
    """A ``memory-<lang>.built.db`` (see :mod:`pipeline.memory_db`), its header checked against its identity."""
    from pipeline import memory_db

    seal_path = _seal_path(path)
    seal = _load_json(seal_path)
    sealed = seal.get("seal") if isinstance(seal, dict) and seal.get("format") == SEAL_FORMAT else None
    saved = memory_db.open_saved(path, sealed if isinstance(sealed, str) else "")
    if isinstance(saved, str):
        return Unusable(saved)
    header = saved.header
    if not (header.get("format") == memory_db.FORMAT and header.get("base") == base):
        return Unusable("another format or tool")
    catalogs = _records(header.get("catalogs"), CatalogueRecord, 2)
    identity = header.get("identity")
    # A file that kept its seal passed every check here when it was sealed: its identity is not hashed again.
    if not (catalogs is not None and isinstance(identity, str)) or (
        saved.seal != sealed and identity != memory_identity({key: record.pairs for key, record in catalogs.items()})
    ):
        return Unusable("a record of the wrong shape")
    # Sealed only once its change time is past: a write in the same tick of the clock would keep the seal.
    if saved.seal != sealed and int(saved.seal.rpartition(":")[2]) < time.time_ns() - tuning.SEAL_AFTER_NS:
        # A fact about the file, whatever the run does; flushed first, so no crash seals pages not on the disk.
        with store.staging(False), contextlib.suppress(OutputError, OSError), open(path, "rb") as written:
            os.fsync(written.fileno())
            _write_json(seal_path, {"format": SEAL_FORMAT, "seal": saved.seal})
    return BuiltMemory(identity, catalogs, saved)


def unseal(path: Path) -> None:
    """Forget the seal of the saved memory at ``path`` (found damaged during a run: the next one checks it whole)."""
    with store.staging(False), contextlib.suppress(OutputError):
        store.remove(_seal_path(path))


def _seal_path(built: Path) -> Path:
    return built.with_name(built.name.removesuffix(BUILT) + SEAL)


def write_built(path: Path, base: str, catalogs: dict[str, CatalogueRecord], memory: TranslationMemory) -> str:
    """Write a ``memory-<lang>.built.db`` for :func:`load_built`; return the memory's identity."""
    from pipeline import memory_db

    identity, header = _built_header(base, catalogs)
    memory_db.write(path, header, memory.saved())
    return identity


def build_built(
    path: Path, base: str, catalogs: dict[str, CatalogueRecord], pairs: Iterable[tuple[str, Iterable[tuple[str, str]]]]
) -> str:
    """Build a ``memory-<lang>.built.db`` on disk from each catalogue's pairs, by key in order (as :func:`write_built`).

    The same file as :func:`write_built` writes for the memory of these pairs,
    without holding that memory in RAM (see :mod:`pipeline.memory_disk`).
    """
    from pipeline import memory_disk

    identity, header = _built_header(base, catalogs)
    memory_disk.build(path, header, pairs)
    return identity


def _built_header(base: str, catalogs: dict[str, CatalogueRecord]) -> tuple[str, str]:
    from pipeline import memory_db

    identity = memory_identity({key: record.pairs for key, record in catalogs.items()})
    header = {
        "base": base,
        "format": memory_db.FORMAT,
        "identity": identity,
        "catalogs": dict(sorted(catalogs.items())),
    }
    return identity, _dumps(header).decode("utf-8")


# Dataclasses and dates are handed to _as_list, which refuses them as json does.
_AS_JSON = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
_SORTED = _AS_JSON | orjson.OPT_SORT_KEYS


def _dumps(value: object, sort_keys: bool = False) -> bytes:
    """``value`` (strings, integers, booleans, None, lists and maps of them) as compact JSON in UTF-8.

    Byte for byte what ``json.dumps(value, sort_keys=sort_keys,
    ensure_ascii=False, separators=(",", ":"))`` encodes to (a named tuple
    as a list); orjson writes it, and json what orjson refuses (keys that
    are not strings, integers past 64 bits).
    """
    try:
        return orjson.dumps(value, default=_as_list, option=_SORTED if sort_keys else _AS_JSON)
    except TypeError:
        return json.dumps(value, sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_pieces(value: object, sort_keys: bool = False, *, slice_size: int = _SLICE) -> Iterator[bytes]:
    """``value`` as :func:`_dumps` writes it, in pieces.

    An object of a few members goes member by member (each may be large); a
    long object or list goes in slices of ``slice_size`` members.
    """
    if isinstance(value, list) and len(value) > slice_size:
        yield b"["
        for start in range(0, len(value), slice_size):
            yield (b"," if start else b"") + _dumps(value[start : start + slice_size], sort_keys)[1:-1]
        yield b"]"
    elif isinstance(value, dict):
        members = sorted(value.items()) if sort_keys else list(value.items())
        yield b"{"
        if len(members) > slice_size:
            for start in range(0, len(members), slice_size):
                part = dict(members[start : start + slice_size])
                yield (b"," if start else b"") + _dumps(part, sort_keys)[1:-1]
        else:
            for i, (key, member) in enumerate(members):
                # A key is written as a string, as json writes a number, true or null used as one.
                yield (b"," if i else b"") + _dumps(key if isinstance(key, str) else json.dumps(key)) + b":"
                yield from _json_pieces(member, sort_keys, slice_size=slice_size)
        yield b"}"
    else:
        yield _dumps(value, sort_keys)


def load_patch(path: Path, identity: str) -> dict[str, PatchRecord] | Unusable:
    """The catalogues changed since the saved memory ``identity``, by key (a ``memory-<lang>.patch.json``).

    The patch of another memory is unusable, and so is one whose
    translations do not match the hash recorded with them.
    """
    data = _load_json(path)
    if isinstance(data, Unusable):
        return data
    if not (isinstance(data, dict) and data.get("format") == PATCH_FORMAT and data.get("on") == identity):
        return Unusable("another format or memory")
    catalogs = data.get("catalogs")
    if not isinstance(catalogs, dict):
        return Unusable("a record of the wrong shape")
    found = {}
    for key, record in catalogs.items():
        if not (
            isinstance(record, list)
            and len(record) == 3
            and type(record[0]) is str
            and type(record[1]) is str
            and _is_flat(record[2])
            and record[1] == pairs_key(record[2])
        ):
            return Unusable("a record of the wrong shape")
        found[key] = PatchRecord(*record)
    return found


def write_patch(path: Path, identity: str, catalogs: dict[str, PatchRecord]) -> None:
    """Write a ``memory-<lang>.patch.json`` for :func:`load_patch`."""
    _write_json(path, {"format": PATCH_FORMAT, "on": identity, "catalogs": catalogs})


def pairs_key(flat: list[str]) -> str:
    """A hash of a catalogue's approved translations (flat), whatever their order in the file ("" if none)."""
    pairs = sorted(paired(flat))
    return store.digest("\0".join(text for pair in pairs for text in pair).encode("utf-8")) if pairs else ""


def memory_identity(pairs: dict[str, str]) -> str:
    """What a language's memory holds, as one hash: the catalogues with approved translations, and which."""
    return store.digest("".join(f"{key}:{h};" for key, h in sorted(pairs.items()) if h).encode("utf-8"))


def flat(pairs: list[tuple[str, str]]) -> list[str]:
    """``[msgid, msgstr, msgid, msgstr, …]``, as the caches store approved translations.

    A cache of a whole archive loads and checks faster that way than as pairs.
    """
    return [text for pair in pairs for text in pair]


def paired(flat: list[str]) -> Iterator[tuple[str, str]]:
    """The ``(msgid, msgstr)`` pairs of a :func:`flat` list."""
    return zip(flat[0::2], flat[1::2], strict=True)


# JSON and shapes.


@contextlib.contextmanager
def bulk(*, freeze: bool = True) -> Iterator[None]:
    """Pause the cycle collector while a big cache becomes objects (a JSON file's, or ``state.db``'s rows).

    Records hold no cycles, and the collector's passes over the growing heap took as long as parsing.
    ``freeze``: then take what is alive out of its later passes (once a run: frozen, cycles are never freed).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            # What was loaded lives as long as the command; young garbage is collected first, so that
            # little is frozen with it (frozen objects are still freed when no longer referenced).
            gc.collect(1)
            gc.freeze()
        if paused:
            gc.enable()


def _as_list(value: object) -> list:
    """A tuple orjson does not write itself (a named tuple's class) as the list json writes."""
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value).__name__)


def _load_json(path: Path) -> Any:
    data = store.read_kept(path)
    if data is None:
        return Unusable("missing")
    try:
        return orjson.loads(data)
    except ValueError:  # orjson's error for text that is not JSON, not UTF-8, or nested too deep
        return Unusable("not JSON")


def _write_json(path: Path, data: dict) -> None:
    """Write a cache file (atomically, not flushed: a damaged cache is only unusable)."""
    store.write_bytes(path, [*_json_pieces(data, sort_keys=True), b"\n"], durable=False)


def _is_strings(value: object, size: int) -> bool:
    return type(value) is list and len(value) == size and all(type(part) is str for part in value)


def _is_flat(value: object) -> bool:
    return type(value) is list and not len(value) % 2 and set(map(type, value)) <= {str}


def _strings_by_name(value: object) -> TypeGuard[dict[str, str]]:
    return isinstance(value, dict) and all(type(v) is str for v in value.values())


def _records(data: object, kind: Any, size: int) -> dict | None:
    """``data``'s lists of ``size`` strings as ``kind`` records, by key; None if one is of another shape."""
    if not isinstance(data, dict):
        return None
    found = data.values()
    if not (set(map(type, found)) <= {list} and set(map(len, found)) <= {size}):
        return None
    if not set(map(type, chain.from_iterable(found))) <= {str}:
        return None
    return dict(zip(data, map(kind._make, found), strict=True))


def _flat_records(data: object, kind: Any) -> dict | None:
    """Records written as one list (each key, then its record's fields), as ``kind`` by key; None if of another shape.

    The state of a 10,000-article archive has 100,000 records and is read at
    every run: as one list of strings, checked and made a map at a time, it
    loads in two thirds of the time its JSON alone took as a list per record.
    """
    size = len(kind._fields) + 1
    if not (type(data) is list and not len(data) % size and set(map(type, data)) <= {str}):
        return None
    fields = zip(*(data[n::size] for n in range(1, size)), strict=True)
    return dict(zip(data[0::size], map(tuple.__new__, repeat(kind), fields), strict=True))
