"""The only module that touches the disk: reading inputs, writing outputs atomically, in transactions, under a lock."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import polib

from pipeline.config import Config, parse_config
from pipeline.errors import CatalogError, ConfigError, L10nError, OutputError, SourceError
from pipeline.models import Outcome
from pipeline.pofile import DEFAULT_WIDTH, parse_po

# No article or catalogue of a news story comes near this; a bigger file is a mistake.
MAX_FILE_BYTES = 20_000_000


def find_project(start: Path) -> Path:
    """The folder at or above ``start`` whose pyproject.toml has a [tool.l10n] table (as git finds its repository).

    ``start`` itself when none has, so that the error names the folder the user is in.
    """
    for folder in (start, *start.parents):
        try:
            text = (folder / "pyproject.toml").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if re.search(r"^\[tool\.l10n(?:\]|\.)", text, re.MULTILINE):
            return folder
    return start


def load_config(root: Path) -> Config:
    """Read and validate ``root/pyproject.toml``.

    Raises:
        ConfigError: If the file is missing, is not TOML, or the settings are invalid.
    """
    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            "no pyproject.toml here", path=path, hint="run l10n in the project folder or pass --project"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {_reason(exc)}", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from None
    config = parse_config(data, path=path)
    _PROJECT[:] = [os.fspath(config.root)]
    _FOLDERS.clear()
    return config


# The project this process works on (set by load_config): a link that takes a
# read or a write outside it is refused. Folders are resolved once a command.
_PROJECT: list[str] = []
_FOLDERS: dict[str, bool] = {}


def _outside(path: Path | str, link: bool | None = None) -> str:
    """Where ``path`` (a link itself if ``link``, when known) really is if a link leaves the project, else ""."""
    if not _PROJECT:
        return ""
    root = _PROJECT[0]
    text = os.fspath(path)
    parent = os.path.dirname(text)
    inside = _FOLDERS.get(parent)
    if inside is None:
        real = os.path.realpath(parent)
        inside = _FOLDERS[parent] = real == root or real.startswith(root + os.sep)
    if not inside:
        return os.path.realpath(parent)
    if os.path.islink(text) if link is None else link:
        real = os.path.realpath(text)
        if not real.startswith(root + os.sep):
            return real
    return ""


_LINK_HINT = "replace the link by the file or folder itself, inside the project"


def refuse_outside(path: Path | str, kind: type[L10nError], shown: Path | str, link: bool | None = None) -> None:
    """Raise ``kind`` (naming the file ``shown``) if ``path`` is reached through a link that leaves the project."""
    real = _outside(path, link)
    if real:
        raise kind(f"is a link that leaves the project (to {real})", path=shown, hint=_LINK_HINT)


def exists(path: Path | str) -> bool:
    """Whether something (a file, a folder, a link, even a dangling one) is at ``path``."""
    return os.path.lexists(path)


def read_source(path: Path, config: Config) -> bytes:
    """The bytes of a source article.

    Raises:
        SourceError: If the file cannot be read.
    """
    refuse_outside(path, SourceError, config.relative(path))
    return read_file(path, config.relative(path))


def read_file(path: Path, shown: Path | str) -> bytes:
    """The bytes of an input that may lie anywhere (``shown``: its name in errors).

    Raises:
        SourceError: If the file cannot be read.
    """
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise SourceError("is a folder, not a file", path=shown) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {_reason(exc)}", path=shown) from None


def read_page(path: Path, config: Config) -> bytes:
    """The bytes of a saved web page; a :class:`SourceError` if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the page: {_reason(exc)}", path=config.relative(path.resolve())) from None


def read_glossary_text(config: Config) -> str | None:
    """The text of the project's ``glossary.csv`` (a BOM dropped), or None if it has none.

    Raises:
        ConfigError: If the file is there but cannot be read as UTF-8.
    """
    path = config.root / "glossary.csv"
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the glossary: {exc}", path=config.relative(path)) from None


def write_bytes(path: Path, data: bytes | Sequence[bytes], *, durable: bool = True) -> Outcome:
    """Write binary data, whole or in pieces one after the other, atomically if it differs; see :func:`write_text`."""
    return _write(path, [data] if isinstance(data, bytes) else list(data), durable)


def write_with(path: Path, make: Callable[[str], None]) -> None:
    """Write a cache that ``make`` writes itself, into the new empty file it is given the name of (as write_bytes)."""
    _write(path, [], False, make)


def remove(path: Path) -> None:
    """Delete a file l10n made (an output whose article is gone, the state's journal once folded).

    Inside a :func:`transaction`, which stages contents, not removals, the
    file is emptied when the transaction commits instead.

    Raises:
        OutputError: If it cannot be deleted, or is reached through a link that leaves the project.
    """
    if _STAGING:
        _write(path, [b""], False)
        return
    refuse_outside(path, OutputError, path)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot remove the file: {_reason(exc)}", path=path) from None


def read_catalog(path: Path, config: Config, data: bytes | None = None) -> polib.POFile:
    """Read a POT or PO file (from ``data`` if :func:`catalog_bytes` read it already).

    Raises:
        CatalogError: If it cannot be read or parsed.
    """
    return parse_po(catalog_bytes(path, config) if data is None else data, config.relative(path))


def catalog_bytes(path: Path, config: Config) -> bytes:
    """The bytes of a POT or PO file.

    Raises:
        CatalogError: If it cannot be read, is empty or is too large to be a catalogue.
    """
    shown = config.relative(path)
    refuse_outside(path, CatalogError, shown)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such catalogue", path=shown) from None
    except IsADirectoryError:
        raise CatalogError("is a folder, not a PO file", path=shown) from None
    except OSError as exc:
        raise CatalogError(f"cannot read the file: {_reason(exc)}", path=shown) from None
    if not data.strip():
        raise CatalogError("the file is empty", path=shown, hint="delete it and run l10n update")
    if len(data) > MAX_FILE_BYTES:
        raise CatalogError(
            f"the file is {len(data):,} bytes, more than the {MAX_FILE_BYTES:,} a catalogue may have",
            path=shown,
            hint="is this the right file?",
        )
    return data


def digest(data: bytes) -> str:
    """A content hash (BLAKE2b, 128 bits) as hex."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def hasher(prefix: bytes):
    """A :func:`digest` hasher that has read ``prefix``: ``copy()`` it and ``update()`` the rest."""
    return hashlib.blake2b(prefix, digest_size=16)


def file_digest(path: Path | str) -> str | None:
    """The content hash of a file, or None if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except OSError:
        return None


def stat_key(path: Path | str) -> str:
    """Size and modification time of a file, to skip hashing it when neither changed ("" if missing).

    Inside a :func:`transaction`, a file written in it is the staged one (a
    rename keeps its size and time).
    """
    st = None
    if _STAGING:
        # Strings, not Paths: the update stats every catalogue of the archive inside its transaction.
        head, tail = os.path.split(os.fspath(path))
        try:
            st = os.stat(os.path.join(head, f".{tail}.pending"))
        except OSError:
            st = None
    try:
        st = st or os.stat(path)
    except OSError:
        return ""
    return stat_text(st)


def stat_text(st: os.stat_result) -> str:
    """A file's size and modification time as the state records them (see :func:`stat_key`)."""
    return f"{st.st_size}:{st.st_mtime_ns}"


LOCK_FILE = Path(".l10n") / "lock"
COMMIT_FILE = Path(".l10n") / "commit.json"
_COMMIT_FORMAT = 1

_STAGING = False  # whether writes are staged (see transaction); forked workers inherit it
# The targets this process staged in the current transaction, so that the commit need not list every
# folder; a worker hands its own back with each result (see pipeline.workers).
_STAGED: set[str] = set()


def in_transaction() -> bool:
    """Whether this process stages its writes (inside :func:`transaction`)."""
    return _STAGING


@contextlib.contextmanager
def staging(active: bool):
    """Stage writes, or not, as the process that will commit them does.

    For a process forked before that process's transaction began (see
    :class:`pipeline.workers.Standby`); what it stages is handed back with
    :func:`take_staged`.
    """
    global _STAGING
    outer, _STAGING = _STAGING, active
    try:
        yield
    finally:
        _STAGING = outer


def take_staged() -> list[str]:
    """The targets this process staged since the last call (a worker's, for its parent's :func:`note_staged`)."""
    taken = sorted(_STAGED)
    _STAGED.clear()
    return taken


def note_staged(targets: list[str]) -> None:
    """Count ``targets``, staged by a worker, among the current transaction's."""
    _STAGED.update(targets)


def staged_target(name: str) -> str | None:
    """The file whose staged content a file named ``name`` is (see :func:`transaction`), or None."""
    return name[1 : -len(".pending")] if _PENDING.fullmatch(name) else None


def _pending(path: Path) -> Path:
    """Where a transaction stages the new content of ``path``: ".<name>.pending" beside it."""
    return path.with_name(f".{path.name}.pending")


@contextlib.contextmanager
def transaction(config: Config):
    """Make every file written inside take effect together when the block ends, or none of them.

    Writes are staged beside their targets (flushed to disk as
    :func:`write_text` says); at the end a commit record listing them is
    written to ``.l10n/commit.json`` and they are renamed into place. A
    command killed before the record leaves every target as it was (the
    next command removes the staged files); killed after it, the next
    command finishes the renames (:func:`recover`). So a rerun after any
    interruption starts from the files of before the run or of after it,
    never a mix, and gives the bytes an uninterrupted run gives. If a write
    fails (a full disk), the staged files are removed and nothing changed.
    """
    global _STAGING
    if _STAGING:  # nested: the outer transaction commits
        yield
        return
    _STAGING = True
    _STAGED.clear()
    try:
        yield
    except BaseException:
        _STAGING = False
        _STAGED.clear()
        # By listing the folders: a worker that failed (or was stopped mid-write) could not say what it staged.
        remove_temporaries(config)
        raise
    _STAGING = False
    staged = [Path(target) for target in sorted(_STAGED) if os.path.exists(_pending(Path(target)))]
    _STAGED.clear()
    if not staged:
        return
    record = {"format": _COMMIT_FORMAT, "files": [config.key(p) for p in staged]}
    os.sync()  # every staged file on disk before the record that makes them count
    _write(config.root / COMMIT_FILE, [json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"], True)
    recover(config)


def recover(config: Config) -> int:
    """Finish the renames of a committed transaction (see :func:`transaction`); return how many were left."""
    path = config.root / COMMIT_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0
    except (OSError, ValueError, RecursionError):  # damaged: nothing to finish (the staged files go)
        record = {}
    files = record.get("files") if isinstance(record, dict) and record.get("format") == _COMMIT_FORMAT else None
    done = 0
    for key in files if isinstance(files, list) else []:
        # A damaged record names nothing outside the project (a ".." or a link that leaves it).
        if not isinstance(key, str) or _outside(target := config.root / key):
            continue
        staged = _pending(target)
        try:
            os.replace(staged, target)
            done += 1
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot finish writing the file: {_reason(exc)}", path=config.relative(target)) from None
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot remove the file: {_reason(exc)}", path=COMMIT_FILE) from None
    return done


def _project_folders(config: Config) -> list[Path]:
    """The folders l10n writes files in."""
    folders = [config.source_dir, config.locale_dir, config.root / ".l10n", config.build_dir / "review"]
    for loc in config.all_locales:
        folders += [config.locale_dir / loc.code / "LC_MESSAGES", config.build_dir / loc.code]
    return folders


_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]+\.tmp")  # what _write writes: ".<name>.<pid>x<n>.tmp"
_PENDING = re.compile(r"\..+\.pending")  # what a transaction stages: ".<name>.pending"


def remove_temporaries(config: Config) -> int:
    """Remove the temporary files a killed command left in the project's folders; return how many."""
    removed = 0
    for folder in _project_folders(config):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            leftover = _TEMPORARY.fullmatch(entry.name) or _PENDING.fullmatch(entry.name)
            if leftover and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def open_kept(path: Path | str) -> int | None:
    """A descriptor of a file l10n keeps for itself (under ``.l10n/``); None if it is not a regular file.

    A link is not followed, and a FIFO or device where a cache should be is
    not waited on: the cache is built again instead.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    if stat.S_ISREG(os.fstat(fd).st_mode):
        return fd
    os.close(fd)
    return None


def read_kept(path: Path) -> bytes | None:
    """The bytes of a file l10n keeps for itself (see :func:`open_kept`); None if it cannot be read."""
    fd = open_kept(path)
    if fd is None:
        return None
    with open(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError:
            return None


def append_text(path: Path, text: str, *, shown: Path | str) -> None:
    """Add ``text`` at the end of a file (``shown``: its name in errors).

    Inside a :func:`transaction`, the whole file with the addition is staged instead.

    Raises:
        OutputError: If the file cannot be read or written.
    """
    if _STAGING:
        staged = _pending(path)
        before = staged if staged.exists() else path
        try:
            old = before.read_bytes()
        except FileNotFoundError:
            old = b""
        except OSError as exc:
            raise OutputError(f"cannot read the file: {_reason(exc)}", path=shown) from None
        _write(path, [old + text.encode("utf-8")], False)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise OutputError(f"cannot write the file: {_reason(exc)}", path=shown) from None


def promote(staged: Path, final: Path, *, keep: bool) -> None:
    """Put a file written beside its place (``staged``) in place (``keep``), or throw it away.

    Inside a :func:`transaction` both are staged: the one is moved to the other's place.

    Raises:
        OutputError: If the file cannot be moved or removed.
    """
    target = final
    if _STAGING:
        staged, final = _pending(staged), _pending(final)
    try:
        if keep and staged.exists():
            os.replace(staged, final)
            if _STAGING:
                _STAGED.add(os.fspath(target))
        else:
            staged.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write the file: {_reason(exc)}", path=staged) from None


def write_catalog(path: Path, po: polib.POFile, width: int | None = DEFAULT_WIDTH) -> Outcome:
    """Write a catalogue atomically in GNU gettext's layout; see :func:`write_text`."""
    # Here, not at the top: a rerun that finds nothing to do never loads the catalogue machinery.
    from pipeline.catalog import render_catalog

    return write_text(path, render_catalog(po, width))


def write_text(path: Path, text: str, *, durable: bool = True) -> Outcome:
    """Write ``text`` as UTF-8, atomically (a temporary file renamed over the target), if it differs.

    Args:
        path: The file.
        text: Its new content.
        durable: Flush the data to disk before the rename, as people's work
            (catalogues, fetched articles) must be. Outputs a run remakes need
            not: the rename protects them from a crashed process, and after a
            power cut the state's content hashes see a damaged output.

    Returns:
        Whether the file was created, updated or left unchanged.

    Raises:
        OutputError: If the folder or file cannot be written.
    """
    return _write(path, [text.encode("utf-8")], durable)


def _write(path: Path, data: Sequence[bytes], durable: bool, make: Callable[[str], None] | None = None) -> Outcome:
    try:
        # One call says whether the target is a link and, when it is not, what stat would.
        found: os.stat_result | None = os.lstat(path)
    except OSError:
        found = None
    link = None if found is None else stat.S_ISLNK(found.st_mode)
    refuse_outside(path, OutputError, path, link)
    if link:
        # A link inside the project (a catalogue kept in another folder) is written
        # through: the new content replaces the file it names, and the link stays.
        path = Path(os.path.realpath(path))
        found = None
    try:
        old = path.stat() if found is None or link else found
        # Only a file of the same size is read (a 100 MB memory need not be); a folder or unreadable file fails it.
        sized = old.st_size == sum(map(len, data)) or stat.S_ISDIR(old.st_mode) or not os.access(path, os.R_OK)
        same = make is None and sized and _holds(path, data)
    except (FileNotFoundError, NotADirectoryError):
        old, same = None, False  # a folder on the way that is a file fails below, with the write
    except OSError as exc:
        raise OutputError(f"cannot read the existing file: {_reason(exc)}", path=path) from None
    target = _pending(path) if _STAGING else path
    if same:
        if _STAGING:
            target.unlink(missing_ok=True)  # an earlier write of this transaction is undone
        return Outcome.UNCHANGED
    mode = 0o666 if old is None else old.st_mode & 0o777
    try:
        if _STAGING and make is None:
            # The staged file is already a file beside its target that counts only once the commit
            # record names it (one left half-written is removed by the next command), so no
            # temporary file need be renamed onto it.
            fd, tmp = _open_staged(target, mode), os.fspath(target)
        else:
            fd, tmp = _temporary(path, mode)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.writelines(data)
                # Inside a transaction one sync at the commit flushes every staged file:
                # an fsync per new catalogue was a quarter of a first import's time.
                if durable and not _STAGING:
                    handle.flush()
                    os.fsync(handle.fileno())
                # A file replaced keeps its mode (the umask may have narrowed it at creation).
                if old is not None and old.st_mode & 0o777 != os.fstat(fd).st_mode & 0o777:
                    os.fchmod(fd, old.st_mode & 0o777)
            if make is not None:
                make(tmp)
            if tmp != os.fspath(target):
                os.replace(tmp, target)
            if _STAGING:
                _STAGED.add(os.fspath(path))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write the file: {_reason(exc)}", path=path) from None
    return Outcome.CREATED if old is None else Outcome.UPDATED


def _holds(path: Path, data: Sequence[bytes]) -> bool:  # read piece by piece
    with path.open("rb") as handle:
        return all(handle.read(len(piece)) == piece for piece in data) and not handle.read(1)


_CREATED = [0]  # numbers this process's temporary files


def _open_staged(staged: Path, mode: int) -> int:
    """A new staged file for a transaction, with ``mode`` less the umask.

    Always a new file: one already there (this transaction's earlier write,
    or a file put there, perhaps a hard link to a file outside the project)
    is unlinked, never written through.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    for _ in range(3):
        try:
            return os.open(staged, flags, mode)
        except FileExistsError:
            os.unlink(staged)
        except FileNotFoundError:  # the folder is made on the first write into it
            os.makedirs(os.path.dirname(staged), exist_ok=True)
    return os.open(staged, flags, mode)


def _temporary(path: Path, mode: int) -> tuple[int, str]:
    """A new file (and its descriptor) beside ``path`` for its content, named as ``_TEMPORARY`` says.

    Made with ``mode`` less the umask (never wider than the file it replaces),
    so a new target needs no chmod; ``O_EXCL`` never opens a crash's leftover.
    """
    head, tail = os.path.split(os.fspath(path))
    made = False
    for _ in range(1000):
        _CREATED[0] += 1
        name = os.path.join(head, f".{tail}.{os.getpid()}x{_CREATED[0]}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode), name
        except FileExistsError:
            continue
        except FileNotFoundError:  # the folder is made on the first write into it
            if made:
                raise
            os.makedirs(head, exist_ok=True)
            made = True
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", path)


@contextlib.contextmanager
def scratch(path: Path) -> Iterator[str]:
    """A new empty file beside ``path`` for work towards it, removed afterwards (or, if killed, by the next command)."""
    refuse_outside(path, OutputError, path)
    fd, name = _temporary(path, 0o600)
    os.close(fd)
    try:
        yield name
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _reason(exc: OSError | UnicodeDecodeError) -> str:
    return getattr(exc, "strerror", None) or str(exc)
