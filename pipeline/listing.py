"""Which files the project has: its articles, a folder's files by name, and one snapshot of them all.

Listing only: reading and writing files is :mod:`pipeline.store`'s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import OutputError, SourceError
from pipeline.store import hasher, stat_text

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
        lines: Each folder's key and its entries' lines (the name, a NUL, then size:mtime:ctime:mode).
    """

    digest: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]

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


def snapshot(folders: list[tuple[Path, str]]) -> Snapshot:
    """Every entry of ``folders`` (each with its key) by name, size and modification time, hashed.

    Two equal hashes mean no file in them was added, removed or written
    since, as far as sizes and times tell: the test the state makes file by
    file (see :class:`pipeline.state.State`), made once for a whole tree,
    as git's index does.
    """
    parts: list[str] = []
    kept: list[tuple[str, tuple[str, ...]]] = []
    for folder, key in folders:
        parts.append(f"\0{key}\0")
        try:
            # In the order the folder lists them: the same entries may come in
            # another order only after a change, and then the hash differs anyway
            # (it only costs the shortcut, never a wrong one).
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError:
            parts.append("missing")
            continue
        lines: list[str] = []
        for entry in entries:
            try:
                st = entry.stat()
            except OSError:
                lines.append(f"{entry.name}\0?")
                continue
            lines.append(f"{entry.name}\0{stat_text(st)}:{st.st_ctime_ns}:{st.st_mode}")
        parts += lines
        kept.append((key, tuple(lines)))
    digest = hasher("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return Snapshot(digest, tuple(kept))


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
