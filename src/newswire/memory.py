"""Handing memory the build no longer uses back to the operating system.

CPython frees small objects into its own arenas and everything larger
(listing pages being assembled, rows, pickled batches from the workers)
into the C library's heap. A large build frees much of what it made in one
stage (the article cache after reading, the pages after the listing work)
while it still holds the values of the next one, so the heap keeps whole
pages of freed chunks between live ones: resident memory the process no
longer uses, counted by every measure of its size (RSS, PSS). glibc's
``malloc_trim`` gives those pages back (``madvise(MADV_DONTNEED)`` on the
free pages inside the heap, and the top of it). Elsewhere (musl, macOS,
Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable

__all__ = ["give_back"]


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, looked up once per process; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter uses
    except (OSError, AttributeError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def give_back() -> bool:
    """Return the free pages of the C library's heap to the operating system
    (glibc's ``malloc_trim(0)``; a few milliseconds for a heap of hundreds
    of megabytes). True when the C library has the call."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
