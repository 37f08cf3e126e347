"""The worker pool behind ``-j``: forked processes that share a command's context.

:func:`parallel` maps work over items (:func:`each` hands each result on as
it comes); :class:`Standby` forks a process per key at once, to start that
key's work ahead of the rest of the command.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, cast

from pipeline import store
from pipeline.errors import OutputError
from pipeline.reports import Progress

#: What worker processes share with the command that forked them (set only while it runs).
_CONTEXT: object = None
#: In a :class:`Standby` process at work, the link to the process that gave it (see :func:`told`).
_TELL: Any = None


def context() -> Any:
    """The context :func:`parallel` was given, in the process (or worker) running its work."""
    assert _CONTEXT is not None  # set by parallel before any work starts  # noqa: S101
    return _CONTEXT


def told(done: int, total: int) -> None:
    """Progress of the work a :class:`Standby` process runs, told to the process that gave it (elsewhere, nothing).

    Told at the start, at the end and once per hundredth of ``total`` in
    between, not after every item: a message per catalogue cost an update
    more than its progress bar is worth (README, Performance).
    """
    global _TOLD
    if _TELL is not None:
        step = (total, done * 100 // total if total else 0)
        if done in (0, total) or step != _TOLD:
            _TOLD = step
            _TELL.send((None, (done, total), []))


_TOLD: tuple[int, int] = (0, 0)  # the total and hundredth last told


def _exit_with_parent(parent: int) -> None:
    """Make a worker end when the command that forked it is gone (killed with -9, say).

    A worker would otherwise wait for work forever, holding the project's
    lock (the forked process shares the lock's file), so every later command
    would wait for it.
    """
    import threading
    import time

    global _TELL
    _TELL = None  # a worker's progress is its parent's to tell

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
    collected: list = []
    each(work, items, jobs, progress, context, collected.append)
    return collected


def each(work: Callable, items: list, jobs: int, progress: Progress, context: object, take: Callable) -> None:
    """``take(work(item))`` for each item in order, ``work`` run as in :func:`parallel`.

    ``take`` runs in this process as each result arrives, beside the
    workers' next items, so that a result need not be held until the last
    one is made (a first import's templates were the whole archive's text).
    An error raised by ``take`` or a worker stops the work not started yet.
    """
    global _CONTEXT
    outer, _CONTEXT = _CONTEXT, context
    try:
        total = len(items)
        progress(0, total)
        if jobs > 1 and total > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            forking = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, forking, initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
                try:
                    # Small chunks, so that the progress moves.
                    chunk = max(1, min(16, total // (jobs * 8)))
                    for done, (result, staged) in enumerate(pool.map(_Carrying(work), items, chunksize=chunk), 1):
                        store.note_staged(staged)
                        take(result)
                        progress(done, total)
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)  # not the whole archive's work first
                    raise
            return
        for done, item in enumerate(items, 1):
            take(work(item))
            progress(done, total)
    finally:
        _CONTEXT = outer


class _Carrying:
    """``work`` in a worker, its result sent back with the files it staged (see :func:`pipeline.store.take_staged`)."""

    def __init__(self, work: Callable) -> None:
        self.work = work

    def __call__(self, item: object) -> tuple[object, list[str]]:
        return self.work(item), store.take_staged()


class Standby:
    """A process for each key, forked now, that starts the key's work and takes the rest later.

    A one-article ``l10n all -j 2`` spends much of its time loading each
    language's translation memory: in standby processes that starts while
    the command reads its state and extracts the article, and the language's
    update then runs where its memory is. An update of many catalogues runs
    its languages in them side by side (see :mod:`pipeline.commands.update`).

    Each process runs ``start(key)`` at once, with ``context`` as its
    :func:`context`, then waits for its work from the one call of
    :meth:`run`, which stops those given none, as :meth:`close` does. A
    failure of ``start`` is not reported: the work does what ``start``
    would have done, and meets it again. The work tells its progress with
    :func:`told`.
    """

    def __init__(self, keys: list[str], start: Callable[[str], object], context: object) -> None:
        import multiprocessing

        forking = multiprocessing.get_context("fork")
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or a child would write a copy of what is waiting in the buffer
        global _CONTEXT
        outer, _CONTEXT = _CONTEXT, context
        self._links: dict[str, tuple[Any, Any]] = {}
        try:
            for key in keys:
                mine, theirs = forking.Pipe()
                # Not a daemon: its work may fork workers of its own (a daemon may not). It
                # ends after its one call, when closed, or when this process is gone.
                process = forking.Process(target=_stand_by, args=(theirs, start, key, os.getpid()))
                process.start()
                theirs.close()
                self._links[key] = (process, mine)
        finally:
            _CONTEXT = outer

    def keys(self) -> list[str]:
        """The keys whose processes still wait for their work."""
        return list(self._links)

    def run(self, calls: list[tuple[str, Callable, object]], progress: Progress | None = None) -> list:
        """``[work(item) for key, work, item in calls]``, each in the process of its key, side by side.

        The files each stages count in this process's transaction, as for
        :func:`parallel`; the first error raised in one is raised here.
        ``progress`` is told the sum of what the processes tell :func:`told`.
        """
        from multiprocessing.connection import wait

        waiting: dict[Any, tuple[int, Any]] = {}
        for n, (key, work, item) in enumerate(calls):
            process, link = self._links.pop(key)
            with contextlib.suppress(OSError):  # the process is gone: its answer below says so
                link.send((work, item, store.in_transaction()))
            waiting[link] = (n, process)
        # Every process given work is heard out and ended before anything is
        # raised: none may go on staging files once the transaction is undone.
        answers: dict[int, tuple[bool, Any]] = {}
        steps: dict[int, tuple[int, int]] = {}
        try:
            while waiting:
                for link in cast(list[Any], wait(list(waiting))):
                    n, process = waiting[link]
                    try:
                        done, value, staged = link.recv()
                    except (EOFError, OSError):
                        done, value, staged = False, _ended(), []
                    except Exception as exc:  # an answer that cannot be read back
                        done, value, staged = False, exc, []
                    if done is None:  # word of its progress
                        steps[n] = value
                        if progress is not None:
                            progress(sum(d for d, _ in steps.values()), sum(t for _, t in steps.values()))
                        continue
                    del waiting[link]
                    link.close()
                    store.note_staged(staged)
                    process.join()
                    answers[n] = (done, value)
        except BaseException:
            # Interrupted (Ctrl-C), or the progress failed: no one reads the
            # links any more, so a process still at work would block on its
            # next word and be waited for at exit forever. They are stopped
            # before the transaction undoes what they staged.
            for link, (_, process) in waiting.items():
                with contextlib.suppress(OSError):  # the process and its own workers (see _stand_by)
                    os.killpg(process.pid, signal.SIGKILL)
                process.kill()  # had it no group of its own
                process.join()
                link.close()
            raise
        finally:
            self.close()
        failed = [value for _, (done, value) in sorted(answers.items()) if not done]
        if failed:
            raise failed[0]
        return [answers[n][1] for n in range(len(calls))]

    def close(self) -> None:
        """Stop the processes given no work."""
        for process, link in self._links.values():
            link.close()
            process.terminate()
            process.join()
        self._links.clear()

    def __enter__(self) -> Standby:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ended() -> OutputError:
    return OutputError(
        "a worker process ended before its work was done (killed, or out of memory?)",
        hint="run the command again; nothing was written",
    )


def _stand_by(link: Any, start: Callable[[str], object], key: str, parent: int) -> None:
    """A :class:`Standby` process: ``start(key)``, then the one call it is given."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to report: it stops this process
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # a group of its own, with the workers it forks: stopped together
    _exit_with_parent(parent)
    with contextlib.suppress(Exception):
        start(key)
    try:
        work, item, staging = link.recv()
    except EOFError:
        return  # closed: not needed
    global _TELL
    _TELL = link
    try:
        with store.staging(staging):
            result = (True, work(item), store.take_staged())
    except Exception as exc:  # sent to the parent, which raises it
        result = (False, exc, store.take_staged())
    _TELL = None
    link.send(result)
