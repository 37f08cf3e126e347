"""The project's lock: one l10n command at a time, and the cleanup after one that was killed."""

from __future__ import annotations

import contextlib
import fcntl
import time

from pipeline.config import Config
from pipeline.errors import OutputError
from pipeline.store import LOCK_FILE, recover, refuse_outside, remove_temporaries


@contextlib.contextmanager
def project_lock(config: Config, wait: float = 60.0):
    """Hold the project's lock: a second l10n command waits for the first, then runs.

    Raises:
        OutputError: If the lock is still held after ``wait`` seconds.
    """
    path = config.root / LOCK_FILE
    # Before anything is written: .l10n, or the lock file, may be a link that leaves the project.
    refuse_outside(path, OutputError, config.relative(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as exc:
        raise OutputError(f"cannot create the lock file: {exc.strerror or exc}", path=config.relative(path)) from None
    with handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputError(
                        f"another l10n command has held the project for more than {wait:g} s",
                        path=config.relative(path),
                        hint="wait for it to finish, or check that it is still running",
                    ) from None
                time.sleep(0.05)
        try:
            # The lock file says "busy" while a command runs: found so, the last one was
            # killed, and the temporary files of its unfinished writes are removed.
            handle.seek(0)
            if handle.read().startswith("busy"):
                recover(config)  # a committed transaction's renames first, then the leftovers
                remove_temporaries(config)
            handle.seek(0)
            handle.truncate()
            handle.write("busy\n")
            handle.flush()
            try:
                yield
            finally:
                # Ended, by success or by an error it reported (not killed): nothing to clean up.
                with contextlib.suppress(OSError):
                    handle.seek(0)
                    handle.truncate()
                    handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
