"""The lock of one site, ``.newswire/build.lock``: one build at a time.

A file lock (:class:`newswire.lock.FileLock`), held by the
process for as long as it builds; the operating system releases it when the
process ends, killed or not, so a lock is never left behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LockTimeout
from ..lock import FileLock

__all__ = ["site_lock"]


@contextmanager
def site_lock(lock_file: Path, wait: float) -> Iterator[None]:
    """Hold ``lock_file`` for the duration of the block.

    Args:
        wait: seconds to wait for another process holding it.

    Raises:
        LockTimeout: it was still held after ``wait`` seconds.
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_file)
    try:
        lock.acquire(timeout=wait)
    except TimeoutError:
        raise LockTimeout(f"another build of this site is still running after waiting "
                          f"{wait:g} s; try again later or raise --wait", lock_file) from None
    try:
        yield
    finally:
        lock.release()
