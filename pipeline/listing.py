"""Which files the project has: its articles, a folder's files by name, and one snapshot of them all.

Listing only: reading and writing files is :mod:`pipeline.store`'s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import OutputError, SourceError
from pipeline.store import hasher, in_transaction, staged_target, stat_text

ARTICLE_SUFFIXES = (".txt", ".md")


def article_paths(config: Config, names: tuple[str, ...] = ()) -> list[Path]:
    """The articles to work on: those named, or every article in the source folder.

    Raises:
        SourceError: If a named article does not exist or the folder is missing.
    """
    if names:
        paths = []
        for name in names:
            path = Path(name)
            if not path.is_absolute():
                path = (Path.cwd() / path) if path.exists() else (config.source_dir / path)
            if not path.is_file() and not path.suffix and "/" not in name and os.sep not in name:
                # A slug, as the outputs and catalogues name the article: "wheat-exports".
                files = [config.source_dir / f"{name}{suffix}" for suffix in ARTICLE_SUFFIXES]
                files = [candidate for candidate in files if candidate.is_file()]
                if len(files) > 1:
                    raise SourceError(
                        f"names two articles ({', '.join(p.name for p in files)})",
                        path=name,
                        hint="name the file with its extension",
                    )
                path = files[0] if files else path
            if not path.is_file():
                raise SourceError(
                    "no such article", path=name, hint=f"articles live in {config.relative(config.source_dir)}/"
                )
            resolved = path.resolve()
            if not resolved.is_relative_to(config.source_dir) or resolved.suffix not in ARTICLE_SUFFIXES:
                raise SourceError(
                    "is not an article of this project",
                    path=name,
                    hint=f"articles are .txt or .md files in {config.relative(config.source_dir)}/",
                )
            paths.append(resolved)
        return paths
    return [config.source_dir / name for name in article_names(config)]


def article_names(config: Config) -> list[str]:
    """The file names of every article in the source folder, sorted.

    Raises:
        SourceError: If the folder is missing.
    """
    if not config.source_dir.is_dir():
        raise SourceError("the source folder does not exist", path=config.relative(config.source_dir))
    # scandir knows the entry types without a stat per file; names sort like the paths of one folder.
    with os.scandir(config.source_dir) as entries:
        return sorted(e.name for e in entries if os.path.splitext(e.name)[1] in ARTICLE_SUFFIXES and e.is_file())


def files_by_stem(folder: Path, suffix: str) -> dict[str, str]:
    """The entries of ``folder`` whose names end in ``suffix``, by name without it, sorted; as strings.

    Folders are listed too, so that reading one says what is wrong. For
    folders of 10,000 catalogues: strings cost a fraction of what Paths do.
    """
    try:
        with os.scandir(folder) as entries:
            found = sorted(e.name for e in entries if e.name.endswith(suffix))
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise OutputError(f"cannot list the folder: {exc.strerror or exc}", path=folder) from None
    root = os.fspath(folder)
    return {name[: -len(suffix)]: f"{root}{os.sep}{name}" for name in found}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every entry of some folders by name, size and modification time, as :func:`snapshot` found them.

    Attributes:
        digest: One hash of all of it.
        lines: Each folder's key and its entries' lines, sorted (the name, a
            NUL, then size:mtime:ctime:mode); a folder that could not be
            listed has none.
        missing: The keys of the folders that could not be listed.
    """

    digest: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]
    missing: tuple[str, ...] = ()

    def stats(self) -> dict[str, str]:
        """Each file's :func:`pipeline.store.stat_text` by key (``<folder key>/<name>``).

        Made only when asked: a rerun that finds nothing changed never needs them.
        """
        found: dict[str, str] = {}
        for key, lines in self.lines:
            for line in lines:
                name, _, stat = line.partition("\0")
                if stat != "?":
                    found[f"{key}/{name}"] = stat.rsplit(":", 2)[0]
        return found

    def patched(self, changes: dict[str, dict[str, str | None]]) -> Snapshot | None:
        """The snapshot with some entries replaced (a :func:`stat_line`) or gone (None), by folder key and name.

        None if a change is in a folder this snapshot did not list.
        """
        if not set(changes) <= {key for key, _ in self.lines}:
            return None
        kept = []
        for key, lines in self.lines:
            change = changes.get(key)
            if change:
                by_name = {line.partition("\0")[0]: line for line in lines}
                for name, line in change.items():
                    if line is None:
                        by_name.pop(name, None)
                    else:
                        by_name[name] = line
                lines = tuple(sorted(by_name.values()))
            kept.append((key, lines))
        return Snapshot(_digest(kept, self.missing), tuple(kept), self.missing)


def snapshot(folders: list[tuple[Path, str]]) -> Snapshot:
    """Every entry of ``folders`` (each with its key) by name, size and modification time, hashed.

    Two equal hashes mean no file in them was added, removed or written
    since, as far as sizes and times tell: the test the state makes file by
    file (see :class:`pipeline.state.State`), made once for a whole tree,
    as git's index does.
    """
    kept: list[tuple[str, tuple[str, ...]]] = []
    missing: list[str] = []
    for folder, key in folders:
        lines: list[str] = []
        try:
            # Each entry let go once stat'ed: a listing kept whole held every entry's path and stat, which
            # in an archive's output folder outweighed the lines kept.
            with os.scandir(folder) as found:
                for entry in found:
                    try:
                        st = entry.stat()
                    except OSError:
                        lines.append(f"{entry.name}\0?")
                        continue
                    lines.append(_line(entry.name, st))
        except OSError:
            missing.append(key)
            continue
        # Sorted, not in the order the folder lists them: a run that wrote files
        # foresees the snapshot it leaves (see Workspace.settle) whatever order
        # the file system gives a renamed or new file.
        lines.sort()
        kept.append((key, tuple(lines)))
    return Snapshot(_digest(kept, tuple(missing)), tuple(kept), tuple(missing))


def stat_line(path: Path) -> str | None:
    """The line :func:`snapshot` gives the file at ``path`` (None if it cannot be stat'ed)."""
    try:
        return _line(path.name, os.stat(path))
    except OSError:
        return None


def seal_of(st: os.stat_result) -> str:
    """A file's device, inode, size, modification and change times: another after any write to it, or a new file.

    On the local file systems Linux keeps (ext4, XFS, btrfs, tmpfs) the
    change time is the kernel's, which no program sets, so a check of the
    file made at a seal holds while the file keeps it, if the seal was taken
    once its change time was past (see :func:`pipeline.records.load_built`).
    """
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _line(name: str, st: os.stat_result) -> str:
    return f"{name}\0{stat_text(st)}:{st.st_ctime_ns}:{st.st_mode}"


def _digest(kept: list[tuple[str, tuple[str, ...]]], missing: tuple[str, ...]) -> str:
    h = hasher(b"")
    # A folder at a time: the whole archive's lines joined were a peak of memory at the end of a run.
    for key, lines in kept:
        h.update(f"\0{key}\0\n".encode("utf-8", "surrogateescape"))
        h.update("\n".join(lines).encode("utf-8", "surrogateescape"))
    for key in missing:
        h.update(f"\0{key}\0missing\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def slug_of(path: Path, config: Config) -> str:
    """An article's slug, checked to be a safe file name.

    Raises:
        SourceError: If the name would not make a safe slug.
    """
    from pipeline.article import slug_for

    try:
        return slug_for(path)
    except SourceError as exc:
        exc.path = config.relative(path)  # name it as the user sees the project
        raise


def stat_keys(folder: Path | str, key: str) -> dict[str, str]:
    """:func:`pipeline.store.stat_key` of every file in ``folder``, by ``<key>/<name>``, from one listing of it.

    For the loops over every catalogue of a language: a listing gives each
    file's size and time, and says which files a transaction has staged,
    without two calls a file (an unreadable folder gives nothing: each file
    is then looked at alone).
    """
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return {}
    stats: dict[str, str] = {}
    staged: dict[str, str] = {}
    for entry in entries:
        try:
            st = entry.stat()
        except OSError:
            continue
        if (target := staged_target(entry.name)) is not None:
            staged[f"{key}/{target}"] = stat_text(st)
        else:
            stats[f"{key}/{entry.name}"] = stat_text(st)
    if in_transaction():
        stats.update(staged)
    return stats
