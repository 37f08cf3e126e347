"""The worker pool behind ``-j``: forked processes that share a command's context."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pipeline import store
from pipeline.reports import Progress

#: What worker processes share with the command that forked them (set only while it runs).
_CONTEXT: object = None


def context() -> Any:
    """The context :func:`parallel` was given, in the process (or worker) running its work."""
    assert _CONTEXT is not None  # set by parallel before any work starts  # noqa: S101
    return _CONTEXT


def _exit_with_parent(parent: int) -> None:
    """Make a worker end when the command that forked it is gone (killed with -9, say).

    A worker would otherwise wait for work forever, holding the project's
    lock (the forked process shares the lock's file), so every later command
    would wait for it.
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def parallel(work: Callable, items: list, jobs: int, progress: Progress, context: object) -> list:
    """``[work(item) for item in items]``, in ``jobs`` processes that share ``context``.

    The workers are forked, so they share the context (the configuration, a
    translation memory, Babel's loaded data) without copying it; results come
    back in order, and the first error raised in a worker is raised here.
    """
    global _CONTEXT
    outer, _CONTEXT = _CONTEXT, context
    try:
        if jobs > 1 and len(items) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            forking = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, forking, initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
                # Small chunks, so that the progress moves.
                chunk = max(1, min(16, len(items) // (jobs * 8)))
                carried = pool.map(_Carrying(work), items, chunksize=chunk)
                return _counted(_received(carried), len(items), progress)
        return _counted(map(work, items), len(items), progress)
    finally:
        _CONTEXT = outer


class _Carrying:
    """``work`` in a worker, its result sent back with the files it staged (see :func:`pipeline.store.take_staged`)."""

    def __init__(self, work: Callable) -> None:
        self.work = work

    def __call__(self, item: object) -> tuple[object, list[str]]:
        return self.work(item), store.take_staged()


def _received(carried: Iterable[tuple[object, list[str]]]) -> Iterator[object]:
    """The results of :class:`_Carrying` work, the files it staged now counted here."""
    for result, staged in carried:
        store.note_staged(staged)
        yield result


def _counted(results: Iterable, total: int, progress: Progress) -> list:
    """Collect ``results``, telling ``progress`` after each."""
    collected = []
    progress(0, total)
    for item in results:
        collected.append(item)
        progress(len(collected), total)
    return collected
