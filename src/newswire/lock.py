"""Lock files: one build of a site at a time, one writer of the ping queue (README "Building by cron").

On POSIX systems a lock is ``flock(2)`` on the lock file, taken here with
nothing but :mod:`fcntl`: the filelock package costs more to import than a
build with nothing to do takes, and it takes the same ``flock`` lock on
Unix, so builds of different newswire versions still exclude each other.
Elsewhere the filelock package does the work. The lock goes with the
process: a build that is killed leaves nothing to clean up.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["FileLock"]

_POLL = 0.05  # seconds between tries while waiting for the lock


class FileLock:
    """An exclusive lock on ``path`` (created when missing, never deleted).

    Use :meth:`acquire` / :meth:`release`, or ``with`` (which waits as long
    as it takes). Not reentrant: acquiring a lock this process already holds
    through another :class:`FileLock` waits like any other holder.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._other: Any = None

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock, waiting at most ``timeout`` seconds (None: forever).

        Raises:
            TimeoutError: another process still held it after ``timeout`` s.
            OSError: the lock file cannot be opened.
        """
        try:
            import fcntl
        except ImportError:  # pragma: no cover (Windows)
            self._acquire_elsewhere(timeout)
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() >= deadline:
                        raise TimeoutError(f"{self.path} is locked by another process") \
                            from None
                    time.sleep(_POLL if deadline is None
                               else max(0.0, min(_POLL, deadline - time.monotonic())))
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _acquire_elsewhere(self, timeout: float | None) -> None:  # pragma: no cover
        import filelock

        self._other = filelock.FileLock(str(self.path))
        try:
            self._other.acquire(timeout=-1 if timeout is None else timeout)
        except filelock.Timeout:
            raise TimeoutError(f"{self.path} is locked by another process") from None

    def release(self) -> None:
        """Let the lock go (closing the file releases ``flock``)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._other is not None:  # pragma: no cover (Windows)
            self._other.release()
            self._other = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()
