"""The thresholds of the incremental machinery in one place: when a cache under ``.l10n/`` is rewritten, and more.

None of them changes a result, only where the time goes: each weighs
rewriting a big file now against the next run reading a few more files, or
one process per language against several per language. The numbers were
set on ``bench/run.py`` archives of up to 10,000 articles; change them only
with its numbers before and after.
"""

from __future__ import annotations

#: Records of one of the state's tables read a row at a time before the rest are read at once (``.l10n/state.db``).
STATE_ROWS_ALONE = 4096

#: Catalogues a saved memory's patch may hold (or a run may read to patch it) however small the project.
PATCH_MIN = 20

#: The share (one in this many) of a language's catalogues that counts as a few: see :func:`few`.
FEW_SHARE = 100

#: The share (one in this many) of a memory's translations added or removed at once past which it is built afresh.
REBUILD_SHARE = 4

#: The messages of one language's merged catalogues an update hands on to the build that follows (``l10n all``).
VIEWS_KEPT = 250_000

#: Files a run of ``l10n all`` may have written and still read back to leave a settled snapshot (see Workspace.settle).
SETTLE_READ_BACK = 2_000

#: Bytes of parsed articles (pickled) an extract hands on to the build that follows (``l10n all``).
PARSED_KEPT = 64 << 20

#: Records of outputs a build holds before it saves them and lets them go (see State.save_made).
MADE_HELD = 20_000

#: Fewer stale catalogues than this in every language: ``l10n update -j N`` runs the languages side by side.
SIDE_BY_SIDE = 50

#: Approved translations of one language past which its memory is built on disk, not in RAM (see memory_on_disk).
MEMORY_IN_RAM = 500_000

#: Nanoseconds a saved memory's change time must be past before the check of its CRC-32 is trusted while
#: the file keeps its seal (``memory-<lang>.seal.json``): a run then opens it without reading it whole.
#: The margin covers a clock's tick and a network file system's skew.
SEAL_AFTER_NS = 10_000_000_000


def few(catalogues: int) -> int:
    """1% of a language's catalogues: how many may be out of date in its caches before they are rewritten.

    The cache of every catalogue's approved translations is 40 MB at 10,000
    articles and the saved memory 22 MB: rewriting either for an edit or two
    costs more than the next run reading those few catalogues again.
    """
    return catalogues // FEW_SHARE


def read_memory_whole(stale: int, catalogues: int) -> bool:
    """Whether an update merging ``stale`` of a language's ``catalogues`` reads its saved memory whole at once.

    A few catalogues look up a few hundred messages: the file is read as
    they need it, which keeps a one-article update fast at any size. More,
    and most of the memory is read (then patched with them and saved again):
    every row in one go costs far less than a row at a time.
    """
    return stale > few(catalogues)


def patch_limit(catalogues: int) -> int:
    """How many catalogues a saved memory's patch may hold (and a run may read to patch it)."""
    return max(PATCH_MIN, few(catalogues))


def rebuild_memory(churn: int, pairs: int) -> bool:
    """Whether ``churn`` translations added or removed, of ``pairs``, make building the memory faster than patching it.

    Patching touches only the changed catalogues' msgids, so an update after
    edits across the archive (half the catalogues changed by a pair or two)
    patches faster than it builds. It moves index entries one by one,
    though, so a memory that lost or gained much of what it holds (its
    catalogues emptied or replaced) is built again.
    """
    return churn > pairs // REBUILD_SHARE


def memory_on_disk(pairs: int) -> bool:
    """Whether a language's memory of ``pairs`` approved translations is built on disk and read as look-ups need it.

    In RAM a memory costs about 1.8 KB a distinct msgid (3.6 GB a language
    at 100,000 articles); built on disk (:mod:`pipeline.memory_disk`) it
    costs a few numbers a pair, but each look-up reads the file. The
    ``bench/corpus2.py`` archive has about 19.5 approved translations an
    article: its memory stays in RAM up to about 25,000 articles.
    """
    return pairs > MEMORY_IN_RAM
